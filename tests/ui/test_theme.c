/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Themes: the element table, theme file parsing and errors, and the shipped files. */
#include "ui/theme.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perms.h"
#include "testutil.h"
#include "uitest.h"

TestSuite(theme, .init = ut_setup);

static char err[256];

Test(theme, class_elements_follow_core_class_table)
{
	for (int c = 0; c < AMI_CLASS_COUNT; c++) {
		char want[64];
		snprintf(want, sizeof want, "class.%s",
			 ami_perm_class_label((enum ami_perm_class)c));
		cr_assert_str_eq(ui_element_name(UI_EL_CLASS(c)), want);
	}
}

Test(theme, element_names_are_unique_and_found)
{
	for (int i = 0; i < UI_EL_COUNT; i++) {
		cr_assert_eq(ui_element_find(ui_element_name((enum ui_element)i)), i, "%s",
			     ui_element_name((enum ui_element)i));
		cr_assert_gt(strlen(ui_element_help((enum ui_element)i)), 0);
	}
	cr_assert_eq(ui_element_find("title.nope"), UI_EL_COUNT);
}

Test(theme, good_file_overrides_only_what_it_sets)
{
	struct ui_theme t;
	ui_theme_default(&t);
	const char *text = "# comment\n\n  color title  black  color214 bold underline\r\n"
			   "color class.call 46 default # trailing comment\n";
	cr_assert_eq(ui_theme_parse(&t, "x.theme", text, strlen(text), err, sizeof err), AMI_OK,
		     "%s", err);
	cr_assert_eq(t.st[UI_EL_TITLE].fg, 0);
	cr_assert_eq(t.st[UI_EL_TITLE].bg, 214);
	cr_assert_eq(t.st[UI_EL_TITLE].attrs, UI_A_BOLD | UI_A_UNDERLINE);
	cr_assert_eq(t.st[UI_EL_CLASS_CALL].fg, 46);
	cr_assert_eq(t.st[UI_EL_CLASS_CALL].bg, -1);
	struct ui_theme d;
	ui_theme_default(&d);
	cr_assert_eq(memcmp(&t.st[UI_EL_HINT], &d.st[UI_EL_HINT], sizeof d.st[0]), 0);
}

static void expect_error(const char *text, const char *want)
{
	struct ui_theme t;
	ui_theme_default(&t);
	cr_assert_eq(ui_theme_parse(&t, "my.theme", text, strlen(text), err, sizeof err),
		     AMI_E_CONFIG, "accepted: %s", text);
	cr_assert_str_eq(err, want);
}

Test(theme, errors_name_file_and_line)
{
	expect_error("\n\ncolour title red blue\n",
		     "my.theme:3: unknown keyword 'colour' (expected 'color')");
	expect_error("color title.x red blue\n", "my.theme:1: unknown element 'title.x'");
	expect_error("# ok\ncolor title reddish blue\n", "my.theme:2: unknown colour 'reddish'");
	expect_error("color title red 256\n", "my.theme:1: unknown colour '256'");
	expect_error("color title red\n",
		     "my.theme:1: expected 'color <element> <fg> <bg> [attributes]'");
	expect_error("color title red blue blink\n",
		     "my.theme:1: unknown attribute 'blink' (bold, dim, reverse, underline)");
	expect_error("color title red blue\ncolor default red \x00 x\n",
		     "my.theme:2: expected 'color <element> <fg> <bg> [attributes]'");
}

Test(theme, nul_and_overlong_lines_are_errors_not_crashes)
{
	struct ui_theme t;
	ui_theme_default(&t);
	char text[] = "color title red blue\ncolor\0title red blue\n";
	cr_assert_eq(ui_theme_parse(&t, "n.theme", text, sizeof text - 1, err, sizeof err),
		     AMI_E_CONFIG);
	cr_assert_str_eq(err, "n.theme:2: NUL byte in theme file");
	char *big = malloc(2000);
	memset(big, 'x', 1999);
	big[1999] = '\0';
	cr_assert_eq(ui_theme_parse(&t, "b.theme", big, 1999, err, sizeof err), AMI_E_CONFIG);
	cr_assert_str_eq(err, "b.theme:1: line longer than 511 bytes");
	free(big);
}

Test(theme, load_by_name_path_and_missing)
{
	struct ui_theme t;
	cr_assert_eq(ui_theme_load(&t, NULL, NULL, err, sizeof err), AMI_OK);
	cr_assert_str_eq(t.name, "default");
	cr_assert_eq(ui_theme_load(&t, "mono", NULL, err, sizeof err), AMI_OK);
	cr_assert(t.mono);
	char dir[1024];
	snprintf(dir, sizeof dir, "/nonexistent:%s", tu_path("../../themes"));
	cr_assert_eq(ui_theme_load(&t, "light", dir, err, sizeof err), AMI_OK, "%s", err);
	cr_assert_str_eq(t.name, "light.theme");
	cr_assert_eq(ui_theme_load(&t, "nope", dir, err, sizeof err), AMI_E_NOT_FOUND);
	cr_assert(strstr(err, "theme 'nope' not found") == err, "%s", err);
	cr_assert_eq(ui_theme_load(&t, "/nonexistent/x.theme", NULL, err, sizeof err),
		     AMI_E_NOT_FOUND);
	cr_assert(strstr(err, "/nonexistent/x.theme: ") == err, "%s", err);
}

static void file_equals_table(const char *file, void (*builtin)(struct ui_theme *))
{
	struct ui_theme t;
	builtin(&t);
	struct ami_buf b;
	ami_buf_init(&b, 0);
	cr_assert_eq(ui_theme_format(&t, &b), AMI_OK);
	char rel[64];
	snprintf(rel, sizeof rel, "../../themes/%s", file);
	const char *upd = getenv("AMITUI_UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(tu_path(rel), "wb");
		cr_assert_not_null(f);
		fwrite(b.p, 1, b.len, f);
		fclose(f);
	}
	char *disk = tu_load(rel, NULL);
	cr_assert_str_eq(disk, b.p, "themes/%s differs from the built-in table", file);
	/* And reading it back gives the table again. */
	struct ui_theme back;
	ui_theme_default(&back);
	cr_assert_eq(ui_theme_parse(&back, file, disk, strlen(disk), err, sizeof err), AMI_OK, "%s",
		     err);
	/* field by field: a style's padding byte is not part of it (-O0 leaves it random) */
	for (int i = 0; i < UI_EL_COUNT; i++)
		cr_assert(back.st[i].fg == t.st[i].fg && back.st[i].bg == t.st[i].bg &&
			      back.st[i].attrs == t.st[i].attrs,
			  "themes/%s: %s reads back differently", file,
			  ui_element_name((enum ui_element)i));
	free(disk);
	ami_buf_free(&b);
}

Test(theme, default_file_equals_builtin_table)
{
	file_equals_table("default.theme", ui_theme_default);
}

Test(theme, mono_file_equals_builtin_mono)
{
	file_equals_table("mono.theme", ui_theme_mono);
}

Test(theme, shipped_themes_parse_and_differ)
{
	const char *files[] = { "light.theme", "high-contrast.theme" };
	struct ui_theme d;
	ui_theme_default(&d);
	for (size_t i = 0; i < 2; i++) {
		struct ui_theme t;
		char path[1024];
		snprintf(path, sizeof path, "%s", tu_path("../../themes"));
		snprintf(path + strlen(path), sizeof path - strlen(path), "/%s", files[i]);
		cr_assert_eq(ui_theme_load(&t, path, NULL, err, sizeof err), AMI_OK, "%s", err);
		cr_assert_neq(memcmp(t.st, d.st, sizeof d.st), 0, "%s is the default", files[i]);
	}
}

Test(theme, colours_degrade_on_small_terminals)
{
	cr_assert_eq(ui_color_degrade(9, 8), 1, "bright red -> red");
	cr_assert_eq(ui_color_degrade(9, 16), 9);
	cr_assert_eq(ui_color_degrade(196, 8), 1, "cube red -> red");
	cr_assert_eq(ui_color_degrade(21, 8), 4, "cube blue -> blue");
	cr_assert_eq(ui_color_degrade(226, 8), 3, "cube yellow -> yellow");
	cr_assert_eq(ui_color_degrade(236, 8), 0, "dark grey -> black");
	cr_assert_eq(ui_color_degrade(252, 8), 7, "light grey -> white");
	cr_assert_eq(ui_color_degrade(-1, 8), -1);
	cr_assert_eq(ui_color_degrade(200, 256), 200);
	int c;
	cr_assert(ui_color_parse("brightred", &c) && c == 9);
	cr_assert(ui_color_parse("grey", &c) && c == 8);
	cr_assert_not(ui_color_parse("color", &c));
	cr_assert_not(ui_color_parse("-3", &c));
}
