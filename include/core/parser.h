/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Incremental AMI parser over one bounded receive buffer; hands out borrowed message views. */
#ifndef AMITUI_CORE_PARSER_H
#define AMITUI_CORE_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/status.h"

/*
 * Limits. max_line counts the bytes of one line including its terminator (Asterisk's
 * own input limit is 1024). max_message bounds the receive buffer and therefore the
 * largest single message (a long "dialplan show" on a big PBX is a few MiB).
 *
 * Client mode (lenient = false): exceeding a limit is a sticky error; the stream
 * cannot be trusted afterwards and the connection must be dropped.
 *
 * Server mode (lenient = true, what amisim uses): like Asterisk's get_input(), an
 * overlong line is discarded and the message flagged AMI_MSG_F_LINE_TOO_LONG;
 * headers beyond max_headers are dropped and the message flagged
 * AMI_MSG_F_TOO_MANY_HEADERS; a lone blank line is delivered as a message with
 * no headers; there is no banner and no "Response: Follows" body.
 */
struct ami_parser_limits {
	size_t max_line;
	uint32_t max_headers;
	size_t max_message;
	bool lenient;
	bool expect_banner;
};

/* Client defaults: banner expected, 256 KiB lines, 65536 headers, 16 MiB messages. */
extern const struct ami_parser_limits ami_parser_client_limits;
/* Asterisk's server-side limits: 1024-byte lines, 128 headers, lenient, no banner. */
extern const struct ami_parser_limits ami_parser_server_limits;

struct ami_parser {
	struct ami_parser_limits lim;
	char *buf;
	size_t cap;   /* allocated bytes */
	size_t start; /* first byte of the message being assembled */
	size_t scan;  /* next byte not yet looked at */
	size_t end;   /* end of received bytes */
	struct ami_hdr *hdrs;
	uint32_t nhdrs;
	uint32_t hcap;
	unsigned flags;	     /* AMI_MSG_F_* gathered for the message in progress */
	int state;	     /* private */
	size_t body_start;   /* FOLLOWS: offset of the raw body */
	bool skipping;	     /* lenient: discarding the rest of an overlong line */
	bool starved;	     /* the last next() consumed everything it could */
	enum ami_status err; /* sticky */
	char errmsg[160];
	uint64_t bytes_in; /* counters for the title bar and benchmarks */
	uint64_t messages;
};

/* Returns AMI_OK or AMI_E_NOMEM. lim NULL means the client defaults. */
enum ami_status ami_parser_init(struct ami_parser *p, const struct ami_parser_limits *lim);
void ami_parser_free(struct ami_parser *p);

/* Forget buffered bytes and errors, expect a banner again (a new connection). */
void ami_parser_reset(struct ami_parser *p);

/*
 * Zero-copy input: a pointer where up to *avail bytes may be written (e.g. by
 * read()), then ami_parser_commit(n). Compacts and grows the buffer as needed,
 * never past max_message. *avail == 0 with a sticky error set means the message in
 * progress outgrew max_message. Any call invalidates views from ami_parser_next().
 */
char *ami_parser_space(struct ami_parser *p, size_t *avail);
void ami_parser_commit(struct ami_parser *p, size_t n);

/*
 * Copying input: takes as many of the n bytes as fit and returns that count. Call
 * ami_parser_next() until AMI_AGAIN, then feed the rest.
 */
size_t ami_parser_feed(struct ami_parser *p, const void *data, size_t n);

/*
 * The next complete message, as a view valid until the next call into the parser.
 * Returns AMI_OK (out filled), AMI_AGAIN (need more bytes) or the sticky error.
 */
enum ami_status ami_parser_next(struct ami_parser *p, struct ami_msg *out);

/* The sticky error (AMI_OK if none) and a sentence for a person. */
enum ami_status ami_parser_error(const struct ami_parser *p);
const char *ami_parser_errmsg(const struct ami_parser *p);

/* Bytes received and not yet returned in a message. */
size_t ami_parser_pending(const struct ami_parser *p);

#endif
