/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Faults amisim can inject (for tests of clients): names, parameters, parsing. */
#ifndef AMITUI_SIM_FAULT_H
#define AMITUI_SIM_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/*
 * _(NAME, "word", default parameter, "parameter unit", "what it does")
 * Per-session faults (close, stall, garbage, overlong, cut, headers) strike a session
 * right after the reply that armed them (SimFault), or, given on the command line,
 * right after each successful Login reply; cut strikes the reply after that one (a
 * connection lost in the middle of an EventList or a Command output). drip slows
 * every output from the banner on.
 */
#define SIM_FAULT_INFO(_)                                                               \
	_(CLOSE, "close", 0, "", "close the connection")                                \
	_(STALL, "stall", 2000, "ms", "stop reading and writing for a while")           \
	_(GARBAGE, "garbage", 64, "bytes", "send random non-AMI bytes")                 \
	_(OVERLONG, "overlong", 300000, "bytes", "send one header line of that length") \
	_(DRIP, "drip", 1, "ms per byte", "write output one byte at a time")            \
	_(RESTART, "restart", 2, "seconds",                                             \
	  "drop every connection, refuse connects for a "                               \
	  "while, then boot again")                                                     \
	_(REFUSETLS, "refusetls", 0, "", "close TLS connections during the handshake")  \
	_(INUSE, "inuse", 0, "user", "answer Login Already In Use for that user")       \
	_(CUT, "cut", 0, "bytes",                                                       \
	  "send only that much of the next reply (0: half of it), then close")          \
	_(HEADERS, "headers", 70000, "headers", "send one event with that many headers")

enum sim_fault {
#define SIM_FAULT_ENUM(name, word, dflt, unit, help) SIM_FAULT_##name,
	SIM_FAULT_INFO(SIM_FAULT_ENUM)
#undef SIM_FAULT_ENUM
	    SIM_FAULT_COUNT
};

#define SIM_FAULT_MAX_SPECS 16

struct sim_fault_spec {
	enum sim_fault fault;
	uint64_t param; /* ms, bytes or seconds as the table says */
	char user[80];	/* for inuse */
};

const char *sim_fault_word(enum sim_fault f);
const char *sim_fault_help(enum sim_fault f);
const char *sim_fault_unit(enum sim_fault f);

/* A fault by its word (case-insensitive); SIM_FAULT_COUNT when unknown. */
enum sim_fault sim_fault_find(const char *word);

/*
 * "NAME[:PARAM]" as given to --fault; param may also come separately (SimFault's
 * Param header), then text is just the name. Returns AMI_OK, or AMI_E_INVALID with
 * err explaining (unknown fault, bad number, missing user).
 */
enum ami_status sim_fault_parse(const char *text, const char *param, struct sim_fault_spec *out,
				char *err, size_t errcap);

/* True for faults that strike one session (close, stall, garbage, overlong, cut, headers). */
bool sim_fault_per_session(enum sim_fault f);

#endif
