/* SPDX-License-Identifier: GPL-2.0-or-later */
/* MD5: the RFC 1321 test suite and the AMI login key from a real transcript. */
#include "core/md5.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *s, char out[33])
{
	struct ami_md5 c;
	unsigned char d[16];
	ami_md5_init(&c);
	/* feed in uneven pieces to exercise the block buffer */
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += 7)
		ami_md5_update(&c, s + i, n - i < 7 ? n - i : 7);
	ami_md5_final(&c, d);
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

Test(md5, rfc1321_suite)
{
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	char out[33];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		hex(v[i][0], out);
		cr_assert_str_eq(out, v[i][1], "MD5(\"%s\")", v[i][0]);
	}
}

/* 02_login_md5_admin.txt: Challenge 155960756, secret adminpw, and the Key Asterisk accepted. */
Test(md5, login_key_matches_fixture)
{
	char key[33];
	ami_md5_login_key("155960756", "adminpw", key);
	cr_assert_str_eq(key, "6bfee68609a1b8782b08aba8c3e5ba75");
}
