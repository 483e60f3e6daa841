/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sessions against a running amisim: login rules, limits, event delivery, WaitEvent, slow readers. */
#include "amicli.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct simproc sp;
static char conf[64];

/* Start amisim on the demo accounts plus extra args; or on a config given as text. */
static void start(const char *config_text, const char *const *extra)
{
	const char *args[16];
	size_t n = 0;
	if (config_text) {
		amicli_conf(conf, sizeof conf, config_text);
		args[n++] = "-c";
		args[n++] = conf;
	}
	for (size_t i = 0; extra && extra[i] && n < 15; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	cr_assert(simproc_start(&sp, args), "%s", sp.err);
}

static void stop(void)
{
	simproc_stop(&sp);
	if (conf[0])
		unlink(conf);
}

TestSuite(session, .fini = stop, .timeout = 30);

#define GENERAL "[general]\nenabled = yes\n"
#define ADMIN "[admin]\nsecret = adminpw\nread = all\nwrite = all\n"

Test(session, failed_login_waits_a_second_then_closes)
{
	start(NULL, NULL);
	struct amicli c;
	amicli_open(&c, &sp);
	long t0 = amicli_ms();
	amicli_send(&c, "Action: Login\r\nUsername: admin\r\nSecret: nope\r\nActionID: x\r\n\r\n");
	char *m = amicli_next(&c, NULL, 3000);
	long dt = amicli_ms() - t0;
	cr_assert_str_eq(
	    m, "Response: Error\r\nActionID: x\r\nMessage: Authentication failed\r\n\r\n");
	cr_assert_geq(dt, 900, "the answer came after %ld ms", dt);
	cr_assert(amicli_wait_eof(&c, 1000));
	free(m);
	amicli_close(&c);
}

Test(session, authtimeout_closes_silently)
{
	start(GENERAL "authtimeout = 1\n" ADMIN, NULL);
	struct amicli c;
	amicli_open(&c, &sp);
	long t0 = amicli_ms();
	cr_assert_null(amicli_next(&c, NULL, 3500));
	cr_assert(c.eof);
	cr_assert_eq(c.len, 0, "nothing is said before closing");
	long dt = amicli_ms() - t0;
	cr_assert(dt >= 900 && dt <= 2600, "closed after %ld ms", dt);
	amicli_close(&c);
}

Test(session, authlimit_closes_before_the_banner)
{
	start(GENERAL "authlimit = 2\n" ADMIN, NULL);
	struct amicli a, b;
	amicli_open(&a, &sp);
	amicli_open(&b, &sp);
	int fd = simproc_connect(&sp, false);
	char buf[64];
	cr_assert_eq(read(fd, buf, sizeof buf), 0, "the third one gets no banner");
	close(fd);
	/* a login frees a slot */
	cr_assert(amicli_login(&a, "admin", "off"));
	struct amicli d;
	amicli_open(&d, &sp);
	amicli_close(&a);
	amicli_close(&b);
	amicli_close(&d);
}

Test(session, allowmultiplelogin_no_says_in_use)
{
	start(GENERAL "allowmultiplelogin = no\n" ADMIN, NULL);
	struct amicli a, b;
	amicli_open(&a, &sp);
	amicli_open(&b, &sp);
	cr_assert(amicli_login(&a, "admin", "security"));
	long t0 = amicli_ms();
	amicli_send(&b, "Action: Challenge\r\nAuthType: MD5\r\nUsername: ADMIN\r\n\r\n");
	char *m = amicli_next(&b, NULL, 3000);
	cr_assert_str_eq(m, "Response: Error\r\nMessage: Login Already In Use\r\n\r\n");
	cr_assert_geq(amicli_ms() - t0, 900);
	cr_assert(amicli_wait_eof(&b, 1000));
	free(m);
	m = amicli_next(&a, "Event: SessionLimit", 1000);
	cr_assert_not_null(m, "the admin session sees the SessionLimit security event");
	cr_assert(
	    strstr(m, "Severity: Error\r\nService: AMI\r\nEventVersion: 1\r\nAccountID: \r\n"),
	    "%s", m);
	free(m);
	amicli_close(&a);
	amicli_close(&b);
}

Test(session, security_events_for_each_failure)
{
	start(NULL, NULL);
	struct amicli mon, c;
	amicli_open(&mon, &sp);
	cr_assert(amicli_login(&mon, "admin", "security"));
	amicli_open(&c, &sp);
	amicli_send(&c, "Action: Login\r\nUsername: ghost\r\nSecret: x\r\n\r\n");
	char *m = amicli_next(&mon, "Event: InvalidAccountID", 2000);
	cr_assert(m && strstr(m, "AccountID: ghost\r\n"));
	free(m);
	amicli_close(&c);
	amicli_open(&c, &sp);
	amicli_send(&c, "Action: Login\r\nUsername: fenced\r\nSecret: fencedpw\r\n\r\n");
	m = amicli_next(&mon, "Event: FailedACL", 2000);
	cr_assert(m && strstr(m, "AccountID: fenced\r\n"));
	free(m);
	amicli_close(&c);
	amicli_open(&c, &sp);
	amicli_send(&c, "Action: Login\r\nUsername: admin\r\nSecret: bad\r\n\r\n");
	m = amicli_next(&mon, "Event: InvalidPassword", 2000);
	cr_assert(m && strstr(m, "EventVersion: 2\r\nAccountID: admin\r\n"), "%s", m);
	free(m);
	amicli_close(&c);
	amicli_open(&c, &sp);
	amicli_send(&c, "Action: Challenge\r\nAuthType: md5\r\n\r\n");
	char *ch = amicli_next(&c, "Challenge: ", 2000);
	cr_assert_not_null(ch);
	const char *digits = strstr(ch, "Challenge: ") + 11;
	cr_assert_leq(strcspn(digits, "\r"), 9, "at most 9 digits");
	amicli_send(&c, "Action: Login\r\nAuthType: MD5\r\nUsername: admin\r\n"
			"Key: 0123456789abcdef0123456789abcdef\r\n\r\n");
	m = amicli_next(&mon, "Event: ChallengeResponseFailed", 2000);
	cr_assert(m &&
		      strstr(m, "Response: 0123456789abcdef0123456789abcdef\r\nExpectedResponse: "),
		  "%s", m);
	free(m);
	free(ch);
	amicli_close(&c);
	amicli_close(&mon);
}

Test(session, events_need_every_class_bit_and_the_mask)
{
	start(NULL, NULL);
	struct amicli a, mon, ue;
	amicli_open(&a, &sp);
	amicli_open(&mon, &sp);
	amicli_open(&ue, &sp);
	cr_assert(amicli_login(&a, "admin", "call"));
	cr_assert(amicli_login(&mon, "monitor", "on"));
	cr_assert(amicli_login(&ue, "userev", NULL));
	amicli_send(&ue, "Action: UserEvent\r\nUserEvent: One\r\nX-Data: 1\r\n\r\n");
	cr_assert_null(amicli_next(&a, "Event: UserEvent", 300), "masked out by Events: call");
	char *m = amicli_next(&ue, "Event: UserEvent", 1000);
	cr_assert_str_eq(m,
			 "Event: UserEvent\r\nPrivilege: user,all\r\nSystemName: amitest\r\n"
			 "UserEvent: One\r\nX-Data: 1\r\n\r\n",
			 "the sender reads user: %s", m);
	free(m);
	/* Events: "On" even for classes the account may not read */
	amicli_send(&mon, "Action: Events\r\nEventMask: user\r\nActionID: e\r\n\r\n");
	m = amicli_next(&mon, "ActionID: e", 1000);
	cr_assert_str_eq(m, "Response: Success\r\nActionID: e\r\nEvents: On\r\n\r\n");
	free(m);
	amicli_send(&a, "Action: Events\r\nEventMask: 64\r\nActionID: e\r\n\r\n");
	free(amicli_next(&a, "ActionID: e", 1000));
	amicli_send(&ue, "Action: UserEvent\r\nUserEvent: Two\r\n\r\n");
	m = amicli_next(&a, "Event: UserEvent", 1000);
	cr_assert(m && strstr(m, "UserEvent: Two"), "64 is the user class");
	free(m);
	cr_assert_null(amicli_next(&mon, "Event: UserEvent", 300), "monitor cannot read user");
	amicli_close(&a);
	amicli_close(&mon);
	amicli_close(&ue);
}

Test(session, timestamps_and_filters_from_the_config)
{
	start(GENERAL "timestampevents = yes\n" ADMIN
		      "[watch]\nsecret = watchpw\nread = user\nwrite = system\n"
		      "eventfilter = !UserEvent: Noisy\n"
		      "eventfilter(action(include),name(UserEvent),header(Level),method(exact)) = "
		      "high\n",
	      NULL);
	struct amicli w, a;
	amicli_open(&w, &sp);
	amicli_open(&a, &sp);
	cr_assert(amicli_login(&w, "watch", NULL));
	cr_assert(amicli_login(&a, "admin", "off"));
	amicli_send(&a, "Action: UserEvent\r\nUserEvent: Noisy\r\nLevel: high\r\n\r\n"
			"Action: UserEvent\r\nUserEvent: Quiet\r\nLevel: low\r\n\r\n"
			"Action: UserEvent\r\nUserEvent: Wanted\r\nLevel: high\r\n\r\n");
	char *m = amicli_next(&w, "Event: UserEvent", 1000);
	cr_assert_not_null(m);
	cr_assert(strstr(m, "UserEvent: Wanted"), "only the included, not excluded one: %s", m);
	const char *head = "Event: UserEvent\r\nPrivilege: user,all\r\nTimestamp: ";
	cr_assert(!strncmp(m, head, strlen(head)), "%s", m);
	cr_assert(strstr(m, "\r\nSystemName: amitest\r\nUserEvent: Wanted\r\n"), "%s", m);
	free(m);
	/* the Filter action adds to the session's own filters */
	amicli_send(&w, "Action: Filter\r\nOperation: Add\r\nFilter: X[\r\nActionID: f\r\n\r\n");
	m = amicli_next(&w, "ActionID: f", 1000);
	cr_assert(strstr(m, "Message: Filter did not compile.  Check the syntax of the filter "
			    "given.\r\n"));
	free(m);
	amicli_send(&w, "Action: Filter\r\nOperation: Add\r\nFilter: Quiet\r\n"
			"MatchCriteria: name(UserEvent),header(UserEvent),method(exact)\r\n"
			"ActionID: f\r\n\r\n");
	m = amicli_next(&w, "ActionID: f", 1000);
	cr_assert_str_eq(m, "Response: Success\r\nActionID: f\r\nMessage: Success\r\n\r\n");
	free(m);
	amicli_send(&a, "Action: UserEvent\r\nUserEvent: Quiet\r\nLevel: low\r\n\r\n");
	m = amicli_next(&w, "Event: UserEvent", 1000);
	cr_assert(m && strstr(m, "UserEvent: Quiet"));
	free(m);
	amicli_close(&w);
	amicli_close(&a);
}

Test(session, framing_errors_keep_the_session)
{
	start(NULL, NULL);
	struct amicli c;
	amicli_open(&c, &sp);
	char line[1100];
	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	amicli_send(&c, "Action: Ping\r\nActionID: a\r\nJunk: %s\r\n\r\n", line);
	char *m = amicli_next(&c, NULL, 1000);
	cr_assert_str_eq(m, "Response: Error\r\nActionID: a\r\n"
			    "Message: Failed to parse message: line too long\r\n\r\n");
	free(m);
	amicli_send(&c, "\r\n");
	m = amicli_next(&c, NULL, 1000);
	cr_assert_str_eq(m, "Response: Error\r\nMessage: Missing action in request\r\n\r\n");
	free(m);
	amicli_send(&c, "Action: NoSuchThing\r\n\r\n");
	m = amicli_next(&c, NULL, 1000);
	cr_assert_str_eq(m, "Response: Error\r\nMessage: Permission denied\r\n\r\n",
			 "before login even unknown actions are denied");
	free(m);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: NoSuchThing\r\n\r\n");
	m = amicli_next(&c, NULL, 1000);
	cr_assert_str_eq(m, "Response: Error\r\nMessage: Invalid/unknown command: NoSuchThing. Use "
			    "Action: ListCommands to show available commands.\r\n\r\n");
	free(m);
	amicli_send(&c, "Action: SimStats\r\n\r\n");
	m = amicli_next(&c, NULL, 1000);
	cr_assert(strstr(m, "Invalid/unknown command: SimStats"), "control needs --control");
	free(m);
	amicli_send(&c, "Action: Login\r\nUsername: admin\r\nSecret: adminpw\r\n\r\n");
	m = amicli_next(&c, NULL, 1000);
	cr_assert_str_eq(m, "Response: Success\r\nMessage: Already authenticated\r\n\r\n");
	free(m);
	amicli_close(&c);
}

Test(session, waitevent_returns_the_events_inline)
{
	start(NULL, NULL);
	struct amicli w, a;
	amicli_open(&w, &sp);
	amicli_open(&a, &sp);
	cr_assert(amicli_login(&w, "admin", "user"));
	cr_assert(amicli_login(&a, "admin", "off"));
	long t0 = amicli_ms();
	amicli_send(&w, "Action: WaitEvent\r\nTimeout: 1\r\nActionID: w1\r\n\r\n");
	char *m = amicli_next(&w, NULL, 3000);
	cr_assert_str_eq(m, "Response: Success\r\nActionID: w1\r\n"
			    "Message: Waiting for Event completed.\r\n\r\n");
	free(m);
	m = amicli_next(&w, NULL, 3000);
	cr_assert_str_eq(m, "Event: WaitEventComplete\r\nActionID: w1\r\n\r\n");
	cr_assert_geq(amicli_ms() - t0, 900, "waited for the timeout");
	free(m);
	amicli_send(&w, "Action: WaitEvent\r\nActionID: w2\r\n\r\n");
	cr_assert_null(amicli_next(&w, NULL, 300), "waits while nothing happens");
	amicli_send(&a, "Action: UserEvent\r\nUserEvent: Wake\r\n\r\n");
	m = amicli_next(&w, NULL, 2000);
	cr_assert(m && strstr(m, "Waiting for Event completed."));
	free(m);
	m = amicli_next(&w, NULL, 2000);
	cr_assert(m && strstr(m, "Event: UserEvent\r\n") && strstr(m, "UserEvent: Wake"));
	free(m);
	m = amicli_next(&w, NULL, 2000);
	cr_assert_str_eq(m, "Event: WaitEventComplete\r\nActionID: w2\r\n\r\n");
	free(m);
	amicli_close(&w);
	amicli_close(&a);
}

/* The writetimeout cut-off: a reader that stops reading is closed, one with time is not. */
Test(session, slow_reader_is_cut_after_its_writetimeout)
{
	start(GENERAL ADMIN "[patient]\nsecret = patientpw\nread = all\nwritetimeout = 5000\n",
	      (const char *const[]){ "--control", NULL });
	struct amicli slow, patient, ctl;
	amicli_open(&slow, &sp);
	amicli_open(&patient, &sp);
	amicli_open(&ctl, &sp);
	cr_assert(amicli_login(&slow, "admin", "dialplan"));
	cr_assert(amicli_login(&patient, "patient", "dialplan"));
	cr_assert(amicli_login(&ctl, "admin", "off"));
	amicli_send(&ctl, "Action: SimFlood\r\nRate: 200000\r\nSeconds: 1\r\n\r\n");
	free(amicli_next(&ctl, "Flood started", 1000));
	/* neither reads: kernel buffers fill, then the timeout runs (slowly under sanitizers) */
	char *m = NULL;
	for (long end = amicli_ms() + 15000; amicli_ms() < end;) {
		amicli_sleep(200);
		free(m);
		amicli_send(&ctl, "Action: SimStats\r\n\r\n");
		m = amicli_next(&ctl, "SlowReadersCut", 2000);
		cr_assert_not_null(m);
		if (!strstr(m, "SlowReadersCut: 0\r\n"))
			break;
	}
	cr_assert(strstr(m, "SlowReadersCut: 1\r\n"), "%s", m);
	free(m);
	cr_assert(amicli_wait_eof(&slow, 3000), "the default 100 ms reader was closed");
	/* the patient one (5 s) drains everything and stays connected */
	unsigned long n = amicli_count(&patient, "Event: VarSet\r\n", 500);
	cr_assert_eq(n, 200000, "got %lu", n);
	cr_assert_not(patient.eof);
	amicli_close(&slow);
	amicli_close(&patient);
	amicli_close(&ctl);
}

Test(session, ipv6_loopback)
{
	const char *args[] = { "--bind", "::1", NULL };
	cr_assert(simproc_start(&sp, args), "%s", sp.err);
	cr_assert_str_eq(sp.host, "::1");
	struct amicli c;
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", NULL));
	char *m = amicli_next(&c, "Event: SuccessfulAuth", 1000);
	cr_assert(m && strstr(m, "LocalAddress: IPV6/TCP/::1/") &&
		      strstr(m, "RemoteAddress: IPV6/TCP/::1/"),
		  "%s", m);
	free(m);
	amicli_close(&c);
}
