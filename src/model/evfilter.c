/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Filter evaluation: index terms through per-id caches, content terms on the raw bytes. */
#include "model/evfilter.h"
#include "evfilter_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "model/intern.h"

static unsigned char low(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool evf_glob(const char *pat, const char *s, size_t n)
{
	/* the classic two-pointer matcher: on a mismatch, retry after the last '*' */
	const char *star = NULL;
	size_t i = 0, mark = 0;
	while (i < n) {
		if (*pat == '*') {
			star = ++pat;
			mark = i;
		} else if (*pat &&
			   (*pat == '?' || low((unsigned char)*pat) == low((unsigned char)s[i]))) {
			pat++;
			i++;
		} else if (star) {
			pat = star;
			i = ++mark;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/* What one evaluation needs; raw bytes and headers are fetched at most once. */
struct ctx {
	struct evfilter *f;
	const struct evstore *s; /* NULL when matching a bare message */
	uint64_t seq;
	struct evstore_keys k;
	uint32_t cls;
	const struct ami_msg *m; /* the parsed message, once known */
	const char *raw;	 /* NUL-terminated */
	size_t len;
	struct ami_msg msg;
};

/* ---- per-id caches ---- */

static uint8_t *cache_slot(struct evf_cache *c, const struct intern *t, uint32_t id)
{
	uint64_t gen = intern_generation(t);
	if (c->table != t || c->gen != gen) {
		/* ids may have been reused: forget every answer */
		if (c->v)
			memset(c->v, 0, (size_t)c->hi + 1);
		c->hi = 0;
		c->gen = gen;
		c->table = t;
	}
	if (id >= c->cap) {
		uint32_t nc = c->cap ? c->cap : 256;
		while (nc <= id)
			nc *= 2;
		uint8_t *nv = realloc(c->v, nc);
		if (!nv)
			return NULL;
		memset(nv + c->cap, 0, nc - c->cap);
		c->v = nv;
		c->cap = nc;
	}
	if (id > c->hi)
		c->hi = id;
	return &c->v[id];
}

static bool glob_id(struct evf_term *t, const struct intern *tab, uint32_t id)
{
	if (id == 0)
		return false;
	uint8_t *slot = cache_slot(&t->cache, tab, id);
	if (slot && *slot)
		return *slot == 2;
	struct ami_str s = intern_str(tab, id);
	bool yes = evf_glob(t->s1, s.p, s.n);
	if (slot)
		*slot = yes ? 2 : 1;
	return yes;
}

static uint32_t call_id(struct evf_term *t, const struct intern *tab)
{
	uint64_t gen = intern_generation(tab);
	if (t->call_table != tab || t->call_gen != gen || !t->call_id) {
		t->call_id = intern_find(tab, ami_str_c(t->s1));
		t->call_gen = gen;
		t->call_table = tab;
	}
	return t->call_id;
}

/* ---- index terms ---- */

static enum evfilter_tri index_term(struct ctx *c, struct evf_term *t)
{
	const struct evstore *s = c->s;
	switch (t->kind) {
	case EVFILTER_TERM_CLASS:
		return (c->cls & t->mask) ? EVFILTER_YES : EVFILTER_NO;
	case EVFILTER_TERM_NAME:
		if (s)
			return glob_id(t, evstore_names(s), c->k.name) ? EVFILTER_YES : EVFILTER_NO;
		struct ami_str n = ami_msg_name(c->m);
		return n.p && evf_glob(t->s1, n.p, n.n) ? EVFILTER_YES : EVFILTER_NO;
	case EVFILTER_TERM_CHAN:
		if (s)
			return glob_id(t, evstore_chans(s), c->k.chan) ? EVFILTER_YES : EVFILTER_NO;
		struct ami_str ch = ami_msg_get(c->m, "Channel");
		return ch.p && ch.n && evf_glob(t->s1, ch.p, ch.n) ? EVFILTER_YES : EVFILTER_NO;
	case EVFILTER_TERM_CALL:
		if (s) {
			uint32_t id = call_id(t, evstore_calls(s));
			return id && c->k.linked == id ? EVFILTER_YES : EVFILTER_NO;
		}
		return ami_str_eq(ami_msg_get(c->m, "Linkedid"), t->s1) ? EVFILTER_YES
									: EVFILTER_NO;
	default:
		return EVFILTER_MAYBE;
	}
}

/* ---- content terms ---- */

static bool need_raw(struct ctx *c)
{
	if (c->raw)
		return true;
	if (c->s) {
		struct evstore_event ev;
		if (!evstore_get(c->s, c->seq, &ev))
			return false;
		c->raw = ev.raw;
		c->len = ev.len;
		return true;
	}
	/* a message from the parser is not NUL-terminated: copy it */
	struct evfilter *f = c->f;
	if (f->scratch_cap < c->m->rawlen + 1) {
		char *n = realloc(f->scratch, c->m->rawlen + 1);
		if (!n)
			return false;
		f->scratch = n;
		f->scratch_cap = c->m->rawlen + 1;
	}
	memcpy(f->scratch, c->m->raw, c->m->rawlen);
	f->scratch[c->m->rawlen] = '\0';
	c->raw = f->scratch;
	c->len = c->m->rawlen;
	return true;
}

static bool need_msg(struct ctx *c)
{
	if (c->m)
		return true;
	if (!need_raw(c))
		return false;
	struct evfilter *f = c->f;
	if (!f->hdrs && !(f->hdrs = malloc(EVF_MAX_HDRS * sizeof *f->hdrs)))
		return false;
	ami_msg_parse_block(&c->msg, c->raw, c->len, f->hdrs, EVF_MAX_HDRS);
	c->m = &c->msg;
	return true;
}

static bool contains_ci(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	if (k > n)
		return false;
	unsigned char first = (unsigned char)needle[0];
	for (size_t i = 0; i + k <= n; i++) {
		if (low((unsigned char)hay[i]) != first)
			continue;
		size_t j = 1;
		while (j < k && low((unsigned char)hay[i + j]) == (unsigned char)needle[j])
			j++;
		if (j == k)
			return true;
	}
	return false;
}

/* regexec on a header value, which is not NUL-terminated where it lives. */
static bool re_value(struct evfilter *f, const regex_t *re, const char *v, size_t n)
{
	char small[256];
	char *buf = small;
	if (n >= sizeof small) {
		if (f->vcap < n + 1) {
			char *nb = realloc(f->vbuf, n + 1);
			if (!nb)
				return false;
			f->vbuf = nb;
			f->vcap = n + 1;
		}
		buf = f->vbuf;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	return regexec(re, buf, 0, NULL, 0) == 0;
}

static bool header_term(struct ctx *c, const struct evf_term *t)
{
	if (!need_msg(c))
		return false;
	size_t klen = strlen(t->s1), vlen = strlen(t->s2);
	for (uint32_t i = 0; i < c->m->nhdrs; i++) {
		const struct ami_hdr *h = &c->m->hdrs[i];
		if (!h->val || h->klen != klen ||
		    !ami_str_ieq(ami_str_make(h->key, h->klen), t->s1))
			continue;
		if (t->kind == EVFILTER_TERM_HDR_EQ
			? (h->vlen == vlen && memcmp(h->val, t->s2, vlen) == 0)
			: re_value(c->f, &c->f->regs[t->re], h->val, h->vlen))
			return true;
	}
	return false;
}

static bool content_term(struct ctx *c, const struct evf_term *t)
{
	switch (t->kind) {
	case EVFILTER_TERM_HDR_EQ:
	case EVFILTER_TERM_HDR_RE:
		return header_term(c, t);
	case EVFILTER_TERM_RAW_RE:
		return need_raw(c) && regexec(&c->f->regs[t->re], c->raw, 0, NULL, 0) == 0;
	case EVFILTER_TERM_TEXT:
		return need_raw(c) && contains_ci(c->raw, c->len, t->s1);
	default:
		return false;
	}
}

/* ---- the tree ---- */

static enum evfilter_tri tri_node(struct ctx *c, int i)
{
	const struct evf_node *n = &c->f->nodes[i];
	switch (n->kind) {
	case EVF_TERM:
		return index_term(c, &c->f->terms[n->a]);
	case EVF_NOT: {
		enum evfilter_tri r = tri_node(c, n->a);
		return r == EVFILTER_MAYBE ? r : r == EVFILTER_YES ? EVFILTER_NO : EVFILTER_YES;
	}
	default: {
		enum evfilter_tri a = tri_node(c, n->a);
		enum evfilter_tri dominant = n->kind == EVF_AND ? EVFILTER_NO : EVFILTER_YES;
		if (a == dominant)
			return a;
		enum evfilter_tri b = tri_node(c, n->b);
		if (b == dominant)
			return b;
		return a == EVFILTER_MAYBE || b == EVFILTER_MAYBE ? EVFILTER_MAYBE : a;
	}
	}
}

static bool eval(struct ctx *c, int i)
{
	const struct evf_node *n = &c->f->nodes[i];
	switch (n->kind) {
	case EVF_TERM: {
		struct evf_term *t = &c->f->terms[n->a];
		enum evfilter_tri r = index_term(c, t);
		return r == EVFILTER_MAYBE ? content_term(c, t) : r == EVFILTER_YES;
	}
	case EVF_NOT:
		return !eval(c, n->a);
	default: {
		/* the cheap side first: an index-only child may settle it without raw bytes */
		int first = n->a, second = n->b;
		if (!c->f->nodes[first].index_only && c->f->nodes[second].index_only) {
			first = n->b;
			second = n->a;
		}
		bool a = eval(c, first);
		if (n->kind == EVF_AND ? !a : a)
			return a;
		return eval(c, second);
	}
	}
}

enum evfilter_tri evfilter_match_index(struct evfilter *f, const struct evstore *s,
				       const struct evstore_keys *k)
{
	if (evfilter_is_empty(f))
		return EVFILTER_YES;
	struct ctx c = { .f = f, .s = s, .k = *k, .cls = k->cls };
	return tri_node(&c, f->root);
}

bool evfilter_match(struct evfilter *f, const struct evstore *s, uint64_t seq)
{
	struct ctx c = { .f = f, .s = s, .seq = seq };
	struct evstore_event ev;
	if (!evstore_get(s, seq, &ev))
		return false;
	if (evfilter_is_empty(f))
		return true;
	c.k = (struct evstore_keys){ ev.cls, ev.name, ev.chan, ev.linked, ev.flags };
	c.cls = ev.cls;
	c.raw = ev.raw;
	c.len = ev.len;
	return eval(&c, f->root);
}

bool evfilter_match_msg(struct evfilter *f, const struct ami_msg *m, uint32_t cls)
{
	if (evfilter_is_empty(f))
		return true;
	struct ctx c = { .f = f, .m = m, .cls = cls ? cls : EVSTORE_CLS_OTHER };
	return eval(&c, f->root);
}
