/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asterisk config syntax: comments, trimming, templates, => and +=, errors with file:line. */
#include "sim/conf.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char warnings[2048];

static void collect(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	size_t n = strlen(warnings);
	snprintf(warnings + n, sizeof warnings - n, "%s:%u: %s\n", file, line, msg);
}

static enum ami_status parse(struct sim_conf *c, const char *text, char *err, size_t cap)
{
	memset(c, 0, sizeof *c);
	warnings[0] = '\0';
	return sim_conf_parse(c, text, strlen(text), "t.conf", collect, NULL, err, cap);
}

Test(conf, fixture_manager_conf_loads_as_is)
{
	struct sim_conf c = { 0 };
	char err[256];
	cr_assert_eq(sim_conf_load(&c, tu_path("asterisk-22/conf/manager.conf"), collect, NULL, err,
				   sizeof err),
		     AMI_OK, "%s", err);
	cr_assert_eq(c.ncats, 9);
	cr_assert_str_eq(c.cats[0].name, "general");
	/* the inline comment after timestampevents is gone, the value trimmed */
	cr_assert_str_eq(sim_conf_get(&c.cats[0], "timestampevents"), "no");
	struct sim_conf_cat *mon = sim_conf_find(&c, "MONITOR");
	cr_assert_not_null(mon);
	cr_assert_str_eq(sim_conf_get(mon, "read"), "call,cdr,reporting,dialplan,agent");
	cr_assert_str_eq(sim_conf_get(mon, "write"), "", "an empty value stays empty");
	struct sim_conf_cat *f = sim_conf_find(&c, "fenced");
	cr_assert_eq(f->nvars, 5);
	cr_assert_str_eq(f->vars[1].name, "deny");
	cr_assert_str_eq(f->vars[1].value, "0.0.0.0/0.0.0.0");
	cr_assert_eq(f->vars[1].lineno, 54);
	sim_conf_free(&c);
}

Test(conf, comments_and_trimming)
{
	struct sim_conf c;
	char err[256];
	cr_assert_eq(parse(&c,
			   "; leading comment\n"
			   "[general]   ; trailing\n"
			   "  key   =   value with  spaces   \t\n"
			   "semi = a\\;b ; real comment\n"
			   "obj => thing\n"
			   ";-- a block\n"
			   "hidden = yes\n"
			   "--; visible = yes\n"
			   "append = ab\n"
			   "append += cd\n",
			   err, sizeof err),
		     AMI_OK, "%s", err);
	struct sim_conf_cat *g = &c.cats[0];
	cr_assert_str_eq(sim_conf_get(g, "key"), "value with  spaces");
	cr_assert_str_eq(sim_conf_get(g, "semi"), "a;b");
	cr_assert_str_eq(sim_conf_get(g, "obj"), "thing");
	cr_assert(g->vars[2].object);
	cr_assert_null(sim_conf_get(g, "hidden"), "inside ;-- --;");
	cr_assert_str_eq(sim_conf_get(g, "visible"), "yes");
	cr_assert_str_eq(sim_conf_get(g, "append"), "abcd");
	sim_conf_free(&c);
}

Test(conf, templates_and_inheritance)
{
	struct sim_conf c;
	char err[256];
	cr_assert_eq(parse(&c,
			   "[base](!)\nread = all\nwrite = call\n"
			   "[u1](base)\nsecret = x\nwrite = none\n"
			   "[u1](+)\nextra = 1\n",
			   err, sizeof err),
		     AMI_OK, "%s", err);
	cr_assert_eq(c.ncats, 2, "(+) appends to the existing category");
	cr_assert(c.cats[0].is_template);
	struct sim_conf_cat *u = &c.cats[1];
	cr_assert_str_eq(u->templates, "base");
	cr_assert_eq(u->nvars, 5);
	cr_assert(u->vars[0].inherited);
	cr_assert_str_eq(u->vars[0].name, "read");
	cr_assert_str_eq(u->vars[3].value, "none", "own lines follow the inherited ones");
	cr_assert_str_eq(u->vars[4].name, "extra");
	sim_conf_free(&c);
}

Test(conf, errors_name_file_and_line)
{
	struct sim_conf c;
	char err[256];
	cr_assert_eq(parse(&c, "x = 1\n", err, sizeof err), AMI_E_CONFIG);
	cr_assert_str_eq(err, "t.conf:1: parse error: No category context");
	sim_conf_free(&c);
	cr_assert_eq(parse(&c, "[ok]\n\n[broken\n", err, sizeof err), AMI_E_CONFIG);
	cr_assert_str_eq(err, "t.conf:3: parse error: no closing ']'");
	sim_conf_free(&c);
	cr_assert_eq(parse(&c, "[a](nosuch)\n", err, sizeof err), AMI_E_CONFIG);
	cr_assert(strstr(err, "t.conf:1: Inheritance requested, but category 'nosuch'"), "%s", err);
	sim_conf_free(&c);
	cr_assert_eq(parse(&c, "[a](+)\n", err, sizeof err), AMI_E_CONFIG);
	sim_conf_free(&c);
}

Test(conf, warnings_are_not_errors)
{
	struct sim_conf c;
	char err[256];
	cr_assert_eq(parse(&c, "[a]\njunk line\nb = 2\n;-- open\n", err, sizeof err), AMI_OK);
	cr_assert(strstr(warnings, "t.conf:2: No '=' (equal sign) in line 2 of t.conf"), "%s",
		  warnings);
	cr_assert(strstr(warnings, "Unterminated comment detected beginning on line 4"), "%s",
		  warnings);
	cr_assert_str_eq(sim_conf_get(&c.cats[0], "b"), "2");
	sim_conf_free(&c);
}

Test(conf, write_and_copy_roundtrip)
{
	struct sim_conf c, d, e;
	char err[256];
	cr_assert_eq(parse(&c, "[t](!)\nx = 1\n[a](t)\ny => 2\n", err, sizeof err), AMI_OK);
	cr_assert_eq(sim_conf_copy(&d, &c), AMI_OK);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	sim_conf_write(&d, "m.conf", "Manager", &out);
	cr_assert(strstr(out.p, ";! Generator: Manager\n"));
	cr_assert(strstr(out.p, "[t](!)\nx = 1\n\n[a](t)\ny => 2\n"), "%s", out.p);
	memset(&e, 0, sizeof e);
	cr_assert_eq(sim_conf_parse(&e, out.p, out.len, "m.conf", NULL, NULL, err, sizeof err),
		     AMI_OK);
	cr_assert_eq(e.cats[1].nvars, 2, "the inherited x comes back through the template");
	ami_buf_free(&out);
	sim_conf_free(&c);
	sim_conf_free(&d);
	sim_conf_free(&e);
}
