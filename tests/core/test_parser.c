/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parser: every vector whole, byte by byte and split at every index must give the
 * same messages (picohttpparser's discipline); every fixture parses into the number of
 * messages its readable transcript shows, counted independently.
 */
#include "core/parser.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAXMSG 4096

struct result {
	struct ami_msg *m[MAXMSG];
	size_t n;
	enum ami_status err;
};

static void result_free(struct result *r)
{
	for (size_t i = 0; i < r->n; i++)
		ami_msg_free(r->m[i]);
	r->n = 0;
}

static void drain(struct ami_parser *p, struct result *r)
{
	struct ami_msg m;
	enum ami_status st;
	while ((st = ami_parser_next(p, &m)) == AMI_OK) {
		cr_assert_lt(r->n, MAXMSG);
		r->m[r->n] = ami_msg_dup(&m);
		/* body points into raw in the copy; check it survived */
		if (m.body)
			cr_assert(memcmp(r->m[r->n]->body, m.body, m.bodylen) == 0);
		r->n++;
	}
	r->err = st == AMI_AGAIN ? AMI_OK : st;
}

/* Feed data in the given pieces: piece i has length cut[i+1]-cut[i]. */
static void feed_piece(struct ami_parser *p, struct result *r, const char *d, size_t n)
{
	while (n && r->err == AMI_OK) {
		size_t k = ami_parser_feed(p, d, n);
		d += k;
		n -= k;
		drain(p, r);
		if (k == 0 && r->err == AMI_OK) {
			r->err = ami_parser_error(p);
			cr_assert_neq(r->err, AMI_OK, "feed took nothing without an error");
		}
	}
}

static void run(const char *d, size_t n, const struct ami_parser_limits *lim, size_t chunk,
		size_t split, struct result *r)
{
	struct ami_parser p;
	cr_assert_eq(ami_parser_init(&p, lim), AMI_OK);
	r->n = 0;
	r->err = AMI_OK;
	if (split != SIZE_MAX) {
		feed_piece(&p, r, d, split);
		feed_piece(&p, r, d + split, n - split);
	} else {
		for (size_t off = 0; off < n && r->err == AMI_OK; off += chunk)
			feed_piece(&p, r, d + off, n - off < chunk ? n - off : chunk);
	}
	drain(&p, r);
	ami_parser_free(&p);
}

static bool same_view(const char *a, uint32_t an, const char *b, uint32_t bn)
{
	if (!a || !b)
		return a == b;
	return an == bn && memcmp(a, b, an) == 0;
}

static void assert_same(const struct result *a, const struct result *b, const char *how)
{
	cr_assert_eq(a->err, b->err, "%s: error %s vs %s", how, ami_status_name(a->err),
		     ami_status_name(b->err));
	cr_assert_eq(a->n, b->n, "%s: %zu vs %zu messages", how, a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct ami_msg *x = a->m[i], *y = b->m[i];
		cr_assert_eq(x->kind, y->kind, "%s: msg %zu kind", how, i);
		cr_assert_eq(x->flags, y->flags, "%s: msg %zu flags", how, i);
		cr_assert_eq(x->nhdrs, y->nhdrs, "%s: msg %zu headers", how, i);
		cr_assert(same_view(x->raw, (uint32_t)x->rawlen, y->raw, (uint32_t)y->rawlen));
		cr_assert(same_view(x->body, (uint32_t)x->bodylen, y->body, (uint32_t)y->bodylen),
			  "%s: msg %zu body", how, i);
		for (uint32_t h = 0; h < x->nhdrs; h++) {
			cr_assert(same_view(x->hdrs[h].key, x->hdrs[h].klen, y->hdrs[h].key,
					    y->hdrs[h].klen));
			cr_assert(same_view(x->hdrs[h].val, x->hdrs[h].vlen, y->hdrs[h].val,
					    y->hdrs[h].vlen));
		}
	}
}

/* Whole, byte by byte, and split at every index: all must agree. Returns the whole run. */
static void all_ways(const char *d, size_t n, const struct ami_parser_limits *lim,
		     struct result *whole)
{
	static struct result other;
	run(d, n, lim, n ? n : 1, SIZE_MAX, whole);
	run(d, n, lim, 1, SIZE_MAX, &other);
	assert_same(whole, &other, "byte by byte");
	result_free(&other);
	for (size_t s = 0; s <= n; s++) {
		run(d, n, lim, 0, s, &other);
		char how[48];
		snprintf(how, sizeof how, "split at %zu", s);
		assert_same(whole, &other, how);
		result_free(&other);
	}
}

static struct result R;

static void vec(const char *d, const struct ami_parser_limits *lim)
{
	result_free(&R);
	all_ways(d, strlen(d), lim, &R);
}

static const struct ami_msg *msg(size_t i)
{
	cr_assert_lt(i, R.n, "only %zu messages", R.n);
	return R.m[i];
}

static void fini(void)
{
	result_free(&R);
}

TestSuite(parser, .fini = fini);

Test(parser, banner_then_crlf_message)
{
	vec("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: 1\r\n"
	    "Message: Authentication accepted\r\n\r\n",
	    NULL);
	cr_assert_eq(R.n, 2);
	cr_assert_eq(msg(0)->kind, AMI_MSG_BANNER);
	cr_assert(ami_str_eq(ami_msg_name(msg(0)), "Asterisk Call Manager/11.0.0"));
	cr_assert_eq(msg(0)->rawlen, 30);
	cr_assert_eq(msg(1)->kind, AMI_MSG_RESPONSE);
	cr_assert(ami_str_eq(ami_msg_get(msg(1), "Message"), "Authentication accepted"));
	cr_assert_eq(msg(1)->nhdrs, 3);
}

Test(parser, bare_lf_and_mixed)
{
	vec("Asterisk Call Manager/1.0\nEvent: A\nX: 1\n\nEvent: B\r\nY: 2\n\r\n", NULL);
	cr_assert_eq(R.n, 3);
	cr_assert(ami_str_eq(ami_msg_name(msg(1)), "A"));
	cr_assert(ami_str_eq(ami_msg_get(msg(1), "X"), "1"));
	cr_assert(ami_str_eq(ami_msg_get(msg(2), "Y"), "2"));
	cr_assert_eq(R.err, AMI_OK);
}

Test(parser, incomplete_message_is_not_delivered)
{
	vec("Asterisk Call Manager/11.0.0\r\nEvent: A\r\nX: 1\r\n", NULL);
	cr_assert_eq(R.n, 1);
}

Test(parser, values_keys_and_raw_lines)
{
	vec("B\r\nResponse: Success\r\nMessage:\tno space\r\nEmpty: \r\nNoSpace:x\r\n"
	    "Trail: keep  \r\nNo categories found\r\nKey(0): a\r\nparent/child: b\r\n"
	    "ChanVariable(PJSIP/x-0001): y=1\r\nRep: 1\r\nRep: 2\r\n\r\n",
	    NULL);
	const struct ami_msg *m = msg(1);
	cr_assert(ami_str_eq(ami_msg_get(m, "Message"), "no space"));
	cr_assert(ami_str_eq(ami_msg_get(m, "Empty"), ""));
	cr_assert(ami_str_eq(ami_msg_get(m, "nospace"), "x"));
	cr_assert(ami_str_eq(ami_msg_get(m, "Trail"), "keep  "), "trailing blanks kept");
	cr_assert(ami_str_eq(ami_msg_get(m, "Key(0)"), "a"));
	cr_assert(ami_str_eq(ami_msg_get(m, "parent/child"), "b"));
	cr_assert(ami_str_eq(ami_msg_get(m, "ChanVariable(PJSIP/x-0001)"), "y=1"));
	cr_assert_eq(ami_msg_count(m, "Rep"), 2);
	cr_assert_null(m->hdrs[5].val);
	cr_assert(same_view(m->hdrs[5].key, m->hdrs[5].klen, "No categories found", 19));
}

Test(parser, originate_response_is_an_event)
{
	vec("B\r\nEvent: OriginateResponse\r\nPrivilege: call,all\r\nActionID: 9\r\n"
	    "Response: Failure\r\nReason: 0\r\n\r\n",
	    NULL);
	cr_assert_eq(msg(1)->kind, AMI_MSG_EVENT);
	cr_assert(ami_str_eq(ami_msg_get(msg(1), "Response"), "Failure"));
}

Test(parser, stray_blank_lines_between_messages)
{
	vec("B\r\n\r\n\r\nEvent: A\r\n\r\n\n\r\nEvent: B\r\n\r\n", NULL);
	cr_assert_eq(R.n, 3);
	cr_assert(ami_str_eq(ami_msg_name(msg(2)), "B"));
}

/* Asterisk <= 13 Command reply, hand-made after action_command() in 13.38. */
static const char FOLLOWS[] =
    "Asterisk Call Manager/2.10.6\r\n"
    "Response: Follows\r\nPrivilege: Command\r\nActionID: c1\r\n"
    "Channel              Location             State   Application(Data)\n"
    "\n"
    "0 active channels\n"
    "Privilege: this line is output, not a header\n"
    "--END COMMAND--\r\n\r\n"
    "Response: Follows\r\nPrivilege: Command\r\n"
    "no trailing newline--END COMMAND--\r\n\r\n"
    "Response: Follows\r\nPrivilege: Command\r\nActionID: c3\r\n"
    "--END COMMAND--\r\n\r\n"
    "Event: After\r\n\r\n";

Test(parser, legacy_command_follows)
{
	vec(FOLLOWS, NULL);
	cr_assert_eq(R.n, 5);
	const struct ami_msg *m = msg(1);
	cr_assert_eq(m->kind, AMI_MSG_FOLLOWS);
	cr_assert_eq(m->nhdrs, 3);
	cr_assert(ami_str_eq(ami_msg_get(m, "ActionID"), "c1"));
	const char *want = "Channel              Location             State   Application(Data)\n"
			   "\n0 active channels\nPrivilege: this line is output, not a header\n";
	cr_assert(same_view(m->body, (uint32_t)m->bodylen, want, (uint32_t)strlen(want)));
	m = msg(2);
	cr_assert(same_view(m->body, (uint32_t)m->bodylen, "no trailing newline", 19));
	cr_assert_null(ami_msg_get(m, "ActionID").p);
	m = msg(3);
	cr_assert_not_null(m->body);
	cr_assert_eq(m->bodylen, 0);
	cr_assert(ami_str_eq(ami_msg_get(m, "ActionID"), "c3"));
	cr_assert_eq(msg(4)->kind, AMI_MSG_EVENT);
}

Test(parser, follows_with_lf_tail)
{
	vec("B\nResponse: Follows\nPrivilege: Command\nout\n--END COMMAND--\n\nEvent: X\n\n", NULL);
	cr_assert_eq(R.n, 3);
	cr_assert(same_view(msg(1)->body, (uint32_t)msg(1)->bodylen, "out\n", 4));
}

Test(parser, follows_junk_after_marker_is_an_error)
{
	vec("B\r\nResponse: Follows\r\nx--END COMMAND--junk\r\n\r\n", NULL);
	cr_assert_eq(R.err, AMI_E_PROTOCOL);
}

Test(parser, line_limit_is_sticky_in_client_mode)
{
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.max_line = 16;
	/* "X: 0123456789\r\n" is 15 bytes: fits; the next line is 17 */
	vec("B\r\nX: 0123456789\r\n\r\nEvent: 0123456789ab\r\n\r\nEvent: C\r\n\r\n", &lim);
	cr_assert_eq(R.n, 2);
	cr_assert_eq(R.err, AMI_E_LINE_TOO_LONG);
	/* a line that never ends trips the limit too */
	vec("B\r\nEvent: 01234567890123456789", &lim);
	cr_assert_eq(R.err, AMI_E_LINE_TOO_LONG);
	struct ami_parser p;
	ami_parser_init(&p, &lim);
	ami_parser_feed(&p, "B\r\n0123456789012345678\r\n", 24);
	struct ami_msg m;
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_E_LINE_TOO_LONG);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_E_LINE_TOO_LONG, "sticky");
	cr_assert_not_null(strstr(ami_parser_errmsg(&p), "16 bytes"), "%s", ami_parser_errmsg(&p));
	ami_parser_reset(&p);
	cr_assert_eq(ami_parser_error(&p), AMI_OK);
	ami_parser_free(&p);
}

Test(parser, header_limit_client)
{
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.max_headers = 3;
	vec("B\r\nEvent: A\r\nb: 1\r\nc: 2\r\n\r\nEvent: A\r\nb: 1\r\nc: 2\r\nd: 3\r\n\r\n", &lim);
	cr_assert_eq(R.n, 2);
	cr_assert_eq(R.err, AMI_E_TOO_MANY_HEADERS);
}

Test(parser, message_size_limit)
{
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.max_message = 64;
	lim.max_line = 1000;
	vec("B\r\nEvent: A\r\n\r\nEvent: Big\r\nA: 0123456789\r\nB: 0123456789\r\n"
	    "C: 0123456789\r\nD: 0123456789\r\n\r\n",
	    &lim);
	cr_assert_eq(R.n, 2);
	cr_assert_eq(R.err, AMI_E_MESSAGE_TOO_BIG);
}

/* What amisim sees: Asterisk's get_input()/do_message() rules. */
Test(parser, server_mode)
{
	const struct ami_parser_limits *lim = &ami_parser_server_limits;
	vec("\r\nAction: Ping\r\nActionID: 1\r\n\r\naction:ping\n\n", lim);
	cr_assert_eq(R.n, 3);
	cr_assert_eq(msg(0)->nhdrs, 0, "a lone blank line is a message");
	cr_assert_eq(msg(1)->kind, AMI_MSG_ACTION);
	cr_assert(ami_str_eq(ami_msg_get(msg(2), "Action"), "ping"));
}

Test(parser, server_mode_long_line_is_flagged_not_fatal)
{
	char big[3000];
	size_t n = 0;
	n += (size_t)sprintf(big + n, "Action: UserEvent\r\nData: ");
	memset(big + n, 'x', 1500);
	n += 1500;
	n += (size_t)sprintf(big + n, "\r\nMore: 1\r\n\r\nAction: Ping\r\n\r\n");
	big[n] = '\0';
	vec(big, &ami_parser_server_limits);
	cr_assert_eq(R.err, AMI_OK);
	cr_assert_eq(R.n, 2);
	cr_assert(msg(0)->flags & AMI_MSG_F_LINE_TOO_LONG);
	cr_assert(ami_str_eq(ami_msg_get(msg(0), "More"), "1"));
	cr_assert_eq(msg(1)->flags, 0);
	cr_assert(ami_str_eq(ami_msg_get(msg(1), "Action"), "Ping"));
}

Test(parser, server_mode_1024_byte_boundary)
{
	char line[1100];
	/* 1022 characters + CRLF = 1024 bytes: accepted */
	memset(line, 'a', 1022);
	memcpy(line, "Action: ", 8);
	strcpy(line + 1022, "\r\n\r\n");
	vec(line, &ami_parser_server_limits);
	cr_assert_eq(R.n, 1);
	cr_assert_eq(msg(0)->flags, 0);
	/* 1023 + CRLF: discarded */
	memset(line, 'a', 1023);
	memcpy(line, "Action: ", 8);
	strcpy(line + 1023, "\r\n\r\n");
	vec(line, &ami_parser_server_limits);
	cr_assert_eq(R.n, 1);
	cr_assert(msg(0)->flags & AMI_MSG_F_LINE_TOO_LONG);
	cr_assert_eq(msg(0)->nhdrs, 0);
}

Test(parser, server_mode_too_many_headers_flagged)
{
	char buf[8192];
	size_t n = (size_t)sprintf(buf, "Action: Ping\r\n");
	for (int i = 0; i < 130; i++)
		n += (size_t)sprintf(buf + n, "H%d: v\r\n", i);
	sprintf(buf + n, "\r\nAction: Ping\r\n\r\n");
	result_free(&R);
	run(buf, strlen(buf), &ami_parser_server_limits, 1, SIZE_MAX, &R);
	cr_assert_eq(R.n, 2);
	cr_assert_eq(msg(0)->nhdrs, 128);
	cr_assert(msg(0)->flags & AMI_MSG_F_TOO_MANY_HEADERS);
	cr_assert_eq(msg(1)->flags, 0);
}

Test(parser, server_mode_endless_line_stays_bounded)
{
	struct ami_parser p;
	ami_parser_init(&p, &ami_parser_server_limits);
	char junk[4096];
	memset(junk, 'j', sizeof junk);
	struct ami_msg m;
	for (int i = 0; i < 10000; i++) { /* 40 MB without a newline */
		size_t off = 0;
		while (off < sizeof junk) {
			size_t k = ami_parser_feed(&p, junk + off, sizeof junk - off);
			cr_assert_gt(k, 0);
			off += k;
			cr_assert_eq(ami_parser_next(&p, &m), AMI_AGAIN);
		}
	}
	cr_assert_leq(p.cap, ami_parser_server_limits.max_message);
	ami_parser_feed(&p, "\r\n\r\nAction: Ping\r\n\r\n", 20);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK);
	cr_assert(m.flags & AMI_MSG_F_LINE_TOO_LONG);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK);
	cr_assert(ami_str_eq(ami_msg_get(&m, "Action"), "Ping"));
	ami_parser_free(&p);
}

Test(parser, zero_copy_space_commit)
{
	struct ami_parser p;
	ami_parser_init(&p, NULL);
	const char *d = "Asterisk Call Manager/11.0.0\r\nEvent: A\r\n\r\n";
	size_t avail;
	char *dst = ami_parser_space(&p, &avail);
	cr_assert_geq(avail, strlen(d));
	memcpy(dst, d, strlen(d));
	ami_parser_commit(&p, strlen(d));
	struct ami_msg m;
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK);
	cr_assert_eq(m.kind, AMI_MSG_BANNER);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK);
	cr_assert_eq(m.kind, AMI_MSG_EVENT);
	cr_assert_eq(ami_parser_next(&p, &m), AMI_AGAIN);
	cr_assert_eq(ami_parser_pending(&p), 0);
	cr_assert_eq(p.messages, 2);
	ami_parser_free(&p);
}

/*
 * The fast path cuts lines out of 64-byte bitmaps: keys and lines of every length
 * around the block size, a colon in a later block than its line's start, CR or LF
 * at a block's edge, extra blanks, colons inside values, lines without a colon. Each
 * message must hold what the independent re-parser (ami_msg_parse_block, memchr
 * based) finds in the same raw bytes, whole, byte by byte and split at every index.
 */
Test(parser, lines_across_64_byte_blocks)
{
	static char d[16384];
	size_t n = (size_t)snprintf(d, sizeof d, "Asterisk Call Manager/11.0.0\r\n");
	for (int k = 1; k <= 70; k += 3) {
		n += (size_t)snprintf(d + n, sizeof d - n, "Event: E%d\r\n", k);
		for (int i = 0; i < k; i++)
			d[n++] = (char)('a' + i % 26);
		n += (size_t)snprintf(d + n, sizeof d - n, ":%s", k % 3 == 0 ? "\t  " : " ");
		for (int i = 0, v = (k * 7) % 67; i < v; i++)
			d[n++] = i % 11 == 5 ? ':' : 'v';
		n += (size_t)snprintf(d + n, sizeof d - n, "%sNoColon%d\r\n\r\n",
				      k % 2 ? "\r\n" : "\n", k);
	}
	d[n] = '\0';
	vec(d, NULL);
	cr_assert_eq(R.n, 25u, "the banner and 24 events");
	for (size_t i = 1; i < R.n; i++) {
		struct ami_hdr hdrs[8];
		struct ami_msg ref;
		ami_msg_parse_block(&ref, R.m[i]->raw, R.m[i]->rawlen, hdrs, 8);
		cr_assert_eq(R.m[i]->kind, AMI_MSG_EVENT);
		cr_assert_eq(R.m[i]->nhdrs, 3u, "msg %zu", i);
		cr_assert_eq(ref.nhdrs, 3u);
		for (uint32_t h = 0; h < 3; h++) {
			const struct ami_hdr *x = &R.m[i]->hdrs[h], *y = &hdrs[h];
			cr_assert(same_view(x->key, x->klen, y->key, y->klen), "msg %zu hdr %u", i,
				  h);
			cr_assert(same_view(x->val, x->vlen, y->val, y->vlen), "msg %zu hdr %u", i,
				  h);
		}
	}
	const struct ami_hdr *h = &R.m[24]->hdrs[1]; /* k = 70: a 70-byte key, then "\t  " */
	cr_assert_eq(h->klen, 70u);
	cr_assert_eq(h->vlen, (70u * 7) % 67);
	cr_assert_eq(R.m[24]->hdrs[2].val, NULL, "a line without a colon has no value");
}

/* ---- fixtures: the real Asterisk 22 bytes ---- */

static size_t fixtures(char names[][128], size_t max)
{
	DIR *d = opendir(tu_path("asterisk-22"));
	cr_assert_not_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".raw") == 0) {
			snprintf(names[n], 128, "%.*s", (int)(l - 4), e->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

Test(parser, every_fixture_parses_into_its_messages, .timeout = 300)
{
	static char names[128][128];
	size_t nf = fixtures(names, 128);
	cr_assert_geq(nf, 60);
	for (size_t f = 0; f < nf; f++) {
		char rel[200];
		size_t rawlen;
		snprintf(rel, sizeof rel, "asterisk-22/%s.raw", names[f]);
		char *raw = tu_load(rel, &rawlen);
		snprintf(rel, sizeof rel, "asterisk-22/%s.txt", names[f]);
		char *txt = tu_load(rel, NULL);
		size_t want = rawlen ? tu_txt_server_messages(txt) : 0;
		size_t want_events = tu_txt_server_lines(txt, "Event: ");
		result_free(&R);
		run(raw, rawlen, NULL, 65536, SIZE_MAX, &R);
		cr_assert_eq(R.err, AMI_OK, "%s: %s", names[f], ami_status_name(R.err));
		cr_assert_eq(R.n, want, "%s: %zu messages, transcript shows %zu", names[f], R.n,
			     want);
		size_t events = 0, bytes = 0;
		for (size_t i = 0; i < R.n; i++) {
			events += R.m[i]->kind == AMI_MSG_EVENT;
			bytes += R.m[i]->rawlen;
			cr_assert_eq(R.m[i]->flags, 0);
		}
		cr_assert_eq(events, want_events, "%s: events", names[f]);
		cr_assert_eq(bytes, rawlen, "%s: every byte belongs to a message", names[f]);
		if (rawlen)
			cr_assert_eq(R.m[0]->kind, AMI_MSG_BANNER, "%s", names[f]);
		/* the same bytes byte by byte and split at a spread of indexes */
		static struct result other;
		run(raw, rawlen, NULL, 1, SIZE_MAX, &other);
		assert_same(&R, &other, names[f]);
		result_free(&other);
		for (size_t s = 0; s < rawlen; s += 97) {
			run(raw, rawlen, NULL, 0, s, &other);
			assert_same(&R, &other, names[f]);
			result_free(&other);
		}
		free(raw);
		free(txt);
	}
}

Test(parser, fixture_details)
{
	size_t n;
	char *raw = tu_load("asterisk-22/03_perms_operator.raw", &n);
	result_free(&R);
	run(raw, n, NULL, 65536, SIZE_MAX, &R);
	/* ListCommands for operator: 51 actions as headers after Response and ActionID */
	const struct ami_msg *lc = NULL;
	for (size_t i = 0; i < R.n; i++)
		if (ami_msg_find(R.m[i], "ListCommands"))
			lc = R.m[i];
	cr_assert_not_null(lc);
	cr_assert_eq(lc->nhdrs, 2 + 51);
	struct ami_str v = ami_msg_get(lc, "Ping");
	cr_assert(ami_str_eq(v, "Keepalive command.  (Priv: <none>)"));
	free(raw);
}
