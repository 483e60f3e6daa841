/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MD5 (RFC 1321), only for AMI's challenge login; libc-only so core needs no TLS library. */
#ifndef AMITUI_CORE_MD5_H
#define AMITUI_CORE_MD5_H

#include <stddef.h>
#include <stdint.h>

struct ami_md5 {
	uint32_t h[4];
	uint64_t len;
	unsigned char block[64];
	size_t fill;
};

void ami_md5_init(struct ami_md5 *c);
void ami_md5_update(struct ami_md5 *c, const void *data, size_t n);
void ami_md5_final(struct ami_md5 *c, unsigned char digest[16]);

/*
 * The Login Key: lower-case hex of MD5(challenge || secret), 32 chars + NUL in out.
 * The context is wiped afterwards since it held the secret.
 */
void ami_md5_login_key(const char *challenge, const char *secret, char out[33]);

#endif
