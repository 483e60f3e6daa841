/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay: a recording (or a bare capture) played back through the same hooks as a session. */
#include "app/replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/parser.h"

#define MAX_RECORDING (4ull << 30) /* read whole: recordings are bounded by scrollback use */

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
	if (ami_parser_init(&RP.parser, NULL) != AMI_OK)
		return APP_EXIT_FAILURE;
	RP.parser_ok = true;
	RP.speed = a->opts.speed;
	RP.t0_ms = -1;
	return APP_EXIT_OK;
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
			RP.done = true;
			return;
		}
	}
}

double app_replay_time(void)
{
	return RP.now;
}

static void play(struct app *a, const struct rec_record *r)
{
	RP.now = r->t;
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

static void finish(struct app *a)
{
	RP.done = true;
	if (a->ops->on_replay_end)
		a->ops->on_replay_end(a);
}

int app_replay_turn(struct app *a)
{
	/* bounded work per turn so the keyboard stays responsive at --speed max */
	for (int budget = 4096; budget > 0 && !RP.done && !RP.paused; budget--) {
		if (!RP.have_next) {
			enum ami_status st = rec_reader_next(&RP.rd, &RP.next);
			if (st == AMI_AGAIN) {
				finish(a);
				break;
			}
			if (st != AMI_OK) {
				app_note(a, "--replay: %s", RP.rd.err);
				RP.err = AMI_E_PROTOCOL;
				finish(a);
				break;
			}
			RP.have_next = true;
		}
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

void app_replay_step(struct app *a)
{
	/* one event: play records until one delivered an event (or the end) */
	unsigned long before = RP.events;
	bool was = RP.paused;
	RP.paused = false;
	double speed = RP.speed;
	RP.speed = 0;
	while (!RP.done && RP.events == before) {
		if (!RP.have_next) {
			if (rec_reader_next(&RP.rd, &RP.next) != AMI_OK) {
				finish(a);
				break;
			}
		}
		RP.have_next = false;
		play(a, &RP.next);
	}
	RP.speed = speed;
	RP.paused = was;
}

unsigned long app_replay_events(void)
{
	return RP.events;
}

void app_replay_close(void)
{
	if (RP.parser_ok)
		ami_parser_free(&RP.parser);
	free(RP.data);
	memset(&RP, 0, sizeof RP);
}
