/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TLS transport: OpenSSL 3 client with hiredis-style retry rules and clear failures. */
#include "net/tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct tls_conn {
	struct ami_conn base; /* first: the session sees a plain struct ami_conn */
	SSL_CTX *ctx;
	SSL *ssl;
	struct ami_tls_peer peer;
	unsigned char pin[32];
	bool has_pin;
	bool insecure;
	bool established;
	bool dead; /* the peer is gone: no close_notify on destroy */
	char name[256];
	char leaf_subject[256]; /* from the verify callback, for failure messages */
	char leaf_sha256[96];
	/* the certificate verification failed on (a leaf or an intermediate) */
	char bad_subject[256];
	char bad_from[32];
	char bad_until[32];
};

static void hex_colons(const unsigned char *p, size_t n, char *dst, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 3 < cap; i++)
		o += (size_t)snprintf(dst + o, cap - o, "%s%02X", i ? ":" : "", p[i]);
	dst[o] = '\0';
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool ami_tls_pin_parse(const char *s, unsigned char out[32])
{
	size_t n = 0;
	int hi = -1;
	for (; s && *s; s++) {
		if (*s == ':')
			continue;
		int v = hexval((unsigned char)*s);
		if (v < 0 || n == 32)
			return false;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	return n == 32 && hi < 0;
}

static void name_line(X509_NAME *nm, char *dst, size_t cap)
{
	dst[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	if (X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253) >= 0) {
		int k = BIO_read(b, dst, (int)(cap - 1));
		dst[k > 0 ? k : 0] = '\0';
	}
	BIO_free(b);
}

static void cert_sha256(X509 *cert, char *dst, size_t cap)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	dst[0] = '\0';
	if (X509_digest(cert, EVP_sha256(), md, &len))
		hex_colons(md, len, dst, cap);
}

/* "2026-11-27 12:00 UTC" */
static void asn1_date(const ASN1_TIME *when, char *dst, size_t cap)
{
	struct tm tm;
	if (!when || !ASN1_TIME_to_tm(when, &tm) || !strftime(dst, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(dst, cap, "?");
}

/*
 * Keep the leaf's identity even when verification aborts the handshake, and the
 * validity of the first certificate that failed (expired or not yet valid messages).
 */
static int verify_cb(int ok, X509_STORE_CTX *x)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *t = ssl ? SSL_get_app_data(ssl) : NULL;
	X509 *leaf = X509_STORE_CTX_get0_cert(x);
	if (t && leaf && !t->leaf_sha256[0]) {
		name_line(X509_get_subject_name(leaf), t->leaf_subject, sizeof t->leaf_subject);
		cert_sha256(leaf, t->leaf_sha256, sizeof t->leaf_sha256);
	}
	X509 *cur = X509_STORE_CTX_get_current_cert(x);
	if (t && !ok && cur && !t->bad_subject[0]) {
		name_line(X509_get_subject_name(cur), t->bad_subject, sizeof t->bad_subject);
		asn1_date(X509_get0_notBefore(cur), t->bad_from, sizeof t->bad_from);
		asn1_date(X509_get0_notAfter(cur), t->bad_until, sizeof t->bad_until);
	}
	return ok;
}

/* The most recent OpenSSL error as text ("wrong version number"), or fallback. */
static const char *ssl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	return r ? r : fallback;
}

static bool is_unknown_ca(long vr)
{
	return vr == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	       vr == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
	       vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	       vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	       vr == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

static enum ami_status verify_failed(struct tls_conn *t, long vr)
{
	char *m = t->base.errmsg;
	size_t cap = sizeof t->base.errmsg;
	const char *why = X509_verify_cert_error_string(vr);
	const char *subj = t->leaf_subject[0] ? t->leaf_subject : "?";
	if (vr == X509_V_ERR_HOSTNAME_MISMATCH || vr == X509_V_ERR_IP_ADDRESS_MISMATCH)
		snprintf(m, cap,
			 "TLS certificate verification failed: %s: the certificate (%s) is not "
			 "valid for the host name '%s'",
			 why, subj, t->name);
	else if (vr == X509_V_ERR_CERT_HAS_EXPIRED)
		snprintf(m, cap,
			 "TLS certificate verification failed: %s: the certificate (%s) was valid "
			 "until %s; the server's certificate must be renewed",
			 why, t->bad_subject[0] ? t->bad_subject : subj, t->bad_until);
	else if (vr == X509_V_ERR_CERT_NOT_YET_VALID)
		snprintf(m, cap,
			 "TLS certificate verification failed: %s: the certificate (%s) is valid "
			 "only from %s; check the clock of this machine and of the server",
			 why, t->bad_subject[0] ? t->bad_subject : subj, t->bad_from);
	else if (is_unknown_ca(vr))
		snprintf(m, cap,
			 "TLS certificate verification failed: %s: the certificate (%s) comes from "
			 "an unknown CA; give its CA file, or pin its SHA-256 fingerprint %s",
			 why, subj, t->leaf_sha256);
	else
		snprintf(m, cap, "TLS certificate verification failed: %s (certificate %s)", why,
			 subj);
	return AMI_E_TLS_VERIFY;
}

static enum ami_status handshake_failed(struct tls_conn *t, int e)
{
	long vr = SSL_get_verify_result(t->ssl);
	t->dead = true;
	if (!t->has_pin && !t->insecure && vr != X509_V_OK)
		return verify_failed(t, vr);
	if ((e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN) && ERR_peek_error() == 0) {
		snprintf(t->base.errmsg, sizeof t->base.errmsg,
			 "The server closed the connection during the TLS handshake: the port may "
			 "not speak TLS (if it is the plain AMI port, connect without TLS)");
		return AMI_E_TLS;
	}
	int reason = ERR_GET_REASON(ERR_peek_last_error());
	if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION ||
	    reason == SSL_R_NO_PROTOCOLS_AVAILABLE)
		snprintf(t->base.errmsg, sizeof t->base.errmsg,
			 "TLS handshake with %s failed (%s): the server and amitui share no TLS "
			 "version (amitui requires TLS 1.2 or later)",
			 t->name, ssl_reason("unknown error"));
	else
		snprintf(t->base.errmsg, sizeof t->base.errmsg,
			 "TLS handshake with %s failed (%s): the port may not speak TLS (if it is "
			 "the plain AMI port, connect without TLS)",
			 t->name, ssl_reason("unknown error"));
	return AMI_E_TLS;
}

static void fill_peer(struct tls_conn *t, X509 *cert)
{
	struct ami_tls_peer *p = &t->peer;
	name_line(X509_get_subject_name(cert), p->subject, sizeof p->subject);
	name_line(X509_get_issuer_name(cert), p->issuer, sizeof p->issuer);
	cert_sha256(cert, p->sha256, sizeof p->sha256);
	snprintf(p->version, sizeof p->version, "%s", SSL_get_version(t->ssl));
	snprintf(p->cipher, sizeof p->cipher, "%s", SSL_get_cipher_name(t->ssl));
}

/* The handshake is done: decide trust (pin, insecure or verified chain). */
static enum ami_status established(struct tls_conn *t)
{
	X509 *cert = SSL_get0_peer_certificate(t->ssl);
	if (!cert) {
		snprintf(t->base.errmsg, sizeof t->base.errmsg,
			 "The TLS server sent no certificate");
		return AMI_E_TLS;
	}
	fill_peer(t, cert);
	long vr = SSL_get_verify_result(t->ssl);
	struct ami_tls_peer *p = &t->peer;
	p->verified = vr == X509_V_OK;
	if (!p->verified)
		snprintf(p->verify_error, sizeof p->verify_error, "%s",
			 X509_verify_cert_error_string(vr));
	if (t->has_pin) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned len = 0;
		if (!X509_digest(cert, EVP_sha256(), md, &len) || len != 32 ||
		    memcmp(md, t->pin, 32) != 0) {
			char want[96];
			hex_colons(t->pin, 32, want, sizeof want);
			snprintf(
			    t->base.errmsg, sizeof t->base.errmsg,
			    "The server's TLS certificate (%s) has the SHA-256 fingerprint %s, "
			    "not the pinned %s: the certificate changed, or someone is in the "
			    "middle",
			    p->subject, p->sha256, want);
			t->dead = true;
			return AMI_E_TLS_PIN;
		}
		p->pinned = true;
	} else if (t->insecure) {
		p->insecure = true;
	}
	t->established = true;
	return AMI_OK;
}

static enum ami_status tls_handshake(struct ami_conn *c)
{
	struct tls_conn *t = (struct tls_conn *)c;
	if (t->established)
		return AMI_OK;
	ERR_clear_error();
	int r = SSL_connect(t->ssl);
	if (r == 1)
		return established(t);
	int e = SSL_get_error(t->ssl, r);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		c->hs_want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		return AMI_AGAIN;
	}
	return handshake_failed(t, e);
}

/* Map a failed SSL_read/SSL_write (hiredis' rules); *want gets the poll event. */
static enum ami_status io_error(struct tls_conn *t, int r, short *want, const char *what)
{
	int e = SSL_get_error(t->ssl, r);
	switch (e) {
	case SSL_ERROR_WANT_READ:
		*want = POLLIN;
		return AMI_AGAIN;
	case SSL_ERROR_WANT_WRITE:
		*want = POLLOUT;
		return AMI_AGAIN;
	case SSL_ERROR_ZERO_RETURN:
		t->dead = true;
		return AMI_E_CLOSED;
	case SSL_ERROR_SYSCALL:
		t->dead = true;
		if (ERR_peek_error() == 0 && (errno == 0 || errno == ECONNRESET || errno == EPIPE))
			return AMI_E_CLOSED;
		snprintf(t->base.errmsg, sizeof t->base.errmsg, "TLS %s failed: %s", what,
			 errno ? strerror(errno) : ssl_reason("system error"));
		return AMI_E_IO;
	default:
		t->dead = true;
		snprintf(t->base.errmsg, sizeof t->base.errmsg, "TLS %s failed: %s", what,
			 ssl_reason("protocol error"));
		return AMI_E_TLS;
	}
}

static enum ami_status tls_read(struct ami_conn *c, void *buf, size_t cap, size_t *got)
{
	struct tls_conn *t = (struct tls_conn *)c;
	ERR_clear_error();
	errno = 0;
	int r = SSL_read(t->ssl, buf, cap > INT_MAX ? INT_MAX : (int)cap);
	if (r > 0) {
		*got = (size_t)r;
		return AMI_OK;
	}
	return io_error(t, r, &c->rd_want, "receive");
}

static enum ami_status tls_write(struct ami_conn *c, const void *buf, size_t n, size_t *put)
{
	struct tls_conn *t = (struct tls_conn *)c;
	ERR_clear_error();
	errno = 0;
	int r = SSL_write(t->ssl, buf, n > INT_MAX ? INT_MAX : (int)n);
	if (r > 0) {
		*put = (size_t)r;
		return AMI_OK;
	}
	return io_error(t, r, &c->wr_want, "send");
}

static size_t tls_pending(const struct ami_conn *c)
{
	const struct tls_conn *t = (const struct tls_conn *)c;
	int n = SSL_pending(t->ssl);
	return n > 0 ? (size_t)n : 0;
}

static void tls_destroy(struct ami_conn *c)
{
	struct tls_conn *t = (struct tls_conn *)c;
	if (t->ssl) {
		/* one polite close_notify attempt; never wait for the answer */
		if (t->established && !t->dead)
			SSL_shutdown(t->ssl);
		SSL_free(t->ssl);
	}
	SSL_CTX_free(t->ctx);
	if (c->fd >= 0)
		close(c->fd);
	ERR_clear_error();
	free(t);
}

static const struct ami_conn_ops tls_ops = {
	.name = "tls",
	.handshake = tls_handshake,
	.read = tls_read,
	.write = tls_write,
	.pending = tls_pending,
	.destroy = tls_destroy,
};

static enum ami_status setup_ctx(struct tls_conn *t, const struct ami_tls_options *o, char *msg,
				 size_t cap)
{
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (!t->ctx)
		return AMI_E_NOMEM;
	SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION);
	/* Asterisk may close without close_notify: treat that as an ordinary EOF */
	SSL_CTX_set_options(t->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_mode(t->ctx,
			 SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (!o->ca_file || !*o->ca_file) {
		SSL_CTX_set_default_verify_paths(t->ctx);
		return AMI_OK;
	}
	/* fopen first: OpenSSL's own reason for a missing file is just "system lib" */
	FILE *f = fopen(o->ca_file, "r");
	if (!f) {
		snprintf(msg, cap, "Cannot read the TLS CA file '%s': %s", o->ca_file,
			 strerror(errno));
		return AMI_E_CONFIG;
	}
	fclose(f);
	if (!SSL_CTX_load_verify_locations(t->ctx, o->ca_file, NULL)) {
		snprintf(msg, cap, "The TLS CA file '%s' holds no usable certificate (%s)",
			 o->ca_file, ssl_reason("unreadable"));
		return AMI_E_CONFIG;
	}
	return AMI_OK;
}

static bool is_ip_literal(const char *s)
{
	unsigned char tmp[16];
	return inet_pton(AF_INET, s, tmp) == 1 || inet_pton(AF_INET6, s, tmp) == 1;
}

static enum ami_status setup_ssl(struct tls_conn *t, int fd)
{
	t->ssl = SSL_new(t->ctx);
	if (!t->ssl || !SSL_set_fd(t->ssl, fd))
		return AMI_E_NOMEM;
	SSL_set_app_data(t->ssl, t);
	X509_VERIFY_PARAM *param = SSL_get0_param(t->ssl);
	X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (is_ip_literal(t->name)) {
		X509_VERIFY_PARAM_set1_ip_asc(param, t->name);
	} else if (t->name[0]) {
		SSL_set_tlsext_host_name(t->ssl, t->name);
		SSL_set1_host(t->ssl, t->name);
	}
	/* with a pin or insecure the chain is still checked, but only to report on it */
	int mode = t->has_pin || t->insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER;
	SSL_set_verify(t->ssl, mode, verify_cb);
	return AMI_OK;
}

enum ami_status ami_tls_conn_new(int fd, const char *host, const struct ami_tls_options *o,
				 struct ami_conn **out, char *msg, size_t cap)
{
	static const struct ami_tls_options none = { 0 };
	*out = NULL;
	msg[0] = '\0';
	o = o ? o : &none;
	struct tls_conn *t = calloc(1, sizeof *t);
	if (!t || !ami_fd_nonblock(fd)) {
		free(t);
		close(fd);
		snprintf(msg, cap, "Cannot set up the TLS connection: out of resources");
		return t ? AMI_E_SYSTEM : AMI_E_NOMEM;
	}
	t->base = (struct ami_conn){ .ops = &tls_ops,
				     .fd = fd,
				     .rd_want = POLLIN,
				     .wr_want = POLLOUT,
				     .hs_want = POLLOUT,
				     .tls = &t->peer };
	snprintf(t->name, sizeof t->name, "%s", o->sni && *o->sni ? o->sni : host ? host : "");
	t->insecure = o->insecure;
	enum ami_status st = AMI_OK;
	if (o->pin_sha256 && *o->pin_sha256) {
		t->has_pin = ami_tls_pin_parse(o->pin_sha256, t->pin);
		if (!t->has_pin) {
			snprintf(msg, cap,
				 "The TLS pin is not a SHA-256 fingerprint (64 hex digits, colons "
				 "optional)");
			st = AMI_E_CONFIG;
		}
	}
	if (st == AMI_OK)
		st = setup_ctx(t, o, msg, cap);
	if (st == AMI_OK)
		st = setup_ssl(t, fd);
	if (st != AMI_OK) {
		if (!msg[0])
			snprintf(msg, cap, "Cannot set up the TLS connection: %s",
				 ami_status_str(st));
		tls_destroy(&t->base);
		return st;
	}
	*out = &t->base;
	return AMI_OK;
}
