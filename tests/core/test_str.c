/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String views: comparisons, copies, numbers, control bytes and UTF-8. */
#include "core/str.h"

#include <criterion/criterion.h>
#include <string.h>

Test(str, compare)
{
	struct ami_str s = ami_str_c("Event");
	cr_assert(ami_str_eq(s, "Event"));
	cr_assert_not(ami_str_eq(s, "event"));
	cr_assert(ami_str_ieq(s, "EVENT"));
	cr_assert_not(ami_str_ieq(s, "Events"));
	cr_assert(ami_str_iprefix(s, "ev"));
	cr_assert_not(ami_str_iprefix(s, "Eventx"));
	cr_assert_not(ami_str_eq(AMI_STR_NULL, ""));
	cr_assert(ami_str_eq(ami_str_make("", 0), ""));
	cr_assert(ami_str_ieq2(ami_str_c("aBc"), ami_str_c("AbC")));
}

Test(str, copy_truncates_and_reports_length)
{
	char buf[4];
	cr_assert_eq(ami_str_copy(ami_str_c("abcdef"), buf, sizeof buf), 6);
	cr_assert_str_eq(buf, "abc");
	cr_assert_eq(ami_str_copy(AMI_STR_NULL, buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "");
}

Test(str, numbers)
{
	unsigned long v = 0;
	cr_assert(ami_str_to_ulong(ami_str_c("12345"), &v));
	cr_assert_eq(v, 12345);
	cr_assert_not(ami_str_to_ulong(ami_str_c("12a"), &v));
	cr_assert_not(ami_str_to_ulong(ami_str_c(""), &v));
	cr_assert_not(ami_str_to_ulong(ami_str_c("99999999999999999999999"), &v));
}

Test(str, find)
{
	cr_assert_eq(ami_str_find(ami_str_c("abc--END--x"), "--END"), 3);
	cr_assert_eq(ami_str_find(ami_str_c("abc"), "abcd"), -1);
	cr_assert_eq(ami_str_find(ami_str_c("aab"), "ab"), 1);
}

Test(str, control_bytes)
{
	cr_assert(ami_bytes_have_ctl("a\rb", 3));
	cr_assert(ami_bytes_have_ctl("a\nb", 3));
	cr_assert(ami_bytes_have_ctl("a\0b", 3));
	cr_assert_not(ami_bytes_have_ctl("a\tb", 3));
}

Test(str, utf8)
{
	const char *ok = "Иван Петров \xe2\x82\xac \xf0\x9f\x98\x80";
	cr_assert(ami_utf8_valid(ok, strlen(ok)));
	cr_assert_not(ami_utf8_valid("\xc0\xaf", 2));	      /* overlong '/' */
	cr_assert_not(ami_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	cr_assert_not(ami_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	cr_assert_not(ami_utf8_valid("\xd0", 1));	      /* cut short */
	cr_assert_not(ami_utf8_valid("\xff", 1));
	cr_assert_eq(ami_utf8_seqlen("\xd0\x98", 2), 2);
}
