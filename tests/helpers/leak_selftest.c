/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Proof that the suite's leak checks fail a test: this test leaks on purpose and
 * meson expects the binary to fail (should_fail) in AddressSanitizer builds.
 */
#include "testutil.h"

#include <stdlib.h>

/* Many allocations whose pointers are dropped: no stale register can hide them all. */
__attribute__((noinline)) static void leak(void)
{
	for (int i = 0; i < 64; i++) {
		char *volatile p = malloc(100 + (size_t)i);
		p[0] = 1;
	}
}

Test(leak_selftest, a_leak_fails_the_test)
{
	leak();
	cr_assert(1);
}
