/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Actions screen: greyed exactly where ListCommands said no, reasons, read-only, replies. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ui/grid.h"
#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(actions, .init = ut_setup);

/* The action names ListCommands listed in a transcript, read straight from its bytes. */
static bool listed(const char *raw, const char *name)
{
	char pat[96];
	snprintf(pat, sizeof pat, "\r\n%s: ", name);
	const char *p = strstr(raw, pat);
	return p && strstr(p, "(Priv: ") < strstr(p + 2, "\r\n");
}

static struct ui *open_ui(struct model *m, struct ut_host *h, const char *fixture, const char *user,
			  int rows, int cols, const struct ui_config *cfg)
{
	ut_model(m, user);
	ut_feed(m, fixture, 0);
	ut_host_init(h);
	struct ui *ui = ut_ui(h, cfg, rows, cols);
	ui_set_model(ui, m);
	ui_feed_key(ui, '3');
	return ui;
}

Test(actions, operator_greys_exactly_what_listcommands_left_out)
{
	struct model m;
	struct ut_host h;
	struct ui *ui =
	    open_ui(&m, &h, "asterisk-22/03_perms_operator.raw", "operator", 300, 120, NULL);
	char *raw = tu_load("asterisk-22/03_perms_operator.raw", NULL);
	const struct ui_grid *g = ui_frame(ui);
	char row[1024];
	int rows = 0, grey = 0, normal = 0;
	for (int y = 3; y < g->h - 1; y++) {
		ui_grid_row_text(g, y, row, sizeof row);
		if (strlen(row) < 4)
			continue;
		char name[64];
		sscanf(row + 3, "%63s", name);
		bool is_grey = ui_grid_at(g, y, 3)->el == UI_EL_ACTION_DENIED ||
			       (y == 3 && ui_grid_at(g, y, 3)->el == UI_EL_LIST_CURSOR &&
				strstr(row, "needs write=") != NULL);
		cr_assert_eq(is_grey, !listed(raw, name), "%s: greyed=%d", name, is_grey);
		if (is_grey)
			cr_assert(strstr(row, "needs write=") != NULL, "%s", row);
		grey += is_grey;
		normal += !is_grey;
		rows++;
	}
	cr_assert_eq(normal, 51, "operator may run 51 actions (03_perms_operator)");
	cr_assert_gt(grey, 50);
	free(raw);
	ui_free(ui);
	model_free(&m);
}

Test(actions, operator_80x24_golden_and_reasons)
{
	struct model m;
	struct ut_host h;
	struct ui *ui =
	    open_ui(&m, &h, "asterisk-22/03_perms_operator.raw", "operator", 24, 80, NULL);
	char *text = ut_screen(ui);
	ut_golden("actions_operator_80x24.txt", text);
	free(text);
	/* Filter to Command: greyed with its reason; Enter refuses to open a form. */
	ui_feed_key(ui, '/');
	ui_feed_text(ui, "command");
	ui_feed_key(ui, UI_KEY_ENTER);
	text = ut_screen(ui);
	cr_assert(strstr(text, "Command                    needs write=command") != NULL, "%s",
		  text);
	free(text);
	ui_feed_key(ui, UI_KEY_ENTER);
	text = ut_screen(ui);
	cr_assert(strstr(text, "Command: needs write=command") != NULL, "%s", text);
	free(text);
	ui_resize_to(ui, 50, 200);
	ui_feed_key(ui, '/');
	ui_feed_key(ui, UI_KEY_CTRL('U'));
	ui_feed_key(ui, UI_KEY_ENTER);
	text = ut_screen(ui);
	ut_golden("actions_operator_200x50.txt", text);
	free(text);
	ui_free(ui);
	model_free(&m);
}

Test(actions, read_only_profile_greys_every_write_action)
{
	struct model m;
	struct ut_host h;
	struct ui_config cfg = { .read_only = true };
	struct ui *ui = open_ui(&m, &h, "asterisk-22/03_perms_admin.raw", "admin", 300, 120, &cfg);
	const struct ui_grid *g = ui_frame(ui);
	char row[1024];
	bool saw_originate = false, saw_status = false;
	for (int y = 3; y < g->h - 1; y++) {
		ui_grid_row_text(g, y, row, sizeof row);
		if (strncmp(row + 3, "Originate ", 10) == 0) {
			saw_originate = true;
			cr_assert(strstr(row, "read-only profile") != NULL, "%s", row);
			cr_assert_eq(ui_grid_at(g, y, 3)->el, UI_EL_ACTION_DENIED);
		}
		if (strncmp(row + 3, "CoreStatus ", 11) == 0) {
			saw_status = true;
			cr_assert_eq(ui_grid_at(g, y, 3)->el, UI_EL_ACTION_ALLOWED, "%s", row);
		}
	}
	cr_assert(saw_originate && saw_status);
	ui_free(ui);
	model_free(&m);
}

Test(actions, replies_are_shown_and_kept)
{
	struct model m;
	struct ut_host h;
	struct ui *ui = open_ui(&m, &h, "asterisk-22/03_perms_admin.raw", "admin", 24, 80, NULL);
	ui_feed_key(ui, '/');
	ui_feed_text(ui, "coresettings");
	ui_feed_key(ui, UI_KEY_ENTER);
	ui_feed_key(ui, UI_KEY_ENTER); /* open the form */
	ui_feed_key(ui, UI_KEY_FN(KEY_F(10)));
	cr_assert_eq(h.nsent, 1);
	cr_assert_str_eq(h.wire[0], "Action: CoreSettings\r\n\r\n");
	ut_reply(&h, 0, "asterisk-22/07_coresettings.raw", "07-150");
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "CoreSettings: ") != NULL, "%s", text);
	free(text);
	ui_feed_key(ui, 'L');
	text = ut_screen(ui);
	ut_golden("actions_reply_log_80x24.txt", text);
	free(text);
	ui_feed_key(ui, UI_KEY_ENTER);
	text = ut_screen(ui);
	cr_assert(strstr(text, "AsteriskVersion: 22.10.1") != NULL, "%s", text);
	free(text);
	ui_feed_key(ui, 'e');
	cr_assert_eq(h.export_what, UI_EXPORT_REPLIES);
	cr_assert(strstr(h.exported, "Action: CoreSettings") != NULL);
	ui_free(ui);
	model_free(&m);
}
