/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON rendering of AMI messages (repeated keys grouped into arrays). */
#include "app/output.h"

#include <string.h>

static bool same_key(const struct ami_hdr *a, const struct ami_hdr *b)
{
	return a->val && b->val && a->klen == b->klen && memcmp(a->key, b->key, a->klen) == 0;
}

/* Has header i's key been printed already (an earlier header with the same key)? */
static bool seen_before(const struct ami_msg *m, uint32_t i)
{
	for (uint32_t j = 0; j < i; j++)
		if (same_key(&m->hdrs[j], &m->hdrs[i]))
			return true;
	return false;
}

static void key_values(struct ami_buf *b, const struct ami_msg *m, uint32_t i)
{
	uint32_t count = 0;
	for (uint32_t j = i; j < m->nhdrs; j++)
		count += same_key(&m->hdrs[i], &m->hdrs[j]);
	ami_buf_add_json_str(b, m->hdrs[i].key, m->hdrs[i].klen);
	ami_buf_addc(b, ':');
	if (count == 1) {
		ami_buf_add_json_str(b, m->hdrs[i].val, m->hdrs[i].vlen);
		return;
	}
	ami_buf_addc(b, '[');
	for (uint32_t j = i, k = 0; j < m->nhdrs; j++) {
		if (!same_key(&m->hdrs[i], &m->hdrs[j]))
			continue;
		if (k++)
			ami_buf_addc(b, ',');
		ami_buf_add_json_str(b, m->hdrs[j].val, m->hdrs[j].vlen);
	}
	ami_buf_addc(b, ']');
}

static void raw_lines(struct ami_buf *b, const struct ami_msg *m, bool *first)
{
	bool any = false;
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		if (m->hdrs[i].val)
			continue;
		ami_buf_adds(b, any ? "," : (*first ? "\"_lines\":[" : ",\"_lines\":["));
		ami_buf_add_json_str(b, m->hdrs[i].key, m->hdrs[i].klen);
		any = true;
	}
	if (any) {
		ami_buf_addc(b, ']');
		*first = false;
	}
}

enum ami_status app_out_json(struct ami_buf *b, const struct ami_msg *m, double received)
{
	bool first = true;
	ami_buf_addc(b, '{');
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		if (!m->hdrs[i].val || seen_before(m, i))
			continue;
		if (!first)
			ami_buf_addc(b, ',');
		key_values(b, m, i);
		first = false;
	}
	raw_lines(b, m, &first);
	if (m->body) {
		ami_buf_adds(b, first ? "\"_body\":" : ",\"_body\":");
		ami_buf_add_json_str(b, m->body, m->bodylen);
		first = false;
	}
	ami_buf_printf(b, "%s\"_received\":%.6f}\n", first ? "" : ",", received);
	return ami_buf_status(b);
}
