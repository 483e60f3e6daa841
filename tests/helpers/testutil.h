/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: fixture loading and independent counts from the readable transcripts. */
#ifndef AMITUI_TESTUTIL_H
#define AMITUI_TESTUTIL_H

#include <stddef.h>

#include <criterion/criterion.h>

/*
 * Leak checks that fail the test that leaked. Criterion runs each test in a forked
 * worker and ignores LeakSanitizer's report at the worker's exit, so in sanitizer
 * builds every Test() body is followed by a recoverable leak check whose result is
 * asserted inside the test itself. (Suite .fini assertions do not count either.)
 */
void tu_leak_check(const char *test);

#undef Test
#define Test(...) CR_EXPAND(TU_TEST_(__VA_ARGS__, .sentinel_ = 0))
#define TU_TEST_(Category, Name, ...)                        \
	static void tu_body_##Category##_##Name(void);       \
	CR_EXPAND(CR_TEST_BASE(Category, Name, __VA_ARGS__)) \
	{                                                    \
		tu_body_##Category##_##Name();               \
		tu_leak_check(#Category "/" #Name);          \
	}                                                    \
	static void tu_body_##Category##_##Name(void)

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
