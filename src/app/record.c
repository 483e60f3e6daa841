/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recording files: writing with redaction, and a reader that survives damaged files. */
#include "app/record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char MASK[] = "********";

static bool key_is(const struct ami_hdr *h, const char *k)
{
	return h->val && ami_str_ieq(ami_str_make(h->key, h->klen), k);
}

/* Keys whose value is a secret, whatever the message. */
static bool secret_key(const struct ami_hdr *h)
{
	return key_is(h, "Secret") || key_is(h, "Key");
}

/* GetConfig lines "Line-000000-000001: secret=adminpw": *eq is the offset of '='. */
static bool secret_line(const struct ami_hdr *h, size_t *eq)
{
	if (!h->val || !ami_str_iprefix(ami_str_make(h->key, h->klen), "Line-") ||
	    !ami_str_iprefix(ami_str_make(h->val, h->vlen), "secret"))
		return false;
	size_t i = 6;
	while (i < h->vlen && (h->val[i] == ' ' || h->val[i] == '\t'))
		i++;
	*eq = i;
	return i < h->vlen && h->val[i] == '=';
}

/*
 * GetConfigJSON: "JSON: {"admin":{"secret":"adminpw",...}}". Where the string value
 * of a key ending in "secret" (secret, md5secret) begins at or after `from`: *vs is
 * its first byte, *ve its closing quote. false when there is none.
 */
static bool json_secret(const char *p, size_t n, size_t from, size_t *vs, size_t *ve)
{
	static const char word[] = "secret\"";
	const size_t wl = sizeof word - 1;
	for (size_t i = from; i + wl <= n; i++) {
		if (strncasecmp(p + i, word, wl) != 0)
			continue;
		size_t j = i + wl;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j >= n || p[j++] != ':')
			continue;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j >= n || p[j] != '"')
			continue;
		size_t k = ++j;
		while (k < n && p[k] != '"')
			k += p[k] == '\\' ? 2 : 1;
		*vs = j;
		*ve = k < n ? k : n;
		return true;
	}
	return false;
}

static bool json_secret_key(const struct ami_hdr *h)
{
	size_t vs, ve;
	return h->val && key_is(h, "JSON") && json_secret(h->val, h->vlen, 0, &vs, &ve);
}

/* The JSON value with every secret string replaced by the mask. */
static void add_json_masked(struct ami_buf *out, const char *p, size_t n)
{
	size_t at = 0, vs, ve;
	while (json_secret(p, n, at, &vs, &ve)) {
		ami_buf_add(out, p + at, vs - at);
		ami_buf_adds(out, MASK);
		at = ve;
	}
	ami_buf_add(out, p + at, n - at);
}

static bool number_key(const struct ami_hdr *h)
{
	static const char *const keys[] = {
		"CallerIDNum", "ConnectedLineNum", "DestCallerIDNum", "DestConnectedLineNum",
		"Source",      "Destination",	   "CallerID",	      "CID-CallingPres",
		"Exten",       "DestExten",	   "Extension",	      NULL
	};
	for (size_t i = 0; keys[i]; i++)
		if (key_is(h, keys[i]))
			return !key_is(h, "CID-CallingPres");
	return false;
}

static void add_digits_masked(struct ami_buf *out, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ami_buf_addc(out, p[i] >= '0' && p[i] <= '9' ? 'x' : p[i]);
}

/* One header line back into text, with its value redacted as needed. */
static void line(struct ami_buf *out, const struct ami_hdr *h, bool numbers)
{
	size_t eq;
	ami_buf_add(out, h->key, h->klen);
	if (!h->val) {
		ami_buf_add(out, "\r\n", 2);
		return;
	}
	ami_buf_add(out, ": ", 2);
	if (secret_key(h) && h->vlen)
		ami_buf_adds(out, MASK);
	else if (secret_line(h, &eq)) {
		ami_buf_add(out, h->val, eq + 1);
		ami_buf_adds(out, MASK);
	} else if (json_secret_key(h))
		add_json_masked(out, h->val, h->vlen);
	else if (numbers && number_key(h))
		add_digits_masked(out, h->val, h->vlen);
	else
		ami_buf_add(out, h->val, h->vlen);
	ami_buf_add(out, "\r\n", 2);
}

/* Does m need rewriting at all? Most events do not: keep their exact bytes. */
static bool needs_redaction(const struct ami_msg *m, bool numbers)
{
	size_t eq;
	for (uint32_t i = 0; i < m->nhdrs; i++)
		if ((secret_key(&m->hdrs[i]) && m->hdrs[i].vlen) || secret_line(&m->hdrs[i], &eq) ||
		    json_secret_key(&m->hdrs[i]) || (numbers && number_key(&m->hdrs[i])))
			return true;
	return false;
}

enum ami_status rec_redact(const struct ami_msg *m, bool numbers, struct ami_buf *out)
{
	if (m->kind == AMI_MSG_BANNER || m->body || !needs_redaction(m, numbers))
		return ami_buf_add(out, m->raw, m->rawlen);
	for (uint32_t i = 0; i < m->nhdrs; i++)
		line(out, &m->hdrs[i], numbers);
	return ami_buf_add(out, "\r\n", 2);
}

static enum ami_status put(struct rec_writer *w, char kind, double t, const char *p, size_t n)
{
	if (!w->f)
		return AMI_E_INVALID;
	fprintf(w->f, "%c %.6f %zu\n", kind, t, n);
	fwrite(p, 1, n, w->f);
	fputc('\n', w->f);
	w->records++;
	if (ferror(w->f)) {
		snprintf(w->err, sizeof w->err, "writing the recording failed: %s",
			 strerror(errno));
		return AMI_E_IO;
	}
	return AMI_OK;
}

enum ami_status rec_writer_attach(struct rec_writer *w, FILE *f, bool redact_numbers,
				  const char *comment)
{
	memset(w, 0, sizeof *w);
	w->redact_numbers = redact_numbers;
	ami_buf_init(&w->scratch, REC_MAX_PAYLOAD);
	w->f = f;
	w->borrowed = true;
	fputs(REC_MAGIC, w->f);
	if (comment)
		rec_writer_comment(w, comment);
	return ferror(w->f) ? AMI_E_IO : AMI_OK;
}

enum ami_status rec_writer_open(struct rec_writer *w, const char *path, bool redact_numbers,
				const char *comment)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		memset(w, 0, sizeof *w);
		snprintf(w->err, sizeof w->err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return AMI_E_IO;
	}
	enum ami_status st = rec_writer_attach(w, f, redact_numbers, comment);
	w->borrowed = false;
	return st;
}

enum ami_status rec_writer_comment(struct rec_writer *w, const char *text)
{
	if (!w->f)
		return AMI_E_INVALID;
	/* every line of text becomes one "# " line: a comment can never break the framing */
	const char *p = text;
	do {
		size_t n = strcspn(p, "\n");
		fputc('#', w->f);
		if (n)
			fputc(' ', w->f);
		for (size_t i = 0; i < n; i++)
			if (p[i] != '\r')
				fputc(p[i], w->f);
		fputc('\n', w->f);
		p += n;
	} while (*p++ == '\n' && *p);
	return ferror(w->f) ? AMI_E_IO : AMI_OK;
}

enum ami_status rec_writer_raw(struct rec_writer *w, char kind, double t, const char *p, size_t n)
{
	return put(w, kind, t, p, n);
}

enum ami_status rec_writer_msg(struct rec_writer *w, char kind, double t, const struct ami_msg *m)
{
	ami_buf_reset(&w->scratch);
	enum ami_status st = rec_redact(m, w->redact_numbers, &w->scratch);
	if (st != AMI_OK)
		return st;
	st = put(w, kind, t, w->scratch.p ? w->scratch.p : "", w->scratch.len);
	/* the scratch may have held a sent Login before redaction: wipe, never just reuse */
	ami_buf_wipe(&w->scratch);
	ami_buf_init(&w->scratch, REC_MAX_PAYLOAD);
	return st;
}

enum ami_status rec_writer_note(struct rec_writer *w, double t, const char *text)
{
	return put(w, 'N', t, text, strlen(text));
}

enum ami_status rec_writer_close(struct rec_writer *w)
{
	enum ami_status st = AMI_OK;
	if (w->f && (w->borrowed ? fflush(w->f) : fclose(w->f)) != 0)
		st = AMI_E_IO;
	w->f = NULL;
	ami_buf_wipe(&w->scratch);
	return st;
}

static enum ami_status damaged(struct rec_reader *r, const char *what)
{
	snprintf(r->err, sizeof r->err, "recording damaged at byte %zu (record %lu): %s", r->pos,
		 r->records + 1, what);
	r->pos = r->len; /* stop: nothing after damage can be framed reliably */
	return AMI_E_PROTOCOL;
}

enum ami_status rec_reader_init(struct rec_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->data = data;
	r->len = len;
	size_t ml = strlen(REC_MAGIC);
	if (len >= ml && memcmp(data, REC_MAGIC, ml) == 0) {
		r->pos = ml;
		return AMI_OK;
	}
	static const char banner[] = "Asterisk Call Manager/";
	if (len >= sizeof banner - 1 && memcmp(data, banner, sizeof banner - 1) == 0) {
		r->bare = true;
		return AMI_OK;
	}
	snprintf(r->err, sizeof r->err,
		 "not an amitui recording (no \"AMITUI-RECORDING 1\" line) and not an AMI capture "
		 "(no \"Asterisk Call Manager/\" banner)");
	return AMI_E_PROTOCOL;
}

/* Parse "K T N\n" at pos into out (payload not yet checked). */
static bool header(struct rec_reader *r, struct rec_record *out, size_t *hdr_end)
{
	const char *p = r->data + r->pos, *end = r->data + r->len;
	const char *nl = memchr(p, '\n', (size_t)(end - p) < 64 ? (size_t)(end - p) : 64);
	if (!nl || nl - p < 5 || (p[0] != 'R' && p[0] != 'S' && p[0] != 'N') || p[1] != ' ')
		return false;
	char tmp[64];
	memcpy(tmp, p, (size_t)(nl - p));
	tmp[nl - p] = '\0';
	char *e1, *e2;
	double t = strtod(tmp + 2, &e1);
	if (e1 == tmp + 2 || *e1 != ' ')
		return false;
	unsigned long long n = strtoull(e1 + 1, &e2, 10);
	if (e2 == e1 + 1 || *e2 || n > REC_MAX_PAYLOAD)
		return false;
	*out = (struct rec_record){ p[0], t, NULL, (size_t)n };
	*hdr_end = (size_t)(nl + 1 - r->data);
	return true;
}

enum ami_status rec_reader_next(struct rec_reader *r, struct rec_record *out)
{
	if (r->bare) {
		if (r->records)
			return AMI_AGAIN;
		*out = (struct rec_record){ 'R', 0, r->data, r->len };
		r->records++;
		r->pos = r->len;
		return AMI_OK;
	}
	while (r->pos < r->len && r->data[r->pos] == '#') { /* comment lines */
		const char *nl = memchr(r->data + r->pos, '\n', r->len - r->pos);
		if (!nl)
			return damaged(r, "unterminated comment line");
		r->pos = (size_t)(nl + 1 - r->data);
	}
	if (r->pos >= r->len)
		return AMI_AGAIN;
	size_t at;
	if (!header(r, out, &at))
		return damaged(r, "expected a record line such as \"R 1795773532.302123 412\"");
	if (r->len - at < out->n + 1)
		return damaged(r, "the file ends inside a record (truncated?)");
	if (r->data[at + out->n] != '\n')
		return damaged(r, "a record's length does not match its bytes");
	out->p = r->data + at;
	r->pos = at + out->n + 1;
	r->records++;
	return AMI_OK;
}
