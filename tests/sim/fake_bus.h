/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake of amisim's event bus for the PBX model's tests: it records every emitted
 * event with its class, keeps a manual clock, fires timers as the clock is advanced,
 * and implements the deferred-reply functions of sim/reply.h.
 */
#ifndef AMITUI_TESTS_FAKE_BUS_H
#define AMITUI_TESTS_FAKE_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/reply.h"

struct fake_event {
	uint32_t cat;
	char *name;
	char *body; /* header lines, CRLF-terminated, no blank line */
	size_t len;
	uint64_t at_ms;
};

/* sysname may be ""; wall0_us is the wall clock at fake time 0. */
struct sim_bus *fake_bus_new(const char *sysname, uint64_t wall0_us);
void fake_bus_free(struct sim_bus *bus);
/* Move the clock forward by ms, firing due timers in order (each at its due time). */
void fake_bus_advance(struct sim_bus *bus, uint64_t ms);
/* When false, events are only counted (for rate measurements). */
void fake_bus_record(struct sim_bus *bus, bool on);
size_t fake_bus_count(const struct sim_bus *bus);
uint64_t fake_bus_total(const struct sim_bus *bus);
uint64_t fake_bus_bytes(const struct sim_bus *bus);
const struct fake_event *fake_bus_event(const struct sim_bus *bus, size_t i);
void fake_bus_clear(struct sim_bus *bus);
size_t fake_bus_timers(const struct sim_bus *bus);

/* Deferred replies finished so far, in order: the bytes each one wrote. */
size_t fake_bus_deferred_count(const struct sim_bus *bus);
const char *fake_bus_deferred_text(const struct sim_bus *bus, size_t i);
/* Deferred replies not finished yet. */
size_t fake_bus_deferred_open(const struct sim_bus *bus);

/* ---- fixture comparison helpers (shared by the PBX tests) ---- */

/* One broadcast event: name, Privilege value, and the body lines after SystemName. */
struct fx_event {
	char *name;
	char *priv;
	char **line;
	size_t nline;
	uint32_t cat;
};

struct fx_list {
	struct fx_event *ev;
	size_t n;
};

/*
 * The broadcast events (those with a Privilege: header) of tests/data/<rel>, a .raw
 * transcript, except the login ones (FullyBooted, SuccessfulAuth).
 */
void fx_load(struct fx_list *l, const char *rel);
/* The events the fake bus recorded, as an account with read mask readperm sees them. */
void fx_from_bus(struct fx_list *l, const struct sim_bus *b, uint32_t readperm);
void fx_free(struct fx_list *l);
/*
 * Replace what differs from run to run by stable names in order of appearance:
 * Uniqueids (U1..), channel sequence numbers (S1..), bridge ids (B1..), CDR times, and
 * epoch seconds in LoginTime/LastCall.
 */
void fx_normalize(struct fx_list *l);
/*
 * NULL when both lists match (names and privileges; all body lines too when headers),
 * otherwise a description of the first difference (valid until the next call).
 */
const char *fx_compare(const struct fx_list *want, const struct fx_list *got, bool headers);
/* The read= mask of an account in tests/data/asterisk-22/conf/manager.conf. */
uint32_t fx_readperm(const char *account);

/* ---- actions and their replies ---- */

struct sim_pbx;
/*
 * Run the action written as "Key: value" lines separated by '|' on pbx with the given
 * write rights; returns the reply bytes (caller frees). The test fails if the PBX does
 * not handle it.
 */
char *fx_action(struct sim_pbx *pbx, uint32_t writeperm, const char *spec);
/* The bytes a fixture (.raw) received in reply to ActionID id, list events included. */
char *fx_reply(const char *rel, const char *id);
/*
 * Compare two replies message by message after normalising; list items are sorted by
 * channel first when sort. NULL when equal, else the first difference.
 */
const char *fx_compare_replies(const char *want, const char *got, bool sort);

#endif
