/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay: a recording (or a bare capture) played back through the same hooks as a session. */
#include "app/replay.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/parser.h"

#define MAX_RECORDING (4ull << 30) /* read whole: recordings are bounded by scrollback use */
/* Counting the events ahead (for "N of M") costs one more parse: only for files this size. */
#define MAX_PRESCAN (256u << 20)
#define NOTE_MAX 512

struct replay {
	char *data;
	size_t len;
	struct rec_reader rd;
	struct ami_parser parser;
	bool parser_ok;
	struct rec_record next; /* the record waiting for its time */
	bool have_next;
	bool done;
	double t0_rec; /* time of the first timed record */
	int64_t t0_ms; /* clock when it was played */
	double speed;  /* 0 = as fast as possible */
	double now;    /* the time of the record being played (0: unknown) */
	bool paused;
	unsigned long events;
	long total;	       /* events in the file, -1 when not counted */
	char source[NOTE_MAX]; /* the recording's first comment naming a host, "" none */
	enum ami_status err;
};

static struct replay RP;

static char *slurp(const char *path, size_t *len, char *err, size_t cap)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, cap, "%s: %s", path, f ? "not a regular file" : strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	if ((unsigned long long)st.st_size > MAX_RECORDING) {
		snprintf(err, cap, "%s: larger than 4 GiB", path);
		fclose(f);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, cap, "%s: %s", path, buf ? "read error" : "out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return buf;
}

/*
 * Does the stream open with the server's banner? A recording started mid-session by an
 * older amitui does not: its parser must not take the first event's line for one.
 */
static bool opens_with_banner(void)
{
	static const char banner[] = "Asterisk Call Manager/";
	struct rec_reader rd;
	struct rec_record r;
	if (rec_reader_init(&rd, RP.data, RP.len) != AMI_OK)
		return true;
	while (rec_reader_next(&rd, &r) == AMI_OK)
		if (r.kind == 'R')
			return r.n >= sizeof banner - 1 &&
			       memcmp(r.p, banner, sizeof banner - 1) == 0;
	return true;
}

static enum ami_status parser_init(struct ami_parser *p)
{
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.expect_banner = opens_with_banner();
	return ami_parser_init(p, &lim);
}

/* Events in the whole file (a private reader and parser); -1 when too big or damaged. */
static long count_events(void)
{
	if (RP.len > MAX_PRESCAN)
		return -1;
	struct rec_reader rd;
	struct ami_parser p;
	struct rec_record r;
	struct ami_msg m;
	long n = 0;
	if (rec_reader_init(&rd, RP.data, RP.len) != AMI_OK || parser_init(&p) != AMI_OK)
		return -1;
	enum ami_status st;
	while ((st = rec_reader_next(&rd, &r)) == AMI_OK && n >= 0) {
		for (size_t off = 0; r.kind == 'R' && off < r.n && n >= 0;) {
			off += ami_parser_feed(&p, r.p + off, r.n - off);
			enum ami_status ps;
			while ((ps = ami_parser_next(&p, &m)) == AMI_OK)
				n += m.kind == AMI_MSG_EVENT;
			if (ps != AMI_AGAIN)
				n = -1;
		}
	}
	ami_parser_free(&p);
	return st == AMI_AGAIN ? n : -1;
}

static bool has_host(const char *p, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(p + i, "host=", 5) == 0)
			return true;
	return false;
}

/* The first leading comment that names a host ("# host=pbx1:5038 user=..."). */
static void find_source(void)
{
	const char *p = RP.data + RP.rd.pos, *end = RP.data + RP.len;
	while (!RP.rd.bare && p < end && *p == '#') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 2 && has_host(p, n)) {
			snprintf(RP.source, sizeof RP.source, "%.*s", (int)(n - 2), p + 2);
			return;
		}
		if (!nl)
			return;
		p = nl + 1;
	}
}

int app_replay_open(struct app *a)
{
	memset(&RP, 0, sizeof RP);
	char err[1200];
	RP.data = slurp(a->opts.replay, &RP.len, err, sizeof err);
	if (!RP.data) {
		fprintf(stderr, "amitui: --replay %s\n", err);
		return APP_EXIT_REPLAY;
	}
	if (rec_reader_init(&RP.rd, RP.data, RP.len) != AMI_OK) {
		fprintf(stderr, "amitui: --replay %s: %s\n", a->opts.replay, RP.rd.err);
		return APP_EXIT_REPLAY;
	}
	/* a recording may hold messages of any size the live session accepted */
	if (parser_init(&RP.parser) != AMI_OK)
		return APP_EXIT_FAILURE;
	RP.parser_ok = true;
	RP.speed = a->opts.speed;
	RP.paused = a->opts.paused;
	RP.t0_ms = -1;
	RP.total = count_events();
	find_source();
	return APP_EXIT_OK;
}

static void finish(struct app *a)
{
	if (RP.done)
		return;
	RP.done = true;
	if (a->ops->on_replay_end)
		a->ops->on_replay_end(a);
}

/* Hand every message of one received payload to the mode. */
static void play_bytes(struct app *a, const char *p, size_t n)
{
	struct ami_msg m;
	while (n) {
		size_t k = ami_parser_feed(&RP.parser, p, n);
		p += k;
		n -= k;
		enum ami_status st;
		while ((st = ami_parser_next(&RP.parser, &m)) == AMI_OK) {
			if (a->ops->on_replay)
				a->ops->on_replay(a, &m);
			if (m.kind == AMI_MSG_EVENT) {
				RP.events++;
				if (a->ops->on_event)
					a->ops->on_event(a, &m);
			}
		}
		if (st != AMI_AGAIN) {
			app_note(a, "replay: %s", ami_parser_errmsg(&RP.parser));
			RP.err = st;
			finish(a); /* the mode must hear of the end, or a dump would wait forever */
			return;
		}
	}
}

double app_replay_time(void)
{
	return RP.now;
}

double app_replay_clock(void)
{
	if (RP.now <= 0 || RP.paused || RP.done || RP.speed <= 0 || RP.t0_ms < 0)
		return RP.now;
	/* between records at 1x (or Nx) the recording's clock runs on with ours */
	double t = RP.t0_rec + (double)(app_now_ms() - RP.t0_ms) * RP.speed / 1000.0;
	if (RP.have_next && RP.next.t > 0 && t > RP.next.t)
		t = RP.next.t;
	return t > RP.now ? t : RP.now;
}

/* A recorded reconnect: the new connection's banner opens a new stream. */
static bool new_stream(const struct rec_record *r)
{
	static const char banner[] = "Asterisk Call Manager/";
	return !RP.rd.bare && r->n >= sizeof banner - 1 &&
	       memcmp(r->p, banner, sizeof banner - 1) == 0 && ami_parser_pending(&RP.parser) == 0;
}

static void play(struct app *a, const struct rec_record *r)
{
	if (r->t > 0)
		RP.now = r->t;
	if (r->kind == 'R' && new_stream(r)) {
		RP.parser.lim.expect_banner = true;
		ami_parser_reset(&RP.parser);
	}
	if (r->kind == 'R')
		play_bytes(a, r->p, r->n);
	else if (r->kind == 'N' && a->ops->on_replay_note)
		a->ops->on_replay_note(a, r->p, r->n, r->t);
}

/* Milliseconds until r is due (0: now). */
static int64_t due_in(const struct rec_record *r)
{
	if (RP.speed <= 0 || r->t <= 0)
		return 0;
	if (RP.t0_ms < 0) {
		RP.t0_ms = app_now_ms();
		RP.t0_rec = r->t;
	}
	int64_t at = RP.t0_ms + (int64_t)((r->t - RP.t0_rec) * 1000.0 / RP.speed);
	int64_t left = at - app_now_ms();
	return left > 0 ? left : 0;
}

/* Make RP.next the next record; false at the end (or the damage), which finishes. */
static bool fetch(struct app *a)
{
	if (RP.have_next)
		return true;
	enum ami_status st = rec_reader_next(&RP.rd, &RP.next);
	if (st == AMI_OK)
		return RP.have_next = true;
	if (st != AMI_AGAIN) {
		app_note(a, "--replay: %s", RP.rd.err);
		RP.err = AMI_E_PROTOCOL;
	}
	finish(a);
	return false;
}

int app_replay_turn(struct app *a)
{
	/* bounded work per turn so the keyboard stays responsive at --speed max */
	for (int budget = 4096; budget > 0 && !RP.done && !RP.paused; budget--) {
		if (!fetch(a))
			break;
		int64_t wait = due_in(&RP.next);
		if (wait > 0)
			return (int)(wait < 1000 ? wait : 1000);
		RP.have_next = false;
		play(a, &RP.next);
	}
	return RP.done || RP.paused ? -1 : 0;
}

bool app_replay_done(void)
{
	return RP.done;
}

bool app_replay_failed(void)
{
	return RP.err != AMI_OK;
}

void app_replay_pause(bool on)
{
	RP.paused = on;
	RP.t0_ms = -1; /* the clock restarts from the next record */
}

bool app_replay_paused(void)
{
	return RP.paused;
}

void app_replay_set_speed(double speed)
{
	RP.speed = speed > 0 ? speed : 0;
	RP.t0_ms = -1; /* the new speed counts from the next record */
}

double app_replay_speed(void)
{
	return RP.speed;
}

/* The speeds + and - step through; 0 is "as fast as possible", past the fastest. */
static const double SPEEDS[] = { 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 0 };
#define NSPEEDS (sizeof SPEEDS / sizeof SPEEDS[0])

/* Max ranks above every factor. */
static double rank(double speed)
{
	return speed <= 0 ? INFINITY : speed;
}

double app_replay_faster(void)
{
	double cur = rank(RP.speed), pick = 0;
	for (size_t i = NSPEEDS; i-- > 0;) /* the slowest step above the current speed */
		if (rank(SPEEDS[i]) > cur * (1 + 1e-9))
			pick = SPEEDS[i];
	app_replay_set_speed(pick);
	return RP.speed;
}

double app_replay_slower(void)
{
	double cur = rank(RP.speed), pick = SPEEDS[0];
	for (size_t i = 0; i < NSPEEDS; i++) /* the fastest step below the current speed */
		if (rank(SPEEDS[i]) < cur * (1 - 1e-9))
			pick = SPEEDS[i];
	app_replay_set_speed(pick);
	return RP.speed;
}

void app_replay_speed_text(double speed, char *buf, size_t cap)
{
	if (speed <= 0)
		snprintf(buf, cap, "max");
	else
		snprintf(buf, cap, "%gx", speed);
}

bool app_replay_step(struct app *a)
{
	/* one event: play records until one delivered an event (or the end) */
	unsigned long before = RP.events;
	bool was = RP.paused;
	RP.paused = false;
	while (!RP.done && RP.events == before && fetch(a)) {
		RP.have_next = false;
		play(a, &RP.next);
	}
	RP.paused = was;
	RP.t0_ms = -1;
	return RP.events != before;
}

unsigned long app_replay_events(void)
{
	return RP.events;
}

long app_replay_total(void)
{
	return RP.total;
}

const char *app_replay_source(void)
{
	return RP.source;
}

void app_events_source(const struct app *a, char *buf, size_t cap)
{
	if (!a->replaying) {
		snprintf(buf, cap, "live from %s:%u", a->prof.host,
			 a->prof.port_num ? a->prof.port_num : (a->prof.tls_on ? 5039u : 5038u));
		return;
	}
	snprintf(buf, cap, "replay of %s%s%s%s", a->opts.replay, *RP.source ? " (recorded: " : "",
		 RP.source, *RP.source ? ")" : "");
}

void app_replay_close(void)
{
	if (RP.parser_ok)
		ami_parser_free(&RP.parser);
	free(RP.data);
	memset(&RP, 0, sizeof RP);
}
