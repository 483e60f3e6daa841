/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a program like a script would: argv, extra environment, captured stdout/stderr, status. */
#ifndef AMITUI_TEST_RUNPROG_H
#define AMITUI_TEST_RUNPROG_H

#include <stdbool.h>

struct runprog {
	char *out; /* malloc'ed, NUL-terminated */
	char *err;
	int status; /* exit code, or 128 + signal */
};

/*
 * Run path with argv (NULL-terminated, argv[0] included) and env additions
 * ("NAME=value", NULL-terminated, may be NULL) on top of the current environment,
 * stdin from /dev/null, killed after timeout_ms. Returns the exit code.
 */
int runprog(struct runprog *r, const char *path, const char *const *argv, const char *const *env,
	    int timeout_ms);
void runprog_free(struct runprog *r);

/* A program running in the background, its stdout and stderr going to files. */
struct runprog_bg {
	int pid;
	char out_path[64];
	char err_path[64];
};

/*
 * Start like runprog() and return at once (files, not pipes: a child that prints a
 * lot never blocks on a test that is busy elsewhere). uid >= 0 runs it as that user
 * (the test must be root). Returns false if it could not start.
 */
bool runprog_start(struct runprog_bg *b, const char *path, const char *const *argv,
		   const char *const *env, int uid);

/* What it printed so far on stdout (err false) or stderr: malloc'ed, NUL-terminated. */
char *runprog_peek(const struct runprog_bg *b, bool err);

/* Send a signal (SIGTERM to end it like a user would). */
void runprog_signal(const struct runprog_bg *b, int sig);

/*
 * Wait up to timeout_ms for it to exit (SIGKILL after that), put its output into r
 * (free with runprog_free) and remove the files. Returns the exit code (or 128 + signal).
 */
int runprog_finish(struct runprog_bg *b, struct runprog *r, int timeout_ms);

#endif
