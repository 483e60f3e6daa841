/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console's exports (files in every format, bundles) and its replay controls. */
#include "app/conexport.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/bundle.h"
#include "app/export.h"
#include "app/replay.h"
#include "model/model.h"

_Static_assert((int)UI_EXPORT_FMT_TEXT == (int)APP_EXPORT_TEXT &&
		   (int)UI_EXPORT_FMT_JSON == (int)APP_EXPORT_JSON &&
		   (int)UI_EXPORT_FMT_RECORDING == (int)APP_EXPORT_RECORDING &&
		   (int)UI_EXPORT_FMT_CAPTURE == (int)APP_EXPORT_CAPTURE &&
		   (int)UI_EXPORT_FMT_BUNDLE == (int)APP_EXPORT_BUNDLE &&
		   (int)UI_EXPORT_FMT_COUNT == (int)APP_EXPORT_COUNT,
	       "ui and app export formats must line up");

/* The bundle needs the whole model and the answers; the other formats the store. */
static enum ami_status write_events(struct app *a, const struct model *m,
				    const struct app_facts *facts, int64_t now_us, FILE *f,
				    const struct ui_export_set *set, size_t *n, char *err,
				    size_t cap)
{
	if (set->format == UI_EXPORT_FMT_BUNDLE) {
		char source[1600];
		app_events_source(a, source, sizeof source);
		struct app_bundle b = { .model = m,
					.seqs = set->seqs,
					.n = set->n,
					.what = set->what,
					.facts = facts,
					.prof = a->replaying ? NULL : &a->prof,
					.source = source,
					.calls_at_us = now_us,
					.redact_numbers = a->opts.redact_numbers };
		return app_bundle_write(f, &b, n, err, cap);
	}
	struct app_export_src src = { .store = m->store,
				      .seqs = set->seqs,
				      .n = set->n,
				      .what = set->what,
				      .banner = rights_banner(m->rights),
				      .redact_numbers = a->opts.redact_numbers };
	return app_export_write(f, (enum app_export)set->format, &src, n, err, cap);
}

enum ami_status app_export_set(struct app *a, const struct model *m, const struct app_facts *f,
			       const struct ui_export_set *set, int64_t now_us, char *msg,
			       size_t cap)
{
	char path[PATH_MAX], err[512];
	enum app_export fmt = (enum app_export)set->format;
	FILE *fp = app_export_create("", set->scope, fmt, path, sizeof path, err, sizeof err);
	if (!fp) {
		snprintf(msg, cap, "%s", err);
		return AMI_E_IO;
	}
	size_t n = 0;
	enum ami_status st = write_events(a, m, f, now_us, fp, set, &n, err, sizeof err);
	if (fclose(fp) != 0 && st == AMI_OK) {
		st = AMI_E_IO;
		snprintf(err, sizeof err, "%s", strerror(errno));
	}
	if (st != AMI_OK) {
		unlink(path); /* half a file would mislead whoever opens the ticket */
		snprintf(msg, cap, "%s not written: %s", path, err);
		return st;
	}
	snprintf(msg, cap, "%zu event%s saved to %s (%s)", n, n == 1 ? "" : "s", path,
		 ui_export_format_label(set->format));
	return AMI_OK;
}

/* ---- replay controls ---- */

/* "playing 10x 123/4567", "paused 1x 12/4567", "end of recording 4567/4567". */
void app_replay_state(char *buf, size_t cap)
{
	char speed[16], pos[64];
	app_replay_speed_text(app_replay_speed(), speed, sizeof speed);
	if (app_replay_total() >= 0)
		snprintf(pos, sizeof pos, "%lu/%ld", app_replay_events(), app_replay_total());
	else
		snprintf(pos, sizeof pos, "%lu", app_replay_events());
	if (app_replay_done())
		snprintf(buf, cap, "end of recording %s", pos);
	else if (app_replay_paused())
		snprintf(buf, cap, "paused %s %s", speed, pos);
	else
		snprintf(buf, cap, "playing %s %s", speed, pos);
}

static void replay_apply(struct app *a, enum ui_replay_ctl what)
{
	switch (what) {
	case UI_REPLAY_PAUSE:
		app_replay_pause(!app_replay_paused());
		break;
	case UI_REPLAY_STEP:
		app_replay_pause(true);
		app_replay_step(a);
		break;
	case UI_REPLAY_FASTER:
		app_replay_faster();
		break;
	case UI_REPLAY_SLOWER:
		app_replay_slower();
		break;
	}
}

/* The message line after a control: the new state in words. */
static void replay_said(enum ui_replay_ctl what, char *msg, size_t cap)
{
	char speed[16], of_total[32] = "";
	app_replay_speed_text(app_replay_speed(), speed, sizeof speed);
	if (app_replay_total() >= 0)
		snprintf(of_total, sizeof of_total, " of %ld", app_replay_total());
	if (app_replay_done())
		snprintf(msg, cap, "end of the recording (%lu events)", app_replay_events());
	else if (what == UI_REPLAY_FASTER || what == UI_REPLAY_SLOWER)
		snprintf(msg, cap, "speed %s%s", speed, app_replay_paused() ? " (paused)" : "");
	else if (app_replay_paused())
		snprintf(msg, cap, "paused after event %lu%s", app_replay_events(), of_total);
	else
		snprintf(msg, cap, "playing at %s", speed);
}

enum ami_status app_replay_control(struct app *a, enum ui_replay_ctl what, char *msg, size_t cap)
{
	if (!a->replaying) {
		snprintf(msg, cap, "not replaying a recording");
		return AMI_E_INVALID;
	}
	replay_apply(a, what);
	replay_said(what, msg, cap);
	return AMI_OK;
}
