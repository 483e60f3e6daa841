/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON rendering of AMI messages (repeated keys grouped into arrays). */
#include "app/output.h"

#include <stdlib.h>
#include <string.h>

#define STACK_HDRS 128

/*
 * Repeated keys, found in one pass: first[i] is the index of the first header with
 * header i's key, next[i] the next header with the same key (UINT32_MAX: none). A
 * small open-addressing table on the key's hash makes it linear; --dump --json at a
 * few hundred thousand events/s cannot afford comparing every pair.
 */
struct groups {
	uint32_t *first, *next, *last;
};

static uint32_t key_hash(const struct ami_hdr *h)
{
	uint32_t x = 2166136261u;
	for (uint32_t i = 0; i < h->klen; i++)
		x = (x ^ (unsigned char)h->key[i]) * 16777619u;
	return x;
}

static bool same_key(const struct ami_hdr *a, const struct ami_hdr *b)
{
	return a->klen == b->klen && memcmp(a->key, b->key, a->klen) == 0;
}

static void group(const struct ami_msg *m, struct groups *g, uint32_t *table, uint32_t mask)
{
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		g->next[i] = UINT32_MAX;
		g->first[i] = i;
		if (!m->hdrs[i].val)
			continue;
		uint32_t s = key_hash(&m->hdrs[i]) & mask;
		while (table[s] != UINT32_MAX && !same_key(&m->hdrs[table[s]], &m->hdrs[i]))
			s = (s + 1) & mask;
		if (table[s] == UINT32_MAX) {
			table[s] = i;
			g->last[i] = i;
		} else {
			uint32_t f = table[s];
			g->first[i] = f;
			g->next[g->last[f]] = i;
			g->last[f] = i;
		}
	}
}

static void key_values(struct ami_buf *b, const struct ami_msg *m, const struct groups *g,
		       uint32_t i)
{
	ami_buf_add_json_str(b, m->hdrs[i].key, m->hdrs[i].klen);
	ami_buf_addc(b, ':');
	if (g->next[i] == UINT32_MAX) {
		ami_buf_add_json_str(b, m->hdrs[i].val, m->hdrs[i].vlen);
		return;
	}
	ami_buf_addc(b, '[');
	for (uint32_t j = i; j != UINT32_MAX; j = g->next[j]) {
		if (j != i)
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

/* "1795773532.302123": seconds and microseconds without printf's floating point. */
static void add_time(struct ami_buf *b, double t)
{
	if (!(t >= 0 && t < 1e15)) { /* NaN or absurd: still valid JSON */
		ami_buf_adds(b, "0.000000");
		return;
	}
	unsigned long long us = (unsigned long long)(t * 1e6 + 0.5);
	unsigned long long s = us / 1000000;
	char tmp[32];
	int n = 0;
	unsigned long frac = (unsigned long)(us % 1000000);
	for (int k = 0; k < 6; k++, frac /= 10)
		tmp[sizeof tmp - 1 - n++] = (char)('0' + frac % 10);
	tmp[sizeof tmp - 1 - n++] = '.';
	do
		tmp[sizeof tmp - 1 - n++] = (char)('0' + s % 10);
	while ((s /= 10) > 0);
	ami_buf_add(b, tmp + sizeof tmp - n, (size_t)n);
}

static enum ami_status render(struct ami_buf *b, const struct ami_msg *m, double received,
			      const struct groups *g)
{
	bool first = true;
	ami_buf_addc(b, '{');
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		if (!m->hdrs[i].val || g->first[i] != i)
			continue;
		if (!first)
			ami_buf_addc(b, ',');
		key_values(b, m, g, i);
		first = false;
	}
	raw_lines(b, m, &first);
	if (m->body) {
		ami_buf_adds(b, first ? "\"_body\":" : ",\"_body\":");
		ami_buf_add_json_str(b, m->body, m->bodylen);
		first = false;
	}
	ami_buf_adds(b, first ? "\"_received\":" : ",\"_received\":");
	add_time(b, received);
	ami_buf_add(b, "}\n", 2);
	return ami_buf_status(b);
}

enum ami_status app_out_json(struct ami_buf *b, const struct ami_msg *m, double received)
{
	uint32_t n = m->nhdrs, slots = 16;
	while (slots < 2 * n)
		slots *= 2;
	uint32_t stack[3 * STACK_HDRS + 2 * STACK_HDRS];
	uint32_t *mem = n <= STACK_HDRS ? stack : malloc((3 * (size_t)n + slots) * sizeof *mem);
	if (!mem)
		return AMI_E_NOMEM;
	struct groups g = { mem, mem + n, mem + 2 * (size_t)n };
	uint32_t *table = mem + 3 * (size_t)n;
	memset(table, 0xff, slots * sizeof *table);
	group(m, &g, table, slots - 1);
	enum ami_status st = render(b, m, received, &g);
	if (mem != stack)
		free(mem);
	return st;
}
