/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights card: facts per class and direction, gathered from every source AMI offers. */
#include "model/rights.h"
#include "rights_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"

static const char *const source_labels[] = {
#define RIGHTS_SRC_LABEL(name, label, json) label,
	RIGHTS_SOURCE_INFO(RIGHTS_SRC_LABEL)
#undef RIGHTS_SRC_LABEL
};

static const char *const state_labels[] = {
#define RIGHTS_STATE_LABEL(name, label) label,
	RIGHTS_STATE_INFO(RIGHTS_STATE_LABEL)
#undef RIGHTS_STATE_LABEL
};

static const char *const flag_texts[] = {
#define RIGHTS_FLAG_TEXT(name, text) text,
	RIGHTS_FLAG_INFO(RIGHTS_FLAG_TEXT)
#undef RIGHTS_FLAG_TEXT
};

const char *rights_source_label(enum rights_source s)
{
	return (unsigned)s < RIGHTS_SRC_COUNT ? source_labels[s] : "?";
}

const char *rights_state_label(enum rights_state s)
{
	return (unsigned)s < sizeof state_labels / sizeof state_labels[0] ? state_labels[s] : "?";
}

const char *rights_flag_text(enum rights_flag f)
{
	return (unsigned)f < RIGHTS_FLAG_COUNT ? flag_texts[f] : "?";
}

struct rights_card *rights_new(const char *user)
{
	struct rights_card *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	ami_str_copy(ami_str_c(user ? user : ""), c->user, sizeof c->user);
	c->visible = ami_perm_known_mask();
	return c;
}

static void clear_actions(struct rights_card *c)
{
	for (size_t i = 0; i < c->nacts; i++) {
		free((char *)c->acts[i].name);
		free((char *)c->acts[i].synopsis);
	}
	c->nacts = 0;
}

void rights_free(struct rights_card *c)
{
	if (!c)
		return;
	clear_actions(c);
	free(c->acts);
	free(c);
}

void rights_reset(struct rights_card *c)
{
	clear_actions(c);
	memset(c->rd, 0, sizeof c->rd);
	memset(c->wr, 0, sizeof c->wr);
	c->have_lc = false;
	c->events_seen = 0;
	c->nsucc = 0;
	c->have_showuser = c->have_getconfig = false;
}

const char *rights_user(const struct rights_card *c)
{
	return c->user;
}

/* ---- facts ---- */

void rg_fact(struct rights_card *c, bool write, uint32_t mask, enum rights_source src, bool granted)
{
	struct rg_fact *f = write ? c->wr : c->rd;
	for (int k = 0; k < AMI_CLASS_COUNT; k++) {
		if (!(mask & ami_perm_class_bit((enum ami_perm_class)k)))
			continue;
		if (granted)
			f[k].granted |= 1u << src;
		else
			f[k].denied |= 1u << src;
	}
}

/* Forget what one source said (it is about to say it again). */
void rg_forget(struct rights_card *c, enum rights_source src)
{
	for (int k = 0; k < AMI_CLASS_COUNT; k++) {
		c->rd[k].granted &= ~(1u << src);
		c->rd[k].denied &= ~(1u << src);
		c->wr[k].granted &= ~(1u << src);
		c->wr[k].denied &= ~(1u << src);
	}
}

static struct rights_fact fact_of(const struct rg_fact *f)
{
	struct rights_fact r = { RIGHTS_UNKNOWN, f->granted, f->denied };
	if (f->granted && f->denied)
		r.state = RIGHTS_CONFLICT;
	else if (f->granted)
		r.state = RIGHTS_GRANTED;
	else if (f->denied)
		r.state = RIGHTS_DENIED;
	return r;
}

struct rights_fact rights_read(const struct rights_card *c, enum ami_perm_class cls)
{
	if ((unsigned)cls >= AMI_CLASS_COUNT)
		return (struct rights_fact){ RIGHTS_UNKNOWN, 0, 0 };
	return fact_of(&c->rd[cls]);
}

struct rights_fact rights_write(const struct rights_card *c, enum ami_perm_class cls)
{
	if ((unsigned)cls >= AMI_CLASS_COUNT)
		return (struct rights_fact){ RIGHTS_UNKNOWN, 0, 0 };
	return fact_of(&c->wr[cls]);
}

static uint32_t mask_of(const struct rg_fact *f, enum rights_state st)
{
	uint32_t m = 0;
	for (int k = 0; k < AMI_CLASS_COUNT; k++)
		if (fact_of(&f[k]).state == st)
			m |= ami_perm_class_bit((enum ami_perm_class)k);
	return m;
}

uint32_t rights_read_mask(const struct rights_card *c, enum rights_state st)
{
	return mask_of(c->rd, st);
}

uint32_t rights_write_mask(const struct rights_card *c, enum rights_state st)
{
	return mask_of(c->wr, st);
}

/* ---- server identity ---- */

void rights_set_banner(struct rights_card *c, struct ami_str banner)
{
	ami_str_copy(banner, c->banner, sizeof c->banner);
	const char *slash = strrchr(c->banner, '/');
	ami_str_copy(ami_str_c(slash ? slash + 1 : ""), c->ami_version, sizeof c->ami_version);
}

void rights_from_coresettings(struct rights_card *c, const struct ami_msg *reply)
{
	struct ami_str v = ami_msg_get(reply, "AsteriskVersion");
	if (v.p)
		ami_str_copy(v, c->asterisk_version, sizeof c->asterisk_version);
	v = ami_msg_get(reply, "AMIversion");
	if (v.p && v.n)
		ami_str_copy(v, c->ami_version, sizeof c->ami_version);
}

const char *rights_banner(const struct rights_card *c)
{
	return c->banner;
}

const char *rights_ami_version(const struct rights_card *c)
{
	return c->ami_version;
}

const char *rights_asterisk_version(const struct rights_card *c)
{
	return c->asterisk_version;
}

/* ---- events, actions, visibility, expectations ---- */

void rights_saw_event(struct rights_card *c, uint32_t cls)
{
	if (!(cls & ~c->events_seen))
		return; /* the common case: nothing new, and no table walk */
	uint32_t fresh = cls & ami_perm_known_mask() & ~c->events_seen;
	if (!fresh)
		return;
	c->events_seen |= fresh;
	rg_fact(c, false, fresh, RIGHTS_SRC_EVENTS, true);
}

uint32_t rights_action_authority(const struct rights_card *c, struct ami_str action, bool *known)
{
	for (size_t i = 0; i < c->nacts; i++) {
		if (ami_str_ieq(action, c->acts[i].name)) {
			*known = true;
			return c->acts[i].authority;
		}
	}
	const struct ami_catalog_entry *e = ami_catalog_find(action);
	*known = e != NULL;
	return e ? e->authority : 0;
}

void rights_action_result(struct rights_card *c, const char *action, bool denied)
{
	bool known;
	uint32_t auth = rights_action_authority(c, ami_str_c(action), &known);
	if (!known || auth == 0)
		return;
	if (denied) {
		/* (writeperm & authority) == 0: none of its classes is granted */
		rg_fact(c, true, auth, RIGHTS_SRC_ACTIONS, false);
		return;
	}
	if (ami_perm_class_of_bit(auth) != AMI_CLASS_COUNT)
		rg_fact(c, true, auth, RIGHTS_SRC_ACTIONS, true);
	for (size_t i = 0; i < c->nsucc; i++)
		if (c->succ[i] == auth)
			return;
	if (c->nsucc < RG_MAX_SUCC)
		c->succ[c->nsucc++] = auth;
}

void rights_note_visible(struct rights_card *c, uint32_t cls)
{
	c->visible = cls & ami_perm_known_mask();
}

void rights_set_expect(struct rights_card *c, bool has_read, uint32_t read, bool has_write,
		       uint32_t write)
{
	c->has_expect_read = has_read;
	c->expect_read = read & ami_perm_known_mask();
	c->has_expect_write = has_write;
	c->expect_write = write & ami_perm_known_mask();
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

enum ami_status rights_parse_list(const char *text, uint32_t *mask, char *errmsg, size_t cap)
{
	*mask = 0;
	if (errmsg && cap)
		errmsg[0] = '\0';
	for (const char *s = text ? text : ""; *s;) {
		const char *e = strchr(s, ',');
		const char *end = e ? e : s + strlen(s);
		while (s < end && blank(*s))
			s++;
		const char *t = end;
		while (t > s && blank(t[-1]))
			t--;
		struct ami_str label = ami_str_make(s, (size_t)(t - s));
		enum ami_perm_class k = ami_perm_class_find(label);
		if (k != AMI_CLASS_COUNT) {
			*mask |= ami_perm_class_bit(k);
		} else if (ami_str_ieq(label, "all")) {
			*mask |= ami_perm_known_mask();
		} else if (label.n && !ami_str_ieq(label, "none")) {
			if (errmsg && cap)
				snprintf(errmsg, cap, "unknown class '%.*s'", (int)label.n,
					 label.p);
			return AMI_E_INVALID;
		}
		s = e ? e + 1 : end;
	}
	return AMI_OK;
}

/* ---- flags and the suggestion ---- */

unsigned rights_flags(const struct rights_card *c)
{
	uint32_t w = rights_write_mask(c, RIGHTS_GRANTED);
	unsigned f = 0;
	if (w & AMI_PERM_SYSTEM)
		f |= 1u << RIGHTS_FLAG_SYSTEM_WRITE;
	if (w & AMI_PERM_COMMAND)
		f |= 1u << RIGHTS_FLAG_COMMAND_WRITE;
	if (w & AMI_PERM_CONFIG)
		f |= 1u << RIGHTS_FLAG_CONFIG_WRITE;
	if ((w & AMI_PERM_ORIGINATE) && !(w & AMI_PERM_SYSTEM))
		f |= 1u << RIGHTS_FLAG_ORIGINATE_NO_SYSTEM;
	return f;
}

/* Classes from the least to the most powerful, for multi-class actions. */
static const uint32_t power_order[] = {
	AMI_PERM_REPORTING, AMI_PERM_CALL,     AMI_PERM_AGENT,	 AMI_PERM_USER, AMI_PERM_DTMF,
	AMI_PERM_CDR,	    AMI_PERM_DIALPLAN, AMI_PERM_CC,	 AMI_PERM_AOC,	AMI_PERM_TEST,
	AMI_PERM_MESSAGE,   AMI_PERM_LOG,      AMI_PERM_VERBOSE, AMI_PERM_AGI,	AMI_PERM_ORIGINATE,
	AMI_PERM_CONFIG,    AMI_PERM_COMMAND,  AMI_PERM_SYSTEM,
};

void rights_suggest(const struct rights_card *c, uint32_t *read, uint32_t *write)
{
	uint32_t w = 0;
	for (size_t i = 0; i < c->nsucc; i++)
		if (ami_perm_class_of_bit(c->succ[i]) != AMI_CLASS_COUNT)
			w |= c->succ[i];
	for (size_t i = 0; i < c->nsucc; i++) {
		if (c->succ[i] & w)
			continue; /* already covered by a class needed anyway */
		for (size_t k = 0; k < sizeof power_order / sizeof power_order[0]; k++) {
			if (c->succ[i] & power_order[k]) {
				w |= power_order[k];
				break;
			}
		}
	}
	*write = w;
	*read = c->events_seen & c->visible;
}

/* ---- comparison with the profile ---- */

static size_t compare_dir(const struct rights_card *c, bool write, struct ami_buf *diff,
			  bool verbose)
{
	uint32_t expect = write ? c->expect_write : c->expect_read;
	size_t n = 0;
	for (int k = 0; k < AMI_CLASS_COUNT; k++) {
		enum ami_perm_class cls = (enum ami_perm_class)k;
		struct rights_fact f = write ? rights_write(c, cls) : rights_read(c, cls);
		bool want = expect & ami_perm_class_bit(cls);
		bool differs = f.state == RIGHTS_CONFLICT || (want && f.state == RIGHTS_DENIED) ||
			       (!want && f.state == RIGHTS_GRANTED);
		bool unverified = f.state == RIGHTS_UNKNOWN;
		if (!differs && !(unverified && verbose))
			continue;
		n += differs;
		if (!diff)
			continue;
		char src[160];
		rg_sources(differs && f.state != RIGHTS_CONFLICT
			       ? (f.state == RIGHTS_GRANTED ? f.granted_by : f.denied_by)
			       : (f.granted_by | f.denied_by),
			   src, sizeof src);
		ami_buf_printf(diff, "%s %s: expected %s, found %s%s%s%s\n",
			       write ? "write" : "read", ami_perm_class_label(cls),
			       want ? "granted" : "not granted",
			       unverified ? "unverified" : rights_state_label(f.state),
			       *src ? " (" : "", src, *src ? ")" : "");
	}
	return n;
}

size_t rights_compare(const struct rights_card *c, struct ami_buf *diff, bool verbose)
{
	size_t n = 0;
	if (c->has_expect_read)
		n += compare_dir(c, false, diff, verbose);
	if (c->has_expect_write)
		n += compare_dir(c, true, diff, verbose);
	return n;
}

size_t rg_sources(unsigned srcs, char *dst, size_t cap)
{
	size_t len = 0;
	dst[0] = '\0';
	for (int s = 0; s < RIGHTS_SRC_COUNT; s++) {
		if (!(srcs & (1u << s)))
			continue;
		int w = snprintf(dst + len, cap - len, "%s%s", len ? ", " : "", source_labels[s]);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
	return len;
}
