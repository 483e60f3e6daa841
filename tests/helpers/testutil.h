/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: fixture loading and independent counts from the readable transcripts. */
#ifndef AMITUI_TESTUTIL_H
#define AMITUI_TESTUTIL_H

#include <stddef.h>

/* Read tests/data/<rel> whole; aborts the test on failure. Caller frees. NUL-terminated. */
char *tu_load(const char *rel, size_t *len);

/* Absolute path of tests/data/<rel> in a static buffer. */
const char *tu_path(const char *rel);

/*
 * From a fixture's .txt transcript: the number of messages the server sent, counted as
 * the empty "S< " lines plus one for the banner. Independent of our parser.
 */
size_t tu_txt_server_messages(const char *txt);

/* From a .txt transcript: how many server lines start with prefix (e.g. "Event: "). */
size_t tu_txt_server_lines(const char *txt, const char *prefix);

#endif
