/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The headless modes end to end: build/amitui against amisim loaded with the fixtures'
 * manager.conf, run as a script would run it, judged by stdout, stderr and exit code.
 */
#include "runprog.h"
#include "simproc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct simproc sim;
static char port[16];
static struct runprog R;

static void start(void)
{
	const char *args[] = { "-c",
			       tu_path("asterisk-22/conf/manager.conf"),
			       "--calls-per-second",
			       "20",
			       "--seed",
			       "7",
			       NULL };
	cr_assert(simproc_start(&sim, args), "%s", sim.err);
	snprintf(port, sizeof port, "%u", sim.port);
}

static void stop(void)
{
	runprog_free(&R);
	simproc_stop(&sim);
}

TestSuite(headless, .init = start, .fini = stop, .timeout = 60);

/* amitui -H 127.0.0.1 -P port -u USER ARGS..., secret from the environment. */
static int amitui(const char *user, const char *secret, const char *const *args)
{
	const char *argv[64] = { "amitui", "-H", "127.0.0.1", "-P", port, "-u", user };
	size_t n = 7;
	for (size_t i = 0; args[i] && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	static char env_secret[128];
	snprintf(env_secret, sizeof env_secret, "AMITUI_SECRET=%s", secret);
	const char *env[] = { env_secret, "XDG_CONFIG_HOME=/nonexistent", NULL };
	runprog_free(&R);
	return runprog(&R, AMITUI_PATH, argv, env, 20000);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(headless, probe_text_operator)
{
	const char *args[] = { "--probe", NULL };
	cr_assert_eq(amitui("operator", "operatorpw", args), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "Rights of 'operator'"));
	cr_assert_not_null(strstr(R.out, "Allowed actions (51):"), "%s", R.out);
	cr_assert_not_null(strstr(R.out, "originate write without system"));
}

Test(headless, probe_json_counts_every_account)
{
	static const struct {
		const char *user;
		size_t allowed;
	} acc[] = { { "admin", 79 },  { "operator", 51 }, { "reloader", 50 }, { "cli", 22 },
		    { "userev", 22 }, { "monitor", 21 },  { "nobody", 21 } };
	for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		char secret[32];
		snprintf(secret, sizeof secret, "%spw", acc[i].user);
		const char *args[] = { "--probe", "--json", NULL };
		cr_assert_eq(amitui(acc[i].user, secret, args), 0, "%s: %s", acc[i].user, R.err);
		char want[64];
		snprintf(want, sizeof want, "\"user\":\"%s\"", acc[i].user);
		cr_assert_not_null(strstr(R.out, want));
		const char *al = strstr(R.out, "\"actions_allowed\":[");
		cr_assert_not_null(al);
		const char *end = strchr(al, ']');
		size_t names = 0;
		for (const char *p = al; p < end; p++)
			names += *p == '"';
		cr_assert_eq((names - 2) / 2, acc[i].allowed, "%s", acc[i].user);
		cr_assert_not_null(strstr(R.out, "\"classes\":{"));
		bool core_settings = acc[i].allowed >= 50 && acc[i].allowed != 51; /* system */
		cr_assert_eq(strstr(R.out, "\"asterisk_version\":\"22.10.1\"") != NULL,
			     core_settings, "%s: the version comes from CoreSettings when allowed",
			     acc[i].user);
	}
}

Test(headless, probe_expectations)
{
	const char *ok[] = { "--probe", "--expect-write", "originate,call,agent", NULL };
	cr_assert_eq(amitui("operator", "operatorpw", ok), 0, "%s", R.err);
	const char *bad[] = { "--probe", "--expect-write", "system,originate", NULL };
	cr_assert_eq(amitui("operator", "operatorpw", bad), 3);
	cr_assert_not_null(strstr(R.err, "write system"), "%s", R.err);
	const char *typo[] = { "--probe", "--expect-read", "cal", NULL };
	cr_assert_eq(amitui("operator", "operatorpw", typo), 4);
}

Test(headless, action_success_and_error)
{
	const char *ping[] = { "--action", "Ping", NULL };
	cr_assert_eq(amitui("nobody", "nobodypw", ping), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "Ping: Pong\r\n"));
	const char *orig[] = { "--action",	   "Originate", "Channel=Local/100@test",
			       "Application=Wait", "Data=1",	NULL };
	cr_assert_eq(amitui("nobody", "nobodypw", orig), 2);
	cr_assert_not_null(strstr(R.out, "Message: Permission denied"), "%s", R.out);
	const char *cmd[] = { "--action", "Command", "Command=core show version", "--json", NULL };
	cr_assert_eq(amitui("cli", "clipw", cmd), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "\"Output\":\"Asterisk 22.10.1"), "%s", R.out);
}

Test(headless, action_list_events)
{
	const char *args[] = { "--action", "CoreShowChannels", "--json", NULL };
	cr_assert_eq(amitui("admin", "adminpw", args), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "\"EventList\":\"start\""));
	cr_assert_not_null(strstr(R.out, "\"Event\":\"CoreShowChannelsComplete\""));
	cr_assert_eq(count(R.out, "\n"), count(R.out, "\"_received\""), "one object per line");
}

Test(headless, action_refusals_never_reach_the_wire)
{
	const char *inj[] = { "--action", "UserEvent", "UserEvent=x\r\nAction: Command", NULL };
	cr_assert_eq(amitui("userev", "userevpw", inj), 4);
	cr_assert_not_null(strstr(R.err, "CR, LF or NUL"), "%s", R.err);
	const char *ro[] = { "--read-only", "--action", "Hangup", "Channel=/.*/", NULL };
	cr_assert_eq(amitui("admin", "adminpw", ro), 2);
	cr_assert_not_null(strstr(R.err, "read-only"), "%s", R.err);
	const char *sec[] = { "--action", "Login", "Secret=x", NULL };
	cr_assert_eq(amitui("admin", "adminpw", sec), 4);
}

Test(headless, dump_json_lines)
{
	const char *args[] = { "--dump", "--json", "--for", "2", NULL };
	cr_assert_eq(amitui("admin", "adminpw", args), 0, "%s", R.err);
	size_t lines = count(R.out, "\n");
	cr_assert_gt(lines, 10, "calls at 20/s give events: %zu", lines);
	cr_assert_eq(count(R.out, "{\"Event\":"), lines, "every line an event object");
	cr_assert_eq(count(R.out, "\"_received\":"), lines);
}

Test(headless, dump_filters_classes_and_names)
{
	const char *args[] = { "--dump", "--classes", "dialplan", "--for", "2", NULL };
	cr_assert_eq(amitui("admin", "adminpw", args), 0, "%s", R.err);
	size_t lines = count(R.out, "\n");
	cr_assert_gt(lines, 0, "dialplan events expected from the traffic");
	cr_assert_eq(count(R.out, " dialplan "), lines, "%s", R.out);
	const char *names[] = { "--dump", "--events", "Hangup", "--json", "--for", "2", NULL };
	cr_assert_eq(amitui("admin", "adminpw", names), 0);
	cr_assert_eq(count(R.out, "{\"Event\":\"Hangup\""), count(R.out, "\n"));
}

Test(headless, failures_map_to_exit_codes)
{
	const char *args[] = { "--probe", NULL };
	cr_assert_eq(amitui("admin", "wrong", args), 8);
	cr_assert_not_null(strstr(R.err, "Authentication failed"), "%s", R.err);
	cr_assert_not_null(strstr(R.err, "permit/deny") || strstr(R.err, "network filter"),
			   "the message must say that an ACL refusal looks the same: %s", R.err);
	const char *argv[] = { "amitui", "-H", "127.0.0.1", "-P", "1", "-u", "x", "--probe", NULL };
	const char *env[] = { "AMITUI_SECRET=x", NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 20000), 6, "%s", R.err);
	cr_assert_not_null(strstr(R.err, "refused"), "%s", R.err);
	const char *nosecret[] = { "amitui", "-H", "127.0.0.1", "-P", port,
				   "-u",     "x",  "--probe",	NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, nosecret, NULL, 20000), 5, "%s", R.err);
}

Test(headless, secret_file_must_be_private)
{
	char dir[] = "/tmp/amitui-hl-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char conf[128], sec[128];
	snprintf(sec, sizeof sec, "%s/s", dir);
	snprintf(conf, sizeof conf, "%s/amitui.conf", dir);
	FILE *f = fopen(sec, "w");
	fputs("adminpw\n", f);
	fclose(f);
	chmod(sec, 0644);
	f = fopen(conf, "w");
	fprintf(f, "[lab]\nhost = 127.0.0.1\nport = %s\nusername = admin\nsecret_file = %s\n", port,
		sec);
	fclose(f);
	const char *argv[] = { "amitui", "-c", conf, "-p", "lab", "--probe", NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, NULL, 20000), 5);
	cr_assert_not_null(strstr(R.err, "chmod 600"), "%s", R.err);
	chmod(sec, 0600);
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, NULL, 20000), 0, "%s", R.err);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
