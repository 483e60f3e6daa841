/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event store's layout, shared by its writer (evstore.c) and reader (evstore_read.c). */
#ifndef AMITUI_MODEL_EVSTORE_INT_H
#define AMITUI_MODEL_EVSTORE_INT_H

#include "model/evstore.h"

#define CHUNK_SHIFT 12u
#define CHUNK_N (1u << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_N - 1u)
#define DEFAULT_BUDGET ((size_t)64 << 20)
#define MIN_BUDGET ((size_t)1 << 20)
#define MIN_SLAB ((size_t)64 << 10)
#define MAX_SLAB ((size_t)4 << 20)
#define MAX_NAMES 65535u

/* One event in the index: 32 bytes; its class word lives in a separate column. */
struct ent {
	int64_t time_us;
	uint32_t slab; /* serial of the slab holding the raw bytes */
	uint32_t off;
	uint32_t len;
	uint32_t chan;
	uint32_t linked;
	uint16_t name;
	uint8_t flags;
	uint8_t kind;
};

struct chunk {
	uint32_t cls[CHUNK_N]; /* scanned alone for class switches: 4 bytes per event */
	struct ent ent[CHUNK_N];
};

struct slab {
	char *mem;
	size_t size;
	size_t used;
};

/* An event copied out of the ring because it is pinned. */
struct pinned {
	uint64_t seq;
	struct ent e;
	uint32_t cls;
	char *raw; /* owned, NUL-terminated */
};

struct evstore {
	struct evstore_limits lim;
	/* index ring: seqs [first, last]; chunk c holds seqs c*CHUNK_N ... */
	uint64_t first, last;
	struct chunk **dir; /* ring of chunks, indexed by chunk number & dmask */
	uint64_t dmask;
	uint64_t cfirst;  /* chunk number of the oldest chunk held */
	uint64_t nchunks; /* chunks [cfirst, cfirst + nchunks) are held */
	/* slab ring: serials [sfirst, scur] */
	struct slab *slabs;
	uint32_t smask;
	uint32_t sfirst, scur;
	bool have_slab;
	char *spare;	      /* one released slab of lim.slab_size kept to avoid page faults */
	struct chunk *cspare; /* likewise one released index chunk */
	/* pinned set, sorted by seq */
	struct pinned *pins;
	size_t npins, pincap;
	uint32_t pinned_total; /* in the ring and in the set */
	struct intern *names, *chans, *calls;
	/* accounting */
	uint64_t raw_bytes, slab_bytes, index_bytes, pinned_bytes;
	uint64_t pushed, evicted, refused, gen;
	/* Privilege values seen last, with their mask: most events repeat a few values */
	struct {
		char text[32];
		uint32_t len;
		uint32_t mask;
	} priv[8];
	uint32_t priv_next;
};

static inline struct chunk *chunk_of(const struct evstore *s, uint64_t seq)
{
	return s->dir[(seq >> CHUNK_SHIFT) & s->dmask];
}

static inline struct ent *ent_of(const struct evstore *s, uint64_t seq)
{
	return &chunk_of(s, seq)->ent[seq & CHUNK_MASK];
}

static inline uint64_t used(const struct evstore *s)
{
	return s->slab_bytes + s->index_bytes + s->pinned_bytes;
}

static inline struct pinned *pin_find(const struct evstore *s, uint64_t seq)
{
	size_t lo = 0, hi = s->npins;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->pins[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->npins && s->pins[lo].seq == seq ? &s->pins[lo] : NULL;
}

/* Drop the intern references an index entry holds. */
static inline void unref_ent(struct evstore *s, const struct ent *e)
{
	intern_unref(s->names, e->name);
	intern_unref(s->chans, e->chan);
	intern_unref(s->calls, e->linked);
}

#endif
