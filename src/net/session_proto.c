/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session protocol: the pending ActionID table, reply routing, EventLists, banner and login. */
#include "session_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/md5.h"

#define BANNER_PREFIX "Asterisk Call Manager/"

/* ---- pending table ---- */

struct ami_pending *ami_sess_pending_find(struct ami_session *s, struct ami_str id)
{
	if (!id.p)
		return NULL;
	for (uint32_t i = 0; i < s->cfg.max_pending; i++) {
		struct ami_pending *p = &s->pend[i];
		if (p->used && strlen(p->actionid) == id.n && memcmp(p->actionid, id.p, id.n) == 0)
			return p;
	}
	return NULL;
}

uint32_t ami_sess_pending_count(const struct ami_session *s)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < s->cfg.max_pending; i++)
		n += s->pend[i].used;
	return n;
}

int64_t ami_sess_pending_next_deadline(const struct ami_session *s)
{
	int64_t d = -1;
	for (uint32_t i = 0; i < s->cfg.max_pending; i++)
		if (s->pend[i].used && (d < 0 || s->pend[i].deadline < d))
			d = s->pend[i].deadline;
	return d;
}

/*
 * A reply built on a private copy of the entry: handlers may send (reusing the slot)
 * or close the session (clearing the table) while the reply is still in use.
 */
struct reply_ctx {
	struct ami_pending copy;
	struct ami_reply r;
	char text[512];
};

static void reply_init(struct reply_ctx *c, const struct ami_pending *p, enum ami_reply_kind k,
		       const struct ami_msg *m, int64_t now)
{
	c->copy = *p;
	c->text[0] = '\0';
	c->r = (struct ami_reply){
		.kind = k,
		.status = AMI_OK,
		.msg = m,
		.action = c->copy.action,
		.actionid = c->copy.actionid,
		.text = c->text,
		.items = p->items,
		.listitems = -1,
		.elapsed_ms = now - p->sent_at,
		.final = true,
	};
}

static void reply_call(struct reply_ctx *c)
{
	if (c->copy.fn)
		c->copy.fn(c->copy.user, &c->r);
}

/* The entry ends: free the slot, then tell the handler. */
static void finish(struct ami_pending *p, struct reply_ctx *c)
{
	memset(p, 0, sizeof *p);
	reply_call(c);
}

void ami_sess_pending_fail_all(struct ami_session *s)
{
	int64_t now = ami_sess_now(s);
	for (uint32_t i = 0; i < s->cfg.max_pending; i++) {
		struct ami_pending *p = &s->pend[i];
		if (!p->used)
			continue;
		struct reply_ctx c;
		reply_init(&c, p, AMI_REPLY_DISCONNECTED, NULL, now);
		c.r.status = AMI_E_CLOSED;
		snprintf(c.text, sizeof c.text, "%s was not answered: the connection ended",
			 c.copy.action);
		finish(p, &c);
	}
}

void ami_sess_pending_expire(struct ami_session *s, int64_t now)
{
	uint64_t gen = s->gen;
	for (uint32_t i = 0; i < s->cfg.max_pending && s->gen == gen; i++) {
		struct ami_pending *p = &s->pend[i];
		if (!p->used || p->deadline > now)
			continue;
		struct reply_ctx c;
		reply_init(&c, p, AMI_REPLY_TIMEOUT, NULL, now);
		c.r.status = AMI_E_TIMEOUT;
		snprintf(c.text, sizeof c.text, "No %sanswer to %s (ActionID %s) within %d s",
			 p->is_list ? "complete " : "", c.copy.action, c.copy.actionid,
			 (p->timeout_ms + 999) / 1000);
		finish(p, &c);
	}
}

/* ---- replies ---- */

/* Status and sentence of a Response; Asterisk's exact words decide. */
static enum ami_status classify(const struct ami_msg *m, const char *action, char *text, size_t cap)
{
	if (m->kind == AMI_MSG_FOLLOWS || !ami_str_ieq(ami_msg_name(m), "Error"))
		return AMI_OK;
	struct ami_str msg = ami_msg_get(m, "Message");
	if (ami_str_ieq(msg, "Permission denied")) {
		snprintf(text, cap,
			 "Permission denied for %s: the account's write= classes do not allow "
			 "this action",
			 action);
		return AMI_E_PERMISSION;
	}
	if (ami_str_iprefix(msg, "Invalid/unknown command")) {
		snprintf(text, cap, "%s is not an action this server knows (%.*s)", action,
			 (int)msg.n, msg.p);
		return AMI_E_UNKNOWN_ACTION;
	}
	/* a failed CLI command explains itself in its first Output line */
	struct ami_str out = ami_msg_get(m, "Output");
	if (out.p && ami_str_ieq(msg, "Command output follows"))
		msg = out;
	if (msg.p)
		snprintf(text, cap, "%s failed: %.*s", action, (int)msg.n, msg.p);
	else
		snprintf(text, cap, "%s failed (no message)", action);
	return AMI_E_ACTION_FAILED;
}

static void on_response(struct ami_session *s, struct ami_pending *p, const struct ami_msg *m,
			int64_t now)
{
	if (p->is_list)
		return; /* a second Response for a list in progress: not Asterisk's way */
	struct reply_ctx c;
	reply_init(&c, p, AMI_REPLY_RESPONSE, m, now);
	c.r.status = classify(m, p->action, c.text, sizeof c.text);
	struct ami_str el = ami_msg_get(m, "EventList");
	if (ami_str_ieq(el, "cancelled")) {
		c.r.status = AMI_E_ACTION_FAILED;
		snprintf(c.text, sizeof c.text, "The server cancelled the %s list", p->action);
	}
	if (c.r.status == AMI_OK && ami_str_ieq(el, "start")) {
		p->is_list = true;
		p->deadline = now + p->timeout_ms;
		c.r.final = false;
		reply_call(&c);
		return;
	}
	finish(p, &c);
}

static void on_list_event(struct ami_session *s, struct ami_pending *p, const struct ami_msg *m,
			  int64_t now)
{
	struct ami_str el = ami_msg_get(m, "EventList");
	bool cancelled = ami_str_ieq(el, "cancelled");
	struct reply_ctx c;
	if (!ami_str_ieq(el, "Complete") && !cancelled) {
		p->items++;
		p->deadline = now + p->timeout_ms; /* a long list is alive while items flow */
		reply_init(&c, p, AMI_REPLY_ITEM, m, now);
		c.r.final = false;
		reply_call(&c);
		return;
	}
	reply_init(&c, p, AMI_REPLY_COMPLETE, m, now);
	unsigned long n;
	if (ami_str_to_ulong(ami_msg_get(m, "ListItems"), &n))
		c.r.listitems = (long)n;
	if (cancelled) {
		c.r.status = AMI_E_ACTION_FAILED;
		snprintf(c.text, sizeof c.text, "The server cancelled the %s list", p->action);
	} else if (c.r.listitems >= 0 && (unsigned long)c.r.listitems != p->items) {
		c.r.status = AMI_E_PROTOCOL;
		snprintf(c.text, sizeof c.text, "The %s list announced %ld items but %u arrived",
			 p->action, c.r.listitems, p->items);
	}
	finish(p, &c);
}

/*
 * Responses go to their action. Events go to a pending list when they carry its
 * ActionID, otherwise to on_event: OriginateResponse and UserEvent echo the ActionID
 * of an action whose reply is already complete, so they are ordinary events (the
 * originator's handler is not called again).
 */
void ami_sess_dispatch(struct ami_session *s, const struct ami_msg *m)
{
	s->messages_in++;
	if (s->cb.on_message)
		s->cb.on_message(s->ctx, m);
	if (m->kind == AMI_MSG_BANNER) {
		ami_sess_on_banner(s, m);
		return;
	}
	if (m->kind == AMI_MSG_EVENT)
		s->events_in++;
	if (m->kind != AMI_MSG_EVENT && m->kind != AMI_MSG_RESPONSE && m->kind != AMI_MSG_FOLLOWS)
		return;
	struct ami_pending *p = ami_sess_pending_find(s, ami_msg_get(m, "ActionID"));
	int64_t now = ami_sess_now(s);
	if (m->kind != AMI_MSG_EVENT) {
		if (p)
			on_response(s, p, m, now);
		return;
	}
	if (p && p->is_list)
		on_list_event(s, p, m, now);
	else if (s->cb.on_event)
		s->cb.on_event(s->ctx, m);
}

/* ---- login ---- */

static void logged_in(struct ami_session *s)
{
	int64_t now = ami_sess_now(s);
	s->auth_failures = 0;
	s->connected_at = now;
	s->last_rx = now;
	s->next_ping = now + s->cfg.ping_interval_ms;
	s->ping_outstanding = false;
	if (s->tls_unverified)
		ami_sess_state(s, AMI_SESSION_LOGGED_IN, AMI_OK,
			       "Logged in as %s (%s) - WARNING: TLS certificate NOT verified: "
			       "anyone on the path can read the secret and every event",
			       s->cfg.username, s->banner);
	else
		ami_sess_state(s, AMI_SESSION_LOGGED_IN, AMI_OK, "Logged in as %s (%s%s)",
			       s->cfg.username, s->banner, s->conn && s->conn->tls ? ", TLS" : "");
}

static void auth_failed(struct ami_session *s, struct ami_str said)
{
	char text[700];
	s->auth_failures++;
	int n = snprintf(text, sizeof text,
			 "Authentication failed for user '%s' (the server said: %.*s): wrong user "
			 "name or secret, or the account's network filter (permit/deny) refuses "
			 "this address, which looks exactly the same to a client",
			 s->cfg.username, (int)(said.p ? said.n : 4), said.p ? said.p : "none");
	size_t used = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
	if (!s->cfg.reconnect) {
		ami_sess_drop(s, AMI_E_AUTH, AMI_SESS_STOP, text);
		return;
	}
	if (s->auth_failures >= (uint32_t)s->cfg.max_auth_failures) {
		snprintf(text + used, sizeof text - used,
			 "; stopped after %u consecutive failures (not retrying against Asterisk)",
			 s->auth_failures);
		ami_sess_drop(s, AMI_E_AUTH, AMI_SESS_STOP, text);
		return;
	}
	snprintf(text + used, sizeof text - used, " (failure %u of %d)", s->auth_failures,
		 s->cfg.max_auth_failures);
	ami_sess_drop(s, AMI_E_AUTH, AMI_SESS_RECONNECT, text);
}

/* A refused Challenge or Login. */
static void login_refused(struct ami_session *s, const struct ami_reply *r, bool challenge)
{
	struct ami_str said = ami_msg_get(r->msg, "Message");
	if (ami_str_ieq(said, "Login Already In Use")) {
		char text[300];
		snprintf(text, sizeof text,
			 "Login Already In Use: user '%s' is logged in elsewhere and the account "
			 "does not allow multiple logins (allowmultiplelogin=no); not retrying",
			 s->cfg.username);
		ami_sess_drop(s, AMI_E_IN_USE, AMI_SESS_STOP, text);
		return;
	}
	if (challenge) {
		char text[300];
		snprintf(text, sizeof text,
			 "The server refused the MD5 challenge (%.*s); set auth=plain to send the "
			 "secret itself (over TLS only, preferably)",
			 (int)(said.p ? said.n : 4), said.p ? said.p : "none");
		ami_sess_drop(s, AMI_E_AUTH, AMI_SESS_STOP, text);
		return;
	}
	auth_failed(s, said);
}

static void login_timeout(struct ami_session *s, const struct ami_reply *r)
{
	char text[200];
	snprintf(text, sizeof text, "No answer to %s within %d s", r->action,
		 (int)(r->elapsed_ms / 1000));
	ami_sess_drop(s, AMI_E_TIMEOUT, AMI_SESS_RECONNECT, text);
}

static void login_reply(void *user, const struct ami_reply *r)
{
	struct ami_session *s = user;
	if (r->kind == AMI_REPLY_TIMEOUT)
		login_timeout(s, r);
	else if (r->kind == AMI_REPLY_RESPONSE && r->status == AMI_OK)
		logged_in(s);
	else if (r->kind == AMI_REPLY_RESPONSE)
		login_refused(s, r, false);
}

/* Build and queue the Login; the secret lives only in this frame and is wiped. */
static void send_login(struct ami_session *s, const char *challenge)
{
	char secret[AMI_ACTION_MAX_LINE];
	char key[33] = "";
	int n = s->cb.get_secret(s->ctx, secret, sizeof secret - 1);
	if (n < 0 || (size_t)n >= sizeof secret) {
		ami_sess_wipe(secret, sizeof secret);
		char text[200];
		snprintf(text, sizeof text, "No secret is available for user '%s'",
			 s->cfg.username);
		ami_sess_drop(s, AMI_E_CONFIG, AMI_SESS_STOP, text);
		return;
	}
	secret[n] = '\0';
	struct ami_action a;
	ami_action_init(&a, "Login");
	if (challenge) {
		ami_md5_login_key(challenge, secret, key);
		ami_action_add(&a, "AuthType", "MD5");
		ami_action_add(&a, "Username", s->cfg.username);
		ami_action_add_secret(&a, "Key", key);
	} else {
		ami_action_add(&a, "Username", s->cfg.username);
		ami_action_add_secret(&a, "Secret", secret);
	}
	ami_sess_wipe(secret, sizeof secret);
	ami_sess_wipe(key, sizeof key);
	if (s->cfg.events)
		ami_action_add(&a, "Events", s->cfg.events);
	enum ami_status st = ami_sess_send_action(s, &a, login_reply, s, 0);
	ami_action_free(&a);
	if (st != AMI_OK) {
		char text[300];
		snprintf(text, sizeof text,
			 "Cannot send the Login (%s): the user name, secret or events setting may "
			 "hold a line break or be too long",
			 ami_status_str(st));
		ami_sess_drop(s, st, AMI_SESS_STOP, text);
	}
}

static void challenge_reply(void *user, const struct ami_reply *r)
{
	struct ami_session *s = user;
	if (r->kind == AMI_REPLY_TIMEOUT) {
		login_timeout(s, r);
		return;
	}
	if (r->kind != AMI_REPLY_RESPONSE)
		return;
	char challenge[64];
	struct ami_str ch = ami_msg_get(r->msg, "Challenge");
	if (r->status != AMI_OK || !ch.p || ch.n == 0 || ch.n >= sizeof challenge) {
		login_refused(s, r, true);
		return;
	}
	ami_str_copy(ch, challenge, sizeof challenge);
	send_login(s, challenge);
}

static void begin_login(struct ami_session *s)
{
	enum ami_auth_mode mode = s->cfg.auth;
	if (mode == AMI_AUTH_AUTO)
		mode = s->conn && s->conn->tls ? AMI_AUTH_PLAIN : AMI_AUTH_MD5;
	ami_sess_state(s, AMI_SESSION_LOGIN, AMI_OK, "Logging in as %s (%s)", s->cfg.username,
		       mode == AMI_AUTH_MD5 ? "MD5 challenge" : "plain secret");
	if (mode != AMI_AUTH_MD5) {
		send_login(s, NULL);
		return;
	}
	struct ami_action a;
	ami_action_init(&a, "Challenge");
	ami_action_add(&a, "AuthType", "MD5");
	enum ami_status st = ami_sess_send_action(s, &a, challenge_reply, s, 0);
	ami_action_free(&a);
	if (st != AMI_OK)
		ami_sess_drop(s, st, AMI_SESS_RECONNECT, "Cannot send the Challenge");
}

/* Printable excerpt of an unexpected banner for the message. */
static void excerpt(const char *p, size_t n, char *dst, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap && i < 60; i++) {
		unsigned char c = (unsigned char)p[i];
		dst[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[o] = '\0';
}

void ami_sess_on_banner(struct ami_session *s, const struct ami_msg *m)
{
	const char *line = m->nhdrs ? m->hdrs[0].key : "";
	size_t n = m->nhdrs ? m->hdrs[0].klen : 0;
	size_t plen = strlen(BANNER_PREFIX);
	if (n < plen || memcmp(line, BANNER_PREFIX, plen) != 0) {
		char got[64], text[300];
		excerpt(line, n, got, sizeof got);
		snprintf(
		    text, sizeof text,
		    "The server did not greet with an AMI banner (it sent \"%s\"): is this the "
		    "AMI port? (Asterisk uses 5038, and 5039 for TLS)",
		    got);
		ami_sess_drop(s, AMI_E_NOT_AMI, AMI_SESS_STOP, text);
		return;
	}
	ami_str_copy(ami_str_make(line, n), s->banner, sizeof s->banner);
	ami_str_copy(ami_str_make(line + plen, n - plen), s->ami_version, sizeof s->ami_version);
	begin_login(s);
}
