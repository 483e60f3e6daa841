/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session's public face: lifecycle, poll integration, bounded reading and writing, send. */
#include "net/session.h"
#include "session_int.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/catalog.h"

#define CLOSE_WAIT_MS 2000

static const char *const state_labels[] = {
#define AMI_SESSION_STATE_LABEL(name, label) label,
	AMI_SESSION_STATE_INFO(AMI_SESSION_STATE_LABEL)
#undef AMI_SESSION_STATE_LABEL
};

static const char *const auth_labels[] = {
#define AMI_AUTH_MODE_LABEL(name, label) label,
	AMI_AUTH_MODE_INFO(AMI_AUTH_MODE_LABEL)
#undef AMI_AUTH_MODE_LABEL
};

static const char *const reply_labels[] = {
#define AMI_REPLY_KIND_LABEL(name, label) label,
	AMI_REPLY_KIND_INFO(AMI_REPLY_KIND_LABEL)
#undef AMI_REPLY_KIND_LABEL
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *ami_session_state_str(enum ami_session_state st)
{
	return (unsigned)st < NELEM(state_labels) ? state_labels[st] : "?";
}

const char *ami_auth_mode_str(enum ami_auth_mode m)
{
	return (unsigned)m < NELEM(auth_labels) ? auth_labels[m] : "?";
}

bool ami_auth_mode_parse(const char *s, enum ami_auth_mode *out)
{
	for (size_t i = 0; s && i < NELEM(auth_labels); i++) {
		if (strcasecmp(s, auth_labels[i]) == 0) {
			*out = (enum ami_auth_mode)i;
			return true;
		}
	}
	return false;
}

const char *ami_reply_kind_str(enum ami_reply_kind k)
{
	return (unsigned)k < NELEM(reply_labels) ? reply_labels[k] : "?";
}

void ami_sess_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

static int64_t monotonic_ms(void *unused)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ami_sess_now(const struct ami_session *s)
{
	return s->cfg.clock(s->cfg.clock_ctx);
}

void ami_session_config_init(struct ami_session_config *cfg)
{
	*cfg = (struct ami_session_config){
		.host = "127.0.0.1",
		.port = "5038",
		.auth = AMI_AUTH_AUTO,
		.reconnect = true,
		.connect_timeout_ms = 10000,
		.action_timeout_ms = 10000,
		.ping_interval_ms = 15000,
		.backoff_min_ms = 1000,
		.backoff_max_ms = 60000,
		.backoff_jitter_pct = 20,
		.backoff_reset_ms = 30000,
		.max_auth_failures = 3,
		.max_pending = 256,
		.max_output = 1u << 20,
		.read_budget = 256u << 10,
		.msg_budget = 512,
		.actionid_prefix = "amitui",
		.actionid_first = 1,
		.clock = monotonic_ms,
	};
}

void ami_sess_state(struct ami_session *s, enum ami_session_state st, enum ami_status status,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	s->state = st;
	s->status = status;
	if (s->cb.on_state)
		s->cb.on_state(s->ctx, st, status, s->text);
}

/* ---- creation ---- */

/* Copy *field into an owned string (slot i of s->strs); NULL stays NULL. */
static bool own(struct ami_session *s, int i, const char **field)
{
	if (!*field)
		return true;
	s->strs[i] = strdup(*field);
	*field = s->strs[i];
	return s->strs[i] != NULL;
}

static bool own_strings(struct ami_session *s)
{
	struct ami_session_config *c = &s->cfg;
	return own(s, 0, &c->host) && own(s, 1, &c->port) && own(s, 2, &c->username) &&
	       own(s, 3, &c->events) && own(s, 4, &c->actionid_prefix) &&
	       own(s, 5, &c->tls_opts.ca_file) && own(s, 6, &c->tls_opts.pin_sha256) &&
	       own(s, 7, &c->tls_opts.sni);
}

/* Zero or negative limits fall back to the defaults, so a partial config still works. */
static void fix_limits(struct ami_session_config *c)
{
	struct ami_session_config d;
	ami_session_config_init(&d);
#define FIX(f)         \
	if (c->f <= 0) \
		c->f = d.f;
	FIX(connect_timeout_ms)
	FIX(action_timeout_ms)
	FIX(backoff_min_ms)
	FIX(backoff_max_ms)
	FIX(max_auth_failures)
	FIX(max_pending)
	FIX(max_output)
	FIX(read_budget)
	FIX(msg_budget)
	FIX(actionid_first)
#undef FIX
	if (c->ping_interval_ms < 0)
		c->ping_interval_ms = 0;
	if (c->ping_timeout_ms <= 0)
		c->ping_timeout_ms = c->ping_interval_ms;
	if (c->backoff_jitter_pct < 0 || c->backoff_jitter_pct > 90)
		c->backoff_jitter_pct = d.backoff_jitter_pct;
	if (!c->clock)
		c->clock = d.clock;
	if (!c->host)
		c->host = d.host;
	if (!c->port)
		c->port = d.port;
	if (!c->actionid_prefix)
		c->actionid_prefix = d.actionid_prefix;
}

static uint64_t seed(const struct ami_session *s)
{
	uint64_t x = s->cfg.rng_seed;
	if (x == 0)
		x = (uint64_t)monotonic_ms(NULL) * 2654435761u ^ (uint64_t)(uintptr_t)s;
	return x ? x : 0x9e3779b97f4a7c15ull;
}

enum ami_status ami_session_new(const struct ami_session_config *cfg,
				const struct ami_session_callbacks *cb, void *ctx,
				struct ami_session **out)
{
	*out = NULL;
	if (!cfg || !cb || !cb->get_secret || !cfg->username || !*cfg->username)
		return AMI_E_INVALID;
	struct ami_session *s = calloc(1, sizeof *s);
	if (!s)
		return AMI_E_NOMEM;
	s->cfg = *cfg;
	s->cb = *cb;
	s->ctx = ctx;
	fix_limits(&s->cfg);
	ami_tcp_connect_init(&s->tcp);
	s->pend = calloc(s->cfg.max_pending, sizeof *s->pend);
	if (!own_strings(s) || !s->pend || ami_parser_init(&s->parser, NULL) != AMI_OK) {
		ami_session_free(s);
		return AMI_E_NOMEM;
	}
	ami_actionid_init(&s->ids, s->cfg.actionid_prefix);
	s->ids.next = s->cfg.actionid_first;
	s->rng = seed(s);
	s->state = AMI_SESSION_IDLE;
	s->reconnect_at = s->connected_at = s->last_rtt = -1;
	snprintf(s->text, sizeof s->text, "Not connected");
	*out = s;
	return AMI_OK;
}

static void outq_clear(struct ami_outq *q)
{
	if (q->p)
		ami_sess_wipe(q->p, q->len);
	q->off = q->len = 0;
}

void ami_session_free(struct ami_session *s)
{
	if (!s)
		return;
	if (s->conn || s->state != AMI_SESSION_IDLE) {
		/* no callbacks from a dying session */
		s->cb.on_state = NULL;
		ami_sess_drop(s, AMI_OK, AMI_SESS_IDLE, "Closed");
	}
	ami_tcp_connect_cleanup(&s->tcp);
	outq_clear(&s->out);
	free(s->out.p);
	ami_parser_free(&s->parser);
	free(s->pend);
	for (size_t i = 0; i < NELEM(s->strs); i++)
		free(s->strs[i]);
	free(s);
}

/* ---- lifecycle ---- */

enum ami_status ami_session_start(struct ami_session *s)
{
	if (s->state != AMI_SESSION_IDLE && s->state != AMI_SESSION_STOPPED &&
	    s->state != AMI_SESSION_RECONNECT_WAIT)
		return s->status;
	s->backoff_step = 0;
	s->auth_failures = 0;
	if (s->started_once)
		s->reconnects++;
	s->started_once = true;
	ami_sess_connect(s);
	return s->status;
}

static bool is_connected_state(enum ami_session_state st)
{
	return st == AMI_SESSION_BANNER || st == AMI_SESSION_LOGIN || st == AMI_SESSION_LOGGED_IN ||
	       st == AMI_SESSION_CLOSING;
}

static void logoff_reply(void *user, const struct ami_reply *r)
{
	struct ami_session *s = user;
	if (r->kind != AMI_REPLY_DISCONNECTED)
		ami_sess_drop(s, AMI_OK, AMI_SESS_IDLE, "Logged off");
}

void ami_session_close(struct ami_session *s)
{
	if (s->state == AMI_SESSION_IDLE || s->state == AMI_SESSION_CLOSING)
		return;
	if (s->state == AMI_SESSION_LOGGED_IN) {
		struct ami_action a;
		ami_action_init(&a, "Logoff");
		enum ami_status st = ami_sess_send_action(s, &a, logoff_reply, s, CLOSE_WAIT_MS);
		ami_action_free(&a);
		if (st == AMI_OK) {
			s->close_deadline = ami_sess_now(s) + CLOSE_WAIT_MS;
			ami_sess_state(s, AMI_SESSION_CLOSING, AMI_OK, "Logging off");
			return;
		}
	}
	ami_sess_drop(s, AMI_OK, AMI_SESS_IDLE, "Closed");
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

static enum ami_status outq_add(struct ami_session *s, const char *p, size_t n)
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

/* ---- send ---- */

/* The value of one header of an action under construction (a view into a). */
static struct ami_str action_header(const struct ami_action *a, const char *key)
{
	struct ami_hdr hdrs[AMI_ACTION_MAX_HEADERS + 2];
	struct ami_msg m;
	if (!a->out.p)
		return AMI_STR_NULL;
	ami_msg_parse_block(&m, a->out.p, a->out.len, hdrs, AMI_ACTION_MAX_HEADERS + 2);
	return ami_msg_get(&m, key);
}

enum ami_status ami_session_check(const struct ami_session *s, struct ami_str action,
				  struct ami_str command)
{
	if (s->cfg.replay)
		return AMI_E_REPLAY;
	if (s->cfg.read_only && !ami_catalog_read_only_ok(action, command))
		return AMI_E_READ_ONLY;
	return AMI_OK;
}

static bool is_session_action(const char *name)
{
	return strcasecmp(name, "Login") == 0 || strcasecmp(name, "Challenge") == 0 ||
	       strcasecmp(name, "Logoff") == 0;
}

enum ami_status ami_sess_send_action(struct ami_session *s, struct ami_action *a,
				     void (*fn)(void *user, const struct ami_reply *r), void *user,
				     int timeout_ms)
{
	uint32_t slot = 0;
	while (slot < s->cfg.max_pending && s->pend[slot].used)
		slot++;
	if (slot == s->cfg.max_pending)
		return AMI_E_BUSY;
	if (!a->actionid[0]) {
		char id[64];
		ami_actionid_next(&s->ids, id, sizeof id);
		if (a->finished || ami_action_set_id(a, id) != AMI_OK)
			return AMI_E_INVALID;
	}
	if (ami_sess_pending_find(s, ami_str_c(a->actionid)))
		return AMI_E_INVALID;
	const char *wire;
	size_t len;
	enum ami_status st = ami_action_finish(a, &wire, &len);
	if (st == AMI_OK)
		st = outq_add(s, wire, len);
	if (st != AMI_OK)
		return st;
	struct ami_pending *p = &s->pend[slot];
	int64_t now = ami_sess_now(s);
	*p = (struct ami_pending){ .used = true, .fn = fn, .user = user, .sent_at = now };
	p->timeout_ms = timeout_ms > 0 ? timeout_ms : s->cfg.action_timeout_ms;
	p->deadline = now + p->timeout_ms;
	snprintf(p->actionid, sizeof p->actionid, "%s", a->actionid);
	snprintf(p->action, sizeof p->action, "%s", a->name);
	/* errors surface on the next on_io, never inside a send */
	ami_sess_flush(s);
	return AMI_OK;
}

enum ami_status ami_session_send(struct ami_session *s, struct ami_action *a,
				 void (*fn)(void *user, const struct ami_reply *r), void *user,
				 int timeout_ms)
{
	if (!a)
		return AMI_E_INVALID;
	enum ami_status st = ami_action_status(a);
	if (st != AMI_OK)
		return st;
	st = ami_session_check(s, ami_str_c(a->name), action_header(a, "Command"));
	if (st != AMI_OK)
		return st;
	if (is_session_action(a->name))
		return AMI_E_INVALID;
	if (s->state != AMI_SESSION_LOGGED_IN)
		return AMI_E_NOT_CONNECTED;
	return ami_sess_send_action(s, a, fn, user, timeout_ms);
}

void ami_session_set_read_only(struct ami_session *s, bool on)
{
	s->cfg.read_only = on;
}

void ami_session_set_replay(struct ami_session *s, bool on)
{
	s->cfg.replay = on;
}

void ami_session_get_info(const struct ami_session *s, struct ami_session_info *out)
{
	*out = (struct ami_session_info){
		.state = s->state,
		.status = s->status,
		.text = s->text,
		.banner = s->banner,
		.ami_version = s->ami_version,
		.peer = s->peer,
		.username = s->cfg.username,
		.tls = s->cfg.tls,
		.tls_peer = s->conn ? s->conn->tls : NULL,
		.tls_unverified = s->conn && s->conn->tls && s->tls_unverified,
		.read_only = s->cfg.read_only,
		.replay = s->cfg.replay,
		.bytes_in = s->bytes_in,
		.bytes_out = s->bytes_out,
		.messages_in = s->messages_in,
		.events_in = s->events_in,
		.last_rtt_ms = s->last_rtt,
		.connected_at_ms = s->state == AMI_SESSION_LOGGED_IN ? s->connected_at : -1,
		.reconnect_at_ms = s->state == AMI_SESSION_RECONNECT_WAIT ? s->reconnect_at : -1,
		.reconnects = s->reconnects,
		.auth_failures = s->auth_failures,
		.pending = ami_sess_pending_count(s),
	};
}
