/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The AMI secret: where it comes from, and how it is held (locked, wiped, not dumpable). */
#ifndef AMITUI_APP_SECRET_H
#define AMITUI_APP_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "app/config.h"
#include "core/status.h"

#define APP_SECRET_MAX 256

/*
 * A secret held in a page that is mlock()ed when possible (never swapped out) and
 * wiped on release. While one is held the process is made non-dumpable and core
 * dumps are disabled, so a crash or ptrace by another user cannot read it.
 */
struct app_secret {
	char *buf;
	size_t len;
	bool present;
	char source[64]; /* "secret_file ~/.x", "$AMITUI_SECRET", "prompt", ... for messages */
};

/*
 * Get the secret for profile p, trying in order: p->secret_file (refused unless it is
 * a regular file with no group/other permissions, with a message saying how to fix
 * it), the variable named by p->secret_env, AMITUI_SECRET, p->secret, and finally a
 * no-echo prompt on the terminal when prompt_fd >= 0 (pass -1 for scripts). Both
 * environment variables are wiped and removed from the environment whichever source
 * won, so child processes (amisim started by --demo) never inherit them. Returns AMI_OK,
 * AMI_E_NOT_FOUND (no source had one) or AMI_E_CONFIG with err set.
 */
enum ami_status app_secret_acquire(struct app_secret *s, const struct app_profile *p, int prompt_fd,
				   char *err, size_t cap);

/* Hold text (n bytes) as the secret, e.g. the demo account's; from names the source. */
enum ami_status app_secret_set(struct app_secret *s, const char *text, size_t n, const char *from);

/*
 * Overwrite and remove AMITUI_SECRET and p's secret_env variable (p may be NULL) from
 * the environment. app_secret_acquire() does it whatever the source was.
 */
void app_secret_scrub_env(const struct app_profile *p);

/* Copy the secret into dst (cap bytes); used by the session's secret callback. */
size_t app_secret_copy(const struct app_secret *s, char *dst, size_t cap);

/* Wipe and release. Safe to call twice. */
void app_secret_wipe(struct app_secret *s);

/* Read a secret file with the permission rule above (exposed for tests). */
enum ami_status app_secret_read_file(struct app_secret *s, const char *path, char *err, size_t cap);

/* Make the process non-dumpable and disable core files (idempotent). */
void app_secret_protect_process(void);

#endif
