/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A short flood: amisim must deliver every event of a 1 s burst to one reader. */
#include "flood.h"

#include <criterion/criterion.h>

Test(flood, one_second_burst_is_delivered_whole, .timeout = 30)
{
	/* a sanitizer build is several times slower: ask for less there */
	unsigned long rate =
	    getenv("ASAN_OPTIONS") && strstr(getenv("ASAN_OPTIONS"), "detect") ? 20000 : 100000;
	struct flood_result r;
	cr_assert(flood_run(NULL, rate, 1, &r), "%s", r.err);
	flood_report(&r, stderr);
	cr_assert(r.kept_up, "%llu of %lu events generated, %llu received", r.generated, rate,
		  r.received);
}
