/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cell grid: clipped, column-exact text drawing and row read-back for tests. */
#include "ui/grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/text.h"

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

bool ui_grid_resize(struct ui_grid *g, int w, int h)
{
	w = clampi(w, 1, UI_GRID_MAX_W);
	h = clampi(h, 1, UI_GRID_MAX_H);
	struct ui_cell *c = calloc((size_t)w * (size_t)h, sizeof *c);
	if (!c)
		return false;
	free(g->cells);
	g->cells = c;
	g->w = w;
	g->h = h;
	ui_grid_clear(g, UI_EL_DEFAULT);
	return true;
}

void ui_grid_free(struct ui_grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
}

static struct ui_cell *cell(struct ui_grid *g, int y, int x)
{
	return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

const struct ui_cell *ui_grid_at(const struct ui_grid *g, int y, int x)
{
	if (y < 0 || x < 0 || y >= g->h || x >= g->w)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

void ui_grid_clear(struct ui_grid *g, enum ui_element el)
{
	for (int y = 0; y < g->h; y++)
		ui_grid_fill(g, y, 0, g->w, el);
}

/* Overwriting half of a wide character blanks its other half. */
static void break_wide(struct ui_grid *g, int y, int x)
{
	struct ui_cell *c = cell(g, y, x);
	if (c->width == 0 && x > 0) {
		struct ui_cell *l = cell(g, y, x - 1);
		l->ch = ' ';
		l->width = 1;
	} else if (c->width == 2 && x + 1 < g->w) {
		struct ui_cell *r = cell(g, y, x + 1);
		r->ch = ' ';
		r->width = 1;
	}
}

static void set_cell(struct ui_grid *g, int y, int x, uint32_t ch, int width, enum ui_element el)
{
	break_wide(g, y, x);
	if (width == 2)
		break_wide(g, y, x + 1);
	*cell(g, y, x) = (struct ui_cell){ ch, (uint8_t)el, 0, (uint8_t)width };
	if (width == 2)
		*cell(g, y, x + 1) = (struct ui_cell){ 0, (uint8_t)el, 0, 0 };
}

void ui_grid_fill(struct ui_grid *g, int y, int x, int w, enum ui_element el)
{
	if (y < 0 || y >= g->h)
		return;
	if (x < 0) {
		w += x;
		x = 0;
	}
	for (int i = x; i < x + w && i < g->w; i++)
		set_cell(g, y, i, ' ', 1, el);
}

int ui_grid_put(struct ui_grid *g, int y, int x, int maxw, const char *s, size_t n,
		enum ui_element el)
{
	if (y < 0 || y >= g->h || x < 0 || x >= g->w || maxw <= 0)
		return 0;
	int lim = x + maxw < g->w ? x + maxw : g->w;
	int col = x;
	struct ui_glyph gl;
	for (size_t i = 0; i < n && col < lim; i += gl.len) {
		ui_text_next(s + i, n - i, &gl);
		if (gl.width == 0)
			continue; /* combining marks are dropped rather than misplaced */
		if (col + gl.width > lim) {
			set_cell(g, y, col++, ' ', 1, el);
			break;
		}
		set_cell(g, y, col, gl.cp, gl.width, el);
		col += gl.width;
	}
	return col - x;
}

int ui_grid_puts(struct ui_grid *g, int y, int x, int maxw, const char *s, enum ui_element el)
{
	return ui_grid_put(g, y, x, maxw, s, strlen(s), el);
}

int ui_grid_printf(struct ui_grid *g, int y, int x, int maxw, enum ui_element el, const char *fmt,
		   ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
	return ui_grid_put(g, y, x, maxw, buf, len, el);
}

int ui_grid_put_pad(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el)
{
	int used = ui_grid_puts(g, y, x, w, s, el);
	ui_grid_fill(g, y, x + used, w - used, el);
	return w;
}

int ui_grid_put_right(struct ui_grid *g, int y, int xend, const char *s, enum ui_element el)
{
	size_t n = strlen(s);
	int w = ui_text_width(s, n);
	int x = xend - w;
	if (x < 0) {
		/* Keep the end visible: skip leading characters that do not fit. */
		struct ui_glyph gl;
		size_t i = 0;
		while (i < n && x < 0) {
			ui_text_next(s + i, n - i, &gl);
			x += gl.width;
			i += gl.len;
		}
		ui_grid_put(g, y, x, xend - x, s + i, n - i, el);
		return x;
	}
	ui_grid_put(g, y, x, w, s, n, el);
	return x;
}

int ui_grid_put_wrapped(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el)
{
	size_t n = strlen(s), i = 0;
	int rows = 0;
	while (i < n && w > 0) {
		int cols;
		size_t k = ui_text_fit(s + i, n - i, w, &cols);
		if (k < n - i) {
			/* Break after the last blank that fits, if there is one. */
			size_t b = k;
			while (b > 0 && s[i + b - 1] != ' ')
				b--;
			if (b > 0)
				k = b;
		}
		if (k == 0)
			k = 1;
		ui_grid_put(g, y + rows, x, w, s + i, k, el);
		i += k;
		rows++;
	}
	return rows ? rows : 1;
}

void ui_grid_set_el(struct ui_grid *g, int y, int x, int w, enum ui_element el)
{
	if (y < 0 || y >= g->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + w && i < g->w; i++)
		cell(g, y, i)->el = (uint8_t)el;
}

void ui_grid_add_attr(struct ui_grid *g, int y, int x, int w, unsigned attr)
{
	if (y < 0 || y >= g->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + w && i < g->w; i++)
		cell(g, y, i)->attr |= (uint8_t)attr;
}

void ui_grid_hline(struct ui_grid *g, int y, int x, int w, enum ui_element el)
{
	if (y < 0 || y >= g->h)
		return;
	for (int i = x < 0 ? 0 : x; i < x + w && i < g->w; i++)
		set_cell(g, y, i, g->ascii ? '-' : 0x2500, 1, el);
}

void ui_grid_vline(struct ui_grid *g, int y, int x, int h, enum ui_element el)
{
	if (x < 0 || x >= g->w)
		return;
	for (int i = y < 0 ? 0 : y; i < y + h && i < g->h; i++)
		set_cell(g, i, x, g->ascii ? '|' : 0x2502, 1, el);
}

size_t ui_grid_row_text(const struct ui_grid *g, int y, char *dst, size_t cap)
{
	size_t len = 0, keep = 0;
	if (cap == 0)
		return 0;
	for (int x = 0; y >= 0 && y < g->h && x < g->w; x++) {
		const struct ui_cell *c = &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
		if (c->width == 0)
			continue;
		char u[4];
		size_t n = ui_text_encode(c->ch, u);
		if (len + n >= cap)
			break;
		memcpy(dst + len, u, n);
		len += n;
		if (c->ch != ' ')
			keep = len;
	}
	dst[keep] = '\0';
	return keep;
}
