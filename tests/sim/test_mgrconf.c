/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manager.conf semantics: the fixture file, the demo accounts, and __init_manager()'s quirks. */
#include "sim/mgrconf.h"
#include "core/perms.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static char warnings[4096];

static void collect(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	size_t n = strlen(warnings);
	snprintf(warnings + n, sizeof warnings - n, "%s:%u: %s\n", file, line, msg);
}

static enum ami_status from_text(struct sim_mgrconf *m, const char *text)
{
	struct sim_conf c = { 0 };
	char err[256];
	warnings[0] = '\0';
	enum ami_status st =
	    sim_conf_parse(&c, text, strlen(text), "m.conf", collect, NULL, err, sizeof err);
	cr_assert_eq(st, AMI_OK, "%s", err);
	return sim_mgrconf_from(m, &c, "m.conf", collect, NULL);
}

/* The accounts table of the fixture README, for both the file and the demo. */
static void check_accounts(const struct sim_mgrconf *m)
{
	static const struct {
		const char *name, *read, *write;
	} acc[] = {
		{ "admin", "all", "all" },
		{ "monitor", "call,cdr,reporting,dialplan,agent", "" },
		{ "operator", "call,agent,user,dtmf", "originate,call,agent" },
		{ "cli", "system,verbose,log", "command" },
		{ "userev", "user", "user" },
		{ "reloader", "system,config", "system,config" },
		{ "nobody", "", "" },
		{ "fenced", "all", "all" },
	};
	cr_assert_eq(m->nusers, 8);
	for (size_t i = 0; i < 8; i++) {
		const struct sim_user *u = &m->users[i];
		char pw[64];
		snprintf(pw, sizeof pw, "%spw", acc[i].name);
		cr_assert_str_eq(u->name, acc[i].name, "config order is kept");
		cr_assert_str_eq(u->secret, pw);
		cr_assert_eq(u->readperm, ami_perm_from_conf(acc[i].read), "%s", u->name);
		cr_assert_eq(u->writeperm, ami_perm_from_conf(acc[i].write), "%s", u->name);
		cr_assert_eq(u->writetimeout, 100);
		cr_assert(u->allowmultiplelogin);
	}
	const struct sim_user *f = sim_mgrconf_user(m, "FENCED");
	cr_assert_not_null(f, "user lookup ignores case");
	struct sockaddr_in sin = { .sin_family = AF_INET };
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	cr_assert_not(sim_acl_allows(&f->acl, (struct sockaddr *)&sin));
	inet_pton(AF_INET, "127.0.0.2", &sin.sin_addr);
	cr_assert(sim_acl_allows(&f->acl, (struct sockaddr *)&sin));
	cr_assert_not(m->timestampevents);
	cr_assert_eq(m->authtimeout, 30);
	cr_assert_eq(m->authlimit, 50);
	cr_assert_eq(m->port, 5038);
	cr_assert_str_eq(m->bindaddr, "127.0.0.1");
}

Test(mgrconf, fixture_file)
{
	struct sim_mgrconf m;
	char err[256];
	warnings[0] = '\0';
	cr_assert_eq(sim_mgrconf_load(&m, tu_path("asterisk-22/conf/manager.conf"), collect, NULL,
				      err, sizeof err),
		     AMI_OK, "%s", err);
	check_accounts(&m);
	cr_assert(m.tls_enabled);
	cr_assert_str_eq(m.tls_bindaddr, "127.0.0.1");
	cr_assert_eq(m.tls_port, 5039);
	cr_assert_str_eq(m.tls_certfile, "asterisk.crt");
	cr_assert_str_eq(m.tls_privatekey, "asterisk.key");
	cr_assert_str_eq(warnings, "", "the fixture has no unknown keys: %s", warnings);
	cr_assert_eq(m.conf.ncats, 9, "the file itself is kept for GetConfig");
	sim_mgrconf_free(&m);
}

Test(mgrconf, demo_has_the_fixture_accounts)
{
	struct sim_mgrconf m;
	cr_assert_eq(sim_mgrconf_demo(&m), AMI_OK);
	check_accounts(&m);
	cr_assert_not(m.tls_enabled);
	sim_mgrconf_free(&m);
}

Test(mgrconf, rights_quirks_last_line_wins_default_none)
{
	struct sim_mgrconf m;
	cr_assert_eq(from_text(&m, "[general]\n[a]\nsecret=x\nread = system\nread = call\n"
				   "write = a,call\n[b]\nsecret=y\n[c]\nread = System\n"),
		     AMI_OK);
	cr_assert_eq(m.users[0].readperm, AMI_PERM_CALL, "the last read= wins");
	cr_assert_eq(m.users[0].writeperm, AMI_PERM_ALL, "'a' is a prefix of all");
	cr_assert_eq(m.users[1].readperm, 0, "default is none");
	cr_assert_eq(m.users[1].writeperm, 0);
	cr_assert_eq(m.users[2].readperm, 0, "labels are case-sensitive");
	cr_assert_null(m.users[2].secret, "no secret= at all");
	sim_mgrconf_free(&m);
}

Test(mgrconf, invalid_acl_removes_the_user)
{
	struct sim_mgrconf m;
	cr_assert_eq(from_text(&m, "[general]\n[good]\nsecret=x\n[bad]\nsecret=y\n"
				   "permit = 10.0.0.0/40\nread=all\n[after]\nsecret=z\n"),
		     AMI_OK);
	cr_assert_eq(m.nusers, 2);
	cr_assert_null(sim_mgrconf_user(&m, "bad"));
	cr_assert_not_null(sim_mgrconf_user(&m, "after"));
	cr_assert(strstr(warnings, "m.conf:6: Invalid ACL '10.0.0.0/40' for manager user 'bad' on "
				   "line 6. Deleting user"),
		  "%s", warnings);
	sim_mgrconf_free(&m);
}

Test(mgrconf, general_options_and_warnings)
{
	struct sim_mgrconf m;
	cr_assert_eq(from_text(&m, "[general]\nport = 99\nauthtimeout = 0\nauthlimit = 3\n"
				   "timestampevents = yes\nbrokeneventsaction = on\n"
				   "allowmultiplelogin = no\nsslenable = true\n"
				   "tlsbindaddr = [::1]:6000\ntlscafile = x\nbogus = 1\n"
				   "[u]\nsecret = s\nwritetimeout = 50\n[v](!)\nsecret = t\n"
				   "[w]\nsecret = w\nallowmultiplelogin = yes\nwritetimeout = 250\n"
				   "eventfilter = !Newexten\neventfilter(name(Hangup)) = \n"
				   "setvar = A=1\nsetvar = B=2\nsetvar = junk\n"),
		     AMI_OK);
	cr_assert_eq(m.port, 5038, "1024..65535 only");
	cr_assert_eq(m.authtimeout, 30, "values < 1 are ignored");
	cr_assert_eq(m.authlimit, 3);
	cr_assert(m.timestampevents);
	cr_assert(m.brokeneventsaction);
	cr_assert(m.tls_enabled, "sslenable is an alias");
	cr_assert_str_eq(m.tls_bindaddr, "::1");
	cr_assert_eq(m.tls_port, 6000);
	cr_assert(strstr(warnings, "m.conf:2: Invalid port number '99'"), "%s", warnings);
	cr_assert(strstr(warnings, "Invalid keyword <tlscafile> = <x>"), "rejected for AMI");
	cr_assert(strstr(warnings, "Invalid keyword <bogus> = <1>"));
	cr_assert_eq(m.nusers, 2, "the template is not a user");
	cr_assert_not(m.users[0].allowmultiplelogin, "inherits [general]");
	cr_assert_eq(m.users[0].writetimeout, 100, "minimum 100");
	cr_assert(m.users[1].allowmultiplelogin);
	cr_assert_eq(m.users[1].writetimeout, 250);
	cr_assert_eq(m.users[1].nfilters, 2);
	cr_assert_str_eq(m.users[1].filters[1].criteria, "eventfilter(name(Hangup))");
	cr_assert_eq(m.users[1].nsetvars, 2, "a setvar without '=' is dropped");
	cr_assert_str_eq(m.users[1].setvars[0], "B=2", "prepended, as Asterisk does");
	sim_mgrconf_free(&m);
}
