/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console over a recording, driven in tmux like a person: start paused, step one
 * event at a time, pause holds the stream, speed keys, and exports made from the
 * console that replay into the same events as the recording they came from.
 */
#include "runprog.h"
#include "testutil.h"
#include "tmux.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NEV 20

static struct tmux T;
static char *S; /* the last screen */
static char dir[64], rec[128];
static struct runprog R;

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void shot(char *s)
{
	free(S);
	S = s;
}

/* NEV UserEvents step00..step19, gap_ms apart, after a banner; a note in the middle. */
static void write_recording(int gap_ms)
{
	FILE *f = fopen(rec, "w");
	cr_assert_not_null(f);
	fputs("AMITUI-RECORDING 1\n# host=pbx1:5038 user=admin\n", f);
	double t = 1767268800.0;
	fprintf(f, "R %.6f 30\nAsterisk Call Manager/11.0.0\r\n\n", t);
	for (int i = 0; i < NEV; i++) {
		char ev[160];
		int n = snprintf(ev, sizeof ev,
				 "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: "
				 "step%02d\r\nLinkedid: call-%d\r\n\r\n",
				 i, i % 2);
		fprintf(f, "R %.6f %d\n%s\n", t + (i + 1) * gap_ms / 1000.0, n, ev);
		if (i == NEV / 2) /* a lost connection noted while recording: a gap marker */
			fprintf(f, "N %.6f 26\nconnection lost: timed out\n",
				t + (i + 1.5) * gap_ms / 1000.0);
	}
	fclose(f);
}

static void setup(void)
{
	strcpy(dir, "/tmp/amitui-rc-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(rec, sizeof rec, "%s/steps.amirec", dir);
}

static void teardown(void)
{
	tmux_keys(&T, "q");
	tmux_stop(&T);
	free(S);
	S = NULL;
	runprog_free(&R);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(replay_console, .init = setup, .fini = teardown, .timeout = 60);

static void start(const char *opts, const char *wait_for)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "cd %s && LANG=C.UTF-8 TZ=UTC XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=%s "
		 "%s --replay %s %s; sleep 30",
		 dir, dir, AMITUI_PATH, rec, opts);
	cr_assert(tmux_start(&T, 100, 30, cmd));
	shot(tmux_wait_for(&T, wait_for, 10000));
	cr_assert_not_null(strstr(S, wait_for), "no \"%s\":\n%s", wait_for, S);
}

static void expect(const char *needle)
{
	shot(tmux_wait_for(&T, needle, 5000));
	cr_assert_not_null(strstr(S, needle), "no \"%s\":\n%s", needle, S);
}

/* How many of step00..step19 the screen shows. */
static int steps_shown(void)
{
	int n = 0;
	for (int i = 0; i < NEV; i++) {
		char s[16];
		snprintf(s, sizeof s, "step%02d", i);
		n += strstr(S, s) != NULL;
	}
	return n;
}

Test(replay_console, starts_paused_and_a_step_plays_exactly_one_event)
{
	write_recording(1000);
	start("--paused", "paused 1x 0/20");
	shot(tmux_wait_quiet(&T, 400, 2000));
	cr_assert_eq(steps_shown(), 0, "%s", S);
	tmux_text(&T, ".");
	expect("paused 1x 1/20");
	shot(tmux_wait_quiet(&T, 300, 2000));
	cr_assert_eq(steps_shown(), 1, "%s", S);
	cr_assert_not_null(strstr(S, "step00"), "%s", S);
	tmux_text(&T, ".");
	expect("paused 1x 2/20");
	shot(tmux_wait_quiet(&T, 300, 2000));
	cr_assert_eq(steps_shown(), 2, "%s", S);
	cr_assert_not_null(strstr(S, "step01"), "%s", S);
	/* paused means paused: a second later nothing more has come */
	sleep_ms(1200);
	shot(tmux_capture(&T, false));
	cr_assert_not_null(strstr(S, "paused 1x 2/20"), "%s", S);
	cr_assert_eq(steps_shown(), 2, "%s", S);
}

Test(replay_console, pause_holds_the_stream_and_speed_keys_show_in_the_title)
{
	write_recording(250);
	start("", "playing 1x");
	sleep_ms(900);
	tmux_text(&T, "P");
	expect("paused 1x");
	const char *t = strstr(S, "paused 1x ");
	int k = atoi(t + strlen("paused 1x "));
	cr_assert(k > 0 && k < NEV, "%d events before the pause:\n%s", k, S);
	sleep_ms(1500); /* 6 events' worth at 1x */
	shot(tmux_capture(&T, false));
	char want[32];
	snprintf(want, sizeof want, "paused 1x %d/20", k);
	cr_assert_not_null(strstr(S, want), "the stream moved while paused:\n%s", S);
	tmux_text(&T, "-");
	expect("paused 0.5x");
	expect("speed 0.5x (paused)");
	tmux_text(&T, "+");
	tmux_text(&T, "+");
	tmux_text(&T, "+");
	expect("paused 5x");
	tmux_text(&T, "P");
	expect("end of recording 20/20");
	cr_assert_not_null(strstr(S, "FOLLOW 21/21"), "20 events and the gap marker:\n%s", S);
}

/* The first file in dir named amitui-SCOPE-*.EXT, as a path. */
static bool find_export(const char *scope, const char *ext, char *path, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char prefix[64];
	snprintf(prefix, sizeof prefix, "amitui-%s-", scope);
	bool found = false;
	while (d && (e = readdir(d)) && !found) {
		size_t l = strlen(e->d_name), el = strlen(ext);
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && l > el &&
		    strcmp(e->d_name + l - el, ext) == 0) {
			snprintf(path, cap, "%s/%s", dir, e->d_name);
			found = true;
		}
	}
	if (d)
		closedir(d);
	return found;
}

static char *dump_json(const char *file)
{
	const char *argv[] = { "amitui", "--replay", file,  "--dump",
			       "--json", "--speed",  "max", NULL };
	const char *env[] = { "XDG_CONFIG_HOME=/nonexistent", "TZ=UTC", NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 20000), 0, "%s: %s", file, R.err);
	return strdup(R.out);
}

static char *load(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

Test(replay_console, exports_from_the_console_replay_into_the_same_events)
{
	write_recording(100);
	char *want = dump_json(rec);
	start("--speed max", "end of recording 20/20");
	tmux_text(&T, "e");
	expect(" Export ");
	tmux_text(&T, "r");
	expect("21 events saved to "); /* and the gap marker */
	char path[512];
	cr_assert(find_export("view", ".amirec", path, sizeof path), "no recording in %s", dir);
	char *got = dump_json(path);
	cr_assert_str_eq(got, want, "the exported recording replays into the same events");
	free(got);
	tmux_text(&T, "e");
	expect(" Export ");
	tmux_text(&T, "j");
	expect("(JSON Lines)");
	cr_assert(find_export("view", ".jsonl", path, sizeof path));
	got = load(path);
	cr_assert_str_eq(got, want, "JSON Lines as --dump --json prints them");
	free(got);
	tmux_text(&T, "B");
	expect("(ticket bundle)");
	cr_assert(find_export("view", ".amirec", path, sizeof path));
	char other[512];
	snprintf(other, sizeof other, "%s", path);
	/* two .amirec now: take the bundle */
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".amirec") && strncmp(e->d_name, "amitui-view-", 12) == 0) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			got = load(path);
			if (strstr(got, "# AMITUI-BUNDLE 1"))
				snprintf(other, sizeof other, "%s", path);
			free(got);
		}
	closedir(d);
	got = load(other);
	cr_assert_not_null(strstr(got, "# AMITUI-BUNDLE 1"), "%s", other);
	cr_assert_not_null(strstr(got, "# source: replay of "), "%s", got);
	cr_assert_not_null(strstr(got, "(recorded: host=pbx1:5038 user=admin)"), "%s", got);
	free(got);
	got = dump_json(other);
	cr_assert_str_eq(got, want, "the bundle replays into the same events");
	free(got);
	free(want);
}

Test(replay_console, a_filtered_view_exports_as_text_exactly_what_it_shows)
{
	write_recording(100);
	start("--speed max", "end of recording 20/20");
	tmux_text(&T, "/call:call-1");
	tmux_keys(&T, "Enter");
	expect("filter: call:call-1");
	tmux_text(&T, "e");
	/* the gap marker passes every filter: whoever reads the call must see it */
	expect("What: the 11 events of the view (as filtered)");
	tmux_text(&T, "t");
	expect("11 events saved to ");
	char path[512];
	cr_assert(find_export("view", ".txt", path, sizeof path));
	char *got = load(path);
	int n = 0;
	for (int i = 0; i < NEV; i++) {
		char s[32];
		snprintf(s, sizeof s, "    UserEvent: step%02d\n", i);
		bool has = strstr(got, s) != NULL;
		cr_assert_eq(has, i % 2 == 1, "step%02d:\n%s", i, got);
		n += has;
	}
	cr_assert_eq(n, 10);
	cr_assert_not_null(strstr(got, "    Linkedid: call-1\n"), "%s", got);
	cr_assert_not_null(strstr(got, "note      --- connection lost: timed out ---\n"), "%s",
			   got);
	free(got);
}

Test(replay_console, W_mid_session_makes_a_recording_that_replays_with_its_rights)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "cd %s && LANG=C.UTF-8 TZ=UTC XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=%s "
		 "%s --demo --demo-user operator; sleep 30",
		 dir, dir, AMITUI_PATH);
	cr_assert(tmux_start(&T, 100, 30, cmd));
	expect("logged in");
	sleep_ms(1500); /* the rights questions are answered, calls are going */
	tmux_text(&T, "W");
	expect("recording to amitui-");
	sleep_ms(2500);
	tmux_text(&T, "W");
	expect("recording stopped");
	char path[512];
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	while ((e = readdir(d)) && !found)
		if (strstr(e->d_name, ".amirec")) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			found = true;
		}
	closedir(d);
	cr_assert(found, "no recording in %s", dir);
	const char *argv[] = { "amitui", "--replay", path, "--probe", "--json", NULL };
	const char *env[] = { "XDG_CONFIG_HOME=/nonexistent", NULL };
	runprog_free(&R);
	cr_assert_eq(runprog(&R, AMITUI_PATH, argv, env, 20000), 0, "%s", R.err);
	cr_assert_not_null(strstr(R.out, "\"ami_version\":\"11.0.0\""), "%s", R.out);
	const char *al = strstr(R.out, "\"actions_allowed\":[");
	cr_assert_not_null(al, "%s", R.out);
	size_t q = 0;
	for (const char *p = al; *p && *p != ']'; p++)
		q += *p == '"';
	cr_assert_eq((q - 2) / 2, 51, "operator's 51 actions, from the answer written at W");
	char *events = dump_json(path);
	cr_assert(strncmp(events, "{\"Event\":\"", 10) == 0, "the first event whole: %.200s",
		  events);
	free(events);
}
