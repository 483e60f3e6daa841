/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server: configuration, listeners, the one poll loop, restarts and the event flood. */
#include "sim/server.h"
#include "server_int.h"

#include "core/perms.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void sim_server_opts_init(struct sim_server_opts *o)
{
	memset(o, 0, sizeof *o);
	o->port = -1;
	o->tls_port = -1;
}

void srv_log(struct sim_server *srv, const char *fmt, ...)
{
	if (!srv->opts.verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("amisim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void cut_printf(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
}

uint32_t srv_random(struct sim_server *srv)
{
	/* xorshift64*: enough for challenges and garbage, not for secrets */
	uint64_t x = srv->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	srv->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 33);
}

uint64_t srv_now(struct sim_server *srv)
{
	return sim_bus_now_ms(srv->bus);
}

static void print_warning(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	fprintf(stderr, "amisim: warning: %s:%u: %s\n", file, line, msg);
}

static enum ami_status load_config(struct sim_server *srv, struct sim_mgrconf *m, char *err,
				   size_t errcap)
{
	if (!srv->opts.config)
		return sim_mgrconf_demo(m);
	return sim_mgrconf_load(m, srv->opts.config, print_warning, NULL, err, errcap);
}

static void apply_general(struct sim_server *srv)
{
	srv->bus->evq.timestamps = srv->cfg.timestampevents;
	sim_evq_set_disabled(&srv->bus->evq, srv->cfg.disabledevents);
}

enum ami_status srv_reload_config(struct sim_server *srv, char *err, size_t errcap)
{
	struct sim_mgrconf m;
	enum ami_status st;
	if (srv->opts.config && !srv->cfg_dirty) {
		st = load_config(srv, &m, err, errcap);
	} else {
		/* edits made by UpdateConfig (not saved to disk) are what a reload reads */
		struct sim_conf copy;
		st = sim_conf_copy(&copy, &srv->cfg.conf);
		if (st == AMI_OK)
			st = sim_mgrconf_from(&m, &copy, "manager.conf", print_warning, NULL);
	}
	if (st != AMI_OK)
		return st;
	sim_mgrconf_free(&srv->cfg);
	srv->cfg = m;
	apply_general(srv);
	return AMI_OK;
}

/* ---- listeners ---- */

int srv_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int open_listener(struct sim_listener *l, char *err, size_t errcap)
{
	int fd = socket(l->addr.ss_family, SOCK_STREAM, 0);
	int one = 1;
	if (fd < 0 || srv_nonblock(fd) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&l->addr, l->addrlen) < 0 || listen(fd, 128) < 0) {
		snprintf(err, errcap, "cannot listen on %s:%u%s: %s", l->host, l->port,
			 l->tls ? " (TLS)" : "", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	socklen_t len = sizeof l->addr;
	getsockname(fd, (struct sockaddr *)&l->addr, &len);
	l->addrlen = len;
	l->port =
	    ntohs(l->addr.ss_family == AF_INET ? ((struct sockaddr_in *)&l->addr)->sin_port
					       : ((struct sockaddr_in6 *)&l->addr)->sin6_port);
	l->fd = fd;
	return 0;
}

static int add_listener(struct sim_server *srv, const char *host, unsigned port, bool tls,
			char *err, size_t errcap)
{
	struct sim_listener *l = &srv->lst[srv->nlst];
	memset(l, 0, sizeof *l);
	l->fd = -1;
	l->tls = tls;
	const char *h = host && *host ? host : "::";
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_PASSIVE,
				  .ai_socktype = SOCK_STREAM },
			*ai = NULL;
	char service[16];
	snprintf(service, sizeof service, "%u", port);
	if (getaddrinfo(h, service, &hints, &ai) != 0 || !ai) {
		snprintf(err, errcap, "invalid bind address '%s' (a numeric IPv4 or IPv6 address)",
			 h);
		return -1;
	}
	memcpy(&l->addr, ai->ai_addr, ai->ai_addrlen);
	l->addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	inet_ntop(l->addr.ss_family,
		  l->addr.ss_family == AF_INET
		      ? (void *)&((struct sockaddr_in *)&l->addr)->sin_addr
		      : (void *)&((struct sockaddr_in6 *)&l->addr)->sin6_addr,
		  l->host, sizeof l->host);
	l->port = port;
	if (open_listener(l, err, errcap) < 0)
		return -1;
	srv->nlst++;
	return 0;
}

static void close_listeners(struct sim_server *srv)
{
	for (size_t i = 0; i < srv->nlst; i++) {
		if (srv->lst[i].fd >= 0)
			close(srv->lst[i].fd);
		srv->lst[i].fd = -1;
	}
}

/* TLS: explicit options must work; a tlsenable= whose files are missing only warns. */
static int setup_tls(struct sim_server *srv, bool *want, char *err, size_t errcap)
{
	const struct sim_server_opts *o = &srv->opts;
	bool explicit = o->tls_port >= 0 || o->tls_cert || o->tls_key || o->tls_selfsigned;
	*want = explicit || srv->cfg.tls_enabled;
	if (!*want)
		return 0;
	const char *cert = o->tls_cert ? o->tls_cert : srv->cfg.tls_certfile;
	const char *key = o->tls_key ? o->tls_key : (o->tls_cert ? NULL : srv->cfg.tls_privatekey);
	if (!cert && !o->tls_selfsigned)
		cert = "asterisk.pem"; /* AST_CERTFILE's default name */
	char terr[256];
	srv->tls = tls_server_ctx(o->tls_selfsigned ? NULL : cert, o->tls_selfsigned ? NULL : key,
				  o->tls_selfsigned, terr, sizeof terr);
	if (srv->tls)
		return 0;
	if (explicit) {
		snprintf(err, errcap, "TLS: %s", terr);
		return -1;
	}
	fprintf(stderr, "amisim: warning: TLS disabled: %s\n", terr);
	*want = false;
	return 0;
}

static int setup_listeners(struct sim_server *srv, char *err, size_t errcap)
{
	const struct sim_server_opts *o = &srv->opts;
	unsigned port = o->port >= 0 ? (unsigned)o->port : srv->cfg.port;
	const char *host = o->bind ? o->bind : srv->cfg.bindaddr;
	if (add_listener(srv, host, port, false, err, errcap) < 0)
		return -1;
	bool tls;
	if (setup_tls(srv, &tls, err, errcap) < 0)
		return -1;
	if (!tls)
		return 0;
	unsigned tport;
	if (o->tls_port >= 0)
		tport = (unsigned)o->tls_port;
	else if (o->port == 0)
		tport = 0; /* everything on free ports when asked for one */
	else if (srv->cfg.tls_port == 0 || srv->cfg.tls_port == srv->cfg.port)
		tport = 5039;
	else
		tport = srv->cfg.tls_port;
	const char *thost = o->bind		       ? o->bind
			    : srv->cfg.tls_bindaddr[0] ? srv->cfg.tls_bindaddr
						       : host;
	return add_listener(srv, thost, tport, true, err, errcap);
}

/* ---- sessions bookkeeping ---- */

bool srv_user_in_use(struct sim_server *srv, const char *name)
{
	for (struct sim_session *s = srv->head; s; s = s->next)
		if (s->state != SS_DEAD && s->username[0] && strcasecmp(s->username, name) == 0)
			return true;
	return false;
}

/* The queue is at its bound: cut the readers that hold the oldest events. */
static void make_room(void *arg)
{
	struct sim_server *srv = arg;
	struct sim_evq *q = &srv->bus->evq;
	uint64_t min = q->head;
	for (struct sim_session *s = srv->head; s; s = s->next)
		if (s->state != SS_DEAD && s->cursor < min)
			min = s->cursor;
	for (struct sim_session *s = srv->head; s; s = s->next) {
		if (s->state != SS_DEAD && s->cursor == min && min < q->head) {
			srv->cut_slow++;
			sess_close(s, "event backlog over the queue bound");
		}
	}
	uint64_t keep = q->head;
	for (struct sim_session *s = srv->head; s; s = s->next)
		if (s->state != SS_DEAD && s->cursor < keep)
			keep = s->cursor;
	sim_evq_trim(q, keep);
}

static void accept_all(struct sim_server *srv, struct sim_listener *l)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof peer;
		int fd = accept(l->fd, (struct sockaddr *)&peer, &len);
		if (fd < 0)
			return;
		if (srv_nonblock(fd) < 0) {
			close(fd);
			continue;
		}
		if (srv->nsessions >= SIM_SESSIONS_MAX || srv->down) {
			close(fd);
			continue;
		}
		struct sim_session *s = sess_new(srv, fd, l, &peer);
		if (!s) {
			close(fd);
			continue;
		}
		s->prev = srv->tail;
		if (srv->tail)
			srv->tail->next = s;
		else
			srv->head = s;
		srv->tail = s;
		srv->nsessions++;
		srv->sessions_total++;
	}
}

static void sweep(struct sim_server *srv)
{
	struct sim_session *s = srv->head;
	while (s) {
		struct sim_session *next = s->next;
		if (s->state == SS_DEAD) {
			if (s->prev)
				s->prev->next = next;
			else
				srv->head = next;
			if (next)
				next->prev = s->prev;
			else
				srv->tail = s->prev;
			srv->nsessions--;
			sess_free(s);
		}
		s = next;
	}
	uint64_t keep = srv->bus->evq.head;
	for (s = srv->head; s; s = s->next)
		if (s->cursor < keep)
			keep = s->cursor;
	sim_evq_trim(&srv->bus->evq, keep);
}

/* ---- restart fault ---- */

static void boot(struct sim_server *srv)
{
	gettimeofday(&srv->startup, NULL);
	srv->lastreload = srv->startup;
}

static void restart_done(void *arg)
{
	struct sim_server *srv = arg;
	char err[256];
	srv->restart_timer = 0;
	for (size_t i = 0; i < srv->nlst; i++)
		if (open_listener(&srv->lst[i], err, sizeof err) < 0)
			fprintf(stderr, "amisim: restart: %s\n", err);
	srv->pbx = sim_pbx_new(srv->bus, &srv->opts.pbx);
	srv->down = false;
	boot(srv);
	srv_log(srv, "restart: accepting connections again");
}

void srv_restart(struct sim_server *srv, uint64_t seconds)
{
	if (srv->down)
		return;
	srv_log(srv, "restart: dropping every connection for %llu s", (unsigned long long)seconds);
	for (struct sim_session *s = srv->head; s; s = s->next)
		if (s->state != SS_DEAD) {
			s->out_off = s->out.len; /* nothing more is written */
			sess_close(s, "restart");
		}
	close_listeners(srv);
	sim_pbx_free(srv->pbx);
	srv->pbx = NULL;
	srv->flood.rate = 0;
	srv->down = true;
	srv->restart_timer = sim_timer_add(srv->bus, seconds * 1000, restart_done, srv);
}

static void restart_now(void *arg)
{
	struct sim_server *srv = arg;
	srv->restart_timer = 0;
	srv_restart(srv, srv->restart_seconds);
}

void srv_restart_soon(struct sim_server *srv, uint64_t seconds)
{
	if (srv->down || srv->restart_timer)
		return;
	srv->restart_seconds = seconds;
	srv->restart_timer = sim_timer_add(srv->bus, 100, restart_now, srv);
}

/* ---- the synthetic flood (SimFlood): realistic bodies, as fast as asked ---- */

static void flood_tick(void *arg)
{
	struct sim_server *srv = arg;
	struct sim_flood *f = &srv->flood;
	f->timer = 0;
	if (!f->rate)
		return;
	uint64_t now = srv_now(srv);
	uint64_t until = now < f->end_ms ? now : f->end_ms;
	uint64_t target = f->rate * (until - f->start_ms) / 1000;
	char body[512];
	const char *sys = sim_bus_system_name(srv->bus);
	while (f->generated < target) {
		uint64_t n = f->generated++;
		int len = snprintf(
		    body, sizeof body,
		    "Channel: PJSIP/flood-%08llx\r\nChannelState: 6\r\n"
		    "ChannelStateDesc: Up\r\nCallerIDNum: 100\r\nCallerIDName: Flood\r\n"
		    "ConnectedLineNum: 200\r\nConnectedLineName: Sink\r\n"
		    "Language: en\r\nAccountCode: \r\nContext: flood\r\nExten: 200\r\n"
		    "Priority: 1\r\nUniqueid: %s%s1795773500.%llu\r\n"
		    "Linkedid: %s%s1795773500.%llu\r\nVariable: FLOODSEQ\r\n"
		    "Value: %llu\r\n",
		    (unsigned long long)(n / 16), sys, *sys ? "-" : "", (unsigned long long)n, sys,
		    *sys ? "-" : "", (unsigned long long)(n - n % 16), (unsigned long long)n);
		sim_bus_emit(srv->bus, AMI_PERM_DIALPLAN, "VarSet", body, (size_t)len);
	}
	if (now >= f->end_ms) {
		srv_log(srv, "flood: done, %llu events", (unsigned long long)f->generated);
		f->rate = 0;
		return;
	}
	f->timer = sim_timer_add(srv->bus, SIM_FLOOD_TICK_MS, flood_tick, srv);
}

void srv_flood_start(struct sim_server *srv, uint64_t rate, uint64_t seconds)
{
	struct sim_flood *f = &srv->flood;
	if (f->timer)
		sim_timer_cancel(srv->bus, f->timer);
	f->rate = rate;
	f->start_ms = srv_now(srv);
	f->end_ms = f->start_ms + seconds * 1000;
	f->generated = 0;
	f->timer = rate ? sim_timer_add(srv->bus, 0, flood_tick, srv) : 0;
}

/* ---- creation ---- */

/* The simulated ast_config_AST_CONFIG_DIR: beside the -c file, or /etc/asterisk. */
static void set_confdir(struct sim_server *srv)
{
	snprintf(srv->confdir, sizeof srv->confdir, "/etc/asterisk");
	if (!srv->opts.config)
		return;
	char dir[2048], cwd[1024] = "";
	const char *c = srv->opts.config;
	if (c[0] != '/' && !getcwd(cwd, sizeof cwd))
		return;
	snprintf(dir, sizeof dir, "%s%s%s", cwd, c[0] == '/' ? "" : "/", c);
	*strrchr(dir, '/') = '\0';
	/* lexical: symbolic links are not followed */
	path_normalize(dir, srv->confdir, sizeof srv->confdir);
}

static int apply_fault_flags(struct sim_server *srv)
{
	for (size_t i = 0; i < srv->opts.nfaults; i++) {
		const struct sim_fault_spec *f = &srv->opts.faults[i];
		if (f->fault == SIM_FAULT_REFUSETLS)
			srv->refusetls = true;
		else if (f->fault == SIM_FAULT_INUSE)
			snprintf(srv->inuse_user, sizeof srv->inuse_user, "%s", f->user);
		else if (f->fault == SIM_FAULT_DRIP)
			srv->drip_ms = f->param ? (unsigned)f->param : 1;
		else if (f->fault == SIM_FAULT_RESTART) {
			srv->restart_after_login = true;
			srv->restart_seconds = f->param;
		}
	}
	return 0;
}

struct sim_server *sim_server_new(const struct sim_server_opts *o, char *err, size_t errcap)
{
	struct sim_server *srv = calloc(1, sizeof *srv);
	if (!srv) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	srv->opts = *o;
	srv->wake[0] = srv->wake[1] = -1;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	srv->rng = ((uint64_t)tv.tv_sec << 20) ^ (uint64_t)tv.tv_usec ^ ((uint64_t)getpid() << 40) ^
		   0x9E3779B97F4A7C15ull;
	srv->lst[0].fd = srv->lst[1].fd = -1;
	if (load_config(srv, &srv->cfg, err, errcap) != AMI_OK)
		goto fail;
	set_confdir(srv);
	if (!srv->cfg.enabled) {
		snprintf(err, errcap, "%s: the manager is disabled ([general] enabled is not yes)",
			 o->config ? o->config : "manager.conf");
		goto fail;
	}
	const char *sys = o->systemname ? o->systemname : "amitest";
	srv->bus = sim_bus_new(sys, srv->cfg.timestampevents, false);
	if (!srv->bus || pipe(srv->wake) < 0 || srv_nonblock(srv->wake[0]) < 0 ||
	    srv_nonblock(srv->wake[1]) < 0) {
		snprintf(err, errcap, "out of memory or descriptors");
		goto fail;
	}
	srv->bus->make_room = make_room;
	srv->bus->owner = srv;
	apply_general(srv);
	if (setup_listeners(srv, err, errcap) < 0)
		goto fail;
	srv->pbx = sim_pbx_new(srv->bus, &o->pbx);
	if (!srv->pbx) {
		snprintf(err, errcap, "out of memory");
		goto fail;
	}
	boot(srv);
	apply_fault_flags(srv);
	return srv;
fail:
	sim_server_free(srv);
	return NULL;
}

void sim_server_print_listeners(const struct sim_server *srv, FILE *f)
{
	for (size_t i = 0; i < srv->nlst; i++)
		fprintf(f, "listening on %s:%u%s\n", srv->lst[i].host, srv->lst[i].port,
			srv->lst[i].tls ? " tls" : "");
	fflush(f);
}

unsigned sim_server_port(const struct sim_server *srv, bool tls)
{
	for (size_t i = 0; i < srv->nlst; i++)
		if (srv->lst[i].tls == tls)
			return srv->lst[i].port;
	return 0;
}

void sim_server_stop(struct sim_server *srv)
{
	srv->stop = 1;
	if (srv->wake[1] >= 0) {
		ssize_t r = write(srv->wake[1], "x", 1);
		(void)r;
	}
}

void sim_server_free(struct sim_server *srv)
{
	if (!srv)
		return;
	while (srv->head) {
		struct sim_session *s = srv->head;
		srv->head = s->next;
		sess_free(s);
	}
	close_listeners(srv);
	if (srv->pbx)
		sim_pbx_free(srv->pbx);
	if (srv->tls)
		SSL_CTX_free(srv->tls);
	sim_bus_free(srv->bus);
	sim_mgrconf_free(&srv->cfg);
	for (size_t i = 0; i < srv->nvfiles; i++)
		sim_conf_free(&srv->vfiles[i].conf);
	if (srv->wake[0] >= 0)
		close(srv->wake[0]);
	if (srv->wake[1] >= 0)
		close(srv->wake[1]);
	free(srv);
}

/* ---- the loop ---- */

struct pollset {
	struct pollfd *fds;
	struct sim_session **who;
	size_t n;
	size_t cap;
};

static bool pollset_add(struct pollset *p, int fd, short ev, struct sim_session *s)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct pollfd *f = realloc(p->fds, cap * sizeof *f);
		if (!f)
			return false;
		p->fds = f;
		struct sim_session **w = realloc(p->who, cap * sizeof *w);
		if (!w)
			return false;
		p->who = w;
		p->cap = cap;
	}
	p->fds[p->n] = (struct pollfd){ .fd = fd, .events = ev };
	p->who[p->n++] = s;
	return true;
}

static int loop_timeout(struct sim_server *srv)
{
	int t = sim_bus_timeout(srv->bus);
	uint64_t now = srv_now(srv);
	for (struct sim_session *s = srv->head; s; s = s->next) {
		uint64_t d = sess_deadline(s);
		if (d == UINT64_MAX)
			continue;
		int ms = d <= now ? 0 : (int)(d - now > 60000 ? 60000 : d - now);
		if (t < 0 || ms < t)
			t = ms;
	}
	return t;
}

static void one_turn(struct sim_server *srv, struct pollset *p)
{
	p->n = 0;
	pollset_add(p, srv->wake[0], POLLIN, NULL);
	for (size_t i = 0; i < srv->nlst; i++)
		if (srv->lst[i].fd >= 0 && !srv->down)
			pollset_add(p, srv->lst[i].fd, POLLIN, NULL);
	for (struct sim_session *s = srv->head; s; s = s->next)
		if (s->state != SS_DEAD)
			pollset_add(p, s->fd, sess_poll_events(s), s);
	int r = poll(p->fds, p->n, loop_timeout(srv));
	if (r < 0 && errno != EINTR)
		return;
	char drain[64];
	if (p->fds[0].revents)
		while (read(srv->wake[0], drain, sizeof drain) > 0)
			;
	for (size_t i = 1; i < p->n; i++) {
		if (!p->fds[i].revents)
			continue;
		if (!p->who[i]) {
			for (size_t k = 0; k < srv->nlst; k++)
				if (srv->lst[k].fd == p->fds[i].fd)
					accept_all(srv, &srv->lst[k]);
		} else if (p->fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
			sess_readable(p->who[i]);
		}
	}
	sim_bus_run_timers(srv->bus);
	for (struct sim_session *s = srv->head; s; s = s->next)
		sess_pump(s);
	sweep(srv);
}

int sim_server_run(struct sim_server *srv)
{
	struct pollset p = { 0 };
	while (!srv->stop)
		one_turn(srv, &p);
	free(p.fds);
	free(p.who);
	return 0;
}
