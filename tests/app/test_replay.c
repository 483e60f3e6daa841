/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Record and replay end to end: every fixture capture replays with its event count;
 * a live recording replays into exactly the same JSON Lines; damage and redaction.
 */
#include "runprog.h"
#include "simproc.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct runprog R;

static size_t lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int amitui(const char *const *args)
{
	const char *argv[32] = { "amitui" };
	size_t n = 1;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	const char *env[] = { "XDG_CONFIG_HOME=/nonexistent", "TZ=UTC", NULL };
	runprog_free(&R);
	return runprog(&R, AMITUI_PATH, argv, env, 30000);
}

Test(replay, every_fixture_capture_gives_its_event_count, .timeout = 120)
{
	DIR *d = opendir(tu_path("asterisk-22"));
	cr_assert_not_null(d);
	struct dirent *e;
	size_t files = 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".raw") != 0)
			continue;
		char raw[300], txt[300];
		snprintf(raw, sizeof raw, "asterisk-22/%s", e->d_name);
		snprintf(txt, sizeof txt, "asterisk-22/%.*s.txt", (int)(l - 4), e->d_name);
		char *t = tu_load(txt, NULL);
		size_t want = tu_txt_server_lines(t, "Event: ");
		free(t);
		char path[4096];
		snprintf(path, sizeof path, "%s", tu_path(raw));
		const char *args[] = {
			"--replay", path, "--dump", "--json", "--speed", "max", NULL
		};
		int rc = amitui(args);
		if (want == 0 && rc == 10) /* an empty capture (09_plain_to_tls_port) */
			continue;
		cr_assert_eq(rc, 0, "%s: %s", e->d_name, R.err);
		cr_assert_eq(lines(R.out), want, "%s: %zu events, transcript shows %zu", e->d_name,
			     lines(R.out), want);
		files++;
	}
	closedir(d);
	cr_assert_geq(files, 60);
}

static char dir[64];

static void mk(void)
{
	strcpy(dir, "/tmp/amitui-replay-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void rm(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	runprog_free(&R);
}

Test(replay, record_then_replay_is_identical, .init = mk, .fini = rm, .timeout = 60)
{
	struct simproc sim;
	const char *sargs[] = { "--calls-per-second", "20", "--seed", "3", NULL };
	cr_assert(simproc_start(&sim, sargs), "%s", sim.err);
	char port[16], rec[128];
	snprintf(port, sizeof port, "%u", sim.port);
	snprintf(rec, sizeof rec, "%s/live.amirec", dir);
	const char *argv[] = {
		"amitui", "-H",	    "127.0.0.1", "-P", port,	   "-u", "admin",
		"--dump", "--json", "--for",	 "2",  "--record", rec,	 "--redact-numbers",
		NULL
	};
	const char *env[] = { "AMITUI_SECRET=adminpw", NULL };
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 30000), 0, "%s", R.err);
	simproc_stop(&sim);
	char *live = strdup(R.out);
	cr_assert_gt(lines(live), 20);
	const char *args[] = { "--replay", rec, "--dump", "--json", "--speed", "max", NULL };
	cr_assert_eq(amitui(args), 0, "%s", R.err);
	/* the live dump printed numbers, the recording masked them: compare masked */
	cr_assert_eq(lines(R.out), lines(live));
	FILE *fp = fopen(rec, "rb");
	cr_assert_not_null(fp);
	char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	cr_assert(strncmp(buf, "AMITUI-RECORDING 1\n", 19) == 0);
	cr_assert_null(strstr(buf, "adminpw"));
	cr_assert_not_null(strstr(buf, "CallerIDNum: xxxx"), "numbers redacted");
	free(live);
}

Test(replay, record_then_replay_byte_identical_without_redaction, .init = mk, .fini = rm,
     .timeout = 60)
{
	struct simproc sim;
	const char *sargs[] = { "--calls-per-second", "20", "--seed", "5", NULL };
	cr_assert(simproc_start(&sim, sargs), "%s", sim.err);
	char port[16], rec[128];
	snprintf(port, sizeof port, "%u", sim.port);
	snprintf(rec, sizeof rec, "%s/live.amirec", dir);
	const char *argv[] = { "amitui", "-H",	   "127.0.0.1", "-P", port,	  "-u", "admin",
			       "--dump", "--json", "--for",	"2",  "--record", rec,	NULL };
	const char *env[] = { "AMITUI_SECRET=adminpw", NULL };
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 30000), 0, "%s", R.err);
	simproc_stop(&sim);
	char *live = strdup(R.out);
	const char *args[] = { "--replay", rec, "--dump", "--json", "--speed", "max", NULL };
	cr_assert_eq(amitui(args), 0, "%s", R.err);
	cr_assert_gt(lines(live), 20);
	cr_assert_str_eq(R.out, live, "the replay prints exactly what the live dump printed");
	free(live);
}

Test(replay, damaged_recording_plays_what_came_before, .init = mk, .fini = rm)
{
	char rec[128];
	snprintf(rec, sizeof rec, "%s/bad.amirec", dir);
	FILE *f = fopen(rec, "w");
	fputs("AMITUI-RECORDING 1\n# test\n"
	      "R 1795773532.000001 30\nAsterisk Call Manager/11.0.0\r\n\n"
	      "R 1795773532.100000 38\nEvent: Hangup\r\nPrivilege: call,all\r\n\r\n\n"
	      "R 1795773532.2 999\ntruncated",
	      f);
	fclose(f);
	const char *args[] = { "--replay", rec, "--dump", "--json", "--speed", "max", NULL };
	cr_assert_eq(amitui(args), 10, "%s", R.err);
	cr_assert_eq(lines(R.out), 1, "the Hangup before the damage: %s", R.out);
	cr_assert_not_null(strstr(R.out, "\"_received\":1795773532.100000"), "%s", R.out);
	cr_assert_not_null(strstr(R.err, "truncated"), "%s", R.err);
	const char *none[] = { "--replay", "/nonexistent/x", "--dump", NULL };
	cr_assert_eq(amitui(none), 10);
	snprintf(rec, sizeof rec, "%s/junk", dir);
	f = fopen(rec, "w");
	fputs("hello world\n", f);
	fclose(f);
	const char *junk[] = { "--replay", rec, "--dump", NULL };
	cr_assert_eq(amitui(junk), 10);
	cr_assert_not_null(strstr(R.err, "not an amitui recording"), "%s", R.err);
}

Test(replay, probe_from_a_capture)
{
	char path[4096];
	snprintf(path, sizeof path, "%s", tu_path("asterisk-22/03_perms_operator.raw"));
	const char *args[] = { "--replay", path, "--probe", "--json", "--speed", "max", NULL };
	cr_assert_eq(amitui(args), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "\"ami_version\":\"11.0.0\""), "%s", R.out);
	const char *al = strstr(R.out, "\"actions_allowed\":[");
	cr_assert_not_null(al);
	size_t q = 0;
	for (const char *p = al; *p && *p != ']'; p++)
		q += *p == '"';
	cr_assert_eq((q - 2) / 2, 51, "operator's 51 actions from the recorded ListCommands");
}

/* --- ticket bundles, headless ----------------------------------------------------------- */

/* s without its "_received":T fields (a bare capture has no times: they are the replay's). */
static char *no_times(const char *s)
{
	char *out = strdup(s), *w = out;
	for (const char *p = s; *p;) {
		if (strncmp(p, ",\"_received\":", 13) == 0) {
			p += 13;
			while ((*p >= '0' && *p <= '9') || *p == '.')
				p++;
			continue;
		}
		*w++ = *p++;
	}
	*w = '\0';
	return out;
}

static char *run_out(const char *const *args, int want_rc)
{
	int rc = amitui(args);
	cr_assert_eq(rc, want_rc, "%s %s: %s", args[0], args[1], R.err);
	return strdup(R.out);
}

Test(replay, bundle_of_a_capture_replays_the_same_events_and_rights_card, .init = mk, .fini = rm)
{
	char raw[4096], b1[128], b2[128];
	snprintf(raw, sizeof raw, "%s", tu_path("asterisk-22/03_perms_operator.raw"));
	snprintf(b1, sizeof b1, "%s/b1.amirec", dir);
	snprintf(b2, sizeof b2, "%s/b2.amirec", dir);
	free(run_out((const char *[]){ "--replay", raw, "--bundle", b1, NULL }, 0));
	free(run_out((const char *[]){ "--replay", b1, "--bundle", b2, NULL }, 0));
	char *d0 = run_out((const char *[]){ "--replay", raw, "--dump", "--json", NULL }, 0);
	char *d1 = run_out((const char *[]){ "--replay", b1, "--dump", "--json", NULL }, 0);
	char *d2 = run_out((const char *[]){ "--replay", b2, "--dump", "--json", NULL }, 0);
	cr_assert_gt(lines(d0), 3);
	char *a = no_times(d0), *b = no_times(d1);
	cr_assert_str_eq(b, a, "the same events as the capture");
	cr_assert_str_eq(d2, d1, "a bundle of a bundle keeps the receive times too");
	char *p0 = run_out((const char *[]){ "--replay", raw, "--probe", "--json", NULL }, 0);
	char *p1 = run_out((const char *[]){ "--replay", b1, "--probe", "--json", NULL }, 0);
	cr_assert_str_eq(p1, p0, "the rights card rebuilt from the bundle's records");
	FILE *f = fopen(b1, "rb");
	char head[4096];
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	cr_assert(strncmp(head, "AMITUI-RECORDING 1\n# AMITUI-BUNDLE 1: ", 38) == 0, "%s", head);
	cr_assert_not_null(strstr(head, "\n# server answers kept: ListCommands (received "), "%s",
			   head);
	cr_assert_not_null(strstr(head, "\n# == calls (snapshot at "), "%s", head);
	free(a);
	free(b);
	free(d0);
	free(d1);
	free(d2);
	free(p0);
	free(p1);
}

Test(replay, dump_with_a_bundle_live_replays_identically, .init = mk, .fini = rm, .timeout = 60)
{
	struct simproc sim;
	const char *sargs[] = { "--calls-per-second", "20", "--seed", "9", NULL };
	cr_assert(simproc_start(&sim, sargs), "%s", sim.err);
	char port[16], bundle[128];
	snprintf(port, sizeof port, "%u", sim.port);
	snprintf(bundle, sizeof bundle, "%s/live.amirec", dir);
	const char *argv[] = { "amitui", "-H",	   "127.0.0.1", "-P", port,	  "-u",	  "admin",
			       "--dump", "--json", "--for",	"2",  "--bundle", bundle, NULL };
	const char *env[] = { "AMITUI_SECRET=adminpw", "TZ=UTC", NULL };
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 30000), 0, "%s", R.err);
	simproc_stop(&sim);
	char *live = strdup(R.out);
	cr_assert_gt(lines(live), 20);
	char *back = run_out((const char *[]){ "--replay", bundle, "--dump", "--json", NULL }, 0);
	cr_assert_str_eq(back, live, "the bundle replays into exactly what --dump printed");
	FILE *f = fopen(bundle, "rb");
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cr_assert_null(strstr(buf, "adminpw"), "never the secret");
	cr_assert_not_null(strstr(buf, "\n# profile: name=- host=127.0.0.1 port="), "%.2000s", buf);
	cr_assert_not_null(strstr(buf, "\n# server: banner=\"Asterisk Call Manager/11.0.0\" "
				       "ami=11.0.0 asterisk=22.10.1\n"),
			   "%.2000s", buf);
	cr_assert_not_null(strstr(buf, "Line-000000-000000: secret=********\r\n"),
			   "GetConfig kept, its secret masked");
	free(live);
	free(back);
}

Test(replay, bundle_and_paused_options_are_checked)
{
	const char *probe[] = { "--replay", "x", "--bundle", "y", "--probe", NULL };
	cr_assert_eq(amitui(probe), 4);
	cr_assert_not_null(strstr(R.err, "--bundle goes alone"), "%s", R.err);
	const char *json[] = { "--replay", "x", "--bundle", "y", "--json", NULL };
	cr_assert_eq(amitui(json), 4);
	const char *paused[] = { "--replay", "x", "--dump", "--paused", NULL };
	cr_assert_eq(amitui(paused), 4);
	cr_assert_not_null(strstr(R.err, "--paused goes with --replay in the console"), "%s",
			   R.err);
	const char *missing[] = { "--replay", "/nonexistent/x", "--bundle", "y", NULL };
	cr_assert_eq(amitui(missing), 10);
}

/* A recording written by hand (or by an older amitui) from records given as text. */
static void write_rec(const char *path, const char *const *payloads, const char *kinds)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("AMITUI-RECORDING 1\n", f);
	for (size_t i = 0; payloads[i]; i++)
		fprintf(f, "%c %.6f %zu\n%s\n", kinds[i], 1767268800.0 + (double)i,
			strlen(payloads[i]), payloads[i]);
	fclose(f);
}

Test(replay, a_recording_without_a_banner_or_with_a_reconnect_plays_whole, .init = mk, .fini = rm)
{
	char rec[128];
	snprintf(rec, sizeof rec, "%s/nobanner.amirec", dir);
	const char *ev1 = "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/1-01\r\n\r\n";
	const char *ev2 = "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/2-02\r\n\r\n";
	write_rec(rec, (const char *[]){ ev1, ev2, NULL }, "RR");
	const char *args[] = { "--replay", rec, "--dump", "--json", NULL };
	cr_assert_eq(amitui(args), 0, "%s", R.err);
	cr_assert_eq(lines(R.out), 2, "the first event is not taken for a banner: %s", R.out);
	cr_assert_not_null(strstr(R.out, "PJSIP/1-01"), "%s", R.out);
	const char *banner = "Asterisk Call Manager/11.0.0\r\n";
	write_rec(rec,
		  (const char *[]){ banner, ev1, "connection lost: timed out", banner, ev2, NULL },
		  "RRNRR");
	cr_assert_eq(amitui(args), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "PJSIP/1-01"), "%s", R.out);
	cr_assert_not_null(strstr(R.out, "PJSIP/2-02"), "the event after the reconnect: %s", R.out);
	cr_assert_null(strstr(R.out, "Asterisk Call Manager"), "%s", R.out);
}

Test(replay, a_message_the_parser_refuses_ends_the_replay_with_code_10, .init = mk, .fini = rm)
{
	char rec[128];
	snprintf(rec, sizeof rec, "%s/overlong.amirec", dir);
	size_t big = 300 * 1024; /* past the client's 256 KiB line limit */
	char *huge = malloc(big + 128);
	int n = snprintf(huge, 128, "Event: UserEvent\r\nPrivilege: user,all\r\nData: ");
	memset(huge + n, 'x', big);
	strcpy(huge + n + big, "\r\n\r\n");
	const char *ev = "Event: Hangup\r\nPrivilege: call,all\r\n\r\n";
	write_rec(rec, (const char *[]){ "Asterisk Call Manager/11.0.0\r\n", ev, huge, ev, NULL },
		  "RRRR");
	free(huge);
	const char *argv[] = { "amitui", "--replay", rec, "--dump", "--json", NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, NULL, 10000), 10, "ended by: %d, %s", R.status,
		     R.err);
	cr_assert_eq(lines(R.out), 1, "the event before the refused one: %s", R.out);
	cr_assert_not_null(strstr(R.err, "line too long"), "%s", R.err);
}
