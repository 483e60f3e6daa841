/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The confirmation dialog: dangerous actions are shown as exact wire text before sending. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

void ui_confirm_reset(struct ui *ui)
{
	struct ui_confirm *c = &ui->confirm;
	if (c->have_act)
		ami_action_free(&c->act);
	ui_textlog_free(&c->body);
	free(c->more);
	memset(c, 0, sizeof *c);
}

static void send_confirmed(struct ui *ui)
{
	struct ui_confirm *c = &ui->confirm;
	struct ui_reply_rec *rec = ui_reply_new(ui, &c->act);
	enum ami_status st = ui_send(ui, &c->act, UI_PEND_ACTION, rec->no);
	size_t sent = st == AMI_OK;
	if (st != AMI_OK) {
		rec->status = st;
		rec->done = true;
		snprintf(rec->text, sizeof rec->text, "not sent: %s",
			 ami_action_status(&c->act) != AMI_OK ? ami_action_errmsg(&c->act)
							      : ami_status_str(st));
		ui_msg(ui, UI_MSG_ERROR, "%s %s", c->act.name, rec->text);
		return;
	}
	/* The other channels of a call being hung up, one Hangup each. */
	for (size_t i = 0; i < c->nmore; i++) {
		struct ami_action a;
		ami_action_init(&a, c->act.name);
		ami_action_add(&a, "Channel", c->more[i]);
		struct ui_reply_rec *r = ui_reply_new(ui, &a);
		if (ui_send(ui, &a, UI_PEND_ACTION, r->no) == AMI_OK)
			sent++;
		else
			r->done = true;
		ami_action_free(&a);
	}
	ui_msg(ui, UI_MSG_INFO, "%s sent%s, waiting for the reply (L: reply log)", c->act.name,
	       sent > 1 ? " for every channel" : "");
}

void ui_confirm_key(struct ui *ui, enum ui_request r)
{
	struct ui_confirm *c = &ui->confirm;
	switch (r) {
	case UI_REQ_CONFIRM_YES:
		send_confirmed(ui);
		ui_confirm_reset(ui);
		ui->mode = UI_MODE_NONE;
		ui_form_close(ui);
		return;
	case UI_REQ_CONFIRM_NO:
	case UI_REQ_BACK:
		ui_confirm_reset(ui);
		ui->mode =
		    ui->confirm_return == UI_MODE_FORM && ui->form ? UI_MODE_FORM : UI_MODE_NONE;
		ui_msg(ui, UI_MSG_INFO, "not sent");
		return;
	case UI_REQ_MOVE_DOWN:
	case UI_REQ_PAGE_DOWN:
		c->scroll++;
		return;
	case UI_REQ_MOVE_UP:
	case UI_REQ_PAGE_UP:
		c->scroll -= c->scroll > 0;
		return;
	default:
		return;
	}
}

void ui_draw_confirm(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct ui_confirm *c = &ui->confirm;
	int w = g->w - 4 > 100 ? 100 : g->w - 4;
	int lines = (int)c->body.count;
	int bh = lines + 4 < h ? lines + 4 : h;
	int x = (g->w - w) / 2, top = y + (h - bh) / 2;
	ui_draw_box(g, top, x, bh, w, UI_EL_DIALOG_WARN);
	ui_grid_printf(g, top, x + 2, w - 4, UI_EL_DIALOG_WARN, " %s ", c->title);
	int inner = bh - 4;
	if (c->scroll > lines - inner)
		c->scroll = lines - inner > 0 ? lines - inner : 0;
	for (int i = 0; i < inner; i++) {
		enum ui_element el;
		const char *s = ui_textlog_line(&c->body, (size_t)(c->scroll + i), &el);
		if (!s)
			break;
		ui_grid_puts(g, top + 1 + i, x + 2, w - 4, s, el);
	}
	char yes[16], no[16];
	ui_keys_of(ui, UI_REQ_CONFIRM_YES, yes, sizeof yes);
	ui_keys_of(ui, UI_REQ_CONFIRM_NO, no, sizeof no);
	ui_grid_printf(g, top + bh - 2, x + 2, w - 4, UI_EL_DIALOG,
		       "%s: send it    %s / Esc: cancel%s", yes, no,
		       lines > inner ? "    j/k: scroll" : "");
}
