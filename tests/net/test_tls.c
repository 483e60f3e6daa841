/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS tests: certificates made for the test, a tiny OpenSSL server thread, the real session. */
#include "net/tls.h"
#include "net/session.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* ---- certificates ---- */

struct cert {
	EVP_PKEY *key;
	X509 *x;
	char sha256[96];
};

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	cr_assert_not_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/*
 * A P-256 certificate for cn, signed by ca (NULL: self-signed), valid from `from` to
 * `until` seconds relative to now. san may be NULL.
 */
static void make_cert_valid(struct cert *c, const char *cn, const char *san, bool is_ca,
			    const struct cert *ca, long from, long until)
{
	static long serial = 1;
	c->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	cr_assert_not_null(c->key);
	c->x = X509_new();
	X509_set_version(c->x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c->x), serial++);
	X509_gmtime_adj(X509_getm_notBefore(c->x), from);
	X509_gmtime_adj(X509_getm_notAfter(c->x), until);
	X509_set_pubkey(c->x, c->key);
	X509_NAME *nm = X509_get_subject_name(c->x);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509 *issuer = ca ? ca->x : c->x;
	X509_set_issuer_name(c->x, X509_get_subject_name(issuer));
	add_ext(c->x, issuer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
	if (is_ca)
		add_ext(c->x, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
	if (san)
		add_ext(c->x, issuer, NID_subject_alt_name, san);
	cr_assert(X509_sign(c->x, ca ? ca->key : c->key, EVP_sha256()) > 0);
	unsigned char md[32];
	unsigned len = 0;
	X509_digest(c->x, EVP_sha256(), md, &len);
	size_t o = 0;
	for (unsigned i = 0; i < len; i++)
		o += (size_t)snprintf(c->sha256 + o, sizeof c->sha256 - o, "%s%02X", i ? ":" : "",
				      md[i]);
}

static void make_cert(struct cert *c, const char *cn, const char *san, bool is_ca,
		      const struct cert *ca)
{
	make_cert_valid(c, cn, san, is_ca, ca, -3600, 86400);
}

static void free_cert(struct cert *c)
{
	EVP_PKEY_free(c->key);
	X509_free(c->x);
}

static struct {
	struct cert ca, good, wrong_host, self, expired, future;
	char ca_file[256];
} K;

static void make_certs(void)
{
	make_cert(&K.ca, "amitui test CA", NULL, true, NULL);
	make_cert(&K.good, "localhost", "DNS:localhost,IP:127.0.0.1", false, &K.ca);
	make_cert(&K.wrong_host, "wrong.example", "DNS:wrong.example", false, &K.ca);
	make_cert(&K.self, "localhost", "DNS:localhost,IP:127.0.0.1", false, NULL);
	/* expired yesterday; not valid before tomorrow */
	make_cert_valid(&K.expired, "localhost", "DNS:localhost,IP:127.0.0.1", false, &K.ca,
			-30 * 86400, -86400);
	make_cert_valid(&K.future, "localhost", "DNS:localhost,IP:127.0.0.1", false, &K.ca, 86400,
			30 * 86400);
	const char *tmp = getenv("TMPDIR");
	snprintf(K.ca_file, sizeof K.ca_file, "%s/amitui-ca-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(K.ca_file);
	cr_assert_geq(fd, 0);
	FILE *f = fdopen(fd, "w");
	cr_assert(PEM_write_X509(f, K.ca.x));
	fclose(f);
}

/* ---- the server thread ---- */

enum srv_mode {
	SRV_TLS_AMI,	/* TLS, banner, answers Login with success */
	SRV_PLAIN_AMI,	/* plain banner: a plain AMI port */
	SRV_TLS_SILENT, /* TLS that waits for a ClientHello: what Asterisk's TLS port does */
	SRV_TLS_EVENTS	/* like SRV_TLS_AMI, then 20 events in one TLS record */
};

static struct server {
	enum srv_mode mode;
	const struct cert *cert;
	int max_version;
	int lfd;
	char port[16];
	pthread_t th;
	bool started;
	char sni[256];
	bool got_sni;
	bool handshake_ok;
	char login[1024];
} S;

static void read_until_blank(SSL *ssl, int fd, char *dst, size_t cap)
{
	size_t n = 0;
	while (n + 1 < cap) {
		int k = ssl ? SSL_read(ssl, dst + n, 1) : (int)read(fd, dst + n, 1);
		if (k <= 0)
			break;
		n++;
		dst[n] = '\0';
		if (n >= 4 && memcmp(dst + n - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	dst[n] = '\0';
}

static void serve_tls(int fd)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_use_certificate(ctx, S.cert->x);
	SSL_CTX_use_PrivateKey(ctx, S.cert->key);
	if (S.max_version) {
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
		SSL_CTX_set_max_proto_version(ctx, S.max_version);
	}
	SSL *ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) == 1) {
		S.handshake_ok = true;
		const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
		S.got_sni = sni != NULL;
		snprintf(S.sni, sizeof S.sni, "%s", sni ? sni : "");
		const char *banner = "Asterisk Call Manager/11.0.0\r\n";
		SSL_write(ssl, banner, (int)strlen(banner));
		read_until_blank(ssl, fd, S.login, sizeof S.login);
		const char *id = strstr(S.login, "ActionID: ");
		char reply[256];
		snprintf(reply, sizeof reply,
			 "Response: Success\r\n%.*sMessage: Authentication accepted\r\n\r\n",
			 id ? (int)(strcspn(id, "\n") + 1) : 0, id ? id : "");
		SSL_write(ssl, reply, (int)strlen(reply));
		if (S.mode == SRV_TLS_EVENTS) {
			char evs[4096];
			size_t o = 0;
			for (int i = 0; i < 20; i++)
				o += (size_t)snprintf(evs + o, sizeof evs - o,
						      "Event: E%d\r\nPrivilege: call,all\r\n\r\n",
						      i);
			SSL_write(ssl, evs, (int)o);
		}
		char sink[256];
		while (SSL_read(ssl, sink, sizeof sink) > 0)
			;
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
}

static void *server_main(void *arg)
{
	struct pollfd p = { .fd = S.lfd, .events = POLLIN };
	if (poll(&p, 1, 5000) <= 0)
		return NULL;
	int fd = accept(S.lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	/* never hang the suite: every blocking call gives up after 5 s */
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (S.mode == SRV_PLAIN_AMI) {
		const char *banner = "Asterisk Call Manager/11.0.0\r\n";
		if (write(fd, banner, strlen(banner)) > 0) {
			char sink[256];
			while (read(fd, sink, sizeof sink) > 0)
				;
		}
	} else {
		serve_tls(fd);
	}
	close(fd);
	return NULL;
}

static void server_start(enum srv_mode mode, const struct cert *cert)
{
	S.mode = mode;
	S.cert = cert;
	S.lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	cr_assert_eq(bind(S.lfd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(S.lfd, 4), 0);
	socklen_t len = sizeof a;
	getsockname(S.lfd, (struct sockaddr *)&a, &len);
	snprintf(S.port, sizeof S.port, "%u", ntohs(a.sin_port));
	cr_assert_eq(pthread_create(&S.th, NULL, server_main, NULL), 0);
	S.started = true;
}

/* ---- the client session ---- */

static struct {
	struct ami_session *s;
	struct ami_session_config cfg;
	int64_t fake_now;
	bool use_fake;
	int nstates;
	char texts[32][1300];
	int nevents;
} C;

static int64_t clock_ms(void *ctx)
{
	if (C.use_fake)
		return C.fake_now;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_state(void *ctx, enum ami_session_state st, enum ami_status status, const char *text)
{
	if (C.nstates < 32)
		snprintf(C.texts[C.nstates++], sizeof C.texts[0], "%s", text);
}

static void on_event(void *ctx, const struct ami_msg *m)
{
	C.nevents++;
}

static int get_secret(void *ctx, char *buf, size_t cap)
{
	memcpy(buf, "adminpw", 7);
	return 7;
}

static void setup(void)
{
	memset(&S, 0, sizeof S);
	memset(&C, 0, sizeof C);
	signal(SIGPIPE, SIG_IGN);
	make_certs();
	ami_session_config_init(&C.cfg);
	C.cfg.host = "localhost";
	C.cfg.username = "admin";
	C.cfg.tls = true;
	C.cfg.tls_opts.ca_file = K.ca_file;
	C.cfg.clock = clock_ms;
	C.fake_now = 5000000;
}

static void teardown(void)
{
	ami_session_free(C.s);
	if (S.started)
		pthread_join(S.th, NULL);
	if (S.lfd > 0)
		close(S.lfd);
	unlink(K.ca_file);
	free_cert(&K.ca);
	free_cert(&K.good);
	free_cert(&K.wrong_host);
	free_cert(&K.self);
	free_cert(&K.expired);
	free_cert(&K.future);
}

TestSuite(tls, .init = setup, .fini = teardown);

static bool settled(enum ami_session_state st)
{
	return st == AMI_SESSION_LOGGED_IN || st == AMI_SESSION_STOPPED ||
	       st == AMI_SESSION_RECONNECT_WAIT || st == AMI_SESSION_IDLE;
}

/* Connect to the test server and run until the session settles (3 s at most). */
static struct ami_session_info run(void)
{
	static const struct ami_session_callbacks cb = { .on_state = on_state,
							 .get_secret = get_secret,
							 .on_event = on_event };
	C.cfg.port = S.port;
	cr_assert_eq(ami_session_new(&C.cfg, &cb, NULL, &C.s), AMI_OK);
	ami_session_start(C.s);
	struct ami_session_info i;
	for (int k = 0; k < 300; k++) {
		ami_session_get_info(C.s, &i);
		if (settled(i.state))
			break;
		int fd;
		short ev;
		ami_session_pollfd(C.s, &fd, &ev);
		struct pollfd p = { .fd = fd, .events = ev };
		poll(&p, fd >= 0 ? 1 : 0, 10);
		ami_session_on_io(C.s, p.revents);
		ami_session_tick(C.s);
	}
	ami_session_get_info(C.s, &i);
	return i;
}

static bool said(const char *needle)
{
	for (int i = 0; i < C.nstates; i++)
		if (strstr(C.texts[i], needle))
			return true;
	return false;
}

Test(tls, good_chain_with_ca_file)
{
	server_start(SRV_TLS_AMI, &K.good);
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "%s", i.text);
	cr_assert(i.tls);
	cr_assert_not_null(i.tls_peer);
	cr_assert(i.tls_peer->verified);
	cr_assert_not(i.tls_unverified);
	cr_assert_str_eq(i.tls_peer->subject, "CN=localhost");
	cr_assert_str_eq(i.tls_peer->sha256, K.good.sha256);
	cr_assert(strstr(i.tls_peer->version, "TLSv1."), "%s", i.tls_peer->version);
	cr_assert_str_eq(i.banner, "Asterisk Call Manager/11.0.0");
	ami_session_close(C.s);
	ami_session_free(C.s);
	C.s = NULL;
	pthread_join(S.th, NULL);
	S.started = false;
	cr_assert(S.got_sni, "SNI was sent");
	cr_assert_str_eq(S.sni, "localhost");
	/* auth=auto over TLS is a plain Login: the channel is encrypted */
	cr_assert(strstr(S.login, "Secret: adminpw\r\n"), "%s", S.login);
}

Test(tls, ip_address_host_verifies_against_san_ip_without_sni)
{
	server_start(SRV_TLS_AMI, &K.good);
	C.cfg.host = "127.0.0.1";
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "%s", i.text);
	cr_assert(i.tls_peer->verified);
	ami_session_free(C.s);
	C.s = NULL;
	pthread_join(S.th, NULL);
	S.started = false;
	cr_assert_not(S.got_sni, "no SNI for an address literal");
}

Test(tls, wrong_host_name)
{
	server_start(SRV_TLS_AMI, &K.wrong_host);
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS_VERIFY);
	cr_assert(strstr(i.text, "TLS certificate verification failed: hostname mismatch"), "%s",
		  i.text);
	cr_assert(strstr(i.text, "not valid for the host name 'localhost'"), "%s", i.text);
	cr_assert(strstr(i.text, "CN=wrong.example"), "%s", i.text);
}

Test(tls, unknown_ca)
{
	server_start(SRV_TLS_AMI, &K.good);
	C.cfg.tls_opts.ca_file = NULL; /* the system store does not know our test CA */
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS_VERIFY);
	cr_assert(strstr(i.text, "TLS certificate verification failed: "), "%s", i.text);
	cr_assert(strstr(i.text, "unknown CA"), "%s", i.text);
	cr_assert(strstr(i.text, K.good.sha256), "the fingerprint to pin is shown: %s", i.text);
}

Test(tls, self_signed_without_pin_fails)
{
	server_start(SRV_TLS_AMI, &K.self);
	struct ami_session_info i = run();
	cr_assert_eq(i.status, AMI_E_TLS_VERIFY);
	cr_assert(strstr(i.text, "self-signed"), "%s", i.text);
}

Test(tls, expired_certificate)
{
	server_start(SRV_TLS_AMI, &K.expired);
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED, "never a silent fallback: %s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS_VERIFY);
	cr_assert(strstr(i.text, "TLS certificate verification failed: certificate has expired"),
		  "%s", i.text);
	cr_assert(strstr(i.text, "CN=localhost"), "%s", i.text);
	/* when: the date it stopped being valid, so the admin knows what to renew */
	char when[32];
	const ASN1_TIME *na = X509_get0_notAfter(K.expired.x);
	struct tm tm;
	cr_assert(ASN1_TIME_to_tm(na, &tm));
	strftime(when, sizeof when, "%Y-%m-%d", &tm);
	cr_assert(strstr(i.text, when), "the expiry date %s: %s", when, i.text);
	cr_assert(strstr(i.text, "renew"), "%s", i.text);
}

Test(tls, certificate_not_yet_valid)
{
	server_start(SRV_TLS_AMI, &K.future);
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS_VERIFY);
	cr_assert(strstr(i.text, "certificate is not yet valid"), "%s", i.text);
	cr_assert(strstr(i.text, "clock"), "the message points at the clocks: %s", i.text);
}

static void lower_no_colons(const char *in, char *out)
{
	for (; *in; in++)
		if (*in != ':')
			*out++ = (char)(*in >= 'A' && *in <= 'F' ? *in - 'A' + 'a' : *in);
	*out = '\0';
}

Test(tls, pinned_self_signed_is_accepted)
{
	server_start(SRV_TLS_AMI, &K.self);
	char pin[80];
	lower_no_colons(K.self.sha256, pin);
	C.cfg.tls_opts.pin_sha256 = pin;
	C.cfg.tls_opts.ca_file = NULL;
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "%s", i.text);
	cr_assert(i.tls_peer->pinned);
	cr_assert_not(i.tls_peer->verified, "the chain itself does not verify");
	cr_assert(strstr(i.tls_peer->verify_error, "self-signed"), "%s", i.tls_peer->verify_error);
	cr_assert(said("certificate pinned"));
	cr_assert_not(i.tls_unverified, "a matching pin is not a warning");
	cr_assert_null(strstr(i.text, "WARNING"), "%s", i.text);
}

Test(tls, wrong_pin)
{
	server_start(SRV_TLS_AMI, &K.good);
	C.cfg.tls_opts.pin_sha256 = K.self.sha256; /* a valid chain does not excuse a pin */
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS_PIN);
	cr_assert(strstr(i.text, K.good.sha256), "%s", i.text);
	cr_assert(strstr(i.text, K.self.sha256), "%s", i.text);
}

Test(tls, insecure_is_accepted_loudly)
{
	server_start(SRV_TLS_AMI, &K.wrong_host);
	C.cfg.tls_opts.insecure = true;
	C.cfg.tls_opts.ca_file = NULL;
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "%s", i.text);
	cr_assert(i.tls_unverified);
	cr_assert(i.tls_peer->insecure);
	cr_assert(strstr(i.text, "WARNING: TLS certificate NOT verified"), "%s", i.text);
	cr_assert(said("insecure mode"));
}

Test(tls, plain_server_on_the_tls_port)
{
	server_start(SRV_PLAIN_AMI, NULL);
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_RECONNECT_WAIT, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_TLS);
	cr_assert(strstr(i.text, "the port may not speak TLS"), "%s", i.text);
	cr_assert(strstr(i.text, "connect without TLS"), "%s", i.text);
}

Test(tls, tls_server_on_the_plain_port)
{
	server_start(SRV_TLS_SILENT, &K.good);
	C.cfg.tls = false;
	C.use_fake = true;
	static const struct ami_session_callbacks cb = { .on_state = on_state,
							 .get_secret = get_secret };
	C.cfg.port = S.port;
	cr_assert_eq(ami_session_new(&C.cfg, &cb, NULL, &C.s), AMI_OK);
	ami_session_start(C.s);
	struct ami_session_info i;
	for (int k = 0; k < 200; k++) {
		int fd;
		short ev;
		ami_session_pollfd(C.s, &fd, &ev);
		struct pollfd p = { .fd = fd, .events = ev };
		poll(&p, fd >= 0 ? 1 : 0, 5);
		ami_session_on_io(C.s, p.revents);
		ami_session_get_info(C.s, &i);
		if (i.state == AMI_SESSION_BANNER)
			break;
	}
	cr_assert_eq(i.state, AMI_SESSION_BANNER, "%s", i.text);
	C.fake_now += 10000;
	ami_session_tick(C.s);
	ami_session_get_info(C.s, &i);
	cr_assert_eq(i.status, AMI_E_NOT_AMI);
	cr_assert(strstr(i.text, "--tls"), "%s", i.text);
}

Test(tls, tls_below_1_2_is_refused)
{
	server_start(SRV_TLS_AMI, &K.good);
	S.max_version = TLS1_1_VERSION;
	struct ami_session_info i = run();
	cr_assert_neq(i.state, AMI_SESSION_LOGGED_IN);
	cr_assert_eq(i.status, AMI_E_TLS, "%s", i.text);
	cr_assert(strstr(i.text, "TLS 1.2"), "%s", i.text);
}

Test(tls, bad_options_are_config_errors)
{
	server_start(SRV_TLS_AMI, &K.good);
	C.cfg.tls_opts.pin_sha256 = "12:34";
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_STOPPED);
	cr_assert_eq(i.status, AMI_E_CONFIG);
	cr_assert(strstr(i.text, "not a SHA-256 fingerprint"), "%s", i.text);
}

Test(tls, missing_ca_file_is_a_config_error)
{
	server_start(SRV_TLS_AMI, &K.good);
	C.cfg.tls_opts.ca_file = "/nonexistent/ca.pem";
	struct ami_session_info i = run();
	cr_assert_eq(i.status, AMI_E_CONFIG);
	cr_assert(strstr(i.text, "Cannot read the TLS CA file '/nonexistent/ca.pem'"), "%s",
		  i.text);
}

Test(tls, pin_parse)
{
	unsigned char a[32], b[32];
	char hex[80];
	lower_no_colons(K.self.sha256, hex);
	cr_assert(ami_tls_pin_parse(K.self.sha256, a));
	cr_assert(ami_tls_pin_parse(hex, b));
	cr_assert_eq(memcmp(a, b, 32), 0);
	cr_assert_eq(a[0] >> 4, K.self.sha256[0] <= '9' ? K.self.sha256[0] - '0'
							: K.self.sha256[0] - 'A' + 10);
	cr_assert_not(ami_tls_pin_parse("", a));
	cr_assert_not(ami_tls_pin_parse("abc", a));
	hex[10] = 'g';
	cr_assert_not(ami_tls_pin_parse(hex, a));
	char longer[90];
	lower_no_colons(K.self.sha256, longer);
	strcat(longer, "00");
	cr_assert_not(ami_tls_pin_parse(longer, a));
}

Test(tls, decrypted_bytes_are_drained_without_poll)
{
	/* a tiny read budget leaves plaintext inside OpenSSL (SSL_pending), where poll()
	 * cannot see it: the session must say "more" and finish without new input */
	server_start(SRV_TLS_EVENTS, &K.good);
	C.cfg.read_budget = 64;
	struct ami_session_info i = run();
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "%s", i.text);
	bool more = true, hidden = false;
	for (int k = 0; k < 100 && C.nevents < 20; k++) {
		int fd;
		short ev;
		ami_session_pollfd(C.s, &fd, &ev);
		struct pollfd p = { .fd = fd, .events = ev };
		poll(&p, 1, more ? 0 : 20);
		if (more && !(p.revents & POLLIN))
			hidden = true;
		/* as an application loop does: call only on events or when told "more" */
		if (p.revents || more)
			more = ami_session_on_io(C.s, p.revents);
	}
	cr_assert_eq(C.nevents, 20);
	cr_assert(hidden, "some input was only inside the TLS layer");
	ami_session_get_info(C.s, &i);
	cr_assert_eq(i.state, AMI_SESSION_LOGGED_IN, "the events came before any hang-up: %s",
		     i.text);
}
