/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event filters: parsing (manager_add_filter) and matching (filter_cmp_fn, should_send_event). */
#include "sim/filter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *sim_filter_result_str(enum sim_filter_result r)
{
	static const char *const msgs[] = {
#define SIM_FILTER_RESULT_STR(name, msg) msg,
		SIM_FILTER_RESULT_INFO(SIM_FILTER_RESULT_STR)
#undef SIM_FILTER_RESULT_STR
	};
	return (size_t)r < sizeof msgs / sizeof msgs[0] ? msgs[r]
							: "Internal Error. Failed adding filter.";
}

static void filter_free(struct sim_filter *f)
{
	if (f->has_re)
		regfree(&f->re);
	free(f->str);
	free(f->event_name);
	free(f->header);
	memset(f, 0, sizeof *f);
}

void sim_filters_free(struct sim_filters *f)
{
	for (size_t i = 0; i < f->ninc; i++)
		filter_free(&f->inc[i]);
	for (size_t i = 0; i < f->nexc; i++)
		filter_free(&f->exc[i]);
	free(f->inc);
	free(f->exc);
	memset(f, 0, sizeof *f);
}

/* ast_strip() in place. */
static char *strip(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* The text after '(' of "word(value": NULL when there is no '(' or nothing after it. */
static char *option_value(char *option)
{
	char *v = strchr(option, '(');
	if (!v)
		return NULL;
	v = strip(v + 1);
	return *v ? v : NULL;
}

enum { FOUND_ACTION = 1, FOUND_NAME = 2, FOUND_HEADER = 4, FOUND_METHOD = 8 };

static bool set_method(struct sim_filter *f, const char *word)
{
	static const char *const words[] = {
#define SIM_FILTER_MATCH_WORD(name, word) word,
		SIM_FILTER_MATCH_INFO(SIM_FILTER_MATCH_WORD)
#undef SIM_FILTER_MATCH_WORD
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(word, words[i]) == 0) {
			f->match = (enum sim_filter_match)i;
			return true;
		}
	}
	return false;
}

/* One token of the criteria list; false on anything Asterisk calls a format error. */
static bool one_option(struct sim_filter *f, char *option, bool *exclude, int *found)
{
	char *v = option_value(option);
	if (!v)
		return false;
	if (strncmp(option, "action", 6) == 0) {
		if (strcmp(v, "include") == 0)
			*exclude = false;
		else if (strcmp(v, "exclude") == 0)
			*exclude = true;
		else
			return false;
		*found |= FOUND_ACTION;
	} else if (strncmp(option, "name", 4) == 0) {
		free(f->event_name);
		f->event_name = strdup(v);
		*found |= FOUND_NAME;
	} else if (strncmp(option, "header", 6) == 0) {
		size_t n = strlen(v);
		free(f->header);
		f->header = malloc(n + 2);
		if (f->header)
			memcpy(f->header, v, n + 1);
		if (f->header && (n == 0 || v[n - 1] != ':'))
			memcpy(f->header + n, ":", 2);
		*found |= FOUND_HEADER;
	} else if (strncmp(option, "method", 6) == 0) {
		if (!set_method(f, v))
			return false;
		*found |= FOUND_METHOD;
	} else {
		return false;
	}
	return true;
}

/* "(...)" criteria: tokens split on blanks, commas and ')', as strtok_r(" ,)"). */
static enum sim_filter_result advanced(struct sim_filter *f, const char *open, const char *pattern,
				       bool *exclude)
{
	char *temp = strdup(open + 1), *save = NULL;
	if (!temp)
		return SIM_FILTER_R_ALLOC_FAILED;
	char *t = strip(temp);
	enum sim_filter_result res = SIM_FILTER_R_OK;
	size_t n = strlen(t);
	int found = 0;
	f->match = SIM_FILTER_NONE;
	if (n == 0 || t[n - 1] != ')') {
		res = SIM_FILTER_R_FORMAT_ERROR;
		goto out;
	}
	for (char *opt = strtok_r(t, " ,)", &save); opt; opt = strtok_r(NULL, " ,)", &save)) {
		if (!one_option(f, opt, exclude, &found)) {
			res = SIM_FILTER_R_FORMAT_ERROR;
			goto out;
		}
	}
	bool empty = !*pattern;
	if (!found || (empty && f->match != SIM_FILTER_NONE) ||
	    (!empty && f->match == SIM_FILTER_NONE) ||
	    (!(found & (FOUND_NAME | FOUND_HEADER)) && f->match == SIM_FILTER_NONE))
		res = SIM_FILTER_R_FORMAT_ERROR;
out:
	free(temp);
	return res;
}

static enum sim_filter_result compile(struct sim_filter *f, const char *pattern)
{
	if (!*pattern)
		return SIM_FILTER_R_OK;
	if (f->match == SIM_FILTER_REGEX) {
		if (regcomp(&f->re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
			return SIM_FILTER_R_COMPILE_FAIL;
		f->has_re = true;
		return SIM_FILTER_R_OK;
	}
	f->str = strdup(pattern);
	return f->str ? SIM_FILTER_R_OK : SIM_FILTER_R_ALLOC_FAILED;
}

static enum sim_filter_result append(struct sim_filters *fs, struct sim_filter *f, bool exclude)
{
	struct sim_filter **list = exclude ? &fs->exc : &fs->inc;
	size_t *n = exclude ? &fs->nexc : &fs->ninc;
	struct sim_filter *nl = realloc(*list, (*n + 1) * sizeof *nl);
	if (!nl)
		return SIM_FILTER_R_ALLOC_FAILED;
	nl[(*n)++] = *f;
	*list = nl;
	return SIM_FILTER_R_OK;
}

enum sim_filter_result sim_filters_add(struct sim_filters *fs, const char *criteria,
				       const char *pattern)
{
	if (!criteria || !*criteria || !pattern)
		return SIM_FILTER_R_FORMAT_ERROR;
	struct sim_filter f = { .match = SIM_FILTER_REGEX };
	bool exclude = false;
	if (pattern[0] == '!') {
		exclude = true;
		pattern++;
	}
	const char *open = strchr(criteria, '(');
	enum sim_filter_result res = SIM_FILTER_R_OK;
	if (!open && !*pattern)
		res = SIM_FILTER_R_FORMAT_ERROR;
	else if (open)
		res = advanced(&f, open, pattern, &exclude);
	if (res == SIM_FILTER_R_OK)
		res = compile(&f, pattern);
	if (res == SIM_FILTER_R_OK)
		res = append(fs, &f, exclude);
	if (res != SIM_FILTER_R_OK)
		filter_free(&f);
	return res;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* match_eventdata() */
static bool match_text(const struct sim_filter *f, const char *text)
{
	switch (f->match) {
	case SIM_FILTER_REGEX:
		return f->has_re && regexec(&f->re, text, 0, NULL, 0) == 0;
	case SIM_FILTER_STARTS_WITH:
		return strncmp(text, f->str, strlen(f->str)) == 0;
	case SIM_FILTER_ENDS_WITH:
		return ends_with(text, f->str);
	case SIM_FILTER_CONTAINS:
		return strstr(text, f->str) != NULL;
	case SIM_FILTER_EXACT:
		return strcmp(text, f->str) == 0;
	case SIM_FILTER_NONE:
		return true;
	}
	return false;
}

/* header(...): any non-empty value of a line starting with the header matches. */
static bool match_header(const struct sim_filter *f, const char *data)
{
	size_t hl = strlen(f->header);
	char line[4096];
	for (const char *p = data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *next = nl ? nl + 1 : p + n;
		if (n && p[n - 1] == '\r')
			n--;
		if (n >= hl && strncmp(p, f->header, hl) == 0) {
			const char *v = p + hl;
			while (v < p + n && (*v == ' ' || *v == '\t'))
				v++;
			size_t vl = (size_t)(p + n - v);
			if (vl && vl < sizeof line) {
				memcpy(line, v, vl);
				line[vl] = '\0';
				if (match_text(f, line))
					return true;
			}
		}
		p = next;
	}
	return false;
}

static bool matches(const struct sim_filter *f, const char *name, const char *data)
{
	if (f->event_name && strcmp(f->event_name, name) != 0)
		return false;
	return f->header ? match_header(f, data) : match_text(f, data);
}

static bool any(const struct sim_filter *list, size_t n, const char *name, const char *data)
{
	for (size_t i = 0; i < n; i++)
		if (matches(&list[i], name, data))
			return true;
	return false;
}

bool sim_filters_pass(const struct sim_filters *f, const char *name, const char *data)
{
	if (f->ninc == 0 && f->nexc == 0)
		return true;
	if (f->ninc && !any(f->inc, f->ninc, name, data))
		return false;
	return !any(f->exc, f->nexc, name, data);
}
