/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Faults as a user of the headless modes sees them: amitui --dump / --action against
 * amisim when the server restarts, stalls, drips, sends garbage, an overlong line, too
 * many headers, or closes in the middle of a list or a Command reply.
 * Judged by stdout (gap lines), stderr (the -v log and the messages) and exit codes.
 * Authentication failures are in test_faults_auth.c.
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(faults, .fini = fk_stop, .timeout = 60);

#define TRAFFIC ((const char *const[]){ "--calls-per-second", "20", "--seed", "5", NULL })
#define DUMP_V(...) ((const char *const[]){ "--dump", "-v", __VA_ARGS__, NULL })

/* Lines of text that start with prefix. */
static size_t lines_with(const char *text, const char *prefix)
{
	size_t n = 0, pl = strlen(prefix);
	for (const char *p = text; p && *p;) {
		if (!strncmp(p, prefix, pl))
			n++;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return n;
}

/* Complete event lines of a text dump after position `from` (the time column first). */
static size_t events_after(const char *out, const char *from)
{
	const char *p = from ? strchr(from, '\n') : out;
	size_t n = 0;
	while (p && *p) {
		if (*p == '\n')
			p++;
		if (*p >= '0' && *p <= '9' && p[2] == ':')
			n++;
		p = strchr(p, '\n');
	}
	return n;
}

/* ---- server restart in the middle of a call ---- */

static void restart_mid_call(bool json)
{
	fk_start(TRAFFIC);
	fk_conf(0, 0, false, NULL);
	fk_spawn("adminpw", json ? DUMP_V("--json") : DUMP_V("--classes", "call,system"));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000), "no login");
	/* a long call is up when the server goes down */
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: Originate\r\nChannel: Local/700@test\r\nApplication: Wait\r\n"
			"Data: 30\r\nAsync: true\r\nActionID: o\r\n\r\n");
	free(amicli_next(&c, "ActionID: o", 3000));
	amicli_sleep(500);
	amicli_send(&c, "Action: SimFault\r\nFault: restart\r\nParam: 1\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	cr_assert(fk_wait(true, "[logged in]", 2, 10000), "no second login");
	cr_assert(fk_wait(false, json ? "{\"Event\":" : " call ", 1, 5000));
	amicli_sleep(1000); /* events after the reconnect */
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0, "%s", FK.r.err);
	const char *out = FK.r.out, *err = FK.r.err;
	/* the log: lost, backoff (refused while down), logged in again */
	cr_assert_not_null(strstr(err, "The server closed the connection"), "%s", err);
	cr_assert_not_null(strstr(err, "reconnecting in "), "%s", err);
	size_t attempts = fk_count(err, "[connecting]");
	cr_assert(attempts >= 2 && attempts <= 5, "backoff, not a storm: %zu attempts\n%s",
		  attempts, err);
	const char *lost, *back;
	if (json) {
		lost = strstr(out, "{\"_gap\":\"connection lost: events may be missing (The "
				   "server closed the connection");
		back = strstr(out, "{\"_gap\":\"reconnected: events before this may be missing "
				   "(after ");
		cr_assert(lost && back && lost < back, "%s", out);
		cr_assert_not_null(strstr(lost, "\",\"_received\":1"), "%.300s", lost);
		/* every line is an event or a gap object: scripts can tell them apart */
		size_t lines = fk_count(out, "\n");
		cr_assert_eq(fk_count(out, "{\"Event\":") + fk_count(out, "{\"_gap\":"), lines);
		cr_assert_eq(fk_count(out, "{\"_gap\":"), 2, "%s", out);
		cr_assert_gt(fk_count(back, "{\"Event\":"), 0, "events after the reconnect");
		cr_assert_gt(fk_count(out, "{\"Event\":") - fk_count(lost, "{\"Event\":"), 0,
			     "events before the loss");
	} else {
		lost = strstr(out, "# gap: ");
		cr_assert_not_null(lost, "%s", out);
		cr_assert_not_null(strstr(lost, " connection lost: events may be missing (The "
						"server closed the connection"),
				   "%.300s", lost);
		back = strstr(lost + 1, "# gap: ");
		cr_assert_not_null(back, "%s", out);
		cr_assert_eq(
		    strncmp(back + 20, "reconnected: events before this may be missing", 46), 0,
		    "%.200s", back);
		cr_assert_eq(lines_with(out, "# gap: "), 2);
		cr_assert_gt(events_after(out, back), 0, "events after the reconnect:\n%s", out);
		cr_assert_gt(events_after(out, NULL), events_after(out, lost), "events before");
	}
}

Test(faults, dump_survives_a_restart_with_gap_lines_text)
{
	restart_mid_call(false);
}

Test(faults, dump_survives_a_restart_with_gap_lines_json)
{
	restart_mid_call(true);
}

/* ---- half-open, stall, drip ---- */

Test(faults, stall_is_detected_within_two_ping_intervals)
{
	fk_start(NULL);
	fk_conf(2, 2, false, NULL); /* a Ping every 2 s */
	fk_spawn("adminpw", DUMP_V("--for", "30"));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	amicli_sleep(300);
	/* the server neither reads nor writes: a half-open connection, as the client sees it */
	fk_fault_all("stall", "15000");
	long t0 = fk_ms();
	cr_assert(fk_wait(true, "[reconnecting]", 1, 8000), "not detected");
	long dt = fk_ms() - t0;
	/* within two intervals of the last byte (1 s of slack for a loaded machine) */
	cr_assert_leq(dt, 2 * 2000 + 1000, "detected after %ld ms", dt);
	cr_assert_geq(dt, 900, "a silence shorter than an interval is not a failure: %ld ms", dt);
	cr_assert(fk_wait(true, "[logged in]", 2, 8000), "a new connection works");
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0);
	cr_assert(strstr(FK.r.err, "No answer to the keepalive Ping within 2 s") ||
		      strstr(FK.r.err, "Nothing received for 4 s"),
		  "%s", FK.r.err);
	cr_assert_eq(lines_with(FK.r.out, "# gap: "), 2, "%s", FK.r.out);
}

Test(faults, short_stall_is_not_a_dead_connection)
{
	fk_start(NULL);
	fk_conf(2, 2, false, NULL); /* a Ping every 2 s, 2 s to answer */
	fk_spawn("adminpw", DUMP_V("--for", "20"));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	fk_fault_all("stall", "800"); /* well within the Ping's deadline */
	amicli_sleep(4500);
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0);
	cr_assert_null(strstr(FK.r.err, "[reconnecting]"), "%s", FK.r.err);
	cr_assert_eq(lines_with(FK.r.out, "# gap: "), 0, "%s", FK.r.out);
}

Test(faults, action_unanswered_in_time_says_so)
{
	/* every session stalls 4 s right after its login: the action waits in vain */
	fk_start((const char *const[]){ "--fault", "stall:4000", NULL });
	fk_conf(0, 1, false, NULL);
	const char *args[] = { "--action", "CoreSettings", NULL };
	cr_assert_eq(fk_run("adminpw", args, 20000), 9, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "amitui: CoreSettings: No answer to CoreSettings "
					    "(ActionID "),
			   "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, ") within 1 s"), "%s", FK.r.err);
}

Test(faults, drip_of_one_byte_per_ms_is_slow_but_whole)
{
	fk_start((const char *const[]){ "--fault", "drip:1", NULL });
	fk_conf(1, 5, false, NULL);
	long t0 = fk_ms();
	const char *args[] = { "--action", "CoreSettings", NULL };
	cr_assert_eq(fk_run("adminpw", args, 20000), 0, "%s", FK.r.err);
	long dt = fk_ms() - t0;
	cr_assert_not_null(strstr(FK.r.out, "AsteriskVersion: 22.10.1\r\n"), "%s", FK.r.out);
	cr_assert(strstr(FK.r.out, "\r\n\r\n"), "the whole reply");
	/* banner, challenge, login and this reply came a byte per millisecond */
	cr_assert_geq(dt, (long)strlen(FK.r.out), "%ld ms for %zu bytes", dt, strlen(FK.r.out));
	/* a dump with Pings every second: slow bytes are traffic, not a dead connection */
	fk_spawn("adminpw", DUMP_V("--for", "4"));
	cr_assert_eq(fk_finish(15000), 0, "%s", FK.r.err);
	cr_assert_eq(fk_count(FK.r.err, "[logged in]"), 1, "%s", FK.r.err);
	cr_assert_null(strstr(FK.r.err, "[reconnecting]"), "%s", FK.r.err);
}

/* ---- hostile bytes from the server ---- */

/* A dump logged in; the fault hits its session; it must reconnect and go on. */
static void hostile(const char *fault, const char *param, const char *msg)
{
	fk_start(TRAFFIC);
	fk_conf(0, 0, false, NULL);
	fk_spawn("adminpw", DUMP_V("--json"));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	cr_assert(fk_wait(false, "{\"Event\":", 1, 5000));
	fk_fault_all(fault, param);
	cr_assert(fk_wait(true, "[logged in]", 2, 10000), "no reconnect after %s", fault);
	cr_assert(fk_wait(false, "{\"_gap\":\"reconnected", 1, 2000));
	amicli_sleep(700);
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, msg), "%s", FK.r.err);
	const char *back = strstr(FK.r.out, "{\"_gap\":\"reconnected");
	cr_assert_gt(fk_count(back, "{\"Event\":"), 0, "events after the reconnect");
	cr_assert_eq(fk_count(FK.r.out, "\n"),
		     fk_count(FK.r.out, "{\"Event\":") + fk_count(FK.r.out, "{\"_gap\":"),
		     "nothing of the fault reached the output as an event");
}

Test(faults, overlong_line_drops_and_reconnects)
{
	hostile("overlong", "300000",
		"Protocol error from the server, connection dropped: line too long: more than "
		"262144 bytes");
}

Test(faults, too_many_headers_drops_and_reconnects)
{
	hostile("headers", "70000",
		"Protocol error from the server, connection dropped: too many header lines in one "
		"message: more than 65536");
}

Test(faults, garbage_bytes_then_the_stream_goes_on)
{
	fk_start(TRAFFIC);
	fk_conf(0, 0, false, NULL);
	fk_spawn("adminpw", DUMP_V("--json"));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	fk_fault_all("garbage", "4096");
	amicli_sleep(1500);
	char *before = runprog_peek(&FK.bg, false);
	size_t n = fk_count(before, "{\"Event\":");
	free(before);
	cr_assert(fk_wait(false, "{\"Event\":", n + 5, 8000), "events flow after the garbage");
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0, "%s", FK.r.err);
	/* random bytes either form junk messages (skipped) or break the framing (then a
	 * protocol error, a reconnect and gap lines): never an event line made of them */
	bool dropped = strstr(FK.r.err, "[reconnecting]") != NULL;
	cr_assert_eq(dropped, fk_count(FK.r.out, "{\"_gap\":") == 2, "%s\n%s", FK.r.err, FK.r.out);
	cr_assert_eq(fk_count(FK.r.out, "\n"),
		     fk_count(FK.r.out, "{\"Event\":") + fk_count(FK.r.out, "{\"_gap\":"));
}

/* ---- a connection closed in the middle of a reply ---- */

Test(faults, closed_in_the_middle_of_an_eventlist)
{
	/* the traffic keeps calls up: the list has items; every session's first reply
	 * after its login is cut in the middle */
	fk_start((const char *const[]){ "--fault", "cut", "--calls-per-second", "20", "--seed", "5",
					NULL });
	amicli_sleep(500);
	const char *args[] = { "--action", "CoreShowChannels", NULL };
	cr_assert_eq(fk_run("adminpw", args, 20000), 9, "%s", FK.r.err);
	cr_assert_not_null(
	    strstr(FK.r.err, "CoreShowChannels: CoreShowChannels was not answered: the connection "
			     "ended"),
	    "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.out, "EventList: start\r\n"), "%s", FK.r.out);
	cr_assert_null(strstr(FK.r.out, "CoreShowChannelsComplete"));
}

Test(faults, closed_in_the_middle_of_a_command_reply)
{
	fk_start((const char *const[]){ "--fault", "cut:120", NULL });
	const char *args[] = { "--action", "Command", "Command=core show help", NULL };
	cr_assert_eq(fk_run("adminpw", args, 20000), 9, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "Command was not answered: the connection ended"), "%s",
			   FK.r.err);
	cr_assert_eq(FK.r.out[0], '\0', "an unfinished reply is not printed as if whole: %s",
		     FK.r.out);
}
