/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String views: comparisons, copies and byte checks used by every layer. */
#include "core/str.h"

#include <limits.h>
#include <string.h>

static inline unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

struct ami_str ami_str_c(const char *s)
{
	return s ? ami_str_make(s, strlen(s)) : AMI_STR_NULL;
}

bool ami_str_eq(struct ami_str a, const char *s)
{
	size_t n = strlen(s);
	return a.p && a.n == n && memcmp(a.p, s, n) == 0;
}

static bool ieq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

bool ami_str_ieq(struct ami_str a, const char *s)
{
	size_t n = strlen(s);
	return a.p && a.n == n && ieq_n(a.p, s, n);
}

bool ami_str_ieq2(struct ami_str a, struct ami_str b)
{
	return a.p && b.p && a.n == b.n && ieq_n(a.p, b.p, a.n);
}

bool ami_str_iprefix(struct ami_str a, const char *prefix)
{
	size_t n = strlen(prefix);
	return a.p && a.n >= n && ieq_n(a.p, prefix, n);
}

size_t ami_str_copy(struct ami_str s, char *dst, size_t cap)
{
	if (cap == 0)
		return s.n;
	size_t n = s.p ? s.n : 0;
	size_t k = n < cap - 1 ? n : cap - 1;
	if (k)
		memcpy(dst, s.p, k);
	dst[k] = '\0';
	return n;
}

bool ami_str_to_ulong(struct ami_str s, unsigned long *out)
{
	if (!s.p || s.n == 0)
		return false;
	unsigned long v = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9 || v > (ULONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

long ami_str_find(struct ami_str hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay.p || n > hay.n)
		return -1;
	if (n == 0)
		return 0;
	const char *p = hay.p, *end = hay.p + hay.n - n + 1;
	while (p < end) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p)
			return -1;
		if (memcmp(p, needle, n) == 0)
			return p - hay.p;
		p++;
	}
	return -1;
}

bool ami_bytes_have_ctl(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
			return true;
	return false;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 if it is malformed. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min, cp;
	if ((c & 0xe0) == 0xc0) {
		len = 2, min = 0x80, cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, min = 0x800, cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

size_t ami_utf8_seqlen(const char *p, size_t n)
{
	return n ? utf8_seq((const unsigned char *)p, n) : 0;
}

bool ami_utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}
