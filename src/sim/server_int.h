/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server's private structures and the functions its files share. Not part of any API. */
#ifndef AMITUI_SIM_SERVER_INT_H
#define AMITUI_SIM_SERVER_INT_H

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "core/buf.h"
#include "core/message.h"
#include "sim/busimpl.h"
#include "sim/fault.h"
#include "sim/filter.h"
#include "sim/input.h"
#include "sim/mgrconf.h"
#include "sim/pbx.h"
#include "sim/reply.h"
#include "sim/server.h"

#define SIM_AMI_VERSION "11.0.0"
#define SIM_ASTERISK_VERSION "22.10.1"
#define SIM_BANNER "Asterisk Call Manager/" SIM_AMI_VERSION "\r\n"

enum {
	SIM_RBUF = 64 * 1024,	   /* bytes read ahead of the framer */
	SIM_OUT_MAX = 64u << 20,   /* one session's pending output, replies included */
	SIM_OUT_HIGH = 256 * 1024, /* stop copying events in above this */
	SIM_SESSIONS_MAX = 4096,   /* connections at once */
	SIM_LOGIN_DELAY_MS = 1000, /* sleep(1) after a failed Login */
	SIM_FLOOD_TICK_MS = 1,
};

struct sim_listener {
	int fd;
	bool tls;
	struct sockaddr_storage addr; /* as bound, with the real port */
	socklen_t addrlen;
	char host[64]; /* numeric, without brackets */
	unsigned port;
};

enum sim_sess_state {
	SS_HANDSHAKE, /* TLS handshake running; no banner yet */
	SS_OPEN,      /* reading and answering requests */
	SS_DELAY,     /* sleeping before "Authentication failed" / "Login Already In Use" */
	SS_DEFERRED,  /* an action answers later (sim_reply_defer) */
	SS_WAITEVENT, /* inside WaitEvent */
	SS_CLOSING,   /* write what is pending, then close */
	SS_DEAD,      /* to be freed */
};

struct sim_session {
	struct sim_server *srv;
	struct sim_session *next;
	struct sim_session *prev;
	uint64_t id;
	int fd;
	SSL *ssl;
	const struct sim_listener *lst;
	struct sockaddr_storage peer;
	char peer_host[64];
	unsigned peer_port;
	enum sim_sess_state state;
	/* input */
	char *rbuf;
	size_t rlen;
	bool eof;
	bool ssl_more;	/* SSL may hold decrypted bytes we have not taken */
	bool new_input; /* bytes arrived since WaitEvent started */
	struct sim_input in;
	/* output */
	struct ami_buf out;
	size_t out_off;
	uint64_t stall_since; /* when pending output last made progress */
	uint64_t bytes_out;
	/* protocol state, as mansession_session */
	bool authenticated;
	bool counted_unauth;
	char username[80];
	char challenge[10];
	uint32_t readperm;
	uint32_t writeperm;
	uint32_t send_events;
	int writetimeout;
	struct sim_filters filters;
	time_t authstart;
	time_t sessionstart;	   /* 0 until login (manager show connected prints it) */
	struct timeval session_tv; /* zero until login (SessionTV of security events) */
	uint64_t cursor;	   /* next event sequence not looked at */
	/* pending things */
	uint64_t auth_timer;
	uint64_t delay_timer;
	uint64_t wait_timer;
	uint64_t stall_timer;
	uint64_t drip_timer;
	struct ami_buf delayed; /* the reply written when the delay ends */
	bool stalled;
	uint64_t stall_after; /* a stall (ms) that begins once the output has gone out */
	bool drip_wait;
	unsigned drip_ms;
	char wait_actionid[1024];
	struct sim_deferred *deferred;
	/* faults armed by the action being answered, applied after its reply */
	struct sim_fault_spec pending_fault;
	bool has_pending_fault;
	bool cut_armed;	    /* the next reply is cut short and the connection closed */
	uint64_t cut_bytes; /* how much of it goes out; 0: half */
};

/* A synchronous action answered later (reply.h). */
struct sim_deferred {
	struct sim_session *s; /* NULL once the session is gone */
	struct sim_reply reply;
	struct ami_buf out;
	struct ami_msg *req;
	bool suppress; /* the request had SuppressEvents */
};

struct sim_flood {
	uint64_t rate; /* events per second */
	uint64_t start_ms;
	uint64_t end_ms;
	uint64_t generated;
	uint64_t timer;
};

/* A config file GetConfig/UpdateConfig/CreateConfig know besides manager.conf. */
struct sim_vfile {
	char name[256];
	struct sim_conf conf;
};

enum { SIM_VFILES_MAX = 32 };

struct sim_server {
	struct sim_server_opts opts;
	struct sim_mgrconf cfg;
	bool cfg_dirty; /* manager.conf edited by UpdateConfig and not saved */
	char confdir[1024];
	struct sim_vfile vfiles[SIM_VFILES_MAX];
	size_t nvfiles;
	struct sim_bus *bus;
	struct sim_pbx *pbx;
	struct sim_listener lst[2];
	size_t nlst;
	SSL_CTX *tls;
	struct sim_session *head;
	struct sim_session *tail;
	size_t nsessions;
	int unauth;
	uint64_t next_id;
	int wake[2];
	volatile sig_atomic_t stop;
	struct timeval startup;
	struct timeval lastreload;
	/* faults */
	bool refusetls;
	char inuse_user[80];
	unsigned drip_ms;
	bool down; /* restarting: listeners closed */
	uint64_t restart_timer;
	bool restart_after_login;
	uint64_t restart_seconds;
	struct sim_flood flood;
	uint64_t rng;
	/* counters */
	uint64_t sessions_total;
	uint64_t cut_slow;
	uint64_t bytes_out;
};

/* server.c */
/*
 * snprintf() for the places where Asterisk cuts text at a fixed buffer size on
 * purpose (idText[150], char challenge[10], ...): the cut is part of the behaviour.
 */
void cut_printf(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int srv_nonblock(int fd);
/* ast_random(): 0 .. 2^31-1 */
uint32_t srv_random(struct sim_server *srv);
void srv_log(struct sim_server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint64_t srv_now(struct sim_server *srv);
enum ami_status srv_reload_config(struct sim_server *srv, char *err, size_t errcap);
void srv_restart(struct sim_server *srv, uint64_t seconds);
/* The same 100 ms from now, so that the reply that asked for it goes out first. */
void srv_restart_soon(struct sim_server *srv, uint64_t seconds);
void srv_flood_start(struct sim_server *srv, uint64_t rate, uint64_t seconds);
bool srv_user_in_use(struct sim_server *srv, const char *name);

/* session.c */
struct sim_session *sess_new(struct sim_server *srv, int fd, const struct sim_listener *lst,
			     const struct sockaddr_storage *peer);
void sess_free(struct sim_session *s);
void sess_close(struct sim_session *s, const char *why);
void sess_readable(struct sim_session *s);
void sess_pump(struct sim_session *s);
short sess_poll_events(struct sim_session *s);
uint64_t sess_deadline(struct sim_session *s);
void sess_delay_then_close(struct sim_session *s, const char *reply, size_t len);
void sess_apply_fault(struct sim_session *s, const struct sim_fault_spec *f);
/* The cut fault: keep only part of the reply written since mark, then close. */
void sess_cut_reply(struct sim_session *s, size_t mark);
void sess_flush_events(struct sim_session *s, bool unlimited);
void sess_waitevent(struct sim_session *s, int timeout, const char *actionid);

/* dispatch.c: process_message() and the reply context */
void sess_process(struct sim_session *s, enum sim_input_kind kind, struct ami_msg *m);
void sim_reply_init(struct sim_reply *r, struct sim_session *s, const struct ami_msg *m);
/* The full ActionID of the request (not cut at 255 like sim_reply.actionid). */
const char *req_actionid(const struct ami_msg *m, char *dst, size_t cap);

/* Handlers of the actions the server owns: 0 = done, -1 = close after the reply. */
typedef int (*sim_action_fn)(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);

/* auth.c */
int act_login(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_logoff(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_challenge(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
bool auth_in_use_check(struct sim_session *s, const struct ami_msg *m);

/* security.c: the security events of manager.c's report_*() */
enum sim_sec_event {
	SEC_FAILED_ACL,
	SEC_INVAL_ACCT_ID,
	SEC_SESSION_LIMIT,
	SEC_REQ_NOT_ALLOWED,
	SEC_REQ_BAD_FORMAT,
	SEC_SUCCESSFUL_AUTH,
	SEC_CHAL_RESP_FAILED,
	SEC_INVAL_PASSWORD,
};
struct sim_sec_extra {
	const char *account; /* NULL: the session's username */
	const char *request_type;
	const char *response;
	const char *expected;
};
void sec_report(struct sim_session *s, enum sim_sec_event ev, const struct sim_sec_extra *x);
/* "IPV4/TCP/127.0.0.1/5038" for a socket address. */
void sec_addr(const struct sockaddr_storage *sa, bool tls, char *dst, size_t cap);

/* actions.c */
int act_ping(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_events(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_listcommands(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_filter(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_waitevent(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_coresettings(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_corestatus(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_userevent(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_loggerrotate(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_simfault(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_simtraffic(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_simflood(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_simstats(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);

/* modules.c */
enum sim_reload {
	SIM_RELOAD_SUCCESS,
	SIM_RELOAD_QUEUED,
	SIM_RELOAD_NOT_FOUND,
	SIM_RELOAD_ERROR,
	SIM_RELOAD_IN_PROGRESS,
	SIM_RELOAD_UNINITIALIZED,
	SIM_RELOAD_NOT_IMPLEMENTED,
};
enum sim_reload mod_reload(struct sim_server *srv, const char *name);
bool mod_loaded(const char *name);
void mod_show(struct ami_buf *out, const char *like);
int act_reload(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_moduleload(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_modulecheck(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);

/* cfgact.c */
int act_getconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_getconfigjson(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_listcategories(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_updateconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
int act_createconfig(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);

/* cli.c */
int act_command(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r);
/* parse_args(): split a CLI line as Asterisk does (quotes, backslashes); returns argc. */
int cli_parse_args(const char *line, char *buf, size_t cap, char **argv, int max, bool *tws);

/* cfgact.c: a lexical realpath() ("." and ".." resolved, repeated slashes collapsed) */
void path_normalize(const char *in, char *out, size_t cap);

/* tls.c */
SSL_CTX *tls_server_ctx(const char *cert, const char *key, bool selfsigned, char *err,
			size_t errcap);

#endif
