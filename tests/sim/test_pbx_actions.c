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

/*
 * Run the action written as "Key: value" lines separated by '|' with the given write
 * rights; returns the reply bytes (caller frees).
 */
static char *act_as(uint32_t writeperm, const char *spec)
{
	char text[2048];
	size_t o = 0;
	for (const char *s = spec; *s && o + 4 < sizeof(text); s++) {
		if (*s == '|') {
			text[o++] = '\r';
			text[o++] = '\n';
		} else {
			text[o++] = *s;
		}
	}
	o += (size_t)snprintf(text + o, sizeof(text) - o, "\r\n\r\n");
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	ami_msg_parse_block(&m, text, o, hdrs, 64);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	struct sim_reply r = { .out = &out,
			       .req = &m,
			       .readperm = AMI_PERM_ALL,
			       .writeperm = writeperm,
			       .username = "test" };
	ami_msg_cstr(&m, "ActionID", r.actionid, sizeof(r.actionid));
	char name[64];
	ami_msg_cstr(&m, "Action", name, sizeof(name));
	cr_assert(sim_pbx_action(pbx, name, &r), "%s not handled", name);
	size_t n;
	char *s = ami_buf_steal(&out, &n);
	ami_buf_free(&out);
	return s ? s : calloc(1, 1);
}

static char *act(const char *spec)
{
	return act_as(AMI_PERM_ALL, spec);
}

static void expect_reply(const char *spec, const char *want)
{
	char *got = act(spec);
	cr_expect_str_eq(got, want, "%s", spec);
	free(got);
}

/* The bytes the fixture received in reply to ActionID id (response and list events). */
static char *fixture_reply(const char *rel, const char *id)
{
	size_t len;
	char *raw = tu_load(rel, &len);
	char idline[80];
	snprintf(idline, sizeof(idline), "\r\nActionID: %s\r\n", id);
	char *first = strstr(raw, idline);
	cr_assert_not_null(first);
	while (first > raw && strncmp(first, "\r\n\r\n", 4))
		first--;
	first += 4;
	/* up to the end of the last message carrying the ActionID */
	char *last = first, *hit;
	while ((hit = strstr(last, idline)))
		last = strstr(hit, "\r\n\r\n") + 4;
	char *out = strndup(first, (size_t)(last - first));
	free(raw);
	return out;
}

/* Split reply bytes into messages (not normalised yet). */
static void to_list(struct fx_list *l, const char *bytes)
{
	memset(l, 0, sizeof(*l));
	const char *s = bytes;
	while (*s) {
		const char *end = strstr(s, "\r\n\r\n");
		if (!end)
			break;
		const char *nl = strstr(s, "\r\n");
		fx_push(l, "", "", 0);
		free(l->ev[l->n - 1].name);
		l->ev[l->n - 1].name = dup_n(s, (size_t)(nl - s));
		for (const char *ln = s; ln < end;) {
			const char *e = strstr(ln, "\r\n");
			/* Seconds/Duration/Wait count whole seconds of wall time: too coarse to compare */
			if (strncmp(ln, "Duration: ", 10) && strncmp(ln, "Seconds: ", 9) &&
			    strncmp(ln, "Wait: ", 6))
				fx_line(l, ln, (size_t)(e - ln));
			ln = e + 2;
		}
		s = end + 4;
	}
}

/* An item's key: its channel (or queue) line with the run-dependent hex digits masked. */
static void item_key(const struct fx_event *e, char *key, size_t cap)
{
	snprintf(key, cap, "%s", e->nline > 2 ? e->line[2] : "");
	for (char *p = key; (p = strstr(p, "@test-")); p += 6)
		for (char *q = p + 6; *q && *q != ';'; q++)
			*q = 'x';
}

static int cmp_item(const void *a, const void *b)
{
	char ka[256], kb[256];
	item_key(a, ka, sizeof(ka));
	item_key(b, kb, sizeof(kb));
	return strcmp(ka, kb);
}

/* Compare a list reply; items may come in another order (Asterisk's containers hash). */
static void expect_list(const char *fixture, const char *id, const char *got, bool sort)
{
	char *want = fixture_reply(fixture, id);
	struct fx_list a, b;
	to_list(&a, want);
	to_list(&b, got);
	if (sort && a.n > 2 && b.n > 2) {
		qsort(a.ev + 1, a.n - 2, sizeof(*a.ev), cmp_item);
		qsort(b.ev + 1, b.n - 2, sizeof(*b.ev), cmp_item);
	}
	fx_normalize(&a);
	fx_normalize(&b);
	const char *diff = fx_compare(&a, &b, true);
	cr_expect_null(diff, "%s %s: %s", fixture, id, diff ? diff : "");
	fx_free(&a);
	fx_free(&b);
	free(want);
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

/* 06_command_core_show_channels_in_call: the Command outputs and the Hangup regex list. */
static char *cli(const char *line)
{
	char buf[256], *argv[16];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 16; t = strtok(NULL, " "))
		argv[argc++] = t;
	struct ami_buf out;
	ami_buf_init(&out, 0);
	bool failed = false;
	cr_assert(sim_pbx_cli(pbx, argc, argv, &out, &failed), "%s not handled", line);
	cr_assert(!failed, "%s failed", line);
	size_t n;
	char *s = ami_buf_steal(&out, &n);
	ami_buf_free(&out);
	return s ? s : calloc(1, 1);
}

/* The Output: lines of the fixture's reply to id, as CLI text. */
static char *fixture_output(const char *rel, const char *id)
{
	char *rep = fixture_reply(rel, id);
	struct ami_buf b;
	ami_buf_init(&b, 0);
	for (char *s = strstr(rep, "Output: "); s; s = strstr(s, "\r\nOutput: ")) {
		s += s[0] == '\r' ? 10 : 8;
		char *e = strstr(s, "\r\n");
		ami_buf_add(&b, s, (size_t)(e - s));
		ami_buf_addc(&b, '\n');
	}
	free(rep);
	size_t n;
	char *out = ami_buf_steal(&b, &n);
	ami_buf_free(&b);
	return out;
}

/*
 * Normalise channel sequence numbers, uniqueids and the processed counter of CLI text;
 * returns a new string and frees s.
 */
static char *norm_cli(char *s)
{
	char *out = malloc(strlen(s) + 64), *o = out;
	cr_assert_not_null(out);
	for (const char *p = s; *p;) {
		bool bol = p == s || p[-1] == '\n';
		const char *nl = strchr(p, '\n');
		if (!strncmp(p, "@test-", 6)) {
			o += sprintf(o, "@test-x");
			p += 6;
			while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
				p++;
		} else if (!strncmp(p, "amitest-", 8)) {
			o += sprintf(o, "amitest-n");
			p += 8;
			while ((*p >= '0' && *p <= '9') || *p == '.')
				p++;
		} else if (bol && nl && *p >= '0' && *p <= '9' &&
			   !strncmp(nl - 10, " processed", 10)) {
			o += sprintf(o, "N processed\n");
			p = nl + 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	free(s);
	return out;
}

Test(pbx_actions, cli_core_show_channels_in_call)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 10|"
		 "Async: true|ActionID: call-700"));
	fake_bus_advance(bus, 1500);
	static const struct {
		const char *cmd, *id;
	} cases[] = { { "core show channels", "06-144" },
		      { "core show channels verbose", "06-145" },
		      { "core show channels concise", "06-146" } };
	for (size_t i = 0; i < 3; i++) {
		char *want = fixture_output("asterisk-22/06_command_core_show_channels_in_call.raw",
					    cases[i].id);
		char *got = cli(cases[i].cmd);
		want = norm_cli(want);
		got = norm_cli(got);
		cr_expect_str_eq(got, want, "%s:\n%s\n-- want --\n%s", cases[i].cmd, got, want);
		free(want);
		free(got);
	}
	fake_bus_clear(bus);
	char *r = act("Action: Hangup|Channel: /^Local\\/700@test/|ActionID: 06-147");
	expect_list("asterisk-22/06_command_core_show_channels_in_call.raw", "06-147", r, false);
	free(r);
	fake_bus_advance(bus, 100);
	struct fx_list want, got;
	fx_load(&want, "asterisk-22/06_command_core_show_channels_in_call.raw");
	/* the events after the Hangup action: the last 8 of the fixture */
	cr_assert_geq(want.n, 8);
	struct fx_list tail = { want.ev + want.n - 8, 8 };
	fx_from_bus(&got, bus, AMI_PERM_ALL);
	fx_normalize(&tail);
	fx_normalize(&got);
	const char *diff = fx_compare(&tail, &got, true);
	cr_expect_null(diff, "after Hangup: %s", diff ? diff : "");
	fx_free(&want);
	fx_free(&got);
	char *idle = cli("core show channels");
	char *want_idle =
	    fixture_output("asterisk-22/06_command_core_show_channels_idle.raw", "06-116");
	idle = norm_cli(idle);
	want_idle = norm_cli(want_idle);
	cr_expect_str_eq(idle, want_idle);
	free(idle);
	free(want_idle);
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

Test(pbx_actions, cli_queue_and_dialplan)
{
	char *q = cli("queue show testq");
	cr_expect_str_eq(q,
			 "testq has 0 calls (max unlimited) in 'ringall' strategy (0s holdtime, "
			 "0s talktime), W:0, C:0, A:0, SL:0.0%, SL2:0.0% within 0s\n"
			 "   Members: \n"
			 "      Agent400 (Local/400@test/n) (ringinuse disabled) (Not in use) has "
			 "taken no calls yet (login was 0 secs ago)\n"
			 "   No Callers\n\n");
	free(q);
	run_queue_call();
	q = cli("queue show testq");
	cr_expect_not_null(strstr(q, "C:1, A:0, SL:100.0%, SL2:100.0% within 0s\n"), "%s", q);
	cr_expect_not_null(strstr(q, "has taken 1 calls (last was 8 secs ago)"), "%s", q);
	free(q);
	q = cli("queue show nosuch");
	cr_expect_str_eq(q, "No such queue: nosuch.\n");
	free(q);
	char *d = cli("dialplan show test");
	cr_expect_eq(strncmp(d,
			     "[ Context 'test' created by 'pbx_config' ]\n"
			     "  '100' =>          1. NoOp(ext 100 start)                        "
			     "[extensions.conf:10]\n"
			     "                    2. Answer()                                   "
			     "[extensions.conf:11]\n",
			     210),
		     0, "%s", d);
	cr_expect_not_null(strstr(d, "  '500' =>          1. Dial(Local/400@test/n,10)"));
	cr_expect_not_null(strstr(d, "-= 10 extensions (33 priorities) in 1 context. =-\n"), "%s",
			   d);
	free(d);
	char *c = cli("core show calls");
	cr_expect_str_eq(c, "0 active calls\n2 calls processed\n",
			 "the caller and the member ran the dialplan");
	free(c);
}

Test(pbx_actions, cli_channel_details_and_usage)
{
	free(act("Action: Originate|Channel: Local/700@test|Application: Wait|Data: 10|Async: 1|"
		 "CallerID: Иван <100>"));
	fake_bus_advance(bus, 1200);
	char *c = cli("core show channel Local/700@test-00000000;1");
	cr_expect_not_null(strstr(c, "           Name: Local/700@test-00000000;1\n"), "%s", c);
	cr_expect_not_null(strstr(c, " Caller ID Name: Иван\n"));
	cr_expect_not_null(strstr(c, "          State: Up (6)\n"));
	cr_expect_not_null(strstr(c, "    Application: Wait\n           Data: 10\n"));
	free(c);
	c = cli("core show channels count");
	cr_expect_str_eq(c, "2 active channels\n1 active call\n1 call processed\n");
	free(c);
	char *argv[] = { "core", "show", "channels", "sideways" };
	struct ami_buf out;
	ami_buf_init(&out, 0);
	bool failed = false;
	cr_assert(sim_pbx_cli(pbx, 4, argv, &out, &failed));
	cr_expect(failed);
	cr_expect_eq(strncmp(out.p, "Usage: core show channels [concise|verbose|count]\n", 50), 0);
	ami_buf_free(&out);
	char *other[] = { "core", "show", "version" };
	ami_buf_init(&out, 0);
	cr_expect_not(sim_pbx_cli(pbx, 3, other, &out, &failed), "not the PBX's command");
	ami_buf_free(&out);
}
