/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Replaying an Asterisk 22 fixture against amisim and comparing the bytes (test support). */
#ifndef AMITUI_TESTS_SIM_FIXTURE_H
#define AMITUI_TESTS_SIM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "simproc.h"

/* How a case is played. */
enum {
	FX_PBX = 1 << 0,	  /* needs the PBX model (skipped while the stand-in is linked) */
	FX_TLS = 1 << 1,	  /* over TLS, certificate not verified */
	FX_VERIFY = 1 << 2,	  /* TLS verifying the certificate for "localhost" */
	FX_WRONGHOST = 1 << 3,	  /* TLS verifying for "wrong.example": must fail */
	FX_PLAIN_TO_TLS = 1 << 4, /* plain TCP to the TLS port */
	FX_SOURCE2 = 1 << 5,	  /* connect from 127.0.0.2 */
	FX_SIDE_CALL = 1 << 6,	  /* another admin session originates a call after our Login */
	FX_CALLS_UP = 1 << 7,	  /* three calls are set up before we connect */
};

/*
 * Normalise what naturally varies between two runs: challenge digits, Uniqueids and
 * Linkedids and channel sequence numbers (renumbered by first appearance), timestamps,
 * dates and times, EventTV/SessionTV, SessionID, ports in addresses, uptimes, call
 * counters and durations, the numbers of "manager show connected" rows. Returns a
 * malloc'ed string.
 */
char *fx_normalize(const char *text, size_t len);

/*
 * Play tests/data/asterisk-22/<name>.sent against a fresh amisim loaded with the
 * fixture's manager.conf, paced as <name>.txt shows (each request waits until as many
 * server messages have arrived as the transcript shows before it), and compare the
 * normalised bytes with <name>.raw. Fails the Criterion test on any difference.
 */
void fx_replay(const char *name, unsigned flags);

#endif
