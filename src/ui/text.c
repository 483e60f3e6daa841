/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 decoding, column widths and column-exact truncation for everything drawn. */
#include "ui/text.h"

#include <string.h>
#include <wchar.h>

#include "core/str.h"

static uint32_t decode(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = s[0] & lead_mask[len];
	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3fu);
	return cp;
}

static int cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	/* Outside an UTF-8 locale wcwidth knows nothing beyond ASCII: assume one column. */
	return w < 0 ? 1 : w;
}

void ui_text_next(const char *s, size_t n, struct ui_glyph *g)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = ami_utf8_seqlen(s, n);
	if (len == 0) {
		*g = (struct ui_glyph){ UI_TEXT_BAD, 1, 1 };
		return;
	}
	uint32_t cp = decode(u, len);
	g->len = len;
	if (cp == '\t') {
		g->cp = ' ';
		g->width = 1;
	} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
		g->cp = '?';
		g->width = 1;
	} else {
		g->cp = cp;
		g->width = cp < 0x7f ? 1 : cp_width(cp);
	}
}

int ui_text_width(const char *s, size_t n)
{
	int w = 0;
	struct ui_glyph g;
	for (size_t i = 0; i < n; i += g.len) {
		ui_text_next(s + i, n - i, &g);
		w += g.width;
	}
	return w;
}

size_t ui_text_fit(const char *s, size_t n, int maxcols, int *cols)
{
	int w = 0;
	size_t i = 0;
	struct ui_glyph g;
	while (i < n) {
		ui_text_next(s + i, n - i, &g);
		if (w + g.width > maxcols)
			break;
		w += g.width;
		i += g.len;
	}
	if (cols)
		*cols = w;
	return i;
}

size_t ui_text_encode(uint32_t cp, char *dst)
{
	unsigned char *d = (unsigned char *)dst;
	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xc0 | (cp >> 6));
		d[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xe0 | (cp >> 12));
		d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (unsigned char)(0xf0 | (cp >> 18));
	d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t ui_text_prev(const char *s, size_t off)
{
	if (off == 0)
		return 0;
	size_t i = off - 1;
	/* Step back over continuation bytes, at most three of them. */
	while (i > 0 && off - i < 4 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

bool ui_text_icontains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0)
		return true;
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && lower((unsigned char)s[i + k]) == lower((unsigned char)needle[k]))
			k++;
		if (k == m)
			return true;
	}
	return false;
}
