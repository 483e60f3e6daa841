/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer: the AMI parser in client and server mode, fed in pieces whose sizes come
 * from the input, checking its invariants (views inside the buffer, bytes accounted).
 */
#include "core/parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct ami_msg *m, const struct ami_parser *p)
{
	const char *lo = p->buf, *hi = p->buf + p->cap;
	if (m->raw < lo || m->raw + m->rawlen > hi)
		abort();
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		if (h->key < m->raw || h->key + h->klen > m->raw + m->rawlen)
			abort();
		if (h->val && (h->val < h->key || h->val + h->vlen > m->raw + m->rawlen))
			abort();
	}
	if (m->body && (m->body < m->raw || m->body + m->bodylen > m->raw + m->rawlen))
		abort();
	/* a dup must reproduce the view exactly */
	struct ami_msg *d = ami_msg_dup(m);
	if (!d || d->rawlen != m->rawlen || memcmp(d->raw, m->raw, m->rawlen) != 0)
		abort();
	ami_msg_free(d);
}

static void run(const uint8_t *data, size_t size, const struct ami_parser_limits *lim, size_t chunk)
{
	struct ami_parser p;
	if (ami_parser_init(&p, lim) != AMI_OK)
		return;
	struct ami_msg m;
	size_t off = 0;
	while (off < size) {
		size_t k = ami_parser_feed(&p, data + off, size - off < chunk ? size - off : chunk);
		off += k;
		enum ami_status st;
		while ((st = ami_parser_next(&p, &m)) == AMI_OK)
			check(&m, &p);
		if (st != AMI_AGAIN)
			break; /* sticky error: must stay sticky */
		if (k == 0 && ami_parser_error(&p) == AMI_OK)
			abort(); /* no progress without an error would be a hang */
	}
	ami_parser_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = 1 + data[0] % 97; /* small pieces find boundary bugs */
	struct ami_parser_limits small = ami_parser_client_limits;
	small.max_line = 256;
	small.max_headers = 16;
	small.max_message = 4096;
	run(data + 1, size - 1, &small, chunk);
	run(data + 1, size - 1, &ami_parser_server_limits, chunk);
	run(data + 1, size - 1, NULL, size);
	return 0;
}
