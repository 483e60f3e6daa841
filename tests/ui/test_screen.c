/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Curses on files: the blit puts exactly the grid on the screen (read back), colours degrade. */
#include "ui/ui.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/grid.h"
#include "ui/text.h"
#include "uifix.h"
#include "uitest.h"

TestSuite(screen, .init = ut_setup);

struct term {
	FILE *out, *in;
};

static struct ui *start(struct ut_host *h, struct term *t, const char *term, int rows, int cols,
			const struct ui_config *cfg)
{
	struct ui *ui = ut_ui(h, cfg, rows, cols);
	t->out = fopen("/dev/null", "w");
	t->in = fopen("/dev/null", "r");
	char err[256];
	char lines[16], columns[16];
	snprintf(lines, sizeof lines, "%d", rows);
	snprintf(columns, sizeof columns, "%d", cols);
	setenv("LINES", lines, 1);
	setenv("COLUMNS", columns, 1);
	cr_assert_eq(ui_start(ui, term, t->out, t->in, err, sizeof err), AMI_OK, "%s", err);
	return ui;
}

static void stop(struct ui *ui, struct term *t)
{
	ui_free(ui);
	fclose(t->out);
	fclose(t->in);
}

/* Row y of the curses screen as UTF-8, trailing blanks dropped. */
static void screen_row(int y, char *dst, size_t cap)
{
	int cols = getmaxx(stdscr);
	cchar_t *cells = calloc((size_t)cols + 1, sizeof *cells);
	/* One entry per character (wide ones once), ended by a null cchar_t. */
	cr_assert_eq(mvwin_wchnstr(stdscr, y, 0, cells, cols), OK);
	size_t len = 0, keep = 0;
	for (int x = 0; x < cols; x++) {
		wchar_t wc[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		getcchar(&cells[x], wc, &a, &pair, NULL);
		if (wc[0] == 0)
			break;
		char u[4];
		size_t k = ui_text_encode((uint32_t)wc[0], u);
		if (len + k >= cap)
			break;
		memcpy(dst + len, u, k);
		len += k;
		if (wc[0] != ' ')
			keep = len;
	}
	dst[keep] = '\0';
	free(cells);
}

Test(screen, blit_shows_the_grid_exactly_with_cyrillic)
{
	struct ut_host h;
	ut_host_init(&h);
	struct term t;
	struct ui_config cfg = { .profile_label = "Тест" };
	struct ui *ui = start(&h, &t, "xterm-256color", 24, 80, &cfg);
	struct ui_status st = { .conn = UI_CONN_UP,
				.state = "вошли",
				.server = "pbx:5038",
				.user = "оператор",
				.ping_ms = -1,
				.events_per_s = -1 };
	ui_set_status(ui, &st);
	cr_assert_eq(ui_render_if_due(ui, 100000), 1000);
	const struct ui_grid *g = ui_frame(ui);
	for (int y = 0; y < 24; y++) {
		char want[1024], got[1024];
		ui_grid_row_text(g, y, want, sizeof want);
		screen_row(y, got, sizeof got);
		cr_assert_str_eq(got, want, "row %d: [%s] vs [%s]", y, got, want);
	}
	char row[1024];
	screen_row(0, row, sizeof row);
	cr_assert_str_eq(row, " Тест  оператор@pbx:5038  вошли");
	stop(ui, &t);
}

Test(screen, colours_follow_the_theme_and_no_color_drops_them)
{
	struct ut_host h;
	ut_host_init(&h);
	struct term t;
	struct ui *ui = start(&h, &t, "xterm-256color", 24, 80, NULL);
	ui_render_if_due(ui, 100000);
	cchar_t c;
	mvwin_wch(stdscr, 0, 0, &c);
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair, fg, bg;
	getcchar(&c, wc, &a, &pair, NULL);
	cr_assert_gt(pair, 0, "the title bar has a colour pair");
	pair_content(pair, &fg, &bg);
	cr_assert_eq(fg, COLOR_WHITE);
	cr_assert_eq(bg, COLOR_BLUE);
	stop(ui, &t);

	struct ui_config mono = { .no_color = true };
	ui = start(&h, &t, "xterm-256color", 24, 80, &mono);
	ui_render_if_due(ui, 100000);
	mvwin_wch(stdscr, 0, 0, &c);
	getcchar(&c, wc, &a, &pair, NULL);
	cr_assert_eq(pair, 0, "NO_COLOR: no colour pairs");
	cr_assert(a & A_REVERSE, "the mono title bar is reverse video");
	stop(ui, &t);
}

Test(screen, eight_colour_terminals_get_basic_colours)
{
	struct ut_host h;
	ut_host_init(&h);
	struct term t;
	struct ui *ui = start(&h, &t, "xterm", 24, 80, NULL);
	cr_assert_eq(COLORS, 8);
	ui_render_if_due(ui, 100000);
	/* title.ok is brightgreen (10) in the default theme: green (2) on 8 colours. Find it. */
	struct ui_status st = {
		.conn = UI_CONN_UP, .state = "up", .ping_ms = -1, .events_per_s = -1
	};
	ui_set_status(ui, &st);
	ui_render_if_due(ui, 200000);
	const struct ui_grid *g = ui_frame(ui);
	int x = 0;
	while (x < 80 && ui_grid_at(g, 0, x)->el != UI_EL_TITLE_OK)
		x++;
	cr_assert_lt(x, 80, "the state is drawn with title.ok");
	cchar_t c;
	mvwin_wch(stdscr, 0, x, &c);
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair, fg, bg;
	getcchar(&c, wc, &a, &pair, NULL);
	pair_content(pair, &fg, &bg);
	cr_assert_eq(fg, COLOR_GREEN);
	stop(ui, &t);
}

Test(screen, ascii_mode_draws_no_box_characters)
{
	struct ut_host h;
	ut_host_init(&h);
	struct ui_config cfg = { .ascii = true };
	struct ui *ui = ut_ui(&h, &cfg, 24, 80);
	ui_feed_key(ui, '2'); /* Calls: a horizontal rule above the footer */
	char *text = ut_screen(ui);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		cr_assert_lt(*p, 0x80, "non-ASCII byte in ASCII mode:\n%s", text);
	cr_assert(strstr(text, "-----") != NULL);
	free(text);
	ui_free(ui);
}

Test(screen, profile_colour_paints_the_label)
{
	struct ut_host h;
	ut_host_init(&h);
	struct term t;
	struct ui_config cfg = { .profile_label = "LAB", .profile_color = "green" };
	struct ui *ui = start(&h, &t, "xterm-256color", 24, 80, &cfg);
	ui_render_if_due(ui, 100000);
	cchar_t c;
	mvwin_wch(stdscr, 0, 1, &c);
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair, fg, bg;
	getcchar(&c, wc, &a, &pair, NULL);
	cr_assert_eq(wc[0], L'L');
	pair_content(pair, &fg, &bg);
	cr_assert_eq(bg, COLOR_GREEN);
	stop(ui, &t);
}

Test(screen, copy_writes_osc52_to_the_terminal)
{
	struct model m;
	ut_model(&m, "admin");
	ut_feed(&m, "ui/cyrillic_call.raw", 0);
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	ui_set_model(ui, &m);
	char path[] = "/tmp/amitui-osc-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	FILE *out = fdopen(fd, "w+");
	FILE *in = fopen("/dev/null", "r");
	char err[256];
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	cr_assert_eq(ui_start(ui, "xterm-256color", out, in, err, sizeof err), AMI_OK);
	ut_settle(ui);
	ui_feed_key(ui, 'y'); /* the newest event: the UserEvent */
	fflush(out);
	char *bytes = NULL;
	size_t n = 0;
	rewind(out);
	getdelim(&bytes, &n, '\0', out);
	/* "Event: UserEvent\n" starts the text: base64 "RXZlbnQ6IFVzZXJFdmVudAp" */
	cr_assert(strstr(bytes, "\033]52;c;RXZlbnQ6IFVzZXJFdmVudA") != NULL, "no OSC 52 sequence");
	free(bytes);
	ui_free(ui);
	fclose(out);
	fclose(in);
	unlink(path);
	model_free(&m);
}

Test(screen, resize_on_a_real_tty_does_not_swallow_keys)
{
	/* A pseudo-terminal, so TIOCGWINSZ and resizeterm behave as under tmux. */
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert_geq(master, 0);
	cr_assert_eq(grantpt(master), 0);
	cr_assert_eq(unlockpt(master), 0);
	/* O_NOCTTY: it must not become our controlling terminal (SIGHUP on close). */
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	cr_assert_geq(slave, 0);
	FILE *tty = fdopen(slave, "r+");
	cr_assert_not_null(tty);
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	ioctl(master, TIOCSWINSZ, &ws);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	struct ut_host h;
	ut_host_init(&h);
	struct ui *ui = ut_ui(&h, NULL, 24, 80);
	char err[256];
	cr_assert_eq(ui_start(ui, "xterm-256color", tty, tty, err, sizeof err), AMI_OK, "%s", err);
	ws = (struct winsize){ .ws_row = 30, .ws_col = 100 };
	ioctl(master, TIOCSWINSZ, &ws);
	ui_resize(ui); /* what the app does on SIGWINCH: curses queues a KEY_RESIZE */
	cr_assert_eq(write(master, "2", 1), 1);
	usleep(20000);
	ui_on_input(ui);
	char *text = ut_screen(ui);
	cr_assert(strstr(text, "Call / channel") != NULL, "the key after the resize was lost:\n%s",
		  text);
	const struct ui_grid *g = ui_frame(ui);
	cr_assert_eq(g->w, 100);
	cr_assert_eq(g->h, 30);
	free(text);
	ui_free(ui);
	fclose(tty);
	close(master);
}

Test(screen, no_color_keeps_meaning_in_attributes)
{
	struct model m;
	ut_model(&m, "operator");
	ut_feed(&m, "asterisk-22/03_perms_operator.raw", 0);
	struct ut_host h;
	ut_host_init(&h);
	struct term t;
	struct ui_config mono = { .no_color = true };
	struct ui *ui = start(&h, &t, "xterm-256color", 24, 80, &mono);
	ui_set_model(ui, &m);
	ui_feed_key(ui, '3');
	ut_settle(ui);
	/* Row 4 is AgentLogoff, not offered to operator: greyed means dim without colours. */
	cchar_t c;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	mvwin_wch(stdscr, 4, 3, &c);
	getcchar(&c, wc, &a, &pair, NULL);
	cr_assert_eq(wc[0], L'A');
	cr_assert(a & A_DIM, "a greyed action is dim in mono");
	cr_assert_eq(pair, 0);
	mvwin_wch(stdscr, 3, 3, &c); /* the cursor row: reverse video */
	getcchar(&c, wc, &a, &pair, NULL);
	cr_assert(a & A_REVERSE);
	stop(ui, &t);
	model_free(&m);
}
