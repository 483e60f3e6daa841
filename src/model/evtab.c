/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event table: lookup by name, the class of a received event, and the one-pass key scan. */
#include "model/evtab.h"

#include <string.h>

static const struct evtab_info table[] = {
#define EVTAB_ROW(name, cls, role, sum, tmpl) \
	{ name, cls, EVTAB_ROLE_##role, EVTAB_SUM_##sum, tmpl },
	EVTAB_INFO(EVTAB_ROW)
#undef EVTAB_ROW
};
#define NTABLE (sizeof table / sizeof table[0])

static const char *const role_names[] = {
#define EVTAB_ROLE_NAME(name) #name,
	EVTAB_ROLE_INFO(EVTAB_ROLE_NAME)
#undef EVTAB_ROLE_NAME
};

const char *evtab_role_name(enum evtab_role r)
{
	return (unsigned)r < EVTAB_ROLE_COUNT ? role_names[r] : "?";
}

const struct evtab_info *evtab_all(size_t *n)
{
	*n = NTABLE;
	return table;
}

/*
 * A case-insensitive open-addressing index over the table, built on first use (the
 * program is single-threaded). 512 slots keep it under half full.
 */
#define NSLOTS 512u
static uint16_t slots[NSLOTS]; /* row + 1; 0 = empty */
static int slots_ready;

static unsigned lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32u : c;
}

static uint32_t hash_ci(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ lower((unsigned char)p[i])) * 16777619u;
	return h;
}

static void build_slots(void)
{
	for (size_t i = 0; i < NTABLE; i++) {
		uint32_t h = hash_ci(table[i].name, strlen(table[i].name)) & (NSLOTS - 1);
		while (slots[h])
			h = (h + 1) & (NSLOTS - 1);
		slots[h] = (uint16_t)(i + 1);
	}
	slots_ready = 1;
}

const struct evtab_info *evtab_find(struct ami_str name)
{
	if (!name.p || name.n == 0)
		return NULL;
	if (!slots_ready)
		build_slots();
	uint32_t h = hash_ci(name.p, name.n) & (NSLOTS - 1);
	for (; slots[h]; h = (h + 1) & (NSLOTS - 1)) {
		const struct evtab_info *e = &table[slots[h] - 1];
		if (strlen(e->name) == name.n && ami_str_ieq(name, e->name))
			return e;
	}
	return NULL;
}

uint32_t evtab_class(struct ami_str name, struct ami_str privilege)
{
	if (privilege.p) {
		uint32_t m = ami_perm_from_privilege(privilege, NULL);
		if (m)
			return m;
	}
	const struct evtab_info *e = evtab_find(name);
	return e ? e->cls : 0;
}

/*
 * h->klen is known to equal strlen(lit) (lit is spelled in lower case, canon as
 * Asterisk writes it). The exact spelling is tried first: with a constant length the
 * compiler turns memcmp into a couple of loads.
 */
#define KEY_IS(h, canon, lit) (memcmp((h)->key, canon, sizeof canon - 1) == 0 || key_is_ci(h, lit))

static bool key_is_ci(const struct ami_hdr *h, const char *lit)
{
	if ((h->key[0] | 0x20) != lit[0])
		return false;
	for (uint32_t i = 0; i < h->klen; i++)
		if (lower((unsigned char)h->key[i]) != (unsigned char)lit[i])
			return false;
	return true;
}

static void take(struct ami_str *slot, const struct ami_hdr *h)
{
	if (!slot->p)
		*slot = ami_str_make(h->val, h->vlen);
}

void evtab_keys(const struct ami_msg *m, struct evtab_keys *out)
{
	*out = (struct evtab_keys){ .name = ami_msg_name(m) };
	for (uint32_t i = 1; i < m->nhdrs; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		if (!h->val)
			continue;
		/* dispatch on the length first: most headers are rejected by one compare */
		switch (h->klen) {
		case 7:
			if (KEY_IS(h, "Channel", "channel"))
				take(&out->channel, h);
			break;
		case 8:
			if (KEY_IS(h, "Uniqueid", "uniqueid"))
				take(&out->uniqueid, h);
			else if (KEY_IS(h, "Linkedid", "linkedid"))
				take(&out->linkedid, h);
			break;
		case 9:
			if (KEY_IS(h, "Privilege", "privilege"))
				take(&out->privilege, h);
			break;
		default:
			break;
		}
	}
}
