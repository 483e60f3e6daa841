/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action serialisation: every key and value is checked before a byte is accepted. */
#include "core/action.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Largest action we build: Asterisk's 128 lines of 1024 bytes, plus the blank line. */
#define ACTION_MAX_BYTES (AMI_ACTION_MAX_HEADERS * AMI_ACTION_MAX_LINE + 2)

static enum ami_status fail(struct ami_action *a, enum ami_status st, const char *key)
{
	if (a->err == AMI_OK) {
		a->err = st;
		snprintf(a->errmsg, sizeof a->errmsg, "header '%.40s': %s", key ? key : "",
			 ami_status_str(st));
	}
	return a->err;
}

static enum ami_status check_key(struct ami_action *a, const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || strchr(key, ':') || key[0] == ' ' || key[0] == '\t' || key[n - 1] == ' ' ||
	    key[n - 1] == '\t')
		return fail(a, AMI_E_BAD_KEY, key);
	if (ami_bytes_have_ctl(key, n))
		return fail(a, AMI_E_INJECTION, key);
	return AMI_OK;
}

/* Append "key: value\r\n" after every check; the only writer of header lines. */
static enum ami_status put(struct ami_action *a, const char *key, const char *val, size_t vlen)
{
	if (a->err != AMI_OK)
		return a->err;
	if (a->finished)
		return fail(a, AMI_E_INVALID, key);
	if (check_key(a, key) != AMI_OK)
		return a->err;
	if (ami_bytes_have_ctl(val, vlen))
		return fail(a, AMI_E_INJECTION, key);
	size_t klen = strlen(key);
	if (klen + 2 + vlen + 2 > AMI_ACTION_MAX_LINE)
		return fail(a, AMI_E_LINE_TOO_LONG, key);
	if (a->nhdrs + 1 > AMI_ACTION_MAX_HEADERS)
		return fail(a, AMI_E_TOO_MANY_HEADERS, key);
	ami_buf_add(&a->out, key, klen);
	ami_buf_add(&a->out, ": ", 2);
	ami_buf_add(&a->out, val, vlen);
	ami_buf_add(&a->out, "\r\n", 2);
	if (ami_buf_status(&a->out) != AMI_OK)
		return fail(a, ami_buf_status(&a->out), key);
	a->nhdrs++;
	return AMI_OK;
}

enum ami_status ami_action_init(struct ami_action *a, const char *name)
{
	memset(a, 0, sizeof *a);
	ami_buf_init(&a->out, ACTION_MAX_BYTES);
	a->err = AMI_OK;
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= sizeof a->name)
		return fail(a, AMI_E_INVALID, "Action");
	memcpy(a->name, name, n + 1);
	return put(a, "Action", name, n);
}

void ami_action_free(struct ami_action *a)
{
	/* the buffer may hold a Secret or a Key */
	ami_buf_wipe(&a->out);
}

enum ami_status ami_action_add(struct ami_action *a, const char *key, const char *value)
{
	return put(a, key, value ? value : "", value ? strlen(value) : 0);
}

enum ami_status ami_action_addn(struct ami_action *a, const char *key, const char *value,
				size_t vlen)
{
	return put(a, key, value ? value : "", value ? vlen : 0);
}

enum ami_status ami_action_addf(struct ami_action *a, const char *key, const char *fmt, ...)
{
	char tmp[AMI_ACTION_MAX_LINE + 1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return fail(a, AMI_E_LINE_TOO_LONG, key);
	return put(a, key, tmp, (size_t)n);
}

enum ami_status ami_action_add_secret(struct ami_action *a, const char *key, const char *value)
{
	size_t vlen = value ? strlen(value) : 0;
	size_t at = a->out.len + (key ? strlen(key) : 0) + 2;
	enum ami_status st = put(a, key, value ? value : "", vlen);
	if (st == AMI_OK) {
		a->secret_from = at;
		a->secret_len = vlen;
	}
	return st;
}

enum ami_status ami_action_set_id(struct ami_action *a, const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n >= sizeof a->actionid)
		return fail(a, AMI_E_LINE_TOO_LONG, "ActionID");
	if (ami_bytes_have_ctl(id ? id : "", n))
		return fail(a, AMI_E_INJECTION, "ActionID");
	memcpy(a->actionid, id ? id : "", n + 1);
	return a->err;
}

enum ami_status ami_action_finish(struct ami_action *a, const char **wire, size_t *len)
{
	if (a->err == AMI_OK && !a->finished) {
		if (a->actionid[0])
			put(a, "ActionID", a->actionid, strlen(a->actionid));
		if (a->err == AMI_OK && ami_buf_add(&a->out, "\r\n", 2) != AMI_OK)
			fail(a, ami_buf_status(&a->out), "");
		a->finished = a->err == AMI_OK;
	}
	if (a->err != AMI_OK)
		return a->err;
	*wire = a->out.p;
	*len = a->out.len;
	return AMI_OK;
}

size_t ami_action_redacted(const struct ami_action *a, char *dst, size_t cap)
{
	if (cap == 0)
		return 0;
	size_t o = 0;
	for (size_t i = 0; i < a->out.len && o + 1 < cap; i++) {
		if (a->secret_len && i == a->secret_from) {
			const char *mask = "********";
			for (size_t k = 0; mask[k] && o + 1 < cap; k++)
				dst[o++] = mask[k];
			i += a->secret_len - 1;
			continue;
		}
		dst[o++] = a->out.p[i];
	}
	dst[o] = '\0';
	return o;
}

enum ami_status ami_action_status(const struct ami_action *a)
{
	return a->err;
}

const char *ami_action_errmsg(const struct ami_action *a)
{
	return a->errmsg;
}

void ami_actionid_init(struct ami_actionid_gen *g, const char *prefix)
{
	snprintf(g->prefix, sizeof g->prefix, "%s", prefix && *prefix ? prefix : "amitui");
	g->next = 1;
}

void ami_actionid_next(struct ami_actionid_gen *g, char *dst, size_t cap)
{
	snprintf(dst, cap, "%s-%llu", g->prefix, (unsigned long long)g->next++);
}
