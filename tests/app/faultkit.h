/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The end-to-end fault tests' kit: amisim with --control, amitui in the background, logs. */
#ifndef AMITUI_TESTS_APP_FAULTKIT_H
#define AMITUI_TESTS_APP_FAULTKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "amicli.h"
#include "runprog.h"
#include "simproc.h"
#include "tmux.h"

/* AddressSanitizer builds: slower, more memory; bounds are set for them. */
#if defined(__SANITIZE_ADDRESS__)
#define FK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FK_SANITIZED 1
#endif
#endif
#ifndef FK_SANITIZED
#define FK_SANITIZED 0
#endif

struct fk {
	struct simproc sim;
	char port[16];
	char dir[64];	/* private temporary directory: amitui.conf, state, files */
	char conf[128]; /* amitui.conf with profile [t] */
	struct runprog_bg bg;
	struct runprog r;
	char ctl_user[32]; /* the control connections' account ("" = admin) */
	struct tmux tmux;  /* the console, when a test runs one */
	bool tmux_up;
	char *screen; /* its last capture */
};

extern struct fk FK;

/* Start amisim with --control and args (NULL-terminated, may be NULL); make FK.dir. */
void fk_start(const char *const *args);

/* The two halves of fk_start(): FK.dir (and FK reset), then amisim. */
void fk_init(void);
void fk_sim(const char *const *args);

/* Stop everything (suite .fini): amitui if it still runs, amisim, the directory. */
void fk_stop(void);

/*
 * Write FK.conf: profile [t] for admin on FK.sim's plain port (or tls_port with
 * tls = yes when tls is true), keepalive and timeout in seconds (0: leave the
 * default), extra lines appended as they are ("key = value\n...").
 */
void fk_conf(int keepalive, int timeout, bool tls, const char *extra);

/*
 * argv for amitui: "amitui -c FK.conf -p t" then args (NULL-terminated). The result is
 * a static array, valid until the next call.
 */
const char *const *fk_argv(const char *const *args);

/* The environment for amitui: AMITUI_SECRET=secret, no user config, state in FK.dir. */
const char *const *fk_env(const char *secret);

/* amitui in the foreground (FK.r), at most timeout_ms; returns its exit code. */
int fk_run(const char *secret, const char *const *args, int timeout_ms);

/* amitui in the background (FK.bg), e.g. --dump -v; fk_finish() collects FK.r. */
void fk_spawn(const char *secret, const char *const *args);
int fk_finish(int timeout_ms);

/* Wait until amitui's stderr (err) or stdout holds needle n times; false on timeout. */
bool fk_wait(bool err, const char *needle, size_t n, int timeout_ms);

size_t fk_count(const char *hay, const char *needle);

/* A control connection (admin, events off) to FK.sim. */
void fk_control(struct amicli *c);

/* SimFault on every other session now (Target: all); param may be NULL. */
void fk_fault_all(const char *fault, const char *param);

/* A number from SimStats ("SessionsTotal", "SlowReadersCut", ...). */
unsigned long fk_stat(const char *name);

/* Originate chan into Wait(60), asynchronously, from a control connection. */
void fk_originate(const char *chan);

/* ---- the console in tmux ---- */

/*
 * amitui -c FK.conf -p t in a w x h tmux window (AMITUI_SECRET=secret, state in
 * FK.dir); when it ends the shell prints "amitui-exit=N" and stays.
 */
void fk_console(const char *secret, int w, int h);

/* Wait up to ms for needle on the screen (FK.screen is the last capture); assert it. */
void fk_screen_wait(const char *needle, int ms);

/* The same for two needles on one screen. */
void fk_screen_wait2(const char *a, const char *b, int ms);

/* Replace FK.screen with a capture s (from tmux_capture / tmux_wait_*). */
void fk_shot(char *s);

/* The console's pid (the amitui whose command line names FK.conf). */
int fk_console_pid(void);

/* VmRSS of pid in KiB. */
long fk_rss_kib(int pid);

/* Escape, q, and the console ends with exit code 0 (sanitizer builds: no leak). */
void fk_quit_cleanly(void);

/* Milliseconds of a monotonic clock; wall-clock seconds. */
long fk_ms(void);
double fk_wall(void);

#endif
