/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights card's layout, shared by its facts (rights.c), sources and exports. */
#ifndef AMITUI_MODEL_RIGHTS_INT_H
#define AMITUI_MODEL_RIGHTS_INT_H

#include "model/rights.h"

#define RG_MAX_ACTIONS 1024
#define RG_MAX_SUCC 256

/* Which sources said granted / denied (bit 1 << enum rights_source). */
struct rg_fact {
	unsigned granted;
	unsigned denied;
};

struct rights_card {
	char user[80];
	char banner[128];
	char ami_version[32];
	char asterisk_version[64];
	struct rg_fact rd[AMI_CLASS_COUNT];
	struct rg_fact wr[AMI_CLASS_COUNT];
	bool have_lc, have_showuser, have_getconfig;
	struct rights_action *acts; /* strings owned */
	size_t nacts, capacts;
	uint32_t events_seen;
	uint32_t visible;
	uint32_t succ[RG_MAX_SUCC]; /* authorities of actions that succeeded, distinct */
	size_t nsucc;
	bool has_expect_read, has_expect_write;
	uint32_t expect_read, expect_write;
};

/* Record that src says the classes of mask are granted (or denied), read or write. */
void rg_fact(struct rights_card *c, bool write, uint32_t mask, enum rights_source src,
	     bool granted);
void rg_forget(struct rights_card *c, enum rights_source src);

/* "ListCommands, events received" for a source bit set. */
size_t rg_sources(unsigned srcs, char *dst, size_t cap);

#endif
