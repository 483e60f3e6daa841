/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amitui.conf reading: sections, settings tables, key bindings, and the secret-file rule. */
#include "app/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_FILE (1u << 20) /* a config file beyond 1 MiB is not a config file */

enum kind { STR, BOOL, UINT, PERMS };

struct setting {
	const char *key;
	enum kind kind;
	const char *def;
	const char *help;
	size_t off;
};

static const struct setting profile_settings[] = {
#define APP_PROF_ROW(f, k, kind, d, h) { k, kind, d, h, offsetof(struct app_profile, f) },
	APP_PROFILE_SETTINGS(APP_PROF_ROW)
#undef APP_PROF_ROW
};

static const struct setting general_settings[] = {
#define APP_GEN_ROW(f, k, kind, d, h) { k, kind, d, h, offsetof(struct app_config, f) },
	APP_GENERAL_SETTINGS(APP_GEN_ROW)
#undef APP_GEN_ROW
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "y" };
	static const char *const no[] = { "no", "false", "off", "0", "n" };
	for (size_t i = 0; i < NELEM(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

static bool parse_uint(const char *v, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (!*v || *end || errno || n > max || v[0] == '-')
		return false;
	*out = (unsigned)n;
	return true;
}

/* Check a value against its kind; writes a message into err on failure. */
static bool check_value(const struct setting *s, const char *v, char *err, size_t cap)
{
	bool b;
	unsigned u;
	if (strlen(v) >= APP_CFG_STR_MAX) {
		snprintf(err, cap, "value of '%s' is longer than %d bytes", s->key,
			 APP_CFG_STR_MAX - 1);
		return false;
	}
	if (s->kind == BOOL && !parse_bool(v, &b)) {
		snprintf(err, cap, "'%s' must be yes or no, not '%s'", s->key, v);
		return false;
	}
	if (s->kind == UINT && *v && !parse_uint(v, 1000000, &u)) {
		snprintf(err, cap, "'%s' must be a whole number, not '%s'", s->key, v);
		return false;
	}
	return true;
}

static const struct setting *find(const struct setting *t, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(t[i].key, key) == 0)
			return &t[i];
	return NULL;
}

/* Recompute the parsed forms from the text fields. */
static void profile_derive(struct app_profile *p)
{
	parse_bool(p->tls, &p->tls_on);
	parse_bool(p->insecure, &p->insecure_on);
	parse_bool(p->read_only, &p->read_only_on);
	if (!parse_uint(p->port, 65535, &p->port_num))
		p->port_num = 0;
	parse_uint(p->keepalive, 86400, &p->keepalive_s);
	parse_uint(p->timeout, 3600, &p->timeout_s);
}

bool app_profile_set(struct app_profile *p, const char *key, const char *value, char *err,
		     size_t cap)
{
	const struct setting *s = find(profile_settings, NELEM(profile_settings), key);
	if (!s) {
		snprintf(err, cap, "unknown profile setting '%s'", key);
		return false;
	}
	if (!check_value(s, value, err, cap))
		return false;
	if (strcmp(s->key, "auth") == 0 && strcasecmp(value, "md5") != 0 &&
	    strcasecmp(value, "plain") != 0 && strcasecmp(value, "auto") != 0) {
		snprintf(err, cap, "'auth' must be md5, plain or auto, not '%s'", value);
		return false;
	}
	if (strcmp(s->key, "port") == 0 && *value && !parse_uint(value, 65535, &(unsigned){ 0 })) {
		snprintf(err, cap, "'port' must be 1-65535, not '%s'", value);
		return false;
	}
	const char *home = getenv("HOME");
	bool is_path = strcmp(s->key, "secret_file") == 0 || strcmp(s->key, "tls_ca") == 0;
	if (is_path && strncmp(value, "~/", 2) == 0 && home && *home) {
		/* as a shell would: people write ~/.config/... in config files */
		int n = snprintf((char *)p + s->off, APP_CFG_STR_MAX, "%s/%s", home, value + 2);
		if (n < 0 || n >= APP_CFG_STR_MAX) {
			snprintf(err, cap, "'%s' is too long once ~ is expanded", s->key);
			return false;
		}
	} else {
		snprintf((char *)p + s->off, APP_CFG_STR_MAX, "%s", value);
	}
	profile_derive(p);
	return true;
}

void app_profile_defaults(struct app_profile *p)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < NELEM(profile_settings); i++)
		snprintf((char *)p + profile_settings[i].off, APP_CFG_STR_MAX, "%s",
			 profile_settings[i].def);
	profile_derive(p);
}

static void general_derive(struct app_config *c)
{
	parse_uint(c->scrollback, 1u << 16, &c->scrollback_mib);
	parse_uint(c->history_size, 1000000, &c->history_lines);
	parse_bool(c->ascii, &c->ascii_on);
	parse_bool(c->mouse, &c->mouse_on);
}

void app_config_defaults(struct app_config *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < NELEM(general_settings); i++)
		snprintf((char *)c + general_settings[i].off, APP_CFG_STR_MAX, "%s",
			 general_settings[i].def);
	general_derive(c);
}

struct parse_state {
	struct app_config *c;
	const char *name;
	int line;
	enum { SEC_NONE, SEC_GENERAL, SEC_KEYS, SEC_PROFILE } sec;
	struct app_profile *prof;
};

static enum ami_status error(struct parse_state *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum ami_status error(struct parse_state *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(ps->c->err, sizeof ps->c->err, "%s:%d: %s", ps->name, ps->line, msg);
	return AMI_E_CONFIG;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Cut a ';' comment, honouring "\;" as a literal semicolon (Asterisk's rule). */
static void strip_comment(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == ';') {
			*w++ = ';';
			r++;
		} else if (*r == ';') {
			break;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static enum ami_status section(struct parse_state *ps, char *s)
{
	char *end = strchr(s, ']');
	if (!end || trim(end + 1)[0])
		return error(ps, "malformed section header (expected [name])");
	*end = '\0';
	char *name = trim(s + 1);
	if (!*name)
		return error(ps, "empty section name");
	if (strcasecmp(name, "general") == 0) {
		ps->sec = SEC_GENERAL;
		return AMI_OK;
	}
	if (strcasecmp(name, "keys") == 0) {
		ps->sec = SEC_KEYS;
		return AMI_OK;
	}
	if (strlen(name) >= sizeof ps->prof->name)
		return error(ps, "profile name '%.20s...' is too long", name);
	if (app_config_profile(ps->c, name))
		return error(ps, "profile [%s] is defined twice", name);
	if (ps->c->nprofiles == APP_MAX_PROFILES)
		return error(ps, "more than %d profiles", APP_MAX_PROFILES);
	ps->prof = &ps->c->profiles[ps->c->nprofiles++];
	app_profile_defaults(ps->prof);
	snprintf(ps->prof->name, sizeof ps->prof->name, "%s", name);
	ps->prof->defined_at = ps->line;
	ps->sec = SEC_PROFILE;
	return AMI_OK;
}

static enum ami_status keybind(struct parse_state *ps, const char *key, const char *value)
{
	if (ps->c->nkeys == APP_MAX_KEYS)
		return error(ps, "more than %d key bindings", APP_MAX_KEYS);
	struct app_keybind *k = &ps->c->keys[ps->c->nkeys];
	if (strlen(key) >= sizeof k->request || strlen(value) >= sizeof k->keys || !*value)
		return error(ps, "bad key binding '%s = %s'", key, value);
	snprintf(k->request, sizeof k->request, "%s", key);
	snprintf(k->keys, sizeof k->keys, "%s", value);
	k->line = ps->line;
	ps->c->nkeys++;
	return AMI_OK;
}

static enum ami_status assignment(struct parse_state *ps, char *s)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return error(ps, "expected 'key = value' or a [section]");
	*eq = '\0';
	char *key = trim(s), *value = trim(eq + 1 + (eq[1] == '>')); /* "=>" as Asterisk */
	if (!*key)
		return error(ps, "missing setting name before '='");
	char err[300];
	switch (ps->sec) {
	case SEC_NONE:
		return error(ps, "'%s' outside any [section]", key);
	case SEC_KEYS:
		return keybind(ps, key, value);
	case SEC_GENERAL: {
		const struct setting *st = find(general_settings, NELEM(general_settings), key);
		if (!st)
			return error(ps, "unknown [general] setting '%s'", key);
		if (!check_value(st, value, err, sizeof err))
			return error(ps, "%s", err);
		snprintf((char *)ps->c + st->off, APP_CFG_STR_MAX, "%s", value);
		general_derive(ps->c);
		return AMI_OK;
	}
	case SEC_PROFILE:
		if (!app_profile_set(ps->prof, key, value, err, sizeof err))
			return error(ps, "[%s] %s", ps->prof->name, err);
		if (strcasecmp(key, "secret") == 0 && *value)
			ps->c->holds_secret = true;
		return AMI_OK;
	}
	return AMI_OK;
}

static enum ami_status parse_line(struct parse_state *ps, char *line)
{
	strip_comment(line);
	char *s = trim(line);
	if (!*s || *s == '#')
		return AMI_OK;
	if (*s == '[')
		return section(ps, s);
	return assignment(ps, s);
}

enum ami_status app_config_parse(struct app_config *c, const char *name, const char *text,
				 size_t len)
{
	struct parse_state ps = { .c = c, .name = name };
	c->err[0] = '\0';
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		ps.line++;
		char buf[2048];
		if (n >= sizeof buf)
			return error(&ps, "line longer than %zu bytes", sizeof buf - 1);
		if (memchr(p, '\0', n))
			return error(&ps, "NUL byte in the file");
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (parse_line(&ps, buf) != AMI_OK)
			return AMI_E_CONFIG;
		p = nl ? nl + 1 : end;
	}
	return AMI_OK;
}

/* Read a whole small file; NULL with errno on failure. */
static char *slurp(const char *path, size_t *len, struct stat *st)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	if (fstat(fileno(f), st) == 0 && S_ISREG(st->st_mode) && (size_t)st->st_size <= MAX_FILE) {
		buf = malloc((size_t)st->st_size + 1);
		if (buf && fread(buf, 1, (size_t)st->st_size, f) == (size_t)st->st_size) {
			buf[st->st_size] = '\0';
			*len = (size_t)st->st_size;
		} else {
			free(buf);
			buf = NULL;
			errno = EIO;
		}
	} else {
		errno = S_ISREG(st->st_mode) ? EFBIG : EINVAL;
	}
	fclose(f);
	return buf;
}

enum ami_status app_config_load(struct app_config *c, const char *path, bool must_exist)
{
	app_config_defaults(c);
	struct stat st;
	size_t len = 0;
	char *text = slurp(path, &len, &st);
	if (!text) {
		if (errno == ENOENT && !must_exist)
			return AMI_OK;
		snprintf(c->err, sizeof c->err, "%s: %s", path,
			 errno == EFBIG ? "file too large" : strerror(errno));
		return AMI_E_CONFIG;
	}
	snprintf(c->path, sizeof c->path, "%s", path);
	enum ami_status rc = app_config_parse(c, path, text, len);
	free(text);
	if (rc == AMI_OK && c->holds_secret && (st.st_mode & 077)) {
		snprintf(c->err, sizeof c->err,
			 "%s holds a secret but other users can read it (mode %03o); "
			 "fix with: chmod 600 %s",
			 path, (unsigned)(st.st_mode & 0777), path);
		return AMI_E_CONFIG;
	}
	return rc;
}

void app_config_default_path(char *dst, size_t cap)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(dst, cap, "%s/amitui/amitui.conf", xdg);
	else
		snprintf(dst, cap, "%s/.config/amitui/amitui.conf", home && *home ? home : ".");
}

const struct app_profile *app_config_profile(const struct app_config *c, const char *name)
{
	for (size_t i = 0; i < c->nprofiles; i++)
		if (strcmp(c->profiles[i].name, name) == 0)
			return &c->profiles[i];
	return NULL;
}

static void list(FILE *f, const char *title, const struct setting *t, size_t n)
{
	fprintf(f, "[%s]\n", title);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-14s %-32s default: %s\n", t[i].key, t[i].help,
			*t[i].def ? t[i].def : "(empty)");
}

void app_config_list_settings(void *file)
{
	list(file, "general", general_settings, NELEM(general_settings));
	list(file, "<profile>", profile_settings, NELEM(profile_settings));
}
