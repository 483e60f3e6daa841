/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Actions screen: the catalogue with allowed and greyed actions, and the reply log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/evsum.h"
#include "ui/text.h"
#include "ui_int.h"

#define REPLY_BODY_MAX (64u * 1024u)

const char *ui_action_blocked(struct ui *ui, const char *action)
{
	const char *ro = ui_refusal(ui, action, NULL);
	if (ro && strcmp(action, "Command") != 0)
		return ro;
	if (!ui->m || !ui->m->actions)
		return NULL;
	const struct actcat_entry *e = actcat_find(ui->m->actions, ami_str_c(action));
	if (!e)
		return NULL; /* unknown to us: the server decides */
	switch (e->state) {
	case ACTCAT_ALLOWED:
	case ACTCAT_UNKNOWN:
		return NULL;
	case ACTCAT_DENIED:
		return e->reason[0] ? e->reason : "not allowed for this account";
	case ACTCAT_READ_ONLY:
		/* Command is judged on its CLI line (ui_refusal): "core show" is fine. */
		if (strcmp(e->name, "Command") == 0)
			return NULL;
		break;
	case ACTCAT_REPLAY:
		break;
	}
	return actcat_state_label(e->state);
}

/* --- the catalogue list -------------------------------------------------------------- */

static bool shown(const struct ui *ui, const struct actcat_entry *e)
{
	return !ui->act_filter[0] || ui_text_icontains(e->name, strlen(e->name), ui->act_filter);
}

/* The visible entries' indexes into the catalogue; returns the count. */
static size_t visible(struct ui *ui, size_t *idx, size_t cap)
{
	size_t n = 0, total = ui->m && ui->m->actions ? actcat_count(ui->m->actions) : 0;
	for (size_t i = 0; i < total && n < cap; i++)
		if (shown(ui, actcat_at(ui->m->actions, i)))
			idx[n++] = i;
	return n;
}

static void draw_entry(struct ui *ui, struct ui_grid *g, int y, int namew,
		       const struct actcat_entry *e, bool cursor)
{
	bool ok = e->state == ACTCAT_ALLOWED || e->state == ACTCAT_UNKNOWN;
	enum ui_element el = ok ? UI_EL_ACTION_ALLOWED : UI_EL_ACTION_DENIED;
	if (e->flags & AMI_ACT_DANGER)
		ui_grid_puts(g, y, 1, 1, "!", UI_EL_ACTION_DANGER);
	ui_grid_puts(g, y, 3, namew, e->name, el);
	int x = 3 + namew + 1;
	if (ok) {
		ui_grid_puts(g, y, x, g->w - x, e->synopsis, UI_EL_ACTION_ALLOWED);
	} else {
		const char *why = e->state == ACTCAT_DENIED && e->reason[0]
				      ? e->reason
				      : actcat_state_label(e->state);
		int used = ui_grid_puts(g, y, x, g->w - x, why, UI_EL_ACTION_REASON);
		if (g->w - x - used > 10)
			ui_grid_puts(g, y, x + used + 2, g->w - x - used - 2, e->synopsis,
				     UI_EL_ACTION_DENIED);
	}
	if (cursor)
		ui_grid_set_el(g, y, 0, g->w, UI_EL_LIST_CURSOR);
}

static void draw_catalogue(struct ui *ui, struct ui_grid *g, int y, int h)
{
	size_t total = ui->m && ui->m->actions ? actcat_count(ui->m->actions) : 0;
	size_t *idx = calloc(total ? total : 1, sizeof *idx);
	if (!idx)
		return;
	size_t n = visible(ui, idx, total);
	size_t allowed = 0;
	for (size_t i = 0; i < total; i++) {
		enum actcat_state st = actcat_at(ui->m->actions, i)->state;
		allowed += st == ACTCAT_ALLOWED || st == ACTCAT_UNKNOWN;
	}
	int namew = g->w >= 120 ? 34 : 26;
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	ui_grid_puts(g, y, 3, namew, "Action", UI_EL_LIST_HEADER);
	ui_grid_printf(g, y, 3 + namew + 1, g->w - namew - 4, UI_EL_LIST_HEADER,
		       "%zu of %zu may be sent%s", allowed, total,
		       rights_have_listcommands(ui->m->rights) ? ""
							       : " (ListCommands not seen yet)");
	y++;
	h--;
	ui_scroll_clamp(&ui->act_sel, &ui->act_top, (int)n, h);
	for (int i = 0; i < h && ui->act_top + i < (int)n; i++) {
		const struct actcat_entry *e = actcat_at(ui->m->actions, idx[ui->act_top + i]);
		draw_entry(ui, g, y + i, namew, e, ui->act_top + i == ui->act_sel);
	}
	if (n == 0)
		ui_grid_puts(g, y + h / 2, 3, g->w - 3, "no action matches", UI_EL_HINT);
	free(idx);
}

/* --- the reply log ------------------------------------------------------------------- */

struct ui_reply_rec *ui_reply_find(struct ui *ui, uint64_t no)
{
	if (no == 0 || no > ui->rep_no || ui->rep_no - no >= ui->reply_log_max)
		return NULL;
	struct ui_reply_rec *r = &ui->reps[(no - 1) % ui->reply_log_max];
	return r->no == no ? r : NULL;
}

struct ui_reply_rec *ui_reply_new(struct ui *ui, const struct ami_action *a)
{
	uint64_t no = ++ui->rep_no;
	struct ui_reply_rec *r = &ui->reps[(no - 1) % ui->reply_log_max];
	ami_buf_free(&r->body);
	memset(r, 0, sizeof *r);
	r->no = no;
	r->time_us = ui_now_us(ui);
	snprintf(r->action, sizeof r->action, "%s", a->name);
	snprintf(r->text, sizeof r->text, "waiting for the reply");
	r->status = AMI_AGAIN;
	ami_buf_init(&r->body, REPLY_BODY_MAX);
	/* The sent text (secrets redacted) opens the body. */
	char wire[AMI_ACTION_MAX_LINE * 4];
	ami_action_redacted(a, wire, sizeof wire);
	ami_buf_adds(&r->body, "sent:\n");
	for (const char *p = wire; *p; p++)
		if (*p != '\r')
			ami_buf_addc(&r->body, *p);
	const char *second = strstr(wire, "\r\n");
	if (second) {
		second += 2;
		snprintf(r->wire_first, sizeof r->wire_first, "%.*s", (int)strcspn(second, "\r\n"),
			 second);
	}
	ui->nreps = ui->nreps < ui->reply_log_max ? ui->nreps + 1 : ui->nreps;
	return r;
}

static void body_msg(struct ami_buf *b, const struct ami_msg *m)
{
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		ami_buf_add(b, h->key, h->klen);
		if (h->val) {
			ami_buf_adds(b, ": ");
			ami_buf_add(b, h->val, h->vlen);
		}
		ami_buf_addc(b, '\n');
	}
	for (size_t i = 0; i < m->bodylen; i++)
		if (m->body[i] != '\r')
			ami_buf_addc(b, m->body[i]);
	if (m->bodylen && m->body[m->bodylen - 1] != '\n')
		ami_buf_addc(b, '\n');
}

/* The reply's Message:, else the host's sentence, else the Response word ("Success"). */
static void reply_text(struct ui_reply_rec *rec, const struct ui_reply *r)
{
	struct ami_str msg = r->msg ? ami_msg_get(r->msg, "Message") : AMI_STR_NULL;
	struct ami_str resp = r->msg ? ami_msg_get(r->msg, "Response") : AMI_STR_NULL;
	if (msg.p && msg.n)
		ami_str_copy(msg, rec->text, sizeof rec->text);
	else if (r->text && *r->text)
		snprintf(rec->text, sizeof rec->text, "%s", r->text);
	else if (resp.p)
		ami_str_copy(resp, rec->text, sizeof rec->text);
	else
		snprintf(rec->text, sizeof rec->text, "%s", ami_status_str(r->status));
}

static void learn(struct ui *ui, const struct ui_reply_rec *rec, const struct ui_reply *r)
{
	if (!ui->m || !ui->m->rights || r->kind != UI_REPLY_RESPONSE)
		return;
	rights_action_result(ui->m->rights, rec->action, r->status == AMI_E_PERMISSION);
	if (r->status == AMI_E_PERMISSION)
		ui_rights_changed(ui);
}

void ui_reply_record(struct ui *ui, struct ui_reply_rec *rec, const struct ui_reply *r)
{
	char sum[256];
	switch (r->kind) {
	case UI_REPLY_RESPONSE:
		rec->status = r->status;
		reply_text(rec, r);
		ami_buf_adds(&rec->body, "\nreply:\n");
		if (r->msg)
			body_msg(&rec->body, r->msg);
		learn(ui, rec, r);
		break;
	case UI_REPLY_ITEM:
		rec->items++;
		if (r->msg) {
			struct ami_str name = ami_msg_name(r->msg);
			evsum_format(r->msg, NULL, sum, sizeof sum);
			ami_buf_printf(&rec->body, "  %.*s  %s\n", (int)name.n,
				       name.p ? name.p : "", sum);
		}
		break;
	case UI_REPLY_COMPLETE:
	case UI_REPLY_TIMEOUT:
	case UI_REPLY_DISCONNECTED:
		if (r->status != AMI_OK || r->kind != UI_REPLY_COMPLETE) {
			rec->status = r->status;
			snprintf(rec->text, sizeof rec->text, "%s",
				 r->text && *r->text ? r->text : ami_status_str(r->status));
		}
		ami_buf_printf(&rec->body, "end: %s%s%s (%u items)\n",
			       r->kind == UI_REPLY_COMPLETE ? "complete"
							    : ami_status_str(r->status),
			       r->text && *r->text ? ", " : "", r->text ? r->text : "", rec->items);
		break;
	}
	if (!r->final)
		return;
	rec->done = true;
	bool ok = rec->status == AMI_OK;
	ui_msg(ui, ok ? UI_MSG_INFO : UI_MSG_ERROR, "%s: %s%s%s", rec->action,
	       ok ? "" : "refused: ", rec->text, rec->items ? " (list in the reply log, L)" : "");
}

static void rep_line(const struct ui_reply_rec *r, char *buf, size_t cap)
{
	char t[16], items[32] = "";
	time_t s = (time_t)(r->time_us / 1000000);
	struct tm tm;
	localtime_r(&s, &tm);
	strftime(t, sizeof t, "%H:%M:%S", &tm);
	const char *st = !r->done ? "..." : r->status == AMI_OK ? "ok" : "error";
	if (r->items)
		snprintf(items, sizeof items, " (%u items)", r->items);
	snprintf(buf, cap, "%s %-5s %-18s %s%s  %s", t, st, r->action, r->text, items,
		 r->wire_first);
}

static void draw_reply_body(struct ui *ui, struct ui_grid *g, int y, int h,
			    const struct ui_reply_rec *r)
{
	struct ui_textlog lines;
	ui_textlog_init(&lines, 4096, 0);
	ui_textlog_add_text(&lines, r->body.p ? r->body.p : "", r->body.len, UI_EL_DEFAULT);
	int max = (int)lines.count - h > 0 ? (int)lines.count - h : 0;
	if (ui->rep_scroll > max)
		ui->rep_scroll = max;
	for (int i = 0; i < h; i++) {
		const char *s = ui_textlog_line(&lines, (size_t)(ui->rep_scroll + i), NULL);
		if (!s)
			break;
		bool head = !strcmp(s, "sent:") || !strcmp(s, "reply:");
		ui_grid_puts(g, y + i, 1, g->w - 1, s, head ? UI_EL_LIST_HEADER : UI_EL_DEFAULT);
	}
	ui_textlog_free(&lines);
}

static void draw_replies(struct ui *ui, struct ui_grid *g, int y, int h)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	ui_grid_printf(g, y, 1, g->w - 1, UI_EL_LIST_HEADER, "Reply log: %zu kept, newest first",
		       ui->nreps);
	y++;
	h--;
	int n = (int)ui->nreps;
	ui_scroll_clamp(&ui->rep_sel, &ui->rep_top, n, h);
	if (ui->rep_open && n > 0) {
		const struct ui_reply_rec *r =
		    ui_reply_find(ui, ui->rep_no - (uint64_t)ui->rep_sel);
		if (r)
			draw_reply_body(ui, g, y, h, r);
		return;
	}
	char line[512];
	for (int i = 0; i < h && ui->rep_top + i < n; i++) {
		const struct ui_reply_rec *r =
		    ui_reply_find(ui, ui->rep_no - (uint64_t)(ui->rep_top + i));
		if (!r)
			break;
		rep_line(r, line, sizeof line);
		enum ui_element el =
		    !r->done || r->status == AMI_OK ? UI_EL_DEFAULT : UI_EL_STATUS_ERROR;
		ui_grid_puts(g, y + i, 1, g->w - 1, line, el);
		if (ui->rep_top + i == ui->rep_sel)
			ui_grid_set_el(g, y + i, 0, g->w, UI_EL_LIST_CURSOR);
	}
	if (n == 0)
		ui_grid_puts(g, y + h / 2, 3, g->w - 3, "no replies yet", UI_EL_HINT);
}

void ui_draw_actions(struct ui *ui, struct ui_grid *g, int y, int h)
{
	if (ui->mode == UI_MODE_PROMPT)
		h--;
	if (!ui->m || !ui->m->actions) {
		ui_grid_puts(g, y + h / 2, 3, g->w - 3, "not connected", UI_EL_HINT);
		return;
	}
	if (ui->replies) {
		draw_replies(ui, g, y, h);
		return;
	}
	if (ui->act_filter[0] && ui->mode != UI_MODE_PROMPT) {
		ui_grid_printf(g, y, 1, g->w - 1, UI_EL_FILTER, "filter: %s", ui->act_filter);
		y++;
		h--;
	}
	draw_catalogue(ui, g, y, h);
}

/* --- requests ------------------------------------------------------------------------ */

static void export_replies(struct ui *ui)
{
	if (!ui->host.export_data) {
		ui_msg(ui, UI_MSG_WARN, "export is not available");
		return;
	}
	struct ami_buf b;
	ami_buf_init(&b, 32u << 20);
	char line[512];
	for (uint64_t no = ui->rep_no; no > 0; no--) {
		const struct ui_reply_rec *r = ui_reply_find(ui, no);
		if (!r)
			break;
		rep_line(r, line, sizeof line);
		ami_buf_printf(&b, "=== %s\n", line);
		ami_buf_add(&b, r->body.p ? r->body.p : "", r->body.len);
		ami_buf_addc(&b, '\n');
	}
	char msg[256] = "";
	enum ami_status st = ui->host.export_data(ui->hctx, UI_EXPORT_REPLIES, b.p ? b.p : "",
						  b.len, msg, sizeof msg);
	ui_msg(ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_ERROR, "reply log: %s",
	       *msg ? msg : ami_status_str(st));
	ami_buf_free(&b);
}

static bool move_sel(int *sel, enum ui_request r, int page)
{
	switch (r) {
	case UI_REQ_MOVE_UP:
		*sel -= 1;
		return true;
	case UI_REQ_MOVE_DOWN:
		*sel += 1;
		return true;
	case UI_REQ_PAGE_UP:
		*sel -= page;
		return true;
	case UI_REQ_PAGE_DOWN:
		*sel += page;
		return true;
	case UI_REQ_MOVE_TOP:
		*sel = 0;
		return true;
	case UI_REQ_MOVE_BOTTOM:
		*sel = 1 << 28;
		return true;
	default:
		return false;
	}
}

static bool replies_request(struct ui *ui, enum ui_request r)
{
	int page = ui->rows - 5;
	if (ui->rep_open && move_sel(&ui->rep_scroll, r, page)) {
		if (ui->rep_scroll < 0)
			ui->rep_scroll = 0;
		return true;
	}
	if (move_sel(&ui->rep_sel, r, page))
		return true;
	switch (r) {
	case UI_REQ_OPEN:
		ui->rep_open = ui->nreps > 0;
		ui->rep_scroll = 0;
		return true;
	case UI_REQ_BACK:
		if (ui->rep_open)
			ui->rep_open = false;
		else
			ui->replies = false;
		return true;
	case UI_REQ_REPLY_LOG:
		ui->replies = false;
		ui->rep_open = false;
		return true;
	case UI_REQ_EXPORT:
		export_replies(ui);
		return true;
	default:
		return false;
	}
}

static void open_selected(struct ui *ui)
{
	size_t total = actcat_count(ui->m->actions);
	size_t *idx = calloc(total ? total : 1, sizeof *idx);
	if (!idx)
		return;
	size_t n = visible(ui, idx, total);
	if (ui->act_sel >= 0 && (size_t)ui->act_sel < n) {
		const struct actcat_entry *e = actcat_at(ui->m->actions, idx[ui->act_sel]);
		const char *why = ui_action_blocked(ui, e->name);
		if (why)
			ui_msg(ui, UI_MSG_WARN, "%s: %s", e->name, why);
		else
			ui_form_open(ui, e->name);
	}
	free(idx);
}

bool ui_actions_request(struct ui *ui, enum ui_request r)
{
	if (!ui->m || !ui->m->actions)
		return false;
	if (ui->replies)
		return replies_request(ui, r);
	if (move_sel(&ui->act_sel, r, ui->rows - 5))
		return true;
	switch (r) {
	case UI_REQ_OPEN:
		open_selected(ui);
		return true;
	case UI_REQ_FILTER:
		ui_prompt_open(ui, UI_PROMPT_FILTER);
		ui->act_sel = 0;
		return true;
	case UI_REQ_REPLY_LOG:
		ui->replies = true;
		ui->rep_sel = 0;
		return true;
	default:
		return false;
	}
}
