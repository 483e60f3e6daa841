/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event store: every kept message's raw bytes in a byte-budgeted ring, plus a small index. */
#ifndef AMITUI_MODEL_EVSTORE_H
#define AMITUI_MODEL_EVSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/message.h"
#include "core/status.h"
#include "core/str.h"
#include "model/evtab.h"
#include "model/intern.h"

/*
 * How it works (what a caller may rely on):
 *
 * - Each pushed message gets a sequence number: 1, 2, 3, ... never reused, never
 *   reordered. Events stay in seq order; the oldest are evicted first.
 * - The raw bytes (exactly as received, CRLFs and blank line included) are appended
 *   to an arena of slabs, followed by a NUL so C string functions (regexec) can run
 *   on them. The index holds one fixed-size entry per event. Nothing is parsed and
 *   kept: to show headers, re-parse the raw bytes with ami_msg_parse_block()
 *   (evstore_parse() does it).
 * - Budget: slabs + index chunks + pinned copies stay within limits.budget bytes.
 *   When a push would pass it, whole slabs are released from the oldest end, and the
 *   events in them are evicted, except pinned ones, which are copied into the pinned
 *   set first and stay readable by seq.
 * - Gap markers are pseudo-events (flag EVSTORE_F_GAP, class EVSTORE_CLS_NOTE) with a
 *   synthetic raw text, so they show up in views and the detail pane like events.
 *
 * Pointers handed out (evstore_event.raw, intern strings) are borrowed: they stay
 * valid until the next call that may evict (push, pin/unpin, set_budget, free).
 */

/* Pseudo class bits stored in the class column beside the AMI_PERM_* bits. */
#define EVSTORE_CLS_OTHER 0x80000000u /* no class known (not in Privilege nor evtab) */
#define EVSTORE_CLS_NOTE 0x20000000u  /* gap markers and notes: shown in every view */

/* Entry flags. */
enum {
	EVSTORE_F_PINNED = 1u << 0, /* survives eviction (copied to the pinned set) */
	EVSTORE_F_GAP = 1u << 1,    /* a gap marker / note, not a received message */
	EVSTORE_F_EVICTED = 1u << 2 /* only in the pinned set: its ring slot is gone */
};

/* Reasons for a gap marker. _(NAME, "text shown") */
#define EVSTORE_GAP_INFO(_)                                              \
	_(CONNECTION_LOST, "connection lost: events may be missing")     \
	_(RECONNECTED, "reconnected: events before this may be missing") \
	_(DROPPED, "events dropped")                                     \
	_(NOTE, "note")

enum evstore_gap {
#define EVSTORE_GAP_ENUM(name, text) EVSTORE_GAP_##name,
	EVSTORE_GAP_INFO(EVSTORE_GAP_ENUM)
#undef EVSTORE_GAP_ENUM
};

struct evstore_limits {
	size_t budget;	     /* bytes for slabs + index + pinned; 0 = 64 MiB */
	size_t slab_size;    /* 0 = budget/32 clamped to [64 KiB, 4 MiB] */
	uint32_t max_pinned; /* 0 = 1024 */
	uint32_t max_chans;  /* distinct channel names held; 0 = 262144 */
	uint32_t max_calls;  /* distinct Linkedids held; 0 = 262144 */
};

/* A stored event as handed out. raw/len borrowed (see above); raw[len] == '\0'. */
struct evstore_event {
	uint64_t seq;
	int64_t time_us;	/* receive time, as given to push (µs since the epoch) */
	uint32_t cls;		/* AMI_PERM_* bits, or EVSTORE_CLS_OTHER / _NOTE */
	uint32_t name;		/* id in evstore_names() (event name, response word) */
	uint32_t chan;		/* id in evstore_chans() of Channel:, 0 if none */
	uint32_t linked;	/* id in evstore_calls() of Linkedid:, 0 if none */
	unsigned flags;		/* EVSTORE_F_* */
	enum ami_msg_kind kind; /* EVENT, RESPONSE, ... */
	const char *raw;
	size_t len;
};

/* Memory accounting (all in bytes unless named otherwise). */
struct evstore_stats {
	uint64_t events;       /* in the ring */
	uint64_t pinned;       /* pinned events (in the ring or copied out) */
	uint64_t raw_bytes;    /* raw bytes of the events in the ring */
	uint64_t slab_bytes;   /* slabs allocated (includes one spare kept for reuse) */
	uint64_t index_bytes;  /* index chunks allocated */
	uint64_t pinned_bytes; /* copies in the pinned set */
	uint64_t intern_bytes; /* the three intern tables */
	uint64_t used;	       /* what counts against the budget: slabs+index+pinned */
	uint64_t budget;
	uint64_t pushed;	/* events ever pushed (incl. gap markers) */
	uint64_t evicted;	/* events evicted */
	uint64_t refused;	/* pushes refused (larger than budget/4) */
	double bytes_per_event; /* (slab+index) / events, 0 when empty */
};

/* NULL when out of memory. lim NULL = defaults. */
struct evstore *evstore_new(const struct evstore_limits *lim);
void evstore_free(struct evstore *s);

/*
 * Store m (a borrowed view, e.g. from the parser; only m->raw/rawlen and the header
 * array are read) received at time_us. The class comes from evtab_class(); name,
 * channel and Linkedid are interned. *seq (may be NULL) receives the new sequence
 * number. Errors: AMI_E_FULL when the message alone exceeds budget/4 (nothing
 * stored; record a DROPPED gap), AMI_E_NOMEM. No allocation per event in the steady
 * state: slabs and index chunks are allocated a few MiB at a time.
 */
enum ami_status evstore_push(struct evstore *s, const struct ami_msg *m, int64_t time_us,
			     uint64_t *seq);

/*
 * The class a push would store for an event with keys k: Privilege: (memoised, most
 * events repeat a few values) else the event table, else 0. For messages that are
 * not events the caller passes 0.
 */
uint32_t evstore_class_of(struct evstore *s, const struct evtab_keys *k);

/* Same as evstore_push, with the keys and class already found (model_ingest does). */
enum ami_status evstore_push_keys(struct evstore *s, const struct ami_msg *m,
				  const struct evtab_keys *k, uint32_t cls, int64_t time_us,
				  uint64_t *seq);

/*
 * Record a gap marker at time_us: reason, how many events are known to be missing (0
 * when unknown) and an optional free text (NULL). Its raw text reads
 * "Event: Gap\r\nReason: <text>\r\nMissing: <n>\r\nDetail: <detail>\r\n\r\n".
 */
enum ami_status evstore_push_gap(struct evstore *s, enum evstore_gap reason, uint64_t missing,
				 const char *detail, int64_t time_us, uint64_t *seq);

/* "connection lost: events may be missing". */
const char *evstore_gap_text(enum evstore_gap reason);

/* Look an event up (ring or pinned set). false when evicted and not pinned. */
bool evstore_get(const struct evstore *s, uint64_t seq, struct evstore_event *out);

/*
 * Re-parse a stored event's raw bytes into m using hdrs[cap] (header views borrow
 * from the store, see above). false when seq is gone.
 */
bool evstore_parse(const struct evstore *s, uint64_t seq, struct ami_msg *m, struct ami_hdr *hdrs,
		   uint32_t cap);

/*
 * The ring's oldest and newest seq (first > last when empty; pinned events older than
 * first are reachable through evstore_pinned_*), and its event count.
 */
uint64_t evstore_first(const struct evstore *s);
uint64_t evstore_last(const struct evstore *s);
size_t evstore_count(const struct evstore *s);

/* Pinned events that left the ring, oldest first: count and the i-th seq. */
size_t evstore_pinned_count(const struct evstore *s);
uint64_t evstore_pinned_at(const struct evstore *s, size_t i);

/* Pin / unpin. Errors: AMI_E_NOT_FOUND, AMI_E_FULL (max_pinned reached), AMI_E_NOMEM. */
enum ami_status evstore_pin(struct evstore *s, uint64_t seq);
enum ami_status evstore_unpin(struct evstore *s, uint64_t seq);

/* Change the budget (0 = default); shrinking evicts at once. */
void evstore_set_budget(struct evstore *s, size_t budget);

/* Bytes counted against the budget, and the full accounting. */
size_t evstore_bytes(const struct evstore *s);
void evstore_stats(const struct evstore *s, struct evstore_stats *out);

/*
 * Bumped by every push and eviction: views compare it to know they must catch up;
 * evicted_upto is the highest seq ever evicted from the ring (0 if none).
 */
uint64_t evstore_generation(const struct evstore *s);

/* The intern tables of event names, channel names and Linkedids (owned by the store). */
const struct intern *evstore_names(const struct evstore *s);
const struct intern *evstore_chans(const struct evstore *s);
const struct intern *evstore_calls(const struct evstore *s);

/*
 * Fast column access for scans (views, filters): the class word, flags and the three
 * ids of a seq in the ring, without building a full evstore_event. Returns false
 * when seq is not in the ring.
 */
struct evstore_keys {
	uint32_t cls;
	uint32_t name;
	uint32_t chan;
	uint32_t linked;
	unsigned flags;
};
bool evstore_keys_of(const struct evstore *s, uint64_t seq, struct evstore_keys *out);

/*
 * Scan the class column from seq `from` (clamped to the ring) towards `to` inclusive
 * (either direction), calling fn for every seq whose class word overlaps mask (pass
 * 0xffffffff for all). fn returns false to stop. Returns the seq after the last one
 * visited in the scan direction (so a scan can resume). This is how a class switch
 * over 1M events stays within a few milliseconds: 4 bytes per event are read.
 */
typedef bool (*evstore_scan_fn)(void *ctx, uint64_t seq, const struct evstore_keys *k);
uint64_t evstore_scan(const struct evstore *s, uint64_t from, uint64_t to, uint32_t mask,
		      evstore_scan_fn fn, void *ctx);

#endif
