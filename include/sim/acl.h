/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-user network filters (permit=/deny=/acl=) with main/acl.c's parsing and matching rules. */
#ifndef AMITUI_SIM_ACL_H
#define AMITUI_SIM_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "core/status.h"

/* One host-access rule: the address already masked, and its netmask. */
struct sim_acl_rule {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t mask[16];
	bool allow;
};

/*
 * The user's rules, in order (the last matching rule wins). Named ACLs (acl=) would
 * come from acl.conf, which amisim does not have: like an undefined named ACL in
 * Asterisk they make the list "invalid", which refuses every address.
 */
struct sim_acl {
	struct sim_acl_rule *rules;
	size_t n;
	size_t cap;
	char **named;
	size_t nnamed;
	bool used; /* any permit/deny/acl line seen (shown as "ACL: yes") */
};

/*
 * Append one config line: sense is "permit", "deny" or "acl" (only the first letter
 * counts, as in Asterisk), value a comma list of ADDR[/MASK] items, MASK a CIDR length
 * or a dotted/colon netmask, a leading '!' inverting the item. Returns AMI_OK,
 * AMI_E_INVALID for a line Asterisk rejects (items before the bad one stay
 * appended, as there), or AMI_E_NOMEM.
 */
enum ami_status sim_acl_append(struct sim_acl *acl, const char *sense, const char *value);

/* ast_apply_acl(): true when the peer may log in. An empty list allows everyone. */
bool sim_acl_allows(const struct sim_acl *acl, const struct sockaddr *peer);

/* The rules as "manager show user" lists them (ast_acl_output()). */
void sim_acl_output(const struct sim_acl *acl, struct ami_buf *out);

void sim_acl_free(struct sim_acl *acl);

/* A deep copy; AMI_E_NOMEM leaves dst empty. */
enum ami_status sim_acl_copy(struct sim_acl *dst, const struct sim_acl *src);

#endif
