/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay: play a recording (or a bare AMI capture) through the mode's hooks. */
#ifndef AMITUI_APP_REPLAY_H
#define AMITUI_APP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

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

/*
 * The console's controls. Pausing stops app_replay_turn() (and the recording's clock);
 * resuming restarts the pacing from the next record, so nothing bursts out. A step
 * plays records up to and including the next event, paused or not, and returns false
 * at the end of the recording.
 */
void app_replay_pause(bool on);
bool app_replay_paused(void);
bool app_replay_step(struct app *a);

/*
 * Speed: a factor (1 = as recorded) or 0 = as fast as possible. faster/slower step
 * through 0.25x 0.5x 1x 2x 5x 10x 20x 50x 100x max and return the new speed.
 */
void app_replay_set_speed(double speed);
double app_replay_speed(void);
double app_replay_faster(void);
double app_replay_slower(void);
/* "1x", "0.5x", "max". */
void app_replay_speed_text(double speed, char *buf, size_t cap);

/* Events played so far, and in the whole file (-1 when not counted: very large files). */
unsigned long app_replay_events(void);
long app_replay_total(void);

/* The recorded receive time of what is being played (epoch s), 0 when unknown. */
double app_replay_time(void);
/*
 * The recording's clock: the time of the last record played, running on between
 * records while playing at a factor (so durations tick as they did). 0 when unknown.
 */
double app_replay_clock(void);

/* The recording's first leading comment naming a host ("host=... user=..."), "" none. */
const char *app_replay_source(void);
/* Where a's events come from, for notes: "live from pbx1:5038", "replay of FILE (...)". */
void app_events_source(const struct app *a, char *buf, size_t cap);

void app_replay_close(void);

#endif
