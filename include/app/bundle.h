/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ticket bundles: one file with the events, a calls snapshot, the rights card and versions. */
#ifndef AMITUI_APP_BUNDLE_H
#define AMITUI_APP_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/config.h"
#include "app/facts.h"
#include "core/buf.h"
#include "core/status.h"

struct model;
struct calltab;

/*
 * A bundle is a recording (record.h) whose leading comment lines are the notes a
 * ticket needs, in sections "# == NAME ==":
 *
 *   AMITUI-RECORDING 1
 *   # AMITUI-BUNDLE 1 ... (what this is and how to open it)
 *   # written:, events:, time range:, profile:, source:, server:, redaction: lines
 *   # == calls ==              the Calls view as text (durations at calls_at_us)
 *   # == rights card ==        as the Rights view shows it
 *   # == rights card (JSON) == one line, as --probe --json prints it
 *   # == records ==            what follows
 *   R ...  the server's banner, then its answers to the rights questions
 *          (ListCommands, CoreSettings, manager show user, GetConfig manager.conf),
 *          stamped with the first event's time
 *   R ...  the events with their receive times, N notes for gap markers
 *
 * So `amitui --replay BUNDLE` opens it as it is (the rights card and the versions
 * rebuilt from the recorded answers), and `less` reads the notes.
 */
struct app_bundle {
	const struct model *model; /* store, call table, rights card */
	const uint64_t *seqs;	   /* the events, oldest first; NULL: the whole store */
	size_t n;
	const char *what;		/* which events ("the 342 events of the view") */
	const struct app_facts *facts;	/* the server's answers; NULL: none kept */
	const struct app_profile *prof; /* live: host, user, TLS (never the secret); NULL */
	const char *source;		/* "live" or "replay of FILE" */
	int64_t calls_at_us; /* the snapshot's "now": the clock live, the recording's in replays */
	bool redact_numbers;
};

/*
 * Write the bundle to f (left open). *written (may be NULL) gets the events written.
 * Returns AMI_OK, AMI_E_NOMEM or AMI_E_IO with err.
 */
enum ami_status app_bundle_write(FILE *f, const struct app_bundle *b, size_t *written, char *err,
				 size_t cap);

/*
 * Write the server's banner (from the card; "Asterisk Call Manager/unknown" when not
 * known) and the kept answers as R records stamped t: what a replay needs first to
 * rebuild the rights card (bundles, and a recording started mid-session).
 */
struct rec_writer;
struct rights_card;
void app_record_answers(struct rec_writer *w, const struct rights_card *c,
			const struct app_facts *facts, double t);

/* The Calls view as text (calls, then their channels), durations at now_us. */
enum ami_status app_calls_text(const struct calltab *t, int64_t now_us, struct ami_buf *out);

#endif
