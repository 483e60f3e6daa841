/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights card written out: the text the Rights screen shows, and JSON for scripts. */
#include "model/rights.h"
#include "rights_int.h"

#include <stdio.h>
#include <string.h>

#include "core/catalog.h"

static const char *const source_json[] = {
#define RIGHTS_SRC_JSON(name, label, json) json,
	RIGHTS_SOURCE_INFO(RIGHTS_SRC_JSON)
#undef RIGHTS_SRC_JSON
};

static const char *const flag_names[] = {
#define RIGHTS_FLAG_NAME(name, text) #name,
	RIGHTS_FLAG_INFO(RIGHTS_FLAG_NAME)
#undef RIGHTS_FLAG_NAME
};

/* "needs write=system or call" (the catalogue's wording), for refused actions. */
static void needs(uint32_t auth, char *dst, size_t cap)
{
	size_t len = (size_t)snprintf(dst, cap, "write=");
	bool first = true;
	for (int k = 0; k < AMI_CLASS_COUNT && len < cap; k++) {
		if (!(auth & ami_perm_class_bit((enum ami_perm_class)k)))
			continue;
		int w = snprintf(dst + len, cap - len, "%s%s", first ? "" : " or ",
				 ami_perm_class_label((enum ami_perm_class)k));
		if (w < 0)
			break;
		len += (size_t)w;
		first = false;
	}
}

/* Catalogue actions ListCommands did not list although they need a class (refused). */
static size_t refused(const struct rights_card *c, const struct ami_catalog_entry **out, size_t cap)
{
	size_t n, k = 0;
	const struct ami_catalog_entry *cat = ami_catalog(&n);
	if (!rights_have_listcommands(c))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (cat[i].authority == 0 || rights_allows(c, ami_str_c(cat[i].name)))
			continue;
		if (k < cap)
			out[k] = &cat[i];
		k++;
	}
	return k;
}

static void text_row(const struct rights_card *c, enum ami_perm_class k, struct ami_buf *out)
{
	struct rights_fact r = rights_read(c, k), w = rights_write(c, k);
	char rs[160], ws[160];
	rg_sources(r.granted_by | r.denied_by, rs, sizeof rs);
	rg_sources(w.granted_by | w.denied_by, ws, sizeof ws);
	ami_buf_printf(out, "  %-10s %-12s %-12s", ami_perm_class_label(k),
		       rights_state_label(r.state), rights_state_label(w.state));
	if (*rs || *ws)
		ami_buf_printf(out, " read: %s; write: %s", *rs ? rs : "-", *ws ? ws : "-");
	ami_buf_addc(out, '\n');
}

enum ami_status rights_export_text(const struct rights_card *c, struct ami_buf *out)
{
	ami_buf_printf(out, "Rights of '%s'", c->user);
	if (*c->asterisk_version)
		ami_buf_printf(out, " on Asterisk %s", c->asterisk_version);
	if (*c->ami_version)
		ami_buf_printf(out, " (AMI %s)", c->ami_version);
	ami_buf_printf(out, "\n  %-10s %-12s %-12s sources\n", "class", "read", "write");
	for (int k = 0; k < AMI_CLASS_COUNT; k++)
		text_row(c, (enum ami_perm_class)k, out);
	unsigned flags = rights_flags(c);
	for (int f = 0; f < RIGHTS_FLAG_COUNT; f++)
		if (flags & (1u << f))
			ami_buf_printf(out, "! %s\n", rights_flag_text((enum rights_flag)f));
	if (rights_have_listcommands(c)) {
		ami_buf_printf(out, "Allowed actions (%zu):", c->nacts);
		for (size_t i = 0; i < c->nacts; i++)
			ami_buf_printf(out, " %s", c->acts[i].name);
		const struct ami_catalog_entry *r[512];
		size_t nr = refused(c, r, 512);
		ami_buf_printf(out, "\nRefused actions (%zu):", nr);
		for (size_t i = 0; i < nr && i < 512; i++) {
			char n[160];
			needs(r[i]->authority, n, sizeof n);
			ami_buf_printf(out, " %s (%s)", r[i]->name, n);
		}
		ami_buf_addc(out, '\n');
	} else {
		ami_buf_adds(out, "Allowed actions: unknown (no ListCommands reply yet)\n");
	}
	uint32_t sr, sw;
	rights_suggest(c, &sr, &sw);
	char b1[256], b2[256];
	ami_perm_format_list(sr, b1, sizeof b1);
	ami_perm_format_list(sw, b2, sizeof b2);
	ami_buf_printf(out, "Least privilege for what this session used:\n  read=%s\n  write=%s\n",
		       b1, b2);
	if (c->has_expect_read || c->has_expect_write) {
		struct ami_buf d;
		ami_buf_init(&d, 1 << 16);
		size_t n = rights_compare(c, &d, true);
		ami_buf_printf(out, "Compared with the profile: %zu difference%s\n", n,
			       n == 1 ? "" : "s");
		if (d.len)
			ami_buf_addstr(out, ami_str_make(d.p, d.len));
		ami_buf_free(&d);
	}
	return ami_buf_status(out);
}

/* ---- JSON ---- */

static void json_kv(struct ami_buf *out, const char *key, const char *val, bool comma)
{
	ami_buf_add_json_str(out, key, strlen(key));
	ami_buf_addc(out, ':');
	if (val)
		ami_buf_add_json_str(out, val, strlen(val));
	else
		ami_buf_adds(out, "null");
	if (comma)
		ami_buf_addc(out, ',');
}

static void json_fact(struct ami_buf *out, const char *dir, struct rights_fact f)
{
	ami_buf_printf(out, "\"%s\":{\"state\":\"%s\",\"granted_by\":[", dir,
		       rights_state_label(f.state));
	const char *sep = "";
	for (int s = 0; s < RIGHTS_SRC_COUNT; s++)
		if (f.granted_by & (1u << s)) {
			ami_buf_printf(out, "%s\"%s\"", sep, source_json[s]);
			sep = ",";
		}
	ami_buf_adds(out, "],\"denied_by\":[");
	sep = "";
	for (int s = 0; s < RIGHTS_SRC_COUNT; s++)
		if (f.denied_by & (1u << s)) {
			ami_buf_printf(out, "%s\"%s\"", sep, source_json[s]);
			sep = ",";
		}
	ami_buf_adds(out, "]}");
}

static void json_mask(struct ami_buf *out, const char *key, bool has, uint32_t mask, bool comma)
{
	char b[256];
	ami_perm_format_list(mask, b, sizeof b);
	json_kv(out, key, has ? b : NULL, comma);
}

static void json_actions(const struct rights_card *c, struct ami_buf *out)
{
	ami_buf_adds(out, "\"actions_allowed\":");
	if (!rights_have_listcommands(c)) {
		ami_buf_adds(out, "null,\"actions_refused\":null,");
		return;
	}
	ami_buf_addc(out, '[');
	for (size_t i = 0; i < c->nacts; i++) {
		if (i)
			ami_buf_addc(out, ',');
		ami_buf_add_json_str(out, c->acts[i].name, strlen(c->acts[i].name));
	}
	ami_buf_adds(out, "],\"actions_refused\":[");
	const struct ami_catalog_entry *r[512];
	size_t nr = refused(c, r, 512);
	for (size_t i = 0; i < nr && i < 512; i++) {
		char n[160];
		needs(r[i]->authority, n, sizeof n);
		ami_buf_adds(out, i ? ",{" : "{");
		json_kv(out, "name", r[i]->name, true);
		json_kv(out, "needs", n, false);
		ami_buf_addc(out, '}');
	}
	ami_buf_adds(out, "],");
}

enum ami_status rights_export_json(const struct rights_card *c, struct ami_buf *out)
{
	ami_buf_addc(out, '{');
	json_kv(out, "user", c->user, true);
	ami_buf_adds(out, "\"server\":{");
	json_kv(out, "banner", *c->banner ? c->banner : NULL, true);
	json_kv(out, "ami_version", *c->ami_version ? c->ami_version : NULL, true);
	json_kv(out, "asterisk_version", *c->asterisk_version ? c->asterisk_version : NULL, false);
	ami_buf_adds(out, "},");
	json_actions(c, out);
	ami_buf_adds(out, "\"classes\":{");
	for (int k = 0; k < AMI_CLASS_COUNT; k++) {
		enum ami_perm_class cls = (enum ami_perm_class)k;
		ami_buf_printf(out, "%s\"%s\":{", k ? "," : "", ami_perm_class_label(cls));
		json_fact(out, "read", rights_read(c, cls));
		ami_buf_addc(out, ',');
		json_fact(out, "write", rights_write(c, cls));
		ami_buf_addc(out, '}');
	}
	ami_buf_adds(out, "},\"flags\":[");
	unsigned flags = rights_flags(c);
	const char *sep = "";
	for (int f = 0; f < RIGHTS_FLAG_COUNT; f++)
		if (flags & (1u << f)) {
			ami_buf_printf(out, "%s\"%s\"", sep, flag_names[f]);
			sep = ",";
		}
	uint32_t sr, sw;
	rights_suggest(c, &sr, &sw);
	ami_buf_adds(out, "],\"suggestion\":{");
	json_mask(out, "read", true, sr, true);
	json_mask(out, "write", true, sw, false);
	ami_buf_adds(out, "},\"expect\":{");
	json_mask(out, "read", c->has_expect_read, c->expect_read, true);
	json_mask(out, "write", c->has_expect_write, c->expect_write, false);
	ami_buf_adds(out, "},\"differences\":[");
	struct ami_buf d;
	ami_buf_init(&d, 1 << 16);
	rights_compare(c, &d, false);
	sep = "";
	for (char *p = d.p, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		ami_buf_adds(out, sep);
		ami_buf_add_json_str(out, p, (size_t)(nl - p));
		sep = ",";
	}
	ami_buf_free(&d);
	ami_buf_adds(out, "]}");
	return ami_buf_status(out);
}
