/* SPDX-License-Identifier: GPL-2.0-or-later */
/* AMI permission classes: the one table, and parsing/formatting exactly as Asterisk does. */
#ifndef AMITUI_CORE_PERMS_H
#define AMITUI_CORE_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

/*
 * Asterisk's perms[] (main/manager.c), in its order, which is also the order of the
 * labels in Privilege: and (Priv: ...). _(NAME, label, bit)
 * Bit 14 (EVENT_FLAG_HOOKRESPONSE) is internal and deliberately absent.
 */
#define AMI_PERM_CLASS_INFO(_)           \
	_(SYSTEM, system, 0x1u)          \
	_(CALL, call, 0x2u)              \
	_(LOG, log, 0x4u)                \
	_(VERBOSE, verbose, 0x8u)        \
	_(COMMAND, command, 0x10u)       \
	_(AGENT, agent, 0x20u)           \
	_(USER, user, 0x40u)             \
	_(CONFIG, config, 0x80u)         \
	_(DTMF, dtmf, 0x100u)            \
	_(REPORTING, reporting, 0x200u)  \
	_(CDR, cdr, 0x400u)              \
	_(DIALPLAN, dialplan, 0x800u)    \
	_(ORIGINATE, originate, 0x1000u) \
	_(AGI, agi, 0x2000u)             \
	_(CC, cc, 0x8000u)               \
	_(AOC, aoc, 0x10000u)            \
	_(TEST, test, 0x20000u)          \
	_(SECURITY, security, 0x40000u)  \
	_(MESSAGE, message, 0x40000000u)

/* The two pseudo-labels that close perms[]: all = INT_MAX, none = 0. */
#define AMI_PERM_ALL 0x7fffffffu
#define AMI_PERM_NONE 0x0u

enum ami_perm_class {
#define AMI_PERM_CLASS_ENUM(name, label, bit) AMI_CLASS_##name,
	AMI_PERM_CLASS_INFO(AMI_PERM_CLASS_ENUM)
#undef AMI_PERM_CLASS_ENUM
	    AMI_CLASS_COUNT
};

enum {
#define AMI_PERM_BIT_ENUM(name, label, bit) AMI_PERM_##name = bit,
	AMI_PERM_CLASS_INFO(AMI_PERM_BIT_ENUM)
#undef AMI_PERM_BIT_ENUM
};

/* Every bit of the 19 classes ORed together. */
uint32_t ami_perm_known_mask(void);

const char *ami_perm_class_label(enum ami_perm_class c); /* "call" */
uint32_t ami_perm_class_bit(enum ami_perm_class c);
/* Class of a single-bit mask, or AMI_CLASS_COUNT when not exactly one known class. */
enum ami_perm_class ami_perm_class_of_bit(uint32_t bit);
/* Case-insensitive label lookup; AMI_CLASS_COUNT when unknown. */
enum ami_perm_class ami_perm_class_find(struct ami_str label);

/*
 * read=/write= in manager.conf, exactly as get_perm()/ast_instring() (ami-reference
 * 3.2): case-sensitive, no trimming, a non-final item matches every label it is a
 * prefix of (so "a,call" and ",call" mean all), the final item must match exactly,
 * a trailing comma ends the list, unknown labels are ignored, NULL/"" gives 0.
 */
uint32_t ami_perm_from_conf(const char *value);

/*
 * An Events/EventMask value or Login's Events header, as strings_to_mask(): all
 * digits -> the number itself (so "1" is system), an ast_false word -> 0, an ast_true
 * word -> all, otherwise a list as ami_perm_from_conf(). Returns false for an empty
 * value (Asterisk's -1, "Invalid event mask"). Numbers beyond INT_MAX saturate.
 */
bool ami_perm_from_events(const char *value, uint32_t *mask);

/*
 * Privilege: header values and (Priv: ...) lists, as received: labels are matched
 * case-insensitively (Status items carry "Call"), "all" and "<none>" add nothing,
 * unknown labels are counted in *unknown (may be NULL) and otherwise ignored.
 */
uint32_t ami_perm_from_privilege(struct ami_str value, unsigned *unknown);

/*
 * authority_to_str(): every table label whose bits overlap mask, in table order,
 * comma-joined, then "all" if any bit overlaps INT_MAX; "<none>" when empty. This is
 * the Privilege:/(Priv: ...) format: "call,all". Returns the length it needs
 * (snprintf-style); dst is always NUL-terminated when cap > 0.
 */
size_t ami_perm_format(uint32_t mask, char *dst, size_t cap);

/*
 * user_authority_to_str() ("manager show user"): a label only when all its bits are
 * set, so "all" only for INT_MAX; "<none>" when empty.
 */
size_t ami_perm_format_user(uint32_t mask, char *dst, size_t cap);

/* A plain list of the classes in mask ("call,agent"), "" when none; for config files. */
size_t ami_perm_format_list(uint32_t mask, char *dst, size_t cap);

/*
 * Split a ListCommands header value "synopsis  (Priv: call,all)" at the LAST
 * " (Priv: " into a trimmed synopsis and the authority mask. Returns false when
 * the value has no (Priv: ...) part.
 */
bool ami_perm_split_listcommand(struct ami_str value, struct ami_str *synopsis,
				uint32_t *authority);

#endif
