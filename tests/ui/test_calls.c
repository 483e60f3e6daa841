/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Calls screen: calls grouped by Linkedid mid-call, Enter to its events, hangup, redirect. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include <curses.h>
#include "uifix.h"
#include "uitest.h"

TestSuite(calls, .init = ut_setup);

struct fx {
	struct model m;
	struct ut_host h;
	struct ui *ui;
};

/* The Dial call of 05c, stopped while both legs are bridged (62 messages in). */
static void open_fx(struct fx *f, int rows, int cols, const struct ui_config *cfg)
{
	ut_model(&f->m, "admin");
	ut_feed(&f->m, "asterisk-22/05c_dial_events_admin.raw", 62);
	ut_host_init(&f->h);
	f->ui = ut_ui(&f->h, cfg, rows, cols);
	ui_set_model(f->ui, &f->m);
	ui_feed_key(f->ui, '2');
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

Test(calls, bridged_call_80x24_and_200x50)
{
	struct fx f;
	open_fx(&f, 24, 80, NULL);
	golden(&f, "calls_80x24.txt");
	ui_resize_to(f.ui, 50, 200);
	golden(&f, "calls_200x50.txt");
	close_fx(&f);
}

Test(calls, enter_shows_the_calls_events)
{
	struct fx f;
	open_fx(&f, 24, 80, NULL);
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ut_settle(f.ui);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "filter: call:") != NULL, "%s", text);
	cr_assert(strstr(text, "the events of call") != NULL, "%s", text);
	free(text);
	ui_feed_key(f.ui, 'g');
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "Newchannel") != NULL, "%s", text);
	cr_assert(strstr(text, "QueueMemberStatus") == NULL, "not part of the call:\n%s", text);
	free(text);
	close_fx(&f);
}

Test(calls, hangup_asks_with_the_wire_text_then_sends)
{
	struct fx f;
	open_fx(&f, 24, 80, NULL);
	ui_feed_key(f.ui, 'j'); /* the first channel of the first call */
	ui_feed_key(f.ui, 'H');
	golden(&f, "calls_hangup_confirm_80x24.txt");
	cr_assert_eq(f.h.nsent, 0, "nothing before y");
	ui_feed_key(f.ui, 'y');
	cr_assert_eq(f.h.nsent, 1);
	cr_assert(strncmp(f.h.wire[0], "Action: Hangup\r\nChannel: Local/", 31) == 0, "%s",
		  f.h.wire[0]);
	/* n cancels. */
	ui_feed_key(f.ui, 'H');
	ui_feed_key(f.ui, 'n');
	cr_assert_eq(f.h.nsent, 1);
	close_fx(&f);
}

Test(calls, hangup_of_a_whole_call_sends_one_per_live_channel)
{
	struct fx f;
	open_fx(&f, 24, 80, NULL);
	ui_feed_key(f.ui, 'g');
	ui_feed_key(f.ui, 'H');
	ui_feed_key(f.ui, 'y');
	cr_assert_geq(f.h.nsent, 2);
	for (int i = 0; i < f.h.nsent; i++)
		cr_assert(strncmp(f.h.wire[i], "Action: Hangup\r\nChannel: ", 25) == 0);
	close_fx(&f);
}

Test(calls, redirect_form_is_prefilled_with_the_bridge_peer)
{
	struct fx f;
	open_fx(&f, 24, 80, NULL);
	/* Find a bridged channel: the footer names its peer. */
	for (int i = 0; i < 6; i++) {
		ui_feed_key(f.ui, 'j');
		char *text = ut_screen(f.ui);
		bool bridged = strstr(text, "bridged with") != NULL;
		free(text);
		if (bridged)
			break;
	}
	ui_feed_key(f.ui, 'R');
	ui_feed_text(f.ui, "300");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "test");
	golden(&f, "calls_redirect_form_80x24.txt");
	ui_feed_key(f.ui, UI_KEY_FN(KEY_F(10)));
	cr_assert_eq(f.h.nsent, 1);
	cr_assert(strstr(f.h.wire[0], "Action: Redirect\r\nChannel: Local/") == f.h.wire[0]);
	cr_assert(strstr(f.h.wire[0], "\r\nExten: 300\r\nContext: test\r\nPriority: 1\r\n"
				      "ExtraChannel: Local/") != NULL,
		  "%s", f.h.wire[0]);
	close_fx(&f);
}
