/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The UI object: configuration errors, key dispatch with default and rebound keys, frames. */
#include "ui/ui.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <string.h>

#include "ui/grid.h"
#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(ui, .init = ut_setup);

static char *row_of(struct ui *ui, int y)
{
	static char buf[4096];
	ui_grid_row_text(ui_frame(ui), y, buf, sizeof buf);
	return buf;
}

Test(ui, bad_key_binding_is_reported_with_file_and_line)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_keybind keys[] = { { "quit", "x", 3 }, { "view-evnts", "e", 7 } };
	struct ui_config cfg = { .keys = keys, .nkeys = 2, .keys_file = "amitui.conf" };
	char err[256];
	cr_assert_null(ui_new(&cfg, &h.host, &h, err, sizeof err));
	cr_assert_str_eq(
	    err, "amitui.conf:7: unknown request 'view-evnts' (see the help screen for names)");
}

Test(ui, bad_theme_is_reported_not_fatal_later)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_config cfg = { .theme = "/nonexistent/dir/x.theme" };
	char err[256];
	cr_assert_null(ui_new(&cfg, &h.host, &h, err, sizeof err));
	cr_assert(strstr(err, "/nonexistent/dir/x.theme") != NULL, "%s", err);
	struct ui_config cfg2 = { .profile_color = "purpleish" };
	cr_assert_null(ui_new(&cfg2, &h.host, &h, err, sizeof err));
	cr_assert_str_eq(err, "profile color 'purpleish' is not a colour name");
}

Test(ui, default_keys_switch_views_and_quit)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	const struct {
		int key;
		const char *tab;
	} steps[] = { { '2', " 2 Calls " },  { '3', " 3 Actions " },
		      { '5', " 5 Rights " }, { '1', " 1 Events " },
		      { '\t', " 2 Calls " }, { UI_KEY_FN(KEY_BTAB), " 1 Events " },
		      { '?', " ? Help" } };
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ui_feed_key(ui, steps[i].key);
		const struct ui_grid *g = ui_frame(ui);
		/* The active tab is drawn with tab.active: find it. */
		char row[1024];
		ui_grid_row_text(g, 1, row, sizeof row);
		const char *at = strstr(row, steps[i].tab);
		cr_assert_not_null(at, "step %zu: %s", i, row);
		int col = 0;
		for (const char *p = row; p < at; p++)
			col += ((unsigned char)*p & 0xc0) != 0x80;
		cr_assert_eq(ui_grid_at(g, 1, col + 1)->el, UI_EL_TAB_ACTIVE, "step %zu", i);
	}
	ui_feed_key(ui, UI_KEY_ESC); /* leaves Help */
	ui_feed_key(ui, 'q');
	cr_assert_eq(h.quits, 1);
	ui_free(ui);
}

Test(ui, rebound_keys_work_and_old_ones_do_not)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_keybind keys[] = { { "quit", "^Q", 1 }, { "view-calls", "F2", 2 } };
	struct ui_config cfg = { .keys = keys, .nkeys = 2 };
	struct ui *ui = ut_ui(&h, &cfg, 24, 80);
	ui_feed_key(ui, 'q');
	cr_assert_eq(h.quits, 0);
	ui_feed_key(ui, UI_KEY_CTRL('Q'));
	cr_assert_eq(h.quits, 1);
	ui_feed_key(ui, UI_KEY_FN(KEY_F(2)));
	cr_assert(strstr(row_of(ui, 1), "F2 Calls") != NULL, "%s", row_of(ui, 1));
	ui_free(ui);
}

Test(ui, frames_wait_for_the_deadline_and_for_changes)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	cr_assert_eq(ui_render_if_due(ui, 1000), 1000, "rendered, nothing else to do");
	cr_assert_eq(ui_render_if_due(ui, 1010), 990, "not dirty: next tick");
	ui_mark_dirty(ui);
	cr_assert_eq(ui_render_if_due(ui, 1020), 13, "dirty but within 33 ms of the last frame");
	cr_assert_eq(ui_render_if_due(ui, 1033), 1000);
	ui_free(ui);
}

Test(ui, too_small_terminal_says_so)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 8, 30);
	cr_assert_str_eq(row_of(ui, 0), "too small: 30x8 (need 40x10)");
	ui_resize_to(ui, 24, 80);
	cr_assert(strstr(row_of(ui, 1), "1 Events") != NULL);
	ui_free(ui);
}

Test(ui, status_reaches_the_title_bar)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_config cfg = { .profile_label = "PROD",
				 .profile_color = "red",
				 .read_only = true };
	struct ui *ui = ut_ui(&h, &cfg, 24, 120);
	struct ui_status st = { .conn = UI_CONN_UP,
				.state = "logged in",
				.server = "pbx1:5039",
				.tls = true,
				.user = "admin",
				.asterisk_version = "22.10.1",
				.ami_version = "11.0.0",
				.ping_ms = 3,
				.events_per_s = 12.5 };
	ui_set_status(ui, &st);
	/* Left: label, account, TLS, state, mode; right-aligned: versions, ping, rate. */
	cr_assert_str_eq(row_of(ui, 0),
			 " PROD  admin@pbx1:5039 TLS  logged in   read-only "
			 "                      Asterisk 22.10.1 AMI 11.0.0 ping 3 ms "
			 "12.5 ev/s");
	/* At 80 columns the versions go first. */
	ui_resize_to(ui, 24, 80);
	cr_assert_str_eq(
	    row_of(ui, 0),
	    " PROD  admin@pbx1:5039 TLS  logged in   read-only           ping 3 ms 12.5 ev/s");
	st.conn = UI_CONN_CONNECTING;
	st.state = "reconnecting in 4 s";
	ui_set_status(ui, &st);
	cr_assert(strstr(row_of(ui, 0), " reconnecting in 4 s ") != NULL);
	ui_free(ui);
}

Test(ui, every_screen_survives_every_size)
{
	struct model m;
	ut_model(&m, "admin");
	ut_feed(&m, "asterisk-22/05c_dial_events_admin.raw", 62);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_set_model(ui, &m);
	static const int sizes[][2] = { { 1, 1 },    { 10, 40 },  { 11, 41 },  { 24, 80 },
					{ 30, 100 }, { 50, 200 }, { 80, 300 }, { 500, 1000 } };
	/* Every screen, with the overlays that have their own layout. */
	static const char *const paths[] = { "1", "1\n", "1c", "1/x", "2", "2jH", "2jR",
					     "3", "3\n", "3L", "4",   "5", "?" };
	for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
		ui_feed_key(ui, UI_KEY_ESC);
		ui_feed_key(ui, UI_KEY_ESC);
		ui_feed_key(ui, '1');
		ui_feed_text(ui, paths[p]);
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
			ui_resize_to(ui, sizes[s][0], sizes[s][1]);
			const struct ui_grid *g = ui_frame(ui);
			cr_assert_eq(g->w, sizes[s][1]);
			cr_assert_eq(g->h, sizes[s][0]);
		}
		ui_resize_to(ui, 24, 80);
	}
	ui_free(ui);
	model_free(&m);
}

Test(ui, no_color_changes_attributes_never_text)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	struct ut_host h;
	ut_host_init(&h);
	struct ui_config mono = { .no_color = true };
	struct ui *a = ut_ui(&h, NULL, 24, 80), *b = ut_ui(&h, &mono, 24, 80);
	ui_set_model(a, &m);
	ui_set_model(b, &m);
	/* (not 4: readline is one per process, so two UIs cannot both show a CLI) */
	static const char *const keys[] = { "1", "2", "3", "5", "?", "3\n" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		ui_feed_text(a, keys[i]);
		ui_feed_text(b, keys[i]);
		char *ta = ut_screen(a), *tb = ut_screen(b);
		cr_assert_str_eq(ta, tb, "screen %s differs with NO_COLOR", keys[i]);
		free(ta);
		free(tb);
		ui_feed_key(a, UI_KEY_ESC);
		ui_feed_key(b, UI_KEY_ESC);
	}
	ui_free(a);
	ui_free(b);
	model_free(&m);
}
