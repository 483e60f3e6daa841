/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String interning: an id-indexed entry array plus an open-addressing hash of ids. */
#include "model/intern.h"
#include "bytes_int.h"

#include <stdlib.h>
#include <string.h>

#define MIN_SLOTS 64u
#define CACHE_BITS 8u
#define CACHE (1u << CACHE_BITS)

struct entry {
	char *s; /* owned, NUL-terminated; NULL for a free id */
	uint32_t len;
	uint32_t hash;
	uint32_t refs;
	uint32_t aux;
};

struct intern {
	struct entry *ent; /* ent[0] unused: id 0 is "none" */
	uint32_t nent;	   /* ids handed out so far + 1 (fresh ids start here) */
	uint32_t entcap;
	uint32_t max_ids;
	uint32_t *freeids; /* forgotten ids, reused first */
	uint32_t nfree;
	uint32_t freecap;
	uint32_t *slots; /* hash slots holding ids, 0 = empty; power of two */
	uint32_t mask;
	uint32_t live;
	uint64_t gen;
	uint64_t overflows;
	size_t strbytes;
	/*
	 * Ids looked up lately, direct-mapped on the length and the last bytes (where
	 * channel names and Uniqueids differ): events repeat a few strings in a row, and
	 * a hit costs one compare instead of a full hash and probe.
	 */
	uint32_t cache[CACHE];
};

static unsigned cache_slot(const char *p, size_t n)
{
	uint32_t w = n >= 4 ? bytes_load4(p + n - 4)
			    : (uint32_t)(unsigned char)p[0] << 8 ^ (unsigned char)p[n - 1];
	return ((w ^ (uint32_t)n << 27) * 0x9e3779b1u) >> (32u - CACHE_BITS);
}

/* A fast non-cryptographic hash, 8 bytes per step. */
static uint32_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return (uint32_t)h;
}

struct intern *intern_new(uint32_t max_ids)
{
	if (max_ids < 1 || max_ids > (1u << 31))
		return NULL;
	struct intern *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->max_ids = max_ids;
	t->nent = 1;
	t->slots = calloc(MIN_SLOTS, sizeof *t->slots);
	if (!t->slots) {
		free(t);
		return NULL;
	}
	t->mask = MIN_SLOTS - 1;
	return t;
}

void intern_free(struct intern *t)
{
	if (!t)
		return;
	for (uint32_t i = 1; i < t->nent; i++)
		free(t->ent[i].s);
	free(t->ent);
	free(t->freeids);
	free(t->slots);
	free(t);
}

static uint32_t *probe(const struct intern *t, const char *p, size_t n, uint32_t h)
{
	for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
		uint32_t id = t->slots[i];
		if (id == 0)
			return &t->slots[i];
		const struct entry *e = &t->ent[id];
		if (e->hash == h && e->len == n && bytes_eq(e->s, p, n))
			return &t->slots[i];
	}
}

uint32_t intern_find(const struct intern *t, struct ami_str s)
{
	if (!s.p || s.n == 0)
		return 0;
	return *probe(t, s.p, s.n, hash_bytes(s.p, s.n));
}

static bool rehash(struct intern *t, uint32_t nslots)
{
	uint32_t *ns = calloc(nslots, sizeof *ns);
	if (!ns)
		return false;
	for (uint32_t i = 0; i <= t->mask; i++) {
		uint32_t id = t->slots[i];
		if (!id)
			continue;
		uint32_t j = t->ent[id].hash & (nslots - 1);
		while (ns[j])
			j = (j + 1) & (nslots - 1);
		ns[j] = id;
	}
	free(t->slots);
	t->slots = ns;
	t->mask = nslots - 1;
	return true;
}

/* A free id (reused or fresh), with room in the entry array; 0 when none. */
static uint32_t new_id(struct intern *t)
{
	if (t->nfree)
		return t->freeids[--t->nfree];
	if (t->nent > t->max_ids)
		return 0;
	if (t->nent >= t->entcap) {
		uint32_t nc = t->entcap ? t->entcap * 2 : 64;
		if (nc > t->max_ids + 1)
			nc = t->max_ids + 1;
		struct entry *ne = realloc(t->ent, (size_t)nc * sizeof *ne);
		if (!ne)
			return 0;
		t->ent = ne;
		t->entcap = nc;
	}
	t->ent[t->nent] = (struct entry){ 0 };
	return t->nent++;
}

static bool push_free(struct intern *t, uint32_t id)
{
	if (t->nfree == t->freecap) {
		uint32_t nc = t->freecap ? t->freecap * 2 : 64;
		uint32_t *nf = realloc(t->freeids, (size_t)nc * sizeof *nf);
		if (!nf)
			return false;
		t->freeids = nf;
		t->freecap = nc;
	}
	t->freeids[t->nfree++] = id;
	return true;
}

uint32_t intern_get(struct intern *t, struct ami_str s)
{
	if (!s.p || s.n == 0)
		return 0;
	unsigned c = cache_slot(s.p, s.n);
	uint32_t id = t->cache[c];
	if (id) {
		struct entry *e = &t->ent[id];
		if (e->len == s.n && bytes_eq(e->s, s.p, s.n)) {
			e->refs++;
			return id;
		}
	}
	uint32_t h = hash_bytes(s.p, s.n);
	uint32_t *slot = probe(t, s.p, s.n, h);
	if (*slot) {
		t->ent[*slot].refs++;
		t->cache[c] = *slot;
		return *slot;
	}
	/* keep the load under 1/2 so probes stay short */
	if ((t->live + 1) * 2 > t->mask + 1) {
		if (!rehash(t, (t->mask + 1) * 2))
			goto overflow;
		slot = probe(t, s.p, s.n, h);
	}
	id = new_id(t);
	char *copy = id ? malloc(s.n + 1) : NULL;
	if (!copy) {
		if (id)
			push_free(t, id);
		goto overflow;
	}
	memcpy(copy, s.p, s.n);
	copy[s.n] = '\0';
	t->ent[id] = (struct entry){ copy, (uint32_t)s.n, h, 1, 0 };
	*slot = id;
	t->cache[c] = id;
	t->live++;
	t->strbytes += s.n + 1;
	return id;
overflow:
	t->overflows++;
	return 0;
}

void intern_ref(struct intern *t, uint32_t id)
{
	if (id && id < t->nent && t->ent[id].s)
		t->ent[id].refs++;
}

/* Remove id from the hash with backward-shift deletion (no tombstones). */
static void unslot(struct intern *t, uint32_t id)
{
	uint32_t i = t->ent[id].hash & t->mask;
	while (t->slots[i] != id)
		i = (i + 1) & t->mask;
	for (uint32_t j = (i + 1) & t->mask; t->slots[j]; j = (j + 1) & t->mask) {
		uint32_t home = t->ent[t->slots[j]].hash & t->mask;
		/* move slots[j] into the hole at i unless its home lies in (i, j] */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i] = 0;
}

void intern_unref(struct intern *t, uint32_t id)
{
	if (!id || id >= t->nent || !t->ent[id].s || --t->ent[id].refs)
		return;
	unslot(t, id);
	unsigned c = cache_slot(t->ent[id].s, t->ent[id].len);
	if (t->cache[c] == id)
		t->cache[c] = 0;
	t->strbytes -= t->ent[id].len + 1u;
	free(t->ent[id].s);
	t->ent[id].s = NULL;
	t->live--;
	t->gen++;
	/* an id that cannot be queued for reuse is simply never reused (a leak of a number) */
	push_free(t, id);
}

struct ami_str intern_str(const struct intern *t, uint32_t id)
{
	if (!id || id >= t->nent || !t->ent[id].s)
		return AMI_STR_NULL;
	return ami_str_make(t->ent[id].s, t->ent[id].len);
}

const char *intern_cstr(const struct intern *t, uint32_t id)
{
	if (!id || id >= t->nent || !t->ent[id].s)
		return "";
	return t->ent[id].s;
}

uint32_t intern_count(const struct intern *t)
{
	return t->live;
}

uint32_t intern_max_id(const struct intern *t)
{
	return t->max_ids;
}

uint64_t intern_generation(const struct intern *t)
{
	return t->gen;
}

uint64_t intern_overflows(const struct intern *t)
{
	return t->overflows;
}

size_t intern_bytes(const struct intern *t)
{
	return sizeof *t + (size_t)t->entcap * sizeof(struct entry) +
	       (size_t)t->freecap * sizeof(uint32_t) + ((size_t)t->mask + 1) * sizeof(uint32_t) +
	       t->strbytes;
}

uint32_t intern_aux(const struct intern *t, uint32_t id)
{
	return id && id < t->nent && t->ent[id].s ? t->ent[id].aux : 0;
}

void intern_set_aux(struct intern *t, uint32_t id, uint32_t aux)
{
	if (id && id < t->nent && t->ent[id].s)
		t->ent[id].aux = aux;
}
