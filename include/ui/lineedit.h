/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bounded one-line UTF-8 editor: form fields, the filter line, the login form. */
#ifndef AMITUI_UI_LINEEDIT_H
#define AMITUI_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/grid.h"

/* Asterisk reads 1024-byte lines (key, ": ", value, CRLF): no value can be longer. */
#define UI_LINE_MAX 1020

/*
 * The text is always NUL-terminated; len and cur are byte offsets, cur on a
 * character boundary. Control characters reach the buffer only through ^V (quoted
 * insert), so that a pasted or deliberately typed CR/LF can be shown and then
 * refused by the action builder, never silently dropped or sent.
 */
struct ui_line {
	char buf[UI_LINE_MAX + 1];
	size_t len, cur;
	size_t max;   /* bytes allowed, 1..UI_LINE_MAX (0 means UI_LINE_MAX) */
	int scroll;   /* first column drawn */
	bool secret;  /* drawn as '*' (login secret) */
	bool quoting; /* ^V seen: the next key is inserted as is */
};

/* What a key did. _(NAME) */
#define UI_LINE_RESULT_INFO(_) \
	_(IGNORED)             \
	_(MOVED)               \
	_(CHANGED)             \
	_(FULL)

enum ui_line_result {
#define UI_LINE_RES_ENUM(name) UI_LINE_##name,
	UI_LINE_RESULT_INFO(UI_LINE_RES_ENUM)
#undef UI_LINE_RES_ENUM
};

void ui_line_init(struct ui_line *l, size_t max, bool secret);
/* Replace the text (truncated at max on a character boundary); cursor at the end. */
void ui_line_set(struct ui_line *l, const char *s);
/* Empty it, overwriting the old bytes (for secrets). */
void ui_line_wipe(struct ui_line *l);

/*
 * Apply one key (keymap.h codes): printable characters insert; Left, Right, Home/^A,
 * End/^E move; Backspace, Del/^D, ^U, ^K, ^W delete; ^V quotes the next key. Other
 * keys are IGNORED (the caller may treat them as requests). FULL: refused, the text
 * would pass max.
 */
enum ui_line_result ui_line_key(struct ui_line *l, int key);

/*
 * Draw in w columns at (y, x), scrolling so the cursor stays visible; returns the
 * cursor's column.
 */
int ui_line_draw(struct ui_line *l, struct ui_grid *g, int y, int x, int w, enum ui_element el);

#endif
