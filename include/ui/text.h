/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 text measured and cut by terminal columns, never inside a character. */
#ifndef AMITUI_UI_TEXT_H
#define AMITUI_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The replacement shown for malformed bytes and for control characters. */
#define UI_TEXT_BAD 0xfffdu

/*
 * One decoded character: cp is what is drawn (malformed bytes become U+FFFD, C0/C1
 * controls and DEL become '?', a tab becomes a space, so nothing read from the
 * network can reach the terminal as a control sequence), width its columns (0 for
 * combining marks, 2 for wide characters), len the bytes consumed (always >= 1).
 */
struct ui_glyph {
	uint32_t cp;
	int width;
	size_t len;
};

/* Decode the character at s (n > 0 bytes). Needs an UTF-8 LC_CTYPE for wcwidth. */
void ui_text_next(const char *s, size_t n, struct ui_glyph *g);

/* Columns of [s, s+n). */
int ui_text_width(const char *s, size_t n);

/*
 * The longest prefix of [s, s+n) that fits in maxcols columns: returns its length in
 * bytes (a character boundary) and its width in *cols (may be NULL).
 */
size_t ui_text_fit(const char *s, size_t n, int maxcols, int *cols);

/* Encode cp as UTF-8 into dst (>= 4 bytes); returns the byte count (0 if invalid). */
size_t ui_text_encode(uint32_t cp, char *dst);

/* The byte offset of the character before offset off in s (0 at the start). */
size_t ui_text_prev(const char *s, size_t off);

/* Case-insensitive (ASCII) substring search; true if needle occurs in [s, s+n). */
bool ui_text_icontains(const char *s, size_t n, const char *needle);

#endif
