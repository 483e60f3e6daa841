/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --demo: start amisim on a free loopback port as a child process, and stop it again. */
#ifndef AMITUI_APP_DEMO_H
#define AMITUI_APP_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/status.h"

struct app_demo {
	pid_t pid;
	int outfd; /* amisim's stdout */
	char host[64];
	unsigned port;
	char err[256];
	bool rights_known; /* read/write below came from amisim's demo configuration */
	uint32_t read, write;
};

/* The demo accounts (as in the fixtures); secrets are the name followed by "pw". */
#define APP_DEMO_USERS "admin, operator, monitor, cli, userev, reloader, nobody"

/*
 * Find amisim (AMITUI_AMISIM, then beside our own executable, then $PATH), start it
 * with `--port 0 --bind 127.0.0.1` plus extra_args (NULL-terminated, may be NULL),
 * with an environment reduced to PATH, HOME, LANG/LC_* and TZ (so no secret leaks
 * into it), dying with us (PR_SET_PDEATHSIG), and wait up to timeout_ms for its
 * `listening on HOST:PORT` line. Returns AMI_OK or an error with d->err set.
 */
enum ami_status app_demo_start(struct app_demo *d, const char *const *extra_args, int timeout_ms);

/*
 * The demo account's configured rights, from `amisim --print-demo-config` (so amitui
 * and amisim never disagree): sets d->read, d->write, d->rights_known.
 */
bool app_demo_rights(struct app_demo *d, const char *user);

/* Terminate and reap the child (SIGTERM, then SIGKILL after 1 s). Idempotent. */
void app_demo_stop(struct app_demo *d);

/* The demo secret for a demo user ("operator" -> "operatorpw") into dst. */
void app_demo_secret(const char *user, char *dst, size_t cap);

#endif
