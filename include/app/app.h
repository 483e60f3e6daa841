/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The application: settings resolved into one connection, the poll loop, and the modes. */
#ifndef AMITUI_APP_APP_H
#define AMITUI_APP_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/config.h"
#include "app/demo.h"
#include "app/facts.h"
#include "app/opts.h"
#include "app/record.h"
#include "app/secret.h"
#include "core/buf.h"
#include "net/session.h"

struct app;

/* A mode's hooks into the loop; any may be NULL. */
struct app_mode_ops {
	/* the session reached LOGGED_IN (again) */
	void (*on_login)(struct app *a);
	/* an asynchronous event */
	void (*on_event)(struct app *a, const struct ami_msg *m);
	/* every state change, after the app's own handling */
	void (*on_state)(struct app *a, enum ami_session_state st, enum ami_status status,
			 const char *text);
	/* an extra fd to poll (the terminal), -1 for none; and its handler */
	int (*extra_fd)(struct app *a);
	void (*on_extra)(struct app *a, short revents);
	/* called every loop turn after I/O; returns ms until it wants to run again, -1 */
	int (*on_turn)(struct app *a);
	/* SIGWINCH */
	void (*on_resize)(struct app *a);
	/* --replay: every message of the recording (events also go to on_event) */
	void (*on_replay)(struct app *a, const struct ami_msg *m);
	/* --replay: a note record (a lost connection when it was recorded) */
	void (*on_replay_note)(struct app *a, const char *text, size_t len, double t);
	/* --replay: the end of the recording */
	void (*on_replay_end)(struct app *a);
};

struct app {
	struct app_opts opts;
	struct app_config cfg;
	struct app_profile prof;
	struct app_secret secret;
	struct app_demo demo;
	struct ami_session *sess;
	struct rec_writer rec;
	bool recording;
	const struct app_mode_ops *ops;
	void *mode; /* the mode's own state */
	int exit_code;
	bool quit; /* leave the loop after this turn */
	bool ever_logged_in;
	bool reconnect; /* keep reconnecting after a loss (dump, console) */
	bool replaying; /* --replay: no session, the recording feeds the hooks */
	double rx_time; /* wall-clock receive time of the message being dispatched */
	enum ami_session_state state;
	enum ami_status status;
	char text[512];	     /* the last state sentence */
	int64_t deadline_ms; /* --for: clock time to stop, -1 none */
	int sigpipe[2];
	struct ami_buf out; /* stdout staging for headless modes */
};

/* The whole program: parse, resolve, run the mode, clean up; returns the exit code. */
int app_main(int argc, char **argv);

/*
 * Resolve the profile from the config, the command line and --demo into a->prof.
 * Returns APP_EXIT_OK or an exit code with a message on stderr.
 */
int app_resolve(struct app *a);

/* Create and start the session for a->prof (after the secret is known). */
int app_connect(struct app *a);

/* Run the poll loop until a->quit; returns a->exit_code. */
int app_loop(struct app *a);

/* Monotonic milliseconds and wall-clock seconds (the receive time of events). */
int64_t app_now_ms(void);
double app_wall(void);

/*
 * The receive time of the message being handled (epoch seconds): the same value the
 * recording gets, so a replay reproduces it exactly.
 */
double app_rx_time(const struct app *a);

/* Map a session failure status to the documented exit code. */
int app_exit_for(enum ami_status st);

/* Print to stderr, or to the console's message line when the console is up. */
void app_note(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The headless modes (headless.c). */
extern const struct app_mode_ops app_dump_ops, app_action_ops, app_probe_ops;

/* --probe (probe.c): set up the rights card and expectations; free it at exit. */
int app_probe_init(struct app *a);
void app_probe_free(void);

/*
 * Learn rights and server facts from a recorded message (replays). Returns which
 * rights answer m was (APP_FACT_NONE for the banner, events and other replies).
 */
struct rights_card;
enum app_fact app_learn_recorded(struct rights_card *card, const struct ami_msg *m);
int app_headless_init(struct app *a);

#endif
