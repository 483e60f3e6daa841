/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The AMI session: connect, TLS, banner, login, ActionID correlation, keepalive, reconnect. */
#ifndef AMITUI_NET_SESSION_H
#define AMITUI_NET_SESSION_H

/*
 * One session is one AMI login, kept alive and re-established across failures. It is
 * single-threaded and never blocks (except getaddrinfo on a DNS name, see conn.h): the
 * application's poll() loop drives it.
 *
 *   loop:
 *     ami_session_pollfd(s, &fd, &events)            fd -1: nothing to poll
 *     poll(..., ami_session_poll_timeout(s))         0 when input is still buffered
 *     ami_session_on_io(s, revents)                  also with revents 0 after "more"
 *     ami_session_tick(s)                            timers: deadlines, Ping, backoff
 *
 * Everything the session hands out (messages, replies, strings in the info) is
 * borrowed and valid only until the callback returns or the next session call;
 * copy what you keep (ami_msg_dup). Callbacks may call ami_session_send(),
 * ami_session_close() and the setters, never ami_session_free().
 *
 * The process must ignore SIGPIPE (OpenSSL writes with write(2)).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/action.h"
#include "core/message.h"
#include "core/status.h"
#include "core/str.h"
#include "net/conn.h"
#include "net/tls.h"

/* _(NAME, "label") */
#define AMI_SESSION_STATE_INFO(_)                                                            \
	_(IDLE, "idle")			  /* not started, or closed by the application */    \
	_(CONNECTING, "connecting")	  /* resolving, TCP connect */                       \
	_(TLS_HANDSHAKE, "TLS handshake") /* */                                              \
	_(BANNER, "waiting for banner")	  /* connected, "Asterisk Call Manager/" expected */ \
	_(LOGIN, "logging in")		  /* Challenge / Login in flight */                  \
	_(LOGGED_IN, "logged in")	  /* actions may be sent */                          \
	_(CLOSING, "logging off")	  /* Logoff sent by ami_session_close() */           \
	_(RECONNECT_WAIT, "reconnecting") /* backoff timer running, see reconnect_at_ms */   \
	_(STOPPED, "stopped")		  /* gave up; ami_session_start() tries again */

enum ami_session_state {
#define AMI_SESSION_STATE_ENUM(name, label) AMI_SESSION_##name,
	AMI_SESSION_STATE_INFO(AMI_SESSION_STATE_ENUM)
#undef AMI_SESSION_STATE_ENUM
};
const char *ami_session_state_str(enum ami_session_state st);

/*
 * Login method. auto = MD5 challenge over plain TCP (the secret never crosses the
 * wire), plain Secret over TLS (the channel is encrypted). There is no silent
 * downgrade: if the server refuses the Challenge, login fails with that message;
 * configure "plain" explicitly to send the secret itself.
 */
#define AMI_AUTH_MODE_INFO(_) \
	_(AUTO, "auto")       \
	_(MD5, "md5")         \
	_(PLAIN, "plain")

enum ami_auth_mode {
#define AMI_AUTH_MODE_ENUM(name, label) AMI_AUTH_##name,
	AMI_AUTH_MODE_INFO(AMI_AUTH_MODE_ENUM)
#undef AMI_AUTH_MODE_ENUM
};
const char *ami_auth_mode_str(enum ami_auth_mode m);
/* "auto", "md5", "plain" (case-insensitive); false when unknown. */
bool ami_auth_mode_parse(const char *s, enum ami_auth_mode *out);

/* Which part of an action's answer a reply handler is given. */
#define AMI_REPLY_KIND_INFO(_)                                                          \
	_(RESPONSE, "response")		/* the Response (or Asterisk 13 "Follows") */   \
	_(ITEM, "item")			/* one list event (after "EventList: start") */ \
	_(COMPLETE, "complete")		/* the list's closing event */                  \
	_(TIMEOUT, "timeout")		/* no (complete) answer before the deadline */  \
	_(DISCONNECTED, "disconnected") /* the connection went away first */

enum ami_reply_kind {
#define AMI_REPLY_KIND_ENUM(name, label) AMI_REPLY_##name,
	AMI_REPLY_KIND_INFO(AMI_REPLY_KIND_ENUM)
#undef AMI_REPLY_KIND_ENUM
};
const char *ami_reply_kind_str(enum ami_reply_kind k);

/*
 * One call of a reply handler. status: AMI_OK, or for RESPONSE AMI_E_PERMISSION
 * ("Permission denied"), AMI_E_UNKNOWN_ACTION ("Invalid/unknown command"),
 * AMI_E_ACTION_FAILED (any other Error); for COMPLETE AMI_E_PROTOCOL when the count
 * of items differs from ListItems and AMI_E_ACTION_FAILED for "EventList: cancelled";
 * AMI_E_TIMEOUT; AMI_E_CLOSED. text is a sentence for a person ("" when OK).
 * final: this is the last call for the action (its pending entry is gone).
 */
struct ami_reply {
	enum ami_reply_kind kind;
	enum ami_status status;
	const struct ami_msg *msg; /* borrowed; NULL for TIMEOUT and DISCONNECTED */
	const char *action;	   /* the action's name */
	const char *actionid;
	const char *text;
	uint32_t items;	    /* list items delivered so far */
	long listitems;	    /* COMPLETE: the ListItems header, -1 when absent */
	int64_t elapsed_ms; /* since the action was queued */
	bool final;
};

struct ami_session_callbacks {
	/* State changes, with the status that caused them and a sentence for a person. */
	void (*on_state)(void *ctx, enum ami_session_state state, enum ami_status status,
			 const char *text);
	/*
	 * Every event that is not an item or the completion of a pending list: the
	 * asynchronous events, FullyBooted and the security events at login, and events
	 * echoing the ActionID of an action already answered. OriginateResponse (and the
	 * UserEvent a UserEvent action raises) arrive after their action's Response, so
	 * they come here only; the originator's reply handler is not called again.
	 * Responses nobody waits for (late, after a TIMEOUT) are dropped.
	 */
	void (*on_event)(void *ctx, const struct ami_msg *m);
	/*
	 * Asked for the secret at every login: write it into buf (cap bytes, NUL not
	 * needed) and return its length, or -1 when there is none. The session wipes buf
	 * as soon as the Login is built and never keeps the secret.
	 */
	int (*get_secret)(void *ctx, char *buf, size_t cap);
	/*
	 * Optional tap: every message received (banner included), before dispatch, for
	 * recordings. Received bytes can hold secrets too (GetConfig of manager.conf
	 * shows secret= lines): redact before writing them anywhere.
	 */
	void (*on_message)(void *ctx, const struct ami_msg *m);
};

/*
 * Configuration. Start from ami_session_config_init() (defaults in brackets), then
 * set what you need. ami_session_new() copies every string.
 */
struct ami_session_config {
	const char *host; /* name or address literal ["127.0.0.1"] */
	const char *port; /* ["5038"] */
	bool tls;	  /* [false] */
	struct ami_tls_options tls_opts;
	const char *username;	     /* required */
	enum ami_auth_mode auth;     /* [AUTO] */
	const char *events;	     /* Login's Events: header; NULL omits it [NULL] */
	bool read_only;		     /* refuse actions ami_catalog_read_only_ok() rejects [false] */
	bool replay;		     /* refuse every action (replaying a recording) [false] */
	bool reconnect;		     /* reconnect after failures [true] */
	int connect_timeout_ms;	     /* TCP connect, TLS handshake, banner, each [10000] */
	int action_timeout_ms;	     /* default reply deadline per action [10000] */
	int ping_interval_ms;	     /* keepalive Ping period; 0 disables [15000] */
	int ping_timeout_ms;	     /* no Pong within this: dead [ping_interval_ms] */
	int backoff_min_ms;	     /* first reconnect delay [1000] */
	int backoff_max_ms;	     /* cap [60000] */
	int backoff_jitter_pct;	     /* +- this percentage of each delay [20] */
	int backoff_reset_ms;	     /* logged in this long resets the backoff [30000] */
	int max_auth_failures;	     /* consecutive failed logins before STOPPED [3] */
	uint32_t max_pending;	     /* actions in flight; more gives AMI_E_BUSY [256] */
	size_t max_output;	     /* queued bytes not yet written [1 MiB] */
	size_t read_budget;	     /* bytes read per ami_session_on_io() call [256 KiB] */
	uint32_t msg_budget;	     /* messages dispatched per call [512] */
	const char *actionid_prefix; /* ActionIDs are "<prefix>-<n>" ["amitui"] */
	uint64_t actionid_first;     /* first n [1] */
	/* The clock, in milliseconds, monotonic [CLOCK_MONOTONIC]. */
	int64_t (*clock)(void *clock_ctx);
	void *clock_ctx;
	uint64_t rng_seed; /* backoff jitter; 0 seeds from the clock and pid [0] */
	/*
	 * Replace TCP/TLS with a ready transport (tests: one end of a socketpair). Called
	 * at every (re)connect; return AMI_OK with *out, or an error with a sentence in msg.
	 */
	enum ami_status (*dial)(void *dial_ctx, struct ami_conn **out, char *msg, size_t cap);
	void *dial_ctx;
};

void ami_session_config_init(struct ami_session_config *cfg);

/* Title bar and status figures; strings point into the session (see above). */
struct ami_session_info {
	enum ami_session_state state;
	enum ami_status status;	 /* what caused the current state (AMI_OK when fine) */
	const char *text;	 /* the last state sentence */
	const char *banner;	 /* "Asterisk Call Manager/11.0.0", "" before it */
	const char *ami_version; /* "11.0.0", "" before the banner */
	const char *peer;	 /* "127.0.0.1 port 5038" ("" with a dial hook) */
	const char *username;
	bool tls;
	const struct ami_tls_peer *tls_peer; /* NULL unless a TLS connection is up */
	bool tls_unverified;		     /* TLS accepted without verification: warn */
	bool read_only;
	bool replay;
	uint64_t bytes_in;
	uint64_t bytes_out;
	uint64_t messages_in;
	uint64_t events_in;
	int64_t last_rtt_ms;	 /* last Ping round trip, -1 before the first */
	int64_t connected_at_ms; /* clock time of the login, -1 when not logged in */
	int64_t reconnect_at_ms; /* clock time of the next attempt, -1 when none */
	uint32_t reconnects;	 /* connections attempted after the first */
	uint32_t auth_failures;	 /* consecutive failed logins */
	uint32_t pending;	 /* actions in flight */
};

struct ami_session;

/*
 * Create a session in IDLE. Copies cfg and cb (cb->get_secret is required).
 * Returns AMI_OK, AMI_E_INVALID (missing username or get_secret), AMI_E_NOMEM.
 */
enum ami_status ami_session_new(const struct ami_session_config *cfg,
				const struct ami_session_callbacks *cb, void *ctx,
				struct ami_session **out);

/* Close hard (no Logoff), fail pending actions (DISCONNECTED) and free. NULL is fine. */
void ami_session_free(struct ami_session *s);

/*
 * Connect (from IDLE, STOPPED or RECONNECT_WAIT: right now); resets the backoff and
 * the auth-failure count. Other states: no-op. Returns the state's status.
 */
enum ami_status ami_session_start(struct ami_session *s);

/*
 * Stop for good: logged in, send Logoff and go IDLE on Goodbye, EOF or after 2 s;
 * otherwise close at once. Pending actions get DISCONNECTED. No reconnect.
 */
void ami_session_close(struct ami_session *s);

/* What to poll: *fd -1 when nothing (then only the timeout matters). */
void ami_session_pollfd(const struct ami_session *s, int *fd, short *events);

/*
 * Do the I/O poll() reported (revents may be 0). Reads at most read_budget bytes and
 * dispatches at most msg_budget messages, then returns true if more work is waiting
 * (call again without sleeping, e.g. after servicing the keyboard).
 */
bool ami_session_on_io(struct ami_session *s, short revents);

/* Run expired timers; returns the next deadline (clock ms) or -1 when none. */
int64_t ami_session_tick(struct ami_session *s);

/* For poll(): ms until the next deadline (-1 none), 0 when input is still buffered. */
int ami_session_poll_timeout(const struct ami_session *s);

/*
 * Send an action. The session gives it an ActionID (left in a->actionid; a caller's
 * own ActionID set with ami_action_set_id() is kept), finishes it, queues the bytes
 * and records a pending entry: fn(user, reply) gets the RESPONSE, then each ITEM and
 * the COMPLETE for lists, or TIMEOUT / DISCONNECTED; the call with final = true is
 * the last. fn may be NULL. timeout_ms <= 0 means the default; for lists the deadline
 * restarts with every item. a stays the caller's (ami_action_free() wipes it).
 * Refusals, none of which reach the wire: the action's own sticky error (e.g.
 * AMI_E_INJECTION for CR/LF), AMI_E_REPLAY, AMI_E_READ_ONLY, AMI_E_NOT_CONNECTED
 * (not logged in), AMI_E_INVALID (Login/Challenge/Logoff: the session's own, use
 * ami_session_close()), AMI_E_BUSY (pending table or output queue full).
 */
enum ami_status ami_session_send(struct ami_session *s, struct ami_action *a,
				 void (*fn)(void *user, const struct ami_reply *r), void *user,
				 int timeout_ms);

/* Would ami_session_send() refuse this action for read-only/replay? (AMI_OK if not.) */
enum ami_status ami_session_check(const struct ami_session *s, struct ami_str action,
				  struct ami_str command);

void ami_session_set_read_only(struct ami_session *s, bool on);
void ami_session_set_replay(struct ami_session *s, bool on);

/*
 * Reconnect after failures from now on (the next failure decides). An application
 * that gives up when the very first connection fails turns it on at the first login,
 * so that the first failure reads as final ("Authentication failed", no count, no
 * "reconnecting in").
 */
void ami_session_set_reconnect(struct ami_session *s, bool on);

void ami_session_get_info(const struct ami_session *s, struct ami_session_info *out);

#endif
