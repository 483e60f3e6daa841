/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counters: events per class, and events/s and bytes/s over a sliding window. */
#ifndef AMITUI_MODEL_EVCOUNT_H
#define AMITUI_MODEL_EVCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "core/perms.h"

/* Length of the sliding window, in one-second buckets. */
#define EVCOUNT_WINDOW 10

/*
 * A plain struct the caller embeds (no allocation). Classes are counted per class bit
 * (an event of two classes counts in both); the last slot counts events of no known
 * class. Rates cover the last EVCOUNT_WINDOW whole seconds before now plus the
 * current partial second, so they move smoothly.
 */
struct evcount {
	uint64_t total;
	uint64_t bytes;
	uint64_t per_class[AMI_CLASS_COUNT + 1];
	int64_t bucket_sec[EVCOUNT_WINDOW];
	uint32_t bucket_events[EVCOUNT_WINDOW];
	uint64_t bucket_bytes[EVCOUNT_WINDOW];
	uint32_t bucket_class[EVCOUNT_WINDOW][AMI_CLASS_COUNT + 1];
	int64_t start_us; /* first event, for rates over short sessions */
	/* the second the last event fell in, [cur_lo, cur_hi) in µs, and its bucket */
	int64_t cur_lo, cur_hi;
	int cur;
};

void evcount_init(struct evcount *c);

/* Count one event of class mask cls (AMI_PERM_* bits) and len bytes received at now_us. */
void evcount_add(struct evcount *c, uint32_t cls, size_t len, int64_t now_us);

/* Events per second and bytes per second at now_us. */
double evcount_rate(const struct evcount *c, int64_t now_us);
double evcount_byte_rate(const struct evcount *c, int64_t now_us);

/* Per class (AMI_CLASS_COUNT = the "other" slot): total and rate. */
uint64_t evcount_class_total(const struct evcount *c, enum ami_perm_class cls);
double evcount_class_rate(const struct evcount *c, enum ami_perm_class cls, int64_t now_us);

#endif
