/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A flood far above what the console can show (amitui in tmux, amisim's SimFlood):
 * resident memory stays within the scrollback budget plus a constant, keys are still
 * answered within a bound, and amisim's write timeout never cuts us. Runs alone
 * (meson: is_parallel false): it uses both cores on purpose.
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(flood, .fini = fk_stop, .timeout = 180);

Test(flood, memory_within_the_scrollback_keys_answered_never_cut)
{
	fk_start(NULL);
	/* [general] first, with the smallest scrollback: 1 MiB */
	fk_conf(0, 0, false, NULL);
	char text[512];
	snprintf(text, sizeof text,
		 "[general]\nscrollback = 1\n[t]\nhost = 127.0.0.1\nport = %u\nusername = admin\n",
		 FK.sim.port);
	FILE *f = fopen(FK.conf, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	fk_console("adminpw", 120, 30);
	fk_screen_wait("logged in", 10000);
	int pid = fk_console_pid();
	fk_shot(tmux_wait_quiet(&FK.tmux, 300, 3000));
	long base = fk_rss_kib(pid);
	/* far above what a screen shows (about 25 rows); slower under the sanitizers */
	unsigned long rate = FK_SANITIZED ? 30000 : 200000;
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFlood\r\nRate: %lu\r\nSeconds: 12\r\nActionID: f\r\n\r\n",
		    rate);
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	long peak = base, slowest = 0;
	long end = fk_ms() + 11000;
	for (int i = 0; fk_ms() < end; i++) {
		/* a key, and its effect on the screen within a bound */
		const char *key = i % 2 ? "1" : "2";
		const char *want = i % 2 ? "Time     Class" : "Call / channel";
		long t0 = fk_ms();
		tmux_keys(&FK.tmux, key);
		fk_screen_wait(want, 3000);
		long dt = fk_ms() - t0;
		slowest = dt > slowest ? dt : slowest;
		long r = fk_rss_kib(pid);
		peak = r > peak ? r : peak;
		amicli_sleep(300);
	}
	unsigned long generated = fk_stat("FloodGenerated");
	fprintf(stderr, "flood: %lu events at %lu/s, RSS %ld -> %ld KiB, slowest key %ld ms\n",
		generated, rate, base, peak, slowest);
	cr_assert_leq(slowest, 1000, "a view switch took %ld ms during the flood", slowest);
	/* the store's budget (1 MiB) and a constant for the rest (parser buffer, curses) */
	long budget = 1024, constant = FK_SANITIZED ? 48 * 1024 : 8 * 1024;
	cr_assert_leq(peak - base, budget + constant, "RSS grew from %ld to %ld KiB", base, peak);
	cr_assert_gt(generated, rate * 5, "the flood ran");
	cr_assert_eq(fk_stat("SlowReadersCut"), 0, "amisim never cut the console");
	cr_assert_null(strstr(FK.screen, "reconnecting"), "%s", FK.screen);
	cr_assert_not_null(strstr(FK.screen, "logged in"), "%s", FK.screen);
	fk_quit_cleanly();
}
