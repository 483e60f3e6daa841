/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amitui.conf: sections, settings, key bindings, errors with file:line, the secret rule. */
#include "app/config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct app_config C;

static enum ami_status parse(const char *text)
{
	app_config_defaults(&C);
	return app_config_parse(&C, "amitui.conf", text, strlen(text));
}

Test(config, defaults)
{
	app_config_defaults(&C);
	cr_assert_eq(C.scrollback_mib, 64);
	cr_assert_str_eq(C.theme, "default");
	struct app_profile p;
	app_profile_defaults(&p);
	cr_assert_str_eq(p.host, "127.0.0.1");
	cr_assert_str_eq(p.auth, "auto");
	cr_assert_eq(p.keepalive_s, 15);
	cr_assert_not(p.tls_on);
	cr_assert_eq(p.port_num, 0);
}

Test(config, profiles_and_general)
{
	const char *t = "; comment\n"
			"[general]\n"
			"theme = light   ; trailing comment\n"
			"scrollback=128\n"
			"\n"
			"[prod]\n"
			"host = pbx.example.com\n"
			"port => 5039\n"
			"tls = yes\n"
			"username = monitor\n"
			"secret_file = /etc/amitui/prod.secret\n"
			"read_only = yes\n"
			"label = PROD\n"
			"color = red\n"
			"expect_read = call,cdr\n"
			"events = call\\;x\n"
			"[lab]\n"
			"host = ::1\n";
	cr_assert_eq(parse(t), AMI_OK, "%s", C.err);
	cr_assert_str_eq(C.theme, "light");
	cr_assert_eq(C.scrollback_mib, 128);
	cr_assert_eq(C.nprofiles, 2);
	const struct app_profile *p = app_config_profile(&C, "prod");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->host, "pbx.example.com");
	cr_assert_eq(p->port_num, 5039);
	cr_assert(p->tls_on);
	cr_assert(p->read_only_on);
	cr_assert_str_eq(p->expect_read, "call,cdr");
	cr_assert_str_eq(p->events, "call;x", "\\; is a literal semicolon");
	cr_assert_eq(p->defined_at, 6);
	cr_assert_str_eq(app_config_profile(&C, "lab")->host, "::1");
	cr_assert_null(app_config_profile(&C, "Prod"), "names are case-sensitive");
	cr_assert_not(C.holds_secret);
}

Test(config, key_bindings)
{
	cr_assert_eq(parse("[keys]\nview-events = F2\nquit = q,^C\n"), AMI_OK);
	cr_assert_eq(C.nkeys, 2);
	cr_assert_str_eq(C.keys[1].request, "quit");
	cr_assert_str_eq(C.keys[1].keys, "q,^C");
	cr_assert_eq(C.keys[1].line, 3);
}

Test(config, errors_say_where)
{
	static const struct {
		const char *text, *want;
	} v[] = {
		{ "host = x\n", "amitui.conf:1: 'host' outside any [section]" },
		{ "[p]\nhots = x\n", "amitui.conf:2: [p] unknown profile setting 'hots'" },
		{ "[p]\ntls = maybe\n", "amitui.conf:2: [p] 'tls' must be yes or no, not 'maybe'" },
		{ "[p]\nport = 70000\n", "amitui.conf:2: [p] 'port' must be 1-65535, not '70000'" },
		{ "[p]\nauth = kerberos\n", "'auth' must be md5, plain or auto" },
		{ "[general]\nscrollback = lots\n", "'scrollback' must be a whole number" },
		{ "[general]\ncolour = red\n", "unknown [general] setting 'colour'" },
		{ "[p]\n[p]\n", "amitui.conf:2: profile [p] is defined twice" },
		{ "[p\n", "malformed section header" },
		{ "[]\n", "empty section name" },
		{ "[p]\njust words\n", "expected 'key = value'" },
		{ "[p]\n = x\n", "missing setting name" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		cr_assert_eq(parse(v[i].text), AMI_E_CONFIG, "%s", v[i].text);
		cr_assert_not_null(strstr(C.err, v[i].want), "got '%s', want '%s'", C.err,
				   v[i].want);
	}
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	cr_assert_eq(parse(big), AMI_E_CONFIG);
	cr_assert_not_null(strstr(C.err, "line longer"));
	char nul[] = "[p]\nhost = a\0b\n";
	app_config_defaults(&C);
	cr_assert_eq(app_config_parse(&C, "f", nul, sizeof nul - 1), AMI_E_CONFIG);
}

static char tmpdir[64];

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static void mk(void)
{
	strcpy(tmpdir, "/tmp/amitui-cfg-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

Test(config, secret_in_world_readable_file_is_refused, .init = mk, .fini = rm)
{
	const char *path = write_file("a.conf", "[p]\nsecret = s3cret\n", 0644);
	cr_assert_eq(app_config_load(&C, path, true), AMI_E_CONFIG);
	cr_assert_not_null(strstr(C.err, "chmod 600"), "%s", C.err);
	cr_assert_null(strstr(C.err, "s3cret"), "the message must not show the secret");
	chmod(path, 0600);
	cr_assert_eq(app_config_load(&C, path, true), AMI_OK, "%s", C.err);
	cr_assert(C.holds_secret);
	path = write_file("b.conf", "[p]\nsecret_file = /x\n", 0644);
	cr_assert_eq(app_config_load(&C, path, true), AMI_OK, "no secret inside: fine");
}

Test(config, missing_file, .init = mk, .fini = rm)
{
	char path[128];
	snprintf(path, sizeof path, "%s/none.conf", tmpdir);
	cr_assert_eq(app_config_load(&C, path, false), AMI_OK);
	cr_assert_str_eq(C.path, "");
	cr_assert_eq(app_config_load(&C, path, true), AMI_E_CONFIG);
	cr_assert_not_null(strstr(C.err, "No such file"));
}

Test(config, default_path)
{
	char p[256];
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	app_config_default_path(p, sizeof p);
	cr_assert_str_eq(p, "/x/cfg/amitui/amitui.conf");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	app_config_default_path(p, sizeof p);
	cr_assert_str_eq(p, "/home/u/.config/amitui/amitui.conf");
}

Test(config, overrides)
{
	struct app_profile p;
	char err[200];
	app_profile_defaults(&p);
	cr_assert(app_profile_set(&p, "port", "6000", err, sizeof err));
	cr_assert_eq(p.port_num, 6000);
	cr_assert_not(app_profile_set(&p, "port", "x", err, sizeof err));
	cr_assert_not(app_profile_set(&p, "nope", "x", err, sizeof err));
	cr_assert_not_null(strstr(err, "unknown"));
	setenv("HOME", "/home/op", 1);
	cr_assert(
	    app_profile_set(&p, "secret_file", "~/.config/amitui/prod.secret", err, sizeof err));
	cr_assert_str_eq(p.secret_file, "/home/op/.config/amitui/prod.secret");
	cr_assert(app_profile_set(&p, "label", "~/not-a-path", err, sizeof err));
	cr_assert_str_eq(p.label, "~/not-a-path");
}
