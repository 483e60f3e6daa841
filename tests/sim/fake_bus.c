/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fake bus: recorded events, a manual clock, timers fired in due order, deferred replies. */
#include "fake_bus.h"

#include <stdlib.h>
#include <string.h>

struct fake_timer {
	uint64_t id;
	uint64_t due;
	sim_timer_fn fn;
	void *arg;
};

struct sim_deferred {
	struct sim_reply r;
	struct ami_buf out;
	struct sim_deferred *next;
	bool finished;
};

struct sim_bus {
	char sysname[64];
	uint64_t wall0_us;
	uint64_t now;
	bool record;
	struct fake_event *ev;
	size_t nev, capev;
	uint64_t total, bytes;
	struct fake_timer *t;
	size_t nt, capt;
	uint64_t next_id;
	struct sim_deferred *open;
	char **done;
	size_t ndone;
};

/* sim_reply_defer() has no bus argument: the tests run one bus at a time. */
static struct sim_bus *current;

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

struct sim_bus *fake_bus_new(const char *sysname, uint64_t wall0_us)
{
	struct sim_bus *b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	strncpy(b->sysname, sysname, sizeof(b->sysname) - 1);
	b->wall0_us = wall0_us;
	b->record = true;
	b->next_id = 1;
	current = b;
	return b;
}

void fake_bus_clear(struct sim_bus *b)
{
	for (size_t i = 0; i < b->nev; i++) {
		free(b->ev[i].name);
		free(b->ev[i].body);
	}
	b->nev = 0;
}

void fake_bus_free(struct sim_bus *b)
{
	if (!b)
		return;
	fake_bus_clear(b);
	free(b->ev);
	free(b->t);
	while (b->open) {
		struct sim_deferred *d = b->open;
		b->open = d->next;
		ami_buf_free(&d->out);
		free(d);
	}
	for (size_t i = 0; i < b->ndone; i++)
		free(b->done[i]);
	free(b->done);
	if (current == b)
		current = NULL;
	free(b);
}

void fake_bus_record(struct sim_bus *b, bool on)
{
	b->record = on;
}

void sim_bus_emit(struct sim_bus *b, uint32_t category, const char *event, const char *body,
		  size_t len)
{
	b->total++;
	b->bytes += len;
	if (!b->record)
		return;
	if (b->nev == b->capev) {
		b->capev = b->capev ? b->capev * 2 : 256;
		b->ev = realloc(b->ev, b->capev * sizeof(*b->ev));
		if (!b->ev)
			abort();
	}
	struct fake_event *e = &b->ev[b->nev++];
	e->cat = category;
	e->name = dup_n(event, strlen(event));
	e->body = dup_n(body, len);
	e->len = len;
	e->at_ms = b->now;
}

uint64_t sim_bus_now_ms(struct sim_bus *b)
{
	return b->now;
}

uint64_t sim_bus_wall_us(struct sim_bus *b)
{
	return b->wall0_us + b->now * 1000u;
}

const char *sim_bus_system_name(struct sim_bus *b)
{
	return b->sysname;
}

uint64_t sim_timer_add(struct sim_bus *b, uint64_t delay_ms, sim_timer_fn fn, void *arg)
{
	if (b->nt == b->capt) {
		b->capt = b->capt ? b->capt * 2 : 64;
		b->t = realloc(b->t, b->capt * sizeof(*b->t));
		if (!b->t)
			abort();
	}
	struct fake_timer *t = &b->t[b->nt++];
	t->id = b->next_id++;
	t->due = b->now + delay_ms;
	t->fn = fn;
	t->arg = arg;
	return t->id;
}

void sim_timer_cancel(struct sim_bus *b, uint64_t id)
{
	for (size_t i = 0; i < b->nt; i++) {
		if (b->t[i].id == id) {
			b->t[i] = b->t[--b->nt];
			return;
		}
	}
}

size_t fake_bus_timers(const struct sim_bus *b)
{
	return b->nt;
}

void fake_bus_advance(struct sim_bus *b, uint64_t ms)
{
	uint64_t target = b->now + ms;
	for (;;) {
		size_t best = b->nt;
		for (size_t i = 0; i < b->nt; i++)
			if (b->t[i].due <= target &&
			    (best == b->nt || b->t[i].due < b->t[best].due ||
			     (b->t[i].due == b->t[best].due && b->t[i].id < b->t[best].id)))
				best = i;
		if (best == b->nt)
			break;
		struct fake_timer t = b->t[best];
		b->t[best] = b->t[--b->nt];
		if (t.due > b->now)
			b->now = t.due;
		t.fn(t.arg);
	}
	b->now = target;
}

size_t fake_bus_count(const struct sim_bus *b)
{
	return b->nev;
}

uint64_t fake_bus_total(const struct sim_bus *b)
{
	return b->total;
}

uint64_t fake_bus_bytes(const struct sim_bus *b)
{
	return b->bytes;
}

const struct fake_event *fake_bus_event(const struct sim_bus *b, size_t i)
{
	return i < b->nev ? &b->ev[i] : NULL;
}

/* ---- deferred replies ---- */

struct sim_deferred *sim_reply_defer(struct sim_reply *r)
{
	struct sim_deferred *d = calloc(1, sizeof(*d));
	if (!d || !current)
		abort();
	ami_buf_init(&d->out, 0);
	d->r = *r;
	d->r.out = &d->out;
	d->r.req = NULL; /* the request does not outlive the handler */
	d->r.deferred = d;
	r->deferred = d;
	d->next = current->open;
	current->open = d;
	return d;
}

struct sim_reply *sim_deferred_reply(struct sim_deferred *d)
{
	return &d->r;
}

void sim_deferred_finish(struct sim_deferred *d)
{
	struct sim_bus *b = current;
	for (struct sim_deferred **pp = &b->open; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	b->done = realloc(b->done, (b->ndone + 1) * sizeof(*b->done));
	if (!b->done)
		abort();
	b->done[b->ndone++] = dup_n(d->out.p ? d->out.p : "", d->out.len);
	ami_buf_free(&d->out);
	free(d);
}

size_t fake_bus_deferred_count(const struct sim_bus *b)
{
	return b->ndone;
}

const char *fake_bus_deferred_text(const struct sim_bus *b, size_t i)
{
	return i < b->ndone ? b->done[i] : NULL;
}

size_t fake_bus_deferred_open(const struct sim_bus *b)
{
	size_t n = 0;
	for (const struct sim_deferred *d = b->open; d; d = d->next)
		n++;
	return n;
}

/* ---- fixture comparison helpers ---- */

#include <regex.h>
#include <stdio.h>

#include "core/perms.h"
#include "testutil.h"

static char *dup_s(const char *s)
{
	return dup_n(s, strlen(s));
}

static void fx_push(struct fx_list *l, const char *name, const char *priv, uint32_t cat)
{
	l->ev = realloc(l->ev, (l->n + 1) * sizeof(*l->ev));
	if (!l->ev)
		abort();
	struct fx_event *e = &l->ev[l->n++];
	memset(e, 0, sizeof(*e));
	e->name = dup_s(name);
	e->priv = dup_s(priv);
	e->cat = cat;
}

static void fx_line(struct fx_list *l, const char *s, size_t n)
{
	struct fx_event *e = &l->ev[l->n - 1];
	e->line = realloc(e->line, (e->nline + 1) * sizeof(*e->line));
	if (!e->line)
		abort();
	e->line[e->nline++] = dup_n(s, n);
}

void fx_load(struct fx_list *l, const char *rel)
{
	memset(l, 0, sizeof(*l));
	size_t len;
	char *raw = tu_load(rel, &len);
	char *p = strstr(raw, "\r\n"); /* the banner */
	p = p ? p + 2 : raw;
	while (*p) {
		char *end = strstr(p, "\r\n\r\n");
		if (!end)
			break;
		*end = '\0';
		if (!strncmp(p, "Event: ", 7)) {
			char *nl = strstr(p, "\r\n");
			char name[128] = "", priv[128] = "";
			snprintf(name, sizeof(name), "%.*s", (int)((nl ? nl : end) - p - 7), p + 7);
			char *pv = nl ? strstr(nl, "\r\nPrivilege: ") : NULL;
			if (pv == nl && pv) {
				char *pe = strstr(pv + 2, "\r\n");
				snprintf(priv, sizeof(priv), "%.*s",
					 (int)((pe ? pe : end) - pv - 13), pv + 13);
			}
			bool keep =
			    *priv && strcmp(name, "FullyBooted") && strcmp(name, "SuccessfulAuth");
			if (keep) {
				fx_push(l, name, priv,
					ami_perm_from_privilege(ami_str_c(priv), NULL));
				char *s = strstr(p, "\r\n") + 2;
				while (s && s < end) {
					char *e = strstr(s, "\r\n");
					size_t n = e ? (size_t)(e - s) : strlen(s);
					if (strncmp(s, "Privilege: ", 11) &&
					    strncmp(s, "SystemName: ", 12))
						fx_line(l, s, n);
					s = e ? e + 2 : NULL;
				}
			}
		}
		p = end + 4;
	}
	free(raw);
}

void fx_from_bus(struct fx_list *l, const struct sim_bus *b, uint32_t readperm)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < b->nev; i++) {
		const struct fake_event *e = &b->ev[i];
		if ((readperm & e->cat) != e->cat)
			continue;
		char priv[128];
		ami_perm_format(e->cat, priv, sizeof(priv));
		fx_push(l, e->name, priv, e->cat);
		const char *s = e->body, *end = e->body + e->len;
		while (s < end) {
			const char *nl = strstr(s, "\r\n");
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
			fx_line(l, s, n);
			s += n + 2;
		}
	}
}

void fx_free(struct fx_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t k = 0; k < l->ev[i].nline; k++)
			free(l->ev[i].line[k]);
		free(l->ev[i].line);
		free(l->ev[i].name);
		free(l->ev[i].priv);
	}
	free(l->ev);
	memset(l, 0, sizeof(*l));
}

struct fx_map {
	char *key[512];
	size_t n;
};

static size_t fx_map_index(struct fx_map *m, const char *s, size_t n)
{
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->key[i]) == n && !memcmp(m->key[i], s, n))
			return i + 1;
	if (m->n < sizeof(m->key) / sizeof(m->key[0]))
		m->key[m->n++] = dup_n(s, n);
	return m->n;
}

/* Replace every match of re (group 1 when it has one) in *line by "<tag><index>". */
static void fx_subst(char **line, regex_t *re, struct fx_map *m, const char *tag)
{
	char out[4096];
	size_t o = 0;
	const char *s = *line;
	regmatch_t mt[2];
	while (*s && !regexec(re, s, 2, mt, 0)) {
		int g = mt[1].rm_so >= 0 ? 1 : 0;
		size_t a = (size_t)mt[g].rm_so, b = (size_t)mt[g].rm_eo;
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s%s%zu", (int)a, s, tag,
				      fx_map_index(m, s + a, b - a));
		s += b;
		if (mt[0].rm_eo == 0)
			break;
		if (o >= sizeof(out))
			abort();
	}
	snprintf(out + o, sizeof(out) - o, "%s", s);
	free(*line);
	*line = dup_s(out);
}

void fx_normalize(struct fx_list *l)
{
	regex_t uid, seq, uuid, epoch;
	if (regcomp(&uid, "[A-Za-z0-9_]*-?[0-9]{9,}\\.[0-9]+", REG_EXTENDED) ||
	    regcomp(&seq, "/[^ ]*-([0-9a-f]{8})(;[12])?", REG_EXTENDED) ||
	    regcomp(&uuid, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
		    REG_EXTENDED) ||
	    regcomp(&epoch, "^(LoginTime|LastCall): ([0-9]{9,})$", REG_EXTENDED))
		abort();
	struct fx_map mu = { .n = 0 }, ms = { .n = 0 }, mb = { .n = 0 };
	for (size_t i = 0; i < l->n; i++) {
		struct fx_event *e = &l->ev[i];
		for (size_t k = 0; k < e->nline; k++) {
			char **ln = &e->line[k];
			if (!strncmp(*ln, "StartTime: ", 11) || !strncmp(*ln, "AnswerTime: ", 12) ||
			    !strncmp(*ln, "EndTime: ", 9)) {
				char *c = strchr(*ln, ':');
				bool set = c[2] != '\0';
				c[1] = '\0';
				char buf[64];
				snprintf(buf, sizeof(buf), "%s %s", *ln, set ? "T" : "");
				free(*ln);
				*ln = dup_s(buf);
				continue;
			}
			regmatch_t mt[3];
			if (!regexec(&epoch, *ln, 3, mt, 0)) {
				char buf[64];
				snprintf(buf, sizeof(buf), "%.*s: E", (int)mt[1].rm_eo, *ln);
				free(*ln);
				*ln = dup_s(buf);
				continue;
			}
			/* millisecond timings (ANSWEREDTIME_MS...) differ by a few ms run to run */
			if (k > 0 && !strncmp(*ln, "Value: ", 7) && (*ln)[7] &&
			    !strncmp(e->line[k - 1], "Variable: ", 10) &&
			    strstr(e->line[k - 1], "_MS")) {
				char buf[64];
				snprintf(buf, sizeof(buf), "Value: ~%ld00",
					 (strtol(*ln + 7, NULL, 10) + 50) / 100);
				free(*ln);
				*ln = dup_s(buf);
				continue;
			}
			fx_subst(ln, &uuid, &mb, "B");
			fx_subst(ln, &uid, &mu, "U");
			fx_subst(ln, &seq, &ms, "S");
		}
	}
	for (size_t i = 0; i < mu.n; i++)
		free(mu.key[i]);
	for (size_t i = 0; i < ms.n; i++)
		free(ms.key[i]);
	for (size_t i = 0; i < mb.n; i++)
		free(mb.key[i]);
	regfree(&uid);
	regfree(&seq);
	regfree(&uuid);
	regfree(&epoch);
}

const char *fx_compare(const struct fx_list *want, const struct fx_list *got, bool headers)
{
	static char msg[8192];
	size_t n = want->n < got->n ? want->n : got->n;
	for (size_t i = 0; i < n; i++) {
		const struct fx_event *a = &want->ev[i], *b = &got->ev[i];
		if (strcmp(a->name, b->name) || strcmp(a->priv, b->priv)) {
			snprintf(msg, sizeof(msg), "event %zu: want %s (%s), got %s (%s)", i,
				 a->name, a->priv, b->name, b->priv);
			return msg;
		}
		if (!headers)
			continue;
		size_t m = a->nline < b->nline ? a->nline : b->nline;
		for (size_t k = 0; k < m; k++) {
			if (strcmp(a->line[k], b->line[k])) {
				snprintf(msg, sizeof(msg),
					 "event %zu (%s) line %zu: want [%s] got [%s]", i, a->name,
					 k, a->line[k], b->line[k]);
				return msg;
			}
		}
		if (a->nline != b->nline) {
			snprintf(msg, sizeof(msg), "event %zu (%s): want %zu lines, got %zu (%s)",
				 i, a->name, a->nline, b->nline,
				 a->nline > m ? a->line[m] : b->line[m]);
			return msg;
		}
	}
	if (want->n != got->n) {
		snprintf(msg, sizeof(msg), "want %zu events, got %zu (next: %s)", want->n, got->n,
			 want->n > n ? want->ev[n].name : got->ev[n].name);
		return msg;
	}
	return NULL;
}

uint32_t fx_readperm(const char *account)
{
	size_t len;
	char *conf = tu_load("asterisk-22/conf/manager.conf", &len);
	char head[80];
	snprintf(head, sizeof(head), "\n[%s]", account);
	char *sec = strstr(conf, head);
	uint32_t mask = 0;
	if (sec) {
		char *next = strstr(sec + 1, "\n[");
		char *rd = strstr(sec, "\nread");
		if (rd && (!next || rd < next)) {
			char *eq = strchr(rd, '=');
			char *eol = strchr(eq, '\n');
			char val[256];
			snprintf(val, sizeof(val), "%.*s", (int)(eol - eq - 1), eq + 1);
			char *v = val;
			while (*v == ' ')
				v++;
			size_t vl = strlen(v);
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\r'))
				v[--vl] = '\0';
			mask = ami_perm_from_conf(v);
		}
	}
	free(conf);
	return mask;
}

/* ---- actions and their replies ---- */

#include <criterion/criterion.h>

#include "core/message.h"
#include "sim/pbx.h"

char *fx_action(struct sim_pbx *pbx, uint32_t writeperm, const char *spec)
{
	char text[2048];
	size_t o = 0;
	for (const char *s = spec; *s && o + 4 < sizeof(text); s++) {
		if (*s == '|') {
			text[o++] = '\r';
			text[o++] = '\n';
		} else {
			text[o++] = *s;
		}
	}
	o += (size_t)snprintf(text + o, sizeof(text) - o, "\r\n\r\n");
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	ami_msg_parse_block(&m, text, o, hdrs, 64);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	struct sim_reply r = { .out = &out,
			       .req = &m,
			       .readperm = AMI_PERM_ALL,
			       .writeperm = writeperm,
			       .username = "test" };
	ami_msg_cstr(&m, "ActionID", r.actionid, sizeof(r.actionid));
	char name[64];
	ami_msg_cstr(&m, "Action", name, sizeof(name));
	cr_assert(sim_pbx_action(pbx, name, &r), "%s not handled", name);
	size_t n;
	char *s = ami_buf_steal(&out, &n);
	ami_buf_free(&out);
	return s ? s : calloc(1, 1);
}

char *fx_reply(const char *rel, const char *id)
{
	size_t len;
	char *raw = tu_load(rel, &len);
	char idline[80];
	snprintf(idline, sizeof(idline), "\r\nActionID: %s\r\n", id);
	char *first = strstr(raw, idline);
	cr_assert_not_null(first);
	while (first > raw && strncmp(first, "\r\n\r\n", 4))
		first--;
	first += 4;
	/* up to the end of the last message carrying the ActionID */
	char *last = first, *hit;
	while ((hit = strstr(last, idline)))
		last = strstr(hit, "\r\n\r\n") + 4;
	char *out = strndup(first, (size_t)(last - first));
	free(raw);
	return out;
}

/* Split reply bytes into messages (not normalised yet). */
static void fx_split_reply(struct fx_list *l, const char *bytes)
{
	memset(l, 0, sizeof(*l));
	const char *s = bytes;
	while (*s) {
		const char *end = strstr(s, "\r\n\r\n");
		if (!end)
			break;
		const char *nl = strstr(s, "\r\n");
		fx_push(l, "", "", 0);
		free(l->ev[l->n - 1].name);
		l->ev[l->n - 1].name = dup_n(s, (size_t)(nl - s));
		for (const char *ln = s; ln < end;) {
			const char *e = strstr(ln, "\r\n");
			/* Seconds/Duration/Wait count whole seconds of wall time: too coarse to compare */
			if (strncmp(ln, "Duration: ", 10) && strncmp(ln, "Seconds: ", 9) &&
			    strncmp(ln, "Wait: ", 6))
				fx_line(l, ln, (size_t)(e - ln));
			ln = e + 2;
		}
		s = end + 4;
	}
}

/* An item's key: its channel (or queue) line with the run-dependent hex digits masked. */
static void item_key(const struct fx_event *e, char *key, size_t cap)
{
	snprintf(key, cap, "%s", e->nline > 2 ? e->line[2] : "");
	for (char *p = key; (p = strstr(p, "@test-")); p += 6)
		for (char *q = p + 6; *q && *q != ';'; q++)
			*q = 'x';
}

static int cmp_item(const void *a, const void *b)
{
	char ka[256], kb[256];
	item_key(a, ka, sizeof(ka));
	item_key(b, kb, sizeof(kb));
	return strcmp(ka, kb);
}

const char *fx_compare_replies(const char *want, const char *got, bool sort)
{
	struct fx_list a, b;
	fx_split_reply(&a, want);
	fx_split_reply(&b, got);
	if (sort && a.n > 2 && b.n > 2) {
		qsort(a.ev + 1, a.n - 2, sizeof(*a.ev), cmp_item);
		qsort(b.ev + 1, b.n - 2, sizeof(*b.ev), cmp_item);
	}
	fx_normalize(&a);
	fx_normalize(&b);
	const char *diff = fx_compare(&a, &b, true);
	fx_free(&a);
	fx_free(&b);
	return diff;
}
