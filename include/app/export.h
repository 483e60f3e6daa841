/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exports of stored events: text, JSON Lines, a recording, a bare capture (and bundles). */
#ifndef AMITUI_APP_EXPORT_H
#define AMITUI_APP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/status.h"

struct evstore;

/*
 * The formats: _(NAME, "name", "file extension", "what the file holds"). The README
 * and the man page describe each; bundles are written by bundle.h on top of these.
 *
 * text       a header comment, then per event the row as the Events view shows it
 *            (local date and time with the UTC offset, class, event, channel,
 *            summary) and every header indented by four spaces, then a blank line.
 * json       JSON Lines: one object per event, exactly as --dump --json prints it
 *            (output.h); a gap marker is {"_gap": "REASON (DETAIL)", "_received": T},
 *            as --dump --json says a gap.
 * recording  an AMITUI-RECORDING 1 file: comments, the server's banner stamped with
 *            the first event's time, then each event with its receive time and gap
 *            markers as N notes: it replays at 1x as it happened.
 * capture    the banner line, then the events' AMI bytes, nothing else (like the
 *            fixtures' .raw files): replays at once; gap markers cannot be said.
 *
 * Every format is written from the redacted bytes: Secret/Key values always masked,
 * caller numbers too with redact_numbers (the recording rules, record.h).
 */
#define APP_EXPORT_INFO(_)                                                             \
	_(TEXT, "text", "txt", "each event as shown, then every header")               \
	_(JSON, "json", "jsonl", "JSON Lines, as --dump --json")                       \
	_(RECORDING, "recording", "amirec", "AMI bytes with receive times")            \
	_(CAPTURE, "capture", "raw", "a bare capture: the banner, then the AMI bytes") \
	_(BUNDLE, "bundle", "amirec", "a ticket bundle: a recording with notes")

enum app_export {
#define APP_EXPORT_ENUM(name, label, ext, help) APP_EXPORT_##name,
	APP_EXPORT_INFO(APP_EXPORT_ENUM)
#undef APP_EXPORT_ENUM
	    APP_EXPORT_COUNT
};

const char *app_export_name(enum app_export f);
const char *app_export_ext(enum app_export f);
const char *app_export_help(enum app_export f);

/* What to export. Strings are read during the call only. */
struct app_export_src {
	const struct evstore *store;
	const uint64_t *seqs; /* oldest first; NULL: every event in the store */
	size_t n;
	const char *what;   /* one line saying which events ("the 342 events of the view") */
	const char *banner; /* the server's banner line; NULL or "": not known */
	bool redact_numbers;
};

/*
 * Write src's events in format fmt (not BUNDLE) to f (left open). Seqs no longer in
 * the store are skipped. *written (may be NULL) gets the number of events written.
 * Returns AMI_OK, AMI_E_INVALID (BUNDLE or a bad format), AMI_E_IO with err.
 */
enum ami_status app_export_write(FILE *f, enum app_export fmt, const struct app_export_src *src,
				 size_t *written, char *err, size_t cap);

/* The receive times (µs) of src's first and last stored events; false when none is. */
bool app_export_range(const struct app_export_src *src, int64_t *first, int64_t *last);

/*
 * Append src's events to a recording being written: R records with their receive
 * times (redacted by w's rules), gap markers as N notes. No header, no banner: the
 * caller wrote them (bundles). Returns AMI_OK, AMI_E_NOMEM, AMI_E_IO.
 */
struct rec_writer;
enum ami_status app_export_records(struct rec_writer *w, const struct app_export_src *src,
				   size_t *written);

/*
 * Epoch seconds to µs exactly as "%.6f" prints them (the recording and --dump's
 * _received), so a stored time always prints back the same.
 */
int64_t app_time_us(double t);

/* "2026-01-01 12:00:00.100 +0000": local time with the UTC offset (exports, bundles). */
void app_export_time(int64_t us, char *buf, size_t cap);

/*
 * Create a new file for an export in dir ("" = the current directory), named
 * amitui-SCOPE-YYYYmmdd-HHMMSS[-N].EXT, mode 0600, never replacing a file. path gets
 * its absolute name. NULL with err on failure.
 */
FILE *app_export_create(const char *dir, const char *scope, enum app_export fmt, char *path,
			size_t pcap, char *err, size_t ecap);

#endif
