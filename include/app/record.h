/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recordings: the AMI bytes as received, with receive times, in a format that stays text. */
#ifndef AMITUI_APP_RECORD_H
#define AMITUI_APP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/message.h"
#include "core/status.h"

/*
 * Format (version 1):
 *
 *   AMITUI-RECORDING 1\n
 *   # any number of comment lines (host, user, start time, amitui version)\n
 *   R 1795773532.302123 412\n
 *   <exactly 412 bytes: one AMI message as received, CRLFs and all>\n
 *   S 1795773532.300000 60\n
 *   <exactly 60 bytes: an action we sent>\n
 *   N 1795773533.000000 27\n
 *   <27 bytes of a note, e.g. "connection lost: timed out">\n
 *
 * R = received, S = sent, N = note (a gap marker on replay). Times are epoch seconds
 * with microseconds. Each payload is followed by one '\n' that is not part of it,
 * so a reader can check the framing. Secret: and Key: values, and secret= lines of
 * a GetConfig reply, are always replaced by "********"; with redact_numbers, caller
 * and connected-line numbers (and Cdr Source/Destination/CallerID) have their
 * digits replaced by 'x'. A file that starts with "Asterisk Call Manager/" instead
 * is a bare capture (like the fixtures' .raw files): one received payload, no times.
 */
#define REC_MAGIC "AMITUI-RECORDING 1\n"
#define REC_MAX_PAYLOAD (16u << 20)

struct rec_writer {
	FILE *f;
	bool borrowed; /* the stream is the caller's: close flushes it only */
	bool redact_numbers;
	struct ami_buf scratch;
	unsigned long records;
	char err[256];
};

/* Create path (mode 0600: recordings may hold call data); comment: lines or NULL. */
enum ami_status rec_writer_open(struct rec_writer *w, const char *path, bool redact_numbers,
				const char *comment);
/*
 * Write to a stream the caller opened (exports, bundles): the magic line and the
 * comment now; rec_writer_close() flushes it but leaves it open.
 */
enum ami_status rec_writer_attach(struct rec_writer *w, FILE *f, bool redact_numbers,
				  const char *comment);
/* Comment lines: each line of text becomes "# line" (CRs dropped). Between records only. */
enum ami_status rec_writer_comment(struct rec_writer *w, const char *text);
/* Append one message (kind 'R' or 'S'), redacted. */
enum ami_status rec_writer_msg(struct rec_writer *w, char kind, double t, const struct ami_msg *m);
/* Append a record of bytes as they are (the caller redacted them). */
enum ami_status rec_writer_raw(struct rec_writer *w, char kind, double t, const char *p, size_t n);
/* Append a note ('N'). */
enum ami_status rec_writer_note(struct rec_writer *w, double t, const char *text);
enum ami_status rec_writer_close(struct rec_writer *w);

/* Redact m into out as described above (exposed for tests and exports). */
enum ami_status rec_redact(const struct ami_msg *m, bool numbers, struct ami_buf *out);

struct rec_record {
	char kind; /* 'R', 'S' or 'N' */
	double t;  /* 0 for bare captures */
	const char *p;
	size_t n;
};

/*
 * A reader over a whole file in memory (the caller keeps data alive). Returns
 * AMI_OK with *r set, AMI_AGAIN at the clean end, or AMI_E_PROTOCOL with err
 * naming the line/offset of the damage; a damaged file never crashes the reader
 * and everything before the damage is still returned.
 */
struct rec_reader {
	const char *data;
	size_t len, pos;
	bool bare;
	unsigned long records;
	char err[256];
};

enum ami_status rec_reader_init(struct rec_reader *r, const char *data, size_t len);
enum ami_status rec_reader_next(struct rec_reader *r, struct rec_record *out);

#endif
