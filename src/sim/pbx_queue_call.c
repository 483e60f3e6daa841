/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Queue() application (fixture 05b): joining, ringing members (Local or PJSIP) with
 * timeouts and retries, the answer and the bridge, the end of the call, abandons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

enum { DP_NEXT = -1, DP_BLOCK = -3 };
enum { QUEUE_START = 0, QUEUE_TIMEOUT = 1, QUEUE_BRIDGED = 2 };

/* ---- calling a member ---- */

static void member_timeout_job(struct sim_pbx *p, uint32_t h, uint32_t attempt);
static void retry_job(struct sim_pbx *p, uint32_t h, uint32_t attempt);

static bool member_available(const struct pbx_member *m)
{
	return !m->paused && !m->incall && !m->ringing && m->status != PBX_DEV_INUSE &&
	       m->status != PBX_DEV_UNAVAILABLE && m->status != PBX_DEV_INVALID;
}

static struct pbx_chan *call_local_member(struct sim_pbx *p, struct pbx_chan *x,
					  struct pbx_queue *q, struct pbx_member *m)
{
	char number[PBX_FIELD_MAX];
	PBX_SET(number, m->interface + 6); /* after "Local/" */
	struct pbx_local_spec ls;
	struct pbx_chan *d1 = pbx_local_dial(p, number, x->linkedid, &ls);
	if (!d1)
		return NULL;
	struct pbx_chan *d2 = d1->pair;
	PBX_SET(d1->cid_num, x->cid_num);
	PBX_SET(d1->cid_name, x->cid_name);
	PBX_SET(d1->appl, "AppQueue");
	PBX_SET(d1->data, "(Outgoing Line)");
	pbx_ev_newexten(p, d1);
	pbx_ev_newcallerid(p, d1);
	pbx_setvar(p, d1, "DIALEDPEERNUMBER", number);
	pbx_setvar(p, d2, "DIALEDPEERNUMBER", number);
	PBX_SET(d1->dial_number, number);
	PBX_SET(d2->cid_num, x->cid_num);
	PBX_SET(d2->cid_name, x->cid_name);
	PBX_SET(d2->con_num, x->cid_num);
	PBX_SET(d2->con_name, x->cid_name);
	pbx_ev_newcallerid(p, d2);
	pbx_ev_chan(p, "NewConnectedLine", d2);
	pbx_ev_local_bridge(p, d1, d2, d2->context, d2->exten, !ls.slash_n);
	/* AgentCalled already sees ;1 in the caller's place; DialBegin an older snapshot */
	char oldexten[PBX_FIELD_MAX];
	PBX_SET(oldexten, d1->exten);
	PBX_SET(d1->exten, x->exten);
	PBX_SET(d1->con_num, x->cid_num);
	PBX_SET(d1->con_name, x->cid_name);
	pbx_queue_ev_agent(p, x, d1, q, m);
	pbx_ev_send(p, AMI_PERM_AGENT, "AgentCalled");
	struct pbx_chan snap = *d1;
	PBX_SET(snap.exten, oldexten);
	snap.con_num[0] = snap.con_name[0] = '\0';
	pbx_ev_dial_begin(p, x, &snap, m->interface);
	return d1;
}

static struct pbx_chan *call_pjsip_member(struct sim_pbx *p, struct pbx_chan *x,
					  struct pbx_queue *q, struct pbx_member *m)
{
	const char *ep = m->interface + 6; /* after "PJSIP/" */
	if (!pbx_traffic_endpoint(p, ep, NULL))
		return NULL;
	char name[PBX_NAME_MAX];
	int n = snprintf(name, sizeof(name), "%s-%08x", m->interface, p->pjsip_seq++);
	if (n < 0 || (size_t)n >= sizeof name)
		return NULL; /* an interface name too long for a channel name */
	struct pbx_chan *d = pbx_chan_new(p, name, "PJSIP", m->interface, PBX_STATE_DOWN,
					  "from-internal", "s", x->linkedid);
	if (!d)
		return NULL;
	pbx_ev_chan(p, "Newchannel", d);
	PBX_SET(d->cid_num, x->cid_num);
	PBX_SET(d->cid_name, x->cid_name);
	PBX_SET(d->appl, "AppQueue");
	PBX_SET(d->data, "(Outgoing Line)");
	pbx_ev_newexten(p, d);
	pbx_ev_newcallerid(p, d);
	pbx_setvar(p, d, "DIALEDPEERNUMBER", ep);
	PBX_SET(d->dial_number, ep);
	PBX_SET(d->exten, x->exten);
	PBX_SET(d->context, x->context);
	PBX_SET(d->con_num, x->cid_num);
	PBX_SET(d->con_name, x->cid_name);
	pbx_queue_ev_agent(p, x, d, q, m);
	pbx_ev_send(p, AMI_PERM_AGENT, "AgentCalled");
	pbx_ev_dial_begin(p, x, d, m->interface);
	return d;
}

static void ring_member(struct sim_pbx *p, struct pbx_chan *x)
{
	struct pbx_queue *q = x->queue;
	if (!q || x->dialed)
		return;
	x->step++;
	int idx = -1;
	for (unsigned i = 0; i < q->nmember; i++) {
		/* rrmemory for the traffic queue, ringall (first free) for the fixtures' */
		unsigned k = (i + (strcmp(q->strategy, "ringall") ? x->step : 0)) % q->nmember;
		if (member_available(&q->member[k])) {
			idx = (int)k;
			break;
		}
	}
	if (idx < 0) {
		pbx_after(p, (uint64_t)q->retry_s * 1000, retry_job, x->handle, x->step);
		return;
	}
	struct pbx_member *m = &q->member[idx];
	bool local = !strncmp(m->interface, "Local/", 6);
	struct pbx_chan *d = local ? call_local_member(p, x, q, m) : call_pjsip_member(p, x, q, m);
	if (!d) {
		pbx_after(p, (uint64_t)q->retry_s * 1000, retry_job, x->handle, x->step);
		return;
	}
	d->role = PBX_ROLE_QUEUE;
	d->dialer = x;
	d->own_cdr = false;
	d->member = idx;
	d->mqueue = q;
	x->dialed = d;
	m->ringing = true;
	pbx_after(p, (uint64_t)q->timeout_s * 1000, member_timeout_job, x->handle, x->step);
	if (local) {
		struct pbx_chan *d2 = d->pair;
		char ctx[PBX_FIELD_MAX], ext[PBX_FIELD_MAX];
		PBX_SET(ctx, d2->context);
		PBX_SET(ext, d2->exten);
		pbx_dp_start(p, d2, ctx, ext, 1);
	} else {
		pbx_dial_schedule(p, d);
	}
}

static void retry_job(struct sim_pbx *p, uint32_t h, uint32_t attempt)
{
	struct pbx_chan *x = pbx_chan_get(p, h);
	if (!x || !x->queue || x->step != attempt)
		return;
	ring_member(p, x);
}

/* Hang up the member channel being rung (no answer in time, caller gone). */
static void drop_member_call(struct sim_pbx *p, struct pbx_chan *x, const char *status)
{
	struct pbx_chan *d = x->dialed;
	if (!d)
		return;
	struct pbx_queue *q = NULL;
	struct pbx_member *m = pbx_queue_member_of(d, &q);
	if (m)
		m->ringing = false;
	x->dialed = NULL;
	d->dialer = NULL;
	pbx_ev_dial_end(p, x, d, status);
	if (d->half == 1 && d->pair && !d->pair->dead) {
		struct pbx_chan *d2 = d->pair;
		pbx_hangup_request(p, d2, 16);
		pbx_chan_gone(p, d, 16);
		pbx_notinuse_defer(p, d);
		pbx_notinuse_flush(p);
		pbx_dp_interrupt(p, d2);
	} else {
		pbx_chan_gone(p, d, 16);
		pbx_notinuse_defer(p, d);
		pbx_notinuse_flush(p);
	}
	/* the member's device is free again (once its far half has gone too) */
	char dev[PBX_NAME_MAX];
	PBX_SET(dev, d->device);
	bool busy = false;
	for (struct pbx_chan *c = p->live_head; c; c = c->next_live)
		busy = busy || !strcmp(c->device, dev);
	if (!busy) {
		pbx_queue_device(p, dev, PBX_DEV_NOT_INUSE);
		pbx_queue_avail_flush(p);
	}
}

static void member_timeout_job(struct sim_pbx *p, uint32_t h, uint32_t attempt)
{
	struct pbx_chan *x = pbx_chan_get(p, h);
	if (!x || !x->queue || x->step != attempt || !x->dialed || x->bridge)
		return;
	struct pbx_chan *d = x->dialed;
	struct pbx_queue *q = NULL;
	struct pbx_member *m = pbx_queue_member_of(d, &q);
	if (m && q) {
		pbx_queue_ev_agent(p, x, d, q, m);
		pbx_ev_kvf(p, "RingTime", "%d", q->timeout_s);
		pbx_ev_send(p, AMI_PERM_AGENT, "AgentRingNoAnswer");
	}
	drop_member_call(p, x, "NOANSWER");
	if (q)
		pbx_after(p, (uint64_t)q->retry_s * 1000, retry_job, x->handle, x->step);
}

int pbx_app_queue(struct sim_pbx *p, struct pbx_chan *x, int phase)
{
	if (phase >= QUEUE_BRIDGED)
		return DP_BLOCK;
	if (phase == QUEUE_TIMEOUT) {
		struct pbx_queue *q = x->queue;
		if (!q)
			return DP_NEXT;
		drop_member_call(p, x, "CANCEL");
		pbx_ev_moh(p, x, false);
		unsigned pos = pbx_queue_remove_caller(p, q, x);
		pbx_queue_ev_caller(p, "QueueCallerLeave", x, q, pos, q->ncaller);
		pbx_setvar(p, x, "QUEUESTATUS", "TIMEOUT");
		return DP_NEXT;
	}
	char buf[PBX_DATA_MAX];
	PBX_SET(buf, x->data);
	char *args[6] = { buf };
	unsigned na = 1;
	for (char *s = buf; *s && na < 6; s++) {
		if (*s == ',') {
			*s = '\0';
			args[na++] = s + 1;
		}
	}
	struct pbx_queue *q = pbx_queue_find(p, args[0]);
	if (!q) {
		pbx_setvar(p, x, "QUEUESTATUS", "UNKNOWN");
		return DP_NEXT;
	}
	int timeout_s = na > 4 ? atoi(args[4]) : 0;
	static const char *const vars[] = { "ANSWEREDTIME",  "ANSWEREDTIME_MS", "DIALEDTIME",
					    "DIALEDTIME_MS", "QUEUEWAIT",	"QUEUEWAIT_MS" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		pbx_setvar(p, x, vars[i], "");
	if (q->ncaller >= sizeof(q->caller) / sizeof(q->caller[0])) {
		pbx_setvar(p, x, "QUEUESTATUS", "FULL");
		return DP_NEXT;
	}
	if (!q->ncaller) {
		char dev[PBX_NAME_MAX];
		snprintf(dev, sizeof(dev), "Queue:%s", q->name);
		pbx_ev_devstate(p, dev, PBX_DEV_RINGING);
	}
	q->caller[q->ncaller++] = x;
	x->queue = q;
	x->queue_join_ms = pbx_now(p);
	x->queue_pos = q->ncaller;
	x->step = 0;
	pbx_queue_ev_caller(p, "QueueCallerJoin", x, q, q->ncaller, q->ncaller);
	pbx_ev_moh(p, x, true);
	ring_member(p, x);
	if (x->dead || x->phase >= QUEUE_BRIDGED)
		return DP_BLOCK;
	return timeout_s > 0 ? timeout_s * 1000 : DP_BLOCK;
}

/* A member's Local channel rings (800's Ringing()): the Local device is in use. */
void pbx_queue_member_ringing(struct sim_pbx *p, struct pbx_chan *d1)
{
	pbx_chan_state(p, d1, PBX_STATE_RINGING);
	pbx_chan_inuse(p, d1);
	pbx_queue_device(p, d1->device, PBX_DEV_INUSE);
	pbx_queue_avail_flush(p);
}

/* The member answered (05b): the caller leaves the queue and is bridged to it. */
void pbx_queue_member_answered(struct sim_pbx *p, struct pbx_chan *d)
{
	struct pbx_chan *x = d->dialer;
	struct pbx_queue *q = NULL;
	struct pbx_member *m = pbx_queue_member_of(d, &q);
	if (!x || x->dead || !q || !m)
		return;
	struct pbx_chan *d2 = d->half == 1 ? d->pair : NULL;
	if (d2) {
		pbx_queue_device(p, d2->device, PBX_DEV_INUSE);
		pbx_chan_inuse(p, d2);
		pbx_chan_answer(p, d);
		PBX_SET(d->appl, "AppQueue");
		PBX_SET(d->data, "(Outgoing Line)");
		pbx_ev_newexten(p, d);
		pbx_ev_chan(p, "NewConnectedLine", d);
	} else {
		pbx_chan_answer(p, d);
		pbx_chan_inuse(p, d);
		pbx_queue_device(p, d->device, PBX_DEV_INUSE);
	}
	m->ringing = false;
	pbx_ev_dial_end(p, x, d, "ANSWER");
	pbx_ev_moh(p, x, false);
	uint64_t now = pbx_now(p);
	uint64_t wait_ms = now - x->queue_join_ms;
	unsigned pos = pbx_queue_remove_caller(p, q, x);
	pbx_queue_ev_caller(p, "QueueCallerLeave", x, q, pos, q->ncaller);
	char v[32];
	snprintf(v, sizeof(v), "%u", pos);
	pbx_setvar(p, x, "QUEUEPOSITION", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)(wait_ms / 1000));
	pbx_setvar(p, x, "QUEUEWAIT", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)wait_ms);
	pbx_setvar(p, x, "QUEUEWAIT_MS", v);
	pbx_queue_ev_agent(p, x, d, q, m);
	pbx_ev_kvf(p, "HoldTime", "%llu", (unsigned long long)(wait_ms / 1000));
	pbx_ev_kvf(p, "RingTime", "%llu", (unsigned long long)((now - d->created_ms) / 1000));
	pbx_ev_send(p, AMI_PERM_AGENT, "AgentConnect");
	if (d2)
		pbx_chan_inuse(p, d);
	struct pbx_bridge *b = pbx_bridge_new(p);
	pbx_bridge_enter(p, b, d);
	pbx_bridge_enter(p, b, x);
	pbx_setvar(p, d, "BRIDGEPEER", x->name);
	pbx_setvar(p, x, "BRIDGEPEER", d->name);
	PBX_SET(x->cdr_dstchan, d->name);
	x->token++;
	x->phase = QUEUE_BRIDGED;
	x->queue_join_ms = wait_ms; /* kept as the hold time for AgentComplete */
	m->incall = true;
	q->holdtime =
	    (q->holdtime * q->completed + (unsigned)(wait_ms / 1000)) / (q->completed + 1);
	x->mqueue = q;
	x->member = (int)(m - q->member);
}

/* The bridged member hung up (05b): AgentComplete, the caller's Queue() returns and it ends. */
void pbx_queue_agent_gone(struct sim_pbx *p, struct pbx_chan *x, struct pbx_chan *d1,
			  struct pbx_chan *d2)
{
	struct pbx_queue *q = NULL;
	struct pbx_member *m = pbx_queue_member_of(d1, &q);
	struct pbx_bridge *b = d1->bridge;
	if (!x || x->dead || !b) {
		if (b)
			pbx_bridge_leave(p, d1);
		pbx_chan_gone(p, d1, 16);
		pbx_notinuse_defer(p, d1);
		pbx_notinuse_flush(p);
		if (b && !b->nchan)
			pbx_bridge_destroy(p, b);
		return;
	}
	uint64_t talk = d1->answered_ms ? (pbx_now(p) - d1->answered_ms) / 1000 : 0;
	if (q && m) {
		pbx_queue_ev_agent(p, x, d1, q, m);
		pbx_ev_kvf(p, "HoldTime", "%llu", (unsigned long long)(x->queue_join_ms / 1000));
		pbx_ev_kvf(p, "TalkTime", "%llu", (unsigned long long)talk);
		pbx_ev_kv(p, "Reason", "agent");
		pbx_ev_send(p, AMI_PERM_AGENT, "AgentComplete");
	}
	pbx_setvar(p, d1, "BRIDGEPEER", "");
	pbx_setvar(p, x, "BRIDGEPEER", "");
	pbx_bridge_leave(p, d1);
	pbx_chan_gone(p, d1, 16);
	pbx_notinuse_defer(p, d1);
	pbx_chan_cdr(p, x);
	if (x->half == 2 && x->pair)
		pbx_chan_cdr(p, x->pair);
	pbx_bridge_leave(p, x);
	pbx_set_dial_times(p, x, d1);
	if (q && m) {
		m->calls++;
		m->lastcall = pbx_wall_s(p);
		m->incall = false;
		q->talktime = (q->talktime * q->completed + (unsigned)talk) / (q->completed + 1);
		q->completed++;
		if (x->queue_join_ms / 1000 <= (uint64_t)q->servicelevel || !q->servicelevel)
			q->completed_in_sl++;
	}
	x->dialed = NULL;
	x->softhangup = true;
	x->shr_wanted = true;
	x->token++;
	x->run = PBX_RUN_NONE;
	if (x->half == 2 && x->pair && !x->pair->dead) {
		pbx_local_end2(p, x, PBX_END_CDR_DONE, b);
	} else {
		pbx_bridge_destroy(p, b);
		pbx_chan_end(p, x, 16);
	}
	pbx_notinuse_flush(p);
	if (d2)
		pbx_queue_device(p, d2->device, PBX_DEV_NOT_INUSE);
	else
		pbx_queue_device(p, d1->device, PBX_DEV_NOT_INUSE);
	pbx_queue_avail_flush(p);
}

void pbx_queue_caller_gone(struct sim_pbx *p, struct pbx_chan *x)
{
	struct pbx_queue *q = x->queue;
	if (!q)
		return;
	drop_member_call(p, x, "CANCEL");
	pbx_ev_moh(p, x, false);
	unsigned opos = x->queue_pos;
	unsigned pos = pbx_queue_remove_caller(p, q, x);
	uint64_t wait = (pbx_now(p) - x->queue_join_ms) / 1000;
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", x);
	pbx_ev_kv(p, "Queue", q->name);
	pbx_ev_kvf(p, "Position", "%u", pos);
	pbx_ev_kvf(p, "OriginalPosition", "%u", opos);
	pbx_ev_kvf(p, "HoldTime", "%llu", (unsigned long long)wait);
	pbx_ev_send(p, AMI_PERM_AGENT, "QueueCallerAbandon");
	pbx_queue_ev_caller(p, "QueueCallerLeave", x, q, pos, q->ncaller);
	q->abandoned++;
}

void pbx_queue_member_busy(struct sim_pbx *p, struct pbx_chan *d)
{
	struct pbx_chan *x = d->dialer;
	struct pbx_queue *q = d->mqueue;
	if (!x || x->dialed != d) {
		pbx_chan_gone(p, d, 17);
		return;
	}
	d->cause = 17;
	drop_member_call(p, x, "BUSY");
	if (q && x->queue)
		pbx_after(p, (uint64_t)q->retry_s * 1000, retry_job, x->handle, x->step);
}

/* A caller talking to an agent hung up (generated traffic). */
void pbx_queue_caller_left_bridge(struct sim_pbx *p, struct pbx_chan *x, int cause)
{
	struct pbx_chan *d = x->dialed;
	struct pbx_queue *q = NULL;
	struct pbx_member *m = d ? pbx_queue_member_of(d, &q) : NULL;
	struct pbx_bridge *b = x->bridge;
	uint64_t talk = d && d->answered_ms ? (pbx_now(p) - d->answered_ms) / 1000 : 0;
	if (d && q && m) {
		pbx_queue_ev_agent(p, x, d, q, m);
		pbx_ev_kvf(p, "HoldTime", "%llu", (unsigned long long)(x->queue_join_ms / 1000));
		pbx_ev_kvf(p, "TalkTime", "%llu", (unsigned long long)talk);
		pbx_ev_kv(p, "Reason", "caller");
		pbx_ev_send(p, AMI_PERM_AGENT, "AgentComplete");
		m->calls++;
		m->lastcall = pbx_wall_s(p);
		m->incall = false;
		q->talktime = (q->talktime * q->completed + (unsigned)talk) / (q->completed + 1);
		q->completed++;
		q->completed_in_sl++;
	}
	if (d) {
		pbx_setvar(p, d, "BRIDGEPEER", "");
		pbx_setvar(p, x, "BRIDGEPEER", "");
	}
	pbx_bridge_leave(p, x);
	if (d) {
		pbx_bridge_leave(p, d);
		pbx_chan_gone(p, d, cause);
		pbx_notinuse_defer(p, d);
	}
	if (b)
		pbx_bridge_destroy(p, b);
	pbx_set_dial_times(p, x, d);
	x->dialed = NULL;
	x->token++;
	x->run = PBX_RUN_NONE;
	pbx_chan_gone(p, x, cause);
	pbx_chan_cdr(p, x);
	pbx_notinuse_defer(p, x);
	pbx_notinuse_flush(p);
	if (d)
		pbx_queue_device(p, d->device, PBX_DEV_NOT_INUSE);
	pbx_queue_avail_flush(p);
}
