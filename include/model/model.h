/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The model as one object: store, call table, counters, rights and catalogue, fed together. */
#ifndef AMITUI_MODEL_MODEL_H
#define AMITUI_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/status.h"
#include "model/actcat.h"
#include "model/calltab.h"
#include "model/evcount.h"
#include "model/evstore.h"
#include "model/rights.h"

/*
 * Where to start reading (for the UI and app authors):
 *
 *   model.h    this file: one struct holding the parts, and model_ingest(), the hot
 *              path the app calls for every message the session hands over.
 *   evstore.h  the events kept (raw bytes + index), seqs, pins, gap markers.
 *   evview.h   what the Events screen shows: class mask + filter + cursor + search.
 *   evfilter.h the filter line language.
 *   evsum.h    the summary column; evtab.h the per-event-name table behind it.
 *   calltab.h  the Calls screen.
 *   rights.h   the Rights screen and --probe; actcat.h the Actions screen and the
 *              composer's warnings.
 *   evcount.h  counts per class (class bar) and rates (title bar).
 *   intern.h   ids for names/channels/Linkedids (needed only to print an id).
 *
 * Ownership: the model owns every part; parts hand out borrowed pointers whose
 * lifetime each header states (store contents: until the next push).
 */
struct model_limits {
	size_t scrollback;     /* store budget in bytes; 0 = 64 MiB */
	uint32_t max_channels; /* call table; 0 = 4096 */
	int64_t linger_us;     /* hung-up channels stay visible; 0 = 10 s */
};

struct model {
	struct evstore *store;
	struct calltab *calls;
	struct rights_card *rights;
	struct actcat *actions;
	struct evcount counts;
	uint64_t dropped; /* messages the store refused (too big); a gap was recorded */
};

/* user: the account logging in (for the rights card). AMI_OK or AMI_E_NOMEM. */
enum ami_status model_init(struct model *m, const struct model_limits *lim, const char *user);
void model_free(struct model *m);

/*
 * One received message (a borrowed view, valid only during the call): stored with
 * its receive time, counted, and for events applied to the call table and the
 * rights card (Privilege proves read). *seq (may be NULL) gets its sequence number.
 * A message too big for the store is counted in dropped and replaced by a DROPPED
 * gap marker (the call still returns AMI_OK); AMI_E_NOMEM otherwise.
 */
enum ami_status model_ingest(struct model *m, const struct ami_msg *msg, int64_t now_us,
			     uint64_t *seq);

/* Record a gap (connection lost, reconnected, events dropped). */
enum ami_status model_gap(struct model *m, enum evstore_gap reason, uint64_t missing,
			  const char *detail, int64_t now_us);

/* Timers: let hung-up channels expire. Call once a second or so. */
void model_tick(struct model *m, int64_t now_us);

#endif
