/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The compiled filter's layout, shared by its parser (evfilter_parse.c) and evaluator. */
#ifndef AMITUI_MODEL_EVFILTER_INT_H
#define AMITUI_MODEL_EVFILTER_INT_H

#include "model/evfilter.h"

#include <regex.h>

#define EVF_MAX_TEXT 1024
#define EVF_MAX_TERMS 64
#define EVF_MAX_NODES (2 * EVF_MAX_TERMS + 2)
#define EVF_MAX_HDRS 512
#define EVF_ARENA (2 * EVF_MAX_TEXT + 2 * EVF_MAX_TERMS)

enum evf_node_kind { EVF_AND, EVF_OR, EVF_NOT, EVF_TERM };

struct evf_node {
	enum evf_node_kind kind;
	int a, b;	 /* children (b unused for NOT); for TERM: a = term index */
	bool index_only; /* the whole subtree is answered from the index */
};

/* A per-id answer cache for name and channel globs (0 unknown, 1 no, 2 yes). */
struct evf_cache {
	uint8_t *v;
	uint32_t cap;
	uint32_t hi; /* highest id set, so clearing is cheap */
	uint64_t gen;
	const void *table; /* the intern table it was filled from */
};

struct evf_term {
	enum evfilter_term kind;
	const char *s1; /* glob, header name, needle (lower case), Linkedid; in the arena */
	const char *s2; /* header value (HDR_EQ) */
	uint32_t mask;	/* CLASS */
	int re;		/* index into regs for HDR_RE / RAW_RE, -1 otherwise */
	struct evf_cache cache;
	uint32_t call_id; /* CALL: cached id of s1 in the store's Linkedid table */
	uint64_t call_gen;
	const void *call_table;
};

struct evfilter {
	char text[EVF_MAX_TEXT + 1];
	struct evf_node nodes[EVF_MAX_NODES];
	int nnodes;
	int root; /* -1: empty filter, matches everything */
	struct evf_term terms[EVF_MAX_TERMS];
	int nterms;
	regex_t regs[EVF_MAX_TERMS];
	int nregs;
	char arena[EVF_ARENA];
	size_t arena_used;
	struct ami_hdr *hdrs; /* EVF_MAX_HDRS headers for re-parsing, allocated on first use */
	char *scratch;	      /* NUL-terminated copy of an unstored message, for regexec */
	size_t scratch_cap;
	char *vbuf; /* NUL-terminated copy of a long header value, for regexec */
	size_t vcap;
};

/* Case-insensitive glob: '*' any run, '?' one byte. */
bool evf_glob(const char *pat, const char *s, size_t n);

#endif
