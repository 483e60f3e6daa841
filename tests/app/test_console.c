/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console as a person uses it: `amitui --demo` inside tmux at 80x24 and 200x50,
 * keys sent, the screen read back with capture-pane (-e where attributes matter).
 */
#include "core/catalog.h"
#include "core/parser.h"
#include "testutil.h"
#include "tmux.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct tmux T;
static char *S; /* the last screen */

static void shot(char *s)
{
	free(S);
	S = s;
}

static void start(int w, int h, const char *user)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME=%s %s --demo "
		 "--demo-user %s; sleep 30",
		 "/tmp", AMITUI_PATH, user);
	cr_assert(tmux_start(&T, w, h, cmd));
	shot(tmux_wait_for(&T, "logged in", 10000));
	cr_assert_not_null(strstr(S, "logged in"), "no login:\n%s", S);
}

static void stop(void)
{
	tmux_keys(&T, "q");
	tmux_stop(&T);
	free(S);
	S = NULL;
}

TestSuite(console, .fini = stop, .timeout = 90);

/* Line n (0-based) of a capture, copied into dst. */
static const char *line(const char *screen, int n, char *dst, size_t cap)
{
	const char *p = screen;
	for (int i = 0; i < n && p; i++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	dst[0] = '\0';
	if (!p)
		return dst;
	const char *e = strchr(p, '\n');
	size_t len = e ? (size_t)(e - p) : strlen(p);
	snprintf(dst, cap, "%.*s", (int)(len < cap - 1 ? len : cap - 1), p);
	return dst;
}

/*
 * The class bar: (label, value) pairs in table order, from the lines that follow the
 * tab row until the column header. Returns how many pairs were read; grey[i] is true
 * when class i shows "--" (cannot be read).
 */
static int class_bar(const char *screen, bool grey[AMI_CLASS_COUNT])
{
	char l[1024], all[4096] = "";
	for (int n = 2; n < 6; n++) {
		line(screen, n, l, sizeof l);
		if (strstr(l, "Time") && strstr(l, "Event"))
			break;
		strncat(all, l, sizeof all - strlen(all) - 2);
		strcat(all, " ");
	}
	int i = 0;
	char *save = NULL;
	for (char *tok = strtok_r(all, " ", &save); tok && i < AMI_CLASS_COUNT;
	     tok = strtok_r(NULL, " ", &save)) {
		char *val = strtok_r(NULL, " ", &save);
		if (!val)
			break;
		grey[i++] = strcmp(val, "--") == 0;
	}
	return i;
}

static void check_class_bar(int w, int h)
{
	start(w, h, "operator");
	shot(tmux_wait_quiet(&T, 300, 3000));
	bool grey[AMI_CLASS_COUNT];
	cr_assert_eq(class_bar(S, grey), AMI_CLASS_COUNT, "19 classes expected:\n%s", S);
	/* operator: read = call,agent,user,dtmf (the demo's manager.conf, as the fixtures) */
	uint32_t readable = AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_USER | AMI_PERM_DTMF;
	for (int c = 0; c < AMI_CLASS_COUNT; c++) {
		bool can = readable & ami_perm_class_bit((enum ami_perm_class)c);
		cr_assert_eq(grey[c], !can, "%dx%d: class %s %s greyed:\n%s", w, h,
			     ami_perm_class_label((enum ami_perm_class)c),
			     can ? "must not be" : "must be", S);
	}
}

Test(console, class_bar_greys_what_operator_cannot_read_80x24)
{
	check_class_bar(80, 24);
}

Test(console, class_bar_greys_what_operator_cannot_read_200x50)
{
	check_class_bar(200, 50);
}

/* The actions ListCommands gave operator, from the real transcript. */
static bool listed(const char *name)
{
	static char *raw;
	static size_t len;
	if (!raw)
		raw = tu_load("asterisk-22/03_perms_operator.raw", &len);
	struct ami_parser p;
	ami_parser_init(&p, NULL);
	ami_parser_feed(&p, raw, len);
	struct ami_msg m;
	bool found = false;
	while (ami_parser_next(&p, &m) == AMI_OK)
		if (ami_msg_find(&m, "ListCommands") && ami_msg_find(&m, name))
			found = true;
	ami_parser_free(&p);
	return found;
}

static void check_actions(int w, int h)
{
	start(w, h, "operator");
	tmux_keys(&T, "3");
	shot(tmux_wait_for(&T, "may be sent", 3000));
	cr_assert_not_null(strstr(S, "51 of 135 may be sent"), "%s", S);
	size_t n;
	const struct ami_catalog_entry *cat = ami_catalog(&n);
	size_t seen = 0, grey_seen = 0;
	bool *done = calloc(n, sizeof *done);
	for (int page = 0; page < 40 && seen < n; page++) {
		char l[1024];
		for (int r = 3; r < h - 1; r++) {
			line(S, r, l, sizeof l);
			char name[64];
			if (sscanf(l, " ! %63s", name) != 1 && sscanf(l, " %63s", name) != 1)
				continue;
			const struct ami_catalog_entry *e = ami_catalog_find(ami_str_c(name));
			char *ell = strstr(name, "\xe2\x80\xa6"); /* a name cut by the column */
			if (ell)
				*ell = '\0';
			if (!e && strlen(name) >= 20) { /* cut, with or without an ellipsis */
				for (size_t i = 0; i < n && !e; i++)
					if (!done[i] &&
					    strncmp(cat[i].name, name, strlen(name)) == 0)
						e = &cat[i];
			}
			if (!e || done[e - cat])
				continue;
			snprintf(name, sizeof name, "%s", e->name);
			bool greyed = strstr(l, "needs write=") != NULL;
			cr_assert_eq(greyed, !listed(name), "%dx%d: %s %s greyed:\n%s", w, h, name,
				     listed(name) ? "must not be" : "must be", l);
			done[e - cat] = true;
			seen++;
			grey_seen += greyed;
		}
		tmux_keys(&T, "NPage");
		shot(tmux_wait_quiet(&T, 100, 1000));
	}
	char missing[2048] = "";
	for (size_t i = 0; i < n; i++)
		if (!done[i] && strlen(missing) < sizeof missing - 64)
			strcat(strcat(missing, " "), cat[i].name);
	free(done);
	cr_assert_eq(seen, n, "%dx%d: every catalogue action checked (%zu of %zu), missing:%s", w,
		     h, seen, n, missing);
	cr_assert_eq(grey_seen, n - 51);
}

Test(console, actions_greyed_exactly_as_listcommands_80x24)
{
	check_actions(80, 24);
}

Test(console, actions_greyed_exactly_as_listcommands_200x50)
{
	check_actions(200, 50);
}

Test(console, originate_from_the_form_shows_a_call)
{
	start(80, 24, "operator");
	tmux_keys(&T, "3");
	shot(tmux_wait_for(&T, "may be sent", 3000));
	tmux_keys(&T, "/");
	tmux_text(&T, "Originate");
	tmux_keys(&T, "Enter");
	tmux_keys(&T, "Enter"); /* open the form of the only row */
	shot(tmux_wait_for(&T, "Channel*", 3000));
	cr_assert_not_null(strstr(S, "Originate: Originate a call."), "%s", S);
	tmux_text(&T, "Local/700@test");
	tmux_keys(&T, "Down Down");
	tmux_text(&T, "700");
	tmux_keys(&T, "Down");
	tmux_text(&T, "test");
	tmux_keys(&T, "F10");
	shot(tmux_wait_quiet(&T, 300, 3000));
	if (strstr(S, "Send") && strstr(S, "Action: Originate")) /* a confirmation */
		tmux_keys(&T, "Enter");
	tmux_keys(&T, "Escape");
	tmux_keys(&T, "2");
	/* the demo's own traffic fills the screen: narrow the view to our call */
	tmux_keys(&T, "/");
	tmux_text(&T, "Local/700");
	tmux_keys(&T, "Enter");
	shot(tmux_wait_for(&T, "700@test-", 5000));
	cr_assert_not_null(strstr(S, "700@test-"), "the originated call in Calls:\n%s", S);
	cr_assert_not_null(strstr(S, ";1 Up"), "its channels are up:\n%s", S);
}

Test(console, cli_command_prints_its_output)
{
	start(80, 24, "admin");
	tmux_keys(&T, "4");
	shot(tmux_wait_quiet(&T, 200, 2000));
	tmux_text(&T, "core show version");
	tmux_keys(&T, "Enter");
	shot(tmux_wait_for(&T, "Asterisk 22.10.1", 5000));
	cr_assert_not_null(strstr(S, "Asterisk 22.10.1"), "%s", S);
}

Test(console, tab_completes_a_cli_word)
{
	start(80, 24, "admin");
	tmux_keys(&T, "4");
	shot(tmux_wait_quiet(&T, 200, 2000));
	tmux_text(&T, "core show vers");
	tmux_keys(&T, "Tab");
	shot(tmux_wait_for(&T, "core show version", 5000));
	cr_assert_not_null(strstr(S, "core show version"), "%s", S);
	tmux_keys(&T, "Enter");
	shot(tmux_wait_for(&T, "Asterisk 22.10.1", 5000));
	cr_assert_not_null(strstr(S, "Asterisk 22.10.1"), "the completed line runs:\n%s", S);
}

/* After a resize the screen is whole: title on line 0, tab row on 1, nothing doubled. */
static void assert_whole(int w, int h)
{
	shot(tmux_wait_quiet(&T, 300, 3000));
	char l0[1024], l1[1024];
	line(S, 0, l0, sizeof l0);
	line(S, 1, l1, sizeof l1);
	cr_assert_not_null(strstr(l0, "operator@"), "%dx%d title:\n%s", w, h, S);
	cr_assert_not_null(strstr(l1, "1 Events"), "%dx%d tabs:\n%s", w, h, S);
	size_t lines = 0, titles = 0;
	for (const char *p = S; (p = strchr(p, '\n')); p++)
		lines++;
	for (const char *p = S; (p = strstr(p, "operator@")); p++)
		titles++;
	cr_assert_eq(lines, (size_t)h, "%dx%d: %zu lines", w, h, lines);
	cr_assert_eq(titles, 1, "%dx%d: the title appears %zu times:\n%s", w, h, titles, S);
	/* the class bar, whole: first and last class present, in order, before the list */
	char l2[1024], l3[1024];
	line(S, 2, l2, sizeof l2);
	line(S, 3, l3, sizeof l3);
	cr_assert(strncmp(l2, "sys", 3) == 0, "%dx%d class bar:\n%s", w, h, S);
	cr_assert(strstr(l2, "msg") || strstr(l3, "msg") || strstr(l2, "message") ||
		      strstr(l3, "message"),
		  "%dx%d class bar:\n%s", w, h, S);
}

Test(console, resize_mid_stream_leaves_a_correct_screen)
{
	start(80, 24, "operator");
	static const int sizes[][2] = { { 200, 50 }, { 60, 20 }, { 120, 30 }, { 80, 24 } };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		cr_assert(tmux_resize(&T, sizes[i][0], sizes[i][1]));
		assert_whole(sizes[i][0], sizes[i][1]);
	}
	cr_assert(tmux_alive(&T));
}
