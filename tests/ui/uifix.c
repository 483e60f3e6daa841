/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UI test fixtures: a fake host and models fed from the recorded Asterisk transcripts. */
#include "uifix.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parser.h"
#include "testutil.h"
#include "ui/grid.h"
#include "uitest.h"

static enum ami_status h_send(void *ctx, struct ami_action *a, ui_reply_fn fn, void *cookie)
{
	struct ut_host *h = ctx;
	if (h->send_result != AMI_OK)
		return h->send_result;
	const char *wire;
	size_t len;
	enum ami_status st = ami_action_finish(a, &wire, &len);
	if (st != AMI_OK)
		return st;
	cr_assert_lt(h->nsent, UT_MAX_SENT);
	snprintf(h->wire[h->nsent], sizeof h->wire[0], "%.*s", (int)len, wire);
	h->fn[h->nsent] = fn;
	h->cookie[h->nsent] = cookie;
	h->nsent++;
	return AMI_OK;
}

static enum ami_status h_mask(void *ctx, uint32_t mask)
{
	struct ut_host *h = ctx;
	h->masks++;
	h->mask = mask;
	return AMI_OK;
}

static void h_quit(void *ctx)
{
	((struct ut_host *)ctx)->quits++;
}

static enum ami_status h_export(void *ctx, enum ui_export what, const char *data, size_t len,
				char *msg, size_t cap)
{
	struct ut_host *h = ctx;
	h->exports++;
	h->export_what = what;
	snprintf(h->exported, sizeof h->exported, "%.*s", (int)len, data);
	snprintf(msg, cap, "saved to /tmp/%s.txt", ui_export_label(what));
	return AMI_OK;
}

static enum ami_status h_export_events(void *ctx, const struct ui_export_set *set, char *msg,
				       size_t cap)
{
	struct ut_host *h = ctx;
	h->event_exports++;
	h->ev_set = *set;
	cr_assert_leq(set->n, sizeof h->ev_seqs / sizeof h->ev_seqs[0]);
	memcpy(h->ev_seqs, set->seqs, set->n * sizeof *set->seqs);
	h->ev_set.seqs = h->ev_seqs;
	snprintf(h->ev_scope, sizeof h->ev_scope, "%s", set->scope);
	snprintf(h->ev_what, sizeof h->ev_what, "%s", set->what);
	snprintf(msg, cap, "%zu events saved to /tmp/amitui-%s.x (%s)", set->n, set->scope,
		 ui_export_format_label(set->format));
	return AMI_OK;
}

static enum ami_status h_replay(void *ctx, enum ui_replay_ctl what, char *msg, size_t cap)
{
	struct ut_host *h = ctx;
	h->replay_ctls++;
	h->replay_last = what;
	snprintf(msg, cap, "replay control %d", (int)what);
	return AMI_OK;
}

static void h_choose(void *ctx, const char *name)
{
	struct ut_host *h = ctx;
	snprintf(h->chosen, sizeof h->chosen, "%s", name);
}

static void h_login(void *ctx, const struct ui_login *l)
{
	struct ut_host *h = ctx;
	snprintf(h->login_host, sizeof h->login_host, "%s", l->host);
	snprintf(h->login_user, sizeof h->login_user, "%s", l->user);
	snprintf(h->login_secret, sizeof h->login_secret, "%s", l->secret);
}

static int64_t h_now(void *ctx)
{
	return ((struct ut_host *)ctx)->now;
}

void ut_host_init(struct ut_host *h)
{
	memset(h, 0, sizeof *h);
	h->host = (struct ui_host){ .send = h_send,
				    .set_event_mask = h_mask,
				    .quit = h_quit,
				    .export_data = h_export,
				    .export_events = h_export_events,
				    .replay_control = h_replay,
				    .choose_profile = h_choose,
				    .login = h_login,
				    .now_us = h_now };
	h->now = UT_T0 + 60 * 1000000LL;
}

struct ui *ut_ui(struct ut_host *h, const struct ui_config *cfg, int rows, int cols)
{
	setenv("TZ", "UTC", 1);
	tzset();
	char err[256] = "";
	struct ui_config none = { 0 };
	struct ui *ui = ui_new(cfg ? cfg : &none, &h->host, h, err, sizeof err);
	cr_assert_not_null(ui, "ui_new: %s", err);
	ui_resize_to(ui, rows, cols);
	return ui;
}

void ut_model(struct model *m, const char *user)
{
	cr_assert_eq(model_init(m, NULL, user), AMI_OK);
}

static bool is_listcommands(const struct ami_msg *msg)
{
	if (msg->kind != AMI_MSG_RESPONSE || msg->nhdrs < 3)
		return false;
	struct ami_str v =
	    msg->hdrs[2].val ? ami_str_make(msg->hdrs[2].val, msg->hdrs[2].vlen) : AMI_STR_NULL;
	return v.p && ami_str_find(v, "(Priv: ") >= 0;
}

size_t ut_feed(struct model *m, const char *fixture, size_t limit)
{
	size_t len, n = 0;
	char *raw = tu_load(fixture, &len);
	struct ami_parser p;
	cr_assert_eq(ami_parser_init(&p, NULL), AMI_OK);
	ami_parser_feed(&p, raw, len);
	struct ami_msg msg;
	while ((limit == 0 || n < limit) && ami_parser_next(&p, &msg) == AMI_OK) {
		if (msg.kind == AMI_MSG_BANNER) {
			size_t bl = msg.rawlen;
			while (bl && (msg.raw[bl - 1] == '\r' || msg.raw[bl - 1] == '\n'))
				bl--;
			rights_set_banner(m->rights, ami_str_make(msg.raw, bl));
			continue;
		}
		if (is_listcommands(&msg))
			rights_from_listcommands(m->rights, &msg);
		cr_assert_eq(model_ingest(m, &msg, UT_T0 + (int64_t)n * 100000, NULL), AMI_OK);
		n++;
	}
	ami_parser_free(&p);
	free(raw);
	return n;
}

void ut_settle(struct ui *ui)
{
	static int64_t clock_ms = 1000000;
	for (int i = 0; i < 100000; i++) {
		clock_ms += 40;
		if (ui_render_if_due(ui, clock_ms) != 33)
			return;
	}
	cr_assert_fail("the UI never settled");
}

char *ut_screen(struct ui *ui)
{
	ut_settle(ui);
	return ut_grid_text(ui_frame(ui));
}

static void deliver(struct ut_host *h, int k, const struct ami_msg *msg, bool last)
{
	struct ami_str resp = ami_msg_get(msg, "Response");
	struct ami_str evl = ami_msg_get(msg, "EventList");
	char text[256];
	ami_msg_cstr(msg, "Message", text, sizeof text);
	struct ui_reply r = { 0 };
	r.msg = msg;
	r.text = text;
	if (msg->kind == AMI_MSG_EVENT) {
		r.kind = ami_str_ieq(evl, "Complete") ? UI_REPLY_COMPLETE : UI_REPLY_ITEM;
	} else {
		r.kind = UI_REPLY_RESPONSE;
		if (ami_str_ieq(resp, "Error"))
			r.status = strcmp(text, "Permission denied") == 0 ? AMI_E_PERMISSION
									  : AMI_E_ACTION_FAILED;
	}
	r.final = last || r.kind == UI_REPLY_COMPLETE ||
		  (r.kind == UI_REPLY_RESPONSE && !ami_str_ieq(evl, "start"));
	h->fn[k](h->cookie[k], &r);
}

void ut_reply(struct ut_host *h, int k, const char *fixture, const char *id)
{
	cr_assert_lt(k, h->nsent);
	size_t len;
	char *raw = tu_load(fixture, &len);
	struct ami_parser p;
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.expect_banner = strncmp(raw, "Asterisk Call Manager/", 22) == 0;
	ami_parser_init(&p, &lim);
	ami_parser_feed(&p, raw, len);
	struct ami_msg msg;
	int found = 0;
	while (ami_parser_next(&p, &msg) == AMI_OK) {
		if (!ami_str_eq(ami_msg_get(&msg, "ActionID"), id))
			continue;
		found++;
		deliver(h, k, &msg, false);
		if (msg.kind == AMI_MSG_RESPONSE &&
		    !ami_str_ieq(ami_msg_get(&msg, "EventList"), "start"))
			break;
		if (ami_str_ieq(ami_msg_get(&msg, "EventList"), "Complete"))
			break;
	}
	cr_assert_gt(found, 0, "no message with ActionID %s in %s", id, fixture);
	ami_parser_free(&p);
	free(raw);
}

void ut_reply_text(struct ut_host *h, int k, const char *text)
{
	cr_assert_lt(k, h->nsent);
	struct ami_parser p;
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.expect_banner = false;
	ami_parser_init(&p, &lim);
	ami_parser_feed(&p, text, strlen(text));
	struct ami_msg msg;
	cr_assert_eq(ami_parser_next(&p, &msg), AMI_OK, "bad reply text");
	deliver(h, k, &msg, true);
	ami_parser_free(&p);
}
