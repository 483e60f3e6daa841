/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX's actions and CLI commands against the fixtures: EventList replies (10_*), the
 * Hangup regex list and core show channels (06_*), Originate's checks and blacklist,
 * synchronous Originate, Setvar/Getvar, Redirect.
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

#define WALL0 1795773577000000ull

/* The i-th recorded event (the test fails if there is none). */
static const struct fake_event *ev(struct sim_bus *b, size_t i)
{
	const struct fake_event *e = fake_bus_event(b, i);
	cr_assert_not_null(e, "no event %zu", i);
	return e;
}

static struct sim_bus *bus;
static struct sim_pbx *pbx;

static void setup(void)
{
	bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 7, 0 };
	pbx = sim_pbx_new(bus, &o);
}

static void teardown(void)
{
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}

TestSuite(pbx_actions, .init = setup, .fini = teardown);

static char *act_as(uint32_t writeperm, const char *spec)
{
	return fx_action(pbx, writeperm, spec);
}

static char *act(const char *spec)
{
	return act_as(AMI_PERM_ALL, spec);
}

/* Compare a list reply with the fixture's; items may come in another order (sort). */
static void expect_list(const char *fixture, const char *id, const char *got, bool sort)
{
	char *want = fx_reply(fixture, id);
	const char *diff = fx_compare_replies(want, got, sort);
	cr_expect_null(diff, "%s %s: %s", fixture, id, diff ? diff : "");
	free(want);
}

static void expect_reply(const char *spec, const char *want)
{
	char *got = act(spec);
	cr_expect_str_eq(got, want, "%s", spec);
	free(got);
}

static void run_queue_call(void)
{
	char *r = act("Action: Originate|Channel: Local/300@test|Application: Wait|Data: 10|"
		      "CallerID: Queue Caller <5550300>|Async: true|ActionID: q");
	free(r);
	fake_bus_advance(bus, 12000);
}

Test(pbx_actions, eventlists_idle)
{
	run_queue_call(); /* the fixture was recorded after 05b's queue call */
	char *r = act("Action: CoreShowChannels|ActionID: 10-194");
	expect_list("asterisk-22/10_eventlist_idle.raw", "10-194", r, false);
	free(r);
	r = act("Action: Status|ActionID: 10-195");
	expect_list("asterisk-22/10_eventlist_idle.raw", "10-195", r, false);
	free(r);
	r = act("Action: QueueStatus|ActionID: 10-196");
	expect_list("asterisk-22/10_eventlist_idle.raw", "10-196", r, false);
	free(r);
	r = act("Action: QueueSummary|ActionID: 10-197");
	expect_list("asterisk-22/10_eventlist_idle.raw", "10-197", r, false);
	free(r);
}

/* The three calls up during the 10_eventlist_* captures. */
static void calls_up(void)
{
	run_queue_call();
	fake_bus_clear(bus);
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 12|"
		 "CallerID: Long Call <5550700>|Async: true"));
	free(act("Action: Originate|Channel: Local/300@test|Application: Wait|Data: 12|"
		 "CallerID: Queue Caller <5550300>|Async: true"));
	free(act("Action: Originate|Channel: Local/310@test|Application: Wait|Data: 12|"
		 "CallerID: Held Caller <5550310>|Async: true"));
	fake_bus_advance(bus, 1600);
}

Test(pbx_actions, eventlists_in_call)
{
	calls_up();
	char *r = act("Action: CoreShowChannels|ActionID: 10-204");
	expect_list("asterisk-22/10_eventlist_coreshowchannels.raw", "10-204", r, true);
	free(r);
	r = act("Action: Status|ActionID: 10-207");
	expect_list("asterisk-22/10_eventlist_status.raw", "10-207", r, true);
	free(r);
	r = act("Action: QueueStatus|ActionID: 10-210");
	expect_list("asterisk-22/10_eventlist_queuestatus.raw", "10-210", r, false);
	free(r);
}

Test(pbx_actions, status_puts_actionid_last_and_filters)
{
	calls_up();
	char *r = act("Action: Status|Channel: local/700@TEST-00000002;1|ActionID: s1|"
		      "Variables: CHANNEL,UNIQUEID");
	cr_assert_not_null(strstr(r, "Event: Status\r\nPrivilege: Call\r\nChannel: "
				     "Local/700@test-00000002;1\r\n"),
			   "%s", r);
	const char *v =
	    strstr(r, "Variable: CHANNEL=Local/700@test-00000002;1\r\nVariable: UNIQUEID=");
	cr_assert_not_null(v, "%s", r);
	cr_assert_not_null(
	    strstr(v, "\r\nActionID: s1\r\n\r\nEvent: StatusComplete\r\nActionID: s1\r\n"
		      "EventList: Complete\r\nListItems: 1\r\nItems: 1\r\n\r\n"));
	free(r);
	expect_reply("Action: Status|Channel: Local/nope;1|ActionID: s2",
		     "Response: Error\r\nActionID: s2\r\nMessage: No such channel\r\n\r\n");
	r = act_as(AMI_PERM_CALL, "Action: Status|Variables: SHELL(id)");
	cr_expect_str_eq(r,
			 "Response: Error\r\nMessage: Status Access Forbidden: Variables\r\n\r\n");
	free(r);
}

Test(pbx_actions, hangup_replies)
{
	expect_reply("Action: Hangup|ActionID: h",
		     "Response: Error\r\nActionID: h\r\nMessage: No channel specified\r\n\r\n");
	expect_reply("Action: Hangup|Channel: PJSIP/none-00000000",
		     "Response: Error\r\nMessage: No such channel\r\n\r\n");
	expect_reply("Action: Hangup|Channel: /unterminated",
		     "Response: Error\r\nMessage: Regex format invalid, Channel param should be "
		     "/regex/\r\n\r\n");
	expect_reply("Action: Hangup|Channel: /(/", "Response: Error\r\nMessage: Regex compile "
						    "failed on: /(/\r\n\r\n");
	expect_reply(
	    "Action: Hangup|Channel: /nothing/",
	    "Response: Success\r\nEventList: start\r\nMessage: Channels hung up will follow"
	    "\r\n\r\nEvent: ChannelsHungupListComplete\r\nEventList: Complete\r\n"
	    "ListItems: 0\r\n\r\n");
	free(
	    act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 10|Async: yes"));
	fake_bus_advance(bus, 700);
	expect_reply("Action: Hangup|Channel: local/700@test-00000000;1|Cause: 17",
		     "Response: Success\r\nMessage: Channel Hungup\r\n\r\n");
	fake_bus_advance(bus, 100);
	unsigned ch;
	sim_pbx_counts(pbx, &ch, NULL, NULL);
	cr_expect_eq(ch, 0, "both halves are gone");
	bool saw = false;
	for (size_t i = 0; i < fake_bus_count(bus); i++) {
		const struct fake_event *e = fake_bus_event(bus, i);
		if (!strcmp(e->name, "Hangup") && strstr(e->body, ";1\r\n") &&
		    strstr(e->body, "Cause: 17\r\nCause-txt: User busy\r\n"))
			saw = true;
	}
	cr_expect(saw, "the given cause is the Hangup's");
}

Test(pbx_actions, originate_checks)
{
	expect_reply("Action: Originate|ActionID: o1",
		     "Response: Error\r\nActionID: o1\r\nMessage: Channel not specified\r\n\r\n");
	expect_reply("Action: Originate|Channel: Local/100@test|Priority: first|Exten: 100",
		     "Response: Error\r\nMessage: Invalid priority\r\n\r\n");
	expect_reply("Action: Originate|Channel: Local/100@test|Timeout: soon|Application: Wait",
		     "Response: Error\r\nMessage: Invalid timeout\r\n\r\n");
	expect_reply("Action: Originate|Channel: nolocal|Application: Wait",
		     "Response: Error\r\nMessage: Invalid channel\r\n\r\n");
	expect_reply(
	    "Action: Originate|Channel: Local/100@test|Context: test|Exten: 999|Priority: 1",
	    "Response: Error\r\nMessage: Extension does not exist.\r\n\r\n");
	expect_reply("Action: Originate|Channel: Local/100@test|Context: test|Exten: 100",
		     "Response: Error\r\nMessage: Originate with 'Exten' requires 'Context' and "
		     "'Priority'\r\n\r\n");
	cr_expect_eq(fake_bus_count(bus), 0, "nothing happens after an error");
	cr_expect_eq(fake_bus_deferred_open(bus), 0);
}

Test(pbx_actions, originate_blacklist)
{
	static const char *const forbidden[] = {
		"Application: System|Data: rm -rf /",  "Application: TrySystem|Data: x",
		"Application: ExecIf|Data: 1?Wait(1)", "Application: EAGI|Data: x",
		"Application: MixMonitor|Data: x.wav", "Application: NoOp|Data: ${SHELL(id)}",
		"Application: NoOp|Data: ${DB(a/b)}",  "Application: Queue|Data: q,,,,,agi://x",
		"Application: Originate|Data: x",
	};
	uint32_t op = AMI_PERM_ORIGINATE | AMI_PERM_CALL | AMI_PERM_AGENT;
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		char spec[256];
		snprintf(spec, sizeof(spec),
			 "Action: Originate|Channel: Local/100@test|%s|Async: 1", forbidden[i]);
		char *r = act_as(op, spec);
		cr_expect_str_eq(r,
				 "Response: Error\r\nMessage: Originate Access Forbidden: app or "
				 "data blacklisted\r\n\r\n",
				 "%s", forbidden[i]);
		free(r);
	}
	/* lower-case data is not blacklisted (case-sensitive), nor is Queue without an AGI */
	char *r = act_as(op, "Action: Originate|Channel: Local/100@test|Application: NoOp|"
			     "Data: shell|Async: true");
	cr_expect_str_eq(r, "Response: Success\r\nMessage: Originate successfully queued\r\n\r\n");
	free(r);
	r = act_as(op | AMI_PERM_AGI, "Action: Originate|Channel: Local/100@test|Application: "
				      "Queue|Data: q,,,,,agi://x|Async: true");
	cr_expect_str_eq(r, "Response: Success\r\nMessage: Originate successfully queued\r\n\r\n");
	free(r);
	r = act_as(AMI_PERM_ALL, "Action: Originate|Channel: Local/100@test|Application: System|"
				 "Data: true|Async: true");
	cr_expect_str_eq(r, "Response: Success\r\nMessage: Originate successfully queued\r\n\r\n");
	free(r);
}

Test(pbx_actions, originate_sync_is_deferred)
{
	char *r = act("Action: Originate|Channel: Local/100@test|Application: Wait|Data: 1|"
		      "ActionID: sync1");
	cr_expect_str_eq(r, "", "nothing is written before the answer");
	free(r);
	cr_expect_eq(fake_bus_deferred_open(bus), 1);
	fake_bus_advance(bus, 50);
	cr_assert_eq(fake_bus_deferred_count(bus), 1);
	cr_expect_str_eq(fake_bus_deferred_text(bus, 0),
			 "Response: Success\r\nActionID: sync1\r\n"
			 "Message: Originate successfully queued\r\n\r\n");
	for (size_t i = 0; i < fake_bus_count(bus); i++)
		cr_expect_str_neq(ev(bus, i)->name, "OriginateResponse");
	/* 200 never answers and hangs up after 1 s: the synchronous Originate fails */
	r = act("Action: Originate|Channel: Local/200@test|Application: Wait|Data: 1|ActionID: s2");
	free(r);
	fake_bus_advance(bus, 5000);
	cr_assert_eq(fake_bus_deferred_count(bus), 2);
	cr_expect_str_eq(fake_bus_deferred_text(bus, 1),
			 "Response: Error\r\nActionID: s2\r\nMessage: Originate failed\r\n\r\n");
	/* 800 rings until the Timeout */
	r = act(
	    "Action: Originate|Channel: Local/800@test|Application: Wait|Data: 1|Timeout: 2000");
	free(r);
	fake_bus_advance(bus, 1900);
	cr_expect_eq(fake_bus_deferred_count(bus), 2, "still ringing");
	fake_bus_advance(bus, 200);
	cr_expect_eq(fake_bus_deferred_count(bus), 3);
	cr_expect_str_eq(fake_bus_deferred_text(bus, 2),
			 "Response: Error\r\nMessage: Originate failed\r\n\r\n");
	fake_bus_advance(bus, 1000);
	unsigned ch;
	sim_pbx_counts(pbx, &ch, NULL, NULL);
	cr_expect_eq(ch, 0);
}

Test(pbx_actions, originate_async_failure)
{
	free(act("Action: Originate|Channel: SIP/nowhere|Application: Wait|Data: 1|Async: true|"
		 "ActionID: f1|CallerID: 555"));
	fake_bus_advance(bus, 10);
	cr_assert_eq(fake_bus_count(bus), 1);
	const struct fake_event *e = ev(bus, 0);
	cr_expect_str_eq(e->name, "OriginateResponse");
	cr_expect_eq(e->cat, AMI_PERM_CALL);
	cr_expect_str_eq(e->body,
			 "ActionID: f1\r\nResponse: Failure\r\nChannel: SIP/nowhere\r\n"
			 "Application: Wait\r\nData: 1\r\nReason: 0\r\nUniqueid: <null>\r\n"
			 "CallerIDNum: 555\r\nCallerIDName: <unknown>\r\n");
}

Test(pbx_actions, originate_variables_and_ids)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 1|Async: 1|"
		 "Variable: A=1,B=two|Variable: C=3|Variable: nodata|ChannelId: my-uid-1|"
		 "OtherChannelId: my-uid-2|Account: acct9"));
	fake_bus_advance(bus, 5);
	const char *order[] = { "A", "B", "C", "A", "B", "C" };
	size_t k = 0;
	for (size_t i = 0; i < fake_bus_count(bus) && k < 6; i++) {
		const struct fake_event *e = fake_bus_event(bus, i);
		if (strcmp(e->name, "VarSet"))
			continue;
		char want[32];
		snprintf(want, sizeof(want), "Variable: %s\r\n", order[k]);
		cr_expect_not_null(strstr(e->body, want), "VarSet %zu: %s", k, e->body);
		cr_expect_not_null(
		    strstr(e->body, k < 3 ? "Uniqueid: my-uid-1\r\n" : "Uniqueid: my-uid-2\r\n"));
		cr_expect_not_null(strstr(e->body, "AccountCode: acct9\r\n"));
		k++;
	}
	cr_expect_eq(k, 6);
}

Test(pbx_actions, setvar_getvar)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 5|Async: 1"));
	fake_bus_advance(bus, 10);
	fake_bus_clear(bus);
	expect_reply("Action: Setvar|Channel: Local/700@test-00000000;2|Variable: COLOR|Value: "
		     "it's blue|ActionID: v1",
		     "Response: Success\r\nActionID: v1\r\nMessage: Variable Set\r\n\r\n");
	cr_assert_eq(fake_bus_count(bus), 1);
	cr_expect_eq(ev(bus, 0)->cat, AMI_PERM_DIALPLAN);
	cr_expect_not_null(strstr(ev(bus, 0)->body, "Variable: COLOR\r\nValue: it\\'s blue\r\n"));
	expect_reply("Action: Getvar|Channel: Local/700@test-00000000;2|Variable: COLOR",
		     "Response: Success\r\nVariable: COLOR\r\nValue: it's blue\r\n\r\n");
	expect_reply("Action: Getvar|Channel: Local/700@test-00000000;2|Variable: CHANNEL",
		     "Response: Success\r\nVariable: CHANNEL\r\nValue: "
		     "Local/700@test-00000000;2\r\n\r\n");
	expect_reply("Action: Setvar|Variable: GLOBALX|Value: 42",
		     "Response: Success\r\nMessage: Variable Set\r\n\r\n");
	cr_expect_not_null(strstr(ev(bus, 1)->body, "Channel: none\r\nUniqueid: none\r\n"
						    "Variable: GLOBALX\r\nValue: 42\r\n"));
	expect_reply("Action: Getvar|Variable: GLOBALX",
		     "Response: Success\r\nVariable: GLOBALX\r\nValue: 42\r\n\r\n");
	expect_reply("Action: Getvar|Variable: UNSET",
		     "Response: Success\r\nVariable: UNSET\r\nValue: \r\n\r\n");
	expect_reply("Action: Setvar|Channel: Local/700@test-00000000;2",
		     "Response: Error\r\nMessage: No variable specified\r\n\r\n");
	expect_reply("Action: Setvar|Channel: nope|Variable: X|Value: 1",
		     "Response: Error\r\nMessage: No such channel\r\n\r\n");
	expect_reply("Action: Getvar|Channel: nope|Variable: X",
		     "Response: Error\r\nMessage: No such channel\r\n\r\n");
	char *r = act_as(AMI_PERM_CALL, "Action: Getvar|Variable: SHELL(id)");
	cr_expect_str_eq(r,
			 "Response: Error\r\nMessage: GetVar Access Forbidden: Variable\r\n\r\n");
	free(r);
	r = act_as(AMI_PERM_CALL | AMI_PERM_SYSTEM, "Action: Getvar|Variable: EVALX");
	cr_expect_str_eq(r, "Response: Success\r\nVariable: EVALX\r\nValue: \r\n\r\n");
	free(r);
}

Test(pbx_actions, redirect_moves_to_dialplan)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 20|Async: 1"));
	fake_bus_advance(bus, 800);
	expect_reply("Action: Redirect|Channel: Local/700@test-00000000;2|Context: test",
		     "Response: Error\r\nMessage: Exten not specified\r\n\r\n");
	expect_reply("Action: Redirect|Channel: Local/700@test-00000000;2|Context: test|Exten: 200|"
		     "Priority: x",
		     "Response: Error\r\nMessage: Priority is invalid\r\n\r\n");
	expect_reply("Action: Redirect|Channel: gone|Context: test|Exten: 200|Priority: 1",
		     "Response: Error\r\nMessage: Channel does not exist: gone\r\n\r\n");
	fake_bus_clear(bus);
	expect_reply("Action: Redirect|Channel: Local/700@test-00000000;2|Context: test|Exten: 200|"
		     "Priority: 1",
		     "Response: Success\r\nMessage: Redirect successful\r\n\r\n");
	cr_assert_geq(fake_bus_count(bus), 2);
	cr_expect_str_eq(ev(bus, 0)->name, "Newexten");
	cr_expect_not_null(strstr(ev(bus, 0)->body, "Exten: 200\r\nPriority: 1\r\n"));
	cr_expect_str_eq(ev(bus, 1)->name, "UserEvent");
	fake_bus_advance(bus, 2000); /* 200 waits 1 s and hangs up: the call ends */
	unsigned ch;
	sim_pbx_counts(pbx, &ch, NULL, NULL);
	cr_expect_eq(ch, 0);
}

Test(pbx_actions, queue_member_actions)
{
	expect_reply("Action: QueueAdd|Queue: testq",
		     "Response: Error\r\nMessage: 'Interface' not specified.\r\n\r\n");
	expect_reply("Action: QueueAdd|Queue: nosuch|Interface: PJSIP/1001",
		     "Response: Error\r\nMessage: Unable to add interface to queue: No such "
		     "queue\r\n\r\n");
	expect_reply("Action: QueueAdd|Queue: testq|Interface: PJSIP/1001|MemberName: Алексей",
		     "Response: Success\r\nMessage: Added interface to queue\r\n\r\n");
	cr_expect_str_eq(ev(bus, 0)->name, "QueueMemberAdded");
	cr_expect_eq(ev(bus, 0)->cat, AMI_PERM_AGENT);
	expect_reply("Action: QueueAdd|Queue: testq|Interface: PJSIP/1001",
		     "Response: Error\r\nMessage: Unable to add interface: Already there\r\n\r\n");
	expect_reply("Action: QueuePause|Interface: PJSIP/1001|Paused: true|Reason: lunch",
		     "Response: Success\r\nMessage: Interface paused successfully\r\n\r\n");
	char *r = act("Action: QueueStatus|Queue: testq|Member: PJSIP/1001");
	cr_expect_not_null(strstr(r, "Name: Алексей\r\nLocation: PJSIP/1001\r\n"), "%s", r);
	cr_expect_not_null(strstr(r, "Membership: dynamic\r\n"));
	cr_expect_not_null(strstr(r, "Paused: 1\r\nPausedReason: lunch\r\n"));
	cr_expect_not_null(strstr(r, "ListItems: 2\r\n"), "params + the one member");
	free(r);
	expect_reply("Action: QueueRemove|Queue: testq|Interface: Local/400@test/n",
		     "Response: Error\r\nMessage: Member not dynamic\r\n\r\n");
	expect_reply("Action: QueueRemove|Queue: testq|Interface: PJSIP/1001",
		     "Response: Success\r\nMessage: Removed interface from queue\r\n\r\n");
	expect_reply("Action: QueueRemove|Queue: testq|Interface: PJSIP/1001",
		     "Response: Error\r\nMessage: Unable to remove interface: Not there\r\n\r\n");
	expect_reply("Action: QueuePause|Interface: PJSIP/9|Paused: no",
		     "Response: Error\r\nMessage: Interface not found\r\n\r\n");
}

Test(pbx_actions, smaller_actions)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 9|Async: 1"));
	fake_bus_advance(bus, 800);
	fake_bus_clear(bus);
	expect_reply("Action: PlayDTMF|Channel: Local/700@test-00000000;1|Digit: 5|Duration: 250",
		     "Response: Success\r\nMessage: DTMF successfully queued\r\n\r\n");
	fake_bus_advance(bus, 300);
	cr_assert_eq(fake_bus_count(bus), 2);
	cr_expect_not_null(
	    strstr(ev(bus, 1)->body, "Digit: 5\r\nDurationMs: 250\r\nDirection: Sent\r\n"));
	expect_reply("Action: PlayDTMF|Channel: Local/700@test-00000000;1",
		     "Response: Error\r\nMessage: No digit specified\r\n\r\n");
	expect_reply("Action: PlayDTMF|Channel: x|Digit: 1",
		     "Response: Error\r\nMessage: Channel not found\r\n\r\n");
	expect_reply("Action: BlindTransfer|Channel: Local/700@test-00000000;1|Exten: 100",
		     "Response: Error\r\nMessage: Transfer invalid\r\n\r\n");
	expect_reply(
	    "Action: ExtensionState|Exten: 100|Context: test|ActionID: e",
	    "Response: Success\r\nActionID: e\r\nMessage: Extension Status\r\nExten: 100\r\n"
	    "Context: test\r\nHint: \r\nStatus: -1\r\nStatusText: Unknown\r\n\r\n");
	char *r = act("Action: BridgeList");
	cr_expect_str_eq(r, "Response: Success\r\nEventList: start\r\nMessage: Bridge listing will "
			    "follow\r\n\r\nEvent: BridgeListComplete\r\nEventList: Complete\r\n"
			    "ListItems: 0\r\n\r\n");
	free(r);
	r = act("Action: DeviceStateList");
	cr_expect_not_null(strstr(r, "Device: Local/700@test\r\nState: INUSE\r\n"), "%s", r);
	free(r);
}
