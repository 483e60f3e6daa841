/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amitui-bench: parser, ingest, view and memory figures on a recorded AMI byte stream. */
#include "core/parser.h"
#include "model/evview.h"
#include "model/model.h"
#include "ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: amitui-bench --stream FILE [--expect-events N] [--only parse|ingest|fill]
 *
 * Prints one "NAME VALUE" line per figure. The whole file is read into memory first;
 * only the work itself is timed (monotonic clock), like the peers in
 * shared/bench/README.md. Bytes are fed in 64 KiB chunks through
 * ami_parser_space()/ami_parser_commit(), as a socket read would.
 *
 * --expect-events N: exit 1 unless the stream holds exactly N events (parsed alone
 * and through model_ingest) - the smoke test in the suite uses it.
 *
 * --only PART: one part alone, for profilers (perf record, callgrind): "parse" (the
 * parser), "ingest" (parser + model_ingest with the default scrollback) or "fill"
 * (every event kept, then the views and frames).
 */

#define CHUNK (64u << 10)

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this process: steadier than the wall clock on a shared machine. */
static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int64_t now_us(void)
{
	return (int64_t)(now_s() * 1e6);
}

/* Resident memory now, in bytes (/proc/self/statm; getrusage's peak as a fallback). */
static size_t rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size, res;
	if (f && fscanf(f, "%lu %lu", &size, &res) == 2) {
		fclose(f);
		return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
	}
	if (f)
		fclose(f);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (size_t)ru.ru_maxrss * 1024;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *d = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
		free(d);
		d = NULL;
	}
	fclose(f);
	*len = d ? (size_t)n : 0;
	return d;
}

/* What to do with each parsed message. */
typedef void (*msg_fn)(void *ctx, const struct ami_msg *m, int64_t t);

/* Feed data in 64 KiB chunks; returns the number of events, or -1 on a parser error. */
static long run_stream(const char *data, size_t len, msg_fn fn, void *ctx)
{
	struct ami_parser p;
	if (ami_parser_init(&p, NULL) != AMI_OK)
		return -1;
	long events = 0;
	size_t off = 0;
	while (off < len) {
		size_t avail;
		char *dst = ami_parser_space(&p, &avail);
		if (!dst)
			break;
		size_t k = len - off < CHUNK ? len - off : CHUNK;
		if (k > avail)
			k = avail;
		memcpy(dst, data + off, k);
		ami_parser_commit(&p, k);
		off += k;
		int64_t t = fn ? now_us() : 0; /* one receive time per read, as the app does */
		struct ami_msg m;
		while (ami_parser_next(&p, &m) == AMI_OK) {
			events += m.kind == AMI_MSG_EVENT;
			if (fn)
				fn(ctx, &m, t);
		}
	}
	bool ok = ami_parser_error(&p) == AMI_OK;
	if (!ok)
		fprintf(stderr, "parser: %s\n", ami_parser_errmsg(&p));
	ami_parser_free(&p);
	return ok ? events : -1;
}

static void ingest(void *ctx, const struct ami_msg *m, int64_t t)
{
	model_ingest(ctx, m, t, NULL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n ? v[n / 2] : 0;
}

/* Time a view change until the view is complete (index-only work needs no budget). */
static double view_ms(struct evview *v)
{
	double t0 = now_s();
	while (evview_update(v, 100000) == AMI_AGAIN)
		;
	return (now_s() - t0) * 1e3;
}

/*
 * Figures other layers own, as hooks: the UI's frame builders (frame_ms_1k and
 * frame_ms_1m: one Events frame from a model of 1k and of all the stream's events, in
 * ms). Each hook receives the filled model and a complete view.
 */
struct bench_hook {
	const char *name;
	double (*run)(struct model *m, struct evview *v);
};

/* A 200x50 Events frame (newest page, every row parsed and summarised), mean of 50. */
#define FRAME_ROWS 50
#define FRAME_COLS 200
#define FRAMES 50

static double frame_all(struct model *m, struct evview *v)
{
	(void)v;
	return ui_bench_events_frame(m, FRAME_ROWS, FRAME_COLS, FRAMES);
}

/* The same frame over a model holding only the first 1000 events of the filled one. */
static double frame_1k(struct model *m, struct evview *v)
{
	(void)v;
	struct model small;
	if (model_init(&small, NULL, "bench") != AMI_OK)
		return -1;
	static struct ami_hdr hdrs[1024];
	struct evstore_event e;
	struct ami_msg msg;
	uint64_t first = evstore_first(m->store);
	for (uint64_t s = first; s < first + 1000 && s <= evstore_last(m->store); s++)
		if (evstore_get(m->store, s, &e) && evstore_parse(m->store, s, &msg, hdrs, 1024))
			model_ingest(&small, &msg, e.time_us, NULL);
	double ms = ui_bench_events_frame(&small, FRAME_ROWS, FRAME_COLS, FRAMES);
	model_free(&small);
	return ms;
}

static const struct bench_hook hooks[] = {
	{ "frame_ms_1k", frame_1k },
	{ "frame_ms_1m", frame_all }, /* all the stream's events: 1M with the standard stream */
	{ NULL, NULL },
};

struct figures {
	long events;
	long expect;
	double parse_s; /* median time of the parser alone */
};

static int bench_parse(const char *data, size_t len, struct figures *fig)
{
	double t[3], c[3];
	for (int r = 0; r < 3; r++) {
		double t0 = now_s(), c0 = cpu_s();
		fig->events = run_stream(data, len, NULL, NULL);
		t[r] = now_s() - t0;
		c[r] = cpu_s() - c0;
		if (fig->events < 0)
			return -1;
	}
	double best = median(t, 3);
	fig->parse_s = best;
	printf("parse_mb_per_s %.1f\n", (double)len / best / 1e6);
	printf("parse_events_per_s %.0f\n", (double)fig->events / best);
	printf("parse_cpu_mb_per_s %.1f\n", (double)len / median(c, 3) / 1e6);
	return 0;
}

static void push(void *ctx, const struct ami_msg *m, int64_t t)
{
	evstore_push(ctx, m, t, NULL);
}

/*
 * parse + store + call table + counters, the way the app drives model_ingest: the
 * default scrollback (after the first 64 MiB the store recycles its slabs), a new
 * model per run, median of three runs by wall clock and by CPU time.
 */
static int bench_model_ingest(const char *data, size_t len, struct figures *fig)
{
	double t[3], c[3];
	for (int r = 0; r < 3; r++) {
		struct model m;
		if (model_init(&m, NULL, "bench") != AMI_OK)
			return -1;
		double t0 = now_s(), c0 = cpu_s();
		long ev = run_stream(data, len, ingest, &m);
		t[r] = now_s() - t0;
		c[r] = cpu_s() - c0;
		long kept = (long)m.counts.total;
		model_free(&m);
		if (fig->events < 0) /* --only ingest: the first run counts */
			fig->events = ev;
		if (ev != fig->events || kept != ev)
			return -1;
	}
	printf("ingest_events_per_s %.0f\n", (double)fig->events / median(t, 3));
	printf("ingest_cpu_events_per_s %.0f\n", (double)fig->events / median(c, 3));
	return 0;
}

static int bench_ingest(const char *data, size_t len, struct figures *fig)
{
	/* the store alone: its push time is the run's time minus the parser's */
	struct evstore *s = evstore_new(NULL);
	double t0 = now_s();
	long ev = run_stream(data, len, push, s);
	double t = now_s() - t0;
	evstore_free(s);
	double push_s = t - fig->parse_s;
	if (push_s > 0)
		printf("store_push_events_per_s %.0f\n", (double)ev / push_s);
	printf("parse_store_events_per_s %.0f\n", (double)ev / t);
	return bench_model_ingest(data, len, fig);
}

static void bench_views(struct model *m)
{
	struct evview *v = evview_new(m->store);
	printf("view_build_ms %.2f\n", view_ms(v));
	static const uint32_t masks[] = {
		0xffffffffu & ~AMI_PERM_DIALPLAN, AMI_PERM_CALL, AMI_PERM_CDR | AMI_PERM_DTMF,
		AMI_PERM_AGENT | AMI_PERM_USER,	  0xffffffffu,
	};
	double t[5];
	for (int i = 0; i < 5; i++) {
		evview_set_classes(v, masks[i]);
		t[i] = view_ms(v);
	}
	double worst = 0;
	for (int i = 0; i < 5; i++)
		worst = t[i] > worst ? t[i] : worst;
	printf("filter_switch_ms %.2f\n", median(t, 5));
	printf("filter_switch_max_ms %.2f\n", worst);
	struct evfilter *f;
	evfilter_compile("Newchannel | Hangup", &f, NULL);
	evview_set_filter(v, f);
	printf("filter_name_ms %.2f\n", view_ms(v));
	printf("filter_name_rows %zu\n", evview_count(v));
	evfilter_compile("chan:Local/400@* Dial*", &f, NULL);
	evview_set_filter(v, f);
	printf("filter_chan_ms %.2f\n", view_ms(v));
	/* a content filter: raw bytes re-read, so in bounded steps */
	evfilter_compile("\"Normal Clearing\"", &f, NULL);
	evview_set_filter(v, f);
	double ms = view_ms(v);
	printf("filter_text_events_per_s %.0f\n", (double)evstore_count(m->store) / (ms / 1e3));
	evview_set_filter(v, NULL);
	evview_update(v, 0);
	for (const struct bench_hook *h = hooks; h->name; h++)
		printf("%s %.3f\n", h->name, h->run(m, v));
	evview_free(v);
}

static int bench_fill(const char *data, size_t len, const struct figures *fig)
{
	/* every event kept: the budget covers the whole stream */
	struct model_limits lim = { .scrollback = len + len / 4 + (64u << 20) };
	size_t before = rss_bytes();
	struct model m;
	if (model_init(&m, &lim, "bench") != AMI_OK)
		return -1;
	double t0 = now_s();
	long ev = run_stream(data, len, ingest, &m);
	double t = now_s() - t0;
	size_t after = rss_bytes();
	struct evstore_stats st;
	evstore_stats(m.store, &st);
	printf("ingest_fill_events_per_s %.0f\n", (double)ev / t);
	printf("stored_events %llu\n", (unsigned long long)st.events);
	printf("bytes_per_event %.1f\n", (double)(after - before) / (double)st.events);
	printf("raw_bytes_per_event %.1f\n", (double)st.raw_bytes / (double)st.events);
	printf("memory_vs_raw %.3f\n", (double)(after - before) / (double)st.raw_bytes);
	printf("store_accounted_bytes_per_event %.1f\n", st.bytes_per_event);
	bench_views(&m);
	model_free(&m);
	return ev == fig->events && st.evicted == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	const char *only = "";
	struct figures fig = { .events = -1, .expect = -1 };
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--stream") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "--expect-events") == 0 && i + 1 < argc)
			fig.expect = atol(argv[++i]);
		else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
			only = argv[++i];
		else
			bad = true;
	}
	if (bad || !path ||
	    (*only && strcmp(only, "parse") && strcmp(only, "ingest") && strcmp(only, "fill"))) {
		fprintf(stderr,
			"usage: %s --stream FILE [--expect-events N] [--only parse|ingest|fill]\n",
			argv[0]);
		return 2;
	}
	size_t len;
	char *data = read_file(path, &len);
	if (!data) {
		perror(path);
		return 2;
	}
	int rc = 0;
	if (strcmp(only, "ingest") == 0)
		rc = bench_model_ingest(data, len, &fig);
	else
		rc = bench_parse(data, len, &fig);
	/* the memory figure first, while no freed heap can be reused and hide growth */
	if (rc == 0 && (!*only || strcmp(only, "fill") == 0))
		rc = bench_fill(data, len, &fig);
	if (rc == 0 && !*only)
		rc = bench_ingest(data, len, &fig);
	free(data);
	if (rc != 0) {
		fprintf(stderr, "inconsistent counts or parser error\n");
		return 1;
	}
	if (fig.expect >= 0 && fig.events != fig.expect) {
		fprintf(stderr, "expected %ld events, found %ld\n", fig.expect, fig.events);
		return 1;
	}
	return 0;
}
