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

/* The people behind the phones (UTF-8, several scripts; C-escaping shows on O'Brien). */
static const char *const people[] = {
	"Алексей Смирнов",
	"Мария Иванова",
	"Дмитрий Кузнецов",
	"Ольга Петрова",
	"Сергей Волков",
	"Наталья Морозова",
	"Иван Соколов",
	"Елена Попова",
	"Юлия Лебедева",
	"Андрей Новиков",
	"José García",
	"Zoë Müller",
	"François Lefèvre",
	"Björn Åström",
	"Søren O'Brien",
	"Nguyễn Văn An",
	"Łukasz Wiśniewski",
	"Ayşe Yılmaz",
	"Jiří Dvořák",
	"Ana Lúcia Gonçalves",
	"Ελένη Παπαδοπούλου",
	"Κώστας Νικολάου",
	"李伟",
	"王芳",
	"张敏",
	"佐藤 健",
	"鈴木 花子",
	"김민준",
	"이서연",
	"محمد علي",
	"فاطمة الزهراء",
	"אברהם כהן",
	"राहुल शर्मा",
	"สมชาย ใจดี",
	"Олена Коваленко",
	"Tomás Ó Súilleabháin",
	"Mary \"Molly\" Smith",
	"Chidi Okonkwo",
};

enum {
	NPEOPLE = sizeof(people) / sizeof(people[0]),
	NAGENTS = PBX_AGENTS,
	FIRST_PHONE = 10001, /* phones 10001.., agents 2001..2000+PBX_AGENTS */
	FIRST_AGENT = 2001,
};

/* Endpoint index (phones first, then agents) of a number, or -1. */
int pbx_traffic_ep_index(const char *num)
{
	char *end;
	long n = strtol(num, &end, 10);
	if (*end || !*num || num[0] == '0')
		return -1;
	if (n >= FIRST_PHONE && n < FIRST_PHONE + PBX_PHONES)
		return (int)(n - FIRST_PHONE);
	if (n >= FIRST_AGENT && n < FIRST_AGENT + NAGENTS)
		return PBX_PHONES + (int)(n - FIRST_AGENT);
	return -1;
}

/* Number and caller name of endpoint i. */
static const char *ep_name(unsigned i, char *num, size_t cap)
{
	if (i < PBX_PHONES) {
		snprintf(num, cap, "%u", FIRST_PHONE + i);
		return people[(i * 17u) % NPEOPLE];
	}
	snprintf(num, cap, "%u", FIRST_AGENT + (i - PBX_PHONES));
	return people[(i - PBX_PHONES) * 5u % NPEOPLE];
}

/* What a generated call does. _(NAME, weight in percent) */
#define PBX_TRAFFIC_KIND_INFO(_) \
	_(ANSWERED, 52)          \
	_(BUSY, 8)               \
	_(NOANSWER, 8)           \
	_(ABANDON, 6)            \
	_(QUEUED, 10)            \
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
	uint32_t gen; /* bumped when the rate changes: stale arrival jobs stop */
	bool queue_ready;
};

bool pbx_traffic_endpoint(struct sim_pbx *p, const char *name, const char **cid_name)
{
	(void)p;
	int i = pbx_traffic_ep_index(name);
	if (i < 0)
		return false;
	char num[16];
	const char *n = ep_name((unsigned)i, num, sizeof(num));
	if (cid_name)
		*cid_name = n;
	return true;
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
	char num[16];
	if (!c || !c->bridge || target >= PBX_PHONES)
		return;
	ep_name(target, num, sizeof(num));
	if (!pbx_blind_transfer(p, c, "from-internal", num))
		pbx_remote_hangup(p, c, 16); /* the transfer failed: they hang up instead */
}

/* How many live channels use endpoint i (a phone is busy while it has one). */
static unsigned ep_in_use(const struct sim_pbx *p, int i)
{
	return i >= 0 && i < PBX_PHONES + PBX_AGENTS ? p->ep_use[i] : 0;
}

/* A phone other than a and b (for transfers). */
static unsigned third_phone(struct sim_pbx *p, int a, int b)
{
	unsigned t = pbx_rand_range(&p->rng, 0, PBX_PHONES - 1);
	while ((int)t == a || (int)t == b)
		t = (t + 1) % PBX_PHONES;
	return t;
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
	int di = pbx_traffic_ep_index(d->dial_number);
	/* a phone already in another call is busy (this channel counts once) */
	d->busy = k == TK_BUSY || (d->role == PBX_ROLE_DIAL && ep_in_use(p, di) > 1);
	if (d->busy)
		return true;
	switch (k) {
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
			unsigned target = third_phone(p, pbx_traffic_ep_index(x->cid_num), di);
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
	for (unsigned i = 0; i < PBX_AGENTS; i++) {
		char num[16], iface[32];
		const char *name = ep_name(PBX_PHONES + i, num, sizeof(num));
		snprintf(iface, sizeof(iface), "PJSIP/%s", num);
		pbx_queue_member_add(p, q, iface, name, false, false);
	}
}

/* A free phone (no channel on it), or -1 after a few tries (everyone is on the phone). */
static int free_phone(struct sim_pbx *p)
{
	for (int tries = 0; tries < 8; tries++) {
		unsigned a = pbx_rand_range(&p->rng, 0, PBX_PHONES - 1);
		if (!ep_in_use(p, (int)a))
			return (int)a;
	}
	return -1;
}

/* A call from a free phone: the inbound PJSIP channel runs [from-internal]. */
static void start_call(struct sim_pbx *p)
{
	enum pbx_traffic_kind k = pick_kind(p);
	int a = free_phone(p);
	if (a < 0)
		return;
	unsigned b = third_phone(p, a, a);
	char anum[16], bnum[16];
	const char *aname = ep_name((unsigned)a, anum, sizeof(anum));
	ep_name(b, bnum, sizeof(bnum));
	const char *exten = k == TK_QUEUED ? "8000" : k == TK_IVR ? "8100" : bnum;
	char name[PBX_NAME_MAX], dev[PBX_NAME_MAX];
	snprintf(dev, sizeof(dev), "PJSIP/%s", anum);
	snprintf(name, sizeof(name), "%.100s-%08x", dev, p->pjsip_seq++);
	struct pbx_chan *c =
	    pbx_chan_new(p, name, "PJSIP", dev, PBX_STATE_RING, "from-internal", exten, NULL);
	if (!c)
		return;
	c->role = PBX_ROLE_INBOUND;
	c->tkind = (uint8_t)(k + 1);
	PBX_SET(c->cid_num, anum);
	PBX_SET(c->cid_name, aname);
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

const char *pbx_traffic_name(unsigned i, char *num, size_t cap)
{
	return i < PBX_PHONES + PBX_AGENTS ? ep_name(i, num, cap) : NULL;
}
