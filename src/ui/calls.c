/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Calls screen: channels grouped by Linkedid, durations, hangup and redirect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/text.h"
#include "ui_int.h"

#define MAX_CALL_ROWS 4096

struct call_row {
	const struct calltab_call *call;
	const struct calltab_chan *chan; /* NULL: the call's own row */
};

struct call_cols {
	int name, state, caller, conn, total, talk;
	bool peers;
};

static void columns(int w, struct call_cols *c)
{
	if (w >= 120)
		*c = (struct call_cols){ 32, 10, 24, 24, 8, 8, true };
	else
		*c = (struct call_cols){ 22, 8, 16, 14, 6, 6, false };
}

static bool chan_matches(const struct calltab_chan *ch, const char *f)
{
	const char *fields[] = { ch->name,	ch->cid_num,  ch->cid_name, ch->conn_num,
				 ch->conn_name, ch->linkedid, ch->exten };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (ui_text_icontains(fields[i], strlen(fields[i]), f))
			return true;
	return false;
}

/* The rows shown: each call, then its channels. Returns the count. */
static size_t build_rows(struct ui *ui, struct call_row *rows, size_t cap)
{
	if (!ui->m || !ui->m->calls)
		return 0;
	size_t ncalls = calltab_calls(ui->m->calls, NULL, 0);
	const struct calltab_call **calls = calloc(ncalls ? ncalls : 1, sizeof *calls);
	const struct calltab_chan *chans[64];
	size_t n = 0;
	if (!calls)
		return 0;
	ncalls = calltab_calls(ui->m->calls, calls, ncalls);
	for (size_t i = 0; i < ncalls && n < cap; i++) {
		size_t nc = calltab_call_chans(ui->m->calls, calls[i], chans, 64);
		if (nc > 64)
			nc = 64;
		bool any = !ui->call_filter[0];
		for (size_t k = 0; k < nc && !any; k++)
			any = chan_matches(chans[k], ui->call_filter);
		if (!any)
			continue;
		rows[n++] = (struct call_row){ calls[i], NULL };
		for (size_t k = 0; k < nc && n < cap; k++)
			rows[n++] = (struct call_row){ calls[i], chans[k] };
	}
	free(calls);
	return n;
}

static int find_sel(struct ui *ui, const struct call_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].call->linkedid, ui->call_sel_linked) != 0)
			continue;
		if (!ui->call_sel_uid[0] && !rows[i].chan)
			return (int)i;
		if (rows[i].chan && strcmp(rows[i].chan->uniqueid, ui->call_sel_uid) == 0)
			return (int)i;
	}
	/* The selected row went away: keep the position of its call if it is still there. */
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].call->linkedid, ui->call_sel_linked) == 0)
			return (int)i;
	return 0;
}

static void select_row(struct ui *ui, const struct call_row *r)
{
	snprintf(ui->call_sel_linked, sizeof ui->call_sel_linked, "%s", r->call->linkedid);
	snprintf(ui->call_sel_uid, sizeof ui->call_sel_uid, "%s", r->chan ? r->chan->uniqueid : "");
}

static enum ui_element chan_el(const struct calltab_chan *ch)
{
	if (ch->hungup)
		return UI_EL_CALL_DOWN;
	if (ch->state == 6)
		return UI_EL_CALL_UP;
	if (ch->state == 4 || ch->state == 5)
		return UI_EL_CALL_RINGING;
	return UI_EL_DEFAULT;
}

static void peers_text(struct ui *ui, const struct calltab_chan *ch, char *buf, size_t cap)
{
	const struct calltab_chan *peers[CALLTAB_MAX_PEERS];
	size_t n = calltab_peers(ui->m->calls, ch, peers, CALLTAB_MAX_PEERS);
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < CALLTAB_MAX_PEERS && len < cap; i++) {
		int w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", peers[i]->name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static int put_col(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el)
{
	ui_grid_puts(g, y, x, w, s, el);
	return x + w + 1;
}

static void draw_call_row(struct ui *ui, struct ui_grid *g, int y, const struct call_row *r,
			  const struct call_cols *c, int64_t now)
{
	char t1[32], t2[32], who[256], id[CALLTAB_ID + 8];
	const struct calltab_call *call = r->call;
	const struct calltab_chan *first[1];
	calltab_fmt_duration(calltab_call_total(call, now), t1, sizeof t1);
	calltab_fmt_duration(calltab_call_talk(call, now), t2, sizeof t2);
	ui_grid_fill(g, y, 0, g->w, UI_EL_CALL_GROUP);
	snprintf(id, sizeof id, "%s ", g->ascii ? ">" : "▸");
	int x = 1 + ui_grid_puts(g, y, 1, 2, id, UI_EL_CALL_GROUP);
	ui_put_tail(g, y, x, c->name - 2, call->linkedid, UI_EL_CALL_GROUP);
	x = 1 + c->name + 1;
	x = put_col(g, y, x, c->state, calltab_state_label(call->state), UI_EL_CALL_GROUP);
	/* Who calls whom: the first channel's caller and connected line. */
	if (calltab_call_chans(ui->m->calls, call, first, 1) > 0) {
		calltab_fmt_party(first[0]->cid_num, first[0]->cid_name, who, sizeof who);
		put_col(g, y, x, c->caller, who, UI_EL_CALL_GROUP);
		calltab_fmt_party(first[0]->conn_num, first[0]->conn_name, who, sizeof who);
		put_col(g, y, x + c->caller + 1, c->conn, who, UI_EL_CALL_GROUP);
	}
	x += c->caller + 1 + c->conn + 1;
	ui_grid_put_right(g, y, x + c->total, t1, UI_EL_CALL_GROUP);
	ui_grid_put_right(g, y, x + c->total + 1 + c->talk, t2, UI_EL_CALL_GROUP);
	if (c->peers)
		ui_grid_printf(g, y, x + c->total + c->talk + 2, g->w, UI_EL_CALL_GROUP,
			       "%zu channel%s, %zu alive", call->nchans,
			       call->nchans == 1 ? "" : "s", call->nalive);
}

static void draw_chan_row(struct ui *ui, struct ui_grid *g, int y, const struct call_row *r,
			  const struct call_cols *c, int64_t now)
{
	const struct calltab_chan *ch = r->chan;
	char buf[256], t1[32], t2[32];
	enum ui_element el = chan_el(ch);
	int x = 3;
	ui_put_tail(g, y, x, c->name - 2, ch->name, el);
	x += c->name - 2 + 1;
	x = put_col(g, y, x, c->state,
		    ch->hungup ? "hungup" : (ch->on_hold ? "hold" : ch->state_desc), el);
	calltab_fmt_party(ch->cid_num, ch->cid_name, buf, sizeof buf);
	x = put_col(g, y, x, c->caller, buf, UI_EL_DEFAULT);
	calltab_fmt_party(ch->conn_num, ch->conn_name, buf, sizeof buf);
	x = put_col(g, y, x, c->conn, buf, UI_EL_DEFAULT);
	calltab_fmt_duration(calltab_chan_total(ch, now), t1, sizeof t1);
	calltab_fmt_duration(calltab_chan_talk(ch, now), t2, sizeof t2);
	ui_grid_put_right(g, y, x + c->total, t1, UI_EL_DEFAULT);
	x += c->total + 1;
	ui_grid_put_right(g, y, x + c->talk, t2, UI_EL_DEFAULT);
	x += c->talk + 1;
	if (c->peers) {
		peers_text(ui, ch, buf, sizeof buf);
		ui_grid_puts(g, y, x, g->w - x, buf, UI_EL_DEFAULT);
	}
}

static void draw_header(struct ui_grid *g, int y, const struct call_cols *c)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	int x = 1;
	x = put_col(g, y, x, c->name, "Call / channel", UI_EL_LIST_HEADER);
	x = put_col(g, y, x, c->state, "State", UI_EL_LIST_HEADER);
	x = put_col(g, y, x, c->caller, "Caller", UI_EL_LIST_HEADER);
	x = put_col(g, y, x, c->conn, "Connected", UI_EL_LIST_HEADER);
	ui_grid_put_right(g, y, x + c->total, "Total", UI_EL_LIST_HEADER);
	x += c->total + 1;
	ui_grid_put_right(g, y, x + c->talk, "Talk", UI_EL_LIST_HEADER);
	x += c->talk + 1;
	if (c->peers)
		ui_grid_puts(g, y, x, g->w - x, "Bridged with", UI_EL_LIST_HEADER);
}

/* One line about the selected channel for narrow screens: bridge peers, app, dial, cause. */
static void draw_footer(struct ui *ui, struct ui_grid *g, int y, const struct call_row *r)
{
	char peers[200] = "", line[512];
	if (!r || !r->chan) {
		ui_grid_puts(g, y, 1, g->w - 1, r ? "Enter: this call's events" : "no calls",
			     UI_EL_HINT);
		return;
	}
	const struct calltab_chan *ch = r->chan;
	peers_text(ui, ch, peers, sizeof peers);
	snprintf(line, sizeof line, "%s%s%s%s%s%s%s%s%s", *peers ? "bridged with " : "", peers,
		 *peers ? "  " : "", *ch->app ? "app " : "", ch->app, *ch->app ? "  " : "",
		 *ch->dialstatus ? "dial " : "", ch->dialstatus, ch->hungup ? "  hung up" : "");
	if (ch->hungup && *ch->cause_txt)
		snprintf(line + strlen(line), sizeof line - strlen(line), ": %s", ch->cause_txt);
	ui_grid_puts(g, y, 1, g->w - 1, *line ? line : "Enter: this call's events", UI_EL_HINT);
}

void ui_draw_calls(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct call_cols c;
	columns(g->w, &c);
	if (ui->call_filter[0] && ui->mode != UI_MODE_PROMPT) {
		ui_grid_printf(g, y, 1, g->w - 1, UI_EL_FILTER, "filter: %s", ui->call_filter);
		y++;
		h--;
	}
	if (ui->mode == UI_MODE_PROMPT)
		h--;
	draw_header(g, y, &c);
	y++;
	h -= 3; /* the header above, a rule and the footer below */
	struct call_row *rows = calloc(MAX_CALL_ROWS, sizeof *rows);
	if (!rows || h <= 0) {
		free(rows);
		return;
	}
	size_t n = build_rows(ui, rows, MAX_CALL_ROWS);
	int sel = find_sel(ui, rows, n);
	ui_scroll_clamp(&sel, &ui->call_top, (int)n, h);
	int64_t now = ui_now_us(ui);
	for (int i = 0; i < h && ui->call_top + i < (int)n; i++) {
		const struct call_row *r = &rows[ui->call_top + i];
		if (r->chan)
			draw_chan_row(ui, g, y + i, r, &c, now);
		else
			draw_call_row(ui, g, y + i, r, &c, now);
		if (ui->call_top + i == sel)
			ui_grid_set_el(g, y + i, 0, g->w, UI_EL_LIST_CURSOR);
	}
	if (n == 0)
		ui_grid_puts(g, y + h / 2, 2, g->w - 2, "no calls", UI_EL_HINT);
	ui_grid_hline(g, y + h, 0, g->w, UI_EL_BORDER);
	draw_footer(ui, g, y + h + 1, n ? &rows[sel] : NULL);
	free(rows);
}

/* --- requests ------------------------------------------------------------------------ */

static void show_call_events(struct ui *ui, const struct call_row *r)
{
	char f[CALLTAB_ID + 16];
	snprintf(f, sizeof f, "call:%s", r->call->linkedid);
	if (ui_events_set_filter(ui, f)) {
		ui_set_screen(ui, UI_SCR_EVENTS);
		ui_msg(ui, UI_MSG_INFO, "the events of call %s (/ changes the filter)",
		       r->call->linkedid);
	}
}

static void hangup(struct ui *ui, const struct call_row *r)
{
	const char *why = ui_action_blocked(ui, "Hangup");
	if (why) {
		ui_msg(ui, UI_MSG_WARN, "Hangup: %s", why);
		return;
	}
	const struct calltab_chan *chans[64];
	size_t n = 0;
	if (r->chan) {
		chans[n++] = r->chan;
	} else {
		const struct calltab_chan *all[64];
		size_t k = calltab_call_chans(ui->m->calls, r->call, all, 64);
		for (size_t i = 0; i < k && i < 64; i++)
			if (!all[i]->hungup)
				chans[n++] = all[i];
	}
	if (n == 0 || chans[0]->hungup) {
		ui_msg(ui, UI_MSG_WARN, "nothing to hang up: the call has ended");
		return;
	}
	struct ami_action a;
	ami_action_init(&a, "Hangup");
	ami_action_add(&a, "Channel", chans[0]->name);
	ui_confirm_reset(ui);
	if (n > 1) {
		ui->confirm.more = calloc(n - 1, sizeof *ui->confirm.more);
		for (size_t i = 1; ui->confirm.more && i < n; i++)
			snprintf(ui->confirm.more[i - 1], CALLTAB_NAME, "%s", chans[i]->name);
		ui->confirm.nmore = ui->confirm.more ? n - 1 : 0;
	}
	char title[128];
	snprintf(title, sizeof title, "Hang up %zu channel%s?", n, n == 1 ? "" : "s");
	ui_submit(ui, &a, title, true, NULL, 0);
}

static void redirect(struct ui *ui, const struct call_row *r)
{
	const char *why = ui_action_blocked(ui, "Redirect");
	if (why) {
		ui_msg(ui, UI_MSG_WARN, "Redirect: %s", why);
		return;
	}
	if (!r->chan) {
		ui_msg(ui, UI_MSG_WARN, "select a channel of the call to redirect");
		return;
	}
	const struct calltab_chan *peers[CALLTAB_MAX_PEERS];
	size_t np = calltab_peers(ui->m->calls, r->chan, peers, CALLTAB_MAX_PEERS);
	ui_form_open_redirect(ui, r->chan->name, np ? peers[0]->name : "");
}

static bool move_rows(struct ui *ui, const struct call_row *rows, size_t n, int sel, int delta)
{
	if (n == 0)
		return true;
	sel += delta;
	if (sel < 0)
		sel = 0;
	if (sel >= (int)n)
		sel = (int)n - 1;
	select_row(ui, &rows[sel]);
	return true;
}

static bool act(struct ui *ui, enum ui_request r, const struct call_row *rows, size_t n, int sel)
{
	int page = ui->rows - 7;
	switch (r) {
	case UI_REQ_MOVE_UP:
		return move_rows(ui, rows, n, sel, -1);
	case UI_REQ_MOVE_DOWN:
		return move_rows(ui, rows, n, sel, 1);
	case UI_REQ_PAGE_UP:
		return move_rows(ui, rows, n, sel, -page);
	case UI_REQ_PAGE_DOWN:
		return move_rows(ui, rows, n, sel, page);
	case UI_REQ_MOVE_TOP:
		return move_rows(ui, rows, n, 0, 0);
	case UI_REQ_MOVE_BOTTOM:
		return move_rows(ui, rows, n, (int)n - 1, 0);
	case UI_REQ_FILTER:
		ui_prompt_open(ui, UI_PROMPT_FILTER);
		return true;
	default:
		break;
	}
	if (n == 0)
		return r == UI_REQ_OPEN || r == UI_REQ_HANGUP || r == UI_REQ_REDIRECT ||
		       r == UI_REQ_EXPORT;
	if (r == UI_REQ_OPEN)
		show_call_events(ui, &rows[sel]);
	else if (r == UI_REQ_EXPORT)
		ui_export_open(ui, UI_SCOPE_CALL, rows[sel].call->linkedid);
	else if (r == UI_REQ_HANGUP)
		hangup(ui, &rows[sel]);
	else if (r == UI_REQ_REDIRECT)
		redirect(ui, &rows[sel]);
	else
		return false;
	return true;
}

bool ui_calls_request(struct ui *ui, enum ui_request r)
{
	struct call_row *rows = calloc(MAX_CALL_ROWS, sizeof *rows);
	if (!rows)
		return false;
	size_t n = build_rows(ui, rows, MAX_CALL_ROWS);
	int sel = find_sel(ui, rows, n);
	bool done = act(ui, r, rows, n, sel);
	free(rows);
	return done;
}
