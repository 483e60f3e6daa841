/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TLS transport (OpenSSL 3): verification, host names, SNI, certificate pinning. */
#ifndef AMITUI_NET_TLS_H
#define AMITUI_NET_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "net/conn.h"

/*
 * How to trust the server. TLS 1.2 is the minimum. By default the chain is verified
 * against the system store (or ca_file when set) and the certificate must name the
 * host (DNS name, or IP address when the host is an address literal).
 * pin_sha256: the SHA-256 fingerprint of the server certificate (64 hex digits,
 *   colons optional, any case). When set it decides alone: a match is accepted even
 *   if the chain does not verify (self-signed PBXs), a mismatch is AMI_E_TLS_PIN.
 * insecure: accept any certificate. The connection's peer summary says so
 *   (insecure = true, and verify_error tells what verification would have said).
 * sni: the name sent in SNI and checked in the certificate; NULL means the host.
 *   No SNI is sent for address literals (RFC 6066).
 */
struct ami_tls_options {
	const char *ca_file;
	const char *pin_sha256;
	const char *sni;
	bool insecure;
};

/* What the title bar and the app show about the peer; filled after the handshake. */
struct ami_tls_peer {
	char subject[256]; /* one line, RFC 2253 ("CN=localhost,O=...") */
	char issuer[256];
	char sha256[96];  /* "AB:CD:...": 32 bytes as colon-separated hex */
	char version[16]; /* "TLSv1.3" */
	char cipher[64];
	bool verified;		/* chain and host name verified */
	bool pinned;		/* accepted because the fingerprint matched the pin */
	bool insecure;		/* accepted without verification (insecure flag) */
	char verify_error[160]; /* why verification failed (insecure/pinned), "" if it passed */
};

/*
 * Wrap a connected TCP socket in a TLS client connection. Takes ownership of fd
 * (closed on failure too). host is what was dialled (name or address literal). The
 * handshake runs in ami_conn_handshake(): AMI_OK when established and trusted,
 * AMI_AGAIN (poll for c->hs_want), or AMI_E_TLS_VERIFY, AMI_E_TLS_PIN, AMI_E_TLS,
 * AMI_E_CLOSED, each with a sentence in c->errmsg. Returns AMI_E_CONFIG when the
 * options are unusable (bad pin, unreadable CA file) with the reason in msg.
 */
enum ami_status ami_tls_conn_new(int fd, const char *host, const struct ami_tls_options *o,
				 struct ami_conn **out, char *msg, size_t cap);

/* Parse a fingerprint (hex, colons optional, case-insensitive) into 32 bytes. */
bool ami_tls_pin_parse(const char *s, unsigned char out[32]);

#endif
