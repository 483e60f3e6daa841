/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TLS failures as a user of amitui sees them: amitui --probe against amisim's TLS port
 * with certificates made for the test (good, wrong host name, expired, unknown CA),
 * a plain server on the TLS port, a TLS server on the plain port, a handshake the
 * server drops. Each one a clear message and its exit code, never a silent fallback.
 */
#include "faultkit.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* ---- certificates ---- */

struct cert {
	EVP_PKEY *key;
	X509 *x;
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

/* A P-256 certificate for cn (SAN san), valid [from, until] seconds from now. */
static void make(struct cert *c, const char *cn, const char *san, const struct cert *ca, long from,
		 long until)
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
	X509_NAME_add_entry_by_txt(X509_get_subject_name(c->x), "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509 *issuer = ca ? ca->x : c->x;
	X509_set_issuer_name(c->x, X509_get_subject_name(issuer));
	add_ext(c->x, issuer, NID_basic_constraints, ca ? "CA:FALSE" : "critical,CA:TRUE");
	if (!ca)
		add_ext(c->x, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
	if (san)
		add_ext(c->x, issuer, NID_subject_alt_name, san);
	cr_assert(X509_sign(c->x, ca ? ca->key : c->key, EVP_sha256()) > 0);
}

static void unmake(struct cert *c)
{
	EVP_PKEY_free(c->key);
	X509_free(c->x);
}

/* Write the certificate (and its key when with_key) as PEM into FK.dir/name. */
static const char *pem(const struct cert *c, const char *name, bool with_key)
{
	static char path[4][160];
	static int n;
	char *p = path[n++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", FK.dir, name);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	cr_assert(PEM_write_X509(f, c->x));
	if (with_key)
		cr_assert(PEM_write_PrivateKey(f, c->key, NULL, NULL, 0, NULL, NULL));
	fclose(f);
	return p;
}

static struct cert ca;

/* amisim with a TLS port serving a certificate for `san` signed by the test CA. */
static void tls_sim(const char *san, long from, long until)
{
	fk_init(); /* the directory first: the certificate files live in it */
	make(&ca, "amitui test CA", NULL, NULL, -3600, 86400);
	struct cert leaf;
	make(&leaf, "localhost", san, &ca, from, until);
	const char *cert = pem(&leaf, "server.pem", true);
	pem(&ca, "ca.pem", false);
	unmake(&leaf);
	fk_sim((const char *const[]){ "--tls-port", "0", "--tls-cert", cert, NULL });
	cr_assert_neq(FK.sim.tls_port, 0);
}

static void fini(void)
{
	unmake(&ca);
	memset(&ca, 0, sizeof ca);
	fk_stop();
}

/*
 * amitui --probe -v to 127.0.0.1 on amisim's TLS port (tls_port) or plain port, with
 * TLS or without, tls_ca the test CA unless no_ca, extra lines for the profile.
 */
static int probe(bool tls, bool tls_port, bool no_ca, const char *extra)
{
	snprintf(FK.conf, sizeof FK.conf, "%s/amitui.conf", FK.dir);
	FILE *f = fopen(FK.conf, "w");
	cr_assert_not_null(f);
	fprintf(f, "[t]\nhost = 127.0.0.1\nport = %u\nusername = admin\ntimeout = 2\n%s",
		tls_port ? FK.sim.tls_port : FK.sim.port, tls ? "tls = yes\n" : "");
	if (!no_ca)
		fprintf(f, "tls_ca = %s/ca.pem\n", FK.dir);
	fputs(extra ? extra : "", f);
	fclose(f);
	const char *args[] = { "--probe", "-v", NULL };
	return fk_run("adminpw", args, 20000);
}

/* A failure: exit code, the words, and nothing that looks like a session. */
static void refused(int code, int want, const char *words)
{
	cr_assert_eq(code, want, "exit %d: %s", code, FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, words), "'%s' in:\n%s", words, FK.r.err);
	cr_assert_null(strstr(FK.r.err, "[logged in]"), "no silent fallback:\n%s", FK.r.err);
	cr_assert_eq(FK.r.out[0], '\0', "nothing on stdout: %s", FK.r.out);
	/* one attempt: a probe does not retry */
	cr_assert_leq(fk_count(FK.r.err, "[connecting]"), 1, "%s", FK.r.err);
}

TestSuite(tlsfaults_certs, .fini = fini, .timeout = 60);

Test(tlsfaults_certs, good_chain_logs_in)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -3600, 86400);
	cr_assert_eq(probe(true, true, false, NULL), 0, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "certificate verified"), "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "TLSv1."), "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.out, "Rights of 'admin'"), "%s", FK.r.out);
	cr_assert_null(strstr(FK.r.err, "WARNING"), "%s", FK.r.err);
}

Test(tlsfaults_certs, wrong_host_name)
{
	tls_sim("DNS:wrong.example,IP:192.0.2.1", -3600, 86400);
	refused(probe(true, true, false, NULL), 7,
		"amitui: TLS certificate verification failed: IP address mismatch: the "
		"certificate (CN=localhost) is not valid for the host name '127.0.0.1'");
}

Test(tlsfaults_certs, expired_certificate)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -30 * 86400, -86400);
	refused(probe(true, true, false, NULL), 7,
		"amitui: TLS certificate verification failed: certificate has expired: the "
		"certificate (CN=localhost) was valid until ");
	cr_assert_not_null(strstr(FK.r.err, "must be renewed"), "%s", FK.r.err);
}

Test(tlsfaults_certs, unknown_ca)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -3600, 86400);
	refused(probe(true, true, true, NULL), 7,
		"comes from an unknown CA; give its CA file, or pin its SHA-256 fingerprint");
}

Test(tlsfaults_certs, insecure_connects_but_says_so_loudly)
{
	tls_sim("DNS:wrong.example", -30 * 86400, -86400); /* expired and for another host */
	cr_assert_eq(probe(true, true, true, "insecure = yes\n"), 0, "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "WARNING: --insecure: the server's TLS certificate is "
					    "NOT verified"),
			   "%s", FK.r.err);
	cr_assert_not_null(strstr(FK.r.err, "WARNING: TLS certificate NOT verified"), "%s",
			   FK.r.err);
}

Test(tlsfaults_certs, plain_server_on_the_tls_port)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -3600, 86400);
	/* TLS to amisim's plain port: it greets in clear text */
	refused(probe(true, false, false, NULL), 7, "the port may not speak TLS");
	cr_assert_not_null(strstr(FK.r.err, "connect without TLS"), "%s", FK.r.err);
}

Test(tlsfaults_certs, tls_server_on_the_plain_port)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -3600, 86400);
	/* plain TCP to amisim's TLS port: it waits for a ClientHello, no banner comes */
	refused(probe(false, true, false, NULL), 9,
		"but no AMI banner arrived within 2 s: if this port speaks TLS, connect with "
		"TLS (--tls)");
}

Test(tlsfaults_certs, handshake_dropped_by_the_server)
{
	tls_sim("DNS:localhost,IP:127.0.0.1", -3600, 86400);
	struct amicli c;
	fk_control(&c);
	amicli_send(&c, "Action: SimFault\r\nFault: refusetls\r\nActionID: f\r\n\r\n");
	free(amicli_next(&c, "ActionID: f", 3000));
	amicli_close(&c);
	refused(probe(true, true, false, NULL), 7,
		"The server closed the connection during the TLS handshake");
}
