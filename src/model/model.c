/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The model's hot path: one received message into the store, call table, counters and rights. */
#include "model/model.h"
#include "bytes_int.h"
#include "calltab_int.h"

#include <stdio.h>
#include <string.h>

/*
 * Event name -> call-table role, remembered for the few dozen names a PBX repeats; a
 * miss costs one event-table lookup. 256 slots hashed on the length and three bytes.
 */
#define ROLE_SLOTS 256
#define ROLE_NAME 32

static struct {
	char name[ROLE_NAME];
	uint8_t len;
	uint8_t role;
} role_cache[ROLE_SLOTS];

static enum evtab_role role_of(struct ami_str name)
{
	if (!name.p || name.n == 0 || name.n >= ROLE_NAME) {
		const struct evtab_info *e = evtab_find(name);
		return e ? e->role : EVTAB_ROLE_NONE;
	}
	const unsigned char *u = (const unsigned char *)name.p;
	unsigned h = ((unsigned)name.n * 131u + u[0] * 31u + u[name.n / 2] * 7u + u[name.n - 1]) &
		     (ROLE_SLOTS - 1);
	if (role_cache[h].len == name.n && bytes_eq(role_cache[h].name, name.p, name.n))
		return (enum evtab_role)role_cache[h].role;
	const struct evtab_info *e = evtab_find(name);
	enum evtab_role r = e ? e->role : EVTAB_ROLE_NONE;
	memcpy(role_cache[h].name, name.p, name.n);
	role_cache[h].len = (uint8_t)name.n;
	role_cache[h].role = (uint8_t)r;
	return r;
}

enum ami_status model_init(struct model *m, const struct model_limits *lim, const char *user)
{
	struct model_limits l = lim ? *lim : (struct model_limits){ 0 };
	memset(m, 0, sizeof *m);
	m->store = evstore_new(&(struct evstore_limits){ .budget = l.scrollback });
	m->calls = calltab_new(
	    &(struct calltab_limits){ .max_channels = l.max_channels, .linger_us = l.linger_us });
	m->rights = rights_new(user);
	m->actions = actcat_new();
	evcount_init(&m->counts);
	if (!m->store || !m->calls || !m->rights || !m->actions) {
		model_free(m);
		return AMI_E_NOMEM;
	}
	return AMI_OK;
}

void model_free(struct model *m)
{
	evstore_free(m->store);
	calltab_free(m->calls);
	rights_free(m->rights);
	actcat_free(m->actions);
	memset(m, 0, sizeof *m);
}

/*
 * A broadcast event's Privilege always ends in ",all" (authority_to_str); list items
 * that carry one (Status: "Privilege: Call") bypass the read mask and prove nothing.
 */
static bool proves_read(struct ami_str priv)
{
	return priv.p && priv.n >= 4 && memcmp(priv.p + priv.n - 4, ",all", 4) == 0;
}

enum ami_status model_ingest(struct model *m, const struct ami_msg *msg, int64_t now_us,
			     uint64_t *seq)
{
	bool event = msg->kind == AMI_MSG_EVENT;
	enum evtab_role role = event ? role_of(ami_msg_name(msg)) : EVTAB_ROLE_NONE;
	/* one pass over the headers: the call table's fields include the store's keys */
	struct evtab_keys k;
	struct ct_picked picked;
	if (role != EVTAB_ROLE_NONE)
		ct_pick(msg, &picked, &k);
	else
		evtab_keys(msg, &k);
	uint32_t cls = event ? evstore_class_of(m->store, &k) : 0;
	enum ami_status st = evstore_push_keys(m->store, msg, &k, cls, now_us, seq);
	if (st == AMI_E_FULL) {
		char detail[96];
		snprintf(detail, sizeof detail, "a %.*s of %zu bytes was too large to keep",
			 (int)(k.name.n < 40 ? k.name.n : 40), k.name.p ? k.name.p : "",
			 msg->rawlen);
		m->dropped++;
		st = evstore_push_gap(m->store, EVSTORE_GAP_DROPPED, 1, detail, now_us, seq);
	}
	if (st != AMI_OK)
		return st;
	if (!event)
		return AMI_OK;
	if (role != EVTAB_ROLE_NONE)
		ct_apply_picked(m->calls, role, &picked, now_us);
	evcount_add(&m->counts, cls, msg->rawlen, now_us);
	if (proves_read(k.privilege))
		rights_saw_event(m->rights, cls);
	return AMI_OK;
}

enum ami_status model_gap(struct model *m, enum evstore_gap reason, uint64_t missing,
			  const char *detail, int64_t now_us)
{
	return evstore_push_gap(m->store, reason, missing, detail, now_us, NULL);
}

void model_tick(struct model *m, int64_t now_us)
{
	calltab_expire(m->calls, now_us);
}
