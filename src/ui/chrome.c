/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows every screen shares: title bar, view tabs, class bar and the message line. */
#include <stdio.h>
#include <string.h>

#include "core/perms.h"
#include "model/evstore.h"
#include "ui/text.h"
#include "ui_int.h"

/* Short class names for narrow columns and class bars, indexed by enum ami_perm_class. */
static const char *const class_abbrev[AMI_CLASS_COUNT] = {
	[AMI_CLASS_SYSTEM] = "sys",	[AMI_CLASS_CALL] = "call",   [AMI_CLASS_LOG] = "log",
	[AMI_CLASS_VERBOSE] = "verb",	[AMI_CLASS_COMMAND] = "cmd", [AMI_CLASS_AGENT] = "agt",
	[AMI_CLASS_USER] = "user",	[AMI_CLASS_CONFIG] = "cfg",  [AMI_CLASS_DTMF] = "dtmf",
	[AMI_CLASS_REPORTING] = "rep",	[AMI_CLASS_CDR] = "cdr",     [AMI_CLASS_DIALPLAN] = "dial",
	[AMI_CLASS_ORIGINATE] = "orig", [AMI_CLASS_AGI] = "agi",     [AMI_CLASS_CC] = "cc",
	[AMI_CLASS_AOC] = "aoc",	[AMI_CLASS_TEST] = "test",   [AMI_CLASS_SECURITY] = "sec",
	[AMI_CLASS_MESSAGE] = "msg",
};

/* Three letters, for an 80-column class bar where a count needs three columns too. */
static const char *const class_tiny[AMI_CLASS_COUNT] = {
	[AMI_CLASS_SYSTEM] = "sys",    [AMI_CLASS_CALL] = "cal",    [AMI_CLASS_LOG] = "log",
	[AMI_CLASS_VERBOSE] = "vrb",   [AMI_CLASS_COMMAND] = "cmd", [AMI_CLASS_AGENT] = "agt",
	[AMI_CLASS_USER] = "usr",      [AMI_CLASS_CONFIG] = "cfg",  [AMI_CLASS_DTMF] = "dtm",
	[AMI_CLASS_REPORTING] = "rep", [AMI_CLASS_CDR] = "cdr",	    [AMI_CLASS_DIALPLAN] = "dlp",
	[AMI_CLASS_ORIGINATE] = "org", [AMI_CLASS_AGI] = "agi",	    [AMI_CLASS_CC] = "cc",
	[AMI_CLASS_AOC] = "aoc",       [AMI_CLASS_TEST] = "tst",    [AMI_CLASS_SECURITY] = "sec",
	[AMI_CLASS_MESSAGE] = "msg",
};

const char *ui_class_short(enum ami_perm_class c)
{
	return (unsigned)c < AMI_CLASS_COUNT ? class_abbrev[c] : "?";
}

static const char *const screen_titles[UI_SCR_COUNT] = {
#define UI_SCR_TITLE(id, title, req) [UI_SCR_##id] = title,
	UI_SCREEN_INFO(UI_SCR_TITLE)
#undef UI_SCR_TITLE
};

static const enum ui_request screen_reqs[UI_SCR_COUNT] = {
#define UI_SCR_REQ(id, title, req) [UI_SCR_##id] = UI_REQ_##req,
	UI_SCREEN_INFO(UI_SCR_REQ)
#undef UI_SCR_REQ
};

void ui_put_tail(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el)
{
	size_t n = strlen(s);
	if (ui_text_width(s, n) <= w) {
		ui_grid_put(g, y, x, w, s, n, el);
		return;
	}
	int used = ui_grid_puts(g, y, x, 1, g->ascii ? "<" : "…", el);
	size_t i = 0;
	struct ui_glyph gl;
	while (i < n && ui_text_width(s + i, n - i) > w - used) {
		ui_text_next(s + i, n - i, &gl);
		i += gl.len;
	}
	ui_grid_put(g, y, x + used, w - used, s + i, n - i, el);
}

void ui_draw_box(struct ui_grid *g, int y, int x, int h, int w, enum ui_element el)
{
	if (h < 2 || w < 2)
		return;
	for (int i = y; i < y + h; i++)
		ui_grid_fill(g, i, x, w, UI_EL_DIALOG);
	ui_grid_hline(g, y, x + 1, w - 2, el);
	ui_grid_hline(g, y + h - 1, x + 1, w - 2, el);
	ui_grid_vline(g, y + 1, x, h - 2, el);
	ui_grid_vline(g, y + 1, x + w - 1, h - 2, el);
	const char *c = g->ascii ? "++++" : NULL;
	ui_grid_puts(g, y, x, 1, c ? "+" : "┌", el);
	ui_grid_puts(g, y, x + w - 1, 1, c ? "+" : "┐", el);
	ui_grid_puts(g, y + h - 1, x, 1, c ? "+" : "└", el);
	ui_grid_puts(g, y + h - 1, x + w - 1, 1, c ? "+" : "┘", el);
}

/* --- title bar ----------------------------------------------------------------------- */

static enum ui_element state_el(const struct ui *ui)
{
	switch (ui->conn) {
	case UI_CONN_UP:
		return UI_EL_TITLE_OK;
	case UI_CONN_ERROR:
		return UI_EL_TITLE_ERROR;
	case UI_CONN_DOWN:
	case UI_CONN_CONNECTING:
		break;
	}
	return UI_EL_TITLE_WARN;
}

static const char *ast_version(const struct ui *ui)
{
	if (ui->ast_ver[0] || !ui->m || !ui->m->rights)
		return ui->ast_ver;
	return rights_asterisk_version(ui->m->rights);
}

static const char *ami_version(const struct ui *ui)
{
	if (ui->ami_ver[0] || !ui->m || !ui->m->rights)
		return ui->ami_ver;
	return rights_ami_version(ui->m->rights);
}

/* The right-hand part, dropping the least useful items until it fits in room. */
static void title_right(struct ui *ui, char *out, size_t cap, int room)
{
	char ast[48] = "", ami[48] = "", ping[24] = "", rate[32] = "";
	const char *av = ast_version(ui), *mv = ami_version(ui);
	if (av && *av)
		snprintf(ast, sizeof ast, "Asterisk %s ", av);
	if (mv && *mv)
		snprintf(ami, sizeof ami, "AMI %s ", mv);
	if (ui->ping_ms >= 0)
		snprintf(ping, sizeof ping, "ping %d ms ", ui->ping_ms);
	double evps = ui->evps;
	if (evps < 0 && ui->m)
		evps = evcount_rate(&ui->m->counts, ui_now_us(ui));
	if (evps >= 0)
		snprintf(rate, sizeof rate, "%.1f ev/s ", evps);
	char *parts[] = { ami, ast, ping, rate }; /* dropped in this order */
	for (size_t drop = 0; drop <= 4; drop++) {
		snprintf(out, cap, "%s%s%s%s", parts[1], parts[0], parts[2], parts[3]);
		if ((int)strlen(out) <= room || drop == 4)
			return;
		parts[drop][0] = '\0';
	}
}

void ui_draw_title(struct ui *ui, struct ui_grid *g, int y)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_TITLE);
	int x = 0;
	if (ui->label[0])
		x += ui_grid_printf(g, y, x, g->w, UI_EL_TITLE_LABEL, " %s ", ui->label);
	char who[256];
	if (ui->user[0])
		snprintf(who, sizeof who, " %s@%s", ui->user, ui->server[0] ? ui->server : "?");
	else
		snprintf(who, sizeof who, " %s", ui->server[0] ? ui->server : "amitui");
	x += ui_grid_puts(g, y, x, g->w - x, who, UI_EL_TITLE);
	if (ui->tls)
		x += ui_grid_puts(g, y, x + 1, g->w - x - 1, "TLS", UI_EL_TITLE_OK) + 1;
	x += ui_grid_printf(g, y, x + 1, g->w - x - 1, state_el(ui), " %s ", ui->state) + 1;
	if (ui->read_only)
		x += ui_grid_puts(g, y, x + 1, g->w - x - 1, " read-only ", UI_EL_TITLE_WARN) + 1;
	if (ui->replay)
		x += ui_grid_puts(g, y, x + 1, g->w - x - 1, " replay ", UI_EL_TITLE_WARN) + 1;
	if (ui->recording)
		x += ui_grid_puts(g, y, x + 1, g->w - x - 1, " REC ", UI_EL_TITLE_ERROR) + 1;
	char right[160];
	title_right(ui, right, sizeof right, g->w - x - 1);
	if ((int)strlen(right) <= g->w - x - 1)
		ui_grid_put_right(g, y, g->w, right, UI_EL_TITLE);
}

/* --- tabs ---------------------------------------------------------------------------- */

static void events_info(struct ui *ui, char *buf, size_t cap)
{
	if (!ui->view) {
		snprintf(buf, cap, "no data ");
		return;
	}
	size_t n = evview_count(ui->view);
	uint64_t sel = evview_selected(ui->view);
	size_t pos = sel ? evview_lower_bound(ui->view, sel) + 1 : 0;
	struct evview_progress pr;
	evview_progress(ui->view, &pr);
	char prog[32] = "";
	if (!pr.complete && pr.total)
		snprintf(prog, sizeof prog, " filtering %u%%",
			 (unsigned)(pr.done * 100 / (pr.total ? pr.total : 1)));
	size_t marked = ui_marks_count(ui);
	char mk[32] = "";
	if (marked)
		snprintf(mk, sizeof mk, " %zu marked", marked);
	snprintf(buf, cap, "%s %zu/%zu%s%s ", evview_following(ui->view) ? "FOLLOW" : "PAUSED", pos,
		 n, mk, prog);
}

void ui_draw_tabs(struct ui *ui, struct ui_grid *g, int y)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_TABS);
	int x = 0;
	char key[32];
	if (ui->screen == UI_SCR_PICKER) {
		ui_grid_puts(g, y, 1, g->w - 1, "Choose a profile", UI_EL_TAB_ACTIVE);
		return;
	}
	for (int s = 0; s <= UI_SCR_HELP; s++) {
		ui_keys_of(ui, screen_reqs[s], key, sizeof key);
		bool active = (int)ui->screen == s;
		enum ui_element el = active ? UI_EL_TAB_ACTIVE : UI_EL_TABS;
		x += ui_grid_printf(g, y, x, g->w - x, el, " %s %s ", key, screen_titles[s]);
	}
	char info[96] = "";
	if (ui->screen == UI_SCR_EVENTS)
		events_info(ui, info, sizeof info);
	if (*info && x + (int)strlen(info) < g->w)
		ui_grid_put_right(g, y, g->w, info, UI_EL_TABS);
}

/* --- class bar ----------------------------------------------------------------------- */

bool ui_class_readable(const struct ui *ui, enum ami_perm_class c)
{
	if (!ui->m || !ui->m->rights)
		return true;
	return rights_read(ui->m->rights, c).state != RIGHTS_DENIED;
}

static bool class_known(const struct ui *ui, enum ami_perm_class c)
{
	if (!ui->m || !ui->m->rights)
		return false;
	enum rights_state st = rights_read(ui->m->rights, c).state;
	return st == RIGHTS_GRANTED || st == RIGHTS_CONFLICT;
}

int ui_classbar_rows(const struct ui *ui)
{
	return ui->cols >= AMI_CLASS_COUNT * 8 ? 1 : 2;
}

/* Cells narrower than 8 columns (under 80 columns) show a mark instead of a count. */

/* n in at most room columns: 999, 12k, 3M (rounded up when a unit is too fine to fit). */
static void format_count(uint64_t n, char *buf, size_t cap, size_t room)
{
	static const char units[] = "kMG";
	snprintf(buf, cap, "%llu", (unsigned long long)n);
	uint64_t div = 1;
	for (int u = 0; strlen(buf) > room && u < 3; u++) {
		div *= 1000;
		snprintf(buf, cap, "%llu%c", (unsigned long long)((n + div - 1) / div), units[u]);
	}
}

/* Narrow bars have no room for counts: one mark says what the count would. */
static const char *state_mark(bool readable, bool on, uint64_t count, bool known)
{
	if (!readable)
		return "-";
	if (!on)
		return "x";
	if (count == 0)
		return known ? " " : "?";
	return "*";
}

/* The longest of the class's names that leaves a blank and three columns for its count. */
static const char *cell_label(int c, int room)
{
	const char *full = ami_perm_class_label((enum ami_perm_class)c);
	if ((int)strlen(full) + 4 <= room)
		return full;
	if ((int)strlen(class_abbrev[c]) + 4 <= room)
		return class_abbrev[c];
	return class_tiny[c];
}

static void class_cell(struct ui *ui, struct ui_grid *g, int y, int x, int w, int c)
{
	enum ami_perm_class cls = (enum ami_perm_class)c;
	bool readable = ui_class_readable(ui, cls);
	bool on = (ui->classes_on & ami_perm_class_bit(cls)) != 0;
	uint64_t count = ui->m ? evcount_class_total(&ui->m->counts, cls) : 0;
	char num[32];
	int room = w - 1;
	const char *label = cell_label(c, room);
	enum ui_element el = UI_EL_CLASS(c);
	if (room < 7) {
		snprintf(num, sizeof num, "%s",
			 state_mark(readable, on, count, class_known(ui, cls)));
		el = !readable ? UI_EL_CLASS_DENIED : !on ? UI_EL_CLASS_OFF : el;
	} else if (!readable) {
		snprintf(num, sizeof num, "--");
		el = UI_EL_CLASS_DENIED;
	} else if (!on) {
		snprintf(num, sizeof num, "off");
		el = UI_EL_CLASS_OFF;
	} else if (count == 0 && !class_known(ui, cls)) {
		snprintf(num, sizeof num, "?");
	} else {
		format_count(count, num, sizeof num, (size_t)(room - (int)strlen(label) - 1));
	}
	if (ui->mode == UI_MODE_CLASSBAR && ui->class_cursor == c)
		el = UI_EL_CLASS_FOCUS;
	ui_grid_fill(g, y, x, room, el);
	ui_grid_puts(g, y, x, room, label, el);
	ui_grid_put_right(g, y, x + room, num, el);
}

void ui_draw_classbar(struct ui *ui, struct ui_grid *g, int y)
{
	int rows = ui_classbar_rows(ui);
	int per_row = (AMI_CLASS_COUNT + rows - 1) / rows;
	int w = g->w / per_row;
	ui_grid_fill(g, y, 0, g->w, UI_EL_CLASS_BAR);
	if (rows > 1)
		ui_grid_fill(g, y + 1, 0, g->w, UI_EL_CLASS_BAR);
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		class_cell(ui, g, y + c / per_row, (c % per_row) * w, w, c);
}

static void class_toggle(struct ui *ui, int c)
{
	enum ami_perm_class cls = (enum ami_perm_class)c;
	if (!ui_class_readable(ui, cls)) {
		ui_msg(ui, UI_MSG_WARN, "this account cannot read '%s' events",
		       ami_perm_class_label(cls));
		return;
	}
	ui->classes_on ^= ami_perm_class_bit(cls);
	ui_events_apply_classes(ui);
}

static void class_only(struct ui *ui, int c)
{
	enum ami_perm_class cls = (enum ami_perm_class)c;
	if (!ui_class_readable(ui, cls)) {
		ui_msg(ui, UI_MSG_WARN, "this account cannot read '%s' events",
		       ami_perm_class_label(cls));
		return;
	}
	ui->classes_on = ami_perm_class_bit(cls);
	ui_events_apply_classes(ui);
}

static void class_server(struct ui *ui)
{
	uint32_t mask = ui->classes_on & ami_perm_known_mask();
	if (!ui->host.set_event_mask) {
		ui_msg(ui, UI_MSG_WARN, "changing the server's event mask is not available");
		return;
	}
	const char *why = ui->replay ? "replaying a recording" : NULL;
	if (why) {
		ui_msg(ui, UI_MSG_WARN, "%s", why);
		return;
	}
	char list[256];
	ami_perm_format_list(mask, list, sizeof list);
	enum ami_status st = ui->host.set_event_mask(ui->hctx, mask);
	if (st == AMI_OK)
		ui_msg(ui, UI_MSG_INFO, "asked the server for events: %s", *list ? list : "off");
	else
		ui_msg(ui, UI_MSG_ERROR, "Events action refused: %s", ami_status_str(st));
}

bool ui_classbar_request(struct ui *ui, enum ui_request r)
{
	switch (r) {
	case UI_REQ_CLASS_LEFT:
		ui->class_cursor = (ui->class_cursor + AMI_CLASS_COUNT - 1) % AMI_CLASS_COUNT;
		return true;
	case UI_REQ_CLASS_RIGHT:
		ui->class_cursor = (ui->class_cursor + 1) % AMI_CLASS_COUNT;
		return true;
	case UI_REQ_CLASS_TOGGLE:
		class_toggle(ui, ui->class_cursor);
		return true;
	case UI_REQ_CLASS_ONLY:
		class_only(ui, ui->class_cursor);
		return true;
	case UI_REQ_CLASS_ALL:
		ui->classes_on = ami_perm_known_mask() | EVSTORE_CLS_OTHER;
		ui_events_apply_classes(ui);
		return true;
	case UI_REQ_CLASS_SERVER:
		class_server(ui);
		return true;
	case UI_REQ_BACK:
		ui->mode = UI_MODE_NONE;
		return true;
	default:
		return false;
	}
}

/* --- message line -------------------------------------------------------------------- */

struct hint {
	enum ui_request r;
	const char *what;
};

static const struct hint hints_events[] = {
	{ UI_REQ_OPEN, "detail" },  { UI_REQ_FILTER, "filter" },     { UI_REQ_SEARCH, "search" },
	{ UI_REQ_FOLLOW, "pause" }, { UI_REQ_CLASS_BAR, "classes" }, { UI_REQ_PIN, "pin" },
	{ UI_REQ_COPY, "copy" },    { UI_REQ_HELP, "help" },	     { UI_REQ_QUIT, "quit" },
	{ UI_REQ_NONE, NULL }
};
static const struct hint hints_detail[] = {
	{ UI_REQ_BACK, "back" },	  { UI_REQ_MOVE_DOWN, "scroll" },  { UI_REQ_PIN, "pin" },
	{ UI_REQ_COPY, "copy (OSC 52)" }, { UI_REQ_SAVE, "save to file" }, { UI_REQ_NONE, NULL }
};
static const struct hint hints_classbar[] = { { UI_REQ_CLASS_RIGHT, "next" },
					      { UI_REQ_CLASS_TOGGLE, "show/hide" },
					      { UI_REQ_CLASS_ONLY, "only" },
					      { UI_REQ_CLASS_ALL, "all" },
					      { UI_REQ_CLASS_SERVER, "server mask" },
					      { UI_REQ_BACK, "done" },
					      { UI_REQ_NONE, NULL } };
static const struct hint hints_calls[] = {
	{ UI_REQ_OPEN, "events" },   { UI_REQ_HANGUP, "hangup" }, { UI_REQ_REDIRECT, "redirect" },
	{ UI_REQ_FILTER, "filter" }, { UI_REQ_HELP, "help" },	  { UI_REQ_QUIT, "quit" },
	{ UI_REQ_NONE, NULL }
};
static const struct hint hints_actions[] = {
	{ UI_REQ_OPEN, "form" }, { UI_REQ_FILTER, "filter" }, { UI_REQ_REPLY_LOG, "replies" },
	{ UI_REQ_HELP, "help" }, { UI_REQ_QUIT, "quit" },     { UI_REQ_NONE, NULL }
};
static const struct hint hints_replies[] = { { UI_REQ_REPLY_LOG, "actions" },
					     { UI_REQ_EXPORT, "export" },
					     { UI_REQ_BACK, "back" },
					     { UI_REQ_NONE, NULL } };
static const struct hint hints_form[] = { { UI_REQ_FIELD_NEXT, "next" },
					  { UI_REQ_COMPLETE, "complete" },
					  { UI_REQ_SEND, "send" },
					  { UI_REQ_BACK, "cancel" },
					  { UI_REQ_NONE, NULL } };
static const struct hint hints_confirm[] = { { UI_REQ_CONFIRM_YES, "send" },
					     { UI_REQ_CONFIRM_NO, "cancel" },
					     { UI_REQ_NONE, NULL } };
static const struct hint hints_command[] = { { UI_REQ_BACK, "leave" },
					     { UI_REQ_PAGE_UP, "scroll" },
					     { UI_REQ_HELP, "help" },
					     { UI_REQ_NONE, NULL } };
static const struct hint hints_rights[] = { { UI_REQ_EXPORT, "export" },
					    { UI_REQ_MOVE_DOWN, "scroll" },
					    { UI_REQ_HELP, "help" },
					    { UI_REQ_QUIT, "quit" },
					    { UI_REQ_NONE, NULL } };
static const struct hint hints_help[] = { { UI_REQ_BACK, "back" },
					  { UI_REQ_MOVE_DOWN, "scroll" },
					  { UI_REQ_NONE, NULL } };
static const struct hint hints_picker[] = { { UI_REQ_OPEN, "connect" },
					    { UI_REQ_LOGIN_FORM, "other server" },
					    { UI_REQ_QUIT, "quit" },
					    { UI_REQ_NONE, NULL } };

static const struct hint *hints_for(enum ui_context c)
{
	static const struct hint *const table[UI_CTX_COUNT] = {
		[UI_CTX_EVENTS] = hints_events,	    [UI_CTX_DETAIL] = hints_detail,
		[UI_CTX_CLASSBAR] = hints_classbar, [UI_CTX_CALLS] = hints_calls,
		[UI_CTX_ACTIONS] = hints_actions,   [UI_CTX_REPLIES] = hints_replies,
		[UI_CTX_FORM] = hints_form,	    [UI_CTX_CONFIRM] = hints_confirm,
		[UI_CTX_COMMAND] = hints_command,   [UI_CTX_RIGHTS] = hints_rights,
		[UI_CTX_HELP] = hints_help,	    [UI_CTX_PROMPT] = NULL,
		[UI_CTX_PICKER] = hints_picker,	    [UI_CTX_LOGIN] = hints_form,
	};
	return table[c];
}

static void draw_hints(struct ui *ui, struct ui_grid *g, int y)
{
	const struct hint *h = hints_for(ui_context_now(ui));
	int x = 0;
	char key[32];
	for (; h && h->what; h++) {
		ui_keys_of(ui, h->r, key, sizeof key);
		if (!*key)
			continue;
		int need = ui_text_width(key, strlen(key)) + (int)strlen(h->what) + 3;
		if (x + need > g->w)
			break;
		x += ui_grid_printf(g, y, x, g->w - x, UI_EL_HELP_KEY, " %s", key);
		x += ui_grid_printf(g, y, x, g->w - x, UI_EL_HINT, " %s ", h->what);
	}
}

void ui_draw_msgline(struct ui *ui, struct ui_grid *g, int y)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_STATUS);
	if (ui->mode == UI_MODE_PROMPT) {
		ui_draw_prompt(ui, g, y - 1);
		return;
	}
	if (!ui->msg[0]) {
		draw_hints(ui, g, y);
		return;
	}
	static const enum ui_element els[] = { UI_EL_STATUS_INFO, UI_EL_STATUS_WARN,
					       UI_EL_STATUS_ERROR };
	enum ui_element el = els[ui->msg_level];
	ui_grid_fill(g, y, 0, g->w, el);
	ui_grid_puts(g, y, 1, g->w - 1, ui->msg, el);
}
