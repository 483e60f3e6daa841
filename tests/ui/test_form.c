/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action forms: exact wire text, required fields, CR/LF/NUL, overlong and bad UTF-8 refused. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(form, .init = ut_setup);

struct fx {
	struct model m;
	struct ut_host h;
	struct ui *ui;
};

static void open_form(struct fx *f, const char *fixture, const char *user, const char *action)
{
	ut_model(&f->m, user);
	ut_feed(&f->m, fixture, 0);
	ut_host_init(&f->h);
	f->ui = ut_ui(&f->h, NULL, 24, 80);
	ui_set_model(f->ui, &f->m);
	ui_feed_key(f->ui, '3');
	ui_feed_key(f->ui, '/');
	ui_feed_text(f->ui, action);
	ui_feed_key(f->ui, UI_KEY_ENTER);
	ui_feed_key(f->ui, UI_KEY_ENTER);
}

static void close_fx(struct fx *f)
{
	ui_free(f->ui);
	model_free(&f->m);
}

static char *screen(struct fx *f)
{
	return ut_screen(f->ui);
}

static void send(struct fx *f)
{
	ui_feed_key(f->ui, UI_KEY_FN(KEY_F(10)));
}

Test(form, originate_builds_the_exact_wire_text)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "originate");
	ui_feed_text(f.ui, "PJSIP/alice");
	ui_feed_key(f.ui, UI_KEY_FN(KEY_DOWN)); /* Dial: extension */
	ui_feed_key(f.ui, UI_KEY_FN(KEY_DOWN));
	ui_feed_text(f.ui, "200");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "from-internal");
	for (int i = 0; i < 2; i++)
		ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "\"Иван\" <100>");
	char *text = screen(&f);
	ut_golden("form_originate_80x24.txt", text);
	free(text);
	send(&f);
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_str_eq(f.h.wire[0], "Action: Originate\r\nChannel: PJSIP/alice\r\nExten: 200\r\n"
				      "Context: from-internal\r\nPriority: 1\r\n"
				      "CallerID: \"Иван\" <100>\r\nTimeout: 30000\r\n"
				      "Async: true\r\n\r\n");
	/* The reply reaches the message line and the reply log. */
	ut_reply_text(&f.h, 0,
		      "Response: Success\r\nMessage: Originate successfully queued\r\n\r\n");
	char *shown = screen(&f);
	cr_assert(strstr(shown, "Originate: Originate successfully queued") != NULL, "%s", shown);
	free(shown);
	close_fx(&f);
}

Test(form, originate_of_system_is_confirmed_and_warned)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_operator.raw", "operator", "originate");
	ui_feed_text(f.ui, "Local/100@test");
	ui_feed_key(f.ui, UI_KEY_FN(KEY_DOWN));
	ui_feed_key(f.ui, ' '); /* Dial: application */
	ui_feed_key(f.ui, UI_KEY_FN(KEY_DOWN));
	ui_feed_text(f.ui, "System");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "rm -rf /tmp/x");
	send(&f);
	cr_assert_eq(f.h.nsent, 0, "a dangerous Originate waits for y");
	char *text = screen(&f);
	ut_golden("form_originate_system_confirm_80x24.txt", text);
	cr_assert(strstr(text, "Application: System") != NULL);
	free(text);
	ui_feed_key(f.ui, UI_KEY_ESC);
	text = screen(&f);
	cr_assert(strstr(text, "Originate: Originate a call.") != NULL, "back in the form:\n%s",
		  text);
	free(text);
	close_fx(&f);
}

Test(form, required_fields_are_marked_and_enforced)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "hangup");
	char *text = screen(&f);
	cr_assert(strstr(text, "Channel*") != NULL, "%s", text);
	cr_assert(strstr(text, "Channel is required") != NULL, "%s", text);
	free(text);
	send(&f);
	cr_assert_eq(f.h.nsent, 0);
	close_fx(&f);
}

Test(form, cr_lf_and_nul_never_reach_the_wire)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "userevent");
	ui_feed_text(f.ui, "Probe");
	ui_feed_key(f.ui, UI_KEY_CTRL('V'));
	ui_feed_key(f.ui, UI_KEY_ENTER); /* a literal LF, as a paste would bring */
	ui_feed_text(f.ui, "Action: Originate");
	char *text = screen(&f);
	cr_assert(strstr(text, "CR, LF or NUL") != NULL || strstr(text, "UserEvent") != NULL);
	ut_golden("form_injection_80x24.txt", text);
	free(text);
	send(&f);
	cr_assert_eq(f.h.nsent, 0, "refused before the host");
	text = screen(&f);
	cr_assert(strstr(text, "not sent: ") != NULL, "%s", text);
	free(text);
	/* A NUL through ^V ^@ is refused the same way. */
	ui_feed_key(f.ui, UI_KEY_CTRL('U'));
	ui_feed_text(f.ui, "A");
	ui_feed_key(f.ui, UI_KEY_CTRL('V'));
	ui_feed_key(f.ui, 0);
	send(&f);
	cr_assert_eq(f.h.nsent, 0);
	close_fx(&f);
}

Test(form, extra_headers_and_the_userevent_form)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "userevent");
	ui_feed_text(f.ui, "Probe");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "Foo: bar baz");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "Note:Привет");
	send(&f);
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_str_eq(f.h.wire[0], "Action: UserEvent\r\nUserEvent: Probe\r\nFoo: bar baz\r\n"
				      "Note: Привет\r\n\r\n");
	close_fx(&f);
}

Test(form, overlong_values_are_refused_as_typed)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "userevent");
	for (int i = 0; i < 1100; i++)
		ui_feed_key(f.ui, 'x');
	char *text = screen(&f);
	cr_assert(strstr(text, "UserEvent: at most 1011 bytes") != NULL, "%s", text);
	free(text);
	send(&f);
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_eq(strlen(f.h.wire[0]),
		     strlen("Action: UserEvent\r\nUserEvent: \r\n\r\n") + 1011);
	close_fx(&f);
}

Test(form, generic_form_from_the_catalogue_fields)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "dbput");
	char *text = screen(&f);
	ut_golden("form_dbput_80x24.txt", text);
	free(text);
	ui_feed_text(f.ui, "fam");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "k");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ui_feed_text(f.ui, "v");
	send(&f); /* DBPut is dangerous: confirm */
	cr_assert_eq(f.h.nsent, 0);
	ui_feed_key(f.ui, 'y');
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_str_eq(f.h.wire[0], "Action: DBPut\r\nFamily: fam\r\nKey: k\r\nVal: v\r\n\r\n");
	close_fx(&f);
}

Test(form, command_core_stop_needs_confirmation)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "command");
	ui_feed_text(f.ui, "core stop now");
	send(&f);
	cr_assert_eq(f.h.nsent, 0);
	char *text = screen(&f);
	cr_assert(strstr(text, "Command: core stop now") != NULL, "%s", text);
	free(text);
	ui_feed_key(f.ui, 'y');
	cr_assert_eq(f.h.nsent, 1);
	close_fx(&f);
}

Test(form, host_refusals_are_reported_and_logged)
{
	struct fx f;
	open_form(&f, "asterisk-22/03_perms_admin.raw", "admin", "ping");
	f.h.send_result = AMI_E_NOT_CONNECTED;
	send(&f);
	char *text = screen(&f);
	cr_assert(strstr(text, "Ping not sent: not connected") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}

Test(form, hangup_regex_shows_how_many_live_channels_match)
{
	struct fx f;
	ut_model(&f.m, "admin");
	ut_feed(&f.m, "asterisk-22/03_perms_admin.raw", 0);
	ut_feed(&f.m, "asterisk-22/05c_dial_events_admin.raw", 62);
	ut_host_init(&f.h);
	f.ui = ut_ui(&f.h, NULL, 24, 80);
	ui_set_model(f.ui, &f.m);
	ui_feed_text(f.ui, "3/hangup\n\n");
	ui_feed_text(f.ui, "/^Local/400@/");
	send(&f);
	cr_assert_eq(f.h.nsent, 0);
	char *text = screen(&f);
	cr_assert(strstr(text, "the regex matches 2 live channels") != NULL, "%s", text);
	cr_assert(strstr(text, "Channel: /^Local/400@/") != NULL, "%s", text);
	free(text);
	ui_feed_key(f.ui, 'y');
	cr_assert_str_eq(f.h.wire[0], "Action: Hangup\r\nChannel: /^Local/400@/\r\n\r\n");
	close_fx(&f);
}

Test(form, tab_completes_channels_from_the_call_table)
{
	struct fx f;
	ut_model(&f.m, "admin");
	ut_feed(&f.m, "asterisk-22/05c_dial_events_admin.raw", 62);
	ut_host_init(&f.h);
	f.ui = ut_ui(&f.h, NULL, 24, 80);
	ui_set_model(f.ui, &f.m);
	ui_feed_text(f.ui, "3/setvar\n\n");
	ui_feed_text(f.ui, "Local/4");
	ui_feed_key(f.ui, '\t');
	char *text = screen(&f);
	cr_assert(strstr(text, "Channel        Local/400@test-0000000a;1") != NULL, "%s", text);
	cr_assert(strstr(text, "1 of 2: Tab for the next") != NULL, "%s", text);
	free(text);
	ui_feed_key(f.ui, '\t');
	text = screen(&f);
	cr_assert(strstr(text, "Channel        Local/400@test-0000000a;2") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}

Test(form, invalid_utf8_from_the_network_is_refused_in_a_prefilled_field)
{
	struct fx f;
	ut_model(&f.m, "admin");
	ut_feed(&f.m, "asterisk-22/03_perms_admin.raw", 0);
	ut_feed(&f.m, "ui/bad_utf8_call.raw", 0);
	ut_host_init(&f.h);
	f.ui = ut_ui(&f.h, NULL, 24, 80);
	ui_set_model(f.ui, &f.m);
	ui_feed_text(f.ui, "2/caf\nj"); /* the calls view, filtered to that channel */
	char *text = screen(&f);
	cr_assert(strstr(text, "PJSIP/caf\xef\xbf\xbd-00000001") != NULL, "shown as U+FFFD:\n%s",
		  text);
	free(text);
	ui_feed_text(f.ui, "R300\ntest");
	send(&f);
	cr_assert_eq(f.h.nsent, 0, "sent: %s", f.h.wire[0]);
	text = screen(&f);
	cr_assert(strstr(text, "not sent: Channel: not valid UTF-8, refused") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}
