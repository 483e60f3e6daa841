/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Views: the store seen through a class mask and a filter, kept current incrementally. */
#ifndef AMITUI_MODEL_EVVIEW_H
#define AMITUI_MODEL_EVVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "model/evfilter.h"
#include "model/evstore.h"

/*
 * A view is the sorted list of the seqs that pass (class mask) AND (filter), plus a
 * cursor (follow mode, selected row, top row) for the screen that shows it.
 *
 * - Cheap changes: evview_set_classes() and index-only filters rebuild the list from
 *   the store's class column in one go (1M events: a few ms).
 * - Content filters (regex, text, Header=value) need the raw bytes: the list is built
 *   in bounded steps by evview_update(v, budget), newest events first, so the page
 *   the user looks at fills first and the UI never freezes. Call it every loop turn
 *   until it returns AMI_OK; evview_progress() says how far it got.
 * - New events are appended and evicted ones dropped by the same evview_update():
 *   call it after pushes (it is O(new + evicted) when the list is complete).
 * - Gap markers (EVSTORE_CLS_NOTE) pass every class mask and every filter: a user
 *   looking at one call must still see "events may be missing".
 * - The cursor is held as seqs, not indexes, so a paused screen stays put while new
 *   events arrive and old ones are evicted (then it clamps to the oldest).
 *
 * The view borrows the store (which must outlive it) and owns its filter.
 */
struct evview;

/* A view over s with every class shown, no filter, following. NULL when out of memory. */
struct evview *evview_new(struct evstore *s);
void evview_free(struct evview *v);

/* Classes shown: AMI_PERM_* bits and EVSTORE_CLS_OTHER (notes always pass). */
void evview_set_classes(struct evview *v, uint32_t mask);
uint32_t evview_classes(const struct evview *v);

/* Replace the filter (the view takes ownership of f; NULL for none). Rebuilds. */
void evview_set_filter(struct evview *v, struct evfilter *f);
const struct evfilter *evview_filter(const struct evview *v);

/*
 * Catch up with the store and continue building: evaluates at most budget events
 * against content terms (index-only work is not limited). Returns AMI_OK when the
 * list is complete and current, AMI_AGAIN when more work remains, AMI_E_NOMEM.
 */
enum ami_status evview_update(struct evview *v, size_t budget);

/* How much of the store the list has covered: done <= total events considered. */
struct evview_progress {
	uint64_t done;
	uint64_t total;
	bool complete;
};
void evview_progress(const struct evview *v, struct evview_progress *out);

/* The list: count, the i-th seq (0 = oldest), first index whose seq >= seq. */
size_t evview_count(const struct evview *v);
uint64_t evview_at(const struct evview *v, size_t i);
size_t evview_lower_bound(const struct evview *v, uint64_t seq);

/* Cursor. Following: the selection is the newest event and stays so. */
void evview_follow(struct evview *v, bool on);
bool evview_following(const struct evview *v);

/* The selected seq (0 when the view is empty). */
uint64_t evview_selected(const struct evview *v);

/* Select seq (or the nearest listed one at or after it); stops following. */
void evview_select(struct evview *v, uint64_t seq);

/* Move the selection by delta rows (negative = older); stops following. */
void evview_move(struct evview *v, long delta);

/* g / G: oldest / newest (G does not resume following; Space does). */
void evview_home(struct evview *v);
void evview_end(struct evview *v);

/*
 * The rows to draw, oldest at the top: fills out[0..n) with at most rows seqs, keeps
 * the selection visible (scrolling as little as possible) and sets *sel_row to its
 * row (rows when there is no selection). Returns n.
 */
size_t evview_page(struct evview *v, size_t rows, uint64_t *out, size_t *sel_row);

/*
 * Search (n / N): start looking for events of the view that also match term (the
 * view takes ownership), from the selection towards newer (dir > 0) or older (dir <
 * 0). Then step with a budget of content evaluations: AMI_OK when found (the
 * selection moves there and following stops), AMI_AGAIN to be continued,
 * AMI_E_NOT_FOUND at the end of the list. A new start replaces the previous search.
 */
void evview_search_start(struct evview *v, struct evfilter *term, int dir);
enum ami_status evview_search_step(struct evview *v, size_t budget, uint64_t *found);
bool evview_searching(const struct evview *v);

#endif
