/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UpdateConfig: handle_updates()'s Action-NNNNNN edits, applied to a copy, then saved. */
#include "cfg_int.h"
#include "server_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* error_type in manager.c, with the messages action_updateconfig() sends. */
#define UPD_ERROR_INFO(_)                                                              \
	_(OK, "")                                                                      \
	_(UNKNOWN_ACTION, "Unknown action command")                                    \
	_(UNKNOWN_CATEGORY, "Given category does not exist")                           \
	_(UNSPECIFIED_CATEGORY, "Category not specified")                              \
	_(UNSPECIFIED_ARGUMENT, "Problem with category, value, or line (if required)") \
	_(FAILURE_ALLOCATION, "Memory allocation failure, this should not happen")     \
	_(FAILURE_NEWCAT, "Create category did not complete successfully")             \
	_(FAILURE_DELCAT, "Delete category did not complete successfully")             \
	_(FAILURE_EMPTYCAT, "Empty category did not complete successfully")            \
	_(FAILURE_UPDATE, "Update did not complete successfully")                      \
	_(FAILURE_DELETE, "Delete did not complete successfully")                      \
	_(FAILURE_APPEND, "Append did not complete successfully")                      \
	_(FAILURE_TEMPLATE, "Template category not found")

enum upd_error {
#define UPD_ENUM(name, msg) UPD_##name,
	UPD_ERROR_INFO(UPD_ENUM)
#undef UPD_ENUM
};

static const char *const upd_msg[] = {
#define UPD_MSG(name, msg) msg,
	UPD_ERROR_INFO(UPD_MSG)
#undef UPD_MSG
};

/* One numbered edit. */
struct edit {
	char action[64], cat[256], var[256], value[1024], match[256], line[32];
	bool object, allowdups, istemplate, ignoreerror;
	char inherit[256], catfilter[256];
};

static void trim(char *s)
{
	char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	memmove(s, p, strlen(p) + 1);
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* Options-NNNNNN: allowdups, template, ignoreerror, inherit=..., catfilter=... */
static void options(struct edit *e, const char *text)
{
	char buf[1024], *p = buf;
	snprintf(buf, sizeof buf, "%s", text);
	while (p) {
		char *tok = p, *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		p = comma ? comma + 1 : NULL;
		trim(tok);
		char *eq = strchr(tok, '=');
		if (!strcasecmp(tok, "allowdups"))
			e->allowdups = true;
		else if (!strcasecmp(tok, "template"))
			e->istemplate = true;
		else if (!strcasecmp(tok, "ignoreerror"))
			e->ignoreerror = true;
		else if (!strncmp(tok, "inherit", 7) && eq)
			snprintf(e->inherit, sizeof e->inherit, "%s", eq + 1);
		else if (!strncmp(tok, "catfilter", 9) && eq)
			snprintf(e->catfilter, sizeof e->catfilter, "%s", eq + 1);
	}
	trim(e->inherit);
	trim(e->catfilter);
}

static bool read_edit(const struct ami_msg *m, int x, struct edit *e)
{
	char hdr[40], opts[1024];
	memset(e, 0, sizeof *e);
#define GET(field, name)                            \
	snprintf(hdr, sizeof hdr, name "-%06d", x); \
	sim_msg_get(m, hdr, e->field, sizeof e->field)
	GET(action, "Action");
	if (!e->action[0])
		return false;
	GET(cat, "Cat");
	GET(var, "Var");
	GET(value, "Value");
	GET(match, "Match");
	GET(line, "Line");
#undef GET
	snprintf(hdr, sizeof hdr, "Options-%06d", x);
	if (*sim_msg_get(m, hdr, opts, sizeof opts))
		options(e, opts);
	if (e->value[0] == '>') {
		e->object = true;
		memmove(e->value, e->value + 1, strlen(e->value));
	}
	return true;
}

static int find_cat(const struct sim_conf *c, const char *name, bool templates)
{
	for (size_t i = 0; i < c->ncats; i++)
		if (!strcasecmp(c->cats[i].name, name) && (templates || !c->cats[i].is_template))
			return (int)i;
	return -1;
}

static enum upd_error newcat(struct sim_conf *c, const struct edit *e)
{
	if (!e->allowdups && find_cat(c, e->cat, true) >= 0)
		return e->ignoreerror ? UPD_OK : UPD_FAILURE_NEWCAT;
	size_t at = c->ncats;
	if (e->match[0]) {
		int i = find_cat(c, e->match, true);
		if (i < 0)
			return UPD_FAILURE_NEWCAT;
		at = (size_t)i;
	}
	struct sim_conf nc = { 0 };
	struct sim_conf_cat *cat;
	if (sim_conf_add_cat(&nc, e->cat, 0, &cat))
		return UPD_FAILURE_ALLOCATION;
	cat->is_template = e->istemplate;
	char list[256], *p = list;
	snprintf(list, sizeof list, "%s", e->inherit);
	while (e->inherit[0] && p) {
		char *tok = p, *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		p = comma ? comma + 1 : NULL;
		trim(tok);
		int b = -1;
		for (size_t i = 0; i < c->ncats && b < 0; i++)
			if (!strcasecmp(c->cats[i].name, tok) && c->cats[i].is_template)
				b = (int)i;
		if (b < 0) {
			sim_conf_free(&nc);
			return UPD_FAILURE_TEMPLATE;
		}
		for (size_t k = 0; k < c->cats[b].nvars; k++) {
			const struct sim_conf_var *v = &c->cats[b].vars[k];
			sim_conf_add_var(cat, v->name, v->value, 0, v->object, cat->nvars);
			cat->vars[cat->nvars - 1].inherited = true;
		}
		size_t old = cat->templates ? strlen(cat->templates) : 0;
		char *t = realloc(cat->templates, old + strlen(tok) + 2);
		if (t) {
			snprintf(t + old, strlen(tok) + 2, "%s%s", old ? "," : "", tok);
			cat->templates = t;
		}
	}
	/* move the finished category into place */
	struct sim_conf_cat *dst;
	if (sim_conf_add_cat(c, e->cat, at, &dst)) {
		sim_conf_free(&nc);
		return UPD_FAILURE_ALLOCATION;
	}
	free(dst->name);
	*dst = nc.cats[0];
	nc.ncats = 0;
	sim_conf_free(&nc);
	return UPD_OK;
}

/* ast_variable_update(): the LAST variable of that name (and value, if match) changes. */
static bool update_var(struct sim_conf_cat *cat, const struct edit *e)
{
	int last = -1;
	for (size_t i = 0; i < cat->nvars; i++)
		if (!strcasecmp(cat->vars[i].name, e->var) &&
		    (!e->match[0] || !strcasecmp(cat->vars[i].value, e->match)))
			last = (int)i;
	if (last < 0)
		return false;
	sim_conf_set_str(&cat->vars[last].value, e->value);
	cat->vars[last].object = e->object;
	cat->vars[last].inherited = false;
	return true;
}

/* ast_variable_delete(): by item number (Line), or every name(/value) match. */
static bool delete_var(struct sim_conf_cat *cat, const struct edit *e)
{
	int item = -1;
	if (e->line[0] && (sscanf(e->line, "%30d", &item) != 1 || item < 0))
		return false;
	bool any = false;
	for (size_t i = cat->nvars, n = cat->nvars; i-- > 0;) {
		bool hit = item >= 0
			       ? (size_t)item == i && i < n
			       : !strcasecmp(cat->vars[i].name, e->var) &&
				     (!e->match[0] || !strcasecmp(cat->vars[i].value, e->match));
		if (hit) {
			sim_conf_del_var(cat, i);
			any = true;
		}
	}
	return any;
}

static enum upd_error per_category(struct sim_conf *c, const struct edit *e)
{
	const char *a = e->action;
	bool ren = !strcasecmp(a, "renamecat"), del = !strcasecmp(a, "delcat"),
	     empty = !strcasecmp(a, "emptycat"), upd = !strcasecmp(a, "update"),
	     dl = !strcasecmp(a, "delete"), app = !strcasecmp(a, "append"),
	     ins = !strcasecmp(a, "insert");
	if (!(ren || del || empty || upd || dl || app || ins))
		return UPD_UNKNOWN_ACTION;
	if ((ren && !e->value[0]) || ((upd || app) && !e->var[0]) ||
	    (dl && !e->var[0] && !e->line[0]) || (ins && (!e->var[0] || !e->line[0])))
		return UPD_UNSPECIFIED_ARGUMENT;
	bool foundcat = false, foundvar = false;
	for (size_t i = 0; i < c->ncats;) {
		struct sim_conf_cat *cat = &c->cats[i];
		if (!cfg_cat_matches(cat, e->cat, e->catfilter)) {
			i++;
			continue;
		}
		foundcat = true;
		if (del) {
			sim_conf_del_cat(c, i);
			continue;
		}
		if (ren)
			sim_conf_set_str(&cat->name, e->value);
		else if (empty)
			while (cat->nvars)
				sim_conf_del_var(cat, cat->nvars - 1);
		else if (upd)
			foundvar |= update_var(cat, e);
		else if (dl)
			foundvar |= delete_var(cat, e);
		else if (app)
			sim_conf_add_var(cat, e->var, e->value, 0,
					 e->object || !strcasecmp(e->match, "object"), cat->nvars);
		else if (ins) {
			int at = atoi(e->line);
			sim_conf_add_var(cat, e->var, e->value, 0, false, at < 0 ? 0 : (size_t)at);
		}
		i++;
	}
	if (!foundcat)
		return (del && e->ignoreerror) ? UPD_OK : UPD_UNKNOWN_CATEGORY;
	if ((upd && !foundvar) || (dl && !foundvar && !e->ignoreerror))
		return UPD_FAILURE_UPDATE;
	return UPD_OK;
}

static enum upd_error handle_updates(const struct ami_msg *m, struct sim_conf *c)
{
	for (int x = 0; x < 100000; x++) {
		struct edit e;
		if (!read_edit(m, x, &e))
			break;
		if (!e.cat[0])
			return UPD_UNSPECIFIED_CATEGORY;
		enum upd_error r =
		    !strcasecmp(e.action, "newcat") ? newcat(c, &e) : per_category(c, &e);
		if (r != UPD_OK)
			return r;
	}
	return UPD_OK;
}

/* ast_config_text_file_save2() into what dfn names. */
static bool save(struct sim_server *srv, struct cfgfile *dst, struct sim_conf *edited)
{
	if (dst->manager) {
		if (srv->opts.save_config && srv->opts.config) {
			struct ami_buf out;
			ami_buf_init(&out, 0);
			sim_conf_write(edited, "manager.conf", "Manager", &out);
			FILE *f = fopen(srv->opts.config, "w");
			bool ok = f && ami_buf_status(&out) == AMI_OK &&
				  fwrite(out.p, 1, out.len, f) == out.len;
			if (f && fclose(f) != 0)
				ok = false;
			ami_buf_wipe(&out);
			if (!ok)
				return false;
		} else {
			srv->cfg_dirty = true;
		}
		sim_conf_free(&srv->cfg.conf);
		srv->cfg.conf = *edited;
		return true;
	}
	for (size_t i = 0; i < srv->nvfiles; i++) {
		if (!strcmp(srv->vfiles[i].name, dst->rel)) {
			sim_conf_free(&srv->vfiles[i].conf);
			srv->vfiles[i].conf = *edited;
			return true;
		}
	}
	return false; /* a file on disk other than manager.conf is never written */
}

int act_updateconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char sfn[1024], dfn[1024], rld[256];
	struct sim_server *srv = s->srv;
	if (!*sim_msg_get(m, "SrcFilename", sfn, sizeof sfn) ||
	    !*sim_msg_get(m, "DstFilename", dfn, sizeof dfn)) {
		sim_reply_error(r, "Filename not specified");
		return 0;
	}
	struct cfgfile src, dst;
	enum lookup ls = cfg_resolve(srv, sfn, &src), ld = cfg_resolve(srv, dfn, &dst);
	cfg_release(&dst);
	if ((ls != LK_OK && ls != LK_INVALID) || (ld != LK_OK && ld != LK_INVALID)) {
		/* is_restricted_file() is non-zero for missing files too */
		cfg_release(&src);
		sim_reply_error(r, "File requires escalated privileges");
		return 0;
	}
	if (cfg_lookup_error(r, ls))
		return 0;
	struct sim_conf edited;
	if (sim_conf_copy(&edited, src.conf) != AMI_OK) {
		cfg_release(&src);
		sim_reply_error(r, upd_msg[UPD_FAILURE_ALLOCATION]);
		return 0;
	}
	cfg_release(&src);
	enum upd_error res = handle_updates(m, &edited);
	if (res != UPD_OK) {
		sim_conf_free(&edited);
		sim_reply_error(r, upd_msg[res]);
		return 0;
	}
	if (!save(srv, &dst, &edited)) {
		sim_conf_free(&edited);
		sim_reply_error(r, "Save of config failed");
		return 0;
	}
	sim_reply_ack(r, NULL);
	if (*sim_msg_get(m, "Reload", rld, sizeof rld)) {
		if (sim_true(rld))
			mod_reload(srv, NULL);
		else if (!sim_false(rld))
			mod_reload(srv, rld);
	}
	return 0;
}
