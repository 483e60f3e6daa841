/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Message views: header lookup, classification, single-block copies and re-parsing. */
#include "core/message.h"
#include "message_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_labels[] = {
#define AMI_MSG_KIND_LABEL(name, label) label,
	AMI_MSG_KIND_INFO(AMI_MSG_KIND_LABEL)
#undef AMI_MSG_KIND_LABEL
};

const char *ami_msg_kind_str(enum ami_msg_kind k)
{
	return (unsigned)k < sizeof kind_labels / sizeof kind_labels[0] ? kind_labels[k] : "?";
}

void ami_msg_split_line(struct ami_hdr *h, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	h->key = line;
	if (!colon) {
		h->val = NULL;
		h->klen = (uint32_t)len;
		h->vlen = 0;
		return;
	}
	const char *v = colon + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	h->klen = (uint32_t)(colon - line);
	h->val = v;
	h->vlen = (uint32_t)(end - v);
}

static bool key_is(const struct ami_hdr *h, const char *key, size_t n)
{
	return h->val && h->klen == n && ami_str_ieq(ami_str_make(h->key, h->klen), key);
}

enum ami_msg_kind ami_msg_classify(const struct ami_hdr *first)
{
	if (!first)
		return AMI_MSG_OTHER;
	if (key_is(first, "Event", 5))
		return AMI_MSG_EVENT;
	if (key_is(first, "Response", 8))
		return ami_str_ieq(ami_str_make(first->val, first->vlen), "Follows")
			   ? AMI_MSG_FOLLOWS
			   : AMI_MSG_RESPONSE;
	if (key_is(first, "Action", 6))
		return AMI_MSG_ACTION;
	return AMI_MSG_OTHER;
}

const struct ami_hdr *ami_msg_find(const struct ami_msg *m, const char *key)
{
	size_t n = strlen(key);
	for (uint32_t i = 0; i < m->nhdrs; i++)
		if (key_is(&m->hdrs[i], key, n))
			return &m->hdrs[i];
	return NULL;
}

struct ami_str ami_msg_get(const struct ami_msg *m, const char *key)
{
	const struct ami_hdr *h = ami_msg_find(m, key);
	return h ? ami_str_make(h->val, h->vlen) : AMI_STR_NULL;
}

bool ami_msg_next(const struct ami_msg *m, const char *key, uint32_t *pos, struct ami_str *out)
{
	size_t n = strlen(key);
	for (uint32_t i = *pos; i < m->nhdrs; i++) {
		if (key_is(&m->hdrs[i], key, n)) {
			*out = ami_str_make(m->hdrs[i].val, m->hdrs[i].vlen);
			*pos = i + 1;
			return true;
		}
	}
	*pos = m->nhdrs;
	return false;
}

uint32_t ami_msg_count(const struct ami_msg *m, const char *key)
{
	uint32_t pos = 0, c = 0;
	struct ami_str v;
	while (ami_msg_next(m, key, &pos, &v))
		c++;
	return c;
}

struct ami_str ami_msg_name(const struct ami_msg *m)
{
	if (m->nhdrs == 0)
		return AMI_STR_NULL;
	const struct ami_hdr *h = &m->hdrs[0];
	return h->val ? ami_str_make(h->val, h->vlen) : ami_str_make(h->key, h->klen);
}

const char *ami_msg_cstr(const struct ami_msg *m, const char *key, char *dst, size_t cap)
{
	ami_str_copy(ami_msg_get(m, key), dst, cap);
	return dst;
}

/* Move a pointer from one block to another at the same offset; NULL stays NULL. */
static const char *rebase(const char *p, const char *from, const char *to)
{
	return p ? to + (p - from) : NULL;
}

struct ami_msg *ami_msg_dup(const struct ami_msg *m)
{
	size_t hsz = (size_t)m->nhdrs * sizeof(struct ami_hdr);
	struct ami_msg *c = malloc(sizeof *c + hsz + m->rawlen + 1);
	if (!c)
		return NULL;
	struct ami_hdr *h = (struct ami_hdr *)(c + 1);
	char *raw = (char *)h + hsz;
	if (m->rawlen)
		memcpy(raw, m->raw, m->rawlen);
	raw[m->rawlen] = '\0';
	*c = *m;
	c->hdrs = h;
	c->raw = raw;
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		h[i] = m->hdrs[i];
		h[i].key = rebase(m->hdrs[i].key, m->raw, raw);
		h[i].val = rebase(m->hdrs[i].val, m->raw, raw);
	}
	c->body = rebase(m->body, m->raw, raw);
	return c;
}

void ami_msg_free(struct ami_msg *m)
{
	free(m);
}

void ami_msg_parse_block(struct ami_msg *m, const char *raw, size_t n, struct ami_hdr *hdrs,
			 uint32_t cap)
{
	*m = (struct ami_msg){ .kind = AMI_MSG_OTHER, .hdrs = hdrs, .raw = raw, .rawlen = n };
	const char *p = raw, *end = raw + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t len = (size_t)(e - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		if (m->nhdrs < cap)
			ami_msg_split_line(&hdrs[m->nhdrs++], p, len);
		else
			m->flags |= AMI_MSG_F_TOO_MANY_HEADERS;
		p = nl ? nl + 1 : end;
	}
	m->kind = ami_msg_classify(m->nhdrs ? &hdrs[0] : NULL);
}

bool ami_msg_output_next(const struct ami_msg *m, size_t *pos, struct ami_str *line)
{
	if (m->kind != AMI_MSG_FOLLOWS) {
		uint32_t at = (uint32_t)*pos;
		bool more = ami_msg_next(m, "Output", &at, line);
		*pos = at;
		return more;
	}
	if (!m->body || *pos >= m->bodylen)
		return false;
	const char *b = m->body + *pos, *end = m->body + m->bodylen;
	const char *nl = memchr(b, '\n', (size_t)(end - b));
	const char *e = nl ? nl : end;
	*pos = (size_t)((nl ? nl + 1 : end) - m->body);
	size_t n = (size_t)(e - b);
	if (n && b[n - 1] == '\r')
		n--;
	*line = ami_str_make(b, n);
	return true;
}
