/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: fixture loading and transcript counting. */
#include "testutil.h"

#include <criterion/criterion.h>

#if defined(__SANITIZE_ADDRESS__)
#define TU_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_LSAN 1
#endif
#endif
#ifdef TU_LSAN
#include <sanitizer/lsan_interface.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tu_path(const char *rel)
{
	static char path[4096];
	const char *dir = getenv("AMITUI_TEST_DATA");
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : AMITUI_TEST_DATA, rel);
	return path;
}

char *tu_load(const char *rel, size_t *len)
{
	const char *path = tu_path(rel);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	return buf;
}

/* Walk "[+  0.000] S< text" lines; calls fn with the text after "S< ". */
static size_t walk(const char *txt, const char *prefix, int mode)
{
	size_t count = 0;
	for (const char *p = txt; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = strstr(p, "] S< ");
		if (s && s < p + len) {
			const char *text = s + 5;
			size_t tl = (size_t)(p + len - text);
			if (mode == 0 && tl == 0)
				count++;
			if (mode == 1 && tl >= strlen(prefix) &&
			    memcmp(text, prefix, strlen(prefix)) == 0)
				count++;
		}
		p = nl ? nl + 1 : NULL;
	}
	return count;
}

size_t tu_txt_server_messages(const char *txt)
{
	return walk(txt, "", 0) + 1;
}

size_t tu_txt_server_lines(const char *txt, const char *prefix)
{
	return walk(txt, prefix, 1);
}

void tu_leak_check(const char *test)
{
#ifdef TU_LSAN
	/* 0 when detect_leaks=0: the check then costs nothing and asserts nothing */
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,
		     "%s leaked memory: see the LeakSanitizer report above", test);
#else
	(void)test;
#endif
}
