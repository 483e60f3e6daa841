/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Headless ticket bundles: the mode's hooks wrapped to feed a model, written at the end. */
#include "app/collect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/ask.h"
#include "app/bundle.h"
#include "app/export.h"
#include "app/replay.h"
#include "model/model.h"

struct collect {
	struct model model;
	bool model_ok;
	struct app_facts facts;
	struct app_ask ask;
	bool asked;
	const struct app_mode_ops *inner; /* the mode's own hooks (NULL for BUNDLE) */
	struct app_mode_ops ops;
};

static struct collect K;

/* The receive time of the message at hand (the recorded one in a replay), in µs. */
static int64_t now_us(const struct app *a)
{
	return app_time_us(app_rx_time(a));
}

static void keep_answer(struct app *a, enum app_fact kind, const struct ami_msg *m)
{
	app_facts_keep(&K.facts, kind, m, app_rx_time(a));
}

static void on_login(struct app *a)
{
	if (!K.asked) { /* once: the questions' answers do not change with a reconnect */
		K.asked = true;
		K.ask = (struct app_ask){ .app = a, .card = K.model.rights, .answer = keep_answer };
		app_ask_start(&K.ask);
	} else {
		model_gap(&K.model, EVSTORE_GAP_RECONNECTED, 0, NULL, now_us(a));
	}
	if (K.inner && K.inner->on_login)
		K.inner->on_login(a);
}

static void on_event(struct app *a, const struct ami_msg *m)
{
	model_ingest(&K.model, m, now_us(a), NULL);
	if (K.inner && K.inner->on_event)
		K.inner->on_event(a, m);
}

static void on_replay(struct app *a, const struct ami_msg *m)
{
	enum app_fact kind = app_learn_recorded(K.model.rights, m);
	if (kind != APP_FACT_NONE)
		app_facts_keep(&K.facts, kind, m, app_rx_time(a));
	if (K.inner && K.inner->on_replay)
		K.inner->on_replay(a, m);
}

static void on_note(struct app *a, const char *text, size_t len, double t)
{
	char note[256];
	snprintf(note, sizeof note, "%.*s", (int)(len < 200 ? len : 200), text);
	model_gap(&K.model, EVSTORE_GAP_NOTE, 0, note, app_time_us(t));
	if (K.inner && K.inner->on_replay_note)
		K.inner->on_replay_note(a, text, len, t);
}

static void on_state(struct app *a, enum ami_session_state st, enum ami_status status,
		     const char *text)
{
	if (st == AMI_SESSION_RECONNECT_WAIT && a->ever_logged_in)
		model_gap(&K.model, EVSTORE_GAP_CONNECTION_LOST, 0, text, now_us(a));
	if (K.inner && K.inner->on_state)
		K.inner->on_state(a, st, status, text);
}

static void on_end(struct app *a)
{
	if (K.inner && K.inner->on_replay_end)
		K.inner->on_replay_end(a);
	else
		a->quit = true;
}

int app_collect_init(struct app *a)
{
	memset(&K, 0, sizeof K);
	struct model_limits lim = { .scrollback = (size_t)a->cfg.scrollback_mib << 20 };
	if (model_init(&K.model, &lim, a->prof.username) != AMI_OK) {
		fprintf(stderr, "amitui: out of memory\n");
		return APP_EXIT_FAILURE;
	}
	K.model_ok = true;
	if (a->opts.mode == APP_MODE_BUNDLE) {
		a->opts.speed = 0; /* nobody watches: read the recording at once */
		a->reconnect = true;
		if (a->opts.for_seconds > 0)
			a->deadline_ms = app_now_ms() + (int64_t)(a->opts.for_seconds * 1000);
	} else {
		K.inner = a->ops;
	}
	if (K.inner)
		K.ops = *K.inner;
	K.ops.on_login = on_login;
	K.ops.on_event = on_event;
	K.ops.on_replay = on_replay;
	K.ops.on_replay_note = on_note;
	K.ops.on_state = on_state;
	K.ops.on_replay_end = on_end;
	a->ops = &K.ops;
	return APP_EXIT_OK;
}

int app_collect_finish(struct app *a)
{
	if (!K.model_ok || (!a->replaying && !a->ever_logged_in))
		return APP_EXIT_OK; /* never connected: nothing to bundle, the failure was said */
	int fd = open(a->opts.bundle, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "amitui: --bundle %s: %s\n", a->opts.bundle, strerror(errno));
		if (fd >= 0)
			close(fd);
		return APP_EXIT_CONFIG;
	}
	char source[1600], what[64], err[512];
	app_events_source(a, source, sizeof source);
	snprintf(what, sizeof what, "every event %s", a->replaying ? "replayed" : "received");
	struct app_bundle b = { .model = &K.model,
				.what = what,
				.facts = &K.facts,
				.prof = a->replaying ? NULL : &a->prof,
				.source = source,
				.calls_at_us = now_us(a),
				.redact_numbers = a->opts.redact_numbers };
	size_t n = 0;
	enum ami_status st = app_bundle_write(f, &b, &n, err, sizeof err);
	if (fclose(f) != 0 && st == AMI_OK) {
		st = AMI_E_IO;
		snprintf(err, sizeof err, "%s", strerror(errno));
	}
	if (st != AMI_OK) {
		fprintf(stderr, "amitui: --bundle %s: %s\n", a->opts.bundle, err);
		return APP_EXIT_CONFIG;
	}
	if (a->opts.verbose)
		fprintf(stderr, "amitui: --bundle %s: %zu events\n", a->opts.bundle, n);
	return APP_EXIT_OK;
}

void app_collect_free(void)
{
	if (K.model_ok)
		model_free(&K.model);
	app_facts_free(&K.facts);
	memset(&K, 0, sizeof K);
}
