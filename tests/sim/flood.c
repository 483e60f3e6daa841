/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amisim-flood: make amisim send N events per second to one reader over loopback for S
 * seconds and report whether it kept up (every event generated on time and delivered).
 * The reader is a tight read() loop, so a shortfall is amisim's.
 */
#include "flood.h"
#include "simproc.h"

#include <poll.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool send_all(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* Log in and wait for the reply; returns the fd or -1. */
static int login(const struct simproc *sp, const char *events)
{
	int fd = simproc_connect(sp, false);
	char req[256], *buf = NULL;
	size_t len = 0;
	snprintf(req, sizeof req,
		 "Action: Login\r\nUsername: admin\r\nSecret: adminpw\r\nEvents: %s\r\n\r\n",
		 events);
	if (fd < 0 || !send_all(fd, req))
		return -1;
	simproc_read_messages(fd, &buf, &len, 2, 5000, NULL);
	bool ok = buf && strstr(buf, "Authentication accepted");
	free(buf);
	return ok ? fd : -1;
}

/* Ask SimStats and pick one header's number. */
static unsigned long long stat_of(const char *reply, const char *key)
{
	const char *p = strstr(reply, key);
	return p ? strtoull(p + strlen(key) + 2, NULL, 10) : 0;
}

static bool stats(int ctl, struct flood_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	if (!send_all(ctl, "Action: SimStats\r\nActionID: stats\r\n\r\n"))
		return false;
	for (int i = 0; i < 50 && !(buf && strstr(buf, "FloodGenerated")); i++)
		simproc_read_messages(ctl, &buf, &len, (size_t)-1, 100, NULL);
	if (!buf)
		return false;
	r->generated = stat_of(buf, "FloodGenerated");
	r->dropped = stat_of(buf, "EventsDropped");
	r->cut = stat_of(buf, "SlowReadersCut");
	free(buf);
	return true;
}

/* Message ends ("\r\n\r\n") in buf; tail keeps the last 3 bytes across reads. */
static unsigned long long count_ends(const char *buf, size_t n, char tail[4])
{
	unsigned long long count = 0;
	for (const char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		size_t i = (size_t)(p - buf);
		char b1 = i >= 1 ? buf[i - 1] : tail[2], b2 = i >= 2 ? buf[i - 2] : tail[i + 1],
		     b3 = i >= 3 ? buf[i - 3] : tail[i];
		if (b1 == '\r' && b2 == '\n' && b3 == '\r')
			count++;
	}
	for (size_t k = 0; k < 3; k++)
		tail[k] = n >= 3 - k ? buf[n - 3 + k] : tail[k + n];
	return count;
}

/* Read events until the flood should be over and the stream goes quiet. */
static void reader(int fd, struct flood_result *r, double seconds)
{
	static char buf[1 << 20];
	double start = now_s(), last = start;
	char tail[4] = { 0 };
	for (;;) {
		struct pollfd pf = { fd, POLLIN, 0 };
		double t = now_s();
		if (t - start > seconds + 3 || (t - start > seconds && t - last > 0.3))
			break;
		if (poll(&pf, 1, 50) <= 0)
			continue;
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0) {
			r->reader_closed = true;
			break;
		}
		last = now_s();
		r->bytes += (unsigned long long)n;
		r->received += count_ends(buf, (size_t)n, tail);
		double el = last - start;
		int sec = (int)el;
		if (sec < FLOOD_MAX_SECONDS)
			r->per_second[sec] = r->received;
	}
	r->elapsed = last - start;
}

bool flood_run(const char *const *extra_args, unsigned long rate, unsigned seconds,
	       struct flood_result *r)
{
	memset(r, 0, sizeof *r);
	r->rate = rate;
	r->seconds = seconds;
	const char *args[16] = { "--control" };
	size_t n = 1;
	for (size_t i = 0; extra_args && extra_args[i] && n < 15; i++)
		args[n++] = extra_args[i];
	args[n] = NULL;
	struct simproc sp;
	if (!simproc_start(&sp, args)) {
		snprintf(r->err, sizeof r->err, "%s", sp.err);
		return false;
	}
	int rd = login(&sp, "dialplan"), ctl = login(&sp, "off");
	bool ok = rd >= 0 && ctl >= 0;
	if (ok) {
		char req[128];
		snprintf(req, sizeof req, "Action: SimFlood\r\nRate: %lu\r\nSeconds: %u\r\n\r\n",
			 rate, seconds);
		ok = send_all(ctl, req);
		/* the reader's own login leftovers (SuccessfulAuth is not dialplan) are none */
		reader(rd, r, seconds);
		ok = ok && stats(ctl, r);
	}
	if (!ok && !r->err[0])
		snprintf(r->err, sizeof r->err, "could not log in or talk to amisim");
	r->kept_up = ok && !r->reader_closed && r->cut == 0 && r->dropped == 0 &&
		     r->generated >= (unsigned long long)rate * seconds * 99 / 100 &&
		     r->received == r->generated;
	if (rd >= 0)
		close(rd);
	if (ctl >= 0)
		close(ctl);
	simproc_stop(&sp);
	struct rusage ru;
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		r->server_cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
				(double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return ok;
}

void flood_report(const struct flood_result *r, FILE *f)
{
	fprintf(f, "target: %lu events/s for %u s (%llu events)\n", r->rate, r->seconds,
		(unsigned long long)r->rate * r->seconds);
	fprintf(f, "amisim generated: %llu, dropped: %llu, slow readers cut: %llu\n", r->generated,
		r->dropped, r->cut);
	fprintf(f, "reader received: %llu events, %.1f MB in %.2f s (%.0f events/s)\n", r->received,
		(double)r->bytes / 1e6, r->elapsed,
		r->elapsed > 0 ? (double)r->received / r->elapsed : 0.0);
	fprintf(f, "per second (cumulative):");
	for (unsigned i = 0; i < r->seconds && i < FLOOD_MAX_SECONDS; i++)
		fprintf(f, " %llu", r->per_second[i]);
	fprintf(f, "\namisim CPU time: %.2f s (%.0f%% of one core over the run)\n", r->server_cpu,
		r->elapsed > 0 ? 100.0 * r->server_cpu / r->elapsed : 0.0);
	fprintf(f, "kept up: %s\n", r->kept_up ? "yes" : "NO");
}
