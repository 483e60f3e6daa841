/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GetConfig, GetConfigJSON, ListCategories, UpdateConfig, CreateConfig over amisim's config dir. */
#include "cfg_int.h"
#include "server_int.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static char *strip(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

void path_normalize(const char *in, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (const char *p = in; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
		} else if (len + n + 2 < cap) {
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = '\0';
		}
		p += n;
	}
	if (!len)
		snprintf(out, cap, "/");
}

static bool is_manager_name(struct sim_server *srv, const char *rel)
{
	if (!strcmp(rel, "manager.conf"))
		return true;
	const char *base = srv->opts.config ? strrchr(srv->opts.config, '/') : NULL;
	base = base ? base + 1 : srv->opts.config;
	return base && !strcmp(rel, base);
}

static struct sim_vfile *vfile(struct sim_server *srv, const char *rel)
{
	for (size_t i = 0; i < srv->nvfiles; i++)
		if (!strcmp(srv->vfiles[i].name, rel))
			return &srv->vfiles[i];
	return NULL;
}

/* is_restricted_file() then ast_config_load2(), against the simulated config dir. */
enum lookup cfg_resolve(struct sim_server *srv, const char *name, struct cfgfile *f)
{
	char buf[1024], path[2048], norm[2048];
	memset(f, 0, sizeof *f);
	snprintf(buf, sizeof buf, "%s", name);
	char *fn = strip(buf);
	if (fn[0] == '/')
		snprintf(path, sizeof path, "%s", fn);
	else
		snprintf(path, sizeof path, "%s/%s", srv->confdir, fn);
	path_normalize(path, norm, sizeof norm);
	size_t dl = strlen(srv->confdir);
	bool inside = !strncmp(norm, srv->confdir, dl) && norm[dl] == '/';
	if (!inside)
		return access(norm, F_OK) == 0 ? LK_RESTRICTED : LK_NOT_FOUND;
	snprintf(f->rel, sizeof f->rel, "%s", norm + dl + 1);
	if (is_manager_name(srv, f->rel)) {
		f->manager = true;
		f->conf = &srv->cfg.conf;
		return LK_OK;
	}
	struct sim_vfile *v = vfile(srv, f->rel);
	if (v) {
		f->conf = &v->conf;
		return LK_OK;
	}
	if (!srv->opts.config || access(norm, R_OK) != 0)
		return LK_NOT_FOUND;
	char err[256];
	if (sim_conf_load(&f->tmp, norm, NULL, NULL, err, sizeof err) != AMI_OK) {
		sim_conf_free(&f->tmp);
		return LK_INVALID;
	}
	f->conf = &f->tmp;
	return LK_OK;
}

void cfg_release(struct cfgfile *f)
{
	sim_conf_free(&f->tmp);
}

/* ast_strings_match(value, NULL, pattern): equality, or /regex/. */
static bool strings_match(const char *value, const char *pattern)
{
	size_t n = strlen(pattern);
	if (n >= 2 && pattern[0] == '/' && pattern[n - 1] == '/') {
		char re_text[1024];
		snprintf(re_text, sizeof re_text, "%.*s", (int)(n - 2), pattern + 1);
		regex_t re;
		if (regcomp(&re, re_text, REG_EXTENDED | REG_NOSUB) != 0)
			return false;
		bool ok = regexec(&re, value, 0, NULL, 0) == 0;
		regfree(&re);
		return ok;
	}
	return !strcmp(value, pattern);
}

/* does_category_match(): name (case-insensitive), "var=value" items and TEMPLATES=. */
bool cfg_cat_matches(const struct sim_conf_cat *cat, const char *name, const char *filter)
{
	if (name && *name && strcasecmp(cat->name, name))
		return false;
	if (!filter || !*filter)
		return !cat->is_template;
	char buf[1024], *p = buf;
	snprintf(buf, sizeof buf, "%s", filter);
	int exprs = 0, found = 0, tmpl = 0;
	while (p) {
		char *item = p, *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		p = comma ? comma + 1 : NULL;
		exprs++;
		char *eq = strchr(item, '=');
		char *k = item, *v = (char *)"";
		if (eq) {
			*eq = '\0';
			v = strip(eq + 1);
		}
		k = strip(k);
		if (!strcasecmp(k, "TEMPLATES")) {
			if (!strcasecmp(v, "include"))
				tmpl = 1, found++;
			else if (!strcasecmp(v, "restrict"))
				tmpl = -1, found++;
			continue;
		}
		for (size_t i = 0; i < cat->nvars; i++)
			if (!strcasecmp(k, cat->vars[i].name) &&
			    strings_match(cat->vars[i].value, v)) {
				found++;
				break;
			}
	}
	bool ok = tmpl == 0 ? !cat->is_template : tmpl == -1 ? cat->is_template : true;
	return ok && found == exprs;
}

static void start_ack(struct sim_reply *r)
{
	sim_reply_begin(r, "Success", NULL);
}

bool cfg_lookup_error(struct sim_reply *r, enum lookup lk)
{
	static const char *const msg[] = {
		[LK_NOT_FOUND] = "Config file not found",
		[LK_RESTRICTED] = "File requires escalated privileges",
		[LK_INVALID] = "Config file has invalid format",
	};
	if (lk == LK_OK)
		return false;
	sim_reply_error(r, msg[lk]);
	return true;
}

int act_getconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char fn[1024], category[256], filter[1024];
	if (!*sim_msg_get(m, "Filename", fn, sizeof fn)) {
		sim_reply_error(r, "Filename not specified");
		return 0;
	}
	struct cfgfile f;
	if (cfg_lookup_error(r, cfg_resolve(s->srv, fn, &f)))
		return 0;
	sim_msg_get(m, "Category", category, sizeof category);
	sim_msg_get(m, "Filter", filter, sizeof filter);
	start_ack(r);
	int count = 0;
	for (size_t i = 0; i < f.conf->ncats; i++) {
		const struct sim_conf_cat *c = &f.conf->cats[i];
		if (!cfg_cat_matches(c, category, filter))
			continue;
		ami_buf_printf(r->out, "Category-%06d: %s\r\n", count, c->name);
		if (c->is_template)
			ami_buf_printf(r->out, "IsTemplate-%06d: %d\r\n", count, 1);
		if (c->templates)
			ami_buf_printf(r->out, "Templates-%06d: %s\r\n", count, c->templates);
		for (size_t k = 0; k < c->nvars; k++)
			ami_buf_printf(r->out, "Line-%06d-%06zu: %s=%s\r\n", count, k,
				       c->vars[k].name, c->vars[k].value);
		count++;
	}
	if (*category && count == 0)
		ami_buf_adds(r->out, "No categories found\r\n");
	sim_reply_end(r);
	cfg_release(&f);
	return 0;
}

static void json_text(struct ami_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			ami_buf_addc(out, '\\');
		ami_buf_addc(out, *s);
	}
}

int act_getconfigjson(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char fn[1024], category[256], filter[1024];
	if (!*sim_msg_get(m, "Filename", fn, sizeof fn)) {
		sim_reply_error(r, "Filename not specified");
		return 0;
	}
	struct cfgfile f;
	enum lookup lk = cfg_resolve(s->srv, fn, &f);
	/* here is_restricted_file()'s -1 (missing) also means "escalated privileges" */
	if (lk == LK_NOT_FOUND)
		lk = LK_RESTRICTED;
	if (cfg_lookup_error(r, lk))
		return 0;
	sim_msg_get(m, "Category", category, sizeof category);
	sim_msg_get(m, "Filter", filter, sizeof filter);
	start_ack(r);
	ami_buf_adds(r->out, "JSON: {");
	bool comma1 = false;
	for (size_t i = 0; i < f.conf->ncats; i++) {
		const struct sim_conf_cat *c = &f.conf->cats[i];
		if (!cfg_cat_matches(c, category, filter))
			continue;
		ami_buf_adds(r->out, comma1 ? ",\"" : "\"");
		json_text(r->out, c->name);
		ami_buf_adds(r->out, "\":{");
		comma1 = true;
		bool comma2 = false;
		if (c->is_template) {
			ami_buf_adds(r->out, "\"istemplate\":1");
			comma2 = true;
		}
		if (c->templates) {
			ami_buf_printf(r->out, "%s\"templates\":\"%s\"", comma2 ? "," : "",
				       c->templates);
			comma2 = true;
		}
		for (size_t k = 0; k < c->nvars; k++) {
			ami_buf_adds(r->out, comma2 ? ",\"" : "\"");
			json_text(r->out, c->vars[k].name);
			ami_buf_adds(r->out, "\":\"");
			json_text(r->out, c->vars[k].value);
			ami_buf_adds(r->out, "\"");
			comma2 = true;
		}
		ami_buf_adds(r->out, "}");
	}
	ami_buf_adds(r->out, "}\r\n\r\n");
	cfg_release(&f);
	return 0;
}

int act_listcategories(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char fn[1024], match[1024];
	if (!*sim_msg_get(m, "Filename", fn, sizeof fn)) {
		sim_reply_error(r, "Filename not specified");
		return 0;
	}
	struct cfgfile f;
	if (cfg_lookup_error(r, cfg_resolve(s->srv, fn, &f)))
		return 0;
	sim_msg_get(m, "Match", match, sizeof match);
	start_ack(r);
	int count = 0;
	for (size_t i = 0; i < f.conf->ncats; i++)
		if (cfg_cat_matches(&f.conf->cats[i], NULL, match))
			ami_buf_printf(r->out, "Category-%06d: %s\r\n", count++,
				       f.conf->cats[i].name);
	if (count == 0)
		ami_buf_adds(r->out, "Error: no categories found\r\n");
	sim_reply_end(r);
	cfg_release(&f);
	return 0;
}

int act_createconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char fn[1024];
	if (!*sim_msg_get(m, "Filename", fn, sizeof fn)) {
		sim_reply_error(r, "Filename not specified");
		return 0;
	}
	struct sim_server *srv = s->srv;
	struct cfgfile f;
	enum lookup lk = cfg_resolve(srv, fn, &f);
	cfg_release(&f);
	if (lk == LK_OK || lk == LK_INVALID) {
		sim_reply_error(r, "File exists");
		return 0;
	}
	if (lk == LK_RESTRICTED || !f.rel[0]) {
		sim_reply_error(r, "File requires escalated privileges");
		return 0;
	}
	if (strchr(f.rel, '/')) {
		sim_reply_error(r, "No such file or directory");
		return 0;
	}
	if (srv->nvfiles == SIM_VFILES_MAX) {
		sim_reply_error(r, "No space left on device");
		return 0;
	}
	struct sim_vfile *v = &srv->vfiles[srv->nvfiles++];
	memset(v, 0, sizeof *v);
	snprintf(v->name, sizeof v->name, "%s", f.rel);
	sim_reply_ack(r, "New configuration file created successfully");
	return 0;
}
