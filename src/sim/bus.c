/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sim/bus.h implemented over the event queue, the timer heap and two clocks. */
#include "sim/busimpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

struct sim_bus *sim_bus_new(const char *sysname, bool timestamps, bool manual)
{
	struct sim_bus *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	sim_evq_init(&b->evq, 0, 0);
	b->evq.timestamps = timestamps;
	snprintf(b->sysname, sizeof b->sysname, "%s", sysname ? sysname : "");
	snprintf(b->evq.sysname, sizeof b->evq.sysname, "%s", b->sysname);
	sim_timers_init(&b->timers, 0);
	b->manual = manual;
	b->manual_ms = 1000;
	b->manual_wall_us = 1795773500ull * 1000000ull;
	return b;
}

void sim_bus_free(struct sim_bus *bus)
{
	if (!bus)
		return;
	sim_evq_free(&bus->evq);
	sim_timers_free(&bus->timers);
	free(bus);
}

void sim_bus_emit(struct sim_bus *bus, uint32_t category, const char *event, const char *body,
		  size_t len)
{
	uint64_t wall = sim_bus_wall_us(bus);
	enum sim_evq_result r = sim_evq_emit(&bus->evq, category, event, body, len, wall);
	if (r == SIM_EVQ_FULL && bus->make_room) {
		bus->make_room(bus->owner);
		r = sim_evq_emit(&bus->evq, category, event, body, len, wall);
	}
	if (r == SIM_EVQ_FULL || r == SIM_EVQ_NOMEM)
		bus->evq.dropped++;
}

uint64_t sim_bus_now_ms(struct sim_bus *bus)
{
	if (bus->manual)
		return bus->manual_ms;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t sim_bus_wall_us(struct sim_bus *bus)
{
	if (bus->manual)
		return bus->manual_wall_us;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

const char *sim_bus_system_name(struct sim_bus *bus)
{
	return bus->sysname;
}

uint64_t sim_timer_add(struct sim_bus *bus, uint64_t delay_ms, sim_timer_fn fn, void *arg)
{
	return sim_timers_add(&bus->timers, sim_bus_now_ms(bus) + delay_ms, fn, arg);
}

void sim_timer_cancel(struct sim_bus *bus, uint64_t id)
{
	sim_timers_cancel(&bus->timers, id);
}

unsigned sim_bus_run_timers(struct sim_bus *bus)
{
	return sim_timers_run(&bus->timers, sim_bus_now_ms(bus));
}

void sim_bus_advance(struct sim_bus *bus, uint64_t ms)
{
	uint64_t end = bus->manual_ms + ms;
	/* step through each deadline so callbacks see the time they were due at */
	for (;;) {
		uint64_t next = sim_timers_next(&bus->timers);
		if (next > end)
			break;
		if (next > bus->manual_ms) {
			bus->manual_wall_us += (next - bus->manual_ms) * 1000u;
			bus->manual_ms = next;
		}
		sim_timers_run(&bus->timers, bus->manual_ms);
	}
	bus->manual_wall_us += (end - bus->manual_ms) * 1000u;
	bus->manual_ms = end;
}

int sim_bus_timeout(struct sim_bus *bus)
{
	uint64_t next = sim_timers_next(&bus->timers);
	if (next == UINT64_MAX)
		return -1;
	uint64_t now = sim_bus_now_ms(bus);
	if (next <= now)
		return 0;
	return next - now > 60000 ? 60000 : (int)(next - now);
}
