/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one-line editor used by form fields, the filter line and the login form. */
#include "ui/lineedit.h"

#include <curses.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/text.h"

void ui_line_init(struct ui_line *l, size_t max, bool secret)
{
	memset(l, 0, sizeof *l);
	l->max = (max == 0 || max > UI_LINE_MAX) ? UI_LINE_MAX : max;
	l->secret = secret;
}

void ui_line_set(struct ui_line *l, const char *s)
{
	size_t n = strlen(s);
	if (n > l->max) {
		n = l->max;
		/* Back off to a character boundary. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(l->buf, s, n);
	l->buf[n] = '\0';
	l->len = l->cur = n;
	l->scroll = 0;
}

void ui_line_wipe(struct ui_line *l)
{
	volatile char *p = l->buf;
	for (size_t i = 0; i < sizeof l->buf; i++)
		p[i] = 0;
	l->len = l->cur = 0;
	l->scroll = 0;
}

static enum ui_line_result insert(struct ui_line *l, const char *s, size_t n)
{
	if (l->len + n > l->max)
		return UI_LINE_FULL;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur + 1);
	memcpy(l->buf + l->cur, s, n);
	l->len += n;
	l->cur += n;
	return UI_LINE_CHANGED;
}

static enum ui_line_result delete_range(struct ui_line *l, size_t from, size_t to)
{
	if (from >= to)
		return UI_LINE_IGNORED;
	memmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	l->cur = from;
	return UI_LINE_CHANGED;
}

static size_t next_char(const struct ui_line *l, size_t off)
{
	if (off >= l->len)
		return l->len;
	struct ui_glyph g;
	ui_text_next(l->buf + off, l->len - off, &g);
	return off + g.len;
}

static size_t word_start(const struct ui_line *l)
{
	size_t i = l->cur;
	while (i > 0 && l->buf[i - 1] == ' ')
		i--;
	while (i > 0 && l->buf[i - 1] != ' ')
		i--;
	return i;
}

static enum ui_line_result insert_key(struct ui_line *l, int key)
{
	char u[4];
	size_t n = ui_text_encode((uint32_t)key, u);
	return n ? insert(l, u, n) : UI_LINE_IGNORED;
}

static enum ui_line_result move_to(struct ui_line *l, size_t to)
{
	l->cur = to;
	return UI_LINE_MOVED;
}

enum ui_line_result ui_line_key(struct ui_line *l, int key)
{
	if (l->quoting) {
		l->quoting = false;
		if (key >= 0 && key < UI_KEY_FN_BASE)
			return insert_key(l, key);
		if (key == UI_KEY_FN(KEY_BACKSPACE))
			return insert_key(l, 127);
		return UI_LINE_IGNORED;
	}
	switch (key) {
	case UI_KEY_CTRL('V'):
		l->quoting = true;
		return UI_LINE_MOVED;
	case UI_KEY_FN(KEY_LEFT):
		return move_to(l, ui_text_prev(l->buf, l->cur));
	case UI_KEY_FN(KEY_RIGHT):
		return move_to(l, next_char(l, l->cur));
	case UI_KEY_FN(KEY_HOME):
	case UI_KEY_CTRL('A'):
		return move_to(l, 0);
	case UI_KEY_FN(KEY_END):
	case UI_KEY_CTRL('E'):
		return move_to(l, l->len);
	case UI_KEY_FN(KEY_BACKSPACE):
		return delete_range(l, ui_text_prev(l->buf, l->cur), l->cur);
	case UI_KEY_FN(KEY_DC):
	case UI_KEY_CTRL('D'):
		return delete_range(l, l->cur, next_char(l, l->cur));
	case UI_KEY_CTRL('U'):
		return delete_range(l, 0, l->cur);
	case UI_KEY_CTRL('K'):
		return delete_range(l, l->cur, l->len);
	case UI_KEY_CTRL('W'):
		return delete_range(l, word_start(l), l->cur);
	default:
		break;
	}
	if (key >= 0x20 && key != 0x7f && key < UI_KEY_FN_BASE)
		return insert_key(l, key);
	return UI_LINE_IGNORED;
}

int ui_line_draw(struct ui_line *l, struct ui_grid *g, int y, int x, int w, enum ui_element el)
{
	if (w <= 0)
		return x;
	char shown[UI_LINE_MAX * 4 + 1];
	const char *src = l->buf;
	size_t n = l->len, cur = l->cur;
	if (l->secret) {
		/* One star per character, whatever its width or length. */
		size_t k = 0, c = 0;
		struct ui_glyph gl;
		for (size_t i = 0; i < l->len; i += gl.len, k++) {
			ui_text_next(l->buf + i, l->len - i, &gl);
			if (i < l->cur)
				c++;
			shown[k] = '*';
		}
		shown[k] = '\0';
		src = shown;
		n = k;
		cur = c;
	}
	int curcol = ui_text_width(src, cur);
	if (curcol < l->scroll)
		l->scroll = curcol;
	if (curcol >= l->scroll + w)
		l->scroll = curcol - w + 1;
	/* Skip the columns scrolled off on the left. */
	size_t skip = ui_text_fit(src, n, l->scroll, NULL);
	ui_grid_fill(g, y, x, w, el);
	ui_grid_put(g, y, x, w, src + skip, n - skip, el);
	return x + curcol - l->scroll;
}
