/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The action catalogue generated from AMI_CATALOG_INFO, and the read-only rules. */
#include "core/catalog.h"

#include <string.h>

static const struct ami_catalog_entry table[] = {
#define AMI_CATALOG_ROW(name, syn, auth, flags, fields) { #name, syn, auth, flags, fields },
	AMI_CATALOG_INFO(AMI_CATALOG_ROW)
#undef AMI_CATALOG_ROW
};
#define NTABLE (sizeof table / sizeof table[0])

const struct ami_catalog_entry *ami_catalog(size_t *n)
{
	*n = NTABLE;
	return table;
}

const struct ami_catalog_entry *ami_catalog_find(struct ami_str name)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (ami_str_ieq(name, table[i].name))
			return &table[i];
	return NULL;
}

bool ami_catalog_permits(uint32_t authority, uint32_t writeperm)
{
	return authority == 0 || (writeperm & authority) != 0;
}

/* The n-th blank-separated word of s (0-based); absent view if there is none. */
static struct ami_str word(struct ami_str s, unsigned n)
{
	size_t i = 0;
	for (unsigned w = 0; s.p && i < s.n; w++) {
		while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'))
			i++;
		size_t b = i;
		while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t')
			i++;
		if (i == b)
			break;
		if (w == n)
			return ami_str_make(s.p + b, i - b);
	}
	return AMI_STR_NULL;
}

bool ami_catalog_read_only_ok(struct ami_str action, struct ami_str command)
{
	if (ami_str_ieq(action, "Command")) {
		struct ami_str w0 = word(command, 0), w1 = word(command, 1);
		if (ami_str_ieq(w0, "_command") && ami_str_ieq(w1, "matchesarray"))
			return true;
		return ami_str_ieq(w1, "show");
	}
	const struct ami_catalog_entry *e = ami_catalog_find(action);
	return e && (e->flags & AMI_ACT_RO);
}
