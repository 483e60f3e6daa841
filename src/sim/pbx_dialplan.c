/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in dialplan ([test] as in the fixtures' extensions.conf, [from-internal] for
 * generated traffic) and the engine that runs it: one application at a time per channel,
 * each application a small state machine re-entered by the scheduler.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

/* What an application returns: a delay (>= 0) before its next phase, or one of these. */
enum {
	DP_NEXT = -1,  /* go on with the next priority now */
	DP_END = -2,   /* the program is over (Hangup()) */
	DP_BLOCK = -3, /* wait for someone else (Dial/Queue answered, ...) */
	DP_GONE = -4,  /* the channel no longer exists */
};

struct dp_prio {
	const char *app;
	const char *data;
};

struct dp_exten {
	const char *context;
	const char *exten; /* "_X." style patterns start with '_' */
	unsigned line;	   /* line in extensions.conf, for dialplan show */
	struct dp_prio prio[6];
};

/* The fixtures' extensions.conf [test] (same order and line numbers), then traffic contexts. */
static const struct dp_exten dialplan[] = {
	{ "test",
	  "100",
	  10,
	  { { "NoOp", "ext 100 start" },
	    { "Answer", "" },
	    { "SendDTMF", "123" },
	    { "Wait", "2" },
	    { "Hangup", "" } } },
	{ "test",
	  "200",
	  17,
	  { { "UserEvent", "TestEvent,Foo: bar" }, { "Wait", "1" }, { "Hangup", "" } } },
	{ "test",
	  "210",
	  22,
	  { { "UserEvent", "TestEvent,Foo: bar" },
	    { "Set", "CDR(userfield)=ami-test" },
	    { "Wait", "4" },
	    { "Hangup", "" } } },
	{ "test", "300", 28, { { "Answer", "" }, { "Queue", "testq,,,,8" }, { "Hangup", "" } } },
	{ "test", "310", 33, { { "Answer", "" }, { "Queue", "holdq,,,,15" }, { "Hangup", "" } } },
	{ "test", "400", 38, { { "Answer", "" }, { "Wait", "3" }, { "Hangup", "" } } },
	{ "test", "800", 43, { { "Ringing", "" }, { "Wait", "30" }, { "Hangup", "" } } },
	{ "test", "500", 48, { { "Dial", "Local/400@test/n,10" }, { "Hangup", "" } } },
	{ "test",
	  "600",
	  52,
	  { { "Answer", "" }, { "Playback", "custom/beep" }, { "Hangup", "" } } },
	{ "test",
	  "700",
	  57,
	  { { "Answer", "" },
	    { "Verbose", "1,ext 700 parked in Wait" },
	    { "Wait", "15" },
	    { "Hangup", "" } } },
	{ "from-internal", "_1XXXX", 62, { { "Dial", "PJSIP/${EXTEN},30" }, { "Hangup", "" } } },
	{ "from-internal", "_2XXXX", 64, { { "Dial", "PJSIP/${EXTEN},30" }, { "Hangup", "" } } },
	{ "from-internal",
	  "8000",
	  66,
	  { { "Answer", "" }, { "Queue", "support,,,,60" }, { "Hangup", "" } } },
	{ "from-internal",
	  "8100",
	  70,
	  { { "Answer", "" }, { "Playback", "custom/beep" }, { "Wait", "2" }, { "Hangup", "" } } },
};

enum { DP_NEXTEN = sizeof(dialplan) / sizeof(dialplan[0]) };

static unsigned dp_nprio(const struct dp_exten *e)
{
	unsigned n = 0;
	while (n < sizeof(e->prio) / sizeof(e->prio[0]) && e->prio[n].app)
		n++;
	return n;
}

/* Asterisk patterns: X = 0-9, Z = 1-9, N = 2-9, . = one or more of anything. */
static bool pattern_match(const char *pat, const char *exten)
{
	if (pat[0] != '_')
		return !strcmp(pat, exten);
	for (pat++; *pat; pat++, exten++) {
		if (*pat == '.')
			return *exten != '\0';
		if (!*exten)
			return false;
		char c = *exten;
		switch (*pat) {
		case 'X':
			if (c < '0' || c > '9')
				return false;
			break;
		case 'Z':
			if (c < '1' || c > '9')
				return false;
			break;
		case 'N':
			if (c < '2' || c > '9')
				return false;
			break;
		default:
			if (c != *pat)
				return false;
		}
	}
	return *exten == '\0';
}

static const struct dp_exten *dp_find(const char *context, const char *exten)
{
	for (unsigned i = 0; i < DP_NEXTEN; i++)
		if (!strcmp(dialplan[i].context, context) &&
		    pattern_match(dialplan[i].exten, exten))
			return &dialplan[i];
	return NULL;
}

bool pbx_dp_exists(const char *context, const char *exten, int prio)
{
	const struct dp_exten *e = dp_find(context, exten);
	if (!e)
		return false;
	return prio <= 0 || (unsigned)prio <= dp_nprio(e);
}

/* ${EXTEN} is the one substitution the built-in dialplan uses. */
static void substitute(const struct pbx_chan *c, const char *in, char *out, size_t cap)
{
	size_t o = 0;
	while (*in && o + 1 < cap) {
		if (!strncmp(in, "${EXTEN}", 8)) {
			for (const char *s = c->exten; *s && o + 1 < cap; s++)
				out[o++] = *s;
			in += 8;
		} else {
			out[o++] = *in++;
		}
	}
	out[o] = '\0';
}

/* ---- applications ---- */

static int app_noop(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)p, (void)c, (void)phase;
	return DP_NEXT;
}

/* Answer(): Up now; Asterisk 22 takes about half a second before the next priority. */
static int app_answer(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	if (phase > 0)
		return DP_NEXT;
	if (c->state == PBX_STATE_UP)
		return DP_NEXT;
	pbx_chan_answer(p, c);
	if (c->half == 2)
		pbx_local_answered(p, c);
	else if (c->role == PBX_ROLE_INBOUND)
		pbx_chan_inuse(p, c);
	return c->dead ? DP_GONE : 500;
}

static int app_wait(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)p;
	if (phase > 0)
		return DP_NEXT;
	double s = atof(c->data);
	if (s < 0)
		s = 0;
	return (int)(s * 1000.0 + 0.5);
}

static int app_hangup(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)p, (void)phase;
	c->softhangup = true;
	c->shr_wanted = true;
	return DP_END;
}

static int app_ringing(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)phase;
	if (c->half == 2)
		pbx_local_ringing(p, c);
	else if (c->state != PBX_STATE_UP)
		pbx_chan_state(p, c, PBX_STATE_RINGING);
	return c->dead ? DP_GONE : DP_NEXT;
}

/*
 * SendDTMF(digits): each digit is heard on the far side (the other Local half) as a
 * DTMFBegin/DTMFEnd pair 100 ms apart, digits 350 ms apart, as the fixtures time them.
 * Phase 2k+1 begins digit k, 2k+2 ends it.
 */
static int app_senddtmf(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	size_t n = strlen(c->data);
	if (phase == 0)
		return 100;
	unsigned k = (unsigned)(phase - 1) / 2;
	if (k >= n)
		return DP_NEXT;
	struct pbx_chan *far = c->half ? c->pair : pbx_bridge_peer(c);
	bool end = (phase - 1) % 2 == 1;
	if (far && !far->dead)
		pbx_ev_dtmf(p, far, c->data[k], end, "Received");
	if (!end)
		return 100;
	return k + 1 < n ? 251 : 250;
}

static int app_userevent(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)phase;
	/* UserEvent(name[,Header: value[,...]]) */
	char buf[PBX_DATA_MAX];
	PBX_SET(buf, c->data);
	char *rest = strchr(buf, ',');
	if (rest)
		*rest++ = '\0';
	pbx_ev_begin(p);
	pbx_ev_chanblock(p, "", c);
	pbx_ev_kv(p, "UserEvent", buf);
	while (rest && *rest) {
		char *next = strchr(rest, ',');
		if (next)
			*next++ = '\0';
		ami_buf_adds(&p->ev, rest);
		ami_buf_add(&p->ev, "\r\n", 2);
		rest = next;
	}
	pbx_ev_send(p, AMI_PERM_USER, "UserEvent");
	return DP_NEXT;
}

static int app_set(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)phase;
	char buf[PBX_DATA_MAX];
	PBX_SET(buf, c->data);
	char *eq = strchr(buf, '=');
	if (eq) {
		*eq = '\0';
		pbx_setvar(p, c, buf, eq + 1);
	}
	return DP_NEXT;
}

static int app_playback(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	if (phase > 0)
		return DP_NEXT;
	if (c->state != PBX_STATE_UP) {
		pbx_chan_answer(p, c);
		if (c->half == 2)
			pbx_local_answered(p, c);
		if (c->dead)
			return DP_GONE;
	}
	return 600; /* custom/beep */
}

static int app_echo(struct sim_pbx *p, struct pbx_chan *c, int phase)
{
	(void)p, (void)c;
	return phase > 0 ? DP_NEXT : 10000;
}

typedef int (*dp_app_fn)(struct sim_pbx *p, struct pbx_chan *c, int phase);

/* _(name, fn, interruptible): an interruptible app ends at once on a hangup request. */
#define DP_APP_INFO(_)                      \
	_("NoOp", app_noop, true)           \
	_("Verbose", app_noop, true)        \
	_("Answer", app_answer, true)       \
	_("Wait", app_wait, true)           \
	_("Hangup", app_hangup, true)       \
	_("Ringing", app_ringing, true)     \
	_("SendDTMF", app_senddtmf, false)  \
	_("UserEvent", app_userevent, true) \
	_("Set", app_set, true)             \
	_("Playback", app_playback, true)   \
	_("Echo", app_echo, true)           \
	_("MusicOnHold", app_echo, true)    \
	_("Dial", pbx_app_dial, true)       \
	_("Queue", pbx_app_queue, true)

struct dp_app {
	const char *name;
	dp_app_fn fn;
	bool interruptible;
};

static const struct dp_app apps[] = {
#define DP_APP_ENTRY(name, fn, intr) { name, fn, intr },
	DP_APP_INFO(DP_APP_ENTRY)
#undef DP_APP_ENTRY
};

static const struct dp_app *app_find(const char *name)
{
	for (size_t i = 0; i < sizeof(apps) / sizeof(apps[0]); i++) {
		const char *a = apps[i].name, *b = name;
		while (*a && *b && ((*a | 0x20) == (*b | 0x20)))
			a++, b++;
		if (!*a && !*b)
			return &apps[i];
	}
	return NULL;
}

/* ---- the engine ---- */

static void run_app(struct sim_pbx *p, struct pbx_chan *c);

static void step_job(struct sim_pbx *p, uint32_t handle, uint32_t token)
{
	struct pbx_chan *c = pbx_chan_get(p, handle);
	if (!c || c->token != token)
		return;
	run_app(p, c);
}

void pbx_dp_phase(struct sim_pbx *p, struct pbx_chan *c, uint64_t delay_ms)
{
	c->phase++;
	pbx_after(p, delay_ms, step_job, c->handle, ++c->token);
}

static void next_job(struct sim_pbx *p, uint32_t handle, uint32_t token);

void pbx_dp_next(struct sim_pbx *p, struct pbx_chan *c, uint64_t delay_ms)
{
	pbx_after(p, delay_ms, next_job, c->handle, ++c->token);
}

/* Enter the current priority: set the application, publish Newexten, run phase 0. */
static void enter_prio(struct sim_pbx *p, struct pbx_chan *c)
{
	const struct dp_exten *e = dp_find(c->context, c->exten);
	if (!e || c->prio < 1 || (unsigned)c->prio > dp_nprio(e)) {
		pbx_dp_finished(p, c);
		return;
	}
	const struct dp_prio *pr = &e->prio[c->prio - 1];
	PBX_SET(c->appl, pr->app);
	substitute(c, pr->data, c->data, sizeof(c->data));
	c->phase = 0;
	c->step = 0;
	/*
	 * A Local ;2 about to run Hangup() publishes its CDR first, except when its ;1 was
	 * reached by Dial() (then the dialer's CDRs come together after the bridge ends).
	 */
	if (!strcmp(pr->app, "Hangup") && c->half == 2 && c->pair && c->pair->role != PBX_ROLE_DIAL)
		pbx_chan_cdr(p, c);
	pbx_ev_newexten(p, c);
	run_app(p, c);
}

static void next_job(struct sim_pbx *p, uint32_t handle, uint32_t token)
{
	struct pbx_chan *c = pbx_chan_get(p, handle);
	if (!c || c->token != token)
		return;
	if (c->softhangup || c->run != PBX_RUN_DIALPLAN) {
		pbx_dp_finished(p, c);
		return;
	}
	c->prio++;
	enter_prio(p, c);
}

static void run_app(struct sim_pbx *p, struct pbx_chan *c)
{
	for (;;) {
		const struct dp_app *a = app_find(c->appl);
		int r = a ? a->fn(p, c, c->phase) : DP_NEXT;
		if (r == DP_GONE || c->dead)
			return;
		if (r == DP_BLOCK)
			return;
		if (r >= 0) {
			pbx_dp_phase(p, c, (uint64_t)r);
			return;
		}
		if (r == DP_END || c->softhangup || c->run != PBX_RUN_DIALPLAN) {
			pbx_dp_finished(p, c);
			return;
		}
		/* DP_NEXT in the dialplan: the next priority, in the same instant */
		c->prio++;
		const struct dp_exten *e = dp_find(c->context, c->exten);
		if (!e || (unsigned)c->prio > dp_nprio(e)) {
			pbx_dp_finished(p, c);
			return;
		}
		const struct dp_prio *pr = &e->prio[c->prio - 1];
		PBX_SET(c->appl, pr->app);
		substitute(c, pr->data, c->data, sizeof(c->data));
		c->phase = 0;
		c->step = 0;
		if (!strcmp(pr->app, "Hangup") && c->half == 2 && c->pair &&
		    c->pair->role != PBX_ROLE_DIAL)
			pbx_chan_cdr(p, c);
		pbx_ev_newexten(p, c);
	}
}

void pbx_dp_start(struct sim_pbx *p, struct pbx_chan *c, const char *context, const char *exten,
		  int prio)
{
	c->run = PBX_RUN_DIALPLAN;
	PBX_SET(c->context, context);
	PBX_SET(c->exten, exten);
	c->prio = prio;
	pbx_call_count(p, c, true);
	enter_prio(p, c);
}

void pbx_app_start(struct sim_pbx *p, struct pbx_chan *c, const char *app, const char *data)
{
	c->run = PBX_RUN_APP;
	const struct dp_app *a = app_find(app);
	PBX_SET(c->appl, a ? a->name : app);
	PBX_SET(c->data, data);
	c->phase = 0;
	c->step = 0;
	run_app(p, c);
}

bool pbx_dp_goto(struct sim_pbx *p, struct pbx_chan *c, const char *context, const char *exten,
		 int prio)
{
	if (c->dead || c->softhangup)
		return false;
	c->token++;
	if (c->dialer) {
		/* a dialed channel sent elsewhere stops being its dialer's */
		if (c->dialer->dialed == c)
			c->dialer->dialed = NULL;
		c->dialer = NULL;
		c->own_cdr = true;
		if (c->role == PBX_ROLE_DIAL || c->role == PBX_ROLE_QUEUE)
			c->role = PBX_ROLE_NONE;
	}
	if (c->queue)
		pbx_queue_caller_gone(p, c);
	if (c->dialed && !c->bridge)
		pbx_dial_cancel(p, c, "CANCEL");
	if (c->run != PBX_RUN_DIALPLAN)
		pbx_call_count(p, c, true);
	c->run = PBX_RUN_DIALPLAN;
	PBX_SET(c->context, context);
	PBX_SET(c->exten, exten);
	c->prio = prio;
	enter_prio(p, c);
	return true;
}

void pbx_dp_interrupt(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->dead)
		return;
	c->softhangup = true;
	if (c->run == PBX_RUN_NONE)
		return;
	const struct dp_app *a = app_find(c->appl);
	if (a && !a->interruptible)
		return; /* it ends when the application returns */
	c->token++;
	if (c->run == PBX_RUN_DIALPLAN)
		c->shr_wanted = true;
	if (c->queue)
		pbx_queue_caller_gone(p, c);
	if (c->dead)
		return;
	if (c->dialed && !c->bridge)
		pbx_dial_cancel(p, c, "CANCEL");
	if (c->dead)
		return;
	pbx_dp_finished(p, c);
}

void pbx_dp_finished(struct sim_pbx *p, struct pbx_chan *c)
{
	if (c->dead)
		return;
	c->token++;
	c->run = PBX_RUN_NONE;
	if (c->half)
		pbx_local_finished(p, c);
	else
		pbx_chan_end(p, c, c->cause ? c->cause : 16);
}

/* ---- dialplan show ---- */

static void show_exten(const struct dp_exten *e, struct ami_buf *out)
{
	char head[64], item[PBX_DATA_MAX + 64];
	snprintf(head, sizeof(head), "'%s' =>", e->exten);
	unsigned n = dp_nprio(e);
	for (unsigned i = 0; i < n; i++) {
		snprintf(item, sizeof(item), "%u. %s(%s)", i + 1, e->prio[i].app, e->prio[i].data);
		ami_buf_printf(out, "  %-17s %-45s [extensions.conf:%u]\n", i ? "" : head, item,
			       e->line + i);
	}
}

void pbx_dp_show(struct sim_pbx *p, const char *context, struct ami_buf *out, bool *failed)
{
	(void)p;
	const char *ctxs[] = { "test", "from-internal" };
	unsigned nctx = 0, next = 0, nprio = 0;
	for (size_t k = 0; k < sizeof(ctxs) / sizeof(ctxs[0]); k++) {
		if (context && strcmp(context, ctxs[k]))
			continue;
		ami_buf_printf(out, "[ Context '%s' created by 'pbx_config' ]\n", ctxs[k]);
		for (unsigned i = 0; i < DP_NEXTEN; i++) {
			if (strcmp(dialplan[i].context, ctxs[k]))
				continue;
			show_exten(&dialplan[i], out);
			next++;
			nprio += dp_nprio(&dialplan[i]);
		}
		ami_buf_adds(out, "\n");
		nctx++;
	}
	if (!nctx) {
		ami_buf_printf(out, "There is no existence of '%s' context\n", context);
		*failed = true;
		return;
	}
	ami_buf_printf(out, "-= %u extension%s (%u priorit%s) in %u context%s. =-\n", next,
		       next == 1 ? "" : "s", nprio, nprio == 1 ? "y" : "ies", nctx,
		       nctx == 1 ? "" : "s");
}
