/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The call table fed with real transcripts: grouping, bridges, talk time, linger, resync. */
#include "model/calltab.h"
#include "mfix.h"

static struct mfix fx;
static int64_t when[MFIX_MAX];

/* Load a fixture with its receive times (checked to line up with the parsed messages). */
static void load(const char *name)
{
	mfix_load(&fx, name);
	size_t nt = mfix_times(name, when, MFIX_MAX);
	cr_assert_eq(nt, fx.n, "%s: %zu times for %zu messages", name, nt, fx.n);
}

/* Apply messages [from, to) at their recorded times. */
static void feed(struct calltab *t, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < fx.n; i++)
		calltab_update(t, fx.m[i], when[i]);
}

static size_t index_of(const char *event, size_t nth)
{
	const struct ami_msg *m = mfix_event(&fx, event, nth);
	for (size_t i = 0; i < fx.n; i++)
		if (fx.m[i] == m)
			return i;
	return 0;
}

static const struct calltab_chan *chan(struct calltab *t, const char *name)
{
	const struct calltab_chan *c = calltab_find_name(t, name);
	cr_assert_not_null(c, "no channel %s", name);
	return c;
}

Test(calltab, one_originated_call)
{
	load("05_call_events_admin");
	struct calltab *t = calltab_new(NULL);
	size_t hang = index_of("Hangup", 0);
	feed(t, 0, hang);
	const struct calltab_call *calls[4];
	cr_assert_eq(calltab_calls(t, calls, 4), 1u, "both halves of the Local pair: one call");
	cr_assert_str_eq(calls[0]->linkedid, "amitest-1795773578.12");
	cr_assert_eq(calls[0]->nchans, 2u);
	cr_assert_eq(calls[0]->state, CALLTAB_UP);
	const struct calltab_chan *a = chan(t, "Local/100@test-00000006;1");
	const struct calltab_chan *b = chan(t, "Local/100@test-00000006;2");
	cr_assert_str_eq(a->linkedid, "amitest-1795773578.12");
	cr_assert_str_eq(b->uniqueid, "amitest-1795773578.13");
	cr_assert_str_eq(a->cid_num, "5550100");
	cr_assert_str_eq(a->cid_name, "AMI Test");
	cr_assert_str_eq(b->conn_num, "5550100");
	cr_assert_eq(a->state, 6);
	cr_assert_str_eq(a->state_desc, "Up");
	cr_assert_gt(a->answered_us, 0);
	cr_assert_str_neq(a->app, "", "Newexten tells the application");
	cr_assert_eq(calltab_find_uid(t, "amitest-1795773578.13"), b);
	feed(t, hang, fx.n);
	/* after the hangups: still listed (linger), ended, with causes */
	cr_assert_eq(calltab_calls(t, calls, 4), 1u);
	cr_assert_eq(calls[0]->state, CALLTAB_ENDED);
	cr_assert_eq(calls[0]->nalive, 0u);
	cr_assert(a->hungup && b->hungup);
	cr_assert_eq(b->cause, 16);
	cr_assert_str_eq(b->cause_txt, "Normal Clearing");
	/* talk time from the recorded times agrees with Asterisk's own billsec */
	int64_t talk = calltab_chan_talk(b, when[fx.n - 1] + 60000000);
	cr_assert_eq(b->billsec, 3);
	cr_assert(talk > 2500000 && talk < 4000000, "talk %lld us", (long long)talk);
	cr_assert_eq(calltab_call_talk(calls[0], INT64_MAX),
		     calls[0]->ended_us - calls[0]->answered_us);
	/* linger, then gone */
	int64_t end = calls[0]->ended_us;
	calltab_expire(t, end + 9000000);
	cr_assert_eq(calltab_calls(t, calls, 4), 1u);
	calltab_expire(t, end + 10000000);
	cr_assert_eq(calltab_calls(t, calls, 4), 0u);
	cr_assert_null(calltab_find_name(t, "Local/100@test-00000006;1"));
	struct calltab_stats st;
	calltab_stats(t, &st);
	cr_assert_eq(st.channels, 0u);
	cr_assert_eq(st.calls, 0u);
	calltab_free(t);
	mfix_free(&fx);
}

Test(calltab, dial_with_a_bridge)
{
	load("05c_dial_events_admin");
	struct calltab *t = calltab_new(NULL);
	size_t enter = index_of("BridgeEnter", 1);
	feed(t, 0, enter + 1);
	const struct calltab_call *calls[4];
	cr_assert_eq(calltab_calls(t, calls, 4), 1u);
	cr_assert_eq(calls[0]->nchans, 4u, "two Local pairs, one Linkedid");
	cr_assert_eq(calls[0]->state, CALLTAB_TALKING);
	const struct calltab_chan *caller = chan(t, "Local/500@test-00000009;2");
	const struct calltab_chan *callee = chan(t, "Local/400@test-0000000a;1");
	const struct calltab_chan *peers[4];
	cr_assert_eq(calltab_peers(t, caller, peers, 4), 1u);
	cr_assert_eq(peers[0], callee);
	cr_assert_eq(calltab_peers(t, callee, peers, 4), 1u);
	cr_assert_eq(peers[0], caller);
	cr_assert_str_eq(caller->bridge, callee->bridge);
	cr_assert_str_eq(caller->bridge, "527da126-5b00-4cd4-83a9-e400a7e6d75f");
	cr_assert_str_eq(caller->dialstring, "400@test/n");
	cr_assert_str_eq(caller->dialstatus, "ANSWER");
	/* the originate's own DialBegin (no caller channel) created the dialled ;1 */
	const struct calltab_chan *orig = chan(t, "Local/500@test-00000009;1");
	cr_assert_str_eq(orig->linkedid, calls[0]->linkedid);
	feed(t, enter + 1, fx.n);
	cr_assert_eq(calltab_peers(t, caller, peers, 4), 0u, "left the bridge");
	cr_assert_str_eq(caller->bridge, "");
	cr_assert_eq(calltab_calls(t, calls, 4), 1u, "summaries are read fresh after updates");
	cr_assert_eq(calls[0]->state, CALLTAB_ENDED);
	/* every channel's talk time matches the billsec of its own Cdr (whole seconds) */
	const struct calltab_chan *all[8];
	size_t n = calltab_call_chans(t, calls[0], all, 8);
	cr_assert_eq(n, 4u);
	size_t checked = 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i]->billsec < 0)
			continue;
		double talk = (double)calltab_chan_talk(all[i], 0) / 1e6;
		cr_assert(talk > all[i]->billsec - 1.0 && talk < all[i]->billsec + 1.0,
			  "%s: talk %.3f s, billsec %lld", all[i]->name, talk,
			  (long long)all[i]->billsec);
		checked++;
	}
	cr_assert_geq(checked, 2u);
	calltab_free(t);
	mfix_free(&fx);
}

Test(calltab, snapshot_builds_the_table_and_resync_drops_the_gone)
{
	load("10_eventlist_coreshowchannels");
	struct calltab *t = calltab_new(NULL);
	/* a channel the table believed alive, which the snapshot will not mention */
	struct ami_msg *ghost =
	    mfix_text("Event: Newchannel\nPrivilege: call,all\nChannel: "
		      "PJSIP/ghost-0001\nChannelState: 6\nUniqueid: g.1\nLinkedid: g.1");
	calltab_update(t, ghost, 1);
	cr_assert_not_null(calltab_find_uid(t, "g.1"));
	calltab_resync_begin(t);
	feed(t, 0, fx.n);
	cr_assert_eq(calltab_resync_end(t, when[fx.n - 1]), 1u);
	cr_assert_null(calltab_find_uid(t, "g.1"));
	size_t items = 0;
	for (size_t i = 0; i < fx.n; i++)
		items += fx.m[i]->kind == AMI_MSG_EVENT &&
			 ami_str_eq(ami_msg_name(fx.m[i]), "CoreShowChannel");
	const struct calltab_chan *all[64];
	cr_assert_eq(calltab_chans(t, all, 64), items);
	/* grouped by Linkedid: the 700 pair is one call */
	const struct calltab_chan *a = chan(t, "Local/700@test-0000000d;1");
	const struct calltab_chan *b = chan(t, "Local/700@test-0000000d;2");
	cr_assert_str_eq(a->linkedid, b->linkedid);
	cr_assert_str_eq(a->app, "Wait");
	cr_assert_str_eq(a->appdata, "12");
	cr_assert(a->from_snapshot);
	cr_assert_eq(calltab_chan_total(a, when[fx.n - 1]) / 1000000, 1, "Duration: 00:00:01");
	/* the queue call's member is bridged: its peer shows */
	size_t bridged = 0;
	for (size_t i = 0; i < items; i++) {
		const struct calltab_chan *p[4];
		if (all[i]->bridge[0]) {
			cr_assert_eq(calltab_peers(t, all[i], p, 4), 1u, "%s", all[i]->name);
			bridged++;
		}
	}
	cr_assert_eq(bridged, 2u);
	const struct calltab_call *calls[16];
	size_t nc = calltab_calls(t, calls, 16);
	cr_assert_eq(nc, 3u, "three calls were up: 700, 300 (queue), 310 (queue)");
	ami_msg_free(ghost);
	calltab_free(t);
	mfix_free(&fx);
}

Test(calltab, status_items_resync_too)
{
	load("10_eventlist_status");
	struct calltab *t = calltab_new(NULL);
	feed(t, 0, fx.n);
	size_t items = 0;
	for (size_t i = 0; i < fx.n; i++)
		items +=
		    fx.m[i]->kind == AMI_MSG_EVENT && ami_str_eq(ami_msg_name(fx.m[i]), "Status");
	const struct calltab_chan *all[64];
	cr_assert_eq(calltab_chans(t, all, 64), items);
	const struct calltab_chan *a = chan(t, "Local/700@test-0000000d;1");
	cr_assert_str_eq(a->app, "Wait");
	cr_assert_str_eq(a->appdata, "12");
	cr_assert_str_eq(a->cid_name, "Long Call");
	calltab_free(t);
	mfix_free(&fx);
}

/* Bounded: hung-up channels make room first; live ones are never forgotten. */
Test(calltab, bounded)
{
	struct calltab *t = calltab_new(&(struct calltab_limits){ .max_channels = 8 });
	char text[256];
	for (int i = 0; i < 8; i++) {
		snprintf(text, sizeof text,
			 "Event: Newchannel\nChannel: SIP/a-%d\nChannelState: 4\nUniqueid: "
			 "u.%d\nLinkedid: "
			 "u.%d",
			 i, i, i);
		struct ami_msg *m = mfix_text(text);
		calltab_update(t, m, i);
		ami_msg_free(m);
	}
	struct ami_msg *h = mfix_text("Event: Hangup\nChannel: SIP/a-3\nUniqueid: u.3\nCause: 16");
	calltab_update(t, h, 100);
	ami_msg_free(h);
	struct ami_msg *m =
	    mfix_text("Event: Newchannel\nChannel: SIP/new\nUniqueid: n.1\nLinkedid: n.1");
	calltab_update(t, m, 200);
	ami_msg_free(m);
	cr_assert_not_null(calltab_find_uid(t, "n.1"));
	cr_assert_null(calltab_find_uid(t, "u.3"), "the hung-up one made room");
	m = mfix_text("Event: Newchannel\nChannel: SIP/new2\nUniqueid: n.2\nLinkedid: n.2");
	calltab_update(t, m, 300);
	ami_msg_free(m);
	cr_assert_null(calltab_find_uid(t, "n.2"), "refused: every channel is alive");
	struct calltab_stats st;
	calltab_stats(t, &st);
	cr_assert_eq(st.refused, 1u);
	cr_assert_eq(st.evicted, 1u);
	cr_assert_eq(st.channels, 8u);
	calltab_free(t);
}

Test(calltab, rename_hold_and_regex_counts)
{
	struct calltab *t = calltab_new(NULL);
	static const char *const evs[] = {
		"Event: Newchannel\nChannel: PJSIP/alice-0001\nChannelState: 6\nUniqueid: "
		"1.1\nLinkedid: 1.1",
		"Event: Newchannel\nChannel: PJSIP/bob-0002\nChannelState: 6\nUniqueid: "
		"1.2\nLinkedid: 1.1",
		"Event: Newchannel\nChannel: PJSIP/alice-0003\nChannelState: 4\nUniqueid: "
		"2.1\nLinkedid: 2.1",
		"Event: Rename\nChannel: PJSIP/bob-0002\nNewname: PJSIP/bob-0002<MASQ>\nUniqueid: "
		"1.2",
		"Event: Hold\nChannel: PJSIP/alice-0001\nUniqueid: 1.1\nMusicClass: default",
	};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
		struct ami_msg *m = mfix_text(evs[i]);
		calltab_update(t, m, (int64_t)i);
		ami_msg_free(m);
	}
	cr_assert_null(calltab_find_name(t, "PJSIP/bob-0002"));
	cr_assert_not_null(calltab_find_name(t, "PJSIP/bob-0002<MASQ>"));
	cr_assert(calltab_find_uid(t, "1.1")->on_hold);
	cr_assert_eq(calltab_find_call(t, "1.1")->state, CALLTAB_HELD);
	cr_assert_eq(calltab_find_call(t, "2.1")->state, CALLTAB_RINGING);
	cr_assert_eq(calltab_count_matching(t, "^PJSIP/alice-"), 2);
	cr_assert_eq(calltab_count_matching(t, "bob"), 1);
	cr_assert_eq(calltab_count_matching(t, "^SIP/"), 0);
	cr_assert_eq(calltab_count_matching(t, "(["), -1);
	/* never compiled here: glibc would take gigabytes (found by fuzz_evfilter) */
	cr_assert_eq(calltab_count_matching(t, "^PJSIP/a+++++++++++++++++++++++++++++++++"), -1);
	cr_assert_str_eq(calltab_state_label(CALLTAB_TALKING), "talking");
	calltab_free(t);
}

/*
 * Header names are matched in any case (Asterisk's own lookup is case-insensitive),
 * the first occurrence wins, Dest-prefixed ones describe the dialled channel, and a
 * header that only looks like a field (Destination, Channels) is none.
 */
Test(calltab, fields_by_any_case_first_wins_and_dest)
{
	struct calltab *t = calltab_new(NULL);
	static const char *const evs[] = {
		"Event: Newchannel\nCHANNEL: PJSIP/a-1\nchannelstate: 4\nUNIQUEID: u1\n"
		"Channel: PJSIP/ignored\nlinkedid: L\nCallerIDNum: 100\ncalleridnum: 999\n"
		"Channels: PJSIP/not-a-field",
		"Event: DialBegin\nChannel: PJSIP/a-1\nUniqueid: u1\nLinkedid: L\n"
		"destchannel: PJSIP/b-2\nDESTUNIQUEID: u2\nDestLinkedid: L\nDestChannelState: 5\n"
		"DestCallerIDNum: 200\nDestCallerIDNum: 888\nDestination: PJSIP/c-3\n"
		"DialString: b",
	};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
		struct ami_msg *m = mfix_text(evs[i]);
		calltab_update(t, m, (int64_t)i);
		ami_msg_free(m);
	}
	const struct calltab_chan *a = calltab_find_uid(t, "u1");
	cr_assert_not_null(a);
	cr_assert_str_eq(a->name, "PJSIP/a-1");
	cr_assert_eq(a->state, 4);
	cr_assert_str_eq(a->cid_num, "100");
	cr_assert_str_eq(a->linkedid, "L");
	cr_assert_str_eq(a->dialstring, "b");
	const struct calltab_chan *b = calltab_find_uid(t, "u2");
	cr_assert_not_null(b, "the Dest side in any case is the dialled channel");
	cr_assert_str_eq(b->name, "PJSIP/b-2");
	cr_assert_eq(b->state, 5);
	cr_assert_str_eq(b->cid_num, "200");
	cr_assert_null(calltab_find_name(t, "PJSIP/c-3"));
	cr_assert_null(calltab_find_name(t, "PJSIP/ignored"));
	cr_assert_null(calltab_find_name(t, "PJSIP/not-a-field"));
	calltab_free(t);
}
