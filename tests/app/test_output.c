/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON output: header order, repeated keys as arrays, raw lines, bodies, escaping. */
#include "app/output.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char *json(const char *block, double t)
{
	static struct ami_buf b;
	struct ami_hdr h[64];
	struct ami_msg m;
	ami_buf_free(&b);
	ami_buf_init(&b, 0);
	ami_msg_parse_block(&m, block, strlen(block), h, 64);
	cr_assert_eq(app_out_json(&b, &m, t), AMI_OK);
	return b.p;
}

Test(output, headers_in_order_with_received)
{
	cr_assert_str_eq(
	    json("Event: Hangup\r\nPrivilege: call,all\r\nCause: 16\r\n\r\n", 1795773532.25),
	    "{\"Event\":\"Hangup\",\"Privilege\":\"call,all\",\"Cause\":\"16\","
	    "\"_received\":1795773532.250000}\n");
}

Test(output, repeated_keys_become_arrays)
{
	cr_assert_str_eq(json("Response: Success\r\nOutput: a\r\nMessage: x\r\nOutput: \r\n"
			      "Output: c\"d\r\n\r\n",
			      1),
			 "{\"Response\":\"Success\",\"Output\":[\"a\",\"\",\"c\\\"d\"],"
			 "\"Message\":\"x\",\"_received\":1.000000}\n");
}

Test(output, raw_lines_body_and_utf8)
{
	cr_assert_str_eq(
	    json("Response: Success\r\nNo categories found\r\nName: Иван\xff\r\n\r\n", 0),
	    "{\"Response\":\"Success\",\"Name\":\"Иван\\ufffd\","
	    "\"_lines\":[\"No categories found\"],\"_received\":0.000000}\n");
	struct ami_hdr h[4] = { { "Response", "Follows", 8, 7 } };
	struct ami_msg m = {
		.kind = AMI_MSG_FOLLOWS, .hdrs = h, .nhdrs = 1, .body = "a\nb\n", .bodylen = 4
	};
	struct ami_buf b;
	ami_buf_init(&b, 0);
	app_out_json(&b, &m, 2);
	cr_assert_str_eq(b.p, "{\"Response\":\"Follows\",\"_body\":\"a\\nb\\n\","
			      "\"_received\":2.000000}\n");
	ami_buf_free(&b);
}

Test(output, times_print_as_printf_does_on_the_microsecond_grid)
{
	struct ami_hdr h[1] = { { "Event", "X", 5, 1 } };
	struct ami_msg m = { .kind = AMI_MSG_EVENT, .hdrs = h, .nhdrs = 1 };
	struct ami_buf b;
	ami_buf_init(&b, 0);
	unsigned long long x = 88172253;
	for (int i = 0; i < 200000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		long long sec = 1700000000 + (long long)(x >> 40) % 200000000;
		long usec = (long)((x >> 8) % 1000000);
		double t = (double)sec + (double)usec / 1e6;
		ami_buf_reset(&b);
		app_out_json(&b, &m, t);
		char want[64];
		snprintf(want, sizeof want, "\"_received\":%.6f}\n", t);
		cr_assert(strstr(b.p, want) != NULL, "%s vs %s", b.p, want);
	}
	ami_buf_reset(&b);
	app_out_json(&b, &m, 0);
	cr_assert_not_null(strstr(b.p, "\"_received\":0.000000}"));
	ami_buf_free(&b);
}

Test(output, many_headers_and_repeats_beyond_the_stack_table)
{
	static struct ami_hdr h[1000];
	static char keys[1000][16];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "K%d", i % 300); /* 300 keys, most repeated */
		h[i] = (struct ami_hdr){ keys[i], "v", (uint32_t)strlen(keys[i]), 1 };
	}
	struct ami_msg m = { .kind = AMI_MSG_EVENT, .hdrs = h, .nhdrs = 1000 };
	struct ami_buf b;
	ami_buf_init(&b, 0);
	cr_assert_eq(app_out_json(&b, &m, 1), AMI_OK);
	cr_assert_not_null(strstr(b.p, "\"K0\":[\"v\",\"v\",\"v\",\"v\"]"), "%.200s", b.p);
	cr_assert_not_null(strstr(b.p, "\"K299\":[\"v\",\"v\",\"v\"]"));
	size_t keys_out = 0;
	for (const char *p = b.p; (p = strstr(p, "\"K")); p++)
		keys_out++;
	cr_assert_eq(keys_out, 300, "each key once");
	ami_buf_free(&b);
}
