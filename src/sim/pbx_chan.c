/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PBX's channels (slots with generation handles, life, device state), variables and bridges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
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

/* Keep the per-endpoint channel count of PJSIP/<traffic number> devices. */
static void ep_count(struct sim_pbx *p, const struct pbx_chan *c, int delta)
{
	if (strncmp(c->device, "PJSIP/", 6))
		return;
	int i = pbx_traffic_ep_index(c->device + 6);
	if (i >= 0 && (delta > 0 || p->ep_use[i] > 0))
		p->ep_use[i] = (uint16_t)(p->ep_use[i] + delta);
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
	ep_count(p, c, 1);
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
	ep_count(p, c, -1);
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
