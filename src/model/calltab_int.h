/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table's layout, shared by its storage (calltab.c) and event handling (calltab_apply.c). */
#ifndef AMITUI_MODEL_CALLTAB_INT_H
#define AMITUI_MODEL_CALLTAB_INT_H

#include "model/calltab.h"

#define CT_BRIDGE_MEMBERS 32
#define CT_NONE (-1)

/* A string -> index map with open addressing; keys live in the indexed objects. */
struct ct_map {
	uint32_t *hash;
	int32_t *idx; /* CT_NONE = empty */
	uint32_t mask;
	uint32_t n;
};

struct ct_chan {
	struct calltab_chan pub;
	bool used;
	bool marked;	      /* resync: mentioned by the snapshot */
	int32_t call;	      /* its call */
	int32_t cprev, cnext; /* in the call's channel list, oldest first */
	int32_t aprev, anext; /* all channels, oldest first */
	int32_t hprev, hnext; /* hung-up channels, in hangup order */
	int32_t bridge;	      /* bridge index or CT_NONE */
};

struct ct_call {
	struct calltab_call pub;
	bool used;
	bool dirty;	     /* pub's summary is recomputed when asked (calltab_calls, find_call) */
	int32_t first, last; /* channels */
	int32_t aprev, anext; /* all calls, oldest first */
};

struct ct_bridge {
	char id[CALLTAB_ID];
	bool used;
	int32_t members[CT_BRIDGE_MEMBERS];
	uint32_t n;
};

struct calltab {
	struct calltab_limits lim;
	struct ct_chan *chans;
	struct ct_call *calls;
	struct ct_bridge *bridges;
	uint32_t nbridges_max;
	int32_t free_chan, free_call; /* free lists through anext */
	int32_t achead, actail;	      /* channels by age */
	int32_t hhead, htail;	      /* hung-up channels by hangup time */
	int32_t cahead, catail;	      /* calls by age */
	struct ct_map by_uid, by_name, by_call, by_bridge;
	size_t nchans, ncalls, nbridges;
	uint64_t gen, updates, refused, evicted;
};

/* Maps: find, insert (key must be unique), remove. key_of gives the key of an index. */
typedef const char *(*ct_key_fn)(const struct calltab *t, int32_t idx);
int32_t ct_map_find(const struct calltab *t, const struct ct_map *m, ct_key_fn key,
		    struct ami_str k);
bool ct_map_put(const struct calltab *t, struct ct_map *m, ct_key_fn key, int32_t idx);
void ct_map_del(const struct calltab *t, struct ct_map *m, ct_key_fn key, int32_t idx);

const char *ct_uid_key(const struct calltab *t, int32_t i);
const char *ct_name_key(const struct calltab *t, int32_t i);
const char *ct_call_key(const struct calltab *t, int32_t i);
const char *ct_bridge_key(const struct calltab *t, int32_t i);

/* Channels and calls: lifecycle used by the event handlers. */
int32_t ct_chan_get(struct calltab *t, struct ami_str uid, struct ami_str name,
		    struct ami_str linkedid, int64_t now_us);
void ct_chan_rename(struct calltab *t, int32_t c, struct ami_str name);
void ct_chan_set_call(struct calltab *t, int32_t c, struct ami_str linkedid);
void ct_chan_hangup(struct calltab *t, int32_t c, int64_t now_us);
void ct_chan_drop(struct calltab *t, int32_t c);
void ct_bridge_join(struct calltab *t, int32_t c, struct ami_str bridge);
void ct_bridge_leave(struct calltab *t, int32_t c);
void ct_bridge_destroy(struct calltab *t, struct ami_str bridge);
/* A call's channels changed: drop it when empty, else mark its summary stale. */
void ct_call_refresh(struct calltab *t, int32_t call);
/* Recompute a stale summary now. */
void ct_call_summarise(struct calltab *t, int32_t call);

/* The headers the handlers read. _(NAME, "Header") */
#define CT_FIELD_INFO(_)                          \
	_(CHANNEL, "Channel")                     \
	_(CHANNELSTATE, "ChannelState")           \
	_(CHANNELSTATEDESC, "ChannelStateDesc")   \
	_(CALLERIDNUM, "CallerIDNum")             \
	_(CALLERIDNAME, "CallerIDName")           \
	_(CONNECTEDLINENUM, "ConnectedLineNum")   \
	_(CONNECTEDLINENAME, "ConnectedLineName") \
	_(CONTEXT, "Context")                     \
	_(EXTEN, "Exten")                         \
	_(UNIQUEID, "Uniqueid")                   \
	_(LINKEDID, "Linkedid")                   \
	_(APPLICATION, "Application")             \
	_(APPDATA, "AppData")                     \
	_(APPLICATIONDATA, "ApplicationData")     \
	_(DATA, "Data")                           \
	_(BRIDGEUNIQUEID, "BridgeUniqueid")       \
	_(BRIDGEID, "BridgeId")                   \
	_(NEWNAME, "Newname")                     \
	_(CAUSE, "Cause")                         \
	_(CAUSETXT, "Cause-txt")                  \
	_(DIALSTRING, "DialString")               \
	_(DIALSTATUS, "DialStatus")               \
	_(DURATION, "Duration")                   \
	_(SECONDS, "Seconds")                     \
	_(RESPONSE, "Response")                   \
	_(REASON, "Reason")                       \
	_(BILLABLESECONDS, "BillableSeconds")     \
	_(PRIVILEGE, "Privilege")

enum ct_field {
#define CT_FIELD_ENUM(name, hdr) F_##name,
	CT_FIELD_INFO(CT_FIELD_ENUM)
#undef CT_FIELD_ENUM
	    F_COUNT
};

/* The values of one event: own headers and the Dest-prefixed ones (DialBegin/End). */
struct ct_picked {
	struct ami_str own[F_COUNT];
	bool has_dest; /* dest[] is set (cleared) only once a Dest header is met */
	struct ami_str dest[F_COUNT];
};

/*
 * One pass over m's headers: the fields above, and (k may be NULL) the keys every
 * consumer needs, the same evtab_keys() finds; model_ingest uses it for tracked events.
 */
void ct_pick(const struct ami_msg *m, struct ct_picked *p, struct evtab_keys *k);
void ct_apply_picked(struct calltab *t, enum evtab_role role, const struct ct_picked *p,
		     int64_t now_us);

/* A lookup key cut like the stored copy (cap includes the NUL). */
static inline struct ami_str cut(struct ami_str k, size_t cap)
{
	if (k.p && k.n > cap - 1)
		k.n = cap - 1;
	return k;
}

/* Copy a value into a fixed field, truncated; "<unknown>" becomes "". */
void ct_set(char *dst, size_t cap, struct ami_str v);

#endif
