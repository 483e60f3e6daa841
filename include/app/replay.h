/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay: play a recording (or a bare AMI capture) through the mode's hooks. */
#ifndef AMITUI_APP_REPLAY_H
#define AMITUI_APP_REPLAY_H

#include <stdbool.h>

struct app;

/* Load a->opts.replay; returns an exit code (APP_EXIT_REPLAY when unreadable). */
int app_replay_open(struct app *a);

/*
 * Play what is due (at a->opts.speed; 0 = as fast as possible, in bounded steps).
 * Returns ms until the next record is due, 0 when more is ready now, -1 when paused
 * or finished.
 */
int app_replay_turn(struct app *a);

bool app_replay_done(void);
/* The file was damaged (what came before it was played). */
bool app_replay_failed(void);
void app_replay_pause(bool on);
/* Play records up to and including the next event (step by step). */
void app_replay_step(struct app *a);
unsigned long app_replay_events(void);
/* The recorded receive time of what is being played (epoch s), 0 when unknown. */
double app_replay_time(void);
void app_replay_close(void);

#endif
