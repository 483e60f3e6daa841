/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Help from the tables, the profile picker and the login form. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(help, .init = ut_setup);

Test(help, generated_from_the_request_table_and_scrolls)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_feed_key(ui, '?');
	char *text = ut_screen(ui);
	ut_golden("help_80x24.txt", text);
	free(text);
	/* Scrolling to the end reaches the last section. */
	ui_feed_key(ui, 'G');
	text = ut_screen(ui);
	cr_assert(strstr(text, "Editing a field or line") != NULL, "%s", text);
	free(text);
	/* Every request is described somewhere in the help (wide enough for whole lines). */
	ui_resize_to(ui, 24, 200);
	ui_feed_key(ui, 'g');
	bool seen[UI_REQ_COUNT] = { false };
	for (int page = 0; page < 20; page++) {
		text = ut_screen(ui);
		for (int r = 1; r < UI_REQ_COUNT; r++)
			if (strstr(text, ui_request_help((enum ui_request)r)))
				seen[r] = true;
		free(text);
		ui_feed_key(ui, UI_KEY_FN(KEY_NPAGE));
	}
	for (int r = 1; r < UI_REQ_COUNT; r++)
		cr_assert(seen[r], "%s missing from help", ui_request_name((enum ui_request)r));
	ui_free(ui);
}

Test(help, rebinding_shows_in_help)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_keybind keys[] = { { "pin", "P", 1 } };
	struct ui_config cfg = { .keys = keys, .nkeys = 1 };
	struct ui *ui = ut_ui(&h, &cfg, 50, 120);
	ui_feed_key(ui, '?');
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "  P                pin the event") != NULL, "%s", text);
	free(text);
	ui_free(ui);
}

Test(help, picker_chooses_a_profile)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_profile_item profiles[] = {
		{ "lab", "", "", "127.0.0.1:5038", "admin", false, false },
		{ "prod", "PROD", "red", "pbx1.example.net:5039", "monitor", true, true },
	};
	struct ui_config cfg = { .profiles = profiles, .nprofiles = 2, .start_in_picker = true };
	struct ui *ui = ut_ui(&h, &cfg, 24, 80);
	char *text = ut_screen(ui);
	ut_golden("picker_80x24.txt", text);
	free(text);
	ui_feed_key(ui, 'j');
	ui_feed_key(ui, UI_KEY_ENTER);
	cr_assert_str_eq(h.chosen, "prod");
	text = ut_screen(ui);
	cr_assert(strstr(text, " 1 Events ") != NULL);
	free(text);
	ui_free(ui);
}

Test(help, login_form_never_shows_the_secret)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_config cfg = { .start_in_picker = true };
	struct ui *ui = ut_ui(&h, &cfg, 24, 80);
	ui_feed_key(ui, 'l');
	ui_feed_key(ui, UI_KEY_CTRL('U'));
	ui_feed_text(ui, "pbx.example.net");
	ui_feed_key(ui, UI_KEY_ENTER);
	ui_feed_text(ui, "5038");
	ui_feed_key(ui, UI_KEY_ENTER);
	ui_feed_text(ui, "admin");
	ui_feed_key(ui, UI_KEY_ENTER);
	ui_feed_text(ui, "s3cr3t-pw");
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "s3cr3t") == NULL, "the secret is on screen:\n%s", text);
	cr_assert(strstr(text, "*********") != NULL, "%s", text);
	ut_golden("login_80x24.txt", text);
	free(text);
	ui_feed_key(ui, UI_KEY_FN(KEY_F(10)));
	cr_assert_str_eq(h.login_host, "pbx.example.net");
	cr_assert_str_eq(h.login_user, "admin");
	cr_assert_str_eq(h.login_secret, "s3cr3t-pw");
	ui_free(ui);
}
