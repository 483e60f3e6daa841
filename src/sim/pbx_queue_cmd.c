/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Queue actions (QueueStatus, QueueSummary, QueueAdd, QueueRemove, QueuePause) and queue show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "pbx_int.h"

static void hdr(struct sim_reply *r, const char *name, char *dst, size_t cap)
{
	ami_msg_cstr(r->req, name, dst, cap);
}

static const char *idtext(const struct sim_reply *r, char *buf, size_t cap)
{
	if (r->actionid[0])
		snprintf(buf, cap, "ActionID: %s\r\n", r->actionid);
	else
		buf[0] = '\0';
	return buf;
}

static double sl_perf(const struct pbx_queue *q)
{
	return q->completed ? 100.0 * (double)q->completed_in_sl / (double)q->completed : 0.0;
}

static double sl_perf2(const struct pbx_queue *q)
{
	unsigned all = q->completed + q->abandoned;
	return all ? 100.0 * (double)q->completed_in_sl / (double)all : 0.0;
}

static unsigned status_params(struct sim_pbx *p, struct sim_reply *r, struct pbx_queue *q,
			      const char *memberfilter, const char *id)
{
	struct ami_buf *o = r->out;
	unsigned items = 1;
	ami_buf_printf(o,
		       "Event: QueueParams\r\nQueue: %s\r\nMax: %d\r\nStrategy: %s\r\nCalls: %u\r\n"
		       "Holdtime: %u\r\nTalkTime: %u\r\nCompleted: %u\r\nAbandoned: %u\r\n"
		       "ServiceLevel: %d\r\nServicelevelPerf: %2.1f\r\nServicelevelPerf2: %2.1f\r\n"
		       "Weight: 0\r\n%s\r\n",
		       q->name, q->maxlen, q->strategy, q->ncaller, q->holdtime, q->talktime,
		       q->completed, q->abandoned, q->servicelevel, sl_perf(q), sl_perf2(q), id);
	for (unsigned i = 0; i < q->nmember; i++) {
		const struct pbx_member *m = &q->member[i];
		if (*memberfilter && strcmp(m->interface, memberfilter) &&
		    strcmp(m->name, memberfilter))
			continue;
		ami_buf_printf(
		    o,
		    "Event: QueueMember\r\nQueue: %s\r\nName: %s\r\nLocation: %s\r\n"
		    "StateInterface: %s\r\nMembership: %s\r\nPenalty: %d\r\n"
		    "CallsTaken: %u\r\nLastCall: %llu\r\nLastPause: %llu\r\nLoginTime: %llu\r\n"
		    "InCall: %d\r\nStatus: %d\r\nPaused: %d\r\nPausedReason: %s\r\n"
		    "Wrapuptime: 0\r\n%s\r\n",
		    q->name, m->name, m->interface, m->state_if, m->dynamic ? "dynamic" : "static",
		    m->penalty, m->calls, (unsigned long long)m->lastcall,
		    (unsigned long long)m->lastpause, (unsigned long long)m->logintime,
		    m->incall ? 1 : 0, (int)m->status, m->paused ? 1 : 0, m->paused_reason, id);
		items++;
	}
	uint64_t now = pbx_now(p);
	for (unsigned i = 0; i < q->ncaller; i++) {
		const struct pbx_chan *c = q->caller[i];
		ami_buf_printf(
		    o,
		    "Event: QueueEntry\r\nQueue: %s\r\nPosition: %u\r\nChannel: %s\r\n"
		    "Uniqueid: %s\r\nCallerIDNum: %s\r\nCallerIDName: %s\r\n"
		    "ConnectedLineNum: %s\r\nConnectedLineName: %s\r\nWait: %llu\r\n"
		    "Priority: 0\r\n%s\r\n",
		    q->name, i + 1, c->name, c->uniqueid, *c->cid_num ? c->cid_num : "unknown",
		    *c->cid_name ? c->cid_name : "unknown", *c->con_num ? c->con_num : "unknown",
		    *c->con_name ? c->con_name : "unknown",
		    (unsigned long long)((now - c->queue_join_ms) / 1000), id);
		items++;
	}
	return items;
}

static void queue_status(struct sim_pbx *p, struct sim_reply *r)
{
	char qf[PBX_FIELD_MAX], mf[PBX_NAME_MAX], id[300];
	hdr(r, "Queue", qf, sizeof(qf));
	hdr(r, "Member", mf, sizeof(mf));
	idtext(r, id, sizeof(id));
	sim_reply_listack(r, "Queue status will follow");
	unsigned items = 0;
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		const char *a = q->name, *b = qf;
		if (*qf) {
			while (*a && *b && ((*a | 0x20) == (*b | 0x20)))
				a++, b++;
			if (*a || *b)
				continue;
		}
		items += status_params(p, r, q, mf, id);
	}
	sim_reply_list_complete(r, "QueueStatusComplete", items);
	sim_reply_end(r);
}

static void queue_summary(struct sim_pbx *p, struct sim_reply *r)
{
	char qf[PBX_FIELD_MAX], id[300];
	hdr(r, "Queue", qf, sizeof(qf));
	idtext(r, id, sizeof(id));
	sim_reply_listack(r, "Queue summary will follow");
	unsigned n = 0;
	uint64_t now = pbx_now(p);
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		if (*qf && strcmp(q->name, qf))
			continue;
		unsigned logged = 0, avail = 0;
		for (unsigned k = 0; k < q->nmember; k++) {
			const struct pbx_member *m = &q->member[k];
			if (m->status == PBX_DEV_UNAVAILABLE || m->status == PBX_DEV_INVALID)
				continue;
			logged++;
			if ((m->status == PBX_DEV_NOT_INUSE || m->status == PBX_DEV_UNKNOWN) &&
			    !m->paused)
				avail++;
		}
		uint64_t longest = 0;
		for (unsigned k = 0; k < q->ncaller; k++) {
			uint64_t w = (now - q->caller[k]->queue_join_ms) / 1000;
			if (w > longest)
				longest = w;
		}
		ami_buf_printf(
		    r->out,
		    "Event: QueueSummary\r\nQueue: %s\r\nLoggedIn: %u\r\nAvailable: %u\r\n"
		    "Callers: %u\r\nHoldTime: %u\r\nTalkTime: %u\r\nLongestHoldTime: %llu\r\n"
		    "%s\r\n",
		    q->name, logged, avail, q->ncaller, q->holdtime, q->talktime,
		    (unsigned long long)longest, id);
		n++;
	}
	sim_reply_list_complete(r, "QueueSummaryComplete", n);
	sim_reply_end(r);
}

static bool ast_true(const char *s)
{
	static const char *const yes[] = { "yes", "true", "y", "t", "1", "on" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		const char *a = yes[i], *b = s;
		while (*a && *b && ((*a | 0x20) == (*b | 0x20)))
			a++, b++;
		if (!*a && !*b)
			return true;
	}
	return false;
}

static void member_event(struct sim_pbx *p, const struct pbx_queue *q, const struct pbx_member *m,
			 const char *event)
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
	pbx_ev_kv(p, "Ringinuse", "0");
	pbx_ev_kv(p, "Wrapuptime", "0");
	pbx_ev_send(p, AMI_PERM_AGENT, event);
}

static int find_member(const struct pbx_queue *q, const char *iface)
{
	for (unsigned i = 0; i < q->nmember; i++)
		if (!strcmp(q->member[i].interface, iface))
			return (int)i;
	return -1;
}

static void queue_add(struct sim_pbx *p, struct sim_reply *r)
{
	char qn[PBX_FIELD_MAX], iface[PBX_NAME_MAX], name[PBX_FIELD_MAX], pen[16], paused[16];
	hdr(r, "Queue", qn, sizeof(qn));
	hdr(r, "Interface", iface, sizeof(iface));
	hdr(r, "MemberName", name, sizeof(name));
	hdr(r, "Penalty", pen, sizeof(pen));
	hdr(r, "Paused", paused, sizeof(paused));
	if (!*qn) {
		sim_reply_error(r, "'Queue' not specified.");
		return;
	}
	if (!*iface) {
		sim_reply_error(r, "'Interface' not specified.");
		return;
	}
	struct pbx_queue *q = pbx_queue_find(p, qn);
	if (!q) {
		sim_reply_error(r, "Unable to add interface to queue: No such queue");
		return;
	}
	if (find_member(q, iface) >= 0) {
		sim_reply_error(r, "Unable to add interface: Already there");
		return;
	}
	if (!pbx_queue_member_add(p, q, iface, name, true, false)) {
		sim_reply_error(r, "Out of memory");
		return;
	}
	struct pbx_member *m = &q->member[q->nmember - 1];
	m->penalty = atoi(pen);
	m->paused = ast_true(paused);
	sim_reply_ack(r, "Added interface to queue");
	member_event(p, q, m, "QueueMemberAdded");
}

static void queue_remove(struct sim_pbx *p, struct sim_reply *r)
{
	char qn[PBX_FIELD_MAX], iface[PBX_NAME_MAX];
	hdr(r, "Queue", qn, sizeof(qn));
	hdr(r, "Interface", iface, sizeof(iface));
	if (!*qn || !*iface) {
		sim_reply_error(r, "Need 'Queue' and 'Interface' parameters.");
		return;
	}
	struct pbx_queue *q = pbx_queue_find(p, qn);
	if (!q) {
		sim_reply_error(r, "Unable to remove interface from queue: No such queue");
		return;
	}
	int i = find_member(q, iface);
	if (i < 0) {
		sim_reply_error(r, "Unable to remove interface: Not there");
		return;
	}
	if (!q->member[i].dynamic) {
		sim_reply_error(r, "Member not dynamic");
		return;
	}
	struct pbx_member gone = q->member[i];
	memmove(&q->member[i], &q->member[i + 1], (q->nmember - (unsigned)i - 1) * sizeof(gone));
	q->nmember--;
	/* member indexes of channels ringing later members shift down */
	for (struct pbx_chan *c = p->live_head; c; c = c->next_live)
		if (c->mqueue == q && c->member > i)
			c->member--;
		else if (c->mqueue == q && c->member == i)
			c->member = -1;
	sim_reply_ack(r, "Removed interface from queue");
	member_event(p, q, &gone, "QueueMemberRemoved");
}

static void queue_pause(struct sim_pbx *p, struct sim_reply *r)
{
	char qn[PBX_FIELD_MAX], iface[PBX_NAME_MAX], paused[16], reason[PBX_FIELD_MAX];
	hdr(r, "Queue", qn, sizeof(qn));
	hdr(r, "Interface", iface, sizeof(iface));
	hdr(r, "Paused", paused, sizeof(paused));
	hdr(r, "Reason", reason, sizeof(reason));
	if (!*iface || !*paused) {
		sim_reply_error(r, "Need 'Interface' and 'Paused' parameters.");
		return;
	}
	bool on = ast_true(paused), found = false;
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		if (*qn && strcmp(q->name, qn))
			continue;
		int k = find_member(q, iface);
		if (k < 0)
			continue;
		found = true;
	}
	if (!found) {
		sim_reply_error(r, "Interface not found");
		return;
	}
	sim_reply_ack(r, on ? "Interface paused successfully" : "Interface unpaused successfully");
	for (unsigned i = 0; i < p->nqueue; i++) {
		struct pbx_queue *q = p->queues[i];
		int k = (*qn && strcmp(q->name, qn)) ? -1 : find_member(q, iface);
		if (k < 0)
			continue;
		struct pbx_member *m = &q->member[k];
		m->paused = on;
		PBX_SET(m->paused_reason, on ? reason : "");
		if (on)
			m->lastpause = pbx_wall_s(p);
		member_event(p, q, m, "QueueMemberPause");
	}
}

bool pbx_queue_action(struct sim_pbx *p, const char *name, struct sim_reply *r)
{
	static const struct {
		const char *name;
		void (*fn)(struct sim_pbx *, struct sim_reply *);
	} tab[] = {
		{ "QueueStatus", queue_status }, { "QueueSummary", queue_summary },
		{ "QueueAdd", queue_add },	 { "QueueRemove", queue_remove },
		{ "QueuePause", queue_pause },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		const char *a = tab[i].name, *b = name;
		while (*a && *b && ((*a | 0x20) == (*b | 0x20)))
			a++, b++;
		if (!*a && !*b) {
			tab[i].fn(p, r);
			return true;
		}
	}
	return false;
}

/* ---- queue show ---- */

static void show_member(struct sim_pbx *p, const struct pbx_member *m, struct ami_buf *out)
{
	uint64_t now = pbx_wall_s(p);
	ami_buf_printf(out, "      %s", m->name);
	if (strcmp(m->name, m->interface))
		ami_buf_printf(out, " (%s)", m->interface);
	if (m->penalty)
		ami_buf_printf(out, " with penalty %d", m->penalty);
	ami_buf_adds(out, " (ringinuse disabled)");
	if (m->dynamic)
		ami_buf_adds(out, " (dynamic)");
	if (m->incall)
		ami_buf_adds(out, " (in call)");
	if (m->paused)
		ami_buf_printf(out, " (paused%s%s was %llu secs ago)", *m->paused_reason ? ":" : "",
			       m->paused_reason, (unsigned long long)(now - m->lastpause));
	ami_buf_printf(out, " (%s)", pbx_devstate_cli(m->status));
	if (m->calls)
		ami_buf_printf(out, " has taken %u calls (last was %llu secs ago)", m->calls,
			       (unsigned long long)(now - m->lastcall));
	else
		ami_buf_adds(out, " has taken no calls yet");
	ami_buf_printf(out, " (login was %llu secs ago)\n",
		       (unsigned long long)(now - m->logintime));
}

static void show_one(struct sim_pbx *p, const struct pbx_queue *q, struct ami_buf *out)
{
	ami_buf_printf(out, "%s has %u call%s (max ", q->name, q->ncaller,
		       q->ncaller == 1 ? "" : "s");
	if (q->maxlen)
		ami_buf_printf(out, "%d", q->maxlen);
	else
		ami_buf_adds(out, "unlimited");
	ami_buf_printf(out,
		       ") in '%s' strategy (%us holdtime, %us talktime), W:0, C:%u, A:%u, "
		       "SL:%2.1f%%, SL2:%2.1f%% within %ds\n",
		       q->strategy, q->holdtime, q->talktime, q->completed, q->abandoned,
		       sl_perf(q), sl_perf2(q), q->servicelevel);
	if (!q->nmember) {
		ami_buf_adds(out, "   No Members\n");
	} else {
		ami_buf_adds(out, "   Members: \n");
		for (unsigned i = 0; i < q->nmember; i++)
			show_member(p, &q->member[i], out);
	}
	if (!q->ncaller) {
		ami_buf_adds(out, "   No Callers\n");
	} else {
		uint64_t now = pbx_now(p);
		ami_buf_adds(out, "   Callers: \n");
		for (unsigned i = 0; i < q->ncaller; i++) {
			uint64_t w = (now - q->caller[i]->queue_join_ms) / 1000;
			ami_buf_printf(out, "      %u. %s (wait: %llu:%2.2llu, prio: 0)\n", i + 1,
				       q->caller[i]->name, (unsigned long long)(w / 60),
				       (unsigned long long)(w % 60));
		}
	}
	ami_buf_adds(out, "\n");
}

void pbx_queue_show(struct sim_pbx *p, const char *name, struct ami_buf *out, bool *failed)
{
	bool found = false;
	for (unsigned i = 0; i < p->nqueue; i++) {
		if (name && strcmp(p->queues[i]->name, name))
			continue;
		show_one(p, p->queues[i], out);
		found = true;
	}
	if (!found) {
		if (name)
			ami_buf_printf(out, "No such queue: %s.\n", name);
		else
			ami_buf_adds(out, "No queues.\n");
		(void)failed;
	}
}
