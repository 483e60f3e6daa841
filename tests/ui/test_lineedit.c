/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one-line editor: UTF-8 editing, limits, quoted control characters, scrolling, secrets. */
#include "ui/lineedit.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <string.h>

#include "ui/keymap.h"
#include "uitest.h"

TestSuite(lineedit, .init = ut_setup);

static void type(struct ui_line *l, const char *s)
{
	while (*s) {
		/* Decode one UTF-8 character into a key. */
		const unsigned char *u = (const unsigned char *)s;
		int len = u[0] < 0x80 ? 1 : u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
		int cp = len == 1 ? u[0] : u[0] & (0x7f >> len);
		for (int i = 1; i < len; i++)
			cp = (cp << 6) | (u[i] & 0x3f);
		ui_line_key(l, cp);
		s += len;
	}
}

Test(lineedit, utf8_insert_move_and_delete_whole_characters)
{
	struct ui_line l;
	ui_line_init(&l, 0, false);
	type(&l, "Жук");
	cr_assert_str_eq(l.buf, "Жук");
	cr_assert_eq(l.cur, 6);
	ui_line_key(&l, UI_KEY_FN(KEY_LEFT));
	cr_assert_eq(l.cur, 4);
	ui_line_key(&l, UI_KEY_FN(KEY_BACKSPACE));
	cr_assert_str_eq(l.buf, "Жк");
	ui_line_key(&l, UI_KEY_CTRL('A'));
	ui_line_key(&l, UI_KEY_FN(KEY_DC));
	cr_assert_str_eq(l.buf, "к");
	cr_assert_eq(l.cur, 0);
}

Test(lineedit, kills_and_words)
{
	struct ui_line l;
	ui_line_init(&l, 0, false);
	type(&l, "core show channels");
	ui_line_key(&l, UI_KEY_CTRL('W'));
	cr_assert_str_eq(l.buf, "core show ");
	ui_line_key(&l, UI_KEY_FN(KEY_HOME));
	ui_line_key(&l, UI_KEY_FN(KEY_RIGHT));
	ui_line_key(&l, UI_KEY_CTRL('K'));
	cr_assert_str_eq(l.buf, "c");
	type(&l, "xyz");
	ui_line_key(&l, UI_KEY_FN(KEY_LEFT));
	ui_line_key(&l, UI_KEY_CTRL('U'));
	cr_assert_str_eq(l.buf, "z");
}

Test(lineedit, limit_is_refused_not_truncated)
{
	struct ui_line l;
	ui_line_init(&l, 4, false);
	type(&l, "abc");
	cr_assert_eq(ui_line_key(&l, 'd'), UI_LINE_CHANGED);
	cr_assert_eq(ui_line_key(&l, 'e'), UI_LINE_FULL);
	cr_assert_str_eq(l.buf, "abcd");
	ui_line_key(&l, UI_KEY_FN(KEY_BACKSPACE));
	cr_assert_eq(ui_line_key(&l, 0x416), UI_LINE_FULL, "a 2-byte letter does not fit in 1");
	ui_line_set(&l, "ЖЖЖ"); /* 6 bytes into 4: cut on a character boundary */
	cr_assert_str_eq(l.buf, "ЖЖ");
}

Test(lineedit, control_characters_only_through_quoted_insert)
{
	struct ui_line l;
	ui_line_init(&l, 0, false);
	type(&l, "a");
	cr_assert_eq(ui_line_key(&l, UI_KEY_ENTER), UI_LINE_IGNORED, "Enter is the caller's");
	cr_assert_eq(ui_line_key(&l, 0x1b), UI_LINE_IGNORED);
	ui_line_key(&l, UI_KEY_CTRL('V'));
	cr_assert_eq(ui_line_key(&l, UI_KEY_ENTER), UI_LINE_CHANGED);
	ui_line_key(&l, UI_KEY_CTRL('V'));
	ui_line_key(&l, '\r');
	type(&l, "b");
	cr_assert_eq(l.len, 4);
	cr_assert_eq(memcmp(l.buf, "a\n\rb", 4), 0);
}

Test(lineedit, draw_scrolls_to_the_cursor_and_hides_secrets)
{
	struct ui_grid g = { 0 };
	ui_grid_resize(&g, 10, 1);
	struct ui_line l;
	ui_line_init(&l, 0, false);
	type(&l, "abcdefghijklmnop");
	int cx = ui_line_draw(&l, &g, 0, 0, 10, UI_EL_FORM_FIELD);
	char row[64];
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "hijklmnop");
	cr_assert_eq(cx, 9);
	ui_line_key(&l, UI_KEY_FN(KEY_HOME));
	cx = ui_line_draw(&l, &g, 0, 0, 10, UI_EL_FORM_FIELD);
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "abcdefghij");
	cr_assert_eq(cx, 0);
	struct ui_line s;
	ui_line_init(&s, 0, true);
	type(&s, "pwЖ");
	ui_line_draw(&s, &g, 0, 0, 10, UI_EL_FORM_FIELD);
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "***");
	ui_line_wipe(&s);
	cr_assert_eq(s.len, 0);
	cr_assert_eq(s.buf[1], 0);
	ui_grid_free(&g);
}

Test(lineedit, keys_cannot_make_invalid_utf8)
{
	struct ui_line l;
	ui_line_init(&l, 0, false);
	cr_assert_eq(ui_line_key(&l, 0xd800), UI_LINE_IGNORED, "a lone surrogate");
	cr_assert_eq(ui_line_key(&l, 0x110000), UI_LINE_IGNORED, "past U+10FFFF");
	cr_assert_eq(l.len, 0);
}
