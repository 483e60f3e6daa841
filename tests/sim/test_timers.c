/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Timers: order, ties, cancel (also stale ids), callbacks adding timers, a random check. */
#include "sim/timers.h"

#include <criterion/criterion.h>
#include <stdlib.h>

static int fired[4096];
static int nfired;

static void record(void *arg)
{
	fired[nfired++] = (int)(intptr_t)arg;
}

Test(timers, order_ties_and_cancel)
{
	struct sim_timers t;
	sim_timers_init(&t, 0);
	nfired = 0;
	uint64_t a = sim_timers_add(&t, 30, record, (void *)1);
	uint64_t b = sim_timers_add(&t, 10, record, (void *)2);
	sim_timers_add(&t, 10, record, (void *)3);
	sim_timers_add(&t, 20, record, (void *)4);
	cr_assert(a && b && a != b);
	cr_assert_eq(sim_timers_next(&t), 10);
	cr_assert(sim_timers_cancel(&t, b));
	cr_assert_not(sim_timers_cancel(&t, b), "already gone");
	cr_assert_eq(sim_timers_run(&t, 25), 2);
	cr_assert_eq(fired[0], 3);
	cr_assert_eq(fired[1], 4);
	cr_assert_not(sim_timers_cancel(&t, b), "a stale id never hits a reused slot");
	cr_assert_eq(sim_timers_run(&t, 100), 1);
	cr_assert_eq(fired[2], 1);
	cr_assert_eq(sim_timers_next(&t), UINT64_MAX);
	sim_timers_free(&t);
}

static struct sim_timers *chain_t;

static void chain(void *arg)
{
	record(arg);
	if ((intptr_t)arg < 5)
		sim_timers_add(chain_t, 0, chain, (void *)((intptr_t)arg + 1));
}

Test(timers, callbacks_may_add_due_timers)
{
	struct sim_timers t;
	sim_timers_init(&t, 0);
	chain_t = &t;
	nfired = 0;
	sim_timers_add(&t, 0, chain, (void *)1);
	cr_assert_eq(sim_timers_run(&t, 0), 5);
	sim_timers_free(&t);
}

Test(timers, random_against_sorting)
{
	struct sim_timers t;
	sim_timers_init(&t, 0);
	srand(7);
	uint64_t ids[2000];
	int deadline[2000];
	bool cancelled[2000] = { false };
	nfired = 0;
	for (int i = 0; i < 2000; i++) {
		deadline[i] = rand() % 500;
		ids[i] = sim_timers_add(&t, (uint64_t)deadline[i], record, (void *)(intptr_t)i);
	}
	for (int i = 0; i < 2000; i += 3) {
		cancelled[i] = true;
		cr_assert(sim_timers_cancel(&t, ids[i]));
	}
	sim_timers_run(&t, 1000);
	int expect = 0;
	for (int i = 0; i < 2000; i++)
		expect += !cancelled[i];
	cr_assert_eq(nfired, expect);
	for (int i = 1; i < nfired; i++) {
		int p = fired[i - 1], c = fired[i];
		cr_assert(deadline[p] < deadline[c] || (deadline[p] == deadline[c] && p < c));
	}
	sim_timers_free(&t);
}

Test(timers, bound)
{
	struct sim_timers t;
	sim_timers_init(&t, 3);
	cr_assert(sim_timers_add(&t, 1, record, NULL));
	cr_assert(sim_timers_add(&t, 1, record, NULL));
	cr_assert(sim_timers_add(&t, 1, record, NULL));
	cr_assert_eq(sim_timers_add(&t, 1, record, NULL), 0);
	cr_assert_eq(sim_timers_count(&t), 3);
	sim_timers_free(&t);
}
