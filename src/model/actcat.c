/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Actions screen's catalogue: core's table merged with ListCommands, each with a state. */
#include "model/actcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const state_labels[] = {
#define ACTCAT_STATE_LABEL(name, label) label,
	ACTCAT_STATE_INFO(ACTCAT_STATE_LABEL)
#undef ACTCAT_STATE_LABEL
};

static const char *const level_labels[] = {
#define ACTCAT_LEVEL_LABEL(name, label) label,
	ACTCAT_LEVEL_INFO(ACTCAT_LEVEL_LABEL)
#undef ACTCAT_LEVEL_LABEL
};

const char *actcat_state_label(enum actcat_state s)
{
	return (unsigned)s < sizeof state_labels / sizeof state_labels[0] ? state_labels[s] : "?";
}

const char *actcat_level_label(enum actcat_level l)
{
	return (unsigned)l < sizeof level_labels / sizeof level_labels[0] ? level_labels[l] : "?";
}

struct actcat {
	struct actcat_entry *e;
	size_t n, cap;
};

struct actcat *actcat_new(void)
{
	struct actcat *a = calloc(1, sizeof *a);
	if (a && actcat_rebuild(a, NULL, false, false) != AMI_OK) {
		actcat_free(a);
		return NULL;
	}
	return a;
}

void actcat_free(struct actcat *a)
{
	if (!a)
		return;
	free(a->e);
	free(a);
}

size_t actcat_needs(uint32_t authority, char *dst, size_t cap)
{
	size_t len = 0;
	if (cap)
		dst[0] = '\0';
	for (int k = 0; k < AMI_CLASS_COUNT; k++) {
		if (!(authority & ami_perm_class_bit((enum ami_perm_class)k)))
			continue;
		int w = snprintf(
		    dst + len, cap > len ? cap - len : 0, "%s%s",
		    len ? " or " : "needs write=", ami_perm_class_label((enum ami_perm_class)k));
		if (w > 0)
			len += (size_t)w;
		if (len >= cap)
			break;
	}
	return len;
}

static bool push(struct actcat *a, const struct actcat_entry *e)
{
	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 256;
		struct actcat_entry *ne = realloc(a->e, nc * sizeof *ne);
		if (!ne)
			return false;
		a->e = ne;
		a->cap = nc;
	}
	a->e[a->n++] = *e;
	return true;
}

static int by_name(const void *x, const void *y)
{
	return strcasecmp(((const struct actcat_entry *)x)->name,
			  ((const struct actcat_entry *)y)->name);
}

/* Before ListCommands: judge by what the card knows of the write classes. */
static enum actcat_state guess(const struct rights_card *card, uint32_t auth)
{
	if (auth == 0)
		return ACTCAT_ALLOWED;
	if (!card)
		return ACTCAT_UNKNOWN;
	if (auth & rights_write_mask(card, RIGHTS_GRANTED))
		return ACTCAT_ALLOWED;
	if ((auth & rights_write_mask(card, RIGHTS_DENIED)) == auth)
		return ACTCAT_DENIED;
	return ACTCAT_UNKNOWN;
}

static void judge(struct actcat_entry *e, const struct rights_card *card, bool read_only,
		  bool replay)
{
	e->reason[0] = '\0';
	bool lc = card && rights_have_listcommands(card);
	e->state = lc ? (e->listed ? ACTCAT_ALLOWED : ACTCAT_DENIED) : guess(card, e->authority);
	if (e->state == ACTCAT_DENIED) {
		if (e->authority)
			actcat_needs(e->authority, e->reason, sizeof e->reason);
		else
			snprintf(e->reason, sizeof e->reason, "not offered by this server");
	}
	if (e->state == ACTCAT_DENIED)
		return;
	if (replay) {
		e->state = ACTCAT_REPLAY;
		snprintf(e->reason, sizeof e->reason, "replaying a recording: nothing is sent");
	} else if (read_only && strcasecmp(e->name, "Command") == 0) {
		snprintf(e->reason, sizeof e->reason, "read-only profile: 'show' commands only");
	} else if (read_only && !ami_catalog_read_only_ok(ami_str_c(e->name), AMI_STR_NULL)) {
		e->state = ACTCAT_READ_ONLY;
		snprintf(e->reason, sizeof e->reason, "read-only profile");
	}
}

enum ami_status actcat_rebuild(struct actcat *a, const struct rights_card *card, bool read_only,
			       bool replay)
{
	a->n = 0;
	size_t n;
	const struct ami_catalog_entry *cat = ami_catalog(&n);
	for (size_t i = 0; i < n; i++) {
		struct actcat_entry e = {
			.name = cat[i].name,
			.synopsis = cat[i].synopsis,
			.authority = cat[i].authority,
			.flags = cat[i].flags,
			.fields = cat[i].fields,
			.in_catalog = true,
		};
		if (!push(a, &e))
			return AMI_E_NOMEM;
	}
	size_t ns = card ? rights_action_count(card) : 0;
	for (size_t i = 0; i < ns; i++) {
		const struct rights_action *s = rights_action_at(card, i);
		struct actcat_entry *known = NULL;
		for (size_t k = 0; k < n && !known; k++)
			if (strcasecmp(a->e[k].name, s->name) == 0)
				known = &a->e[k];
		if (known) {
			known->listed = true;
			known->authority = s->authority; /* the server's word wins */
			continue;
		}
		struct actcat_entry e = { .name = s->name,
					  .synopsis = s->synopsis,
					  .authority = s->authority,
					  .fields = "",
					  .listed = true };
		if (!push(a, &e))
			return AMI_E_NOMEM;
	}
	qsort(a->e, a->n, sizeof *a->e, by_name);
	for (size_t i = 0; i < a->n; i++)
		judge(&a->e[i], card, read_only, replay);
	return AMI_OK;
}

size_t actcat_count(const struct actcat *a)
{
	return a->n;
}

const struct actcat_entry *actcat_at(const struct actcat *a, size_t i)
{
	return i < a->n ? &a->e[i] : NULL;
}

const struct actcat_entry *actcat_find(const struct actcat *a, struct ami_str name)
{
	for (size_t i = 0; i < a->n; i++)
		if (ami_str_ieq(name, a->e[i].name))
			return &a->e[i];
	return NULL;
}
