/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One-shot timers for the poll loop: an indexed binary heap with O(log n) cancel. */
#ifndef AMITUI_SIM_TIMERS_H
#define AMITUI_SIM_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/bus.h"

struct sim_timer_slot {
	uint64_t deadline;
	uint64_t order; /* ties fire in the order they were added */
	sim_timer_fn fn;
	void *arg;
	uint32_t gen;
	uint32_t pos; /* index in heap, or UINT32_MAX when free */
};

struct sim_timers {
	struct sim_timer_slot *slots;
	uint32_t nslots;
	uint32_t *free_list;
	uint32_t nfree;
	uint32_t *heap;
	uint32_t nheap;
	uint64_t order;
	uint32_t max; /* bound on live timers */
};

/* max 0 means 1Mi live timers. */
void sim_timers_init(struct sim_timers *t, uint32_t max);
void sim_timers_free(struct sim_timers *t);

/* A non-zero id, or 0 when the bound is reached or memory runs out. */
uint64_t sim_timers_add(struct sim_timers *t, uint64_t deadline, sim_timer_fn fn, void *arg);

/* Cancel a live timer; stale or unknown ids are ignored. Returns true when cancelled. */
bool sim_timers_cancel(struct sim_timers *t, uint64_t id);

/* Deadline of the earliest timer, UINT64_MAX when none. */
uint64_t sim_timers_next(const struct sim_timers *t);

/* Fire every timer due at now (also those added by callbacks and already due). */
unsigned sim_timers_run(struct sim_timers *t, uint64_t now);

uint32_t sim_timers_count(const struct sim_timers *t);

#endif
