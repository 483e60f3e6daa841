/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer: the filter line. The first line of the input is the filter text (what a
 * user types), the rest AMI events stored and matched: a parse either succeeds or
 * names a column inside the text; matching never crashes, and the index-only answer
 * never contradicts the full one.
 */
#include "core/parser.h"
#include "model/evfilter.h"
#include "model/evstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct evstore *store_events(const char *p, size_t n)
{
	struct evstore_limits lim = { .budget = 1u << 20 };
	struct evstore *s = evstore_new(&lim);
	struct ami_parser ps;
	if (!s || ami_parser_init(&ps, NULL) != AMI_OK) {
		evstore_free(s);
		return NULL;
	}
	/* no banner in the input: start with one so the rest parses as messages */
	ami_parser_feed(&ps, "Asterisk Call Manager/11.0.0\r\n", 30);
	ami_parser_feed(&ps, p, n);
	struct ami_msg m;
	for (int i = 0; i < 64 && ami_parser_next(&ps, &m) == AMI_OK; i++)
		if (m.kind != AMI_MSG_BANNER)
			evstore_push(s, &m, 1000000 * (int64_t)i, NULL);
	evstore_push_gap(s, EVSTORE_GAP_CONNECTION_LOST, 0, "fuzz", 0, NULL);
	ami_parser_free(&ps);
	return s;
}

static void match_all(struct evfilter *f, const struct evstore *s)
{
	struct evstore_stats st;
	evstore_stats(s, &st);
	for (uint64_t seq = 0; seq <= st.pushed + 1; seq++) {
		bool full = evfilter_match(f, s, seq);
		struct evstore_keys k;
		if (!evstore_keys_of(s, seq, &k))
			continue;
		enum evfilter_tri t = evfilter_match_index(f, s, &k);
		if ((t == EVFILTER_YES && !full) || (t == EVFILTER_NO && full))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	size_t tlen = nl ? (size_t)(nl - d) : size;
	if (tlen > 2048)
		return 0;
	char text[2049];
	memcpy(text, d, tlen);
	text[tlen] = '\0';
	struct evfilter *f = NULL;
	struct evfilter_error err = { 0 };
	enum ami_status st = evfilter_compile(text, &f, &err);
	if (st != AMI_OK) {
		/* a refusal points inside what was typed (or just past it) */
		if (f || !err.msg[0] || err.column < 1 || err.column > strlen(text) + 1)
			abort();
		return 0;
	}
	if (!f || strcmp(evfilter_text(f), text) != 0)
		abort();
	char desc[4096];
	size_t dn = evfilter_describe(f, desc, sizeof desc);
	(void)dn;
	struct evstore *s = store_events(nl ? nl + 1 : "", nl ? size - tlen - 1 : 0);
	if (s)
		match_all(f, s);
	evstore_free(s);
	evfilter_free(f);
	return 0;
}
