/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON output: header order, repeated keys as arrays, raw lines, bodies, escaping. */
#include "app/output.h"

#include <criterion/criterion.h>
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
