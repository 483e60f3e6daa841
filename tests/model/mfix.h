/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Model test helpers: fixture transcripts parsed by core's parser into owned messages. */
#ifndef AMITUI_TESTS_MODEL_MFIX_H
#define AMITUI_TESTS_MODEL_MFIX_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/parser.h"
#include "testutil.h"

#define MFIX_MAX 4096

/* Every message of one fixture (banner included), as owned copies. */
struct mfix {
	struct ami_msg *m[MFIX_MAX];
	size_t n;
};

/* name without extension, e.g. "05_call_events_admin". */
static inline void mfix_load(struct mfix *f, const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "asterisk-22/%s.raw", name);
	size_t len;
	char *data = tu_load(rel, &len);
	struct ami_parser p;
	cr_assert_eq(ami_parser_init(&p, NULL), AMI_OK);
	f->n = 0;
	size_t off = 0;
	while (off < len) {
		off += ami_parser_feed(&p, data + off, len - off);
		struct ami_msg m;
		enum ami_status st;
		while ((st = ami_parser_next(&p, &m)) == AMI_OK) {
			cr_assert_lt(f->n, MFIX_MAX);
			f->m[f->n++] = ami_msg_dup(&m);
		}
		cr_assert_eq(st, AMI_AGAIN, "%s: %s", name, ami_parser_errmsg(&p));
	}
	ami_parser_free(&p);
	free(data);
}

static inline void mfix_free(struct mfix *f)
{
	for (size_t i = 0; i < f->n; i++)
		ami_msg_free(f->m[i]);
	f->n = 0;
}

/*
 * Receive times (µs) of a fixture's messages, from its readable transcript: the time
 * of each server message's first line. Independent of our parser. Returns the count.
 */
static inline size_t mfix_times(const char *name, int64_t *out, size_t cap)
{
	char rel[256];
	snprintf(rel, sizeof rel, "asterisk-22/%s.txt", name);
	size_t len;
	char *txt = tu_load(rel, &len);
	size_t n = 0;
	bool in_msg = false, banner = true;
	for (char *line = txt; line && *line;) {
		char *nl = strchr(line, '\n');
		double sec;
		char *tag = strstr(line, "] S<");
		if (line[0] == '[' && tag && (!nl || tag < nl) &&
		    sscanf(line, "[+ %lf]", &sec) == 1) {
			const char *rest = tag + 4;
			bool blank = *rest == '\n' || *rest == '\0' ||
				     (*rest == ' ' && (rest[1] == '\n' || rest[1] == '\0'));
			if (!in_msg && !blank && n < cap) {
				out[n++] = (int64_t)(sec * 1e6 + 0.5);
				in_msg =
				    !banner; /* the banner is one line, without a blank after */
				banner = false;
			} else if (blank) {
				in_msg = false;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(txt);
	return n;
}

/* The nth (0-based) event named ev; fails the test when absent. */
static inline const struct ami_msg *mfix_event(const struct mfix *f, const char *ev, size_t nth)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->m[i]->kind == AMI_MSG_EVENT && ami_str_eq(ami_msg_name(f->m[i]), ev) &&
		    nth-- == 0)
			return f->m[i];
	}
	cr_assert_fail("no event %s", ev);
	return NULL;
}

/* The first response whose ActionID is id; fails the test when absent. */
static inline const struct ami_msg *mfix_reply(const struct mfix *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->m[i]->kind == AMI_MSG_RESPONSE &&
		    ami_str_eq(ami_msg_get(f->m[i], "ActionID"), id))
			return f->m[i];
	cr_assert_fail("no reply %s", id);
	return NULL;
}

/* A message built from text with "\n" lines (turned into CRLF), parsed whole. */
static inline struct ami_msg *mfix_text(const char *text)
{
	struct ami_parser p;
	cr_assert_eq(ami_parser_init(&p, &(struct ami_parser_limits){ .max_line = 1 << 16,
								      .max_headers = 1024,
								      .max_message = 1 << 20 }),
		     AMI_OK);
	for (const char *t = text; *t; t++) {
		if (*t == '\n')
			ami_parser_feed(&p, "\r\n", 2);
		else
			ami_parser_feed(&p, t, 1);
	}
	if (*text && text[strlen(text) - 1] != '\n')
		ami_parser_feed(&p, "\r\n", 2);
	ami_parser_feed(&p, "\r\n", 2);
	struct ami_msg m;
	cr_assert_eq(ami_parser_next(&p, &m), AMI_OK, "%s", ami_parser_errmsg(&p));
	struct ami_msg *c = ami_msg_dup(&m);
	ami_parser_free(&p);
	return c;
}

#endif
