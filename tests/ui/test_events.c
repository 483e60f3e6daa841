/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Events screen: golden screens, detail, filter errors with a column, search, pin, copy. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ui/grid.h"
#include "ui/keymap.h"
#include "ui/text.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(events, .init = ut_setup);

struct fx {
	struct model m;
	struct ut_host h;
	struct ui *ui;
};

static void open_fx(struct fx *f, const char *fixture, const char *user, int rows, int cols,
		    const struct ui_config *cfg)
{
	ut_model(&f->m, user);
	ut_feed(&f->m, fixture, 0);
	ut_host_init(&f->h);
	f->ui = ut_ui(&f->h, cfg, rows, cols);
	cr_assert_eq(ui_set_model(f->ui, &f->m), AMI_OK);
	struct ui_status st = { .conn = UI_CONN_UP,
				.state = "logged in",
				.server = "127.0.0.1:5038",
				.user = user,
				.ping_ms = 1,
				.events_per_s = 2.5 };
	ui_set_status(f->ui, &st);
	ut_settle(f->ui);
}

static void close_fx(struct fx *f)
{
	ui_free(f->ui);
	model_free(&f->m);
}

static void golden(struct fx *f, const char *name)
{
	char *text = ut_screen(f->ui);
	ut_golden(name, text);
	free(text);
}

Test(events, admin_call_80x24_and_200x50)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, NULL);
	golden(&f, "events_admin_80x24.txt");
	ui_resize_to(f.ui, 50, 200);
	golden(&f, "events_admin_200x50.txt");
	close_fx(&f);
}

Test(events, no_color_has_the_same_text)
{
	struct fx f;
	struct ui_config cfg = { .no_color = true };
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, &cfg);
	golden(&f, "events_admin_80x24.txt");
	close_fx(&f);
}

Test(events, cyrillic_names_keep_their_width)
{
	struct fx f;
	open_fx(&f, "ui/cyrillic_call.raw", "admin", 24, 80, NULL);
	golden(&f, "events_cyrillic_80x24.txt");
	/* Every row is exactly 80 columns or less, whatever the bytes. */
	const struct ui_grid *g = ui_frame(f.ui);
	char row[1024];
	for (int y = 0; y < g->h; y++) {
		ui_grid_row_text(g, y, row, sizeof row);
		cr_assert_leq(ui_text_width(row, strlen(row)), 80, "row %d: %s", y, row);
	}
	ui_feed_key(f.ui, 'k');
	ui_feed_key(f.ui, UI_KEY_ENTER);
	golden(&f, "events_cyrillic_detail_80x24.txt");
	close_fx(&f);
}

Test(events, detail_pane_shows_every_header)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, NULL);
	ui_feed_key(f.ui, 'g'); /* oldest */
	ui_feed_key(f.ui, 'j');
	ui_feed_key(f.ui, 'j');
	ui_feed_key(f.ui, UI_KEY_ENTER);
	golden(&f, "events_detail_80x24.txt");
	ui_resize_to(f.ui, 50, 200);
	golden(&f, "events_detail_200x50.txt");
	ui_feed_key(f.ui, UI_KEY_ESC);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "Summary") != NULL, "Esc goes back to the list");
	free(text);
	close_fx(&f);
}

Test(events, filter_errors_show_a_caret_under_the_column)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, NULL);
	ui_feed_key(f.ui, '/');
	ui_feed_text(f.ui, "Hangup | /abc");
	golden(&f, "events_filter_error_80x24.txt");
	/* Enter with an error keeps the line open; fixing it applies it. */
	ui_feed_key(f.ui, UI_KEY_ENTER);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "filter: Hangup | /abc") != NULL);
	free(text);
	ui_feed_key(f.ui, UI_KEY_CTRL('U'));
	ui_feed_text(f.ui, "Hangup");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ut_settle(f.ui);
	golden(&f, "events_filter_hangup_80x24.txt");
	close_fx(&f);
}

Test(events, class_toggle_hides_rows)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, NULL);
	ui_feed_text(f.ui, "c");
	ui_feed_key(f.ui, 'l'); /* call */
	ui_feed_key(f.ui, ' '); /* off */
	ui_feed_key(f.ui, UI_KEY_ESC);
	ut_settle(f.ui);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "Newchannel") == NULL, "call events hidden:\n%s", text);
	cr_assert(strstr(text, "cal off") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}

Test(events, follow_pause_search_pin_and_copy)
{
	struct fx f;
	open_fx(&f, "asterisk-22/05_call_events_admin.raw", "admin", 24, 80, NULL);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "FOLLOW") != NULL);
	free(text);
	ui_feed_key(f.ui, ' ');
	ui_feed_key(f.ui, 'k');
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "PAUSED 50/51") != NULL, "paused on the newest, then one up:\n%s",
		  text);
	free(text);
	/* Search for the DTMF digit 3 from the top. */
	ui_feed_key(f.ui, 'g');
	ui_feed_key(f.ui, 's');
	ui_feed_text(f.ui, "DTMFEnd & Digit=3");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ut_settle(f.ui);
	ui_feed_key(f.ui, 'p');
	ui_feed_key(f.ui, 'Y');
	cr_assert_eq(f.h.exports, 1);
	cr_assert_eq(f.h.export_what, UI_EXPORT_EVENT);
	cr_assert(strstr(f.h.exported, "Event: DTMFEnd\n") == f.h.exported, "%s", f.h.exported);
	cr_assert(strstr(f.h.exported, "Digit: 3\n") != NULL, "%s", f.h.exported);
	cr_assert(strchr(f.h.exported, '\r') == NULL, "CRLF becomes LF");
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "saved to /tmp/event.txt") != NULL, "%s", text);
	free(text);
	golden(&f, "events_search_pin_80x24.txt");
	/* n finds the next one, or says there is none. */
	ui_feed_key(f.ui, 'n');
	ut_settle(f.ui);
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "no more matches below") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}
