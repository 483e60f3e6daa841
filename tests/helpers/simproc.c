/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starting, talking to and stopping amisim from tests (libc only, no Criterion). */
#include "simproc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AMISIM_PATH
#define AMISIM_PATH "amisim"
#endif

const char *simproc_path(void)
{
	const char *env = getenv("AMISIM");
	return env && *env ? env : AMISIM_PATH;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static bool has(const char *const *args, const char *opt)
{
	for (size_t i = 0; args && args[i]; i++)
		if (!strcmp(args[i], opt) ||
		    (!strncmp(args[i], opt, strlen(opt)) && args[i][strlen(opt)] == '='))
			return true;
	return false;
}

static void child(const char *const *args, int outfd)
{
	setenv("LSAN_OPTIONS", "exitcode=23", 1); /* a leak shows in simproc_stop()'s status */
	const char *argv[128];
	size_t n = 0;
	argv[n++] = "amisim";
	if (!has(args, "--port")) {
		argv[n++] = "--port";
		argv[n++] = "0";
	}
	if (!has(args, "--bind")) {
		argv[n++] = "--bind";
		argv[n++] = "127.0.0.1";
	}
	for (size_t i = 0; args && args[i] && n < 126; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	dup2(outfd, STDOUT_FILENO);
	const char *errpath = getenv("AMISIM_STDERR");
	if (!errpath || strcmp(errpath, "-") != 0) {
		int fd = open(errpath && *errpath ? errpath : "/dev/null",
			      O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
	}
	execv(simproc_path(), (char *const *)argv);
	_exit(127);
}

/* One "listening on HOST:PORT[ tls]" line. */
static void parse_line(struct simproc *p, const char *line)
{
	const char *l = strstr(line, "listening on ");
	if (!l)
		return;
	l += 13;
	const char *end = l + strcspn(l, " \n");
	const char *colon = NULL;
	for (const char *c = l; c < end; c++)
		if (*c == ':')
			colon = c;
	if (!colon)
		return;
	unsigned port = (unsigned)strtoul(colon + 1, NULL, 10);
	if (strstr(end, "tls") == end + 1) {
		p->tls_port = port;
	} else {
		snprintf(p->host, sizeof p->host, "%.*s", (int)(colon - l), l);
		p->port = port;
	}
}

/* Read stdout until the plain listener is known and the output pauses briefly. */
static bool wait_listening(struct simproc *p)
{
	char buf[1024];
	size_t len = 0;
	long end = now_ms() + 5000;
	while (now_ms() < end && len < sizeof buf - 1) {
		struct pollfd pf = { p->out_fd, POLLIN, 0 };
		int wait = p->port ? 100 : (int)(end - now_ms());
		int r = poll(&pf, 1, wait < 0 ? 0 : wait);
		if (r == 0 && p->port)
			return true; /* the lines come together; a pause means all are in */
		if (r <= 0)
			break;
		ssize_t n = read(p->out_fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		p->port = p->tls_port = 0;
		for (char *line = buf; line && *line;) {
			char *nl = strchr(line, '\n');
			if (!nl)
				break;
			*nl = '\0';
			parse_line(p, line);
			*nl = '\n';
			line = nl + 1;
		}
	}
	return p->port != 0;
}

bool simproc_start(struct simproc *p, const char *const *args)
{
	memset(p, 0, sizeof *p);
	p->out_fd = -1;
	int fds[2];
	if (pipe(fds) < 0) {
		snprintf(p->err, sizeof p->err, "pipe: %s", strerror(errno));
		return false;
	}
	p->pid = fork();
	if (p->pid < 0) {
		snprintf(p->err, sizeof p->err, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (p->pid == 0) {
		close(fds[0]);
		child(args, fds[1]);
	}
	close(fds[1]);
	p->out_fd = fds[0];
	if (wait_listening(p))
		return true;
	int status = 0;
	if (waitpid(p->pid, &status, WNOHANG) == p->pid)
		snprintf(p->err, sizeof p->err, "%s exited with status %d before listening",
			 simproc_path(), WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		snprintf(p->err, sizeof p->err, "%s did not report a listening port",
			 simproc_path());
	simproc_stop(p);
	return false;
}

int simproc_stop(struct simproc *p)
{
	int status = -1;
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		long end = now_ms() + 2000;
		pid_t r = 0;
		while ((r = waitpid(p->pid, &status, WNOHANG)) == 0 && now_ms() < end) {
			struct timespec ts = { 0, 5000000 };
			nanosleep(&ts, NULL);
		}
		if (r == 0) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &status, 0);
		}
		p->pid = 0;
	}
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int simproc_connect_from(const struct simproc *p, bool tls, const char *source)
{
	unsigned port = tls ? p->tls_port : p->port;
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	socklen_t len;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, p->host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		len = sizeof *s4;
	} else if (inet_pton(AF_INET6, p->host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		len = sizeof *s6;
	} else {
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (source) {
		struct sockaddr_in src = { .sin_family = AF_INET };
		if (inet_pton(AF_INET, source, &src.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
			close(fd);
			return -1;
		}
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int simproc_connect(const struct simproc *p, bool tls)
{
	return simproc_connect_from(p, tls, NULL);
}

size_t simproc_count_messages(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	if (!nl)
		return 0;
	size_t count = 1; /* the banner line */
	for (const char *p = nl + 1; p + 3 < buf + len;) {
		const char *hit = NULL;
		for (const char *q = p; q + 3 < buf + len; q++)
			if (q[0] == '\r' && q[1] == '\n' && q[2] == '\r' && q[3] == '\n') {
				hit = q;
				break;
			}
		if (!hit)
			break;
		count++;
		p = hit + 4;
	}
	return count;
}

size_t simproc_read_messages(int fd, char **buf, size_t *len, size_t want, int timeout_ms,
			     bool *eof)
{
	long end = now_ms() + timeout_ms;
	size_t have = *buf ? simproc_count_messages(*buf, *len) : 0;
	if (eof)
		*eof = false;
	while (have < want) {
		long left = end - now_ms();
		if (left <= 0)
			break;
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, (int)left) <= 0)
			break;
		char *nb = realloc(*buf, *len + 65536 + 1);
		if (!nb)
			break;
		*buf = nb;
		ssize_t n = read(fd, *buf + *len, 65536);
		if (n <= 0) {
			if (eof)
				*eof = true;
			break;
		}
		*len += (size_t)n;
		(*buf)[*len] = '\0';
		have = simproc_count_messages(*buf, *len);
	}
	return have;
}
