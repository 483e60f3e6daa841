/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Marks on events, the export dialog (what and which format), bundles and replay keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perms.h"
#include "ui_int.h"

/* --- marks ----------------------------------------------------------------------------- */

void ui_marks_free(struct ui *ui)
{
	free(ui->marks.seq);
	memset(&ui->marks, 0, sizeof ui->marks);
}

/* Index of the first mark >= seq. */
static size_t lower(const struct ui_marks *mk, uint64_t seq)
{
	size_t lo = 0, hi = mk->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mk->seq[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ui_marked(const struct ui *ui, uint64_t seq)
{
	size_t i = lower(&ui->marks, seq);
	return i < ui->marks.n && ui->marks.seq[i] == seq;
}

static bool reserve(struct ui_marks *mk, size_t more)
{
	if (mk->n + more > UI_MAX_MARKS)
		return false;
	if (mk->n + more <= mk->cap)
		return true;
	size_t cap = mk->cap ? mk->cap : 256;
	while (cap < mk->n + more)
		cap *= 2;
	uint64_t *p = realloc(mk->seq, cap * sizeof *p);
	if (!p)
		return false;
	mk->seq = p;
	mk->cap = cap;
	return true;
}

/* Add seq (kept sorted); false when the set is full. */
static bool add(struct ui_marks *mk, uint64_t seq)
{
	size_t i = lower(mk, seq);
	if (i < mk->n && mk->seq[i] == seq)
		return true;
	if (!reserve(mk, 1))
		return false;
	memmove(mk->seq + i + 1, mk->seq + i, (mk->n - i) * sizeof *mk->seq);
	mk->seq[i] = seq;
	mk->n++;
	return true;
}

/* Drop marks of events the store no longer holds (evicted, not pinned). */
static void prune(struct ui *ui)
{
	struct ui_marks *mk = &ui->marks;
	struct evstore_event e;
	size_t k = 0;
	if (!ui->m || !mk->n || mk->seq[0] >= evstore_first(ui->m->store))
		return;
	for (size_t i = 0; i < mk->n; i++)
		if (mk->seq[i] >= evstore_first(ui->m->store) ||
		    evstore_get(ui->m->store, mk->seq[i], &e))
			mk->seq[k++] = mk->seq[i];
	mk->n = k;
}

size_t ui_marks_count(struct ui *ui)
{
	prune(ui);
	return ui->marks.n;
}

static void toggle(struct ui *ui)
{
	uint64_t seq = evview_selected(ui->view);
	struct ui_marks *mk = &ui->marks;
	if (!seq) {
		ui_msg(ui, UI_MSG_WARN, "no event selected");
		return;
	}
	size_t i = lower(mk, seq);
	if (i < mk->n && mk->seq[i] == seq) {
		memmove(mk->seq + i, mk->seq + i + 1, (mk->n - i - 1) * sizeof *mk->seq);
		mk->n--;
	} else if (!add(mk, seq)) {
		ui_msg(ui, UI_MSG_ERROR, "too many marks (at most %u)", UI_MAX_MARKS);
		return;
	}
	char key[16];
	ui_msg(ui, UI_MSG_INFO, "%zu marked (%s exports them)", ui_marks_count(ui),
	       ui_keys_of(ui, UI_REQ_EXPORT, key, sizeof key));
	/* on to the next row, so m m m marks a run (mutt's tagging); the detail pane stays */
	if (!ui->detail)
		evview_move(ui->view, 1);
}

/*
 * Add the view's rows [lo, hi) to the marks in one merge of two sorted lists (a
 * range can be a million events: inserting one by one would be quadratic).
 */
static bool merge_range(struct ui *ui, size_t lo, size_t hi)
{
	struct ui_marks *mk = &ui->marks;
	size_t add = hi - lo, total = mk->n + add;
	if (total > UI_MAX_MARKS)
		return false;
	uint64_t *out = malloc((total ? total : 1) * sizeof *out);
	if (!out)
		return false;
	size_t i = 0, k = 0, o = 0;
	while (i < mk->n || k < add) {
		uint64_t v = k < add ? evview_at(ui->view, lo + k) : UINT64_MAX;
		if (i < mk->n && mk->seq[i] <= v) {
			k += mk->seq[i] == v; /* already marked: once */
			out[o++] = mk->seq[i++];
		} else {
			out[o++] = v;
			k++;
		}
	}
	free(mk->seq);
	mk->seq = out;
	mk->n = o;
	mk->cap = total ? total : 1;
	return true;
}

/* v: first the anchor, then every event of the view between it and the selection. */
static void range(struct ui *ui)
{
	uint64_t seq = evview_selected(ui->view);
	struct ui_marks *mk = &ui->marks;
	char key[16];
	ui_keys_of(ui, UI_REQ_MARK_RANGE, key, sizeof key);
	if (!seq) {
		ui_msg(ui, UI_MSG_WARN, "no event selected");
		return;
	}
	if (!mk->anchor) {
		mk->anchor = seq;
		evview_select(ui->view, seq); /* stop following: the range needs a still view */
		ui_msg(ui, UI_MSG_INFO,
		       "range from event #%llu: move, then %s at the other end (Esc: "
		       "cancel)",
		       (unsigned long long)seq, key);
		return;
	}
	uint64_t a = mk->anchor < seq ? mk->anchor : seq, b = mk->anchor < seq ? seq : mk->anchor;
	mk->anchor = 0;
	size_t lo = evview_lower_bound(ui->view, a), hi = lo, n = evview_count(ui->view);
	while (hi < n && evview_at(ui->view, hi) <= b)
		hi++;
	if (!merge_range(ui, lo, hi)) {
		ui_msg(ui, UI_MSG_ERROR, "too many marks (at most %u)", UI_MAX_MARKS);
		return;
	}
	ui_msg(ui, UI_MSG_INFO, "%zu events marked, %zu in all (%s exports them)", hi - lo,
	       ui_marks_count(ui), ui_keys_of(ui, UI_REQ_EXPORT, key, sizeof key));
}

bool ui_marks_request(struct ui *ui, enum ui_request r)
{
	switch (r) {
	case UI_REQ_MARK:
		toggle(ui);
		return true;
	case UI_REQ_MARK_RANGE:
		range(ui);
		return true;
	case UI_REQ_MARK_CLEAR:
		ui->marks.n = 0;
		ui->marks.anchor = 0;
		ui_msg(ui, UI_MSG_INFO, "no event is marked");
		return true;
	case UI_REQ_BACK:
		if (!ui->marks.anchor)
			return false;
		ui->marks.anchor = 0;
		ui_msg(ui, UI_MSG_INFO, "range cancelled");
		return true;
	default:
		return false;
	}
}

/* --- which events ---------------------------------------------------------------------- */

struct ev_set {
	uint64_t *seq;
	size_t n, cap;
	bool full;
};

static void set_add(struct ev_set *s, uint64_t seq)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *p = realloc(s->seq, cap * sizeof *p);
		if (!p) {
			s->full = true;
			return;
		}
		s->seq = p;
		s->cap = cap;
	}
	s->seq[s->n++] = seq;
}

static void view_set(struct ui *ui, struct ev_set *s, char *what, size_t cap)
{
	/* a content filter may still be running: finish it, the export wants every match */
	while (evview_update(ui->view, (size_t)1 << 20) == AMI_AGAIN)
		;
	size_t n = evview_count(ui->view);
	for (size_t i = 0; i < n && !s->full; i++)
		set_add(s, evview_at(ui->view, i));
	int hidden = 0;
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		hidden += !(ui->classes_on & ami_perm_class_bit((enum ami_perm_class)c));
	char extra[UI_LINE_MAX + 64] = "";
	if (ui->ev_filter[0])
		snprintf(extra, sizeof extra, "; filter: %s", ui->ev_filter);
	if (hidden)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "; %d class%s hidden",
			 hidden, hidden == 1 ? "" : "es");
	snprintf(what, cap, "the %zu events of the Events view%s%s%s", s->n, *extra ? " (" : "",
		 *extra ? extra + 2 : "", *extra ? ")" : "");
}

struct call_scan {
	uint32_t id;
	struct ev_set *s;
};

static bool call_fn(void *ctx, uint64_t seq, const struct evstore_keys *k)
{
	struct call_scan *c = ctx;
	if (k->linked == c->id || (k->flags & EVSTORE_F_GAP))
		set_add(c->s, seq);
	return !c->s->full;
}

/* Every stored event of the call, and the gap markers between its first and last. */
static void call_set(struct ui *ui, struct ev_set *s, char *what, size_t cap)
{
	const struct evstore *st = ui->m->store;
	struct call_scan c = { intern_find(evstore_calls(st), ami_str_c(ui->exp_call)), s };
	if (c.id)
		evstore_scan(st, evstore_first(st), evstore_last(st), 0xffffffffu, call_fn, &c);
	struct evstore_keys k;
	size_t lo = 0, hi = s->n;
	while (lo < hi && evstore_keys_of(st, s->seq[lo], &k) && (k.flags & EVSTORE_F_GAP))
		lo++;
	while (hi > lo && evstore_keys_of(st, s->seq[hi - 1], &k) && (k.flags & EVSTORE_F_GAP))
		hi--;
	if (lo)
		memmove(s->seq, s->seq + lo, (hi - lo) * sizeof *s->seq);
	s->n = hi - lo;
	snprintf(what, cap, "the %zu events of call %s", s->n, ui->exp_call);
}

static void marked_set(struct ui *ui, struct ev_set *s, char *what, size_t cap)
{
	prune(ui);
	for (size_t i = 0; i < ui->marks.n && !s->full; i++)
		set_add(s, ui->marks.seq[i]);
	snprintf(what, cap, "%zu marked event%s", s->n, s->n == 1 ? "" : "s");
}

static void scope_name(const struct ui *ui, char *buf, size_t cap)
{
	if (ui->exp_scope == UI_SCOPE_CALL)
		snprintf(buf, cap, "call-%s", ui->exp_call);
	else
		snprintf(buf, cap, "%s", ui->exp_scope == UI_SCOPE_MARKED ? "marked" : "view");
}

static void run_export(struct ui *ui, enum ui_export_format fmt)
{
	if (!ui->host.export_events || !ui->m || !ui->view) {
		ui_msg(ui, UI_MSG_WARN, "export is not available");
		return;
	}
	struct ev_set s = { 0 };
	char what[UI_LINE_MAX + 160], scope[CALLTAB_ID + 8], msg[512] = "";
	if (ui->exp_scope == UI_SCOPE_CALL)
		call_set(ui, &s, what, sizeof what);
	else if (ui->exp_scope == UI_SCOPE_MARKED)
		marked_set(ui, &s, what, sizeof what);
	else
		view_set(ui, &s, what, sizeof what);
	scope_name(ui, scope, sizeof scope);
	if (s.full) {
		ui_msg(ui, UI_MSG_ERROR, "export: out of memory");
		free(s.seq);
		return;
	}
	struct ui_export_set set = { fmt, s.seq, s.n, scope, what };
	enum ami_status st = ui->host.export_events(ui->hctx, &set, msg, sizeof msg);
	ui_msg(ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_ERROR, "%s",
	       *msg ? msg : ami_status_str(st));
	free(s.seq);
}

/* --- the dialog ------------------------------------------------------------------------ */

static const struct {
	enum ui_request req;
	enum ui_export_format fmt;
} format_keys[] = {
	{ UI_REQ_EXPORT_TEXT, UI_EXPORT_FMT_TEXT },
	{ UI_REQ_EXPORT_JSON, UI_EXPORT_FMT_JSON },
	{ UI_REQ_EXPORT_RECORDING, UI_EXPORT_FMT_RECORDING },
	{ UI_REQ_EXPORT_CAPTURE, UI_EXPORT_FMT_CAPTURE },
	{ UI_REQ_EXPORT_BUNDLE, UI_EXPORT_FMT_BUNDLE },
};
#define NFORMATS (sizeof format_keys / sizeof format_keys[0])

static const char *const format_help[] = {
#define UI_EXPORT_FORMAT_HELP(name, label, help) help,
	UI_EXPORT_FORMAT_INFO(UI_EXPORT_FORMAT_HELP)
#undef UI_EXPORT_FORMAT_HELP
};

void ui_export_open(struct ui *ui, enum ui_export_scope scope, const char *linkedid)
{
	if (!ui->host.export_events || !ui->m || !ui->view) {
		ui_msg(ui, UI_MSG_WARN, "export is not available");
		return;
	}
	if (scope == UI_SCOPE_VIEW && ui_marks_count(ui))
		scope = UI_SCOPE_MARKED; /* marking is how one says "these" */
	ui->exp_scope = scope;
	snprintf(ui->exp_call, sizeof ui->exp_call, "%s", linkedid ? linkedid : "");
	ui->mode = UI_MODE_EXPORT;
	ui->dirty = true;
}

void ui_export_key(struct ui *ui, enum ui_request r)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		if (format_keys[i].req == r) {
			ui->mode = UI_MODE_NONE;
			run_export(ui, format_keys[i].fmt);
			return;
		}
	}
	if (r == UI_REQ_BACK) {
		ui->mode = UI_MODE_NONE;
		ui_msg(ui, UI_MSG_INFO, "nothing exported");
	} else if (r == UI_REQ_EXPORT_SCOPE && ui->exp_scope != UI_SCOPE_CALL) {
		if (ui->exp_scope == UI_SCOPE_MARKED)
			ui->exp_scope = UI_SCOPE_VIEW;
		else if (ui_marks_count(ui))
			ui->exp_scope = UI_SCOPE_MARKED;
		else
			ui_msg(ui, UI_MSG_WARN, "no event is marked (m marks one, v a range)");
	}
}

static void scope_text(struct ui *ui, char *buf, size_t cap)
{
	size_t marked = ui_marks_count(ui);
	if (ui->exp_scope == UI_SCOPE_CALL)
		snprintf(buf, cap, "every stored event of call %s", ui->exp_call);
	else if (ui->exp_scope == UI_SCOPE_MARKED)
		snprintf(buf, cap, "the %zu marked event%s", marked, marked == 1 ? "" : "s");
	else
		snprintf(buf, cap, "the %zu events of the view%s", evview_count(ui->view),
			 ui->ev_filter[0] ? " (as filtered)" : "");
}

void ui_draw_export(struct ui *ui, struct ui_grid *g, int y, int h)
{
	int w = g->w - 4 > 78 ? 78 : g->w - 4;
	int bh = (int)NFORMATS + 6 < h ? (int)NFORMATS + 6 : h;
	int x = (g->w - w) / 2, top = y + (h - bh) / 2;
	char what[200], key[16], alt[120] = "";
	ui_draw_box(g, top, x, bh, w, UI_EL_BORDER);
	ui_grid_puts(g, top, x + 2, w - 4, " Export ", UI_EL_DIALOG);
	scope_text(ui, what, sizeof what);
	ui_grid_printf(g, top + 1, x + 2, w - 4, UI_EL_DIALOG, "What: %s", what);
	ui_keys_of(ui, UI_REQ_EXPORT_SCOPE, key, sizeof key);
	if (ui->exp_scope == UI_SCOPE_MARKED)
		snprintf(alt, sizeof alt, "%s: the whole view instead", key);
	else if (ui->exp_scope == UI_SCOPE_VIEW && ui->marks.n)
		snprintf(alt, sizeof alt, "%s: the marked events instead", key);
	ui_grid_puts(g, top + 2, x + 8, w - 10, alt, UI_EL_HINT);
	for (size_t i = 0; i < NFORMATS && (int)i + 3 < bh - 2; i++) {
		int row = top + 3 + (int)i;
		ui_keys_of(ui, format_keys[i].req, key, sizeof key);
		ui_grid_printf(g, row, x + 2, 5, UI_EL_HELP_KEY, "%s", key);
		ui_grid_printf(g, row, x + 7, w - 9, UI_EL_DIALOG, "%-14s %s",
			       ui_export_format_label(format_keys[i].fmt),
			       format_help[format_keys[i].fmt]);
	}
	ui_grid_puts(g, top + bh - 2, x + 2, w - 4, "Esc: cancel", UI_EL_HINT);
}

void ui_export_bundle(struct ui *ui)
{
	ui->exp_scope = ui_marks_count(ui) ? UI_SCOPE_MARKED : UI_SCOPE_VIEW;
	run_export(ui, UI_EXPORT_FMT_BUNDLE);
}

/* --- replay controls ------------------------------------------------------------------- */

void ui_replay_request(struct ui *ui, enum ui_request r)
{
	static const struct {
		enum ui_request req;
		enum ui_replay_ctl ctl;
	} map[] = {
		{ UI_REQ_REPLAY_PAUSE, UI_REPLAY_PAUSE },
		{ UI_REQ_REPLAY_STEP, UI_REPLAY_STEP },
		{ UI_REQ_REPLAY_FASTER, UI_REPLAY_FASTER },
		{ UI_REQ_REPLAY_SLOWER, UI_REPLAY_SLOWER },
	};
	if (!ui->replay || !ui->host.replay_control) {
		ui_msg(ui, UI_MSG_WARN, "not replaying a recording (amitui --replay FILE)");
		return;
	}
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].req != r)
			continue;
		char msg[256] = "";
		enum ami_status st = ui->host.replay_control(ui->hctx, map[i].ctl, msg, sizeof msg);
		ui_msg(ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_WARN, "%s",
		       *msg ? msg : ami_status_str(st));
	}
}
