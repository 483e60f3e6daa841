/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Flood: N events per second of realistic call events (a PJSIP call from Newchannel to
 * Cdr, replayed with new names and ids), emitted in batches every 10 ms. Per-event work
 * is a few memcpy's into one reused buffer: the channel blocks are rendered once per call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pbx_int.h"

enum { FLOOD_TICK_MS = 10, FLOOD_STEPS = 22 };

struct flood_chan {
	char head[PBX_NAME_MAX + 16]; /* "Channel: ...\r\n" */
	size_t nhead;
	char tail[1024]; /* "CallerIDNum: ..." to "Linkedid: ...\r\n" */
	size_t ntail;
	char name[PBX_NAME_MAX];
	char uid[PBX_ID_MAX];
};

struct pbx_flood {
	unsigned rate;
	uint32_t gen;
	uint64_t last_ms;
	uint64_t carry; /* events owed, in thousandths */
	unsigned step;
	struct flood_chan a, b;
	char bridge[40];
	char dnum[8];
	char when[32]; /* CDR times of the current call */
	struct ami_buf buf;
};

#define PUT(o, lit) ami_buf_add((o), (lit), sizeof(lit) - 1)

static void put_s(struct ami_buf *o, const char *s)
{
	ami_buf_add(o, s, strlen(s));
}

static void render(struct flood_chan *fc, const char *num, const char *name, const char *cnum,
		   const char *cname, const char *exten, const char *linkedid)
{
	fc->nhead = (size_t)snprintf(fc->head, sizeof(fc->head), "Channel: %s\r\n", fc->name);
	int n = snprintf(fc->tail, sizeof(fc->tail),
			 "CallerIDNum: %s\r\nCallerIDName: %s\r\nConnectedLineNum: %s\r\n"
			 "ConnectedLineName: %s\r\nLanguage: en\r\nAccountCode: \r\n"
			 "Context: from-internal\r\nExten: %s\r\nPriority: 1\r\nUniqueid: %s\r\n"
			 "Linkedid: %s\r\n",
			 num, name, cnum, cname, exten, fc->uid, linkedid);
	fc->ntail = n > 0 && (size_t)n < sizeof(fc->tail) ? (size_t)n : 0;
}

static void new_call(struct sim_pbx *p, struct pbx_flood *f)
{
	unsigned i = pbx_rand_range(&p->rng, 0, PBX_PHONES - 1);
	unsigned j = (i + 1 + pbx_rand_range(&p->rng, 0, PBX_PHONES - 2)) % PBX_PHONES;
	char an[16], bn[16];
	const char *aname = pbx_traffic_name(i, an, sizeof(an));
	const char *bname = pbx_traffic_name(j, bn, sizeof(bn));
	PBX_SET(f->dnum, bn);
	snprintf(f->a.name, sizeof(f->a.name), "PJSIP/%s-%08x", an, p->pjsip_seq++);
	snprintf(f->b.name, sizeof(f->b.name), "PJSIP/%s-%08x", bn, p->pjsip_seq++);
	pbx_new_uniqueid(p, f->a.uid, sizeof(f->a.uid));
	pbx_new_uniqueid(p, f->b.uid, sizeof(f->b.uid));
	char ae[PBX_NAME_MAX], be[PBX_NAME_MAX];
	ami_buf_reset(&p->tmp);
	pbx_escape_c(&p->tmp, aname);
	PBX_SET(ae, p->tmp.p ? p->tmp.p : "");
	ami_buf_reset(&p->tmp);
	pbx_escape_c(&p->tmp, bname);
	PBX_SET(be, p->tmp.p ? p->tmp.p : "");
	render(&f->a, an, ae, bn, be, bn, f->a.uid);
	render(&f->b, an, ae, an, ae, bn, f->a.uid);
	uint64_t hi = pbx_rand(&p->rng), lo = pbx_rand(&p->rng);
	snprintf(f->bridge, sizeof(f->bridge), "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(hi >> 32),
		 (unsigned)(hi >> 16) & 0xffffu, (unsigned)hi & 0xfffu,
		 (unsigned)(0x8000u | ((lo >> 48) & 0x3fffu)),
		 (unsigned long long)(lo & 0xffffffffffffull));
	time_t t = (time_t)(sim_bus_wall_us(p->bus) / 1000000u);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(f->when, sizeof(f->when), "%Y-%m-%d %H:%M:%S", &tm))
		f->when[0] = '\0';
}

static void chan(struct ami_buf *o, const struct flood_chan *fc, const char *prefix, int state)
{
	static const char *const st[] = { "0\r\n", "", "", "", "4\r\n", "5\r\n", "6\r\n" };
	static const char *const sd[] = { "Down", "", "", "", "Ring", "Ringing", "Up" };
	if (*prefix) {
		/* the Dest* block of DialBegin/DialEnd/DialState: rare enough to do slowly */
		const char *s = fc->head;
		put_s(o, prefix);
		ami_buf_add(o, s, fc->nhead);
		put_s(o, prefix);
		PUT(o, "ChannelState: ");
		put_s(o, st[state]);
		put_s(o, prefix);
		PUT(o, "ChannelStateDesc: ");
		put_s(o, sd[state]);
		PUT(o, "\r\n");
		const char *t = fc->tail, *end = fc->tail + fc->ntail;
		while (t < end) {
			const char *nl = strstr(t, "\r\n");
			put_s(o, prefix);
			ami_buf_add(o, t, (size_t)(nl - t) + 2);
			t = nl + 2;
		}
		return;
	}
	ami_buf_add(o, fc->head, fc->nhead);
	PUT(o, "ChannelState: ");
	put_s(o, st[state]);
	PUT(o, "ChannelStateDesc: ");
	put_s(o, sd[state]);
	PUT(o, "\r\n");
	ami_buf_add(o, fc->tail, fc->ntail);
}

static void bridge(struct ami_buf *o, const struct pbx_flood *f, char n)
{
	PUT(o, "BridgeUniqueid: ");
	put_s(o, f->bridge);
	PUT(o, "\r\nBridgeType: basic\r\nBridgeTechnology: simple_bridge\r\n"
	       "BridgeCreator: <unknown>\r\nBridgeName: <unknown>\r\nBridgeNumChannels: ");
	ami_buf_addc(o, n);
	PUT(o, "\r\nBridgeVideoSourceMode: none\r\n");
}

static void cdr(struct ami_buf *o, const struct pbx_flood *f)
{
	const char *num = f->a.tail + 13; /* after "CallerIDNum: " */
	size_t nnum = (size_t)(strstr(num, "\r\n") - num);
	const char *name = num + nnum + 16; /* after "\r\nCallerIDName: " */
	size_t nname = (size_t)(strstr(name, "\r\n") - name);
	PUT(o, "AccountCode: \r\nSource: ");
	ami_buf_add(o, num, nnum);
	PUT(o, "\r\nDestination: ");
	put_s(o, f->dnum);
	PUT(o, "\r\nDestinationContext: from-internal\r\nCallerID: \"");
	ami_buf_add(o, name, nname);
	PUT(o, "\" <");
	ami_buf_add(o, num, nnum);
	PUT(o, ">\r\n");
	ami_buf_add(o, f->a.head, f->a.nhead);
	PUT(o, "DestinationChannel: ");
	put_s(o, f->b.name);
	PUT(o, "\r\nLastApplication: Dial\r\nLastData: PJSIP/");
	put_s(o, f->dnum);
	PUT(o, ",30\r\nStartTime: ");
	put_s(o, f->when);
	PUT(o, "\r\nAnswerTime: ");
	put_s(o, f->when);
	PUT(o, "\r\nEndTime: ");
	put_s(o, f->when);
	PUT(o, "\r\nDuration: 0\r\nBillableSeconds: 0\r\nDisposition: ANSWERED\r\n"
	       "AMAFlags: DOCUMENTATION\r\nUniqueID: ");
	put_s(o, f->a.uid);
	PUT(o, "\r\nUserField: \r\n");
}

/* One event of the template call; returns its name and class. */
static const char *step(struct sim_pbx *p, struct pbx_flood *f, struct ami_buf *o, uint32_t *cat)
{
	*cat = AMI_PERM_CALL;
	switch (f->step) {
	case 0:
		new_call(p, f);
		chan(o, &f->a, "", 4);
		return "Newchannel";
	case 1:
		chan(o, &f->a, "", 4);
		PUT(o, "Extension: ");
		put_s(o, f->dnum);
		PUT(o, "\r\nApplication: Dial\r\nAppData: PJSIP/");
		put_s(o, f->dnum);
		PUT(o, ",30\r\n");
		*cat = AMI_PERM_DIALPLAN;
		return "Newexten";
	case 2:
		chan(o, &f->a, "", 4);
		PUT(o, "Variable: DIALSTATUS\r\nValue: \r\n");
		*cat = AMI_PERM_DIALPLAN;
		return "VarSet";
	case 3:
		chan(o, &f->b, "", 0);
		return "Newchannel";
	case 4:
		chan(o, &f->b, "", 0);
		PUT(o, "CID-CallingPres: 0 (Presentation Allowed, Not Screened)\r\n");
		return "NewCallerid";
	case 5:
		chan(o, &f->a, "", 4);
		chan(o, &f->b, "Dest", 0);
		PUT(o, "DialString: ");
		put_s(o, f->dnum);
		PUT(o, "\r\n");
		return "DialBegin";
	case 6:
		chan(o, &f->b, "", 5);
		return "Newstate";
	case 7:
		chan(o, &f->a, "", 4);
		chan(o, &f->b, "Dest", 5);
		PUT(o, "DialStatus: RINGING\r\n");
		return "DialState";
	case 8:
		chan(o, &f->a, "", 5);
		return "Newstate";
	case 9:
		chan(o, &f->b, "", 6);
		return "Newstate";
	case 10:
		chan(o, &f->a, "", 5);
		chan(o, &f->b, "Dest", 6);
		PUT(o, "DialStatus: ANSWER\r\n");
		return "DialEnd";
	case 11:
		chan(o, &f->a, "", 6);
		return "Newstate";
	case 12:
		bridge(o, f, '0');
		return "BridgeCreate";
	case 13:
		bridge(o, f, '1');
		chan(o, &f->b, "", 6);
		return "BridgeEnter";
	case 14:
		bridge(o, f, '2');
		chan(o, &f->a, "", 6);
		return "BridgeEnter";
	case 15:
		chan(o, &f->a, "", 6);
		PUT(o, "Variable: BRIDGEPEER\r\nValue: ");
		put_s(o, f->b.name);
		PUT(o, "\r\n");
		*cat = AMI_PERM_DIALPLAN;
		return "VarSet";
	case 16:
		bridge(o, f, '1');
		chan(o, &f->b, "", 6);
		return "BridgeLeave";
	case 17:
		chan(o, &f->b, "", 6);
		PUT(o, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
		return "Hangup";
	case 18:
		bridge(o, f, '0');
		chan(o, &f->a, "", 6);
		return "BridgeLeave";
	case 19:
		bridge(o, f, '0');
		return "BridgeDestroy";
	case 20:
		chan(o, &f->a, "", 6);
		PUT(o, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
		return "Hangup";
	default:
		cdr(o, f);
		*cat = AMI_PERM_CDR;
		return "Cdr";
	}
}

void pbx_flood_burst(struct sim_pbx *p, unsigned n)
{
	struct pbx_flood *f = p->flood;
	if (!f) {
		f = p->flood = calloc(1, sizeof(*f));
		if (!f)
			return;
		ami_buf_init(&f->buf, 16 * 1024);
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t cat;
		ami_buf_reset(&f->buf);
		const char *ev = step(p, f, &f->buf, &cat);
		f->step = (f->step + 1) % FLOOD_STEPS;
		if (ami_buf_status(&f->buf) == AMI_OK)
			sim_bus_emit(p->bus, cat, ev, f->buf.p, f->buf.len);
	}
}

static void flood_job(struct sim_pbx *p, uint32_t gen, uint32_t unused)
{
	(void)unused;
	struct pbx_flood *f = p->flood;
	if (!f || f->gen != gen || !f->rate)
		return;
	uint64_t now = pbx_now(p);
	f->carry += (now - f->last_ms) * (uint64_t)f->rate;
	f->last_ms = now;
	uint64_t due = f->carry / 1000;
	uint64_t cap = f->rate / 2 + 1; /* after a stall: at most half a second of backlog */
	if (due > cap) {
		due = cap;
		f->carry = cap * 1000;
	}
	f->carry -= due * 1000;
	pbx_flood_burst(p, (unsigned)due);
	pbx_after(p, FLOOD_TICK_MS, flood_job, f->gen, 0);
}

void pbx_flood_set(struct sim_pbx *p, unsigned per_second)
{
	if (!p->flood && !per_second)
		return;
	pbx_flood_burst(p, 0);
	struct pbx_flood *f = p->flood;
	if (!f)
		return;
	f->gen++;
	f->rate = per_second;
	f->carry = 0;
	f->last_ms = pbx_now(p);
	if (per_second)
		pbx_after(p, FLOOD_TICK_MS, flood_job, f->gen, 0);
}

void pbx_flood_free(struct sim_pbx *p)
{
	if (!p->flood)
		return;
	ami_buf_free(&p->flood->buf);
	free(p->flood);
	p->flood = NULL;
}
