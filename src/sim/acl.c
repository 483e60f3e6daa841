/* SPDX-License-Identifier: GPL-2.0-or-later */
/* permit=/deny= host rules parsed and applied as ast_append_ha()/ast_apply_ha() do. */
#include "sim/acl.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* ast_sockaddr_parse(PARSE_PORT_FORBID) for numeric hosts: "1.2.3.4", "::1", "[::1]". */
static bool parse_addr(const char *s, int *family, uint8_t out[16])
{
	char tmp[64];
	size_t n = strlen(s);
	if (n >= sizeof tmp)
		return false;
	if (s[0] == '[') {
		if (n < 2 || s[n - 1] != ']')
			return false;
		snprintf(tmp, sizeof tmp, "%.*s", (int)(n - 2), s + 1);
	} else {
		snprintf(tmp, sizeof tmp, "%s", s);
	}
	memset(out, 0, 16);
	if (s[0] != '[' && inet_pton(AF_INET, tmp, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, tmp, out) != 1)
		return false;
	*family = AF_INET6;
	if (memcmp(out, v4mapped, 12) == 0) {
		/* an IPv4-mapped address is converted to an IPv4 rule */
		memmove(out, out + 12, 4);
		memset(out + 4, 0, 12);
		*family = AF_INET;
	}
	return true;
}

/* parse_cidr_mask(): 0..32 or 0..128 bits, read with sscanf("%d") semantics. */
static bool cidr_mask(const char *s, int family, uint8_t out[16])
{
	int bits;
	if (sscanf(s, "%30d", &bits) != 1 || bits < 0 || bits > (family == AF_INET ? 32 : 128))
		return false;
	memset(out, 0, 16);
	for (int i = 0; bits > 0; i++, bits -= 8)
		out[i] = (uint8_t)(bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
	return true;
}

static enum ami_status push(struct sim_acl *acl, const struct sim_acl_rule *r)
{
	if (acl->n == acl->cap) {
		size_t cap = acl->cap ? acl->cap * 2 : 4;
		struct sim_acl_rule *n = realloc(acl->rules, cap * sizeof *n);
		if (!n)
			return AMI_E_NOMEM;
		acl->rules = n;
		acl->cap = cap;
	}
	acl->rules[acl->n++] = *r;
	return AMI_OK;
}

/* One "ADDR[/MASK]" item of a permit/deny line. */
static enum ami_status one_item(struct sim_acl *acl, char *item, bool allowing)
{
	struct sim_acl_rule r = { .allow = allowing };
	char *slash = strchr(item, '/');
	char *mask = NULL;
	if (slash) {
		*slash = '\0';
		mask = slash + 1;
	}
	if (*item == '!') {
		r.allow = !allowing;
		item++;
	}
	if (!parse_addr(item, &r.family, r.addr))
		return AMI_E_INVALID;
	size_t alen = r.family == AF_INET ? 4 : 16;
	if (!mask) {
		cidr_mask(r.family == AF_INET ? "32" : "128", r.family, r.mask);
	} else if (strchr(mask, ':') || strchr(mask, '.')) {
		int mfam;
		if (!parse_addr(mask, &mfam, r.mask) || mfam != r.family)
			return AMI_E_INVALID;
	} else if (!cidr_mask(mask, r.family, r.mask)) {
		return AMI_E_INVALID;
	}
	for (size_t i = 0; i < alen; i++)
		r.addr[i] &= r.mask[i];
	return push(acl, &r);
}

static enum ami_status add_named(struct sim_acl *acl, const char *value)
{
	char *list = strdup(value), *p = list;
	if (!list)
		return AMI_E_NOMEM;
	enum ami_status st = AMI_OK;
	while (p && st == AMI_OK) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		char **n = realloc(acl->named, (acl->nnamed + 1) * sizeof *n);
		if (!n || !(n[acl->nnamed] = strdup(p))) {
			if (n)
				acl->named = n;
			st = AMI_E_NOMEM;
			break;
		}
		acl->named = n;
		acl->nnamed++;
		p = comma ? comma + 1 : NULL;
	}
	free(list);
	return st;
}

enum ami_status sim_acl_append(struct sim_acl *acl, const char *sense, const char *value)
{
	acl->used = true;
	if (strncasecmp(sense, "a", 1) == 0)
		return add_named(acl, value);
	bool allowing = strncasecmp(sense, "p", 1) == 0;
	char *list = strdup(value), *p = list;
	if (!list)
		return AMI_E_NOMEM;
	enum ami_status st = AMI_OK;
	while (p && st == AMI_OK) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		st = one_item(acl, p, allowing);
		p = comma ? comma + 1 : NULL;
	}
	free(list);
	return st;
}

/* The peer as (family, 16 bytes); an IPv4-mapped IPv6 peer is also offered as IPv4. */
static bool peer_bytes(const struct sockaddr *sa, int *family, uint8_t out[16], bool *mapped)
{
	memset(out, 0, 16);
	*mapped = false;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		*family = AF_INET;
		return true;
	}
	if (sa->sa_family != AF_INET6)
		return false;
	memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	*family = AF_INET6;
	*mapped = memcmp(out, v4mapped, 12) == 0;
	return true;
}

bool sim_acl_allows(const struct sim_acl *acl, const struct sockaddr *peer)
{
	if (acl->nnamed)
		return false; /* undefined named ACLs fail every address */
	int family;
	uint8_t a[16];
	bool mapped;
	if (!peer_bytes(peer, &family, a, &mapped))
		return acl->n == 0;
	bool allow = true;
	for (size_t i = 0; i < acl->n; i++) {
		const struct sim_acl_rule *r = &acl->rules[i];
		const uint8_t *use = a;
		if (r->family == AF_INET && family == AF_INET6) {
			if (!mapped)
				continue; /* an IPv4 rule does not apply to an IPv6 peer */
			use = a + 12;
		} else if (r->family == AF_INET6 && (family == AF_INET || mapped)) {
			continue;
		}
		size_t len = r->family == AF_INET ? 4 : 16;
		bool match = true;
		for (size_t k = 0; k < len && match; k++)
			match = (use[k] & r->mask[k]) == r->addr[k];
		if (match)
			allow = r->allow;
	}
	return allow;
}

void sim_acl_output(const struct sim_acl *acl, struct ami_buf *out)
{
	if (acl->n) {
		ami_buf_adds(out,
			     "ACL: (unnamed)\n---------------------------------------------\n");
		for (size_t i = 0; i < acl->n; i++) {
			const struct sim_acl_rule *r = &acl->rules[i];
			char a[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN];
			inet_ntop(r->family, r->addr, a, sizeof a);
			inet_ntop(r->family, r->mask, m, sizeof m);
			ami_buf_printf(out, "%3zu: %s - %s/%s\n", i, r->allow ? "allow" : " deny",
				       a, m);
		}
	}
	for (size_t i = 0; i < acl->nnamed; i++)
		ami_buf_printf(out,
			       "ACL: %s (Invalid)\n---------------------------------------------\n",
			       acl->named[i]);
}

void sim_acl_free(struct sim_acl *acl)
{
	free(acl->rules);
	for (size_t i = 0; i < acl->nnamed; i++)
		free(acl->named[i]);
	free(acl->named);
	memset(acl, 0, sizeof *acl);
}

enum ami_status sim_acl_copy(struct sim_acl *dst, const struct sim_acl *src)
{
	memset(dst, 0, sizeof *dst);
	dst->used = src->used;
	for (size_t i = 0; i < src->n; i++)
		if (push(dst, &src->rules[i]))
			goto nomem;
	for (size_t i = 0; i < src->nnamed; i++)
		if (add_named(dst, src->named[i]))
			goto nomem;
	return AMI_OK;
nomem:
	sim_acl_free(dst);
	return AMI_E_NOMEM;
}
