/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event store's read side: lookups, pins, accounting and class-column scans. */
#include "model/evstore.h"
#include "evstore_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

static void fill(const struct evstore *s, uint64_t seq, const struct ent *e, uint32_t cls,
		 const char *raw, struct evstore_event *out)
{
	*out = (struct evstore_event){
		.seq = seq,
		.time_us = e->time_us,
		.cls = cls,
		.name = e->name,
		.chan = e->chan,
		.linked = e->linked,
		.flags = e->flags,
		.kind = (enum ami_msg_kind)e->kind,
		.raw = raw,
		.len = e->len,
	};
}

bool evstore_get(const struct evstore *s, uint64_t seq, struct evstore_event *out)
{
	if (seq >= s->first && seq <= s->last) {
		const struct chunk *c = chunk_of(s, seq);
		const struct ent *e = &c->ent[seq & CHUNK_MASK];
		const struct slab *sl = &s->slabs[e->slab & s->smask];
		fill(s, seq, e, c->cls[seq & CHUNK_MASK], sl->mem + e->off, out);
		return true;
	}
	const struct pinned *p = pin_find(s, seq);
	if (!p)
		return false;
	fill(s, seq, &p->e, p->cls, p->raw, out);
	return true;
}

bool evstore_parse(const struct evstore *s, uint64_t seq, struct ami_msg *m, struct ami_hdr *hdrs,
		   uint32_t cap)
{
	struct evstore_event ev;
	if (!evstore_get(s, seq, &ev))
		return false;
	ami_msg_parse_block(m, ev.raw, ev.len, hdrs, cap);
	return true;
}

uint64_t evstore_first(const struct evstore *s)
{
	return s->first;
}

uint64_t evstore_last(const struct evstore *s)
{
	return s->last;
}

size_t evstore_count(const struct evstore *s)
{
	return s->first > s->last ? 0 : (size_t)(s->last - s->first + 1);
}

size_t evstore_pinned_count(const struct evstore *s)
{
	return s->npins;
}

uint64_t evstore_pinned_at(const struct evstore *s, size_t i)
{
	return i < s->npins ? s->pins[i].seq : 0;
}

/* ---- pins ---- */

enum ami_status evstore_pin(struct evstore *s, uint64_t seq)
{
	if (pin_find(s, seq))
		return AMI_OK;
	if (seq < s->first || seq > s->last)
		return AMI_E_NOT_FOUND;
	struct ent *e = ent_of(s, seq);
	if (e->flags & EVSTORE_F_PINNED)
		return AMI_OK;
	if (s->pinned_total >= s->lim.max_pinned)
		return AMI_E_FULL;
	e->flags |= EVSTORE_F_PINNED;
	s->pinned_total++;
	s->gen++;
	return AMI_OK;
}

enum ami_status evstore_unpin(struct evstore *s, uint64_t seq)
{
	struct pinned *p = pin_find(s, seq);
	if (p) {
		/* out of the ring already: unpinning lets it go */
		s->pinned_bytes -= p->e.len + 1u + sizeof *p;
		unref_ent(s, &p->e);
		free(p->raw);
		size_t i = (size_t)(p - s->pins);
		memmove(p, p + 1, (s->npins - i - 1) * sizeof *p);
		s->npins--;
		s->pinned_total--;
		s->gen++;
		return AMI_OK;
	}
	if (seq < s->first || seq > s->last)
		return AMI_E_NOT_FOUND;
	struct ent *e = ent_of(s, seq);
	if (e->flags & EVSTORE_F_PINNED) {
		e->flags &= (uint8_t)~EVSTORE_F_PINNED;
		s->pinned_total--;
		s->gen++;
	}
	return AMI_OK;
}

/* ---- budget and accounting ---- */

size_t evstore_bytes(const struct evstore *s)
{
	return (size_t)used(s);
}

void evstore_stats(const struct evstore *s, struct evstore_stats *out)
{
	uint64_t n = evstore_count(s);
	*out = (struct evstore_stats){
		.events = n,
		.pinned = s->pinned_total,
		.raw_bytes = s->raw_bytes,
		.slab_bytes = s->slab_bytes,
		.index_bytes = s->index_bytes,
		.pinned_bytes = s->pinned_bytes,
		.intern_bytes =
		    intern_bytes(s->names) + intern_bytes(s->chans) + intern_bytes(s->calls),
		.used = used(s),
		.budget = s->lim.budget,
		.pushed = s->pushed,
		.evicted = s->evicted,
		.refused = s->refused,
		.bytes_per_event = n ? (double)(s->slab_bytes + s->index_bytes) / (double)n : 0,
	};
}

uint64_t evstore_generation(const struct evstore *s)
{
	return s->gen;
}

const struct intern *evstore_names(const struct evstore *s)
{
	return s->names;
}

const struct intern *evstore_chans(const struct evstore *s)
{
	return s->chans;
}

const struct intern *evstore_calls(const struct evstore *s)
{
	return s->calls;
}

/* ---- scans ---- */

static void keys_from(const struct ent *e, uint32_t cls, struct evstore_keys *k)
{
	*k = (struct evstore_keys){ cls, e->name, e->chan, e->linked, e->flags };
}

bool evstore_keys_of(const struct evstore *s, uint64_t seq, struct evstore_keys *out)
{
	if (seq < s->first || seq > s->last)
		return false;
	const struct chunk *c = chunk_of(s, seq);
	keys_from(&c->ent[seq & CHUNK_MASK], c->cls[seq & CHUNK_MASK], out);
	return true;
}

static uint64_t scan_up(const struct evstore *s, uint64_t from, uint64_t to, uint32_t mask,
			evstore_scan_fn fn, void *ctx)
{
	if (from < s->first)
		from = s->first;
	if (to > s->last)
		to = s->last;
	uint64_t q = from;
	while (q <= to && q >= s->first) {
		const struct chunk *c = chunk_of(s, q);
		uint64_t end = (q | CHUNK_MASK) < to ? (q | CHUNK_MASK) : to;
		/* the tight loop reads only the class column */
		for (; q <= end; q++) {
			uint32_t cls = c->cls[q & CHUNK_MASK];
			if (!(cls & mask))
				continue;
			struct evstore_keys k;
			keys_from(&c->ent[q & CHUNK_MASK], cls, &k);
			if (!fn(ctx, q, &k))
				return q + 1;
		}
	}
	return q;
}

static uint64_t scan_down(const struct evstore *s, uint64_t from, uint64_t to, uint32_t mask,
			  evstore_scan_fn fn, void *ctx)
{
	if (from > s->last)
		from = s->last;
	if (to < s->first)
		to = s->first;
	if (from < to)
		return from;
	for (uint64_t q = from;; q--) {
		const struct chunk *c = chunk_of(s, q);
		uint64_t low = q & ~(uint64_t)CHUNK_MASK;
		if (low < to)
			low = to;
		for (;; q--) {
			uint32_t cls = c->cls[q & CHUNK_MASK];
			if (cls & mask) {
				struct evstore_keys k;
				keys_from(&c->ent[q & CHUNK_MASK], cls, &k);
				if (!fn(ctx, q, &k))
					return q - 1;
			}
			if (q == low)
				break;
		}
		if (q == to)
			return q - 1;
	}
}

uint64_t evstore_scan(const struct evstore *s, uint64_t from, uint64_t to, uint32_t mask,
		      evstore_scan_fn fn, void *ctx)
{
	if (s->first > s->last)
		return from;
	return from <= to ? scan_up(s, from, to, mask, fn, ctx)
			  : scan_down(s, from, to, mask, fn, ctx);
}
