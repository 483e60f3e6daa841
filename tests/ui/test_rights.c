/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Rights screen: the matrix with sources, powers, least privilege, export. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/parser.h"
#include "testutil.h"
#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(rights, .init = ut_setup);

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
	rights_from_showuser(m->rights, &msg);
	ami_parser_free(&p);
	free(raw);
}

Test(rights, operator_card_80x24_and_200x50)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	feed_showuser(&m);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_set_model(ui, &m);
	ui_feed_key(ui, '5');
	char *text = ut_screen(ui);
	ut_golden("rights_operator_80x24.txt", text);
	cr_assert(strstr(text, "call") != NULL);
	free(text);
	ui_feed_key(ui, 'G');
	text = ut_screen(ui);
	ut_golden("rights_operator_end_80x24.txt", text);
	free(text);
	ui_resize_to(ui, 50, 200);
	text = ut_screen(ui);
	ut_golden("rights_operator_200x50.txt", text);
	free(text);
	ui_feed_key(ui, 'e');
	cr_assert_eq(h.exports, 2, "text and JSON");
	cr_assert_eq(h.export_what, UI_EXPORT_RIGHTS_JSON);
	cr_assert(strstr(h.exported, "\"user\"") != NULL, "%s", h.exported);
	ui_free(ui);
	model_free(&m);
}

Test(rights, admin_has_shell_powers_flagged)
{
	struct model m;
	ut_model(&m, "admin");
	ut_feed(&m, "asterisk-22/03_perms_admin.raw", 0);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 50, 200);
	ui_set_model(ui, &m);
	ui_feed_key(ui, '5');
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "! system write: shell-equivalent") != NULL, "%s", text);
	cr_assert(strstr(text, "! command write: shell-equivalent") != NULL, "%s", text);
	free(text);
	ui_free(ui);
	model_free(&m);
}
