/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The class bar: greyed exactly where the account cannot read, counts, toggles, server mask. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parser.h"
#include "core/perms.h"
#include "testutil.h"
#include "ui/grid.h"
#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(chrome, .init = ut_setup);

/* Give the card the configured rights, as "manager show user operator" shows them. */
static void feed_showuser(struct model *m)
{
	size_t len;
	char *raw = tu_load("ui/showuser_operator.raw", &len);
	struct ami_parser p;
	struct ami_parser_limits lim = ami_parser_client_limits;
	lim.expect_banner = false;
	ami_parser_init(&p, &lim);
	ami_parser_feed(&p, raw, len);
	struct ami_msg msg;
	cr_assert_eq(ami_parser_next(&p, &msg), AMI_OK);
	cr_assert_eq(rights_from_showuser(m->rights, &msg), AMI_OK);
	ami_parser_free(&p);
	free(raw);
}

/* The classes whose class-bar cell is drawn as class.denied. */
static uint32_t greyed(struct ui *ui, int y)
{
	const struct ui_grid *g = ui_frame(ui);
	uint32_t mask = 0;
	int rows = g->w >= AMI_CLASS_COUNT * 8 ? 1 : 2;
	int per_row = (AMI_CLASS_COUNT + rows - 1) / rows, w = g->w / per_row;
	for (int c = 0; c < AMI_CLASS_COUNT; c++) {
		const struct ui_cell *cell = ui_grid_at(g, y + c / per_row, (c % per_row) * w);
		if (cell->el == UI_EL_CLASS_DENIED)
			mask |= ami_perm_class_bit((enum ami_perm_class)c);
	}
	return mask;
}

Test(chrome, operator_class_bar_greys_exactly_what_it_cannot_read)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	feed_showuser(&m);
	struct ut_host h;
	ut_host_init(&h);
	int sizes[][2] = { { 24, 80 }, { 50, 200 } };
	for (int s = 0; s < 2; s++) {
		struct ui *ui = ut_ui(&h, NULL, sizes[s][0], sizes[s][1]);
		ui_set_model(ui, &m);
		uint32_t readable = AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_USER | AMI_PERM_DTMF;
		cr_assert_eq(greyed(ui, 2), ami_perm_known_mask() & ~readable, "at %d columns: %#x",
			     sizes[s][1], greyed(ui, 2));
		char *text = ut_screen(ui);
		char name[64];
		snprintf(name, sizeof name, "classbar_operator_%dx%d.txt", sizes[s][1],
			 sizes[s][0]);
		/* Only the chrome rows: title, tabs, class bar. */
		char *cut = text;
		for (int i = 0; i < 4 && cut; i++)
			cut = strchr(cut, '\n') ? strchr(cut, '\n') + 1 : NULL;
		if (cut)
			*cut = '\0';
		ut_golden(name, text);
		free(text);
		ui_free(ui);
	}
	model_free(&m);
}

Test(chrome, unverified_classes_are_not_greyed_but_marked)
{
	/* Without "manager show user" nothing proves a class unreadable: only events prove read. */
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_set_model(ui, &m);
	cr_assert_eq(greyed(ui, 2), 0u);
	char *text = ut_screen(ui);
	/* Events proved call and dtmf; nothing is known about agent. */
	cr_assert(strstr(text, "cal  20 ") != NULL && strstr(text, "agt   ? ") != NULL, "%s", text);
	free(text);
	ui_free(ui);
	model_free(&m);
}

Test(chrome, toggling_classes_narrows_the_view_and_the_server_mask)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	feed_showuser(&m);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_set_model(ui, &m);
	ui_feed_key(ui, 'c'); /* class bar */
	ui_feed_key(ui, 'l'); /* call */
	ui_feed_key(ui, 'o'); /* only call */
	const struct ui_grid *g = ui_frame(ui);
	cr_assert_eq(ui_grid_at(g, 2, 8)->el, UI_EL_CLASS_FOCUS, "the cursor is on call");
	cr_assert_eq(ui_grid_at(g, 2, 40)->el, UI_EL_CLASS_OFF, "agent is off");
	cr_assert_eq(ui_grid_at(g, 2, 0)->el, UI_EL_CLASS_DENIED, "system stays greyed");
	/* Toggling a greyed class is refused. */
	ui_feed_key(ui, 'h'); /* system */
	ui_feed_key(ui, ' ');
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "this account cannot read 'system' events") != NULL, "%s", text);
	free(text);
	ui_feed_key(ui, 'm');
	cr_assert_eq(h.masks, 1);
	cr_assert_eq(h.mask, AMI_PERM_CALL);
	ui_feed_key(ui, 'a');
	ui_feed_key(ui, 'm');
	cr_assert_eq(h.mask, ami_perm_known_mask());
	ui_free(ui);
	model_free(&m);
}

Test(chrome, narrow_class_bar_uses_marks)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	feed_showuser(&m);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 20, 60);
	ui_set_model(ui, &m);
	ui_feed_text(ui, "clllll "); /* the class bar, five right to agent, off */
	ui_feed_key(ui, UI_KEY_ESC);
	char *text = ut_screen(ui);
	/* - cannot read, * has events, x toggled off, blank: readable, none yet */
	cr_assert(strstr(text, "\nsys - cal * log - vrb - cmd - agt x usr   cfg - dtm * rep -\n"
			       "cdr - dlp - org - agi - cc  - aoc - tst - sec - msg -\n") != NULL,
		  "%s", text);
	free(text);
	ui_free(ui);
	model_free(&m);
}
