/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a child program with pipes for stdout/stderr and a deadline. */
#include "runprog.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void child(const char *path, const char *const *argv, const char *const *env, int o, int e)
{
	/* sanitizer builds: a leak in the program fails its exit code, so the test sees it
	 * (the test's own LSAN_OPTIONS only report: Criterion keeps memory until exit) */
	setenv("LSAN_OPTIONS", "exitcode=23", 1);
	for (size_t i = 0; env && env[i]; i++) {
		char name[256];
		const char *eq = strchr(env[i], '=');
		if (!eq || (size_t)(eq - env[i]) >= sizeof name)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)(eq - env[i]), env[i]);
		setenv(name, eq + 1, 1);
	}
	int devnull = open("/dev/null", O_RDONLY);
	dup2(devnull, 0);
	dup2(o, 1);
	dup2(e, 2);
	execv(path, (char *const *)argv);
	_exit(127);
}

static void append(char **buf, size_t *len, int fd, int *open_fd)
{
	char tmp[65536];
	ssize_t n = read(fd, tmp, sizeof tmp);
	if (n <= 0) {
		*open_fd = -1;
		return;
	}
	char *nb = realloc(*buf, *len + (size_t)n + 1);
	if (!nb)
		return;
	*buf = nb;
	memcpy(*buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
}

int runprog(struct runprog *r, const char *path, const char *const *argv, const char *const *env,
	    int timeout_ms)
{
	int po[2], pe[2];
	r->out = calloc(1, 1);
	r->err = calloc(1, 1);
	r->status = -1;
	if (pipe(po) || pipe(pe))
		return -1;
	pid_t pid = fork();
	if (pid == 0)
		child(path, argv, env, po[1], pe[1]);
	close(po[1]);
	close(pe[1]);
	size_t ol = 0, el = 0;
	int fo = po[0], fe = pe[0];
	long end = ms_now() + timeout_ms;
	while ((fo >= 0 || fe >= 0) && ms_now() < end) {
		struct pollfd p[2] = { { fo, POLLIN, 0 }, { fe, POLLIN, 0 } };
		if (poll(p, 2, (int)(end - ms_now())) <= 0)
			continue;
		if (fo >= 0 && p[0].revents)
			append(&r->out, &ol, po[0], &fo);
		if (fe >= 0 && p[1].revents)
			append(&r->err, &el, pe[0], &fe);
	}
	if (fo >= 0 || fe >= 0)
		kill(pid, SIGKILL);
	int st = 0;
	waitpid(pid, &st, 0);
	close(po[0]);
	close(pe[0]);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r->status;
}

void runprog_free(struct runprog *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* ---- in the background ---- */

static bool temp_file(char *path, size_t cap, const char *what)
{
	snprintf(path, cap, "/tmp/runprog-%s-XXXXXX", what);
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	fchmod(fd, 0666); /* a child running as another user writes it too */
	close(fd);
	return true;
}

bool runprog_start(struct runprog_bg *b, const char *path, const char *const *argv,
		   const char *const *env, int uid)
{
	memset(b, 0, sizeof *b);
	b->pid = -1;
	if (!temp_file(b->out_path, sizeof b->out_path, "out") ||
	    !temp_file(b->err_path, sizeof b->err_path, "err"))
		return false;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		int o = open(b->out_path, O_WRONLY | O_TRUNC);
		int e = open(b->err_path, O_WRONLY | O_TRUNC);
		if (o < 0 || e < 0 || (uid >= 0 && (setgid((gid_t)uid) || setuid((uid_t)uid))))
			_exit(126);
		child(path, argv, env, o, e);
	}
	b->pid = (int)pid;
	return true;
}

char *runprog_peek(const struct runprog_bg *b, bool err)
{
	FILE *f = fopen(err ? b->err_path : b->out_path, "r");
	char *buf = NULL;
	size_t len = 0;
	if (f) {
		char tmp[65536];
		size_t n;
		while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
			char *nb = realloc(buf, len + n + 1);
			if (!nb)
				break;
			buf = nb;
			memcpy(buf + len, tmp, n);
			len += n;
		}
		fclose(f);
	}
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

void runprog_signal(const struct runprog_bg *b, int sig)
{
	if (b->pid > 0)
		kill(b->pid, sig);
}

int runprog_finish(struct runprog_bg *b, struct runprog *r, int timeout_ms)
{
	r->status = -1;
	int st = 0;
	long end = ms_now() + timeout_ms;
	pid_t got = 0;
	while (b->pid > 0 && (got = waitpid(b->pid, &st, WNOHANG)) == 0 && ms_now() < end)
		nanosleep(&(struct timespec){ 0, 10000000L }, NULL);
	if (b->pid > 0 && got == 0) {
		kill(b->pid, SIGKILL);
		waitpid(b->pid, &st, 0);
	}
	if (b->pid > 0)
		r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = runprog_peek(b, false);
	r->err = runprog_peek(b, true);
	unlink(b->out_path);
	unlink(b->err_path);
	b->pid = -1;
	return r->status;
}
