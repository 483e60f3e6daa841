/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Composer warnings: content Asterisk refuses or that is dangerous, before it is sent. */
#include "model/actcat.h"
#include "model/evfilter.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Originate applications that need system write (case-insensitive substrings). */
static const char *const system_apps[] = { "agi",	 "dbdeltree", "exec",	"externalivr",
					   "mixmonitor", "originate", "reload", "system" };
/* Originate data that needs system write (case-sensitive substrings). */
static const char *const system_data[] = {
	"CURL", "DB", "EVAL", "FILE", "ODBC", "REALTIME", "SHELL"
};
/* CLI commands Asterisk refuses whatever the rights (first two words). */
static const char *const cli_blacklist[] = { "module load", "module unload", "restart gracefully" };
/* CLI commands that stop the PBX or pull modules out from under calls. */
static const char *const cli_danger[] = { "core stop",		"core restart", "module unload",
					  "module reload",	"stop now",	"restart now",
					  "core abort shutdown" };

struct warn {
	struct actcat_warning *out;
	size_t cap, n;
};

__attribute__((format(printf, 3, 4))) static void add(struct warn *w, enum actcat_level level,
						      const char *fmt, ...)
{
	if (w->n < w->cap) {
		w->out[w->n].level = level;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(w->out[w->n].text, sizeof w->out[w->n].text, fmt, ap);
		va_end(ap);
	}
	w->n++;
}

static const char *get(const struct actcat_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (kv[i].key && strcasecmp(kv[i].key, key) == 0)
			return kv[i].value ? kv[i].value : "";
	return NULL;
}

static bool has_ci(const char *hay, const char *needle)
{
	size_t k = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, k) == 0)
			return true;
	return false;
}

static bool system_write(const struct rights_card *card)
{
	return card && (rights_write_mask(card, RIGHTS_GRANTED) & AMI_PERM_SYSTEM);
}

/* What happens to content that needs system write, given the account's rights. */
static void needs_system(struct warn *w, const struct rights_card *card, const char *what)
{
	if (system_write(card))
		add(w, ACTCAT_LEVEL_DANGER, "%s: shell-level power (allowed: system write)", what);
	else
		add(w, ACTCAT_LEVEL_REFUSED, "will be refused: %s needs system write", what);
}

/* The Nth comma-separated argument of Queue's data (AGI is the 6th), non-empty? */
static bool queue_agi(const char *data)
{
	int field = 0;
	const char *p = data;
	for (; *p && field < 5; p++)
		if (*p == ',')
			field++;
	return field == 5 && *p && *p != ',';
}

static void check_originate(struct warn *w, const struct rights_card *card,
			    const struct actcat_kv *kv, size_t n)
{
	const char *app = get(kv, n, "Application"), *data = get(kv, n, "Data");
	if (app) {
		for (size_t i = 0; i < sizeof system_apps / sizeof system_apps[0]; i++) {
			if (has_ci(app, system_apps[i])) {
				char what[96];
				snprintf(what, sizeof what, "Application %s", app);
				needs_system(w, card, what);
				break;
			}
		}
		if (strcasecmp(app, "Queue") == 0 && data && queue_agi(data)) {
			uint32_t wr = card ? rights_write_mask(card, RIGHTS_GRANTED) : 0;
			if (wr & (AMI_PERM_AGI | AMI_PERM_SYSTEM))
				add(w, ACTCAT_LEVEL_DANGER,
				    "Queue with an AGI argument runs a script");
			else
				add(w, ACTCAT_LEVEL_REFUSED,
				    "will be refused: Queue with an AGI argument needs agi or "
				    "system write");
		}
	}
	for (size_t i = 0; data && i < sizeof system_data / sizeof system_data[0]; i++) {
		if (strstr(data, system_data[i])) {
			char what[96];
			snprintf(what, sizeof what, "Data holding %s", system_data[i]);
			needs_system(w, card, what);
			break;
		}
	}
}

static void check_functions(struct warn *w, const struct rights_card *card, const char *value,
			    const char *key)
{
	if (value && (strstr(value, "SHELL") || strstr(value, "EVAL"))) {
		char what[96];
		snprintf(what, sizeof what, "%s with SHELL or EVAL", key);
		needs_system(w, card, what);
	}
}

/* The first two words of a CLI line, lower-cased and single-spaced. */
static void two_words(const char *line, char *dst, size_t cap)
{
	size_t n = 0;
	int words = 0;
	for (const char *p = line; *p && words < 2 && n + 1 < cap;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (words)
			dst[n++] = ' ';
		while (*p && *p != ' ' && *p != '\t' && n + 1 < cap) {
			char c = *p++;
			dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		words++;
	}
	dst[n] = '\0';
}

static void check_command(struct warn *w, const char *line)
{
	if (!line)
		return;
	char two[64];
	two_words(line, two, sizeof two);
	for (size_t i = 0; i < sizeof cli_blacklist / sizeof cli_blacklist[0]; i++) {
		if (strcmp(two, cli_blacklist[i]) == 0) {
			add(w, ACTCAT_LEVEL_REFUSED,
			    "will be refused: '%s' is blacklisted by Asterisk", cli_blacklist[i]);
			return;
		}
	}
	for (size_t i = 0; i < sizeof cli_danger / sizeof cli_danger[0]; i++) {
		size_t k = strlen(cli_danger[i]);
		if (strncmp(two, cli_danger[i], k) == 0 && (two[k] == '\0' || two[k] == ' ')) {
			add(w, ACTCAT_LEVEL_DANGER, "'%s' affects the whole PBX", cli_danger[i]);
			return;
		}
	}
}

static void check_hangup(struct warn *w, const struct calltab *calls, const char *chan)
{
	size_t len = chan ? strlen(chan) : 0;
	if (len < 2 || chan[0] != '/' || chan[len - 1] != '/')
		return;
	char re[256];
	snprintf(re, sizeof re, "%.*s", (int)(len - 2), chan + 1);
	if (!calls) {
		add(w, ACTCAT_LEVEL_DANGER, "a regex: every matching channel is hung up");
		return;
	}
	char why[128];
	if (!evfilter_regex_affordable(re, why, sizeof why)) {
		/* Asterisk's regcomp is glibc's too: it would eat the PBX's memory */
		add(w, ACTCAT_LEVEL_DANGER, "a regex Asterisk cannot afford: %s", why);
		return;
	}
	long n = calltab_count_matching(calls, re);
	if (n < 0)
		add(w, ACTCAT_LEVEL_REFUSED, "will be refused: the regex does not compile");
	else
		add(w, n ? ACTCAT_LEVEL_DANGER : ACTCAT_LEVEL_INFO,
		    "the regex matches %ld live channel%s", n, n == 1 ? "" : "s");
}

size_t actcat_check(const struct rights_card *card, const struct calltab *calls, const char *action,
		    const struct actcat_kv *kv, size_t nkv, struct actcat_warning *out, size_t cap)
{
	struct warn w = { out, cap, 0 };
	if (!action)
		return 0;
	if (strcasecmp(action, "Originate") == 0)
		check_originate(&w, card, kv, nkv);
	else if (strcasecmp(action, "Getvar") == 0)
		check_functions(&w, card, get(kv, nkv, "Variable"), "Variable");
	else if (strcasecmp(action, "Status") == 0)
		check_functions(&w, card, get(kv, nkv, "Variables"), "Variables");
	else if (strcasecmp(action, "Command") == 0)
		check_command(&w, get(kv, nkv, "Command"));
	else if (strcasecmp(action, "Hangup") == 0)
		check_hangup(&w, calls, get(kv, nkv, "Channel"));
	return w.n;
}
