/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The secret, end to end: never in argv, in the environment of amitui or of the amisim
 * --demo starts, in --dump output, in the -v log, in recordings or the CLI history;
 * the process is not dumpable while it holds one; files that hold one and are readable
 * by others are refused with the fix. Judged from /proc and the files amitui wrote.
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TestSuite(secrets, .fini = fk_stop, .timeout = 60);

/* A secret no fixture or generated event could contain by chance. */
#define SECRET "Zq7-s3cr3t-Wv9"

/* amisim loaded with a manager.conf in which admin's secret is SECRET. */
static void start_with_secret(const char *const *extra)
{
	fk_init();
	char conf[160];
	snprintf(conf, sizeof conf, "%s/manager.conf", FK.dir);
	FILE *f = fopen(conf, "w");
	cr_assert_not_null(f);
	fprintf(f, "[general]\nenabled = yes\n[admin]\nsecret = %s\nread = all\nwrite = all\n",
		SECRET);
	fclose(f);
	const char *args[16] = { "-c", conf };
	size_t n = 2;
	for (size_t i = 0; extra && extra[i] && n < 15; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	fk_sim(args);
	fk_conf(0, 0, false, NULL);
}

/* The whole of a file (or of /proc/PID/x) as a string; "" when unreadable. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	cr_assert_not_null(buf);
	for (size_t k; f && (k = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap) {
			buf = realloc(buf, (cap *= 2) + 1);
			cr_assert_not_null(buf);
		}
	}
	if (f)
		fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* memmem for data with NULs (environ, cmdline). */
static bool has_bytes(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(p + i, needle, k))
			return true;
	return false;
}

static bool proc_has(int pid, const char *what, const char *needle)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", pid, what);
	size_t n;
	char *t = slurp(path, &n);
	bool found = has_bytes(t, n, needle);
	free(t);
	return found;
}

/* The first child of pid whose command is name; -1 when none. */
static int child_named(int pid, const char *name)
{
	DIR *d = opendir("/proc");
	cr_assert_not_null(d);
	int found = -1;
	for (struct dirent *e; found < 0 && (e = readdir(d));) {
		char path[300], line[256], comm[64] = "";
		int ppid = -1;
		snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof line, f)) {
			sscanf(line, "Name: %63s", comm);
			sscanf(line, "PPid: %d", &ppid);
		}
		fclose(f);
		if (ppid == pid && !strcmp(comm, name))
			found = atoi(e->d_name);
	}
	closedir(d);
	return found;
}

Test(secrets, demo_child_and_amitui_environments_hold_no_secret)
{
	fk_init();
	const char *argv[] = { "amitui", "--demo", "--dump", "-v", "--for", "20", NULL };
	const char *env[] = { "AMITUI_SECRET=" SECRET, "XDG_CONFIG_HOME=/nonexistent", NULL };
	cr_assert(runprog_start(&FK.bg, AMITUI_PATH, argv, env, -1));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000), "the demo's own secret logs in");
	int sim = child_named(FK.bg.pid, "amisim");
	cr_assert_gt(sim, 0, "amisim started by --demo");
	/* the control: amisim's environment is readable, and LANG or PATH made it there */
	cr_assert(proc_has(sim, "environ", "PATH="), "the child's environment was read");
	cr_assert_not(proc_has(sim, "environ", "AMITUI_SECRET"));
	cr_assert_not(proc_has(sim, "environ", SECRET));
	cr_assert_not(proc_has(sim, "cmdline", SECRET));
	/* amitui's own: the variable is gone and its bytes overwritten */
	cr_assert(proc_has(FK.bg.pid, "environ", "XDG_CONFIG_HOME=/nonexistent"));
	cr_assert_not(proc_has(FK.bg.pid, "environ", SECRET), "in /proc/PID/environ");
	cr_assert_not(proc_has(FK.bg.pid, "cmdline", SECRET));
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0, "%s", FK.r.err);
	cr_assert_null(strstr(FK.r.out, SECRET));
	cr_assert_null(strstr(FK.r.err, SECRET));
}

Test(secrets, not_dumpable_while_holding_one)
{
	start_with_secret(NULL);
	/* as root, run amitui as nobody: a dumpable process's /proc files belong to its
	 * user, a non-dumpable one's to root (what keeps ptrace and core dumps out) */
	bool root = getuid() == 0;
	const char *env[] = { "AMITUI_SECRET=" SECRET, "XDG_CONFIG_HOME=/nonexistent", NULL };
	const char *args[] = { "--dump", "-v", "--for", "20", NULL };
	cr_assert(runprog_start(&FK.bg, AMITUI_PATH, fk_argv(args), env, root ? 65534 : -1));
	cr_assert(fk_wait(true, "[logged in]", 1, 10000), "%s", runprog_peek(&FK.bg, true));
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", FK.bg.pid);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_uid, 0, "owner %u: the process is dumpable", (unsigned)st.st_uid);
	size_t n;
	snprintf(path, sizeof path, "/proc/%d/status", FK.bg.pid);
	char *status = slurp(path, &n);
	unsigned uid = 0;
	const char *u = strstr(status, "\nUid:");
	cr_assert(u && sscanf(u, "\nUid: %u", &uid) == 1);
	cr_assert_eq(uid, root ? 65534u : (unsigned)getuid(), "the control: it runs as that user");
	free(status);
	snprintf(path, sizeof path, "/proc/%d/limits", FK.bg.pid);
	char *limits = slurp(path, &n);
	cr_assert_not_null(strstr(limits, "Max core file size        0                    0"), "%s",
			   limits);
	free(limits);
	runprog_signal(&FK.bg, SIGTERM);
	cr_assert_eq(fk_finish(5000), 0, "%s", FK.r.err);
}

/* Nothing amitui printed or wrote holds SECRET. */
static void clean(const char *what, const char *file)
{
	cr_assert_null(strstr(FK.r.out, SECRET), "%s: stdout", what);
	cr_assert_null(strstr(FK.r.err, SECRET), "%s: stderr", what);
	if (file) {
		size_t n;
		char *t = slurp(file, &n);
		cr_assert_gt(n, 0, "%s: %s written", what, file);
		cr_assert_not(has_bytes(t, n, SECRET), "%s: in %s", what, file);
		free(t);
	}
}

Test(secrets, never_in_dump_log_or_recordings)
{
	start_with_secret((const char *const[]){ "--calls-per-second", "20", NULL });
	char rec[200];
	snprintf(rec, sizeof rec, "%s/dump.amirec", FK.dir);
	/* both login methods: MD5 (the key) and plain (the secret itself on the wire) */
	const char *md5[] = { "--dump", "--json", "-v", "--for", "2", "--record", rec, NULL };
	cr_assert_eq(fk_run(SECRET, md5, 20000), 0, "%s", FK.r.err);
	cr_assert_gt(fk_count(FK.r.out, "{\"Event\":"), 5);
	clean("--dump (md5)", rec);
	const char *plain[] = { "--dump", "-v",	      "--auth", "plain", "--for",
				"1",	  "--record", rec,	NULL };
	cr_assert_eq(fk_run(SECRET, plain, 20000), 0, "%s", FK.r.err);
	clean("--dump (plain)", rec);
	/* --probe asks GetConfig manager.conf: the reply holds the secret, the card not */
	const char *probe[] = { "--probe", "-v", "--record", rec, NULL };
	cr_assert_eq(fk_run(SECRET, probe, 20000), 0, "%s", FK.r.err);
	clean("--probe", rec);
	size_t n;
	char *t = slurp(rec, &n);
	cr_assert_not_null(strstr(t, "secret=********"), "the control: the reply was recorded");
	free(t);
	/* what the user asks to see is shown; the recording of it is still clean */
	const char *json[] = {
		"--action", "GetConfigJSON", "Filename=manager.conf", "--record", rec, NULL
	};
	cr_assert_eq(fk_run(SECRET, json, 20000), 0, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.out, SECRET), "the control: the reply held it");
	t = slurp(rec, &n);
	cr_assert_not(has_bytes(t, n, SECRET), "GetConfigJSON in the recording");
	cr_assert_not_null(strstr(t, "\"secret\":\"********\""), "%s", t);
	free(t);
}

Test(secrets, console_history_and_recording_hold_no_secret)
{
	start_with_secret(NULL);
	char rec[200];
	snprintf(rec, sizeof rec, "%s/console.amirec", FK.dir);
	fk_conf(0, 0, false, NULL);
	/* the console with --record: its rights questions include GetConfig manager.conf */
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
		 "AMITUI_SECRET=%s XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=%s LANG=C.UTF-8 "
		 "%s -c %s -p t --record %s; echo amitui-exit=$?; sleep 60",
		 SECRET, FK.dir, AMITUI_PATH, FK.conf, rec);
	cr_assert(tmux_start(&FK.tmux, 120, 30, cmd));
	FK.tmux_up = true;
	fk_screen_wait("logged in", 10000);
	tmux_keys(&FK.tmux, "4");
	fk_shot(tmux_wait_quiet(&FK.tmux, 200, 2000));
	tmux_text(&FK.tmux, "manager show user admin");
	tmux_keys(&FK.tmux, "Enter");
	fk_screen_wait("secret: <Set>", 5000);
	cr_assert_null(strstr(FK.screen, SECRET), "%s", FK.screen);
	tmux_keys(&FK.tmux, "Escape");
	tmux_keys(&FK.tmux, "5"); /* the rights card, built from GetConfig manager.conf */
	fk_screen_wait("manager.conf", 3000);
	cr_assert_null(strstr(FK.screen, SECRET), "%s", FK.screen);
	fk_quit_cleanly();
	char hist[200];
	snprintf(hist, sizeof hist, "%s/amitui/history-t", FK.dir);
	struct stat st;
	cr_assert_eq(stat(hist, &st), 0, "the history was saved");
	cr_assert_eq(st.st_mode & 077, 0, "history mode %o", (unsigned)(st.st_mode & 0777));
	size_t n;
	char *h = slurp(hist, &n);
	cr_assert_not_null(strstr(h, "manager show user admin"), "the control: %s", h);
	cr_assert_not(has_bytes(h, n, SECRET));
	free(h);
	char *r = slurp(rec, &n);
	cr_assert_not_null(strstr(r, "Output: "), "the control: the CLI reply was recorded");
	cr_assert_not(has_bytes(r, n, SECRET), "in the console's recording");
	free(r);
}

Test(secrets, files_readable_by_others_are_refused_with_the_fix)
{
	start_with_secret(NULL);
	char conf[200];
	snprintf(conf, sizeof conf, "%s/with-secret.conf", FK.dir);
	FILE *f = fopen(conf, "w");
	cr_assert_not_null(f);
	fprintf(f, "[t]\nhost = 127.0.0.1\nport = %u\nusername = admin\nsecret = %s\n", FK.sim.port,
		SECRET);
	fclose(f);
	chmod(conf, 0644);
	const char *argv[] = { "amitui", "-c", conf, "-p", "t", "--probe", NULL };
	const char *env[] = { "XDG_CONFIG_HOME=/nonexistent", NULL };
	runprog_free(&FK.r);
	cr_assert_eq(runprog(&FK.r, AMITUI_PATH, argv, env, 20000), 5, "%s", FK.r.err);
	char fix[300];
	snprintf(fix, sizeof fix, "chmod 600 %s", conf);
	cr_assert_not_null(strstr(FK.r.err, fix), "%s", FK.r.err);
	clean("readable config", NULL);
	chmod(conf, 0600);
	runprog_free(&FK.r);
	cr_assert_eq(runprog(&FK.r, AMITUI_PATH, argv, env, 20000), 0, "the fix works: %s",
		     FK.r.err);
	clean("private config", NULL);
}

Test(secrets, never_taken_from_the_command_line)
{
	fk_init();
	const char *argv[] = { "amitui", "-u", "admin", "--secret", SECRET, "--probe", NULL };
	runprog_free(&FK.r);
	cr_assert_eq(runprog(&FK.r, AMITUI_PATH, argv, NULL, 20000), 4);
	cr_assert_not_null(strstr(FK.r.err, "never taken from the command line"), "%s", FK.r.err);
	clean("--secret", NULL);
}
