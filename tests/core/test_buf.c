/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bounded buffers: growth, the hard limit, the sticky error and JSON strings. */
#include "core/buf.h"

#include <criterion/criterion.h>
#include <string.h>

Test(buf, grows_and_terminates)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(ami_buf_printf(&b, "%d,", i), AMI_OK);
	cr_assert_eq(strlen(b.p), b.len);
	cr_assert(strncmp(b.p, "0,1,2,", 6) == 0);
	ami_buf_consume(&b, 2);
	cr_assert(strncmp(b.p, "1,2,", 4) == 0);
	ami_buf_free(&b);
}

Test(buf, limit_is_sticky)
{
	struct ami_buf b;
	ami_buf_init(&b, 8);
	cr_assert_eq(ami_buf_adds(&b, "12345678"), AMI_OK);
	cr_assert_eq(ami_buf_adds(&b, "9"), AMI_E_FULL);
	cr_assert_eq(ami_buf_adds(&b, ""), AMI_E_FULL, "error must stick");
	cr_assert_eq(b.len, 8);
	cr_assert_str_eq(b.p, "12345678");
	ami_buf_reset(&b);
	cr_assert_eq(ami_buf_adds(&b, "ok"), AMI_OK);
	ami_buf_free(&b);
}

Test(buf, json_strings)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	const char in[] = "a\"b\\c\r\n\x01Иван\xff";
	ami_buf_add_json_str(&b, in, sizeof in - 1);
	cr_assert_str_eq(b.p, "\"a\\\"b\\\\c\\r\\n\\u0001Иван\\ufffd\"");
	ami_buf_free(&b);
}

Test(buf, steal_and_wipe)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	ami_buf_adds(&b, "secret");
	size_t n;
	char *p = ami_buf_steal(&b, &n);
	cr_assert_str_eq(p, "secret");
	cr_assert_eq(n, 6);
	cr_assert_null(b.p);
	free(p);
	ami_buf_adds(&b, "again");
	ami_buf_wipe(&b);
	cr_assert_null(b.p);
}
