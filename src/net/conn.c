/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plain transport and the non-blocking TCP connector (every address, one deadline). */
#include "net/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the interface ---- */

enum ami_status ami_conn_handshake(struct ami_conn *c)
{
	return c->ops->handshake ? c->ops->handshake(c) : AMI_OK;
}

enum ami_status ami_conn_read(struct ami_conn *c, void *buf, size_t cap, size_t *got)
{
	*got = 0;
	return c->ops->read(c, buf, cap, got);
}

enum ami_status ami_conn_write(struct ami_conn *c, const void *buf, size_t n, size_t *put)
{
	*put = 0;
	return c->ops->write(c, buf, n, put);
}

size_t ami_conn_pending(const struct ami_conn *c)
{
	return c->ops->pending ? c->ops->pending(c) : 0;
}

void ami_conn_free(struct ami_conn *c)
{
	if (c)
		c->ops->destroy(c);
}

bool ami_fd_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return false;
	int fdfl = fcntl(fd, F_GETFD);
	return fdfl >= 0 && fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) == 0;
}

/* ---- plain transport ---- */

static enum ami_status plain_read(struct ami_conn *c, void *buf, size_t cap, size_t *got)
{
	ssize_t n;
	do
		n = recv(c->fd, buf, cap, 0);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		*got = (size_t)n;
		return AMI_OK;
	}
	if (n == 0)
		return AMI_E_CLOSED;
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		c->rd_want = POLLIN;
		return AMI_AGAIN;
	}
	snprintf(c->errmsg, sizeof c->errmsg, "receive failed: %s", strerror(errno));
	return errno == ECONNRESET ? AMI_E_CLOSED : AMI_E_IO;
}

static enum ami_status plain_write(struct ami_conn *c, const void *buf, size_t n, size_t *put)
{
	ssize_t k;
	/* MSG_NOSIGNAL: a peer that went away must give EPIPE, not kill the process */
	do
		k = send(c->fd, buf, n, MSG_NOSIGNAL);
	while (k < 0 && errno == EINTR);
	if (k > 0) {
		*put = (size_t)k;
		return AMI_OK;
	}
	if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		c->wr_want = POLLOUT;
		return AMI_AGAIN;
	}
	snprintf(c->errmsg, sizeof c->errmsg, "send failed: %s", strerror(k < 0 ? errno : EIO));
	return k < 0 && (errno == EPIPE || errno == ECONNRESET) ? AMI_E_CLOSED : AMI_E_IO;
}

static void plain_destroy(struct ami_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

static const struct ami_conn_ops plain_ops = {
	.name = "tcp",
	.handshake = NULL,
	.read = plain_read,
	.write = plain_write,
	.pending = NULL,
	.destroy = plain_destroy,
};

enum ami_status ami_conn_plain_new(int fd, struct ami_conn **out)
{
	*out = NULL;
	if (!ami_fd_nonblock(fd)) {
		close(fd);
		return AMI_E_SYSTEM;
	}
	struct ami_conn *c = calloc(1, sizeof *c);
	if (!c) {
		close(fd);
		return AMI_E_NOMEM;
	}
	c->ops = &plain_ops;
	c->fd = fd;
	c->rd_want = POLLIN;
	c->wr_want = POLLOUT;
	c->hs_want = POLLOUT;
	*out = c;
	return AMI_OK;
}

/* ---- TCP connector ---- */

/* How telling a failure is, to pick the one to report when several addresses fail. */
static int err_rank(enum ami_status st)
{
	switch (st) {
	case AMI_E_REFUSED:
		return 4;
	case AMI_E_TIMEOUT:
		return 3;
	case AMI_E_UNREACHABLE:
		return 2;
	case AMI_E_IO:
		return 1;
	default:
		return 0;
	}
}

static enum ami_status errno_status(int e)
{
	switch (e) {
	case ECONNREFUSED:
		return AMI_E_REFUSED;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ENETDOWN:
	case EADDRNOTAVAIL:
	case EAFNOSUPPORT:
		return AMI_E_UNREACHABLE;
	case ETIMEDOUT:
		return AMI_E_TIMEOUT;
	default:
		return AMI_E_IO;
	}
}

static void describe_addr(struct ami_tcp_connect *c, const struct addrinfo *ai)
{
	char h[64], p[16];
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, h, sizeof h, p, sizeof p,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(h, sizeof h, "?");
	snprintf(c->addr, sizeof c->addr, "%s port %s", h, c->port);
}

void ami_tcp_connect_init(struct ami_tcp_connect *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

void ami_tcp_connect_cleanup(struct ami_tcp_connect *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (c->res)
		freeaddrinfo(c->res);
	c->res = c->cur = NULL;
}

/* Append to a bounded list; a long list is cut, which is fine for a message. */
static void __attribute__((format(printf, 3, 4)))
append(char *dst, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(dst);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst + n, cap - n, fmt, ap);
	va_end(ap);
}

/* Remember why one address failed; the final message lists them all. */
static void note_failure(struct ami_tcp_connect *c, enum ami_status st, const char *why)
{
	append(c->tried_list, sizeof c->tried_list, "%s%s: %s", c->tried_list[0] ? "; " : "",
	       c->addr, why);
	if (err_rank(st) >= err_rank(c->err))
		c->err = st;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static enum ami_status final_failure(struct ami_tcp_connect *c)
{
	const char *h = c->host;
	switch (c->err) {
	case AMI_E_REFUSED:
		snprintf(c->msg, sizeof c->msg,
			 "Connection refused by %s port %s: nothing listens there "
			 "(is AMI enabled in manager.conf, and is the port right?) [%s]",
			 h, c->port, c->tried_list);
		break;
	case AMI_E_TIMEOUT:
		snprintf(c->msg, sizeof c->msg,
			 "Connecting to %s port %s timed out after %d s: the host may be down, "
			 "or a firewall drops the packets [%s]",
			 h, c->port, (c->timeout_ms + 999) / 1000, c->tried_list);
		break;
	case AMI_E_UNREACHABLE:
		snprintf(c->msg, sizeof c->msg,
			 "%s port %s is unreachable: no route to the host or its network [%s]", h,
			 c->port, c->tried_list);
		break;
	default:
		c->err = AMI_E_IO;
		snprintf(c->msg, sizeof c->msg, "Cannot connect to %s port %s [%s]", h, c->port,
			 c->tried_list);
		break;
	}
	ami_tcp_connect_cleanup(c);
	return c->err;
}

/* Try addresses from c->cur on until one is in progress or connected. */
static enum ami_status try_next(struct ami_tcp_connect *c, int64_t now)
{
	for (struct addrinfo *ai = c->cur; ai; ai = ai->ai_next) {
		c->cur = ai->ai_next;
		describe_addr(c, ai);
		c->tried++;
		int64_t left = c->deadline - now;
		if (left <= 0) {
			note_failure(c, AMI_E_TIMEOUT, "not tried, time is up");
			continue;
		}
		/* an equal share of what is left for each address still to try */
		c->attempt_deadline = now + left / (c->naddr - c->tried + 1);
		c->fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (c->fd < 0 || !ami_fd_nonblock(c->fd)) {
			note_failure(c, errno_status(errno), strerror(errno));
			continue;
		}
		if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			return AMI_OK;
		if (errno == EINPROGRESS || errno == EINTR)
			return AMI_AGAIN;
		note_failure(c, errno_status(errno), strerror(errno));
	}
	return final_failure(c);
}

enum ami_status ami_tcp_connect_start(struct ami_tcp_connect *c, const char *host, const char *port,
				      int64_t now, int timeout_ms)
{
	ami_tcp_connect_cleanup(c);
	ami_tcp_connect_init(c);
	snprintf(c->host, sizeof c->host, "%s", host ? host : "");
	snprintf(c->port, sizeof c->port, "%s", port && *port ? port : "5038");
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
	c->deadline = now + c->timeout_ms;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(c->host, c->port, &hints, &res);
	if (rc != 0 || !res) {
		c->err = AMI_E_RESOLVE;
		snprintf(c->msg, sizeof c->msg, "Cannot resolve host name '%s' (port '%s'): %s",
			 c->host, c->port, rc ? gai_strerror(rc) : "no address");
		if (res)
			freeaddrinfo(res);
		return c->err;
	}
	c->res = c->cur = res;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
		c->naddr++;
	return try_next(c, now);
}

enum ami_status ami_tcp_connect_step(struct ami_tcp_connect *c, short revents, int64_t now)
{
	if (c->fd < 0)
		return c->err == AMI_OK ? AMI_E_INVALID : c->err;
	if (revents == 0) {
		/* called on the timer: the connect may have finished unseen */
		struct pollfd p = { .fd = c->fd, .events = POLLOUT };
		if (poll(&p, 1, 0) > 0)
			revents = p.revents;
	}
	if (revents & (POLLOUT | POLLERR | POLLHUP)) {
		int e = 0;
		socklen_t len = sizeof e;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
			e = errno;
		if (e == 0)
			return AMI_OK;
		note_failure(c, errno_status(e), strerror(e));
		return try_next(c, now);
	}
	if (now >= c->attempt_deadline) {
		note_failure(c, AMI_E_TIMEOUT, "timed out");
		return try_next(c, now);
	}
	return AMI_AGAIN;
}

int ami_tcp_connect_fd(const struct ami_tcp_connect *c)
{
	return c->fd;
}

int64_t ami_tcp_connect_deadline(const struct ami_tcp_connect *c)
{
	return c->attempt_deadline;
}

int ami_tcp_connect_take(struct ami_tcp_connect *c)
{
	int fd = c->fd;
	c->fd = -1;
	if (c->res)
		freeaddrinfo(c->res);
	c->res = c->cur = NULL;
	return fd;
}

const char *ami_tcp_connect_errmsg(const struct ami_tcp_connect *c)
{
	return c->msg;
}

const char *ami_tcp_connect_addr(const struct ami_tcp_connect *c)
{
	return c->addr;
}
