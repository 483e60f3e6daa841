/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server tests' small AMI client over a blocking socket with poll() timeouts. */
#include "amicli.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long amicli_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read once (waiting up to ms); false on timeout or EOF. */
static bool fill(struct amicli *c, int ms)
{
	if (c->eof)
		return false;
	struct pollfd pf = { c->fd, POLLIN, 0 };
	if (poll(&pf, 1, ms < 0 ? 0 : ms) <= 0)
		return false;
	c->buf = realloc(c->buf, c->len + 65537);
	ssize_t n = read(c->fd, c->buf + c->len, 65536);
	if (n <= 0) {
		c->eof = true;
		return false;
	}
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
	return true;
}

static void take(struct amicli *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
	c->buf[c->len] = '\0';
}

void amicli_open(struct amicli *c, const struct simproc *sp)
{
	memset(c, 0, sizeof *c);
	c->fd = simproc_connect(sp, false);
	cr_assert_geq(c->fd, 0, "connect");
	long end = amicli_ms() + 5000;
	while (!(c->buf && strchr(c->buf, '\n')) && amicli_ms() < end)
		fill(c, (int)(end - amicli_ms()));
	cr_assert(c->buf && !strncmp(c->buf, "Asterisk Call Manager/11.0.0\r\n", 30), "no banner");
	take(c, 30);
	c->banner = true;
}

void amicli_close(struct amicli *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

void amicli_send(struct amicli *c, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cr_assert(n > 0 && (size_t)n < sizeof buf);
	cr_assert_eq(write(c->fd, buf, (size_t)n), n, "send");
}

char *amicli_next(struct amicli *c, const char *needle, int timeout_ms)
{
	long end = amicli_ms() + timeout_ms;
	for (;;) {
		char *e = c->buf ? strstr(c->buf, "\r\n\r\n") : NULL;
		if (e) {
			size_t n = (size_t)(e - c->buf) + 4;
			char *msg = strndup(c->buf, n);
			take(c, n);
			if (!needle || strstr(msg, needle))
				return msg;
			free(msg);
			continue;
		}
		if (!fill(c, (int)(end - amicli_ms())) && (c->eof || amicli_ms() >= end))
			return NULL;
	}
}

bool amicli_login(struct amicli *c, const char *user, const char *events)
{
	amicli_send(c, "Action: Login\r\nUsername: %s\r\nSecret: %spw\r\n%s%s%sActionID: L\r\n\r\n",
		    user, user, events ? "Events: " : "", events ? events : "",
		    events ? "\r\n" : "");
	char *m = amicli_next(c, "ActionID: L", 3000);
	bool ok = m && strstr(m, "Authentication accepted");
	free(m);
	return ok;
}

bool amicli_wait_eof(struct amicli *c, int timeout_ms)
{
	long end = amicli_ms() + timeout_ms;
	while (!c->eof && amicli_ms() < end) {
		fill(c, (int)(end - amicli_ms()));
		c->len = 0;
	}
	return c->eof;
}

void amicli_conf(char *path, size_t cap, const char *text)
{
	snprintf(path, cap, "/tmp/amisim-test-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

unsigned long amicli_count(struct amicli *c, const char *needle, int quiet_ms)
{
	unsigned long n = 0;
	size_t nl = strlen(needle);
	for (;;) {
		for (char *p = c->buf; p && (p = strstr(p, needle)); p += nl)
			n++;
		/* keep a tail that may hold the start of a split needle */
		if (c->len >= nl)
			take(c, c->len - (nl - 1));
		if (!fill(c, quiet_ms))
			return n;
	}
}

void amicli_sleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}
