/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated traffic and floods: the same seed gives the same events, names are valid
 * UTF-8 in several scripts, calls end cleanly with realistic outcomes and durations,
 * and the flood keeps its rate (and its generator is fast enough for 100,000 events/s).
 */
#include "sim/pbx.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/message.h"
#include "core/perms.h"
#include "core/str.h"
#include "fake_bus.h"

/* The shared test loop builds one source per test: the fake bus comes in with it. */
#include "fake_bus.c"

#define WALL0 1795773577000000ull

/* The i-th recorded event (the test fails if there is none). */
static const struct fake_event *ev(const struct sim_bus *b, size_t i)
{
	const struct fake_event *e = fake_bus_event(b, i);
	cr_assert_not_null(e, "no event %zu", i);
	return e;
}

struct run {
	struct sim_bus *bus;
	struct sim_pbx *pbx;
};

static void run_traffic(struct run *r, uint64_t seed, double cps, uint64_t ms)
{
	r->bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { cps, seed, 0 };
	r->pbx = sim_pbx_new(r->bus, &o);
	cr_assert_not_null(r->pbx);
	fake_bus_advance(r->bus, ms);
}

static void run_free(struct run *r)
{
	sim_pbx_free(r->pbx);
	fake_bus_free(r->bus);
}

static bool same_events(const struct sim_bus *a, const struct sim_bus *b)
{
	if (fake_bus_count(a) != fake_bus_count(b))
		return false;
	for (size_t i = 0; i < fake_bus_count(a); i++) {
		const struct fake_event *x = fake_bus_event(a, i), *y = fake_bus_event(b, i);
		if (!x || !y || x->cat != y->cat || x->at_ms != y->at_ms ||
		    strcmp(x->name, y->name) || x->len != y->len ||
		    memcmp(x->body, y->body, x->len))
			return false;
	}
	return true;
}

Test(pbx_traffic, same_seed_same_events)
{
	struct run a, b, c;
	run_traffic(&a, 42, 2.0, 60000);
	run_traffic(&b, 42, 2.0, 60000);
	cr_assert_gt(fake_bus_count(a.bus), 500, "a minute of traffic: %zu events",
		     fake_bus_count(a.bus));
	cr_expect(same_events(a.bus, b.bus), "seed 42 twice gives the same events");
	run_traffic(&c, 43, 2.0, 60000);
	cr_expect_not(same_events(a.bus, c.bus), "another seed, other events");
	run_free(&a);
	run_free(&b);
	run_free(&c);
}

static size_t count(const struct sim_bus *b, const char *name, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < fake_bus_count(b); i++) {
		const struct fake_event *e = fake_bus_event(b, i);
		if (e && !strcmp(e->name, name) && (!needle || strstr(e->body, needle)))
			n++;
	}
	return n;
}

Test(pbx_traffic, realistic_calls_in_utf8)
{
	struct run r;
	run_traffic(&r, 7, 3.0, 180000);
	const struct sim_bus *b = r.bus;
	for (size_t i = 0; i < fake_bus_count(b); i++) {
		const struct fake_event *e = fake_bus_event(b, i);
		cr_assert(ami_utf8_valid(e->body, e->len), "event %zu (%s) is not UTF-8", i,
			  e->name);
		cr_assert_null(strstr(e->body, "\r\n\r\n"), "no blank line inside a body");
	}
	/* several scripts: Cyrillic, Greek, CJK, Arabic */
	cr_expect_gt(count(b, "Newchannel", "CallerIDName: Алексей Смирнов") +
			 count(b, "Newchannel", "CallerIDName: Мария Иванова") +
			 count(b, "Newchannel", "CallerIDName: Ольга Петрова") +
			 count(b, "Newchannel", "CallerIDName: Дмитрий Кузнецов"),
		     0);
	cr_expect_gt(count(b, "Newchannel", "CallerIDName: 李伟") +
			 count(b, "Newchannel", "CallerIDName: 佐藤 健") +
			 count(b, "Newchannel", "CallerIDName: محمد علي") +
			 count(b, "Newchannel", "Ελένη"),
		     0);
	/* C-escaping of the apostrophe in a name */
	if (count(b, "Newchannel", "O\\'Brien") == 0)
		cr_expect_eq(count(b, "Newchannel", "O'Brien"), 0, "names are C-escaped");
	/* the outcomes: answered, busy, unanswered, queued, transferred */
	cr_expect_gt(count(b, "DialEnd", "DialStatus: ANSWER"), 10);
	cr_expect_gt(count(b, "DialEnd", "DialStatus: BUSY"), 0);
	cr_expect_gt(count(b, "DialEnd", "DialStatus: NOANSWER") +
			 count(b, "DialEnd", "DialStatus: CANCEL"),
		     0);
	cr_expect_gt(count(b, "QueueCallerJoin", NULL), 0);
	cr_expect_gt(count(b, "AgentConnect", NULL), 0);
	cr_expect_gt(count(b, "BlindTransfer", NULL), 0);
	cr_expect_gt(count(b, "Cdr", NULL), 10);
	/* every channel ends: stop the traffic and let the calls finish */
	sim_pbx_set_traffic(r.pbx, 0, 0);
	fake_bus_advance(r.bus, 300000);
	unsigned ch, calls;
	sim_pbx_counts(r.pbx, &ch, &calls, NULL);
	cr_expect_eq(ch, 0, "%u channels left", ch);
	cr_expect_eq(calls, 0);
	cr_expect_eq(count(b, "Newchannel", NULL), count(b, "Hangup", NULL),
		     "one Hangup per Newchannel");
	cr_expect_eq(count(b, "BridgeCreate", NULL), count(b, "BridgeDestroy", NULL));
	cr_expect_eq(count(b, "DialBegin", NULL), count(b, "DialEnd", NULL));
	run_free(&r);
}

/* From each channel's Newchannel to its Hangup: seconds to about a minute. */
Test(pbx_traffic, call_durations)
{
	struct run r;
	run_traffic(&r, 11, 1.0, 120000);
	sim_pbx_set_traffic(r.pbx, 0, 0);
	fake_bus_advance(r.bus, 300000);
	size_t n = 0, longer = 0;
	uint64_t longest = 0;
	for (size_t i = 0; i < fake_bus_count(r.bus); i++) {
		const struct fake_event *e = fake_bus_event(r.bus, i);
		if (strcmp(e->name, "Newchannel") || !strstr(e->body, "ChannelStateDesc: Ring\r\n"))
			continue;
		const char *u = strstr(e->body, "Uniqueid: ");
		char uid[96];
		snprintf(uid, sizeof(uid), "%.*s", (int)(strstr(u, "\r\n") - u), u);
		for (size_t k = i + 1; k < fake_bus_count(r.bus); k++) {
			const struct fake_event *h = fake_bus_event(r.bus, k);
			if (strcmp(h->name, "Hangup") || !strstr(h->body, uid))
				continue;
			uint64_t d = h->at_ms - e->at_ms;
			longest = d > longest ? d : longest;
			longer += d >= 3000;
			n++;
			break;
		}
	}
	cr_assert_gt(n, 50, "%zu caller channels", n);
	cr_expect_lt(longest, 150000, "longest call %llu ms", (unsigned long long)longest);
	cr_expect_gt(longer * 2, n, "most calls last seconds or more");
	run_free(&r);
}

Test(pbx_traffic, flood_rate)
{
	struct sim_bus *bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 5, 100000 };
	struct sim_pbx *pbx = sim_pbx_new(bus, &o);
	fake_bus_record(bus, false);
	fake_bus_advance(bus, 1000);
	uint64_t first = fake_bus_total(bus);
	cr_expect(first >= 99000 && first <= 101000, "100,000/s: %llu in the first second",
		  (unsigned long long)first);
	sim_pbx_set_traffic(pbx, 0, 250000);
	fake_bus_advance(bus, 2000);
	uint64_t more = fake_bus_total(bus) - first;
	cr_expect(more >= 495000 && more <= 505000, "250,000/s: %llu in two seconds",
		  (unsigned long long)more);
	sim_pbx_set_traffic(pbx, 0, 0);
	uint64_t stop = fake_bus_total(bus);
	fake_bus_advance(bus, 1000);
	cr_expect_eq(fake_bus_total(bus), stop, "flood off");
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}

Test(pbx_traffic, flood_events_are_realistic)
{
	struct sim_bus *bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 5, 0 };
	struct sim_pbx *pbx = sim_pbx_new(bus, &o);
	sim_pbx_flood_burst(pbx, 44);
	cr_assert_eq(fake_bus_count(bus), 44);
	static const char *const seq[] = {
		"Newchannel", "Newexten",    "VarSet",	     "Newchannel",  "NewCallerid",
		"DialBegin",  "Newstate",    "DialState",    "Newstate",    "Newstate",
		"DialEnd",    "Newstate",    "BridgeCreate", "BridgeEnter", "BridgeEnter",
		"VarSet",     "BridgeLeave", "Hangup",	     "BridgeLeave", "BridgeDestroy",
		"Hangup",     "Cdr",
	};
	for (size_t i = 0; i < 44; i++) {
		const struct fake_event *e = ev(bus, i);
		cr_expect_str_eq(e->name, seq[i % 22]);
		cr_expect(ami_utf8_valid(e->body, e->len));
		cr_expect_eq(e->len > 2 ? memcmp(e->body + e->len - 2, "\r\n", 2) : 1, 0);
	}
	/* two calls: other channels, other ids */
	cr_expect_str_neq(ev(bus, 0)->body, ev(bus, 22)->body);
	cr_expect_not_null(strstr(ev(bus, 0)->body, "Channel: PJSIP/"));
	cr_expect_not_null(strstr(ev(bus, 21)->body, "Disposition: ANSWERED\r\n"));
	cr_expect_eq(ev(bus, 21)->cat, AMI_PERM_CDR);
	cr_expect_eq(ev(bus, 1)->cat, AMI_PERM_DIALPLAN);
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}

/* The generator alone (the fake bus only counts): well above 100,000 events/s. */
Test(pbx_traffic, flood_generator_speed)
{
	struct sim_bus *bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 0, 5, 0 };
	struct sim_pbx *pbx = sim_pbx_new(bus, &o);
	fake_bus_record(bus, false);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sim_pbx_flood_burst(pbx, 500000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double rate = 500000.0 / (s > 0 ? s : 1e-9);
	cr_log_info("flood generator: %.0f events/s, %.0f bytes/event", rate,
		    (double)fake_bus_bytes(bus) / 500000.0);
	cr_expect_gt(rate, 150000.0, "only %.0f events/s", rate);
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}

/* ---- a soak: traffic plus random actions, under ASan in CI ---- */

static char *soak_act(struct sim_pbx *pbx, const char *text)
{
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	ami_msg_parse_block(&m, text, strlen(text), hdrs, 64);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	struct sim_reply r = { .out = &out,
			       .req = &m,
			       .readperm = AMI_PERM_ALL,
			       .writeperm = AMI_PERM_ALL,
			       .username = "soak" };
	char name[64];
	ami_msg_cstr(&m, "Action", name, sizeof(name));
	cr_assert(sim_pbx_action(pbx, name, &r), "%s", name);
	size_t n;
	char *s = ami_buf_steal(&out, &n);
	ami_buf_free(&out);
	return s;
}

/* A live channel's name from core show channels concise (NULL when none). */
static bool pick_channel(struct sim_pbx *pbx, unsigned k, char *dst, size_t cap)
{
	char *argv[] = { "core", "show", "channels", "concise" };
	struct ami_buf out;
	ami_buf_init(&out, 0);
	bool failed = false;
	cr_assert(sim_pbx_cli(pbx, 4, argv, &out, &failed));
	size_t lines = 0;
	for (size_t i = 0; i < out.len; i++)
		lines += out.p[i] == '\n';
	bool ok = false;
	if (lines) {
		const char *s = out.p;
		for (size_t l = k % lines; l > 0; l--)
			s = strchr(s, '\n') + 1;
		const char *bang = strchr(s, '!');
		snprintf(dst, cap, "%.*s", (int)(bang - s), s);
		ok = true;
	}
	ami_buf_free(&out);
	return ok;
}

Test(pbx_traffic, soak_with_random_actions, .timeout = 60)
{
	struct sim_bus *bus = fake_bus_new("amitest", WALL0);
	struct sim_pbx_opts o = { 4.0, 99, 2000 };
	struct sim_pbx *pbx = sim_pbx_new(bus, &o);
	fake_bus_record(bus, false);
	static const char *const ext[] = { "100", "200", "210", "300", "310",
					   "400", "500", "600", "700", "800" };
	uint64_t x = 12345;
	char text[512], ch[160];
	for (int i = 0; i < 480; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		unsigned r = (unsigned)(x >> 33);
		const char *e = ext[r % 10];
		bool have = pick_channel(pbx, r / 7, ch, sizeof(ch));
		switch (r % 13) {
		case 0:
			snprintf(text, sizeof(text),
				 "Action: Originate\r\nChannel: Local/%s@test\r\n"
				 "Application: Wait\r\nData: %u\r\nAsync: %s\r\n\r\n",
				 e, r % 20, r & 64 ? "true" : "false");
			break;
		case 1:
			snprintf(text, sizeof(text),
				 "Action: Originate\r\nChannel: Local/%s@test/n\r\n"
				 "Context: test\r\nExten: %s\r\nPriority: 1\r\n"
				 "Async: true\r\nCallerID: Тест <%u>\r\n\r\n",
				 e, ext[(r / 10) % 10], r % 1000);
			break;
		case 2:
			snprintf(text, sizeof(text),
				 "Action: Originate\r\nChannel: PJSIP/100%02u\r\n"
				 "Context: from-internal\r\nExten: 8000\r\nPriority: 1\r\n"
				 "Async: true\r\n\r\n",
				 1 + r % 12);
			break;
		case 3:
			snprintf(text, sizeof(text), "Action: Hangup\r\nChannel: %s\r\n\r\n",
				 have ? ch : "x");
			break;
		case 4:
			snprintf(text, sizeof(text), "Action: Hangup\r\nChannel: /^%s/\r\n\r\n",
				 r & 1 ? "PJSIP/1" : "Local/3");
			break;
		case 5:
			snprintf(text, sizeof(text),
				 "Action: Redirect\r\nChannel: %s\r\nContext: test\r\n"
				 "Exten: %s\r\nPriority: 1\r\n\r\n",
				 have ? ch : "x", e);
			break;
		case 6:
			snprintf(text, sizeof(text),
				 "Action: BlindTransfer\r\nChannel: %s\r\n"
				 "Context: from-internal\r\nExten: 100%02u\r\n\r\n",
				 have ? ch : "x", 1 + r % 12);
			break;
		case 7:
			snprintf(text, sizeof(text),
				 "Action: Setvar\r\nChannel: %s\r\nVariable: V%u\r\n"
				 "Value: %u\r\n\r\n",
				 have ? ch : "x", r % 5, r);
			break;
		case 8:
			snprintf(text, sizeof(text), "Action: Status\r\nAllVariables: yes\r\n\r\n");
			break;
		case 9:
			snprintf(text, sizeof(text), "Action: QueueStatus\r\n\r\n");
			break;
		case 10:
			snprintf(text, sizeof(text),
				 "Action: PlayDTMF\r\nChannel: %s\r\nDigit: %u\r\n\r\n",
				 have ? ch : "x", r % 10);
			break;
		case 11:
			snprintf(text, sizeof(text),
				 "Action: Redirect\r\nChannel: %s\r\n"
				 "ExtraChannel: %s\r\nContext: test\r\nExten: 700\r\n"
				 "Priority: 1\r\n\r\n",
				 have ? ch : "x", have ? ch : "y");
			break;
		default:
			snprintf(text, sizeof(text), "Action: CoreShowChannels\r\n\r\n");
			break;
		}
		free(soak_act(pbx, text));
		fake_bus_advance(bus, 250);
	}
	sim_pbx_set_traffic(pbx, 0, 0);
	fake_bus_advance(bus, 600000);
	unsigned ch_left, calls;
	sim_pbx_counts(pbx, &ch_left, &calls, NULL);
	cr_expect_eq(ch_left, 0, "%u channels left", ch_left);
	cr_expect_eq(calls, 0);
	char *bl = soak_act(pbx, "Action: BridgeList\r\n\r\n");
	cr_expect_not_null(strstr(bl, "ListItems: 0\r\n"), "bridges left: %s", bl);
	free(bl);
	char *qs = soak_act(pbx, "Action: QueueSummary\r\n\r\n");
	cr_expect_null(strstr(qs, "Callers: 1"), "%s", qs);
	free(qs);
	sim_pbx_free(pbx);
	fake_bus_free(bus);
}
