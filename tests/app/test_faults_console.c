/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Faults as a person at the console sees them (amitui in tmux against amisim): a
 * server restart in the middle of a call (a gap marker in Events, the Calls view
 * resynchronised), and failures that end or stop the session (the reason is left on
 * the terminal, or the console stays open on what it received).
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(cfaults, .fini = fk_stop, .timeout = 120);

#define SCREEN (FK.screen)

static void restart_server(void)
{
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFault\r\nFault: restart\r\nParam: 1\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
}

Test(cfaults, restart_mid_call_marks_the_gap_and_resyncs_the_calls)
{
	fk_start(NULL);
	fk_console("adminpw", 120, 30);
	fk_screen_wait("logged in", 10000);
	fk_originate("Local/700@test");
	tmux_keys(&FK.tmux, "2");
	fk_screen_wait("Call / channel", 3000);
	fk_screen_wait2("Local/700@test-", " Up ", 5000); /* the call is up */
	/* the server restarts: every call on it is gone when it is back */
	restart_server();
	fk_screen_wait("reconnecting", 5000);
	fk_screen_wait("logged in", 10000);
	fk_originate("Local/800@test");
	fk_screen_wait2("Call / channel", "Local/800@test-", 5000);
	fk_shot(tmux_wait_quiet(&FK.tmux, 300, 3000));
	cr_assert_null(strstr(SCREEN, "Local/700@test-"),
		       "the call that ended during the outage is gone:\n%s", SCREEN);
	cr_assert_not_null(strstr(SCREEN, "Local/800@test-"), "the live call is there:\n%s",
			   SCREEN);
	/* Events: both markers, in order, one for the one outage */
	tmux_keys(&FK.tmux, "1");
	tmux_keys(&FK.tmux, "/");
	tmux_text(&FK.tmux, "Gap");
	tmux_keys(&FK.tmux, "Enter");
	fk_screen_wait("reconnected: events before this may be missing", 3000);
	const char *lost = strstr(SCREEN, "connection lost: events may be missing");
	cr_assert_not_null(lost, "%s", SCREEN);
	cr_assert_lt(lost, strstr(SCREEN, "reconnected: events before this may be missing"));
	cr_assert_eq(fk_count(SCREEN, "connection lost: events may be missing"), 1,
		     "one marker for one outage:\n%s", SCREEN);
	fk_quit_cleanly();
}

Test(cfaults, wrong_secret_leaves_the_reason_on_the_terminal)
{
	fk_start(NULL);
	fk_conf(0, 0, false, NULL);
	unsigned long before = fk_stat("SessionsTotal");
	fk_console("wrong", 100, 30);
	fk_screen_wait("amitui-exit=8", 10000);
	cr_assert_not_null(strstr(SCREEN, "amitui: Authentication failed for user 'admin'"), "%s",
			   SCREEN);
	cr_assert_null(strstr(SCREEN, "reconnecting"), "a first failure is final:\n%s", SCREEN);
	amicli_sleep(1500);
	cr_assert_eq(fk_stat("SessionsTotal") - before - 1, 1, "one attempt, no storm");
}

Test(cfaults, login_in_use_after_a_restart_keeps_the_console_open)
{
	fk_start(NULL);
	fk_console("adminpw", 120, 30);
	fk_screen_wait("logged in", 10000);
	snprintf(FK.ctl_user, sizeof FK.ctl_user, "monitor"); /* admin is "in use" below */
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFault\r\nFault: inuse\r\nParam: admin\r\nActionID: i\r\n\r\n"
			"Action: SimFault\r\nFault: restart\r\nParam: 1\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	/* stopped, said on the message line; what was received is still there */
	fk_screen_wait("Login Already In Use", 15000);
	fk_screen_wait(" stopped ", 3000);
	cr_assert_null(strstr(SCREEN, "amitui-exit="), "the console stays open:\n%s", SCREEN);
	cr_assert_not_null(strstr(SCREEN, "FullyBooted"), "the events received are kept:\n%s",
			   SCREEN);
	tmux_keys(&FK.tmux, "q");
	fk_screen_wait("amitui-exit=", 5000);
	cr_assert_not_null(strstr(SCREEN, "amitui-exit=8"), "%s", SCREEN);
}

/* Everything the observer receives until nothing comes for quiet_ms. */
static char *observed(struct amicli *obs, int quiet_ms)
{
	char *all = NULL;
	size_t n = 0;
	bool eof = false;
	simproc_read_messages(obs->fd, &all, &n, (size_t)-1, quiet_ms, &eof);
	return all ? all : strdup("");
}

Test(cfaults, typed_cr_lf_never_reach_the_wire_overlong_refused)
{
	fk_start(NULL);
	struct amicli obs; /* sees every UserEvent the server raises */
	amicli_open(&obs, &FK.sim);
	cr_assert(amicli_login(&obs, "admin", "user"));
	fk_console("adminpw", 120, 30);
	fk_screen_wait("logged in", 10000);
	/* the CLI line: ^V inserts a line break as typed, readline keeps it */
	tmux_keys(&FK.tmux, "4");
	fk_screen_wait("CLI>", 3000);
	tmux_text(&FK.tmux, "core show version");
	tmux_keys(&FK.tmux, "C-v C-j");
	tmux_text(&FK.tmux, "Action: UserEvent");
	tmux_keys(&FK.tmux, "C-v C-m");
	tmux_text(&FK.tmux, "UserEvent: InjectedCli");
	tmux_keys(&FK.tmux, "Enter");
	fk_screen_wait("not sent: header 'Command': CR, LF or NUL inside an action header", 3000);
	tmux_keys(&FK.tmux, "Escape");
	/* a form field */
	tmux_keys(&FK.tmux, "3");
	tmux_keys(&FK.tmux, "/");
	tmux_text(&FK.tmux, "UserEvent");
	tmux_keys(&FK.tmux, "Enter");
	tmux_keys(&FK.tmux, "Enter");
	fk_screen_wait("UserEvent: Send an arbitrary event.", 3000);
	tmux_text(&FK.tmux, "Probe");
	tmux_keys(&FK.tmux, "C-v C-j");
	tmux_text(&FK.tmux, "Action: UserEvent");
	tmux_keys(&FK.tmux, "C-v C-j");
	tmux_text(&FK.tmux, "UserEvent: InjectedForm");
	tmux_keys(&FK.tmux, "F10");
	fk_screen_wait("header 'UserEvent': CR, LF or NUL inside an action header", 3000);
	/* overlong: refused as typed, with the reason */
	tmux_keys(&FK.tmux, "C-u");
	char big[1101];
	memset(big, 'a', 1100);
	big[1100] = '\0';
	tmux_text(&FK.tmux, big);
	fk_screen_wait("UserEvent: at most 1011 bytes", 5000);
	/* the control: a clean value goes through and the observer sees it */
	tmux_keys(&FK.tmux, "C-u");
	tmux_text(&FK.tmux, "LegitForm");
	tmux_keys(&FK.tmux, "F10");
	char *seen = observed(&obs, 1500);
	cr_assert_not_null(strstr(seen, "UserEvent: LegitForm\r\n"), "the observer works: %s",
			   seen);
	cr_assert_null(strstr(seen, "Injected"), "an injected action ran: %s", seen);
	cr_assert_null(strstr(seen, "aaaaaaaaaa"), "the overlong value went out");
	free(seen);
	amicli_close(&obs);
	fk_quit_cleanly();
}
