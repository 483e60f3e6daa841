/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim-flood [--rate N] [--seconds S]: the flood measurement from the command line. */
#include "flood.h"

#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned long rate = 100000;
	unsigned seconds = 10;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--rate"))
			rate = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = (unsigned)strtoul(argv[i + 1], NULL, 10);
	}
	if (seconds < 1 || seconds > FLOOD_MAX_SECONDS || rate < 1) {
		fprintf(stderr, "usage: amisim-flood [--rate EVENTS_PER_S] [--seconds 1..%d]\n",
			FLOOD_MAX_SECONDS);
		return 2;
	}
	struct flood_result r;
	if (!flood_run(NULL, rate, seconds, &r)) {
		fprintf(stderr, "amisim-flood: %s\n", r.err);
		return 2;
	}
	flood_report(&r, stdout);
	return r.kept_up ? 0 : 1;
}
