/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Views against brute force: class switches, filters built in steps, eviction, cursor, search. */
#include "model/evview.h"
#include "mfix.h"

static const char *const privs[] = { "call,all",  "dialplan,all", "cdr,all",
				     "agent,all", "dtmf,all",	  "security,all" };
static const char *const names[] = { "Newstate",    "VarSet",  "Cdr",
				     "AgentCalled", "DTMFEnd", "InvalidPassword" };

/* Push event n: class and name from n, a body that holds "needle" when n % 10 == 3. */
static void push(struct evstore *s, unsigned n)
{
	char raw[700];
	struct ami_hdr h[16];
	struct ami_msg m;
	unsigned c = (n * 2654435761u >> 7) % 6;
	int k =
	    snprintf(raw, sizeof raw,
		     "Event: %s\r\nPrivilege: %s\r\nChannel: PJSIP/p%u-%08u\r\nLinkedid: L%u\r\n"
		     "Body: %s %0200u\r\n\r\n",
		     names[c], privs[c], n % 5, n / 4, n / 4, n % 10 == 3 ? "needle" : "hay", n);
	ami_msg_parse_block(&m, raw, (size_t)k, h, 16);
	cr_assert_eq(evstore_push(s, &m, n, NULL), AMI_OK);
}

/* The seqs a view must list, by brute force over every stored event. */
static size_t expected(struct evstore *s, uint32_t mask, struct evfilter *f, uint64_t *out,
		       size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < evstore_pinned_count(s); i++) {
		uint64_t q = evstore_pinned_at(s, i);
		if (q >= evstore_first(s))
			continue;
		struct evstore_event ev;
		cr_assert(evstore_get(s, q, &ev));
		if ((ev.flags & EVSTORE_F_GAP) ||
		    ((ev.cls & mask) && (!f || evfilter_match(f, s, q))))
			out[n++] = q;
	}
	for (uint64_t q = evstore_first(s); q <= evstore_last(s); q++) {
		struct evstore_event ev;
		cr_assert(evstore_get(s, q, &ev));
		if ((ev.flags & EVSTORE_F_GAP) ||
		    ((ev.cls & mask) && (!f || evfilter_match(f, s, q)))) {
			cr_assert_lt(n, cap);
			out[n++] = q;
		}
	}
	return n;
}

static void same(struct evview *v, const uint64_t *want, size_t n)
{
	cr_assert_eq(evview_count(v), n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(evview_at(v, i), want[i], "row %zu", i);
}

static uint64_t want[200000];

Test(evview, class_switches_match_brute_force)
{
	struct evstore_limits lim = { .budget = 8 << 20, .slab_size = 256 << 10 };
	struct evstore *s = evstore_new(&lim);
	for (unsigned n = 1; n <= 40000; n++)
		push(s, n);
	evstore_push_gap(s, EVSTORE_GAP_RECONNECTED, 0, NULL, 1, NULL);
	for (unsigned n = 40001; n <= 50000; n++)
		push(s, n);
	cr_assert_gt(evstore_first(s), 1u, "some were evicted");
	struct evview *v = evview_new(s);
	static const uint32_t masks[] = { 0xffffffffu,
					  AMI_PERM_CALL,
					  AMI_PERM_CDR | AMI_PERM_DTMF,
					  0,
					  AMI_PERM_SECURITY | AMI_PERM_AGENT | AMI_PERM_CALL,
					  EVSTORE_CLS_OTHER };
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		evview_set_classes(v, masks[i]);
		cr_assert_eq(evview_update(v, 0), AMI_OK, "index work needs no budget");
		size_t n = expected(s, masks[i], NULL, want, 200000);
		same(v, want, n);
		struct evview_progress p;
		evview_progress(v, &p);
		cr_assert(p.complete);
	}
	/* the gap marker passes even an empty mask */
	evview_set_classes(v, 0);
	evview_update(v, 0);
	cr_assert_eq(evview_count(v), 1u);
	evview_free(v);
	evstore_free(s);
}

Test(evview, index_filters_and_live_updates)
{
	struct evstore_limits lim = { .budget = 4 << 20, .slab_size = 128 << 10 };
	struct evstore *s = evstore_new(&lim);
	for (unsigned n = 1; n <= 5000; n++)
		push(s, n);
	struct evview *v = evview_new(s);
	struct evfilter *f;
	cr_assert_eq(evfilter_compile("chan:PJSIP/p3* | Cdr", &f, NULL), AMI_OK);
	evview_set_filter(v, f);
	evview_set_classes(v, AMI_PERM_CALL | AMI_PERM_CDR);
	cr_assert_eq(evview_update(v, 0), AMI_OK);
	same(v, want, expected(s, AMI_PERM_CALL | AMI_PERM_CDR, f, want, 200000));
	/* new events are appended, evicted ones dropped, as they happen */
	for (unsigned round = 0; round < 20; round++) {
		for (unsigned n = 0; n < 1500; n++)
			push(s, 5001 + round * 1500 + n);
		cr_assert_eq(evview_update(v, 0), AMI_OK);
		same(v, want, expected(s, AMI_PERM_CALL | AMI_PERM_CDR, f, want, 200000));
	}
	cr_assert_gt(evstore_first(s), 5000u);
	evview_free(v);
	evstore_free(s);
}

Test(evview, content_filters_build_in_steps_newest_first)
{
	struct evstore *s = evstore_new(NULL);
	for (unsigned n = 1; n <= 20000; n++)
		push(s, n);
	struct evview *v = evview_new(s);
	struct evfilter *f;
	cr_assert_eq(evfilter_compile("\"needle\" | Body~^hay.*7$", &f, NULL), AMI_OK);
	evview_set_filter(v, f);
	size_t n = expected(s, 0xffffffffu, f, want, 200000);
	cr_assert_gt(n, 2000u);
	size_t steps = 0;
	enum ami_status r;
	while ((r = evview_update(v, 500)) == AMI_AGAIN) {
		steps++;
		/* what is listed so far is exactly the newest part of the answer */
		size_t c = evview_count(v);
		cr_assert_leq(c, n);
		for (size_t i = 0; i < c; i++)
			cr_assert_eq(evview_at(v, i), want[n - c + i]);
		struct evview_progress p;
		evview_progress(v, &p);
		cr_assert_not(p.complete);
		cr_assert_lt(p.done, p.total);
		/* events keep arriving during the build */
		if (steps == 5) {
			for (unsigned k = 20001; k <= 20100; k++)
				push(s, k);
			n = expected(s, 0xffffffffu, f, want, 200000);
		}
	}
	cr_assert_eq(r, AMI_OK);
	cr_assert_gt(steps, 20u, "20000 content evaluations at 500 per step");
	same(v, want, n);
	/* a budget of zero still makes index-decided progress, never content */
	struct evfilter *g;
	cr_assert_eq(evfilter_compile("Cdr \"needle\"", &g, NULL), AMI_OK);
	evview_set_filter(v, g);
	cr_assert_eq(evview_update(v, 0), AMI_AGAIN);
	cr_assert_eq(evview_count(v), 0u);
	while (evview_update(v, 100) == AMI_AGAIN)
		;
	same(v, want, expected(s, 0xffffffffu, g, want, 200000));
	evview_free(v);
	evstore_free(s);
}

Test(evview, pinned_events_stay_listed_after_eviction)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10 };
	struct evstore *s = evstore_new(&lim);
	for (unsigned n = 1; n <= 100; n++)
		push(s, n);
	cr_assert_eq(evstore_pin(s, 7), AMI_OK);
	cr_assert_eq(evstore_pin(s, 8), AMI_OK);
	struct evview *v = evview_new(s);
	evview_update(v, 0);
	for (unsigned n = 101; n <= 8000; n++)
		push(s, n);
	evview_update(v, 0);
	cr_assert_gt(evstore_first(s), 100u);
	same(v, want, expected(s, 0xffffffffu, NULL, want, 200000));
	cr_assert_eq(evview_at(v, 0), 7u);
	cr_assert_eq(evview_at(v, 1), 8u);
	/* a rebuild finds them too (they are below the ring now) */
	evview_set_classes(v, AMI_PERM_CALL | AMI_PERM_DIALPLAN | AMI_PERM_CDR | AMI_PERM_AGENT |
				  AMI_PERM_DTMF | AMI_PERM_SECURITY);
	evview_update(v, 0);
	same(v, want, expected(s, evview_classes(v), NULL, want, 200000));
	cr_assert_eq(evview_at(v, 0), 7u);
	evstore_unpin(s, 7);
	evview_update(v, 0);
	cr_assert_eq(evview_at(v, 0), 8u);
	evview_free(v);
	evstore_free(s);
}

Test(evview, cursor_follow_pause_and_eviction)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10 };
	struct evstore *s = evstore_new(&lim);
	for (unsigned n = 1; n <= 100; n++)
		push(s, n);
	struct evview *v = evview_new(s);
	evview_update(v, 0);
	uint64_t rows[10];
	size_t sel;
	cr_assert(evview_following(v));
	cr_assert_eq(evview_page(v, 10, rows, &sel), 10u);
	cr_assert_eq(rows[9], 100u);
	cr_assert_eq(sel, 9u);
	cr_assert_eq(evview_selected(v), 100u);
	/* pause on an older row: new events do not move the page */
	evview_move(v, -15);
	cr_assert_not(evview_following(v));
	cr_assert_eq(evview_selected(v), 85u);
	evview_page(v, 10, rows, &sel);
	uint64_t top = rows[0];
	cr_assert_eq(rows[sel], 85u);
	for (unsigned n = 101; n <= 200; n++)
		push(s, n);
	evview_update(v, 0);
	evview_page(v, 10, rows, &sel);
	cr_assert_eq(rows[0], top);
	cr_assert_eq(rows[sel], 85u);
	/* following again jumps to the newest */
	evview_follow(v, true);
	evview_page(v, 10, rows, &sel);
	cr_assert_eq(rows[9], 200u);
	cr_assert_eq(evview_selected(v), 200u);
	/* paused on an event that gets evicted: clamps to the oldest left */
	evview_home(v);
	evview_page(v, 10, rows, &sel);
	cr_assert_eq(rows[0], 1u);
	cr_assert_eq(sel, 0u);
	for (unsigned n = 201; n <= 6000; n++)
		push(s, n);
	evview_update(v, 0);
	evview_page(v, 10, rows, &sel);
	cr_assert_eq(rows[0], evstore_first(s));
	cr_assert_eq(rows[sel], evstore_first(s));
	evview_end(v);
	evview_page(v, 10, rows, &sel);
	cr_assert_eq(rows[sel], 6000u);
	cr_assert_not(evview_following(v));
	evview_move(v, -1000000);
	cr_assert_eq(evview_selected(v), evstore_first(s));
	evview_free(v);
	evstore_free(s);
}

Test(evview, search_next_and_previous)
{
	struct evstore *s = evstore_new(NULL);
	for (unsigned n = 1; n <= 1000; n++)
		push(s, n);
	struct evview *v = evview_new(s);
	evview_update(v, 0);
	evview_select(v, 500);
	struct evfilter *t;
	cr_assert_eq(evfilter_compile("\"needle\"", &t, NULL), AMI_OK);
	evview_search_start(v, t, 1);
	uint64_t found = 0;
	cr_assert_eq(evview_search_step(v, 2, &found), AMI_AGAIN, "501 and 502 only");
	cr_assert(evview_searching(v));
	cr_assert_eq(evview_search_step(v, 100, &found), AMI_OK);
	cr_assert_eq(found, 503u);
	cr_assert_eq(evview_selected(v), 503u);
	cr_assert_eq(evfilter_compile("\"needle\"", &t, NULL), AMI_OK);
	evview_search_start(v, t, -1);
	cr_assert_eq(evview_search_step(v, 100, &found), AMI_OK);
	cr_assert_eq(found, 493u);
	cr_assert_eq(evfilter_compile("\"needle\"", &t, NULL), AMI_OK);
	evview_select(v, 2);
	evview_search_start(v, t, -1);
	cr_assert_eq(evview_search_step(v, 100, &found), AMI_E_NOT_FOUND);
	cr_assert_not(evview_searching(v));
	cr_assert_eq(evview_selected(v), 2u, "selection unchanged");
	evview_free(v);
	evstore_free(s);
}

/* The events of one call: call:<Linkedid> as an index filter. */
Test(evview, events_of_one_call_from_a_real_transcript)
{
	struct mfix f;
	mfix_load(&f, "05c_dial_events_admin");
	struct evstore *s = evstore_new(NULL);
	size_t want_n = 0;
	struct ami_str linked = AMI_STR_NULL;
	for (size_t i = 0; i < f.n; i++) {
		evstore_push(s, f.m[i], (int64_t)i, NULL);
		struct ami_str l = ami_msg_get(f.m[i], "Linkedid");
		if (l.p && !linked.p)
			linked = l;
		want_n += l.p && ami_str_ieq2(l, linked);
	}
	char text[128];
	snprintf(text, sizeof text, "call:%.*s", (int)linked.n, linked.p);
	struct evfilter *flt;
	cr_assert_eq(evfilter_compile(text, &flt, NULL), AMI_OK);
	struct evview *v = evview_new(s);
	evview_set_filter(v, flt);
	cr_assert_eq(evview_update(v, 0), AMI_OK);
	cr_assert_eq(evview_count(v), want_n);
	cr_assert_gt(want_n, 50u, "the whole dial: both Local pairs share the Linkedid");
	evview_free(v);
	evstore_free(s);
	mfix_free(&f);
}
