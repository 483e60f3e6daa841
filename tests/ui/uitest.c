/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UI test helpers: locale, terminal type and golden files. */
#include "uitest.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "testutil.h"

void ut_setup(void)
{
	setenv("TERM", "xterm-256color", 1);
	setenv("INPUTRC", "/dev/null", 1); /* the user's readline settings must not matter */
	setenv("TZ", "UTC", 1);
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the C.UTF-8 locale is needed");
}

char *ut_grid_text(const struct ui_grid *g)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	char row[8192];
	for (int y = 0; y < g->h; y++) {
		ui_grid_row_text(g, y, row, sizeof row);
		ami_buf_adds(&b, row);
		ami_buf_addc(&b, '\n');
	}
	return ami_buf_steal(&b, NULL);
}

/* The 1-based number of the first line that differs, and both versions of it. */
static int first_diff(const char *want, const char *got, char *w, char *g, size_t cap)
{
	int line = 1;
	const char *ws = want, *gs = got;
	while (*want && *want == *got) {
		if (*want == '\n') {
			line++;
			ws = want + 1;
			gs = got + 1;
		}
		want++;
		got++;
	}
	snprintf(w, cap, "%.*s", (int)strcspn(ws, "\n"), ws);
	snprintf(g, cap, "%.*s", (int)strcspn(gs, "\n"), gs);
	return line;
}

void ut_golden(const char *name, const char *text)
{
	char rel[256];
	snprintf(rel, sizeof rel, "ui/%s", name);
	const char *upd = getenv("AMITUI_UPDATE_GOLDEN");
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(tu_path(rel), "wb");
		cr_assert_not_null(f, "cannot write %s", tu_path(rel));
		fputs(text, f);
		fclose(f);
		return;
	}
	char *want = tu_load(rel, NULL);
	if (strcmp(want, text) != 0) {
		char w[1024], g[1024];
		int line = first_diff(want, text, w, g, sizeof w);
		cr_assert_fail("%s differs at line %d (from the differing byte):\n"
			       "  want: %s\n  got:  %s\n--- got ---\n%s",
			       name, line, w, g, text);
	}
	free(want);
}
