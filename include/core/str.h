/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Borrowed string views (pointer + length) and the few comparisons AMI needs. */
#ifndef AMITUI_CORE_STR_H
#define AMITUI_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* A view into someone else's bytes; not NUL-terminated; p == NULL means "absent". */
struct ami_str {
	const char *p;
	size_t n;
};

#define AMI_STR_NULL ((struct ami_str){ NULL, 0 })

static inline struct ami_str ami_str_make(const char *p, size_t n)
{
	return (struct ami_str){ p, n };
}

/* A view of a NUL-terminated string (NULL gives the absent view). */
struct ami_str ami_str_c(const char *s);

bool ami_str_eq(struct ami_str a, const char *s);      /* exact */
bool ami_str_ieq(struct ami_str a, const char *s);     /* ASCII case-insensitive */
bool ami_str_ieq2(struct ami_str a, struct ami_str b); /* ASCII case-insensitive */
bool ami_str_iprefix(struct ami_str a, const char *prefix);

/*
 * Copy into dst (capacity cap >= 1), always NUL-terminated, truncated if needed.
 * Returns the full length of the source, so callers can detect truncation.
 */
size_t ami_str_copy(struct ami_str s, char *dst, size_t cap);

/* Parse an unsigned decimal that fills the whole view; false on junk or overflow. */
bool ami_str_to_ulong(struct ami_str s, unsigned long *out);

/* memmem-like search of a NUL-terminated needle; returns the offset or -1. */
long ami_str_find(struct ami_str hay, const char *needle);

/* Does [p, p+n) hold a CR, an LF or a NUL byte? */
bool ami_bytes_have_ctl(const char *p, size_t n);

/* Length (1..4) of the UTF-8 sequence starting at p, or 0 when malformed or cut short. */
size_t ami_utf8_seqlen(const char *p, size_t n);

/* Is [p, p+n) well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF)? */
bool ami_utf8_valid(const char *p, size_t n);

#endif
