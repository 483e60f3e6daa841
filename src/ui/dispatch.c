/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keys to requests: the active context, global requests, and where each screen's keys go. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "ui/text.h"
#include "ui_int.h"

/* --- navigation and keys ------------------------------------------------------------- */

void ui_set_screen(struct ui *ui, enum ui_screen s)
{
	if (s == ui->screen)
		return;
	if (ui->screen == UI_SCR_COMMAND)
		ui_cli_leave(ui);
	if (ui->screen != UI_SCR_HELP)
		ui->prev_screen = ui->screen;
	ui->screen = s;
	if (ui->mode == UI_MODE_CLASSBAR || ui->mode == UI_MODE_PROMPT)
		ui->mode = UI_MODE_NONE;
	if (s == UI_SCR_COMMAND)
		ui_cli_enter(ui);
	if (s == UI_SCR_HELP) {
		ami_buf_reset(&ui->help);
		ui_keymap_help(&ui->km, &ui->help);
		ui->help_scroll = 0;
	}
	ui->dirty = true;
}

enum ui_context ui_context_now(const struct ui *ui)
{
	switch (ui->mode) {
	case UI_MODE_PROMPT:
		return UI_CTX_PROMPT;
	case UI_MODE_CLASSBAR:
		return UI_CTX_CLASSBAR;
	case UI_MODE_FORM:
		return ui->form && ui->form->kind == UI_FORM_LOGIN ? UI_CTX_LOGIN : UI_CTX_FORM;
	case UI_MODE_CONFIRM:
		return UI_CTX_CONFIRM;
	case UI_MODE_EXPORT:
		return UI_CTX_EXPORT;
	case UI_MODE_NONE:
		break;
	}
	switch (ui->screen) {
	case UI_SCR_EVENTS:
		return ui->detail ? UI_CTX_DETAIL : UI_CTX_EVENTS;
	case UI_SCR_CALLS:
		return UI_CTX_CALLS;
	case UI_SCR_ACTIONS:
		return ui->replies ? UI_CTX_REPLIES : UI_CTX_ACTIONS;
	case UI_SCR_COMMAND:
		return UI_CTX_COMMAND;
	case UI_SCR_RIGHTS:
		return UI_CTX_RIGHTS;
	case UI_SCR_HELP:
		return UI_CTX_HELP;
	case UI_SCR_PICKER:
	case UI_SCR_COUNT:
		break;
	}
	return UI_CTX_PICKER;
}

static void toggle_record(struct ui *ui)
{
	char msg[256] = "";
	if (!ui->host.record) {
		ui_msg(ui, UI_MSG_WARN, "recording is not available");
		return;
	}
	bool on = !ui->recording;
	enum ami_status st = ui->host.record(ui->hctx, on, msg, sizeof msg);
	if (st == AMI_OK)
		ui->recording = on;
	ui_msg(
	    ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_ERROR, "%s",
	    *msg ? msg
		 : (st == AMI_OK ? (on ? "recording" : "recording stopped") : ami_status_str(st)));
}

static bool cycle_screen(struct ui *ui, int dir)
{
	int s = ui->screen >= UI_SCR_CYCLE ? ui->prev_screen : ui->screen;
	s = (s + dir + UI_SCR_CYCLE) % UI_SCR_CYCLE;
	ui_set_screen(ui, (enum ui_screen)s);
	return true;
}

static bool back(struct ui *ui)
{
	if (ui->screen == UI_SCR_HELP || ui->screen == UI_SCR_COMMAND) {
		ui_set_screen(ui, ui->prev_screen);
		return true;
	}
	return false;
}

/* Requests that mean the same on every screen. */
static bool global_request(struct ui *ui, enum ui_request r)
{
	switch (r) {
	case UI_REQ_VIEW_EVENTS:
		ui_set_screen(ui, UI_SCR_EVENTS);
		return true;
	case UI_REQ_VIEW_CALLS:
		ui_set_screen(ui, UI_SCR_CALLS);
		return true;
	case UI_REQ_VIEW_ACTIONS:
		ui_set_screen(ui, UI_SCR_ACTIONS);
		return true;
	case UI_REQ_VIEW_COMMAND:
		ui_set_screen(ui, UI_SCR_COMMAND);
		return true;
	case UI_REQ_VIEW_RIGHTS:
		ui_set_screen(ui, UI_SCR_RIGHTS);
		return true;
	case UI_REQ_VIEW_NEXT:
		return cycle_screen(ui, 1);
	case UI_REQ_VIEW_PREV:
		return cycle_screen(ui, -1);
	case UI_REQ_HELP:
		ui_set_screen(ui, UI_SCR_HELP);
		return true;
	case UI_REQ_QUIT:
		if (ui->host.quit)
			ui->host.quit(ui->hctx);
		return true;
	case UI_REQ_RECORD:
		toggle_record(ui);
		return true;
	case UI_REQ_BUNDLE:
		ui_export_bundle(ui);
		return true;
	case UI_REQ_REPLAY_PAUSE:
	case UI_REQ_REPLAY_STEP:
	case UI_REQ_REPLAY_FASTER:
	case UI_REQ_REPLAY_SLOWER:
		ui_replay_request(ui, r);
		return true;
	case UI_REQ_BACK:
		return back(ui);
	default:
		return false;
	}
}

static bool screen_request(struct ui *ui, enum ui_request r)
{
	switch (ui->screen) {
	case UI_SCR_EVENTS:
		return ui_events_request(ui, r);
	case UI_SCR_CALLS:
		return ui_calls_request(ui, r);
	case UI_SCR_ACTIONS:
		return ui_actions_request(ui, r);
	case UI_SCR_RIGHTS:
		return ui_rights_request(ui, r);
	case UI_SCR_HELP:
		return ui_help_request(ui, r);
	case UI_SCR_PICKER:
		return ui_picker_request(ui, r);
	case UI_SCR_COMMAND:
		return ui_cli_request(ui, r);
	case UI_SCR_COUNT:
		break;
	}
	return false;
}

/* In the Command view only keys readline has no use for are looked up. */
static bool command_takes(int key)
{
	return key != UI_KEY_ESC && key < UI_KEY_FN_BASE;
}

static bool is_cli_passthrough(int key)
{
	/* Arrows, Home/End, Del and Backspace edit the line; PgUp/PgDn and F-keys do not. */
	static const int keys[] = { KEY_UP,   KEY_DOWN, KEY_LEFT, KEY_RIGHT,
				    KEY_HOME, KEY_END,	KEY_DC,	  KEY_BACKSPACE };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key == UI_KEY_FN(keys[i]))
			return true;
	return false;
}

void ui_feed_key(struct ui *ui, int key)
{
	ui->dirty = true;
	if (key == UI_KEY_FN(KEY_RESIZE))
		return;
	enum ui_context ctx = ui_context_now(ui);
	enum ui_request r = ui_keymap_lookup(&ui->km, ctx, key);
	if (r == UI_REQ_REDRAW) {
		ui->msg[0] = '\0';
		return;
	}
	ui->msg[0] = '\0';
	switch (ui->mode) {
	case UI_MODE_CONFIRM:
		ui_confirm_key(ui, r);
		return;
	case UI_MODE_FORM:
		ui_form_key(ui, key, r);
		return;
	case UI_MODE_PROMPT:
		ui_prompt_key(ui, key, r);
		return;
	case UI_MODE_EXPORT:
		ui_export_key(ui, r);
		return;
	case UI_MODE_CLASSBAR:
		if (!ui_classbar_request(ui, r) && r != UI_REQ_NONE)
			global_request(ui, r);
		return;
	case UI_MODE_NONE:
		break;
	}
	if (ui->screen == UI_SCR_COMMAND && (command_takes(key) || is_cli_passthrough(key))) {
		ui_cli_key(ui, key);
		return;
	}
	if (r == UI_REQ_NONE)
		return;
	if (!screen_request(ui, r))
		global_request(ui, r);
}

void ui_feed_text(struct ui *ui, const char *s)
{
	struct ui_glyph g;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += g.len) {
		size_t len = ami_utf8_seqlen(s + i, n - i);
		if (len == 0) {
			g.len = 1;
			continue;
		}
		uint32_t cp = 0;
		/* Decode without the display mapping: control characters stay keys. */
		const unsigned char *u = (const unsigned char *)s + i;
		static const unsigned char mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
		cp = u[0] & mask[len];
		for (size_t k = 1; k < len; k++)
			cp = (cp << 6) | (u[k] & 0x3fu);
		g.len = len;
		ui_feed_key(ui, cp == '\r' ? UI_KEY_ENTER : (int)cp);
	}
}
