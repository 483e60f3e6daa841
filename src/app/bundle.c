/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ticket bundles: notes (calls, rights card, versions, profile) and records in one recording. */
#include "app/bundle.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/export.h"
#include "app/record.h"
#include "model/model.h"

#define MAX_CALLS 4096
#define MAX_CHANS 64
#define NOTES_MAX (32u << 20)

/* The Calls screen's party, with "-" for nobody (a text file has no empty cells). */
static void party(const char *num, const char *name, char *buf, size_t cap)
{
	calltab_fmt_party(num, name, buf, cap);
	if (!*buf)
		snprintf(buf, cap, "-");
}

static void chan_line(const struct calltab *t, const struct calltab_chan *ch, int64_t now,
		      struct ami_buf *out)
{
	char caller[200], conn[200], total[24], talk[24];
	party(ch->cid_num, ch->cid_name, caller, sizeof caller);
	party(ch->conn_num, ch->conn_name, conn, sizeof conn);
	calltab_fmt_duration(calltab_chan_total(ch, now), total, sizeof total);
	calltab_fmt_duration(calltab_chan_talk(ch, now), talk, sizeof talk);
	ami_buf_printf(out, "  %-32s %-10s %-24s %-24s %8s %8s", ch->name,
		       ch->hungup ? "hungup" : (ch->on_hold ? "hold" : ch->state_desc), caller,
		       conn, total, talk);
	const struct calltab_chan *peers[CALLTAB_MAX_PEERS];
	size_t np = calltab_peers(t, ch, peers, CALLTAB_MAX_PEERS);
	for (size_t i = 0; i < np && i < CALLTAB_MAX_PEERS; i++)
		ami_buf_printf(out, "%s%s", i ? ", " : "  bridged with ", peers[i]->name);
	if (*ch->app)
		ami_buf_printf(out, "  app %s", ch->app);
	if (*ch->dialstatus)
		ami_buf_printf(out, "  dial %s", ch->dialstatus);
	if (ch->hungup && *ch->cause_txt)
		ami_buf_printf(out, "  hung up: %s", ch->cause_txt);
	ami_buf_addc(out, '\n');
}

static void call_lines(const struct calltab *t, const struct calltab_call *c, int64_t now,
		       struct ami_buf *out)
{
	char total[24], talk[24];
	calltab_fmt_duration(calltab_call_total(c, now), total, sizeof total);
	calltab_fmt_duration(calltab_call_talk(c, now), talk, sizeof talk);
	ami_buf_printf(out, "call %-29s %-10s %-49s %8s %8s  %zu channel%s, %zu alive\n",
		       c->linkedid, calltab_state_label(c->state), "", total, talk, c->nchans,
		       c->nchans == 1 ? "" : "s", c->nalive);
	const struct calltab_chan *chans[MAX_CHANS];
	size_t n = calltab_call_chans(t, c, chans, MAX_CHANS);
	for (size_t i = 0; i < n && i < MAX_CHANS; i++)
		chan_line(t, chans[i], now, out);
}

enum ami_status app_calls_text(const struct calltab *t, int64_t now_us, struct ami_buf *out)
{
	size_t n = calltab_calls(t, NULL, 0);
	if (n > MAX_CALLS)
		n = MAX_CALLS;
	const struct calltab_call **calls = calloc(n ? n : 1, sizeof *calls);
	if (!calls)
		return AMI_E_NOMEM;
	n = calltab_calls(t, calls, n);
	ami_buf_printf(out, "%-34s %-10s %-24s %-24s %8s %8s  %s\n", "Call / channel", "State",
		       "Caller", "Connected", "Total", "Talk", "Bridged with");
	for (size_t i = 0; i < n && i < MAX_CALLS; i++)
		call_lines(t, calls[i], now_us, out);
	if (n == 0)
		ami_buf_adds(out, "(no calls)\n");
	free(calls);
	return ami_buf_status(out);
}

/* ---- the notes ---- */

static void when(int64_t us, char *buf, size_t cap)
{
	if (us)
		app_export_time(us, buf, cap);
	else
		snprintf(buf, cap, "unknown");
}

static void profile_line(const struct app_bundle *b, struct ami_buf *out)
{
	const struct app_profile *p = b->prof;
	if (!p || !*p->host) {
		ami_buf_adds(out, "profile: none (made from a recording)\n");
		return;
	}
	/* named fields only: the profile also holds secret sources, which never leave */
	ami_buf_printf(out,
		       "profile: name=%s host=%s port=%u tls=%s user=%s auth=%s read_only=%s "
		       "label=%s\n",
		       *p->name ? p->name : "-", p->host,
		       p->port_num ? p->port_num : (p->tls_on ? 5039u : 5038u),
		       p->tls_on ? "yes" : "no", p->username, *p->auth ? p->auth : "auto",
		       p->read_only_on ? "yes" : "no", *p->label ? p->label : "-");
}

static void server_line(const struct app_bundle *b, struct ami_buf *out)
{
	const struct rights_card *c = b->model->rights;
	const char *ban = c ? rights_banner(c) : NULL, *ami = c ? rights_ami_version(c) : NULL,
		   *ast = c ? rights_asterisk_version(c) : NULL;
	ami_buf_printf(out, "server: banner=\"%s\" ami=%s asterisk=%s\n", ban && *ban ? ban : "",
		       ami && *ami ? ami : "unknown", ast && *ast ? ast : "unknown");
}

static void answers_line(const struct app_bundle *b, struct ami_buf *out)
{
	ami_buf_adds(out, "server answers kept:");
	int any = 0;
	for (int i = 0; b->facts && i < APP_FACT_COUNT; i++) {
		const struct app_fact_rec *r = &b->facts->f[i];
		if (!r->p)
			continue;
		char t[64];
		when((int64_t)(r->t * 1e6), t, sizeof t);
		ami_buf_printf(out, "%s %s (received %s)", any++ ? "," : "",
			       app_fact_label((enum app_fact)i), t);
	}
	ami_buf_adds(out, any ? "\n" : " none\n");
}

static void head(const struct app_bundle *b, const struct app_export_src *src, size_t nev,
		 struct ami_buf *out)
{
	int64_t first = 0, last = 0;
	app_export_range(src, &first, &last);
	char w[64], a[64], z[64];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	when((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, w, sizeof w);
	when(first, a, sizeof a);
	when(last, z, sizeof z);
	ami_buf_printf(out,
		       "AMITUI-BUNDLE 1: a ticket bundle written by amitui %s.\n"
		       "It is a recording: `amitui --replay FILE` opens it as it is; these notes "
		       "are its comment lines.\n"
		       "written: %s\nevents: %zu (%s)\ntime range: %s .. %s\n",
		       AMITUI_VERSION, w, nev, b->what ? b->what : "events", a, z);
	profile_line(b, out);
	ami_buf_printf(out, "source: %s\n", b->source ? b->source : "live");
	server_line(b, out);
	ami_buf_printf(out,
		       "redaction: Secret and Key values always (and secret= lines); caller "
		       "numbers: %s\n",
		       b->redact_numbers ? "yes" : "no");
	answers_line(b, out);
}

static enum ami_status notes(const struct app_bundle *b, const struct app_export_src *src,
			     size_t nev, struct ami_buf *out)
{
	head(b, src, nev, out);
	char t[64];
	when(b->calls_at_us, t, sizeof t);
	ami_buf_printf(out, "\n== calls (snapshot at %s) ==\n", t);
	if (b->model->calls)
		app_calls_text(b->model->calls, b->calls_at_us, out);
	ami_buf_adds(out, "\n== rights card ==\n");
	if (b->model->rights)
		rights_export_text(b->model->rights, out);
	ami_buf_adds(out, "\n== rights card (JSON) ==\n");
	if (b->model->rights)
		rights_export_json(b->model->rights, out);
	ami_buf_adds(out, "\n== records ==\n"
			  "The records below: the server's banner and its answers to the rights "
			  "questions,\nstamped with the first event's time (so a 1x replay starts "
			  "at once), then the events.\n");
	return ami_buf_status(out);
}

void app_record_answers(struct rec_writer *w, const struct rights_card *c,
			const struct app_facts *facts, double t)
{
	const char *ban = c ? rights_banner(c) : NULL;
	char line[300];
	int n = snprintf(line, sizeof line, "%s\r\n",
			 ban && *ban ? ban : "Asterisk Call Manager/unknown");
	rec_writer_raw(w, 'R', t, line, (size_t)n);
	struct ami_hdr *hdrs = malloc(65536 * sizeof *hdrs);
	for (int i = 0; hdrs && facts && i < APP_FACT_COUNT; i++) {
		const struct app_fact_rec *r = &facts->f[i];
		struct ami_msg m;
		if (!r->p)
			continue;
		ami_msg_parse_block(&m, r->p, r->n, hdrs, 65536);
		rec_writer_msg(w, 'R', t, &m); /* numbers redacted by w's rule */
	}
	free(hdrs);
}

static size_t count(const struct app_bundle *b)
{
	if (b->seqs)
		return b->n;
	return evstore_count(b->model->store);
}

enum ami_status app_bundle_write(FILE *f, const struct app_bundle *b, size_t *written, char *err,
				 size_t cap)
{
	struct app_export_src src = { .store = b->model->store,
				      .seqs = b->seqs,
				      .n = b->n,
				      .what = b->what,
				      .redact_numbers = b->redact_numbers };
	struct ami_buf text;
	ami_buf_init(&text, NOTES_MAX);
	enum ami_status st = notes(b, &src, count(b), &text);
	if (st != AMI_OK) {
		ami_buf_free(&text);
		snprintf(err, cap, "the bundle's notes: %s", ami_status_str(st));
		return st;
	}
	struct rec_writer w;
	rec_writer_attach(&w, f, b->redact_numbers, text.p);
	ami_buf_free(&text);
	int64_t first = 0, last = 0;
	app_export_range(&src, &first, &last);
	app_record_answers(&w, b->model->rights, b->facts, (double)first / 1e6);
	st = app_export_records(&w, &src, written);
	if (rec_writer_close(&w) != AMI_OK || st != AMI_OK || ferror(f)) {
		snprintf(err, cap, "writing the bundle failed: %s",
			 st == AMI_E_NOMEM ? "out of memory" : strerror(errno));
		return st != AMI_OK ? st : AMI_E_IO;
	}
	return AMI_OK;
}
