/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cell grid every frame is built in: characters with a theme element, no curses. */
#ifndef AMITUI_UI_GRID_H
#define AMITUI_UI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/theme.h"

/*
 * One screen cell. A wide character occupies its cell (width 2) and the next one,
 * which holds ch = 0, width 0. attr is ORed over the element's own attributes.
 */
struct ui_cell {
	uint32_t ch;
	uint8_t el;
	uint8_t attr;
	uint8_t width;
};

/* Frames are built here by pure code, then blitted to curses in one pass. */
struct ui_grid {
	int w, h;
	bool ascii; /* line drawing with - | + instead of box characters */
	struct ui_cell *cells;
};

/* Limits that keep a hostile or broken terminal size from costing memory. */
#define UI_GRID_MAX_W 1000
#define UI_GRID_MAX_H 500

/* (Re)size, clearing every cell; sizes are clamped to 1..UI_GRID_MAX_*. False on ENOMEM. */
bool ui_grid_resize(struct ui_grid *g, int w, int h);
void ui_grid_free(struct ui_grid *g);

/* Every cell a blank of element el. */
void ui_grid_clear(struct ui_grid *g, enum ui_element el);

/* Blank w cells from (y, x) with element el (clipped). */
void ui_grid_fill(struct ui_grid *g, int y, int x, int w, enum ui_element el);

/*
 * Draw UTF-8 text at (y, x) in at most maxw columns (clipped to the grid), never
 * splitting a character: a wide character that does not fit leaves a blank.
 * Returns the columns used.
 */
int ui_grid_put(struct ui_grid *g, int y, int x, int maxw, const char *s, size_t n,
		enum ui_element el);
int ui_grid_puts(struct ui_grid *g, int y, int x, int maxw, const char *s, enum ui_element el);
int ui_grid_printf(struct ui_grid *g, int y, int x, int maxw, enum ui_element el, const char *fmt,
		   ...) __attribute__((format(printf, 6, 7)));

/* Text padded with blanks (of el) to exactly w columns; returns w. */
int ui_grid_put_pad(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el);

/* Right-aligned so that the text ends just before column xend; returns its start column. */
int ui_grid_put_right(struct ui_grid *g, int y, int xend, const char *s, enum ui_element el);

/* Text wrapped at blanks into w columns from (y, x); returns the rows used (>= 1). */
int ui_grid_put_wrapped(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el);

/* Change the element, or OR attributes, of w cells from (y, x). */
void ui_grid_set_el(struct ui_grid *g, int y, int x, int w, enum ui_element el);
void ui_grid_add_attr(struct ui_grid *g, int y, int x, int w, unsigned attr);

/* Horizontal and vertical lines (box drawing, or - and | in ASCII mode). */
void ui_grid_hline(struct ui_grid *g, int y, int x, int w, enum ui_element el);
void ui_grid_vline(struct ui_grid *g, int y, int x, int h, enum ui_element el);

/* The cell at (y, x), or NULL outside the grid. */
const struct ui_cell *ui_grid_at(const struct ui_grid *g, int y, int x);

/* Row y as UTF-8 without trailing blanks, NUL-terminated in dst; returns its length. */
size_t ui_grid_row_text(const struct ui_grid *g, int y, char *dst, size_t cap);

#endif
