/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console mode: the session feeds the model, the UI shows it and acts through the host. */
#include "app/app.h"
#include "app/console.h"
#include "app/ask.h"
#include "app/bundle.h"
#include "app/conexport.h"
#include "app/export.h"
#include "app/replay.h"

#include <stdbool.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/perms.h"
#include "model/model.h"
#include "ui/ui.h"

struct console {
	struct model model;
	bool model_ok;
	struct ui *ui;
	bool started;	 /* curses is up */
	bool connecting; /* a profile was chosen; the session exists */
	bool resync_pending;
	bool lost;	    /* a gap marker says the connection was lost; the login says back */
	int64_t lost_at_us; /* when */
	struct app_ask ask;
	struct app_facts facts; /* the server's answers, for bundles */
	char history[1024];
	char status_state[128];
	int64_t last_status_ms;
	struct ui_profile_item items[APP_MAX_PROFILES];
};

static struct console C;

static int64_t now_us(void)
{
	return (int64_t)(app_wall() * 1e6);
}

/* The time the model lives in: the recording's clock in a replay, else the wall clock. */
static int64_t model_now(const struct app *a)
{
	double t = a->replaying ? app_replay_clock() : 0;
	return t > 0 ? app_time_us(t) : now_us();
}

/* ---- the model, fed by the session ---- */

static void console_event(struct app *a, const struct ami_msg *m)
{
	/* the time the recording and --dump give it, to the microsecond */
	model_ingest(&C.model, m, app_time_us(app_rx_time(a)), NULL);
	ui_mark_dirty(C.ui);
}

static void rights_changed(struct app *a)
{
	(void)a;
	ui_rights_changed(C.ui);
	ui_mark_dirty(C.ui);
}

/* CoreShowChannels after a (re)login: the call table keeps only live channels. */
static void on_resync(void *u, const struct ami_reply *r)
{
	(void)u;
	if (r->kind == AMI_REPLY_ITEM && r->msg)
		calltab_update(C.model.calls, r->msg, now_us());
	if (r->final) {
		if (r->kind == AMI_REPLY_COMPLETE)
			calltab_resync_end(C.model.calls, now_us());
		C.resync_pending = false;
		ui_mark_dirty(C.ui);
	}
}

static void ask(struct app *a, const char *action, void (*fn)(void *, const struct ami_reply *))
{
	struct ami_action act;
	ami_action_init(&act, action);
	ami_session_send(a->sess, &act, fn, a, 0);
	ami_action_free(&act);
}

static void keep_answer(struct app *a, enum app_fact kind, const struct ami_msg *m)
{
	app_facts_keep(&C.facts, kind, m, app_rx_time(a));
}

static void console_login(struct app *a)
{
	rights_reset(C.model.rights);
	C.ask = (struct app_ask){
		.app = a, .card = C.model.rights, .changed = rights_changed, .answer = keep_answer
	};
	app_ask_start(&C.ask);
	if (C.lost) {
		char after[64];
		snprintf(after, sizeof after, "after %.1f s",
			 (double)(now_us() - C.lost_at_us) / 1e6);
		model_gap(&C.model, EVSTORE_GAP_RECONNECTED, 0, after, now_us());
		C.lost = false;
	}
	if (ami_session_check(a->sess, ami_str_c("CoreShowChannels"), AMI_STR_NULL) == AMI_OK) {
		calltab_resync_begin(C.model.calls);
		C.resync_pending = true;
		ask(a, "CoreShowChannels", on_resync);
	}
	ui_rights_changed(C.ui);
}

/* ---- the title bar ---- */

static void update_status(struct app *a)
{
	struct ami_session_info info = { 0 };
	if (a->sess)
		ami_session_get_info(a->sess, &info);
	struct ui_status st = { .ping_ms = -1, .events_per_s = -1 };
	char state[128], server[1100];
	switch (a->state) {
	case AMI_SESSION_LOGGED_IN:
		st.conn = UI_CONN_UP;
		break;
	case AMI_SESSION_STOPPED:
		st.conn = UI_CONN_ERROR;
		break;
	case AMI_SESSION_IDLE:
		st.conn = UI_CONN_DOWN;
		break;
	default:
		st.conn = UI_CONN_CONNECTING;
		break;
	}
	if (a->replaying) {
		st.conn = UI_CONN_DOWN;
		app_replay_state(state, sizeof state);
	} else if (a->state == AMI_SESSION_RECONNECT_WAIT && info.reconnect_at_ms >= 0) {
		int64_t left = (info.reconnect_at_ms - app_now_ms() + 999) / 1000;
		snprintf(state, sizeof state, "reconnecting in %lld s",
			 (long long)(left > 0 ? left : 0));
	} else {
		snprintf(state, sizeof state, "%s", ami_session_state_str(a->state));
	}
	if (a->replaying) {
		const char *base = strrchr(a->opts.replay, '/');
		snprintf(server, sizeof server, "%s", base ? base + 1 : a->opts.replay);
	} else {
		snprintf(server, sizeof server, "%s:%u", a->prof.host,
			 a->prof.port_num ? a->prof.port_num : (a->prof.tls_on ? 5039u : 5038u));
	}
	st.state = state;
	st.server = server;
	st.tls = a->prof.tls_on;
	st.user = a->prof.username;
	st.ami_version = info.ami_version;
	st.ping_ms = a->sess ? (int)info.last_rtt_ms : -1;
	st.recording = a->recording;
	ui_set_status(C.ui, &st);
}

static void console_state(struct app *a, enum ami_session_state st, enum ami_status status,
			  const char *text)
{
	/* one marker per outage, however many attempts it takes to come back */
	bool down = st == AMI_SESSION_RECONNECT_WAIT || st == AMI_SESSION_STOPPED;
	if (down && a->ever_logged_in && C.model_ok && !C.lost) {
		C.lost = true;
		C.lost_at_us = now_us();
		model_gap(&C.model, EVSTORE_GAP_CONNECTION_LOST, 0, text, C.lost_at_us);
	}
	if (status != AMI_OK && text && *text)
		ui_message(C.ui, st == AMI_SESSION_STOPPED ? UI_MSG_ERROR : UI_MSG_WARN, "%s",
			   text);
	else if (st == AMI_SESSION_LOGGED_IN && text)
		ui_message(C.ui, UI_MSG_INFO, "%s", text);
	update_status(a);
	ui_mark_dirty(C.ui);
}

/* ---- the loop hooks ---- */

static int console_fd(struct app *a)
{
	(void)a;
	return C.started ? ui_fd(C.ui) : -1;
}

static void console_input(struct app *a, short revents)
{
	(void)a;
	(void)revents;
	ui_on_input(C.ui);
}

static int console_turn(struct app *a)
{
	int64_t now = app_now_ms();
	model_tick(&C.model, model_now(a));
	if (now - C.last_status_ms >= 250) { /* countdowns, ping, rates */
		update_status(a);
		C.last_status_ms = now;
		ui_mark_dirty(C.ui);
	}
	int t = ui_render_if_due(C.ui, now);
	return t < 0 || t > 250 ? 250 : t;
}

static void console_resize(struct app *a)
{
	(void)a;
	ui_resize(C.ui);
}

static void console_replay(struct app *a, const struct ami_msg *m)
{
	enum app_fact kind = app_learn_recorded(C.model.rights, m);
	if (kind != APP_FACT_NONE)
		app_facts_keep(&C.facts, kind, m, app_rx_time(a));
	if (m->kind == AMI_MSG_BANNER || m->kind == AMI_MSG_RESPONSE)
		ui_rights_changed(C.ui);
}

static void console_replay_note(struct app *a, const char *text, size_t len, double t)
{
	(void)a;
	char note[256];
	snprintf(note, sizeof note, "%.*s", (int)(len < 200 ? len : 200), text);
	model_gap(&C.model, EVSTORE_GAP_NOTE, 0, note, app_time_us(t));
	ui_mark_dirty(C.ui);
}

static void console_replay_end(struct app *a)
{
	update_status(a);
	ui_message(C.ui, app_replay_failed() ? UI_MSG_ERROR : UI_MSG_INFO,
		   "end of the recording: %lu events%s", app_replay_events(),
		   app_replay_failed() ? " (the file is damaged after this point)" : "");
}

static const struct app_mode_ops console_ops = {
	.on_replay = console_replay,
	.on_replay_note = console_replay_note,
	.on_replay_end = console_replay_end,
	.on_login = console_login,
	.on_event = console_event,
	.on_state = console_state,
	.extra_fd = console_fd,
	.on_extra = console_input,
	.on_turn = console_turn,
	.on_resize = console_resize,
};

/* ---- the host: what the UI asks of us ---- */

struct send_ctx {
	ui_reply_fn fn;
	void *cookie;
};

static void relay_reply(void *user, const struct ami_reply *r)
{
	struct send_ctx *sc = user;
	/* the UI feeds rights_action_result itself: not here, or replies count twice */
	struct ui_reply ur = {
		.kind = (enum ui_reply_kind)r->kind, /* same X-macro order, checked below */
		.status = r->status,
		.msg = r->msg,
		.text = r->text ? r->text : "",
		.final = r->final,
	};
	if (sc->fn)
		sc->fn(sc->cookie, &ur);
	if (r->final)
		free(sc);
}

_Static_assert((int)UI_REPLY_RESPONSE == (int)AMI_REPLY_RESPONSE &&
		   (int)UI_REPLY_ITEM == (int)AMI_REPLY_ITEM &&
		   (int)UI_REPLY_COMPLETE == (int)AMI_REPLY_COMPLETE &&
		   (int)UI_REPLY_TIMEOUT == (int)AMI_REPLY_TIMEOUT &&
		   (int)UI_REPLY_DISCONNECTED == (int)AMI_REPLY_DISCONNECTED,
	       "ui and session reply kinds must line up");

static enum ami_status host_send(void *ctx, struct ami_action *act, ui_reply_fn fn, void *cookie)
{
	struct app *a = ctx;
	if (!a->sess)
		return AMI_E_NOT_CONNECTED;
	struct send_ctx *sc = malloc(sizeof *sc);
	if (!sc)
		return AMI_E_NOMEM;
	*sc = (struct send_ctx){ fn, cookie };
	enum ami_status st = ami_session_send(a->sess, act, relay_reply, sc, 0);
	if (st != AMI_OK)
		free(sc);
	return st;
}

static void on_events_reply(void *u, const struct ami_reply *r)
{
	(void)u;
	if (r->kind == AMI_REPLY_RESPONSE && r->status != AMI_OK)
		ui_message(C.ui, UI_MSG_ERROR, "Events: %s", r->text);
}

static enum ami_status host_event_mask(void *ctx, uint32_t mask)
{
	struct app *a = ctx;
	char list[APP_CFG_STR_MAX];
	ami_perm_format_list(mask, list, sizeof list);
	/* kept for reconnects: the next Login carries the same mask */
	snprintf(a->prof.events, sizeof a->prof.events, "%s", mask ? list : "off");
	if (!a->sess || a->state != AMI_SESSION_LOGGED_IN)
		return AMI_OK;
	struct ami_action act;
	ami_action_init(&act, "Events");
	ami_action_add(&act, "EventMask", mask ? list : "off");
	enum ami_status st = ami_session_send(a->sess, &act, on_events_reply, a, 0);
	ami_action_free(&act);
	return st;
}

static void host_quit(void *ctx)
{
	struct app *a = ctx;
	if (a->sess && a->state == AMI_SESSION_LOGGED_IN) {
		ami_session_close(a->sess);
		a->deadline_ms = app_now_ms() + 2000; /* do not wait long for the Goodbye */
	} else {
		a->quit = true;
	}
}

static const char *const export_ext[] = {
#define UI_EXPORT_EXT(name, label) label,
	UI_EXPORT_INFO(UI_EXPORT_EXT)
#undef UI_EXPORT_EXT
};

static enum ami_status host_export(void *ctx, enum ui_export what, const char *data, size_t len,
				   char *msg, size_t cap)
{
	(void)ctx;
	char path[256], stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	bool append = what == UI_EXPORT_EVENT;
	snprintf(path, sizeof path, "amitui-%s%s%s.%s", export_ext[what], append ? "" : "-",
		 append ? "" : stamp, what == UI_EXPORT_RIGHTS_JSON ? "json" : "txt");
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0600);
	ssize_t n = fd >= 0 ? write(fd, data, len) : -1;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)len) {
		snprintf(msg, cap, "cannot write %s: %s", path, strerror(e));
		return AMI_E_IO;
	}
	snprintf(msg, cap, "%s %s", append ? "appended to" : "saved to", path);
	return AMI_OK;
}

static enum ami_status host_record(void *ctx, bool on, char *msg, size_t cap)
{
	struct app *a = ctx;
	if (!on) {
		if (!a->recording)
			return snprintf(msg, cap, "not recording"), AMI_OK;
		a->recording = false;
		unsigned long n = a->rec.records;
		rec_writer_close(&a->rec);
		snprintf(msg, cap, "recording stopped (%lu messages)", n);
		return AMI_OK;
	}
	if (a->recording)
		return snprintf(msg, cap, "already recording"), AMI_OK;
	if (a->replaying)
		return snprintf(msg, cap, "nothing is received while replaying: e exports events"),
		       AMI_E_INVALID;
	char path[256], stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "amitui-%s.amirec", stamp);
	char comment[600];
	snprintf(comment, sizeof comment, "host=%s:%u user=%s", a->prof.host, a->prof.port_num,
		 a->prof.username);
	if (rec_writer_open(&a->rec, path, a->opts.redact_numbers, comment) != AMI_OK) {
		snprintf(msg, cap, "%s", a->rec.err);
		return AMI_E_IO;
	}
	a->recording = true;
	/* mid-session: the banner and the rights answers came before; a replay needs them */
	const char *banner = rights_banner(C.model.rights);
	if (banner && *banner)
		app_record_answers(&a->rec, C.model.rights, &C.facts, app_wall());
	snprintf(msg, cap, "recording to %s", path);
	return AMI_OK;
}

static enum ami_status host_export_events(void *ctx, const struct ui_export_set *set, char *msg,
					  size_t cap)
{
	struct app *a = ctx;
	return app_export_set(a, &C.model, &C.facts, set, model_now(a), msg, cap);
}

static enum ami_status host_replay(void *ctx, enum ui_replay_ctl what, char *msg, size_t cap)
{
	struct app *a = ctx;
	enum ami_status st = app_replay_control(a, what, msg, cap);
	update_status(a);
	ui_mark_dirty(C.ui);
	return st;
}

static int64_t host_now(void *ctx)
{
	return model_now(ctx);
}

static void begin_session(struct app *a)
{
	if (app_connect(a) != APP_EXIT_OK)
		return; /* app_connect said why on the message line */
	C.connecting = true;
	ui_show_main(C.ui);
	update_status(a);
}

static void host_choose(void *ctx, const char *name)
{
	struct app *a = ctx;
	const struct app_profile *p = app_config_profile(&a->cfg, name);
	if (!p || C.connecting)
		return;
	a->prof = *p;
	rights_free(C.model.rights);
	C.model.rights = rights_new(a->prof.username);
	begin_session(a);
}

static void host_login(void *ctx, const struct ui_login *l)
{
	struct app *a = ctx;
	if (C.connecting)
		return;
	app_profile_defaults(&a->prof);
	char err[300], port[16];
	snprintf(port, sizeof port, "%u", l->port);
	if (!app_profile_set(&a->prof, "host", l->host, err, sizeof err) ||
	    (l->port && !app_profile_set(&a->prof, "port", port, err, sizeof err)) ||
	    !app_profile_set(&a->prof, "username", l->user, err, sizeof err)) {
		ui_message(C.ui, UI_MSG_ERROR, "%s", err);
		return;
	}
	a->prof.tls_on = l->tls;
	/* the typed secret goes straight into locked memory via the profile's slot */
	snprintf(a->prof.secret, sizeof a->prof.secret, "%s", l->secret ? l->secret : "");
	rights_free(C.model.rights);
	C.model.rights = rights_new(a->prof.username);
	begin_session(a);
}

static const struct ui_host host = {
	.send = host_send,
	.set_event_mask = host_event_mask,
	.quit = host_quit,
	.export_data = host_export,
	.export_events = host_export_events,
	.replay_control = host_replay,
	.now_us = host_now,
	.record = host_record,
	.choose_profile = host_choose,
	.login = host_login,
};

/* ---- setup ---- */

static void history_path(const struct app *a, char *dst, size_t cap)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[700];
	if (state && *state)
		snprintf(dir, sizeof dir, "%s/amitui", state);
	else
		snprintf(dir, sizeof dir, "%s/.local/state/amitui", home && *home ? home : ".");
	/* mkdir -p for the two levels we may need; errors show up when saving */
	char parent[700];
	snprintf(parent, sizeof parent, "%s", dir);
	char *slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		mkdir(parent, 0700);
	}
	mkdir(dir, 0700);
	snprintf(dst, cap, "%s/history-%s", dir, *a->prof.name ? a->prof.name : "default");
}

static void fill_ui_config(struct app *a, struct ui_config *uc, struct ui_keybind *keys)
{
	for (size_t i = 0; i < a->cfg.nkeys; i++)
		keys[i] = (struct ui_keybind){ a->cfg.keys[i].request, a->cfg.keys[i].keys,
					       a->cfg.keys[i].line };
	static char hostport[APP_MAX_PROFILES][300];
	for (size_t i = 0; i < a->cfg.nprofiles; i++) {
		const struct app_profile *p = &a->cfg.profiles[i];
		snprintf(hostport[i], sizeof hostport[i], "%s:%u", p->host,
			 p->port_num ? p->port_num : (p->tls_on ? 5039u : 5038u));
		C.items[i] =
		    (struct ui_profile_item){ p->name,	   p->label,  p->color,	      hostport[i],
					      p->username, p->tls_on, p->read_only_on };
	}
	const char *nc = getenv("NO_COLOR");
	history_path(a, C.history, sizeof C.history);
	*uc = (struct ui_config){
		.theme = *a->opts.theme ? a->opts.theme : a->cfg.theme,
		.theme_dirs = AMITUI_THEME_DIRS,
		.ascii = a->opts.ascii || a->cfg.ascii_on,
		.mouse = a->opts.mouse || a->cfg.mouse_on,
		.no_color = nc && *nc,
		.keys = keys,
		.nkeys = a->cfg.nkeys,
		.keys_file = *a->cfg.path ? a->cfg.path : "amitui.conf",
		.profile_label = a->prof.label,
		.profile_color = a->prof.color,
		.read_only = a->prof.read_only_on,
		.history_file = C.history,
		.history_size = a->cfg.history_lines,
		.profiles = C.items,
		.nprofiles = a->cfg.nprofiles,
		.start_in_picker = !*a->prof.username && !a->replaying,
		.replay = a->replaying,
	};
}

int app_console_run(struct app *a)
{
	memset(&C, 0, sizeof C);
	struct model_limits lim = { .scrollback = (size_t)a->cfg.scrollback_mib << 20 };
	if (model_init(&C.model, &lim, a->prof.username) != AMI_OK) {
		fprintf(stderr, "amitui: out of memory\n");
		return APP_EXIT_FAILURE;
	}
	C.model_ok = true;
	struct ui_config uc;
	struct ui_keybind keys[APP_MAX_KEYS];
	fill_ui_config(a, &uc, keys);
	char err[512];
	C.ui = ui_new(&uc, &host, a, err, sizeof err);
	if (!C.ui) {
		fprintf(stderr, "amitui: %s\n", err);
		return APP_EXIT_CONFIG;
	}
	ui_set_model(C.ui, &C.model);
	a->ops = &console_ops;
	a->reconnect = true;
	if (*a->prof.username && !a->replaying) {
		/* the secret may need the terminal's prompt: before curses takes it */
		int rc = app_connect(a);
		if (rc != APP_EXIT_OK)
			return rc;
		C.connecting = true;
	}
	if (ui_start(C.ui, NULL, NULL, NULL, err, sizeof err) != AMI_OK) {
		fprintf(stderr, "amitui: %s\n", err);
		return APP_EXIT_FAILURE;
	}
	C.started = true;
	if (C.connecting || a->replaying)
		ui_show_main(C.ui);
	else
		ui_show_picker(C.ui);
	update_status(a);
	return app_loop(a);
}

void app_console_stop(void)
{
	if (C.ui && C.started)
		ui_stop(C.ui);
	C.started = false;
}

bool app_console_active(void)
{
	return C.started;
}

void app_console_note(const char *text)
{
	if (C.ui)
		ui_message(C.ui, UI_MSG_WARN, "%s", text);
}

void app_console_free(void)
{
	app_console_stop();
	if (C.ui)
		ui_free(C.ui);
	C.ui = NULL;
	if (C.model_ok)
		model_free(&C.model);
	C.model_ok = false;
	app_facts_free(&C.facts);
}
