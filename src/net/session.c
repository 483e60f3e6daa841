/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session's public face: configuration, lifecycle, sending and the status figures. */
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
		st = ami_sess_outq_add(s, wire, len);
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

void ami_session_set_reconnect(struct ami_session *s, bool on)
{
	s->cfg.reconnect = on;
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
