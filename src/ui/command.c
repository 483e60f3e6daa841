/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Command screen: the Asterisk CLI over the Command action, with GNU readline inside curses. */
#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ui/text.h"
#include "ui_int.h"

/*
 * Readline runs in callback mode and never sees the terminal: curses owns it. Keys
 * are fed as bytes through rl_getc_function (arrows as the ANSI sequences readline
 * binds by default), readline's redisplay only marks the frame dirty, and the frame
 * draws rl_display_prompt + rl_line_buffer itself. Readline's state is global, so
 * one UI owns it at a time (rl_owner).
 */
static struct ui *rl_owner;
static unsigned char feed_q[16];
static size_t feed_head, feed_len;

#define CLI_PROMPT "CLI> "
#define CLI_LINES 5000
#define CLI_BYTES (2u << 20)

static int rl_getc_cb(FILE *unused)
{
	(void)unused;
	if (feed_len == 0)
		return EOF;
	unsigned char c = feed_q[feed_head];
	feed_head = (feed_head + 1) % sizeof feed_q;
	feed_len--;
	return c;
}

static int rl_avail_cb(void)
{
	return feed_len > 0;
}

static void rl_redisplay_cb(void)
{
	if (rl_owner)
		rl_owner->dirty = true;
}

static void send_line(struct ui *ui, const char *line);

static void rl_line_cb(char *line)
{
	if (!line || !rl_owner)
		return; /* ^D on an empty line: nothing to do */
	send_line(rl_owner, line);
	free(line);
}

static void feed_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (feed_len == sizeof feed_q)
			break;
		feed_q[(feed_head + feed_len) % sizeof feed_q] = (unsigned char)s[i];
		feed_len++;
	}
	while (feed_len > 0)
		rl_callback_read_char();
}

static void rl_setup(struct ui *ui)
{
	rl_owner = ui;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = rl_getc_cb;
	rl_input_available_hook = rl_avail_cb;
	rl_redisplay_function = rl_redisplay_cb;
	rl_readline_name = "amitui";
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	rl_outstream = null_out; /* bells and the like must not reach the curses screen */
	rl_variable_bind("input-meta", "on");
	rl_variable_bind("output-meta", "on");
	rl_variable_bind("convert-meta", "off");
	rl_variable_bind("keyseq-timeout", "0");
	rl_variable_bind("bell-style", "none");
	rl_callback_handler_install(CLI_PROMPT, rl_line_cb);
	rl_bind_key('\t', rl_insert); /* Tab is ours: completion asks the server */
	ui->cli.installed = true;
}

bool ui_cli_secret_line(const char *line)
{
	static const char *const words[] = {
		"secret", "password", "passwd", "key:", "key=", "md5"
	};
	size_t n = strlen(line);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (ui_text_icontains(line, n, words[i]))
			return true;
	return false;
}

void ui_cli_init(struct ui *ui)
{
	ui_textlog_init(&ui->cli.out, CLI_LINES, CLI_BYTES);
	using_history();
	stifle_history((int)ui->cli.history_size);
	if (ui->cli.history_file[0])
		read_history(ui->cli.history_file);
	/* Drop anything secret an older file may hold. */
	for (int i = history_length - 1; i >= 0; i--) {
		HIST_ENTRY *h = history_get(history_base + i);
		if (h && ui_cli_secret_line(h->line)) {
			HIST_ENTRY *gone = remove_history(i);
			free_history_entry(gone);
		}
	}
}

void ui_cli_free(struct ui *ui)
{
	if (ui->cli.history_file[0]) {
		mode_t old = umask(077);
		write_history(ui->cli.history_file);
		umask(old);
		chmod(ui->cli.history_file, 0600);
	}
	if (rl_owner == ui) {
		rl_callback_handler_remove();
		rl_owner = NULL;
	}
	clear_history();
	ui_textlog_free(&ui->cli.out);
}

void ui_cli_enter(struct ui *ui)
{
	if (rl_owner != ui || !ui->cli.installed)
		rl_setup(ui);
}

void ui_cli_leave(struct ui *ui)
{
	(void)ui; /* the half-typed line stays for when the user comes back */
}

/* --- sending ------------------------------------------------------------------------- */

static void out(struct ui *ui, const char *s, size_t n, enum ui_element el)
{
	ui_textlog_add(&ui->cli.out, s, n, el);
	ui->cli.scroll = 0;
}

static void send_command(struct ui *ui, const char *cmd, enum ui_pending_kind kind, uint64_t gen)
{
	const char *why = ui_refusal(ui, "Command", cmd);
	if (!why)
		why = ui_action_blocked(ui, "Command");
	if (why) {
		char line[256];
		snprintf(line, sizeof line, "not sent: %s", why);
		out(ui, line, strlen(line), UI_EL_CMD_ERROR);
		return;
	}
	struct ami_action a;
	ami_action_init(&a, "Command");
	ami_action_add(&a, "Command", cmd);
	enum ami_status st = ui_send(ui, &a, kind, gen);
	if (st != AMI_OK) {
		char line[256];
		snprintf(line, sizeof line, "not sent: %s",
			 ami_action_status(&a) != AMI_OK ? ami_action_errmsg(&a)
							 : ami_status_str(st));
		out(ui, line, strlen(line), UI_EL_CMD_ERROR);
	}
	ami_action_free(&a);
}

static void send_line(struct ui *ui, const char *line)
{
	char echo[UI_LINE_MAX + 16];
	snprintf(echo, sizeof echo, "%s%s", CLI_PROMPT, line);
	out(ui, echo, strlen(echo), UI_EL_CMD_ECHO);
	if (!*line)
		return;
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (!ui_cli_secret_line(line) && (!last || strcmp(last->line, line) != 0))
		add_history(line);
	send_command(ui, line, UI_PEND_COMMAND, 0);
}

/* "_command matchesarray" takes the line and the word as quoted CLI arguments. */
static void quote(char *dst, size_t cap, const char *s, size_t n)
{
	size_t k = 0;
	dst[k++] = '"';
	for (size_t i = 0; i < n && k + 3 < cap; i++) {
		if (s[i] == '"' || s[i] == '\\')
			dst[k++] = '\\';
		dst[k++] = s[i];
	}
	dst[k++] = '"';
	dst[k] = '\0';
}

static void complete_start(struct ui *ui)
{
	size_t point = (size_t)rl_point;
	const char *line = rl_line_buffer;
	size_t ws = point;
	while (ws > 0 && line[ws - 1] != ' ')
		ws--;
	char ql[UI_LINE_MAX], qw[UI_LINE_MAX / 2], cmd[UI_LINE_MAX * 2];
	quote(ql, sizeof ql, line, point);
	quote(qw, sizeof qw, line + ws, point - ws);
	snprintf(cmd, sizeof cmd, "_command matchesarray %s %s", ql, qw);
	ui->cli.comp_gen++;
	snprintf(ui->cli.comp_line, sizeof ui->cli.comp_line, "%.*s", (int)point, line);
	ui->cli.comp_point = (int)point;
	send_command(ui, cmd, UI_PEND_COMPLETE, ui->cli.comp_gen);
}

/* --- keys ---------------------------------------------------------------------------- */

static const struct {
	int key;
	const char *seq;
} key_seqs[] = {
	{ KEY_UP, "\033[A" },	{ KEY_DOWN, "\033[B" },	   { KEY_RIGHT, "\033[C" },
	{ KEY_LEFT, "\033[D" }, { KEY_HOME, "\033[H" },	   { KEY_END, "\033[F" },
	{ KEY_DC, "\033[3~" },	{ KEY_BACKSPACE, "\177" },
};

void ui_cli_key(struct ui *ui, int key)
{
	ui_cli_enter(ui);
	if (key == UI_KEY_TAB) {
		complete_start(ui);
		return;
	}
	if (key == UI_KEY_CTRL('C')) {
		rl_replace_line("", 0);
		rl_point = 0;
		return;
	}
	if (key >= UI_KEY_FN_BASE) {
		for (size_t i = 0; i < sizeof key_seqs / sizeof key_seqs[0]; i++)
			if (UI_KEY_FN(key_seqs[i].key) == key)
				feed_bytes(key_seqs[i].seq, strlen(key_seqs[i].seq));
		return;
	}
	char u[4];
	size_t n = ui_text_encode((uint32_t)key, u);
	feed_bytes(u, n);
}

bool ui_cli_request(struct ui *ui, enum ui_request r)
{
	int page = ui->rows - 6;
	switch (r) {
	case UI_REQ_PAGE_UP:
		ui->cli.scroll += page;
		return true;
	case UI_REQ_PAGE_DOWN:
		ui->cli.scroll = ui->cli.scroll > page ? ui->cli.scroll - page : 0;
		return true;
	default:
		return false;
	}
}

/* --- replies ------------------------------------------------------------------------- */

/* Output lines of either Command reply format: Asterisk 14+ Output:, or a Follows body. */
struct out_iter {
	const struct ami_msg *m;
	uint32_t hpos;
	size_t bpos;
};

static bool out_next(struct out_iter *it, struct ami_str *line)
{
	const struct ami_msg *m = it->m;
	if (m->body) {
		if (it->bpos >= m->bodylen)
			return false;
		const char *s = m->body + it->bpos;
		size_t rest = m->bodylen - it->bpos;
		const char *nl = memchr(s, '\n', rest);
		size_t n = nl ? (size_t)(nl - s) : rest;
		it->bpos += n + (nl != NULL);
		*line = ami_str_make(s, n && s[n - 1] == '\r' ? n - 1 : n);
		return true;
	}
	return ami_msg_next(m, "Output", &it->hpos, line);
}

static void show_output(struct ui *ui, const struct ui_reply *r)
{
	enum ui_element el = r->status == AMI_OK ? UI_EL_CMD_OUTPUT : UI_EL_CMD_ERROR;
	struct out_iter it = { r->msg, 0, 0 };
	struct ami_str line;
	bool any = false;
	while (r->msg && out_next(&it, &line)) {
		out(ui, line.p ? line.p : "", line.n, el);
		any = true;
	}
	if (!any && r->status != AMI_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s",
			 r->text && *r->text ? r->text : ami_status_str(r->status));
		out(ui, msg, strlen(msg), UI_EL_CMD_ERROR);
	}
}

/* The matches of a "_command matchesarray" reply: "LCP m1 m2 ... _EOF_" (or "NULL"). */
static size_t parse_matches(const struct ui_reply *r, char (*m)[128], size_t cap)
{
	struct out_iter it = { r->msg, 0, 0 };
	struct ami_str line;
	size_t n = 0;
	bool first = true, eof = false;
	while (r->msg && !eof && out_next(&it, &line)) {
		for (size_t i = 0; i < line.n && !eof;) {
			while (i < line.n && line.p[i] == ' ')
				i++;
			size_t s = i;
			while (i < line.n && line.p[i] != ' ')
				i++;
			if (i == s)
				break;
			struct ami_str w = ami_str_make(line.p + s, i - s);
			if (ami_str_eq(w, "_EOF_") || ami_str_eq(w, "NULL")) {
				eof = true;
			} else if (first) {
				first = false; /* the longest common prefix, recomputed below */
			} else if (n < cap) {
				ami_str_copy(w, m[n++], 128);
			}
		}
	}
	return n;
}

static size_t common_prefix(char (*m)[128], size_t n)
{
	size_t len = strlen(m[0]);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < len && m[i][k] && (m[i][k] | 32) == (m[0][k] | 32))
			k++;
		len = k;
	}
	return len;
}

static void apply_matches(struct ui *ui, char (*m)[128], size_t n)
{
	int point = ui->cli.comp_point;
	int ws = point;
	while (ws > 0 && rl_line_buffer[ws - 1] != ' ')
		ws--;
	char ins[160];
	if (n == 1) {
		snprintf(ins, sizeof ins, "%s ", m[0]);
	} else {
		size_t l = common_prefix(m, n);
		snprintf(ins, sizeof ins, "%.*s", (int)l, m[0]);
		char line[UI_LINE_MAX];
		size_t len = 0;
		for (size_t i = 0; i < n && len + 130 < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s  ", m[i]);
		out(ui, line, len, UI_EL_HINT);
	}
	rl_delete_text(ws, point);
	rl_point = ws;
	rl_insert_text(ins);
}

void ui_cli_reply(struct ui *ui, const struct ui_reply *r, bool completion, uint64_t gen)
{
	if (!completion) {
		if (r->kind == UI_REPLY_RESPONSE || r->final)
			show_output(ui, r);
		return;
	}
	if (gen != ui->cli.comp_gen || !r->final || rl_owner != ui)
		return;
	/* The user kept typing: the answer is for a line that no longer exists. */
	if (rl_point != ui->cli.comp_point ||
	    strncmp(rl_line_buffer, ui->cli.comp_line, (size_t)rl_point) != 0)
		return;
	char(*m)[128] = calloc(256, 128);
	if (!m)
		return;
	size_t n = r->status == AMI_OK ? parse_matches(r, m, 256) : 0;
	if (n == 0)
		ui_msg(ui, UI_MSG_WARN, "no completion%s%s", r->status != AMI_OK ? ": " : "",
		       r->status != AMI_OK ? ami_status_str(r->status) : "");
	else
		apply_matches(ui, m, n);
	free(m);
}

/* --- drawing ------------------------------------------------------------------------- */

/* Rows a line takes when wrapped at w columns (at least one). */
static int wrapped_rows(const char *s, int w)
{
	int cols = ui_text_width(s, strlen(s));
	return cols <= w ? 1 : (cols + w - 1) / w;
}

/* Draw line s wrapped at w columns, skipping its first skip rows; returns rows drawn. */
static int draw_wrapped(struct ui_grid *g, int y, int maxrows, const char *s, int skip,
			enum ui_element el)
{
	size_t n = strlen(s), i = 0;
	int row = 0, drawn = 0;
	do {
		int cols;
		size_t k = ui_text_fit(s + i, n - i, g->w, &cols);
		if (k == 0 && i < n)
			k = 1; /* a wide character wider than the screen: never loop */
		if (row >= skip && drawn < maxrows)
			ui_grid_put(g, y + drawn++, 0, g->w, s + i, k, el);
		i += k;
		row++;
	} while (i < n);
	return drawn;
}

/* CLI output, newest at the bottom, long lines wrapped, scrolled back by cli.scroll rows. */
static void draw_output(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct ui_cli *c = &ui->cli;
	int total = 0;
	for (size_t i = 0; i < c->out.count; i++)
		total += wrapped_rows(ui_textlog_line(&c->out, i, NULL), g->w);
	if (c->scroll > total - h)
		c->scroll = total - h > 0 ? total - h : 0;
	int first = total - h - c->scroll; /* display row shown at y (may be < 0) */
	int row = 0, drawn = first < 0 ? -first : 0;
	for (size_t i = 0; i < c->out.count && drawn < h; i++) {
		enum ui_element el;
		const char *s = ui_textlog_line(&c->out, i, &el);
		int rows = wrapped_rows(s, g->w);
		if (row + rows > first)
			drawn += draw_wrapped(g, y + drawn, h - drawn, s,
					      first > row ? first - row : 0, el);
		row += rows;
	}
}

void ui_draw_command(struct ui *ui, struct ui_grid *g, int y, int h)
{
	if (ui->cli.out.count == 0)
		ui_grid_puts(g, y, 1, g->w - 1,
			     "The Asterisk CLI through the Command action. Tab completes (the "
			     "server answers), Esc leaves, PgUp/PgDn scroll.",
			     UI_EL_HINT);
	else
		draw_output(ui, g, y, h - 1);
	int ly = y + h - 1;
	ui_grid_fill(g, ly, 0, g->w, UI_EL_CMD_OUTPUT);
	if (rl_owner != ui)
		return;
	const char *prompt = rl_display_prompt ? rl_display_prompt : CLI_PROMPT;
	int pw = ui_grid_puts(g, ly, 0, g->w, prompt, UI_EL_CMD_PROMPT);
	const char *buf = rl_line_buffer ? rl_line_buffer : "";
	size_t len = strlen(buf), point = (size_t)rl_point <= len ? (size_t)rl_point : len;
	int room = g->w - pw - 1, cur = ui_text_width(buf, point);
	size_t skip = cur > room ? ui_text_fit(buf, len, cur - room, NULL) : 0;
	int skipped = ui_text_width(buf, skip);
	ui_grid_put(g, ly, pw, g->w - pw, buf + skip, len - skip, UI_EL_CMD_OUTPUT);
	if (ui->mode == UI_MODE_NONE) {
		ui->cur_y = ly;
		ui->cur_x = pw + cur - skipped;
	}
}
