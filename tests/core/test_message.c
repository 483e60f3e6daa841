/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages: lookup, repeated keys, single-block copies, re-parsing of stored blocks. */
#include "core/message.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const char BLOCK[] = "Event: UserEvent\r\n"
			    "Privilege: user,all\r\n"
			    "UserEvent: Probe\r\n"
			    "variable: a=1\r\n"
			    "Variable: b=2\r\n"
			    "ChanVariable(PJSIP/x-0001): v=1\r\n"
			    "No categories found\r\n"
			    "Empty: \r\n"
			    "\r\n";

static void parse(struct ami_msg *m, struct ami_hdr *h, uint32_t cap)
{
	ami_msg_parse_block(m, BLOCK, sizeof BLOCK - 1, h, cap);
}

Test(message, lookup_is_case_insensitive)
{
	struct ami_hdr h[16];
	struct ami_msg m;
	parse(&m, h, 16);
	cr_assert_eq(m.kind, AMI_MSG_EVENT);
	cr_assert_eq(m.nhdrs, 8);
	cr_assert(ami_str_eq(ami_msg_name(&m), "UserEvent"));
	cr_assert(ami_str_eq(ami_msg_get(&m, "PRIVILEGE"), "user,all"));
	cr_assert(ami_str_eq(ami_msg_get(&m, "Empty"), ""));
	cr_assert_null(ami_msg_get(&m, "Missing").p);
	cr_assert(ami_str_eq(ami_msg_get(&m, "ChanVariable(PJSIP/x-0001)"), "v=1"));
	cr_assert_null(ami_msg_get(&m, "No categories found").p, "raw lines have no value");
	cr_assert_null(m.hdrs[6].val);
	cr_assert_eq(m.hdrs[6].klen, strlen("No categories found"));
	char buf[8];
	cr_assert_str_eq(ami_msg_cstr(&m, "UserEvent", buf, sizeof buf), "Probe");
}

Test(message, repeated_values_in_order)
{
	struct ami_hdr h[16];
	struct ami_msg m;
	parse(&m, h, 16);
	uint32_t pos = 0;
	struct ami_str v;
	cr_assert(ami_msg_next(&m, "Variable", &pos, &v));
	cr_assert(ami_str_eq(v, "a=1"));
	cr_assert(ami_msg_next(&m, "Variable", &pos, &v));
	cr_assert(ami_str_eq(v, "b=2"));
	cr_assert_not(ami_msg_next(&m, "Variable", &pos, &v));
	cr_assert_eq(ami_msg_count(&m, "variable"), 2);
}

Test(message, dup_is_one_block_and_independent)
{
	char *copy = strdup(BLOCK);
	struct ami_hdr h[16];
	struct ami_msg m;
	ami_msg_parse_block(&m, copy, strlen(copy), h, 16);
	struct ami_msg *d = ami_msg_dup(&m);
	cr_assert_not_null(d);
	memset(copy, 'Z', strlen(copy)); /* the original bytes are gone */
	free(copy);
	cr_assert_eq(d->nhdrs, 8);
	cr_assert(ami_str_eq(ami_msg_get(d, "UserEvent"), "Probe"));
	cr_assert_eq(d->rawlen, sizeof BLOCK - 1);
	cr_assert(memcmp(d->raw, BLOCK, d->rawlen) == 0);
	/* every pointer lies inside the single allocation */
	const char *lo = (const char *)d, *hi = d->raw + d->rawlen;
	for (uint32_t i = 0; i < d->nhdrs; i++)
		cr_assert(d->hdrs[i].key >= lo && d->hdrs[i].key < hi);
	ami_msg_free(d); /* ASan/LSan would report anything else */
}

Test(message, parse_block_cap_and_kinds)
{
	struct ami_hdr h[2];
	struct ami_msg m;
	parse(&m, h, 2);
	cr_assert_eq(m.nhdrs, 2);
	cr_assert(m.flags & AMI_MSG_F_TOO_MANY_HEADERS);
	const char *resp = "Response: Success\nMessage: ok\n";
	ami_msg_parse_block(&m, resp, strlen(resp), h, 2);
	cr_assert_eq(m.kind, AMI_MSG_RESPONSE);
	const char *orig = "Event: OriginateResponse\r\nResponse: Success\r\n\r\n";
	ami_msg_parse_block(&m, orig, strlen(orig), h, 2);
	cr_assert_eq(m.kind, AMI_MSG_EVENT, "classified by the first line only");
	const char *act = "action:ping\r\n";
	ami_msg_parse_block(&m, act, strlen(act), h, 2);
	cr_assert_eq(m.kind, AMI_MSG_ACTION);
	cr_assert(ami_str_eq(ami_msg_get(&m, "Action"), "ping"));
	ami_msg_parse_block(&m, "", 0, h, 2);
	cr_assert_eq(m.kind, AMI_MSG_OTHER);
	cr_assert_eq(m.nhdrs, 0);
	cr_assert_str_eq(ami_msg_kind_str(AMI_MSG_FOLLOWS), "follows");
}
