/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Dial(): calling a Local or PJSIP destination, the answer and the bridge, the end of the
 * bridge (fixture 05c), busy/no answer/cancel; PJSIP endpoints as Originate targets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

/* Dial()'s application phases (see pbx_dialplan.c for the return values). */
enum { DIAL_START = 0, DIAL_TIMEOUT = 1, DIAL_BRIDGED = 2 };
enum { DP_NEXT = -1, DP_BLOCK = -3 };

static const char *const dial_vars[] = {
	"DIALSTATUS",	   "DIALEDPEERNUMBER", "DIALEDPEERNAME",  "ANSWEREDTIME",
	"ANSWEREDTIME_MS", "DIALEDTIME",       "DIALEDTIME_MS",	  "RINGTIME",
	"RINGTIME_MS",	   "PROGRESSTIME",     "PROGRESSTIME_MS",
};

static void dial_job_ring(struct sim_pbx *p, uint32_t h, uint32_t unused);
static void dial_job_answer(struct sim_pbx *p, uint32_t h, uint32_t unused);
static void dial_job_busy(struct sim_pbx *p, uint32_t h, uint32_t unused);

/* The outgoing channel of X's Dial() as app_dial prepares it (05c). */
static void prepare_outgoing(struct sim_pbx *p, struct pbx_chan *x, struct pbx_chan *d,
			     const char *number)
{
	d->role = PBX_ROLE_DIAL;
	d->dialer = x;
	d->own_cdr = false;
	x->dialed = d;
	PBX_SET(d->dial_number, number);
	pbx_setvar(p, d, "DIALEDPEERNUMBER", number);
	PBX_SET(d->cid_num, x->exten);
	PBX_SET(d->cid_name, x->cid_name);
	PBX_SET(d->con_num, x->cid_num);
	PBX_SET(d->con_name, x->cid_name);
	PBX_SET(d->context, x->context);
	PBX_SET(d->exten, x->exten);
	PBX_SET(d->appl, "AppDial");
	PBX_SET(d->data, "(Outgoing Line)");
	pbx_ev_newexten(p, d);
	pbx_ev_newcallerid(p, d);
	pbx_ev_chan(p, "NewConnectedLine", d);
}

static bool dial_local(struct sim_pbx *p, struct pbx_chan *x, const char *res)
{
	char number[PBX_FIELD_MAX];
	PBX_SET(number, res);
	struct pbx_local_spec ls;
	struct pbx_chan *d1 = pbx_local_dial(p, res, x->linkedid, &ls);
	if (!d1)
		return false;
	struct pbx_chan *d2 = d1->pair;
	prepare_outgoing(p, x, d1, number);
	pbx_setvar(p, d2, "DIALEDPEERNUMBER", number);
	PBX_SET(d2->cid_num, x->cid_num);
	PBX_SET(d2->cid_name, x->cid_name);
	PBX_SET(d2->con_num, d1->cid_num);
	PBX_SET(d2->con_name, d1->cid_name);
	pbx_ev_newcallerid(p, d2);
	pbx_ev_chan(p, "NewConnectedLine", d2);
	pbx_ev_local_bridge(p, d1, d2, d2->context, d2->exten, !ls.slash_n);
	pbx_ev_dial_begin(p, x, d1, number);
	if (!pbx_dp_exists(ls.context, ls.exten, 1)) {
		pbx_hangup_request(p, d2, 16);
		return true; /* answers nothing; the timeout ends it */
	}
	pbx_dp_start(p, d2, ls.context, ls.exten, 1);
	return true;
}

static struct pbx_chan *pjsip_new(struct sim_pbx *p, const char *ep, const char *linkedid)
{
	char name[PBX_NAME_MAX], dev[PBX_NAME_MAX];
	snprintf(dev, sizeof(dev), "PJSIP/%.100s", ep);
	snprintf(name, sizeof(name), "%.100s-%08x", dev, p->pjsip_seq++);
	return pbx_chan_new(p, name, "PJSIP", dev, PBX_STATE_DOWN, "from-internal", "s", linkedid);
}

static void endpoint_hangup_job(struct sim_pbx *p, uint32_t h, uint32_t unused)
{
	(void)unused;
	struct pbx_chan *d = pbx_chan_get(p, h);
	if (d)
		pbx_remote_hangup(p, d, 16);
}

/*
 * What a dialed PJSIP endpoint does: the traffic generator decides for its own calls;
 * otherwise the phone rings, answers after 2 s, and its user hangs up within a minute.
 */
void pbx_dial_schedule(struct sim_pbx *p, struct pbx_chan *d)
{
	d->answer_after_ms = 2000;
	bool planned = pbx_traffic_dialed(p, d);
	if (d->busy) {
		pbx_after(p, 300, dial_job_busy, d->handle, 0);
		return;
	}
	pbx_after(p, 120, dial_job_ring, d->handle, 0);
	if (d->answer_after_ms < 0)
		return;
	pbx_after(p, (uint64_t)d->answer_after_ms, dial_job_answer, d->handle, 0);
	if (!planned)
		pbx_after(p, (uint64_t)d->answer_after_ms + pbx_rand_range(&p->rng, 20000, 60000),
			  endpoint_hangup_job, d->handle, 0);
}

static bool dial_pjsip(struct sim_pbx *p, struct pbx_chan *x, const char *ep)
{
	if (!pbx_traffic_endpoint(p, ep, NULL))
		return false;
	struct pbx_chan *d = pjsip_new(p, ep, x->linkedid);
	if (!d)
		return false;
	pbx_ev_chan(p, "Newchannel", d);
	prepare_outgoing(p, x, d, ep);
	pbx_ev_dial_begin(p, x, d, ep);
	pbx_dial_schedule(p, d);
	return true;
}

int pbx_app_dial(struct sim_pbx *p, struct pbx_chan *x, int phase)
{
	if (phase == DIAL_TIMEOUT) {
		if (x->dialed)
			pbx_dial_cancel(p, x, "NOANSWER");
		return DP_NEXT;
	}
	if (phase >= DIAL_BRIDGED)
		return DP_BLOCK;
	for (size_t i = 0; i < sizeof(dial_vars) / sizeof(dial_vars[0]); i++)
		pbx_setvar(p, x, dial_vars[i], "");
	char buf[PBX_DATA_MAX];
	PBX_SET(buf, x->data);
	char *comma = strchr(buf, ',');
	int timeout_s = 0;
	if (comma) {
		*comma = '\0';
		timeout_s = atoi(comma + 1);
	}
	char *slash = strchr(buf, '/');
	bool ok = false;
	if (slash) {
		*slash = '\0';
		if (!strcmp(buf, "Local"))
			ok = dial_local(p, x, slash + 1);
		else if (!strcmp(buf, "PJSIP"))
			ok = dial_pjsip(p, x, slash + 1);
	}
	if (!ok) {
		pbx_setvar(p, x, "DIALSTATUS", "CHANUNAVAIL");
		return DP_NEXT;
	}
	if (x->dead || x->softhangup)
		return DP_BLOCK;
	return timeout_s > 0 ? timeout_s * 1000 : DP_BLOCK;
}

static void ring_caller(struct sim_pbx *p, struct pbx_chan *x, struct pbx_chan *d)
{
	pbx_ev_dial_state(p, x, d, "RINGING");
	if (x->state == PBX_STATE_RING)
		pbx_chan_state(p, x, PBX_STATE_RINGING);
}

void pbx_dial_ringing(struct sim_pbx *p, struct pbx_chan *d)
{
	pbx_chan_state(p, d, PBX_STATE_RINGING);
	if (d->dialer)
		ring_caller(p, d->dialer, d);
}

static void dial_job_ring(struct sim_pbx *p, uint32_t h, uint32_t unused)
{
	(void)unused;
	struct pbx_chan *d = pbx_chan_get(p, h);
	if (!d || d->state != PBX_STATE_DOWN)
		return;
	pbx_chan_state(p, d, PBX_STATE_RINGING);
	pbx_ev_devstate(p, d->device, PBX_DEV_RINGING);
	if (d->role == PBX_ROLE_QUEUE)
		return;
	if (d->dialer)
		ring_caller(p, d->dialer, d);
	else if (d->call)
		pbx_ev_dial_state(p, NULL, d, "RINGING");
}

static void dial_job_busy(struct sim_pbx *p, uint32_t h, uint32_t unused)
{
	(void)unused;
	struct pbx_chan *d = pbx_chan_get(p, h);
	if (!d)
		return;
	if (d->call) {
		d->cause = 17;
		pbx_call_failed(p, d->call, NULL, 5);
		pbx_chan_gone(p, d, 17);
		return;
	}
	if (d->role == PBX_ROLE_QUEUE) {
		pbx_queue_member_busy(p, d);
		return;
	}
	struct pbx_chan *x = d->dialer;
	if (!x)
		return;
	d->cause = 17;
	pbx_dial_cancel(p, x, "BUSY");
	if (!x->dead && x->run != PBX_RUN_NONE)
		pbx_dp_next(p, x, 0);
}

static void originate_answered(struct sim_pbx *p, struct pbx_chan *d)
{
	pbx_chan_answer(p, d);
	pbx_chan_inuse(p, d);
	pbx_ev_dial_end(p, NULL, d, "ANSWER");
	pbx_call_answered(p, d->call, d);
	pbx_local_start_target(p, d);
}

static void dial_job_answer(struct sim_pbx *p, uint32_t h, uint32_t unused)
{
	(void)unused;
	struct pbx_chan *d = pbx_chan_get(p, h);
	if (!d || d->state == PBX_STATE_UP)
		return;
	if (d->call)
		originate_answered(p, d);
	else if (d->role == PBX_ROLE_QUEUE && d->dialer)
		pbx_queue_member_answered(p, d);
	else if (d->dialer)
		pbx_dial_answered(p, d);
}

void pbx_set_dial_times(struct sim_pbx *p, struct pbx_chan *x, const struct pbx_chan *d)
{
	char v[32];
	uint64_t now = pbx_now(p);
	uint64_t ans = d && d->answered_ms ? now - d->answered_ms : 0;
	uint64_t dialed = now - x->created_ms;
	snprintf(v, sizeof(v), "%llu", (unsigned long long)(ans / 1000));
	pbx_setvar(p, x, "ANSWEREDTIME", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)ans);
	pbx_setvar(p, x, "ANSWEREDTIME_MS", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)(dialed / 1000));
	pbx_setvar(p, x, "DIALEDTIME", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)dialed);
	pbx_setvar(p, x, "DIALEDTIME_MS", v);
}

void pbx_dial_answered(struct sim_pbx *p, struct pbx_chan *d)
{
	struct pbx_chan *x = d->dialer;
	if (!x || x->dead)
		return;
	struct pbx_chan *d2 = d->half == 1 ? d->pair : NULL;
	if (d2) {
		pbx_chan_inuse(p, d2);
		pbx_queue_device(p, d2->device, PBX_DEV_INUSE);
		pbx_chan_answer(p, d);
		pbx_queue_avail_flush(p);
		pbx_chan_inuse(p, d);
		d->exten[0] = '\0';
	} else {
		pbx_chan_answer(p, d);
		pbx_chan_inuse(p, d);
		pbx_queue_device(p, d->device, PBX_DEV_INUSE);
		pbx_queue_avail_flush(p);
	}
	pbx_setvar(p, x, "DIALSTATUS", "ANSWER");
	pbx_setvar(p, x, "DIALEDPEERNAME", d->name);
	pbx_setvar(p, x, "DIALEDPEERNUMBER", d->dial_number);
	pbx_ev_dial_end(p, x, d, "ANSWER");
	x->token++;
	x->phase = DIAL_BRIDGED;
	bool orig = x->half == 2 && x->pair && x->pair->call;
	if (x->state != PBX_STATE_UP) {
		pbx_chan_answer(p, x);
		if (orig)
			pbx_local_answered_by_dial(p, x, false);
		else if (!x->half)
			pbx_chan_inuse(p, x);
	}
	struct pbx_bridge *b = pbx_bridge_new(p);
	if (orig)
		pbx_local_answered_by_dial(p, x, true);
	if (d2)
		pbx_ev_newexten(p, d);
	pbx_bridge_enter(p, b, d);
	pbx_bridge_enter(p, b, x);
	pbx_setvar(p, d, "BRIDGEPEER", x->name);
	pbx_setvar(p, x, "BRIDGEPEER", d->name);
	PBX_SET(x->cdr_dstchan, d->name);
	if (orig)
		pbx_local_start_target(p, x->pair);
}

/* X's Dial() returns because the bridge ended: X hangs up (no 'g' option). */
static void dialer_ends(struct sim_pbx *p, struct pbx_chan *x)
{
	x->softhangup = true;
	x->shr_wanted = true;
	x->token++;
	x->run = PBX_RUN_NONE;
	if (x->half == 2 && x->pair && !x->pair->dead)
		pbx_local_end2(p, x, PBX_END_CDR_DONE, NULL);
	else if (x->half)
		pbx_local_finished(p, x);
	else
		pbx_chan_end(p, x, 16);
}

void pbx_dial_peer_gone(struct sim_pbx *p, struct pbx_chan *x, struct pbx_chan *d1,
			struct pbx_chan *d2)
{
	struct pbx_bridge *b = d1->bridge;
	if (!x || x->dead) {
		if (b)
			pbx_bridge_leave(p, d1);
		pbx_chan_gone(p, d1, 16);
		pbx_notinuse_defer(p, d1);
		pbx_notinuse_flush(p);
		if (b && !b->nchan)
			pbx_bridge_destroy(p, b);
		return;
	}
	if (!b) {
		/* it hung up before answering: Dial() goes on waiting until its timeout */
		pbx_chan_gone(p, d1, 16);
		pbx_notinuse_defer(p, d1);
		pbx_notinuse_flush(p);
		return;
	}
	pbx_setvar(p, d1, "BRIDGEPEER", "");
	pbx_setvar(p, x, "BRIDGEPEER", "");
	pbx_bridge_leave(p, d1);
	pbx_chan_gone(p, d1, 16);
	pbx_notinuse_defer(p, d1);
	pbx_bridge_leave(p, x);
	if (d2)
		pbx_chan_cdr(p, d2);
	pbx_chan_cdr(p, x);
	if (x->half == 2 && x->pair)
		pbx_chan_cdr(p, x->pair);
	pbx_notinuse_flush(p);
	pbx_queue_device(p, (d2 ? d2 : d1)->device, PBX_DEV_NOT_INUSE);
	pbx_queue_avail_flush(p);
	pbx_bridge_destroy(p, b);
	pbx_set_dial_times(p, x, d1);
	pbx_setvar(p, x, "DIALSTATUS", "ANSWER");
	x->dialed = NULL;
	dialer_ends(p, x);
}

void pbx_dial_cancel(struct sim_pbx *p, struct pbx_chan *x, const char *status)
{
	struct pbx_chan *d = x->dialed;
	if (!d)
		return;
	x->dialed = NULL;
	d->dialer = NULL;
	pbx_setvar(p, x, "DIALSTATUS", status);
	pbx_ev_dial_end(p, x, d, status);
	int cause = !strcmp(status, "BUSY") ? 17 : 16;
	if (d->half == 1 && d->pair && !d->pair->dead) {
		struct pbx_chan *d2 = d->pair;
		pbx_hangup_request(p, d2, cause);
		pbx_chan_gone(p, d, cause);
		pbx_notinuse_defer(p, d);
		pbx_notinuse_flush(p);
		pbx_dp_interrupt(p, d2);
		return;
	}
	pbx_chan_gone(p, d, cause);
	pbx_notinuse_defer(p, d);
	if (d->state == PBX_STATE_RINGING || d->state == PBX_STATE_BUSY)
		pbx_ev_devstate(p, d->device, PBX_DEV_NOT_INUSE);
	pbx_notinuse_flush(p);
}

/* A PJSIP (or any non-Local) channel's far end hung up. */
void pbx_remote_hangup(struct sim_pbx *p, struct pbx_chan *c, int cause)
{
	if (c->dead || c->softhangup)
		return;
	c->softhangup = true;
	pbx_ev_hangup_request(p, c, false, cause);
	struct pbx_chan *x = c->dialer;
	if (x && c->bridge) {
		/* the callee left the bridge */
		c->cause = cause;
		if (c->role == PBX_ROLE_QUEUE)
			pbx_queue_agent_gone(p, x, c, NULL);
		else
			pbx_dial_peer_gone(p, x, c, NULL);
		return;
	}
	if (x && c->role == PBX_ROLE_QUEUE) {
		pbx_queue_member_busy(p, c);
		return;
	}
	if (x) {
		/* rejected while ringing */
		c->cause = cause;
		pbx_dial_cancel(p, x, cause == 17 ? "BUSY" : "CONGESTION");
		if (!x->dead && x->run != PBX_RUN_NONE)
			pbx_dp_next(p, x, 0);
		return;
	}
	struct pbx_chan *d = c->dialed;
	if (d && c->bridge && d->role == PBX_ROLE_QUEUE) {
		pbx_queue_caller_left_bridge(p, c, cause);
		return;
	}
	if (d && c->bridge) {
		/* the caller left: its Dial() ends and hangs the callee up */
		pbx_setvar(p, d, "BRIDGEPEER", "");
		pbx_setvar(p, c, "BRIDGEPEER", "");
		struct pbx_bridge *b = c->bridge;
		pbx_bridge_leave(p, c);
		pbx_bridge_leave(p, d);
		pbx_chan_gone(p, d, cause);
		pbx_notinuse_defer(p, d);
		pbx_queue_device(p, d->device, PBX_DEV_NOT_INUSE);
		pbx_bridge_destroy(p, b);
		pbx_set_dial_times(p, c, d);
		c->dialed = NULL;
		c->token++;
		c->run = PBX_RUN_NONE;
		pbx_chan_gone(p, c, cause);
		pbx_chan_cdr(p, c);
		pbx_notinuse_defer(p, c);
		pbx_notinuse_flush(p);
		pbx_queue_avail_flush(p);
		return;
	}
	c->cause = cause;
	if (c->call) {
		pbx_call_failed(p, c->call, NULL, 1);
		pbx_chan_gone(p, c, cause);
		return;
	}
	c->shr_done = true; /* HangupRequest, not SoftHangupRequest */
	if (c->run != PBX_RUN_NONE)
		pbx_dp_interrupt(p, c);
	else
		pbx_chan_end(p, c, cause);
}

bool pbx_pjsip_originate(struct sim_pbx *p, struct pbx_call *call, const char *endpoint,
			 struct pbx_var *vars)
{
	const char *name = NULL;
	if (!pbx_traffic_endpoint(p, endpoint, &name))
		return false;
	struct pbx_chan *d = pjsip_new(p, endpoint, NULL);
	if (!d)
		return false;
	d->role = call->has_app ? PBX_ROLE_ORIG_APP : PBX_ROLE_ORIG_EXTEN;
	d->call = call;
	call->chan1 = d->handle;
	pbx_ev_chan(p, "Newchannel", d);
	for (struct pbx_var *v = vars; v; v = v->next)
		pbx_setvar(p, d, v->name, v->value);
	if (call->cid_num[0] || call->cid_name[0]) {
		PBX_SET(d->cid_num, call->cid_num);
		PBX_SET(d->cid_name, call->cid_name);
		pbx_ev_newcallerid(p, d);
		PBX_SET(d->con_num, call->cid_num);
		PBX_SET(d->con_name, call->cid_name);
		pbx_ev_chan(p, "NewConnectedLine", d);
	}
	pbx_ev_dial_begin(p, NULL, d, endpoint);
	pbx_call_arm(p, call);
	pbx_dial_schedule(p, d);
	return true;
}

void pbx_dial_dialer_left(struct sim_pbx *p, struct pbx_chan *x, int cause)
{
	struct pbx_chan *d = x->dialed;
	struct pbx_bridge *b = x->bridge;
	if (!d || !b)
		return;
	if (d->role == PBX_ROLE_QUEUE) {
		pbx_queue_caller_left_bridge(p, x, cause > 0 ? cause : 16);
		return;
	}
	pbx_setvar(p, d, "BRIDGEPEER", "");
	pbx_setvar(p, x, "BRIDGEPEER", "");
	pbx_bridge_leave(p, x);
	pbx_bridge_leave(p, d);
	x->dialed = NULL;
	d->dialer = NULL;
	if (d->half == 1 && d->pair && !d->pair->dead) {
		struct pbx_chan *d2 = d->pair;
		pbx_hangup_request(p, d2, 16);
		pbx_chan_gone(p, d, 16);
		pbx_notinuse_defer(p, d);
		pbx_dp_interrupt(p, d2);
	} else {
		pbx_chan_gone(p, d, 16);
		pbx_notinuse_defer(p, d);
		pbx_queue_device(p, d->device, PBX_DEV_NOT_INUSE);
	}
	pbx_bridge_destroy(p, b);
	pbx_set_dial_times(p, x, d);
	pbx_notinuse_flush(p);
	pbx_queue_avail_flush(p);
}

void pbx_dial_bridge_lost(struct sim_pbx *p, struct pbx_chan *x)
{
	if (x->dead)
		return;
	pbx_setvar(p, x, "DIALSTATUS", "ANSWER");
	if (x->run == PBX_RUN_NONE) {
		/* a dialed channel whose dialer left: it is hung up */
		if (x->half)
			pbx_local_finished(p, x);
		else
			pbx_chan_end(p, x, 16);
		return;
	}
	dialer_ends(p, x);
}
