/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flood measurement shared by amisim-flood and its short test. */
#ifndef AMITUI_TESTS_SIM_FLOOD_H
#define AMITUI_TESTS_SIM_FLOOD_H

#include <stdbool.h>
#include <stdio.h>

#define FLOOD_MAX_SECONDS 120

struct flood_result {
	unsigned long rate;
	unsigned seconds;
	unsigned long long generated; /* events amisim made (SimStats FloodGenerated) */
	unsigned long long dropped;   /* events the queue bound refused */
	unsigned long long cut;	      /* slow readers amisim closed */
	unsigned long long received;  /* events the reader got */
	unsigned long long bytes;
	unsigned long long per_second[FLOOD_MAX_SECONDS];
	double elapsed;
	double server_cpu; /* amisim's user+system seconds */
	bool reader_closed;
	bool kept_up;
	char err[256];
};

/*
 * Start amisim (--control plus extra_args), log in a reader (Events: dialplan) and a
 * controller, ask SimFlood for rate events/s during seconds, read everything, then
 * compare with SimStats. Returns false when the run itself failed (err set).
 */
bool flood_run(const char *const *extra_args, unsigned long rate, unsigned seconds,
	       struct flood_result *r);

void flood_report(const struct flood_result *r, FILE *f);

#endif
