/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cell grid: clipping, wide characters, padding, lines, read-back. */
#include "ui/grid.h"

#include <criterion/criterion.h>
#include <string.h>

#include "uitest.h"

TestSuite(grid, .init = ut_setup);

static char row[1024];

Test(grid, text_is_clipped_to_width_and_grid)
{
	struct ui_grid g = { 0 };
	cr_assert(ui_grid_resize(&g, 10, 2));
	cr_assert_eq(ui_grid_puts(&g, 0, 6, 20, "abcdef", UI_EL_DEFAULT), 4);
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "      abcd");
	cr_assert_eq(ui_grid_puts(&g, 1, 0, 3, "abcdef", UI_EL_TITLE), 3);
	ui_grid_row_text(&g, 1, row, sizeof row);
	cr_assert_str_eq(row, "abc");
	cr_assert_eq(ui_grid_at(&g, 1, 2)->el, UI_EL_TITLE);
	cr_assert_eq(ui_grid_at(&g, 1, 3)->el, UI_EL_DEFAULT);
	cr_assert_null(ui_grid_at(&g, 2, 0));
	ui_grid_free(&g);
}

Test(grid, cyrillic_takes_one_cell_per_letter)
{
	struct ui_grid g = { 0 };
	ui_grid_resize(&g, 8, 1);
	cr_assert_eq(ui_grid_puts(&g, 0, 0, 8, "Иван Петров", UI_EL_DEFAULT), 8);
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "Иван Пет");
	ui_grid_free(&g);
}

Test(grid, wide_character_that_does_not_fit_leaves_a_blank)
{
	struct ui_grid g = { 0 };
	ui_grid_resize(&g, 6, 1);
	cr_assert_eq(ui_grid_puts(&g, 0, 0, 5, "電話電", UI_EL_DEFAULT), 5);
	cr_assert_eq(ui_grid_at(&g, 0, 0)->width, 2);
	cr_assert_eq(ui_grid_at(&g, 0, 1)->width, 0);
	cr_assert_eq(ui_grid_at(&g, 0, 4)->ch, ' ');
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, "電話");
	/* Overwriting the right half of a wide character blanks its left half. */
	ui_grid_puts(&g, 0, 1, 1, "x", UI_EL_DEFAULT);
	ui_grid_row_text(&g, 0, row, sizeof row);
	cr_assert_str_eq(row, " x話");
	ui_grid_free(&g);
}

Test(grid, pad_right_and_lines)
{
	struct ui_grid g = { 0 };
	ui_grid_resize(&g, 10, 3);
	ui_grid_put_pad(&g, 0, 0, 5, "ab", UI_EL_TITLE);
	cr_assert_eq(ui_grid_at(&g, 0, 4)->el, UI_EL_TITLE);
	cr_assert_eq(ui_grid_at(&g, 0, 5)->el, UI_EL_DEFAULT);
	cr_assert_eq(ui_grid_put_right(&g, 1, 10, "xyz", UI_EL_DEFAULT), 7);
	ui_grid_row_text(&g, 1, row, sizeof row);
	cr_assert_str_eq(row, "       xyz");
	ui_grid_hline(&g, 2, 0, 3, UI_EL_BORDER);
	ui_grid_row_text(&g, 2, row, sizeof row);
	cr_assert_str_eq(row, "───");
	g.ascii = true;
	ui_grid_hline(&g, 2, 0, 3, UI_EL_BORDER);
	ui_grid_row_text(&g, 2, row, sizeof row);
	cr_assert_str_eq(row, "---");
	ui_grid_free(&g);
}

Test(grid, resize_is_bounded)
{
	struct ui_grid g = { 0 };
	cr_assert(ui_grid_resize(&g, 100000, -5));
	cr_assert_eq(g.w, UI_GRID_MAX_W);
	cr_assert_eq(g.h, 1);
	ui_grid_free(&g);
}
