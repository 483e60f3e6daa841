/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --bundle FILE without the console: collect events, calls and rights, write the bundle. */
#ifndef AMITUI_APP_COLLECT_H
#define AMITUI_APP_COLLECT_H

struct app;

/*
 * Set up collecting for a->opts.bundle: a model (scrollback from the config), the
 * server's answers, and for a live session the rights questions after login. The
 * mode's hooks are wrapped, so --dump prints as before. --bundle alone (the BUNDLE
 * mode) reads a replay as fast as possible and stops at its end, or listens live
 * until --for or a signal. Returns an exit code.
 */
int app_collect_init(struct app *a);

/* Write the bundle (after the loop). Returns an exit code (APP_EXIT_CONFIG on I/O). */
int app_collect_finish(struct app *a);

void app_collect_free(void);

#endif
