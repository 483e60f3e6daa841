/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a child program with pipes for stdout/stderr and a deadline. */
#include "runprog.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
