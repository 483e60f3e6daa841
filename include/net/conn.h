/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transports: one small interface (plain TCP, TLS), and the non-blocking TCP connector. */
#ifndef AMITUI_NET_CONN_H
#define AMITUI_NET_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct ami_conn;
struct ami_tls_peer;

/*
 * What a transport implements. Every function is non-blocking.
 * handshake: AMI_OK when ready, AMI_AGAIN to be called again once c->hs_want is
 *   signalled by poll(), or an error with c->errmsg set. NULL means "nothing to do".
 * read: AMI_OK with *got > 0, AMI_AGAIN (c->rd_want says which poll event to wait
 *   for: TLS may need POLLOUT to read), AMI_E_CLOSED on an orderly end of stream, or
 *   an error (AMI_E_IO, AMI_E_TLS) with c->errmsg set.
 * write: AMI_OK with *put > 0 (maybe fewer than n bytes), AMI_AGAIN (see c->wr_want),
 *   or an error. A write retried after AMI_AGAIN must start with the same bytes.
 * pending: bytes already decrypted and waiting inside the transport (SSL_pending):
 *   poll() does not see them, so a reader must drain them before it sleeps.
 * destroy: close the socket and free c.
 */
struct ami_conn_ops {
	const char *name;
	enum ami_status (*handshake)(struct ami_conn *c);
	enum ami_status (*read)(struct ami_conn *c, void *buf, size_t cap, size_t *got);
	enum ami_status (*write)(struct ami_conn *c, const void *buf, size_t n, size_t *put);
	size_t (*pending)(const struct ami_conn *c);
	void (*destroy)(struct ami_conn *c);
};

/*
 * A connected transport. The conn owns fd. rd_want/wr_want/hs_want are the poll()
 * events (POLLIN or POLLOUT) the last AMI_AGAIN of read/write/handshake waits for.
 * tls is NULL for plain connections, otherwise the peer certificate summary.
 */
struct ami_conn {
	const struct ami_conn_ops *ops;
	int fd;
	short rd_want;
	short wr_want;
	short hs_want;
	const struct ami_tls_peer *tls;
	char errmsg[1024];
};

/*
 * Wrap a connected stream socket (TCP, or one end of a socketpair in tests) as a plain
 * transport. Takes ownership of fd (closed on failure too) and makes it non-blocking.
 * Returns AMI_OK, AMI_E_NOMEM or AMI_E_SYSTEM.
 */
enum ami_status ami_conn_plain_new(int fd, struct ami_conn **out);

/* Thin dispatchers over c->ops (see struct ami_conn_ops). */
enum ami_status ami_conn_handshake(struct ami_conn *c);
enum ami_status ami_conn_read(struct ami_conn *c, void *buf, size_t cap, size_t *got);
enum ami_status ami_conn_write(struct ami_conn *c, const void *buf, size_t n, size_t *put);
size_t ami_conn_pending(const struct ami_conn *c);
/* Close and free; NULL is fine. */
void ami_conn_free(struct ami_conn *c);

/* Make fd non-blocking and close-on-exec; false on failure (errno set). */
bool ami_fd_nonblock(int fd);

/*
 * The non-blocking TCP connector: resolves host (getaddrinfo, which is the one call
 * that may block: on a DNS lookup, not on a numeric address or /etc/hosts) and tries
 * every address in turn, IPv6 and IPv4, each with an equal share of the remaining
 * time. Drive it from poll(): wait for POLLOUT on ami_tcp_connect_fd() until
 * ami_tcp_connect_deadline(), then call ami_tcp_connect_step().
 */
struct ami_tcp_connect {
	void *res; /* struct addrinfo list (opaque here to keep <netdb.h> out) */
	void *cur;
	int fd;
	int naddr;
	int tried;
	int64_t deadline;
	int64_t attempt_deadline;
	int timeout_ms;
	enum ami_status err; /* the most telling failure so far */
	char host[256];
	char port[32];
	char addr[112]; /* address being tried / connected: "127.0.0.1 port 5038" */
	char tried_list[256];
	char msg[1024];
};

/* Put c in a state where cleanup is harmless (no socket, no list). */
void ami_tcp_connect_init(struct ami_tcp_connect *c);

/*
 * Start connecting (c must have been initialised; a previous attempt is cleaned up).
 * Returns AMI_AGAIN (in progress), AMI_OK (connected already), or
 * an error: AMI_E_RESOLVE, AMI_E_REFUSED, AMI_E_UNREACHABLE, AMI_E_TIMEOUT, AMI_E_IO,
 * with a sentence for a person in ami_tcp_connect_errmsg(). now and the deadline use
 * the caller's millisecond clock.
 */
enum ami_status ami_tcp_connect_start(struct ami_tcp_connect *c, const char *host, const char *port,
				      int64_t now, int timeout_ms);

/*
 * Advance after poll(): revents for the fd (0 when only the deadline passed).
 * Same returns as ami_tcp_connect_start().
 */
enum ami_status ami_tcp_connect_step(struct ami_tcp_connect *c, short revents, int64_t now);

/* The socket being connected (-1 when none) and when the current attempt expires. */
int ami_tcp_connect_fd(const struct ami_tcp_connect *c);
int64_t ami_tcp_connect_deadline(const struct ami_tcp_connect *c);

/* After AMI_OK: take the connected socket (the connector forgets it). */
int ami_tcp_connect_take(struct ami_tcp_connect *c);

/* The failure sentence, and the printable address of the current/connected peer. */
const char *ami_tcp_connect_errmsg(const struct ami_tcp_connect *c);
const char *ami_tcp_connect_addr(const struct ami_tcp_connect *c);

/* Free the address list and close a socket not taken. Safe to call twice. */
void ami_tcp_connect_cleanup(struct ami_tcp_connect *c);

#endif
