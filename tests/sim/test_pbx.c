/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX model against the Asterisk 22 fixtures: the calls of 05_call_events (Originate
 * into Local/100 running 210), 05b (queue) and 05c (Dial) produce the same events, in the
 * same order, with the same class and headers, for every account the fixtures recorded.
 */
#include "sim/pbx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "core/perms.h"
#include "fake_bus.h"
#include "testutil.h"

/* The shared test loop builds one source per test: the fake bus comes in with it. */
#include "fake_bus.c"

/* 2026-11-27 09:59:37 UTC, as the fixtures were recorded */
#define WALL0 1795773577000000ull

struct rig {
	struct sim_bus *bus;
	struct sim_pbx *pbx;
};

static void rig_start(struct rig *g)
{
	g->bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 1, 0 };
	g->pbx = sim_pbx_new(g->bus, &o);
	cr_assert_not_null(g->pbx);
}

static void rig_stop(struct rig *g)
{
	sim_pbx_free(g->pbx);
	fake_bus_free(g->bus);
}

/* Send the action block of tests/data/<sent> that has "Action: <action>", as admin. */
static void send_from_fixture(struct rig *g, const char *sent, const char *action,
			      struct ami_buf *out)
{
	size_t len;
	char *txt = tu_load(sent, &len);
	char want[64];
	snprintf(want, sizeof(want), "Action: %s\r\n", action);
	char *blk = strstr(txt, want);
	cr_assert_not_null(blk, "%s has no %s", sent, action);
	char *end = strstr(blk, "\r\n\r\n");
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	ami_msg_parse_block(&m, blk, (size_t)(end - blk) + 4, hdrs, 64);
	struct sim_reply r = { .out = out,
			       .req = &m,
			       .readperm = AMI_PERM_ALL,
			       .writeperm = AMI_PERM_ALL,
			       .username = "admin" };
	ami_msg_cstr(&m, "ActionID", r.actionid, sizeof(r.actionid));
	cr_assert(sim_pbx_action(g->pbx, action, &r));
	free(txt);
}

static void expect_same(const char *fixture, struct rig *g, const char *account, bool headers)
{
	struct fx_list want, got;
	fx_load(&want, fixture);
	fx_from_bus(&got, g->bus, fx_readperm(account));
	fx_normalize(&want);
	fx_normalize(&got);
	const char *diff = fx_compare(&want, &got, headers);
	cr_expect_null(diff, "%s as %s: %s", fixture, account, diff ? diff : "");
	fx_free(&want);
	fx_free(&got);
}

static void run_05(struct rig *g)
{
	struct ami_buf out;
	ami_buf_init(&out, 0);
	send_from_fixture(g, "asterisk-22/05_call_events_admin.sent", "Originate", &out);
	cr_assert_str_eq(out.p, "Response: Success\r\nActionID: call-100-210\r\n"
				"Message: Originate successfully queued\r\n\r\n");
	ami_buf_free(&out);
	fake_bus_advance(g->bus, 10000);
}

Test(pbx, call_05_admin_sequence_and_headers)
{
	struct rig g;
	rig_start(&g);
	run_05(&g);
	cr_assert_eq(fake_bus_count(g.bus), 41, "the fixture call has 41 events, got %zu",
		     fake_bus_count(g.bus));
	expect_same("asterisk-22/05_call_events_admin.raw", &g, "admin", true);
	rig_stop(&g);
}

Test(pbx, call_05_every_account)
{
	static const struct {
		const char *acct;
		size_t n;
	} accts[] = { { "admin", 41 }, { "monitor", 34 }, { "operator", 28 },
		      { "userev", 1 }, { "cli", 0 },	  { "nobody", 0 } };
	struct rig g;
	rig_start(&g);
	run_05(&g);
	for (size_t i = 0; i < sizeof(accts) / sizeof(accts[0]); i++) {
		char fx[128];
		snprintf(fx, sizeof(fx), "asterisk-22/05_call_events_%s.raw", accts[i].acct);
		struct fx_list got;
		fx_from_bus(&got, g.bus, fx_readperm(accts[i].acct));
		cr_expect_eq(got.n, accts[i].n, "%s sees %zu events, want %zu", accts[i].acct,
			     got.n, accts[i].n);
		fx_free(&got);
		expect_same(fx, &g, accts[i].acct, true);
	}
	rig_stop(&g);
}

Test(pbx, call_05_timing)
{
	struct rig g;
	rig_start(&g);
	run_05(&g);
	/* fixture: originate at +0.503, SendDTMF at +1.004, last Hangup at +4.159 */
	uint64_t dtmf = 0, hang = 0;
	for (size_t i = 0; i < fake_bus_count(g.bus); i++) {
		const struct fake_event *e = fake_bus_event(g.bus, i);
		if (!dtmf && !strcmp(e->name, "DTMFBegin"))
			dtmf = e->at_ms;
		if (!strcmp(e->name, "Hangup"))
			hang = e->at_ms;
	}
	cr_expect(dtmf >= 550 && dtmf <= 650, "first DTMF at %llu ms", (unsigned long long)dtmf);
	cr_expect(hang >= 3550 && hang <= 3750, "hangup at %llu ms", (unsigned long long)hang);
	unsigned ch, calls;
	unsigned long done;
	sim_pbx_counts(g.pbx, &ch, &calls, &done);
	cr_expect_eq(ch, 0);
	cr_expect_eq(calls, 0);
	cr_expect_eq(done, 2, "both halves ran the dialplan");
	rig_stop(&g);
}

Test(pbx, queue_05b_then_dial_05c)
{
	struct rig g;
	rig_start(&g);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	send_from_fixture(&g, "asterisk-22/05b_queue_events_admin.sent", "Originate", &out);
	fake_bus_advance(g.bus, 12000);
	expect_same("asterisk-22/05b_queue_events_admin.raw", &g, "admin", true);
	expect_same("asterisk-22/05b_queue_events_monitor.raw", &g, "monitor", true);
	expect_same("asterisk-22/05b_queue_events_operator.raw", &g, "operator", true);
	expect_same("asterisk-22/05b_queue_events_userev.raw", &g, "userev", true);
	fake_bus_clear(g.bus);
	ami_buf_reset(&out);
	send_from_fixture(&g, "asterisk-22/05c_dial_events_admin.sent", "Originate", &out);
	fake_bus_advance(g.bus, 12000);
	expect_same("asterisk-22/05c_dial_events_admin.raw", &g, "admin", true);
	expect_same("asterisk-22/05c_dial_events_operator.raw", &g, "operator", true);
	ami_buf_free(&out);
	rig_stop(&g);
}
