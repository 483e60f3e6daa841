/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exports and bundles from a model fed with the real Asterisk 22 transcripts: each
 * format's content checked against the store (every header in the text, JSON Lines
 * equal to --dump --json's objects, recordings and captures that read back into the
 * same bytes and times), selections and gap markers, redaction, and bundles whose
 * notes and records rebuild the rights card.
 */
#include "app/bundle.h"
#include "app/export.h"
#include "app/output.h"
#include "app/record.h"
#include "core/parser.h"
#include "model/model.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"

#define T0 1767268800.0 /* 2026-01-01 12:00:00 UTC */
#define MAXH 4096

static struct model M;
static struct app_facts F;
static struct ami_hdr H[MAXH];

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	cr_assert_eq(model_init(&M, NULL, "admin"), AMI_OK);
	memset(&F, 0, sizeof F);
}

static void teardown(void)
{
	model_free(&M);
	app_facts_free(&F);
}

TestSuite(export, .init = setup, .fini = teardown);

/* Feed a .raw transcript as the console would: events 100 ms apart from T0. */
static size_t feed(const char *fixture)
{
	size_t len, events = 0;
	char *raw = tu_load(fixture, &len);
	struct ami_parser p;
	struct ami_msg m;
	cr_assert_eq(ami_parser_init(&p, NULL), AMI_OK);
	ami_parser_feed(&p, raw, len);
	while (ami_parser_next(&p, &m) == AMI_OK) {
		double t = T0 + 0.1 * (double)events;
		enum app_fact k = app_learn_recorded(M.rights, &m);
		if (k != APP_FACT_NONE)
			app_facts_keep(&F, k, &m, t);
		if (m.kind == AMI_MSG_EVENT) {
			cr_assert_eq(model_ingest(&M, &m, app_time_us(t), NULL), AMI_OK);
			events++;
		}
	}
	ami_parser_free(&p);
	free(raw);
	return events;
}

/* One message given as text, received at t. */
static void ingest_text(const char *text, double t)
{
	struct ami_msg m;
	ami_msg_parse_block(&m, text, strlen(text), H, MAXH);
	cr_assert_eq(model_ingest(&M, &m, app_time_us(t), NULL), AMI_OK);
}

static char *export(enum app_export fmt, const uint64_t *seqs, size_t n, bool numbers,
		    size_t *written)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	struct app_export_src src = { .store = M.store,
				      .seqs = seqs,
				      .n = n,
				      .what = "test events",
				      .banner = rights_banner(M.rights),
				      .redact_numbers = numbers };
	cr_assert_eq(app_export_write(f, fmt, &src, written, err, sizeof err), AMI_OK, "%s", err);
	fclose(f);
	return buf;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* --- a small JSON checker: the export must be JSON, not just look like it -------------- */

static const char *json_value(const char *p);

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\' && !strchr("\"\\/bfnrtu", *++p))
			return NULL;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *json_seq(const char *p, char close, bool keys)
{
	p = ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keys) {
			p = json_string(ws(p));
			if (!p || *(p = ws(p)) != ':')
				return NULL;
			p++;
		}
		p = json_value(p);
		if (!p)
			return NULL;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	p = ws(p);
	if (*p == '{')
		return json_seq(p, '}', true);
	if (*p == '[')
		return json_seq(p, ']', false);
	if (*p == '"')
		return json_string(p);
	if (strncmp(p, "null", 4) == 0 || strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	char *end;
	strtod(p, &end);
	return end == p ? NULL : end;
}

static bool is_json_object(const char *line, size_t n)
{
	char *s = strndup(line, n);
	const char *e = s[0] == '{' ? json_value(s) : NULL;
	bool ok = e && *ws(e) == '\0';
	free(s);
	return ok;
}

/* --- the formats ------------------------------------------------------------------------ */

Test(export, text_holds_each_event_as_shown_and_every_header)
{
	size_t n = feed("asterisk-22/05_call_events_admin.raw");
	cr_assert_gt(n, 20);
	size_t written = 0;
	char *text = export(APP_EXPORT_TEXT, NULL, 0, false, &written);
	cr_assert_eq(written, n);
	cr_assert(strncmp(text, "# amitui ", 9) == 0, "%.200s", text);
	cr_assert_not_null(strstr(text, "# server: Asterisk Call Manager/11.0.0\n"));
	/* the first event's row: UTC date and time, class, name */
	cr_assert_not_null(strstr(text, "\n2026-01-01 12:00:00.000 +0000  system    FullyBooted"),
			   "%.400s", text);
	const char *at = text;
	for (uint64_t q = evstore_first(M.store); q <= evstore_last(M.store); q++) {
		struct ami_msg m;
		cr_assert(evstore_parse(M.store, q, &m, H, MAXH));
		for (uint32_t i = 0; i < m.nhdrs; i++) {
			char want[4096];
			snprintf(want, sizeof want, "\n    %.*s: %.*s\n", (int)m.hdrs[i].klen,
				 m.hdrs[i].key, (int)m.hdrs[i].vlen, m.hdrs[i].val);
			const char *hit = strstr(at, want);
			cr_assert_not_null(hit, "event #%llu: no \"%s\" after offset %zu",
					   (unsigned long long)q, want + 1, (size_t)(at - text));
			if (i == 0)
				at = hit; /* the events come in order */
		}
	}
	free(text);
}

Test(export, json_lines_are_exactly_what_dump_json_prints)
{
	size_t n = feed("asterisk-22/05b_queue_events_admin.raw");
	char *out = export(APP_EXPORT_JSON, NULL, 0, false, NULL);
	cr_assert_eq(count_lines(out), n);
	const char *line = out;
	for (uint64_t q = evstore_first(M.store); q <= evstore_last(M.store); q++) {
		struct evstore_event e;
		struct ami_msg m;
		cr_assert(evstore_get(M.store, q, &e) && evstore_parse(M.store, q, &m, H, MAXH));
		struct ami_buf want;
		ami_buf_init(&want, 0);
		app_out_json(&want, &m, (double)e.time_us / 1e6);
		const char *nl = strchr(line, '\n');
		cr_assert(is_json_object(line, (size_t)(nl - line)), "not JSON: %.*s",
			  (int)(nl - line), line);
		cr_assert(strncmp(line, want.p, want.len) == 0, "event #%llu:\n%.*s\nwant\n%s",
			  (unsigned long long)q, (int)(nl - line + 1), line, want.p);
		line = nl + 1;
		ami_buf_free(&want);
	}
	free(out);
}

/* Read a recording back: its records, checked against the store in order. */
Test(export, recording_reads_back_into_the_same_bytes_and_times)
{
	size_t n = feed("asterisk-22/05c_dial_events_admin.raw");
	char *rec = export(APP_EXPORT_RECORDING, NULL, 0, false, NULL);
	struct rec_reader rd;
	struct rec_record r;
	cr_assert_eq(rec_reader_init(&rd, rec, strlen(rec)), AMI_OK);
	cr_assert_not(rd.bare);
	cr_assert_not_null(strstr(rec, "\n# export: test events\n"));
	cr_assert_eq(rec_reader_next(&rd, &r), AMI_OK);
	cr_assert(r.kind == 'R' && r.n == 30 &&
		  memcmp(r.p, "Asterisk Call Manager/11.0.0\r\n", 30) == 0);
	cr_assert_eq(app_time_us(r.t), app_time_us(T0), "the banner takes the first event's time");
	uint64_t q = evstore_first(M.store);
	size_t got = 0;
	while (rec_reader_next(&rd, &r) == AMI_OK) {
		struct evstore_event e;
		cr_assert(evstore_get(M.store, q++, &e));
		cr_assert_eq(r.kind, 'R');
		cr_assert_eq(r.n, e.len);
		cr_assert_eq(memcmp(r.p, e.raw, e.len), 0, "bytes as received");
		cr_assert_eq(app_time_us(r.t), e.time_us, "receive time to the microsecond");
		got++;
	}
	cr_assert_eq(got, n);
	cr_assert_eq(rd.pos, rd.len, "%s", rd.err);
	free(rec);
}

Test(export, capture_is_the_banner_then_the_bytes)
{
	feed("asterisk-22/05_call_events_operator.raw");
	char *cap = export(APP_EXPORT_CAPTURE, NULL, 0, false, NULL);
	struct rec_reader rd;
	cr_assert_eq(rec_reader_init(&rd, cap, strlen(cap)), AMI_OK);
	cr_assert(rd.bare, "a bare capture, like the fixtures' .raw files");
	struct ami_buf want;
	ami_buf_init(&want, 0);
	ami_buf_adds(&want, "Asterisk Call Manager/11.0.0\r\n");
	for (uint64_t q = evstore_first(M.store); q <= evstore_last(M.store); q++) {
		struct evstore_event e;
		cr_assert(evstore_get(M.store, q, &e));
		ami_buf_add(&want, e.raw, e.len);
	}
	cr_assert_str_eq(cap, want.p);
	ami_buf_free(&want);
	free(cap);
}

Test(export, a_selection_keeps_its_order_and_gaps_are_said_in_each_format)
{
	feed("asterisk-22/05_call_events_admin.raw");
	uint64_t gap;
	cr_assert_eq(
	    model_gap(&M, EVSTORE_GAP_CONNECTION_LOST, 0, "timed out", app_time_us(T0 + 100)),
	    AMI_OK);
	gap = evstore_last(M.store);
	uint64_t first = evstore_first(M.store);
	uint64_t seqs[] = { first + 2, first + 5, gap, 999999 /* gone: skipped */ };
	size_t w = 0;
	char *text = export(APP_EXPORT_TEXT, seqs, 4, false, &w);
	cr_assert_eq(w, 3);
	cr_assert_not_null(
	    strstr(text, "note      --- connection lost: events may be missing (timed out) ---"),
	    "%s", text);
	char *json = export(APP_EXPORT_JSON, seqs, 4, false, NULL);
	cr_assert_eq(count_lines(json), 3);
	cr_assert_not_null(strstr(json, "{\"_gap\":\"connection lost: events may be missing (timed "
					"out)\",\"_received\":1767268900.000000}\n"),
			   "%s", json);
	char *rec = export(APP_EXPORT_RECORDING, seqs, 4, false, NULL);
	struct rec_reader rd;
	struct rec_record r;
	cr_assert_eq(rec_reader_init(&rd, rec, strlen(rec)), AMI_OK);
	char kinds[8] = "";
	while (rec_reader_next(&rd, &r) == AMI_OK && strlen(kinds) < 7)
		kinds[strlen(kinds)] = r.kind;
	cr_assert_str_eq(kinds, "RRRN", "banner, two events, the gap as a note");
	cr_assert_eq(r.n, strlen("connection lost: events may be missing (timed out)"));
	char *cap = export(APP_EXPORT_CAPTURE, seqs, 4, false, &w);
	cr_assert_null(strstr(cap, "Gap"), "a bare capture cannot say a gap");
	free(text);
	free(json);
	free(rec);
	free(cap);
}

Test(export, secrets_never_and_numbers_on_request_in_every_format)
{
	rights_set_banner(M.rights, ami_str_c("Asterisk Call Manager/11.0.0"));
	ingest_text("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: x\r\nSecret: hunter2\r\n"
		    "Key: 0123abcd\r\nCallerIDNum: 5551234\r\n\r\n",
		    T0);
	for (int f = 0; f < APP_EXPORT_BUNDLE; f++) {
		char *plain = export((enum app_export)f, NULL, 0, false, NULL);
		char *masked = export((enum app_export)f, NULL, 0, true, NULL);
		cr_assert_null(strstr(plain, "hunter2"), "%s: %s", app_export_name(f), plain);
		cr_assert_null(strstr(plain, "0123abcd"), "%s", app_export_name(f));
		cr_assert_not_null(strstr(plain, "5551234"), "%s", app_export_name(f));
		cr_assert_null(strstr(masked, "5551234"), "%s", app_export_name(f));
		cr_assert_not_null(strstr(masked, "xxxxxxx"), "%s", app_export_name(f));
		free(plain);
		free(masked);
	}
}

/* --- bundles ------------------------------------------------------------------------------- */

static char *bundle(const uint64_t *seqs, size_t n, const struct app_profile *prof)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct app_bundle b = { .model = &M,
				.seqs = seqs,
				.n = n,
				.what = "the test's events",
				.facts = &F,
				.prof = prof,
				.source = "replay of a fixture",
				.calls_at_us = app_time_us(T0 + 60) };
	cr_assert_eq(app_bundle_write(f, &b, NULL, err, sizeof err), AMI_OK, "%s", err);
	fclose(f);
	return buf;
}

/* The lines of section NAME ("# == NAME ==" up to the next "# == "), "# " removed. */
static char *section(const char *b, const char *name)
{
	char head[128];
	snprintf(head, sizeof head, "# == %s ==\n", name);
	const char *p = strstr(b, head);
	cr_assert_not_null(p, "no section %s", name);
	p += strlen(head);
	struct ami_buf out;
	ami_buf_init(&out, 0);
	while (*p == '#' && strncmp(p, "# == ", 5) != 0) {
		const char *nl = strchr(p, '\n');
		const char *s = p[1] == ' ' ? p + 2 : p + 1;
		ami_buf_add(&out, s, (size_t)(nl - s + 1));
		p = nl + 1;
	}
	return ami_buf_steal(&out, NULL);
}

Test(export, bundle_notes_hold_calls_rights_versions_and_profile)
{
	feed("asterisk-22/03_perms_admin.raw");
	size_t n = feed("asterisk-22/05_call_events_admin.raw");
	struct app_profile prof;
	app_profile_defaults(&prof);
	snprintf(prof.host, sizeof prof.host, "pbx1");
	snprintf(prof.username, sizeof prof.username, "admin");
	snprintf(prof.secret, sizeof prof.secret, "adminpw");
	prof.tls_on = true;
	char *b = bundle(NULL, 0, &prof);
	cr_assert(strncmp(b, "AMITUI-RECORDING 1\n# AMITUI-BUNDLE 1: ", 38) == 0, "%.100s", b);
	cr_assert_null(strstr(b, "adminpw"), "never the secret");
	cr_assert_not_null(
	    strstr(b, "\n# profile: name=- host=pbx1 port=5039 tls=yes user=admin "));
	cr_assert_not_null(
	    strstr(b, "\n# server: banner=\"Asterisk Call Manager/11.0.0\" ami=11.0.0"));
	char range[200];
	snprintf(
	    range, sizeof range,
	    "\n# time range: 2026-01-01 12:00:00.000 +0000 .. 2026-01-01 12:00:%02d.%03d +0000\n",
	    (int)((n - 1) / 10), (int)((n - 1) % 10) * 100);
	cr_assert_not_null(strstr(b, range), "%s\n%.900s", range, b);
	char *calls = section(b, "calls (snapshot at 2026-01-01 12:01:00.000 +0000)");
	const struct calltab_call *c[8];
	size_t nc = calltab_calls(M.calls, c, 8);
	cr_assert_gt(nc, 0);
	for (size_t i = 0; i < nc && i < 8; i++) {
		char want[128];
		snprintf(want, sizeof want, "call %s ", c[i]->linkedid);
		cr_assert_not_null(strstr(calls, want), "%s\n%s", want, calls);
	}
	cr_assert_not_null(strstr(calls, "Local/100@test-"), "%s", calls);
	struct ami_buf card;
	ami_buf_init(&card, 0);
	rights_export_text(M.rights, &card);
	char *text = section(b, "rights card");
	cr_assert(strncmp(text, card.p, card.len) == 0, "%s\nwant\n%s", text, card.p);
	ami_buf_reset(&card);
	rights_export_json(M.rights, &card);
	char *json = section(b, "rights card (JSON)");
	cr_assert(strncmp(json, card.p, card.len) == 0);
	cr_assert(is_json_object(json, card.len));
	free(calls);
	free(text);
	free(json);
	ami_buf_free(&card);
	free(b);
}

Test(export, bundle_records_rebuild_the_rights_card_and_hold_the_events)
{
	size_t n = feed("asterisk-22/03_perms_operator.raw");
	n += feed("asterisk-22/05_call_events_operator.raw");
	cr_assert_not_null(F.f[APP_FACT_LISTCOMMANDS].p, "ListCommands kept");
	char *b = bundle(NULL, 0, NULL);
	cr_assert_not_null(strstr(b, "\n# profile: none (made from a recording)\n"));
	/* read it as --replay does: the answers rebuild a card equal to the original's */
	struct rights_card *card = rights_new("admin");
	struct rec_reader rd;
	struct rec_record r;
	struct ami_parser p;
	struct ami_msg m;
	cr_assert_eq(rec_reader_init(&rd, b, strlen(b)), AMI_OK);
	cr_assert_eq(ami_parser_init(&p, NULL), AMI_OK);
	size_t events = 0;
	while (rec_reader_next(&rd, &r) == AMI_OK) {
		cr_assert_eq(r.kind, 'R');
		ami_parser_feed(&p, r.p, r.n);
		while (ami_parser_next(&p, &m) == AMI_OK) {
			app_learn_recorded(card, &m);
			events += m.kind == AMI_MSG_EVENT;
		}
	}
	cr_assert_eq(events, n);
	cr_assert_eq(rd.pos, rd.len, "%s", rd.err);
	for (uint64_t q = evstore_first(M.store); q <= evstore_last(M.store); q++) {
		struct evstore_event e;
		cr_assert(evstore_get(M.store, q, &e));
		rights_saw_event(card, e.cls);
	}
	struct ami_buf want, got;
	ami_buf_init(&want, 0);
	ami_buf_init(&got, 0);
	rights_export_json(M.rights, &want);
	rights_export_json(card, &got);
	cr_assert_str_eq(got.p, want.p);
	ami_buf_free(&want);
	ami_buf_free(&got);
	ami_parser_free(&p);
	rights_free(card);
	free(b);
}

Test(export, bundle_of_a_selection_counts_only_it)
{
	feed("asterisk-22/05_call_events_admin.raw");
	uint64_t first = evstore_first(M.store);
	uint64_t seqs[] = { first + 3, first + 4 };
	char *b = bundle(seqs, 2, NULL);
	cr_assert_not_null(strstr(b, "\n# events: 2 (the test's events)\n"));
	cr_assert_not_null(strstr(b, "\n# server answers kept: none\n"));
	size_t records = 0;
	for (const char *p = b; (p = strstr(p, "\nR ")); p++)
		records++;
	cr_assert_eq(records, 3, "the banner and the two events");
	free(b);
}

/* --- helpers ------------------------------------------------------------------------------ */

Test(export, times_print_back_to_the_same_microsecond)
{
	const double ts[] = { 1795781986.3469105, 1795781986.346911, 1767268800.1, 0.000001,
			      1795781886.630171 };
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		char a[64], b[64];
		snprintf(a, sizeof a, "%.6f", ts[i]);
		snprintf(b, sizeof b, "%.6f", (double)app_time_us(ts[i]) / 1e6);
		cr_assert_str_eq(a, b);
	}
}

Test(export, files_are_new_private_and_never_replaced)
{
	char dir[] = "/tmp/amitui-export-XXXXXX", p1[4200], p2[4200], err[256];
	cr_assert_not_null(mkdtemp(dir));
	FILE *a = app_export_create(dir, "call-1767268800.1", APP_EXPORT_JSON, p1, sizeof p1, err,
				    sizeof err);
	FILE *b = app_export_create(dir, "call-1767268800.1", APP_EXPORT_JSON, p2, sizeof p2, err,
				    sizeof err);
	cr_assert(a && b, "%s", err);
	cr_assert_str_neq(p1, p2);
	cr_assert(strstr(p1, "/amitui-call-1767268800.1-") && strstr(p1, ".jsonl"), "%s", p1);
	struct stat st;
	cr_assert_eq(stat(p1, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	fclose(a);
	fclose(b);
	FILE *c = app_export_create(dir, "../../etc/x y", APP_EXPORT_TEXT, p1, sizeof p1, err,
				    sizeof err);
	cr_assert_not_null(c);
	cr_assert_null(strstr(p1 + strlen(dir), "/../"), "the scope cannot leave the directory: %s",
		       p1);
	fclose(c);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
