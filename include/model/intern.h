/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String interning: names, channels, Linkedids -> small ids, reference counted and bounded. */
#ifndef AMITUI_MODEL_INTERN_H
#define AMITUI_MODEL_INTERN_H

#include <stdint.h>

#include "core/status.h"
#include "core/str.h"

/*
 * A table of distinct byte strings, each with a small id (1..max_ids; 0 means "none":
 * the empty/absent string, or the table was full). Ids are reference counted: every
 * holder (a stored event, mostly) takes a reference and drops it when done; an id
 * whose count reaches zero is forgotten at once and its number may be given to a new
 * string later. This is what keeps a week-long session bounded: the table holds only
 * strings some stored event still uses.
 *
 * Because ids are reused, anything that caches per-id facts (filters do) must compare
 * intern_generation() with the value it saw: it changes whenever an id is forgotten.
 *
 * The table owns copies of its strings. Not thread-safe (nothing here is).
 */
struct intern;

/* max_ids: the most strings held at once (>= 1, at most 2^31). NULL when out of memory. */
struct intern *intern_new(uint32_t max_ids);
void intern_free(struct intern *t);

/*
 * The id of s, adding it if new, with one reference taken for the caller. Returns 0
 * (no reference taken) for an absent or empty s, when the table is full, or when
 * memory runs out; intern_overflows() counts the last two.
 */
uint32_t intern_get(struct intern *t, struct ami_str s);

/* The id of s without adding it or taking a reference; 0 when absent. */
uint32_t intern_find(const struct intern *t, struct ami_str s);

/* Take / drop one reference (id 0 is ignored). Dropping the last forgets the string. */
void intern_ref(struct intern *t, uint32_t id);
void intern_unref(struct intern *t, uint32_t id);

/* The string of a live id, borrowed until it is forgotten; the absent view otherwise. */
struct ami_str intern_str(const struct intern *t, uint32_t id);

/* A NUL-terminated copy of the same (never NULL: "" for dead ids). */
const char *intern_cstr(const struct intern *t, uint32_t id);

/* Live strings; the largest id that may ever be handed out (for sizing per-id caches). */
uint32_t intern_count(const struct intern *t);
uint32_t intern_max_id(const struct intern *t);

/* Changes each time an id is forgotten (see above). */
uint64_t intern_generation(const struct intern *t);

/* Refused additions (full or out of memory) since creation. */
uint64_t intern_overflows(const struct intern *t);

/* Bytes held (table, strings), for memory accounting. */
size_t intern_bytes(const struct intern *t);

/*
 * One caller-defined 32-bit word per live id (0 for a new id), e.g. the event-table
 * row of an event name, so the lookup is done once per distinct string.
 */
uint32_t intern_aux(const struct intern *t, uint32_t id);
void intern_set_aux(struct intern *t, uint32_t id, uint32_t aux);

#endif
