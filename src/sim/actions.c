/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server's own small actions (Ping, Events, ListCommands, Filter, ...) and the Sim* controls. */
#include "server_int.h"

#include "core/catalog.h"
#include "core/perms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int act_ping(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char id[1024];
	struct timeval now;
	(void)s;
	gettimeofday(&now, NULL);
	ami_buf_adds(r->out, "Response: Success\r\n");
	if (*req_actionid(m, id, sizeof id))
		ami_buf_printf(r->out, "ActionID: %s\r\n", id);
	ami_buf_printf(r->out, "Ping: Pong\r\nTimestamp: %ld.%06lu\r\n\r\n", (long)now.tv_sec,
		       (unsigned long)now.tv_usec);
	return 0;
}

int act_events(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char id[1024], idtext[256] = "", mask_text[1024];
	if (*req_actionid(m, id, sizeof id))
		cut_printf(idtext, sizeof idtext, "ActionID: %s\r\n", id);
	uint32_t mask = 0;
	bool valid =
	    ami_perm_from_events(sim_msg_get(m, "EventMask", mask_text, sizeof mask_text), &mask);
	if (valid)
		s->send_events = mask; /* set_eventmask(): not intersected with readperm here */
	if (s->srv->cfg.brokeneventsaction) {
		/* no reply for "all" (on) or an error */
		if (valid && mask > 0 && mask != AMI_PERM_ALL)
			ami_buf_printf(r->out, "Response: Success\r\n%sEvents: On\r\n\r\n", idtext);
		else if (valid && mask == 0)
			ami_buf_printf(r->out, "Response: Success\r\n%sEvents: Off\r\n\r\n",
				       idtext);
		return 0;
	}
	if (!valid)
		sim_reply_error(r, "Invalid event mask");
	else
		ami_buf_printf(r->out, "Response: Success\r\n%sEvents: %s\r\n\r\n", idtext,
			       mask > 0 ? "On" : "Off");
	return 0;
}

int act_listcommands(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)m;
	size_t n;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	sim_reply_begin(r, "Success", NULL);
	for (size_t i = 0; i < n; i++) {
		if (!(t[i].flags & AMI_ACT_SIM) ||
		    !ami_catalog_permits(t[i].authority, s->writeperm))
			continue;
		char priv[256];
		ami_perm_format(t[i].authority, priv, sizeof priv);
		ami_buf_printf(r->out, "%s: %s (Priv: %s)\r\n", t[i].name, t[i].synopsis, priv);
	}
	sim_reply_end(r);
	return 0;
}

int act_filter(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char op[64], mc[1024], pattern[1024], criteria[1100];
	if (strcasecmp(sim_msg_get(m, "Operation", op, sizeof op), "Add") != 0) {
		sim_reply_error(r, "Unknown operation");
		return 0;
	}
	sim_msg_get(m, "MatchCriteria", mc, sizeof mc);
	sim_msg_get(m, "Filter", pattern, sizeof pattern);
	snprintf(criteria, sizeof criteria, "eventfilter%s%s%s", *mc ? "(" : "", mc,
		 *mc ? ")" : "");
	enum sim_filter_result res = sim_filters_add(&s->filters, criteria, pattern);
	if (res == SIM_FILTER_R_OK)
		sim_reply_ack(r, "Success");
	else
		sim_reply_error(r, sim_filter_result_str(res));
	return 0;
}

int act_waitevent(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)r;
	char t[64], id[1024];
	int timeout = -1;
	if (*sim_msg_get(m, "Timeout", t, sizeof t)) {
		/* sscanf("%30i"): 0x and 0 prefixes count */
		char *end;
		long v = strtol(t, &end, 0);
		if (end != t)
			timeout = v < -1 ? -1 : v > 86400 ? 86400 : (int)v;
	}
	sess_waitevent(s, timeout, req_actionid(m, id, sizeof id));
	return 0;
}

/* idText[150] in action_coresettings()/action_corestatus(): a long ActionID is cut. */
static void idtext150(const struct ami_msg *m, char out[150])
{
	char id[1024];
	out[0] = '\0';
	if (*req_actionid(m, id, sizeof id))
		cut_printf(out, 150, "ActionID: %s\r\n", id);
}

int act_coresettings(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char idtext[150];
	idtext150(m, idtext);
	bool http = s->srv->cfg.webenabled && s->srv->cfg.enabled;
	ami_buf_printf(r->out,
		       "Response: Success\r\n%sAMIversion: %s\r\nAsteriskVersion: %s\r\n"
		       "SystemName: %s\r\nCoreMaxCalls: 0\r\nCoreMaxLoadAvg: 0.000000\r\n"
		       "CoreRunUser: \r\nCoreRunGroup: \r\nCoreMaxFilehandles: 0\r\n"
		       "CoreRealTimeEnabled: No\r\nCoreCDRenabled: Yes\r\nCoreHTTPenabled: %s\r\n"
		       "SoundsSearchCustomDir: No\r\n\r\n",
		       idtext, SIM_AMI_VERSION, SIM_ASTERISK_VERSION,
		       sim_bus_system_name(s->srv->bus), http ? "Yes" : "No");
	return 0;
}

static void date_time(const struct timeval *tv, char date[16], char hms[16])
{
	struct tm tm;
	time_t t = tv->tv_sec;
	localtime_r(&t, &tm);
	strftime(date, 16, "%Y-%m-%d", &tm);
	strftime(hms, 16, "%H:%M:%S", &tm);
}

int act_corestatus(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char idtext[150], sd[16], st[16], rd[16], rt[16];
	idtext150(m, idtext);
	date_time(&s->srv->startup, sd, st);
	date_time(&s->srv->lastreload, rd, rt);
	unsigned chans = 0, calls = 0;
	unsigned long processed = 0;
	if (s->srv->pbx)
		sim_pbx_counts(s->srv->pbx, &chans, &calls, &processed);
	ami_buf_printf(r->out,
		       "Response: Success\r\n%sCoreStartupDate: %s\r\nCoreStartupTime: %s\r\n"
		       "CoreReloadDate: %s\r\nCoreReloadTime: %s\r\nCoreCurrentCalls: %u\r\n"
		       "CoreProcessedCalls: %lu\r\n\r\n",
		       idtext, sd, st, rd, rt, chans, processed);
	return 0;
}

int act_userevent(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char event[1024];
	struct ami_buf body;
	ami_buf_init(&body, 256 * 1024);
	sim_msg_get(m, "UserEvent", event, sizeof event);
	ami_buf_printf(&body, "UserEvent: %s\r\n", event);
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		struct ami_str line = sim_input_line(m, i);
		if ((line.n >= 10 && !strncasecmp(line.p, "UserEvent:", 10)) ||
		    (line.n >= 7 && !strncasecmp(line.p, "Action:", 7)))
			continue;
		ami_buf_addstr(&body, line);
		ami_buf_add(&body, "\r\n", 2);
	}
	sim_reply_ack(r, "Event Sent");
	if (ami_buf_status(&body) == AMI_OK)
		sim_bus_emit(s->srv->bus, AMI_PERM_USER, "UserEvent", body.p, body.len);
	ami_buf_free(&body);
	return 0;
}

int act_loggerrotate(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)s;
	(void)m;
	sim_reply_ack(r, "Reloaded the logger and rotated log files");
	return 0;
}

/* ---- amisim's own control actions (only with --control) ---- */

int act_simfault(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char name[64], param[128], target[32], err[160];
	struct sim_fault_spec f;
	sim_msg_get(m, "Fault", name, sizeof name);
	sim_msg_get(m, "Param", param, sizeof param);
	if (sim_fault_parse(name, param, &f, err, sizeof err) != AMI_OK) {
		sim_reply_error(r, err);
		return 0;
	}
	sim_msg_get(m, "Target", target, sizeof target);
	struct sim_server *srv = s->srv;
	sim_reply_ack(r, "Fault armed");
	switch (f.fault) {
	case SIM_FAULT_RESTART:
		srv_restart_soon(srv, f.param);
		break;
	case SIM_FAULT_REFUSETLS:
		srv->refusetls = true;
		break;
	case SIM_FAULT_INUSE:
		snprintf(srv->inuse_user, sizeof srv->inuse_user, "%s", f.user);
		break;
	default:
		if (!strcasecmp(target, "all")) {
			for (struct sim_session *o = srv->head; o; o = o->next)
				if (o != s && o->state != SS_DEAD && o->state != SS_HANDSHAKE)
					sess_apply_fault(o, &f);
		}
		if (f.fault == SIM_FAULT_DRIP && !strcasecmp(target, "all"))
			srv->drip_ms = (unsigned)f.param;
		s->pending_fault = f;
		s->has_pending_fault = true;
		break;
	}
	return 0;
}

int act_simtraffic(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char cps[64], flood[64];
	sim_msg_get(m, "CallsPerSecond", cps, sizeof cps);
	sim_msg_get(m, "Flood", flood, sizeof flood);
	double c = strtod(cps, NULL);
	unsigned long f = strtoul(flood, NULL, 10);
	if (c < 0 || c > 10000 || f > 10000000) {
		sim_reply_error(r, "CallsPerSecond must be 0..10000 and Flood 0..10000000");
		return 0;
	}
	if (s->srv->pbx)
		sim_pbx_set_traffic(s->srv->pbx, c, (unsigned)f);
	sim_reply_ack(r, "Traffic set");
	return 0;
}

int act_simflood(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char rate[64], secs[64];
	sim_msg_get(m, "Rate", rate, sizeof rate);
	sim_msg_get(m, "Seconds", secs, sizeof secs);
	unsigned long long rt = strtoull(rate, NULL, 10),
			   sc = strtoull(*secs ? secs : "10", NULL, 10);
	if (rt > 10000000 || sc > 3600) {
		sim_reply_error(r,
				"Rate must be at most 10000000 events/s and Seconds at most 3600");
		return 0;
	}
	sim_reply_ack(r, rt ? "Flood started" : "Flood stopped");
	srv_flood_start(s->srv, rt, sc);
	return 0;
}

int act_simstats(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)m;
	struct sim_server *srv = s->srv;
	const struct sim_evq *q = &srv->bus->evq;
	sim_reply_begin(r, "Success", NULL);
	sim_reply_header(r, "Sessions", "%zu", srv->nsessions);
	sim_reply_header(r, "SessionsTotal", "%llu", (unsigned long long)srv->sessions_total);
	sim_reply_header(r, "EventsEmitted", "%llu", (unsigned long long)q->emitted);
	sim_reply_header(r, "EventsDropped", "%llu", (unsigned long long)q->dropped);
	sim_reply_header(r, "QueueDepth", "%llu", (unsigned long long)(q->head - q->tail));
	sim_reply_header(r, "QueueBytes", "%zu", q->bytes);
	sim_reply_header(r, "BytesWritten", "%llu", (unsigned long long)srv->bytes_out);
	sim_reply_header(r, "SlowReadersCut", "%llu", (unsigned long long)srv->cut_slow);
	sim_reply_header(r, "FloodRate", "%llu", (unsigned long long)srv->flood.rate);
	sim_reply_header(r, "FloodGenerated", "%llu", (unsigned long long)srv->flood.generated);
	sim_reply_end(r);
	return 0;
}
