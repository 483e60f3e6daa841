/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The incremental AMI parser: framing, limits and the legacy Command body over one buffer. */
#include "core/parser.h"
#include "message_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	ST_BANNER,	 /* waiting for the banner line */
	ST_HEADERS,	 /* inside (or between) messages */
	ST_FOLLOWS_HDRS, /* after "Response: Follows": Privilege/ActionID lines */
	ST_FOLLOWS_BODY, /* raw CLI text until "--END COMMAND--" */
};

#define INITIAL_CAP (128u << 10)
/*
 * Bytes allocated past cap (and zeroed once): the fast path classifies 64 bytes at a
 * time and may read up to 63 bytes past the received end; the bits it reads there
 * are masked off. Never handed out by ami_parser_space().
 */
#define PAD 64u
#define INITIAL_HDRS 64u
#define MIN_READ (16u << 10) /* grow when less than this is free after compaction */

static const char END_MARK[] = "--END COMMAND--";
#define END_MARK_LEN (sizeof END_MARK - 1)

const struct ami_parser_limits ami_parser_client_limits = {
	.max_line = 256u << 10,
	.max_headers = 65536,
	.max_message = 16u << 20,
	.lenient = false,
	.expect_banner = true,
};

const struct ami_parser_limits ami_parser_server_limits = {
	.max_line = 1024,
	.max_headers = 128,
	.max_message = 256u << 10,
	.lenient = true,
	.expect_banner = false,
};

static enum ami_status fail(struct ami_parser *p, enum ami_status st, const char *detail)
{
	if (p->err == AMI_OK) {
		p->err = st;
		snprintf(p->errmsg, sizeof p->errmsg, "%s%s%s", ami_status_str(st),
			 detail ? ": " : "", detail ? detail : "");
	}
	return p->err;
}

enum ami_status ami_parser_init(struct ami_parser *p, const struct ami_parser_limits *lim)
{
	memset(p, 0, sizeof *p);
	p->lim = lim ? *lim : ami_parser_client_limits;
	if (p->lim.max_message < 64)
		p->lim.max_message = 64;
	if (p->lim.max_headers < 1)
		p->lim.max_headers = 1;
	p->cap = p->lim.max_message < INITIAL_CAP ? p->lim.max_message : INITIAL_CAP;
	p->hcap = p->lim.max_headers < INITIAL_HDRS ? p->lim.max_headers : INITIAL_HDRS;
	p->buf = calloc(1, p->cap + PAD);
	p->hdrs = malloc(p->hcap * sizeof *p->hdrs);
	if (!p->buf || !p->hdrs) {
		ami_parser_free(p);
		return AMI_E_NOMEM;
	}
	ami_parser_reset(p);
	return AMI_OK;
}

void ami_parser_free(struct ami_parser *p)
{
	free(p->buf);
	free(p->hdrs);
	p->buf = NULL;
	p->hdrs = NULL;
	p->cap = p->hcap = 0;
}

void ami_parser_reset(struct ami_parser *p)
{
	p->start = p->scan = p->end = 0;
	p->nhdrs = 0;
	p->flags = 0;
	p->skipping = false;
	p->starved = false;
	p->state = p->lim.expect_banner ? ST_BANNER : ST_HEADERS;
	p->err = AMI_OK;
	p->errmsg[0] = '\0';
}

enum ami_status ami_parser_error(const struct ami_parser *p)
{
	return p->err;
}

const char *ami_parser_errmsg(const struct ami_parser *p)
{
	return p->err == AMI_OK ? "" : p->errmsg;
}

size_t ami_parser_pending(const struct ami_parser *p)
{
	return p->end - p->start;
}

/* Header pointers of the message in progress follow the bytes when they move. */
static void rebase_headers(struct ami_parser *p, const char *old, const char *now)
{
	for (uint32_t i = 0; i < p->nhdrs; i++) {
		p->hdrs[i].key = now + (p->hdrs[i].key - old);
		if (p->hdrs[i].val)
			p->hdrs[i].val = now + (p->hdrs[i].val - old);
	}
}

static void compact(struct ami_parser *p)
{
	if (p->start == 0)
		return;
	size_t keep = p->end - p->start;
	memmove(p->buf, p->buf + p->start, keep);
	rebase_headers(p, p->buf + p->start, p->buf);
	p->scan -= p->start;
	p->body_start = p->body_start >= p->start ? p->body_start - p->start : 0;
	p->end = keep;
	p->start = 0;
}

static bool grow(struct ami_parser *p)
{
	size_t cap = p->cap * 2 > p->lim.max_message ? p->lim.max_message : p->cap * 2;
	if (cap <= p->cap)
		return false;
	/* malloc+copy rather than realloc: the old block must stay valid for rebasing */
	char *nb = malloc(cap + PAD);
	if (!nb) {
		fail(p, AMI_E_NOMEM, NULL);
		return false;
	}
	memcpy(nb, p->buf, p->end);
	memset(nb + p->end, 0, cap + PAD - p->end); /* no uninitialised byte is ever read */
	rebase_headers(p, p->buf, nb);
	free(p->buf);
	p->buf = nb;
	p->cap = cap;
	return true;
}

char *ami_parser_space(struct ami_parser *p, size_t *avail)
{
	*avail = 0;
	if (p->err != AMI_OK)
		return NULL;
	/* move the unfinished message to the front only when space runs short */
	if (p->cap - p->end < MIN_READ || p->start == p->end)
		compact(p);
	if (p->cap - p->end < MIN_READ && p->cap < p->lim.max_message)
		grow(p);
	if (p->cap == p->end && p->starved && p->err == AMI_OK) {
		char detail[64];
		snprintf(detail, sizeof detail, "one message exceeds %zu bytes",
			 p->lim.max_message);
		fail(p, AMI_E_MESSAGE_TOO_BIG, detail);
	}
	if (p->err != AMI_OK)
		return NULL;
	*avail = p->cap - p->end;
	return p->buf + p->end;
}

void ami_parser_commit(struct ami_parser *p, size_t n)
{
	if (n > p->cap - p->end)
		n = p->cap - p->end;
	p->end += n;
	p->bytes_in += n;
	if (n)
		p->starved = false;
}

size_t ami_parser_feed(struct ami_parser *p, const void *data, size_t n)
{
	size_t avail;
	char *dst = ami_parser_space(p, &avail);
	if (!dst)
		return 0;
	size_t k = n < avail ? n : avail;
	memcpy(dst, data, k);
	ami_parser_commit(p, k);
	return k;
}

static bool add_header(struct ami_parser *p, const char *line, size_t len)
{
	if (p->nhdrs == p->hcap) {
		if (p->hcap >= p->lim.max_headers) {
			if (p->lim.lenient) {
				p->flags |= AMI_MSG_F_TOO_MANY_HEADERS;
				return true;
			}
			char detail[64];
			snprintf(detail, sizeof detail, "more than %u", p->lim.max_headers);
			fail(p, AMI_E_TOO_MANY_HEADERS, detail);
			return false;
		}
		uint32_t nc = p->hcap * 2 > p->lim.max_headers ? p->lim.max_headers : p->hcap * 2;
		struct ami_hdr *nh = realloc(p->hdrs, nc * sizeof *nh);
		if (!nh) {
			fail(p, AMI_E_NOMEM, NULL);
			return false;
		}
		p->hdrs = nh;
		p->hcap = nc;
	}
	ami_msg_split_line(&p->hdrs[p->nhdrs++], line, len);
	return true;
}

/* Asterisk's own spelling of an event's first header, else the general rules. */
static enum ami_msg_kind kind_of(const struct ami_parser *p)
{
	const struct ami_hdr *h = p->nhdrs ? &p->hdrs[0] : NULL;
	if (h && h->val && h->klen == 5 && memcmp(h->key, "Event", 5) == 0)
		return AMI_MSG_EVENT;
	return ami_msg_classify(h);
}

/* Hand out [start, next) as a message and start the next one at next. */
static void emit(struct ami_parser *p, struct ami_msg *out, size_t next, enum ami_msg_kind kind)
{
	*out = (struct ami_msg){
		.kind = kind,
		.flags = p->flags,
		.hdrs = p->hdrs,
		.nhdrs = p->nhdrs,
		.raw = p->buf + p->start,
		.rawlen = next - p->start,
	};
	p->start = p->scan = next;
	p->nhdrs = 0;
	p->flags = 0;
	p->messages++;
}

/*
 * The legacy body ends at "--END COMMAND--", which Asterisk 13 glues onto the last
 * output line when that line lacks a newline, followed by CRLF and the blank line.
 */
static enum ami_status follows_body(struct ami_parser *p, struct ami_msg *out)
{
	struct ami_str hay = ami_str_make(p->buf + p->scan, p->end - p->scan);
	long at = ami_str_find(hay, END_MARK);
	if (at < 0) {
		/* keep the last few bytes: the marker may be split across reads */
		if (p->end - p->scan > END_MARK_LEN)
			p->scan = p->end - END_MARK_LEN;
		return AMI_AGAIN;
	}
	size_t mark = p->scan + (size_t)at, q = mark + END_MARK_LEN;
	p->scan = mark; /* if the tail is not here yet, resume at the marker */
	int newlines = 0;
	while (newlines < 2 && q < p->end) {
		if (p->buf[q] == '\r' && q + 1 < p->end && p->buf[q + 1] == '\n')
			q++;
		else if (p->buf[q] == '\r')
			return q + 1 == p->end
				   ? AMI_AGAIN
				   : fail(p, AMI_E_PROTOCOL, "junk after --END COMMAND--");
		if (p->buf[q] != '\n')
			return fail(p, AMI_E_PROTOCOL, "junk after --END COMMAND--");
		q++;
		newlines++;
	}
	if (newlines < 2)
		return AMI_AGAIN;
	size_t body = p->body_start;
	emit(p, out, q, AMI_MSG_FOLLOWS);
	out->body = p->buf + body;
	out->bodylen = mark - body;
	p->state = ST_HEADERS;
	return AMI_OK;
}

/* A line that is too long: a sticky error for clients, a discarded line for servers. */
static bool overlong(struct ami_parser *p)
{
	if (!p->lim.lenient) {
		char detail[64];
		snprintf(detail, sizeof detail, "more than %zu bytes", p->lim.max_line);
		fail(p, AMI_E_LINE_TOO_LONG, detail);
		return false;
	}
	p->flags |= AMI_MSG_F_LINE_TOO_LONG;
	return true;
}

/* No newline in [scan, end): wait, or apply the line limit to the partial line. */
static enum ami_status partial_line(struct ami_parser *p)
{
	if (p->skipping || p->end - p->scan >= p->lim.max_line) {
		if (!p->skipping && !overlong(p))
			return p->err;
		/* lenient: drop the partial bytes now so a flood cannot fill the buffer */
		p->skipping = true;
		p->end = p->scan;
		p->starved = true;
	}
	return AMI_AGAIN;
}

/* One complete line [scan, nl]; returns AMI_OK with *out set, AMI_AGAIN to go on. */
static enum ami_status one_line(struct ami_parser *p, struct ami_msg *out, const char *nl)
{
	const char *line = p->buf + p->scan;
	size_t next = (size_t)(nl - p->buf) + 1;
	size_t len = (size_t)(nl - line);
	if (p->skipping || len + 1 > p->lim.max_line) {
		if (!p->skipping && !overlong(p))
			return p->err;
		/* remove the discarded line so raw is the same however the bytes arrived */
		memmove(p->buf + p->scan, p->buf + next, p->end - next);
		p->end -= next - p->scan;
		p->skipping = false;
		return AMI_AGAIN;
	}
	if (len && line[len - 1] == '\r')
		len--;
	if (p->state == ST_BANNER) {
		p->nhdrs = 0;
		add_header(p, line, len);
		p->hdrs[0].val = NULL; /* the banner is one raw line, never split */
		p->hdrs[0].klen = (uint32_t)len;
		emit(p, out, next, AMI_MSG_BANNER);
		p->state = ST_HEADERS;
		return AMI_OK;
	}
	if (len == 0) {
		if (p->nhdrs == 0 && p->flags == 0 && !p->lim.lenient) {
			p->start = p->scan = next; /* a stray blank line between messages */
			return AMI_AGAIN;
		}
		enum ami_msg_kind kind = kind_of(p);
		p->state = ST_HEADERS;
		emit(p, out, next, kind);
		return AMI_OK;
	}
	if (p->state == ST_FOLLOWS_HDRS) {
		struct ami_hdr h;
		ami_msg_split_line(&h, line, len);
		struct ami_str k = ami_str_make(h.key, h.klen);
		if (!h.val || !(ami_str_ieq(k, "Privilege") || ami_str_ieq(k, "ActionID"))) {
			p->state = ST_FOLLOWS_BODY;
			p->body_start = p->scan;
			return AMI_AGAIN;
		}
	}
	if (!add_header(p, line, len))
		return p->err;
	if (p->nhdrs == 1 && !p->lim.lenient && ami_msg_classify(&p->hdrs[0]) == AMI_MSG_FOLLOWS)
		p->state = ST_FOLLOWS_HDRS;
	p->scan = next;
	return AMI_AGAIN;
}

/*
 * The fast path for ordinary header lines. Bytes are classified 64 at a time into
 * two bitmaps ('\n' and ':' positions, SSE2 where available), then each line is cut
 * from the bitmaps without looking at its bytes again: no per-byte loop and few
 * mispredicted branches. The parser's fields live in locals meanwhile (header writes
 * could alias them otherwise). Anything unusual (a line over the limit, a full
 * header array, the legacy "Response: Follows") is left to one step of the general
 * code below, so both paths give the same messages.
 */
#define BLOCK 64

#if defined(__SSE2__)
#include <emmintrin.h>
static inline uint64_t eq16(__m128i v, __m128i pat)
{
	return (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, pat));
}

/* Bitmaps of '\n' and ':' in the 64 bytes at s (all readable). */
static inline void classify64(const char *s, uint64_t *nl, uint64_t *co)
{
	const __m128i n = _mm_set1_epi8('\n'), c = _mm_set1_epi8(':');
	const __m128i *v = (const __m128i *)(const void *)s;
	__m128i v0 = _mm_loadu_si128(v), v1 = _mm_loadu_si128(v + 1);
	__m128i v2 = _mm_loadu_si128(v + 2), v3 = _mm_loadu_si128(v + 3);
	*nl = eq16(v0, n) | eq16(v1, n) << 16 | eq16(v2, n) << 32 | eq16(v3, n) << 48;
	*co = eq16(v0, c) | eq16(v1, c) << 16 | eq16(v2, c) << 32 | eq16(v3, c) << 48;
}
#else
static inline void classify64(const char *s, uint64_t *nl, uint64_t *co)
{
	uint64_t a = 0, b = 0;
	for (int i = 0; i < BLOCK; i++) {
		a |= (uint64_t)(s[i] == '\n') << i;
		b |= (uint64_t)(s[i] == ':') << i;
	}
	*nl = a;
	*co = b;
}
#endif

#if defined(__GNUC__)
#define CTZ64(x) ((unsigned)__builtin_ctzll(x))
#else
static inline unsigned CTZ64(uint64_t x)
{
	unsigned n = 0;
	while (!(x & 1)) {
		x >>= 1;
		n++;
	}
	return n;
}
#endif

/*
 * The fast path's copy of the parser fields it reads or moves: header writes could
 * alias them (char pointers, uint32_t lengths), so they would be reloaded otherwise.
 */
struct fast {
	char *buf;
	struct ami_hdr *hdrs;
	size_t scan;
	size_t max_line;
	uint32_t nhdrs;
	uint32_t hcap;
	size_t colon; /* first ':' of the line at scan, or NONE */
};
#define NONE ((size_t)-1)

/*
 * Split line [at, at+len) (len > 0, no terminator) into h. c is its first colon or
 * NONE; a colon is never the '\r' cut off, so c < at + len.
 */
static inline void split_at(struct ami_hdr *h, const char *buf, size_t at, size_t len, size_t c)
{
	const char *line = buf + at, *end = line + len;
	h->key = line;
	if (c == NONE) {
		h->val = NULL;
		h->klen = (uint32_t)len;
		h->vlen = 0;
		return;
	}
	/* Asterisk writes ": ": one blank skipped without a branch, a loop for any more */
	const char *v = buf + c + 1;
	v += v < end && *v == ' ';
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	h->klen = (uint32_t)(c - at);
	h->val = v;
	h->vlen = (uint32_t)(end - v);
}

/* One complete line [f->scan, nl]: 1 = go on, 0 = message emitted, -1 = general code. */
static inline int fast_line(struct ami_parser *p, struct fast *f, struct ami_msg *out, size_t nl)
{
	size_t len = nl - f->scan;
	if (len + 1 > f->max_line)
		return -1;
	len -= len && f->buf[nl - 1] == '\r'; /* CRLF or a bare LF, without a branch */
	if (len == 0) {
		if (f->nhdrs == 0 && p->flags == 0 && !p->lim.lenient) {
			f->scan = nl + 1; /* a stray blank line between messages */
			p->start = f->scan;
			return 1;
		}
		p->nhdrs = f->nhdrs;
		emit(p, out, nl + 1, kind_of(p));
		return 0;
	}
	if (f->nhdrs == f->hcap)
		return -1;
	split_at(&f->hdrs[f->nhdrs++], f->buf, f->scan, len, f->colon);
	f->scan = nl + 1;
	if (f->nhdrs == 1 && !p->lim.lenient && f->hdrs[0].klen == 8 &&
	    ami_msg_classify(&f->hdrs[0]) == AMI_MSG_FOLLOWS) {
		p->state = ST_FOLLOWS_HDRS;
		return -1;
	}
	return 1;
}

/* Returns AMI_OK with *out set, or AMI_AGAIN to let the general code take one step. */
static enum ami_status fast_headers(struct ami_parser *p, struct ami_msg *out)
{
	struct fast f = { p->buf, p->hdrs, p->scan, p->lim.max_line, p->nhdrs, p->hcap, NONE };
	const size_t end = p->end;
	int r = 1;
	for (size_t blk = f.scan; blk < end && r > 0; blk += BLOCK) {
		uint64_t nlm, com;
		classify64(f.buf + blk, &nlm, &com); /* PAD makes 64 bytes readable */
		if (end - blk < BLOCK) {
			uint64_t mask = (1ull << (end - blk)) - 1;
			nlm &= mask;
			com &= mask;
		}
		while (nlm && r > 0) {
			unsigned at = CTZ64(nlm);
			/* com holds no colon of an earlier line: see below */
			uint64_t cm = com & ((1ull << at) - 1);
			if (f.colon == NONE && cm)
				f.colon = blk + CTZ64(cm);
			r = fast_line(p, &f, out, blk + at);
			f.colon = NONE;
			com &= ~((2ull << at) - 1); /* at == 63 clears all: 2 << 63 wraps to 0 */
			nlm &= nlm - 1;
		}
		if (r > 0 && f.colon == NONE && com)
			f.colon = blk + CTZ64(com); /* the line goes on in the next block */
	}
	if (r != 0) {
		p->scan = f.scan;
		p->nhdrs = f.nhdrs;
	}
	return r == 0 ? AMI_OK : AMI_AGAIN;
}

enum ami_status ami_parser_next(struct ami_parser *p, struct ami_msg *out)
{
	enum ami_status st = AMI_AGAIN;
	while (p->err == AMI_OK && st == AMI_AGAIN) {
		if (p->state == ST_FOLLOWS_BODY) {
			st = follows_body(p, out);
			break;
		}
		if (p->state == ST_HEADERS && !p->skipping) {
			if (fast_headers(p, out) == AMI_OK) {
				st = AMI_OK;
				break;
			}
			if (p->state != ST_HEADERS)
				continue;
		}
		const char *nl = memchr(p->buf + p->scan, '\n', p->end - p->scan);
		if (!nl) {
			st = partial_line(p);
			break;
		}
		st = one_line(p, out, nl);
	}
	/* everything received has been looked at: a full buffer now means "too big" */
	p->starved = st == AMI_AGAIN;
	return p->err != AMI_OK ? p->err : st;
}
