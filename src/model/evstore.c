/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event store: a ring of index chunks over an arena of slabs, evicted oldest slab first. */
#include "model/evstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes_int.h"
#include "evstore_int.h"

static size_t pick_slab_size(size_t budget, size_t want)
{
	size_t s = want ? want : budget / 32;
	if (s < MIN_SLAB)
		s = MIN_SLAB;
	if (s > MAX_SLAB && !want)
		s = MAX_SLAB;
	return s;
}

struct evstore *evstore_new(const struct evstore_limits *lim)
{
	struct evstore *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (lim)
		s->lim = *lim;
	if (s->lim.budget == 0)
		s->lim.budget = DEFAULT_BUDGET;
	if (s->lim.budget < MIN_BUDGET)
		s->lim.budget = MIN_BUDGET;
	s->lim.slab_size = pick_slab_size(s->lim.budget, s->lim.slab_size);
	if (s->lim.max_pinned == 0)
		s->lim.max_pinned = 1024;
	if (s->lim.max_chans == 0)
		s->lim.max_chans = 262144;
	if (s->lim.max_calls == 0)
		s->lim.max_calls = 262144;
	s->first = 1;
	s->last = 0;
	s->names = intern_new(MAX_NAMES);
	s->chans = intern_new(s->lim.max_chans);
	s->calls = intern_new(s->lim.max_calls);
	s->dir = calloc(16, sizeof *s->dir);
	s->dmask = 15;
	s->slabs = calloc(16, sizeof *s->slabs);
	s->smask = 15;
	if (!s->names || !s->chans || !s->calls || !s->dir || !s->slabs) {
		evstore_free(s);
		return NULL;
	}
	return s;
}

void evstore_free(struct evstore *s)
{
	if (!s)
		return;
	if (s->dir)
		for (uint64_t c = s->cfirst; c < s->cfirst + s->nchunks; c++)
			free(s->dir[c & s->dmask]);
	if (s->slabs && s->have_slab)
		for (uint32_t i = s->sfirst; i != s->scur + 1; i++)
			free(s->slabs[i & s->smask].mem);
	for (size_t i = 0; i < s->npins; i++)
		free(s->pins[i].raw);
	free(s->pins);
	free(s->spare);
	free(s->cspare);
	free(s->dir);
	free(s->slabs);
	intern_free(s->names);
	intern_free(s->chans);
	intern_free(s->calls);
	free(s);
}

/* ---- pinned set ---- */

/* Copy an evicted pinned event out of its slab; on failure it is simply lost. */
static void pin_copy_out(struct evstore *s, uint64_t seq, const struct ent *e, uint32_t cls,
			 const char *raw)
{
	if (s->npins == s->pincap) {
		size_t nc = s->pincap ? s->pincap * 2 : 16;
		struct pinned *np = realloc(s->pins, nc * sizeof *np);
		if (!np)
			goto lost;
		s->pins = np;
		s->pincap = nc;
	}
	char *copy = malloc(e->len + 1u);
	if (!copy)
		goto lost;
	memcpy(copy, raw, e->len + 1u);
	struct pinned *p = &s->pins[s->npins++];
	*p = (struct pinned){ seq, *e, cls, copy };
	p->e.flags |= EVSTORE_F_EVICTED;
	s->pinned_bytes += e->len + 1u + sizeof *p;
	return;
lost:
	s->pinned_total--;
	unref_ent(s, e);
}

/* ---- eviction ---- */

/* Chunks wholly before first go (first == last + 1 when the ring is empty). */
static void free_old_chunks(struct evstore *s)
{
	uint64_t keep = s->first >> CHUNK_SHIFT;
	while (s->nchunks && s->cfirst < keep) {
		struct chunk *c = s->dir[s->cfirst & s->dmask];
		s->dir[s->cfirst & s->dmask] = NULL;
		s->cfirst++;
		s->nchunks--;
		if (!s->cspare) {
			s->cspare = c; /* still counted in index_bytes */
		} else {
			free(c);
			s->index_bytes -= sizeof(struct chunk);
		}
	}
}

static void release_slab(struct evstore *s, struct slab *sl)
{
	s->slab_bytes -= sl->size;
	if (!s->spare && sl->size == s->lim.slab_size) {
		s->spare = sl->mem;
		s->slab_bytes += sl->size; /* the spare still counts: it is resident */
	} else {
		free(sl->mem);
	}
	sl->mem = NULL;
}

/* Evict every event of the oldest slab and release it. false when nothing is left. */
static bool evict_oldest_slab(struct evstore *s)
{
	if (!s->have_slab)
		return false;
	uint32_t serial = s->sfirst;
	struct slab *sl = &s->slabs[serial & s->smask];
	while (s->first <= s->last) {
		struct chunk *c = chunk_of(s, s->first);
		struct ent *e = &c->ent[s->first & CHUNK_MASK];
		if (e->slab != serial)
			break;
		if (e->flags & EVSTORE_F_PINNED)
			pin_copy_out(s, s->first, e, c->cls[s->first & CHUNK_MASK],
				     sl->mem + e->off);
		else
			unref_ent(s, e);
		s->raw_bytes -= e->len;
		s->evicted++;
		s->first++;
	}
	free_old_chunks(s);
	release_slab(s, sl);
	if (serial == s->scur)
		s->have_slab = false;
	else
		s->sfirst++;
	s->gen++;
	return true;
}

/* Evict until `extra` more bytes fit in the budget (or nothing is left to evict). */
static void make_room(struct evstore *s, size_t extra)
{
	while (used(s) + extra > s->lim.budget && evict_oldest_slab(s))
		;
}

/* ---- allocation of slabs and chunks ---- */

static bool grow_slab_ring(struct evstore *s)
{
	uint32_t n = s->scur - s->sfirst + 1;
	if (n <= s->smask)
		return true;
	uint32_t ncap = (s->smask + 1) * 2;
	struct slab *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return false;
	for (uint32_t i = s->sfirst; i != s->scur + 1; i++)
		ns[i & (ncap - 1)] = s->slabs[i & s->smask];
	free(s->slabs);
	s->slabs = ns;
	s->smask = ncap - 1;
	return true;
}

/*
 * A slab with room for need bytes becomes the current one. The spare is counted in
 * the budget already, so a standard slab needs no extra room once a spare exists,
 * and the first eviction usually provides one: steady state touches no new pages.
 */
static enum ami_status new_slab(struct evstore *s, size_t need)
{
	size_t size = need > s->lim.slab_size ? need : s->lim.slab_size;
	bool std = size == s->lim.slab_size;
	while (used(s) + ((std && s->spare) ? 0 : size) > s->lim.budget && evict_oldest_slab(s))
		;
	bool reuse = std && s->spare;
	char *mem = reuse ? s->spare : malloc(size);
	if (!mem)
		return AMI_E_NOMEM;
	if (reuse)
		s->spare = NULL;
	else
		s->slab_bytes += size;
	if (s->have_slab) {
		s->scur++;
		if (!grow_slab_ring(s)) {
			s->scur--;
			free(mem);
			s->slab_bytes -= reuse ? 0 : size;
			return AMI_E_NOMEM;
		}
	} else {
		s->sfirst = s->scur = s->scur + 1;
		s->have_slab = true;
	}
	s->slabs[s->scur & s->smask] = (struct slab){ mem, size, 0 };
	return AMI_OK;
}

static bool grow_dir(struct evstore *s)
{
	if (s->nchunks <= s->dmask)
		return true;
	uint64_t ncap = (s->dmask + 1) * 2;
	struct chunk **nd = calloc(ncap, sizeof *nd);
	if (!nd)
		return false;
	for (uint64_t c = s->cfirst; c < s->cfirst + s->nchunks; c++)
		nd[c & (ncap - 1)] = s->dir[c & s->dmask];
	free(s->dir);
	s->dir = nd;
	s->dmask = ncap - 1;
	return true;
}

/*
 * Make sure the chunk for seq (= last + 1) exists. Eviction while making room never
 * drops it: chunks before first >> CHUNK_SHIFT go, and first <= seq.
 */
static enum ami_status ensure_chunk(struct evstore *s, uint64_t seq)
{
	uint64_t cn = seq >> CHUNK_SHIFT;
	if (s->nchunks && cn < s->cfirst + s->nchunks)
		return AMI_OK;
	while (used(s) + (s->cspare ? 0 : sizeof(struct chunk)) > s->lim.budget &&
	       evict_oldest_slab(s))
		;
	struct chunk *c = s->cspare;
	if (c) {
		s->cspare = NULL;
		s->index_bytes -= sizeof *c; /* added back below */
	} else if (!(c = malloc(sizeof *c))) {
		return AMI_E_NOMEM;
	}
	if (s->nchunks == 0)
		s->cfirst = cn;
	s->nchunks++;
	if (!grow_dir(s)) {
		s->nchunks--;
		free(c);
		return AMI_E_NOMEM;
	}
	s->dir[(seq >> CHUNK_SHIFT) & s->dmask] = c;
	s->index_bytes += sizeof *c;
	return AMI_OK;
}

/* ---- push ---- */

uint32_t evstore_class_of(struct evstore *s, const struct evtab_keys *k)
{
	struct ami_str p = k->privilege;
	if (p.p && p.n < sizeof s->priv[0].text) {
		for (unsigned i = 0; i < 8; i++)
			if (s->priv[i].len == p.n && bytes_eq(s->priv[i].text, p.p, p.n))
				return s->priv[i].mask ? s->priv[i].mask : evtab_class(k->name, p);
		unsigned i = s->priv_next++ & 7u;
		memcpy(s->priv[i].text, p.p, p.n);
		s->priv[i].len = (uint32_t)p.n;
		s->priv[i].mask = ami_perm_from_privilege(p, NULL);
	}
	return evtab_class(k->name, p);
}

static enum ami_status store(struct evstore *s, const char *raw, size_t len, uint32_t cls,
			     const struct evtab_keys *k, unsigned flags, enum ami_msg_kind kind,
			     int64_t time_us, uint64_t *seq)
{
	if (len + 1 > s->lim.budget / 4 || len > UINT32_MAX - 1) {
		s->refused++;
		return AMI_E_FULL;
	}
	/* the chunk first: evicting for the slab can then never drop it (see ensure_chunk) */
	uint64_t q = s->last + 1;
	enum ami_status st = ensure_chunk(s, q);
	if (st != AMI_OK)
		return st;
	struct slab *sl = s->have_slab ? &s->slabs[s->scur & s->smask] : NULL;
	if (!sl || sl->size - sl->used < len + 1) {
		st = new_slab(s, len + 1);
		if (st != AMI_OK)
			return st;
		sl = &s->slabs[s->scur & s->smask];
	}
	memcpy(sl->mem + sl->used, raw, len);
	sl->mem[sl->used + len] = '\0';
	struct chunk *c = chunk_of(s, q);
	c->cls[q & CHUNK_MASK] = cls;
	uint32_t name = intern_get(s->names, k->name);
	c->ent[q & CHUNK_MASK] = (struct ent){
		.time_us = time_us,
		.slab = s->scur,
		.off = (uint32_t)sl->used,
		.len = (uint32_t)len,
		.chan = intern_get(s->chans, k->channel),
		.linked = intern_get(s->calls, k->linkedid),
		.name = (uint16_t)name,
		.flags = (uint8_t)flags,
		.kind = (uint8_t)kind,
	};
	sl->used += len + 1;
	s->last = q;
	s->raw_bytes += len;
	s->pushed++;
	s->gen++;
	if (seq)
		*seq = q;
	return AMI_OK;
}

enum ami_status evstore_push_keys(struct evstore *s, const struct ami_msg *m,
				  const struct evtab_keys *k, uint32_t cls, int64_t time_us,
				  uint64_t *seq)
{
	if (cls == 0)
		cls = EVSTORE_CLS_OTHER;
	return store(s, m->raw, m->rawlen, cls, k, 0, m->kind, time_us, seq);
}

enum ami_status evstore_push(struct evstore *s, const struct ami_msg *m, int64_t time_us,
			     uint64_t *seq)
{
	struct evtab_keys k;
	evtab_keys(m, &k);
	uint32_t cls = m->kind == AMI_MSG_EVENT ? evstore_class_of(s, &k) : 0;
	return evstore_push_keys(s, m, &k, cls, time_us, seq);
}

static const char *const gap_texts[] = {
#define EVSTORE_GAP_TEXT(name, text) text,
	EVSTORE_GAP_INFO(EVSTORE_GAP_TEXT)
#undef EVSTORE_GAP_TEXT
};

const char *evstore_gap_text(enum evstore_gap reason)
{
	return (unsigned)reason < sizeof gap_texts / sizeof gap_texts[0] ? gap_texts[reason] : "?";
}

enum ami_status evstore_push_gap(struct evstore *s, enum evstore_gap reason, uint64_t missing,
				 const char *detail, int64_t time_us, uint64_t *seq)
{
	char text[512], clean[256];
	size_t n = 0;
	/* the detail becomes a header value: no line breaks may survive */
	for (const char *d = detail ? detail : ""; *d && n + 1 < sizeof clean; d++)
		clean[n++] = (*d == '\r' || *d == '\n') ? ' ' : *d;
	clean[n] = '\0';
	int len = snprintf(text, sizeof text,
			   "Event: Gap\r\nReason: %s\r\nMissing: %llu\r\nDetail: %s\r\n\r\n",
			   evstore_gap_text(reason), (unsigned long long)missing, clean);
	struct evtab_keys k = { .name = ami_str_c("Gap") };
	return store(s, text, (size_t)len, EVSTORE_CLS_NOTE, &k, EVSTORE_F_GAP, AMI_MSG_EVENT,
		     time_us, seq);
}

void evstore_set_budget(struct evstore *s, size_t budget)
{
	s->lim.budget = budget ? budget : DEFAULT_BUDGET;
	if (s->lim.budget < MIN_BUDGET)
		s->lim.budget = MIN_BUDGET;
	make_room(s, 0);
}
