/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The curses side: newterm, colour pairs for theme elements, one blit per frame, key input. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_int.h"

#define KEYS_PER_TURN 512

/* --- colours ------------------------------------------------------------------------- */

static short pair_for(short fg, short bg, short *next)
{
	for (short p = 1; p < *next; p++) {
		short f, b;
		pair_content(p, &f, &b);
		if (f == fg && b == bg)
			return p;
	}
	if (*next >= COLOR_PAIRS || *next >= 32767)
		return 0; /* out of pairs: the terminal's default colours */
	init_pair(*next, fg, bg);
	return (*next)++;
}

static void setup_colors(struct ui *ui)
{
	memset(ui->pairs, 0, sizeof ui->pairs);
	ui->ncolors = 0;
	if (ui->theme.mono || !has_colors())
		return;
	start_color();
	use_default_colors();
	ui->ncolors = COLORS;
	short next = 1;
	for (int e = 0; e < UI_EL_COUNT; e++) {
		const struct ui_style *s = &ui->theme.st[e];
		short fg = (short)ui_color_degrade(s->fg, COLORS);
		short bg = (short)ui_color_degrade(s->bg, COLORS);
		ui->pairs[e] = (fg == -1 && bg == -1) ? 0 : pair_for(fg, bg, &next);
	}
}

static void apply_label_color(struct ui *ui)
{
	if (ui->label_color < -1 || ui->theme.mono)
		return;
	struct ui_style *s = &ui->theme.st[UI_EL_TITLE_LABEL];
	int c = ui->label_color;
	bool light = c == UI_C_YELLOW || c == UI_C_WHITE || c == UI_C_CYAN || c == UI_C_GREEN ||
		     (c >= 8 && c < 16);
	s->bg = (int16_t)c;
	s->fg = light ? UI_C_BLACK : UI_C_BRIGHTWHITE;
}

static attr_t attrs_of(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & UI_A_BOLD)
		r |= A_BOLD;
	if (a & UI_A_DIM)
		r |= A_DIM;
	if (a & UI_A_REVERSE)
		r |= A_REVERSE;
	if (a & UI_A_UNDERLINE)
		r |= A_UNDERLINE;
	return r;
}

/* --- start and stop ------------------------------------------------------------------ */

enum ami_status ui_start(struct ui *ui, const char *term, void *out_file, void *in_file, char *err,
			 size_t cap)
{
	if (ui->started)
		return AMI_OK;
	ui->out = out_file ? out_file : stdout;
	ui->in = in_file ? in_file : stdin;
	SCREEN *s = newterm(term, ui->out, ui->in);
	if (!s) {
		snprintf(err, cap, "cannot start the terminal '%s'",
			 term ? term : (getenv("TERM") ? getenv("TERM") : "(TERM unset)"));
		return AMI_E_SYSTEM;
	}
	set_term(s);
	ui->scr = s;
	ui->started = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	apply_label_color(ui);
	setup_colors(ui);
	if (ui->mouse)
		mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	ui->infd = fileno(ui->in);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	ui_resize_to(ui, rows, cols);
	ui->last_frame_ms = 0;
	return AMI_OK;
}

void ui_stop(struct ui *ui)
{
	if (!ui->started)
		return;
	set_term(ui->scr);
	curs_set(1);
	endwin();
	delscreen(ui->scr);
	ui->scr = NULL;
	ui->started = false;
	ui->infd = -1;
}

int ui_fd(const struct ui *ui)
{
	return ui->started ? ui->infd : -1;
}

/* --- blit ---------------------------------------------------------------------------- */

static void blit_row(struct ui *ui, int y, cchar_t *row)
{
	const struct ui_grid *g = &ui->grid;
	int n = 0;
	for (int x = 0; x < g->w; x++) {
		const struct ui_cell *c = ui_grid_at(g, y, x);
		if (c->width == 0)
			continue; /* the right half of a wide character */
		wchar_t wc[2] = { (wchar_t)c->ch, 0 };
		const struct ui_style *s = &ui->theme.st[c->el];
		setcchar(&row[n++], wc, attrs_of(s->attrs | c->attr), ui->pairs[c->el], NULL);
	}
	mvwadd_wchnstr(stdscr, y, 0, row, n);
}

void ui_screen_blit(struct ui *ui)
{
	set_term(ui->scr);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	cchar_t *row = calloc((size_t)ui->grid.w + 1, sizeof *row);
	if (!row)
		return;
	for (int y = 0; y < ui->grid.h && y < rows; y++)
		blit_row(ui, y, row);
	free(row);
	(void)cols;
	if (ui->cur_y >= 0 && ui->cur_x >= 0 && ui->cur_y < rows) {
		curs_set(1);
		wmove(stdscr, ui->cur_y, ui->cur_x < ui->grid.w ? ui->cur_x : ui->grid.w - 1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* --- input --------------------------------------------------------------------------- */

static void sync_size(struct ui *ui)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (rows != ui->rows || cols != ui->cols)
		clearok(curscr, TRUE);
	ui_resize_to(ui, rows, cols);
}

static void mouse(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	enum ui_request r = UI_REQ_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		r = UI_REQ_MOVE_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		r = UI_REQ_MOVE_DOWN;
	int key = 0;
	if (r != UI_REQ_NONE && ui->km.keys[r][0])
		key = ui->km.keys[r][0];
	for (int i = 0; key && i < 3; i++)
		ui_feed_key(ui, key);
}

void ui_on_input(struct ui *ui)
{
	if (!ui->started)
		return;
	set_term(ui->scr);
	for (int i = 0; i < KEYS_PER_TURN; i++) {
		wint_t wch;
		int ret = wget_wch(stdscr, &wch);
		if (ret == ERR)
			break;
		if (ret == KEY_CODE_YES && wch == KEY_MOUSE) {
			mouse(ui);
			continue;
		}
		if (ret == KEY_CODE_YES && wch == KEY_RESIZE) {
			/*
			 * curses has resized already (resizeterm queues KEY_RESIZE, even for the
			 * size it has): take its size, never resizeterm again, or this loops.
			 */
			sync_size(ui);
			continue;
		}
		ui_feed_key(ui, ui_key_from_curses(ret, (unsigned)wch));
	}
}

void ui_resize(struct ui *ui)
{
	if (!ui->started) {
		ui->dirty = true;
		return;
	}
	set_term(ui->scr);
	struct winsize ws;
	if (ioctl(fileno(ui->out), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	sync_size(ui);
}

/* --- OSC 52 -------------------------------------------------------------------------- */

static void base64(const unsigned char *s, size_t n, FILE *f)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		fputc(tab[(v >> 18) & 63], f);
		fputc(tab[(v >> 12) & 63], f);
		fputc(i + 1 < n ? tab[(v >> 6) & 63] : '=', f);
		fputc(i + 2 < n ? tab[v & 63] : '=', f);
	}
}

void ui_screen_osc52(struct ui *ui, const char *text, size_t len)
{
	if (!ui->started || !ui->out)
		return;
	/* Written between frames: an OSC string moves no cursor and draws nothing. */
	fputs("\033]52;c;", ui->out);
	base64((const unsigned char *)text, len, ui->out);
	fputs("\a", ui->out);
	fflush(ui->out);
}

/* --- benchmark hook ------------------------------------------------------------------ */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double ui_bench_events_frame(struct model *m, int rows, int cols, int frames)
{
	char err[256];
	struct ui *ui = ui_new(NULL, NULL, NULL, err, sizeof err);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	double ms = -1;
	if (!ui || !out || !in || ui_set_model(ui, m) != AMI_OK ||
	    ui_start(ui, "xterm-256color", out, in, err, sizeof err) != AMI_OK)
		goto done;
	ui_resize_to(ui, rows, cols);
	while (ui_events_work(ui))
		; /* the view's first build is not part of a frame */
	if (frames < 1)
		frames = 1;
	double t0 = now_ms();
	for (int i = 0; i < frames; i++) {
		ui_frame(ui);
		ui_screen_blit(ui);
	}
	ms = (now_ms() - t0) / frames;
done:
	ui_free(ui);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	return ms;
}
