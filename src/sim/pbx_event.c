/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event bodies as Asterisk 22 lays them out: channel and bridge blocks, one function per event. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pbx_int.h"

void pbx_escape_c(struct ami_buf *out, const char *s)
{
	/* main/utils.c escape_sequences[] and its map, in the same order */
	static const char seq[] = "\a\b\f\n\r\t\v\\'\"?";
	static const char map[] = "abfnrtv\\'\"?";
	const char *run = s;
	for (; *s; s++) {
		const char *hit = strchr(seq, *s);
		if (!hit)
			continue;
		ami_buf_add(out, run, (size_t)(s - run));
		ami_buf_addc(out, '\\');
		ami_buf_addc(out, map[hit - seq]);
		run = s + 1;
	}
	ami_buf_add(out, run, (size_t)(s - run));
}

void pbx_ev_begin(struct sim_pbx *p)
{
	ami_buf_reset(&p->ev);
}

void pbx_ev_kv(struct sim_pbx *p, const char *key, const char *val)
{
	ami_buf_adds(&p->ev, key);
	ami_buf_add(&p->ev, ": ", 2);
	ami_buf_adds(&p->ev, val ? val : "");
	ami_buf_add(&p->ev, "\r\n", 2);
}

void pbx_ev_kvf(struct sim_pbx *p, const char *key, const char *fmt, ...)
{
	va_list ap;
	ami_buf_adds(&p->ev, key);
	ami_buf_add(&p->ev, ": ", 2);
	va_start(ap, fmt);
	ami_buf_vprintf(&p->ev, fmt, ap);
	va_end(ap);
	ami_buf_add(&p->ev, "\r\n", 2);
}

static void line(struct ami_buf *o, const char *prefix, const char *key, const char *val)
{
	ami_buf_adds(o, prefix);
	ami_buf_adds(o, key);
	ami_buf_add(o, ": ", 2);
	ami_buf_adds(o, val);
	ami_buf_add(o, "\r\n", 2);
}

static void name_line(struct ami_buf *o, const char *prefix, const char *key, const char *val)
{
	ami_buf_adds(o, prefix);
	ami_buf_adds(o, key);
	ami_buf_add(o, ": ", 2);
	if (*val)
		pbx_escape_c(o, val);
	else
		ami_buf_adds(o, "<unknown>");
	ami_buf_add(o, "\r\n", 2);
}

static const char *or_unknown(const char *s)
{
	return *s ? s : "<unknown>";
}

void pbx_chanblock_to(struct sim_pbx *p, struct ami_buf *o, const char *prefix,
		      const struct pbx_chan *c)
{
	(void)p;
	char num[16];
	line(o, prefix, "Channel", c->name);
	snprintf(num, sizeof(num), "%d", (int)c->state);
	line(o, prefix, "ChannelState", num);
	line(o, prefix, "ChannelStateDesc", pbx_state_str(c->state));
	line(o, prefix, "CallerIDNum", or_unknown(c->cid_num));
	name_line(o, prefix, "CallerIDName", c->cid_name);
	line(o, prefix, "ConnectedLineNum", or_unknown(c->con_num));
	name_line(o, prefix, "ConnectedLineName", c->con_name);
	line(o, prefix, "Language", c->language);
	line(o, prefix, "AccountCode", c->accountcode);
	line(o, prefix, "Context", c->context);
	line(o, prefix, "Exten", c->exten);
	snprintf(num, sizeof(num), "%d", c->prio);
	line(o, prefix, "Priority", num);
	line(o, prefix, "Uniqueid", c->uniqueid);
	line(o, prefix, "Linkedid", c->linkedid);
}

void pbx_ev_chanblock(struct sim_pbx *p, const char *prefix, const struct pbx_chan *c)
{
	pbx_chanblock_to(p, &p->ev, prefix, c);
}

void pbx_ev_bridgeblock(struct sim_pbx *p, const char *prefix, const struct pbx_bridge *b)
{
	struct ami_buf *o = &p->ev;
	char num[16];
	line(o, prefix, "BridgeUniqueid", b->uid);
	line(o, prefix, "BridgeType", "basic");
	line(o, prefix, "BridgeTechnology", "simple_bridge");
	line(o, prefix, "BridgeCreator", "<unknown>");
	line(o, prefix, "BridgeName", "<unknown>");
	snprintf(num, sizeof(num), "%u", b->nchan);
	line(o, prefix, "BridgeNumChannels", num);
	line(o, prefix, "BridgeVideoSourceMode", "none");
}

void pbx_ev_send(struct sim_pbx *p, uint32_t cat, const char *event)
{
	if (ami_buf_status(&p->ev) != AMI_OK)
		return; /* a body past the limit is dropped rather than sent cut */
	sim_bus_emit(p->bus, cat, event, p->ev.p ? p->ev.p : "", p->ev.len);
}

void pbx_ev_chan(struct sim_pbx *p, const char *event, const struct pbx_chan *c)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_send(p, AMI_PERM_CALL, event);
}

void pbx_ev_newexten(struct sim_pbx *p, const struct pbx_chan *c)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_kv(p, "Extension", c->exten);
	pbx_ev_kv(p, "Application", c->appl);
	pbx_ev_kv(p, "AppData", c->data);
	pbx_ev_send(p, AMI_PERM_DIALPLAN, "Newexten");
}

void pbx_ev_varset(struct sim_pbx *p, const struct pbx_chan *c, const char *var, const char *val)
{
	pbx_ev_begin(p);
	if (c)
		pbx_ev_chanblock(p, "", c);
	else
		ami_buf_adds(&p->ev, "Channel: none\r\nUniqueid: none\r\n");
	pbx_ev_kv(p, "Variable", var);
	ami_buf_adds(&p->ev, "Value: ");
	pbx_escape_c(&p->ev, val ? val : "");
	ami_buf_add(&p->ev, "\r\n", 2);
	pbx_ev_send(p, AMI_PERM_DIALPLAN, "VarSet");
}

void pbx_ev_newcallerid(struct sim_pbx *p, const struct pbx_chan *c)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_kv(p, "CID-CallingPres", "0 (Presentation Allowed, Not Screened)");
	pbx_ev_send(p, AMI_PERM_CALL, "NewCallerid");
}

/* Q.850 causes as ast_cause2str() words them (the ones the model produces). */
#define PBX_CAUSE_INFO(_)                       \
	_(0, "Unknown")                         \
	_(1, "Unallocated (unassigned) number") \
	_(3, "No route to destination")         \
	_(16, "Normal Clearing")                \
	_(17, "User busy")                      \
	_(18, "No user responding")             \
	_(19, "User alerting, no answer")       \
	_(21, "Call Rejected")                  \
	_(26, "Answered elsewhere")             \
	_(27, "Destination out of order")       \
	_(31, "Normal, unspecified")            \
	_(34, "Circuit/channel congestion")     \
	_(38, "Network out of order")           \
	_(41, "Temporary failure")              \
	_(127, "Interworking, unspecified")

const char *pbx_cause_text(int cause)
{
	switch (cause) {
#define PBX_CAUSE_CASE(num, text) \
	case num:                 \
		return text;
		PBX_CAUSE_INFO(PBX_CAUSE_CASE)
#undef PBX_CAUSE_CASE
	default:
		return "Unknown";
	}
}

void pbx_ev_hangup(struct sim_pbx *p, const struct pbx_chan *c, int cause)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_kvf(p, "Cause", "%d", cause);
	pbx_ev_kv(p, "Cause-txt", pbx_cause_text(cause));
	pbx_ev_send(p, AMI_PERM_CALL, "Hangup");
}

void pbx_ev_hangup_request(struct sim_pbx *p, const struct pbx_chan *c, bool soft, int cause)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	if (cause >= 0)
		pbx_ev_kvf(p, "Cause", "%d", cause);
	pbx_ev_send(p, AMI_PERM_CALL, soft ? "SoftHangupRequest" : "HangupRequest");
}

void pbx_ev_dial_begin(struct sim_pbx *p, const struct pbx_chan *caller,
		       const struct pbx_chan *dest, const char *dialstring)
{
	pbx_ev_begin(p);
	if (caller)
		pbx_ev_chanblock(p, "", caller);
	pbx_ev_chanblock(p, "Dest", dest);
	pbx_ev_kv(p, "DialString", dialstring);
	pbx_ev_send(p, AMI_PERM_CALL, "DialBegin");
}

void pbx_ev_dial_end(struct sim_pbx *p, const struct pbx_chan *caller, const struct pbx_chan *dest,
		     const char *status)
{
	pbx_ev_begin(p);
	if (caller)
		pbx_ev_chanblock(p, "", caller);
	pbx_ev_chanblock(p, "Dest", dest);
	pbx_ev_kv(p, "DialStatus", status);
	pbx_ev_send(p, AMI_PERM_CALL, "DialEnd");
}

void pbx_ev_dial_state(struct sim_pbx *p, const struct pbx_chan *caller,
		       const struct pbx_chan *dest, const char *status)
{
	pbx_ev_begin(p);
	if (caller)
		pbx_ev_chanblock(p, "", caller);
	pbx_ev_chanblock(p, "Dest", dest);
	pbx_ev_kv(p, "DialStatus", status);
	pbx_ev_send(p, AMI_PERM_CALL, "DialState");
}

void pbx_ev_local_bridge(struct sim_pbx *p, const struct pbx_chan *c1, const struct pbx_chan *c2,
			 const char *context, const char *exten, bool optimize)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "LocalOne", c1);
	pbx_ev_chanblock(p, "LocalTwo", c2);
	pbx_ev_kv(p, "Context", context);
	pbx_ev_kv(p, "Exten", exten);
	pbx_ev_kv(p, "LocalOptimization", optimize ? "Yes" : "No");
	pbx_ev_send(p, AMI_PERM_CALL, "LocalBridge");
}

void pbx_ev_dtmf_ms(struct sim_pbx *p, const struct pbx_chan *c, char digit, bool end,
		    unsigned duration_ms, const char *direction)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_kvf(p, "Digit", "%c", digit);
	if (end)
		pbx_ev_kvf(p, "DurationMs", "%u", duration_ms);
	pbx_ev_kv(p, "Direction", direction);
	pbx_ev_send(p, AMI_PERM_DTMF, end ? "DTMFEnd" : "DTMFBegin");
}

void pbx_ev_dtmf(struct sim_pbx *p, const struct pbx_chan *c, char digit, bool end,
		 const char *direction)
{
	pbx_ev_dtmf_ms(p, c, digit, end, 100, direction);
}

void pbx_ev_devstate(struct sim_pbx *p, const char *device, enum pbx_devstate st)
{
	pbx_ev_begin(p);
	pbx_ev_kv(p, "Device", device);
	pbx_ev_kv(p, "State", pbx_devstate_str(st));
	pbx_ev_send(p, AMI_PERM_CALL, "DeviceStateChange");
}

void pbx_ev_bridge(struct sim_pbx *p, const char *event, const struct pbx_bridge *b)
{
	pbx_ev_begin(p);
	pbx_ev_bridgeblock(p, "", b);
	pbx_ev_send(p, AMI_PERM_CALL, event);
}

void pbx_ev_bridge_chan(struct sim_pbx *p, const char *event, const struct pbx_bridge *b,
			const struct pbx_chan *c)
{
	pbx_ev_begin(p);
	pbx_ev_bridgeblock(p, "", b);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_send(p, AMI_PERM_CALL, event);
}

void pbx_ev_moh(struct sim_pbx *p, const struct pbx_chan *c, bool start)
{
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	if (start)
		pbx_ev_kv(p, "Class", "default");
	pbx_ev_send(p, AMI_PERM_CALL, start ? "MusicOnHoldStart" : "MusicOnHoldStop");
}

static void cdr_time(struct sim_pbx *p, const char *key, uint64_t us)
{
	char buf[32] = "";
	if (us) {
		time_t t = (time_t)(us / 1000000u);
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	}
	pbx_ev_kv(p, key, buf);
}

static const char *cdr_disposition(const struct pbx_chan *c)
{
	if (c->answered_us)
		return "ANSWERED";
	if (c->cause == 17)
		return "BUSY";
	if (c->cause == 16 || c->cause == 19 || c->cause == 0 || c->cause == 18)
		return "NO ANSWER";
	return "FAILED";
}

void pbx_ev_cdr(struct sim_pbx *p, struct pbx_chan *c)
{
	uint64_t end = sim_bus_wall_us(p->bus);
	uint64_t dur = end > c->created_us ? (end - c->created_us) / 1000000u : 0;
	uint64_t bill =
	    c->answered_us && end > c->answered_us ? (end - c->answered_us) / 1000000u : 0;
	pbx_ev_begin(p);
	pbx_ev_kv(p, "AccountCode", c->accountcode);
	pbx_ev_kv(p, "Source", c->cid_num);
	pbx_ev_kv(p, "Destination", c->exten);
	pbx_ev_kv(p, "DestinationContext", c->context);
	ami_buf_printf(&p->ev, "CallerID: \"%s\" <%s>\r\n", c->cid_name, c->cid_num);
	pbx_ev_kv(p, "Channel", c->name);
	pbx_ev_kv(p, "DestinationChannel", c->cdr_dstchan);
	pbx_ev_kv(p, "LastApplication", c->appl);
	pbx_ev_kv(p, "LastData", c->data);
	cdr_time(p, "StartTime", c->created_us);
	cdr_time(p, "AnswerTime", c->answered_us);
	cdr_time(p, "EndTime", end);
	pbx_ev_kvf(p, "Duration", "%llu", (unsigned long long)dur);
	pbx_ev_kvf(p, "BillableSeconds", "%llu", (unsigned long long)bill);
	pbx_ev_kv(p, "Disposition", cdr_disposition(c));
	pbx_ev_kv(p, "AMAFlags", "DOCUMENTATION");
	pbx_ev_kv(p, "UniqueID", c->uniqueid);
	pbx_ev_kv(p, "UserField", c->userfield);
	pbx_ev_send(p, AMI_PERM_CDR, "Cdr");
}
