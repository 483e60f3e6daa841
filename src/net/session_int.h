/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session's private state, shared by the session_*.c files. */
#ifndef AMITUI_NET_SESSION_INT_H
#define AMITUI_NET_SESSION_INT_H

#include "net/session.h"

#include "core/parser.h"

/* One action in flight. */
struct ami_pending {
	bool used;
	bool is_list; /* "EventList: start" seen: items and a completion follow */
	char actionid[64];
	char action[64];
	void (*fn)(void *user, const struct ami_reply *r);
	void *user;
	int64_t sent_at;
	int64_t deadline;
	int timeout_ms;
	uint32_t items;
};

/* Bytes queued for the wire; consumed bytes are wiped at once (Login holds a secret). */
struct ami_outq {
	char *p;
	size_t off;
	size_t len;
	size_t cap;
};

/* What follows a lost connection. */
enum ami_sess_next {
	AMI_SESS_RECONNECT, /* backoff, then connect again (STOPPED if reconnect is off) */
	AMI_SESS_STOP,	    /* STOPPED: needs the user (auth, TLS trust, not AMI) */
	AMI_SESS_IDLE,	    /* IDLE: the application closed the session */
};

struct ami_session {
	struct ami_session_config cfg; /* strings point to the owned copies below */
	char *strs[8];		       /* owned copies, freed together */
	struct ami_session_callbacks cb;
	void *ctx;

	enum ami_session_state state;
	enum ami_status status;
	char text[1280];

	struct ami_conn *conn;
	struct ami_tcp_connect tcp;
	struct ami_parser parser;
	struct ami_outq out;
	uint64_t gen; /* bumped whenever a connection ends: stale loops stop */
	bool more;    /* input left unprocessed by the last on_io */

	struct ami_pending *pend;
	uint32_t npend;
	struct ami_actionid_gen ids;

	int64_t phase_deadline; /* TLS handshake, banner */
	int64_t close_deadline; /* CLOSING */
	int64_t reconnect_at;
	uint32_t backoff_step;
	uint32_t auth_failures;
	uint32_t reconnects;
	bool started_once;
	uint64_t rng;

	int64_t connected_at;
	int64_t last_rx;
	int64_t next_ping;
	bool ping_outstanding;
	int64_t last_rtt;
	bool tls_unverified;

	char banner[128];
	char ami_version[32];
	char peer[96];

	uint64_t bytes_in;
	uint64_t bytes_out;
	uint64_t messages_in;
	uint64_t events_in;
};

int64_t ami_sess_now(const struct ami_session *s);

/* Set the state and tell the application (text is printf-formatted). */
void ami_sess_state(struct ami_session *s, enum ami_session_state st, enum ami_status status,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* End the connection (if any), fail pending actions, and go where next says. */
void ami_sess_drop(struct ami_session *s, enum ami_status st, enum ami_sess_next next,
		   const char *text);

/* Begin a connection attempt now. */
void ami_sess_connect(struct ami_session *s);

/* The TCP connector succeeded: wrap the socket (TLS or plain) and go on. */
void ami_sess_tcp_connected(struct ami_session *s);

/* Advance the TCP connector (revents from poll, 0 on its deadline). */
void ami_sess_connect_step(struct ami_session *s, short revents);

/* Queue an action without the application-facing checks (the session's own). */
enum ami_status ami_sess_send_action(struct ami_session *s, struct ami_action *a,
				     void (*fn)(void *user, const struct ami_reply *r), void *user,
				     int timeout_ms);

/* Queue bytes for the wire (AMI_E_BUSY past max_output). */
enum ami_status ami_sess_outq_add(struct ami_session *s, const char *p, size_t n);

/* Write queued bytes until the transport would block; AMI_OK when all are out. */
enum ami_status ami_sess_flush(struct ami_session *s);

/* Route one received message (banner, reply, list event, event). */
void ami_sess_dispatch(struct ami_session *s, const struct ami_msg *m);

/* The pending table. */
struct ami_pending *ami_sess_pending_find(struct ami_session *s, struct ami_str id);
void ami_sess_pending_fail_all(struct ami_session *s);
void ami_sess_pending_expire(struct ami_session *s, int64_t now);
int64_t ami_sess_pending_next_deadline(const struct ami_session *s);
uint32_t ami_sess_pending_count(const struct ami_session *s);

/* The login and keepalive steps. */
void ami_sess_on_banner(struct ami_session *s, const struct ami_msg *m);
void ami_sess_keepalive(struct ami_session *s, int64_t now);

/* Earliest deadline of the current state, -1 when none. */
int64_t ami_sess_next_deadline(const struct ami_session *s);

/* Overwrite memory that held a secret, in a way the compiler cannot drop. */
void ami_sess_wipe(void *p, size_t n);

#endif
