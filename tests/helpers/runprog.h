/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a program like a script would: argv, extra environment, captured stdout/stderr, status. */
#ifndef AMITUI_TEST_RUNPROG_H
#define AMITUI_TEST_RUNPROG_H

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

#endif
