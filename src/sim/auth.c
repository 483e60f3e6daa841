/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Login, Challenge and Logoff as action_login()/authenticate()/action_challenge() do them. */
#include "server_int.h"

#include "core/md5.h"
#include "core/perms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The error a failed Login (or Login Already In Use) sends after its one-second sleep. */
static void delayed_error(struct sim_session *s, const struct ami_msg *m, const char *msg)
{
	char id[1024], buf[1200];
	int n;
	if (*req_actionid(m, id, sizeof id))
		n = snprintf(buf, sizeof buf,
			     "Response: Error\r\nActionID: %s\r\nMessage: %s\r\n\r\n", id, msg);
	else
		n = snprintf(buf, sizeof buf, "Response: Error\r\nMessage: %s\r\n\r\n", msg);
	sess_delay_then_close(s, buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : strlen(buf));
}

bool auth_in_use_check(struct sim_session *s, const struct ami_msg *m)
{
	struct sim_server *srv = s->srv;
	char name[256];
	if (!*sim_msg_get(m, "Username", name, sizeof name))
		return false;
	bool forced = srv->inuse_user[0] && strcasecmp(srv->inuse_user, name) == 0;
	if (!forced) {
		if (!srv_user_in_use(srv, name))
			return false;
		const struct sim_user *u = sim_mgrconf_user(&srv->cfg, name);
		if (!u || u->allowmultiplelogin)
			return false;
	}
	sec_report(s, SEC_SESSION_LIMIT, NULL);
	delayed_error(s, m, "Login Already In Use");
	return true;
}

static bool md5_ok(struct sim_session *s, const struct ami_msg *m, const struct sim_user *u)
{
	char key[256], expect[33];
	sim_msg_get(m, "Key", key, sizeof key);
	if (!*key || !s->challenge[0] || !u->secret)
		return false; /* "MD5 authentication is not possible" */
	ami_md5_login_key(s->challenge, u->secret, expect);
	bool ok = strcmp(expect, key) == 0;
	if (!ok)
		sec_report(s, SEC_CHAL_RESP_FAILED,
			   &(struct sim_sec_extra){ .response = key, .expected = expect });
	memset(expect, 0, sizeof expect);
	return ok;
}

/* authenticate(): the checks in Asterisk's order; every failure looks the same outside. */
static const struct sim_user *check(struct sim_session *s, const struct ami_msg *m)
{
	char name[256], secret[1024], authtype[64];
	if (!*sim_msg_get(m, "Username", name, sizeof name))
		return NULL;
	const struct sim_user *u = sim_mgrconf_user(&s->srv->cfg, name);
	const struct sim_user *ok = NULL;
	if (!u) {
		sec_report(s, SEC_INVAL_ACCT_ID, &(struct sim_sec_extra){ .account = name });
	} else if (!sim_acl_allows(&u->acl, (const struct sockaddr *)&s->peer)) {
		sec_report(s, SEC_FAILED_ACL, &(struct sim_sec_extra){ .account = name });
	} else if (!strcasecmp(sim_msg_get(m, "AuthType", authtype, sizeof authtype), "MD5")) {
		ok = md5_ok(s, m, u) ? u : NULL;
	} else if (u->secret) {
		if (strcmp(sim_msg_get(m, "Secret", secret, sizeof secret), u->secret) == 0)
			ok = u;
		else
			sec_report(s, SEC_INVAL_PASSWORD,
				   &(struct sim_sec_extra){ .account = name });
		memset(secret, 0, sizeof secret);
	}
	if (ok)
		cut_printf(s->username, sizeof s->username, "%s", name);
	else
		srv_log(s->srv, "%s failed to authenticate as '%s'", s->peer_host, name);
	return ok;
}

/* The user's rights, timeout and filters are frozen into the session at login. */
static void take_user(struct sim_session *s, const struct sim_user *u, const struct ami_msg *m)
{
	s->readperm = u->readperm;
	s->writeperm = u->writeperm;
	s->writetimeout = u->writetimeout;
	for (size_t i = 0; i < u->nfilters; i++)
		sim_filters_add(&s->filters, u->filters[i].criteria, u->filters[i].pattern);
	gettimeofday(&s->session_tv, NULL);
	s->sessionstart = s->session_tv.tv_sec;
	char events[256];
	uint32_t mask;
	if (ami_perm_from_events(sim_msg_get(m, "Events", events, sizeof events), &mask))
		s->send_events = mask;
}

static long since(const struct timeval *t)
{
	struct timeval now;
	gettimeofday(&now, NULL);
	long d = (long)(now.tv_sec - t->tv_sec);
	if (now.tv_usec < t->tv_usec)
		d--;
	return t->tv_sec ? d : 0;
}

/* --fault flags that strike each session after its Login reply. */
static void arm_flag_faults(struct sim_session *s)
{
	struct sim_server *srv = s->srv;
	for (size_t i = 0; i < srv->opts.nfaults; i++) {
		if (!sim_fault_per_session(srv->opts.faults[i].fault))
			continue;
		s->pending_fault = srv->opts.faults[i];
		s->has_pending_fault = true;
		break;
	}
	if (srv->restart_after_login) {
		/* after the reply has gone out, once */
		srv->restart_after_login = false;
		srv_restart_soon(srv, srv->restart_seconds);
	}
}

int act_login(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	if (s->authenticated) {
		sim_reply_ack(r, "Already authenticated");
		return 0;
	}
	const struct sim_user *u = check(s, m);
	if (!u) {
		delayed_error(s, m, "Authentication failed");
		return 0;
	}
	take_user(s, u, m);
	s->authenticated = true;
	if (s->counted_unauth) {
		s->srv->unauth--;
		s->counted_unauth = false;
	}
	sec_report(s, SEC_SUCCESSFUL_AUTH, NULL);
	srv_log(s->srv, "Manager '%s' logged on from %s", s->username, s->peer_host);
	sim_reply_ack(r, "Authentication accepted");
	if ((s->send_events & AMI_PERM_SYSTEM) && (s->readperm & AMI_PERM_SYSTEM)) {
		/* written directly: no Timestamp, no SystemName, no filters */
		char priv[64];
		ami_perm_format(AMI_PERM_SYSTEM, priv, sizeof priv);
		ami_buf_printf(r->out,
			       "Event: FullyBooted\r\nPrivilege: %s\r\nUptime: %ld\r\nLastReload: "
			       "%ld\r\nStatus: Fully Booted\r\n\r\n",
			       priv, since(&s->srv->startup), since(&s->srv->lastreload));
	}
	arm_flag_faults(s);
	return 0;
}

int act_logoff(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)s;
	(void)m;
	sim_reply_begin(r, "Goodbye", "Thanks for all the fish.");
	sim_reply_end(r);
	return -1;
}

int act_challenge(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char authtype[64];
	if (strcasecmp(sim_msg_get(m, "AuthType", authtype, sizeof authtype), "MD5") != 0) {
		sim_reply_error(r, "Must specify AuthType");
		return 0;
	}
	if (!s->challenge[0])
		cut_printf(s->challenge, sizeof s->challenge, "%ld", (long)srv_random(s->srv));
	sim_reply_begin(r, "Success", NULL);
	sim_reply_header(r, "Challenge", "%s", s->challenge);
	sim_reply_end(r);
	return 0;
}
