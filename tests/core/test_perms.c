/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Permission classes: Asterisk's read=/write= quirks, Events masks, Privilege formats. */
#include "core/perms.h"

#include <criterion/criterion.h>
#include <string.h>

Test(perms, table_order_and_bits)
{
	cr_assert_eq(AMI_CLASS_COUNT, 19);
	cr_assert_str_eq(ami_perm_class_label(AMI_CLASS_SYSTEM), "system");
	cr_assert_str_eq(ami_perm_class_label(AMI_CLASS_MESSAGE), "message");
	cr_assert_eq(ami_perm_class_bit(AMI_CLASS_SECURITY), 1u << 18);
	cr_assert_eq(ami_perm_class_bit(AMI_CLASS_MESSAGE), 1u << 30);
	cr_assert_eq(ami_perm_class_of_bit(1u << 14), AMI_CLASS_COUNT, "hookresponse is internal");
	cr_assert_eq(ami_perm_class_find(ami_str_c("Call")), AMI_CLASS_CALL);
	uint32_t known = ami_perm_known_mask();
	cr_assert_eq(__builtin_popcount(known), 19);
}

/* ami-reference 3.2, row by row. */
Test(perms, conf_quirks)
{
	const uint32_t SC = AMI_PERM_SYSTEM | AMI_PERM_CALL;
	cr_assert_eq(ami_perm_from_conf("system,call"), SC);
	cr_assert_eq(ami_perm_from_conf("System"), 0, "case-sensitive");
	cr_assert_eq(ami_perm_from_conf("ALL"), 0, "case-sensitive");
	cr_assert_eq(ami_perm_from_conf("system, call"), AMI_PERM_SYSTEM, "no trimming");
	cr_assert_eq(ami_perm_from_conf("sys,call"), SC, "non-final item is a prefix");
	cr_assert_eq(ami_perm_from_conf("a,call"), AMI_PERM_ALL, "a is a prefix of all");
	cr_assert_eq(ami_perm_from_conf(",call"), AMI_PERM_ALL);
	cr_assert_eq(ami_perm_from_conf("system,,call"), AMI_PERM_ALL);
	cr_assert_eq(ami_perm_from_conf("call,sys"), AMI_PERM_CALL, "final item exact");
	cr_assert_eq(ami_perm_from_conf("all"), AMI_PERM_ALL);
	cr_assert_eq(ami_perm_from_conf("none"), 0);
	cr_assert_eq(ami_perm_from_conf("bogus,call"), AMI_PERM_CALL, "unknown ignored");
	cr_assert_eq(ami_perm_from_conf(""), 0);
	cr_assert_eq(ami_perm_from_conf(NULL), 0);
	cr_assert_eq(ami_perm_from_conf("call,"), AMI_PERM_CALL, "trailing comma ends the list");
	cr_assert_eq(ami_perm_from_conf("call,agent,user,dtmf"),
		     AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_USER | AMI_PERM_DTMF);
	cr_assert_eq(ami_perm_from_conf("ag,call"), AMI_PERM_AGENT | AMI_PERM_AGI | AMI_PERM_CALL);
	cr_assert_eq(ami_perm_from_conf("1"), 0, "numbers are not masks in manager.conf");
}

Test(perms, events_masks)
{
	uint32_t m = 123;
	cr_assert(ami_perm_from_events("1", &m));
	cr_assert_eq(m, AMI_PERM_SYSTEM, "digits first: 1 is system, not on");
	cr_assert(ami_perm_from_events("0", &m));
	cr_assert_eq(m, 0);
	cr_assert(ami_perm_from_events("off", &m));
	cr_assert_eq(m, 0);
	cr_assert(ami_perm_from_events("No", &m));
	cr_assert_eq(m, 0);
	cr_assert(ami_perm_from_events("on", &m));
	cr_assert_eq(m, AMI_PERM_ALL);
	cr_assert(ami_perm_from_events("YES", &m));
	cr_assert_eq(m, AMI_PERM_ALL);
	cr_assert(ami_perm_from_events("call,user", &m));
	cr_assert_eq(m, AMI_PERM_CALL | AMI_PERM_USER);
	cr_assert(ami_perm_from_events("bogus", &m));
	cr_assert_eq(m, 0);
	cr_assert(ami_perm_from_events("2050", &m));
	cr_assert_eq(m, 2050);
	cr_assert(ami_perm_from_events("99999999999999", &m));
	cr_assert_eq(m, AMI_PERM_ALL);
	cr_assert_not(ami_perm_from_events("", &m), "empty is Invalid event mask");
	cr_assert_not(ami_perm_from_events(NULL, &m));
}

Test(perms, privilege_format)
{
	char b[512];
	ami_perm_format(AMI_PERM_CALL, b, sizeof b);
	cr_assert_str_eq(b, "call,all");
	ami_perm_format(AMI_PERM_SYSTEM | AMI_PERM_USER, b, sizeof b);
	cr_assert_str_eq(b, "system,user,all");
	ami_perm_format(0, b, sizeof b);
	cr_assert_str_eq(b, "<none>");
	ami_perm_format(AMI_PERM_SYSTEM | AMI_PERM_CALL | AMI_PERM_REPORTING, b, sizeof b);
	cr_assert_str_eq(b, "system,call,reporting,all");
	size_t need = ami_perm_format(AMI_PERM_ALL, b, 8);
	cr_assert_eq(strlen(b), 7, "truncated but terminated");
	char big[512];
	cr_assert_eq(ami_perm_format(AMI_PERM_ALL, big, sizeof big), need);
	cr_assert_eq(strlen(big), need);
}

Test(perms, user_format)
{
	char b[512];
	ami_perm_format_user(AMI_PERM_CALL | AMI_PERM_CDR, b, sizeof b);
	cr_assert_str_eq(b, "call,cdr");
	ami_perm_format_user(0, b, sizeof b);
	cr_assert_str_eq(b, "<none>");
	ami_perm_format_user(AMI_PERM_ALL, b, sizeof b);
	cr_assert(strstr(b, ",message,all") != NULL, "all only when every bit is set: %s", b);
	ami_perm_format_user(ami_perm_known_mask(), b, sizeof b);
	cr_assert_null(strstr(b, ",all"), "%s", b);
	ami_perm_format_list(AMI_PERM_ALL, b, sizeof b);
	cr_assert_null(strstr(b, ",all"));
	ami_perm_format_list(0, b, sizeof b);
	cr_assert_str_eq(b, "");
}

Test(perms, privilege_parse)
{
	unsigned bad = 9;
	cr_assert_eq(ami_perm_from_privilege(ami_str_c("call,all"), &bad), AMI_PERM_CALL);
	cr_assert_eq(bad, 0);
	cr_assert_eq(ami_perm_from_privilege(ami_str_c("Call"), &bad), AMI_PERM_CALL,
		     "Status items carry Privilege: Call");
	cr_assert_eq(ami_perm_from_privilege(ami_str_c("system,user,all"), NULL),
		     AMI_PERM_SYSTEM | AMI_PERM_USER);
	cr_assert_eq(ami_perm_from_privilege(ami_str_c("<none>"), &bad), 0);
	cr_assert_eq(bad, 0);
	cr_assert_eq(ami_perm_from_privilege(ami_str_c("call,frobnicate,all"), &bad),
		     AMI_PERM_CALL);
	cr_assert_eq(bad, 1);
	cr_assert_eq(ami_perm_from_privilege(AMI_STR_NULL, &bad), 0);
	/* round trip over every class */
	for (int c = 0; c < AMI_CLASS_COUNT; c++) {
		char b[64];
		uint32_t bit = ami_perm_class_bit((enum ami_perm_class)c);
		ami_perm_format(bit, b, sizeof b);
		cr_assert_eq(ami_perm_from_privilege(ami_str_c(b), NULL), bit, "%s", b);
	}
}

Test(perms, listcommands_split)
{
	struct ami_str syn;
	uint32_t auth = 77;
	cr_assert(ami_perm_split_listcommand(ami_str_c("Keepalive command.  (Priv: <none>)"), &syn,
					     &auth));
	cr_assert(ami_str_eq(syn, "Keepalive command."));
	cr_assert_eq(auth, 0);
	cr_assert(ami_perm_split_listcommand(
	    ami_str_c("List channel status.  (Priv: system,call,reporting,all)"), &syn, &auth));
	cr_assert_eq(auth, AMI_PERM_SYSTEM | AMI_PERM_CALL | AMI_PERM_REPORTING);
	cr_assert(ami_perm_split_listcommand(ami_str_c("odd (Priv: x) text (Priv: call,all)"), &syn,
					     &auth));
	cr_assert(ami_str_eq(syn, "odd (Priv: x) text"));
	cr_assert_eq(auth, AMI_PERM_CALL);
	cr_assert_not(ami_perm_split_listcommand(ami_str_c("no privileges here"), &syn, &auth));
	cr_assert_not(ami_perm_split_listcommand(ami_str_c("(Priv: call)"), &syn, &auth));
}
