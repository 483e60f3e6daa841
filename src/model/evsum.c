/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event summaries: template expansion and the few summarisers that need code. */
#include "model/evsum.h"

#include <stdbool.h>
#include <string.h>

#include "core/str.h"

#define KEY_MAX 64
#define SEG_MAX 512
#define DEFAULT_PAIRS 4

/* A bounded output that never cuts a UTF-8 sequence and hides control bytes. */
struct out {
	char *p;
	size_t cap;
	size_t len;
	bool full;
};

static void out_init(struct out *o, char *dst, size_t cap)
{
	*o = (struct out){ .p = dst, .cap = cap };
	if (cap)
		dst[0] = '\0';
}

static void out_add(struct out *o, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !o->full) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : ami_utf8_seqlen(s + i, n - i);
		if (k == 0)
			k = 1; /* a stray byte: shown as '?' below */
		if (o->len + k + 1 > o->cap) {
			o->full = true;
			break;
		}
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && ami_utf8_seqlen(s + i, n - i) == 0))
			o->p[o->len++] = '?';
		else {
			memcpy(o->p + o->len, s + i, k);
			o->len += k;
		}
		i += k;
	}
	if (o->cap)
		o->p[o->len] = '\0';
}

static void out_adds(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

static bool useless(struct ami_str v)
{
	return !v.p || v.n == 0 || ami_str_eq(v, "<unknown>");
}

/* Read "{Key}" at *t (pointing after '{'); returns the value, advances *t past '}'. */
static struct ami_str take_key(const struct ami_msg *m, const char **t)
{
	char key[KEY_MAX];
	size_t n = 0;
	const char *p = *t;
	while (*p && *p != '}') {
		if (n + 1 < sizeof key)
			key[n++] = *p;
		p++;
	}
	key[n] = '\0';
	*t = *p ? p + 1 : p;
	return ami_msg_get(m, key);
}

/*
 * Expand from *t until end (NUL, or ']' when in_seg). Returns false when a header
 * inside an optional segment is useless (the caller then drops the segment).
 */
static bool expand(const struct ami_msg *m, const char **t, struct out *o, bool in_seg)
{
	bool ok = true;
	const char *p = *t;
	while (*p && !(in_seg && *p == ']')) {
		if (*p == '\\' && p[1]) {
			out_add(o, p + 1, 1);
			p += 2;
		} else if (*p == '{') {
			p++;
			struct ami_str v = take_key(m, &p);
			if (in_seg && useless(v))
				ok = false;
			if (v.p)
				out_add(o, v.p, v.n);
			else
				out_adds(o, "?");
		} else if (*p == '[' && !in_seg) {
			char seg[SEG_MAX];
			struct out so;
			out_init(&so, seg, sizeof seg);
			p++;
			if (expand(m, &p, &so, true))
				out_add(o, seg, so.len);
			if (*p == ']')
				p++;
		} else {
			out_add(o, p, 1);
			p++;
		}
	}
	*t = p;
	return ok;
}

size_t evsum_template(const struct ami_msg *m, const char *tmpl, char *dst, size_t cap)
{
	struct out o;
	out_init(&o, dst, cap);
	const char *t = tmpl;
	expand(m, &t, &o, false);
	return o.len;
}

/* Headers every event or the channel block carries: not worth a place in a summary. */
static const char *const standard[] = {
	"Event",
	"Privilege",
	"Timestamp",
	"SystemName",
	"SequenceNumber",
	"File",
	"Line",
	"Func",
	"ActionID",
	"Channel",
	"ChannelState",
	"ChannelStateDesc",
	"CallerIDNum",
	"CallerIDName",
	"ConnectedLineNum",
	"ConnectedLineName",
	"Language",
	"AccountCode",
	"Context",
	"Exten",
	"Priority",
	"Uniqueid",
	"Linkedid",
	"Tenantid",
};

static bool is_standard(const struct ami_hdr *h)
{
	struct ami_str k = ami_str_make(h->key, h->klen);
	for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++)
		if (ami_str_ieq(k, standard[i]))
			return true;
	return false;
}

/* Up to max "k=v" pairs of the non-standard headers after the first, skipping skip. */
static void add_pairs(const struct ami_msg *m, struct out *o, const char *skip, size_t max)
{
	size_t done = 0;
	for (uint32_t i = 1; i < m->nhdrs && done < max; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		if (!h->val || is_standard(h) ||
		    (skip && ami_str_ieq(ami_str_make(h->key, h->klen), skip)))
			continue;
		if (o->len)
			out_adds(o, " ");
		out_add(o, h->key, h->klen);
		out_adds(o, "=");
		out_add(o, h->val, h->vlen);
		done++;
	}
}

/* "IPV4/TCP/127.0.0.1/5038" -> "127.0.0.1:5038"; IPv6 gets brackets; else as is. */
static void add_address(struct out *o, struct ami_str a)
{
	const char *s[4];
	size_t n[4], k = 0;
	const char *p = a.p, *end = a.p + a.n;
	while (k < 4 && p <= end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *e = (k == 3 || !slash) ? end : slash;
		s[k] = p;
		n[k++] = (size_t)(e - p);
		p = e + 1;
	}
	if (k != 4) {
		out_add(o, a.p, a.n);
		return;
	}
	bool v6 = ami_str_ieq(ami_str_make(s[0], n[0]), "IPV6");
	out_adds(o, v6 ? "[" : "");
	out_add(o, s[2], n[2]);
	out_adds(o, v6 ? "]:" : ":");
	out_add(o, s[3], n[3]);
}

static void sum_security(const struct ami_msg *m, const struct evtab_info *info, struct out *o)
{
	struct ami_str acct = ami_msg_get(m, "AccountID");
	struct ami_str addr = ami_msg_get(m, "RemoteAddress");
	struct ami_str svc = ami_msg_get(m, "Service");
	out_adds(o, info->tmpl);
	if (!useless(acct)) {
		out_adds(o, ": ");
		out_add(o, acct.p, acct.n);
	}
	if (!useless(addr)) {
		out_adds(o, " from ");
		add_address(o, addr);
	}
	if (!useless(svc)) {
		out_adds(o, " (");
		out_add(o, svc.p, svc.n);
		out_adds(o, ")");
	}
}

static void sum_userevent(const struct ami_msg *m, struct out *o)
{
	struct ami_str name = ami_msg_get(m, "UserEvent");
	if (name.p)
		out_add(o, name.p, name.n);
	add_pairs(m, o, "UserEvent", 8);
}

size_t evsum_format(const struct ami_msg *m, const struct evtab_info *info, char *dst, size_t cap)
{
	struct out o;
	out_init(&o, dst, cap);
	if (!info)
		info = evtab_find(ami_msg_name(m));
	enum evtab_sum kind = info ? info->sum : EVTAB_SUM_DEFAULT;
	switch (kind) {
	case EVTAB_SUM_TEMPLATE:
		return evsum_template(m, info->tmpl, dst, cap);
	case EVTAB_SUM_SECURITY:
		sum_security(m, info, &o);
		break;
	case EVTAB_SUM_USEREVENT:
		sum_userevent(m, &o);
		break;
	case EVTAB_SUM_DEFAULT:
		add_pairs(m, &o, NULL, DEFAULT_PAIRS);
		break;
	}
	return o.len;
}
