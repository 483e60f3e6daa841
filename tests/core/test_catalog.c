/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The catalogue against real ListCommands replies: byte for byte for every fixture account. */
#include "core/catalog.h"
#include "core/buf.h"
#include "core/parser.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

Test(catalog, sorted_like_asterisk_and_unique)
{
	size_t n;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	cr_assert_gt(n, 100);
	for (size_t i = 1; i < n; i++)
		cr_assert_lt(strcasecmp(t[i - 1].name, t[i].name), 0, "%s before %s", t[i - 1].name,
			     t[i].name);
}

/* The ListCommands reply we would expect from the table for a given write mask. */
static void expected(uint32_t writeperm, struct ami_buf *b)
{
	size_t n;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	for (size_t i = 0; i < n; i++) {
		if (!(t[i].flags & AMI_ACT_SIM) || !ami_catalog_permits(t[i].authority, writeperm))
			continue;
		char priv[256];
		ami_perm_format(t[i].authority, priv, sizeof priv);
		ami_buf_printf(b, "%s: %s (Priv: %s)\r\n", t[i].name, t[i].synopsis, priv);
	}
}

/* The ListCommands reply's header lines as received, from a fixture. */
static void received(const char *fixture, struct ami_buf *b)
{
	char rel[128];
	size_t len;
	snprintf(rel, sizeof rel, "asterisk-22/%s.raw", fixture);
	char *raw = tu_load(rel, &len);
	struct ami_parser p;
	ami_parser_init(&p, NULL);
	ami_parser_feed(&p, raw, len);
	struct ami_msg m;
	while (ami_parser_next(&p, &m) == AMI_OK) {
		if (!ami_msg_find(&m, "ListCommands"))
			continue;
		for (uint32_t i = 2; i < m.nhdrs; i++) /* after Response and ActionID */
			ami_buf_printf(b, "%.*s: %.*s\r\n", (int)m.hdrs[i].klen, m.hdrs[i].key,
				       (int)m.hdrs[i].vlen, m.hdrs[i].val);
	}
	ami_parser_free(&p);
	free(raw);
}

Test(catalog, listcommands_byte_for_byte_for_every_account)
{
	/* write= lines of tests/data/asterisk-22/conf/manager.conf */
	static const struct {
		const char *user, *write;
		size_t count;
	} acc[] = {
		{ "admin", "all", 79 },
		{ "operator", "originate,call,agent", 51 },
		{ "reloader", "system,config", 50 },
		{ "cli", "command", 22 },
		{ "userev", "user", 22 },
		{ "monitor", "", 21 },
		{ "nobody", "", 21 },
	};
	for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		struct ami_buf want, got;
		ami_buf_init(&want, 0);
		ami_buf_init(&got, 0);
		expected(ami_perm_from_conf(acc[i].write), &want);
		char fixture[64];
		snprintf(fixture, sizeof fixture, "03_perms_%s", acc[i].user);
		received(fixture, &got);
		cr_assert_gt(got.len, 0, "%s", acc[i].user);
		cr_assert_str_eq(want.p, got.p, "%s", acc[i].user);
		size_t lines = 0;
		for (size_t k = 0; k < got.len; k++)
			lines += got.p[k] == '\n';
		cr_assert_eq(lines, acc[i].count, "%s", acc[i].user);
		ami_buf_free(&want);
		ami_buf_free(&got);
	}
}

Test(catalog, find_and_permits)
{
	const struct ami_catalog_entry *e = ami_catalog_find(ami_str_c("originate"));
	cr_assert_not_null(e);
	cr_assert_str_eq(e->name, "Originate");
	cr_assert_eq(e->authority, AMI_PERM_ORIGINATE);
	cr_assert(ami_catalog_permits(e->authority, AMI_PERM_ORIGINATE | AMI_PERM_CALL));
	cr_assert_not(ami_catalog_permits(e->authority, AMI_PERM_CALL));
	cr_assert(ami_catalog_permits(0, 0), "authority 0: anyone");
	cr_assert_null(ami_catalog_find(ami_str_c("NoSuchAction")));
	cr_assert_not_null(strstr(e->fields, "Channel*"));
}

Test(catalog, read_only_rules)
{
	cr_assert(ami_catalog_read_only_ok(ami_str_c("Ping"), AMI_STR_NULL));
	cr_assert(ami_catalog_read_only_ok(ami_str_c("coreshowchannels"), AMI_STR_NULL));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Originate"), AMI_STR_NULL));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Hangup"), AMI_STR_NULL));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Frobnicate"), AMI_STR_NULL));
	cr_assert(ami_catalog_read_only_ok(ami_str_c("Command"), ami_str_c("core show channels")));
	cr_assert(ami_catalog_read_only_ok(ami_str_c("Command"), ami_str_c("  queue   show")));
	cr_assert(ami_catalog_read_only_ok(ami_str_c("Command"),
					   ami_str_c("_command matchesarray \"core s\" \"s\"")));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Command"), ami_str_c("core stop now")));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Command"), ami_str_c("module reload")));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Command"), ami_str_c("show")));
	cr_assert_not(ami_catalog_read_only_ok(ami_str_c("Command"), AMI_STR_NULL));
}
