/* SPDX-License-Identifier: GPL-2.0-or-later */
/* AMI messages: borrowed views into a receive buffer, and owned single-block copies. */
#ifndef AMITUI_CORE_MESSAGE_H
#define AMITUI_CORE_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

/*
 * What a message is, decided by its first line only (ami-reference 1.3):
 * OriginateResponse is an Event although it carries a Response: header.
 * _(NAME, "label")
 */
#define AMI_MSG_KIND_INFO(_)                                                            \
	_(BANNER, "banner")	/* "Asterisk Call Manager/x.y.z": one line, no blank */ \
	_(RESPONSE, "response") /* Response: Success|Error|Goodbye|... */               \
	_(FOLLOWS, "follows")	/* Response: Follows (Asterisk <= 13 Command) */        \
	_(EVENT, "event")	/* Event: Name */                                       \
	_(ACTION, "action")	/* Action: Name (what a server receives) */             \
	_(OTHER, "other")	/* anything else, e.g. a message without Action */

enum ami_msg_kind {
#define AMI_MSG_KIND_ENUM(name, label) AMI_MSG_##name,
	AMI_MSG_KIND_INFO(AMI_MSG_KIND_ENUM)
#undef AMI_MSG_KIND_ENUM
};

const char *ami_msg_kind_str(enum ami_msg_kind k);

/*
 * One line of a message. For "Key: value" lines key/val are split at the first ':'
 * and the value has its leading spaces and tabs skipped (as Asterisk does); the
 * value keeps trailing blanks. For lines without ':' (GetConfig's "No categories
 * found", TestEvent's raw data) val is NULL and key holds the whole line.
 */
struct ami_hdr {
	const char *key;
	const char *val;
	uint32_t klen;
	uint32_t vlen;
};

/* Flags the lenient (server-side) parser sets instead of failing; see parser.h. */
enum {
	AMI_MSG_F_LINE_TOO_LONG = 1u << 0,    /* a line was discarded */
	AMI_MSG_F_TOO_MANY_HEADERS = 1u << 1, /* headers beyond the limit were dropped */
};

/*
 * A message. As returned by the parser it is a borrowed view: every pointer points
 * into the parser's buffer and is valid only until the next call into the parser.
 * raw covers the exact bytes of the message including its terminating blank line
 * (for the banner: the line and its terminator). body is set for FOLLOWS messages
 * only: the raw command output with "--END COMMAND--" removed.
 */
struct ami_msg {
	enum ami_msg_kind kind;
	unsigned flags;
	const struct ami_hdr *hdrs;
	uint32_t nhdrs;
	const char *raw;
	size_t rawlen;
	const char *body;
	size_t bodylen;
};

/* The value of the first header named key (case-insensitive); absent view if none. */
struct ami_str ami_msg_get(const struct ami_msg *m, const char *key);

/* Same, but returns the header itself (NULL if none). */
const struct ami_hdr *ami_msg_find(const struct ami_msg *m, const char *key);

/*
 * Iterate every value of a repeated key, in order. Start with *pos = 0; returns
 * true and sets *out while there are more.
 */
bool ami_msg_next(const struct ami_msg *m, const char *key, uint32_t *pos, struct ami_str *out);

/* Number of headers named key. */
uint32_t ami_msg_count(const struct ami_msg *m, const char *key);

/* The first line's value: the event name, the response word, the action name. */
struct ami_str ami_msg_name(const struct ami_msg *m);

/*
 * The output lines of a Command reply in either format: Asterisk 14+ "Output:"
 * headers, or the Asterisk <= 13 "Response: Follows" body (split at LF, CR dropped).
 * Start with *pos = 0; returns false when there are no more lines.
 */
bool ami_msg_output_next(const struct ami_msg *m, size_t *pos, struct ami_str *line);

/* Convenience: the value of key copied into dst (always NUL-terminated); "" if absent. */
const char *ami_msg_cstr(const struct ami_msg *m, const char *key, char *dst, size_t cap);

/*
 * An owned deep copy in ONE allocation (struct, header array and raw bytes), so a
 * single free() releases it. The copy is self-contained: its pointers point into its
 * own block. Returns NULL when out of memory.
 */
struct ami_msg *ami_msg_dup(const struct ami_msg *m);
void ami_msg_free(struct ami_msg *m);

/*
 * Parse one complete message held in [raw, raw+n) (terminated or not) into m, using
 * hdrs[cap] for the header array. Lines beyond cap are dropped (flag set). This is
 * how stored events are re-read without keeping their header arrays.
 */
void ami_msg_parse_block(struct ami_msg *m, const char *raw, size_t n, struct ami_hdr *hdrs,
			 uint32_t cap);

#endif
