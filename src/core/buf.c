/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bounded, growable byte buffers with a sticky error. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_DEFAULT_MAX (16u << 20)

void ami_buf_init(struct ami_buf *b, size_t max)
{
	*b = (struct ami_buf){ .max = max ? max : BUF_DEFAULT_MAX, .err = AMI_OK };
}

void ami_buf_free(struct ami_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void ami_buf_reset(struct ami_buf *b)
{
	b->len = 0;
	b->err = AMI_OK;
	if (b->p)
		b->p[0] = '\0';
}

void ami_buf_wipe(struct ami_buf *b)
{
	if (b->p) {
		/* volatile so the compiler cannot drop the stores before free() */
		volatile char *v = b->p;
		for (size_t i = 0; i < b->cap; i++)
			v[i] = 0;
	}
	ami_buf_free(b);
	b->err = AMI_OK;
}

enum ami_status ami_buf_status(const struct ami_buf *b)
{
	return b->err;
}

/* Make room for n more bytes plus the NUL; sets the sticky error on failure. */
static bool reserve(struct ami_buf *b, size_t n)
{
	if (b->err != AMI_OK)
		return false;
	if (n > b->max - b->len) {
		b->err = AMI_E_FULL;
		return false;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->err = AMI_E_NOMEM;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

enum ami_status ami_buf_add(struct ami_buf *b, const void *p, size_t n)
{
	if (!reserve(b, n))
		return b->err;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return AMI_OK;
}

enum ami_status ami_buf_adds(struct ami_buf *b, const char *s)
{
	return ami_buf_add(b, s, strlen(s));
}

enum ami_status ami_buf_addstr(struct ami_buf *b, struct ami_str s)
{
	return ami_buf_add(b, s.p, s.p ? s.n : 0);
}

enum ami_status ami_buf_addc(struct ami_buf *b, char c)
{
	return ami_buf_add(b, &c, 1);
}

enum ami_status ami_buf_vprintf(struct ami_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (b->err == AMI_OK)
			b->err = AMI_E_INVALID;
		return b->err;
	}
	if (!reserve(b, (size_t)n))
		return b->err;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return AMI_OK;
}

enum ami_status ami_buf_printf(struct ami_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enum ami_status st = ami_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

enum ami_status ami_buf_add_json_str(struct ami_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	ami_buf_addc(b, '"');
	size_t run = 0; /* bytes copied verbatim in one go */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c >= 0x20 && c < 0x80 && c != '"' && c != '\\' ? 1 : 0;
		if (k) {
			run++;
			i++;
			continue;
		}
		ami_buf_add(b, s + i - run, run);
		run = 0;
		if (c >= 0x80) {
			k = ami_utf8_seqlen(s + i, n - i);
			if (k)
				ami_buf_add(b, s + i, k);
			else
				ami_buf_adds(b, "\\ufffd");
			i += k ? k : 1;
			continue;
		}
		char esc[7] = { '\\', 0 };
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
		}
		ami_buf_adds(b, esc);
		i++;
	}
	ami_buf_add(b, s + n - run, run);
	return ami_buf_addc(b, '"');
}

void ami_buf_consume(struct ami_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
	} else {
		memmove(b->p, b->p + n, b->len - n);
		b->len -= n;
	}
	if (b->p)
		b->p[b->len] = '\0';
}

char *ami_buf_steal(struct ami_buf *b, size_t *len)
{
	char *p = b->p;
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = AMI_OK;
	return p;
}
