/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Command screen: readline editing in curses, both reply formats, completion, history. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/keymap.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(command, .init = ut_setup);

struct fx {
	struct model m;
	struct ut_host h;
	struct ui *ui;
};

static void open_fx(struct fx *f, const struct ui_config *cfg)
{
	ut_model(&f->m, "admin");
	ut_feed(&f->m, "asterisk-22/03_perms_admin.raw", 0);
	ut_host_init(&f->h);
	f->ui = ut_ui(&f->h, cfg, 24, 80);
	ui_set_model(f->ui, &f->m);
	ui_feed_key(f->ui, '4');
}

static void close_fx(struct fx *f)
{
	ui_free(f->ui);
	model_free(&f->m);
}

Test(command, a_line_is_sent_and_its_output_shown)
{
	struct fx f;
	open_fx(&f, NULL);
	ui_feed_text(f.ui, "core show versoin");
	/* readline editing: fix the typo with arrows and Backspace. */
	ui_feed_key(f.ui, UI_KEY_FN(KEY_LEFT));
	ui_feed_key(f.ui, UI_KEY_FN(KEY_BACKSPACE));
	ui_feed_key(f.ui, UI_KEY_FN(KEY_BACKSPACE));
	ui_feed_text(f.ui, "io");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_str_eq(f.h.wire[0], "Action: Command\r\nCommand: core show version\r\n\r\n");
	ut_reply(&f.h, 0, "asterisk-22/06_command_core_show_version.raw", "06-113");
	char *text = ut_screen(f.ui);
	ut_golden("command_version_80x24.txt", text);
	free(text);
	close_fx(&f);
}

Test(command, keys_q_and_digits_are_typed_not_commands)
{
	struct fx f;
	open_fx(&f, NULL);
	ui_feed_text(f.ui, "q1?");
	cr_assert_eq(f.h.quits, 0);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> q1?") != NULL, "%s", text);
	free(text);
	ui_feed_key(f.ui, UI_KEY_ESC); /* leaves */
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> ") == NULL);
	free(text);
	close_fx(&f);
}

Test(command, asterisk_13_follows_bodies_are_shown)
{
	struct fx f;
	open_fx(&f, NULL);
	ui_feed_text(f.ui, "core show channels");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ut_reply(&f.h, 0, "ui/command_follows.raw", "cf-1");
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "\n0 active channels\n0 active calls\n") != NULL, "%s", text);
	cr_assert(strstr(text, "--END COMMAND--") == NULL);
	free(text);
	close_fx(&f);
}

Test(command, errors_are_shown_as_errors)
{
	struct fx f;
	open_fx(&f, NULL);
	ui_feed_text(f.ui, "foo bar baz");
	ui_feed_key(f.ui, UI_KEY_ENTER);
	ut_reply(&f.h, 0, "asterisk-22/06_command_invalid.raw", "06-128");
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "No such command 'foo bar baz'") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}

Test(command, tab_completion_asks_the_server_and_completes)
{
	struct fx f;
	open_fx(&f, NULL);
	ui_feed_text(f.ui, "core sh");
	ui_feed_key(f.ui, '\t');
	cr_assert_eq(f.h.nsent, 1);
	cr_assert_str_eq(f.h.wire[0], "Action: Command\r\nCommand: _command matchesarray "
				      "\"core sh\" \"sh\"\r\n\r\n");
	ut_reply_text(&f.h, 0,
		      "Response: Success\r\nMessage: Command output follows\r\n"
		      "Output: show show _EOF_\r\n\r\n");
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> core show\n") != NULL, "%s", text);
	free(text);
	/* Several matches: the common prefix, and the list. */
	ui_feed_text(f.ui, "c");
	ui_feed_key(f.ui, '\t');
	ut_reply_text(&f.h, 1,
		      "Response: Success\r\nMessage: Command output follows\r\n"
		      "Output: c calendar channel channels codecs _EOF_\r\n\r\n");
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "calendar  channel  channels  codecs") != NULL, "%s", text);
	cr_assert(strstr(text, "CLI> core show c\n") != NULL, "%s", text);
	free(text);
	ui_feed_text(f.ui, "ha");
	ui_feed_key(f.ui, '\t');
	/* The user types on before the answer: the stale answer is dropped. */
	ui_feed_text(f.ui, "n");
	ut_reply_text(&f.h, 2,
		      "Response: Success\r\nMessage: Command output follows\r\n"
		      "Output: channel channel channels _EOF_\r\n\r\n");
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> core show chan\n") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}

Test(command, history_is_kept_per_profile_without_secrets)
{
	char path[] = "/tmp/amitui-hist-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	struct ui_config cfg = { .history_file = path, .history_size = 50 };
	struct fx f;
	open_fx(&f, &cfg);
	ui_feed_text(f.ui, "core show version\r");
	ui_feed_text(f.ui, "database put x secret hunter2\r");
	ui_feed_text(f.ui, "manager show user admin\r");
	ui_feed_key(f.ui, UI_KEY_FN(KEY_UP));
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> manager show user admin\n") != NULL, "up recalls:\n%s", text);
	free(text);
	close_fx(&f);
	char *hist = NULL;
	size_t n = 0;
	FILE *fp = fopen(path, "r");
	cr_assert_not_null(fp);
	getdelim(&hist, &n, '\0', fp);
	fclose(fp);
	cr_assert(strstr(hist, "core show version") != NULL, "%s", hist);
	cr_assert(strstr(hist, "hunter2") == NULL, "a secret reached the history file");
	struct stat st;
	stat(path, &st);
	cr_assert_eq(st.st_mode & 077, 0, "history is private");
	free(hist);
	/* A new UI for the same profile recalls it. */
	open_fx(&f, &cfg);
	ui_feed_key(f.ui, UI_KEY_FN(KEY_UP));
	text = ut_screen(f.ui);
	cr_assert(strstr(text, "CLI> manager show user admin\n") != NULL, "%s", text);
	free(text);
	close_fx(&f);
	unlink(path);
}

Test(command, read_only_profiles_send_only_show_commands)
{
	struct ui_config cfg = { .read_only = true };
	struct fx f;
	open_fx(&f, &cfg);
	ui_feed_text(f.ui, "core restart now\r");
	cr_assert_eq(f.h.nsent, 0);
	ui_feed_text(f.ui, "core show uptime\r");
	cr_assert_eq(f.h.nsent, 1);
	char *text = ut_screen(f.ui);
	cr_assert(strstr(text, "not sent: read-only profile") != NULL, "%s", text);
	free(text);
	close_fx(&f);
}
