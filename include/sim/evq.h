/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The global event queue: each event formatted once, shared by every session's cursor. */
#ifndef AMITUI_SIM_EVQ_H
#define AMITUI_SIM_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One broadcast event, formatted once as __manager_event_sessions_va() does:
 * "Event:", "Privilege:", [Timestamp:], [SystemName:], body, blank line. Every
 * session that may see it copies the same bytes, so formatting never depends on the
 * reader. data holds the name, a NUL, then the text and a NUL (for regexec).
 */
struct sim_event {
	uint32_t category;
	uint32_t len; /* bytes of text, without the NUL */
	uint32_t name_len;
	char data[];
};

static inline const char *sim_event_name(const struct sim_event *e)
{
	return e->data;
}

static inline const char *sim_event_text(const struct sim_event *e)
{
	return e->data + e->name_len + 1;
}

/*
 * A ring of events numbered by sequence. Sessions keep the sequence of the next
 * event they have not looked at (their cursor, Asterisk's last_ev); events older
 * than every cursor are freed by sim_evq_trim(). Bounded in events and bytes.
 */
struct sim_evq {
	struct sim_event **ring;
	size_t cap;    /* power of two */
	uint64_t head; /* sequence of the next event */
	uint64_t tail; /* sequence of the oldest event kept */
	size_t bytes;
	size_t max_events;
	size_t max_bytes;
	bool timestamps;
	char sysname[64];
	char *disabled; /* [general] disabledevents, comma list; NULL for none */
	uint64_t emitted;
	uint64_t dropped;
	char privilege[160]; /* the last category's Privilege value, cached */
	uint32_t privilege_cat;
	bool privilege_valid;
};

/* Limits of 0 mean 1Mi events and 256 MiB. */
void sim_evq_init(struct sim_evq *q, size_t max_events, size_t max_bytes);
void sim_evq_free(struct sim_evq *q);

/* Replace the disabledevents list (copied; NULL or "" for none). */
void sim_evq_set_disabled(struct sim_evq *q, const char *list);

/* ast_in_delimited_string(): is name in the comma list (blanks after commas skipped)? */
bool sim_evq_disabled(const struct sim_evq *q, const char *name);

/* Result of an emit. */
enum sim_evq_result {
	SIM_EVQ_OK,
	SIM_EVQ_DISABLED, /* globally disabled: never generated */
	SIM_EVQ_FULL,	  /* at the bound: make room (drop laggards) and retry */
	SIM_EVQ_NOMEM,
};

/*
 * Format and append an event. body is the header lines after SystemName (each with
 * CRLF, no closing blank line); wall_us stamps Timestamp when enabled.
 */
enum sim_evq_result sim_evq_emit(struct sim_evq *q, uint32_t category, const char *name,
				 const char *body, size_t len, uint64_t wall_us);

/* The event with sequence seq, or NULL when it is not (or no longer) kept. */
const struct sim_event *sim_evq_get(const struct sim_evq *q, uint64_t seq);

/* Free every event with a sequence below min_cursor. */
void sim_evq_trim(struct sim_evq *q, uint64_t min_cursor);

#endif
