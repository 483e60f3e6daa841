/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stored events written out as text, JSON Lines, a recording or a bare capture. */
#include "app/export.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/output.h"
#include "app/record.h"
#include "core/buf.h"
#include "core/perms.h"
#include "model/evstore.h"
#include "model/evsum.h"

#define MAX_HDRS 16384
#define UNKNOWN_BANNER "Asterisk Call Manager/unknown"

static const char *const names[] = {
#define APP_EXPORT_NAME(name, label, ext, help) label,
	APP_EXPORT_INFO(APP_EXPORT_NAME)
#undef APP_EXPORT_NAME
};
static const char *const exts[] = {
#define APP_EXPORT_EXT(name, label, ext, help) ext,
	APP_EXPORT_INFO(APP_EXPORT_EXT)
#undef APP_EXPORT_EXT
};
static const char *const helps[] = {
#define APP_EXPORT_HELP(name, label, ext, help) help,
	APP_EXPORT_INFO(APP_EXPORT_HELP)
#undef APP_EXPORT_HELP
};

const char *app_export_name(enum app_export f)
{
	return (unsigned)f < APP_EXPORT_COUNT ? names[f] : "?";
}

const char *app_export_ext(enum app_export f)
{
	return (unsigned)f < APP_EXPORT_COUNT ? exts[f] : "?";
}

const char *app_export_help(enum app_export f)
{
	return (unsigned)f < APP_EXPORT_COUNT ? helps[f] : "?";
}

int64_t app_time_us(double t)
{
	/* through the text: t * 1e6 in doubles rounds differently near half a µs */
	char buf[64], *dot;
	snprintf(buf, sizeof buf, "%.6f", t);
	long long s = strtoll(buf, &dot, 10), frac = *dot == '.' ? strtoll(dot + 1, NULL, 10) : 0;
	return (int64_t)s * 1000000 + (t < 0 ? -frac : frac);
}

void app_export_time(int64_t us, char *buf, size_t cap)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;
	char date[32], zone[16];
	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	snprintf(buf, cap, "%s.%03d %s", date, (int)((us / 1000) % 1000), zone);
}

/* One export in progress. */
struct exp {
	FILE *f;
	enum app_export fmt;
	const struct app_export_src *src;
	struct ami_hdr *hdrs;
	struct ami_buf red;   /* the redacted bytes of the event */
	struct ami_buf line;  /* formatted output of one event */
	struct rec_writer *w; /* RECORDING */
	size_t written;
};

static const char *banner(const struct exp *x)
{
	const char *b = x->src->banner;
	return b && *b ? b : UNKNOWN_BANNER;
}

/* The banner line first: without it the first event's first line would be taken for it. */
static void put_banner(struct exp *x, double t)
{
	char b[300];
	int n = snprintf(b, sizeof b, "%s\r\n", banner(x));
	if (x->fmt == APP_EXPORT_RECORDING)
		rec_writer_raw(x->w, 'R', t, b, (size_t)n);
	else if (x->fmt == APP_EXPORT_CAPTURE)
		fwrite(b, 1, (size_t)n, x->f);
}

static const char *class_label(uint32_t cls)
{
	if (cls & EVSTORE_CLS_NOTE)
		return "note";
	for (int c = 0; c < AMI_CLASS_COUNT; c++)
		if (cls & ami_perm_class_bit((enum ami_perm_class)c))
			return ami_perm_class_label((enum ami_perm_class)c);
	return "-";
}

/* "connection lost: events may be missing (timed out)" from a gap marker's headers. */
static void gap_text(const struct ami_msg *m, char *buf, size_t cap)
{
	char reason[128], detail[300];
	ami_msg_cstr(m, "Reason", reason, sizeof reason);
	ami_msg_cstr(m, "Detail", detail, sizeof detail);
	if (strcmp(reason, "note") == 0 && *detail)
		snprintf(buf, cap, "%s", detail);
	else if (*detail)
		snprintf(buf, cap, "%s (%s)", reason, detail);
	else
		snprintf(buf, cap, "%s", reason);
}

static void text_event(struct exp *x, const struct evstore_event *e, const struct ami_msg *m)
{
	char when[64], sum[1024], chan[256];
	struct ami_buf *b = &x->line;
	app_export_time(e->time_us, when, sizeof when);
	if (e->flags & EVSTORE_F_GAP) {
		gap_text(m, sum, sizeof sum);
		ami_buf_printf(b, "%s  %-9s --- %s ---\n\n", when, "note", sum);
		return;
	}
	struct ami_str name = ami_msg_name(m);
	ami_msg_cstr(m, "Channel", chan, sizeof chan);
	evsum_format(m, NULL, sum, sizeof sum);
	size_t cl = strlen(chan);
	const char *s = sum; /* the channel has its own column: do not say it twice */
	if (cl && strncmp(sum, chan, cl) == 0 && sum[cl] == ' ')
		s += cl + 1;
	ami_buf_printf(b, "%s  %-9s %-22.*s %s%s%s\n", when, class_label(e->cls), (int)name.n,
		       name.p, chan, *chan ? "  " : "", s);
	for (uint32_t i = 0; i < m->nhdrs; i++) {
		const struct ami_hdr *h = &m->hdrs[i];
		ami_buf_adds(b, "    ");
		ami_buf_add(b, h->key, h->klen);
		if (h->val) {
			ami_buf_adds(b, ": ");
			ami_buf_add(b, h->val, h->vlen);
		}
		ami_buf_addc(b, '\n');
	}
	ami_buf_addc(b, '\n');
}

static void json_event(struct exp *x, const struct evstore_event *e, const struct ami_msg *m)
{
	double t = (double)e->time_us / 1e6;
	if (!(e->flags & EVSTORE_F_GAP)) {
		app_out_json(&x->line, m, t);
		return;
	}
	/* the line --dump --json prints for a gap: {"_gap":"REASON (DETAIL)","_received":T} */
	char reason[128], detail[300], text[440];
	ami_msg_cstr(m, "Reason", reason, sizeof reason);
	ami_msg_cstr(m, "Detail", detail, sizeof detail);
	snprintf(text, sizeof text, "%s%s%s%s", reason, *detail ? " (" : "", detail,
		 *detail ? ")" : "");
	ami_buf_adds(&x->line, "{\"_gap\":");
	ami_buf_add_json_str(&x->line, text, strlen(text));
	ami_buf_printf(&x->line, ",\"_received\":%.6f}\n", t);
}

static void raw_event(struct exp *x, const struct evstore_event *e, const struct ami_msg *m)
{
	double t = (double)e->time_us / 1e6;
	if (x->fmt == APP_EXPORT_CAPTURE) {
		if (!(e->flags & EVSTORE_F_GAP))
			ami_buf_add(&x->line, x->red.p, x->red.len);
		return;
	}
	if (e->flags & EVSTORE_F_GAP) {
		char note[512];
		gap_text(m, note, sizeof note);
		rec_writer_note(x->w, t, note);
	} else {
		rec_writer_raw(x->w, 'R', t, x->red.p, x->red.len);
	}
}

/* One stored event: redact, re-read, format. false when it is no longer stored. */
static bool one(struct exp *x, uint64_t seq)
{
	struct evstore_event e;
	struct ami_msg m;
	if (!evstore_get(x->src->store, seq, &e))
		return false;
	ami_msg_parse_block(&m, e.raw, e.len, x->hdrs, MAX_HDRS);
	ami_buf_reset(&x->red);
	ami_buf_reset(&x->line);
	if (rec_redact(&m, x->src->redact_numbers, &x->red) != AMI_OK || !x->red.p)
		return false;
	ami_msg_parse_block(&m, x->red.p, x->red.len, x->hdrs, MAX_HDRS);
	switch (x->fmt) {
	case APP_EXPORT_TEXT:
		text_event(x, &e, &m);
		break;
	case APP_EXPORT_JSON:
		json_event(x, &e, &m);
		break;
	default:
		raw_event(x, &e, &m);
		break;
	}
	if (x->line.len && x->f)
		fwrite(x->line.p, 1, x->line.len, x->f);
	x->written++;
	return true;
}

static void walk(struct exp *x)
{
	const struct app_export_src *s = x->src;
	if (s->seqs) {
		for (size_t i = 0; i < s->n && !(x->f && ferror(x->f)); i++)
			one(x, s->seqs[i]);
		return;
	}
	uint64_t last = evstore_last(s->store);
	for (uint64_t q = evstore_first(s->store); q && q <= last && !(x->f && ferror(x->f)); q++)
		one(x, q);
}

static bool exp_init(struct exp *x, FILE *f, enum app_export fmt, const struct app_export_src *src)
{
	*x = (struct exp){ .f = f, .fmt = fmt, .src = src };
	x->hdrs = malloc(MAX_HDRS * sizeof *x->hdrs);
	ami_buf_init(&x->red, REC_MAX_PAYLOAD);
	ami_buf_init(&x->line, 2 * REC_MAX_PAYLOAD);
	return x->hdrs != NULL;
}

static void exp_free(struct exp *x)
{
	free(x->hdrs);
	ami_buf_wipe(&x->red);
	ami_buf_free(&x->line);
}

static bool time_of(const struct evstore *s, uint64_t seq, int64_t *t)
{
	struct evstore_event e;
	if (!evstore_get(s, seq, &e))
		return false;
	*t = e.time_us;
	return true;
}

bool app_export_range(const struct app_export_src *src, int64_t *first, int64_t *last)
{
	const struct evstore *s = src->store;
	bool a = false, b = false;
	if (!src->seqs) {
		uint64_t lo = evstore_first(s), hi = evstore_last(s);
		for (uint64_t q = lo; q && q <= hi && !(a = time_of(s, q, first)); q++)
			;
		for (uint64_t q = hi; q >= lo && q && !(b = time_of(s, q, last)); q--)
			;
		return a && b;
	}
	for (size_t i = 0; i < src->n && !(a = time_of(s, src->seqs[i], first)); i++)
		;
	for (size_t i = src->n; i-- > 0 && !(b = time_of(s, src->seqs[i], last));)
		;
	return a && b;
}

enum ami_status app_export_records(struct rec_writer *w, const struct app_export_src *src,
				   size_t *written)
{
	struct exp x;
	bool ok = exp_init(&x, NULL, APP_EXPORT_RECORDING, src);
	x.w = w;
	if (ok)
		walk(&x);
	exp_free(&x);
	if (written)
		*written = x.written;
	return !ok ? AMI_E_NOMEM : w->f && ferror(w->f) ? AMI_E_IO : AMI_OK;
}

static void header(struct exp *x, double t0)
{
	const char *what = x->src->what ? x->src->what : "events";
	if (x->fmt == APP_EXPORT_TEXT) {
		fprintf(x->f, "# amitui %s export: %s\n# server: %s\n\n", AMITUI_VERSION, what,
			banner(x));
	} else if (x->fmt == APP_EXPORT_RECORDING) {
		char c[1200];
		snprintf(c, sizeof c, "export: %s\namitui=%s", what, AMITUI_VERSION);
		rec_writer_attach(x->w, x->f, x->src->redact_numbers, c);
	}
	put_banner(x, t0);
}

enum ami_status app_export_write(FILE *f, enum app_export fmt, const struct app_export_src *src,
				 size_t *written, char *err, size_t cap)
{
	if ((unsigned)fmt >= APP_EXPORT_BUNDLE) {
		snprintf(err, cap, "not an event export format");
		return AMI_E_INVALID;
	}
	struct exp x;
	struct rec_writer w;
	if (!exp_init(&x, f, fmt, src)) {
		exp_free(&x);
		snprintf(err, cap, "out of memory");
		return AMI_E_NOMEM;
	}
	x.w = &w;
	int64_t first = 0, last = 0;
	/* stamped with the first event's time, the banner does not delay a 1x replay */
	app_export_range(src, &first, &last);
	header(&x, (double)first / 1e6);
	walk(&x);
	if (fmt == APP_EXPORT_RECORDING)
		rec_writer_close(&w);
	exp_free(&x);
	if (written)
		*written = x.written;
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, cap, "writing failed: %s", strerror(errno));
		return AMI_E_IO;
	}
	return AMI_OK;
}

/* Keep what a file name can hold plainly; Linkedids are "1767268800.12". */
static void clean_scope(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap && n < 64; in++) {
		char c = *in;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

FILE *app_export_create(const char *dir, const char *scope, enum app_export fmt, char *path,
			size_t pcap, char *err, size_t ecap)
{
	char base[PATH_MAX], stamp[32], sc[80];
	if (dir && *dir)
		snprintf(base, sizeof base, "%s", dir);
	else if (!getcwd(base, sizeof base))
		snprintf(base, sizeof base, ".");
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	clean_scope(scope && *scope ? scope : "events", sc, sizeof sc);
	for (int i = 1; i < 100; i++) {
		char suffix[8] = "";
		if (i > 1)
			snprintf(suffix, sizeof suffix, "-%d", i);
		snprintf(path, pcap, "%s/amitui-%s-%s%s.%s", base, sc, stamp, suffix,
			 app_export_ext(fmt));
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			FILE *f = fdopen(fd, "w");
			if (f)
				return f;
			close(fd);
		}
		if (fd >= 0 || errno != EEXIST) {
			snprintf(err, ecap, "cannot create %s: %s", path, strerror(errno));
			return NULL;
		}
	}
	snprintf(err, ecap, "cannot create %s: too many exports this second", path);
	return NULL;
}
