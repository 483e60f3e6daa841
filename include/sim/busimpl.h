/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bus behind sim/bus.h: the event queue, the timers and the clocks. The server
 * owns one; tests (the PBX model's too) may make one alone, with a manual clock.
 */
#ifndef AMITUI_SIM_BUSIMPL_H
#define AMITUI_SIM_BUSIMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/evq.h"
#include "sim/timers.h"

struct sim_bus {
	struct sim_evq evq;
	struct sim_timers timers;
	char sysname[64];
	bool manual; /* manual clock: time moves only with sim_bus_advance() */
	uint64_t manual_ms;
	uint64_t manual_wall_us;
	/* The owner's hook when the queue is at its bound: drop laggard readers. */
	void (*make_room)(void *arg);
	void *owner;
};

/*
 * A bus alone: sysname "" for none; manual selects a clock that starts at 1000 ms
 * (wall 1795773500.000000) and moves only with sim_bus_advance(). NULL on no memory.
 */
struct sim_bus *sim_bus_new(const char *sysname, bool timestamps, bool manual);
void sim_bus_free(struct sim_bus *bus);

/* Manual clock: move it forward by ms and fire the timers that came due. */
void sim_bus_advance(struct sim_bus *bus, uint64_t ms);

/* Fire due timers at the bus's current time; returns how many fired. */
unsigned sim_bus_run_timers(struct sim_bus *bus);

/* Milliseconds until the next timer (0 if due), or -1 when there is none. */
int sim_bus_timeout(struct sim_bus *bus);

#endif
