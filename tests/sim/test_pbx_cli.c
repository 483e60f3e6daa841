/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX's CLI commands against the fixtures (06_command_core_show_channels_*): core show
 * channels in its three formats, the Hangup regex list that follows, queue show, dialplan
 * show, core show calls/channel and the usage error.
 */
#include "sim/pbx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "core/perms.h"
#include "fake_bus.h"
#include "testutil.h"

/* The shared test loop builds one source per test: the fake bus comes in with it. */
#include "fake_bus.c"

#define WALL0 1795773577000000ull

static struct sim_bus *bus;
static struct sim_pbx *pbx;

static void setup(void)
{
	bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 7, 0 };
	pbx = sim_pbx_new(bus, &o);
}

static void teardown(void)
{
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}

TestSuite(pbx_cli, .init = setup, .fini = teardown);

static char *act(const char *spec)
{
	return fx_action(pbx, AMI_PERM_ALL, spec);
}

static void run_queue_call(void)
{
	free(act("Action: Originate|Channel: Local/300@test|Application: Wait|Data: 10|"
		 "CallerID: Queue Caller <5550300>|Async: true|ActionID: q"));
	fake_bus_advance(bus, 12000);
}

/* 06_command_core_show_channels_in_call: the Command outputs and the Hangup regex list. */
static char *cli(const char *line)
{
	char buf[256], *argv[16];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 16; t = strtok(NULL, " "))
		argv[argc++] = t;
	struct ami_buf out;
	ami_buf_init(&out, 0);
	bool failed = false;
	cr_assert(sim_pbx_cli(pbx, argc, argv, &out, &failed), "%s not handled", line);
	cr_assert(!failed, "%s failed", line);
	size_t n;
	char *s = ami_buf_steal(&out, &n);
	ami_buf_free(&out);
	return s ? s : calloc(1, 1);
}

/* The Output: lines of the fixture's reply to id, as CLI text. */
static char *fixture_output(const char *rel, const char *id)
{
	char *rep = fx_reply(rel, id);
	struct ami_buf b;
	ami_buf_init(&b, 0);
	for (char *s = strstr(rep, "Output: "); s; s = strstr(s, "\r\nOutput: ")) {
		s += s[0] == '\r' ? 10 : 8;
		char *e = strstr(s, "\r\n");
		ami_buf_add(&b, s, (size_t)(e - s));
		ami_buf_addc(&b, '\n');
	}
	free(rep);
	size_t n;
	char *out = ami_buf_steal(&b, &n);
	ami_buf_free(&b);
	return out;
}

/*
 * Normalise channel sequence numbers, uniqueids and the processed counter of CLI text;
 * returns a new string and frees s.
 */
static char *norm_cli(char *s)
{
	char *out = malloc(strlen(s) + 64), *o = out;
	cr_assert_not_null(out);
	for (const char *p = s; *p;) {
		bool bol = p == s || p[-1] == '\n';
		const char *nl = strchr(p, '\n');
		if (!strncmp(p, "@test-", 6)) {
			o += sprintf(o, "@test-x");
			p += 6;
			while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
				p++;
		} else if (!strncmp(p, "amitest-", 8)) {
			o += sprintf(o, "amitest-n");
			p += 8;
			while ((*p >= '0' && *p <= '9') || *p == '.')
				p++;
		} else if (bol && nl && *p >= '0' && *p <= '9' &&
			   !strncmp(nl - 10, " processed", 10)) {
			o += sprintf(o, "N processed\n");
			p = nl + 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	free(s);
	return out;
}

Test(pbx_cli, cli_core_show_channels_in_call)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 10|"
		 "Async: true|ActionID: call-700"));
	fake_bus_advance(bus, 1500);
	static const struct {
		const char *cmd, *id;
	} cases[] = { { "core show channels", "06-144" },
		      { "core show channels verbose", "06-145" },
		      { "core show channels concise", "06-146" } };
	for (size_t i = 0; i < 3; i++) {
		char *want = fixture_output("asterisk-22/06_command_core_show_channels_in_call.raw",
					    cases[i].id);
		char *got = cli(cases[i].cmd);
		want = norm_cli(want);
		got = norm_cli(got);
		cr_expect_str_eq(got, want, "%s:\n%s\n-- want --\n%s", cases[i].cmd, got, want);
		free(want);
		free(got);
	}
	fake_bus_clear(bus);
	char *r = act("Action: Hangup|Channel: /^Local\\/700@test/|ActionID: 06-147");
	char *want_r = fx_reply("asterisk-22/06_command_core_show_channels_in_call.raw", "06-147");
	const char *d = fx_compare_replies(want_r, r, false);
	cr_expect_null(d, "Hangup list: %s", d ? d : "");
	free(want_r);
	free(r);
	fake_bus_advance(bus, 100);
	struct fx_list want, got;
	fx_load(&want, "asterisk-22/06_command_core_show_channels_in_call.raw");
	/* the events after the Hangup action: the last 8 of the fixture */
	cr_assert_geq(want.n, 8);
	struct fx_list tail = { want.ev + want.n - 8, 8 };
	fx_from_bus(&got, bus, AMI_PERM_ALL);
	fx_normalize(&tail);
	fx_normalize(&got);
	const char *diff = fx_compare(&tail, &got, true);
	cr_expect_null(diff, "after Hangup: %s", diff ? diff : "");
	fx_free(&want);
	fx_free(&got);
	char *idle = cli("core show channels");
	char *want_idle =
	    fixture_output("asterisk-22/06_command_core_show_channels_idle.raw", "06-116");
	idle = norm_cli(idle);
	want_idle = norm_cli(want_idle);
	cr_expect_str_eq(idle, want_idle);
	free(idle);
	free(want_idle);
}

Test(pbx_cli, cli_queue_and_dialplan)
{
	char *q = cli("queue show testq");
	cr_expect_str_eq(q,
			 "testq has 0 calls (max unlimited) in 'ringall' strategy (0s holdtime, "
			 "0s talktime), W:0, C:0, A:0, SL:0.0%, SL2:0.0% within 0s\n"
			 "   Members: \n"
			 "      Agent400 (Local/400@test/n) (ringinuse disabled) (Not in use) has "
			 "taken no calls yet (login was 0 secs ago)\n"
			 "   No Callers\n\n");
	free(q);
	run_queue_call();
	q = cli("queue show testq");
	cr_expect_not_null(strstr(q, "C:1, A:0, SL:100.0%, SL2:100.0% within 0s\n"), "%s", q);
	cr_expect_not_null(strstr(q, "has taken 1 calls (last was 8 secs ago)"), "%s", q);
	free(q);
	q = cli("queue show nosuch");
	cr_expect_str_eq(q, "No such queue: nosuch.\n");
	free(q);
	char *d = cli("dialplan show test");
	cr_expect_eq(strncmp(d,
			     "[ Context 'test' created by 'pbx_config' ]\n"
			     "  '100' =>          1. NoOp(ext 100 start)                        "
			     "[extensions.conf:10]\n"
			     "                    2. Answer()                                   "
			     "[extensions.conf:11]\n",
			     210),
		     0, "%s", d);
	cr_expect_not_null(strstr(d, "  '500' =>          1. Dial(Local/400@test/n,10)"));
	cr_expect_not_null(strstr(d, "-= 10 extensions (33 priorities) in 1 context. =-\n"), "%s",
			   d);
	free(d);
	char *c = cli("core show calls");
	cr_expect_str_eq(c, "0 active calls\n2 calls processed\n",
			 "the caller and the member ran the dialplan");
	free(c);
}

Test(pbx_cli, cli_channel_details_and_usage)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 10|Async: 1|"
		 "CallerID: Иван <100>"));
	fake_bus_advance(bus, 1200);
	char *c = cli("core show channel Local/700@test-00000000;1");
	cr_expect_not_null(strstr(c, "           Name: Local/700@test-00000000;1\n"), "%s", c);
	cr_expect_not_null(strstr(c, " Caller ID Name: Иван\n"));
	cr_expect_not_null(strstr(c, "          State: Up (6)\n"));
	cr_expect_not_null(strstr(c, "    Application: Wait\n           Data: 10\n"));
	free(c);
	c = cli("core show channels count");
	cr_expect_str_eq(c, "2 active channels\n1 active call\n1 call processed\n");
	free(c);
	char *argv[] = { "core", "show", "channels", "sideways" };
	struct ami_buf out;
	ami_buf_init(&out, 0);
	bool failed = false;
	cr_assert(sim_pbx_cli(pbx, 4, argv, &out, &failed));
	cr_expect(failed);
	cr_expect_eq(strncmp(out.p, "Usage: core show channels [concise|verbose|count]\n", 50), 0);
	ami_buf_free(&out);
	char *other[] = { "core", "show", "version" };
	ami_buf_init(&out, 0);
	cr_expect_not(sim_pbx_cli(pbx, 3, other, &out, &failed), "not the PBX's command");
	ami_buf_free(&out);
}
