/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Events screen: the view's visible page, the detail pane, filter and search, pin, copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/perms.h"
#include "model/evsum.h"
#include "ui/text.h"
#include "ui_int.h"

#define MAX_ROWS UI_GRID_MAX_H
#define DETAIL_HDRS 512
#define VIEW_BUDGET 20000
#define SEARCH_BUDGET 50000

void ui_events_init(struct ui *ui)
{
	ui->classes_on = ami_perm_known_mask() | EVSTORE_CLS_OTHER;
	ui->search_dir = 1;
}

void ui_events_apply_classes(struct ui *ui)
{
	if (ui->view)
		evview_set_classes(ui->view, ui->classes_on);
	if (ui->m && ui->m->rights)
		rights_note_visible(ui->m->rights, ui->classes_on & ami_perm_known_mask());
	ui->dirty = true;
}

int ui_events_work(struct ui *ui)
{
	int more = 0;
	if (!ui->view)
		return 0;
	if (evview_update(ui->view, VIEW_BUDGET) == AMI_AGAIN)
		more = 1;
	if (evview_searching(ui->view)) {
		uint64_t found = 0;
		enum ami_status st = evview_search_step(ui->view, SEARCH_BUDGET, &found);
		if (st == AMI_AGAIN) {
			more = 1;
		} else if (st == AMI_OK) {
			ui->detail_seq = found;
			ui->detail_scroll = 0;
		} else {
			ui_msg(ui, UI_MSG_WARN, "no more matches %s",
			       ui->search_dir > 0 ? "below" : "above");
		}
	}
	return more;
}

/* --- columns ------------------------------------------------------------------------- */

struct ev_cols {
	int time, cls, name, chan; /* widths; the summary takes the rest */
	bool ms, short_cls;
};

static void columns(int w, struct ev_cols *c)
{
	if (w >= 160)
		*c = (struct ev_cols){ 12, 9, 22, 30, true, false };
	else if (w >= 100)
		*c = (struct ev_cols){ 8, 9, 18, 24, false, false };
	else
		*c = (struct ev_cols){ 8, 4, 16, 16, false, true };
}

static void format_time(int64_t us, bool ms, char *buf, size_t cap)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	localtime_r(&t, &tm);
	if (ms)
		snprintf(buf, cap, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (int)((us / 1000) % 1000));
	else
		snprintf(buf, cap, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static enum ui_element name_el(const struct evstore_event *e, const char *name)
{
	if (e->flags & EVSTORE_F_GAP)
		return UI_EL_STATUS_WARN;
	if (e->kind == AMI_MSG_RESPONSE || e->kind == AMI_MSG_FOLLOWS)
		return UI_EL_EVENT_REPLY;
	if (strcmp(name, "Hangup") == 0)
		return UI_EL_EVENT_HANGUP;
	if (strcmp(name, "Newchannel") == 0)
		return UI_EL_EVENT_NEWCHANNEL;
	if (strncmp(name, "Bridge", 6) == 0)
		return UI_EL_EVENT_BRIDGE;
	if (strncmp(name, "Dial", 4) == 0)
		return UI_EL_EVENT_DIAL;
	if ((e->cls & AMI_PERM_SECURITY) && strcmp(name, "SuccessfulAuth") != 0)
		return UI_EL_EVENT_SECURITY;
	return UI_EL_EVENT_NAME;
}

static void class_text(uint32_t cls, bool short_names, char *buf, size_t cap, enum ui_element *el)
{
	*el = UI_EL_EVENT_REPLY;
	if (cls & EVSTORE_CLS_NOTE) {
		snprintf(buf, cap, "note");
		*el = UI_EL_STATUS_WARN;
		return;
	}
	for (int c = 0; c < AMI_CLASS_COUNT; c++) {
		if (cls & ami_perm_class_bit((enum ami_perm_class)c)) {
			snprintf(buf, cap, "%s",
				 short_names ? ui_class_short((enum ami_perm_class)c)
					     : ami_perm_class_label((enum ami_perm_class)c));
			*el = UI_EL_CLASS(c);
			return;
		}
	}
	snprintf(buf, cap, "-");
}

static void summary_of(struct ui *ui, uint64_t seq, const char *chan, char *buf, size_t cap)
{
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	buf[0] = '\0';
	if (!evstore_parse(ui->m->store, seq, &m, hdrs, 64))
		return;
	evsum_format(&m, NULL, buf, cap);
	size_t cl = strlen(chan);
	/* The channel has its own column: do not say it twice. */
	if (cl && strncmp(buf, chan, cl) == 0 && buf[cl] == ' ')
		memmove(buf, buf + cl + 1, strlen(buf + cl + 1) + 1);
}

static void draw_row(struct ui *ui, struct ui_grid *g, int y, int w, uint64_t seq,
		     const struct ev_cols *c, bool cursor)
{
	struct evstore_event e;
	if (!evstore_get(ui->m->store, seq, &e))
		return;
	const char *name = intern_cstr(evstore_names(ui->m->store), e.name);
	const char *chan = intern_cstr(evstore_chans(ui->m->store), e.chan);
	char tbuf[24], cbuf[24], sum[512];
	enum ui_element cel;
	format_time(e.time_us, c->ms, tbuf, sizeof tbuf);
	class_text(e.cls, c->short_cls, cbuf, sizeof cbuf, &cel);
	int x = 0;
	bool marked = ui_marked(ui, seq);
	const char *mark = (e.flags & EVSTORE_F_PINNED) ? "*" : marked ? "+" : " ";
	ui_grid_puts(g, y, x, 1, mark, marked ? UI_EL_LIST_MARKED : UI_EL_LIST_PINNED);
	x += 1;
	ui_grid_puts(g, y, x, c->time, tbuf, marked ? UI_EL_LIST_MARKED : UI_EL_EVENT_TIME);
	x += c->time + 1;
	ui_grid_puts(g, y, x, c->cls, cbuf, cel);
	x += c->cls + 1;
	if (e.flags & EVSTORE_F_GAP) {
		summary_of(ui, seq, "", sum, sizeof sum);
		ui_grid_puts(g, y, x, w - x, sum, UI_EL_STATUS_WARN);
	} else {
		ui_grid_puts(g, y, x, c->name, name, name_el(&e, name));
		x += c->name + 1;
		ui_put_tail(g, y, x, c->chan, chan, UI_EL_DEFAULT);
		x += c->chan + 1;
		summary_of(ui, seq, chan, sum, sizeof sum);
		ui_grid_puts(g, y, x, w - x, sum, UI_EL_DEFAULT);
	}
	if (cursor)
		ui_grid_set_el(g, y, 0, w, UI_EL_LIST_CURSOR);
}

static void draw_header(struct ui_grid *g, int y, int w, const struct ev_cols *c)
{
	ui_grid_fill(g, y, 0, w, UI_EL_LIST_HEADER);
	int x = 1;
	ui_grid_puts(g, y, x, c->time, "Time", UI_EL_LIST_HEADER);
	x += c->time + 1;
	ui_grid_puts(g, y, x, c->cls, c->short_cls ? "Cls" : "Class", UI_EL_LIST_HEADER);
	x += c->cls + 1;
	ui_grid_puts(g, y, x, c->name, "Event", UI_EL_LIST_HEADER);
	x += c->name + 1;
	ui_grid_puts(g, y, x, c->chan, "Channel", UI_EL_LIST_HEADER);
	x += c->chan + 1;
	ui_grid_puts(g, y, x, w - x, "Summary", UI_EL_LIST_HEADER);
}

static void draw_list(struct ui *ui, struct ui_grid *g, int y, int h, int w)
{
	struct ev_cols c;
	columns(w, &c);
	draw_header(g, y, w, &c);
	y++;
	h--;
	if (h <= 0)
		return;
	if (!ui->view || evview_count(ui->view) == 0) {
		ui_grid_puts(g, y + h / 2, 2, w - 2,
			     ui->m ? "no events (yet) match the classes and filter shown"
				   : "not connected",
			     UI_EL_HINT);
		return;
	}
	uint64_t seqs[MAX_ROWS];
	size_t sel = 0;
	size_t n = evview_page(ui->view, (size_t)h, seqs, &sel);
	for (size_t i = 0; i < n; i++)
		draw_row(ui, g, y + (int)i, w, seqs[i], &c, i == sel);
}

/* --- detail pane --------------------------------------------------------------------- */

static void draw_detail(struct ui *ui, struct ui_grid *g, int y, int h, int x, int w)
{
	uint64_t seq = ui->view ? evview_selected(ui->view) : 0;
	for (int i = y; i < y + h; i++)
		ui_grid_fill(g, i, x, w, UI_EL_DEFAULT);
	struct evstore_event e;
	struct ami_hdr *hdrs = calloc(DETAIL_HDRS, sizeof *hdrs);
	struct ami_msg m;
	if (!hdrs || !seq || !evstore_get(ui->m->store, seq, &e) ||
	    !evstore_parse(ui->m->store, seq, &m, hdrs, DETAIL_HDRS)) {
		ui_grid_puts(g, y, x + 1, w - 1, "no event selected", UI_EL_HINT);
		free(hdrs);
		return;
	}
	char tbuf[24];
	format_time(e.time_us, true, tbuf, sizeof tbuf);
	ui_grid_fill(g, y, x, w, UI_EL_LIST_HEADER);
	ui_grid_printf(g, y, x + 1, w - 1, UI_EL_LIST_HEADER, "#%llu  %s  %u headers%s",
		       (unsigned long long)seq, tbuf, m.nhdrs,
		       (e.flags & EVSTORE_F_PINNED) ? "  pinned" : "");
	int kw = 0;
	for (uint32_t i = 0; i < m.nhdrs; i++)
		if ((int)hdrs[i].klen > kw)
			kw = (int)hdrs[i].klen;
	if (kw > w / 2)
		kw = w / 2;
	int lines = (int)m.nhdrs;
	int max_scroll = lines - (h - 1) > 0 ? lines - (h - 1) : 0;
	if (ui->detail_scroll > max_scroll)
		ui->detail_scroll = max_scroll;
	for (int row = 1; row < h; row++) {
		int i = ui->detail_scroll + row - 1;
		if (i >= lines)
			break;
		const struct ami_hdr *hd = &hdrs[i];
		/* "Key:" then the value in one column, like the wire text but aligned. */
		int kx = ui_grid_put(g, y + row, x + 1, kw, hd->key, hd->klen, UI_EL_DETAIL_KEY);
		if (hd->val) {
			ui_grid_puts(g, y + row, x + 1 + kx, 1, ":", UI_EL_DETAIL_KEY);
			ui_grid_put(g, y + row, x + 3 + kw, w - kw - 3, hd->val, hd->vlen,
				    UI_EL_DETAIL_VALUE);
		}
	}
	free(hdrs);
}

static bool filter_line_shown(const struct ui *ui)
{
	return ui->ev_filter[0] != '\0' && ui->mode != UI_MODE_PROMPT;
}

void ui_draw_events(struct ui *ui, struct ui_grid *g, int y, int h)
{
	int cb = ui_classbar_rows(ui);
	ui_draw_classbar(ui, g, y);
	y += cb;
	h -= cb;
	if (filter_line_shown(ui)) {
		ui_grid_fill(g, y, 0, g->w, UI_EL_FILTER);
		int x = ui_grid_puts(g, y, 1, g->w - 1, "filter: ", UI_EL_HINT) + 1;
		ui_grid_puts(g, y, x, g->w - x, ui->ev_filter, UI_EL_FILTER);
		y++;
		h--;
	}
	if (ui->mode == UI_MODE_PROMPT)
		h--; /* the prompt line sits above the message line */
	if (h <= 1)
		return;
	if (!ui->detail) {
		draw_list(ui, g, y, h, g->w);
		return;
	}
	if (g->w >= 160) {
		int dw = g->w * 2 / 5;
		draw_list(ui, g, y, h, g->w - dw - 1);
		ui_grid_vline(g, y, g->w - dw - 1, h, UI_EL_BORDER);
		draw_detail(ui, g, y, h, g->w - dw, dw);
	} else {
		draw_detail(ui, g, y, h, 0, g->w);
	}
}

/* --- requests ------------------------------------------------------------------------ */

static int page_rows(const struct ui *ui)
{
	int h = ui->rows - 5 - ui_classbar_rows(ui);
	return h > 1 ? h : 1;
}

static void event_text(struct ui *ui, uint64_t seq, struct ami_buf *out)
{
	struct evstore_event e;
	if (!evstore_get(ui->m->store, seq, &e))
		return;
	/* The raw text with CRLF as LF, exactly the headers as received. */
	for (size_t i = 0; i < e.len; i++)
		if (e.raw[i] != '\r')
			ami_buf_addc(out, e.raw[i]);
}

static void copy_event(struct ui *ui, bool to_file)
{
	uint64_t seq = ui->view ? evview_selected(ui->view) : 0;
	if (!seq) {
		ui_msg(ui, UI_MSG_WARN, "no event selected");
		return;
	}
	struct ami_buf b;
	ami_buf_init(&b, 1u << 20);
	event_text(ui, seq, &b);
	if (!to_file) {
		ui_screen_osc52(ui, b.p ? b.p : "", b.len);
		ui_msg(ui, UI_MSG_INFO,
		       "event #%llu copied to the terminal clipboard (OSC 52; Y saves to a file)",
		       (unsigned long long)seq);
	} else if (!ui->host.export_data) {
		ui_msg(ui, UI_MSG_WARN, "saving is not available");
	} else {
		char msg[256] = "";
		enum ami_status st = ui->host.export_data(ui->hctx, UI_EXPORT_EVENT, b.p ? b.p : "",
							  b.len, msg, sizeof msg);
		ui_msg(ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_ERROR, "event #%llu: %s",
		       (unsigned long long)seq, *msg ? msg : ami_status_str(st));
	}
	ami_buf_free(&b);
}

static void toggle_pin(struct ui *ui)
{
	uint64_t seq = ui->view ? evview_selected(ui->view) : 0;
	struct evstore_event e;
	if (!seq || !evstore_get(ui->m->store, seq, &e)) {
		ui_msg(ui, UI_MSG_WARN, "no event selected");
		return;
	}
	bool pinned = e.flags & EVSTORE_F_PINNED;
	enum ami_status st =
	    pinned ? evstore_unpin(ui->m->store, seq) : evstore_pin(ui->m->store, seq);
	if (st == AMI_OK)
		ui_msg(ui, UI_MSG_INFO, "%s event #%llu", pinned ? "unpinned" : "pinned",
		       (unsigned long long)seq);
	else
		ui_msg(ui, UI_MSG_ERROR, "pin: %s", ami_status_str(st));
}

static bool detail_request(struct ui *ui, enum ui_request r)
{
	int page = page_rows(ui) - 1;
	switch (r) {
	case UI_REQ_MOVE_UP:
		ui->detail_scroll -= ui->detail_scroll > 0;
		return true;
	case UI_REQ_MOVE_DOWN:
		ui->detail_scroll++;
		return true;
	case UI_REQ_PAGE_UP:
		ui->detail_scroll = ui->detail_scroll > page ? ui->detail_scroll - page : 0;
		return true;
	case UI_REQ_PAGE_DOWN:
		ui->detail_scroll += page;
		return true;
	case UI_REQ_MOVE_TOP:
		ui->detail_scroll = 0;
		return true;
	case UI_REQ_MOVE_BOTTOM:
		ui->detail_scroll = 1 << 20;
		return true;
	case UI_REQ_BACK:
		ui->detail = false;
		return true;
	default:
		return false;
	}
}

void ui_events_search(struct ui *ui, const char *text, int dir)
{
	struct evfilter *f = NULL;
	struct evfilter_error err;
	if (!ui->view)
		return;
	if (!text[0]) {
		ui_msg(ui, UI_MSG_WARN, "no search yet: %s starts one", "s");
		return;
	}
	if (evfilter_compile(text, &f, &err) != AMI_OK) {
		ui_msg(ui, UI_MSG_ERROR, "search: column %zu: %s", err.column, err.msg);
		return;
	}
	ui->search_dir = dir;
	evview_search_start(ui->view, f, dir);
	ui_events_work(ui);
}

static bool list_request(struct ui *ui, enum ui_request r)
{
	struct evview *v = ui->view;
	switch (r) {
	case UI_REQ_MOVE_UP:
		evview_move(v, -1);
		return true;
	case UI_REQ_MOVE_DOWN:
		evview_move(v, 1);
		return true;
	case UI_REQ_PAGE_UP:
		evview_move(v, -(long)page_rows(ui));
		return true;
	case UI_REQ_PAGE_DOWN:
		evview_move(v, page_rows(ui));
		return true;
	case UI_REQ_MOVE_TOP:
		evview_home(v);
		return true;
	case UI_REQ_MOVE_BOTTOM:
		evview_end(v);
		return true;
	case UI_REQ_FOLLOW:
		/* Pausing freezes on the newest event shown, not on the last selection. */
		if (evview_following(v))
			evview_select(v, evview_selected(v));
		else
			evview_follow(v, true);
		return true;
	case UI_REQ_OPEN:
		ui->detail = evview_selected(v) != 0;
		ui->detail_scroll = 0;
		return true;
	case UI_REQ_CLASS_BAR:
		ui->mode = UI_MODE_CLASSBAR;
		return true;
	case UI_REQ_EXPORT:
		ui_export_open(ui, UI_SCOPE_VIEW, NULL);
		return true;
	default:
		return false;
	}
}

bool ui_events_request(struct ui *ui, enum ui_request r)
{
	if (!ui->view)
		return r == UI_REQ_FILTER ? (ui_prompt_open(ui, UI_PROMPT_FILTER), true) : false;
	if (ui->detail && detail_request(ui, r))
		return true;
	switch (r) {
	case UI_REQ_FILTER:
		ui_prompt_open(ui, UI_PROMPT_FILTER);
		return true;
	case UI_REQ_SEARCH:
		ui_prompt_open(ui, UI_PROMPT_SEARCH);
		return true;
	case UI_REQ_NEXT_MATCH:
		ui_events_search(ui, ui->ev_search, 1);
		return true;
	case UI_REQ_PREV_MATCH:
		ui_events_search(ui, ui->ev_search, -1);
		return true;
	case UI_REQ_PIN:
		toggle_pin(ui);
		return true;
	case UI_REQ_COPY:
	case UI_REQ_SAVE:
		copy_event(ui, r == UI_REQ_SAVE);
		return true;
	default:
		return ui_marks_request(ui, r) || list_request(ui, r);
	}
}

bool ui_events_set_filter(struct ui *ui, const char *text)
{
	struct evfilter *f = NULL;
	struct evfilter_error err;
	if (evfilter_compile(text, &f, &err) != AMI_OK) {
		snprintf(ui->prompt_err, sizeof ui->prompt_err, "%s", err.msg);
		ui->prompt_err_col = err.column;
		return false;
	}
	snprintf(ui->ev_filter, sizeof ui->ev_filter, "%s", text);
	if (evfilter_is_empty(f)) {
		evfilter_free(f);
		f = NULL;
	}
	if (ui->view)
		evview_set_filter(ui->view, f);
	else
		evfilter_free(f);
	ui->prompt_err[0] = '\0';
	return true;
}
