/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The end-to-end fault tests' kit: amisim with --control, amitui in the background, logs. */
#include "faultkit.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct fk FK;

long fk_ms(void)
{
	return amicli_ms();
}

double fk_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fk_init(void)
{
	memset(&FK, 0, sizeof FK);
	FK.bg.pid = -1;
	signal(SIGPIPE, SIG_IGN); /* a control connection the server cut is an error, not death */
	snprintf(FK.dir, sizeof FK.dir, "/tmp/amitui-fault-XXXXXX");
	cr_assert_not_null(mkdtemp(FK.dir));
	chmod(FK.dir, 0755); /* a test may run amitui as another user */
}

void fk_start(const char *const *args)
{
	fk_init();
	fk_sim(args);
}

void fk_sim(const char *const *args)
{
	const char *argv[32] = { "--control" };
	size_t n = 1;
	for (size_t i = 0; args && args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	cr_assert(simproc_start(&FK.sim, argv), "%s", FK.sim.err);
	snprintf(FK.port, sizeof FK.port, "%u", FK.sim.port);
}

void fk_stop(void)
{
	if (FK.tmux_up)
		tmux_stop(&FK.tmux);
	free(FK.screen);
	if (FK.bg.pid > 0) {
		struct runprog r = { 0 };
		runprog_finish(&FK.bg, &r, 0);
		runprog_free(&r);
	}
	runprog_free(&FK.r);
	if (FK.sim.pid > 0) {
		int st = simproc_stop(&FK.sim);
		cr_expect_eq(st, 0, "amisim exited with %d (23: a leak, sanitizer builds)", st);
	}
	if (FK.dir[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", FK.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", FK.dir);
	}
	memset(&FK, 0, sizeof FK);
}

void fk_conf(int keepalive, int timeout, bool tls, const char *extra)
{
	snprintf(FK.conf, sizeof FK.conf, "%s/amitui.conf", FK.dir);
	FILE *f = fopen(FK.conf, "w");
	cr_assert_not_null(f);
	fprintf(f, "[t]\nhost = 127.0.0.1\nport = %u\nusername = admin\n",
		tls ? FK.sim.tls_port : FK.sim.port);
	if (tls)
		fprintf(f, "tls = yes\n");
	if (keepalive)
		fprintf(f, "keepalive = %d\n", keepalive);
	if (timeout)
		fprintf(f, "timeout = %d\n", timeout);
	if (extra)
		fputs(extra, f);
	fclose(f);
	chmod(FK.conf, 0644); /* no secret in it: readable is fine */
}

const char *const *fk_argv(const char *const *args)
{
	static const char *argv[64];
	if (!FK.conf[0])
		fk_conf(0, 0, false, NULL);
	size_t n = 0;
	argv[n++] = "amitui";
	argv[n++] = "-c";
	argv[n++] = FK.conf;
	argv[n++] = "-p";
	argv[n++] = "t";
	for (size_t i = 0; args && args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return argv;
}

const char *const *fk_env(const char *secret)
{
	static char sec[300], state[128];
	static const char *env[8];
	snprintf(sec, sizeof sec, "AMITUI_SECRET=%s", secret);
	snprintf(state, sizeof state, "XDG_STATE_HOME=%s", FK.dir);
	size_t n = 0;
	if (secret)
		env[n++] = sec;
	env[n++] = state;
	env[n++] = "XDG_CONFIG_HOME=/nonexistent";
	env[n++] = "LANG=C.UTF-8";
	env[n] = NULL;
	return env;
}

int fk_run(const char *secret, const char *const *args, int timeout_ms)
{
	runprog_free(&FK.r);
	return runprog(&FK.r, AMITUI_PATH, fk_argv(args), fk_env(secret), timeout_ms);
}

void fk_spawn(const char *secret, const char *const *args)
{
	cr_assert(runprog_start(&FK.bg, AMITUI_PATH, fk_argv(args), fk_env(secret), -1));
}

int fk_finish(int timeout_ms)
{
	runprog_free(&FK.r);
	return runprog_finish(&FK.bg, &FK.r, timeout_ms);
}

size_t fk_count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

bool fk_wait(bool err, const char *needle, size_t n, int timeout_ms)
{
	long end = fk_ms() + timeout_ms;
	for (;;) {
		char *t = runprog_peek(&FK.bg, err);
		bool ok = fk_count(t, needle) >= n;
		free(t);
		if (ok)
			return true;
		if (fk_ms() >= end)
			return false;
		amicli_sleep(20);
	}
}

void fk_control(struct amicli *c)
{
	amicli_open(c, &FK.sim);
	const char *user = FK.ctl_user[0] ? FK.ctl_user : "admin";
	cr_assert(amicli_login(c, user, "off"), "control login as %s", user);
}

void fk_fault_all(const char *fault, const char *param)
{
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFault\r\nFault: %s\r\n%s%s%sTarget: all\r\nActionID: f\r\n\r\n",
		    fault, param ? "Param: " : "", param ? param : "", param ? "\r\n" : "");
	char *m = amicli_next(&c, "ActionID: f", 3000);
	cr_assert(m && strstr(m, "Fault armed"), "%s", m);
	free(m);
	amicli_close(&c);
}

unsigned long fk_stat(const char *name)
{
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimStats\r\nActionID: s\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: s", 3000);
	cr_assert_not_null(m);
	char key[64];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *v = strstr(m, key);
	cr_assert_not_null(v, "%s in %s", name, m);
	unsigned long n = strtoul(v + strlen(key), NULL, 10);
	free(m);
	amicli_close(&c);
	return n;
}

void fk_originate(const char *chan)
{
	struct amicli c;
	fk_control(&c);
	amicli_send(&c,
		    "Action: Originate\r\nChannel: %s\r\nApplication: Wait\r\nData: 60\r\n"
		    "Async: true\r\nActionID: o\r\n\r\n",
		    chan);
	char *m = amicli_next(&c, "ActionID: o", 3000);
	cr_assert(m && strstr(m, "Success"), "%s", m);
	free(m);
	amicli_close(&c);
}

/* ---- the console in tmux ---- */

void fk_console(const char *secret, int w, int h)
{
	char cmd[2048];
	if (!FK.conf[0])
		fk_conf(0, 0, false, NULL);
	/* a small ASan quarantine: freed memory must not look like growth */
	snprintf(cmd, sizeof cmd,
		 "AMITUI_SECRET=%s XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=%s LANG=C.UTF-8 "
		 "ASAN_OPTIONS=${ASAN_OPTIONS:-}:quarantine_size_mb=16 %s -c %s -p t; "
		 "echo amitui-exit=$?; sleep 60",
		 secret, FK.dir, AMITUI_PATH, FK.conf);
	cr_assert(tmux_start(&FK.tmux, w, h, cmd));
	FK.tmux_up = true;
}

void fk_shot(char *s)
{
	free(FK.screen);
	FK.screen = s;
}

void fk_screen_wait(const char *needle, int ms)
{
	fk_shot(tmux_wait_for(&FK.tmux, needle, ms));
	cr_assert(FK.screen && strstr(FK.screen, needle), "'%s' not on the screen:\n%s", needle,
		  FK.screen);
}

void fk_screen_wait2(const char *a, const char *b, int ms)
{
	long end = fk_ms() + ms;
	do {
		fk_shot(tmux_capture(&FK.tmux, false));
		if (FK.screen && strstr(FK.screen, a) && strstr(FK.screen, b))
			return;
		amicli_sleep(50);
	} while (fk_ms() < end);
	cr_assert_fail("'%s' and '%s' not on the screen together:\n%s", a, b, FK.screen);
}

/* argv[n] of a /proc cmdline (NUL-separated), or NULL. */
static const char *arg_n(const char *cmd, size_t len, int n)
{
	const char *p = cmd;
	for (int i = 0; i < n && p < cmd + len; i++)
		p += strlen(p) + 1;
	return p < cmd + len ? p : NULL;
}

int fk_console_pid(void)
{
	DIR *d = opendir("/proc");
	cr_assert_not_null(d);
	int found = -1;
	for (struct dirent *e; found < 0 && (e = readdir(d));) {
		char path[300], cmd[4096];
		snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t n = fread(cmd, 1, sizeof cmd - 1, f);
		fclose(f);
		cmd[n] = '\0';
		const char *a2 = arg_n(cmd, n, 2);
		if (n && !strcmp(cmd, AMITUI_PATH) && a2 && !strcmp(a2, FK.conf))
			found = atoi(e->d_name);
	}
	closedir(d);
	cr_assert_gt(found, 0, "the console process");
	return found;
}

long fk_rss_kib(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	long kib = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

void fk_quit_cleanly(void)
{
	tmux_keys(&FK.tmux, "Escape");
	tmux_keys(&FK.tmux, "q");
	fk_screen_wait("amitui-exit=", 5000);
	cr_assert_not_null(strstr(FK.screen, "amitui-exit=0"), "%s", FK.screen);
}
