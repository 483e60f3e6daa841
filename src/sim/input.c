/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Request framing: get_input()'s 1024-byte line window and do_message()'s header collection. */
#include "sim/input.h"

#include <string.h>
#include <strings.h>

/* 128 lines of at most 1023 bytes plus CRLF. */
#define MSG_MAX (SIM_INPUT_HEADERS * (SIM_INPUT_LINE + 2))

void sim_input_init(struct sim_input *in)
{
	memset(in, 0, sizeof *in);
	ami_buf_init(&in->msg, MSG_MAX);
}

/* Zero the used bytes and empty the buffer, keeping its allocation. */
static void scrub(struct ami_buf *b)
{
	volatile char *v = b->p;
	for (size_t i = 0; v && i < b->len; i++)
		v[i] = 0;
	ami_buf_reset(b);
}

void sim_input_free(struct sim_input *in)
{
	/* requests carry secrets (Login) */
	ami_buf_wipe(&in->msg);
	memset(in->line, 0, sizeof in->line);
	ami_buf_free(&in->msg);
}

/* A complete line of clen bytes (NUL-free) sits in in->line. */
static enum sim_input_kind line_done(struct sim_input *in, size_t clen)
{
	if (clen == 0) {
		if (in->hdr_loss)
			return SIM_INPUT_TOO_MANY;
		if (in->too_long) {
			in->too_long = false; /* handle_parse_error() resets it */
			return SIM_INPUT_TOO_LONG;
		}
		return SIM_INPUT_MESSAGE;
	}
	if (in->nlines < SIM_INPUT_HEADERS) {
		ami_buf_add(&in->msg, in->line, clen);
		ami_buf_add(&in->msg, "\r\n", 2);
		in->nlines++;
	} else {
		in->hdr_loss = true;
	}
	return SIM_INPUT_NONE;
}

enum sim_input_kind sim_input_feed(struct sim_input *in, const char *data, size_t n, size_t *used)
{
	size_t i = 0;
	if (in->complete) {
		/* the previous call completed a message: start the next one */
		scrub(&in->msg);
		in->nlines = 0;
		in->hdr_loss = false;
		in->complete = false;
	}
	while (i < n) {
		size_t room = SIM_INPUT_LINE - in->len, take = n - i < room ? n - i : room;
		const char *nl = memchr(data + i, '\n', take);
		size_t k = nl ? (size_t)(nl - (data + i)) + 1 : take;
		memcpy(in->line + in->len, data + i, k);
		in->len += k;
		i += k;
		if (nl) {
			size_t clen = in->len - 1;
			if (clen && in->line[clen - 1] == '\r')
				clen--;
			in->line[clen] = '\0';
			clen = strlen(in->line); /* a NUL ends the line early, as in C */
			in->len = 0;
			enum sim_input_kind kind = line_done(in, clen);
			if (kind != SIM_INPUT_NONE) {
				in->complete = true;
				*used = i;
				return kind;
			}
		} else if (in->len == SIM_INPUT_LINE) {
			/* full without a terminator: keep the last byte (it may be a CR) */
			in->line[0] = in->line[SIM_INPUT_LINE - 1];
			in->len = 1;
			in->too_long = true;
		}
	}
	*used = i;
	return SIM_INPUT_NONE;
}

void sim_input_msg(struct sim_input *in, struct ami_msg *m)
{
	ami_msg_parse_block(m, in->msg.p ? in->msg.p : "", in->msg.len, in->hdrs,
			    SIM_INPUT_HEADERS);
}

struct ami_str sim_input_line(const struct ami_msg *m, uint32_t i)
{
	const struct ami_hdr *h = &m->hdrs[i];
	const char *end = h->val ? h->val + h->vlen : h->key + h->klen;
	return ami_str_make(h->key, (size_t)(end - h->key));
}

/* __astman_get_header(): "Key:" right after the key, then blanks (< 33) skipped. */
static const char *lookup(const struct ami_msg *m, const char *key, bool skip_empty, size_t *len)
{
	size_t kl = strlen(key);
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		struct ami_str line = sim_input_line(m, i);
		if (line.n <= kl || line.p[kl] != ':' || strncasecmp(line.p, key, kl) != 0)
			continue;
		const char *v = line.p + kl + 1, *end = line.p + line.n;
		while (v < end && (unsigned char)*v < 33)
			v++;
		if (skip_empty && v == end)
			continue;
		*len = (size_t)(end - v);
		return v;
	}
	return NULL;
}

static const char *copy_out(const char *v, size_t len, char *dst, size_t cap)
{
	if (!v)
		len = 0;
	if (len >= cap)
		len = cap - 1;
	if (len)
		memcpy(dst, v, len);
	dst[len] = '\0';
	return dst;
}

const char *sim_msg_get(const struct ami_msg *m, const char *key, char *dst, size_t cap)
{
	size_t len = 0;
	const char *v = lookup(m, key, false, &len);
	return copy_out(v, len, dst, cap);
}

const char *sim_msg_action(const struct ami_msg *m, char *dst, size_t cap)
{
	size_t len = 0;
	const char *v = lookup(m, "Action", true, &len);
	return copy_out(v, len, dst, cap);
}
