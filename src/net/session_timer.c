/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session timing: connection attempts, drop and reconnect with backoff, keepalive, deadlines. */
#include "session_int.h"

#include <stdio.h>
#include <string.h>

/* xorshift64*: jitter only needs to differ between clients, not to be secret. */
static uint64_t rng_next(struct ami_session *s)
{
	uint64_t x = s->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	s->rng = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* min(backoff_min * 2^step, backoff_max), then +- jitter; advances the step. */
static int64_t backoff_delay(struct ami_session *s)
{
	int64_t d = s->cfg.backoff_min_ms, max = s->cfg.backoff_max_ms;
	for (uint32_t i = 0; i < s->backoff_step && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	if (s->backoff_step < 32)
		s->backoff_step++;
	double r = (double)(rng_next(s) >> 11) / 9007199254740992.0; /* [0, 1) */
	double j = s->cfg.backoff_jitter_pct / 100.0;
	d = (int64_t)((double)d * (1.0 - j + 2.0 * j * r));
	return d < 1 ? 1 : d;
}

static void close_transport(struct ami_session *s)
{
	if (s->conn) {
		ami_conn_free(s->conn);
		s->conn = NULL;
	}
	ami_tcp_connect_cleanup(&s->tcp);
	if (s->out.p)
		ami_sess_wipe(s->out.p, s->out.len);
	s->out.off = s->out.len = 0;
	s->gen++;
	s->more = false;
	s->ping_outstanding = false;
}

void ami_sess_drop(struct ami_session *s, enum ami_status st, enum ami_sess_next next,
		   const char *text)
{
	char why[sizeof s->text];
	snprintf(why, sizeof why, "%s", text); /* text may live in the conn freed below */
	int64_t now = ami_sess_now(s);
	if (s->connected_at >= 0 && now - s->connected_at >= s->cfg.backoff_reset_ms)
		s->backoff_step = 0; /* it was a stable connection, start over gently */
	s->connected_at = -1;
	close_transport(s);
	if (next == AMI_SESS_RECONNECT && !s->cfg.reconnect)
		next = AMI_SESS_STOP;
	enum ami_session_state ns = next == AMI_SESS_RECONNECT ? AMI_SESSION_RECONNECT_WAIT
				    : next == AMI_SESS_STOP    ? AMI_SESSION_STOPPED
							       : AMI_SESSION_IDLE;
	int64_t delay = ns == AMI_SESSION_RECONNECT_WAIT ? backoff_delay(s) : -1;
	s->reconnect_at = delay >= 0 ? now + delay : -1;
	/* handlers run below see the new state: sends are refused, start() works */
	s->state = ns;
	s->status = st;
	ami_sess_pending_fail_all(s);
	if (s->state != ns)
		return;
	if (delay >= 0)
		ami_sess_state(s, ns, st, "%s; reconnecting in %d s", why,
			       (int)((delay + 999) / 1000));
	else
		ami_sess_state(s, ns, st, "%s", why);
}

/* A transport is ready: TLS handshake next, or straight to the banner. */
static void attach(struct ami_session *s, struct ami_conn *c)
{
	int64_t now = ami_sess_now(s);
	s->conn = c;
	s->last_rx = now;
	s->phase_deadline = now + s->cfg.connect_timeout_ms;
	const char *where = s->peer[0] ? s->peer : "the server";
	if (c->ops->handshake)
		ami_sess_state(s, AMI_SESSION_TLS_HANDSHAKE, AMI_OK, "TLS handshake with %s",
			       where);
	else
		ami_sess_state(s, AMI_SESSION_BANNER, AMI_OK,
			       "Connected to %s, waiting for the AMI banner", where);
}

void ami_sess_tcp_connected(struct ami_session *s)
{
	snprintf(s->peer, sizeof s->peer, "%s", ami_tcp_connect_addr(&s->tcp));
	int fd = ami_tcp_connect_take(&s->tcp);
	struct ami_conn *c = NULL;
	char msg[400] = "";
	enum ami_status st;
	if (s->cfg.tls) {
		st = ami_tls_conn_new(fd, s->cfg.host, &s->cfg.tls_opts, &c, msg, sizeof msg);
	} else {
		st = ami_conn_plain_new(fd, &c);
		snprintf(msg, sizeof msg, "Cannot use the connected socket: %s",
			 ami_status_str(st));
	}
	if (st != AMI_OK) {
		ami_sess_drop(s, st, st == AMI_E_CONFIG ? AMI_SESS_STOP : AMI_SESS_RECONNECT, msg);
		return;
	}
	attach(s, c);
}

static void dial(struct ami_session *s)
{
	struct ami_conn *c = NULL;
	char msg[400] = "";
	enum ami_status st = s->cfg.dial(s->cfg.dial_ctx, &c, msg, sizeof msg);
	if (st != AMI_OK || !c) {
		if (st == AMI_OK)
			st = AMI_E_IO;
		ami_sess_drop(s, st, st == AMI_E_CONFIG ? AMI_SESS_STOP : AMI_SESS_RECONNECT,
			      msg[0] ? msg : ami_status_str(st));
		return;
	}
	attach(s, c);
}

void ami_sess_connect(struct ami_session *s)
{
	close_transport(s);
	s->reconnect_at = -1;
	s->connected_at = -1;
	ami_parser_reset(&s->parser);
	s->banner[0] = s->ami_version[0] = s->peer[0] = '\0';
	s->tls_unverified = false;
	ami_sess_state(s, AMI_SESSION_CONNECTING, AMI_OK, "Connecting to %s port %s%s", s->cfg.host,
		       s->cfg.port, s->cfg.tls ? " (TLS)" : "");
	if (s->state != AMI_SESSION_CONNECTING)
		return; /* the callback closed us */
	if (s->cfg.dial) {
		dial(s);
		return;
	}
	enum ami_status st = ami_tcp_connect_start(&s->tcp, s->cfg.host, s->cfg.port,
						   ami_sess_now(s), s->cfg.connect_timeout_ms);
	if (st == AMI_OK)
		ami_sess_tcp_connected(s);
	else if (st != AMI_AGAIN)
		ami_sess_drop(s, st, AMI_SESS_RECONNECT, ami_tcp_connect_errmsg(&s->tcp));
}

/* ---- keepalive ---- */

static void ping_reply(void *user, const struct ami_reply *r)
{
	struct ami_session *s = user;
	s->ping_outstanding = false;
	if (r->kind == AMI_REPLY_RESPONSE) {
		s->last_rtt = r->elapsed_ms;
	} else if (r->kind == AMI_REPLY_TIMEOUT) {
		char text[200];
		snprintf(text, sizeof text,
			 "No answer to the keepalive Ping within %d s: the connection looks dead "
			 "(half-open?)",
			 (int)(r->elapsed_ms / 1000));
		ami_sess_drop(s, AMI_E_TIMEOUT, AMI_SESS_RECONNECT, text);
	}
}

void ami_sess_keepalive(struct ami_session *s, int64_t now)
{
	int64_t iv = s->cfg.ping_interval_ms;
	if (iv <= 0)
		return;
	if (now - s->last_rx >= 2 * iv) {
		char text[200];
		snprintf(text, sizeof text,
			 "Nothing received for %d s (two keepalive intervals): the connection "
			 "looks dead",
			 (int)((now - s->last_rx) / 1000));
		ami_sess_drop(s, AMI_E_TIMEOUT, AMI_SESS_RECONNECT, text);
		return;
	}
	if (s->ping_outstanding || now < s->next_ping)
		return;
	s->next_ping = now + iv;
	struct ami_action a;
	ami_action_init(&a, "Ping");
	if (ami_sess_send_action(s, &a, ping_reply, s, s->cfg.ping_timeout_ms) == AMI_OK)
		s->ping_outstanding = true;
	ami_action_free(&a);
}

/* ---- timers ---- */

static int64_t earlier(int64_t a, int64_t b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

int64_t ami_sess_next_deadline(const struct ami_session *s)
{
	int64_t d = -1, iv = s->cfg.ping_interval_ms;
	switch (s->state) {
	case AMI_SESSION_CONNECTING:
		return ami_tcp_connect_fd(&s->tcp) >= 0 ? ami_tcp_connect_deadline(&s->tcp) : -1;
	case AMI_SESSION_TLS_HANDSHAKE:
	case AMI_SESSION_BANNER:
		return s->phase_deadline;
	case AMI_SESSION_RECONNECT_WAIT:
		return s->reconnect_at;
	case AMI_SESSION_LOGGED_IN:
		if (iv > 0) {
			d = s->last_rx + 2 * iv;
			if (!s->ping_outstanding)
				d = earlier(d, s->next_ping);
		}
		return earlier(d, ami_sess_pending_next_deadline(s));
	case AMI_SESSION_CLOSING:
		return earlier(s->close_deadline, ami_sess_pending_next_deadline(s));
	case AMI_SESSION_LOGIN:
		return ami_sess_pending_next_deadline(s);
	default:
		return -1;
	}
}

static void phase_timeout(struct ami_session *s)
{
	char text[400];
	int secs = (s->cfg.connect_timeout_ms + 999) / 1000;
	const char *where = s->peer[0] ? s->peer : "the server";
	if (s->state == AMI_SESSION_TLS_HANDSHAKE) {
		snprintf(text, sizeof text,
			 "The TLS handshake with %s did not finish within %d s: the port may not "
			 "speak TLS (if it is the plain AMI port, connect without TLS)",
			 where, secs);
		ami_sess_drop(s, AMI_E_TIMEOUT, AMI_SESS_RECONNECT, text);
	} else if (s->conn && s->conn->tls) {
		snprintf(text, sizeof text, "No AMI banner from %s within %d s over TLS", where,
			 secs);
		ami_sess_drop(s, AMI_E_TIMEOUT, AMI_SESS_RECONNECT, text);
	} else {
		snprintf(text, sizeof text,
			 "Connected to %s, but no AMI banner arrived within %d s: if this port "
			 "speaks TLS, connect with TLS (--tls); otherwise it is not an AMI port",
			 where, secs);
		ami_sess_drop(s, AMI_E_NOT_AMI, AMI_SESS_STOP, text);
	}
}

void ami_sess_connect_step(struct ami_session *s, short revents)
{
	enum ami_status st = ami_tcp_connect_step(&s->tcp, revents, ami_sess_now(s));
	if (st == AMI_OK)
		ami_sess_tcp_connected(s);
	else if (st != AMI_AGAIN)
		ami_sess_drop(s, st, AMI_SESS_RECONNECT, ami_tcp_connect_errmsg(&s->tcp));
}

int64_t ami_session_tick(struct ami_session *s)
{
	int64_t now = ami_sess_now(s);
	uint64_t gen = s->gen;
	switch (s->state) {
	case AMI_SESSION_CONNECTING:
		if (ami_tcp_connect_fd(&s->tcp) >= 0 && now >= ami_tcp_connect_deadline(&s->tcp))
			ami_sess_connect_step(s, 0);
		break;
	case AMI_SESSION_TLS_HANDSHAKE:
	case AMI_SESSION_BANNER:
		if (now >= s->phase_deadline)
			phase_timeout(s);
		break;
	case AMI_SESSION_LOGIN:
		ami_sess_pending_expire(s, now);
		break;
	case AMI_SESSION_LOGGED_IN:
		ami_sess_pending_expire(s, now);
		if (s->gen == gen && s->state == AMI_SESSION_LOGGED_IN)
			ami_sess_keepalive(s, now);
		break;
	case AMI_SESSION_CLOSING:
		ami_sess_pending_expire(s, now);
		if (s->gen == gen && s->state == AMI_SESSION_CLOSING && now >= s->close_deadline)
			ami_sess_drop(s, AMI_OK, AMI_SESS_IDLE, "Logged off (no answer to Logoff)");
		break;
	case AMI_SESSION_RECONNECT_WAIT:
		if (now >= s->reconnect_at) {
			s->reconnects++;
			ami_sess_connect(s);
		}
		break;
	default:
		break;
	}
	return ami_sess_next_deadline(s);
}
