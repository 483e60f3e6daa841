/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Summaries of real events, the template language, and the output's bounds. */
#include "model/evsum.h"
#include "mfix.h"

static char out[512];

static const char *sum(const struct ami_msg *m)
{
	evsum_format(m, NULL, out, sizeof out);
	return out;
}

static struct mfix f05, f05c;

static void setup(void)
{
	mfix_load(&f05, "05_call_events_admin");
	mfix_load(&f05c, "05c_dial_events_admin");
}

static void teardown(void)
{
	mfix_free(&f05);
	mfix_free(&f05c);
}

TestSuite(evsum, .init = setup, .fini = teardown);

Test(evsum, channel_events)
{
	cr_assert_str_eq(sum(mfix_event(&f05, "Newchannel", 0)),
			 "Local/100@test-00000006;1 Down test,100");
	/* NewCallerid: caller id appears once known */
	cr_assert_str_eq(sum(mfix_event(&f05, "NewCallerid", 0)),
			 "Local/100@test-00000006;1 <5550100> \"AMI Test\" (0 (Presentation "
			 "Allowed, Not Screened))");
	cr_assert_str_eq(sum(mfix_event(&f05c, "Hangup", 0)),
			 "Local/400@test-0000000a;2 cause 16 Normal Clearing <5550500> "
			 "\"Dial Caller\"");
}

Test(evsum, dial_bridge_dialplan_dtmf)
{
	/* an Originate's DialBegin has no caller channel: the optional part goes */
	cr_assert_str_eq(sum(mfix_event(&f05c, "DialBegin", 0)),
			 "-> Local/500@test-00000009;1 (500@test)");
	const char *s = sum(mfix_event(&f05c, "DialBegin", 1));
	cr_assert(strstr(s, "Local/500@test-00000009;2 -> ") == s, "%s", s);
	cr_assert_str_eq(sum(mfix_event(&f05c, "BridgeEnter", 1)),
			 "Local/500@test-00000009;2 entered bridge "
			 "527da126-5b00-4cd4-83a9-e400a7e6d75f (2 in)");
	cr_assert_str_eq(sum(mfix_event(&f05c, "Newexten", 0)),
			 "test,500,1 AppDial2((Outgoing Line))");
	cr_assert_str_eq(sum(mfix_event(&f05, "VarSet", 0)), "FOO=bar");
	cr_assert_str_eq(sum(mfix_event(&f05, "DTMFEnd", 0)),
			 "Local/100@test-00000006;1 digit 1 Received 100 ms");
}

Test(evsum, userevent_cdr_security)
{
	cr_assert_str_eq(sum(mfix_event(&f05, "UserEvent", 0)), "TestEvent Foo=bar");
	cr_assert_str_eq(sum(mfix_event(&f05, "Cdr", 0)), "5550100 -> 100 ANSWERED billsec 3");
	cr_assert_str_eq(sum(mfix_event(&f05, "SuccessfulAuth", 0)),
			 "login ok: admin from 127.0.0.1:55466 (AMI)");
}

Test(evsum, unknown_events_show_their_own_headers)
{
	struct ami_msg *m = mfix_text("Event: MyModuleThing\nPrivilege: system,all\nChannel: "
				      "X/1\nUniqueid: 1.2\nAlpha: 1\nBeta: two\nGamma: 3\nDelta: "
				      "4\nEpsilon: 5");
	cr_assert_str_eq(sum(m), "Alpha=1 Beta=two Gamma=3 Delta=4");
	ami_msg_free(m);
	/* a UserEvent sent by the action copies every request header, ActionID included */
	m = mfix_text("Event: UserEvent\nPrivilege: user,all\nUserEvent: Probe\nActionID: "
		      "x-1\nK: v");
	cr_assert_str_eq(sum(m), "Probe K=v");
	ami_msg_free(m);
}

Test(evsum, templates)
{
	struct ami_msg *m = mfix_text("Event: T\nA: one\nB: <unknown>\nC: \nD: d");
	char b[64];
	evsum_template(m, "{A}[ b={B}][ c={C}][ d={D}] {Missing}", b, sizeof b);
	cr_assert_str_eq(b, "one d=d ?");
	evsum_template(m, "\\[{A}\\] \\{x\\}", b, sizeof b);
	cr_assert_str_eq(b, "[one] {x}");
	evsum_template(m, "[{Missing} gone]", b, sizeof b);
	cr_assert_str_eq(b, "");
	ami_msg_free(m);
}

Test(evsum, bounded_utf8_safe_and_printable)
{
	/* "é" is two bytes: a cut must not split it */
	struct ami_msg *m = mfix_text("Event: VarSet\nVariable: N\nValue: abc\xc3\xa9xyz\tq");
	char b[7]; /* "N=abc" + the two bytes of "é" + NUL would need 8 */
	size_t n = evsum_format(m, NULL, b, sizeof b);
	cr_assert_str_eq(b, "N=abc");
	cr_assert_eq(n, 5);
	char big[64];
	evsum_format(m, NULL, big, sizeof big);
	cr_assert_str_eq(big, "N=abc\xc3\xa9xyz?q");
	evsum_format(m, NULL, b, 1);
	cr_assert_str_eq(b, "");
	ami_msg_free(m);
	m = mfix_text("Event: VarSet\nVariable: N\nValue: \xff\xfe");
	evsum_format(m, NULL, big, sizeof big);
	cr_assert_str_eq(big, "N=??");
	ami_msg_free(m);
}

Test(evsum, every_recorded_event_has_a_summary)
{
	for (size_t i = 0; i < f05c.n; i++) {
		if (f05c.m[i]->kind != AMI_MSG_EVENT)
			continue;
		sum(f05c.m[i]);
		cr_assert_gt(strlen(out), 0, "%.*s", (int)f05c.m[i]->rawlen, f05c.m[i]->raw);
		cr_assert_null(strstr(out, "?"), "unresolved header in %s", out);
	}
}
