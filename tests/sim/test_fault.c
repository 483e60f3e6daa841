/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim's faults, armed with SimFault (--control) or --fault: each one as a client sees it. */
#include "amicli.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct simproc sp;

static void start(const char *const *args)
{
	cr_assert(simproc_start(&sp, args), "%s", sp.err);
}

static void stop(void)
{
	simproc_stop(&sp);
}

TestSuite(fault, .fini = stop, .timeout = 30);

#define CONTROL ((const char *const[]){ "--control", NULL })

/* Login as admin with events off and arm a fault on this session. */
static void arm(struct amicli *c, const char *fault, const char *param)
{
	amicli_open(c, &sp);
	cr_assert(amicli_login(c, "admin", "off"));
	amicli_send(c, "Action: SimFault\r\nFault: %s\r\n%s%s%sActionID: f\r\n\r\n", fault,
		    param ? "Param: " : "", param ? param : "", param ? "\r\n" : "");
	char *m = amicli_next(c, NULL, 2000);
	cr_assert_str_eq(m, "Response: Success\r\nActionID: f\r\nMessage: Fault armed\r\n\r\n");
	free(m);
}

Test(fault, control_actions_need_the_flag_and_stay_unlisted)
{
	start(CONTROL);
	struct amicli c;
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: ListCommands\r\nActionID: l\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: l", 2000);
	cr_assert(m && strstr(m, "Ping: "));
	cr_assert_null(strstr(m, "Sim"), "no control action in ListCommands");
	free(m);
	amicli_send(&c, "Action: SimFault\r\nFault: explode\r\nActionID: f\r\n\r\n");
	m = amicli_next(&c, "ActionID: f", 2000);
	cr_assert(m && strstr(m, "Response: Error\r\n") && strstr(m, "explode"), "%s", m);
	free(m);
	amicli_send(&c, "Action: SimStats\r\nActionID: s\r\n\r\n");
	m = amicli_next(&c, "ActionID: s", 2000);
	cr_assert(m && strstr(m, "Sessions: 1\r\n"), "%s", m);
	free(m);
	amicli_close(&c);
}

Test(fault, close_right_after_the_reply)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "close", NULL);
	cr_assert(amicli_wait_eof(&c, 1000));
	amicli_close(&c);
}

Test(fault, stall_delays_the_next_reply)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "stall", "600");
	long t0 = amicli_ms();
	amicli_send(&c, "Action: Ping\r\nActionID: p\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: p", 3000);
	cr_assert(m && strstr(m, "Ping: Pong"));
	long dt = amicli_ms() - t0;
	cr_assert(dt >= 500 && dt < 2000, "answered after %ld ms", dt);
	free(m);
	amicli_close(&c);
}

Test(fault, garbage_then_the_session_goes_on)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "garbage", "40");
	amicli_send(&c, "Action: Ping\r\nActionID: p\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: p", 2000);
	cr_assert_not_null(m, "the session still answers");
	const char *resp = strstr(m, "Response: Success\r\n");
	cr_assert_not_null(resp);
	cr_assert_geq(resp - m, 40, "40 bytes of garbage came first");
	free(m);
	amicli_close(&c);
}

Test(fault, overlong_line)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "overlong", "5000");
	char *m = amicli_next(&c, NULL, 2000);
	cr_assert_not_null(m);
	cr_assert_eq(strlen(m), 10 + 5000 + 4);
	cr_assert(!strncmp(m, "Overlong: xxxx", 14));
	free(m);
	amicli_close(&c);
}

Test(fault, drip_writes_a_byte_at_a_time)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "drip", "5");
	long t0 = amicli_ms();
	amicli_send(&c, "Action: Ping\r\nActionID: p\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: p", 5000);
	cr_assert(m && strstr(m, "Ping: Pong"));
	long dt = amicli_ms() - t0;
	/* about 70 bytes at 5 ms each */
	cr_assert_geq(dt, (long)strlen(m) * 5 * 8 / 10, "%zu bytes in %ld ms", strlen(m), dt);
	free(m);
	amicli_close(&c);
}

Test(fault, restart_drops_refuses_and_boots_again)
{
	start(CONTROL);
	struct amicli c, other;
	amicli_open(&other, &sp);
	cr_assert(amicli_login(&other, "admin", "off"));
	amicli_sleep(1100); /* let the uptime grow past 1 s */
	arm(&c, "restart", "1");
	long t0 = amicli_ms();
	cr_assert(amicli_wait_eof(&c, 1000));
	cr_assert(amicli_wait_eof(&other, 1000));
	cr_assert_lt(simproc_connect(&sp, false), 0, "connects are refused while down");
	int fd = -1;
	while (fd < 0 && amicli_ms() - t0 < 4000) {
		amicli_sleep(50);
		fd = simproc_connect(&sp, false);
	}
	cr_assert_geq(fd, 0, "accepting again");
	cr_assert_geq(amicli_ms() - t0, 800, "down for about a second");
	close(fd);
	struct amicli n;
	amicli_open(&n, &sp);
	cr_assert(amicli_login(&n, "admin", "system"));
	char *m = amicli_next(&n, "Event: FullyBooted", 1000);
	cr_assert_not_null(m);
	free(m);
	amicli_send(&n, "Action: CoreStatus\r\nActionID: s\r\n\r\n");
	m = amicli_next(&n, "ActionID: s", 1000);
	cr_assert(m && strstr(m, "CoreStartupTime: "));
	/* a new boot: the reload time equals the startup time again */
	char st[32], rt[32];
	cr_assert_eq(sscanf(strstr(m, "CoreStartupTime: "), "CoreStartupTime: %31s", st), 1);
	cr_assert_eq(sscanf(strstr(m, "CoreReloadTime: "), "CoreReloadTime: %31s", rt), 1);
	cr_assert_str_eq(st, rt);
	free(m);
	amicli_send(&n,
		    "Action: Command\r\nCommand: core show uptime seconds\r\nActionID: u\r\n\r\n");
	m = amicli_next(&n, "ActionID: u", 1000);
	unsigned long up = 99;
	const char *u = m ? strstr(m, "System uptime: ") : NULL;
	cr_assert_not_null(u, "%s", m);
	sscanf(u, "System uptime: %lu", &up);
	cr_assert_leq(up, 1, "uptime restarted: %lu", up);
	free(m);
	amicli_close(&n);
	amicli_close(&c);
	amicli_close(&other);
}

Test(fault, inuse_flag_refuses_that_user)
{
	start((const char *const[]){ "--fault", "inuse:operator", NULL });
	struct amicli c;
	amicli_open(&c, &sp);
	long t0 = amicli_ms();
	amicli_send(&c, "Action: Login\r\nUsername: operator\r\nSecret: operatorpw\r\n\r\n");
	char *m = amicli_next(&c, NULL, 3000);
	cr_assert_str_eq(m, "Response: Error\r\nMessage: Login Already In Use\r\n\r\n");
	cr_assert_geq(amicli_ms() - t0, 900);
	cr_assert(amicli_wait_eof(&c, 1000));
	free(m);
	amicli_close(&c);
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", NULL), "other users are fine");
	amicli_close(&c);
}

Test(fault, close_flag_strikes_after_each_login)
{
	start((const char *const[]){ "--fault", "close", NULL });
	for (int i = 0; i < 2; i++) {
		struct amicli c;
		amicli_open(&c, &sp);
		cr_assert(amicli_login(&c, "admin", "off"));
		cr_assert(amicli_wait_eof(&c, 1000));
		amicli_close(&c);
	}
}

Test(fault, bad_fault_flag_is_refused)
{
	const char *args[] = { "--fault", "explode", NULL };
	cr_assert_not(simproc_start(&sp, args), "amisim refuses to start");
}

static bool tls_handshake(void)
{
	int fd = simproc_connect(&sp, true);
	cr_assert_geq(fd, 0);
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	bool ok = SSL_connect(ssl) == 1;
	if (ok) {
		char buf[64];
		int n = SSL_read(ssl, buf, sizeof buf - 1);
		ok = n >= 30 && !strncmp(buf, "Asterisk Call Manager/11.0.0\r\n", 30);
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return ok;
}

Test(fault, refusetls)
{
	start((const char *const[]){ "--tls-selfsigned", "--control", NULL });
	cr_assert_neq(sp.tls_port, 0);
	cr_assert(tls_handshake(), "TLS works at first");
	struct amicli c;
	arm(&c, "refusetls", NULL);
	cr_assert_not(tls_handshake(), "then the handshake is refused");
	amicli_close(&c);
	simproc_stop(&sp);
	start((const char *const[]){ "--tls-selfsigned", "--fault", "refusetls", NULL });
	cr_assert_not(tls_handshake());
}

/* Everything the server sends until it closes (at most timeout_ms); c->buf first. */
static char *read_to_eof(struct amicli *c, int timeout_ms, size_t *len)
{
	char *all = malloc(c->len + 1);
	cr_assert_not_null(all);
	memcpy(all, c->buf ? c->buf : "", c->len);
	all[c->len] = '\0';
	*len = c->len;
	bool eof = c->eof;
	if (!eof)
		simproc_read_messages(c->fd, &all, len, (size_t)-1, timeout_ms, &eof);
	cr_assert(eof, "the server closed the connection");
	return all;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(fault, cut_closes_in_the_middle_of_an_eventlist)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "cut", NULL);
	/* three calls up, six channels: the list is long enough to cut in the middle */
	struct amicli o;
	amicli_open(&o, &sp);
	cr_assert(amicli_login(&o, "admin", "off"));
	for (int i = 0; i < 3; i++) {
		amicli_send(&o,
			    "Action: Originate\r\nChannel: Local/700@test\r\nApplication: Wait\r\n"
			    "Data: 30\r\nAsync: true\r\nActionID: o%d\r\n\r\n",
			    i);
		char *m = amicli_next(&o, "Response:", 3000);
		cr_assert(m && strstr(m, "Success"), "%s", m);
		free(m);
	}
	bool six = false;
	for (int i = 0; i < 50 && !six; i++) {
		amicli_send(&o, "Action: CoreShowChannels\r\nActionID: n%d\r\n\r\n", i);
		char *m = amicli_next(&o, "Event: CoreShowChannelsComplete", 2000);
		six = m && strstr(m, "ListItems: 6\r\n");
		free(m);
		if (!six)
			amicli_sleep(20);
	}
	cr_assert(six, "six channels up");
	amicli_send(&c, "Action: CoreShowChannels\r\nActionID: l\r\n\r\n");
	size_t len;
	char *all = read_to_eof(&c, 3000, &len);
	cr_assert(!strncmp(all, "Response: Success\r\nActionID: l\r\nEventList: start\r\n", 50),
		  "%s", all);
	cr_assert_geq(occurrences(all, "Event: CoreShowChannel\r\n"), 1, "%s", all);
	cr_assert_lt(occurrences(all, "Event: CoreShowChannel\r\n"), 6, "%s", all);
	cr_assert_null(strstr(all, "CoreShowChannelsComplete"), "the list never ends");
	free(all);
	amicli_close(&c);
	/* the other session is untouched */
	amicli_send(&o, "Action: Ping\r\nActionID: p\r\n\r\n");
	char *m = amicli_next(&o, "ActionID: p", 2000);
	cr_assert(m && strstr(m, "Pong"));
	free(m);
	amicli_close(&o);
}

Test(fault, cut_after_bytes_in_a_command_output)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "cut", "60");
	amicli_send(&c, "Action: Command\r\nCommand: core show help\r\nActionID: x\r\n\r\n");
	size_t len;
	char *all = read_to_eof(&c, 3000, &len);
	cr_assert_eq(len, 60, "%zu bytes: %s", len, all);
	cr_assert(!strncmp(all, "Response: Success\r\nActionID: x\r\nMessage: Command output", 55),
		  "%s", all);
	free(all);
	amicli_close(&c);
}

Test(fault, cut_on_the_command_line_strikes_the_reply_after_login)
{
	start((const char *const[]){ "--fault", "cut:30", NULL });
	struct amicli c;
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: CoreSettings\r\nActionID: s\r\n\r\n");
	size_t len;
	char *all = read_to_eof(&c, 3000, &len);
	cr_assert_eq(len, 30, "%s", all);
	cr_assert(!strncmp(all, "Response: Success\r\nActionID: s", 30), "%s", all);
	free(all);
	amicli_close(&c);
}

Test(fault, headers_sends_one_event_with_that_many)
{
	start(CONTROL);
	struct amicli c;
	arm(&c, "headers", "70000");
	char *m = amicli_next(&c, "Event: SimHeaders", 5000);
	cr_assert_not_null(m);
	cr_assert_eq(occurrences(m, "\r\n"), 70000 + 3, "Event, Privilege, 70000, blank line");
	cr_assert_not_null(strstr(m, "\r\nH69999: x\r\n\r\n"));
	free(m);
	amicli_send(&c, "Action: Ping\r\nActionID: p\r\n\r\n");
	m = amicli_next(&c, "ActionID: p", 2000);
	cr_assert(m && strstr(m, "Pong"), "the session goes on");
	free(m);
	amicli_close(&c);
}

Test(fault, stall_on_every_session_begins_at_once)
{
	start(CONTROL);
	struct amicli idle, c;
	amicli_open(&idle, &sp);
	cr_assert(amicli_login(&idle, "admin", "off"));
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: SimFault\r\nFault: stall\r\nParam: 1500\r\nTarget: all\r\n"
			"ActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 2000));
	amicli_sleep(100);
	/* the idle session was stalled already: a half-open peer does not wait for traffic */
	long t0 = amicli_ms();
	amicli_send(&idle, "Action: Ping\r\nActionID: p\r\n\r\n");
	char *m = amicli_next(&idle, "ActionID: p", 4000);
	cr_assert(m && strstr(m, "Pong"));
	free(m);
	long dt = amicli_ms() - t0;
	cr_assert(dt >= 1200 && dt < 3000, "answered after %ld ms", dt);
	amicli_close(&idle);
	amicli_close(&c);
}

Test(fault, close_on_every_session_closes_idle_ones_at_once)
{
	start(CONTROL);
	struct amicli idle, c;
	amicli_open(&idle, &sp);
	cr_assert(amicli_login(&idle, "admin", "off"));
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: SimFault\r\nFault: close\r\nTarget: all\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 2000));
	/* the idle session sends nothing: it is closed all the same */
	cr_assert(amicli_wait_eof(&idle, 1000), "the idle session was not closed");
	amicli_close(&idle);
	amicli_close(&c);
}
