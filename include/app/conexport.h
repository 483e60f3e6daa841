/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the console's export and replay keys do: files written, the replay steered. */
#ifndef AMITUI_APP_CONEXPORT_H
#define AMITUI_APP_CONEXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/facts.h"
#include "core/status.h"
#include "ui/ui.h"

struct app;
struct model;

/*
 * The UI's export_events: write set's events (seqs of m's store) in set->format to a
 * new file in the current directory (export.h names it), a bundle with facts and the
 * calls snapshot at now_us. msg gets "N events saved to PATH (FORMAT)" or why not; a
 * file that could not be written whole is removed.
 */
enum ami_status app_export_set(struct app *a, const struct model *m, const struct app_facts *f,
			       const struct ui_export_set *set, int64_t now_us, char *msg,
			       size_t cap);

/*
 * The UI's replay_control: pause/resume, step, faster, slower. msg gets the new state
 * in words. AMI_E_INVALID when a is not replaying.
 */
enum ami_status app_replay_control(struct app *a, enum ui_replay_ctl what, char *msg, size_t cap);

/* The title bar's state: "playing 10x 123/4567", "paused 1x 12/4567", "end of recording". */
void app_replay_state(char *buf, size_t cap);

#endif
