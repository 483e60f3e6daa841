/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a filter regex may cost: refuses what would make regcomp/regexec eat the machine. */
#include "model/evfilter.h"

#include <stdbool.h>

#include <stdio.h>

/*
 * glibc's regcomp copies the tree of a repeated atom once per repetition ("a+" is
 * "aa*", "a{3}" is "aaa"), so repetitions of repetitions multiply: a filter of 60
 * characters ("x++++...") asked for gigabytes before this check. The estimate below
 * follows that expansion over POSIX ERE syntax and refuses a pattern past EVF_RE_COST.
 * Back-references (a GNU extension with exponential matching) are refused too; ERE
 * leaves two repetition operators in a row undefined, so they are refused as well.
 */
#define EVF_RE_COST 4096.0

struct rc {
	const char *p;
	const char *why; /* set on refusal */
};

static double alternation(struct rc *r);

/* A bracket expression from '[': "[]a]", "[^]a]", "[[:digit:]x]". */
static void bracket(struct rc *r)
{
	r->p++;
	if (*r->p == '^')
		r->p++;
	if (*r->p == ']')
		r->p++;
	while (*r->p && *r->p != ']') {
		if (r->p[0] == '[' && (r->p[1] == ':' || r->p[1] == '.' || r->p[1] == '=')) {
			char end = r->p[1];
			r->p += 2;
			while (*r->p && !(r->p[0] == end && r->p[1] == ']'))
				r->p++;
			if (*r->p)
				r->p += 2;
			continue;
		}
		r->p++;
	}
	if (*r->p)
		r->p++;
}

static double atom(struct rc *r)
{
	char c = *r->p;
	if (c == '(') {
		r->p++;
		double n = alternation(r);
		if (*r->p == ')')
			r->p++;
		return n + 1;
	}
	if (c == '[') {
		bracket(r);
		return 1;
	}
	if (c == '\\') {
		r->p++;
		if (*r->p >= '1' && *r->p <= '9')
			r->why = "back-references (\\1 to \\9) are not supported";
		if (*r->p)
			r->p++;
		return 1;
	}
	r->p++;
	return 1;
}

/* "{m}", "{m,}", "{m,n}" at r->p: the copies glibc makes, or 0 when it is not one. */
static double interval(struct rc *r)
{
	const char *s = r->p + 1;
	double m = 0, n = -1;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		m = m * 10 + (*s++ - '0');
	if (*s == ',') {
		s++;
		if (*s >= '0' && *s <= '9') {
			n = 0;
			while (*s >= '0' && *s <= '9')
				n = n * 10 + (*s++ - '0');
		}
	}
	if (*s != '}')
		return 0;
	r->p = s + 1;
	double copies = n >= 0 ? n : m + 1;
	return copies < 1 ? 1 : copies;
}

static bool is_repeat(const char *p)
{
	return *p == '*' || *p == '+' || *p == '?' || (*p == '{' && p[1] >= '0' && p[1] <= '9');
}

static double piece(struct rc *r)
{
	double n = atom(r);
	if (!is_repeat(r->p))
		return n;
	double copies = 2;
	if (*r->p == '{')
		copies = interval(r);
	else
		r->p++;
	if (copies == 0) { /* a '{' that is no interval: a literal brace */
		r->p++;
		return n + 1;
	}
	if (is_repeat(r->p))
		r->why = "two repetition operators in a row (such as \"a++\")";
	return n * copies;
}

static double alternation(struct rc *r)
{
	double total = 0;
	while (*r->p && *r->p != ')' && !r->why && total <= EVF_RE_COST) {
		if (*r->p == '|') {
			r->p++;
			continue;
		}
		total += piece(r);
	}
	return total;
}

bool evfilter_regex_affordable(const char *re, char *why, size_t cap)
{
	struct rc r = { .p = re, .why = NULL };
	double cost = 0;
	while (*r.p && !r.why && cost <= EVF_RE_COST) {
		cost += alternation(&r);
		if (*r.p == ')')
			r.p++; /* unbalanced: regcomp says so */
	}
	if (!r.why && cost > EVF_RE_COST)
		r.why = "too many repetitions of repetitions (it would take too much memory)";
	if (r.why)
		snprintf(why, cap, "%s", r.why);
	return r.why == NULL;
}
