/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rights sources that need parsing: ListCommands, "manager show user", GetConfig manager.conf. */
#include "model/rights.h"
#include "rights_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"

/*
 * Single-class actions whose absence from ListCommands proves the class is not
 * writable: core actions (always registered), or module actions whose module is
 * evidently loaded because an authority-0 sibling (listed for every account) is
 * there. _(Action, "witness" or NULL)
 */
#define RG_PROOF_INFO(_)           \
	_(Originate, NULL)         \
	_(Command, NULL)           \
	_(UserEvent, NULL)         \
	_(UpdateConfig, NULL)      \
	_(CreateConfig, NULL)      \
	_(ListCategories, NULL)    \
	_(Setvar, NULL)            \
	_(Redirect, NULL)          \
	_(Filter, NULL)            \
	_(ModuleLoad, NULL)        \
	_(DBPut, NULL)             \
	_(AOCMessage, NULL)        \
	_(MessageSend, NULL)       \
	_(QueueAdd, "QueueStatus") \
	_(QueuePause, "QueueStatus")

static const struct {
	const char *action;
	const char *witness;
} proofs[] = {
#define RG_PROOF_ROW(a, w) { #a, w },
	RG_PROOF_INFO(RG_PROOF_ROW)
#undef RG_PROOF_ROW
};

static bool is_response(const struct ami_msg *m, const char *word)
{
	return m->kind == AMI_MSG_RESPONSE && ami_str_ieq(ami_msg_name(m), word);
}

static char *dup_str(struct ami_str s)
{
	char *d = malloc(s.n + 1);
	if (d) {
		memcpy(d, s.p, s.n);
		d[s.n] = '\0';
	}
	return d;
}

static enum ami_status add_action(struct rights_card *c, struct ami_str name, struct ami_str syn,
				  uint32_t auth)
{
	if (c->nacts == RG_MAX_ACTIONS)
		return AMI_E_FULL;
	if (c->nacts == c->capacts) {
		size_t nc = c->capacts ? c->capacts * 2 : 128;
		struct rights_action *na = realloc(c->acts, nc * sizeof *na);
		if (!na)
			return AMI_E_NOMEM;
		c->acts = na;
		c->capacts = nc;
	}
	char *n = dup_str(name), *s = dup_str(syn);
	if (!n || !s) {
		free(n);
		free(s);
		return AMI_E_NOMEM;
	}
	c->acts[c->nacts++] = (struct rights_action){ n, s, auth };
	return AMI_OK;
}

bool rights_have_listcommands(const struct rights_card *c)
{
	return c->have_lc;
}

bool rights_allows(const struct rights_card *c, struct ami_str action)
{
	for (size_t i = 0; i < c->nacts; i++)
		if (ami_str_ieq(action, c->acts[i].name))
			return true;
	return false;
}

size_t rights_action_count(const struct rights_card *c)
{
	return c->nacts;
}

const struct rights_action *rights_action_at(const struct rights_card *c, size_t i)
{
	return i < c->nacts ? &c->acts[i] : NULL;
}

static void listcommands_facts(struct rights_card *c)
{
	rg_forget(c, RIGHTS_SRC_LISTCOMMANDS);
	uint32_t granted = 0;
	for (size_t i = 0; i < c->nacts; i++)
		if (ami_perm_class_of_bit(c->acts[i].authority) != AMI_CLASS_COUNT)
			granted |= c->acts[i].authority;
	rg_fact(c, true, granted, RIGHTS_SRC_LISTCOMMANDS, true);
	for (size_t i = 0; i < sizeof proofs / sizeof proofs[0]; i++) {
		const struct ami_catalog_entry *e = ami_catalog_find(ami_str_c(proofs[i].action));
		if (!e || ami_perm_class_of_bit(e->authority) == AMI_CLASS_COUNT)
			continue;
		if (rights_allows(c, ami_str_c(proofs[i].action)) || (e->authority & granted))
			continue;
		if (proofs[i].witness && !rights_allows(c, ami_str_c(proofs[i].witness)))
			continue; /* the module may simply not be loaded */
		rg_fact(c, true, e->authority, RIGHTS_SRC_LISTCOMMANDS, false);
	}
}

enum ami_status rights_from_listcommands(struct rights_card *c, const struct ami_msg *reply)
{
	if (!is_response(reply, "Success"))
		return AMI_E_INVALID;
	size_t listed = 0;
	enum ami_status st = AMI_OK;
	/* a new list replaces the old one */
	for (size_t i = 0; i < c->nacts; i++) {
		free((char *)c->acts[i].name);
		free((char *)c->acts[i].synopsis);
	}
	c->nacts = 0;
	for (uint32_t i = 1; i < reply->nhdrs && st == AMI_OK; i++) {
		const struct ami_hdr *h = &reply->hdrs[i];
		struct ami_str syn;
		uint32_t auth;
		if (!h->val ||
		    !ami_perm_split_listcommand(ami_str_make(h->val, h->vlen), &syn, &auth))
			continue;
		st = add_action(c, ami_str_make(h->key, h->klen), syn, auth);
		listed++;
	}
	if (st != AMI_OK)
		return st;
	if (listed == 0)
		return AMI_E_INVALID;
	c->have_lc = true;
	listcommands_facts(c);
	return AMI_OK;
}

/* ---- manager show user ---- */

/* "call,agent", "all", "<none>", as user_authority_to_str() (or authority_to_str()) prints. */
static uint32_t user_perm_list(struct ami_str v)
{
	uint32_t m = 0;
	const char *s = v.p, *end = v.p + v.n;
	while (s < end) {
		const char *e = memchr(s, ',', (size_t)(end - s));
		struct ami_str label = ami_str_make(s, (size_t)((e ? e : end) - s));
		while (label.n && label.p[0] == ' ') {
			label.p++;
			label.n--;
		}
		while (label.n && (label.p[label.n - 1] == ' ' || label.p[label.n - 1] == '\r'))
			label.n--;
		enum ami_perm_class k = ami_perm_class_find(label);
		if (k != AMI_CLASS_COUNT)
			m |= ami_perm_class_bit(k);
		else if (ami_str_ieq(label, "all"))
			m |= ami_perm_known_mask();
		s = e ? e + 1 : end;
	}
	return m;
}

struct showuser {
	bool have_read, have_write, no_such, user_ok;
	uint32_t read, write;
};

static void showuser_line(const struct rights_card *c, struct ami_str line, struct showuser *u)
{
	while (line.n && (line.p[0] == ' ' || line.p[0] == '\t')) {
		line.p++;
		line.n--;
	}
	struct ami_str rest;
	if (ami_str_iprefix(line, "There is no manager called")) {
		u->no_such = true;
	} else if (ami_str_iprefix(line, "username:")) {
		rest = ami_str_make(line.p + 9, line.n - 9);
		while (rest.n && rest.p[0] == ' ') {
			rest.p++;
			rest.n--;
		}
		u->user_ok = ami_str_ieq(rest, c->user);
	} else if (ami_str_iprefix(line, "read perm:")) {
		u->have_read = true;
		u->read = user_perm_list(ami_str_make(line.p + 10, line.n - 10));
	} else if (ami_str_iprefix(line, "write perm:")) {
		u->have_write = true;
		u->write = user_perm_list(ami_str_make(line.p + 11, line.n - 11));
	}
}

enum ami_status rights_from_showuser(struct rights_card *c, const struct ami_msg *reply)
{
	struct showuser u = { 0 };
	uint32_t pos = 0;
	struct ami_str v;
	while (ami_msg_next(reply, "Output", &pos, &v))
		showuser_line(c, v, &u);
	/* Asterisk <= 13: a "Response: Follows" body */
	for (const char *p = reply->body, *end = reply->body ? reply->body + reply->bodylen : NULL;
	     p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		showuser_line(c, ami_str_make(p, (size_t)((nl ? nl : end) - p)), &u);
		p = nl ? nl + 1 : end;
	}
	if (u.no_such || !u.have_read || !u.have_write || !u.user_ok)
		return AMI_E_INVALID;
	rg_forget(c, RIGHTS_SRC_SHOWUSER);
	uint32_t all = ami_perm_known_mask();
	rg_fact(c, false, u.read, RIGHTS_SRC_SHOWUSER, true);
	rg_fact(c, false, all & ~u.read, RIGHTS_SRC_SHOWUSER, false);
	rg_fact(c, true, u.write, RIGHTS_SRC_SHOWUSER, true);
	rg_fact(c, true, all & ~u.write, RIGHTS_SRC_SHOWUSER, false);
	c->have_showuser = true;
	return AMI_OK;
}

/* ---- GetConfig manager.conf ---- */

/* "Category-000003" -> "000003" (the digits after the dash). */
static struct ami_str suffix(const struct ami_hdr *h, const char *prefix)
{
	size_t n = strlen(prefix);
	if (h->klen <= n || !ami_str_iprefix(ami_str_make(h->key, h->klen), prefix))
		return AMI_STR_NULL;
	return ami_str_make(h->key + n, h->klen - n);
}

enum ami_status rights_from_getconfig(struct rights_card *c, const struct ami_msg *reply)
{
	if (!is_response(reply, "Success"))
		return AMI_E_INVALID;
	struct ami_str cat = AMI_STR_NULL;
	for (uint32_t i = 1; i < reply->nhdrs && !cat.p; i++) {
		const struct ami_hdr *h = &reply->hdrs[i];
		struct ami_str id = suffix(h, "Category-");
		/* user names match case-insensitively, as Asterisk looks them up */
		if (id.p && h->val && ami_str_ieq(ami_str_make(h->val, h->vlen), c->user))
			cat = id;
	}
	if (!cat.p)
		return AMI_E_INVALID;
	char rd[256] = "", wr[256] = "";
	for (uint32_t i = 1; i < reply->nhdrs; i++) {
		const struct ami_hdr *h = &reply->hdrs[i];
		struct ami_str id = suffix(h, "Line-");
		if (!id.p || !h->val || id.n <= cat.n || memcmp(id.p, cat.p, cat.n) != 0 ||
		    id.p[cat.n] != '-')
			continue;
		struct ami_str line = ami_str_make(h->val, h->vlen);
		/* the last read= / write= wins; values are copied raw: the quirks apply to them */
		if (line.n >= 5 && memcmp(line.p, "read=", 5) == 0)
			ami_str_copy(ami_str_make(line.p + 5, line.n - 5), rd, sizeof rd);
		else if (line.n >= 6 && memcmp(line.p, "write=", 6) == 0)
			ami_str_copy(ami_str_make(line.p + 6, line.n - 6), wr, sizeof wr);
	}
	uint32_t all = ami_perm_known_mask();
	uint32_t r = ami_perm_from_conf(rd) & all, w = ami_perm_from_conf(wr) & all;
	rg_forget(c, RIGHTS_SRC_GETCONFIG);
	rg_fact(c, false, r, RIGHTS_SRC_GETCONFIG, true);
	rg_fact(c, false, all & ~r, RIGHTS_SRC_GETCONFIG, false);
	rg_fact(c, true, w, RIGHTS_SRC_GETCONFIG, true);
	rg_fact(c, true, all & ~w, RIGHTS_SRC_GETCONFIG, false);
	c->have_getconfig = true;
	return AMI_OK;
}

void rights_from_known(struct rights_card *c, uint32_t read, uint32_t write)
{
	uint32_t all = ami_perm_known_mask();
	rg_forget(c, RIGHTS_SRC_KNOWN);
	rg_fact(c, false, read & all, RIGHTS_SRC_KNOWN, true);
	rg_fact(c, false, all & ~read, RIGHTS_SRC_KNOWN, false);
	rg_fact(c, true, write & all, RIGHTS_SRC_KNOWN, true);
	rg_fact(c, true, all & ~write, RIGHTS_SRC_KNOWN, false);
}
