/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table: live channels grouped by Linkedid, kept up to date from events. */
#ifndef AMITUI_MODEL_CALLTAB_H
#define AMITUI_MODEL_CALLTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/status.h"
#include "model/evtab.h"

/*
 * Channels are keyed by Uniqueid (and found by name too); calls by Linkedid. Every
 * update is O(1) (hash tables) except bridge membership, O(channels in the bridge).
 * Strings are copied into fixed fields and truncated when longer (sizes below are
 * generous for Asterisk: channel names are at most 80 bytes there).
 *
 * Hung-up channels stay, flagged, for limits.linger_us so the user sees the call
 * end; calltab_expire() removes them. When max_channels is reached the oldest
 * hung-up channel is dropped first; if none is hung up, the new channel is refused
 * (counted in calltab_stats.refused) rather than forgetting a live one.
 *
 * All pointers handed out (channels, calls) are owned by the table and valid until
 * the next update, expire or resync call. A call's summary (counts, times, state) is
 * computed when calltab_calls() or calltab_find_call() hands it out, so read it
 * through them after updates rather than through an old pointer.
 */

#define CALLTAB_NAME 96
#define CALLTAB_ID 64
#define CALLTAB_NUM 48
#define CALLTAB_TEXT 96
#define CALLTAB_MAX_PEERS 8

/* Summary state of a call, most advanced wins. _(NAME, "label") */
#define CALLTAB_STATE_INFO(_) \
	_(DIALING, "dialing") \
	_(RINGING, "ringing") \
	_(UP, "up")           \
	_(TALKING, "talking") \
	_(HELD, "on hold")    \
	_(ENDED, "ended")

enum calltab_state {
#define CALLTAB_STATE_ENUM(name, label) CALLTAB_##name,
	CALLTAB_STATE_INFO(CALLTAB_STATE_ENUM)
#undef CALLTAB_STATE_ENUM
};
const char *calltab_state_label(enum calltab_state s);

struct calltab_chan {
	char name[CALLTAB_NAME];
	char uniqueid[CALLTAB_ID];
	char linkedid[CALLTAB_ID];
	int state;		     /* ChannelState (0 Down ... 6 Up ...); -1 unknown */
	char state_desc[24];	     /* ChannelStateDesc */
	char cid_num[CALLTAB_NUM];   /* "" when <unknown> */
	char cid_name[CALLTAB_TEXT]; /* UTF-8, C-escaped as Asterisk sends it */
	char conn_num[CALLTAB_NUM];
	char conn_name[CALLTAB_TEXT];
	char context[CALLTAB_NUM];
	char exten[CALLTAB_NUM];
	char app[CALLTAB_NUM]; /* from Newexten / snapshots */
	char appdata[CALLTAB_TEXT];
	char bridge[CALLTAB_ID];       /* BridgeUniqueid while in a bridge, else "" */
	char dialstring[CALLTAB_TEXT]; /* last DialBegin from this channel */
	char dialstatus[24];	       /* last DialEnd */
	char cause_txt[48];	       /* Hangup Cause-txt */
	int cause;		       /* Hangup Cause, -1 while alive */
	int64_t created_us;	       /* first seen (Newchannel time, or snapshot time) */
	int64_t answered_us;	       /* first time Up, 0 if never */
	int64_t hungup_us;	       /* 0 while alive */
	int64_t billsec;	       /* from Cdr BillableSeconds, -1 if none */
	bool hungup;
	bool on_hold;
	bool from_snapshot; /* learned from CoreShowChannel/Status (resync) */
};

struct calltab_call {
	char linkedid[CALLTAB_ID];
	size_t nchans; /* channels (alive or lingering) */
	size_t nalive;
	int64_t created_us;  /* earliest channel creation */
	int64_t answered_us; /* earliest answer of any channel, 0 if none */
	int64_t ended_us;    /* when the last channel hung up, 0 while alive */
	enum calltab_state state;
};

struct calltab_limits {
	uint32_t max_channels; /* 0 = 4096 */
	int64_t linger_us;     /* 0 = 10 s; how long a hung-up channel stays visible */
};

struct calltab_stats {
	size_t channels;
	size_t calls;
	size_t bridges;
	uint64_t updates; /* events that changed something */
	uint64_t refused; /* new channels refused: table full of live channels */
	uint64_t evicted; /* hung-up channels dropped early to make room */
	size_t bytes;	  /* memory held */
};

/* NULL when out of memory. lim NULL = defaults. */
struct calltab *calltab_new(const struct calltab_limits *lim);
void calltab_free(struct calltab *t);

/*
 * Apply one event received at now_us. Events the table does not track are ignored
 * quickly (one table lookup). calltab_apply() is the same with the role already known
 * (model_ingest looks it up once per event name).
 */
void calltab_update(struct calltab *t, const struct ami_msg *m, int64_t now_us);
void calltab_apply(struct calltab *t, enum evtab_role role, const struct ami_msg *m,
		   int64_t now_us);

/* Drop hung-up channels whose linger time has passed (and calls left empty). */
void calltab_expire(struct calltab *t, int64_t now_us);

/*
 * Resync after a reconnect: begin marks every channel; apply the CoreShowChannel or
 * Status list items (through calltab_update) and any live events; end drops the
 * channels no item mentioned (they hung up while we were away) and returns how many.
 */
void calltab_resync_begin(struct calltab *t);
size_t calltab_resync_end(struct calltab *t, int64_t now_us);

/* Changes whenever anything visible changes (redraw hint). */
uint64_t calltab_generation(const struct calltab *t);
void calltab_stats(const struct calltab *t, struct calltab_stats *out);

/* Lookups; NULL when absent. */
const struct calltab_chan *calltab_find_uid(const struct calltab *t, const char *uniqueid);
const struct calltab_chan *calltab_find_name(const struct calltab *t, const char *name);
const struct calltab_call *calltab_find_call(const struct calltab *t, const char *linkedid);

/*
 * Calls, oldest first: fills out[0..cap) and returns the total number (which may be
 * larger than cap).
 */
size_t calltab_calls(const struct calltab *t, const struct calltab_call **out, size_t cap);

/* The channels of a call, oldest first; same contract. */
size_t calltab_call_chans(const struct calltab *t, const struct calltab_call *c,
			  const struct calltab_chan **out, size_t cap);

/* Every channel (alive or lingering), oldest first; same contract. */
size_t calltab_chans(const struct calltab *t, const struct calltab_chan **out, size_t cap);

/* The other channels in ch's bridge; same contract. */
size_t calltab_peers(const struct calltab *t, const struct calltab_chan *ch,
		     const struct calltab_chan **out, size_t cap);

/*
 * Durations in µs at now_us (frozen once ended): total since creation, talk since
 * the first answer (0 if never answered).
 */
int64_t calltab_chan_total(const struct calltab_chan *ch, int64_t now_us);
int64_t calltab_chan_talk(const struct calltab_chan *ch, int64_t now_us);
int64_t calltab_call_total(const struct calltab_call *c, int64_t now_us);
int64_t calltab_call_talk(const struct calltab_call *c, int64_t now_us);

/* A duration as the Calls screen shows it: "m:ss", "h:mm:ss", "-" when none. */
void calltab_fmt_duration(int64_t us, char *buf, size_t cap);

/* A party as the Calls screen shows it: `num "name"`, or whichever is known ("" if none). */
void calltab_fmt_party(const char *num, const char *name, char *buf, size_t cap);

/*
 * Live (not hung-up) channels whose name matches the POSIX extended regex re (as
 * Hangup's "/regex/" Channel does). Returns the count, or -1 when re does not compile
 * or would cost too much to compile (evfilter_regex_affordable()).
 */
long calltab_count_matching(const struct calltab *t, const char *re);

#endif
