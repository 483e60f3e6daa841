/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The headless modes --dump and --action: events and replies as text or JSON on stdout. */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/output.h"
#include "core/perms.h"
#include "model/evstore.h"
#include "model/evsum.h"
#include "model/evtab.h"

#define MAX_NAMES 64

struct headless {
	uint32_t classes;	   /* --classes; 0 = all */
	char names[MAX_NAMES][64]; /* --events */
	size_t nnames;
	struct ami_action act;
	bool sent;
	unsigned long printed;
	bool lost;	/* a gap line said the connection was lost; the next login says so too */
	double lost_at; /* when */
};

static struct headless H;

static void flush_out(struct app *a)
{
	if (a->out.len) {
		fwrite(a->out.p, 1, a->out.len, stdout);
		fflush(stdout);
	}
	ami_buf_reset(&a->out);
}

/* "HH:MM:SS.mmm" of a wall-clock time. */
static void clock_text(double t, char *dst, size_t cap)
{
	time_t s = (time_t)t;
	struct tm tm;
	localtime_r(&s, &tm);
	snprintf(dst, cap, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)((t - (double)s) * 1000) % 1000);
}

static void print_human(struct app *a, const struct ami_msg *m, double t)
{
	struct ami_str name = ami_msg_name(m);
	uint32_t cls = evtab_class(name, ami_msg_get(m, "Privilege"));
	enum ami_perm_class c = AMI_CLASS_COUNT;
	for (int i = 0; i < AMI_CLASS_COUNT && c == AMI_CLASS_COUNT; i++)
		if (cls & ami_perm_class_bit((enum ami_perm_class)i))
			c = (enum ami_perm_class)i;
	char when[32], sum[512];
	clock_text(t, when, sizeof when);
	evsum_format(m, NULL, sum, sizeof sum);
	ami_buf_printf(&a->out, "%s %-9s %-22.*s %s\n", when,
		       c == AMI_CLASS_COUNT ? "-" : ami_perm_class_label(c), (int)name.n, name.p,
		       sum);
}

static bool wanted(const struct ami_msg *m)
{
	struct ami_str name = ami_msg_name(m);
	if (H.classes) {
		uint32_t cls = evtab_class(name, ami_msg_get(m, "Privilege"));
		if (!(cls & H.classes))
			return false;
	}
	if (H.nnames == 0)
		return true;
	for (size_t i = 0; i < H.nnames; i++)
		if (ami_str_ieq(name, H.names[i]))
			return true;
	return false;
}

/*
 * Events are written in batches: at 64 KiB, and at the end of every loop turn
 * (dump_turn), so a flood costs one write() per turn instead of one per event and a
 * quiet stream still shows each event at once. Gap lines and --action replies are
 * flushed as they come; run.c's cleanup writes what is left at exit.
 */
#define DUMP_BATCH (64u << 10)

static void dump_event(struct app *a, const struct ami_msg *m)
{
	if (!wanted(m))
		return;
	double t = app_rx_time(a);
	if (a->opts.json)
		app_out_json(&a->out, m, t);
	else
		print_human(a, m, t);
	H.printed++;
	if (a->out.len >= DUMP_BATCH)
		flush_out(a);
}

static int dump_turn(struct app *a)
{
	flush_out(a);
	return -1;
}

/*
 * A gap in the stream, in the output itself so that nobody reading it later takes
 * the silence for a quiet PBX: "# gap: TIME WHAT: DETAIL", or in JSON
 * {"_gap":"WHAT: DETAIL","_received":T}, never mistaken for an event (no "Event").
 */
static void dump_gap(struct app *a, double t, const char *what, const char *detail, size_t dlen)
{
	char text[800];
	snprintf(text, sizeof text, "%s (%.*s)", what, (int)(dlen < 600 ? dlen : 600), detail);
	for (char *c = text; *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' '; /* one line per gap, whatever a recording's note holds */
	if (a->opts.json) {
		ami_buf_adds(&a->out, "{\"_gap\":");
		ami_buf_add_json_str(&a->out, text, strlen(text));
		ami_buf_printf(&a->out, ",\"_received\":%.6f}\n", t);
	} else {
		char when[32];
		clock_text(t, when, sizeof when);
		ami_buf_printf(&a->out, "# gap: %s %s\n", when, text);
	}
	flush_out(a);
}

/* The connection went away after a login, then came back: say both in the output. */
static void dump_state(struct app *a, enum ami_session_state st, enum ami_status status,
		       const char *text)
{
	(void)status;
	if (!a->ever_logged_in)
		return;
	const char *t = text ? text : "";
	if (!H.lost && (st == AMI_SESSION_RECONNECT_WAIT || st == AMI_SESSION_STOPPED)) {
		H.lost = true;
		H.lost_at = app_wall();
		dump_gap(a, H.lost_at, evstore_gap_text(EVSTORE_GAP_CONNECTION_LOST), t, strlen(t));
	} else if (H.lost && st == AMI_SESSION_LOGGED_IN) {
		H.lost = false;
		double now = app_wall();
		char why[600];
		snprintf(why, sizeof why, "after %.1f s: %s", now - H.lost_at, t);
		dump_gap(a, now, evstore_gap_text(EVSTORE_GAP_RECONNECTED), why, strlen(why));
	}
}

/* --replay: the recording noted a lost connection (or another failure) here. */
static void dump_replay_note(struct app *a, const char *text, size_t len, double t)
{
	dump_gap(a, t, evstore_gap_text(EVSTORE_GAP_NOTE), text, len);
}

static void dump_replay_end(struct app *a)
{
	a->quit = true;
}

const struct app_mode_ops app_dump_ops = {
	.on_event = dump_event,
	.on_turn = dump_turn,
	.on_state = dump_state,
	.on_replay_note = dump_replay_note,
	.on_replay_end = dump_replay_end,
};

/* ---- --action ---- */

static void print_reply_msg(struct app *a, const struct ami_msg *m)
{
	if (a->opts.json) {
		app_out_json(&a->out, m, app_rx_time(a));
	} else {
		ami_buf_add(&a->out, m->raw, m->rawlen);
	}
	flush_out(a);
}

static void on_reply(void *user, const struct ami_reply *r)
{
	struct app *a = user;
	if (r->msg)
		print_reply_msg(a, r->msg);
	if (r->kind == AMI_REPLY_RESPONSE && r->status != AMI_OK) {
		a->exit_code = APP_EXIT_ACTION_ERROR;
		if (r->text && *r->text)
			app_note(a, "%s: %s", r->action, r->text);
	} else if (r->kind == AMI_REPLY_TIMEOUT || r->kind == AMI_REPLY_DISCONNECTED) {
		a->exit_code = APP_EXIT_LOST; /* no answer: not an internal error */
		app_note(a, "%s: %s", r->action, r->text && *r->text ? r->text : "no reply");
	} else if (r->kind == AMI_REPLY_COMPLETE && r->status != AMI_OK) {
		app_note(a, "%s: %s", r->action, r->text);
	}
	if (r->final)
		ami_session_close(a->sess); /* Logoff; the loop ends on IDLE */
}

/* Build the action from --action NAME Key=Value...; refusals are usage errors. */
static int build_action(struct app *a)
{
	ami_action_init(&H.act, a->opts.action);
	for (size_t i = 0; i < a->opts.naction_args; i++) {
		const char *kv = a->opts.action_args[i];
		const char *eq = strchr(kv, '=');
		char key[128];
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
		ami_action_add(&H.act, key, eq + 1);
	}
	if (ami_action_status(&H.act) != AMI_OK) {
		fprintf(stderr, "amitui: --action %s: %s\n", a->opts.action,
			ami_action_errmsg(&H.act));
		return APP_EXIT_USAGE;
	}
	return APP_EXIT_OK;
}

static void action_login(struct app *a)
{
	if (H.sent)
		return; /* after a reconnect: never send an action twice */
	H.sent = true;
	enum ami_status st = ami_session_send(a->sess, &H.act, on_reply, a, 0);
	if (st != AMI_OK) {
		app_note(a, "--action %s refused: %s", a->opts.action, ami_status_str(st));
		a->exit_code = st == AMI_E_READ_ONLY ? APP_EXIT_ACTION_ERROR : APP_EXIT_USAGE;
		ami_session_close(a->sess);
	}
}

const struct app_mode_ops app_action_ops = {
	.on_login = action_login,
};

/* ---- setup ---- */

static int parse_names(const char *list)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", list);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		if (!*t)
			continue;
		if (H.nnames == MAX_NAMES) {
			fprintf(stderr, "amitui: --events: more than %d names\n", MAX_NAMES);
			return APP_EXIT_USAGE;
		}
		snprintf(H.names[H.nnames++], sizeof H.names[0], "%s", t);
	}
	return APP_EXIT_OK;
}

static int parse_classes(struct app *a)
{
	unsigned unknown = 0;
	H.classes = ami_perm_from_privilege(ami_str_c(a->opts.classes), &unknown);
	if (unknown || !H.classes) {
		fprintf(stderr, "amitui: --classes: '%s' is not a list of classes (%s, ...)\n",
			a->opts.classes, "system,call,log,verbose,command,agent,user,config,dtmf");
		return APP_EXIT_USAGE;
	}
	/* narrow the server's mask too, unless the user chose one */
	if (!*a->prof.events) {
		char list[APP_CFG_STR_MAX];
		ami_perm_format_list(H.classes, list, sizeof list);
		snprintf(a->prof.events, sizeof a->prof.events, "%s", list);
	}
	return APP_EXIT_OK;
}

int app_headless_init(struct app *a)
{
	memset(&H, 0, sizeof H);
	a->mode = &H;
	int rc = APP_EXIT_OK;
	switch (a->opts.mode) {
	case APP_MODE_DUMP:
		a->ops = &app_dump_ops;
		a->reconnect = true; /* a long-running dump survives restarts */
		if (*a->opts.classes)
			rc = parse_classes(a);
		if (rc == APP_EXIT_OK && *a->opts.events)
			rc = parse_names(a->opts.events);
		if (a->opts.for_seconds > 0)
			a->deadline_ms = app_now_ms() + (int64_t)(a->opts.for_seconds * 1000);
		return rc;
	case APP_MODE_ACTION:
		a->ops = &app_action_ops;
		if (!*a->prof.events)
			snprintf(a->prof.events, sizeof a->prof.events, "off");
		return build_action(a);
	case APP_MODE_PROBE:
		return app_probe_init(a);
	default:
		return APP_EXIT_USAGE;
	}
}
