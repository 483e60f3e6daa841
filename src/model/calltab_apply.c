/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table's event handling: one pass picks the headers, then each role applies them. */
#include "model/calltab.h"
#include "calltab_int.h"
#include "bytes_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const field_names[] = {
#define CT_FIELD_NAME(name, hdr) hdr,
	CT_FIELD_INFO(CT_FIELD_NAME)
#undef CT_FIELD_NAME
};

static const uint8_t field_len[] = {
#define CT_FIELD_LEN(name, hdr) sizeof hdr - 1,
	CT_FIELD_INFO(CT_FIELD_LEN)
#undef CT_FIELD_LEN
};

static unsigned char low(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (low((unsigned char)a[i]) != low((unsigned char)b[i]))
			return false;
	return true;
}

/*
 * Header name -> field, for the fields and their Dest-prefixed twins (DialBegin's
 * DestChannel, ...): one open-addressing table hashed on the length, the first byte
 * and the last four bytes, case folded. The multiplier was chosen so the 56 names
 * land in distinct slots and the other headers Asterisk sends most (SystemName,
 * Language, AccountCode, Priority, Variable, ...) mostly in empty ones: a header that
 * is not a field costs one hash and one load, a field one compare. Collisions (a
 * field added later) only lengthen a probe; they never change the result.
 */
#define SLOT_BITS 9u
#define SLOTS (1u << SLOT_BITS)
#define DEST "Dest"
#define DEST_LEN 4u
#define MAX_FIELD_LEN 32u

struct fslot {
	uint8_t len; /* 0 = empty */
	int8_t field;
	bool dest;
};

#define CT_FIELD_CHECK(name, hdr)                                              \
	_Static_assert(sizeof hdr - 1 >= 4 && sizeof hdr - 1 <= MAX_FIELD_LEN, \
		       "slot_of() reads the last four bytes: " hdr);
CT_FIELD_INFO(CT_FIELD_CHECK)
#undef CT_FIELD_CHECK

static struct fslot slots[SLOTS];
static char slot_names[SLOTS][DEST_LEN + MAX_FIELD_LEN]; /* apart: read only on a hit */
static bool slots_ready;

static unsigned slot_of(const char *k, size_t n)
{
	uint32_t w;
	memcpy(&w, k + n - 4, 4); /* n >= 4: every field name is */
	w |= 0x20202020u;	  /* case folded (digits and '-' only gain a bit) */
	w ^= (uint32_t)n << 24 ^ (uint32_t)(unsigned char)(k[0] | 0x20);
	return (w * 0x907fca65u) >> (32u - SLOT_BITS);
}

static void put_slot(const char *name, size_t len, int f, bool dest)
{
	unsigned h = slot_of(name, len);
	while (slots[h].len)
		h = (h + 1) & (SLOTS - 1);
	slots[h].len = (uint8_t)len;
	slots[h].field = (int8_t)f;
	slots[h].dest = dest;
	memcpy(slot_names[h], name, len);
}

static void build_slots(void)
{
	for (int f = 0; f < F_COUNT; f++) {
		char dest[sizeof slot_names[0]];
		size_t n = field_len[f];
		put_slot(field_names[f], n, f, false);
		memcpy(dest, DEST, DEST_LEN);
		memcpy(dest + DEST_LEN, field_names[f], n);
		put_slot(dest, DEST_LEN + n, f, true);
	}
	slots_ready = true;
}

/* The slot of header k (exact spelling first, then any case), NULL when not a field. */
static const struct fslot *field_of(const char *k, size_t n)
{
	if (n < 4 || n > DEST_LEN + MAX_FIELD_LEN)
		return NULL;
	for (unsigned h = slot_of(k, n); slots[h].len; h = (h + 1) & (SLOTS - 1)) {
		const struct fslot *s = &slots[h];
		if (s->len == n && (bytes_eq(k, slot_names[h], n) || ieq(k, slot_names[h], n)))
			return s;
	}
	return NULL;
}

void ct_pick(const struct ami_msg *m, struct ct_picked *p, struct evtab_keys *k)
{
	if (!slots_ready)
		build_slots();
	memset(p->own, 0, sizeof p->own);
	p->has_dest = false;
	for (uint32_t i = 1; i < m->nhdrs; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		const struct fslot *s = h->val ? field_of(h->key, h->klen) : NULL;
		if (!s)
			continue;
		struct ami_str *slot = s->dest ? p->dest : p->own;
		if (s->dest && !p->has_dest) {
			memset(p->dest, 0, sizeof p->dest);
			p->has_dest = true;
		}
		if (!slot[s->field].p)
			slot[s->field] = ami_str_make(h->val, h->vlen);
	}
	if (k)
		*k = (struct evtab_keys){
			.name = ami_msg_name(m),
			.privilege = p->own[F_PRIVILEGE],
			.channel = p->own[F_CHANNEL],
			.uniqueid = p->own[F_UNIQUEID],
			.linkedid = p->own[F_LINKEDID],
		};
}

static long to_long(struct ami_str v, long dflt)
{
	unsigned long u;
	return ami_str_to_ulong(v, &u) && u <= 0x7fffffffUL ? (long)u : dflt;
}

/* "HH:MM:SS" (CoreShowChannel) or plain seconds (Status), in µs; -1 if neither. */
static int64_t duration_us(struct ami_str v)
{
	long total = 0, part = 0;
	int fields = 0;
	if (!v.p || v.n == 0)
		return -1;
	for (size_t i = 0; i <= v.n; i++) {
		if (i == v.n || v.p[i] == ':') {
			total = total * 60 + part;
			part = 0;
			fields++;
		} else if (v.p[i] >= '0' && v.p[i] <= '9') {
			part = part * 10 + (v.p[i] - '0');
		} else {
			return -1;
		}
	}
	return fields <= 3 ? (int64_t)total * 1000000 : -1;
}

/* The standard channel block: state, caller, connected line, place in the dialplan. */
static void apply_block(struct calltab *t, int32_t i, const struct ami_str *f, int64_t now)
{
	struct calltab_chan *c = &t->chans[i].pub;
	if (f[F_CHANNELSTATE].p)
		c->state = (int)to_long(f[F_CHANNELSTATE], c->state);
	if (f[F_CHANNELSTATEDESC].p)
		ct_set(c->state_desc, sizeof c->state_desc, f[F_CHANNELSTATEDESC]);
	if (f[F_CALLERIDNUM].p)
		ct_set(c->cid_num, sizeof c->cid_num, f[F_CALLERIDNUM]);
	if (f[F_CALLERIDNAME].p)
		ct_set(c->cid_name, sizeof c->cid_name, f[F_CALLERIDNAME]);
	if (f[F_CONNECTEDLINENUM].p)
		ct_set(c->conn_num, sizeof c->conn_num, f[F_CONNECTEDLINENUM]);
	if (f[F_CONNECTEDLINENAME].p)
		ct_set(c->conn_name, sizeof c->conn_name, f[F_CONNECTEDLINENAME]);
	if (f[F_CONTEXT].p)
		ct_set(c->context, sizeof c->context, f[F_CONTEXT]);
	if (f[F_EXTEN].p)
		ct_set(c->exten, sizeof c->exten, f[F_EXTEN]);
	if (c->state == 6 && !c->answered_us)
		c->answered_us = now;
	if (f[F_CHANNEL].p)
		ct_chan_rename(t, i, f[F_CHANNEL]);
	if (f[F_LINKEDID].p && f[F_LINKEDID].n)
		ct_chan_set_call(t, i, f[F_LINKEDID]);
	t->chans[i].marked = true;
}

/* The channel an event is about, created from its block when new. */
static int32_t chan_of(struct calltab *t, const struct ami_str *f, int64_t now, bool create)
{
	if (!create) {
		struct ami_str uid = f[F_UNIQUEID];
		if (uid.p && uid.n > CALLTAB_ID - 1)
			uid.n = CALLTAB_ID - 1;
		return ct_map_find(t, &t->by_uid, ct_uid_key, uid);
	}
	return ct_chan_get(t, f[F_UNIQUEID], f[F_CHANNEL], f[F_LINKEDID], now);
}

static void apply_snapshot(struct calltab *t, int32_t i, const struct ami_str *f, int64_t now)
{
	struct calltab_chan *c = &t->chans[i].pub;
	bool fresh = !c->from_snapshot && c->created_us == now && !c->answered_us;
	ct_set(c->app, sizeof c->app, f[F_APPLICATION]);
	ct_set(c->appdata, sizeof c->appdata,
	       f[F_APPLICATIONDATA].p ? f[F_APPLICATIONDATA] : f[F_DATA]);
	int64_t d = duration_us(f[F_DURATION].p ? f[F_DURATION] : f[F_SECONDS]);
	if (fresh && d >= 0) {
		/* first seen in a snapshot: its age is what the server says */
		c->created_us = now - d;
		c->from_snapshot = true;
	}
	apply_block(t, i, f, now);
	if (fresh && c->state == 6)
		c->answered_us = c->created_us; /* unknown: the best guess is its start */
	struct ami_str b = f[F_BRIDGEID].p ? f[F_BRIDGEID] : f[F_BRIDGEUNIQUEID];
	if (b.p && b.n)
		ct_bridge_join(t, i, b);
	else if (b.p)
		ct_bridge_leave(t, i);
}

static void apply_dial(struct calltab *t, enum evtab_role role, int32_t i,
		       const struct ct_picked *p, int64_t now)
{
	int32_t d = CT_NONE;
	if (p->has_dest)
		d = ct_chan_get(t, p->dest[F_UNIQUEID], p->dest[F_CHANNEL], p->dest[F_LINKEDID],
				now);
	if (d != CT_NONE) {
		apply_block(t, d, p->dest, now);
		if (role == EVTAB_ROLE_DIAL_END)
			ct_set(t->chans[d].pub.dialstatus, sizeof t->chans[d].pub.dialstatus,
			       p->own[F_DIALSTATUS]);
	}
	if (i == CT_NONE)
		return;
	struct calltab_chan *c = &t->chans[i].pub;
	if (role == EVTAB_ROLE_DIAL_BEGIN)
		ct_set(c->dialstring, sizeof c->dialstring, p->own[F_DIALSTRING]);
	else
		ct_set(c->dialstatus, sizeof c->dialstatus, p->own[F_DIALSTATUS]);
}

/* Roles that need no channel of their own, or only look one up. */
static bool apply_lookup_roles(struct calltab *t, enum evtab_role role, const struct ct_picked *p)
{
	const struct ami_str *f = p->own;
	int32_t i;
	switch (role) {
	case EVTAB_ROLE_BRIDGE_CREATE:
		return true; /* created when a channel enters */
	case EVTAB_ROLE_BRIDGE_DESTROY:
		ct_bridge_destroy(t, f[F_BRIDGEUNIQUEID]);
		return true;
	case EVTAB_ROLE_CDR:
		if ((i = chan_of(t, f, 0, false)) != CT_NONE)
			t->chans[i].pub.billsec = to_long(f[F_BILLABLESECONDS], -1);
		return true;
	case EVTAB_ROLE_ORIGINATE:
		if ((i = chan_of(t, f, 0, false)) != CT_NONE) {
			struct calltab_chan *c = &t->chans[i].pub;
			ct_set(c->dialstatus, sizeof c->dialstatus, f[F_RESPONSE]);
		}
		return true;
	default:
		return false;
	}
}

void calltab_apply(struct calltab *t, enum evtab_role role, const struct ami_msg *m, int64_t now_us)
{
	if (role == EVTAB_ROLE_NONE || role >= EVTAB_ROLE_COUNT)
		return;
	struct ct_picked p;
	ct_pick(m, &p, NULL);
	ct_apply_picked(t, role, &p, now_us);
}

void ct_apply_picked(struct calltab *t, enum evtab_role role, const struct ct_picked *p,
		     int64_t now_us)
{
	if (role == EVTAB_ROLE_NONE || role >= EVTAB_ROLE_COUNT)
		return;
	t->updates++;
	t->gen++;
	if (apply_lookup_roles(t, role, p))
		return;
	const struct ami_str *f = p->own;
	/* an Originate's DialBegin has no caller: only the Dest side exists */
	int32_t i = chan_of(t, f, now_us, true);
	if (role == EVTAB_ROLE_DIAL_BEGIN || role == EVTAB_ROLE_DIAL_END) {
		if (i != CT_NONE)
			apply_block(t, i, f, now_us);
		apply_dial(t, role, i, p, now_us);
		return;
	}
	if (i == CT_NONE)
		return;
	struct calltab_chan *c = &t->chans[i].pub;
	if (role == EVTAB_ROLE_SNAPSHOT) {
		apply_snapshot(t, i, f, now_us);
		return;
	}
	if (role == EVTAB_ROLE_NEWEXTEN && c->state >= 0) {
		/*
		 * The commonest tracked event: a dialplan step of a channel already known.
		 * Its block repeats what Newstate/NewCallerid said; only the place moved.
		 */
		ct_set(c->context, sizeof c->context, f[F_CONTEXT]);
		ct_set(c->exten, sizeof c->exten, f[F_EXTEN]);
		ct_set(c->app, sizeof c->app, f[F_APPLICATION]);
		ct_set(c->appdata, sizeof c->appdata, f[F_APPDATA]);
		t->chans[i].marked = true;
		return;
	}
	apply_block(t, i, f, now_us);
	switch (role) {
	case EVTAB_ROLE_RENAME:
		ct_chan_rename(t, i, f[F_NEWNAME]);
		break;
	case EVTAB_ROLE_HANGUP:
		c->cause = (int)to_long(f[F_CAUSE], -1);
		ct_set(c->cause_txt, sizeof c->cause_txt, f[F_CAUSETXT]);
		ct_chan_hangup(t, i, now_us);
		break;
	case EVTAB_ROLE_NEWEXTEN:
		ct_set(c->app, sizeof c->app, f[F_APPLICATION]);
		ct_set(c->appdata, sizeof c->appdata, f[F_APPDATA]);
		break;
	case EVTAB_ROLE_BRIDGE_ENTER:
		ct_bridge_join(t, i, f[F_BRIDGEUNIQUEID]);
		break;
	case EVTAB_ROLE_BRIDGE_LEAVE:
		ct_bridge_leave(t, i);
		break;
	case EVTAB_ROLE_HOLD:
	case EVTAB_ROLE_UNHOLD:
		c->on_hold = role == EVTAB_ROLE_HOLD;
		break;
	default:
		break;
	}
	ct_call_refresh(t, t->chans[i].call);
}

void calltab_update(struct calltab *t, const struct ami_msg *m, int64_t now_us)
{
	if (m->kind != AMI_MSG_EVENT)
		return;
	const struct evtab_info *e = evtab_find(ami_msg_name(m));
	if (e)
		calltab_apply(t, e->role, m, now_us);
}
