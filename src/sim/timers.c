/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One-shot timers: slots with generation-checked ids, ordered by a binary heap. */
#include "sim/timers.h"

#include <stdlib.h>
#include <string.h>

#define NOPOS UINT32_MAX

void sim_timers_init(struct sim_timers *t, uint32_t max)
{
	memset(t, 0, sizeof *t);
	t->max = max ? max : (1u << 20);
}

void sim_timers_free(struct sim_timers *t)
{
	free(t->slots);
	free(t->free_list);
	free(t->heap);
	memset(t, 0, sizeof *t);
}

static bool before(const struct sim_timers *t, uint32_t a, uint32_t b)
{
	const struct sim_timer_slot *x = &t->slots[a], *y = &t->slots[b];
	return x->deadline < y->deadline || (x->deadline == y->deadline && x->order < y->order);
}

static void place(struct sim_timers *t, uint32_t pos, uint32_t slot)
{
	t->heap[pos] = slot;
	t->slots[slot].pos = pos;
}

static void sift_up(struct sim_timers *t, uint32_t pos)
{
	uint32_t s = t->heap[pos];
	while (pos > 0) {
		uint32_t parent = (pos - 1) / 2;
		if (!before(t, s, t->heap[parent]))
			break;
		place(t, pos, t->heap[parent]);
		pos = parent;
	}
	place(t, pos, s);
}

static void sift_down(struct sim_timers *t, uint32_t pos)
{
	uint32_t s = t->heap[pos];
	for (;;) {
		uint32_t l = 2 * pos + 1, r = l + 1, best = pos;
		uint32_t bs = s;
		if (l < t->nheap && before(t, t->heap[l], bs))
			best = l, bs = t->heap[l];
		if (r < t->nheap && before(t, t->heap[r], bs))
			best = r, bs = t->heap[r];
		if (best == pos)
			break;
		place(t, pos, t->heap[best]);
		pos = best;
	}
	place(t, pos, s);
}

static bool grow(struct sim_timers *t)
{
	uint32_t cap = t->nslots ? t->nslots * 2 : 64;
	struct sim_timer_slot *s = realloc(t->slots, cap * sizeof *s);
	if (!s)
		return false;
	t->slots = s;
	uint32_t *f = realloc(t->free_list, cap * sizeof *f);
	if (!f)
		return false;
	t->free_list = f;
	uint32_t *h = realloc(t->heap, cap * sizeof *h);
	if (!h)
		return false;
	t->heap = h;
	for (uint32_t i = t->nslots; i < cap; i++) {
		memset(&s[i], 0, sizeof s[i]);
		s[i].pos = NOPOS;
		s[i].gen = 1;
		t->free_list[t->nfree++] = cap - 1 - (i - t->nslots);
	}
	t->nslots = cap;
	return true;
}

uint64_t sim_timers_add(struct sim_timers *t, uint64_t deadline, sim_timer_fn fn, void *arg)
{
	if (t->nheap >= t->max || (!t->nfree && !grow(t)))
		return 0;
	uint32_t slot = t->free_list[--t->nfree];
	struct sim_timer_slot *s = &t->slots[slot];
	s->deadline = deadline;
	s->order = t->order++;
	s->fn = fn;
	s->arg = arg;
	t->heap[t->nheap] = slot;
	s->pos = t->nheap++;
	sift_up(t, s->pos);
	return ((uint64_t)s->gen << 32) | slot;
}

static void release(struct sim_timers *t, uint32_t slot)
{
	struct sim_timer_slot *s = &t->slots[slot];
	s->pos = NOPOS;
	s->gen = s->gen + 1 ? s->gen + 1 : 1;
	t->free_list[t->nfree++] = slot;
}

static void remove_at(struct sim_timers *t, uint32_t pos)
{
	uint32_t slot = t->heap[pos];
	uint32_t last = t->heap[--t->nheap];
	if (pos < t->nheap) {
		place(t, pos, last);
		sift_down(t, pos);
		sift_up(t, t->slots[last].pos);
	}
	release(t, slot);
}

bool sim_timers_cancel(struct sim_timers *t, uint64_t id)
{
	uint32_t slot = (uint32_t)id, gen = (uint32_t)(id >> 32);
	if (!id || slot >= t->nslots || t->slots[slot].gen != gen || t->slots[slot].pos == NOPOS)
		return false;
	remove_at(t, t->slots[slot].pos);
	return true;
}

uint64_t sim_timers_next(const struct sim_timers *t)
{
	return t->nheap ? t->slots[t->heap[0]].deadline : UINT64_MAX;
}

unsigned sim_timers_run(struct sim_timers *t, uint64_t now)
{
	unsigned fired = 0;
	while (t->nheap && t->slots[t->heap[0]].deadline <= now) {
		uint32_t slot = t->heap[0];
		sim_timer_fn fn = t->slots[slot].fn;
		void *arg = t->slots[slot].arg;
		remove_at(t, 0);
		fn(arg);
		fired++;
	}
	return fired;
}

uint32_t sim_timers_count(const struct sim_timers *t)
{
	return t->nheap;
}
