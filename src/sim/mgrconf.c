/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manager.conf semantics: [general] options and users, with __init_manager()'s quirks kept. */
#include "sim/mgrconf.h"

#include "core/perms.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char sim_mgrconf_demo_text[] =
    "; amisim's built-in demo configuration: the accounts of the Asterisk 22 fixtures.\n"
    "[general]\n"
    "enabled = yes\n"
    "webenabled = no\n"
    "port = 5038\n"
    "bindaddr = 127.0.0.1\n"
    "displayconnects = yes\n"
    "timestampevents = no\n"
    "allowmultiplelogin = yes\n"
    "authtimeout = 30\n"
    "authlimit = 50\n"
    "\n"
    "[admin]\nsecret = adminpw\nread = all\nwrite = all\n\n"
    "[monitor]\nsecret = monitorpw\nread = call,cdr,reporting,dialplan,agent\nwrite =\n\n"
    "[operator]\nsecret = operatorpw\nread = call,agent,user,dtmf\n"
    "write = originate,call,agent\n\n"
    "[cli]\nsecret = clipw\nread = system,verbose,log\nwrite = command\n\n"
    "[userev]\nsecret = userevpw\nread = user\nwrite = user\n\n"
    "[reloader]\nsecret = reloaderpw\nread = system,config\nwrite = system,config\n\n"
    "[nobody]\nsecret = nobodypw\nread =\nwrite =\n\n"
    "[fenced]\nsecret = fencedpw\ndeny = 0.0.0.0/0.0.0.0\n"
    "permit = 127.0.0.2/255.255.255.255\nread = all\nwrite = all\n";

bool sim_true(const char *s)
{
	static const char *const w[] = { "yes", "true", "y", "t", "1", "on" };
	for (size_t i = 0; s && i < sizeof w / sizeof w[0]; i++)
		if (strcasecmp(s, w[i]) == 0)
			return true;
	return false;
}

bool sim_false(const char *s)
{
	static const char *const w[] = { "no", "false", "n", "f", "0", "off" };
	for (size_t i = 0; s && i < sizeof w / sizeof w[0]; i++)
		if (strcasecmp(s, w[i]) == 0)
			return true;
	return false;
}

/* Where warnings go, and the file name they carry. */
struct ctx {
	sim_conf_warn_fn warn;
	void *arg;
	const char *file;
};

static void warnf(const struct ctx *x, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warnf(const struct ctx *x, unsigned line, const char *fmt, ...)
{
	if (!x->warn)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->warn(x->arg, x->file, line, msg);
}

static void free_user(struct sim_user *u)
{
	if (u->secret) {
		/* secrets never linger in freed memory */
		memset(u->secret, 0, strlen(u->secret));
		free(u->secret);
	}
	sim_acl_free(&u->acl);
	for (size_t i = 0; i < u->nfilters; i++) {
		free(u->filters[i].criteria);
		free(u->filters[i].pattern);
	}
	free(u->filters);
	for (size_t i = 0; i < u->nsetvars; i++)
		free(u->setvars[i]);
	free(u->setvars);
	memset(u, 0, sizeof *u);
}

void sim_mgrconf_free(struct sim_mgrconf *m)
{
	for (size_t i = 0; i < m->nusers; i++)
		free_user(&m->users[i]);
	free(m->users);
	free(m->tls_certfile);
	free(m->tls_privatekey);
	free(m->tls_cipher);
	free(m->channelvars);
	free(m->disabledevents);
	sim_conf_free(&m->conf);
	memset(m, 0, sizeof *m);
}

const struct sim_user *sim_mgrconf_user(const struct sim_mgrconf *m, const char *name)
{
	for (size_t i = 0; i < m->nusers; i++)
		if (strcasecmp(m->users[i].name, name) == 0)
			return &m->users[i];
	return NULL;
}

/* "host[:port]" or "[v6]:port" or a bare IPv6 address; the port may be absent (0). */
static bool split_hostport(const char *v, char *host, size_t cap, unsigned *port)
{
	*port = 0;
	const char *colon = strrchr(v, ':');
	if (v[0] == '[') {
		const char *close = strchr(v, ']');
		if (!close)
			return false;
		snprintf(host, cap, "%.*s", (int)(close - v - 1), v + 1);
		if (close[1] == ':')
			*port = (unsigned)strtoul(close + 2, NULL, 10);
		return true;
	}
	if (colon && strchr(v, ':') == colon) {
		snprintf(host, cap, "%.*s", (int)(colon - v), v);
		*port = (unsigned)strtoul(colon + 1, NULL, 10);
		return true;
	}
	snprintf(host, cap, "%s", v); /* no port, or an IPv6 address with several colons */
	return true;
}

/* ast_tls_read_conf(): true when name was a TLS option (consumed). */
static bool tls_option(struct sim_mgrconf *m, const char *name, const char *v)
{
	if (!strcasecmp(name, "tlsenable") || !strcasecmp(name, "sslenable")) {
		m->tls_enabled = sim_true(v);
	} else if (!strcasecmp(name, "tlsbindaddr") || !strcasecmp(name, "sslbindaddr")) {
		split_hostport(v, m->tls_bindaddr, sizeof m->tls_bindaddr, &m->tls_port);
	} else if (!strcasecmp(name, "tlscertfile") || !strcasecmp(name, "sslcert") ||
		   !strcasecmp(name, "tlscert")) {
		sim_conf_set_str(&m->tls_certfile, v);
	} else if (!strcasecmp(name, "tlsprivatekey") || !strcasecmp(name, "sslprivatekey")) {
		sim_conf_set_str(&m->tls_privatekey, v);
	} else if (!strcasecmp(name, "tlscipher") || !strcasecmp(name, "sslcipher")) {
		sim_conf_set_str(&m->tls_cipher, v);
	} else if (!strcasecmp(name, "tlsservercipherorder") || !strcasecmp(name, "tlsdisablev1") ||
		   !strcasecmp(name, "tlsdisablev11") || !strcasecmp(name, "tlsdisablev12")) {
		/* accepted and ignored: OpenSSL's defaults are what amisim offers */
	} else {
		return false;
	}
	return true;
}

static int positive(const char *v, int dflt, const struct ctx *x, unsigned line, const char *what)
{
	int n = atoi(v);
	if (n >= 1)
		return n;
	warnf(x, line, "Invalid %s value '%s', using default value", what, v);
	return dflt;
}

static void general_var(struct sim_mgrconf *m, const struct sim_conf_var *var, const struct ctx *x)
{
	const char *n = var->name, *v = var->value;
	if (strcasecmp(n, "tlscafile") && strcasecmp(n, "tlscapath") && strcasecmp(n, "tlscadir") &&
	    strcasecmp(n, "tlsverifyclient") && strcasecmp(n, "tlsdontverifyserver") &&
	    strcasecmp(n, "tlsclientmethod") && strcasecmp(n, "sslclientmethod") &&
	    tls_option(m, n, v))
		return;
	if (!strcasecmp(n, "enabled")) {
		m->enabled = sim_true(v);
	} else if (!strcasecmp(n, "webenabled")) {
		m->webenabled = sim_true(v);
	} else if (!strcasecmp(n, "port")) {
		char *end;
		unsigned long p = strtoul(v, &end, 10);
		if (*v && !*end && p >= 1024 && p <= 65535)
			m->port = (unsigned)p;
		else
			warnf(x, var->lineno, "Invalid port number '%s'", v);
	} else if (!strcasecmp(n, "bindaddr")) {
		unsigned ignored;
		split_hostport(v, m->bindaddr, sizeof m->bindaddr, &ignored);
	} else if (!strcasecmp(n, "brokeneventsaction")) {
		m->brokeneventsaction = sim_true(v);
	} else if (!strcasecmp(n, "allowmultiplelogin")) {
		m->allowmultiplelogin = sim_true(v);
	} else if (!strcasecmp(n, "displayconnects")) {
		m->displayconnects = sim_true(v);
	} else if (!strcasecmp(n, "timestampevents")) {
		m->timestampevents = sim_true(v);
	} else if (!strcasecmp(n, "debug")) {
		m->debug = sim_true(v);
	} else if (!strcasecmp(n, "httptimeout")) {
		m->httptimeout = atoi(v) > 0 ? atoi(v) : m->httptimeout;
	} else if (!strcasecmp(n, "authtimeout")) {
		m->authtimeout = positive(v, 30, x, var->lineno, "authtimeout");
	} else if (!strcasecmp(n, "authlimit")) {
		m->authlimit = positive(v, 50, x, var->lineno, "authlimit");
	} else if (!strcasecmp(n, "channelvars")) {
		sim_conf_set_str(&m->channelvars, v);
	} else if (!strcasecmp(n, "disabledevents")) {
		sim_conf_set_str(&m->disabledevents, v);
	} else {
		warnf(x, var->lineno, "Invalid keyword <%s> = <%s> in manager.conf [general]", n,
		      v);
	}
}

static enum ami_status add_string(char ***list, size_t *n, const char *s)
{
	char **nl = realloc(*list, (*n + 1) * sizeof *nl);
	if (!nl)
		return AMI_E_NOMEM;
	*list = nl;
	if (!(nl[*n] = strdup(s)))
		return AMI_E_NOMEM;
	(*n)++;
	return AMI_OK;
}

static enum ami_status add_filter(struct sim_user *u, const char *criteria, const char *pattern)
{
	struct sim_user_filter *nf = realloc(u->filters, (u->nfilters + 1) * sizeof *nf);
	if (!nf)
		return AMI_E_NOMEM;
	u->filters = nf;
	nf[u->nfilters] = (struct sim_user_filter){ strdup(criteria), strdup(pattern) };
	if (!nf[u->nfilters].criteria || !nf[u->nfilters].pattern) {
		free(nf[u->nfilters].criteria);
		free(nf[u->nfilters].pattern);
		return AMI_E_NOMEM;
	}
	u->nfilters++;
	return AMI_OK;
}

/* One line of a user's category; *keep goes false on an invalid ACL line. */
static enum ami_status user_var(struct sim_user *u, const struct sim_conf_var *var, bool *keep,
				const struct ctx *x)
{
	const char *n = var->name, *v = var->value;
	if (!strcasecmp(n, "secret"))
		return sim_conf_set_str(&u->secret, v);
	if (!strcasecmp(n, "deny") || !strcasecmp(n, "permit") || !strcasecmp(n, "acl")) {
		enum ami_status st = sim_acl_append(&u->acl, n, v);
		if (st == AMI_E_INVALID) {
			warnf(x, var->lineno,
			      "Invalid ACL '%s' for manager user '%s' on line %u. Deleting user", v,
			      u->name, var->lineno);
			*keep = false;
			return AMI_OK;
		}
		return st;
	}
	if (!strcasecmp(n, "read"))
		u->readperm = ami_perm_from_conf(v);
	else if (!strcasecmp(n, "write"))
		u->writeperm = ami_perm_from_conf(v);
	else if (!strcasecmp(n, "displayconnects"))
		u->displayconnects = sim_true(v);
	else if (!strcasecmp(n, "allowmultiplelogin"))
		u->allowmultiplelogin = sim_true(v);
	else if (!strcasecmp(n, "writetimeout")) {
		if (atoi(v) < 100)
			warnf(x, var->lineno, "Invalid writetimeout value '%s' at line %u", v,
			      var->lineno);
		else
			u->writetimeout = atoi(v);
	} else if (!strcasecmp(n, "setvar")) {
		/* the user's setvar list is prepended, so the last line ends up first */
		if (strchr(v, '=') && add_string(&u->setvars, &u->nsetvars, v))
			return AMI_E_NOMEM;
		if (u->nsetvars > 1 && strchr(v, '=')) {
			char *last = u->setvars[u->nsetvars - 1];
			memmove(&u->setvars[1], &u->setvars[0],
				(u->nsetvars - 1) * sizeof *u->setvars);
			u->setvars[0] = last;
		}
	} else if (!strncmp(n, "eventfilter", 11)) {
		return add_filter(u, n, v);
	}
	return AMI_OK;
}

/* Find or create the user of a category (a repeated category updates the same user). */
static struct sim_user *user_for(struct sim_mgrconf *m, const char *cat,
				 const struct sim_mgrconf *g)
{
	for (size_t i = 0; i < m->nusers; i++) {
		struct sim_user *u = &m->users[i];
		if (strcasecmp(u->name, cat) != 0)
			continue;
		/* filters, ACL and setvars start over; the other fields keep their values */
		for (size_t k = 0; k < u->nfilters; k++) {
			free(u->filters[k].criteria);
			free(u->filters[k].pattern);
		}
		u->nfilters = 0;
		sim_acl_free(&u->acl);
		for (size_t k = 0; k < u->nsetvars; k++)
			free(u->setvars[k]);
		u->nsetvars = 0;
		return u;
	}
	struct sim_user *nu = realloc(m->users, (m->nusers + 1) * sizeof *nu);
	if (!nu)
		return NULL;
	m->users = nu;
	struct sim_user *u = &nu[m->nusers++];
	memset(u, 0, sizeof *u);
	snprintf(u->name, sizeof u->name, "%s", cat);
	u->writetimeout = 100;
	u->displayconnects = g->displayconnects;
	u->allowmultiplelogin = g->allowmultiplelogin;
	return u;
}

static void defaults(struct sim_mgrconf *m)
{
	memset(m, 0, sizeof *m);
	m->displayconnects = true;
	m->allowmultiplelogin = true;
	m->authtimeout = 30;
	m->authlimit = 50;
	m->httptimeout = 60;
	m->port = 5038;
}

enum ami_status sim_mgrconf_from(struct sim_mgrconf *m, struct sim_conf *c, const char *fname,
				 sim_conf_warn_fn warn, void *arg)
{
	const struct ctx x = { warn, arg, fname };
	defaults(m);
	m->conf = *c;
	memset(c, 0, sizeof *c);
	struct sim_conf_cat *g = sim_conf_find(&m->conf, "general");
	for (size_t i = 0; g && i < g->nvars; i++)
		general_var(m, &g->vars[i], &x);
	for (size_t i = 0; i < m->conf.ncats; i++) {
		const struct sim_conf_cat *cat = &m->conf.cats[i];
		if (cat->is_template || !strcasecmp(cat->name, "general"))
			continue;
		struct sim_user *u = user_for(m, cat->name, m);
		if (!u)
			return AMI_E_NOMEM;
		bool keep = true;
		for (size_t k = 0; k < cat->nvars; k++)
			if (user_var(u, &cat->vars[k], &keep, &x))
				return AMI_E_NOMEM;
		if (!keep) {
			size_t idx = (size_t)(u - m->users);
			free_user(u);
			memmove(&m->users[idx], &m->users[idx + 1],
				(m->nusers - idx - 1) * sizeof *m->users);
			m->nusers--;
		}
	}
	return AMI_OK;
}

enum ami_status sim_mgrconf_load(struct sim_mgrconf *m, const char *path, sim_conf_warn_fn warn,
				 void *arg, char *err, size_t errcap)
{
	struct sim_conf c = { 0 };
	enum ami_status st = sim_conf_load(&c, path, warn, arg, err, errcap);
	if (st != AMI_OK) {
		sim_conf_free(&c);
		return st;
	}
	st = sim_mgrconf_from(m, &c, path, warn, arg);
	if (st != AMI_OK)
		snprintf(err, errcap, "%s: out of memory", path);
	return st;
}

enum ami_status sim_mgrconf_demo(struct sim_mgrconf *m)
{
	struct sim_conf c = { 0 };
	char err[128];
	enum ami_status st =
	    sim_conf_parse(&c, sim_mgrconf_demo_text, sizeof sim_mgrconf_demo_text - 1,
			   "manager.conf", NULL, NULL, err, sizeof err);
	if (st != AMI_OK) {
		sim_conf_free(&c);
		return st;
	}
	return sim_mgrconf_from(m, &c, "manager.conf", NULL, NULL);
}
