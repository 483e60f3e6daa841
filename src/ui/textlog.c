/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bounded ring of text lines with a theme element each (CLI output, dialogs, replies). */
#include <stdlib.h>
#include <string.h>

#include "ui_int.h"

void ui_textlog_init(struct ui_textlog *t, size_t max_lines, size_t max_bytes)
{
	memset(t, 0, sizeof *t);
	t->cap = max_lines ? max_lines : 1;
	t->max_bytes = max_bytes;
}

static void drop_oldest(struct ui_textlog *t)
{
	size_t i = t->head;
	t->bytes -= strlen(t->lines[i]);
	free(t->lines[i]);
	t->lines[i] = NULL;
	t->head = (t->head + 1) % t->cap;
	t->count--;
}

void ui_textlog_clear(struct ui_textlog *t)
{
	while (t->count)
		drop_oldest(t);
	t->head = 0;
}

void ui_textlog_free(struct ui_textlog *t)
{
	if (t->lines)
		ui_textlog_clear(t);
	free(t->lines);
	free(t->els);
	t->lines = NULL;
	t->els = NULL;
}

void ui_textlog_add(struct ui_textlog *t, const char *s, size_t n, enum ui_element el)
{
	if (!t->lines) {
		t->lines = calloc(t->cap, sizeof *t->lines);
		t->els = calloc(t->cap, sizeof *t->els);
		if (!t->lines || !t->els) {
			free(t->lines);
			free(t->els);
			t->lines = NULL;
			t->els = NULL;
			return;
		}
	}
	char *copy = malloc(n + 1);
	if (!copy)
		return;
	memcpy(copy, s, n);
	copy[n] = '\0';
	while (t->count == t->cap || (t->max_bytes && t->count && t->bytes + n > t->max_bytes))
		drop_oldest(t);
	size_t i = (t->head + t->count) % t->cap;
	t->lines[i] = copy;
	t->els[i] = (uint8_t)el;
	t->count++;
	t->bytes += n;
	t->added++;
}

void ui_textlog_add_text(struct ui_textlog *t, const char *s, size_t n, enum ui_element el)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		size_t end = i;
		if (end > start && s[end - 1] == '\r')
			end--;
		if (i < n || end > start)
			ui_textlog_add(t, s + start, end - start, el);
		start = i + 1;
	}
}

const char *ui_textlog_line(const struct ui_textlog *t, size_t i, enum ui_element *el)
{
	if (i >= t->count)
		return NULL;
	size_t k = (t->head + i) % t->cap;
	if (el)
		*el = (enum ui_element)t->els[k];
	return t->lines[k];
}
