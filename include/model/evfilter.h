/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter line: an expression parsed into a small AST, compiled, evaluated per event. */
#ifndef AMITUI_MODEL_EVFILTER_H
#define AMITUI_MODEL_EVFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/evstore.h"

/*
 * Syntax (what the filter line accepts):
 *
 *   expr  := and { ("|" | "or") and }           alternatives
 *   and   := unary { ["&" | "and"] unary }      terms side by side are AND-ed
 *   unary := ("!" | "not") unary | "(" expr ")" | term
 *   term  :=
 *     Word            event name, case-insensitive; '*' matches any run of characters
 *                     ("Hangup" is exactly Hangup, "Dial*" is a prefix, "*Agent*")
 *     class:call      also "@call"; several with commas: "@call,dtmf"; "other" is the
 *                     events of unknown class
 *     Header=value    exact value of a header (header name case-insensitive)
 *     Header~regex    POSIX extended regex on a header's value, case-insensitive
 *     /regex/         POSIX extended regex, case-insensitive, over the whole raw event
 *                     text (as Asterisk's eventfilter does); "\/" is a slash
 *     "free text"     case-insensitive substring of the raw event; \" and \\ escape
 *     chan:PJSIP/al*  the event's Channel: (glob, case-insensitive)
 *     call:<Linkedid> the events of one call (exact Linkedid)
 *
 * Values may be quoted to hold spaces or operators: Cause-txt="Normal Clearing",
 * chan:"Local/1@x-0001;1". A regex after '~' runs to the next blank, parentheses and
 * bars included (Exten~^(100|200)$); put a blank before a closing ')' of a group.
 * Header!=value and Header!~regex are the negated forms. Keywords (or, and, not) are case-insensitive; to filter
 * on an event literally named "or" write it as "Or*" or Event=or.
 *
 * "Index-only" terms (name, class, chan, call) are answered from the store's index
 * without touching raw bytes; the others ("content" terms) re-read the event. AND
 * nodes evaluate their index-only children first.
 */

/* Where and why parsing failed. column is 1-based (bytes, as the user typed them). */
struct evfilter_error {
	size_t column;
	char msg[160];
};

/*
 * Term kinds. _(NAME, "label used by evfilter_describe()", index_only)
 */
#define EVFILTER_TERM_INFO(_)    \
	_(NAME, "name", true)    \
	_(CLASS, "class", true)  \
	_(CHAN, "chan", true)    \
	_(CALL, "call", true)    \
	_(HDR_EQ, "hdr=", false) \
	_(HDR_RE, "hdr~", false) \
	_(RAW_RE, "re", false)   \
	_(TEXT, "text", false)

enum evfilter_term {
#define EVFILTER_TERM_ENUM(name, label, idx) EVFILTER_TERM_##name,
	EVFILTER_TERM_INFO(EVFILTER_TERM_ENUM)
#undef EVFILTER_TERM_ENUM
	    EVFILTER_TERM_COUNT
};

struct evfilter;

/*
 * Parse and compile text (NUL-terminated; NULL or blank gives a filter that matches
 * everything). On success *out owns a new filter. On failure (AMI_E_INVALID) *out is
 * NULL and err (may be NULL) says where: "unterminated regex (opened at column 3)",
 * "unknown class 'cal'", "expected a term after '|'", the regcomp message, ...
 * Limits: 1024 bytes of text, 64 terms; past them a clean AMI_E_INVALID.
 */
enum ami_status evfilter_compile(const char *text, struct evfilter **out,
				 struct evfilter_error *err);
void evfilter_free(struct evfilter *f);

/* Does it match everything (empty text)? Has it no content terms? */
bool evfilter_is_empty(const struct evfilter *f);
bool evfilter_index_only(const struct evfilter *f);

/* The text it was compiled from. */
const char *evfilter_text(const struct evfilter *f);

/*
 * The AST in a normalised prefix form, for tests and the help line:
 * "(and (name Dial*) (or (class call) (not (text \"foo\"))))".
 */
size_t evfilter_describe(const struct evfilter *f, char *dst, size_t cap);

/*
 * Evaluate against stored event seq of store s. The filter caches per-id answers
 * (name and channel globs) for the store it is used with, so use one filter with one
 * store. Returns false for a seq that is gone. Content terms re-parse the raw bytes.
 */
bool evfilter_match(struct evfilter *f, const struct evstore *s, uint64_t seq);

/*
 * The index-only part alone: EVFILTER_YES / _NO when the index decides, _MAYBE when a
 * content term must be read (then call evfilter_match). Used by views to spend their
 * content budget only on candidates.
 */
enum evfilter_tri { EVFILTER_NO, EVFILTER_YES, EVFILTER_MAYBE };
enum evfilter_tri evfilter_match_index(struct evfilter *f, const struct evstore *s,
				       const struct evstore_keys *k);

/*
 * Can glibc's regcomp take the POSIX extended regex re without exhausting memory
 * (repetitions of repetitions: "a+++", "(x{100}){100}") and regexec run it without
 * exponential time (back-references)? false with a reason in why. Every regex a user
 * types goes through it: the filter line, and Hangup's /regex/ before it is counted
 * here or sent to Asterisk (whose regcomp is the same).
 */
bool evfilter_regex_affordable(const char *re, char *why, size_t cap);

/* Match a full parsed message (no store: index terms are answered from its headers). */
bool evfilter_match_msg(struct evfilter *f, const struct ami_msg *m, uint32_t cls);

#endif
