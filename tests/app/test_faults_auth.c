/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authentication failures as a user of the headless modes sees them: a wrong secret is
 * one attempt and a clear message; a secret that stops working after a good login
 * gives three tries with growing pauses, then a stop that says why; Login Already In
 * Use stops at once. Connection attempts are counted by amisim (SimStats).
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(auth, .fini = fk_stop, .timeout = 60);

#define DUMP_V(...) ((const char *const[]){ "--dump", "-v", __VA_ARGS__, NULL })

/* The amitui sessions amisim saw: SessionsTotal minus our own control connections. */
static unsigned long amitui_sessions(unsigned long controls_before)
{
	/* this query is a control connection too */
	return fk_stat("SessionsTotal") - controls_before - 1;
}

Test(auth, wrong_secret_is_one_attempt_and_a_clear_message)
{
	fk_start(NULL);
	fk_conf(0, 0, false, NULL);
	unsigned long before = fk_stat("SessionsTotal");
	long t0 = fk_ms();
	cr_assert_eq(fk_run("wrong", DUMP_V(NULL), 20000), 8, "%s", FK.r.err);
	cr_assert_lt(fk_ms() - t0, 4000);
	cr_assert_not_null(strstr(FK.r.err, "amitui: Authentication failed for user 'admin'"), "%s",
			   FK.r.err);
	amicli_sleep(1500); /* a reconnect would show up in the count */
	cr_assert_eq(amitui_sessions(before), 1);
}

/* After a good login the secret stops working (changed on the server, the session
 * kicked): three tries with growing pauses, then a stop that says why. */
Test(auth, failures_after_a_good_login_stop_after_three, .timeout = 90)
{
	char conf[256];
	FILE *f;
	char dirbuf[64] = "/tmp/amitui-mgr-XXXXXX";
	cr_assert_not_null(mkdtemp(dirbuf));
	snprintf(conf, sizeof conf, "%s/manager.conf", dirbuf);
	f = fopen(conf, "w");
	fputs("[general]\nenabled = yes\n[admin]\nsecret = adminpw\nread = all\nwrite = all\n"
	      "[ctl]\nsecret = ctlpw\nread = all\nwrite = all\n",
	      f);
	fclose(f);
	fk_start((const char *const[]){ "-c", conf, NULL });
	snprintf(FK.ctl_user, sizeof FK.ctl_user, "ctl");
	fk_conf(0, 0, false, NULL);
	unsigned long before = fk_stat("SessionsTotal");
	fk_spawn("adminpw", DUMP_V(NULL));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	f = fopen(conf, "w");
	fputs("[general]\nenabled = yes\n[admin]\nsecret = changed\nread = all\nwrite = all\n"
	      "[ctl]\nsecret = ctlpw\nread = all\nwrite = all\n",
	      f);
	fclose(f);
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: Reload\r\nModule: manager\r\nActionID: r\r\n\r\n"
			"Action: SimFault\r\nFault: close\r\nTarget: all\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	long t0 = fk_ms();
	cr_assert_eq(fk_finish(60000), 8, "%s", FK.r.err);
	long dt = fk_ms() - t0;
	const char *err = FK.r.err;
	cr_assert_not_null(strstr(err, "(failure 1 of 3)"), "%s", err);
	cr_assert_not_null(strstr(err, "(failure 2 of 3)"), "%s", err);
	cr_assert_not_null(
	    strstr(err, "amitui: Authentication failed for user 'admin' (the server said: "
			"Authentication failed)"),
	    "%s", err);
	cr_assert_not_null(strstr(err, "stopped after 3 consecutive failures"), "%s", err);
	/* backoff: the pauses grow, so three failures take several seconds */
	cr_assert_geq(dt, 5000, "%ld ms", dt);
	cr_assert_eq(fk_count(FK.r.out, "# gap: "), 1, "the loss is in the output: %s", FK.r.out);
	/* one good session, three refused logins; the control above */
	unsigned long n = amitui_sessions(before + 1);
	cr_assert_eq(n, 4, "%lu sessions: %s", n, err);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dirbuf);
	cr_assert_eq(system(cmd), 0);
}

Test(auth, login_already_in_use_stops_at_once)
{
	fk_start(NULL);
	fk_conf(0, 0, false, NULL);
	unsigned long before = fk_stat("SessionsTotal");
	fk_spawn("adminpw", DUMP_V(NULL));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000));
	snprintf(FK.ctl_user, sizeof FK.ctl_user, "monitor"); /* admin is "in use" below */
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFault\r\nFault: inuse\r\nParam: admin\r\nActionID: i\r\n\r\n"
			"Action: SimFault\r\nFault: restart\r\nParam: 1\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	cr_assert_eq(fk_finish(20000), 8, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "amitui: Login Already In Use: user 'admin' is logged "
					    "in elsewhere"),
			   "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "not retrying"));
	cr_assert_eq(amitui_sessions(before + 1), 2, "%s", FK.r.err);
}
