/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One AMI connection: TLS, reading, the output queue and its write timeout, event delivery. */
#include "server_int.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <unistd.h>

static void cancel(struct sim_session *s, uint64_t *id)
{
	if (*id)
		sim_timer_cancel(s->srv->bus, *id);
	*id = 0;
}

static void auth_expired(void *arg)
{
	struct sim_session *s = arg;
	s->auth_timer = 0;
	if (!s->authenticated && s->state != SS_DEAD) {
		s->out_off = s->out.len; /* a silent close */
		sess_close(s, "authtimeout");
	}
}

/* Asterisk closes when now - authstart > authtimeout, both in whole seconds. */
static void arm_authtimeout(struct sim_session *s)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	s->authstart = tv.tv_sec;
	uint64_t ms_into = (uint64_t)tv.tv_usec / 1000;
	uint64_t delay = ((uint64_t)s->srv->cfg.authtimeout + 1) * 1000 - ms_into;
	s->auth_timer = sim_timer_add(s->srv->bus, delay, auth_expired, s);
}

static void peer_text(struct sim_session *s)
{
	const struct sockaddr_storage *p = &s->peer;
	if (p->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)p;
		inet_ntop(AF_INET, &a->sin_addr, s->peer_host, sizeof s->peer_host);
		s->peer_port = ntohs(a->sin_port);
	} else {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)p;
		inet_ntop(AF_INET6, &a->sin6_addr, s->peer_host, sizeof s->peer_host);
		s->peer_port = ntohs(a->sin6_port);
	}
}

/* session_do(): the authlimit check, then the banner. */
static void start(struct sim_session *s)
{
	struct sim_server *srv = s->srv;
	if (srv->unauth >= srv->cfg.authlimit) {
		s->out_off = s->out.len;
		sess_close(s, "authlimit reached: closed before the banner");
		return;
	}
	srv->unauth++;
	s->counted_unauth = true;
	s->state = SS_OPEN;
	s->cursor = srv->bus->evq.head; /* grab_last() */
	arm_authtimeout(s);
	ami_buf_adds(&s->out, SIM_BANNER);
}

struct sim_session *sess_new(struct sim_server *srv, int fd, const struct sim_listener *lst,
			     const struct sockaddr_storage *peer)
{
	struct sim_session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->rbuf = malloc(SIM_RBUF);
	if (!s->rbuf) {
		free(s);
		return NULL;
	}
	s->srv = srv;
	s->id = ++srv->next_id;
	s->fd = fd;
	s->lst = lst;
	s->peer = *peer;
	peer_text(s);
	sim_input_init(&s->in);
	ami_buf_init(&s->out, SIM_OUT_MAX);
	ami_buf_init(&s->delayed, 4096);
	s->writetimeout = 100;
	s->send_events = 0xffffffffu; /* build_mansession(): -1 */
	s->drip_ms = srv->drip_ms;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	srv_log(srv, "connect %s:%u on %s:%u%s", s->peer_host, s->peer_port, lst->host, lst->port,
		lst->tls ? " (TLS)" : "");
	if (lst->tls) {
		s->state = SS_HANDSHAKE;
		s->ssl = SSL_new(srv->tls);
		if (!s->ssl || SSL_set_fd(s->ssl, fd) != 1) {
			sess_free(s);
			return NULL;
		}
		return s;
	}
	start(s);
	return s;
}

void sess_close(struct sim_session *s, const char *why)
{
	if (s->state == SS_DEAD)
		return;
	srv_log(s->srv, "close %s:%u%s%s%s: %s", s->peer_host, s->peer_port,
		s->username[0] ? " (" : "", s->username, s->username[0] ? ")" : "", why);
	s->state = SS_DEAD;
	cancel(s, &s->auth_timer);
	cancel(s, &s->delay_timer);
	cancel(s, &s->wait_timer);
	cancel(s, &s->stall_timer);
	cancel(s, &s->drip_timer);
	if (s->counted_unauth) {
		s->srv->unauth--;
		s->counted_unauth = false;
	}
	if (s->deferred) {
		s->deferred->s = NULL;
		s->deferred = NULL;
	}
	s->cursor = s->srv->bus->evq.head;
}

void sess_free(struct sim_session *s)
{
	sess_close(s, "server stopping");
	if (s->ssl) {
		SSL_free(s->ssl);
		s->ssl = NULL;
	}
	if (s->fd >= 0)
		close(s->fd);
	sim_input_free(&s->in);
	/* replies may have carried secrets (GetConfig) */
	ami_buf_wipe(&s->out);
	ami_buf_wipe(&s->delayed);
	memset(s->rbuf, 0, SIM_RBUF);
	free(s->rbuf);
	sim_filters_free(&s->filters);
	free(s);
}

/* ---- I/O over plain sockets or TLS: >0 bytes, 0 would block, -1 EOF/error ---- */

static ssize_t io_read(struct sim_session *s, char *buf, size_t n)
{
	if (!s->ssl) {
		ssize_t r = read(s->fd, buf, n);
		if (r > 0)
			return r;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		return -1;
	}
	int r = SSL_read(s->ssl, buf, (int)(n > 65536 ? 65536 : n));
	if (r > 0)
		return r;
	int e = SSL_get_error(s->ssl, r);
	ERR_clear_error();
	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

static ssize_t io_write(struct sim_session *s, const char *buf, size_t n)
{
	if (!s->ssl) {
		ssize_t r = send(s->fd, buf, n, MSG_NOSIGNAL);
		if (r >= 0)
			return r;
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	}
	int r = SSL_write(s->ssl, buf, (int)(n > 65536 ? 65536 : n));
	if (r > 0)
		return r;
	int e = SSL_get_error(s->ssl, r);
	ERR_clear_error();
	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

static void handshake(struct sim_session *s)
{
	if (s->srv->refusetls) {
		sess_close(s, "refusetls fault: closed during the TLS handshake");
		return;
	}
	int r = SSL_accept(s->ssl);
	if (r == 1) {
		start(s);
		return;
	}
	int e = SSL_get_error(s->ssl, r);
	ERR_clear_error();
	if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
		sess_close(s, "TLS handshake failed");
}

void sess_readable(struct sim_session *s)
{
	if (s->state == SS_DEAD)
		return;
	if (s->state == SS_HANDSHAKE) {
		handshake(s);
		return;
	}
	if (s->state == SS_CLOSING || s->stalled || s->eof)
		return;
	s->ssl_more = false;
	while (s->rlen < SIM_RBUF) {
		ssize_t r = io_read(s, s->rbuf + s->rlen, SIM_RBUF - s->rlen);
		if (r == 0)
			return;
		if (r < 0) {
			s->eof = true;
			return;
		}
		s->rlen += (size_t)r;
		s->new_input = true;
	}
	/* the buffer is full: TLS may still hold decrypted bytes */
	s->ssl_more = s->ssl && SSL_pending(s->ssl) > 0;
}

/* ---- output ---- */

static void drip_ready(void *arg)
{
	struct sim_session *s = arg;
	s->drip_timer = 0;
	s->drip_wait = false;
}

static void write_out(struct sim_session *s)
{
	uint64_t now = srv_now(s->srv);
	while (s->out_off < s->out.len && !s->drip_wait) {
		size_t n = s->out.len - s->out_off;
		if (s->drip_ms)
			n = 1;
		ssize_t w = io_write(s, s->out.p + s->out_off, n);
		if (w == 0)
			break;
		if (w < 0) {
			s->out_off = s->out.len;
			sess_close(s, "write error (peer gone)");
			return;
		}
		s->out_off += (size_t)w;
		s->bytes_out += (uint64_t)w;
		s->srv->bytes_out += (uint64_t)w;
		s->stall_since = now;
		if (s->drip_ms) {
			s->drip_wait = true;
			s->drip_timer = sim_timer_add(s->srv->bus, s->drip_ms, drip_ready, s);
		}
	}
	if (s->out_off == s->out.len) {
		ami_buf_reset(&s->out);
		s->out_off = 0;
		s->stall_since = 0;
	} else if (s->out_off > 65536 && s->out_off * 2 > s->out.len) {
		ami_buf_consume(&s->out, s->out_off);
		s->out_off = 0;
	}
}

static size_t pending(const struct sim_session *s)
{
	return s->out.len - s->out_off;
}

/* send_string()'s timeout: no progress for writetimeout ms while output waits. */
static void check_write_timeout(struct sim_session *s)
{
	if (!pending(s) || s->stalled || s->drip_ms) {
		if (!pending(s))
			s->stall_since = 0;
		return;
	}
	uint64_t now = srv_now(s->srv);
	if (!s->stall_since)
		s->stall_since = now;
	if (now - s->stall_since > (uint64_t)s->writetimeout) {
		s->srv->cut_slow++;
		s->out_off = s->out.len;
		sess_close(s, "write timeout: the client does not read");
	}
}

/* ---- events ---- */

static bool wants(const struct sim_session *s, const struct sim_event *e)
{
	return s->authenticated && (s->readperm & e->category) == e->category &&
	       (s->send_events & e->category) == e->category &&
	       sim_filters_pass(&s->filters, sim_event_name(e), sim_event_text(e));
}

void sess_flush_events(struct sim_session *s, bool unlimited)
{
	const struct sim_evq *q = &s->srv->bus->evq;
	if (!s->authenticated) {
		s->cursor = q->head; /* process_events() skips them for unauthenticated sessions */
		return;
	}
	while (s->cursor < q->head && (unlimited || pending(s) < SIM_OUT_HIGH)) {
		const struct sim_event *e = sim_evq_get(q, s->cursor++);
		if (e && wants(s, e))
			ami_buf_add(&s->out, sim_event_text(e), e->len);
	}
}

/* ---- WaitEvent ---- */

static void wait_expired(void *arg)
{
	struct sim_session *s = arg;
	s->wait_timer = 0;
	s->new_input = true; /* reuse the completion path */
}

static void wait_complete(struct sim_session *s)
{
	ami_buf_adds(&s->out, "Response: Success\r\n");
	if (s->wait_actionid[0])
		ami_buf_printf(&s->out, "ActionID: %s\r\n", s->wait_actionid);
	ami_buf_adds(&s->out, "Message: Waiting for Event completed.\r\n\r\n");
	sess_flush_events(s, true);
	char idtext[256] = "";
	if (s->wait_actionid[0])
		cut_printf(idtext, sizeof idtext, "ActionID: %s\r\n", s->wait_actionid);
	ami_buf_printf(&s->out, "Event: WaitEventComplete\r\n%s\r\n", idtext);
	cancel(s, &s->wait_timer);
	s->state = SS_OPEN;
}

void sess_waitevent(struct sim_session *s, int timeout, const char *actionid)
{
	snprintf(s->wait_actionid, sizeof s->wait_actionid, "%s", actionid);
	s->state = SS_WAITEVENT;
	s->new_input = false;
	if (timeout == 0) {
		wait_complete(s);
		return;
	}
	if (timeout > 0)
		s->wait_timer =
		    sim_timer_add(s->srv->bus, (uint64_t)timeout * 1000, wait_expired, s);
}

/* ---- delays and faults ---- */

static void delay_done(void *arg)
{
	struct sim_session *s = arg;
	s->delay_timer = 0;
	if (s->state != SS_DELAY)
		return;
	ami_buf_add(&s->out, s->delayed.p, s->delayed.len);
	ami_buf_wipe(&s->delayed);
	s->state = SS_CLOSING;
}

void sess_delay_then_close(struct sim_session *s, const char *reply, size_t len)
{
	ami_buf_reset(&s->delayed);
	ami_buf_add(&s->delayed, reply, len);
	s->state = SS_DELAY;
	s->delay_timer = sim_timer_add(s->srv->bus, SIM_LOGIN_DELAY_MS, delay_done, s);
}

static void stall_done(void *arg)
{
	struct sim_session *s = arg;
	s->stall_timer = 0;
	s->stalled = false;
	s->stall_since = 0;
	srv_log(s->srv, "stall of %s:%u ends", s->peer_host, s->peer_port);
}

void sess_apply_fault(struct sim_session *s, const struct sim_fault_spec *f)
{
	srv_log(s->srv, "fault %s on %s:%u", sim_fault_word(f->fault), s->peer_host, s->peer_port);
	switch (f->fault) {
	case SIM_FAULT_CLOSE:
		s->state = SS_CLOSING;
		break;
	case SIM_FAULT_STALL:
		s->stall_after = f->param; /* once the reply that armed it is out */
		break;
	case SIM_FAULT_GARBAGE:
		for (uint64_t i = 0; i < f->param; i++)
			ami_buf_addc(&s->out, (char)(1 + srv_random(s->srv) % 255));
		break;
	case SIM_FAULT_OVERLONG:
		ami_buf_adds(&s->out, "Overlong: ");
		for (uint64_t i = 0; i < f->param; i++)
			ami_buf_addc(&s->out, 'x');
		ami_buf_adds(&s->out, "\r\n\r\n");
		break;
	case SIM_FAULT_DRIP:
		s->drip_ms = f->param ? (unsigned)f->param : 1;
		break;
	case SIM_FAULT_CUT:
		s->cut_armed = true;
		s->cut_bytes = f->param;
		break;
	case SIM_FAULT_HEADERS:
		/* one event past any sane client's header limit (amitui's is 65536) */
		ami_buf_adds(&s->out, "Event: SimHeaders\r\nPrivilege: system,all\r\n");
		for (uint64_t i = 0; i < f->param; i++)
			ami_buf_printf(&s->out, "H%llu: x\r\n", (unsigned long long)i);
		ami_buf_adds(&s->out, "\r\n");
		break;
	default:
		break;
	}
}

void sess_cut_reply(struct sim_session *s, size_t mark)
{
	if (!s->cut_armed || s->state == SS_DEAD || mark > s->out.len)
		return;
	size_t len = s->out.len - mark;
	size_t keep = s->cut_bytes ? (size_t)s->cut_bytes : len / 2;
	if (len && keep >= len)
		keep = len - 1; /* never the whole reply: the point is an unfinished one */
	s->cut_armed = false;
	s->out.len = mark + keep;
	s->out.p[s->out.len] = '\0';
	srv_log(s->srv, "fault cut on %s:%u: %zu of %zu reply bytes sent", s->peer_host,
		s->peer_port, keep, len);
	s->state = SS_CLOSING;
}

/* ---- the per-turn work ---- */

static void process_input(struct sim_session *s)
{
	const struct sim_evq *q = &s->srv->bus->evq;
	for (int budget = 256; budget > 0 && s->state == SS_OPEN && !s->stalled; budget--) {
		/* do_message() delivers pending events before it reads the next request */
		sess_flush_events(s, false);
		if (s->cursor < q->head || s->rlen == 0)
			return;
		size_t used;
		enum sim_input_kind kind = sim_input_feed(&s->in, s->rbuf, s->rlen, &used);
		memmove(s->rbuf, s->rbuf + used, s->rlen - used);
		s->rlen -= used;
		if (kind == SIM_INPUT_NONE)
			return;
		struct ami_msg m;
		sim_input_msg(&s->in, &m);
		sess_process(s, kind, &m);
	}
}

void sess_pump(struct sim_session *s)
{
	if (s->state == SS_DEAD || s->state == SS_HANDSHAKE)
		return;
	if (s->ssl_more)
		sess_readable(s);
	process_input(s);
	if (s->state == SS_WAITEVENT &&
	    (s->cursor < s->srv->bus->evq.head || s->new_input || s->eof)) {
		wait_complete(s);
		process_input(s);
	}
	if (s->state == SS_OPEN && !s->stalled) {
		sess_flush_events(s, false);
		if (s->eof && s->rlen == 0)
			s->state = SS_CLOSING; /* get_input() read EOF */
	}
	if (s->state == SS_CLOSING)
		s->cursor = s->srv->bus->evq.head;
	if (!s->stalled)
		write_out(s);
	if (s->state == SS_DEAD)
		return;
	if (s->stall_after && !pending(s)) {
		srv_log(s->srv, "stall of %s:%u for %llu ms begins", s->peer_host, s->peer_port,
			(unsigned long long)s->stall_after);
		s->stalled = true;
		cancel(s, &s->stall_timer);
		s->stall_timer = sim_timer_add(s->srv->bus, s->stall_after, stall_done, s);
		s->stall_after = 0;
	}
	check_write_timeout(s);
	if (s->state == SS_CLOSING && !pending(s))
		sess_close(s, "closed by the server");
}

short sess_poll_events(struct sim_session *s)
{
	short ev = 0;
	if (s->state == SS_HANDSHAKE)
		return POLLIN | (SSL_want_write(s->ssl) ? POLLOUT : 0);
	bool reading = s->state != SS_CLOSING && s->state != SS_DEAD;
	if (reading && !s->stalled && !s->eof && s->rlen < SIM_RBUF)
		ev |= POLLIN;
	if (pending(s) && !s->stalled && !s->drip_wait)
		ev |= POLLOUT;
	return ev;
}

uint64_t sess_deadline(struct sim_session *s)
{
	uint64_t now = srv_now(s->srv);
	if (s->state == SS_DEAD || s->state == SS_HANDSHAKE)
		return UINT64_MAX;
	if (s->ssl_more)
		return now;
	const struct sim_evq *q = &s->srv->bus->evq;
	/* events or input waiting for a session that can take them: no sleeping */
	if (s->cursor < q->head &&
	    ((s->state == SS_OPEN && pending(s) < SIM_OUT_HIGH) || s->state == SS_WAITEVENT))
		return now;
	/* a stall or a close armed from another session (Target: all) happens at the
	 * next pump: at once, not when this session next has traffic */
	if ((s->stall_after || s->state == SS_CLOSING) && !pending(s))
		return now;
	/* requests left in the buffer (budget used up, or a wait just ended) */
	if (s->state == SS_OPEN && s->rlen && s->cursor >= q->head && !s->stalled)
		return now;
	if (pending(s) && !s->stalled && !s->drip_ms)
		return (s->stall_since ? s->stall_since : now) + (uint64_t)s->writetimeout + 1;
	return UINT64_MAX;
}
