/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny AMI client for the server tests: send requests, wait for messages by content. */
#ifndef AMITUI_TESTS_SIM_AMICLI_H
#define AMITUI_TESTS_SIM_AMICLI_H

#include <stdbool.h>
#include <stddef.h>

#include "simproc.h"

struct amicli {
	int fd;
	char *buf; /* received, not yet taken */
	size_t len;
	bool eof;
	bool banner; /* the banner line was taken */
};

/* Connect to the plain port (source NULL) and read the banner; fails the test if not. */
void amicli_open(struct amicli *c, const struct simproc *sp);
void amicli_close(struct amicli *c);

/* Send raw bytes; a printf format for convenience. */
void amicli_send(struct amicli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The next complete message (an empty line ends it), as a malloc'ed string with its
 * CRLFs, or NULL on EOF or after timeout_ms. needle non-NULL skips messages without it.
 */
char *amicli_next(struct amicli *c, const char *needle, int timeout_ms);

/* Login (plain) and wait for the reply; events is the Events header value or NULL. */
bool amicli_login(struct amicli *c, const char *user, const char *events);

/* True when the server closes within timeout_ms; bytes arriving meanwhile are dropped. */
bool amicli_wait_eof(struct amicli *c, int timeout_ms);

/*
 * Read until nothing arrives for quiet_ms (or EOF), counting occurrences of needle;
 * the bytes are dropped as they are counted.
 */
unsigned long amicli_count(struct amicli *c, const char *needle, int quiet_ms);

void amicli_sleep(int ms);

/* Milliseconds of a monotonic clock. */
long amicli_ms(void);

/* Write text to a fresh temporary manager.conf; path receives its name. */
void amicli_conf(char *path, size_t cap, const char *text);

#endif
