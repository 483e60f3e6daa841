/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event store: exact bytes, classes, eviction by budget, pins, gaps, scans, accounting. */
#include "model/evstore.h"
#include "mfix.h"

/* A synthetic event of about len bytes for call n, parsed into m (hdrs borrowed). */
static char gbuf[4096];
static struct ami_hdr ghdrs[32];

static const struct ami_msg *gen(struct ami_msg *m, unsigned n, size_t len, const char *priv)
{
	int k = snprintf(gbuf, sizeof gbuf,
			 "Event: Newstate\r\nPrivilege: %s\r\nChannel: PJSIP/u%u-%08x\r\nLinkedid: "
			 "call-%u\r\nPad: ",
			 priv, n % 1000, n / 7, n / 7);
	while ((size_t)k + 4 < len && (size_t)k + 4 < sizeof gbuf) {
		gbuf[k] = (char)('a' + (n + (unsigned)k) % 26);
		k++;
	}
	memcpy(gbuf + k, "\r\n\r\n", 4);
	ami_msg_parse_block(m, gbuf, (size_t)k + 4, ghdrs, 32);
	return m;
}

Test(evstore, keeps_exact_bytes_and_index_keys)
{
	struct mfix f;
	mfix_load(&f, "05_call_events_admin");
	struct evstore *s = evstore_new(NULL);
	uint64_t prev = 0;
	for (size_t i = 0; i < f.n; i++) {
		uint64_t seq;
		cr_assert_eq(evstore_push(s, f.m[i], (int64_t)i * 1000, &seq), AMI_OK);
		cr_assert_eq(seq, prev + 1);
		prev = seq;
	}
	cr_assert_eq(evstore_count(s), f.n);
	cr_assert_eq(evstore_first(s), 1u);
	cr_assert_eq(evstore_last(s), f.n);
	for (size_t i = 0; i < f.n; i++) {
		struct evstore_event ev;
		cr_assert(evstore_get(s, i + 1, &ev));
		cr_assert_eq(ev.len, f.m[i]->rawlen);
		cr_assert(memcmp(ev.raw, f.m[i]->raw, ev.len) == 0);
		cr_assert_eq(ev.raw[ev.len], '\0');
		cr_assert_eq(ev.time_us, (int64_t)i * 1000);
		cr_assert_eq(ev.kind, f.m[i]->kind);
		struct evtab_keys k;
		evtab_keys(f.m[i], &k);
		uint32_t want =
		    f.m[i]->kind == AMI_MSG_EVENT ? evtab_class(k.name, k.privilege) : 0;
		cr_assert_eq(ev.cls, want ? want : EVSTORE_CLS_OTHER);
		cr_assert(ami_str_ieq2(intern_str(evstore_names(s), ev.name), k.name));
		if (k.channel.p && k.channel.n)
			cr_assert(ami_str_eq(intern_str(evstore_chans(s), ev.chan),
					     intern_cstr(evstore_chans(s), ev.chan)) &&
				  ami_str_ieq2(intern_str(evstore_chans(s), ev.chan), k.channel));
		else
			cr_assert_eq(ev.chan, 0u);
		if (k.linkedid.p && k.linkedid.n)
			cr_assert(
			    ami_str_ieq2(intern_str(evstore_calls(s), ev.linked), k.linkedid));
	}
	/* re-parsing gives the same headers */
	struct ami_msg m;
	struct ami_hdr h[64];
	cr_assert(evstore_parse(s, 5, &m, h, 64));
	cr_assert_eq(m.nhdrs, f.m[4]->nhdrs);
	cr_assert(ami_str_ieq2(ami_msg_name(&m), ami_msg_name(f.m[4])));
	cr_assert_not(evstore_get(s, 0, &(struct evstore_event){ 0 }));
	cr_assert_not(evstore_get(s, f.n + 1, &(struct evstore_event){ 0 }));
	evstore_free(s);
	mfix_free(&f);
}

Test(evstore, evicts_oldest_within_budget)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10 };
	struct evstore *s = evstore_new(&lim);
	struct ami_msg m;
	uint64_t raw_total = 0;
	for (unsigned n = 1; n <= 20000; n++) {
		gen(&m, n, 300 + n % 200, "call,all");
		uint64_t seq;
		cr_assert_eq(evstore_push(s, &m, n, &seq), AMI_OK);
		cr_assert_eq(seq, n);
		raw_total += m.rawlen;
		cr_assert_leq(evstore_bytes(s), lim.budget, "at %u", n);
	}
	struct evstore_stats st;
	evstore_stats(s, &st);
	cr_assert_gt(raw_total, 4u * lim.budget, "pushed four budgets' worth");
	cr_assert_gt(st.evicted, 0u);
	cr_assert_eq(st.events + st.evicted, 20000u);
	cr_assert_eq(evstore_last(s), 20000u);
	cr_assert_eq(evstore_first(s), st.evicted + 1, "oldest first, contiguous");
	/* the ring keeps a good share of the budget in events */
	cr_assert_gt(st.raw_bytes, lim.budget / 2);
	cr_assert_not(evstore_get(s, evstore_first(s) - 1, &(struct evstore_event){ 0 }));
	struct evstore_event ev;
	cr_assert(evstore_get(s, evstore_first(s), &ev));
	gen(&m, (unsigned)evstore_first(s), 300 + evstore_first(s) % 200, "call,all");
	cr_assert_eq(ev.len, m.rawlen);
	cr_assert(memcmp(ev.raw, m.raw, m.rawlen) == 0);
	/* interned strings of evicted events are forgotten: tables stay bounded */
	cr_assert_lt(intern_count(evstore_chans(s)), st.events + 1);
	cr_assert_lt(intern_count(evstore_calls(s)), st.events / 7 + 3);
	cr_assert_lt(intern_bytes(evstore_chans(s)), 256u << 10);
	evstore_free(s);
}

Test(evstore, memory_accounting)
{
	struct evstore_limits lim = { .budget = 64 << 20 };
	struct evstore *s = evstore_new(&lim);
	struct ami_msg m;
	uint64_t raw = 0;
	for (unsigned n = 1; n <= 100000; n++) {
		gen(&m, n, 414, "dialplan,all");
		raw += m.rawlen;
		cr_assert_eq(evstore_push(s, &m, n, NULL), AMI_OK);
	}
	struct evstore_stats st;
	evstore_stats(s, &st);
	cr_assert_eq(st.evicted, 0u);
	cr_assert_eq(st.raw_bytes, raw);
	cr_assert_eq(st.used, st.slab_bytes + st.index_bytes + st.pinned_bytes);
	/* slabs hold the bytes (+1 NUL each), the index 36 bytes per event plus a chunk */
	cr_assert_geq(st.slab_bytes, raw + 100000);
	cr_assert_leq(st.index_bytes, 100000u * 36 + 2 * 147456u);
	double raw_per = (double)raw / 100000.0;
	cr_assert_lt(st.bytes_per_event, raw_per * 1.25, "%.1f vs %.1f", st.bytes_per_event,
		     raw_per);
	cr_assert_gt(st.bytes_per_event, raw_per);
	cr_assert_leq(st.used, lim.budget);
	evstore_free(s);
}

Test(evstore, pinned_events_survive_eviction)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10, .max_pinned = 3 };
	struct evstore *s = evstore_new(&lim);
	struct ami_msg m;
	for (unsigned n = 1; n <= 10; n++)
		evstore_push(s, gen(&m, n, 400, "call,all"), n, NULL);
	cr_assert_eq(evstore_pin(s, 2), AMI_OK);
	cr_assert_eq(evstore_pin(s, 2), AMI_OK, "idempotent");
	cr_assert_eq(evstore_pin(s, 5), AMI_OK);
	cr_assert_eq(evstore_pin(s, 9), AMI_OK);
	cr_assert_eq(evstore_pin(s, 10), AMI_E_FULL);
	cr_assert_eq(evstore_pin(s, 99), AMI_E_NOT_FOUND);
	cr_assert_eq(evstore_unpin(s, 9), AMI_OK);
	for (unsigned n = 11; n <= 20000; n++)
		evstore_push(s, gen(&m, n, 400, "call,all"), n, NULL);
	cr_assert_gt(evstore_first(s), 100u);
	cr_assert_eq(evstore_pinned_count(s), 2u);
	cr_assert_eq(evstore_pinned_at(s, 0), 2u);
	cr_assert_eq(evstore_pinned_at(s, 1), 5u);
	struct evstore_event ev;
	cr_assert(evstore_get(s, 5, &ev));
	gen(&m, 5, 400, "call,all");
	cr_assert_eq(ev.len, m.rawlen);
	cr_assert(memcmp(ev.raw, m.raw, m.rawlen) == 0);
	cr_assert_eq(ev.raw[ev.len], '\0');
	cr_assert(ev.flags & EVSTORE_F_PINNED);
	cr_assert(ev.flags & EVSTORE_F_EVICTED);
	cr_assert_eq(ev.time_us, 5);
	cr_assert_str_eq(intern_cstr(evstore_chans(s), ev.chan), "PJSIP/u5-00000000",
			 "its interned names stay alive");
	cr_assert_not(evstore_get(s, 9, &ev), "unpinned before eviction: gone");
	cr_assert_not(evstore_get(s, 3, &ev));
	struct evstore_stats st;
	evstore_stats(s, &st);
	cr_assert_eq(st.pinned, 2u);
	cr_assert_gt(st.pinned_bytes, 2u * 400);
	/* unpinning an evicted event lets it go */
	cr_assert_eq(evstore_unpin(s, 2), AMI_OK);
	cr_assert_not(evstore_get(s, 2, &ev));
	cr_assert_eq(evstore_pinned_count(s), 1u);
	cr_assert_eq(evstore_unpin(s, 2), AMI_E_NOT_FOUND);
	evstore_free(s);
}

Test(evstore, gap_markers)
{
	struct evstore *s = evstore_new(NULL);
	struct ami_msg m;
	evstore_push(s, gen(&m, 1, 200, "call,all"), 10, NULL);
	uint64_t seq;
	cr_assert_eq(
	    evstore_push_gap(s, EVSTORE_GAP_CONNECTION_LOST, 0, "read: reset\r\nby peer", 20, &seq),
	    AMI_OK);
	cr_assert_eq(seq, 2u);
	evstore_push_gap(s, EVSTORE_GAP_DROPPED, 17, NULL, 30, NULL);
	struct evstore_event ev;
	cr_assert(evstore_get(s, 2, &ev));
	cr_assert(ev.flags & EVSTORE_F_GAP);
	cr_assert_eq(ev.cls, EVSTORE_CLS_NOTE);
	cr_assert_eq(ev.time_us, 20);
	struct ami_hdr h[8];
	cr_assert(evstore_parse(s, 2, &m, h, 8));
	cr_assert(ami_str_eq(ami_msg_name(&m), "Gap"));
	cr_assert(
	    ami_str_eq(ami_msg_get(&m, "Reason"), evstore_gap_text(EVSTORE_GAP_CONNECTION_LOST)));
	cr_assert(ami_str_eq(ami_msg_get(&m, "Detail"), "read: reset  by peer"));
	cr_assert(evstore_parse(s, 3, &m, h, 8));
	cr_assert(ami_str_eq(ami_msg_get(&m, "Missing"), "17"));
	cr_assert_str_eq(evstore_gap_text(EVSTORE_GAP_DROPPED), "events dropped");
	evstore_free(s);
}

Test(evstore, refuses_what_cannot_fit_and_shrinks)
{
	struct evstore_limits lim = { .budget = 1 << 20 };
	struct evstore *s = evstore_new(&lim);
	static char big[300 << 10];
	memset(big, 'x', sizeof big);
	memcpy(big, "Event: Big\r\nData: ", 18);
	memcpy(big + sizeof big - 4, "\r\n\r\n", 4);
	struct ami_msg m;
	struct ami_hdr h[4];
	ami_msg_parse_block(&m, big, sizeof big, h, 4);
	cr_assert_eq(evstore_push(s, &m, 1, NULL), AMI_E_FULL);
	struct evstore_stats st;
	evstore_stats(s, &st);
	cr_assert_eq(st.refused, 1u);
	cr_assert_eq(evstore_count(s), 0u);
	/* a large event below the limit gets a slab of its own */
	ami_msg_parse_block(&m, big, 200 << 10, h, 4);
	cr_assert_eq(evstore_push(s, &m, 2, NULL), AMI_OK);
	for (unsigned n = 0; n < 3000; n++)
		evstore_push(s, gen(&m, n, 300, "call,all"), 3, NULL);
	evstore_set_budget(s, 1 << 20);
	size_t before = evstore_count(s);
	cr_assert_leq(evstore_bytes(s), 1u << 20);
	evstore_set_budget(s, 1); /* clamped to the 1 MiB minimum: nothing to do */
	cr_assert_eq(evstore_count(s), before);
	evstore_free(s);
}

struct scan_ctx {
	uint64_t seen[64];
	size_t n;
	size_t stop_after;
};

static bool collect(void *ctx, uint64_t seq, const struct evstore_keys *k)
{
	struct scan_ctx *c = ctx;
	c->seen[c->n++] = seq;
	return c->n < c->stop_after;
}

Test(evstore, scans_match_a_brute_force_walk)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10 };
	struct evstore *s = evstore_new(&lim);
	struct ami_msg m;
	static const char *const privs[] = { "call,all", "dialplan,all", "cdr,all", "user,all" };
	for (unsigned n = 1; n <= 9000; n++) /* spans several index chunks, with evictions */
		evstore_push(s, gen(&m, n, 200, privs[(n * 7) % 4]), n, NULL);
	uint64_t first = evstore_first(s), last = evstore_last(s);
	cr_assert_gt(first, 1u);
	uint32_t mask = AMI_PERM_CDR | AMI_PERM_USER;
	/* upward from before the ring, resumable */
	struct scan_ctx c = { .stop_after = 64 };
	uint64_t next = evstore_scan(s, 0, last, mask, collect, &c);
	uint64_t want = first;
	for (size_t i = 0; i < c.n; i++, want++) {
		struct evstore_keys k;
		while (evstore_keys_of(s, want, &k) && !(k.cls & mask))
			want++;
		cr_assert_eq(c.seen[i], want);
	}
	cr_assert_eq(next, c.seen[63] + 1);
	/* downward from past the end */
	c = (struct scan_ctx){ .stop_after = 64 };
	evstore_scan(s, last + 100, first, mask, collect, &c);
	want = last;
	for (size_t i = 0; i < c.n; i++, want--) {
		struct evstore_keys k;
		while (evstore_keys_of(s, want, &k) && !(k.cls & mask))
			want--;
		cr_assert_eq(c.seen[i], want);
	}
	/* a full count agrees with a walk over every seq */
	size_t brute = 0;
	for (uint64_t q = first; q <= last; q++) {
		struct evstore_keys k;
		cr_assert(evstore_keys_of(s, q, &k));
		brute += (k.cls & AMI_PERM_CALL) != 0;
	}
	c = (struct scan_ctx){ .stop_after = SIZE_MAX };
	size_t count = 0;
	for (uint64_t q = first; q <= last;) {
		c.n = 0;
		c.stop_after = 64;
		q = evstore_scan(s, q, last, AMI_PERM_CALL, collect, &c);
		count += c.n;
		if (c.n < 64)
			break;
	}
	cr_assert_eq(count, brute);
	/* nothing in range: the returned resume point is sane */
	c = (struct scan_ctx){ .stop_after = 64 };
	cr_assert_eq(evstore_scan(s, last, last, 0, collect, &c), last + 1);
	cr_assert_eq(c.n, 0u);
	evstore_free(s);
}
