/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counters: totals per class and one-second buckets for the sliding-window rates. */
#include "model/evcount.h"

#include <stdbool.h>
#include <string.h>

void evcount_init(struct evcount *c)
{
	memset(c, 0, sizeof *c);
	for (int i = 0; i < EVCOUNT_WINDOW; i++)
		c->bucket_sec[i] = INT64_MIN;
}

static int64_t sec_of(int64_t us)
{
	/* floor, also for times before the epoch */
	return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
}

/* The bucket for second sec, emptied if it last held an older second. */
static int bucket(struct evcount *c, int64_t sec)
{
	int i = (int)(((sec % EVCOUNT_WINDOW) + EVCOUNT_WINDOW) % EVCOUNT_WINDOW);
	if (c->bucket_sec[i] != sec) {
		c->bucket_sec[i] = sec;
		c->bucket_events[i] = 0;
		c->bucket_bytes[i] = 0;
		memset(c->bucket_class[i], 0, sizeof c->bucket_class[i]);
	}
	return i;
}

/* Class index of each bit (-1 for bits that are no class), built once. */
static int8_t bit_class[32];
static bool bit_class_ready;

static void build_bit_class(void)
{
	for (int b = 0; b < 32; b++)
		bit_class[b] = (int8_t)ami_perm_class_of_bit(1u << b);
	for (int b = 0; b < 32; b++)
		if (bit_class[b] == AMI_CLASS_COUNT)
			bit_class[b] = -1;
	bit_class_ready = true;
}

void evcount_add(struct evcount *c, uint32_t cls, size_t len, int64_t now_us)
{
	if (!bit_class_ready)
		build_bit_class();
	if (c->total == 0)
		c->start_us = now_us;
	c->total++;
	c->bytes += len;
	/* thousands of events share a second: find its bucket once */
	if (now_us < c->cur_lo || now_us >= c->cur_hi) {
		int64_t sec = sec_of(now_us);
		c->cur = bucket(c, sec);
		c->cur_lo = sec * 1000000;
		c->cur_hi = c->cur_lo + 1000000;
	}
	int b = c->cur;
	c->bucket_events[b]++;
	c->bucket_bytes[b] += len;
	bool any = false;
	for (uint32_t m = cls; m; m &= m - 1) {
		int k = bit_class[__builtin_ctz(m)];
		if (k < 0)
			continue;
		c->per_class[k]++;
		c->bucket_class[b][k]++;
		any = true;
	}
	if (!any) {
		c->per_class[AMI_CLASS_COUNT]++;
		c->bucket_class[b][AMI_CLASS_COUNT]++;
	}
}

/* Sum of the buckets inside the window at now_us, divided by the window's length. */
static double rate(const struct evcount *c, int64_t now_us, int what, int cls)
{
	if (c->total == 0)
		return 0;
	int64_t now_sec = sec_of(now_us), from = now_sec - EVCOUNT_WINDOW + 1;
	double sum = 0;
	for (int i = 0; i < EVCOUNT_WINDOW; i++) {
		if (c->bucket_sec[i] < from || c->bucket_sec[i] > now_sec)
			continue;
		sum += what == 0   ? (double)c->bucket_events[i]
		       : what == 1 ? (double)c->bucket_bytes[i]
				   : (double)c->bucket_class[i][cls];
	}
	int64_t start = from * 1000000;
	if (c->start_us > start)
		start = c->start_us;
	double span = (double)(now_us - start) / 1e6;
	return span > 0.001 ? sum / span : sum / 0.001;
}

double evcount_rate(const struct evcount *c, int64_t now_us)
{
	return rate(c, now_us, 0, 0);
}

double evcount_byte_rate(const struct evcount *c, int64_t now_us)
{
	return rate(c, now_us, 1, 0);
}

uint64_t evcount_class_total(const struct evcount *c, enum ami_perm_class cls)
{
	return (unsigned)cls <= AMI_CLASS_COUNT ? c->per_class[cls] : 0;
}

double evcount_class_rate(const struct evcount *c, enum ami_perm_class cls, int64_t now_us)
{
	return (unsigned)cls <= AMI_CLASS_COUNT ? rate(c, now_us, 2, (int)cls) : 0;
}
