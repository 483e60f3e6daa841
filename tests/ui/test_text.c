/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 widths and column-exact truncation (Cyrillic, CJK, malformed bytes, controls). */
#include "ui/text.h"

#include <criterion/criterion.h>
#include <string.h>

#include "uitest.h"

TestSuite(text, .init = ut_setup);

Test(text, ascii_and_cyrillic_are_one_column_per_character)
{
	cr_assert_eq(ui_text_width("Alice", 5), 5);
	const char *ivan = "Иван Петров"; /* 11 characters, 21 bytes */
	cr_assert_eq(strlen(ivan), 21);
	cr_assert_eq(ui_text_width(ivan, strlen(ivan)), 11);
}

Test(text, cjk_is_two_columns)
{
	const char *s = "電話"; /* two wide characters */
	cr_assert_eq(ui_text_width(s, strlen(s)), 4);
}

Test(text, fit_never_splits_a_character)
{
	const char *ivan = "Иван";
	int cols;
	size_t n = ui_text_fit(ivan, strlen(ivan), 3, &cols);
	cr_assert_eq(n, 6, "three Cyrillic letters are six bytes, got %zu", n);
	cr_assert_eq(cols, 3);
	const char *cjk = "電話";
	n = ui_text_fit(cjk, strlen(cjk), 3, &cols);
	cr_assert_eq(n, 3, "only one wide character fits in three columns");
	cr_assert_eq(cols, 2);
}

Test(text, malformed_bytes_are_replaced_one_by_one)
{
	struct ui_glyph g;
	ui_text_next("\xff\x41", 2, &g);
	cr_assert_eq(g.cp, UI_TEXT_BAD);
	cr_assert_eq(g.len, 1);
	cr_assert_eq(g.width, 1);
	/* A truncated sequence. */
	ui_text_next("\xd0", 1, &g);
	cr_assert_eq(g.cp, UI_TEXT_BAD);
	cr_assert_eq(ui_text_width("\xd0\xd0", 2), 2);
}

Test(text, control_characters_never_reach_the_terminal)
{
	struct ui_glyph g;
	ui_text_next("\x1b[2J", 4, &g);
	cr_assert_eq(g.cp, '?', "ESC must not be drawn");
	ui_text_next("\xc2\x9b", 2, &g); /* C1 CSI */
	cr_assert_eq(g.cp, '?');
	cr_assert_eq(g.len, 2);
	ui_text_next("\t", 1, &g);
	cr_assert_eq(g.cp, ' ');
}

Test(text, encode_and_prev_round_trip)
{
	char buf[4];
	cr_assert_eq(ui_text_encode(0x416, buf), 2); /* Ж */
	cr_assert_eq(memcmp(buf, "Ж", 2), 0);
	cr_assert_eq(ui_text_encode(0xd800, buf), 0);
	const char *s = "aЖb";
	cr_assert_eq(ui_text_prev(s, 3), 1);
	cr_assert_eq(ui_text_prev(s, 1), 0);
	cr_assert_eq(ui_text_prev(s, 4), 3);
}

Test(text, icontains)
{
	cr_assert(ui_text_icontains("Hangup", 6, "HANG"));
	cr_assert_not(ui_text_icontains("Hangup", 6, "hangups"));
	cr_assert(ui_text_icontains("x", 1, ""));
}
