/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scripted socketpair peer and transcript splitting for the session tests. */
#include "peer.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void peer_open(struct peer *p)
{
	int sv[2];
	memset(p, 0, sizeof *p);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0, "socketpair: %s", strerror(errno));
	p->fd = sv[0];
	p->session_fd = sv[1];
	int fl = fcntl(p->fd, F_GETFL);
	cr_assert(fl >= 0 && fcntl(p->fd, F_SETFL, fl | O_NONBLOCK) == 0);
	p->gotcap = 4096;
	p->got = calloc(1, p->gotcap);
	cr_assert_not_null(p->got);
}

int peer_take_session_fd(struct peer *p)
{
	int fd = p->session_fd;
	p->session_fd = -1;
	return fd;
}

void peer_hangup(struct peer *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

void peer_free(struct peer *p)
{
	peer_hangup(p);
	if (p->session_fd >= 0)
		close(p->session_fd);
	p->session_fd = -1;
	free(p->got);
	p->got = NULL;
}

void peer_write(struct peer *p, const void *data, size_t n)
{
	const char *d = data;
	while (n) {
		ssize_t k = send(p->fd, d, n, MSG_NOSIGNAL);
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = p->fd, .events = POLLOUT };
			cr_assert_gt(poll(&pfd, 1, 2000), 0, "peer write stalled");
			continue;
		}
		cr_assert_gt(k, 0, "peer write: %s", strerror(errno));
		d += k;
		n -= (size_t)k;
	}
}

void peer_puts(struct peer *p, const char *s)
{
	peer_write(p, s, strlen(s));
}

size_t peer_read(struct peer *p)
{
	size_t total = 0;
	for (;;) {
		if (p->gotcap - p->gotlen < 4096) {
			p->gotcap *= 2;
			p->got = realloc(p->got, p->gotcap);
			cr_assert_not_null(p->got);
		}
		ssize_t k = recv(p->fd, p->got + p->gotlen, p->gotcap - p->gotlen - 1, 0);
		if (k <= 0)
			break;
		p->gotlen += (size_t)k;
		total += (size_t)k;
	}
	p->got[p->gotlen] = '\0';
	return total;
}

void peer_clear(struct peer *p)
{
	p->gotlen = 0;
	p->got[0] = '\0';
}

/* ---- transcripts ---- */

/*
 * From the .txt: for each server message, how many client actions had ended before it
 * began. The first S< line is the banner (one line, no blank); later messages end with
 * an empty S< line; a client action ends with an empty C> line.
 */
static size_t txt_groups(const char *txt, size_t *msg_group, size_t cap)
{
	size_t nmsg = 0, done = 0, start = 0;
	bool banner = false, in_msg = false;
	for (const char *l = txt; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		const char *s = strstr(l, "] S< "), *c = strstr(l, "] C> ");
		if (s && s < l + len) {
			size_t tl = (size_t)(l + len - (s + 5));
			if (!banner) {
				banner = true;
				cr_assert_lt(nmsg, cap);
				msg_group[nmsg++] = done;
			} else if (tl == 0 && in_msg) {
				cr_assert_lt(nmsg, cap);
				msg_group[nmsg++] = start;
				in_msg = false;
			} else if (tl > 0 && !in_msg) {
				in_msg = true;
				start = done;
			}
		} else if (c && c < l + len && (size_t)(l + len - (c + 5)) == 0) {
			done++;
		}
		l = nl ? nl + 1 : NULL;
	}
	return nmsg;
}

/* From the .raw: the end offset of each message (banner line, then blank-line ends). */
static size_t raw_ends(const char *raw, size_t n, size_t *ends, size_t cap)
{
	size_t nmsg = 0, at = 0;
	bool banner = true;
	while (at < n) {
		const char *nl = memchr(raw + at, '\n', n - at);
		size_t next = nl ? (size_t)(nl - raw) + 1 : n;
		size_t len = next - at;
		bool blank = len == 1 || (len == 2 && raw[at] == '\r');
		if (banner || blank) {
			cr_assert_lt(nmsg, cap);
			ends[nmsg++] = next;
			banner = false;
		}
		at = next;
	}
	return nmsg;
}

static void split_sent(struct peer_script *sc)
{
	size_t at = 0, start = 0;
	while (at < sc->sentlen) {
		const char *nl = memchr(sc->sent + at, '\n', sc->sentlen - at);
		size_t next = nl ? (size_t)(nl - sc->sent) + 1 : sc->sentlen;
		size_t len = next - at;
		if (len == 1 || (len == 2 && sc->sent[at] == '\r')) {
			cr_assert_lt(sc->nactions, sizeof sc->act_off / sizeof sc->act_off[0]);
			sc->act_off[sc->nactions] = start;
			sc->act_len[sc->nactions++] = next - start;
			start = next;
		}
		at = next;
	}
}

void peer_script_load(struct peer_script *sc, const char *name)
{
	char path[512];
	memset(sc, 0, sizeof *sc);
	snprintf(path, sizeof path, "%s.raw", name);
	sc->raw = tu_load(path, &sc->rawlen);
	snprintf(path, sizeof path, "%s.sent", name);
	sc->sent = tu_load(path, &sc->sentlen);
	snprintf(path, sizeof path, "%s.txt", name);
	char *txt = tu_load(path, NULL);
	static size_t group[4096], ends[4096];
	size_t nt = txt_groups(txt, group, 4096);
	size_t nr = raw_ends(sc->raw, sc->rawlen, ends, 4096);
	free(txt);
	cr_assert_eq(nt, nr, "%s: .txt shows %zu server messages, .raw holds %zu", name, nt, nr);
	size_t prev = 0;
	for (size_t i = 0; i < nr; i++) {
		size_t g = group[i];
		cr_assert_lt(g, sizeof sc->grp_off / sizeof sc->grp_off[0]);
		if (sc->grp_len[g] == 0)
			sc->grp_off[g] = prev;
		sc->grp_len[g] += ends[i] - prev;
		if (g + 1 > sc->ngroups)
			sc->ngroups = g + 1;
		prev = ends[i];
	}
	split_sent(sc);
}

void peer_script_free(struct peer_script *sc)
{
	free(sc->raw);
	free(sc->sent);
	memset(sc, 0, sizeof *sc);
}

void peer_send_group(struct peer *p, const struct peer_script *sc, size_t k)
{
	cr_assert_lt(k, sc->ngroups, "no server group %zu", k);
	peer_write(p, sc->raw + sc->grp_off[k], sc->grp_len[k]);
}

const char *peer_script_actions(const struct peer_script *sc, size_t from, size_t to, size_t *len)
{
	cr_assert(from <= to && to <= sc->nactions);
	size_t a = from < sc->nactions ? sc->act_off[from] : sc->sentlen;
	size_t b = to < sc->nactions ? sc->act_off[to] : sc->sentlen;
	*len = b - a;
	return sc->sent + a;
}
