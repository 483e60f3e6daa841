/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights card: what this account may read and write, per class, and how we know it. */
#ifndef AMITUI_MODEL_RIGHTS_H
#define AMITUI_MODEL_RIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/message.h"
#include "core/perms.h"
#include "core/status.h"
#include "core/str.h"

/*
 * AMI has no "who am I": the card gathers every fact it can reach (design.md,
 * "Rights") and keeps, for each of the 19 classes and each direction, which sources
 * said "granted" and which said "denied":
 *
 *   LISTCOMMANDS  an allowed action whose (Priv: ...) names a single class proves
 *                 write on it; a single-class action Asterisk always registers (core
 *                 actions, or module actions whose module is evidently loaded) that is
 *                 absent proves write is missing.
 *   SHOWUSER      "manager show user NAME" output (configured read/write perm lines).
 *   GETCONFIG     manager.conf read=/write= lines re-parsed as Asterisk does (last
 *                 line wins, case-sensitive, prefix quirks: ami_perm_from_conf()).
 *   EVENTS        a Privilege: class received proves read.
 *   ACTIONS       a single-class action answered "Permission denied" proves write
 *                 missing; any other answer proves write granted.
 *   KNOWN         the account's configuration known by construction: amitui --demo
 *                 started amisim with its built-in manager.conf, so the demo
 *                 accounts' read=/write= are facts, not beliefs.
 *
 * The profile's expect_read=/expect_write= are beliefs, not facts: they are kept
 * apart and compared (rights_compare) for `--probe --expect-read/--expect-write`.
 *
 * The card owns everything it holds. Secrets met while parsing (GetConfig shows
 * secret= lines) are never copied.
 */

/* _(NAME, "label", json name) */
#define RIGHTS_SOURCE_INFO(_)                               \
	_(LISTCOMMANDS, "ListCommands", "listcommands")     \
	_(SHOWUSER, "manager show user", "show_user")       \
	_(GETCONFIG, "GetConfig manager.conf", "getconfig") \
	_(EVENTS, "events received", "events")              \
	_(ACTIONS, "action replies", "actions")             \
	_(KNOWN, "demo configuration", "known")

enum rights_source {
#define RIGHTS_SOURCE_ENUM(name, label, json) RIGHTS_SRC_##name,
	RIGHTS_SOURCE_INFO(RIGHTS_SOURCE_ENUM)
#undef RIGHTS_SOURCE_ENUM
	    RIGHTS_SRC_COUNT
};
const char *rights_source_label(enum rights_source s);

/* The state of one class in one direction. _(NAME, "label") */
#define RIGHTS_STATE_INFO(_)  \
	_(UNKNOWN, "unknown") \
	_(GRANTED, "granted") \
	_(DENIED, "denied")   \
	_(CONFLICT, "conflicting")

enum rights_state {
#define RIGHTS_STATE_ENUM(name, label) RIGHTS_##name,
	RIGHTS_STATE_INFO(RIGHTS_STATE_ENUM)
#undef RIGHTS_STATE_ENUM
};
const char *rights_state_label(enum rights_state s);

/* One class, one direction: the state and the sources (bit 1<<RIGHTS_SRC_x) behind it. */
struct rights_fact {
	enum rights_state state;
	unsigned granted_by;
	unsigned denied_by;
};

/*
 * Shell-equivalent and notable powers, derived from the write facts.
 * _(NAME, "what it means for the admin")
 */
#define RIGHTS_FLAG_INFO(_)                                                                      \
	_(SYSTEM_WRITE, "system write: shell-equivalent (Originate of System/Exec, ModuleLoad, " \
			"DB and dialplan changes)")                                              \
	_(COMMAND_WRITE, "command write: shell-equivalent (any CLI command, e.g. "               \
			 "'dialplan add extension' with System())")                              \
	_(CONFIG_WRITE, "config write: shell-equivalent (can rewrite manager.conf, reload "      \
			"into every right, and read every secret with GetConfig)")               \
	_(ORIGINATE_NO_SYSTEM, "originate write without system: Originate works, but "           \
			       "System/Exec-type applications and SHELL/EVAL data will be "      \
			       "refused")

enum rights_flag {
#define RIGHTS_FLAG_ENUM(name, text) RIGHTS_FLAG_##name,
	RIGHTS_FLAG_INFO(RIGHTS_FLAG_ENUM)
#undef RIGHTS_FLAG_ENUM
	    RIGHTS_FLAG_COUNT
};
const char *rights_flag_text(enum rights_flag f);

/* An action from ListCommands, as the server described it. */
struct rights_action {
	const char *name;     /* as listed */
	const char *synopsis; /* trimmed */
	uint32_t authority;   /* from (Priv: ...); 0 = anyone */
};

struct rights_card;

/* A card for user (copied). NULL when out of memory. */
struct rights_card *rights_new(const char *user);
void rights_free(struct rights_card *c);

/* Forget every fact (a new login): keeps user, server info and expectations. */
void rights_reset(struct rights_card *c);

const char *rights_user(const struct rights_card *c);

/* Server identity: the banner line ("Asterisk Call Manager/11.0.0"); the AMI version is
 * taken from it. CoreSettings' reply gives AsteriskVersion (and AMIversion). */
void rights_set_banner(struct rights_card *c, struct ami_str banner);
void rights_from_coresettings(struct rights_card *c, const struct ami_msg *reply);
const char *rights_banner(const struct rights_card *c);
const char *rights_ami_version(const struct rights_card *c);
const char *rights_asterisk_version(const struct rights_card *c);

/*
 * Feed the facts. Each returns AMI_OK, AMI_E_INVALID when the reply is not what the
 * source produces (an Error response, no (Priv:) headers, "There is no manager
 * called"), AMI_E_FULL past the action list limit (1024), AMI_E_NOMEM.
 */
enum ami_status rights_from_listcommands(struct rights_card *c, const struct ami_msg *reply);
enum ami_status rights_from_showuser(struct rights_card *c, const struct ami_msg *reply);
enum ami_status rights_from_getconfig(struct rights_card *c, const struct ami_msg *reply);

/*
 * The configured read/write masks, known for certain (see KNOWN above). Replaces any
 * earlier KNOWN facts.
 */
void rights_from_known(struct rights_card *c, uint32_t read, uint32_t write);

/* An event's Privilege classes (cheap: call it for every event). */
void rights_saw_event(struct rights_card *c, uint32_t cls);

/*
 * The reply to an action this session sent: denied = "Permission denied". Learns
 * write facts for single-class actions and records successful actions for the
 * least-privilege suggestion. authority is the action's (from the catalogue or
 * ListCommands; rights_action_authority() finds it).
 */
void rights_action_result(struct rights_card *c, const char *action, bool denied);
uint32_t rights_action_authority(const struct rights_card *c, struct ami_str action, bool *known);

/* Classes the user kept visible in the class bar (for the read= suggestion). */
void rights_note_visible(struct rights_card *c, uint32_t cls);

/* Expectations from the profile; has_* false when the profile says nothing. */
void rights_set_expect(struct rights_card *c, bool has_read, uint32_t read, bool has_write,
		       uint32_t write);

/*
 * Parse a profile list ("call, cdr,Reporting", "all", "none", ""): comma separated,
 * blanks trimmed, case-insensitive. Unlike manager.conf, an unknown label is an
 * error (AMI_E_INVALID, with the label in errmsg). errmsg may be NULL.
 */
enum ami_status rights_parse_list(const char *text, uint32_t *mask, char *errmsg, size_t cap);

/* The facts. cls is an enum ami_perm_class. */
struct rights_fact rights_read(const struct rights_card *c, enum ami_perm_class cls);
struct rights_fact rights_write(const struct rights_card *c, enum ami_perm_class cls);

/* Masks of classes whose state is GRANTED (resp. DENIED). */
uint32_t rights_read_mask(const struct rights_card *c, enum rights_state st);
uint32_t rights_write_mask(const struct rights_card *c, enum rights_state st);

/* Was ListCommands seen, and is action in it (case-insensitive)? */
bool rights_have_listcommands(const struct rights_card *c);
bool rights_allows(const struct rights_card *c, struct ami_str action);

/* The ListCommands actions in server order. */
size_t rights_action_count(const struct rights_card *c);
const struct rights_action *rights_action_at(const struct rights_card *c, size_t i);

/* Flags in force (bit 1<<RIGHTS_FLAG_x). */
unsigned rights_flags(const struct rights_card *c);

/*
 * Least privilege from what this session used: write = one class per action sent
 * successfully (for multi-class actions the least powerful class, reusing one already
 * needed), read = classes seen in events that the user kept visible. Written as
 * manager.conf lines "read=call,cdr" / "write=originate" ("" lists when nothing).
 */
void rights_suggest(const struct rights_card *c, uint32_t *read, uint32_t *write);

/*
 * Compare with the expectations: appends one line per difference to diff (may be
 * NULL), e.g. "write originate: expected granted, found denied (ListCommands)", and
 * returns the number of differences. Unknown facts are not differences but are
 * listed as "unverified" when verbose.
 */
size_t rights_compare(const struct rights_card *c, struct ami_buf *diff, bool verbose);

/*
 * Exports. Text: the card as the Rights screen shows it. JSON: one object with
 * "user", "server" {"banner","ami_version","asterisk_version"}, "actions_allowed"
 * [names], "actions_refused" [{"name","needs"}], "classes" {label: {"read": {"state",
 * "sources"}, "write": {...}}}, "flags" [names], "suggestion" {"read","write"},
 * "expect" {"read","write"} (null when absent), "differences" [text].
 * Both append to out and return its status.
 */
enum ami_status rights_export_text(const struct rights_card *c, struct ami_buf *out);
enum ami_status rights_export_json(const struct rights_card *c, struct ami_buf *out);

#endif
