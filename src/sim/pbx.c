/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PBX model's core: lifetime, the job scheduler, channels and their variables, bridges. */
#include "sim/pbx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

static const char *const state_names[] = {
#define PBX_STATE_NAME(name, num, text) [num] = text,
	PBX_STATE_INFO(PBX_STATE_NAME)
#undef PBX_STATE_NAME
};

const char *pbx_state_str(enum pbx_state s)
{
	if ((unsigned)s < sizeof(state_names) / sizeof(state_names[0]) && state_names[s])
		return state_names[s];
	return "Unknown";
}

static const char *const devstate_names[] = {
#define PBX_DEVSTATE_NAME(name, text, cli) text,
	PBX_DEVSTATE_INFO(PBX_DEVSTATE_NAME)
#undef PBX_DEVSTATE_NAME
};

static const char *const devstate_cli_names[] = {
#define PBX_DEVSTATE_CLI(name, text, cli) cli,
	PBX_DEVSTATE_INFO(PBX_DEVSTATE_CLI)
#undef PBX_DEVSTATE_CLI
};

const char *pbx_devstate_str(enum pbx_devstate d)
{
	return (unsigned)d < PBX_DEV_COUNT ? devstate_names[d] : "UNKNOWN";
}

const char *pbx_devstate_cli(enum pbx_devstate d)
{
	return (unsigned)d < PBX_DEV_COUNT ? devstate_cli_names[d] : "Unknown";
}

void pbx_set_str(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const char *pbx_strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n &&
		       ascii_lower((unsigned char)hay[i]) == ascii_lower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return hay;
	}
	return n ? NULL : hay;
}

/* ---- random numbers: xoshiro256**, seeded through splitmix64 (reproducible) ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void pbx_rng_seed(struct pbx_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t pbx_rand(struct pbx_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

unsigned pbx_rand_range(struct pbx_rng *r, unsigned lo, unsigned hi)
{
	if (hi <= lo)
		return lo;
	return lo + (unsigned)(pbx_rand(r) % ((uint64_t)hi - lo + 1));
}

/* ---- clocks and the job scheduler (one bus timer for the earliest job) ---- */

uint64_t pbx_now(struct sim_pbx *p)
{
	return sim_bus_now_ms(p->bus);
}

uint64_t pbx_wall_s(struct sim_pbx *p)
{
	return sim_bus_wall_us(p->bus) / 1000000u;
}

static bool job_before(const struct pbx_job *a, const struct pbx_job *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void heap_push(struct sim_pbx *p, struct pbx_job j)
{
	if (p->njob == p->capjob) {
		size_t cap = p->capjob ? p->capjob * 2 : 256;
		struct pbx_job *h;
		if (cap > PBX_JOBS_MAX || !(h = realloc(p->heap, cap * sizeof(*h))))
			return; /* bounded: the job is dropped (the call it belongs to stalls) */
		p->heap = h;
		p->capjob = cap;
	}
	size_t i = p->njob++;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!job_before(&j, &p->heap[up]))
			break;
		p->heap[i] = p->heap[up];
		i = up;
	}
	p->heap[i] = j;
}

static struct pbx_job heap_pop(struct sim_pbx *p)
{
	struct pbx_job top = p->heap[0];
	struct pbx_job last = p->heap[--p->njob];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct pbx_job *best = &last;
		if (l < p->njob && job_before(&p->heap[l], best)) {
			m = l;
			best = &p->heap[l];
		}
		if (r < p->njob && job_before(&p->heap[r], best))
			m = r;
		if (m == i)
			break;
		p->heap[i] = p->heap[m];
		i = m;
	}
	if (p->njob)
		p->heap[i] = last;
	return top;
}

static void sched_tick(void *arg);

static void sched_arm(struct sim_pbx *p)
{
	if (p->in_tick)
		return;
	if (!p->njob) {
		if (p->armed_id)
			sim_timer_cancel(p->bus, p->armed_id);
		p->armed_id = 0;
		return;
	}
	uint64_t due = p->heap[0].due;
	if (p->armed_id && p->armed_due <= due)
		return;
	if (p->armed_id)
		sim_timer_cancel(p->bus, p->armed_id);
	uint64_t now = pbx_now(p);
	p->armed_due = due;
	p->armed_id = sim_timer_add(p->bus, due > now ? due - now : 0, sched_tick, p);
}

static void sched_tick(void *arg)
{
	struct sim_pbx *p = arg;
	p->armed_id = 0;
	p->in_tick = true;
	uint64_t now = pbx_now(p);
	while (p->njob && p->heap[0].due <= now) {
		struct pbx_job j = heap_pop(p);
		j.fn(p, j.a, j.b);
	}
	pbx_reap(p);
	p->in_tick = false;
	sched_arm(p);
}

void pbx_after(struct sim_pbx *p, uint64_t delay_ms, pbx_job_fn fn, uint32_t a, uint32_t b)
{
	struct pbx_job j = { pbx_now(p) + delay_ms, p->jobseq++, fn, a, b };
	heap_push(p, j);
	sched_arm(p);
}

/* ---- channels ---- */

void pbx_new_uniqueid(struct sim_pbx *p, char *dst, size_t cap)
{
	const char *sys = sim_bus_system_name(p->bus);
	unsigned long long epoch = (unsigned long long)pbx_wall_s(p);
	if (sys && *sys)
		snprintf(dst, cap, "%s-%llu.%lu", sys, epoch, p->uniq_seq++);
	else
		snprintf(dst, cap, "%llu.%lu", epoch, p->uniq_seq++);
}

static bool slot_alloc(struct sim_pbx *p, unsigned *out)
{
	if (p->nfree) {
		*out = p->free_slot[--p->nfree];
		return true;
	}
	if (p->nslot >= PBX_CHANS_MAX)
		return false;
	if ((p->nslot & 255) == 0) {
		size_t n = p->nslot + 256;
		struct pbx_chan **s = realloc(p->slot, n * sizeof(*s));
		if (!s)
			return false;
		p->slot = s;
		uint16_t *g = realloc(p->slot_gen, n * sizeof(*g));
		if (!g)
			return false;
		p->slot_gen = g;
		unsigned *f = realloc(p->free_slot, n * sizeof(*f));
		if (!f)
			return false;
		p->free_slot = f;
	}
	p->slot_gen[p->nslot] = 1;
	*out = p->nslot++;
	return true;
}

struct pbx_chan *pbx_chan_new(struct sim_pbx *p, const char *name, const char *tech,
			      const char *device, enum pbx_state st, const char *context,
			      const char *exten, const char *linkedid)
{
	unsigned slot;
	if (!slot_alloc(p, &slot))
		return NULL;
	struct pbx_chan *c = calloc(1, sizeof(*c));
	if (!c) {
		p->free_slot[p->nfree++] = slot;
		return NULL;
	}
	p->slot[slot] = c;
	c->handle = (uint32_t)p->slot_gen[slot] << 16 | (slot + 1);
	PBX_SET(c->name, name);
	PBX_SET(c->tech, tech);
	PBX_SET(c->device, device);
	PBX_SET(c->language, "en");
	PBX_SET(c->context, context);
	PBX_SET(c->exten, exten);
	c->prio = 1;
	c->state = st;
	c->own_cdr = true;
	c->answer_after_ms = -1;
	c->member = -1;
	pbx_new_uniqueid(p, c->uniqueid, sizeof(c->uniqueid));
	PBX_SET(c->linkedid, linkedid && *linkedid ? linkedid : c->uniqueid);
	c->created_ms = pbx_now(p);
	c->created_us = sim_bus_wall_us(p->bus);
	c->prev_live = p->live_tail;
	if (p->live_tail)
		p->live_tail->next_live = c;
	else
		p->live_head = c;
	p->live_tail = c;
	p->nlive++;
	return c;
}

struct pbx_chan *pbx_chan_get(struct sim_pbx *p, uint32_t handle)
{
	unsigned slot = (handle & 0xffffu);
	if (!slot || slot > p->nslot)
		return NULL;
	struct pbx_chan *c = p->slot[slot - 1];
	if (!c || c->handle != handle || c->dead)
		return NULL;
	return c;
}

struct pbx_chan *pbx_chan_find(struct sim_pbx *p, const char *name)
{
	/* Asterisk matches channel names case-insensitively. */
	for (struct pbx_chan *c = p->live_head; c; c = c->next_live) {
		size_t i = 0;
		while (c->name[i] && ascii_lower((unsigned char)c->name[i]) ==
					 ascii_lower((unsigned char)name[i]))
			i++;
		if (!c->name[i] && !name[i])
			return c;
	}
	return NULL;
}

struct pbx_chan *pbx_chan_find_uid(struct sim_pbx *p, const char *uniqueid)
{
	for (struct pbx_chan *c = p->live_head; c; c = c->next_live)
		if (!strcmp(c->uniqueid, uniqueid))
			return c;
	return NULL;
}

void pbx_chan_release(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->dead)
		return;
	c->dead = true;
	c->token++;
	if (c->bridge) {
		struct pbx_bridge *b = c->bridge;
		for (unsigned i = 0; i < b->nchan; i++)
			if (b->chan[i] == c)
				b->chan[i] = b->chan[--b->nchan];
		c->bridge = NULL;
	}
	if (c->pair && c->pair->pair == c)
		c->pair->pair = NULL;
	if (c->dialer && c->dialer->dialed == c)
		c->dialer->dialed = NULL;
	if (c->dialed && c->dialed->dialer == c)
		c->dialed->dialer = NULL;
	if (c->queue)
		pbx_queue_forget(p, c);
	if (c->in_pbx && p->active_calls)
		p->active_calls--;
	c->in_pbx = false;
	if (c->prev_live)
		c->prev_live->next_live = c->next_live;
	else
		p->live_head = c->next_live;
	if (c->next_live)
		c->next_live->prev_live = c->prev_live;
	else
		p->live_tail = c->prev_live;
	p->nlive--;
	unsigned slot = (c->handle & 0xffffu) - 1;
	p->slot[slot] = NULL;
	p->slot_gen[slot] =
	    (uint16_t)(p->slot_gen[slot] + 1) ? (uint16_t)(p->slot_gen[slot] + 1) : 1;
	p->free_slot[p->nfree++] = slot;
	c->next_dead = p->dead_head;
	p->dead_head = c;
}

void pbx_reap(struct sim_pbx *p)
{
	while (p->dead_head) {
		struct pbx_chan *c = p->dead_head;
		p->dead_head = c->next_dead;
		pbx_var_free(&c->vars, &c->nvars);
		free(c);
	}
}

void pbx_call_count(struct sim_pbx *p, struct pbx_chan *c, bool on)
{
	if (on && !c->in_pbx) {
		c->in_pbx = true;
		p->active_calls++;
		p->processed++;
	} else if (!on && c->in_pbx) {
		c->in_pbx = false;
		p->active_calls--;
	}
}

void pbx_chan_state(struct sim_pbx *p, struct pbx_chan *c, enum pbx_state st)
{
	if (c->state == st)
		return;
	c->state = st;
	pbx_ev_chan(p, "Newstate", c);
}

void pbx_chan_answer(struct sim_pbx *p, struct pbx_chan *c)
{
	if (!c->answered_ms) {
		c->answered_ms = pbx_now(p) ? pbx_now(p) : 1;
		c->answered_us = sim_bus_wall_us(p->bus);
	}
	pbx_chan_state(p, c, PBX_STATE_UP);
}

void pbx_chan_cdr(struct sim_pbx *p, struct pbx_chan *c)
{
	if (!c->own_cdr || c->cdr_done)
		return;
	c->cdr_done = true;
	pbx_ev_cdr(p, c);
}

void pbx_chan_inuse(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->devstate_inuse)
		return;
	c->devstate_inuse = true;
	c->pending_notinuse = true;
	pbx_ev_devstate(p, c->device, PBX_DEV_INUSE);
}

void pbx_chan_notinuse(struct sim_pbx *p, struct pbx_chan *c)
{
	if (!c->pending_notinuse)
		return;
	c->pending_notinuse = false;
	pbx_ev_devstate(p, c->device, PBX_DEV_NOT_INUSE);
}

void pbx_notinuse_defer(struct sim_pbx *p, struct pbx_chan *c)
{
	if (!c->pending_notinuse)
		return;
	c->pending_notinuse = false;
	if (p->nnotinuse >= sizeof(p->notinuse) / sizeof(p->notinuse[0])) {
		pbx_ev_devstate(p, c->device, PBX_DEV_NOT_INUSE);
		return;
	}
	PBX_SET(p->notinuse[p->nnotinuse], c->device);
	p->nnotinuse++;
}

void pbx_notinuse_flush(struct sim_pbx *p)
{
	for (unsigned i = 0; i < p->nnotinuse; i++)
		pbx_ev_devstate(p, p->notinuse[i], PBX_DEV_NOT_INUSE);
	p->nnotinuse = 0;
}

void pbx_chan_detach(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->queue)
		pbx_queue_caller_gone(p, c);
	if (c->dialed && !c->bridge)
		pbx_dial_cancel(p, c, "CANCEL");
	if (c->dialed && c->bridge)
		pbx_dial_dialer_left(p, c, c->cause);
}

void pbx_chan_end(struct sim_pbx *p, struct pbx_chan *c, int cause)
{
	if (c->dead)
		return;
	if (c->shr_wanted && !c->shr_done) {
		c->shr_done = true;
		pbx_ev_hangup_request(p, c, true, 16);
	}
	pbx_chan_detach(p, c);
	struct pbx_bridge *b = c->bridge;
	if (b)
		pbx_bridge_leave(p, c);
	pbx_chan_gone(p, c, cause);
	pbx_chan_cdr(p, c);
	pbx_notinuse_defer(p, c);
	pbx_notinuse_flush(p);
	if (b && !b->nchan)
		pbx_bridge_destroy(p, b);
}

void pbx_hangup_request(struct sim_pbx *p, struct pbx_chan *c, int cause)
{
	pbx_ev_hangup_request(p, c, false, cause);
	c->cause = cause;
	c->softhangup = true;
}

void pbx_chan_gone(struct sim_pbx *p, struct pbx_chan *c, int cause)
{
	if (!c->hangup_emitted) {
		c->hangup_emitted = true;
		c->cause = cause;
		pbx_ev_hangup(p, c, cause);
	}
	pbx_chan_release(p, c);
}

/* ---- variables ---- */

const char *pbx_var_get(struct pbx_var *list, const char *name)
{
	for (; list; list = list->next)
		if (!strcmp(list->name, name))
			return list->value;
	return NULL;
}

bool pbx_var_set(struct pbx_var **list, unsigned *n, const char *name, const char *value)
{
	for (struct pbx_var **pp = list; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name))
			continue;
		struct pbx_var *old = *pp;
		*pp = old->next;
		free(old);
		(*n)--;
		break;
	}
	if (!value)
		return true;
	if (*n >= PBX_VARS_MAX)
		return false;
	size_t nl = strlen(name), vl = strlen(value);
	struct pbx_var *v = malloc(sizeof(*v) + nl + vl + 2);
	if (!v)
		return false;
	memcpy(v->name, name, nl + 1);
	v->value = v->name + nl + 1;
	memcpy(v->value, value, vl + 1);
	/* appended at the end so AllVariables lists them in the order they were set */
	struct pbx_var **pp = list;
	while (*pp)
		pp = &(*pp)->next;
	v->next = NULL;
	*pp = v;
	(*n)++;
	return true;
}

void pbx_var_free(struct pbx_var **list, unsigned *n)
{
	while (*list) {
		struct pbx_var *v = *list;
		*list = v->next;
		free(v);
	}
	*n = 0;
}

static bool setvar_function(struct sim_pbx *p, struct pbx_chan *c, const char *name,
			    const char *value)
{
	if (!c)
		return true;
	if (!strcmp(name, "CDR(userfield)")) {
		PBX_SET(c->userfield, value);
	} else if (!strcmp(name, "CDR(accountcode)") || !strcmp(name, "CHANNEL(accountcode)")) {
		PBX_SET(c->accountcode, value);
	} else if (!strcmp(name, "CALLERID(num)") || !strcmp(name, "CALLERID(number)")) {
		PBX_SET(c->cid_num, value);
		pbx_ev_newcallerid(p, c);
	} else if (!strcmp(name, "CALLERID(name)")) {
		PBX_SET(c->cid_name, value);
		pbx_ev_newcallerid(p, c);
	} else if (!strcmp(name, "CHANNEL(language)")) {
		PBX_SET(c->language, value);
	}
	return true;
}

bool pbx_setvar(struct sim_pbx *p, struct pbx_chan *c, const char *name, const char *value)
{
	size_t n = strlen(name);
	if (n && name[n - 1] == ')')
		return setvar_function(p, c, name, value);
	bool ok = c ? pbx_var_set(&c->vars, &c->nvars, name, value)
		    : pbx_var_set(&p->globals, &p->nglobals, name, value);
	if (ok)
		pbx_ev_varset(p, c, name, value);
	return ok;
}

static bool getvar_builtin(struct sim_pbx *p, struct pbx_chan *c, const char *name, char *dst,
			   size_t cap)
{
	if (!strcmp(name, "EPOCH")) {
		snprintf(dst, cap, "%llu", (unsigned long long)pbx_wall_s(p));
		return true;
	}
	if (!strcmp(name, "SYSTEMNAME")) {
		pbx_set_str(dst, cap, sim_bus_system_name(p->bus));
		return true;
	}
	if (!c)
		return false;
	if (!strcmp(name, "CHANNEL") || !strcmp(name, "CHANNEL(name)"))
		pbx_set_str(dst, cap, c->name);
	else if (!strcmp(name, "UNIQUEID") || !strcmp(name, "CHANNEL(uniqueid)"))
		pbx_set_str(dst, cap, c->uniqueid);
	else if (!strcmp(name, "CHANNEL(linkedid)"))
		pbx_set_str(dst, cap, c->linkedid);
	else if (!strcmp(name, "EXTEN"))
		pbx_set_str(dst, cap, c->exten);
	else if (!strcmp(name, "CONTEXT"))
		pbx_set_str(dst, cap, c->context);
	else if (!strcmp(name, "PRIORITY"))
		snprintf(dst, cap, "%d", c->prio);
	else if (!strcmp(name, "CALLERID(num)") || !strcmp(name, "CALLERID(number)"))
		pbx_set_str(dst, cap, c->cid_num);
	else if (!strcmp(name, "CALLERID(name)"))
		pbx_set_str(dst, cap, c->cid_name);
	else if (!strcmp(name, "CALLERID(all)"))
		snprintf(dst, cap, "\"%s\" <%s>", c->cid_name, c->cid_num);
	else if (!strcmp(name, "CDR(userfield)"))
		pbx_set_str(dst, cap, c->userfield);
	else if (!strcmp(name, "CHANNEL(state)"))
		pbx_set_str(dst, cap, pbx_state_str(c->state));
	else if (!strcmp(name, "CHANNEL(language)"))
		pbx_set_str(dst, cap, c->language);
	else if (!strcmp(name, "CHANNEL(accountcode)") || !strcmp(name, "CDR(accountcode)"))
		pbx_set_str(dst, cap, c->accountcode);
	else
		return false;
	return true;
}

void pbx_getvar(struct sim_pbx *p, struct pbx_chan *c, const char *name, char *dst, size_t cap)
{
	dst[0] = '\0';
	if (getvar_builtin(p, c, name, dst, cap))
		return;
	const char *v = c ? pbx_var_get(c->vars, name) : NULL;
	if (!v)
		v = pbx_var_get(p->globals, name);
	pbx_set_str(dst, cap, v);
}

/* ---- bridges ---- */

struct pbx_bridge *pbx_bridge_new(struct sim_pbx *p)
{
	struct pbx_bridge *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	uint64_t hi = pbx_rand(&p->rng), lo = pbx_rand(&p->rng);
	snprintf(b->uid, sizeof(b->uid), "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(hi >> 32),
		 (unsigned)(hi >> 16) & 0xffffu, (unsigned)hi & 0xfffu,
		 (unsigned)(0x8000u | ((lo >> 48) & 0x3fffu)),
		 (unsigned long long)(lo & 0xffffffffffffull));
	b->created_ms = pbx_now(p);
	b->next = p->bridges;
	p->bridges = b;
	pbx_ev_bridge(p, "BridgeCreate", b);
	return b;
}

void pbx_bridge_enter(struct sim_pbx *p, struct pbx_bridge *b, struct pbx_chan *c)
{
	if (!b || b->nchan >= 2 || c->bridge)
		return;
	b->chan[b->nchan++] = c;
	c->bridge = b;
	pbx_ev_bridge_chan(p, "BridgeEnter", b, c);
}

void pbx_bridge_leave(struct sim_pbx *p, struct pbx_chan *c)
{
	struct pbx_bridge *b = c->bridge;
	if (!b)
		return;
	for (unsigned i = 0; i < b->nchan; i++) {
		if (b->chan[i] != c)
			continue;
		b->chan[i] = b->chan[--b->nchan];
		break;
	}
	c->bridge = NULL;
	pbx_ev_bridge_chan(p, "BridgeLeave", b, c);
}

void pbx_bridge_leave_gc(struct sim_pbx *p, struct pbx_chan *c)
{
	struct pbx_bridge *b = c->bridge;
	if (!b)
		return;
	pbx_bridge_leave(p, c);
	if (!b->nchan)
		pbx_bridge_destroy(p, b);
}

void pbx_bridge_destroy(struct sim_pbx *p, struct pbx_bridge *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < b->nchan; i++)
		b->chan[i]->bridge = NULL;
	b->nchan = 0;
	pbx_ev_bridge(p, "BridgeDestroy", b);
	for (struct pbx_bridge **pp = &p->bridges; *pp; pp = &(*pp)->next) {
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	}
	free(b);
}

struct pbx_chan *pbx_bridge_peer(const struct pbx_chan *c)
{
	const struct pbx_bridge *b = c->bridge;
	if (!b)
		return NULL;
	for (unsigned i = 0; i < b->nchan; i++)
		if (b->chan[i] != c)
			return b->chan[i];
	return NULL;
}

/* ---- the public API ---- */

struct sim_pbx *sim_pbx_new(struct sim_bus *bus, const struct sim_pbx_opts *opts)
{
	struct sim_pbx *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->bus = bus;
	ami_buf_init(&p->ev, 64 * 1024);
	ami_buf_init(&p->tmp, 16 * 1024);
	pbx_rng_seed(&p->rng, opts ? opts->seed : 0);
	p->start_us = sim_bus_wall_us(bus);
	pbx_queues_init(p);
	if (opts)
		sim_pbx_set_traffic(p, opts->calls_per_second, opts->flood);
	return p;
}

void sim_pbx_free(struct sim_pbx *pbx)
{
	if (!pbx)
		return;
	pbx_traffic_free(pbx);
	pbx_flood_free(pbx);
	if (pbx->armed_id)
		sim_timer_cancel(pbx->bus, pbx->armed_id);
	while (pbx->calls)
		pbx_call_free(pbx, pbx->calls);
	while (pbx->live_head)
		pbx_chan_release(pbx, pbx->live_head);
	pbx_reap(pbx);
	while (pbx->bridges) {
		struct pbx_bridge *b = pbx->bridges;
		pbx->bridges = b->next;
		free(b);
	}
	pbx_queues_free(pbx);
	pbx_var_free(&pbx->globals, &pbx->nglobals);
	free(pbx->heap);
	free(pbx->slot);
	free(pbx->slot_gen);
	free(pbx->free_slot);
	ami_buf_free(&pbx->ev);
	ami_buf_free(&pbx->tmp);
	free(pbx);
}

void sim_pbx_counts(const struct sim_pbx *pbx, unsigned *channels, unsigned *calls,
		    unsigned long *processed)
{
	if (channels)
		*channels = pbx->nlive;
	if (calls)
		*calls = pbx->active_calls;
	if (processed)
		*processed = pbx->processed;
}

void sim_pbx_set_traffic(struct sim_pbx *pbx, double calls_per_second, unsigned flood)
{
	pbx_traffic_set(pbx, calls_per_second);
	pbx_flood_set(pbx, flood);
}

void sim_pbx_flood_burst(struct sim_pbx *pbx, unsigned n)
{
	pbx_flood_burst(pbx, n);
}

bool sim_pbx_action(struct sim_pbx *pbx, const char *name, struct sim_reply *r)
{
	bool handled = pbx_actions_dispatch(pbx, name, r);
	if (!pbx->in_tick)
		pbx_reap(pbx);
	return handled;
}
