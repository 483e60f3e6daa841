/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language: tokens, a recursive-descent parser to an AST, and its description. */
#include "model/evfilter.h"
#include "evfilter_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/perms.h"

enum tok_kind { T_END, T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT, T_REGEX, T_TEXT, T_WORD };

struct tok {
	enum tok_kind kind;
	size_t col; /* 1-based column of its first byte */
	size_t len;
	size_t sep;  /* T_WORD: offset in val of the first unquoted '=' / '~' / ':', or len */
	bool quoted; /* T_WORD: held a quoted part */
	char val[EVF_MAX_TEXT + 1]; /* unescaped; last, so next() clears only what precedes */
};

struct parser {
	struct evfilter *f;
	const char *text;
	size_t pos;
	struct tok tok;
	struct evfilter_error *err;
	bool failed;
};

static const char *const term_labels[] = {
#define EVF_LABEL(name, label, idx) label,
	EVFILTER_TERM_INFO(EVF_LABEL)
#undef EVF_LABEL
};

static const bool term_index_only[] = {
#define EVF_IDX(name, label, idx) idx,
	EVFILTER_TERM_INFO(EVF_IDX)
#undef EVF_IDX
};

__attribute__((format(printf, 3, 4))) static bool fail(struct parser *p, size_t col,
						       const char *fmt, ...)
{
	if (p->failed)
		return false;
	p->failed = true;
	if (p->err) {
		p->err->column = col;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* ---- lexer ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool ends_word(char c)
{
	return c == '\0' || is_space(c) || c == '(' || c == ')' || c == '|' || c == '&';
}

/* A quoted or slashed run from p->pos (at the opening delim) into t->val. */
static bool lex_delimited(struct parser *p, struct tok *t, char delim, const char *what)
{
	size_t open = p->pos;
	p->pos++;
	for (;;) {
		char c = p->text[p->pos];
		if (c == '\0')
			return fail(p, open + 1, "unterminated %s (opened at column %zu)", what,
				    open + 1);
		p->pos++;
		if (c == delim)
			return true;
		if (c == '\\' &&
		    (p->text[p->pos] == delim || (delim == '"' && p->text[p->pos] == '\\'))) {
			c = p->text[p->pos++];
		}
		t->val[t->len++] = c;
	}
}

static bool lex_word(struct parser *p, struct tok *t)
{
	t->kind = T_WORD;
	t->sep = SIZE_MAX;
	for (;;) {
		char c = p->text[p->pos];
		/* a regex after '~' keeps its parentheses and bars: only a blank ends it */
		bool in_re = t->sep != SIZE_MAX && t->val[t->sep] == '~';
		if (in_re ? (c == '\0' || is_space(c)) : ends_word(c))
			break;
		if (c == '"') {
			if (!lex_delimited(p, t, '"', "string"))
				return false;
			t->quoted = true;
			continue;
		}
		if (t->sep == SIZE_MAX && !t->quoted && (c == '=' || c == '~' || c == ':'))
			t->sep = t->len;
		t->val[t->len++] = c;
		p->pos++;
	}
	if (t->sep == SIZE_MAX)
		t->sep = t->len;
	return true;
}

static bool keyword(const struct tok *t, const char *kw)
{
	return !t->quoted && t->len == strlen(kw) && strncasecmp(t->val, kw, t->len) == 0;
}

static bool next(struct parser *p)
{
	struct tok *t = &p->tok;
	while (is_space(p->text[p->pos]))
		p->pos++;
	memset(t, 0, offsetof(struct tok, val));
	t->col = p->pos + 1;
	char c = p->text[p->pos];
	static const char singles[] = "()|&!";
	static const enum tok_kind kinds[] = { T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT };
	const char *s = c ? strchr(singles, c) : NULL;
	bool ok = true;
	if (c == '\0') {
		t->kind = T_END;
	} else if (s) {
		t->kind = kinds[s - singles];
		p->pos++;
	} else if (c == '/') {
		t->kind = T_REGEX;
		ok = lex_delimited(p, t, '/', "regex");
	} else if (c == '"') {
		t->kind = T_TEXT;
		ok = lex_delimited(p, t, '"', "string");
	} else {
		ok = lex_word(p, t);
		if (ok && keyword(t, "or"))
			t->kind = T_OR;
		else if (ok && keyword(t, "and"))
			t->kind = T_AND;
		else if (ok && keyword(t, "not"))
			t->kind = T_NOT;
	}
	t->val[t->len] = '\0';
	return ok;
}

/* ---- building the AST ---- */

static const char *keep(struct parser *p, const char *s, size_t n)
{
	struct evfilter *f = p->f;
	if (f->arena_used + n + 1 > sizeof f->arena)
		return NULL; /* cannot happen: the text bounds what is kept */
	char *d = f->arena + f->arena_used;
	memcpy(d, s, n);
	d[n] = '\0';
	f->arena_used += n + 1;
	return d;
}

static int node(struct parser *p, enum evf_node_kind kind, int a, int b)
{
	struct evfilter *f = p->f;
	if (f->nnodes == EVF_MAX_NODES) {
		fail(p, p->tok.col, "filter too complex");
		return -1;
	}
	bool idx = kind == EVF_TERM  ? term_index_only[f->terms[a].kind]
		   : kind == EVF_NOT ? f->nodes[a].index_only
				     : f->nodes[a].index_only && f->nodes[b].index_only;
	f->nodes[f->nnodes] = (struct evf_node){ kind, a, b, idx };
	return f->nnodes++;
}

static struct evf_term *new_term(struct parser *p, enum evfilter_term kind)
{
	struct evfilter *f = p->f;
	if (f->nterms == EVF_MAX_TERMS) {
		fail(p, p->tok.col, "more than %d terms", EVF_MAX_TERMS);
		return NULL;
	}
	struct evf_term *t = &f->terms[f->nterms++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->re = -1;
	return t;
}

static bool compile_re(struct parser *p, struct evf_term *t, const char *re, size_t col)
{
	struct evfilter *f = p->f;
	char why[128];
	if (!evfilter_regex_affordable(re, why, sizeof why))
		return fail(p, col, "regex refused: %s", why);
	int rc = regcomp(&f->regs[f->nregs], re, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		char msg[96];
		regerror(rc, &f->regs[f->nregs], msg, sizeof msg);
		regfree(&f->regs[f->nregs]);
		return fail(p, col, "bad regex: %s", msg);
	}
	t->re = f->nregs++;
	return true;
}

static bool parse_classes(struct parser *p, struct evf_term *t, const char *list, size_t col)
{
	if (!*list)
		return fail(p, col, "missing class name");
	for (const char *s = list; *s;) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		struct ami_str label = ami_str_make(s, n);
		enum ami_perm_class c = ami_perm_class_find(label);
		if (c != AMI_CLASS_COUNT)
			t->mask |= ami_perm_class_bit(c);
		else if (ami_str_ieq(label, "other"))
			t->mask |= EVSTORE_CLS_OTHER;
		else
			return fail(p, col + (size_t)(s - list), "unknown class '%.*s'", (int)n, s);
		s += n + (e ? 1 : 0);
	}
	return true;
}

/* A prefixed word: class:, chan:, call:. */
static bool prefixed_term(struct parser *p, const struct tok *k, int *out)
{
	static const struct {
		const char *prefix;
		enum evfilter_term kind;
	} pre[] = { { "class", EVFILTER_TERM_CLASS },
		    { "chan", EVFILTER_TERM_CHAN },
		    { "call", EVFILTER_TERM_CALL } };
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		if (k->sep != strlen(pre[i].prefix) || strncasecmp(k->val, pre[i].prefix, k->sep))
			continue;
		const char *v = k->val + k->sep + 1;
		size_t vcol = k->col + k->sep + 1;
		struct evf_term *t = new_term(p, pre[i].kind);
		if (!t)
			return false;
		if (pre[i].kind == EVFILTER_TERM_CLASS) {
			if (!parse_classes(p, t, v, vcol))
				return false;
		} else if (!*v) {
			return fail(p, vcol, "missing value after '%s:'", pre[i].prefix);
		} else {
			t->s1 = keep(p, v, strlen(v));
		}
		*out = node(p, EVF_TERM, p->f->nterms - 1, 0);
		return *out >= 0;
	}
	return fail(p, k->col, "unknown term '%.*s:' (use class:, chan:, call: or Header=value)",
		    (int)k->sep, k->val);
}

static bool word_term(struct parser *p, int *out)
{
	const struct tok *k = &p->tok;
	char sep = k->sep < k->len ? k->val[k->sep] : '\0';
	if (k->val[0] == '@' && !k->quoted) {
		struct evf_term *t = new_term(p, EVFILTER_TERM_CLASS);
		if (!t || !parse_classes(p, t, k->val + 1, k->col + 1))
			return false;
		*out = node(p, EVF_TERM, p->f->nterms - 1, 0);
		return *out >= 0;
	}
	if (sep == ':')
		return prefixed_term(p, k, out);
	if (sep == '=' || sep == '~') {
		/* "Header!=value" and "Header!~re" are the negations */
		bool neg = k->sep > 0 && k->val[k->sep - 1] == '!';
		size_t hlen = k->sep - (neg ? 1 : 0);
		if (hlen == 0)
			return fail(p, k->col, "missing header name before '%c'", sep);
		struct evf_term *t =
		    new_term(p, sep == '=' ? EVFILTER_TERM_HDR_EQ : EVFILTER_TERM_HDR_RE);
		if (!t)
			return false;
		t->s1 = keep(p, k->val, hlen);
		t->s2 = keep(p, k->val + k->sep + 1, k->len - k->sep - 1);
		if (sep == '~' && !compile_re(p, t, t->s2, k->col + k->sep + 1))
			return false;
		*out = node(p, EVF_TERM, p->f->nterms - 1, 0);
		if (neg && *out >= 0)
			*out = node(p, EVF_NOT, *out, 0);
		return *out >= 0;
	} else {
		struct evf_term *t = new_term(p, EVFILTER_TERM_NAME);
		if (!t)
			return false;
		t->s1 = keep(p, k->val, k->len);
	}
	*out = node(p, EVF_TERM, p->f->nterms - 1, 0);
	return *out >= 0;
}

static bool parse_term(struct parser *p, int *out)
{
	const struct tok *k = &p->tok;
	if (k->kind == T_WORD)
		return word_term(p, out) && next(p);
	if (k->len == 0)
		return fail(p, k->col, "empty %s", k->kind == T_REGEX ? "regex" : "string");
	struct evf_term *t =
	    new_term(p, k->kind == T_REGEX ? EVFILTER_TERM_RAW_RE : EVFILTER_TERM_TEXT);
	if (!t)
		return false;
	if (k->kind == T_REGEX) {
		if (!compile_re(p, t, k->val, k->col + 1))
			return false;
		t->s1 = keep(p, k->val, k->len);
	} else {
		char low[EVF_MAX_TEXT + 1];
		for (size_t i = 0; i <= k->len; i++)
			low[i] = (char)(k->val[i] >= 'A' && k->val[i] <= 'Z' ? k->val[i] + 32
									     : k->val[i]);
		t->s1 = keep(p, low, k->len);
	}
	*out = node(p, EVF_TERM, p->f->nterms - 1, 0);
	return *out >= 0 && next(p);
}

static bool parse_or(struct parser *p, int *out);

static const char *tok_text(enum tok_kind k)
{
	switch (k) {
	case T_OR:
		return "'|'";
	case T_AND:
		return "'&'";
	case T_NOT:
		return "'!'";
	case T_RPAREN:
		return "')'";
	default:
		return "the end";
	}
}

static bool parse_unary(struct parser *p, int *out)
{
	struct tok *k = &p->tok;
	size_t col = k->col;
	switch (k->kind) {
	case T_NOT: {
		int a;
		if (!next(p))
			return false;
		if (k->kind == T_END || k->kind == T_RPAREN || k->kind == T_OR || k->kind == T_AND)
			return fail(p, k->col, "expected a term after 'not' (column %zu)", col);
		if (!parse_unary(p, &a))
			return false;
		*out = node(p, EVF_NOT, a, 0);
		return *out >= 0;
	}
	case T_LPAREN: {
		if (!next(p) || !parse_or(p, out))
			return false;
		if (k->kind != T_RPAREN)
			return fail(p, k->col, "missing ')' for the '(' at column %zu", col);
		return next(p);
	}
	case T_REGEX:
	case T_TEXT:
	case T_WORD:
		return parse_term(p, out);
	default:
		return fail(p, col, "expected a term, found %s", tok_text(k->kind));
	}
}

static bool starts_term(enum tok_kind k)
{
	return k == T_NOT || k == T_LPAREN || k == T_REGEX || k == T_TEXT || k == T_WORD;
}

static bool parse_and(struct parser *p, int *out)
{
	if (!parse_unary(p, out))
		return false;
	while (starts_term(p->tok.kind) || p->tok.kind == T_AND) {
		if (p->tok.kind == T_AND) {
			size_t col = p->tok.col;
			if (!next(p))
				return false;
			if (!starts_term(p->tok.kind))
				return fail(p, p->tok.col,
					    "expected a term after the 'and' at column %zu", col);
		}
		int b;
		if (!parse_unary(p, &b))
			return false;
		*out = node(p, EVF_AND, *out, b);
		if (*out < 0)
			return false;
	}
	return true;
}

static bool parse_or(struct parser *p, int *out)
{
	if (!parse_and(p, out))
		return false;
	while (p->tok.kind == T_OR) {
		size_t col = p->tok.col;
		if (!next(p))
			return false;
		if (!starts_term(p->tok.kind))
			return fail(p, p->tok.col, "expected a term after the '|' at column %zu",
				    col);
		int b;
		if (!parse_and(p, &b))
			return false;
		*out = node(p, EVF_OR, *out, b);
		if (*out < 0)
			return false;
	}
	return true;
}

static bool parse_all(struct parser *p)
{
	struct evfilter *f = p->f;
	if (!next(p))
		return false;
	if (p->tok.kind == T_END) {
		f->root = -1;
		return true;
	}
	if (!parse_or(p, &f->root))
		return false;
	if (p->tok.kind != T_END)
		return fail(p, p->tok.col, "unexpected %s", tok_text(p->tok.kind));
	return true;
}

void evfilter_free(struct evfilter *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->nregs; i++)
		regfree(&f->regs[i]);
	for (int i = 0; i < f->nterms; i++)
		free(f->terms[i].cache.v);
	free(f->scratch);
	free(f->hdrs);
	free(f->vbuf);
	free(f);
}

enum ami_status evfilter_compile(const char *text, struct evfilter **out,
				 struct evfilter_error *err)
{
	*out = NULL;
	if (err)
		*err = (struct evfilter_error){ 0 };
	if (!text)
		text = "";
	if (strlen(text) > EVF_MAX_TEXT) {
		if (err) {
			err->column = EVF_MAX_TEXT + 1;
			snprintf(err->msg, sizeof err->msg, "filter longer than %d bytes",
				 EVF_MAX_TEXT);
		}
		return AMI_E_INVALID;
	}
	struct evfilter *f = calloc(1, sizeof *f);
	struct parser *p = calloc(1, sizeof *p);
	if (!f || !p) {
		free(f);
		free(p);
		return AMI_E_NOMEM;
	}
	snprintf(f->text, sizeof f->text, "%s", text);
	*p = (struct parser){ .f = f, .text = f->text, .err = err };
	bool ok = parse_all(p);
	free(p);
	if (!ok) {
		evfilter_free(f);
		return AMI_E_INVALID;
	}
	*out = f;
	return AMI_OK;
}

bool evfilter_is_empty(const struct evfilter *f)
{
	return !f || f->root < 0;
}

bool evfilter_index_only(const struct evfilter *f)
{
	return !f || f->root < 0 || f->nodes[f->root].index_only;
}

const char *evfilter_text(const struct evfilter *f)
{
	return f ? f->text : "";
}

/* ---- description ---- */

struct desc {
	char *d;
	size_t cap, len;
};

static void put(struct desc *o, const char *s)
{
	size_t n = strlen(s);
	if (o->cap && o->len < o->cap - 1) {
		size_t k = n < o->cap - 1 - o->len ? n : o->cap - 1 - o->len;
		memcpy(o->d + o->len, s, k);
		o->d[o->len + k] = '\0';
	}
	o->len += n;
}

static void describe_term(const struct evf_term *t, struct desc *o)
{
	put(o, "(");
	put(o, term_labels[t->kind]);
	put(o, " ");
	if (t->kind == EVFILTER_TERM_CLASS) {
		char b[256];
		ami_perm_format_list(t->mask & ami_perm_known_mask(), b, sizeof b);
		put(o, b);
		if (t->mask & EVSTORE_CLS_OTHER)
			put(o, *b ? ",other" : "other");
	} else if (t->kind == EVFILTER_TERM_TEXT) {
		put(o, "\"");
		put(o, t->s1);
		put(o, "\"");
	} else {
		put(o, t->s1);
	}
	if (t->s2) {
		put(o, " ");
		put(o, t->s2);
	}
	put(o, ")");
}

static void describe_node(const struct evfilter *f, int i, struct desc *o, bool inner)
{
	const struct evf_node *n = &f->nodes[i];
	if (n->kind == EVF_TERM) {
		describe_term(&f->terms[n->a], o);
		return;
	}
	if (n->kind == EVF_NOT) {
		put(o, "(not ");
		describe_node(f, n->a, o, false);
		put(o, ")");
		return;
	}
	/* nested ANDs (ORs) print as one flat list */
	if (!inner)
		put(o, n->kind == EVF_AND ? "(and" : "(or");
	for (int k = 0; k < 2; k++) {
		int c = k ? n->b : n->a;
		if (f->nodes[c].kind == n->kind) {
			describe_node(f, c, o, true);
		} else {
			put(o, " ");
			describe_node(f, c, o, false);
		}
	}
	if (!inner)
		put(o, ")");
}

size_t evfilter_describe(const struct evfilter *f, char *dst, size_t cap)
{
	struct desc o = { dst, cap, 0 };
	if (cap)
		dst[0] = '\0';
	if (evfilter_is_empty(f))
		put(&o, "(all)");
	else
		describe_node(f, f->root, &o, false);
	return o.len;
}
