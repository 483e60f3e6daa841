/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Requests, key names, default keys, rebinding and the generated help. */
#include "ui/keymap.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <string.h>

#include "uitest.h"

TestSuite(keymap, .init = ut_setup);

static char err[256];

Test(keymap, key_names_round_trip)
{
	const char *names[] = { "q",	 "^C",	"F1",	     "F12",	"PgUp",	 "PgDn",
				"Enter", "Esc", "Tab",	     "BackTab", "Space", "Comma",
				"Up",	 "Del", "Backspace", "ж",	"?" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k;
		char buf[32];
		cr_assert(ui_key_parse(names[i], &k), "%s", names[i]);
		cr_assert_str_eq(ui_key_name(k, buf, sizeof buf), names[i]);
	}
	int k;
	cr_assert(ui_key_parse("^c", &k) && k == 3);
	cr_assert(ui_key_parse("pageup", &k) && k == UI_KEY_FN(KEY_PPAGE));
	cr_assert_not(ui_key_parse("F13", &k));
	cr_assert_not(ui_key_parse("qq", &k));
	cr_assert_not(ui_key_parse("\x01", &k));
	cr_assert_not(ui_key_parse("", &k));
}

Test(keymap, defaults_match_the_documented_keys)
{
	struct ui_keymap km;
	ui_keymap_default(&km);
	struct {
		enum ui_context ctx;
		const char *key;
		enum ui_request want;
	} cases[] = {
		{ UI_CTX_EVENTS, "1", UI_REQ_VIEW_EVENTS },
		{ UI_CTX_CALLS, "2", UI_REQ_VIEW_CALLS },
		{ UI_CTX_EVENTS, "3", UI_REQ_VIEW_ACTIONS },
		{ UI_CTX_RIGHTS, "4", UI_REQ_VIEW_COMMAND },
		{ UI_CTX_EVENTS, "5", UI_REQ_VIEW_RIGHTS },
		{ UI_CTX_EVENTS, "Tab", UI_REQ_VIEW_NEXT },
		{ UI_CTX_EVENTS, "?", UI_REQ_HELP },
		{ UI_CTX_COMMAND, "F1", UI_REQ_HELP },
		{ UI_CTX_EVENTS, "/", UI_REQ_FILTER },
		{ UI_CTX_EVENTS, "n", UI_REQ_NEXT_MATCH },
		{ UI_CTX_EVENTS, "N", UI_REQ_PREV_MATCH },
		{ UI_CTX_EVENTS, "Space", UI_REQ_FOLLOW },
		{ UI_CTX_EVENTS, "Enter", UI_REQ_OPEN },
		{ UI_CTX_DETAIL, "Esc", UI_REQ_BACK },
		{ UI_CTX_EVENTS, "q", UI_REQ_QUIT },
		{ UI_CTX_CALLS, "j", UI_REQ_MOVE_DOWN },
		{ UI_CTX_CALLS, "k", UI_REQ_MOVE_UP },
		{ UI_CTX_ACTIONS, "Down", UI_REQ_MOVE_DOWN },
		{ UI_CTX_HELP, "g", UI_REQ_MOVE_TOP },
		{ UI_CTX_HELP, "G", UI_REQ_MOVE_BOTTOM },
		{ UI_CTX_EVENTS, "PgUp", UI_REQ_PAGE_UP },
		{ UI_CTX_EVENTS, "PgDn", UI_REQ_PAGE_DOWN },
		{ UI_CTX_EVENTS, "p", UI_REQ_PIN },
		{ UI_CTX_EVENTS, "y", UI_REQ_COPY },
		{ UI_CTX_EVENTS, "c", UI_REQ_CLASS_BAR },
		{ UI_CTX_CLASSBAR, "Space", UI_REQ_CLASS_TOGGLE },
		{ UI_CTX_CONFIRM, "y", UI_REQ_CONFIRM_YES },
		{ UI_CTX_FORM, "F10", UI_REQ_SEND },
		{ UI_CTX_CALLS, "H", UI_REQ_HANGUP },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int k;
		cr_assert(ui_key_parse(cases[i].key, &k));
		cr_assert_eq(ui_keymap_lookup(&km, cases[i].ctx, k), cases[i].want, "%s in %s",
			     cases[i].key, ui_context_name(cases[i].ctx));
	}
	/* A key means nothing outside its contexts. */
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_CALLS, 'p'), UI_REQ_NONE);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_FORM, 'q'), UI_REQ_NONE);
}

Test(keymap, every_request_name_is_unique_and_has_help)
{
	for (int r = 1; r < UI_REQ_COUNT; r++) {
		cr_assert_eq(ui_request_find(ui_request_name((enum ui_request)r)), r);
		cr_assert_gt(strlen(ui_request_help((enum ui_request)r)), 3);
		cr_assert_neq(ui_request_contexts((enum ui_request)r), 0u);
	}
	cr_assert_eq(ui_request_find("no-such"), UI_REQ_NONE);
}

Test(keymap, default_keys_never_collide_within_a_context)
{
	struct ui_keymap km;
	ui_keymap_default(&km);
	for (int a = 1; a < UI_REQ_COUNT; a++)
		for (int b = a + 1; b < UI_REQ_COUNT; b++) {
			if (!(ui_request_contexts((enum ui_request)a) &
			      ui_request_contexts((enum ui_request)b)))
				continue;
			for (int i = 0; i < UI_KEYS_PER_REQUEST && km.keys[a][i]; i++)
				for (int j = 0; j < UI_KEYS_PER_REQUEST && km.keys[b][j]; j++)
					cr_assert_neq(km.keys[a][i], km.keys[b][j], "%s vs %s",
						      ui_request_name((enum ui_request)a),
						      ui_request_name((enum ui_request)b));
		}
}

Test(keymap, rebinding_moves_the_key)
{
	struct ui_keymap km;
	ui_keymap_default(&km);
	cr_assert_eq(ui_keymap_bind(&km, "quit", "x, ^Q", err, sizeof err), AMI_OK, "%s", err);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, 'x'), UI_REQ_QUIT);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, 17), UI_REQ_QUIT);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, 'q'), UI_REQ_NONE, "q is free now");
	/* Taking j for pin takes it away from move-down in the shared contexts. */
	cr_assert_eq(ui_keymap_bind(&km, "pin", "j", err, sizeof err), AMI_OK);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, 'j'), UI_REQ_PIN);
	int down;
	ui_key_parse("Down", &down);
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, down), UI_REQ_MOVE_DOWN);
	char buf[64];
	cr_assert_str_eq(ui_keymap_keys(&km, UI_REQ_MOVE_DOWN, buf, sizeof buf), "Down");
	cr_assert_str_eq(ui_keymap_keys(&km, UI_REQ_QUIT, buf, sizeof buf), "x, ^Q");
}

Test(keymap, bad_bindings_are_refused_with_a_reason)
{
	struct ui_keymap km;
	ui_keymap_default(&km);
	cr_assert_eq(ui_keymap_bind(&km, "qiut", "q", err, sizeof err), AMI_E_CONFIG);
	cr_assert_str_eq(err, "unknown request 'qiut' (see the help screen for names)");
	cr_assert_eq(ui_keymap_bind(&km, "quit", "q,Hyper", err, sizeof err), AMI_E_CONFIG);
	cr_assert_str_eq(err, "unknown key 'Hyper' (e.g. q, ^C, F1, PgUp, Enter, Space)");
	cr_assert_eq(ui_keymap_bind(&km, "quit", "a,b,c,d,e", err, sizeof err), AMI_E_CONFIG);
	cr_assert_eq(ui_keymap_bind(&km, "quit", "q,,x", err, sizeof err), AMI_E_CONFIG);
	/* A refused binding changes nothing. */
	cr_assert_eq(ui_keymap_lookup(&km, UI_CTX_EVENTS, 'q'), UI_REQ_QUIT);
}

Test(keymap, help_is_generated_from_the_tables_and_bindings)
{
	struct ui_keymap km;
	ui_keymap_default(&km);
	struct ami_buf b;
	ami_buf_init(&b, 0);
	cr_assert_eq(ui_keymap_help(&km, &b), AMI_OK);
	/* Every request's help line appears. */
	for (int r = 1; r < UI_REQ_COUNT; r++)
		cr_assert(strstr(b.p, ui_request_help((enum ui_request)r)), "%s missing",
			  ui_request_name((enum ui_request)r));
	cr_assert(strstr(b.p, "  q                quit amitui\n"));
	cr_assert(strstr(b.p, "\nEvents view\n"));
	ami_buf_free(&b);
	/* After rebinding, help shows the new key. */
	ui_keymap_bind(&km, "quit", "^Q", err, sizeof err);
	ami_buf_init(&b, 0);
	ui_keymap_help(&km, &b);
	cr_assert(strstr(b.p, "  ^Q               quit amitui\n"), "%s", b.p);
	ami_buf_free(&b);
}

Test(keymap, curses_keys_are_folded)
{
	cr_assert_eq(ui_key_from_curses(OK, '\r'), UI_KEY_ENTER);
	cr_assert_eq(ui_key_from_curses(KEY_CODE_YES, KEY_ENTER), UI_KEY_ENTER);
	cr_assert_eq(ui_key_from_curses(OK, 127), UI_KEY_FN(KEY_BACKSPACE));
	cr_assert_eq(ui_key_from_curses(KEY_CODE_YES, KEY_UP), UI_KEY_FN(KEY_UP));
	cr_assert_eq(ui_key_from_curses(OK, 0x416), 0x416);
}
