/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session tests: a scripted peer over a socketpair replays real Asterisk 22 transcripts. */
#include "net/session.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "core/catalog.h"
#include "peer.h"
#include "testutil.h"

#define FIX "asterisk-22/"

/* ---- harness: one session, one peer, a fake clock, and logs of every callback ---- */

struct rec_state {
	enum ami_session_state st;
	enum ami_status status;
	char text[1300];
};

struct rec_reply {
	enum ami_reply_kind kind;
	enum ami_status status;
	char text[512];
	char action[64];
	char actionid[64];
	char first_header[128];
	enum ami_msg_kind msg_kind;
	uint32_t items;
	long listitems;
	int64_t elapsed;
	bool final;
	size_t nlines; /* Command output lines */
	char line0[200];
};

static struct harness {
	struct ami_session *s;
	struct ami_session_config cfg;
	struct peer peer;
	bool have_peer;
	int64_t now;
	int dials;
	enum ami_status dial_result;
	const char *secret;
	int secret_calls;
	int nstates;
	struct rec_state states[64];
	int nevents;
	char events[256][64];
	int nmessages;
	int nreplies;
	struct rec_reply replies[512];
} H;

static int64_t fake_clock(void *ctx)
{
	return H.now;
}

static enum ami_status dial(void *ctx, struct ami_conn **out, char *msg, size_t cap)
{
	H.dials++;
	if (H.dial_result != AMI_OK) {
		snprintf(msg, cap, "dial refused by the test (%s)", ami_status_name(H.dial_result));
		return H.dial_result;
	}
	if (H.have_peer)
		peer_free(&H.peer);
	peer_open(&H.peer);
	H.have_peer = true;
	return ami_conn_plain_new(peer_take_session_fd(&H.peer), out);
}

static void on_state(void *ctx, enum ami_session_state st, enum ami_status status, const char *text)
{
	cr_assert_lt(H.nstates, 64);
	struct rec_state *r = &H.states[H.nstates++];
	r->st = st;
	r->status = status;
	snprintf(r->text, sizeof r->text, "%s", text);
}

static void on_event(void *ctx, const struct ami_msg *m)
{
	if (H.nevents < 256)
		ami_str_copy(ami_msg_name(m), H.events[H.nevents], sizeof H.events[0]);
	H.nevents++;
}

static void on_message(void *ctx, const struct ami_msg *m)
{
	H.nmessages++;
}

static int get_secret(void *ctx, char *buf, size_t cap)
{
	H.secret_calls++;
	if (!H.secret)
		return -1;
	size_t n = strlen(H.secret);
	cr_assert_lt(n, cap);
	memcpy(buf, H.secret, n);
	return (int)n;
}

static void on_reply(void *user, const struct ami_reply *r)
{
	cr_assert_lt(H.nreplies, 512);
	struct rec_reply *x = &H.replies[H.nreplies++];
	x->kind = r->kind;
	x->status = r->status;
	snprintf(x->text, sizeof x->text, "%s", r->text);
	snprintf(x->action, sizeof x->action, "%s", r->action);
	snprintf(x->actionid, sizeof x->actionid, "%s", r->actionid);
	x->items = r->items;
	x->listitems = r->listitems;
	x->elapsed = r->elapsed_ms;
	x->final = r->final;
	if (r->msg) {
		x->msg_kind = r->msg->kind;
		ami_str_copy(ami_msg_name(r->msg), x->first_header, sizeof x->first_header);
		size_t pos = 0;
		struct ami_str line;
		while (ami_msg_output_next(r->msg, &pos, &line)) {
			if (x->nlines == 0)
				ami_str_copy(line, x->line0, sizeof x->line0);
			x->nlines++;
		}
	}
}

static void setup(void)
{
	memset(&H, 0, sizeof H);
	signal(SIGPIPE, SIG_IGN);
	H.now = 1000000;
	ami_session_config_init(&H.cfg);
	H.cfg.username = "admin";
	H.cfg.auth = AMI_AUTH_PLAIN;
	H.cfg.clock = fake_clock;
	H.cfg.dial = dial;
	H.cfg.rng_seed = 42;
	H.secret = "adminpw";
}

static void teardown(void)
{
	ami_session_free(H.s);
	if (H.have_peer)
		peer_free(&H.peer);
}

TestSuite(session, .init = setup, .fini = teardown);

static void make(void)
{
	static const struct ami_session_callbacks cb = {
		.on_state = on_state,
		.on_event = on_event,
		.get_secret = get_secret,
		.on_message = on_message,
	};
	cr_assert_eq(ami_session_new(&H.cfg, &cb, NULL, &H.s), AMI_OK);
}

/* Run the session until it has nothing left to do right now. */
static void pump(void)
{
	for (int i = 0; i < 200; i++) {
		int fd;
		short ev, rev = 0;
		ami_session_pollfd(H.s, &fd, &ev);
		if (fd >= 0) {
			struct pollfd p = { .fd = fd, .events = ev };
			if (poll(&p, 1, 0) > 0)
				rev = p.revents;
		}
		bool more = ami_session_on_io(H.s, rev);
		ami_session_tick(H.s);
		if (!more && rev == 0)
			return;
	}
	cr_assert_fail("the session never settled");
}

static void advance(int64_t ms)
{
	H.now += ms;
	ami_session_tick(H.s);
	pump();
}

static struct ami_session_info info(void)
{
	struct ami_session_info i;
	ami_session_get_info(H.s, &i);
	return i;
}

static const struct rec_state *last_state(void)
{
	cr_assert_gt(H.nstates, 0);
	return &H.states[H.nstates - 1];
}

/* The session's sent bytes so far must equal client actions [from, to) of the fixture. */
static void expect_sent(const struct peer_script *sc, size_t from, size_t to)
{
	size_t len;
	const char *want = peer_script_actions(sc, from, to, &len);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, len, "sent %zu bytes, fixture has %zu:\n%s", H.peer.gotlen, len,
		     H.peer.got);
	cr_assert_eq(memcmp(H.peer.got, want, len), 0, "sent:\n%s\nfixture:\n%.*s", H.peer.got,
		     (int)len, want);
	peer_clear(&H.peer);
}

/* Start, replay the banner and the login answer of a fixture, check the Login bytes. */
static void login_from(struct peer_script *sc, const char *name, const char *prefix, uint64_t first)
{
	peer_script_load(sc, name);
	H.cfg.actionid_prefix = prefix;
	H.cfg.actionid_first = first;
	make();
	ami_session_start(H.s);
	cr_assert_eq(info().state, AMI_SESSION_BANNER);
	peer_send_group(&H.peer, sc, 0);
	pump();
	expect_sent(sc, 0, 1);
	peer_send_group(&H.peer, sc, 1);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN, "state %s: %s",
		     ami_session_state_str(info().state), info().text);
}

static enum ami_status send_simple(const char *name, const char *k1, const char *v1)
{
	struct ami_action a;
	ami_action_init(&a, name);
	if (k1)
		ami_action_add(&a, k1, v1);
	enum ami_status st = ami_session_send(H.s, &a, on_reply, NULL, 0);
	ami_action_free(&a);
	return st;
}

/* ---- login ---- */

Test(session, plain_login_bytes_match_fixture_and_logoff)
{
	struct peer_script sc;
	login_from(&sc, FIX "01_login_success_admin", "01", 1);
	struct ami_session_info i = info();
	cr_assert_str_eq(i.banner, "Asterisk Call Manager/11.0.0");
	cr_assert_str_eq(i.ami_version, "11.0.0");
	cr_assert_eq(H.secret_calls, 1);
	/* FullyBooted and SuccessfulAuth right after the login are ordinary events */
	cr_assert_eq(H.nevents, 2);
	cr_assert_str_eq(H.events[0], "FullyBooted");
	cr_assert_str_eq(H.events[1], "SuccessfulAuth");
	cr_assert_eq(i.messages_in, 4);
	cr_assert_eq(i.events_in, 2);
	cr_assert_eq(i.bytes_in, sc.grp_len[0] + sc.grp_len[1]);
	cr_assert_eq(i.connected_at_ms, H.now);
	ami_session_close(H.s);
	cr_assert_eq(info().state, AMI_SESSION_CLOSING);
	expect_sent(&sc, 1, 2);
	peer_send_group(&H.peer, &sc, 2);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_IDLE);
	cr_assert_eq(H.dials, 1);
	peer_script_free(&sc);
}

Test(session, login_events_header_matches_fixture)
{
	struct peer_script sc;
	H.cfg.events = "call";
	login_from(&sc, FIX "04_login_events_call", "04", 82);
	peer_script_free(&sc);
}

static void md5_login(struct peer_script *sc, enum ami_auth_mode mode)
{
	peer_script_load(sc, FIX "02_login_md5_admin");
	H.cfg.auth = mode;
	H.cfg.actionid_prefix = "02";
	H.cfg.actionid_first = 6;
	make();
	ami_session_start(H.s);
	peer_send_group(&H.peer, sc, 0);
	pump();
	expect_sent(sc, 0, 1); /* Challenge */
	cr_assert_eq(H.secret_calls, 0, "the secret is asked for only when needed");
	peer_send_group(&H.peer, sc, 1);
	pump();
	expect_sent(sc, 1, 2); /* Login with the MD5 key */
	peer_send_group(&H.peer, sc, 2);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN, "%s", info().text);
}

Test(session, md5_login_bytes_match_fixture)
{
	struct peer_script sc;
	md5_login(&sc, AMI_AUTH_MD5);
	cr_assert_null(strstr(sc.sent, "adminpw"));
	peer_script_free(&sc);
}

Test(session, auto_auth_is_md5_over_plain_tcp)
{
	struct peer_script sc;
	md5_login(&sc, AMI_AUTH_AUTO);
	peer_script_free(&sc);
}

Test(session, keepalive_ping_matches_fixture_and_measures_rtt)
{
	struct peer_script sc;
	md5_login(&sc, AMI_AUTH_MD5);
	cr_assert_eq(info().last_rtt_ms, -1);
	advance(14999);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, 0, "no Ping before the interval");
	advance(1);
	expect_sent(&sc, 2, 3); /* Action: Ping, ActionID: 02-8 */
	H.now += 37;
	peer_send_group(&H.peer, &sc, 3);
	pump();
	cr_assert_eq(info().last_rtt_ms, 37);
	ami_session_close(H.s);
	expect_sent(&sc, 3, 4); /* Logoff 02-9 */
	peer_send_group(&H.peer, &sc, 4);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_IDLE);
	peer_script_free(&sc);
}

/* ---- authentication failures ---- */

static void expect_auth_failure_message(const char *text)
{
	cr_assert(strstr(text, "Authentication failed"), "%s", text);
	cr_assert(strstr(text, "permit/deny"), "%s", text);
	cr_assert(strstr(text, "looks exactly the same"), "%s", text);
}

static void auth_failure_case(const char *name, const char *user, const char *secret,
			      const char *prefix, uint64_t first, enum ami_auth_mode mode)
{
	struct peer_script sc;
	peer_script_load(&sc, name);
	H.cfg.username = user;
	H.secret = secret;
	H.cfg.auth = mode;
	H.cfg.actionid_prefix = prefix;
	H.cfg.actionid_first = first;
	make();
	ami_session_start(H.s);
	for (size_t g = 0; g + 1 < sc.ngroups; g++) {
		peer_send_group(&H.peer, &sc, g);
		pump();
	}
	expect_sent(&sc, 0, sc.nactions);
	peer_send_group(&H.peer, &sc, sc.ngroups - 1);
	pump();
	struct ami_session_info i = info();
	cr_assert_eq(i.state, AMI_SESSION_RECONNECT_WAIT, "%s", i.text);
	cr_assert_eq(i.status, AMI_E_AUTH);
	cr_assert_eq(i.auth_failures, 1);
	expect_auth_failure_message(last_state()->text);
	cr_assert(strstr(last_state()->text, "reconnecting in"), "%s", last_state()->text);
	peer_script_free(&sc);
}

Test(session, wrong_secret)
{
	auth_failure_case(FIX "01_login_failure_wrong_secret", "admin", "wrongsecret", "01", 3,
			  AMI_AUTH_PLAIN);
}

Test(session, unknown_user)
{
	auth_failure_case(FIX "01_login_failure_unknown_user", "doesnotexist", "whatever", "01", 4,
			  AMI_AUTH_PLAIN);
}

Test(session, md5_bad_key)
{
	auth_failure_case(FIX "02_login_md5_badkey", "admin", "nope", "02", 10, AMI_AUTH_MD5);
}

/* Serve a banner and answer the Login with an error, on whatever connection is up. */
static void fail_login(const char *message)
{
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	peer_read(&H.peer);
	const char *id = strstr(H.peer.got, "ActionID: ");
	cr_assert_not_null(id, "no Login sent: %s", H.peer.got);
	char reply[512];
	snprintf(reply, sizeof reply, "Response: Error\r\n%.*sMessage: %s\r\n\r\n",
		 (int)(strstr(id, "\r\n") + 2 - id), id, message);
	peer_clear(&H.peer);
	peer_puts(&H.peer, reply);
	pump();
}

Test(session, stops_after_three_auth_failures)
{
	H.secret = "bad";
	make();
	ami_session_start(H.s);
	int64_t t0 = H.now;
	for (int k = 1; k <= 3; k++) {
		fail_login("Authentication failed");
		cr_assert_eq(info().auth_failures, (uint32_t)k);
		if (k < 3) {
			cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
			advance(info().reconnect_at_ms - H.now);
			cr_assert_eq(H.dials, k + 1);
		}
	}
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert_eq(info().status, AMI_E_AUTH);
	expect_auth_failure_message(last_state()->text);
	cr_assert(strstr(last_state()->text, "stopped after 3"), "%s", last_state()->text);
	cr_assert_eq(H.secret_calls, 3, "the secret is asked for at every login");
	advance(3600 * 1000);
	cr_assert_eq(H.dials, 3, "no reconnect storm");
	cr_assert_gt(H.now - t0, 0);
	/* the user fixes the secret and starts again: the count starts over */
	H.secret = "adminpw";
	ami_session_start(H.s);
	cr_assert_eq(info().auth_failures, 0);
	cr_assert_eq(H.dials, 4);
}

Test(session, login_already_in_use_stops)
{
	make();
	ami_session_start(H.s);
	fail_login("Login Already In Use");
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert_eq(info().status, AMI_E_IN_USE);
	cr_assert(strstr(last_state()->text, "Login Already In Use"), "%s", last_state()->text);
	advance(600000);
	cr_assert_eq(H.dials, 1);
}

Test(session, no_secret_stops_with_message)
{
	H.secret = NULL;
	make();
	ami_session_start(H.s);
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert_eq(info().status, AMI_E_CONFIG);
	cr_assert(strstr(last_state()->text, "No secret"), "%s", last_state()->text);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, 0);
}

Test(session, md5_challenge_refused_does_not_downgrade)
{
	H.cfg.auth = AMI_AUTH_MD5;
	make();
	ami_session_start(H.s);
	fail_login("Must specify AuthType");
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert(strstr(last_state()->text, "MD5 challenge"), "%s", last_state()->text);
	cr_assert_eq(H.secret_calls, 0, "no plain Secret was sent");
}

/* ---- action replies ---- */

Test(session, permission_denied_for_actions)
{
	struct peer_script sc;
	H.cfg.username = "nobody";
	H.secret = "nobodypw";
	login_from(&sc, FIX "03_perms_nobody", "03", 55);
	cr_assert_eq(H.nevents, 0, "nobody reads no events");
	cr_assert_eq(send_simple("ListCommands", NULL, NULL), AMI_OK);
	struct ami_action a;
	ami_action_init(&a, "Originate");
	ami_action_add(&a, "Channel", "Local/100@test");
	ami_action_add(&a, "Application", "Wait");
	ami_action_add(&a, "Data", "1");
	ami_action_add(&a, "Async", "true");
	ami_action_add(&a, "CallerID", "Perm Test <5551234>");
	cr_assert_eq(ami_session_send(H.s, &a, on_reply, NULL, 0), AMI_OK);
	cr_assert_str_eq(a.actionid, "03-57");
	ami_action_free(&a);
	cr_assert_eq(send_simple("Command", "Command", "core show version"), AMI_OK);
	ami_action_init(&a, "UserEvent");
	ami_action_add(&a, "UserEvent", "Probe");
	ami_action_add(&a, "Header1", "from nobody");
	cr_assert_eq(ami_session_send(H.s, &a, on_reply, NULL, 0), AMI_OK);
	ami_action_free(&a);
	cr_assert_eq(send_simple("Reload", "Module", "manager"), AMI_OK);
	expect_sent(&sc, 1, 6);
	cr_assert_eq(info().pending, 5);
	for (size_t g = 2; g <= 6; g++)
		peer_send_group(&H.peer, &sc, g);
	pump();
	cr_assert_eq(H.nreplies, 5);
	cr_assert_eq(H.replies[0].status, AMI_OK);
	cr_assert_str_eq(H.replies[0].actionid, "03-56");
	for (int i = 1; i < 5; i++) {
		cr_assert_eq(H.replies[i].kind, AMI_REPLY_RESPONSE);
		cr_assert_eq(H.replies[i].status, AMI_E_PERMISSION, "%s", H.replies[i].text);
		cr_assert(H.replies[i].final);
		cr_assert(strstr(H.replies[i].text, "Permission denied"), "%s", H.replies[i].text);
	}
	cr_assert_str_eq(H.replies[1].action, "Originate");
	cr_assert_eq(info().pending, 0);
	peer_script_free(&sc);
}

Test(session, unknown_action)
{
	struct peer_script sc;
	login_from(&sc, FIX "07_unknown_action", "07", 158);
	int before = H.nevents;
	cr_assert_eq(send_simple("NoSuchAction", NULL, NULL), AMI_OK);
	expect_sent(&sc, 1, 2);
	peer_send_group(&H.peer, &sc, 2);
	pump();
	cr_assert_eq(H.nreplies, 1);
	cr_assert_eq(H.replies[0].status, AMI_E_UNKNOWN_ACTION);
	cr_assert(strstr(H.replies[0].text, "Invalid/unknown command"), "%s", H.replies[0].text);
	/* the RequestBadFormat security event that follows is an ordinary event */
	cr_assert_eq(H.nevents, before + 1);
	cr_assert_str_eq(H.events[before], "RequestBadFormat");
	peer_script_free(&sc);
}

/* Replay an EventList fixture: each list's item count must equal its ListItems. */
static void eventlist_case(const char *name, uint64_t first, const char *const *actions,
			   size_t nact)
{
	struct peer_script sc;
	login_from(&sc, name, "10", first);
	for (size_t k = 0; k < nact; k++)
		cr_assert_eq(send_simple(actions[k], NULL, NULL), AMI_OK);
	expect_sent(&sc, 1, 1 + nact);
	for (size_t g = 2; g < 2 + nact; g++)
		peer_send_group(&H.peer, &sc, g);
	pump();
	size_t lists = 0;
	uint32_t items = 0;
	for (int i = 0; i < H.nreplies; i++) {
		struct rec_reply *r = &H.replies[i];
		if (r->kind == AMI_REPLY_RESPONSE) {
			cr_assert_not(r->final, "a list start is not final");
			cr_assert_eq(r->status, AMI_OK);
			items = 0;
		} else if (r->kind == AMI_REPLY_ITEM) {
			cr_assert_eq(r->items, ++items);
		} else {
			cr_assert_eq(r->kind, AMI_REPLY_COMPLETE);
			cr_assert(r->final);
			cr_assert_eq(r->status, AMI_OK, "%s", r->text);
			cr_assert_eq(r->listitems, (long)items);
			cr_assert_eq(r->items, items);
			cr_assert_str_eq(r->action, actions[lists]);
			lists++;
		}
	}
	cr_assert_eq(lists, nact);
	cr_assert_eq(info().pending, 0);
	peer_script_free(&sc);
}

Test(session, eventlist_coreshowchannels)
{
	static const char *const acts[] = { "CoreShowChannels" };
	eventlist_case(FIX "10_eventlist_coreshowchannels", 203, acts, 1);
	cr_assert_eq(H.replies[H.nreplies - 1].listitems, 10);
	cr_assert_str_eq(H.replies[1].first_header, "CoreShowChannel");
}

Test(session, eventlist_status)
{
	static const char *const acts[] = { "Status" };
	eventlist_case(FIX "10_eventlist_status", 206, acts, 1);
	cr_assert_eq(H.replies[H.nreplies - 1].listitems, 10);
}

Test(session, eventlist_queuestatus)
{
	static const char *const acts[] = { "QueueStatus" };
	eventlist_case(FIX "10_eventlist_queuestatus", 209, acts, 1);
	cr_assert_eq(H.replies[H.nreplies - 1].listitems, 5);
}

Test(session, eventlist_idle_four_lists_pipelined)
{
	static const char *const acts[] = { "CoreShowChannels", "Status", "QueueStatus",
					    "QueueSummary" };
	eventlist_case(FIX "10_eventlist_idle", 193, acts, 4);
}

Test(session, eventlist_mismatch_and_cancel)
{
	make();
	ami_session_start(H.s);
	fail_login("x"); /* first login fails; use a hand-made success next */
	advance(info().reconnect_at_ms - H.now);
	peer_puts(&H.peer, "Asterisk Call Manager/2.10.6\r\n");
	pump();
	peer_read(&H.peer);
	cr_assert(strstr(H.peer.got, "ActionID: amitui-2"), "%s", H.peer.got);
	peer_clear(&H.peer);
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-2\r\nMessage: Authentication "
			   "accepted\r\n\r\n");
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN);
	cr_assert_str_eq(info().ami_version, "2.10.6");
	send_simple("CoreShowChannels", NULL, NULL);
	send_simple("QueueStatus", NULL, NULL);
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-3\r\nEventList: start\r\n\r\n"
			   "Event: CoreShowChannel\r\nActionID: amitui-3\r\n\r\n"
			   "Event: CoreShowChannelsComplete\r\nActionID: amitui-3\r\n"
			   "EventList: complete\r\nListItems: 2\r\n\r\n"
			   "Response: Success\r\nActionID: amitui-4\r\nEventList: start\r\n\r\n"
			   "Event: QueueStatusComplete\r\nActionID: amitui-4\r\n"
			   "EventList: Cancelled\r\n\r\n");
	pump();
	cr_assert_eq(H.nreplies, 5);
	cr_assert_eq(H.replies[2].kind, AMI_REPLY_COMPLETE);
	cr_assert_eq(H.replies[2].status, AMI_E_PROTOCOL);
	cr_assert(strstr(H.replies[2].text, "announced 2 items but 1 arrived"), "%s",
		  H.replies[2].text);
	cr_assert_eq(H.replies[4].kind, AMI_REPLY_COMPLETE);
	cr_assert_eq(H.replies[4].status, AMI_E_ACTION_FAILED);
	cr_assert(strstr(H.replies[4].text, "cancelled"), "%s", H.replies[4].text);
}

Test(session, command_output_asterisk14)
{
	struct peer_script sc;
	login_from(&sc, FIX "06_command_core_show_channels_in_call", "06", 143);
	struct ami_action a;
	ami_action_init(&a, "Originate");
	ami_action_add(&a, "Channel", "Local/700@test");
	ami_action_add(&a, "Application", "Wait");
	ami_action_add(&a, "Data", "10");
	ami_action_add(&a, "Async", "true");
	ami_action_set_id(&a, "call-700"); /* the caller's own ActionID is kept */
	cr_assert_eq(ami_session_send(H.s, &a, on_reply, NULL, 0), AMI_OK);
	ami_action_free(&a);
	send_simple("Command", "Command", "core show channels");
	send_simple("Command", "Command", "core show channels verbose");
	send_simple("Command", "Command", "core show channels concise");
	expect_sent(&sc, 1, 5);
	for (size_t g = 2; g <= 5; g++)
		peer_send_group(&H.peer, &sc, g);
	pump();
	cr_assert_eq(H.nreplies, 4);
	cr_assert_str_eq(H.replies[0].actionid, "call-700");
	cr_assert_str_eq(H.replies[1].actionid, "06-144");
	cr_assert_eq(H.replies[1].status, AMI_OK);
	cr_assert_eq(H.replies[1].nlines, 6);
	cr_assert(strstr(H.replies[1].line0, "Channel"), "%s", H.replies[1].line0);
	/* the OriginateResponse carrying call-700 arrives after the reply: an event */
	int seen = 0;
	for (int i = 0; i < H.nevents && i < 256; i++)
		seen += strcmp(H.events[i], "OriginateResponse") == 0;
	cr_assert_eq(seen, 1);
	peer_script_free(&sc);
}

Test(session, command_failed_explains_itself)
{
	struct peer_script sc;
	login_from(&sc, FIX "06_command_invalid", "06", 127);
	send_simple("Command", "Command", "foo bar baz");
	expect_sent(&sc, 1, 2);
	peer_send_group(&H.peer, &sc, 2);
	pump();
	cr_assert_eq(H.nreplies, 1);
	cr_assert_eq(H.replies[0].status, AMI_E_ACTION_FAILED);
	cr_assert(strstr(H.replies[0].text, "No such command 'foo bar baz'"), "%s",
		  H.replies[0].text);
	cr_assert_eq(H.replies[0].nlines, 1);
	peer_script_free(&sc);
}

static void hand_login(void)
{
	make();
	ami_session_start(H.s);
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	peer_read(&H.peer);
	cr_assert(strstr(H.peer.got, "Action: Login\r\n"), "%s", H.peer.got);
	peer_clear(&H.peer);
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-1\r\nMessage: Authentication "
			   "accepted\r\n\r\n");
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN, "%s", info().text);
}

Test(session, command_output_asterisk13_follows)
{
	hand_login();
	send_simple("Command", "Command", "core show version");
	peer_puts(&H.peer, "Response: Follows\r\nPrivilege: Command\r\nActionID: amitui-2\r\n"
			   "Asterisk 13.38.3 built by x\nsecond line\n--END COMMAND--\r\n\r\n");
	pump();
	cr_assert_eq(H.nreplies, 1);
	cr_assert_eq(H.replies[0].kind, AMI_REPLY_RESPONSE);
	cr_assert_eq(H.replies[0].status, AMI_OK);
	cr_assert_eq(H.replies[0].msg_kind, AMI_MSG_FOLLOWS);
	cr_assert_eq(H.replies[0].nlines, 2);
	cr_assert_str_eq(H.replies[0].line0, "Asterisk 13.38.3 built by x");
}

Test(session, originate_response_is_an_event)
{
	hand_login();
	cr_assert_eq(send_simple("Originate", "Channel", "Local/100@test"), AMI_OK);
	peer_puts(&H.peer,
		  "Response: Success\r\nActionID: amitui-2\r\nMessage: Originate "
		  "successfully queued\r\n\r\n"
		  "Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: amitui-2\r\n"
		  "Response: Success\r\nChannel: Local/100@test-00000001;1\r\n\r\n");
	pump();
	cr_assert_eq(H.nreplies, 1, "the handler is not called again");
	cr_assert_eq(H.nevents, 1);
	cr_assert_str_eq(H.events[0], "OriginateResponse");
}

/* ---- timeouts, closing, keepalive ---- */

Test(session, banner_timeout_suggests_tls)
{
	make();
	ami_session_start(H.s);
	advance(9999);
	cr_assert_eq(info().state, AMI_SESSION_BANNER);
	advance(1);
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert_eq(info().status, AMI_E_NOT_AMI);
	cr_assert(strstr(last_state()->text, "--tls"), "%s", last_state()->text);
}

Test(session, binary_banner_means_tls_port)
{
	make();
	ami_session_start(H.s);
	peer_write(&H.peer, "\x15\x03\x03\x00\x02\x02\x32", 7);
	pump();
	cr_assert_eq(info().status, AMI_E_NOT_AMI);
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert(strstr(last_state()->text, "--tls"), "%s", last_state()->text);
}

Test(session, not_an_ami_banner)
{
	make();
	ami_session_start(H.s);
	peer_puts(&H.peer, "SSH-2.0-OpenSSH_9.6\r\n");
	pump();
	cr_assert_eq(info().status, AMI_E_NOT_AMI);
	cr_assert(strstr(last_state()->text, "SSH-2.0-OpenSSH_9.6"), "%s", last_state()->text);
}

Test(session, login_timeout_reconnects)
{
	make();
	ami_session_start(H.s);
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGIN);
	advance(10000);
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert_eq(info().status, AMI_E_TIMEOUT);
	cr_assert(strstr(last_state()->text, "No answer to Login"), "%s", last_state()->text);
}

Test(session, action_timeout_and_per_action_deadline)
{
	hand_login();
	struct ami_action a;
	ami_action_init(&a, "CoreSettings");
	cr_assert_eq(ami_session_send(H.s, &a, on_reply, NULL, 3000), AMI_OK);
	ami_action_free(&a);
	send_simple("CoreStatus", NULL, NULL);
	cr_assert_eq(ami_session_poll_timeout(H.s), 3000);
	advance(2999);
	cr_assert_eq(H.nreplies, 0);
	advance(1);
	cr_assert_eq(H.nreplies, 1);
	cr_assert_eq(H.replies[0].kind, AMI_REPLY_TIMEOUT);
	cr_assert_eq(H.replies[0].status, AMI_E_TIMEOUT);
	cr_assert(H.replies[0].final);
	cr_assert(strstr(H.replies[0].text, "CoreSettings"), "%s", H.replies[0].text);
	advance(7000);
	cr_assert_eq(H.nreplies, 2);
	cr_assert_str_eq(H.replies[1].action, "CoreStatus");
	/* a late answer to a timed-out action is dropped quietly */
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-2\r\n\r\n");
	pump();
	cr_assert_eq(H.nreplies, 2);
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN);
}

Test(session, server_closed_fails_pending_and_reconnects)
{
	hand_login();
	send_simple("CoreSettings", NULL, NULL);
	peer_hangup(&H.peer);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert_eq(info().status, AMI_E_CLOSED);
	cr_assert(strstr(last_state()->text, "server closed the connection"), "%s",
		  last_state()->text);
	cr_assert_eq(H.nreplies, 1);
	cr_assert_eq(H.replies[0].kind, AMI_REPLY_DISCONNECTED);
	cr_assert(H.replies[0].final);
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_NOT_CONNECTED);
	/* reconnect: a new dial, a new banner, a new login with a new secret request */
	advance(info().reconnect_at_ms - H.now);
	cr_assert_eq(H.dials, 2);
	cr_assert_eq(info().reconnects, 1);
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	cr_assert_eq(H.secret_calls, 2);
}

Test(session, half_open_detected_within_two_intervals)
{
	hand_login();
	int64_t dead_since = H.now; /* the peer silently stops answering from here on */
	for (int i = 0; i < 60 && info().state == AMI_SESSION_LOGGED_IN; i++)
		advance(500);
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert_eq(info().status, AMI_E_TIMEOUT);
	cr_assert(strstr(last_state()->text, "keepalive Ping"), "%s", last_state()->text);
	cr_assert_leq(H.now - dead_since, 2 * 15000);
	peer_read(&H.peer);
	cr_assert(strstr(H.peer.got, "Action: Ping\r\n"), "%s", H.peer.got);
}

Test(session, silence_for_two_intervals_is_dead)
{
	H.cfg.ping_timeout_ms = 100000; /* only the silence rule can fire */
	hand_login();
	advance(29999);
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN);
	advance(1);
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert(strstr(last_state()->text, "Nothing received for 30 s"), "%s",
		  last_state()->text);
}

Test(session, traffic_keeps_the_connection_alive)
{
	hand_login();
	for (int i = 0; i < 10; i++) {
		advance(15000);
		peer_read(&H.peer);
		const char *id = strstr(H.peer.got, "ActionID: ");
		cr_assert_not_null(id, "a Ping every interval");
		char pong[200];
		snprintf(pong, sizeof pong, "Response: Success\r\n%.*sPing: Pong\r\n\r\n",
			 (int)(strstr(id, "\r\n") + 2 - id), id);
		peer_clear(&H.peer);
		H.now += 5;
		peer_puts(&H.peer, pong);
		pump();
		cr_assert_eq(info().last_rtt_ms, 5);
	}
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN);
	cr_assert_eq(H.dials, 1);
}

/* ---- reconnect backoff ---- */

Test(session, backoff_grows_with_jitter_within_bounds)
{
	H.dial_result = AMI_E_REFUSED;
	make();
	ami_session_start(H.s);
	int64_t nominal = 1000;
	bool jittered = false;
	for (int k = 0; k < 10; k++) {
		struct ami_session_info i = info();
		cr_assert_eq(i.state, AMI_SESSION_RECONNECT_WAIT);
		cr_assert_eq(i.status, AMI_E_REFUSED);
		int64_t d = i.reconnect_at_ms - H.now;
		cr_assert(d >= nominal * 8 / 10 && d <= nominal * 12 / 10,
			  "delay %d: %lld ms, nominal %lld", k, (long long)d, (long long)nominal);
		jittered |= d != nominal;
		char want[64];
		snprintf(want, sizeof want, "reconnecting in %lld s", (long long)(d + 999) / 1000);
		cr_assert(strstr(last_state()->text, want), "%s", last_state()->text);
		H.now += d - 1;
		ami_session_tick(H.s);
		cr_assert_eq(H.dials, k + 1, "not before the delay");
		H.now += 1;
		ami_session_tick(H.s);
		cr_assert_eq(H.dials, k + 2);
		nominal = nominal * 2 > 60000 ? 60000 : nominal * 2;
	}
	cr_assert(jittered);
}

/* Banner, then answer whatever Login arrives with success. */
static void accept_login(void)
{
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	peer_read(&H.peer);
	const char *id = strstr(H.peer.got, "ActionID: ");
	cr_assert_not_null(id, "no Login sent: %s", H.peer.got);
	char reply[300];
	snprintf(reply, sizeof reply,
		 "Response: Success\r\n%.*sMessage: Authentication "
		 "accepted\r\n\r\n",
		 (int)(strstr(id, "\r\n") + 2 - id), id);
	peer_clear(&H.peer);
	peer_puts(&H.peer, reply);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN, "%s", info().text);
}

/* Drop the connection after `up` ms logged in; returns the reconnect delay. */
static int64_t drop_after(int64_t up)
{
	accept_login();
	advance(up);
	peer_hangup(&H.peer);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	int64_t d = info().reconnect_at_ms - H.now;
	advance(d);
	return d;
}

Test(session, backoff_resets_after_a_stable_connection)
{
	H.cfg.ping_interval_ms = 0; /* no keepalive: the peer stays silent */
	make();
	ami_session_start(H.s);
	int64_t d1 = drop_after(0);
	int64_t d2 = drop_after(1000);
	int64_t d3 = drop_after(29000);
	cr_assert(d1 >= 800 && d1 <= 1200, "%lld", (long long)d1);
	cr_assert(d2 >= 1600 && d2 <= 2400, "%lld", (long long)d2);
	cr_assert(d3 >= 3200 && d3 <= 4800, "unstable connections keep growing: %lld",
		  (long long)d3);
	int64_t d4 = drop_after(30000);
	cr_assert(d4 >= 800 && d4 <= 1200, "30 s logged in resets the backoff: %lld",
		  (long long)d4);
	cr_assert_eq(H.dials, 5);
}

Test(session, no_reconnect_when_disabled)
{
	H.cfg.reconnect = false;
	hand_login();
	peer_hangup(&H.peer);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_STOPPED);
	cr_assert_eq(info().status, AMI_E_CLOSED);
}

Test(session, reconnect_turned_on_later)
{
	H.cfg.reconnect = false;
	hand_login();
	ami_session_set_reconnect(H.s, true); /* what amitui does at the first login */
	peer_hangup(&H.peer);
	pump();
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert(strstr(last_state()->text, "reconnecting in"), "%s", last_state()->text);
}

/* ---- refusals ---- */

Test(session, read_only_never_reaches_the_wire)
{
	H.cfg.read_only = true;
	hand_login();
	cr_assert_eq(send_simple("Originate", "Channel", "Local/100@test"), AMI_E_READ_ONLY);
	cr_assert_eq(send_simple("Command", "Command", "core restart now"), AMI_E_READ_ONLY);
	cr_assert_eq(send_simple("Hangup", "Channel", "PJSIP/a-1"), AMI_E_READ_ONLY);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, 0, "sent: %s", H.peer.got);
	cr_assert_eq(info().pending, 0);
	cr_assert_eq(send_simple("Command", "Command", "core show channels"), AMI_OK);
	cr_assert_eq(send_simple("CoreShowChannels", NULL, NULL), AMI_OK);
	peer_read(&H.peer);
	cr_assert(strstr(H.peer.got, "Command: core show channels\r\n"), "%s", H.peer.got);
	cr_assert_eq(ami_session_check(H.s, ami_str_c("Originate"), AMI_STR_NULL), AMI_E_READ_ONLY);
	ami_session_set_read_only(H.s, false);
	cr_assert_eq(ami_session_check(H.s, ami_str_c("Originate"), AMI_STR_NULL), AMI_OK);
}

Test(session, replay_refuses_everything)
{
	hand_login();
	ami_session_set_replay(H.s, true);
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_REPLAY);
	cr_assert_eq(send_simple("CoreShowChannels", NULL, NULL), AMI_E_REPLAY);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, 0);
	cr_assert(info().replay);
}

Test(session, not_connected_and_session_actions_refused)
{
	make();
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_NOT_CONNECTED);
	ami_session_start(H.s);
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_NOT_CONNECTED);
	peer_puts(&H.peer, "Asterisk Call Manager/11.0.0\r\n");
	pump();
	cr_assert_eq(info().state, AMI_SESSION_LOGIN);
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_NOT_CONNECTED);
	peer_clear(&H.peer);
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-1\r\n\r\n");
	pump();
	cr_assert_eq(send_simple("Login", "Username", "x"), AMI_E_INVALID);
	cr_assert_eq(send_simple("logoff", NULL, NULL), AMI_E_INVALID);
	cr_assert_eq(send_simple("Challenge", NULL, NULL), AMI_E_INVALID);
}

Test(session, crlf_injection_refused)
{
	hand_login();
	struct ami_action a;
	ami_action_init(&a, "Setvar");
	ami_action_add(&a, "Variable", "x");
	ami_action_add(&a, "Value", "1\r\nAction: Originate\r\nChannel: Local/1@x");
	cr_assert_eq(ami_session_send(H.s, &a, on_reply, NULL, 0), AMI_E_INJECTION);
	ami_action_free(&a);
	peer_read(&H.peer);
	cr_assert_eq(H.peer.gotlen, 0, "sent: %s", H.peer.got);
	cr_assert_eq(info().pending, 0);
}

Test(session, pending_table_is_bounded)
{
	H.cfg.max_pending = 4;
	hand_login();
	for (int i = 0; i < 4; i++)
		cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_OK);
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_E_BUSY);
	peer_puts(&H.peer, "Response: Success\r\nActionID: amitui-2\r\n\r\n");
	pump();
	cr_assert_eq(send_simple("Ping", NULL, NULL), AMI_OK);
}

/* ---- writing ---- */

/* An action of about 100 KiB: 100 headers of 1000 bytes, each tagged. */
static enum ami_status send_big(int tag, size_t *wirelen)
{
	static char val[1001];
	memset(val, 'a' + tag % 26, 1000);
	struct ami_action a;
	ami_action_init(&a, "UserEvent");
	ami_action_addf(&a, "UserEvent", "Big%d", tag);
	for (int i = 0; i < 100; i++)
		ami_action_addf(&a, "H", "%d-%s", i, val);
	enum ami_status st = ami_session_send(H.s, &a, NULL, NULL, 0);
	*wirelen = a.out.len;
	ami_action_free(&a);
	return st;
}

Test(session, partial_writes_and_pollout_only_when_needed)
{
	hand_login();
	int fd;
	short ev;
	ami_session_pollfd(H.s, &fd, &ev);
	cr_assert_eq(ev & POLLOUT, 0, "nothing queued: no POLLOUT");
	size_t total = 0, len;
	for (int i = 0; i < 8; i++) {
		cr_assert_eq(send_big(i, &len), AMI_OK);
		total += len;
	}
	cr_assert_gt(total, 600000);
	ami_session_pollfd(H.s, &fd, &ev);
	cr_assert(ev & POLLOUT, "the socket buffer is full: the rest waits for POLLOUT");
	for (int i = 0; i < 200 && H.peer.gotlen < total; i++) {
		peer_read(&H.peer);
		pump();
	}
	cr_assert_eq(H.peer.gotlen, total);
	ami_session_pollfd(H.s, &fd, &ev);
	cr_assert_eq(ev & POLLOUT, 0);
	/* in order and whole: every action starts where the previous one ended */
	size_t at = 0;
	for (int i = 0; i < 8; i++) {
		char want[64];
		snprintf(want, sizeof want, "Action: UserEvent\r\nUserEvent: Big%d\r\n", i);
		cr_assert_eq(strncmp(H.peer.got + at, want, strlen(want)), 0, "action %d", i);
		const char *end = strstr(H.peer.got + at, "\r\n\r\n");
		cr_assert_not_null(end);
		at = (size_t)(end + 4 - H.peer.got);
	}
	cr_assert_eq(at, total);
	cr_assert_eq(info().bytes_out,
		     total + strlen("Action: Login\r\nUsername: admin\r\n"
				    "Secret: adminpw\r\nActionID: amitui-1\r\n\r\n"));
}

Test(session, output_queue_is_bounded)
{
	H.cfg.max_output = 150 * 1024;
	hand_login();
	size_t len;
	enum ami_status st = AMI_OK;
	int sent = 0;
	for (; sent < 8 && st == AMI_OK; sent++)
		st = send_big(sent, &len);
	cr_assert_eq(st, AMI_E_BUSY, "the peer reads nothing: the queue fills up");
	cr_assert_lt(sent, 8);
	cr_assert_eq(info().pending, (uint32_t)(sent - 1), "a refused action leaves no entry");
}

/* ---- reading ---- */

Test(session, reading_is_bounded_per_call)
{
	H.cfg.msg_budget = 3;
	hand_login();
	char buf[64];
	for (int i = 0; i < 10; i++) {
		snprintf(buf, sizeof buf, "Event: E%d\r\nPrivilege: call,all\r\n\r\n", i);
		peer_puts(&H.peer, buf);
	}
	int fd;
	short ev;
	ami_session_pollfd(H.s, &fd, &ev);
	cr_assert(ev & POLLIN);
	cr_assert(ami_session_on_io(H.s, POLLIN), "budget reached: more to do");
	cr_assert_eq(H.nevents, 3);
	cr_assert_eq(ami_session_poll_timeout(H.s), 0);
	cr_assert(ami_session_on_io(H.s, 0));
	cr_assert(ami_session_on_io(H.s, 0));
	cr_assert_eq(H.nevents, 9);
	cr_assert_not(ami_session_on_io(H.s, 0));
	cr_assert_eq(H.nevents, 10);
	cr_assert_str_eq(H.events[9], "E9");
	cr_assert_neq(ami_session_poll_timeout(H.s), 0);
}

Test(session, whole_fixture_byte_by_byte)
{
	struct peer_script sc;
	peer_script_load(&sc, FIX "05_call_events_admin");
	H.cfg.actionid_prefix = "05";
	H.cfg.actionid_first = 86;
	make();
	ami_session_start(H.s);
	/* the answer to the login is split at every byte: framing must not care */
	for (size_t i = 0; i < sc.rawlen; i++) {
		peer_write(&H.peer, sc.raw + i, 1);
		pump();
	}
	char *txt = tu_load(FIX "05_call_events_admin.txt", NULL);
	size_t want = tu_txt_server_lines(txt, "Event: ");
	free(txt);
	cr_assert_eq(info().events_in, want);
	cr_assert_eq(info().state, AMI_SESSION_LOGGED_IN);
	peer_script_free(&sc);
}

Test(session, overlong_line_is_a_protocol_error)
{
	hand_login();
	static char chunk[64 * 1024];
	memset(chunk, 'x', sizeof chunk);
	peer_puts(&H.peer, "Event: Big\r\nData: ");
	for (int i = 0; i < 6 && info().state == AMI_SESSION_LOGGED_IN; i++) {
		peer_write(&H.peer, chunk, sizeof chunk);
		pump();
	}
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT);
	cr_assert_eq(info().status, AMI_E_LINE_TOO_LONG);
	cr_assert(strstr(last_state()->text, "line too long"), "%s", last_state()->text);
}

/* ---- real TCP ---- */

Test(session, connection_refused_over_tcp)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	cr_assert_eq(bind(l, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t alen = sizeof a;
	getsockname(l, (struct sockaddr *)&a, &alen);
	close(l); /* nothing listens on this port now */
	char port[16];
	snprintf(port, sizeof port, "%u", ntohs(a.sin_port));
	H.cfg.dial = NULL;
	H.cfg.host = "127.0.0.1";
	H.cfg.port = port;
	make();
	ami_session_start(H.s);
	for (int i = 0; i < 100 && info().state == AMI_SESSION_CONNECTING; i++) {
		int fd;
		short ev;
		ami_session_pollfd(H.s, &fd, &ev);
		struct pollfd p = { .fd = fd, .events = ev };
		poll(&p, 1, 20);
		ami_session_on_io(H.s, p.revents);
	}
	cr_assert_eq(info().state, AMI_SESSION_RECONNECT_WAIT, "%s", info().text);
	cr_assert_eq(info().status, AMI_E_REFUSED);
	cr_assert(strstr(last_state()->text, "Connection refused by 127.0.0.1 port"), "%s",
		  last_state()->text);
}
