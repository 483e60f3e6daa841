/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local channel pairs and the Originates that create them: the order in which Asterisk 22
 * publishes a pair's creation, answer and hangup (fixtures 05, 05b, 05c, 03, 06).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

struct pbx_chan *pbx_local_new(struct sim_pbx *p, const struct pbx_local_req *rq)
{
	char name[PBX_NAME_MAX], dev[PBX_NAME_MAX];
	snprintf(dev, sizeof(dev), "Local/%s@%s", rq->exten, rq->context);
	snprintf(name, sizeof(name), "%.100s-%08x;1", dev, p->local_seq++);
	struct pbx_chan *c1 = pbx_chan_new(p, name, "Local", dev, PBX_STATE_DOWN, rq->context,
					   rq->exten, rq->linkedid);
	if (!c1)
		return NULL;
	if (rq->uid1 && *rq->uid1) {
		PBX_SET(c1->uniqueid, rq->uid1);
		if (!rq->linkedid)
			PBX_SET(c1->linkedid, rq->uid1);
	}
	name[strlen(name) - 1] = '2';
	struct pbx_chan *c2 = pbx_chan_new(p, name, "Local", dev, PBX_STATE_RING, rq->context,
					   rq->exten, c1->linkedid);
	if (!c2) {
		pbx_chan_release(p, c1);
		return NULL;
	}
	if (rq->uid2 && *rq->uid2)
		PBX_SET(c2->uniqueid, rq->uid2);
	if (rq->account) {
		PBX_SET(c1->accountcode, rq->account);
		PBX_SET(c2->accountcode, rq->account);
	}
	c1->half = 1;
	c2->half = 2;
	c1->pair = c2;
	c2->pair = c1;
	c1->slash_n = c2->slash_n = rq->slash_n;
	pbx_ev_chan(p, "Newchannel", c1);
	pbx_ev_chan(p, "Newchannel", c2);
	return c1;
}

static void set_cid(struct pbx_chan *c, const char *num, const char *name)
{
	PBX_SET(c->cid_num, num);
	PBX_SET(c->cid_name, name);
}

static void set_con(struct pbx_chan *c, const char *num, const char *name)
{
	PBX_SET(c->con_num, num);
	PBX_SET(c->con_name, name);
}

static void call_timeout_job(struct sim_pbx *p, uint32_t id, uint32_t unused)
{
	(void)unused;
	struct pbx_call *call = p->calls;
	while (call && call->id != id)
		call = call->next;
	if (!call || call->done)
		return;
	struct pbx_chan *c1 = pbx_chan_get(p, call->chan1);
	int reason = c1 && c1->state == PBX_STATE_RINGING ? 3 : 0;
	pbx_call_failed(p, call, c1, reason);
}

void pbx_call_arm(struct sim_pbx *p, struct pbx_call *call)
{
	pbx_after(p, (uint64_t)(call->timeout_ms > 0 ? call->timeout_ms : 30000), call_timeout_job,
		  call->id, 0);
}

void pbx_local_originate(struct sim_pbx *p, struct pbx_chan *c1, struct pbx_call *call,
			 struct pbx_var *vars)
{
	struct pbx_chan *c2 = c1->pair;
	c1->role = call->has_app ? PBX_ROLE_ORIG_APP : PBX_ROLE_ORIG_EXTEN;
	c1->call = call;
	call->chan1 = c1->handle;
	PBX_SET(c1->appl, "AppDial2");
	PBX_SET(c1->data, "(Outgoing Line)");
	pbx_ev_newexten(p, c1);
	bool cid = call->cid_num[0] || call->cid_name[0];
	for (struct pbx_var *v = vars; v; v = v->next)
		pbx_setvar(p, c1, v->name, v->value);
	if (cid) {
		set_cid(c1, call->cid_num, call->cid_name);
		pbx_ev_newcallerid(p, c1);
		set_con(c1, call->cid_num, call->cid_name);
		pbx_ev_chan(p, "NewConnectedLine", c1);
	}
	for (struct pbx_var *v = vars; v; v = v->next)
		pbx_setvar(p, c2, v->name, v->value);
	if (cid) {
		set_cid(c2, call->cid_num, call->cid_name);
		set_con(c2, call->cid_num, call->cid_name);
		pbx_ev_newcallerid(p, c2);
		pbx_ev_chan(p, "NewConnectedLine", c2);
	}
	pbx_ev_local_bridge(p, c1, c2, c2->context, c2->exten, !c1->slash_n);
	char ds[2 * PBX_FIELD_MAX + 4];
	snprintf(ds, sizeof(ds), "%s@%s%s", c2->exten, c2->context, c1->slash_n ? "/n" : "");
	pbx_ev_dial_begin(p, NULL, c1, ds);
	pbx_call_arm(p, call);
	pbx_dp_start(p, c2, c2->context, c2->exten, 1);
}

/* ;1 of an answered Originate starts what the Originate asked for (call stays allocated). */
static void start_target_of(struct sim_pbx *p, struct pbx_chan *c1, const struct pbx_call *call)
{
	c1->call = NULL;
	char a[PBX_FIELD_MAX], d[PBX_DATA_MAX], x[PBX_FIELD_MAX];
	PBX_SET(a, call->has_app ? call->app : call->context);
	PBX_SET(d, call->has_app ? call->appdata : "");
	PBX_SET(x, call->exten);
	if (call->has_app)
		pbx_app_start(p, c1, a, d);
	else
		pbx_dp_start(p, c1, a, x, call->prio);
}

static void start_target(struct sim_pbx *p, struct pbx_chan *c1)
{
	struct pbx_call *call = c1->call;
	if (!call)
		return;
	start_target_of(p, c1, call);
	pbx_call_free(p, call);
}

/*
 * What an Originate's ;1 publishes when its ;2 answers. In Asterisk this is a race
 * between the ;2 thread, the originating thread and the device state thread (03_perms
 * admin and operator made the same request and differ); these are the orders the
 * transcripts recorded, chosen by the request's shape:
 *   O OriginateResponse, N ;1 Up, D DialEnd, 2/1 DeviceStateChange of ;2/;1,
 *   T ;1 starts the dialplan or application it was given.
 */
static const char *answer_order(const struct pbx_chan *c1, const struct pbx_chan *c2)
{
	const struct pbx_call *call = c1->call;
	bool cid = call && (call->cid_num[0] || call->cid_name[0]);
	bool first = c2->prio == 1; /* Answer() is the extension's first priority */
	if (c1->role == PBX_ROLE_ORIG_EXTEN)
		return cid ? "O2N1DT" /* 05 */ : "NDTO21" /* 04_events_mask */;
	if (first)
		return cid ? "2OND1T" /* 05b */ : "OND21T" /* 06 */;
	return cid ? "N2DO1T" /* 03_perms_admin */ : "NOD21T" /* 04_login_events */;
}

static void answer_steps(struct sim_pbx *p, struct pbx_chan *c1, struct pbx_chan *c2,
			 const char *steps)
{
	struct pbx_call *call = c1->call;
	for (; *steps; steps++) {
		/* ;1 may end inside its target (T); the Originate still succeeded */
		if (c1->dead && *steps != 'O')
			continue;
		switch (*steps) {
		case 'O':
			pbx_call_answered(p, call, c1);
			break;
		case 'N':
			pbx_chan_answer(p, c1);
			break;
		case 'D':
			pbx_ev_dial_end(p, NULL, c1, "ANSWER");
			break;
		case '2':
			pbx_chan_inuse(p, c2);
			break;
		case '1':
			pbx_chan_inuse(p, c1);
			break;
		case 'T':
			start_target_of(p, c1, call);
			break;
		default:
			break;
		}
	}
	pbx_call_free(p, call);
}

void pbx_local_answered(struct sim_pbx *p, struct pbx_chan *c2)
{
	struct pbx_chan *c1 = c2->pair;
	if (!c1 || c1->dead)
		return;
	switch (c1->role) {
	case PBX_ROLE_ORIG_EXTEN:
	case PBX_ROLE_ORIG_APP:
		if (!c1->call) {
			pbx_chan_answer(p, c1);
			break;
		}
		answer_steps(p, c1, c2, answer_order(c1, c2));
		break;
	case PBX_ROLE_DIAL:
		pbx_dial_answered(p, c1);
		break;
	case PBX_ROLE_QUEUE:
		pbx_queue_member_answered(p, c1);
		break;
	default:
		pbx_chan_answer(p, c1);
		break;
	}
}

/* The answer of a ;2 that was reached through its own Dial() (05c): ;1's side of it. */
void pbx_local_answered_by_dial(struct sim_pbx *p, struct pbx_chan *c2, bool after_bridge)
{
	struct pbx_chan *c1 = c2->pair;
	if (!c1 || c1->dead || !c1->call)
		return;
	if (!after_bridge) {
		pbx_chan_answer(p, c1);
		return;
	}
	pbx_chan_inuse(p, c2);
	pbx_ev_dial_end(p, NULL, c1, "ANSWER");
	pbx_call_answered(p, c1->call, c1);
	pbx_chan_inuse(p, c1);
}

void pbx_local_start_target(struct sim_pbx *p, struct pbx_chan *c1)
{
	start_target(p, c1);
}

void pbx_local_ringing(struct sim_pbx *p, struct pbx_chan *c2)
{
	struct pbx_chan *c1 = c2->pair;
	if (!c1 || c1->dead)
		return;
	if (c1->role == PBX_ROLE_DIAL)
		pbx_dial_ringing(p, c1);
	else if (c1->role == PBX_ROLE_QUEUE)
		pbx_queue_member_ringing(p, c1);
	else
		pbx_chan_state(p, c1, PBX_STATE_RINGING);
}

/* Both halves hung up by the Hangup action (06): no Cdr until both are gone. */
static void end_by_action(struct sim_pbx *p, struct pbx_chan *c)
{
	struct pbx_chan *o = c->pair;
	int cause = c->cause;
	if (o && !o->dead)
		pbx_hangup_request(p, o, cause);
	pbx_chan_gone(p, c, cause);
	pbx_notinuse_defer(p, c);
	if (o && !o->dead) {
		o->token++;
		o->softhangup = true;
		if (o->call) {
			pbx_call_failed(p, o->call, o, 1);
		} else {
			if (o->queue)
				pbx_queue_caller_gone(p, o);
			pbx_bridge_leave_gc(p, o);
			pbx_chan_gone(p, o, cause);
			pbx_notinuse_defer(p, o);
		}
	}
	pbx_chan_cdr(p, c);
	if (o)
		pbx_chan_cdr(p, o);
	pbx_notinuse_flush(p);
}

void pbx_local_end2(struct sim_pbx *p, struct pbx_chan *c2, unsigned flags,
		    struct pbx_bridge *bridge)
{
	struct pbx_chan *c1 = c2->pair;
	bool orig = c1->role == PBX_ROLE_ORIG_APP || c1->role == PBX_ROLE_ORIG_EXTEN;
	if (!(flags & PBX_END_CDR_DONE)) {
		if (c1->role != PBX_ROLE_DIAL)
			pbx_chan_cdr(p, c2);
		if (orig || c1->role == PBX_ROLE_NONE)
			pbx_chan_cdr(p, c1);
	}
	if (c2->shr_wanted && !c2->shr_done) {
		c2->shr_done = true;
		pbx_ev_hangup_request(p, c2, true, 16);
	}
	const char *ds = pbx_var_get(c2->vars, "DIALSTATUS");
	if (ds)
		pbx_setvar(p, c1, "CHANLOCALSTATUS", ds);
	pbx_hangup_request(p, c1, 16);
	c1->softhangup = true;
	pbx_chan_detach(p, c2);
	pbx_bridge_leave_gc(p, c2);
	pbx_chan_gone(p, c2, 16);
	pbx_notinuse_defer(p, c2);
	/* another race the transcripts disagree on: 04_events_mask (no caller id) reports ;2's
	 * device before ;1 hangs up, 05 (caller id) after */
	if (orig && !c2->cid_num[0] && !c2->cid_name[0])
		pbx_notinuse_flush(p);
	if (bridge)
		pbx_bridge_destroy(p, bridge);
	switch (c1->role) {
	case PBX_ROLE_DIAL:
		pbx_dial_peer_gone(p, c1->dialer, c1, c2);
		return;
	case PBX_ROLE_QUEUE:
		pbx_queue_agent_gone(p, c1->dialer, c1, c2);
		return;
	default:
		break;
	}
	if (c1->call)
		pbx_call_failed(p, c1->call, c1, 1);
	else if (c1->run == PBX_RUN_NONE)
		pbx_dp_finished(p, c1);
	else
		pbx_dp_interrupt(p, c1);
	pbx_notinuse_flush(p);
}

/*
 * ;1 ended first (03_perms_admin): an application that returned leaves no cause (0),
 * Hangup() in the dialplan gives Normal Clearing; ;2 inherits it.
 */
static void end_first_half(struct sim_pbx *p, struct pbx_chan *c1, struct pbx_chan *c2)
{
	int cause = c1->shr_wanted ? 16 : c1->cause;
	pbx_chan_cdr(p, c1);
	if (c1->shr_wanted && !c1->shr_done) {
		c1->shr_done = true;
		pbx_ev_hangup_request(p, c1, true, 16);
	}
	pbx_hangup_request(p, c2, cause);
	pbx_chan_detach(p, c1);
	pbx_bridge_leave_gc(p, c1);
	pbx_chan_gone(p, c1, cause);
	pbx_notinuse_defer(p, c1);
	pbx_notinuse_flush(p);
	pbx_dp_interrupt(p, c2);
}

/* The other half is already gone: this one follows (the tails of 05 and 03). */
static void end_last_half(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->half == 2)
		pbx_chan_cdr(p, c);
	if ((c->shr_wanted || c->half == 2) && !c->shr_done) {
		c->shr_done = true;
		pbx_ev_hangup_request(p, c, true, 16);
	}
	if (c->half == 1)
		pbx_chan_cdr(p, c);
	pbx_chan_detach(p, c);
	pbx_bridge_leave_gc(p, c);
	pbx_chan_gone(p, c, c->cause);
	pbx_notinuse_defer(p, c);
	pbx_notinuse_flush(p);
}

void pbx_local_finished(struct sim_pbx *p, struct pbx_chan *c)
{
	struct pbx_chan *o = c->pair;
	bool other = o && !o->dead;
	if (c->by_action && other && !c->bridge && !o->bridge && c->role != PBX_ROLE_DIAL &&
	    c->role != PBX_ROLE_QUEUE && o->role != PBX_ROLE_DIAL && o->role != PBX_ROLE_QUEUE) {
		end_by_action(p, c);
		return;
	}
	if (!other) {
		end_last_half(p, c);
		return;
	}
	if (c->half == 2) {
		pbx_local_end2(p, c, 0, NULL);
		return;
	}
	if (c->call) {
		pbx_call_failed(p, c->call, c, 1);
		return;
	}
	if (c->role == PBX_ROLE_DIAL || c->role == PBX_ROLE_QUEUE) {
		/* a dialed ;1 hung up (Hangup action): its far half follows */
		struct pbx_chan *x = c->dialer;
		if (x && c->bridge) {
			pbx_hangup_request(p, o, 16);
			o->softhangup = true;
			pbx_dp_interrupt(p, o);
			return;
		}
	}
	end_first_half(p, c, o);
}

/* ---- Originate bookkeeping ---- */

void pbx_originate_response(struct sim_pbx *p, struct pbx_call *call, const struct pbx_chan *c1,
			    bool ok, int reason)
{
	pbx_ev_begin(p);
	if (call->actionid[0])
		pbx_ev_kv(p, "ActionID", call->actionid);
	pbx_ev_kv(p, "Response", ok ? "Success" : "Failure");
	pbx_ev_kv(p, "Channel", c1 ? c1->name : call->reqchan);
	if (call->has_app) {
		pbx_ev_kv(p, "Application", call->app);
		pbx_ev_kv(p, "Data", call->appdata);
	} else {
		pbx_ev_kv(p, "Context", call->context);
		pbx_ev_kv(p, "Exten", call->exten);
	}
	pbx_ev_kvf(p, "Reason", "%d", reason);
	pbx_ev_kv(p, "Uniqueid", c1 ? c1->uniqueid : "<null>");
	pbx_ev_kv(p, "CallerIDNum", call->cid_num[0] ? call->cid_num : "<unknown>");
	pbx_ev_kv(p, "CallerIDName", call->cid_name[0] ? call->cid_name : "<unknown>");
	pbx_ev_send(p, AMI_PERM_CALL, "OriginateResponse");
}

void pbx_call_answered(struct sim_pbx *p, struct pbx_call *call, struct pbx_chan *c1)
{
	if (!call || call->done)
		return;
	call->done = true;
	if (call->async) {
		pbx_originate_response(p, call, c1, true, 4);
	} else if (call->deferred) {
		sim_reply_ack(sim_deferred_reply(call->deferred), "Originate successfully queued");
		sim_deferred_finish(call->deferred);
		call->deferred = NULL;
	}
}

void pbx_call_failed(struct sim_pbx *p, struct pbx_call *call, struct pbx_chan *c1, int reason)
{
	if (c1 && !c1->dead) {
		c1->call = NULL;
		pbx_ev_dial_end(p, NULL, c1, reason == 3 || reason == 0 ? "NOANSWER" : "CANCEL");
		struct pbx_chan *c2 = c1->pair;
		if (c2 && !c2->dead) {
			/* ;1 goes first; ;2 is told and follows when its application returns */
			end_first_half(p, c1, c2);
		} else {
			pbx_chan_cdr(p, c1);
			pbx_chan_gone(p, c1, 16);
			pbx_notinuse_defer(p, c1);
			pbx_notinuse_flush(p);
		}
	}
	if (!call->done) {
		call->done = true;
		if (call->async) {
			pbx_originate_response(p, call, NULL, false, reason);
		} else if (call->deferred) {
			sim_reply_error(sim_deferred_reply(call->deferred), "Originate failed");
			sim_deferred_finish(call->deferred);
			call->deferred = NULL;
		}
	}
	pbx_call_free(p, call);
}

void pbx_call_free(struct sim_pbx *p, struct pbx_call *call)
{
	for (struct pbx_call **pp = &p->calls; *pp; pp = &(*pp)->next) {
		if (*pp == call) {
			*pp = call->next;
			break;
		}
	}
	if (call->deferred) {
		/* the PBX goes away with a synchronous Originate pending */
		sim_reply_error(sim_deferred_reply(call->deferred), "Originate failed");
		sim_deferred_finish(call->deferred);
	}
	struct pbx_chan *c1 = pbx_chan_get(p, call->chan1);
	if (c1 && c1->call == call)
		c1->call = NULL;
	unsigned n = 0;
	pbx_var_free(&call->vars, &n);
	free(call);
}

static void spec_parse(const char *spec, struct pbx_local_spec *out)
{
	PBX_SET(out->exten, spec);
	out->slash_n = false;
	char *sl = strchr(out->exten, '/');
	if (sl) {
		out->slash_n = !strcmp(sl, "/n");
		*sl = '\0';
	}
	char *at = strchr(out->exten, '@');
	PBX_SET(out->context, at ? at + 1 : "default");
	if (at)
		*at = '\0';
}

struct pbx_chan *pbx_local_dial(struct sim_pbx *p, const char *spec, const char *linkedid,
				struct pbx_local_spec *ls)
{
	spec_parse(spec, ls);
	struct pbx_local_req rq = { .exten = ls->exten,
				    .context = ls->context,
				    .slash_n = ls->slash_n,
				    .linkedid = linkedid };
	return pbx_local_new(p, &rq);
}
