/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transport tests: the plain transport and the non-blocking TCP connector. */
#include "net/conn.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- plain transport ---- */

Test(conn, plain_read_write_eof)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct ami_conn *c;
	cr_assert_eq(ami_conn_plain_new(sv[0], &c), AMI_OK);
	cr_assert_str_eq(c->ops->name, "tcp");
	cr_assert_null(c->tls);
	cr_assert_eq(ami_conn_handshake(c), AMI_OK, "plain has nothing to negotiate");
	char buf[64];
	size_t n;
	cr_assert_eq(ami_conn_read(c, buf, sizeof buf, &n), AMI_AGAIN, "non-blocking");
	cr_assert_eq(c->rd_want, POLLIN);
	cr_assert_eq(ami_conn_write(c, "Action: Ping\r\n\r\n", 16, &n), AMI_OK);
	cr_assert_eq(n, 16);
	cr_assert_eq(read(sv[1], buf, sizeof buf), 16);
	cr_assert_eq(write(sv[1], "pong", 4), 4);
	cr_assert_eq(ami_conn_read(c, buf, sizeof buf, &n), AMI_OK);
	cr_assert_eq(n, 4);
	cr_assert_eq(memcmp(buf, "pong", 4), 0);
	cr_assert_eq(ami_conn_pending(c), 0);
	close(sv[1]);
	cr_assert_eq(ami_conn_read(c, buf, sizeof buf, &n), AMI_E_CLOSED);
	ami_conn_free(c);
}

Test(conn, write_to_a_vanished_peer_is_closed_not_sigpipe)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct ami_conn *c;
	cr_assert_eq(ami_conn_plain_new(sv[0], &c), AMI_OK);
	close(sv[1]);
	size_t n;
	/* SIGPIPE is left at its default here: MSG_NOSIGNAL must keep us alive */
	cr_assert_eq(ami_conn_write(c, "x", 1, &n), AMI_E_CLOSED);
	cr_assert(strstr(c->errmsg, "send failed"), "%s", c->errmsg);
	ami_conn_free(c);
}

Test(conn, write_would_block_wants_pollout)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct ami_conn *c;
	cr_assert_eq(ami_conn_plain_new(sv[0], &c), AMI_OK);
	static char big[1 << 16];
	size_t n, total = 0;
	enum ami_status st;
	while ((st = ami_conn_write(c, big, sizeof big, &n)) == AMI_OK)
		total += n;
	cr_assert_eq(st, AMI_AGAIN);
	cr_assert_eq(c->wr_want, POLLOUT);
	cr_assert_gt(total, 0);
	ami_conn_free(c);
	close(sv[1]);
}

/* ---- TCP connector ---- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A listening socket on the loopback of family af, port 0; -1 when unsupported. */
static int listener(int af, char *port, size_t cap, int backlog)
{
	int l = socket(af, SOCK_STREAM, 0);
	if (l < 0)
		return -1;
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	if (af == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *a;
	}
	if (bind(l, (struct sockaddr *)&ss, len) != 0 || listen(l, backlog) != 0) {
		close(l);
		return -1;
	}
	getsockname(l, (struct sockaddr *)&ss, &len);
	unsigned p = af == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
				    : ntohs(((struct sockaddr_in *)&ss)->sin_port);
	snprintf(port, cap, "%u", p);
	return l;
}

/* Drive the connector with real poll() for up to 3 s. */
static enum ami_status drive(struct ami_tcp_connect *c, enum ami_status st)
{
	int64_t end = now_ms() + 3000;
	while (st == AMI_AGAIN && now_ms() < end) {
		struct pollfd p = { .fd = ami_tcp_connect_fd(c), .events = POLLOUT };
		poll(&p, 1, 20);
		st = ami_tcp_connect_step(c, p.revents, now_ms());
	}
	return st;
}

static void connect_ok(const char *host, int af)
{
	char port[16];
	int l = listener(af, port, sizeof port, 4);
	if (l < 0 && af == AF_INET6)
		cr_skip("no IPv6 loopback on this machine");
	cr_assert_geq(l, 0);
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	enum ami_status st = drive(&c, ami_tcp_connect_start(&c, host, port, now_ms(), 2000));
	cr_assert_eq(st, AMI_OK, "%s", ami_tcp_connect_errmsg(&c));
	int fd = ami_tcp_connect_take(&c);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ami_tcp_connect_fd(&c), -1, "the socket now belongs to the caller");
	int a = accept(l, NULL, NULL);
	cr_assert_geq(a, 0);
	cr_assert_eq(write(fd, "hi", 2), 2);
	char buf[4];
	cr_assert_eq(read(a, buf, sizeof buf), 2);
	char want[64];
	snprintf(want, sizeof want, "port %s", port);
	cr_assert(strstr(ami_tcp_connect_addr(&c), want), "%s", ami_tcp_connect_addr(&c));
	ami_tcp_connect_cleanup(&c);
	close(a);
	close(fd);
	close(l);
}

Test(conn, tcp_ipv4)
{
	connect_ok("127.0.0.1", AF_INET);
}

Test(conn, tcp_ipv6_loopback)
{
	connect_ok("::1", AF_INET6);
}

Test(conn, tcp_localhost_tries_every_address)
{
	/* only IPv4 listens: if localhost also resolves to ::1, that one is refused first */
	connect_ok("localhost", AF_INET);
}

Test(conn, tcp_refused)
{
	char port[16];
	int l = listener(AF_INET, port, sizeof port, 1);
	cr_assert_geq(l, 0);
	close(l); /* nothing listens there now */
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	enum ami_status st =
	    drive(&c, ami_tcp_connect_start(&c, "127.0.0.1", port, now_ms(), 2000));
	cr_assert_eq(st, AMI_E_REFUSED);
	const char *m = ami_tcp_connect_errmsg(&c);
	cr_assert(strstr(m, "Connection refused by 127.0.0.1 port"), "%s", m);
	cr_assert(strstr(m, "is AMI enabled"), "%s", m);
	cr_assert_eq(ami_tcp_connect_fd(&c), -1);
	ami_tcp_connect_cleanup(&c);
}

Test(conn, tcp_resolve_failure)
{
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	enum ami_status st =
	    ami_tcp_connect_start(&c, "no-such-host.invalid", "5038", now_ms(), 2000);
	cr_assert_eq(st, AMI_E_RESOLVE);
	cr_assert(
	    strstr(ami_tcp_connect_errmsg(&c), "Cannot resolve host name 'no-such-host.invalid'"),
	    "%s", ami_tcp_connect_errmsg(&c));
	ami_tcp_connect_cleanup(&c);
}

Test(conn, tcp_timeout_on_a_full_backlog)
{
	char port[16];
	int l = listener(AF_INET, port, sizeof port, 0);
	cr_assert_geq(l, 0);
	/* fill the accept queue so further SYNs are dropped and connects hang */
	int fill[16], nfill = 0;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	a.sin_port = htons((unsigned short)atoi(port));
	for (; nfill < 16; nfill++) {
		fill[nfill] = socket(AF_INET, SOCK_STREAM, 0);
		ami_fd_nonblock(fill[nfill]);
		connect(fill[nfill], (struct sockaddr *)&a, sizeof a);
		struct pollfd p = { .fd = fill[nfill], .events = POLLOUT };
		if (poll(&p, 1, 100) == 0) {
			nfill++;
			break;
		}
	}
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	int64_t t0 = now_ms();
	enum ami_status st = ami_tcp_connect_start(&c, "127.0.0.1", port, t0, 1000);
	struct pollfd p = { .fd = ami_tcp_connect_fd(&c), .events = POLLOUT };
	if (st != AMI_AGAIN || poll(&p, 1, 100) != 0) {
		ami_tcp_connect_cleanup(&c);
		cr_skip("this kernel completes connects to a full backlog");
	}
	cr_assert_eq(ami_tcp_connect_deadline(&c), t0 + 1000);
	cr_assert_eq(ami_tcp_connect_step(&c, 0, t0 + 999), AMI_AGAIN);
	st = ami_tcp_connect_step(&c, 0, t0 + 1000);
	cr_assert_eq(st, AMI_E_TIMEOUT);
	cr_assert(strstr(ami_tcp_connect_errmsg(&c), "timed out after 1 s"), "%s",
		  ami_tcp_connect_errmsg(&c));
	ami_tcp_connect_cleanup(&c);
	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	close(l);
}

Test(conn, tcp_unreachable)
{
	/* Linux refuses TCP to a multicast address with ENETUNREACH, without any packet */
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	enum ami_status st =
	    drive(&c, ami_tcp_connect_start(&c, "224.0.0.1", "5038", now_ms(), 500));
	if (st != AMI_E_UNREACHABLE) {
		ami_tcp_connect_cleanup(&c);
		cr_skip("this system does not fail TCP to multicast with ENETUNREACH");
	}
	const char *m = ami_tcp_connect_errmsg(&c);
	cr_assert(strstr(m, "224.0.0.1 port 5038 is unreachable"), "%s", m);
	ami_tcp_connect_cleanup(&c);
}

Test(conn, tcp_connect_finished_unseen_is_not_a_timeout)
{
	char port[16];
	int l = listener(AF_INET, port, sizeof port, 4);
	cr_assert_geq(l, 0);
	struct ami_tcp_connect c;
	ami_tcp_connect_init(&c);
	int64_t t0 = now_ms();
	enum ami_status st = ami_tcp_connect_start(&c, "127.0.0.1", port, t0, 1000);
	if (st == AMI_AGAIN) {
		/* loopback connects complete at once, but nobody polls */
		nanosleep(&(struct timespec){ .tv_nsec = 50 * 1000 * 1000 }, NULL);
		st = ami_tcp_connect_step(&c, 0, t0 + 5000);
	}
	cr_assert_eq(st, AMI_OK, "%s", ami_tcp_connect_errmsg(&c));
	ami_tcp_connect_cleanup(&c);
	close(l);
}
