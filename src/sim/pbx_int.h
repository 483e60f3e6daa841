/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX model's internal structures and the functions its files share: channels,
 * bridges, queues, the scheduler, event formatting. Not part of the sim API.
 */
#ifndef AMITUI_SIM_PBX_INT_H
#define AMITUI_SIM_PBX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/perms.h"
#include "sim/pbx.h"

/* Channel states as ast_state2str() names them. _(NAME, number, "text") */
#define PBX_STATE_INFO(_)                        \
	_(DOWN, 0, "Down")                       \
	_(RSRVD, 1, "Rsrvd")                     \
	_(OFFHOOK, 2, "OffHook")                 \
	_(DIALING, 3, "Dialing")                 \
	_(RING, 4, "Ring")                       \
	_(RINGING, 5, "Ringing")                 \
	_(UP, 6, "Up")                           \
	_(BUSY, 7, "Busy")                       \
	_(DIALING_OFFHOOK, 8, "Dialing Offhook") \
	_(PRERING, 9, "Pre-ring")

enum pbx_state {
#define PBX_STATE_ENUM(name, num, text) PBX_STATE_##name = num,
	PBX_STATE_INFO(PBX_STATE_ENUM)
#undef PBX_STATE_ENUM
};
const char *pbx_state_str(enum pbx_state s);

/* Device states (ast_devstate2str), numbered as QueueMember Status is. _(NAME, "TEXT", "CLI text") */
#define PBX_DEVSTATE_INFO(_)                         \
	_(UNKNOWN, "UNKNOWN", "Unknown")             \
	_(NOT_INUSE, "NOT_INUSE", "Not in use")      \
	_(INUSE, "INUSE", "In use")                  \
	_(BUSY, "BUSY", "Busy")                      \
	_(INVALID, "INVALID", "Invalid")             \
	_(UNAVAILABLE, "UNAVAILABLE", "Unavailable") \
	_(RINGING, "RINGING", "Ringing")             \
	_(RINGINUSE, "RINGINUSE", "Ring+Inuse")      \
	_(ONHOLD, "ONHOLD", "On Hold")

enum pbx_devstate {
#define PBX_DEVSTATE_ENUM(name, text, cli) PBX_DEV_##name,
	PBX_DEVSTATE_INFO(PBX_DEVSTATE_ENUM)
#undef PBX_DEVSTATE_ENUM
	    PBX_DEV_COUNT
};
const char *pbx_devstate_str(enum pbx_devstate d);
const char *pbx_devstate_cli(enum pbx_devstate d);

/* Bounded sizes: longer values are cut, never grown. */
enum {
	PBX_NAME_MAX = 128,
	PBX_ID_MAX = 96,
	PBX_FIELD_MAX = 80,
	PBX_DATA_MAX = 256,
	PBX_VARS_MAX = 128,    /* variables per channel (and globals) */
	PBX_CHANS_MAX = 65535, /* live channels */
	PBX_JOBS_MAX = 1 << 20,
	PBX_MEMBERS_MAX = 64,
	PBX_QUEUES_MAX = 16,
	PBX_PHONES = 20000, /* generated traffic: PJSIP/10001..30000 */
	PBX_AGENTS = 12,    /* and the support queue's agents PJSIP/2001..2012 */
};

/* A channel variable: one allocation, name then value. */
struct pbx_var {
	struct pbx_var *next;
	char *value;
	char name[];
};

/* What created a Local ;1 half, or why a channel exists: decides the choreography. */
enum pbx_role {
	PBX_ROLE_NONE,
	PBX_ROLE_ORIG_EXTEN, /* ;1 of an Originate into the dialplan */
	PBX_ROLE_ORIG_APP,   /* ;1 of an Originate of an application */
	PBX_ROLE_DIAL,	     /* outgoing channel of a Dial() */
	PBX_ROLE_QUEUE,	     /* outgoing channel of a Queue() member call */
	PBX_ROLE_INBOUND,    /* a PJSIP caller (generated traffic) */
};

enum pbx_run {
	PBX_RUN_NONE,	  /* nothing runs on it (dialed, bridged by someone else) */
	PBX_RUN_DIALPLAN, /* executing [context] exten at priority */
	PBX_RUN_APP,	  /* executing one application (Originate Application) */
};

struct pbx_bridge;
struct pbx_queue;
struct pbx_call;

struct pbx_chan {
	uint32_t handle; /* slot | generation << 16: safe to keep in timers */
	char name[PBX_NAME_MAX];
	char device[PBX_NAME_MAX]; /* "Local/100@test", "PJSIP/alice" */
	char tech[8];		   /* "Local", "PJSIP" */
	char uniqueid[PBX_ID_MAX];
	char linkedid[PBX_ID_MAX];
	enum pbx_state state;
	char cid_num[PBX_FIELD_MAX];
	char cid_name[PBX_NAME_MAX];
	char con_num[PBX_FIELD_MAX];
	char con_name[PBX_NAME_MAX];
	char accountcode[PBX_FIELD_MAX];
	char language[8];
	char context[PBX_FIELD_MAX];
	char exten[PBX_FIELD_MAX];
	int prio;
	char appl[PBX_FIELD_MAX];
	char data[PBX_DATA_MAX];
	char dnid[PBX_FIELD_MAX];
	struct pbx_var *vars;
	unsigned nvars;
	uint64_t created_ms, answered_ms; /* monotonic */
	uint64_t created_us, answered_us; /* wall clock, for CDRs */
	/* relations */
	struct pbx_chan *pair; /* Local: the other half */
	unsigned half;	       /* Local: 1 or 2; 0 otherwise */
	enum pbx_role role;
	struct pbx_chan *dialer; /* DIAL/QUEUE: the channel running Dial()/Queue() */
	struct pbx_chan *dialed; /* the channel this one's Dial()/Queue() reached */
	struct pbx_bridge *bridge;
	struct pbx_call *call;	  /* the Originate that created it (;1 only) */
	struct pbx_queue *queue;  /* waiting in this queue (caller) */
	struct pbx_queue *mqueue; /* QUEUE role: the queue that called it; caller: served by */
	int member;		  /* index of the member in mqueue */
	uint64_t queue_join_ms;	  /* caller: when it joined its queue */
	unsigned queue_pos;	  /* caller: original position */
	/* execution */
	enum pbx_run run;
	int phase;	 /* application phase */
	unsigned step;	 /* application scratch counter */
	uint32_t token;	 /* bumped to invalidate scheduled steps */
	bool softhangup; /* hangup requested; ends at the next app boundary */
	bool shr_wanted; /* publish SoftHangupRequest when it ends */
	bool shr_done;
	bool by_action; /* hung up by the Hangup action */
	bool hangup_emitted;
	bool dead;
	bool in_pbx;  /* counted as an active call */
	bool own_cdr; /* produces a Cdr event at hangup */
	bool cdr_done;
	bool devstate_inuse;   /* its device was reported INUSE */
	bool pending_notinuse; /* DeviceStateChange NOT_INUSE still to emit */
	bool slash_n;	       /* Local/.../n: no optimization */
	int cause;
	char cdr_dstchan[PBX_NAME_MAX];
	char userfield[PBX_FIELD_MAX];
	char dial_number[PBX_FIELD_MAX]; /* DIALEDPEERNUMBER of a dialed channel */
	/* PJSIP endpoint behaviour when dialed (traffic) */
	int answer_after_ms; /* < 0: never answers */
	int busy;
	uint8_t tkind;		    /* generated call: its kind + 1 (0: not generated) */
	bool txfer_done;	    /* generated transfer already made */
	struct pbx_chan *next_live; /* list of live channels in creation order */
	struct pbx_chan *prev_live;
	struct pbx_chan *next_dead;
};

struct pbx_bridge {
	char uid[40];
	unsigned nchan;
	struct pbx_chan *chan[2];
	uint64_t created_ms;
	bool dead;
	struct pbx_bridge *next;
};

struct pbx_member {
	char name[PBX_FIELD_MAX];     /* MemberName */
	char interface[PBX_NAME_MAX]; /* Local/400@test/n */
	char state_if[PBX_NAME_MAX];
	bool dynamic;
	bool paused;
	char paused_reason[PBX_FIELD_MAX];
	int penalty;
	unsigned calls;
	uint64_t lastcall; /* epoch seconds */
	uint64_t lastpause;
	uint64_t logintime;
	bool incall;
	enum pbx_devstate status;
	bool ringing; /* a call attempt is in progress */
};

struct pbx_queue {
	char name[PBX_FIELD_MAX];
	char strategy[16];
	int timeout_s; /* per member attempt */
	int retry_s;
	int maxlen;
	unsigned completed, abandoned, completed_in_sl;
	unsigned holdtime, talktime; /* running averages, seconds */
	int servicelevel;
	struct pbx_member member[PBX_MEMBERS_MAX];
	unsigned nmember;
	struct pbx_chan *caller[64]; /* waiting callers in order */
	unsigned ncaller;
	enum pbx_devstate avail;	 /* last Queue:<name>_avail state reported */
	enum pbx_devstate avail_pending; /* to report at the next flush (UNKNOWN: none) */
};

/* An Originate in progress: what to do with ;1 when answered, whom to tell. */
struct pbx_call {
	uint32_t id;
	bool async;
	bool done;
	bool has_app;
	char app[PBX_FIELD_MAX];
	char appdata[PBX_DATA_MAX];
	char context[PBX_FIELD_MAX];
	char exten[PBX_FIELD_MAX];
	int prio;
	char actionid[256];
	char cid_num[PBX_FIELD_MAX];
	char cid_name[PBX_NAME_MAX];
	char reqchan[PBX_NAME_MAX];
	struct sim_deferred *deferred;
	uint32_t chan1; /* handle of ;1 */
	int timeout_ms;
	char account[PBX_FIELD_MAX];
	char uid1[PBX_ID_MAX], uid2[PBX_ID_MAX];
	struct pbx_var *vars; /* Variable: headers, in order, duplicates kept */
	struct pbx_call *next;
};

typedef void (*pbx_job_fn)(struct sim_pbx *p, uint32_t a, uint32_t b);

struct pbx_job {
	uint64_t due;
	uint64_t seq;
	pbx_job_fn fn;
	uint32_t a, b;
};

struct pbx_rng {
	uint64_t s[4];
};

struct pbx_traffic;
struct pbx_flood;

struct sim_pbx {
	struct sim_bus *bus;
	struct ami_buf ev;  /* the event body being built (reused) */
	struct ami_buf tmp; /* scratch for escaping */
	/* channels */
	struct pbx_chan **slot;
	uint16_t *slot_gen;
	unsigned nslot;
	unsigned *free_slot;
	unsigned nfree;
	struct pbx_chan *live_head, *live_tail;
	struct pbx_chan *dead_head;
	unsigned nlive;
	unsigned long uniq_seq;
	unsigned local_seq;
	unsigned pjsip_seq;
	unsigned long processed;
	unsigned active_calls;
	/* globals */
	struct pbx_var *globals;
	unsigned nglobals;
	/* bridges, queues, originates */
	struct pbx_bridge *bridges;
	struct pbx_queue *queues[PBX_QUEUES_MAX];
	unsigned nqueue;
	struct pbx_call *calls;
	uint32_t call_seq;
	/* scheduler */
	struct pbx_job *heap;
	size_t njob, capjob;
	uint64_t jobseq;
	uint64_t armed_id;
	uint64_t armed_due;
	bool in_tick;
	uint64_t start_us; /* wall clock at creation (LoginTime) */
	struct pbx_rng rng;
	struct pbx_traffic *traffic;
	struct pbx_flood *flood;
	char notinuse[64][PBX_NAME_MAX];	  /* deferred DeviceStateChange NOT_INUSE */
	uint16_t ep_use[PBX_PHONES + PBX_AGENTS]; /* live channels per traffic endpoint */
	unsigned nnotinuse;
};

/* --- pbx.c: scheduler, random numbers; pbx_chan.c: ids, channels, variables --- */
uint64_t pbx_now(struct sim_pbx *p);
uint64_t pbx_wall_s(struct sim_pbx *p);
/* Run fn(p, a, b) after delay_ms from the loop; jobs due together run in order. */
void pbx_after(struct sim_pbx *p, uint64_t delay_ms, pbx_job_fn fn, uint32_t a, uint32_t b);
uint64_t pbx_rand(struct pbx_rng *r);
unsigned pbx_rand_range(struct pbx_rng *r, unsigned lo, unsigned hi); /* [lo, hi] */
void pbx_rng_seed(struct pbx_rng *r, uint64_t seed);

/* New channel (emits nothing): "Local/100@test-00000006;1" style names are the caller's. */
struct pbx_chan *pbx_chan_new(struct sim_pbx *p, const char *name, const char *tech,
			      const char *device, enum pbx_state st, const char *context,
			      const char *exten, const char *linkedid);
struct pbx_chan *pbx_chan_get(struct sim_pbx *p, uint32_t handle);
struct pbx_chan *pbx_chan_find(struct sim_pbx *p, const char *name);
/* Unlink now, free at the end of the current turn (pointers stay valid until then). */
void pbx_chan_release(struct sim_pbx *p, struct pbx_chan *c);
void pbx_reap(struct sim_pbx *p);
void pbx_set_str(char *dst, size_t cap, const char *src);
#define PBX_SET(dst, src) pbx_set_str((dst), sizeof(dst), (src))
/* A uniqueid "<system>-<epoch>.<seq>" (or "<epoch>.<seq>"). */
void pbx_new_uniqueid(struct sim_pbx *p, char *dst, size_t cap);

const char *pbx_var_get(struct pbx_var *list, const char *name);
/* Set (value NULL deletes); false when the list is full. */
bool pbx_var_set(struct pbx_var **list, unsigned *n, const char *name, const char *value);
void pbx_var_free(struct pbx_var **list, unsigned *n);
/* Set a channel (or global, c == NULL) variable and emit VarSet. */
bool pbx_setvar(struct sim_pbx *p, struct pbx_chan *c, const char *name, const char *value);
/* Read a variable or a few dialplan functions/builtins as Getvar does. */
void pbx_getvar(struct sim_pbx *p, struct pbx_chan *c, const char *name, char *dst, size_t cap);

/* Case-insensitive strstr (strcasestr is not POSIX). */
const char *pbx_strcasestr(const char *hay, const char *needle);

/* --- pbx_event.c: event bodies --- */
void pbx_ev_begin(struct sim_pbx *p);
void pbx_ev_kv(struct sim_pbx *p, const char *key, const char *val);
void pbx_ev_kvf(struct sim_pbx *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pbx_ev_chanblock(struct sim_pbx *p, const char *prefix, const struct pbx_chan *c);
void pbx_ev_bridgeblock(struct sim_pbx *p, const char *prefix, const struct pbx_bridge *b);
void pbx_ev_send(struct sim_pbx *p, uint32_t cat, const char *event);
/* ast_escape_c() into out (appended). */
void pbx_escape_c(struct ami_buf *out, const char *s);
/* The standard channel block into any buffer (CoreShowChannel, Status). */
void pbx_chanblock_to(struct sim_pbx *p, struct ami_buf *out, const char *prefix,
		      const struct pbx_chan *c);

void pbx_ev_chan(struct sim_pbx *p, const char *event, const struct pbx_chan *c);
void pbx_ev_newexten(struct sim_pbx *p, const struct pbx_chan *c);
void pbx_ev_varset(struct sim_pbx *p, const struct pbx_chan *c, const char *var, const char *val);
void pbx_ev_newcallerid(struct sim_pbx *p, const struct pbx_chan *c);
void pbx_ev_hangup(struct sim_pbx *p, const struct pbx_chan *c, int cause);
void pbx_ev_hangup_request(struct sim_pbx *p, const struct pbx_chan *c, bool soft, int cause);
void pbx_ev_dial_begin(struct sim_pbx *p, const struct pbx_chan *caller,
		       const struct pbx_chan *dest, const char *dialstring);
void pbx_ev_dial_end(struct sim_pbx *p, const struct pbx_chan *caller, const struct pbx_chan *dest,
		     const char *status);
void pbx_ev_dial_state(struct sim_pbx *p, const struct pbx_chan *caller,
		       const struct pbx_chan *dest, const char *status);
void pbx_ev_local_bridge(struct sim_pbx *p, const struct pbx_chan *c1, const struct pbx_chan *c2,
			 const char *context, const char *exten, bool optimize);
void pbx_ev_dtmf(struct sim_pbx *p, const struct pbx_chan *c, char digit, bool end,
		 const char *direction);
void pbx_ev_dtmf_ms(struct sim_pbx *p, const struct pbx_chan *c, char digit, bool end,
		    unsigned duration_ms, const char *direction);
void pbx_ev_devstate(struct sim_pbx *p, const char *device, enum pbx_devstate st);
void pbx_ev_bridge(struct sim_pbx *p, const char *event, const struct pbx_bridge *b);
void pbx_ev_bridge_chan(struct sim_pbx *p, const char *event, const struct pbx_bridge *b,
			const struct pbx_chan *c);
void pbx_ev_cdr(struct sim_pbx *p, struct pbx_chan *c);
void pbx_ev_moh(struct sim_pbx *p, const struct pbx_chan *c, bool start);
const char *pbx_cause_text(int cause);

/* --- channel life (pbx_chan.c) --- */
/* Emit Newstate when the state changes. */
void pbx_chan_state(struct sim_pbx *p, struct pbx_chan *c, enum pbx_state st);
/* Mark answered (times) and set Up with Newstate. */
void pbx_chan_answer(struct sim_pbx *p, struct pbx_chan *c);
/* HangupRequest for c: its far end went away with cause (its own Hangup will carry it). */
void pbx_hangup_request(struct sim_pbx *p, struct pbx_chan *c, int cause);
/* Emit Hangup (once), count the call as ended, release. */
void pbx_chan_gone(struct sim_pbx *p, struct pbx_chan *c, int cause);
/* Emit the Cdr of c once (if it keeps one). */
void pbx_chan_cdr(struct sim_pbx *p, struct pbx_chan *c);
/* DeviceStateChange INUSE for c's device (once per channel). */
void pbx_chan_inuse(struct sim_pbx *p, struct pbx_chan *c);
/*
 * Asterisk reports a device's NOT_INUSE some time after the Hangup: queue it here and
 * flush where the fixtures show it.
 */
void pbx_notinuse_defer(struct sim_pbx *p, struct pbx_chan *c);
void pbx_notinuse_flush(struct sim_pbx *p);
/* Stop what c is doing with others: leave its queue, cancel or end its Dial(). */
void pbx_chan_detach(struct sim_pbx *p, struct pbx_chan *c);
/* End a non-Local channel: [SoftHangupRequest], Hangup, Cdr, device state. */
void pbx_chan_end(struct sim_pbx *p, struct pbx_chan *c, int cause);
void pbx_call_count(struct sim_pbx *p, struct pbx_chan *c, bool on);

/* --- bridges (pbx_chan.c) --- */
struct pbx_bridge *pbx_bridge_new(struct sim_pbx *p);
void pbx_bridge_enter(struct sim_pbx *p, struct pbx_bridge *b, struct pbx_chan *c);
void pbx_bridge_leave(struct sim_pbx *p, struct pbx_chan *c);
void pbx_bridge_destroy(struct sim_pbx *p, struct pbx_bridge *b);
/* Leave, and destroy the bridge when nobody is left in it. */
void pbx_bridge_leave_gc(struct sim_pbx *p, struct pbx_chan *c);
struct pbx_chan *pbx_bridge_peer(const struct pbx_chan *c);

/* --- pbx_dialplan.c --- */
/* Does [context] have exten at prio (prio 0: any priority)? */
bool pbx_dp_exists(const char *context, const char *exten, int prio);
/* Start executing the dialplan on c at context,exten,prio (runs now). */
void pbx_dp_start(struct sim_pbx *p, struct pbx_chan *c, const char *context, const char *exten,
		  int prio);
/* Run one application (Originate Application) on c; hangs up when it returns. */
void pbx_app_start(struct sim_pbx *p, struct pbx_chan *c, const char *app, const char *data);
/* Continue c's program at the next priority after delay_ms. */
void pbx_dp_next(struct sim_pbx *p, struct pbx_chan *c, uint64_t delay_ms);
/* Re-enter c's current application with the next phase after delay_ms. */
void pbx_dp_phase(struct sim_pbx *p, struct pbx_chan *c, uint64_t delay_ms);
/* c was asked to hang up: interrupt its application (now or when it allows). */
void pbx_dp_interrupt(struct sim_pbx *p, struct pbx_chan *c);
/* c's program is over (Hangup(), end of dialplan, app done, interrupted). */
void pbx_dp_finished(struct sim_pbx *p, struct pbx_chan *c);
/* Asynchronous goto (Redirect, transfers): leave the app and run ctx,exten,prio. */
bool pbx_dp_goto(struct sim_pbx *p, struct pbx_chan *c, const char *context, const char *exten,
		 int prio);
/* The dialplan show CLI. */
void pbx_dp_show(struct sim_pbx *p, const char *context, struct ami_buf *out, bool *failed);

/* --- pbx_local.c --- */
struct pbx_local_req {
	const char *exten; /* Local/<exten>@<context>[/n] */
	const char *context;
	bool slash_n;
	const char *cid_num; /* NULL: unknown */
	const char *cid_name;
	const char *account;
	const char *uid1, *uid2; /* assigned uniqueids or NULL */
	const char *linkedid;	 /* NULL: ;1's own */
};
/* Create a Local pair (Newchannel x2); emits nothing else. */
struct pbx_chan *pbx_local_new(struct sim_pbx *p, const struct pbx_local_req *rq);
/* "exten@context[/n]" (context "default" when missing) as a request; keep spec alive. */
struct pbx_local_spec {
	char exten[PBX_FIELD_MAX];
	char context[PBX_FIELD_MAX];
	bool slash_n;
};
/* A Local pair dialled as spec in linkedid; *ls receives the parsed spec. NULL on failure. */
struct pbx_chan *pbx_local_dial(struct sim_pbx *p, const char *spec, const char *linkedid,
				struct pbx_local_spec *ls);
/* Originate into a Local channel (emits the start sequence, starts ;2). */
void pbx_local_originate(struct sim_pbx *p, struct pbx_chan *c1, struct pbx_call *call,
			 struct pbx_var *vars);
/* ;2 answered with Answer(): propagate to ;1 (OriginateResponse, DialEnd...). */
void pbx_local_answered(struct sim_pbx *p, struct pbx_chan *c2);
/* A ;2 that answered through its own Dial(): ;1 goes Up (before the bridge) and is told (after). */
void pbx_local_answered_by_dial(struct sim_pbx *p, struct pbx_chan *c2, bool after_bridge);
/* ;1 of an answered Originate starts the application or dialplan it was given. */
void pbx_local_start_target(struct sim_pbx *p, struct pbx_chan *c1);
/* ;2 rings (Ringing()): ;1 shows Ringing. */
void pbx_local_ringing(struct sim_pbx *p, struct pbx_chan *c2);
/* A Local half's program ended: hang up this half and tell the other. */
void pbx_local_finished(struct sim_pbx *p, struct pbx_chan *c);
/* Originate bookkeeping. */
void pbx_call_answered(struct sim_pbx *p, struct pbx_call *call, struct pbx_chan *c1);
void pbx_call_failed(struct sim_pbx *p, struct pbx_call *call, struct pbx_chan *c1, int reason);
void pbx_call_free(struct sim_pbx *p, struct pbx_call *call);
/* End a Local ;2 whose ;1 is alive: flags PBX_END_* ; bridge destroyed after its Hangup. */
enum { PBX_END_CDR_DONE = 1 };
void pbx_local_end2(struct sim_pbx *p, struct pbx_chan *c2, unsigned flags,
		    struct pbx_bridge *bridge);
void pbx_originate_response(struct sim_pbx *p, struct pbx_call *call, const struct pbx_chan *c1,
			    bool ok, int reason);

/* --- pbx_dial.c --- */
/* Dial() application phases; returns like an app (see pbx_dialplan.c). */
int pbx_app_dial(struct sim_pbx *p, struct pbx_chan *c, int phase);
/* The dialed channel answered. */
void pbx_dial_answered(struct sim_pbx *p, struct pbx_chan *d);
/* The dialed channel rings. */
void pbx_dial_ringing(struct sim_pbx *p, struct pbx_chan *d);
/* A bridged dialed channel or its dialer left: dissolve and end the other side. */
void pbx_dial_peer_gone(struct sim_pbx *p, struct pbx_chan *dialer, struct pbx_chan *d1,
			struct pbx_chan *d2);
/* ANSWEREDTIME(_MS) and DIALEDTIME(_MS) on the dialer when its Dial()/Queue() ends. */
void pbx_set_dial_times(struct sim_pbx *p, struct pbx_chan *x, const struct pbx_chan *d);
/* Arm an Originate's Timeout. */
void pbx_call_arm(struct sim_pbx *p, struct pbx_call *call);
/* The dialer's Dial() stops waiting (timeout, hangup): DialEnd, the dialed side hangs up. */
void pbx_dial_cancel(struct sim_pbx *p, struct pbx_chan *dialer, const char *status);
/* The dialer leaves its bridge (hung up, redirected): the dialed side is hung up. */
void pbx_dial_dialer_left(struct sim_pbx *p, struct pbx_chan *x, int cause);
/* x's bridge partner went elsewhere (Redirect): its Dial() returns and it hangs up. */
void pbx_dial_bridge_lost(struct sim_pbx *p, struct pbx_chan *x);
/* A PJSIP channel's far end hung up (generated traffic, Hangup action on a dialed channel). */
void pbx_remote_hangup(struct sim_pbx *p, struct pbx_chan *c, int cause);
/* A dialed PJSIP endpoint rings, answers or is busy as the traffic generator decides. */
void pbx_dial_schedule(struct sim_pbx *p, struct pbx_chan *d);
/* Originate into PJSIP/<endpoint>: ring, answer, then the application or dialplan. */
bool pbx_pjsip_originate(struct sim_pbx *p, struct pbx_call *call, const char *endpoint,
			 struct pbx_var *vars);

/* --- pbx_queue.c, pbx_queue_call.c, pbx_queue_cmd.c --- */
/* A caller event (QueueCallerJoin/Leave): channel block, Queue, Position, Count. */
void pbx_queue_ev_caller(struct sim_pbx *p, const char *event, const struct pbx_chan *x,
			 const struct pbx_queue *q, unsigned pos, unsigned count);
/* Begin an Agent* event body: caller block, Dest block, Queue, Interface, MemberName. */
void pbx_queue_ev_agent(struct sim_pbx *p, const struct pbx_chan *x, const struct pbx_chan *d,
			const struct pbx_queue *q, const struct pbx_member *m);
/* Take x out of q's waiting list (Queue:<name> NOT_INUSE when empty); its position. */
unsigned pbx_queue_remove_caller(struct sim_pbx *p, struct pbx_queue *q, struct pbx_chan *x);
/* The member a member channel calls, and its queue; NULL when unknown. */
struct pbx_member *pbx_queue_member_of(const struct pbx_chan *d, struct pbx_queue **qout);
void pbx_queues_init(struct sim_pbx *p);
void pbx_queues_free(struct sim_pbx *p);
struct pbx_queue *pbx_queue_find(struct sim_pbx *p, const char *name);
struct pbx_queue *pbx_queue_add(struct sim_pbx *p, const char *name, int timeout_s);
bool pbx_queue_member_add(struct sim_pbx *p, struct pbx_queue *q, const char *iface,
			  const char *name, bool dynamic, bool emit);
int pbx_app_queue(struct sim_pbx *p, struct pbx_chan *c, int phase);
void pbx_queue_member_answered(struct sim_pbx *p, struct pbx_chan *d1);
void pbx_queue_member_ringing(struct sim_pbx *p, struct pbx_chan *d1);
/* A rung member refused (busy) or a bridged caller hung up (generated traffic). */
void pbx_queue_member_busy(struct sim_pbx *p, struct pbx_chan *d);
void pbx_queue_caller_left_bridge(struct sim_pbx *p, struct pbx_chan *x, int cause);
/* The bridged member (d1, d2 its far half) hung up: end the caller's Queue(). */
void pbx_queue_agent_gone(struct sim_pbx *p, struct pbx_chan *caller, struct pbx_chan *d1,
			  struct pbx_chan *d2);
/* Drop c from its queue's waiting list without events (it is being freed). */
void pbx_queue_forget(struct sim_pbx *p, struct pbx_chan *c);
/* The waiting caller hangs up (abandon). */
void pbx_queue_caller_gone(struct sim_pbx *p, struct pbx_chan *caller);
/* A device's state changed: update members and emit QueueMemberStatus. */
void pbx_queue_device(struct sim_pbx *p, const char *device, enum pbx_devstate st);
/* Emit DeviceStateChange Queue:<name>_avail for queues whose availability changed. */
void pbx_queue_avail_flush(struct sim_pbx *p);
bool pbx_queue_action(struct sim_pbx *p, const char *name, struct sim_reply *r);
void pbx_queue_show(struct sim_pbx *p, const char *name, struct ami_buf *out, bool *failed);

/* --- pbx_actions.c, pbx_actions_chan.c, pbx_actions2.c --- */
bool pbx_actions_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r);
bool pbx_actions2_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r);
bool pbx_actions_chan_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r);
/* Live channels in listing order (a Local ;2 before its ;1, as Asterisk 22 lists them). */
unsigned pbx_chan_list(struct sim_pbx *p, struct pbx_chan **out, unsigned max);
/* The Hangup action's effect on one channel. */
void pbx_request_hangup(struct sim_pbx *p, struct pbx_chan *c, int cause);
/* Case-insensitive ASCII equality. */
bool pbx_ieq(const char *a, const char *b);
bool pbx_ast_true(const char *s);

/* --- pbx_traffic.c / pbx_flood.c --- */
void pbx_traffic_set(struct sim_pbx *p, double cps);
void pbx_traffic_free(struct sim_pbx *p);
bool pbx_traffic_endpoint(struct sim_pbx *p, const char *name, const char **cid_name);
/* The traffic generator's plan for a dialed endpoint; false when it has none. */
bool pbx_traffic_dialed(struct sim_pbx *p, struct pbx_chan *d);
/* Endpoint i of the traffic table: its caller name (NULL past the end), its number in num. */
const char *pbx_traffic_name(unsigned i, char *num, size_t cap);
/* The endpoint index of a traffic number ("1001" is 0), or -1. */
int pbx_traffic_ep_index(const char *num);
/* Blind transfer of c's bridge peer to ctx,exten (c hangs up); false when not possible. */
bool pbx_blind_transfer(struct sim_pbx *p, struct pbx_chan *c, const char *ctx, const char *exten);
void pbx_flood_set(struct sim_pbx *p, unsigned per_second);
void pbx_flood_free(struct sim_pbx *p);
void pbx_flood_burst(struct sim_pbx *p, unsigned n);

#endif
