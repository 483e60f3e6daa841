/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The UI object: configuration, key dispatch, pending actions and the frame schedule. */
#include "ui/ui.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/catalog.h"
#include "ui/text.h"
#include "ui_int.h"

#define FRAME_MS 33
#define TICK_MS 1000

static const char *const export_labels[] = {
#define UI_EXPORT_ROW(name, label) label,
	UI_EXPORT_INFO(UI_EXPORT_ROW)
#undef UI_EXPORT_ROW
};

const char *ui_export_label(enum ui_export e)
{
	return (unsigned)e < sizeof export_labels / sizeof export_labels[0] ? export_labels[e]
									    : "?";
}

static const char *const format_labels[] = {
#define UI_EXPORT_FORMAT_ROW(name, label, help) label,
	UI_EXPORT_FORMAT_INFO(UI_EXPORT_FORMAT_ROW)
#undef UI_EXPORT_FORMAT_ROW
};

const char *ui_export_format_label(enum ui_export_format f)
{
	return (unsigned)f < UI_EXPORT_FMT_COUNT ? format_labels[f] : "?";
}

int64_t ui_now_us(struct ui *ui)
{
	if (ui->host.now_us)
		return ui->host.now_us(ui->hctx);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void vmsg(struct ui *ui, enum ui_msg_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void vmsg(struct ui *ui, enum ui_msg_level level, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	ui->msg_level = level;
	ui->dirty = true;
}

void ui_msg(struct ui *ui, enum ui_msg_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(ui, level, fmt, ap);
	va_end(ap);
}

/* The public name: the app's way to the message line (nothing goes to stdout). */
void ui_message(struct ui *ui, enum ui_msg_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(ui, level, fmt, ap);
	va_end(ap);
}

const char *ui_keys_of(struct ui *ui, enum ui_request r, char *buf, size_t cap)
{
	ui_keymap_keys(&ui->km, r, buf, cap);
	/* Hints show the first key only. */
	char *comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	return buf;
}

const char *ui_refusal(const struct ui *ui, const char *action, const char *command)
{
	if (ui->replay)
		return "replaying a recording: nothing can be sent";
	if (ui->read_only && !ami_catalog_read_only_ok(ami_str_c(action),
						       command ? ami_str_c(command) : AMI_STR_NULL))
		return "read-only profile";
	return NULL;
}

/* --- configuration ------------------------------------------------------------------- */

static bool load_keys(struct ui *ui, const struct ui_config *cfg, char *err, size_t cap)
{
	char msg[200];
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const struct ui_keybind *k = &cfg->keys[i];
		if (ui_keymap_bind(&ui->km, k->request, k->keys, msg, sizeof msg) != AMI_OK) {
			snprintf(err, cap, "%s:%d: %s", cfg->keys_file ? cfg->keys_file : "[keys]",
				 k->line, msg);
			return false;
		}
	}
	return true;
}

static bool load_theme(struct ui *ui, const struct ui_config *cfg, char *err, size_t cap)
{
	const char *dirs = cfg->theme_dirs;
#ifdef AMITUI_THEME_DIR
	if (!dirs)
		dirs = AMITUI_THEME_DIR;
#endif
	if (ui_theme_load(&ui->theme, cfg->theme, dirs, err, cap) != AMI_OK)
		return false;
	if (cfg->no_color)
		ui_theme_mono(&ui->theme);
	ui->label_color = -2;
	if (cfg->profile_color && *cfg->profile_color) {
		int c;
		if (!ui_color_parse(cfg->profile_color, &c)) {
			snprintf(err, cap, "profile color '%s' is not a colour name",
				 cfg->profile_color);
			return false;
		}
		ui->label_color = c;
	}
	return true;
}

static char *dupstr(const char *s)
{
	return strdup(s ? s : "");
}

static bool copy_profiles(struct ui *ui, const struct ui_config *cfg)
{
	if (cfg->nprofiles == 0)
		return true;
	ui->profiles = calloc(cfg->nprofiles, sizeof *ui->profiles);
	if (!ui->profiles)
		return false;
	ui->nprofiles = cfg->nprofiles;
	for (size_t i = 0; i < cfg->nprofiles; i++) {
		const struct ui_profile_item *p = &cfg->profiles[i];
		struct ui_profile_item *q = &ui->profiles[i];
		*q = *p;
		q->name = dupstr(p->name);
		q->label = dupstr(p->label);
		q->color = dupstr(p->color);
		q->host = dupstr(p->host);
		q->user = dupstr(p->user);
		if (!q->name || !q->label || !q->color || !q->host || !q->user)
			return false;
	}
	return true;
}

static void free_profiles(struct ui *ui)
{
	for (size_t i = 0; i < ui->nprofiles; i++) {
		struct ui_profile_item *q = &ui->profiles[i];
		free((char *)q->name);
		free((char *)q->label);
		free((char *)q->color);
		free((char *)q->host);
		free((char *)q->user);
	}
	free(ui->profiles);
	ui->profiles = NULL;
	ui->nprofiles = 0;
}

static void copy_config(struct ui *ui, const struct ui_config *cfg)
{
	ui->ascii = cfg->ascii;
	ui->mouse = cfg->mouse;
	ui->read_only = cfg->read_only;
	ui->replay = cfg->replay;
	snprintf(ui->label, sizeof ui->label, "%s", cfg->profile_label ? cfg->profile_label : "");
	ui->reply_log_max = cfg->reply_log ? cfg->reply_log : 200;
	snprintf(ui->cli.history_file, sizeof ui->cli.history_file, "%s",
		 cfg->history_file ? cfg->history_file : "");
	ui->cli.history_size = cfg->history_size ? cfg->history_size : 1000;
}

struct ui *ui_new(const struct ui_config *cfg, const struct ui_host *host, void *host_ctx,
		  char *err, size_t cap)
{
	struct ui *ui = calloc(1, sizeof *ui);
	if (!ui) {
		snprintf(err, cap, "out of memory");
		return NULL;
	}
	static const struct ui_config none;
	if (!cfg)
		cfg = &none;
	if (host)
		ui->host = *host;
	ui->hctx = host_ctx;
	ui->infd = -1;
	ui->cur_y = ui->cur_x = -1;
	ui->ping_ms = -1;
	ui->evps = -1;
	ui_keymap_default(&ui->km);
	copy_config(ui, cfg);
	ami_buf_init(&ui->help, 256 * 1024);
	ui->reps = calloc(ui->reply_log_max, sizeof *ui->reps);
	if (!ui->reps || !copy_profiles(ui, cfg) || !ui_grid_resize(&ui->grid, 80, 24)) {
		snprintf(err, cap, "out of memory");
		ui_free(ui);
		return NULL;
	}
	if (!load_keys(ui, cfg, err, cap) || !load_theme(ui, cfg, err, cap)) {
		ui_free(ui);
		return NULL;
	}
	ui->grid.ascii = ui->ascii;
	ui->rows = 24;
	ui->cols = 80;
	snprintf(ui->state, sizeof ui->state, "not connected");
	ui_events_init(ui);
	ui_cli_init(ui);
	ui_keymap_help(&ui->km, &ui->help);
	ui->screen = cfg->start_in_picker ? UI_SCR_PICKER : UI_SCR_EVENTS;
	ui->prev_screen = UI_SCR_EVENTS;
	ui->dirty = true;
	return ui;
}

void ui_free(struct ui *ui)
{
	if (!ui)
		return;
	ui_stop(ui);
	ui_cli_free(ui);
	ui_form_close(ui);
	ui_confirm_reset(ui);
	if (ui->view)
		evview_free(ui->view);
	ui_marks_free(ui);
	for (size_t i = 0; i < ui->reply_log_max && ui->reps; i++)
		ami_buf_free(&ui->reps[i].body);
	free(ui->reps);
	free_profiles(ui);
	ami_buf_free(&ui->help);
	ui_grid_free(&ui->grid);
	free(ui);
}

/* --- model and status ---------------------------------------------------------------- */

enum ami_status ui_set_model(struct ui *ui, struct model *m)
{
	if (ui->view) {
		evview_free(ui->view);
		ui->view = NULL;
	}
	ui->m = m;
	ui->marks.n = 0; /* seqs of another store */
	ui->marks.anchor = 0;
	if (m) {
		ui->view = evview_new(m->store);
		if (!ui->view)
			return AMI_E_NOMEM;
		ui_events_apply_classes(ui);
		if (ui->ev_filter[0])
			ui_events_set_filter(ui, ui->ev_filter);
		ui_rights_changed(ui);
	}
	ui->dirty = true;
	return AMI_OK;
}

void ui_rights_changed(struct ui *ui)
{
	if (ui->m && ui->m->actions && ui->m->rights)
		actcat_rebuild(ui->m->actions, ui->m->rights, ui->read_only, ui->replay);
	ui->dirty = true;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
	if (src)
		snprintf(dst, cap, "%s", src);
}

void ui_set_status(struct ui *ui, const struct ui_status *st)
{
	ui->conn = st->conn;
	copy_field(ui->state, sizeof ui->state, st->state);
	copy_field(ui->server, sizeof ui->server, st->server);
	copy_field(ui->user, sizeof ui->user, st->user);
	copy_field(ui->ast_ver, sizeof ui->ast_ver, st->asterisk_version);
	copy_field(ui->ami_ver, sizeof ui->ami_ver, st->ami_version);
	ui->tls = st->tls;
	ui->ping_ms = st->ping_ms;
	ui->evps = st->events_per_s;
	ui->recording = st->recording;
	ui->dirty = true;
}

void ui_mark_dirty(struct ui *ui)
{
	ui->dirty = true;
}

void ui_show_picker(struct ui *ui)
{
	ui_set_screen(ui, UI_SCR_PICKER);
}

void ui_show_main(struct ui *ui)
{
	if (ui->screen == UI_SCR_PICKER)
		ui_set_screen(ui, UI_SCR_EVENTS);
}

/* --- sending ------------------------------------------------------------------------- */

/*
 * The cookie handed to the host is the pending slot itself (it lives inside struct ui,
 * so nothing is allocated per action and nothing leaks when a reply never comes). The
 * host calls back until the final reply and never after ui_free(), so a slot is only
 * reused once its action is over.
 */
static void reply_cb(void *cookie, const struct ui_reply *r)
{
	struct ui_pending *p = cookie;
	struct ui *ui = p->ui;
	if (p->id == 0)
		return;
	switch (p->kind) {
	case UI_PEND_ACTION:
	case UI_PEND_EVENTS: {
		struct ui_reply_rec *rec = ui_reply_find(ui, p->reply_no);
		if (rec)
			ui_reply_record(ui, rec, r);
		break;
	}
	case UI_PEND_COMMAND:
		ui_cli_reply(ui, r, false, 0);
		break;
	case UI_PEND_COMPLETE:
		ui_cli_reply(ui, r, true, p->comp_gen);
		break;
	}
	if (r->final)
		p->id = 0;
	ui->dirty = true;
}

enum ami_status ui_send(struct ui *ui, struct ami_action *a, enum ui_pending_kind kind,
			uint64_t extra)
{
	if (!ui->host.send) {
		ui_msg(ui, UI_MSG_ERROR, "sending is not available");
		return AMI_E_NOT_CONNECTED;
	}
	struct ui_pending *slot = NULL;
	for (int i = 0; i < UI_MAX_PENDING && !slot; i++)
		if (ui->pend[i].id == 0)
			slot = &ui->pend[i];
	if (!slot) {
		ui_msg(ui, UI_MSG_ERROR, "too many actions in flight");
		return AMI_E_BUSY;
	}
	if (++ui->next_pend == 0)
		ui->next_pend = 1;
	*slot = (struct ui_pending){ ui, ui->next_pend, kind, 0, 0 };
	if (kind == UI_PEND_ACTION || kind == UI_PEND_EVENTS)
		slot->reply_no = extra;
	else
		slot->comp_gen = extra;
	enum ami_status st = ui->host.send(ui->hctx, a, reply_cb, slot);
	if (st != AMI_OK)
		slot->id = 0;
	return st;
}

/* --- frames -------------------------------------------------------------------------- */

void ui_scroll_clamp(int *sel, int *top, int n, int h)
{
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (h < 1)
		h = 1;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + h)
		*top = *sel - h + 1;
	if (*top > n - h)
		*top = n - h;
	if (*top < 0)
		*top = 0;
}

static void draw_too_small(struct ui *ui, struct ui_grid *g)
{
	ui_grid_printf(g, 0, 0, g->w, UI_EL_STATUS_ERROR, "too small: %dx%d (need 40x10)", ui->cols,
		       ui->rows);
}

static void draw_body(struct ui *ui, struct ui_grid *g, int y, int h)
{
	if (ui->mode == UI_MODE_FORM || (ui->mode == UI_MODE_CONFIRM && ui->form)) {
		ui_draw_form(ui, g, y, h);
	} else {
		switch (ui->screen) {
		case UI_SCR_EVENTS:
			ui_draw_events(ui, g, y, h);
			break;
		case UI_SCR_CALLS:
			ui_draw_calls(ui, g, y, h);
			break;
		case UI_SCR_ACTIONS:
			ui_draw_actions(ui, g, y, h);
			break;
		case UI_SCR_COMMAND:
			ui_draw_command(ui, g, y, h);
			break;
		case UI_SCR_RIGHTS:
			ui_draw_rights(ui, g, y, h);
			break;
		case UI_SCR_HELP:
			ui_draw_help(ui, g, y, h);
			break;
		case UI_SCR_PICKER:
		case UI_SCR_COUNT:
			ui_draw_picker(ui, g, y, h);
			break;
		}
	}
	if (ui->mode == UI_MODE_CONFIRM)
		ui_draw_confirm(ui, g, y, h);
	if (ui->mode == UI_MODE_EXPORT)
		ui_draw_export(ui, g, y, h);
}

const struct ui_grid *ui_frame(struct ui *ui)
{
	struct ui_grid *g = &ui->grid;
	if (g->w != ui->cols || g->h != ui->rows)
		ui_grid_resize(g, ui->cols, ui->rows);
	g->ascii = ui->ascii;
	ui_grid_clear(g, UI_EL_DEFAULT);
	ui->cur_y = ui->cur_x = -1;
	if (ui->cols < 40 || ui->rows < 10) {
		draw_too_small(ui, g);
		return g;
	}
	ui_draw_title(ui, g, 0);
	ui_draw_tabs(ui, g, 1);
	draw_body(ui, g, 2, ui->rows - 3);
	ui_draw_msgline(ui, g, ui->rows - 1);
	return g;
}

void ui_resize_to(struct ui *ui, int rows, int cols)
{
	ui->rows = rows < 1 ? 1 : rows > UI_GRID_MAX_H ? UI_GRID_MAX_H : rows;
	ui->cols = cols < 1 ? 1 : cols > UI_GRID_MAX_W ? UI_GRID_MAX_W : cols;
	ui->dirty = true;
}

int ui_render_if_due(struct ui *ui, int64_t now_ms)
{
	int64_t since = now_ms - ui->last_frame_ms;
	/* Durations and rates move every second even when nothing else does. */
	if (!ui->dirty && since < TICK_MS)
		return (int)(TICK_MS - since);
	if (since < FRAME_MS)
		return (int)(FRAME_MS - since);
	ui->dirty = false;
	int more = ui_events_work(ui);
	ui_frame(ui);
	if (ui->started)
		ui_screen_blit(ui);
	ui->last_frame_ms = now_ms;
	if (more)
		ui->dirty = true;
	return ui->dirty ? FRAME_MS : TICK_MS;
}
