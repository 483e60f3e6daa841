/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asterisk's config file syntax, read the way main/config.c reads it (comments, templates, =>). */
#include "sim/conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_FILE (4u << 20)
#define MAX_LINE 8192  /* config_text_file_load()'s buffer */
#define MAX_NESTED 128 /* MAX_NESTED_COMMENTS */
#define MAX_INCLUDE 10

/* State of one parse: the current category and the ";-- --;" nesting, across files. */
struct parse {
	struct sim_conf *c;
	struct sim_conf_cat *cat;
	int comment;
	unsigned comment_line;
	int depth;
	sim_conf_warn_fn warn;
	void *arg;
	char *err;
	size_t errcap;
};

static void warnf(struct parse *p, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warnf(struct parse *p, const char *file, unsigned line, const char *fmt, ...)
{
	if (!p->warn)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->warn(p->arg, file, line, msg);
}

static enum ami_status fail(struct parse *p, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static enum ami_status fail(struct parse *p, const char *file, unsigned line, const char *fmt, ...)
{
	if (p->err && p->errcap) {
		int n = snprintf(p->err, p->errcap, "%s:%u: ", file, line);
		va_list ap;
		va_start(ap, fmt);
		if (n >= 0 && (size_t)n < p->errcap)
			vsnprintf(p->err + n, p->errcap - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return AMI_E_CONFIG;
}

/* strsep() without the BSD extension: split *s at the first delim character. */
static char *sep(char **s, char delim)
{
	char *tok = *s;
	if (!tok)
		return NULL;
	char *d = strchr(tok, delim);
	*s = d ? d + 1 : NULL;
	if (d)
		*d = '\0';
	return tok;
}

/* ast_strip(): blanks (isspace) off both ends, in place. */
static char *strip(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

enum ami_status sim_conf_set_str(char **dst, const char *value)
{
	char *v = strdup(value ? value : "");
	if (!v)
		return AMI_E_NOMEM;
	free(*dst);
	*dst = v;
	return AMI_OK;
}

enum ami_status sim_conf_add_var(struct sim_conf_cat *cat, const char *name, const char *value,
				 unsigned lineno, bool object, size_t at)
{
	if (cat->nvars == cat->capvars) {
		size_t cap = cat->capvars ? cat->capvars * 2 : 8;
		struct sim_conf_var *v = realloc(cat->vars, cap * sizeof *v);
		if (!v)
			return AMI_E_NOMEM;
		cat->vars = v;
		cat->capvars = cap;
	}
	struct sim_conf_var nv = { strdup(name), strdup(value), lineno, object, false };
	if (!nv.name || !nv.value) {
		free(nv.name);
		free(nv.value);
		return AMI_E_NOMEM;
	}
	if (at > cat->nvars)
		at = cat->nvars;
	memmove(&cat->vars[at + 1], &cat->vars[at], (cat->nvars - at) * sizeof *cat->vars);
	cat->vars[at] = nv;
	cat->nvars++;
	return AMI_OK;
}

void sim_conf_del_var(struct sim_conf_cat *cat, size_t index)
{
	if (index >= cat->nvars)
		return;
	free(cat->vars[index].name);
	free(cat->vars[index].value);
	memmove(&cat->vars[index], &cat->vars[index + 1],
		(cat->nvars - index - 1) * sizeof *cat->vars);
	cat->nvars--;
}

static void free_cat(struct sim_conf_cat *cat)
{
	while (cat->nvars)
		sim_conf_del_var(cat, cat->nvars - 1);
	free(cat->vars);
	free(cat->name);
	free(cat->templates);
	memset(cat, 0, sizeof *cat);
}

enum ami_status sim_conf_add_cat(struct sim_conf *c, const char *name, size_t at,
				 struct sim_conf_cat **out)
{
	if (c->ncats == c->capcats) {
		size_t cap = c->capcats ? c->capcats * 2 : 8;
		struct sim_conf_cat *n = realloc(c->cats, cap * sizeof *n);
		if (!n)
			return AMI_E_NOMEM;
		c->cats = n;
		c->capcats = cap;
	}
	struct sim_conf_cat nc = { .name = strdup(name) };
	if (!nc.name)
		return AMI_E_NOMEM;
	if (at > c->ncats)
		at = c->ncats;
	memmove(&c->cats[at + 1], &c->cats[at], (c->ncats - at) * sizeof *c->cats);
	c->cats[at] = nc;
	c->ncats++;
	if (out)
		*out = &c->cats[at];
	return AMI_OK;
}

void sim_conf_del_cat(struct sim_conf *c, size_t index)
{
	if (index >= c->ncats)
		return;
	free_cat(&c->cats[index]);
	memmove(&c->cats[index], &c->cats[index + 1], (c->ncats - index - 1) * sizeof *c->cats);
	c->ncats--;
}

void sim_conf_free(struct sim_conf *c)
{
	while (c->ncats)
		sim_conf_del_cat(c, c->ncats - 1);
	free(c->cats);
	free(c->dir);
	memset(c, 0, sizeof *c);
}

struct sim_conf_cat *sim_conf_find(const struct sim_conf *c, const char *name)
{
	for (size_t i = 0; i < c->ncats; i++)
		if (strcasecmp(c->cats[i].name, name) == 0)
			return &c->cats[i];
	return NULL;
}

const char *sim_conf_get(const struct sim_conf_cat *cat, const char *name)
{
	for (size_t i = 0; cat && i < cat->nvars; i++)
		if (strcasecmp(cat->vars[i].name, name) == 0)
			return cat->vars[i].value;
	return NULL;
}

/* Copy base's variables into cat (ast_category_inherit) and remember the name. */
static enum ami_status inherit(struct sim_conf_cat *cat, const struct sim_conf_cat *base)
{
	for (size_t i = 0; i < base->nvars; i++) {
		const struct sim_conf_var *v = &base->vars[i];
		if (sim_conf_add_var(cat, v->name, v->value, v->lineno, v->object, cat->nvars))
			return AMI_E_NOMEM;
		cat->vars[cat->nvars - 1].inherited = true;
	}
	size_t old = cat->templates ? strlen(cat->templates) : 0;
	char *t = realloc(cat->templates, old + strlen(base->name) + 2);
	if (!t)
		return AMI_E_NOMEM;
	snprintf(t + old, strlen(base->name) + 2, "%s%s", old ? "," : "", base->name);
	cat->templates = t;
	return AMI_OK;
}

/* The "(...)" options after "[name]": "!" template, "+" append, or templates to inherit. */
static enum ami_status cat_options(struct parse *p, char *opts, const char *catname,
				   const char *file, unsigned line)
{
	char *tok;
	while ((tok = sep(&opts, ','))) {
		if (strcasecmp(tok, "!") == 0) {
			p->cat->is_template = true;
		} else if (tok[0] == '+') {
			/* append to the earlier category of that name instead of a new one */
			struct sim_conf_cat *old = NULL;
			for (size_t i = 0; i + 1 < p->c->ncats; i++)
				if (strcasecmp(p->c->cats[i].name, catname) == 0)
					old = &p->c->cats[i];
			if (!old)
				return fail(p, file, line,
					    "Category addition requested, but category '%s' does "
					    "not exist",
					    catname);
			bool tmpl = p->cat->is_template;
			size_t idx = (size_t)(old - p->c->cats);
			struct sim_conf_cat fresh = p->c->cats[p->c->ncats - 1];
			for (size_t i = 0; i < fresh.nvars; i++)
				if (sim_conf_add_var(&p->c->cats[idx], fresh.vars[i].name,
						     fresh.vars[i].value, fresh.vars[i].lineno,
						     fresh.vars[i].object, p->c->cats[idx].nvars))
					return AMI_E_NOMEM;
			sim_conf_del_cat(p->c, p->c->ncats - 1);
			p->cat = &p->c->cats[idx];
			p->cat->is_template |= tmpl;
		} else {
			struct sim_conf_cat *base = NULL;
			for (size_t i = 0; i + 1 < p->c->ncats; i++)
				if (strcasecmp(p->c->cats[i].name, tok) == 0 &&
				    p->c->cats[i].is_template)
					base = &p->c->cats[i];
			if (!base)
				return fail(
				    p, file, line,
				    "Inheritance requested, but category '%s' does not exist", tok);
			if (inherit(p->cat, base))
				return AMI_E_NOMEM;
		}
	}
	return AMI_OK;
}

static enum ami_status category_line(struct parse *p, char *cur, const char *file, unsigned line)
{
	char *c = strchr(cur, ']');
	if (!c)
		return fail(p, file, line, "parse error: no closing ']'");
	*c++ = '\0';
	cur++;
	char *opts = NULL;
	if (*c == '(') {
		opts = c + 1;
		char *close = strchr(opts, ')');
		if (!close)
			return fail(p, file, line, "parse error: no closing ')'");
		*close = '\0';
	}
	if (sim_conf_add_cat(p->c, cur, p->c->ncats, &p->cat))
		return AMI_E_NOMEM;
	p->cat->lineno = line;
	return opts ? cat_options(p, opts, cur, file, line) : AMI_OK;
}

static enum ami_status parse_text(struct parse *p, const char *text, size_t len, const char *file);

static enum ami_status include_file(struct parse *p, char *arg, const char *file, unsigned line,
				    bool try)
{
	arg = strip(arg);
	size_t n = strlen(arg);
	if (n >= 2 && (arg[0] == '"' || arg[0] == '<') &&
	    (arg[n - 1] == '"' || arg[n - 1] == '>')) {
		arg[n - 1] = '\0';
		arg++;
	}
	if (!*arg) {
		warnf(p, file, line, "Directive '#include' needs an argument (filename)");
		return AMI_OK;
	}
	if (p->depth >= MAX_INCLUDE)
		return fail(p, file, line, "#include nested too deeply");
	char path[4096];
	if (arg[0] == '/' || !p->c->dir)
		snprintf(path, sizeof path, "%s", arg);
	else
		snprintf(path, sizeof path, "%s/%s", p->c->dir, arg);
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (!try)
			warnf(p, file, line,
			      "The file '%s' was listed as a #include but it does not "
			      "exist.",
			      arg);
		return AMI_OK;
	}
	char *buf = malloc(MAX_FILE);
	size_t got = buf ? fread(buf, 1, MAX_FILE, f) : 0;
	fclose(f);
	if (!buf)
		return AMI_E_NOMEM;
	p->depth++;
	enum ami_status st = parse_text(p, buf, got, arg);
	p->depth--;
	free(buf);
	return st;
}

static enum ami_status directive(struct parse *p, char *cur, const char *file, unsigned line)
{
	char *arg = cur + 1;
	size_t w = strcspn(arg, " \t");
	char name[32];
	snprintf(name, sizeof name, "%.*s", (int)(w < 31 ? w : 31), arg);
	if (strcasecmp(name, "include") == 0 || strcasecmp(name, "tryinclude") == 0)
		return include_file(p, arg + w, file, line, strcasecmp(name, "tryinclude") == 0);
	if (strcasecmp(name, "exec") == 0) {
		warnf(p, file, line, "Cannot perform #exec unless execincludes option is enabled");
		return AMI_OK;
	}
	warnf(p, file, line, "Unknown directive '%s'", cur);
	return AMI_OK;
}

/* process_text_line(): a stripped, comment-free, non-empty line. */
static enum ami_status text_line(struct parse *p, char *cur, const char *file, unsigned line)
{
	if (cur[0] == '[')
		return category_line(p, cur, file, line);
	if (cur[0] == '#')
		return directive(p, cur, file, line);
	if (!p->cat)
		return fail(p, file, line, "parse error: No category context");
	char *c = strchr(cur, '=');
	if (!c) {
		warnf(p, file, line, "No '=' (equal sign) in line %u of %s", line, file);
		return AMI_OK;
	}
	bool append = c > cur && c[-1] == '+';
	if (append)
		c[-1] = '\0';
	*c++ = '\0';
	bool object = false;
	if (*c == '>') {
		object = true;
		c++;
	}
	char *name = strip(cur), *value = strip(c);
	if (append) {
		/* "name += value" extends the last variable of that name */
		for (size_t i = p->cat->nvars; i-- > 0;) {
			struct sim_conf_var *v = &p->cat->vars[i];
			if (strcasecmp(v->name, name) != 0)
				continue;
			size_t n = strlen(v->value) + strlen(value) + 1;
			char *nv = malloc(n);
			if (!nv)
				return AMI_E_NOMEM;
			snprintf(nv, n, "%s%s", v->value, value);
			free(v->value);
			v->value = nv;
			return AMI_OK;
		}
	}
	return sim_conf_add_var(p->cat, name, value, line, object, p->cat->nvars);
}

/*
 * The comment scan of config_text_file_load(): "\;" is a literal ';', ";--" opens a
 * nestable block comment, "--;" closes one, any other ';' ends the line.
 */
static void uncomment(struct parse *p, char *buf, char **process, unsigned line)
{
	char *nb = buf, *cp;
	*process = p->comment ? NULL : buf;
	while ((cp = strchr(nb, ';'))) {
		if (cp > nb && cp[-1] == '\\') {
			memmove(cp - 1, cp, strlen(cp) + 1);
			nb = cp;
		} else if (cp[1] == '-' && cp[2] == '-' && cp[3] != '-') {
			if (p->comment < MAX_NESTED) {
				*cp = '\0';
				nb = cp + 3;
				if (p->comment++ == 0)
					p->comment_line = line;
			} else {
				nb = cp + 1;
			}
		} else if (cp >= nb + 2 && cp[-1] == '-' && cp[-2] == '-') {
			if (p->comment)
				p->comment--;
			nb = cp + 1;
			if (!p->comment) {
				if (*process) {
					char *end = *process + strlen(*process);
					memmove(end, nb, strlen(nb) + 1);
					nb = end;
				} else {
					*process = nb;
				}
			}
		} else if (!p->comment) {
			*cp = '\0';
			nb = cp;
		} else {
			nb = cp + 1;
		}
	}
}

static enum ami_status parse_text(struct parse *p, const char *text, size_t len, const char *file)
{
	char line[MAX_LINE];
	unsigned lineno = 0;
	const char *s = text, *end = text + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		lineno++;
		snprintf(line, sizeof line, "%.*s", (int)(n < MAX_LINE - 1 ? n : MAX_LINE - 1), s);
		s = nl ? nl + 1 : end;
		char *process;
		uncomment(p, line, &process, lineno);
		if (!process)
			continue;
		char *cur = strip(process);
		if (!*cur)
			continue;
		enum ami_status st = text_line(p, cur, file, lineno);
		if (st != AMI_OK)
			return st;
	}
	return AMI_OK;
}

enum ami_status sim_conf_parse(struct sim_conf *c, const char *text, size_t len, const char *fname,
			       sim_conf_warn_fn warn, void *arg, char *err, size_t errcap)
{
	struct parse p = { .c = c, .warn = warn, .arg = arg, .err = err, .errcap = errcap };
	if (err && errcap)
		err[0] = '\0';
	enum ami_status st = parse_text(&p, text, len, fname);
	if (st == AMI_E_NOMEM && err && errcap)
		snprintf(err, errcap, "%s: out of memory", fname);
	if (st == AMI_OK && p.comment)
		warnf(&p, fname, p.comment_line,
		      "Unterminated comment detected beginning on line %u", p.comment_line);
	return st;
}

enum ami_status sim_conf_load(struct sim_conf *c, const char *path, sim_conf_warn_fn warn,
			      void *arg, char *err, size_t errcap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errcap, "%s: cannot open: %s", path, strerror(errno));
		return AMI_E_NOT_FOUND;
	}
	char *buf = malloc(MAX_FILE + 1);
	size_t got = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
	fclose(f);
	if (!buf)
		return AMI_E_NOMEM;
	if (got > MAX_FILE) {
		free(buf);
		snprintf(err, errcap, "%s: larger than %u bytes", path, MAX_FILE);
		return AMI_E_CONFIG;
	}
	const char *slash = strrchr(path, '/');
	free(c->dir);
	c->dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	enum ami_status st =
	    c->dir ? sim_conf_parse(c, buf, got, path, warn, arg, err, errcap) : AMI_E_NOMEM;
	free(buf);
	return st;
}

enum ami_status sim_conf_copy(struct sim_conf *dst, const struct sim_conf *src)
{
	memset(dst, 0, sizeof *dst);
	if (src->dir && !(dst->dir = strdup(src->dir)))
		return AMI_E_NOMEM;
	for (size_t i = 0; i < src->ncats; i++) {
		const struct sim_conf_cat *sc = &src->cats[i];
		struct sim_conf_cat *dc;
		if (sim_conf_add_cat(dst, sc->name, dst->ncats, &dc))
			goto nomem;
		dc->lineno = sc->lineno;
		dc->is_template = sc->is_template;
		if (sc->templates && !(dc->templates = strdup(sc->templates)))
			goto nomem;
		for (size_t j = 0; j < sc->nvars; j++) {
			const struct sim_conf_var *v = &sc->vars[j];
			if (sim_conf_add_var(dc, v->name, v->value, v->lineno, v->object,
					     dc->nvars))
				goto nomem;
			dc->vars[dc->nvars - 1].inherited = v->inherited;
		}
	}
	return AMI_OK;
nomem:
	sim_conf_free(dst);
	return AMI_E_NOMEM;
}

void sim_conf_write(const struct sim_conf *c, const char *fname, const char *generator,
		    struct ami_buf *out)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
	ami_buf_printf(out,
		       ";!\n;! Automatically generated configuration file\n;! Filename: %s\n"
		       ";! Generator: %s\n;! Creation Date: %s\n;!\n\n",
		       fname, generator, date);
	for (size_t i = 0; i < c->ncats; i++) {
		const struct sim_conf_cat *cat = &c->cats[i];
		ami_buf_printf(out, "[%s]", cat->name);
		if (cat->is_template || cat->templates)
			ami_buf_printf(out, "(%s%s%s)", cat->is_template ? "!" : "",
				       cat->is_template && cat->templates ? "," : "",
				       cat->templates ? cat->templates : "");
		ami_buf_adds(out, "\n");
		for (size_t j = 0; j < cat->nvars; j++) {
			const struct sim_conf_var *v = &cat->vars[j];
			if (v->inherited)
				continue;
			ami_buf_printf(out, "%s %s %s\n", v->name, v->object ? "=>" : "=",
				       v->value);
		}
		ami_buf_adds(out, "\n");
	}
}
