/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: modes, overrides, action arguments, refusals, exit-code table. */
#include "app/opts.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct app_opts O;
static char err[512];

static enum app_exit parse(const char *line)
{
	static char buf[2048];
	static char *argv[64];
	snprintf(buf, sizeof buf, "amitui %s", line);
	int argc = 0;
	for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	return app_opts_parse(&O, argc, argv, err, sizeof err);
}

Test(opts, console_by_default)
{
	cr_assert_eq(parse("-p prod"), APP_EXIT_OK, "%s", err);
	cr_assert_eq(O.mode, APP_MODE_CONSOLE);
	cr_assert_str_eq(O.profile, "prod");
	cr_assert_eq(O.speed, 1);
}

Test(opts, connection_overrides)
{
	cr_assert_eq(parse("-H ::1 -P 5039 -u admin --tls --tls-ca ca.pem --tls-pin AB:CD "
			   "--insecure --auth plain --event-mask call,user --read-only --probe"),
		     APP_EXIT_OK, "%s", err);
	cr_assert_str_eq(O.ov.host, "::1");
	cr_assert_str_eq(O.ov.port, "5039");
	cr_assert_str_eq(O.ov.user, "admin");
	cr_assert(O.ov.tls && O.ov.insecure && O.ov.read_only);
	cr_assert_str_eq(O.ov.tls_pin, "AB:CD");
	cr_assert_str_eq(O.ov.event_mask, "call,user");
	cr_assert_eq(O.mode, APP_MODE_PROBE);
}

Test(opts, dump_and_probe_options)
{
	cr_assert_eq(
	    parse("--dump --json --classes call,dtmf --events Hangup,Newchannel --for 2.5"),
	    APP_EXIT_OK, "%s", err);
	cr_assert_eq(O.mode, APP_MODE_DUMP);
	cr_assert(O.json);
	cr_assert_str_eq(O.classes, "call,dtmf");
	cr_assert_str_eq(O.events, "Hangup,Newchannel");
	cr_assert_float_eq(O.for_seconds, 2.5, 1e-9);
	cr_assert_eq(parse("--probe --expect-read call --expect-write ''"), APP_EXIT_OK);
	cr_assert(O.expect_read_set && O.expect_write_set);
}

Test(opts, action_arguments_anywhere)
{
	cr_assert_eq(parse("--action Originate Channel=Local/100@test Async=true --json "
			   "Variable=a=1"),
		     APP_EXIT_OK, "%s", err);
	cr_assert_str_eq(O.action, "Originate");
	cr_assert_eq(O.naction_args, 3);
	cr_assert_str_eq(O.action_args[0], "Channel=Local/100@test");
	cr_assert_str_eq(O.action_args[2], "Variable=a=1");
	cr_assert(O.json);
}

Test(opts, refusals)
{
	static const struct {
		const char *line, *want;
	} v[] = {
		{ "--secret x", "never taken from the command line" },
		{ "--action Login Username=a Secret=x", "never taken from the command line" },
		{ "--action Ping notkv", "is not Key=Value" },
		{ "--probe --dump", "cannot be combined" },
		{ "--port 0", "--port must be 1-65535" },
		{ "--port 99999", "--port must be 1-65535" },
		{ "--auth kerberos", "--auth must be md5, plain or auto" },
		{ "--json", "go with --dump" },
		{ "--expect-read call", "go with --probe" },
		{ "--for soon --dump", "--for: 'soon' is not a number" },
		{ "--speed 0 --replay x", "--speed" },
		{ "--bogus", "unknown option" },
		{ "-p", "missing value" },
		{ "stray", "unexpected argument 'stray'" },
		{ "--record a --replay b", "cannot be combined" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		cr_assert_eq(parse(v[i].line), APP_EXIT_USAGE, "%s", v[i].line);
		cr_assert_not_null(strstr(err, v[i].want), "'%s': got '%s'", v[i].line, err);
	}
}

Test(opts, replay_speed_and_demo)
{
	cr_assert_eq(parse("--replay rec.ami --speed max"), APP_EXIT_OK, "%s", err);
	cr_assert_eq(O.speed, 0);
	cr_assert_eq(parse("--demo-user monitor"), APP_EXIT_OK);
	cr_assert(O.demo);
	cr_assert_str_eq(O.demo_user, "monitor");
}

Test(opts, exit_code_table)
{
	char buf[2048] = { 0 };
	FILE *f = fmemopen(buf, sizeof buf, "w");
	app_opts_list_exit_codes(f);
	fclose(f);
	cr_assert_not_null(strstr(buf, "  3  --probe"));
	cr_assert_not_null(strstr(buf, "  8  authentication failed"));
	cr_assert_eq(APP_EXIT_ACTION_ERROR, 2, "the issue fixes --action's Error exit at 2");
	cr_assert_eq(APP_EXIT_EXPECT_DIFF, 3, "and --probe's difference at 3");
}
