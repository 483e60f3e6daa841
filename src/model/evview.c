/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Views: a sorted deque of matching seqs, built from both ends, plus cursor and search. */
#include "model/evview.h"

#include <stdlib.h>
#include <string.h>

/*
 * The list covers the ring seqs [lo, hi] completely (every match in it is listed).
 * New events are appended after hi; the backlog is evaluated downwards from lo - 1
 * to the ring's first seq, newest first, then the pinned events that had already
 * left the ring before the backlog reached them (those below lo_floor).
 */
struct evview {
	struct evstore *s;
	uint32_t classes;
	struct evfilter *f;
	/* deque of seqs, ascending */
	uint64_t *q;
	size_t cap, head, len;
	uint64_t lo, hi;
	bool backlog;	    /* ring seqs below lo not yet evaluated */
	bool pins_pending;  /* pinned events below lo_floor not yet evaluated */
	uint64_t lo_floor;  /* the ring's first seq when the backlog finished */
	uint64_t evaluated; /* events considered since the last rebuild (progress) */
	uint64_t to_consider;
	/* cursor */
	bool follow;
	uint64_t sel, top;
	/* search */
	struct evfilter *sf;
	int sdir;
	uint64_t spos;
	bool searching;
};

/* ---- deque ---- */

static uint64_t *slot(const struct evview *v, size_t i)
{
	return &v->q[(v->head + i) & (v->cap - 1)];
}

/* Room for want seqs (rounded up to a power of two); the list is moved once. */
static bool reserve(struct evview *v, size_t want)
{
	if (want <= v->cap)
		return true;
	size_t nc = v->cap ? v->cap : 1024;
	while (nc < want)
		nc *= 2;
	uint64_t *nq = malloc(nc * sizeof *nq);
	if (!nq)
		return false;
	for (size_t i = 0; i < v->len; i++)
		nq[i] = *slot(v, i);
	free(v->q);
	v->q = nq;
	v->cap = nc;
	v->head = 0;
	return true;
}

static bool grow(struct evview *v)
{
	return v->len < v->cap || reserve(v, v->len + 1);
}

static bool push_back(struct evview *v, uint64_t seq)
{
	if (!grow(v))
		return false;
	*slot(v, v->len++) = seq;
	return true;
}

static bool push_front(struct evview *v, uint64_t seq)
{
	if (!grow(v))
		return false;
	v->head = (v->head - 1) & (v->cap - 1);
	v->len++;
	v->q[v->head] = seq;
	return true;
}

static void pop_front(struct evview *v, size_t n)
{
	v->head = (v->head + n) & (v->cap ? v->cap - 1 : 0);
	v->len -= n;
}

size_t evview_count(const struct evview *v)
{
	return v->len;
}

uint64_t evview_at(const struct evview *v, size_t i)
{
	return i < v->len ? *slot(v, i) : 0;
}

size_t evview_lower_bound(const struct evview *v, uint64_t seq)
{
	size_t lo = 0, hi = v->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (*slot(v, mid) < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- building ---- */

static void rebuild(struct evview *v)
{
	v->len = 0;
	v->head = 0;
	uint64_t last = evstore_last(v->s);
	v->hi = last;
	v->lo = last + 1;
	v->backlog = true;
	v->pins_pending = false;
	v->lo_floor = 0;
	v->evaluated = 0;
	v->to_consider = evstore_count(v->s) + evstore_pinned_count(v->s);
	/* an index-only list is built at once: one allocation instead of twenty doublings */
	if (evfilter_index_only(v->f))
		reserve(v, (size_t)v->to_consider);
}

struct evview *evview_new(struct evstore *s)
{
	struct evview *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->s = s;
	v->classes = 0xffffffffu;
	v->follow = true;
	rebuild(v);
	return v;
}

void evview_free(struct evview *v)
{
	if (!v)
		return;
	evfilter_free(v->f);
	evfilter_free(v->sf);
	free(v->q);
	free(v);
}

void evview_set_classes(struct evview *v, uint32_t mask)
{
	if (mask == v->classes)
		return;
	v->classes = mask;
	rebuild(v);
}

uint32_t evview_classes(const struct evview *v)
{
	return v->classes;
}

void evview_set_filter(struct evview *v, struct evfilter *f)
{
	evfilter_free(v->f);
	v->f = f;
	rebuild(v);
}

const struct evfilter *evview_filter(const struct evview *v)
{
	return v->f;
}

/* What a scan step does with each candidate (class already matched). */
struct step {
	struct evview *v;
	size_t budget; /* content evaluations left */
	bool down;
	bool nomem;
	uint64_t undone; /* the seq the scan stopped at without deciding it, 0 if none */
};

static bool decide(struct step *st, uint64_t seq, const struct evstore_keys *k, bool *match)
{
	struct evview *v = st->v;
	v->evaluated++;
	if (k->flags & EVSTORE_F_GAP) {
		*match = true; /* notes pass every filter */
		return true;
	}
	enum evfilter_tri r = evfilter_match_index(v->f, v->s, k);
	if (r != EVFILTER_MAYBE) {
		*match = r == EVFILTER_YES;
		return true;
	}
	if (st->budget == 0)
		return false;
	st->budget--;
	*match = evfilter_match(v->f, v->s, seq);
	return true;
}

/* Called for each class-matching seq; false stops the scan (after this seq if done). */
static bool on_candidate(void *ctx, uint64_t seq, const struct evstore_keys *k)
{
	struct step *st = ctx;
	bool match;
	if (!decide(st, seq, k, &match)) {
		st->v->evaluated--;
		st->undone = seq;
		return false;
	}
	if (match && !(st->down ? push_front(st->v, seq) : push_back(st->v, seq))) {
		st->nomem = true;
		return false;
	}
	/* stop after this one when the budget is gone, so it counts as done */
	return !(st->budget == 0 && !evfilter_index_only(st->v->f));
}

static uint32_t scan_mask(const struct evview *v)
{
	return v->classes | EVSTORE_CLS_NOTE;
}

/* Drop listed seqs that left the store (evicted and not pinned). */
static void trim(struct evview *v)
{
	uint64_t first = evstore_first(v->s);
	size_t k = evview_lower_bound(v, first);
	if (k == 0)
		return;
	if (evstore_pinned_count(v->s) == 0) {
		pop_front(v, k);
		return;
	}
	/* keep the pinned ones (still readable), packed just below index k */
	size_t j = k;
	for (size_t i = k; i-- > 0;) {
		struct evstore_event ev;
		uint64_t q = *slot(v, i);
		if (evstore_get(v->s, q, &ev))
			*slot(v, --j) = q;
	}
	pop_front(v, j);
}

/* New events after hi, oldest first. */
static bool forward(struct evview *v, struct step *st)
{
	uint64_t last = evstore_last(v->s);
	if (v->hi >= last)
		return true;
	if (v->hi + 1 < evstore_first(v->s))
		v->hi = evstore_first(v->s) - 1;
	st->down = false;
	st->undone = 0;
	uint64_t next = evstore_scan(v->s, v->hi + 1, last, scan_mask(v), on_candidate, st);
	if (st->nomem)
		return false;
	v->hi = st->undone ? st->undone - 1 : next - 1;
	return v->hi >= last;
}

/* The backlog below lo, newest first. */
static bool backward(struct evview *v, struct step *st)
{
	uint64_t first = evstore_first(v->s);
	if (v->lo <= first || evstore_count(v->s) == 0) {
		v->lo = v->lo < first ? first : v->lo;
		return true;
	}
	st->down = true;
	st->undone = 0;
	uint64_t next = evstore_scan(v->s, v->lo - 1, first, scan_mask(v), on_candidate, st);
	if (st->nomem)
		return false;
	v->lo = st->undone ? st->undone + 1 : next + 1;
	return v->lo <= first;
}

/* Pinned events that left the ring before the backlog got to them. */
static bool pinned_backlog(struct evview *v, struct step *st)
{
	for (size_t i = evstore_pinned_count(v->s); i-- > 0;) {
		uint64_t q = evstore_pinned_at(v->s, i);
		if (q >= v->lo_floor)
			continue;
		struct evstore_event ev;
		if (!evstore_get(v->s, q, &ev) || !(ev.cls & scan_mask(v)))
			continue;
		struct evstore_keys k = { ev.cls, ev.name, ev.chan, ev.linked, ev.flags };
		bool match;
		if (!decide(st, q, &k, &match))
			return false;
		if (match && !push_front(v, q)) {
			st->nomem = true;
			return false;
		}
		v->lo_floor = q; /* resume below it */
	}
	return true;
}

enum ami_status evview_update(struct evview *v, size_t budget)
{
	struct step st = { .v = v, .budget = budget };
	trim(v);
	uint64_t first = evstore_first(v->s);
	v->to_consider = v->evaluated + (evstore_last(v->s) - v->hi) +
			 (v->backlog && v->lo > first ? v->lo - first : 0);
	bool done = forward(v, &st);
	if (done && v->backlog) {
		done = backward(v, &st);
		if (done) {
			v->backlog = false;
			v->pins_pending = true;
			v->lo_floor = evstore_first(v->s);
		}
	}
	if (done && v->pins_pending) {
		done = pinned_backlog(v, &st);
		if (done)
			v->pins_pending = false;
	}
	if (st.nomem)
		return AMI_E_NOMEM;
	return done && !v->backlog && !v->pins_pending ? AMI_OK : AMI_AGAIN;
}

void evview_progress(const struct evview *v, struct evview_progress *out)
{
	bool complete = !v->backlog && !v->pins_pending && v->hi >= evstore_last(v->s);
	*out = (struct evview_progress){
		.done = v->evaluated,
		.total = v->to_consider < v->evaluated ? v->evaluated : v->to_consider,
		.complete = complete,
	};
}

/* ---- cursor ---- */

void evview_follow(struct evview *v, bool on)
{
	v->follow = on;
}

bool evview_following(const struct evview *v)
{
	return v->follow;
}

/* Index of the selection (the nearest listed seq at or after it), clamped. */
static size_t sel_index(const struct evview *v)
{
	if (v->follow || v->len == 0)
		return v->len ? v->len - 1 : 0;
	size_t i = evview_lower_bound(v, v->sel);
	return i < v->len ? i : v->len - 1;
}

uint64_t evview_selected(const struct evview *v)
{
	return v->len ? *slot(v, sel_index(v)) : 0;
}

void evview_select(struct evview *v, uint64_t seq)
{
	v->follow = false;
	v->sel = seq;
}

void evview_move(struct evview *v, long delta)
{
	if (v->len == 0)
		return;
	long i = (long)sel_index(v) + delta;
	if (i < 0)
		i = 0;
	if (i >= (long)v->len)
		i = (long)v->len - 1;
	v->follow = false;
	v->sel = *slot(v, (size_t)i);
}

void evview_home(struct evview *v)
{
	v->follow = false;
	v->sel = 0;
}

void evview_end(struct evview *v)
{
	v->follow = false;
	v->sel = UINT64_MAX;
}

size_t evview_page(struct evview *v, size_t rows, uint64_t *out, size_t *sel_row)
{
	*sel_row = rows;
	if (v->len == 0 || rows == 0)
		return 0;
	size_t si = sel_index(v);
	size_t ti = evview_lower_bound(v, v->top);
	if (v->follow || ti >= v->len)
		ti = v->len > rows ? v->len - rows : 0;
	if (si < ti)
		ti = si;
	if (si >= ti + rows)
		ti = si - rows + 1;
	/* keep the page full when events were evicted above it */
	if (ti + rows > v->len)
		ti = v->len > rows ? v->len - rows : 0;
	v->top = *slot(v, ti);
	if (!v->follow)
		v->sel = *slot(v, si);
	size_t n = 0;
	for (size_t i = ti; i < v->len && n < rows; i++)
		out[n++] = *slot(v, i);
	*sel_row = si - ti;
	return n;
}

/* ---- search ---- */

void evview_search_start(struct evview *v, struct evfilter *term, int dir)
{
	evfilter_free(v->sf);
	v->sf = term;
	v->sdir = dir < 0 ? -1 : 1;
	v->spos = v->len ? evview_selected(v) : (dir < 0 ? UINT64_MAX : 0);
	v->searching = term != NULL;
}

bool evview_searching(const struct evview *v)
{
	return v->searching;
}

enum ami_status evview_search_step(struct evview *v, size_t budget, uint64_t *found)
{
	if (!v->searching)
		return AMI_E_NOT_FOUND;
	/* resume by seq: the list may have grown or shrunk since the last step */
	size_t i = evview_lower_bound(v, v->sdir > 0 ? v->spos + 1 : v->spos);
	for (; budget; budget--) {
		if (v->sdir < 0 && i == 0)
			break;
		if (v->sdir < 0)
			i--;
		if (i >= v->len)
			break;
		uint64_t q = *slot(v, i);
		v->spos = q;
		if (evfilter_match(v->sf, v->s, q)) {
			v->searching = false;
			evview_select(v, q);
			if (found)
				*found = q;
			return AMI_OK;
		}
		if (v->sdir > 0)
			i++;
	}
	if (budget == 0)
		return AMI_AGAIN;
	v->searching = false;
	return AMI_E_NOT_FOUND;
}
