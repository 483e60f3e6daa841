/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inline byte helpers of the model's hot path: word loads and short compares. */
#ifndef AMITUI_MODEL_BYTES_INT_H
#define AMITUI_MODEL_BYTES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t bytes_load8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, 8);
	return x;
}

static inline uint32_t bytes_load4(const char *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return x;
}

/*
 * a[0..n) == b[0..n). Header names, channel names and ids are short: words, the last
 * one overlapping the one before it, beat a library call and a byte loop.
 */
static inline bool bytes_eq(const char *a, const char *b, size_t n)
{
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	if (n < 8)
		return bytes_load4(a) == bytes_load4(b) &&
		       bytes_load4(a + n - 4) == bytes_load4(b + n - 4);
	for (size_t i = 0; i + 8 < n; i += 8)
		if (bytes_load8(a + i) != bytes_load8(b + i))
			return false;
	return bytes_load8(a + n - 8) == bytes_load8(b + n - 8);
}

#endif
