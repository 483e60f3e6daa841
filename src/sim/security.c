/* SPDX-License-Identifier: GPL-2.0-or-later */
/* AMI's security events (report_*() in manager.c) laid out as security_events.c renders them. */
#include "server_int.h"

#include "core/perms.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * _(ID, "Name", severity error?, version, AccountID required?, extra required fields)
 * Field order: EventTV, Severity, Service, EventVersion, [AccountID], SessionID,
 * LocalAddress, RemoteAddress, the event's required fields, then the optional ones
 * (SessionTV, and AccountID for RequestBadFormat), as the sec_events[] table orders them.
 */
enum { X_NONE, X_REQUEST, X_PASSWORD, X_CHALLENGE };

#define SEC_EVENT_INFO(_)                                                              \
	_(SEC_FAILED_ACL, "FailedACL", true, 1, true, X_NONE)                          \
	_(SEC_INVAL_ACCT_ID, "InvalidAccountID", true, 1, true, X_NONE)                \
	_(SEC_SESSION_LIMIT, "SessionLimit", true, 1, true, X_NONE)                    \
	_(SEC_REQ_NOT_ALLOWED, "RequestNotAllowed", true, 1, true, X_REQUEST)          \
	_(SEC_REQ_BAD_FORMAT, "RequestBadFormat", true, 1, false, X_REQUEST)           \
	_(SEC_SUCCESSFUL_AUTH, "SuccessfulAuth", false, 1, true, X_PASSWORD)           \
	_(SEC_CHAL_RESP_FAILED, "ChallengeResponseFailed", true, 1, true, X_CHALLENGE) \
	_(SEC_INVAL_PASSWORD, "InvalidPassword", true, 2, true, X_NONE)

static const struct {
	enum sim_sec_event id;
	const char *name;
	bool error;
	int version;
	bool account_required;
	int extra;
} events[] = {
#define SEC_EVENT_ROW(id, name, err, ver, acct, extra) { id, name, err, ver, acct, extra },
	SEC_EVENT_INFO(SEC_EVENT_ROW)
#undef SEC_EVENT_ROW
};

void sec_addr(const struct sockaddr_storage *sa, bool tls, char *dst, size_t cap)
{
	char host[INET6_ADDRSTRLEN] = "";
	unsigned port;
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
		port = ntohs(a->sin_port);
	} else {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
		port = ntohs(a->sin6_port);
	}
	snprintf(dst, cap, "%s/%s/%s/%u", sa->ss_family == AF_INET ? "IPV4" : "IPV6",
		 tls ? "TLS" : "TCP", host, port);
}

/* ast_json_timeval(): local time, milliseconds and the zone offset. */
static void tv_text(const struct timeval *tv, char *dst, size_t cap)
{
	struct tm tm;
	time_t t = tv->tv_sec;
	localtime_r(&t, &tm);
	char date[32], zone[8];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	snprintf(dst, cap, "%s.%03ld%s", date, (long)(tv->tv_usec / 1000), zone);
}

static void extra_fields(struct ami_buf *b, struct sim_session *s, int kind,
			 const struct sim_sec_extra *x)
{
	if (kind == X_REQUEST) {
		char rt[64]; /* request_type[64] in report_req_*() */
		snprintf(rt, sizeof rt, "Action: %s", x && x->request_type ? x->request_type : "");
		ami_buf_printf(b, "RequestType: %s\r\n", rt);
	} else if (kind == X_PASSWORD) {
		ami_buf_adds(b, "UsingPassword: 0\r\n");
	} else if (kind == X_CHALLENGE) {
		ami_buf_printf(b, "Challenge: %s\r\nResponse: %s\r\nExpectedResponse: %s\r\n",
			       s->challenge, x && x->response ? x->response : "",
			       x && x->expected ? x->expected : "");
	}
}

void sec_report(struct sim_session *s, enum sim_sec_event ev, const struct sim_sec_extra *x)
{
	size_t i = 0;
	while (i < sizeof events / sizeof events[0] && events[i].id != ev)
		i++;
	if (i == sizeof events / sizeof events[0])
		return;
	char tv[64], sessiontv[64], local[128], remote[128];
	struct timeval now;
	gettimeofday(&now, NULL);
	tv_text(&now, tv, sizeof tv);
	tv_text(&s->session_tv, sessiontv, sizeof sessiontv);
	sec_addr(&s->lst->addr, s->lst->tls, local, sizeof local);
	sec_addr(&s->peer, s->lst->tls, remote, sizeof remote);
	const char *account = x && x->account ? x->account : s->username;
	struct ami_buf b;
	ami_buf_init(&b, 8192);
	ami_buf_printf(&b, "EventTV: %s\r\nSeverity: %s\r\nService: AMI\r\nEventVersion: %d\r\n",
		       tv, events[i].error ? "Error" : "Informational", events[i].version);
	if (events[i].account_required)
		ami_buf_printf(&b, "AccountID: %s\r\n", account);
	ami_buf_printf(&b, "SessionID: %p\r\nLocalAddress: %s\r\nRemoteAddress: %s\r\n", (void *)s,
		       local, remote);
	extra_fields(&b, s, events[i].extra, x);
	ami_buf_printf(&b, "SessionTV: %s\r\n", sessiontv);
	if (!events[i].account_required)
		ami_buf_printf(&b, "AccountID: %s\r\n", account);
	if (ami_buf_status(&b) == AMI_OK)
		sim_bus_emit(s->srv->bus, AMI_PERM_SECURITY, events[i].name, b.p, b.len);
	ami_buf_wipe(&b);
}
