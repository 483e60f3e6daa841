/* SPDX-License-Identifier: GPL-2.0-or-later */
/* permit=/deny= parsing and matching: last match wins, masks, IPv6, mapped, bad lines. */
#include "sim/acl.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>

static bool allows(const struct sim_acl *acl, const char *ip)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
	} else {
		cr_assert_eq(inet_pton(AF_INET6, ip, &s6->sin6_addr), 1, "%s", ip);
		s6->sin6_family = AF_INET6;
	}
	return sim_acl_allows(acl, (struct sockaddr *)&ss);
}

Test(acl, empty_list_allows_everyone)
{
	struct sim_acl a = { 0 };
	cr_assert(allows(&a, "127.0.0.1"));
	cr_assert(allows(&a, "::1"));
	cr_assert_not(a.used);
}

Test(acl, fixture_fenced_user_last_match_wins)
{
	struct sim_acl a = { 0 };
	cr_assert_eq(sim_acl_append(&a, "deny", "0.0.0.0/0.0.0.0"), AMI_OK);
	cr_assert_eq(sim_acl_append(&a, "permit", "127.0.0.2/255.255.255.255"), AMI_OK);
	cr_assert_not(allows(&a, "127.0.0.1"));
	cr_assert(allows(&a, "127.0.0.2"));
	cr_assert(allows(&a, "::ffff:127.0.0.2"), "IPv4 rules apply to mapped peers");
	cr_assert(allows(&a, "::1"), "IPv4 rules never match an IPv6 peer");
	/* order matters: a later deny overrides the permit */
	cr_assert_eq(sim_acl_append(&a, "deny", "127.0.0.0/8"), AMI_OK);
	cr_assert_not(allows(&a, "127.0.0.2"));
	sim_acl_free(&a);
}

Test(acl, cidr_lists_and_negation)
{
	struct sim_acl a = { 0 };
	cr_assert_eq(sim_acl_append(&a, "deny", "0.0.0.0/0"), AMI_OK);
	cr_assert_eq(sim_acl_append(&a, "permit", "10.1.0.0/16,192.168.7.9"), AMI_OK);
	cr_assert_eq(a.n, 3);
	cr_assert(allows(&a, "10.1.200.3"));
	cr_assert_not(allows(&a, "10.2.0.1"));
	cr_assert(allows(&a, "192.168.7.9"));
	cr_assert_not(allows(&a, "192.168.7.8"));
	/* "!" inverts one item: deny everything except 10.1.2.3 within the permit */
	cr_assert_eq(sim_acl_append(&a, "permit", "!10.1.2.3"), AMI_OK);
	cr_assert_not(allows(&a, "10.1.2.3"));
	/* the address is masked at load: 10.1.99.99/16 is stored as 10.1.0.0 */
	sim_acl_free(&a);
	cr_assert_eq(sim_acl_append(&a, "deny", "10.1.99.99/16"), AMI_OK);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	sim_acl_output(&a, &out);
	cr_assert_str_eq(out.p, "ACL: (unnamed)\n---------------------------------------------\n"
				"  0:  deny - 10.1.0.0/255.255.0.0\n");
	ami_buf_free(&out);
	sim_acl_free(&a);
}

Test(acl, ipv6_rules)
{
	struct sim_acl a = { 0 };
	cr_assert_eq(sim_acl_append(&a, "deny", "::/0"), AMI_OK);
	cr_assert_eq(sim_acl_append(&a, "permit", "[::1]"), AMI_OK);
	cr_assert_eq(sim_acl_append(&a, "permit", "fd00:1::/32"), AMI_OK);
	cr_assert(allows(&a, "::1"));
	cr_assert(allows(&a, "fd00:1:ffff::5"));
	cr_assert_not(allows(&a, "fd00:2::5"));
	cr_assert(allows(&a, "127.0.0.1"), "IPv6 rules never match an IPv4 peer");
	cr_assert(allows(&a, "::ffff:10.0.0.1"), "nor an IPv4-mapped one");
	sim_acl_free(&a);
}

Test(acl, invalid_lines)
{
	struct sim_acl a = { 0 };
	cr_assert_eq(sim_acl_append(&a, "deny", "host.example.com"), AMI_E_INVALID);
	cr_assert_eq(sim_acl_append(&a, "deny", "1.2.3.4/33"), AMI_E_INVALID);
	cr_assert_eq(sim_acl_append(&a, "deny", "1.2.3.4/ffff::"), AMI_E_INVALID, "mixed schemes");
	cr_assert_eq(sim_acl_append(&a, "permit", "1.2.3.4, 5.6.7.8"), AMI_E_INVALID,
		     "items are not trimmed");
	cr_assert_eq(a.n, 1, "the good item before the bad one stays");
	sim_acl_free(&a);
}

Test(acl, undefined_named_acl_refuses_all)
{
	struct sim_acl a = { 0 };
	cr_assert_eq(sim_acl_append(&a, "acl", "office"), AMI_OK);
	cr_assert_not(allows(&a, "127.0.0.1"));
	struct sim_acl b;
	cr_assert_eq(sim_acl_copy(&b, &a), AMI_OK);
	cr_assert_not(allows(&b, "::1"));
	sim_acl_free(&a);
	sim_acl_free(&b);
}
