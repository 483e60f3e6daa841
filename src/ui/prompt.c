/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter and search line: edited in place, checked as typed, errors shown under it. */
#include <stdio.h>
#include <string.h>

#include "ui/text.h"
#include "ui_int.h"

static char *filter_text(struct ui *ui)
{
	switch (ui->screen) {
	case UI_SCR_CALLS:
		return ui->call_filter;
	case UI_SCR_ACTIONS:
		return ui->act_filter;
	default:
		return ui->ev_filter;
	}
}

static bool events_prompt(const struct ui *ui)
{
	return ui->screen == UI_SCR_EVENTS;
}

/* Check the text as the user types (events: the model's parser; others: plain text). */
static void check(struct ui *ui)
{
	ui->prompt_err[0] = '\0';
	if (!events_prompt(ui)) {
		snprintf(filter_text(ui), UI_LINE_MAX + 1, "%s", ui->prompt.buf);
		return;
	}
	struct evfilter *f = NULL;
	struct evfilter_error err;
	if (evfilter_compile(ui->prompt.buf, &f, &err) != AMI_OK) {
		snprintf(ui->prompt_err, sizeof ui->prompt_err, "%s", err.msg);
		ui->prompt_err_col = err.column;
	}
	evfilter_free(f);
}

void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind)
{
	ui->prompt_kind = kind;
	ui_line_init(&ui->prompt, UI_LINE_MAX, false);
	ui_line_set(&ui->prompt, kind == UI_PROMPT_SEARCH ? ui->ev_search : filter_text(ui));
	ui->prompt_err[0] = '\0';
	ui->mode = UI_MODE_PROMPT;
	/* Keep what was there, to restore it on Esc. */
	snprintf(ui->prompt_saved, sizeof ui->prompt_saved, "%s", ui->prompt.buf);
}

static void cancel(struct ui *ui)
{
	if (!events_prompt(ui))
		snprintf(filter_text(ui), UI_LINE_MAX + 1, "%s", ui->prompt_saved);
	ui->prompt_err[0] = '\0';
	ui->mode = UI_MODE_NONE;
}

static void accept(struct ui *ui)
{
	if (ui->prompt_kind == UI_PROMPT_SEARCH) {
		snprintf(ui->ev_search, sizeof ui->ev_search, "%s", ui->prompt.buf);
		ui->mode = UI_MODE_NONE;
		ui_events_search(ui, ui->ev_search, 1);
		return;
	}
	if (events_prompt(ui)) {
		if (!ui_events_set_filter(ui, ui->prompt.buf))
			return; /* stay, with the error shown */
	} else {
		snprintf(filter_text(ui), UI_LINE_MAX + 1, "%s", ui->prompt.buf);
	}
	ui->mode = UI_MODE_NONE;
}

bool ui_prompt_key(struct ui *ui, int key, enum ui_request r)
{
	if (r == UI_REQ_BACK) {
		cancel(ui);
		return true;
	}
	if (key == UI_KEY_ENTER && !ui->prompt.quoting) {
		accept(ui);
		return true;
	}
	enum ui_line_result res = ui_line_key(&ui->prompt, key);
	if (res == UI_LINE_CHANGED)
		check(ui);
	return res != UI_LINE_IGNORED;
}

void ui_draw_prompt(struct ui *ui, struct ui_grid *g, int y)
{
	const char *label = ui->prompt_kind == UI_PROMPT_SEARCH ? "search: " : "filter: ";
	ui_grid_fill(g, y, 0, g->w, UI_EL_FILTER);
	int x = ui_grid_puts(g, y, 1, g->w - 1, label, UI_EL_HINT) + 1;
	int cx = ui_line_draw(&ui->prompt, g, y, x, g->w - x, UI_EL_FILTER);
	ui->cur_y = y;
	ui->cur_x = cx;
	ui_grid_fill(g, y + 1, 0, g->w, UI_EL_STATUS);
	if (!ui->prompt_err[0]) {
		ui_grid_puts(g, y + 1, 1, g->w - 1,
			     ui->screen == UI_SCR_EVENTS
				 ? "Name  class:call  Header=value  Header~re  /regex/  \"text\"  "
				   "chan:X  call:ID  ! & |   Enter apply, Esc cancel"
				 : "text to look for   Enter apply, Esc cancel",
			     UI_EL_HINT);
		return;
	}
	/* A caret under the column the parser complained about, then the message. */
	size_t col = ui->prompt_err_col ? ui->prompt_err_col - 1 : 0;
	if (col > ui->prompt.len)
		col = ui->prompt.len;
	int at = x + ui_text_width(ui->prompt.buf, col) - ui->prompt.scroll;
	if (at < x)
		at = x;
	if (at >= g->w)
		at = g->w - 1;
	ui_grid_puts(g, y + 1, at, 1, "^", UI_EL_FILTER_ERROR);
	char msg[220];
	snprintf(msg, sizeof msg, "column %zu: %s", ui->prompt_err_col, ui->prompt_err);
	int mw = ui_text_width(msg, strlen(msg));
	int mx = at + 2 + mw <= g->w ? at + 2 : (at - 1 - mw >= 0 ? at - 1 - mw : 0);
	if (mx == 0 && at < mw + 1)
		mx = at + 2 < g->w ? at + 2 : 0;
	ui_grid_puts(g, y + 1, mx, g->w - mx, msg, UI_EL_FILTER_ERROR);
}
