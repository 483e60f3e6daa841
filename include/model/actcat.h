/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The action catalogue as the UI shows it: core's table merged with ListCommands, with states. */
#ifndef AMITUI_MODEL_ACTCAT_H
#define AMITUI_MODEL_ACTCAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "core/status.h"
#include "model/calltab.h"
#include "model/rights.h"

/*
 * Why an action can or cannot be sent now. _(NAME, "label")
 * UNKNOWN: ListCommands has not been seen yet; the class test is done with what the
 * card knows, and the action stays sendable (the server has the last word).
 */
#define ACTCAT_STATE_INFO(_)              \
	_(ALLOWED, "allowed")             \
	_(UNKNOWN, "not yet known")       \
	_(DENIED, "denied")               \
	_(READ_ONLY, "read-only profile") \
	_(REPLAY, "replaying a recording")

enum actcat_state {
#define ACTCAT_STATE_ENUM(name, label) ACTCAT_##name,
	ACTCAT_STATE_INFO(ACTCAT_STATE_ENUM)
#undef ACTCAT_STATE_ENUM
};
const char *actcat_state_label(enum actcat_state s);

/* One action as the Actions screen lists it. Strings owned by the catalogue. */
struct actcat_entry {
	const char *name;
	const char *synopsis;
	uint32_t authority; /* server's (Priv:) when listed, else core's */
	unsigned flags;	    /* AMI_ACT_* (0 for actions only the server knows) */
	const char *fields; /* core's field list ("Channel*,Cause"), "" if unknown */
	bool in_catalog;    /* core knows it */
	bool listed;	    /* ListCommands listed it */
	enum actcat_state state;
	char reason[80]; /* "needs write=originate", "needs write=system or call", ... */
};

struct actcat;

/* NULL when out of memory. Starts as core's catalogue, every state UNKNOWN. */
struct actcat *actcat_new(void);
void actcat_free(struct actcat *a);

/*
 * Recompute from the card (ListCommands, write facts) and the profile mode. Actions
 * ListCommands reported that core does not know are added with their server synopsis
 * and authority. Sorted case-insensitively by name, like ListCommands.
 * read_only: only actions ami_catalog_read_only_ok() allows stay ALLOWED; replay:
 * nothing may be sent. Returns AMI_OK or AMI_E_NOMEM.
 */
enum ami_status actcat_rebuild(struct actcat *a, const struct rights_card *card, bool read_only,
			       bool replay);

size_t actcat_count(const struct actcat *a);
const struct actcat_entry *actcat_at(const struct actcat *a, size_t i);
const struct actcat_entry *actcat_find(const struct actcat *a, struct ami_str name);

/* "needs write=originate" / "needs write=system or call" for an authority mask. */
size_t actcat_needs(uint32_t authority, char *dst, size_t cap);

/* A header of the action being composed (borrowed strings). */
struct actcat_kv {
	const char *key;
	const char *value;
};

/* How bad a composer warning is. _(NAME, "label") */
#define ACTCAT_LEVEL_INFO(_)   \
	_(INFO, "note")        \
	_(DANGER, "dangerous") \
	_(REFUSED, "will be refused")

enum actcat_level {
#define ACTCAT_LEVEL_ENUM(name, label) ACTCAT_LEVEL_##name,
	ACTCAT_LEVEL_INFO(ACTCAT_LEVEL_ENUM)
#undef ACTCAT_LEVEL_ENUM
};
const char *actcat_level_label(enum actcat_level l);

struct actcat_warning {
	enum actcat_level level;
	char text[160];
};

/*
 * Content-level checks for the composer and the CLI console (ami-reference §4.5):
 * - Originate: Application of the System/Exec family (agi, dbdeltree, exec,
 *   externalivr, mixmonitor, originate, reload, system; case-insensitive), Queue
 *   with an AGI argument, Data holding CURL/DB/EVAL/FILE/ODBC/REALTIME/SHELL
 *   (case-sensitive): DANGER, or REFUSED "needs system write" when the card does not
 *   show system write granted;
 * - Getvar Variable / Status Variables holding SHELL or EVAL: same rule;
 * - Command: "module load", "module unload", "restart gracefully" (first two words,
 *   case-insensitive) are REFUSED (blacklisted whatever the rights); "core stop",
 *   "core restart", "module unload" and friends are DANGER;
 * - Hangup with Channel "/regex/": INFO "matches N live channels" using calls (may
 *   be NULL: then no count), REFUSED when the regex does not compile.
 * Writes up to cap warnings to out and returns how many there are in all.
 */
size_t actcat_check(const struct rights_card *card, const struct calltab *calls, const char *action,
		    const struct actcat_kv *kv, size_t nkv, struct actcat_warning *out, size_t cap);

#endif
