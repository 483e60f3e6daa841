/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TLS listener's context: certificate files, or a self-signed one made in memory. */
#include "sim/tls.h"
#include "server_int.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	if (ctx && EVP_PKEY_keygen_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) == 1)
		EVP_PKEY_keygen(ctx, &key);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static bool add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	bool ok = ext && X509_add_ext(cert, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

static X509 *new_cert(EVP_PKEY *key)
{
	X509 *cert = X509_new();
	X509_NAME *name = cert ? X509_get_subject_name(cert) : NULL;
	bool ok = name && X509_set_version(cert, 2) == 1 &&
		  ASN1_INTEGER_set(X509_get_serialNumber(cert), (long)time(NULL)) == 1 &&
		  X509_gmtime_adj(X509_getm_notBefore(cert), -86400) &&
		  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400) &&
		  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					     (const unsigned char *)"localhost", -1, -1, 0) == 1 &&
		  X509_set_issuer_name(cert, name) == 1 && X509_set_pubkey(cert, key) == 1 &&
		  add_ext(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") &&
		  add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") &&
		  X509_sign(cert, key, EVP_sha256()) > 0;
	if (!ok) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

static bool pem_out(BIO *bio, struct ami_buf *out)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);
	return n > 0 && ami_buf_add(out, data, (size_t)n) == AMI_OK;
}

enum ami_status sim_tls_selfsigned(struct ami_buf *cert_pem, struct ami_buf *key_pem)
{
	EVP_PKEY *key = new_key();
	X509 *cert = key ? new_cert(key) : NULL;
	BIO *cb = BIO_new(BIO_s_mem()), *kb = BIO_new(BIO_s_mem());
	bool ok = cert && cb && kb && PEM_write_bio_X509(cb, cert) == 1 &&
		  PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL) == 1 &&
		  pem_out(cb, cert_pem) && pem_out(kb, key_pem);
	BIO_free(cb);
	BIO_free(kb);
	X509_free(cert);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return ok ? AMI_OK : AMI_E_TLS;
}

static void openssl_error(const char *what, char *err, size_t errcap)
{
	unsigned long e = ERR_get_error();
	char msg[160] = "";
	if (e)
		ERR_error_string_n(e, msg, sizeof msg);
	snprintf(err, errcap, "%s%s%s", what, *msg ? ": " : "", msg);
	ERR_clear_error();
}

static bool use_selfsigned(SSL_CTX *ctx)
{
	EVP_PKEY *key = new_key();
	X509 *cert = key ? new_cert(key) : NULL;
	bool ok = cert && SSL_CTX_use_certificate(ctx, cert) == 1 &&
		  SSL_CTX_use_PrivateKey(ctx, key) == 1;
	X509_free(cert);
	EVP_PKEY_free(key);
	return ok;
}

SSL_CTX *tls_server_ctx(const char *cert, const char *key, bool selfsigned, char *err,
			size_t errcap)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		openssl_error("cannot create a TLS context", err, errcap);
		return NULL;
	}
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	char what[1100];
	if (selfsigned) {
		if (!use_selfsigned(ctx)) {
			openssl_error("cannot make a self-signed certificate", err, errcap);
			goto fail;
		}
	} else {
		if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
			snprintf(what, sizeof what, "cannot load the certificate '%s'", cert);
			openssl_error(what, err, errcap);
			goto fail;
		}
		/* without tlsprivatekey the key is read from the certificate file */
		const char *k = key && *key ? key : cert;
		if (SSL_CTX_use_PrivateKey_file(ctx, k, SSL_FILETYPE_PEM) != 1) {
			snprintf(what, sizeof what, "cannot load the private key '%s'", k);
			openssl_error(what, err, errcap);
			goto fail;
		}
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		openssl_error("the private key does not match the certificate", err, errcap);
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}
