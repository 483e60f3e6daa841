/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One-line summaries of events (the Events screen's "summary" column); pure functions. */
#ifndef AMITUI_MODEL_EVSUM_H
#define AMITUI_MODEL_EVSUM_H

#include <stddef.h>

#include "core/message.h"
#include "model/evtab.h"

/*
 * Write the summary of m into dst (capacity cap >= 1, always NUL-terminated).
 * info is m's table row, or NULL to look it up (unknown events use the default:
 * the first few non-standard headers as k=v). Truncation never cuts a UTF-8
 * sequence; control bytes are shown as '?'. Returns the length written.
 * "Standard" headers skipped by the default and UserEvent summaries: Event,
 * Privilege, Timestamp, SystemName, SequenceNumber, File, Line, Func, ActionID and
 * the channel block of ami-reference §8.1 (Channel ... Linkedid, Tenantid).
 */
size_t evsum_format(const struct ami_msg *m, const struct evtab_info *info, char *dst, size_t cap);

/*
 * Expand one summary template (syntax in evtab.h) against m. Exposed for tests and
 * for the UI's own templates (e.g. a custom column). Same output rules as above.
 */
size_t evsum_template(const struct ami_msg *m, const char *tmpl, char *dst, size_t cap);

#endif
