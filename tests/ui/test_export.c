/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Marks, the export dialog and the replay keys: which events reach the host (the
 * view as filtered, the marked ones, one call's), in which format, and the replay
 * controls only when replaying.
 */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(export, .init = ut_setup);

struct fx {
	struct model m;
	struct ut_host h;
	struct ui *ui;
};

static void open_fx(struct fx *f, const char *fixture, int rows, int cols,
		    const struct ui_config *cfg)
{
	ut_model(&f->m, "admin");
	ut_feed(&f->m, fixture, 0);
	ut_host_init(&f->h);
	f->ui = ut_ui(&f->h, cfg, rows, cols);
	cr_assert_eq(ui_set_model(f->ui, &f->m), AMI_OK);
	ut_settle(f->ui);
}

static void close_fx(struct fx *f)
{
	ui_free(f->ui);
	model_free(&f->m);
}

static char *screen(struct fx *f)
{
	return ut_screen(f->ui);
}

static bool screen_has(struct fx *f, const char *needle)
{
	char *s = screen(f);
	bool found = strstr(s, needle) != NULL;
	free(s);
	return found;
}

/* Every seq of the store, oldest first (the view with every class and no filter). */
static size_t all_seqs(struct fx *f, uint64_t *out, size_t cap)
{
	size_t n = 0;
	for (uint64_t q = evstore_first(f->m.store); q <= evstore_last(f->m.store) && n < cap; q++)
		out[n++] = q;
	return n;
}

/* Keys typed one at a time, a frame drawn after each (as a person types). */
static void keys(struct fx *f, const char *text)
{
	for (const char *k = text; *k; k++) {
		char one[2] = { *k, '\0' };
		ui_feed_text(f->ui, one);
		ut_settle(f->ui);
	}
}

Test(export, m_marks_and_moves_on_v_marks_a_range_and_e_exports_the_marks)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 30, 100, NULL);
	uint64_t all[512];
	size_t n = all_seqs(&f, all, 512);
	cr_assert_gt(n, 12);
	keys(&f, "gmm");     /* 0 and 1 marked, the cursor on 2 */
	keys(&f, "jjvjjjv"); /* 4..7 */
	cr_assert(screen_has(&f, " 6 marked"), "the tab row counts the marks");
	char *s = screen(&f);
	char row[256];
	const struct ui_grid *g = ui_frame(f.ui);
	int first = -1;
	for (int y = 0; y < g->h && first < 0; y++) {
		ui_grid_row_text(g, y, row, sizeof row);
		if (strstr(row, " Time ") && strstr(row, "Event"))
			first = y + 1;
	}
	cr_assert_geq(first, 0, "%s", s);
	ui_grid_row_text(g, first, row, sizeof row);
	cr_assert_eq(row[0], '+', "a marked row starts with +: %s\n%s", row, s);
	ui_grid_row_text(g, first + 2, row, sizeof row);
	cr_assert_eq(row[0], ' ', "an unmarked row: %s", row);
	free(s);
	keys(&f, "et");
	cr_assert_eq(f.h.event_exports, 1);
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_TEXT);
	cr_assert_str_eq(f.h.ev_scope, "marked");
	cr_assert_str_eq(f.h.ev_what, "6 marked events");
	uint64_t want[] = { all[0], all[1], all[4], all[5], all[6], all[7] };
	cr_assert_eq(f.h.ev_set.n, 6);
	cr_assert_arr_eq(f.h.ev_seqs, want, sizeof want);
	cr_assert(screen_has(&f, "6 events saved to /tmp/amitui-marked.x (text)"),
		  "the message line says where the file went");
	/* M clears: e then exports the whole view */
	keys(&f, "Met");
	cr_assert_eq(f.h.event_exports, 2);
	cr_assert_str_eq(f.h.ev_scope, "view");
	cr_assert_eq(f.h.ev_set.n, n);
	cr_assert_arr_eq(f.h.ev_seqs, all, n * sizeof *all);
	close_fx(&f);
}

Test(export, m_again_unmarks_and_esc_cancels_a_range)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 30, 100, NULL);
	uint64_t all[512];
	all_seqs(&f, all, 512);
	keys(&f, "gmkm"); /* mark 0, back up, unmark it */
	keys(&f, "jjv\x1b");
	cr_assert(screen_has(&f, "range cancelled"));
	keys(&f, "jmej");
	cr_assert_eq(f.h.ev_set.n, 1);
	cr_assert_eq(f.h.ev_seqs[0], all[4], "only the event marked last");
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_JSON);
	close_fx(&f);
}

Test(export, a_range_over_marks_keeps_each_event_once_and_in_order)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 30, 100, NULL);
	uint64_t all[512];
	all_seqs(&f, all, 512);
	keys(&f, "gjjjjjm");   /* 5 marked, the cursor on 6 */
	keys(&f, "gmkkk");     /* 0 marked too; the cursor back on 0 */
	keys(&f, "jjjvjjjjv"); /* 3..7 over the mark on 5 */
	keys(&f, "ej");
	uint64_t want[] = { all[0], all[3], all[4], all[5], all[6], all[7] };
	cr_assert_eq(f.h.ev_set.n, 6);
	cr_assert_arr_eq(f.h.ev_seqs, want, sizeof want);
	close_fx(&f);
}

Test(export, the_dialog_switches_scope_with_tab_and_esc_exports_nothing)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 24, 80, NULL);
	keys(&f, "gm");
	keys(&f, "e");
	char *s = screen(&f);
	cr_assert_not_null(strstr(s, " Export "), "%s", s);
	cr_assert_not_null(strstr(s, "What: the 1 marked event "), "%s", s);
	cr_assert_not_null(strstr(s, "Tab: the whole view instead"), "%s", s);
	cr_assert_not_null(strstr(s, "r    recording      AMI bytes with receive times"), "%s", s);
	ut_golden("export_dialog_80x24.txt", s);
	free(s);
	keys(&f, "\t");
	cr_assert(screen_has(&f, "What: the "));
	cr_assert(screen_has(&f, "events of the view"));
	keys(&f, "\x1b");
	cr_assert_eq(f.h.event_exports, 0);
	cr_assert(screen_has(&f, "nothing exported"));
	cr_assert_not(screen_has(&f, " Export "), "the dialog closed");
	keys(&f, "e\tr");
	cr_assert_eq(f.h.event_exports, 1);
	cr_assert_str_eq(f.h.ev_scope, "view");
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_RECORDING);
	close_fx(&f);
}

Test(export, a_filtered_view_exports_exactly_what_it_shows)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 30, 100, NULL);
	keys(&f, "/Hangup\r");
	keys(&f, "ej");
	size_t want = 0;
	for (uint64_t q = evstore_first(f.m.store); q <= evstore_last(f.m.store); q++) {
		struct ami_msg m;
		struct ami_hdr h[64];
		cr_assert(evstore_parse(f.m.store, q, &m, h, 64));
		want += ami_str_eq(ami_msg_get(&m, "Event"), "Hangup");
	}
	cr_assert_gt(want, 0);
	cr_assert_eq(f.h.ev_set.n, want);
	for (size_t i = 0; i < f.h.ev_set.n; i++) {
		struct ami_msg m;
		struct ami_hdr h[64];
		cr_assert(evstore_parse(f.m.store, f.h.ev_seqs[i], &m, h, 64));
		cr_assert(ami_str_eq(ami_msg_get(&m, "Event"), "Hangup"));
	}
	cr_assert_not_null(strstr(f.h.ev_what, "(filter: Hangup)"), "%s", f.h.ev_what);
	close_fx(&f);
}

Test(export, the_calls_view_exports_every_event_of_the_selected_call)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05c_dial_events_admin.raw", 30, 120, NULL);
	keys(&f, "2g");
	const struct calltab_call *c[4];
	cr_assert_geq(calltab_calls(f.m.calls, c, 4), 1);
	char linked[CALLTAB_ID];
	snprintf(linked, sizeof linked, "%s", c[0]->linkedid);
	keys(&f, "ea");
	cr_assert_eq(f.h.event_exports, 1);
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_CAPTURE);
	char scope[96];
	snprintf(scope, sizeof scope, "call-%s", linked);
	cr_assert_str_eq(f.h.ev_scope, scope);
	size_t want = 0;
	for (uint64_t q = evstore_first(f.m.store); q <= evstore_last(f.m.store); q++) {
		struct ami_msg m;
		struct ami_hdr h[128];
		cr_assert(evstore_parse(f.m.store, q, &m, h, 128));
		if (!ami_str_eq(ami_msg_get(&m, "Linkedid"), linked))
			continue;
		cr_assert_lt(want, f.h.ev_set.n);
		cr_assert_eq(f.h.ev_seqs[want], q, "event %zu of the call", want);
		want++;
	}
	cr_assert_gt(want, 5);
	cr_assert_eq(f.h.ev_set.n, want);
	close_fx(&f);
}

Test(export, B_writes_a_bundle_of_the_marked_events_else_the_view)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 24, 80, NULL);
	uint64_t all[512];
	size_t n = all_seqs(&f, all, 512);
	keys(&f, "B");
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_BUNDLE);
	cr_assert_eq(f.h.ev_set.n, n);
	keys(&f, "2B"); /* from another view too */
	cr_assert_eq(f.h.event_exports, 2);
	keys(&f, "1gmmB");
	cr_assert_eq(f.h.ev_set.n, 2);
	cr_assert_str_eq(f.h.ev_scope, "marked");
	close_fx(&f);
}

Test(export, replay_keys_reach_the_host_only_when_replaying)
{
	struct fx f;
	struct ui_config cfg = { .replay = true };
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 24, 80, &cfg);
	const struct {
		const char *key;
		enum ui_replay_ctl ctl;
	} cases[] = { { "P", UI_REPLAY_PAUSE },
		      { ".", UI_REPLAY_STEP },
		      { "+", UI_REPLAY_FASTER },
		      { "=", UI_REPLAY_FASTER },
		      { "-", UI_REPLAY_SLOWER } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		keys(&f, cases[i].key);
		cr_assert_eq(f.h.replay_ctls, (int)i + 1, "%s", cases[i].key);
		cr_assert_eq(f.h.replay_last, cases[i].ctl, "%s", cases[i].key);
	}
	keys(&f, "2P5.");
	cr_assert_eq(f.h.replay_ctls, 7, "in the Calls and Rights views too");
	cr_assert(screen_has(&f, "replay control 1"), "the host's answer on the message line");
	close_fx(&f);
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 24, 80, NULL);
	keys(&f, "P.");
	cr_assert_eq(f.h.replay_ctls, 0);
	cr_assert(screen_has(&f, "not replaying a recording"));
	close_fx(&f);
}

Test(export, the_new_requests_are_in_the_help_and_rebindable)
{
	struct fx f;
	struct ui_keybind kb[] = { { "replay-pause", "F5", 1 }, { "export-json", "J", 2 } };
	struct ui_config cfg = { .replay = true, .keys = kb, .nkeys = 2 };
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", 200, 120, &cfg);
	keys(&f, "?");
	char *s = screen(&f);
	cr_assert_not_null(strstr(s, "Export dialog (after e)"), "%s", s);
	cr_assert_not_null(strstr(s, "F5"), "%s", s);
	cr_assert_not_null(strstr(s, "replay: pause / resume the recording"), "%s", s);
	cr_assert_not_null(strstr(s, "mark a range"), "%s", s);
	free(s);
	keys(&f, "\x1b");
	ui_feed_key(f.ui, UI_KEY_FN(KEY_F(5)));
	cr_assert_eq(f.h.replay_ctls, 1);
	keys(&f, "eJ");
	cr_assert_eq(f.h.ev_set.format, UI_EXPORT_FMT_JSON);
	close_fx(&f);
}
