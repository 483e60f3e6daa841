/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A byte buffer that grows up to a hard limit and keeps its first error (sticky). */
#ifndef AMITUI_CORE_BUF_H
#define AMITUI_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/status.h"
#include "core/str.h"

/*
 * The buffer owns p. It is always NUL-terminated when p != NULL (the NUL is not
 * counted in len), so p can be handed to C string functions. Appends that would
 * pass max fail with AMI_E_FULL; after the first failure every append is a no-op
 * and ami_buf_status() reports it, so a sequence of appends needs one check.
 */
struct ami_buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
	enum ami_status err;
};

/* max is the largest len the buffer may reach; 0 means 16 MiB. */
void ami_buf_init(struct ami_buf *b, size_t max);
void ami_buf_free(struct ami_buf *b);

/* Empty the buffer and clear the sticky error; keeps the allocation. */
void ami_buf_reset(struct ami_buf *b);

/* Overwrite the buffer with zeros before freeing: for buffers that held a secret. */
void ami_buf_wipe(struct ami_buf *b);

enum ami_status ami_buf_status(const struct ami_buf *b);

enum ami_status ami_buf_add(struct ami_buf *b, const void *p, size_t n);
enum ami_status ami_buf_adds(struct ami_buf *b, const char *s);
enum ami_status ami_buf_addstr(struct ami_buf *b, struct ami_str s);
enum ami_status ami_buf_addc(struct ami_buf *b, char c);
enum ami_status ami_buf_printf(struct ami_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum ami_status ami_buf_vprintf(struct ami_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Append s as a JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
enum ami_status ami_buf_add_json_str(struct ami_buf *b, const char *s, size_t n);

/* Drop the first n bytes (n > len drops everything). */
void ami_buf_consume(struct ami_buf *b, size_t n);

/* Take ownership of the bytes (NUL-terminated, may be NULL when empty); b is reset to empty. */
char *ami_buf_steal(struct ami_buf *b, size_t *len);

#endif
