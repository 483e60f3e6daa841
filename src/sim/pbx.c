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
