/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sending what a form built: straight away, or after a confirmation showing the wire text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

/* --- sending ------------------------------------------------------------------------- */

/* "dangerous: ...", "note: ..."; the model's refusals already say "will be refused: ...". */
void ui_warning_text(const struct actcat_warning *w, char *buf, size_t cap)
{
	const char *label = actcat_level_label(w->level);
	if (strncmp(w->text, label, strlen(label)) == 0)
		snprintf(buf, cap, "%s", w->text);
	else
		snprintf(buf, cap, "%s: %s", label, w->text);
}

static void send_now(struct ui *ui, struct ami_action *a)
{
	struct ui_reply_rec *rec = ui_reply_new(ui, a);
	enum ami_status st = ui_send(ui, a, UI_PEND_ACTION, rec->no);
	if (st == AMI_OK) {
		ui_msg(ui, UI_MSG_INFO, "%s sent, waiting for the reply (L: reply log)", a->name);
		return;
	}
	const char *why =
	    ami_action_status(a) != AMI_OK ? ami_action_errmsg(a) : ami_status_str(st);
	rec->status = st;
	rec->done = true;
	snprintf(rec->text, sizeof rec->text, "not sent: %s", why);
	ui_msg(ui, UI_MSG_ERROR, "%s not sent: %s", a->name, why);
}

void ui_submit(struct ui *ui, struct ami_action *a, const char *title, bool dangerous,
	       const struct actcat_warning *w, size_t nw)
{
	if (!dangerous) {
		send_now(ui, a);
		ami_action_free(a);
		if (ui->mode == UI_MODE_FORM)
			ui_form_close(ui);
		return;
	}
	struct ui_confirm *c = &ui->confirm;
	snprintf(c->title, sizeof c->title, "%s", title);
	ui_textlog_init(&c->body, 512, 64 * 1024);
	for (size_t i = 0; i < nw; i++) {
		char line[200];
		ui_warning_text(&w[i], line, sizeof line);
		ui_textlog_add(&c->body, line, strlen(line),
			       w[i].level == ACTCAT_LEVEL_INFO ? UI_EL_DIALOG : UI_EL_DIALOG_WARN);
	}
	ui_textlog_add(&c->body, "", 0, UI_EL_DIALOG);
	ui_textlog_add(&c->body, "exact wire text (ActionID added when sent):", 43, UI_EL_DIALOG);
	char wire[UI_FORM_PREVIEW];
	ami_action_redacted(a, wire, sizeof wire);
	ui_textlog_add_text(&c->body, wire, strlen(wire), UI_EL_PREVIEW);
	for (size_t i = 0; i < c->nmore; i++) {
		char line[160];
		snprintf(line, sizeof line, "and the same for Channel: %s", c->more[i]);
		ui_textlog_add(&c->body, line, strlen(line), UI_EL_PREVIEW);
	}
	c->act = *a; /* the dialog owns the action now */
	c->have_act = true;
	c->scroll = 0;
	ui->confirm_return = ui->mode;
	ui->mode = UI_MODE_CONFIRM;
}

static bool warned(const struct ui_form *f)
{
	for (size_t i = 0; i < f->nwarn; i++)
		if (f->warn[i].level != ACTCAT_LEVEL_INFO)
			return true;
	return false;
}

static void login(struct ui *ui)
{
	struct ui_form *f = ui->form;
	if (!f->f[0].line.len || !f->f[2].line.len) {
		ui_msg(ui, UI_MSG_WARN, "host and user are needed");
		return;
	}
	struct ui_login l = { f->f[0].line.buf, (unsigned)strtoul(f->f[1].line.buf, NULL, 10),
			      f->f[2].line.buf, f->f[3].line.buf, f->f[4].choice == 1 };
	if (ui->host.login)
		ui->host.login(ui->hctx, &l);
	else
		ui_msg(ui, UI_MSG_WARN, "logging in is not available");
	ui_form_close(ui); /* wipes the secret */
	ui_set_screen(ui, UI_SCR_EVENTS);
}

void ui_form_send(struct ui *ui)
{
	struct ui_form *f = ui->form;
	if (f->kind == UI_FORM_LOGIN) {
		login(ui);
		return;
	}
	struct ami_action a;
	if (!ui_form_build(ui, &a)) {
		ui_msg(ui, UI_MSG_ERROR, "not sent: %s", f->error);
		ami_action_free(&a);
		return;
	}
	const char *cmd = f->kind == UI_FORM_COMMAND ? f->f[0].line.buf : NULL;
	const char *why = cmd ? ui_refusal(ui, f->action, cmd) : ui_action_blocked(ui, f->action);
	if (why) {
		ui_msg(ui, UI_MSG_ERROR, "not sent: %s", why);
		ami_action_free(&a);
		return;
	}
	ui_form_check_content(ui);
	char title[128];
	snprintf(title, sizeof title, "Send %s?", f->action);
	ui_submit(ui, &a, title, (f->flags & AMI_ACT_DANGER) || warned(f), f->warn, f->nwarn);
}
