/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table's read side: lookups, listings, peers, durations and regex counts. */
#include "model/calltab.h"
#include "calltab_int.h"

#include "model/evfilter.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- queries ---- */

uint64_t calltab_generation(const struct calltab *t)
{
	return t->gen;
}

void calltab_stats(const struct calltab *t, struct calltab_stats *out)
{
	uint32_t n = t->lim.max_channels;
	*out = (struct calltab_stats){
		.channels = t->nchans,
		.calls = t->ncalls,
		.bridges = t->nbridges,
		.updates = t->updates,
		.refused = t->refused,
		.evicted = t->evicted,
		.bytes = sizeof *t +
			 (size_t)n * (sizeof *t->chans + sizeof *t->calls + sizeof *t->bridges) +
			 (size_t)(t->by_uid.mask + 1) * 4 * (sizeof(uint32_t) + sizeof(int32_t)),
	};
}

const struct calltab_chan *calltab_find_uid(const struct calltab *t, const char *uniqueid)
{
	int32_t i = ct_map_find(t, &t->by_uid, ct_uid_key, cut(ami_str_c(uniqueid), CALLTAB_ID));
	return i == CT_NONE ? NULL : &t->chans[i].pub;
}

const struct calltab_chan *calltab_find_name(const struct calltab *t, const char *name)
{
	int32_t i = ct_map_find(t, &t->by_name, ct_name_key, cut(ami_str_c(name), CALLTAB_NAME));
	return i == CT_NONE ? NULL : &t->chans[i].pub;
}

/*
 * Call summaries are a cache filled when read: the table is logically const here
 * (it is never a const object: calltab_new allocates it).
 */
const struct calltab_call *calltab_find_call(const struct calltab *t, const char *linkedid)
{
	int32_t i = ct_map_find(t, &t->by_call, ct_call_key, cut(ami_str_c(linkedid), CALLTAB_ID));
	if (i == CT_NONE)
		return NULL;
	ct_call_summarise((struct calltab *)t, i);
	return &t->calls[i].pub;
}

size_t calltab_calls(const struct calltab *t, const struct calltab_call **out, size_t cap)
{
	size_t n = 0;
	for (int32_t i = t->cahead; i != CT_NONE; i = t->calls[i].anext, n++) {
		ct_call_summarise((struct calltab *)t, i);
		if (n < cap)
			out[n] = &t->calls[i].pub;
	}
	return n;
}

/* The pool index of a published channel or call (they are the first member). */
static int32_t chan_index(const struct calltab *t, const struct calltab_chan *ch)
{
	return (int32_t)((const struct ct_chan *)(const void *)ch - t->chans);
}

size_t calltab_call_chans(const struct calltab *t, const struct calltab_call *c,
			  const struct calltab_chan **out, size_t cap)
{
	const struct ct_call *k = (const struct ct_call *)(const void *)c;
	size_t n = 0;
	for (int32_t i = k->first; i != CT_NONE; i = t->chans[i].cnext, n++)
		if (n < cap)
			out[n] = &t->chans[i].pub;
	return n;
}

size_t calltab_chans(const struct calltab *t, const struct calltab_chan **out, size_t cap)
{
	size_t n = 0;
	for (int32_t i = t->achead; i != CT_NONE; i = t->chans[i].anext, n++)
		if (n < cap)
			out[n] = &t->chans[i].pub;
	return n;
}

size_t calltab_peers(const struct calltab *t, const struct calltab_chan *ch,
		     const struct calltab_chan **out, size_t cap)
{
	int32_t i = chan_index(t, ch);
	int32_t bi = t->chans[i].bridge;
	if (bi == CT_NONE)
		return 0;
	size_t n = 0;
	const struct ct_bridge *b = &t->bridges[bi];
	for (uint32_t k = 0; k < b->n; k++) {
		if (b->members[k] == i)
			continue;
		if (n < cap)
			out[n] = &t->chans[b->members[k]].pub;
		n++;
	}
	return n;
}

static int64_t span(int64_t from, int64_t end, int64_t now)
{
	if (!from)
		return 0;
	int64_t to = end ? end : now;
	return to > from ? to - from : 0;
}

int64_t calltab_chan_total(const struct calltab_chan *ch, int64_t now_us)
{
	return span(ch->created_us, ch->hungup_us, now_us);
}

int64_t calltab_chan_talk(const struct calltab_chan *ch, int64_t now_us)
{
	return span(ch->answered_us, ch->hungup_us, now_us);
}

int64_t calltab_call_total(const struct calltab_call *c, int64_t now_us)
{
	return span(c->created_us, c->ended_us, now_us);
}

int64_t calltab_call_talk(const struct calltab_call *c, int64_t now_us)
{
	return span(c->answered_us, c->ended_us, now_us);
}

long calltab_count_matching(const struct calltab *t, const char *re)
{
	regex_t r;
	char why[128];
	/* as Asterisk's Hangup does: extended, case-sensitive; never one that eats memory */
	if (!evfilter_regex_affordable(re, why, sizeof why) ||
	    regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return -1;
	long n = 0;
	for (int32_t i = t->achead; i != CT_NONE; i = t->chans[i].anext)
		if (!t->chans[i].pub.hungup && regexec(&r, t->chans[i].pub.name, 0, NULL, 0) == 0)
			n++;
	regfree(&r);
	return n;
}

void calltab_fmt_duration(int64_t us, char *buf, size_t cap)
{
	long s = (long)(us / 1000000);
	if (us <= 0)
		snprintf(buf, cap, "-");
	else if (s >= 3600)
		snprintf(buf, cap, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
	else
		snprintf(buf, cap, "%ld:%02ld", s / 60, s % 60);
}

void calltab_fmt_party(const char *num, const char *name, char *buf, size_t cap)
{
	if (*num && *name)
		snprintf(buf, cap, "%s \"%s\"", num, name);
	else
		snprintf(buf, cap, "%s%s", num, name);
}
