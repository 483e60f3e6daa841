/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The global event queue: formatting once per event, a bounded ring, trimming behind cursors. */
#include "sim/evq.h"

#include "core/perms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_EVENTS (1u << 20)
#define DEFAULT_MAX_BYTES (256u << 20)
#define INITIAL_CAP 1024u

void sim_evq_init(struct sim_evq *q, size_t max_events, size_t max_bytes)
{
	memset(q, 0, sizeof *q);
	q->max_events = max_events ? max_events : DEFAULT_MAX_EVENTS;
	q->max_bytes = max_bytes ? max_bytes : DEFAULT_MAX_BYTES;
}

void sim_evq_free(struct sim_evq *q)
{
	sim_evq_trim(q, q->head);
	free(q->ring);
	free(q->disabled);
	memset(q, 0, sizeof *q);
}

void sim_evq_set_disabled(struct sim_evq *q, const char *list)
{
	free(q->disabled);
	q->disabled = list && *list ? strdup(list) : NULL;
}

bool sim_evq_disabled(const struct sim_evq *q, const char *name)
{
	const char *h = q->disabled;
	if (!h)
		return false;
	size_t n = strlen(name);
	while ((unsigned char)*h && (unsigned char)*h < 33)
		h++;
	for (const char *end; (end = strchr(h, ','));) {
		if ((size_t)(end - h) == n && strncmp(h, name, n) == 0)
			return true;
		h = end + 1;
		while ((unsigned char)*h && (unsigned char)*h < 33)
			h++;
	}
	return strcmp(h, name) == 0;
}

/* Make room for one more slot: grow the ring, or report the bound. */
static bool ensure_slot(struct sim_evq *q)
{
	size_t used = (size_t)(q->head - q->tail);
	if (used < q->cap)
		return true;
	if (q->cap >= q->max_events)
		return false;
	size_t cap = q->cap ? q->cap * 2 : INITIAL_CAP;
	struct sim_event **r = calloc(cap, sizeof *r);
	if (!r)
		return false;
	for (uint64_t s = q->tail; s < q->head; s++)
		r[s & (cap - 1)] = q->ring[s & (q->cap - 1)];
	free(q->ring);
	q->ring = r;
	q->cap = cap;
	return true;
}

static const char *privilege(struct sim_evq *q, uint32_t category)
{
	if (!q->privilege_valid || q->privilege_cat != category) {
		ami_perm_format(category, q->privilege, sizeof q->privilege);
		q->privilege_cat = category;
		q->privilege_valid = true;
	}
	return q->privilege;
}

enum sim_evq_result sim_evq_emit(struct sim_evq *q, uint32_t category, const char *name,
				 const char *body, size_t len, uint64_t wall_us)
{
	if (sim_evq_disabled(q, name))
		return SIM_EVQ_DISABLED;
	if (!ensure_slot(q))
		return q->cap >= q->max_events ? SIM_EVQ_FULL : SIM_EVQ_NOMEM;
	const char *priv = privilege(q, category);
	char head[512];
	int hn = snprintf(head, sizeof head, "Event: %s\r\nPrivilege: %s\r\n", name, priv);
	if (hn < 0 || (size_t)hn >= sizeof head)
		return SIM_EVQ_NOMEM;
	if (q->timestamps)
		hn += snprintf(head + hn, sizeof head - (size_t)hn, "Timestamp: %llu.%06llu\r\n",
			       (unsigned long long)(wall_us / 1000000),
			       (unsigned long long)(wall_us % 1000000));
	if (q->sysname[0] && (size_t)hn < sizeof head)
		hn +=
		    snprintf(head + hn, sizeof head - (size_t)hn, "SystemName: %s\r\n", q->sysname);
	if ((size_t)hn >= sizeof head)
		return SIM_EVQ_NOMEM;
	size_t nlen = strlen(name), tlen = (size_t)hn + len + 2;
	if (q->bytes + tlen > q->max_bytes)
		return SIM_EVQ_FULL;
	struct sim_event *e = malloc(sizeof *e + nlen + 1 + tlen + 1);
	if (!e)
		return SIM_EVQ_NOMEM;
	e->category = category;
	e->len = (uint32_t)tlen;
	e->name_len = (uint32_t)nlen;
	char *p = e->data;
	memcpy(p, name, nlen + 1);
	p += nlen + 1;
	memcpy(p, head, (size_t)hn);
	memcpy(p + hn, body, len);
	memcpy(p + hn + len, "\r\n", 3);
	q->ring[q->head & (q->cap - 1)] = e;
	q->head++;
	q->bytes += tlen;
	q->emitted++;
	return SIM_EVQ_OK;
}

const struct sim_event *sim_evq_get(const struct sim_evq *q, uint64_t seq)
{
	if (seq < q->tail || seq >= q->head)
		return NULL;
	return q->ring[seq & (q->cap - 1)];
}

void sim_evq_trim(struct sim_evq *q, uint64_t min_cursor)
{
	if (min_cursor > q->head)
		min_cursor = q->head;
	while (q->tail < min_cursor) {
		struct sim_event **slot = &q->ring[q->tail & (q->cap - 1)];
		q->bytes -= (*slot)->len;
		free(*slot);
		*slot = NULL;
		q->tail++;
	}
}
