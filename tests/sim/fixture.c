/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixture replay: pacing from the .txt transcript, TLS clients, side sessions, normalising. */
#include "fixture.h"
#include "core/md5.h"
#include "sim/tls.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- normalising ---- */

struct canon {
	char vals[64][48];
	int n;
};

static int canon_index(struct canon *c, const char *v, size_t n)
{
	for (int i = 0; i < c->n; i++)
		if (strlen(c->vals[i]) == n && !memcmp(c->vals[i], v, n))
			return i;
	if (c->n == 64)
		return 63;
	snprintf(c->vals[c->n], sizeof c->vals[0], "%.*s", (int)n, v);
	return c->n++;
}

/* Replace every match of pattern (group 1 kept, group 2 replaced) in *text. */
static void replace(char **text, const char *pattern, const char *with, struct canon *c,
		    const char *cprefix)
{
	regex_t re;
	cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0, "%s", pattern);
	size_t len = strlen(*text), cap = len * 2 + 64, o = 0;
	char *out = malloc(cap);
	const char *p = *text;
	regmatch_t m[3];
	int flags = 0;
	while (*p && regexec(&re, p, 3, m, flags) == 0) {
		size_t keep = m[2].rm_so >= 0 ? (size_t)m[2].rm_so : (size_t)m[0].rm_so;
		size_t skip = m[2].rm_so >= 0 ? (size_t)m[2].rm_eo : (size_t)m[0].rm_eo;
		char rep[64];
		if (c)
			snprintf(rep, sizeof rep, "%s%d", cprefix,
				 canon_index(c, p + keep, skip - keep));
		else
			snprintf(rep, sizeof rep, "%s", with);
		if (o + keep + strlen(rep) + 1 >= cap)
			out = realloc(out, cap = cap * 2 + keep + strlen(rep) + 1);
		memcpy(out + o, p, keep);
		o += keep;
		memcpy(out + o, rep, strlen(rep));
		o += strlen(rep);
		p += skip > 0 ? skip : 1;
		flags = REG_NOTBOL * (p[-1] != '\n');
	}
	size_t rest = strlen(p);
	if (o + rest + 1 >= cap)
		out = realloc(out, o + rest + 1);
	memcpy(out + o, p, rest + 1);
	regfree(&re);
	free(*text);
	*text = out;
}

char *fx_normalize(const char *text, size_t len)
{
	char *t = malloc(len + 1);
	memcpy(t, text, len);
	t[len] = '\0';
	struct canon uid = { .n = 0 }, seq = { .n = 0 };
	replace(&t, "()(amitest-[0-9]+\\.[0-9]+)", NULL, &uid, "UID");
	replace(&t, "(/[^ ;!\r\n]*-)([0-9a-f]{8})", NULL, &seq, "SEQ");
	struct canon bridge = { .n = 0 };
	replace(&t, "()([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", NULL,
		&bridge, "BRIDGE");
	replace(&t, "(Timestamp: )([0-9]+\\.[0-9]+)", "<TS>", NULL, NULL);
	replace(&t, "(EventTV: |SessionTV: )([^\r\n]*)", "<TV>", NULL, NULL);
	replace(&t, "(SessionID: )([^\r\n]*)", "<SID>", NULL, NULL);
	replace(&t, "(Address: IPV[46]/[A-Z]+/[^/\r\n]+/)([0-9]+)", "<PORT>", NULL, NULL);
	replace(&t, "(Uptime: |LastReload: )([0-9]+)", "<N>", NULL, NULL);
	replace(&t, "(Challenge: )([0-9]+)", "<CHALLENGE>", NULL, NULL);
	replace(&t, "(LoginTime: )([0-9]+)", "<EPOCH>", NULL, NULL);
	/* queue statistics come from the calls the recording server had handled before */
	replace(&t,
		"(Holdtime: |TalkTime: |Completed: |Abandoned: |ServicelevelPerf: |"
		"ServicelevelPerf2: |CallsTaken: |LastCall: |LastPause: )([0-9.]+)",
		"<STAT>", NULL, NULL);
	replace(&t, "()([0-9]{4}-[0-9]{2}-[0-9]{2})", "<DATE>", NULL, NULL);
	replace(&t, "()([0-9]{2}:[0-9]{2}:[0-9]{2})", "<TIME>", NULL, NULL);
	/* seconds since a call or a queue wait began: how long the recording waited */
	replace(&t, "(Duration: |BillableSeconds: |Seconds: |CoreProcessedCalls: |Wait: )([0-9]+)",
		"<N>", NULL, NULL);
	/* "%d call%s processed": the count and its plural depend on the server's history */
	replace(&t, "(Output: )([0-9]+ calls? processed)", "<N> calls processed", NULL, NULL);
	/* core show channels concise: the twelfth field is the channel's age in seconds */
	replace(&t,
		"(Output: [^!\r\n]*![^!\r\n]*![^!\r\n]*![^!\r\n]*![^!\r\n]*![^!\r\n]*"
		"![^!\r\n]*![^!\r\n]*![^!\r\n]*![^!\r\n]*![^!\r\n]*!)([0-9]+)",
		"<N>", NULL, NULL);
	/* manager show connected rows: start, elapsed, descriptor and spacing vary */
	replace(&t, "(Output:   [^ \r\n]* +[0-9a-f.:]+ +)([0-9 ]+)", "<ROW> ", NULL, NULL);
	return t;
}

/* ---- the transcript: how many server messages came before each request ---- */

struct plan {
	size_t need[256]; /* server messages before request i */
	size_t nreq;
	size_t total; /* server messages in the whole transcript */
};

static void read_plan(const char *txt, struct plan *pl)
{
	memset(pl, 0, sizeof *pl);
	bool banner = false, in_req = false;
	for (const char *p = txt; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = strstr(p, "] S< "), *c = strstr(p, "] C> ");
		if (s && s < p + n) {
			bool empty = (size_t)(s + 5 - p) >= n;
			if (!banner && !empty)
				banner = true, pl->total++;
			else if (empty || (s + 4 == p + n))
				pl->total++;
		} else if (c && c < p + n) {
			bool empty = (size_t)(c + 5 - p) >= n;
			if (!in_req && !empty && pl->nreq < 256) {
				pl->need[pl->nreq] = pl->total;
				in_req = true;
			}
			if (empty && in_req) {
				pl->nreq++;
				in_req = false;
			} else if (empty && pl->nreq < 256) {
				/* a lone blank line is a request of its own */
				pl->need[pl->nreq++] = pl->total;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Requests as sent: lines up to and including each empty line. */
static size_t split_requests(const char *sent, size_t len, const char **start, size_t *size,
			     size_t max)
{
	size_t n = 0;
	const char *p = sent, *end = sent + len, *msg = sent;
	while (p < end && n < max) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		bool empty = nl == p || (nl == p + 1 && *p == '\r');
		p = nl + 1;
		if (empty) {
			start[n] = msg;
			size[n++] = (size_t)(p - msg);
			msg = p;
		}
	}
	return n;
}

/*
 * The transcript's "## md5('<challenge>' + '<secret>')" note names the secret the
 * recorded Key was made from; our challenge differs, so the Key is made again.
 */
static bool md5_secret(const char *txt, char *secret, size_t cap)
{
	const char *p = strstr(txt, "## md5('");
	const char *q = p ? strstr(p, "' + '") : NULL;
	const char *e = q ? strstr(q + 5, "')") : NULL;
	if (!e)
		return false;
	snprintf(secret, cap, "%.*s", (int)(e - q - 5), q + 5);
	return true;
}

static void rekey(char *req, size_t n, const char *received, const char *secret)
{
	char *key = NULL, *ch = NULL;
	for (char *p = req; p < req + n && (p = strstr(p, "Key: ")); p++)
		if (p == req || p[-1] == '\n')
			key = p + 5;
	for (const char *p = received; p && (p = strstr(p, "Challenge: ")); p++)
		ch = (char *)p + 11;
	if (!key || !ch || key + 32 > req + n)
		return;
	char challenge[16], fresh[33];
	snprintf(challenge, sizeof challenge, "%.*s", (int)strcspn(ch, "\r\n"), ch);
	ami_md5_login_key(challenge, secret, fresh);
	memcpy(key, fresh, 32);
}

/* ---- a client connection, plain or TLS ---- */

struct conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	char *buf;
	size_t len;
	bool eof;
};

static bool conn_tls(struct conn *c, unsigned flags, const char *certfile)
{
	c->ctx = SSL_CTX_new(TLS_client_method());
	c->ssl = c->ctx ? SSL_new(c->ctx) : NULL;
	if (!c->ssl)
		return false;
	if (flags & (FX_VERIFY | FX_WRONGHOST)) {
		SSL_CTX_load_verify_locations(c->ctx, certfile, NULL);
		SSL_set_verify(c->ssl, SSL_VERIFY_PEER, NULL);
		SSL_set1_host(c->ssl, flags & FX_WRONGHOST ? "wrong.example" : "localhost");
	}
	SSL_set_tlsext_host_name(c->ssl, "localhost");
	SSL_set_fd(c->ssl, c->fd);
	bool ok = SSL_connect(c->ssl) == 1;
	ERR_clear_error();
	return ok;
}

static void conn_send(struct conn *c, const char *p, size_t n)
{
	if (c->ssl) {
		cr_assert_eq(SSL_write(c->ssl, p, (int)n), (int)n);
		return;
	}
	while (n) {
		ssize_t w = write(c->fd, p, n);
		if (w <= 0)
			return; /* the server may have closed: the comparison will tell */
		p += w;
		n -= (size_t)w;
	}
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read until want messages (or EOF, or the timeout). */
static size_t conn_wait(struct conn *c, size_t want, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	size_t have = c->len ? simproc_count_messages(c->buf, c->len) : 0;
	while (have < want && !c->eof && now_ms() < end) {
		bool pending = c->ssl && SSL_pending(c->ssl) > 0;
		struct pollfd pf = { c->fd, POLLIN, 0 };
		if (!pending && poll(&pf, 1, (int)(end - now_ms())) <= 0)
			break;
		c->buf = realloc(c->buf, c->len + 65537);
		ssize_t n = c->ssl ? SSL_read(c->ssl, c->buf + c->len, 65536)
				   : read(c->fd, c->buf + c->len, 65536);
		if (n <= 0) {
			c->eof = true;
			break;
		}
		c->len += (size_t)n;
		c->buf[c->len] = '\0';
		have = simproc_count_messages(c->buf, c->len);
	}
	return have;
}

static void conn_close(struct conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

/* ---- side sessions ---- */

static int side_login(const struct simproc *sp)
{
	int fd = simproc_connect(sp, false);
	cr_assert_geq(fd, 0);
	const char *login = "Action: Login\r\nUsername: admin\r\nSecret: adminpw\r\nEvents: off\r\n"
			    "ActionID: side-login\r\n\r\n";
	cr_assert_eq(write(fd, login, strlen(login)), (ssize_t)strlen(login));
	char *buf = NULL;
	size_t len = 0;
	simproc_read_messages(fd, &buf, &len, 2, 5000, NULL);
	cr_assert(buf && strstr(buf, "Authentication accepted"), "side login failed");
	free(buf);
	return fd;
}

static void side_originate(int fd, const char *channel, const char *data, const char *cid,
			   const char *id)
{
	char req[512];
	int n =
	    snprintf(req, sizeof req,
		     "Action: Originate\r\nChannel: %s\r\nApplication: Wait\r\nData: %s\r\n"
		     "%s%s%sAsync: true\r\nActionID: %s\r\n\r\n",
		     channel, data, cid ? "CallerID: " : "", cid ? cid : "", cid ? "\r\n" : "", id);
	cr_assert_eq(write(fd, req, (size_t)n), n);
}

/* ---- the replay ---- */

struct tlsfiles {
	char dir[64], cert[96], key[96];
};

static void make_cert(struct tlsfiles *t)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/amisim-fx-XXXXXX");
	cr_assert_not_null(mkdtemp(t->dir));
	snprintf(t->cert, sizeof t->cert, "%s/cert.pem", t->dir);
	snprintf(t->key, sizeof t->key, "%s/key.pem", t->dir);
	struct ami_buf c, k;
	ami_buf_init(&c, 0);
	ami_buf_init(&k, 0);
	cr_assert_eq(sim_tls_selfsigned(&c, &k), AMI_OK);
	FILE *f = fopen(t->cert, "w");
	fwrite(c.p, 1, c.len, f);
	fclose(f);
	f = fopen(t->key, "w");
	fwrite(k.p, 1, k.len, f);
	fclose(f);
	ami_buf_free(&c);
	ami_buf_free(&k);
}

static void remove_cert(struct tlsfiles *t)
{
	unlink(t->cert);
	unlink(t->key);
	rmdir(t->dir);
}

/* One message of normalised text: [p, p+n) including its blank line. */
struct msgspan {
	const char *p;
	size_t n;
};

/* Does a placeholder name (SEQ, UID, BRIDGE) end just before p[i]? */
static bool placeholder_at(const char *p, size_t i)
{
	return (i >= 3 && (!memcmp(p + i - 3, "SEQ", 3) || !memcmp(p + i - 3, "UID", 3))) ||
	       (i >= 6 && !memcmp(p + i - 6, "BRIDGE", 6));
}

/*
 * Order messages by their text with the numbers of placeholders (SEQ3, UID12) masked:
 * those numbers follow the order of appearance, which is what is being canonicalised.
 */
static int span_cmp(const void *x, const void *y)
{
	const struct msgspan *a = x, *b = y;
	size_t i = 0, j = 0;
	while (i < a->n && j < b->n) {
		bool da = a->p[i] >= '0' && a->p[i] <= '9' && placeholder_at(a->p, i);
		bool db = b->p[j] >= '0' && b->p[j] <= '9' && placeholder_at(b->p, j);
		if (da || db) {
			while (da && i < a->n && a->p[i] >= '0' && a->p[i] <= '9')
				i++;
			while (db && j < b->n && b->p[j] >= '0' && b->p[j] <= '9')
				j++;
			if (da != db)
				return da ? -1 : 1;
			continue;
		}
		if (a->p[i] != b->p[j])
			return (unsigned char)a->p[i] - (unsigned char)b->p[j];
		i++, j++;
	}
	return (i < a->n) - (j < b->n);
}

/* Renumber PREFIX<n> placeholders in order of first appearance. */
static void renumber(char **text, const char *prefix)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, "()(%s[0-9]+)", prefix);
	struct canon c = { .n = 0 };
	replace(text, pattern, NULL, &c, prefix);
}

/* An asynchronous event: its Privilege ends in ",all" (list items have none or "Call"). */
static bool is_async(const struct msgspan *m)
{
	if (m->n < 7 || memcmp(m->p, "Event: ", 7) != 0)
		return false;
	const char *priv = NULL;
	for (const char *q = m->p; q < m->p + m->n - 10; q++)
		if (q[0] == '\n' && memcmp(q + 1, "Privilege: ", 11) == 0) {
			priv = q + 12;
			break;
		}
	if (!priv)
		return false;
	size_t l = strcspn(priv, "\r\n");
	return l >= 4 && memcmp(priv + l - 4, ",all", 4) == 0;
}

static bool is_list_item(const struct msgspan *m)
{
	return m->n >= 7 && memcmp(m->p, "Event: ", 7) == 0 && !is_async(m);
}

/*
 * What real Asterisk leaves to chance, put into one order: the items of a list reply
 * (channel lists follow an internal container order), and the events of one burst of
 * asynchronous events (03_perms_admin and 03_perms_operator sent the same request and
 * recorded two orders). Replies stay exactly where they are.
 */
static char *canonical(const char *text)
{
	size_t len = strlen(text), cap = len / 8 + 16, n = 0;
	struct msgspan *m = malloc(cap * sizeof *m);
	for (const char *p = text; *p;) {
		const char *e = strstr(p, "\r\n\r\n");
		const char *nl = strstr(p, "\r\n");
		/* the banner is one line without a blank line after it */
		size_t k = n == 0 && nl && (!e || nl < e) && strncmp(p, "Asterisk", 8) == 0
			       ? (size_t)(nl - p) + 2
			   : e ? (size_t)(e - p) + 4
			       : strlen(p);
		if (n == cap)
			m = realloc(m, (cap *= 2) * sizeof *m);
		m[n++] = (struct msgspan){ p, k };
		p += k;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i;
		bool (*same)(const struct msgspan *) = is_async(&m[i])	     ? is_async
						       : is_list_item(&m[i]) ? is_list_item
									     : NULL;
		while (same && j < n && same(&m[j]))
			j++;
		if (j - i > 1)
			qsort(m + i, j - i, sizeof *m, span_cmp);
		i = j > i ? j : i + 1;
	}
	char *out = malloc(len + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		memcpy(o, m[i].p, m[i].n);
		o += m[i].n;
	}
	*o = '\0';
	free(m);
	return out;
}

static void compare(const char *name, const char *want, size_t wlen, const char *got, size_t glen)
{
	char *na = fx_normalize(want, wlen), *nb = fx_normalize(got, glen);
	char *a = canonical(na), *b = canonical(nb);
	free(na);
	free(nb);
	static const char *const placeholders[] = { "SEQ", "UID", "BRIDGE" };
	for (size_t i = 0; i < 3; i++) {
		renumber(&a, placeholders[i]);
		renumber(&b, placeholders[i]);
	}

	if (strcmp(a, b) != 0) {
		size_t i = 0, line = 1, bol = 0;
		while (a[i] && a[i] == b[i]) {
			if (a[i] == '\n')
				line++, bol = i + 1;
			i++;
		}
		char wl[160], gl[160];
		snprintf(wl, sizeof wl, "%.*s", (int)strcspn(a + bol, "\r\n"), a + bol);
		snprintf(gl, sizeof gl, "%.*s", (int)strcspn(b + bol, "\r\n"), b + bol);
		cr_assert_fail(
		    "%s: differs at line %zu\n  want: %s\n  got:  %s\n(%zu vs %zu bytes)", name,
		    line, wl, gl, wlen, glen);
	}
	free(a);
	free(b);
}

static void start_server(struct simproc *sp, unsigned flags, struct tlsfiles *t)
{
	const char *args[16] = { "-c", tu_path("asterisk-22/conf/manager.conf"), NULL };
	size_t n = 2;
	if (flags & (FX_TLS | FX_VERIFY | FX_WRONGHOST | FX_PLAIN_TO_TLS)) {
		make_cert(t);
		args[n++] = "--tls-port";
		args[n++] = "0";
		args[n++] = "--tls-cert";
		args[n++] = t->cert;
		args[n++] = "--tls-key";
		args[n++] = t->key;
	}
	args[n] = NULL;
	cr_assert(simproc_start(sp, args), "%s", sp->err);
}

static void calls_up(const struct simproc *sp, int *fd)
{
	*fd = side_login(sp);
	/* the calls the 10_* transcripts had up, with their caller ids */
	side_originate(*fd, "Local/700@test", "12", "Long Call <5550700>", "up-700");
	side_originate(*fd, "Local/300@test", "12", "Queue Caller <5550300>", "up-300");
	side_originate(*fd, "Local/310@test", "12", "Held Caller <5550310>", "up-310");
	/* as when the transcripts were taken: the queue member has answered (400 waits) */
	nanosleep(&(struct timespec){ 1, 200000000 }, NULL);
}

void fx_replay(const char *name, unsigned flags)
{
#ifdef AMISIM_PBX_STUB
	if (flags & FX_PBX)
		cr_skip_test("needs the PBX model, which is not linked yet");
#endif
	char rel[160];
	size_t slen, rlen;
	snprintf(rel, sizeof rel, "asterisk-22/%s.sent", name);
	char *sent = tu_load(rel, &slen);
	snprintf(rel, sizeof rel, "asterisk-22/%s.raw", name);
	char *raw = tu_load(rel, &rlen);
	snprintf(rel, sizeof rel, "asterisk-22/%s.txt", name);
	char *txt = tu_load(rel, NULL);
	struct plan pl;
	read_plan(txt, &pl);
	const char *req[256];
	size_t rsize[256];
	size_t nreq = split_requests(sent, slen, req, rsize, 256);
	char secret[64];
	bool md5 = md5_secret(txt, secret, sizeof secret);
	struct simproc sp;
	struct tlsfiles tf = { .dir = "" };
	start_server(&sp, flags, &tf);
	int side = -1;
	if (flags & FX_CALLS_UP)
		calls_up(&sp, &side);
	bool tls = flags & (FX_TLS | FX_VERIFY | FX_WRONGHOST);
	struct conn c = { .fd = simproc_connect_from(&sp, (flags & FX_PLAIN_TO_TLS) || tls,
						     flags & FX_SOURCE2 ? "127.0.0.2" : NULL) };
	cr_assert_geq(c.fd, 0, "connect: %s", strerror(errno));
	if (tls && !conn_tls(&c, flags, tf.cert)) {
		cr_assert(flags & FX_WRONGHOST, "%s: TLS handshake failed", name);
		c.eof = true; /* nothing is received, as in the fixture */
	} else {
		cr_assert_not(flags & FX_WRONGHOST, "%s: the wrong host name was accepted", name);
	}
	/* amisim and the client have read the files: no leftovers when a check fails later */
	if (tf.dir[0])
		remove_cert(&tf);
	for (size_t i = 0; i < nreq && !c.eof; i++) {
		if (i < pl.nreq)
			conn_wait(&c, pl.need[i], 15000);
		if (md5)
			rekey((char *)req[i], rsize[i], c.buf ? c.buf : "", secret);
		conn_send(&c, req[i], rsize[i]);
		if ((flags & FX_SIDE_CALL) && i == 0) {
			/* the unrecorded admin session originates once our Login is answered */
			conn_wait(&c, 2, 5000);
			side = side_login(&sp);
			side_originate(side, "Local/100@test", "1", NULL, "scratch-84");
		}
	}
	conn_wait(&c, (size_t)-1, c.eof ? 0 : 15000);
	cr_assert(c.eof, "%s: the server did not close the connection", name);
	compare(name, raw, rlen, c.buf ? c.buf : "", c.len);
	conn_close(&c);
	if (side >= 0)
		close(side);
	simproc_stop(&sp);
	free(sent);
	free(raw);
	free(txt);
}
