/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * amisim's PBX model: channels, bridges, queues, a small dialplan that reproduces the
 * event sequences of the Asterisk 22 fixtures, generated traffic and floods. It talks
 * to the server only through sim/bus.h and sim/reply.h.
 */
#ifndef AMITUI_SIM_PBX_H
#define AMITUI_SIM_PBX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "sim/bus.h"
#include "sim/reply.h"

struct sim_pbx;

struct sim_pbx_opts {
	double calls_per_second; /* random realistic calls; 0 = none */
	uint64_t seed;		 /* for reproducible traffic */
	unsigned flood;		 /* events per second of realistic events; 0 = none */
};

struct sim_pbx *sim_pbx_new(struct sim_bus *bus, const struct sim_pbx_opts *opts);
void sim_pbx_free(struct sim_pbx *pbx);

/*
 * Handle an action the PBX owns (Originate, Hangup, Redirect, Setvar, Getvar, Status,
 * CoreShowChannels, QueueStatus, QueueSummary, ...). The server has already checked
 * the class rights. Returns false when the action is not the PBX's, so the server
 * answers it. name is the Action value (compare case-insensitively).
 */
bool sim_pbx_action(struct sim_pbx *pbx, const char *name, struct sim_reply *r);

/*
 * A CLI command the PBX owns ("core show channels", "core show calls", "queue show",
 * "dialplan show", ...): argv as split by the server. Appends the output text
 * (lines ending in "\n") to out and returns true; *failed set when the CLI would
 * report an error. Returns false when the command is not the PBX's.
 */
bool sim_pbx_cli(struct sim_pbx *pbx, int argc, char **argv, struct ami_buf *out, bool *failed);

/* Counters for core show uptime / CoreStatus: active channels, active calls, processed. */
void sim_pbx_counts(const struct sim_pbx *pbx, unsigned *channels, unsigned *calls,
		    unsigned long *processed);

/* Change traffic at run time (a control action of amisim's own). */
void sim_pbx_set_traffic(struct sim_pbx *pbx, double calls_per_second, unsigned flood);

/*
 * Emit n flood events at once, outside the timer (benchmarks and tests measure the
 * generator with it). The events are the ones the flood timer would emit next.
 */
void sim_pbx_flood_burst(struct sim_pbx *pbx, unsigned n);

#endif
