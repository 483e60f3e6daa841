/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Driving a program inside tmux like a person: start it at a size, send keys, read the screen. */
#ifndef AMITUI_TEST_TMUX_H
#define AMITUI_TEST_TMUX_H

#include <stdbool.h>

/* A private tmux server (its own socket) running one window. */
struct tmux {
	char sock[64];
	int width, height;
};

/* Start `cmd` (a shell command line) in a detached window of width x height. */
bool tmux_start(struct tmux *t, int width, int height, const char *cmd);

/* Send keys as tmux names them ("q", "Enter", "Escape", "C-c", "F1"); literal text with -l. */
bool tmux_keys(struct tmux *t, const char *keys);
bool tmux_text(struct tmux *t, const char *text);

/* The visible screen as text; with_attrs keeps colours/attributes as escapes (-e). */
char *tmux_capture(struct tmux *t, bool with_attrs);

/* Wait up to ms for the plain screen to contain needle; returns the last capture (free it). */
char *tmux_wait_for(struct tmux *t, const char *needle, int ms);

/* Wait until the screen stops changing for quiet_ms (at most ms overall). */
char *tmux_wait_quiet(struct tmux *t, int quiet_ms, int ms);

bool tmux_resize(struct tmux *t, int width, int height);

/* Is the program still running in the window? */
bool tmux_alive(struct tmux *t);

void tmux_stop(struct tmux *t);

#endif
