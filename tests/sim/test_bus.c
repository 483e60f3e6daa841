/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bus alone: emit through the queue, system name, manual clock and timers. */
#include "sim/busimpl.h"
#include "core/perms.h"

#include <criterion/criterion.h>
#include <string.h>

static uint64_t seen_at[8];
static int nseen;
static struct sim_bus *the_bus;

static void note(void *arg)
{
	(void)arg;
	seen_at[nseen++] = sim_bus_now_ms(the_bus);
}

Test(bus, emit_clock_and_timers)
{
	struct sim_bus *b = sim_bus_new("amitest", true, true);
	the_bus = b;
	cr_assert_str_eq(sim_bus_system_name(b), "amitest");
	uint64_t t0 = sim_bus_now_ms(b), w0 = sim_bus_wall_us(b);
	nseen = 0;
	sim_timer_add(b, 100, note, NULL);
	uint64_t id = sim_timer_add(b, 150, note, NULL);
	sim_timer_add(b, 250, note, NULL);
	sim_timer_cancel(b, id);
	cr_assert_eq(sim_bus_timeout(b), 100);
	sim_bus_advance(b, 300);
	cr_assert_eq(nseen, 2);
	cr_assert_eq(seen_at[0], t0 + 100, "callbacks see the time they were due at");
	cr_assert_eq(seen_at[1], t0 + 250);
	cr_assert_eq(sim_bus_now_ms(b), t0 + 300);
	cr_assert_eq(sim_bus_wall_us(b), w0 + 300000);
	sim_bus_emit(b, AMI_PERM_USER, "UserEvent", "UserEvent: X\r\n", 14);
	const struct sim_event *e = sim_evq_get(&b->evq, 0);
	cr_assert_not_null(e);
	cr_assert(strstr(sim_event_text(e),
			 "Privilege: user,all\r\nTimestamp: 1795773500.300000\r\n"
			 "SystemName: amitest\r\nUserEvent: X\r\n\r\n"),
		  "%s", sim_event_text(e));
	cr_assert_eq(sim_bus_timeout(b), -1);
	sim_bus_free(b);
}
