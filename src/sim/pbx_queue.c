/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Queues as app_queue keeps them: testq and holdq of the fixtures' queues.conf, members and
 * their state (QueueMemberStatus, Queue:<name>_avail), the waiting list, caller/agent events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

struct pbx_queue *pbx_queue_find(struct sim_pbx *p, const char *name)
{
	for (unsigned i = 0; i < p->nqueue; i++)
		if (!strcmp(p->queues[i]->name, name))
			return p->queues[i];
	return NULL;
}

struct pbx_queue *pbx_queue_add(struct sim_pbx *p, const char *name, int timeout_s)
{
	struct pbx_queue *q = pbx_queue_find(p, name);
	if (q)
		return q;
	if (p->nqueue >= PBX_QUEUES_MAX || !(q = calloc(1, sizeof(*q))))
		return NULL;
	/* kept sorted by name: QueueStatus lists holdq before testq */
	unsigned at = p->nqueue;
	while (at > 0 && strcmp(p->queues[at - 1]->name, name) > 0) {
		p->queues[at] = p->queues[at - 1];
		at--;
	}
	p->queues[at] = q;
	p->nqueue++;
	PBX_SET(q->name, name);
	PBX_SET(q->strategy, "ringall");
	q->timeout_s = timeout_s;
	q->retry_s = 1;
	q->avail = PBX_DEV_UNKNOWN;
	q->avail_pending = PBX_DEV_UNKNOWN;
	return q;
}

/* "Local/400@test/n" is watched as the device "Local/400@test". */
static void member_device(const struct pbx_member *m, char *dev, size_t cap)
{
	pbx_set_str(dev, cap, m->state_if);
	size_t n = strlen(dev);
	if (n > 2 && !strcmp(dev + n - 2, "/n"))
		dev[n - 2] = '\0';
}

static void ev_member_status(struct sim_pbx *p, const struct pbx_queue *q,
			     const struct pbx_member *m, const char *event, bool ringinuse)
{
	pbx_ev_begin(p);
	pbx_ev_kv(p, "Queue", q->name);
	pbx_ev_kv(p, "MemberName", m->name);
	pbx_ev_kv(p, "Interface", m->interface);
	pbx_ev_kv(p, "StateInterface", m->state_if);
	pbx_ev_kv(p, "Membership", m->dynamic ? "dynamic" : "static");
	pbx_ev_kvf(p, "Penalty", "%d", m->penalty);
	pbx_ev_kvf(p, "CallsTaken", "%u", m->calls);
	pbx_ev_kvf(p, "LastCall", "%llu", (unsigned long long)m->lastcall);
	pbx_ev_kvf(p, "LastPause", "%llu", (unsigned long long)m->lastpause);
	pbx_ev_kvf(p, "LoginTime", "%llu", (unsigned long long)m->logintime);
	pbx_ev_kvf(p, "InCall", "%d", m->incall ? 1 : 0);
	pbx_ev_kvf(p, "Status", "%d", (int)m->status);
	pbx_ev_kvf(p, "Paused", "%d", m->paused ? 1 : 0);
	pbx_ev_kv(p, "PausedReason", m->paused_reason);
	if (ringinuse)
		pbx_ev_kv(p, "Ringinuse", "0");
	pbx_ev_kv(p, "Wrapuptime", "0");
	pbx_ev_send(p, AMI_PERM_AGENT, event);
}

bool pbx_queue_member_add(struct sim_pbx *p, struct pbx_queue *q, const char *iface,
			  const char *name, bool dynamic, bool emit)
{
	if (q->nmember >= PBX_MEMBERS_MAX)
		return false;
	struct pbx_member *m = &q->member[q->nmember++];
	memset(m, 0, sizeof(*m));
	PBX_SET(m->interface, iface);
	PBX_SET(m->state_if, iface);
	PBX_SET(m->name, name && *name ? name : iface);
	m->dynamic = dynamic;
	m->logintime = pbx_wall_s(p);
	m->status = PBX_DEV_NOT_INUSE;
	if (emit)
		ev_member_status(p, q, m, "QueueMemberAdded", true);
	return true;
}

void pbx_queues_init(struct sim_pbx *p)
{
	struct pbx_queue *q = pbx_queue_add(p, "testq", 5);
	if (q)
		pbx_queue_member_add(p, q, "Local/400@test/n", "Agent400", false, false);
	q = pbx_queue_add(p, "holdq", 4);
	if (q)
		pbx_queue_member_add(p, q, "Local/800@test/n", "Agent800", false, false);
}

void pbx_queues_free(struct sim_pbx *p)
{
	for (unsigned i = 0; i < p->nqueue; i++)
		free(p->queues[i]);
	p->nqueue = 0;
}

/* ---- events with a caller block ---- */

void pbx_queue_ev_caller(struct sim_pbx *p, const char *event, const struct pbx_chan *x,
			 const struct pbx_queue *q, unsigned pos, unsigned count)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", x);
	pbx_ev_kv(p, "Queue", q->name);
	pbx_ev_kvf(p, "Position", "%u", pos);
	pbx_ev_kvf(p, "Count", "%u", count);
	pbx_ev_send(p, AMI_PERM_AGENT, event);
}

void pbx_queue_ev_agent(struct sim_pbx *p, const struct pbx_chan *x, const struct pbx_chan *d,
			const struct pbx_queue *q, const struct pbx_member *m)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", x);
	pbx_ev_chanblock(p, "Dest", d);
	pbx_ev_kv(p, "Queue", q->name);
	pbx_ev_kv(p, "Interface", m->interface);
	pbx_ev_kv(p, "MemberName", m->name);
}

static unsigned caller_pos(const struct pbx_queue *q, const struct pbx_chan *x)
{
	for (unsigned i = 0; i < q->ncaller; i++)
		if (q->caller[i] == x)
			return i + 1;
	return 0;
}

/* Take x out of the queue's waiting list; Queue:<name> goes NOT_INUSE when empty. */
unsigned pbx_queue_remove_caller(struct sim_pbx *p, struct pbx_queue *q, struct pbx_chan *x)
{
	unsigned pos = caller_pos(q, x);
	if (!pos)
		return 0;
	memmove(&q->caller[pos - 1], &q->caller[pos], (q->ncaller - pos) * sizeof(q->caller[0]));
	q->ncaller--;
	x->queue = NULL;
	if (!q->ncaller) {
		char dev[PBX_NAME_MAX];
		snprintf(dev, sizeof(dev), "Queue:%s", q->name);
		pbx_ev_devstate(p, dev, PBX_DEV_NOT_INUSE);
	}
	return pos;
}

struct pbx_member *pbx_queue_member_of(const struct pbx_chan *d, struct pbx_queue **qout)
{
	struct pbx_queue *q = d->mqueue;
	if (qout)
		*qout = q;
	if (!q || d->member < 0 || (unsigned)d->member >= q->nmember)
		return NULL;
	return &q->member[d->member];
}

static void member_set(struct sim_pbx *p, struct pbx_queue *q, struct pbx_member *m,
		       enum pbx_devstate st, bool suppress_avail)
{
	if (m->status == st)
		return;
	m->status = st;
	ev_member_status(p, q, m, "QueueMemberStatus", true);
	if (suppress_avail)
		return;
	/* Queue:<name>_avail: INUSE when no member is free */
	bool any_free = false;
	for (unsigned i = 0; i < q->nmember; i++)
		if (q->member[i].status == PBX_DEV_NOT_INUSE && !q->member[i].paused)
			any_free = true;
	q->avail_pending = any_free ? PBX_DEV_NOT_INUSE : PBX_DEV_INUSE;
}

void pbx_queue_device(struct sim_pbx *p, const char *device, enum pbx_devstate st)
{
	char dev[PBX_NAME_MAX];
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		for (unsigned k = 0; k < q->nmember; k++) {
			member_device(&q->member[k], dev, sizeof(dev));
			if (!strcmp(dev, device))
				member_set(p, q, &q->member[k], st, q->member[k].ringing);
		}
	}
}

void pbx_queue_avail_flush(struct sim_pbx *p)
{
	char dev[PBX_NAME_MAX];
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		if (q->avail_pending == PBX_DEV_UNKNOWN)
			continue;
		enum pbx_devstate st = q->avail_pending;
		q->avail_pending = PBX_DEV_UNKNOWN;
		if (st == q->avail)
			continue;
		q->avail = st;
		snprintf(dev, sizeof(dev), "Queue:%s_avail", q->name);
		pbx_ev_devstate(p, dev, st);
	}
}

void pbx_queue_forget(struct sim_pbx *p, struct pbx_chan *c)
{
	(void)p;
	struct pbx_queue *q = c->queue;
	unsigned pos = caller_pos(q, c);
	if (pos) {
		memmove(&q->caller[pos - 1], &q->caller[pos],
			(q->ncaller - pos) * sizeof(q->caller[0]));
		q->ncaller--;
	}
	c->queue = NULL;
}
