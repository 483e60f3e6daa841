/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action builder: serialises one AMI action, refusing anything that could smuggle another. */
#ifndef AMITUI_CORE_ACTION_H
#define AMITUI_CORE_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"
#include "core/str.h"

/* Asterisk's input limits (ami-reference 1.2): 1022 characters + CRLF, 128 headers. */
#define AMI_ACTION_MAX_LINE 1024
#define AMI_ACTION_MAX_HEADERS 128

/*
 * An action under construction. The first error (a CR, LF or NUL in a key or value,
 * a bad key, a line or header count over Asterisk's limits) is sticky: later adds
 * do nothing and ami_action_finish() returns it, with errmsg naming the header.
 * Nothing partial can reach the wire because finish refuses to hand out bytes.
 */
struct ami_action {
	struct ami_buf out;
	uint32_t nhdrs;
	enum ami_status err;
	char errmsg[128];
	char name[64];	   /* the action name, for logs and the pending table */
	char actionid[64]; /* set by ami_action_set_id(), "" when none */
	int finished;
	size_t secret_from; /* offset of a Secret:/Key: value to redact, 0 if none */
	size_t secret_len;
};

/* Start "Action: name". Returns the sticky status. */
enum ami_status ami_action_init(struct ami_action *a, const char *name);
void ami_action_free(struct ami_action *a);

/* Add "key: value"; value may be empty (sent as "Key: " with the space). */
enum ami_status ami_action_add(struct ami_action *a, const char *key, const char *value);
/* Same with an explicit value length (a NUL inside is refused). */
enum ami_status ami_action_addn(struct ami_action *a, const char *key, const char *value,
				size_t vlen);
enum ami_status ami_action_addf(struct ami_action *a, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add a header whose value is a secret (Secret, Key): remembered for redaction. */
enum ami_status ami_action_add_secret(struct ami_action *a, const char *key, const char *value);

/* Set the ActionID (written by finish, after the other headers). */
enum ami_status ami_action_set_id(struct ami_action *a, const char *id);

/*
 * Close the action with its blank line. On AMI_OK, wire and len give the exact bytes
 * to send (owned by a, valid until ami_action_free). Idempotent.
 */
enum ami_status ami_action_finish(struct ami_action *a, const char **wire, size_t *len);

/*
 * The wire text with Secret/Key values replaced by "********", for previews, logs and
 * recordings. Returns a NUL-terminated string in dst (truncated to cap).
 */
size_t ami_action_redacted(const struct ami_action *a, char *dst, size_t cap);

/* The sticky error and its message ("" when none). */
enum ami_status ami_action_status(const struct ami_action *a);
const char *ami_action_errmsg(const struct ami_action *a);

/*
 * ActionIDs: "<prefix>-<n>" with n counting from 1. Short on purpose (Asterisk's
 * fixed idText buffers, ami-reference 1.4).
 */
struct ami_actionid_gen {
	char prefix[24];
	uint64_t next;
};
void ami_actionid_init(struct ami_actionid_gen *g, const char *prefix);
/* Writes the next id into dst (cap >= 48 always suffices). */
void ami_actionid_next(struct ami_actionid_gen *g, char *dst, size_t cap);

#endif
