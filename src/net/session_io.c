/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session I/O: poll integration, the wiped output queue, bounded reading and dispatch. */
#include "session_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_connected_state(enum ami_session_state st)
{
	return st == AMI_SESSION_BANNER || st == AMI_SESSION_LOGIN || st == AMI_SESSION_LOGGED_IN ||
	       st == AMI_SESSION_CLOSING;
}

void ami_session_pollfd(const struct ami_session *s, int *fd, short *events)
{
	*fd = -1;
	*events = 0;
	if (s->state == AMI_SESSION_CONNECTING && ami_tcp_connect_fd(&s->tcp) >= 0) {
		*fd = ami_tcp_connect_fd(&s->tcp);
		*events = POLLOUT;
	} else if (s->state == AMI_SESSION_TLS_HANDSHAKE && s->conn) {
		*fd = s->conn->fd;
		*events = s->conn->hs_want;
	} else if (is_connected_state(s->state) && s->conn) {
		*fd = s->conn->fd;
		*events = s->conn->rd_want;
		if (s->out.len > s->out.off)
			*events |= s->conn->wr_want;
	}
}

int ami_session_poll_timeout(const struct ami_session *s)
{
	if (s->more)
		return 0;
	int64_t d = ami_sess_next_deadline(s);
	if (d < 0)
		return -1;
	int64_t left = d - ami_sess_now(s);
	return left <= 0 ? 0 : left > 1000000000 ? 1000000000 : (int)left;
}

/* ---- output ---- */

enum ami_status ami_sess_outq_add(struct ami_session *s, const char *p, size_t n)
{
	struct ami_outq *q = &s->out;
	if (q->len - q->off + n > s->cfg.max_output)
		return AMI_E_BUSY;
	if (q->off && q->cap - q->len < n) {
		size_t keep = q->len - q->off;
		memmove(q->p, q->p + q->off, keep);
		ami_sess_wipe(q->p + keep, q->len - keep);
		q->off = 0;
		q->len = keep;
	}
	if (q->cap - q->len < n) {
		size_t cap = q->cap ? q->cap : 4096;
		while (cap - q->len < n)
			cap *= 2;
		/* fresh block + wipe rather than realloc: the old one may hold a secret */
		char *np = malloc(cap);
		if (!np)
			return AMI_E_NOMEM;
		if (q->p) {
			memcpy(np, q->p, q->len);
			ami_sess_wipe(q->p, q->len);
			free(q->p);
		}
		q->p = np;
		q->cap = cap;
	}
	memcpy(q->p + q->len, p, n);
	q->len += n;
	return AMI_OK;
}

enum ami_status ami_sess_flush(struct ami_session *s)
{
	struct ami_outq *q = &s->out;
	while (s->conn && q->len > q->off) {
		size_t put = 0;
		enum ami_status st = ami_conn_write(s->conn, q->p + q->off, q->len - q->off, &put);
		if (st != AMI_OK)
			return st;
		ami_sess_wipe(q->p + q->off, put);
		q->off += put;
		s->bytes_out += put;
	}
	if (q->off == q->len)
		q->off = q->len = 0;
	return AMI_OK;
}

static void write_out(struct ami_session *s)
{
	enum ami_status st = ami_sess_flush(s);
	if (st == AMI_OK || st == AMI_AGAIN)
		return;
	char text[1100];
	snprintf(text, sizeof text, "Connection lost while sending: %s",
		 s->conn && s->conn->errmsg[0] ? s->conn->errmsg : ami_status_str(st));
	bool closing = s->state == AMI_SESSION_CLOSING;
	ami_sess_drop(s, closing ? AMI_OK : st, closing ? AMI_SESS_IDLE : AMI_SESS_RECONNECT,
		      closing ? "Logged off" : text);
}

/* ---- input ---- */

/* A TLS server answers a plain client with binary records, never with text. */
static bool looks_binary(const char *p, size_t n)
{
	for (size_t i = 0; i < n && p[i] != '\n'; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

static void read_ended(struct ami_session *s, enum ami_status st)
{
	char text[1100];
	const char *why = s->conn && s->conn->errmsg[0] ? s->conn->errmsg : ami_status_str(st);
	if (s->state == AMI_SESSION_CLOSING) {
		ami_sess_drop(s, AMI_OK, AMI_SESS_IDLE, "Logged off");
		return;
	}
	if (st != AMI_E_CLOSED)
		snprintf(text, sizeof text, "Connection lost: %s", why);
	else if (s->state == AMI_SESSION_BANNER)
		snprintf(text, sizeof text,
			 "The server closed the connection before sending the AMI banner: "
			 "Asterisk may be at its authlimit (too many connections not yet logged "
			 "in), or this is not an AMI port");
	else if (s->state == AMI_SESSION_LOGIN)
		snprintf(text, sizeof text,
			 "The server closed the connection during login (its authtimeout may "
			 "have expired)");
	else
		snprintf(text, sizeof text,
			 "The server closed the connection (Asterisk restarted or stopped, the "
			 "session was kicked, or it timed out writing to us)");
	ami_sess_drop(s, st, AMI_SESS_RECONNECT, text);
}

static void parser_failed(struct ami_session *s, enum ami_status st)
{
	char text[400];
	snprintf(text, sizeof text, "Protocol error from the server, connection dropped: %s",
		 ami_parser_errmsg(&s->parser));
	ami_sess_drop(s, st, AMI_SESS_RECONNECT, text);
}

/* Dispatch buffered messages: AMI_AGAIN needs bytes, AMI_OK means the budget ran out. */
static enum ami_status deliver(struct ami_session *s, uint32_t *msgs, uint64_t gen)
{
	while (*msgs < s->cfg.msg_budget) {
		struct ami_msg m;
		enum ami_status st = ami_parser_next(&s->parser, &m);
		if (st != AMI_OK)
			return st;
		++*msgs;
		ami_sess_dispatch(s, &m);
		if (s->gen != gen)
			return AMI_AGAIN;
	}
	return AMI_OK;
}

/* Read and dispatch within the budgets; true when work is left for another call. */
static bool pump_input(struct ami_session *s)
{
	uint64_t gen = s->gen;
	size_t bytes = 0;
	uint32_t msgs = 0;
	for (;;) {
		enum ami_status st = deliver(s, &msgs, gen);
		if (s->gen != gen)
			return false;
		if (st != AMI_AGAIN && st != AMI_OK) {
			parser_failed(s, st);
			return false;
		}
		if (msgs >= s->cfg.msg_budget || bytes >= s->cfg.read_budget)
			return true;
		size_t avail = 0, got = 0;
		char *dst = ami_parser_space(&s->parser, &avail);
		if (!dst) {
			parser_failed(s, ami_parser_error(&s->parser));
			return false;
		}
		if (avail > s->cfg.read_budget - bytes)
			avail = s->cfg.read_budget - bytes;
		st = ami_conn_read(s->conn, dst, avail, &got);
		if (st == AMI_AGAIN)
			return false;
		if (st != AMI_OK) {
			read_ended(s, st);
			return false;
		}
		if (s->state == AMI_SESSION_BANNER && looks_binary(dst, got)) {
			ami_sess_drop(s, AMI_E_NOT_AMI, AMI_SESS_STOP,
				      "The server sent binary data instead of the AMI banner: "
				      "this port seems to speak TLS; connect with TLS (--tls)");
			return false;
		}
		ami_parser_commit(&s->parser, got);
		bytes += got;
		s->bytes_in += got;
		s->last_rx = ami_sess_now(s);
	}
}

static void handshake_step(struct ami_session *s)
{
	enum ami_status st = ami_conn_handshake(s->conn);
	if (st == AMI_AGAIN)
		return;
	if (st != AMI_OK) {
		char text[sizeof s->conn->errmsg];
		snprintf(text, sizeof text, "%s", s->conn->errmsg);
		bool fatal = st == AMI_E_TLS_VERIFY || st == AMI_E_TLS_PIN;
		ami_sess_drop(s, st, fatal ? AMI_SESS_STOP : AMI_SESS_RECONNECT, text);
		return;
	}
	const struct ami_tls_peer *p = s->conn->tls;
	s->tls_unverified = p && p->insecure; /* a matching pin is trust, not a warning */
	s->phase_deadline = ami_sess_now(s) + s->cfg.connect_timeout_ms;
	if (!p)
		ami_sess_state(s, AMI_SESSION_BANNER, AMI_OK, "Connected");
	else if (p->insecure)
		ami_sess_state(s, AMI_SESSION_BANNER, AMI_OK,
			       "WARNING: TLS certificate NOT verified (insecure mode%s%s): anyone "
			       "on the path can read the secret and every event",
			       p->verify_error[0] ? ": " : "", p->verify_error);
	else
		ami_sess_state(s, AMI_SESSION_BANNER, AMI_OK, "%s %s with %s, %s", p->version,
			       p->cipher, p->subject,
			       p->pinned ? "certificate pinned" : "certificate verified");
}

bool ami_session_on_io(struct ami_session *s, short revents)
{
	if (s->state == AMI_SESSION_CONNECTING) {
		ami_sess_connect_step(s, revents);
		if (s->state != AMI_SESSION_TLS_HANDSHAKE)
			return false;
	}
	if (s->state == AMI_SESSION_TLS_HANDSHAKE && s->conn)
		handshake_step(s);
	if (!is_connected_state(s->state) || !s->conn) {
		s->more = false;
		return false;
	}
	uint64_t gen = s->gen;
	s->more = pump_input(s);
	if (s->gen == gen && s->conn)
		write_out(s);
	if (s->gen != gen)
		s->more = false;
	return s->more;
}
