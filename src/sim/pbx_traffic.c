/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated traffic: PJSIP endpoints with caller names in several scripts, and random
 * calls between them (answered, busy, unanswered, abandoned, queued, transferred),
 * drawn from a seeded PRNG so the same seed replays the same calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

/* The endpoints: number, caller name (UTF-8). 1xxx are phones, 2xxx the support agents. */
#define PBX_ENDPOINT_INFO(_)                   \
	_("1001", "Алексей Смирнов")           \
	_("1002", "Мария Иванова")             \
	_("1003", "Дмитрий Кузнецов")          \
	_("1004", "Ольга Петрова")             \
	_("1005", "José García")               \
	_("1006", "Zoë Müller")                \
	_("1007", "李伟")                      \
	_("1008", "佐藤 健")                   \
	_("1009", "Ελένη Παπαδοπούλου")        \
	_("1010", "محمد علي")                  \
	_("1011", "Søren O'Brien")             \
	_("1012", "Nguyễn Văn An")             \
	_("2001", "Анна Соколова (поддержка)") \
	_("2002", "Κώστας Νικολάου")           \
	_("2003", "Łukasz Wiśniewski")         \
	_("2004", "Ayşe Yılmaz")

static const struct {
	const char *num;
	const char *name;
} endpoints[] = {
#define PBX_ENDPOINT_ENTRY(num, name) { num, name },
	PBX_ENDPOINT_INFO(PBX_ENDPOINT_ENTRY)
#undef PBX_ENDPOINT_ENTRY
};

enum { NENDPOINTS = sizeof(endpoints) / sizeof(endpoints[0]), NPHONES = 12 };

/* What a generated call does. _(NAME, weight in percent) */
#define PBX_TRAFFIC_KIND_INFO(_) \
	_(ANSWERED, 46)          \
	_(BUSY, 8)               \
	_(NOANSWER, 8)           \
	_(ABANDON, 6)            \
	_(QUEUED, 16)            \
	_(TRANSFER, 8)           \
	_(IVR, 8)

enum pbx_traffic_kind {
#define PBX_TRAFFIC_KIND_ENUM(name, w) TK_##name,
	PBX_TRAFFIC_KIND_INFO(PBX_TRAFFIC_KIND_ENUM)
#undef PBX_TRAFFIC_KIND_ENUM
	    TK_COUNT
};

static const unsigned kind_weight[] = {
#define PBX_TRAFFIC_KIND_W(name, w) w,
	PBX_TRAFFIC_KIND_INFO(PBX_TRAFFIC_KIND_W)
#undef PBX_TRAFFIC_KIND_W
};

struct pbx_traffic {
	double cps;
	bool running;
	uint32_t gen; /* bumped when the rate changes: stale arrival jobs stop */
	bool queue_ready;
};

bool pbx_traffic_endpoint(struct sim_pbx *p, const char *name, const char **cid_name)
{
	(void)p;
	for (size_t i = 0; i < NENDPOINTS; i++) {
		if (!strcmp(endpoints[i].num, name)) {
			if (cid_name)
				*cid_name = endpoints[i].name;
			return true;
		}
	}
	return false;
}

static enum pbx_traffic_kind pick_kind(struct sim_pbx *p)
{
	unsigned r = pbx_rand_range(&p->rng, 0, 99), acc = 0;
	for (int k = 0; k < TK_COUNT; k++) {
		acc += kind_weight[k];
		if (r < acc)
			return (enum pbx_traffic_kind)k;
	}
	return TK_ANSWERED;
}

static void hangup_job(struct sim_pbx *p, uint32_t h, uint32_t cause)
{
	struct pbx_chan *c = pbx_chan_get(p, h);
	if (c)
		pbx_remote_hangup(p, c, (int)cause);
}

static void transfer_job(struct sim_pbx *p, uint32_t h, uint32_t target)
{
	struct pbx_chan *c = pbx_chan_get(p, h);
	if (!c || !c->bridge || target >= NENDPOINTS)
		return;
	pbx_blind_transfer(p, c, "from-internal", endpoints[target].num);
}

/*
 * A dialed endpoint (or agent): decide ringing time, answer, and who ends the call when.
 * Returns false when the call is not generated traffic (the caller keeps its defaults).
 */
bool pbx_traffic_dialed(struct sim_pbx *p, struct pbx_chan *d)
{
	struct pbx_traffic *t = p->traffic;
	struct pbx_chan *x = d->dialer;
	if (!t || !x || !x->tkind)
		return false;
	enum pbx_traffic_kind k = (enum pbx_traffic_kind)(x->tkind - 1);
	unsigned ring = pbx_rand_range(&p->rng, 1500, 9000);
	unsigned talk = pbx_rand_range(&p->rng, 3000, 60000);
	d->busy = 0;
	switch (k) {
	case TK_BUSY:
		d->busy = 1;
		return true;
	case TK_NOANSWER:
		d->answer_after_ms = -1;
		return true;
	case TK_ABANDON:
		d->answer_after_ms = -1;
		pbx_after(p, pbx_rand_range(&p->rng, 4000, 14000), hangup_job, x->handle, 16);
		return true;
	case TK_TRANSFER:
		if (!x->txfer_done) {
			x->txfer_done = true;
			d->answer_after_ms = (int)ring;
			/* a third phone: neither the caller nor the one transferring */
			unsigned target = pbx_rand_range(&p->rng, 0, NPHONES - 1);
			for (unsigned n = 0; n < NPHONES; n++, target = (target + 1) % NPHONES)
				if (strcmp(endpoints[target].num, x->cid_num) &&
				    strcmp(endpoints[target].num, d->dial_number))
					break;
			pbx_after(p, ring + talk / 3, transfer_job, d->handle, target);
			return true;
		}
		break;
	default:
		break;
	}
	d->answer_after_ms = (int)ring;
	/* either side hangs up after the talk time */
	bool caller = pbx_rand_range(&p->rng, 0, 1) == 0;
	pbx_after(p, ring + talk, hangup_job, caller ? x->handle : d->handle, 16);
	return true;
}

static void ensure_queue(struct sim_pbx *p)
{
	if (p->traffic->queue_ready)
		return;
	p->traffic->queue_ready = true;
	struct pbx_queue *q = pbx_queue_add(p, "support", 15);
	if (!q)
		return;
	PBX_SET(q->strategy, "rrmemory");
	q->servicelevel = 30;
	for (size_t i = NPHONES; i < NENDPOINTS; i++) {
		char iface[32];
		snprintf(iface, sizeof(iface), "PJSIP/%s", endpoints[i].num);
		pbx_queue_member_add(p, q, iface, endpoints[i].name, false, false);
	}
}

/* A call from endpoint a: the inbound PJSIP channel runs [from-internal]. */
static void start_call(struct sim_pbx *p)
{
	enum pbx_traffic_kind k = pick_kind(p);
	unsigned a = pbx_rand_range(&p->rng, 0, NPHONES - 1);
	unsigned b = pbx_rand_range(&p->rng, 0, NPHONES - 2);
	if (b >= a)
		b++;
	const char *exten = k == TK_QUEUED ? "8000" : k == TK_IVR ? "8100" : endpoints[b].num;
	char name[PBX_NAME_MAX], dev[PBX_NAME_MAX];
	snprintf(dev, sizeof(dev), "PJSIP/%s", endpoints[a].num);
	snprintf(name, sizeof(name), "%.100s-%08x", dev, p->pjsip_seq++);
	struct pbx_chan *c =
	    pbx_chan_new(p, name, "PJSIP", dev, PBX_STATE_RING, "from-internal", exten, NULL);
	if (!c)
		return;
	c->role = PBX_ROLE_INBOUND;
	c->tkind = (uint8_t)(k + 1);
	PBX_SET(c->cid_num, endpoints[a].num);
	PBX_SET(c->cid_name, endpoints[a].name);
	PBX_SET(c->dnid, exten);
	pbx_ev_chan(p, "Newchannel", c);
	pbx_chan_inuse(p, c);
	if (k == TK_QUEUED || k == TK_IVR) {
		/* the caller gives up on a long wait, or hangs up after the agent talk */
		unsigned life = pbx_rand_range(&p->rng, 20000, 90000);
		pbx_after(p, life, hangup_job, c->handle, 16);
	}
	pbx_dp_start(p, c, "from-internal", exten, 1);
}

/* ln(x) for 0 < x <= 1 without libm: x = m * 2^-e, ln m = 2 atanh((m-1)/(m+1)). */
static double ln_unit(double x)
{
	int e = 0;
	while (x < 0.5) {
		x *= 2.0;
		e++;
	}
	double z = (x - 1.0) / (x + 1.0), z2 = z * z, term = z, sum = 0.0;
	for (int k = 1; k < 40; k += 2) {
		sum += term / k;
		term *= z2;
	}
	return 2.0 * sum - e * 0.69314718055994530942;
}

static void arrival_job(struct sim_pbx *p, uint32_t gen, uint32_t unused)
{
	(void)unused;
	struct pbx_traffic *t = p->traffic;
	if (!t || gen != t->gen || t->cps <= 0)
		return;
	if (p->nlive + 4 < PBX_CHANS_MAX)
		start_call(p);
	/* exponential inter-arrival times: a Poisson stream of calls */
	double u = ((double)(pbx_rand(&p->rng) >> 11) + 1.0) / 9007199254740993.0;
	double ms = -ln_unit(u) * 1000.0 / t->cps;
	if (ms > 3600000.0)
		ms = 3600000.0;
	pbx_after(p, (uint64_t)ms, arrival_job, t->gen, 0);
}

void pbx_traffic_set(struct sim_pbx *p, double cps)
{
	if (!p->traffic) {
		if (cps <= 0)
			return;
		p->traffic = calloc(1, sizeof(*p->traffic));
		if (!p->traffic)
			return;
	}
	struct pbx_traffic *t = p->traffic;
	t->gen++;
	t->cps = cps > 0 ? cps : 0;
	if (t->cps > 0) {
		ensure_queue(p);
		pbx_after(p, 0, arrival_job, t->gen, 0);
	}
}

void pbx_traffic_free(struct sim_pbx *p)
{
	free(p->traffic);
	p->traffic = NULL;
}

const char *pbx_traffic_name(unsigned i, const char **num)
{
	if (i >= NENDPOINTS)
		return NULL;
	if (num)
		*num = endpoints[i].num;
	return endpoints[i].name;
}
