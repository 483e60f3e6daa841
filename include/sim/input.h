/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Request framing exactly as Asterisk's get_input()/do_message(): 1024-byte lines, 128 headers. */
#ifndef AMITUI_SIM_INPUT_H
#define AMITUI_SIM_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/message.h"

#define SIM_INPUT_LINE 1024   /* sizeof inbuf - 1 */
#define SIM_INPUT_HEADERS 128 /* AST_MAX_MANHEADERS */

/*
 * Why the usual parser is not used here: Asterisk keeps the current line in a
 * 1024-byte buffer and, when it fills without a terminator, keeps its LAST byte and
 * flags the message "line too long". So a 1023-character line plus CRLF leaves a
 * lone CR that meets the LF and ends the message early, and the tail of an overlong
 * line becomes a header. Those are wire-visible; this framer reproduces them.
 */
struct sim_input {
	char line[SIM_INPUT_LINE + 1];
	size_t len;
	bool too_long; /* s->parsing == MESSAGE_LINE_TOO_LONG; survives a "Too many lines" reply */
	bool hdr_loss; /* more than 128 header lines */
	bool complete; /* the last feed ended a message */
	struct ami_buf msg; /* the kept lines, each followed by CRLF */
	uint32_t nlines;
	struct ami_hdr hdrs[SIM_INPUT_HEADERS];
};

/* What ended a message: process it, or answer with the matching error. */
enum sim_input_kind {
	SIM_INPUT_NONE,	    /* no complete message yet */
	SIM_INPUT_MESSAGE,  /* process_message() */
	SIM_INPUT_TOO_MANY, /* "Too many lines in message or allocation failure" */
	SIM_INPUT_TOO_LONG, /* "Failed to parse message: line too long" */
};

void sim_input_init(struct sim_input *in);
void sim_input_free(struct sim_input *in);

/*
 * Consume bytes from data[0..n) until one message is complete; *used receives how
 * many were consumed. Returns the kind; when not SIM_INPUT_NONE, sim_input_msg()
 * gives the message (its headers, for ActionID even on errors) until the next call.
 */
enum sim_input_kind sim_input_feed(struct sim_input *in, const char *data, size_t n, size_t *used);

/* The completed message as a view into in (valid until the next feed). */
void sim_input_msg(struct sim_input *in, struct ami_msg *m);

/*
 * The raw request lines (without CRLF), for UserEvent, which copies them verbatim:
 * the i-th line of m (i < m->nhdrs), as a view.
 */
struct ami_str sim_input_line(const struct ami_msg *m, uint32_t i);

/* Asterisk's header lookups: first match ("Key:" exact, case-insensitive, blanks skipped). */
const char *sim_msg_get(const struct ami_msg *m, const char *key, char *dst, size_t cap);
/* The first NON-EMPTY Action value (GET_HEADER_SKIP_EMPTY). */
const char *sim_msg_action(const struct ami_msg *m, char *dst, size_t cap);

#endif
