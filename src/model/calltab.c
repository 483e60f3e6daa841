/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table's storage: pools, hash maps, channel/call/bridge lifecycle and queries. */
#include "model/calltab.h"
#include "calltab_int.h"
#include "bytes_int.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX 4096u
#define DEFAULT_LINGER 10000000

static const char *const state_labels[] = {
#define CT_STATE_LABEL(name, label) label,
	CALLTAB_STATE_INFO(CT_STATE_LABEL)
#undef CT_STATE_LABEL
};

const char *calltab_state_label(enum calltab_state s)
{
	return (unsigned)s < sizeof state_labels / sizeof state_labels[0] ? state_labels[s] : "?";
}

void ct_set(char *dst, size_t cap, struct ami_str v)
{
	if (!v.p || (v.n == 9 && memcmp(v.p, "<unknown>", 9) == 0))
		v.n = 0;
	size_t n = v.n < cap - 1 ? v.n : cap - 1;
	memcpy(dst, v.p ? v.p : "", n);
	dst[n] = '\0';
}

/* ---- maps ---- */

/* Eight bytes per step; 0 is never returned (it marks an empty slot's hash). */
static uint32_t hash_str(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return (uint32_t)h | 1u;
}

static bool map_init(struct ct_map *m, uint32_t want)
{
	uint32_t cap = 16;
	while (cap < want * 2)
		cap *= 2;
	m->hash = calloc(cap, sizeof *m->hash);
	m->idx = malloc(cap * sizeof *m->idx);
	if (!m->hash || !m->idx)
		return false;
	for (uint32_t i = 0; i < cap; i++)
		m->idx[i] = CT_NONE;
	m->mask = cap - 1;
	return true;
}

static void map_free(struct ct_map *m)
{
	free(m->hash);
	free(m->idx);
}

/*
 * Keys are compared as stored: lookups cut them to the field size first (cut()), so
 * stored[k.n] is inside the field and the NUL check replaces a strlen.
 */
static bool key_eq(const char *stored, struct ami_str k)
{
	return bytes_eq(stored, k.p, k.n) && stored[k.n] == '\0';
}

int32_t ct_map_find(const struct calltab *t, const struct ct_map *m, ct_key_fn key,
		    struct ami_str k)
{
	if (!k.p || k.n == 0)
		return CT_NONE;
	uint32_t h = hash_str(k.p, k.n);
	for (uint32_t i = h & m->mask; m->idx[i] != CT_NONE; i = (i + 1) & m->mask)
		if (m->hash[i] == h && key_eq(key(t, m->idx[i]), k))
			return m->idx[i];
	return CT_NONE;
}

bool ct_map_put(const struct calltab *t, struct ct_map *m, ct_key_fn key, int32_t idx)
{
	const char *k = key(t, idx);
	if (!*k || m->n + 1 > (m->mask + 1) / 2)
		return false;
	uint32_t h = hash_str(k, strlen(k)), i = h & m->mask;
	while (m->idx[i] != CT_NONE)
		i = (i + 1) & m->mask;
	m->hash[i] = h;
	m->idx[i] = idx;
	m->n++;
	return true;
}

void ct_map_del(const struct calltab *t, struct ct_map *m, ct_key_fn key, int32_t idx)
{
	const char *k = key(t, idx);
	if (!*k)
		return;
	uint32_t h = hash_str(k, strlen(k)), i = h & m->mask;
	while (m->idx[i] != CT_NONE && m->idx[i] != idx)
		i = (i + 1) & m->mask;
	if (m->idx[i] == CT_NONE)
		return;
	/* backward-shift deletion keeps probe chains intact without tombstones */
	for (uint32_t j = (i + 1) & m->mask; m->idx[j] != CT_NONE; j = (j + 1) & m->mask) {
		uint32_t home = m->hash[j] & m->mask;
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			m->hash[i] = m->hash[j];
			m->idx[i] = m->idx[j];
			i = j;
		}
	}
	m->idx[i] = CT_NONE;
	m->hash[i] = 0;
	m->n--;
}

const char *ct_uid_key(const struct calltab *t, int32_t i)
{
	return t->chans[i].pub.uniqueid;
}

const char *ct_name_key(const struct calltab *t, int32_t i)
{
	return t->chans[i].pub.name;
}

const char *ct_call_key(const struct calltab *t, int32_t i)
{
	return t->calls[i].pub.linkedid;
}

const char *ct_bridge_key(const struct calltab *t, int32_t i)
{
	return t->bridges[i].id;
}

/* ---- creation ---- */

struct calltab *calltab_new(const struct calltab_limits *lim)
{
	struct calltab *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	if (lim)
		t->lim = *lim;
	if (t->lim.max_channels == 0)
		t->lim.max_channels = DEFAULT_MAX;
	if (t->lim.linger_us <= 0)
		t->lim.linger_us = DEFAULT_LINGER;
	uint32_t n = t->lim.max_channels;
	t->nbridges_max = n;
	t->chans = calloc(n, sizeof *t->chans);
	t->calls = calloc(n, sizeof *t->calls);
	t->bridges = calloc(n, sizeof *t->bridges);
	if (!t->chans || !t->calls || !t->bridges || !map_init(&t->by_uid, n) ||
	    !map_init(&t->by_name, n) || !map_init(&t->by_call, n) || !map_init(&t->by_bridge, n)) {
		calltab_free(t);
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++) {
		t->chans[i].anext = i + 1 < n ? (int32_t)i + 1 : CT_NONE;
		t->calls[i].anext = i + 1 < n ? (int32_t)i + 1 : CT_NONE;
	}
	t->free_chan = t->free_call = 0;
	t->achead = t->actail = t->hhead = t->htail = t->cahead = t->catail = CT_NONE;
	return t;
}

void calltab_free(struct calltab *t)
{
	if (!t)
		return;
	free(t->chans);
	free(t->calls);
	free(t->bridges);
	map_free(&t->by_uid);
	map_free(&t->by_name);
	map_free(&t->by_call);
	map_free(&t->by_bridge);
	free(t);
}

/* Doubly linked lists threaded through the pools, by member offsets. */
#define LIST_APPEND(arr, head, tail, i, prev, next) \
	do {                                        \
		(arr)[i].prev = (tail);             \
		(arr)[i].next = CT_NONE;            \
		if ((tail) != CT_NONE)              \
			(arr)[tail].next = (i);     \
		else                                \
			(head) = (i);               \
		(tail) = (i);                       \
	} while (0)

#define LIST_REMOVE(arr, head, tail, i, prev, next)                \
	do {                                                       \
		if ((arr)[i].prev != CT_NONE)                      \
			(arr)[(arr)[i].prev].next = (arr)[i].next; \
		else                                               \
			(head) = (arr)[i].next;                    \
		if ((arr)[i].next != CT_NONE)                      \
			(arr)[(arr)[i].next].prev = (arr)[i].prev; \
		else                                               \
			(tail) = (arr)[i].prev;                    \
	} while (0)

static int32_t call_get(struct calltab *t, struct ami_str linkedid)
{
	linkedid = cut(linkedid, CALLTAB_ID);
	int32_t k = ct_map_find(t, &t->by_call, ct_call_key, linkedid);
	if (k != CT_NONE || t->free_call == CT_NONE)
		return k;
	k = t->free_call;
	struct ct_call *c = &t->calls[k];
	t->free_call = c->anext;
	*c = (struct ct_call){ .used = true, .dirty = true, .first = CT_NONE, .last = CT_NONE };
	ct_set(c->pub.linkedid, sizeof c->pub.linkedid, linkedid);
	ct_map_put(t, &t->by_call, ct_call_key, k);
	LIST_APPEND(t->calls, t->cahead, t->catail, k, aprev, anext);
	t->ncalls++;
	return k;
}

static void call_drop(struct calltab *t, int32_t k)
{
	ct_map_del(t, &t->by_call, ct_call_key, k);
	LIST_REMOVE(t->calls, t->cahead, t->catail, k, aprev, anext);
	t->calls[k].used = false;
	t->calls[k].anext = t->free_call;
	t->free_call = k;
	t->ncalls--;
}

static enum calltab_state chan_state(const struct calltab *t, const struct ct_chan *c)
{
	if (c->pub.on_hold)
		return CALLTAB_HELD;
	if (c->bridge != CT_NONE && t->bridges[c->bridge].n >= 2)
		return CALLTAB_TALKING;
	if (c->pub.state == 6)
		return CALLTAB_UP;
	if (c->pub.state == 4 || c->pub.state == 5)
		return CALLTAB_RINGING;
	return CALLTAB_DIALING;
}

void ct_call_refresh(struct calltab *t, int32_t k)
{
	if (k == CT_NONE)
		return;
	if (t->calls[k].first == CT_NONE)
		call_drop(t, k);
	else
		t->calls[k].dirty = true;
}

void ct_call_summarise(struct calltab *t, int32_t k)
{
	struct ct_call *c = &t->calls[k];
	if (!c->dirty)
		return;
	c->dirty = false;
	struct calltab_call *p = &c->pub;
	p->nchans = p->nalive = 0;
	p->created_us = p->answered_us = p->ended_us = 0;
	p->state = CALLTAB_DIALING;
	/* rank of the states, so the most advanced one wins */
	static const int rank[] = {
		[CALLTAB_DIALING] = 0, [CALLTAB_RINGING] = 1, [CALLTAB_UP] = 2,
		[CALLTAB_HELD] = 3,    [CALLTAB_TALKING] = 4, [CALLTAB_ENDED] = -1
	};
	for (int32_t i = c->first; i != CT_NONE; i = t->chans[i].cnext) {
		const struct calltab_chan *ch = &t->chans[i].pub;
		p->nchans++;
		if (!p->created_us || ch->created_us < p->created_us)
			p->created_us = ch->created_us;
		if (ch->answered_us && (!p->answered_us || ch->answered_us < p->answered_us))
			p->answered_us = ch->answered_us;
		if (ch->hungup) {
			if (ch->hungup_us > p->ended_us)
				p->ended_us = ch->hungup_us;
			continue;
		}
		p->nalive++;
		enum calltab_state s = chan_state(t, &t->chans[i]);
		if (rank[s] > rank[p->state])
			p->state = s;
	}
	if (p->nalive == 0)
		p->state = CALLTAB_ENDED;
	else
		p->ended_us = 0;
}

void ct_chan_set_call(struct calltab *t, int32_t i, struct ami_str linkedid)
{
	struct ct_chan *c = &t->chans[i];
	if (!linkedid.p || linkedid.n == 0)
		linkedid = ami_str_c(c->pub.uniqueid);
	linkedid = cut(linkedid, CALLTAB_ID);
	if (c->call != CT_NONE && key_eq(t->calls[c->call].pub.linkedid, linkedid))
		return;
	int32_t old = c->call;
	if (old != CT_NONE) {
		LIST_REMOVE(t->chans, t->calls[old].first, t->calls[old].last, i, cprev, cnext);
		c->call = CT_NONE;
		ct_call_refresh(t, old);
	}
	int32_t k = call_get(t, linkedid);
	if (k == CT_NONE)
		return; /* cannot happen: calls <= channels */
	c->call = k;
	memcpy(c->pub.linkedid, t->calls[k].pub.linkedid, sizeof c->pub.linkedid);
	LIST_APPEND(t->chans, t->calls[k].first, t->calls[k].last, i, cprev, cnext);
	ct_call_refresh(t, k);
}

void ct_chan_drop(struct calltab *t, int32_t i)
{
	struct ct_chan *c = &t->chans[i];
	ct_bridge_leave(t, i);
	ct_map_del(t, &t->by_uid, ct_uid_key, i);
	if (ct_map_find(t, &t->by_name, ct_name_key, ami_str_c(c->pub.name)) == i)
		ct_map_del(t, &t->by_name, ct_name_key, i);
	LIST_REMOVE(t->chans, t->achead, t->actail, i, aprev, anext);
	if (c->pub.hungup)
		LIST_REMOVE(t->chans, t->hhead, t->htail, i, hprev, hnext);
	int32_t k = c->call;
	if (k != CT_NONE)
		LIST_REMOVE(t->chans, t->calls[k].first, t->calls[k].last, i, cprev, cnext);
	c->used = false;
	c->anext = t->free_chan;
	t->free_chan = i;
	t->nchans--;
	ct_call_refresh(t, k);
	t->gen++;
}

int32_t ct_chan_get(struct calltab *t, struct ami_str uid, struct ami_str name,
		    struct ami_str linkedid, int64_t now_us)
{
	uid = cut(uid, CALLTAB_ID);
	int32_t i = ct_map_find(t, &t->by_uid, ct_uid_key, uid);
	if (i != CT_NONE || !uid.p || uid.n == 0)
		return i;
	if (t->free_chan == CT_NONE) {
		if (t->hhead == CT_NONE) {
			t->refused++;
			return CT_NONE;
		}
		ct_chan_drop(t, t->hhead); /* the longest hung-up goes first */
		t->evicted++;
	}
	i = t->free_chan;
	struct ct_chan *c = &t->chans[i];
	t->free_chan = c->anext;
	*c = (struct ct_chan){ .used = true, .marked = true, .call = CT_NONE, .bridge = CT_NONE };
	c->pub.state = -1;
	c->pub.cause = -1;
	c->pub.billsec = -1;
	c->pub.created_us = now_us;
	ct_set(c->pub.uniqueid, sizeof c->pub.uniqueid, uid);
	ct_set(c->pub.name, sizeof c->pub.name, name);
	ct_map_put(t, &t->by_uid, ct_uid_key, i);
	if (c->pub.name[0])
		ct_map_put(t, &t->by_name, ct_name_key, i);
	LIST_APPEND(t->chans, t->achead, t->actail, i, aprev, anext);
	t->nchans++;
	ct_chan_set_call(t, i, linkedid);
	t->gen++;
	return i;
}

void ct_chan_rename(struct calltab *t, int32_t i, struct ami_str name)
{
	struct ct_chan *c = &t->chans[i];
	name = cut(name, CALLTAB_NAME);
	if (!name.p || name.n == 0 || key_eq(c->pub.name, name))
		return;
	if (ct_map_find(t, &t->by_name, ct_name_key, ami_str_c(c->pub.name)) == i)
		ct_map_del(t, &t->by_name, ct_name_key, i);
	ct_set(c->pub.name, sizeof c->pub.name, name);
	/* a newer channel may reuse a name (after a masquerade): the map keeps the first */
	if (ct_map_find(t, &t->by_name, ct_name_key, name) == CT_NONE)
		ct_map_put(t, &t->by_name, ct_name_key, i);
	t->gen++;
}

void ct_chan_hangup(struct calltab *t, int32_t i, int64_t now_us)
{
	struct ct_chan *c = &t->chans[i];
	if (c->pub.hungup)
		return;
	ct_bridge_leave(t, i);
	c->pub.hungup = true;
	c->pub.hungup_us = now_us;
	LIST_APPEND(t->chans, t->hhead, t->htail, i, hprev, hnext);
	ct_call_refresh(t, c->call);
	t->gen++;
}

/* ---- bridges ---- */

static void bridge_members_refresh(struct calltab *t, const struct ct_bridge *b)
{
	for (uint32_t k = 0; k < b->n; k++)
		ct_call_refresh(t, t->chans[b->members[k]].call);
}

void ct_bridge_leave(struct calltab *t, int32_t i)
{
	struct ct_chan *c = &t->chans[i];
	if (c->bridge == CT_NONE)
		return;
	int32_t bi = c->bridge;
	struct ct_bridge *b = &t->bridges[bi];
	for (uint32_t k = 0; k < b->n; k++) {
		if (b->members[k] == i) {
			b->members[k] = b->members[--b->n];
			break;
		}
	}
	c->bridge = CT_NONE;
	c->pub.bridge[0] = '\0';
	ct_call_refresh(t, c->call);
	bridge_members_refresh(t, b);
	if (b->n == 0) {
		/* Asterisk destroys emptied bridges; forgetting them keeps the pool bounded */
		ct_map_del(t, &t->by_bridge, ct_bridge_key, bi);
		b->used = false;
		t->nbridges--;
	}
	t->gen++;
}

void ct_bridge_join(struct calltab *t, int32_t i, struct ami_str id)
{
	id = cut(id, CALLTAB_ID);
	struct ct_chan *c = &t->chans[i];
	if (c->bridge != CT_NONE && key_eq(t->bridges[c->bridge].id, id))
		return;
	ct_bridge_leave(t, i);
	if (!id.p || id.n == 0)
		return;
	int32_t bi = ct_map_find(t, &t->by_bridge, ct_bridge_key, id);
	if (bi == CT_NONE) {
		for (uint32_t k = 0; k < t->nbridges_max && bi == CT_NONE; k++)
			if (!t->bridges[k].used)
				bi = (int32_t)k;
		if (bi == CT_NONE)
			return;
		struct ct_bridge *nb = &t->bridges[bi];
		*nb = (struct ct_bridge){ .used = true };
		ct_set(nb->id, sizeof nb->id, id);
		ct_map_put(t, &t->by_bridge, ct_bridge_key, bi);
		t->nbridges++;
	}
	struct ct_bridge *b = &t->bridges[bi];
	if (b->n < CT_BRIDGE_MEMBERS)
		b->members[b->n++] = i;
	c->bridge = bi;
	ct_set(c->pub.bridge, sizeof c->pub.bridge, id);
	bridge_members_refresh(t, b);
	t->gen++;
}

void ct_bridge_destroy(struct calltab *t, struct ami_str id)
{
	int32_t bi = ct_map_find(t, &t->by_bridge, ct_bridge_key, cut(id, CALLTAB_ID));
	while (bi != CT_NONE && t->bridges[bi].used && t->bridges[bi].n)
		ct_bridge_leave(t, t->bridges[bi].members[0]);
}

/* ---- timers, resync ---- */

void calltab_expire(struct calltab *t, int64_t now_us)
{
	while (t->hhead != CT_NONE && now_us - t->chans[t->hhead].pub.hungup_us >= t->lim.linger_us)
		ct_chan_drop(t, t->hhead);
}

void calltab_resync_begin(struct calltab *t)
{
	for (int32_t i = t->achead; i != CT_NONE; i = t->chans[i].anext)
		t->chans[i].marked = false;
}

size_t calltab_resync_end(struct calltab *t, int64_t now_us)
{
	size_t dropped = 0;
	for (int32_t i = t->achead, next; i != CT_NONE; i = next) {
		next = t->chans[i].anext;
		if (!t->chans[i].marked && !t->chans[i].pub.hungup) {
			ct_chan_drop(t, i);
			dropped++;
		}
	}
	(void)now_us;
	return dropped;
}
