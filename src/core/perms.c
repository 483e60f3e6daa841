/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Permission classes: Asterisk's perms[] table and its parse/format quirks, reproduced. */
#include "core/perms.h"

#include <stdio.h>
#include <string.h>

struct perm_entry {
	const char *label;
	uint32_t bit;
};

/* perms[] exactly as Asterisk orders it, including the closing all and none. */
static const struct perm_entry perms[] = {
#define AMI_PERM_ROW(name, label, bit) { #label, bit },
	AMI_PERM_CLASS_INFO(AMI_PERM_ROW)
#undef AMI_PERM_ROW
	    { "all", AMI_PERM_ALL },
	{ "none", AMI_PERM_NONE },
};
#define NPERMS (sizeof perms / sizeof perms[0])

uint32_t ami_perm_known_mask(void)
{
	uint32_t m = 0;
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		m |= perms[c].bit;
	return m;
}

const char *ami_perm_class_label(enum ami_perm_class c)
{
	return (unsigned)c < AMI_CLASS_COUNT ? perms[c].label : "?";
}

uint32_t ami_perm_class_bit(enum ami_perm_class c)
{
	return (unsigned)c < AMI_CLASS_COUNT ? perms[c].bit : 0;
}

enum ami_perm_class ami_perm_class_of_bit(uint32_t bit)
{
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		if (perms[c].bit == bit)
			return (enum ami_perm_class)c;
	return AMI_CLASS_COUNT;
}

enum ami_perm_class ami_perm_class_find(struct ami_str label)
{
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		if (ami_str_ieq(label, perms[c].label))
			return (enum ami_perm_class)c;
	return AMI_CLASS_COUNT;
}

/*
 * ast_instring(bigstr, smallstr, ','): a non-final item matches when
 * strncmp(item, label, itemlen) == 0, i.e. the item is a prefix of the label (an
 * empty item is a prefix of everything); the final item must equal the label; the
 * loop stops when a comma is the last character, so a trailing empty item is
 * never tried.
 */
static bool instring(const char *big, const char *label)
{
	const char *val = big;
	for (;;) {
		const char *next = strchr(val, ',');
		if (!next)
			return strcmp(label, val) == 0;
		if (strncmp(val, label, (size_t)(next - val)) == 0)
			return true;
		val = next + 1;
		if (*val == '\0')
			return false;
	}
}

uint32_t ami_perm_from_conf(const char *value)
{
	if (!value)
		return 0;
	uint32_t m = 0;
	for (size_t i = 0; i < NPERMS; i++)
		if (instring(value, perms[i].label))
			m |= perms[i].bit;
	return m;
}

static bool word_in(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (ami_str_ieq(ami_str_c(s), *words))
			return true;
	return false;
}

bool ami_perm_from_events(const char *value, uint32_t *mask)
{
	static const char *const falses[] = { "no", "false", "n", "f", "0", "off", NULL };
	static const char *const trues[] = { "yes", "true", "y", "t", "1", "on", NULL };
	if (!value || !*value)
		return false;
	const char *p = value;
	uint64_t num = 0;
	while (*p >= '0' && *p <= '9') {
		/* strings_to_mask() uses atoi(); saturate instead of overflowing */
		if (num <= AMI_PERM_ALL)
			num = num * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (*p == '\0') {
		*mask = num > AMI_PERM_ALL ? AMI_PERM_ALL : (uint32_t)num;
		return true;
	}
	if (word_in(value, falses)) {
		*mask = 0;
	} else if (word_in(value, trues)) {
		uint32_t m = 0;
		for (size_t i = 0; i < NPERMS; i++)
			m |= perms[i].bit;
		*mask = m;
	} else {
		*mask = ami_perm_from_conf(value);
	}
	return true;
}

uint32_t ami_perm_from_privilege(struct ami_str value, unsigned *unknown)
{
	uint32_t m = 0;
	unsigned bad = 0;
	const char *p = value.p, *end = value.p ? value.p + value.n : NULL;
	while (p && p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;
		struct ami_str item = ami_str_make(p, (size_t)(e - p));
		/* trim blanks: received headers are not config, be forgiving */
		while (item.n && (item.p[0] == ' ' || item.p[0] == '\t'))
			item.p++, item.n--;
		while (item.n && (item.p[item.n - 1] == ' ' || item.p[item.n - 1] == '\t'))
			item.n--;
		enum ami_perm_class cls = ami_perm_class_find(item);
		if (cls != AMI_CLASS_COUNT)
			m |= perms[cls].bit;
		else if (item.n && !ami_str_ieq(item, "all") && !ami_str_ieq(item, "<none>") &&
			 !ami_str_ieq(item, "none"))
			bad++;
		p = c ? c + 1 : end;
	}
	if (unknown)
		*unknown = bad;
	return m;
}

/* Append label to dst at *len, snprintf-style (counts what would be written). */
static void append(char *dst, size_t cap, size_t *len, const char *label, bool comma)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%s%s", comma ? "," : "", label);
	for (int i = 0; i < n; i++, (*len)++)
		if (*len + 1 < cap)
			dst[*len] = tmp[i];
	if (cap)
		dst[*len < cap ? *len : cap - 1] = '\0';
}

/* Shared walk over perms[] minus "none"; all_bits selects user_authority_to_str(). */
static size_t format(uint32_t mask, char *dst, size_t cap, bool all_bits, bool with_all,
		     const char *empty)
{
	size_t len = 0;
	if (cap)
		dst[0] = '\0';
	for (size_t i = 0; i < NPERMS - 1; i++) {
		uint32_t b = perms[i].bit;
		if (!with_all && b == AMI_PERM_ALL)
			continue;
		if (all_bits ? (mask & b) == b : (mask & b) != 0)
			append(dst, cap, &len, perms[i].label, len != 0);
	}
	if (len == 0)
		append(dst, cap, &len, empty, false);
	return len;
}

size_t ami_perm_format(uint32_t mask, char *dst, size_t cap)
{
	return format(mask, dst, cap, false, true, "<none>");
}

size_t ami_perm_format_user(uint32_t mask, char *dst, size_t cap)
{
	return format(mask, dst, cap, true, true, "<none>");
}

size_t ami_perm_format_list(uint32_t mask, char *dst, size_t cap)
{
	return format(mask, dst, cap, true, false, "");
}

bool ami_perm_split_listcommand(struct ami_str value, struct ami_str *synopsis, uint32_t *authority)
{
	static const char marker[] = " (Priv: ";
	const size_t mlen = sizeof marker - 1;
	if (!value.p || value.n < mlen + 1 || value.p[value.n - 1] != ')')
		return false;
	/* the LAST marker: a synopsis may itself contain "(Priv: " in theory */
	for (size_t i = value.n - 1 - mlen + 1; i-- > 0;) {
		if (memcmp(value.p + i, marker, mlen) != 0)
			continue;
		struct ami_str s = ami_str_make(value.p, i);
		while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
			s.n--;
		*synopsis = s;
		*authority = ami_perm_from_privilege(
		    ami_str_make(value.p + i + mlen, value.n - 1 - (i + mlen)), NULL);
		return true;
	}
	return false;
}
