/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo PBX: amisim as a child process on a free loopback port. */
#include "app/demo.h"

#include "core/perms.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* amisim beside /proc/self/exe (the build tree keeps both in one directory). */
static bool beside_self(char *dst, size_t cap)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int n2 = snprintf(dst, cap, "%s/amisim", self);
	return n2 > 0 && (size_t)n2 < cap && executable(dst);
}

static bool in_path(char *dst, size_t cap)
{
	const char *path = getenv("PATH");
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (char *save = NULL, *dir = strtok_r(buf, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		int n = snprintf(dst, cap, "%s/amisim", *dir ? dir : ".");
		if (n > 0 && (size_t)n < cap && executable(dst))
			return true;
	}
	return false;
}

static bool find_amisim(char *dst, size_t cap)
{
	const char *env = getenv("AMITUI_AMISIM");
	if (env && *env) {
		snprintf(dst, cap, "%s", env);
		return executable(dst);
	}
	return beside_self(dst, cap) || in_path(dst, cap);
}

/* The child's environment: only what a locale-aware program needs, never a secret. */
static size_t clean_env(char **out, size_t max)
{
	static const char *const keep[] = { "PATH=", "HOME=", "LANG=", "LC_", "TZ=" };
	size_t n = 0;
	for (char **e = environ; *e && n + 1 < max; e++)
		for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
			if (strncmp(*e, keep[k], strlen(keep[k])) == 0) {
				out[n++] = *e;
				break;
			}
	out[n] = NULL;
	return n;
}

static void child(const char *path, const char *const *extra, int outfd)
{
	char *argv[64] = { (char *)"amisim", (char *)"--port", (char *)"0", (char *)"--bind",
			   (char *)"127.0.0.1" };
	size_t argc = 5;
	for (size_t i = 0; extra && extra[i] && argc < 62; i++)
		argv[argc++] = (char *)extra[i];
	argv[argc] = NULL;
	char *envp[64];
	clean_env(envp, 64);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	dup2(outfd, STDOUT_FILENO);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDERR_FILENO); /* nothing may reach the console's terminal */
	}
	execve(path, argv, envp);
	_exit(127);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read the child's stdout until "listening on HOST:PORT" or the deadline. */
static bool wait_listening(struct app_demo *d, int fd, int timeout_ms)
{
	char buf[1024];
	size_t len = 0;
	long end = now_ms() + timeout_ms;
	while (now_ms() < end && len < sizeof buf - 1) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			break;
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		char *l = strstr(buf, "listening on ");
		char *nl = l ? strchr(l, '\n') : NULL;
		char *colon = NULL; /* the last ':' of the line: IPv6 hosts hold colons too */
		for (char *c = l; nl && c < nl; c++)
			if (*c == ':')
				colon = c;
		if (colon) {
			snprintf(d->host, sizeof d->host, "%.*s", (int)(colon - l - 13), l + 13);
			d->port = (unsigned)strtoul(colon + 1, NULL, 10);
			return d->port > 0;
		}
	}
	snprintf(d->err, sizeof d->err, "amisim did not report a listening port within %d ms",
		 timeout_ms);
	return false;
}

/* The output of `amisim --print-demo-config` (bounded), NUL-terminated in buf. */
static bool demo_config(const char *path, char *buf, size_t cap)
{
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)"amisim", (char *)"--print-demo-config", NULL };
		char *envp[64];
		clean_env(envp, 64);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		execve(path, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t n;
	while (pid > 0 && len < cap - 1 && (n = read(fds[0], buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fds[0]);
	int st = 0;
	if (pid > 0)
		waitpid(pid, &st, 0);
	return pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && len > 0;
}

/* "key = value" (blanks around both trimmed, as Asterisk's loader does) into out. */
static bool conf_value(const char *line, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, key, k) != 0)
		return false;
	line += k;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != '=')
		return false;
	line++;
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strcspn(line, ";\r\n");
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	snprintf(out, cap, "%.*s", (int)n, line);
	return true;
}

/* read=/write= of [user] in manager.conf text, with Asterisk's rules (last line wins). */
static void user_rights(const char *text, const char *user, struct app_demo *d)
{
	char section[80], rd[256] = "", wr[256] = "";
	snprintf(section, sizeof section, "[%s]", user);
	bool in = false;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char l[512];
		snprintf(l, sizeof l, "%.*s", (int)(n < sizeof l ? n : sizeof l - 1), p);
		if (l[0] == '[')
			in = strncmp(l, section, strlen(section)) == 0;
		else if (in && !conf_value(l, "read", rd, sizeof rd))
			conf_value(l, "write", wr, sizeof wr);
		p += n + (p[n] == '\n');
	}
	d->read = ami_perm_from_conf(rd);
	d->write = ami_perm_from_conf(wr);
}

bool app_demo_rights(struct app_demo *d, const char *user)
{
	char path[PATH_MAX];
	static char text[16384];
	if (!find_amisim(path, sizeof path) || !demo_config(path, text, sizeof text))
		return false;
	user_rights(text, user, d);
	d->rights_known = true;
	return true;
}

enum ami_status app_demo_start(struct app_demo *d, const char *const *extra_args, int timeout_ms)
{
	memset(d, 0, sizeof *d);
	d->outfd = -1;
	char path[PATH_MAX];
	if (!find_amisim(path, sizeof path)) {
		snprintf(d->err, sizeof d->err,
			 "amisim not found (looked at $AMITUI_AMISIM, beside amitui, and $PATH)");
		return AMI_E_NOT_FOUND;
	}
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(d->err, sizeof d->err, "pipe: %s", strerror(errno));
		return AMI_E_SYSTEM;
	}
	d->pid = fork();
	if (d->pid == 0) {
		close(fds[0]);
		child(path, extra_args, fds[1]);
	}
	close(fds[1]);
	if (d->pid < 0) {
		snprintf(d->err, sizeof d->err, "fork: %s", strerror(errno));
		close(fds[0]);
		return AMI_E_SYSTEM;
	}
	/* kept open until stop: a later line from amisim must not meet a closed pipe */
	d->outfd = fds[0];
	bool ok = wait_listening(d, fds[0], timeout_ms);
	if (!ok) {
		app_demo_stop(d);
		return AMI_E_TIMEOUT;
	}
	return AMI_OK;
}

void app_demo_stop(struct app_demo *d)
{
	if (d->outfd > 0)
		close(d->outfd);
	d->outfd = -1;
	if (d->pid <= 0)
		return;
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(d->pid, NULL, WNOHANG) == d->pid) {
			d->pid = 0;
			return;
		}
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
}

void app_demo_secret(const char *user, char *dst, size_t cap)
{
	snprintf(dst, cap, "%spw", user);
}
