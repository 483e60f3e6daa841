/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A scripted AMI peer on one end of a socketpair, and recorded transcripts split for replay. */
#ifndef AMITUI_TEST_PEER_H
#define AMITUI_TEST_PEER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The test drives both sides in one thread (libmpdclient's test/capture.c style): the
 * session owns session_fd, the test writes server bytes to fd and reads what the
 * session sent. Socket buffers hold far more than any fixture, so nothing blocks.
 */
struct peer {
	int fd;
	int session_fd; /* hand to ami_conn_plain_new(); -1 once taken */
	char *got;	/* every byte the session sent, NUL-terminated */
	size_t gotlen;
	size_t gotcap;
};

/* Open a socketpair; aborts the test on failure. */
void peer_open(struct peer *p);
/* Take the session's end (ownership passes to the caller). */
int peer_take_session_fd(struct peer *p);
/* Close the peer's end: the session sees EOF. */
void peer_hangup(struct peer *p);
void peer_free(struct peer *p);

/* Write all bytes (aborts the test if the session does not drain within 2 s). */
void peer_write(struct peer *p, const void *data, size_t n);
void peer_puts(struct peer *p, const char *s);
/* Read whatever the session has sent so far into got; returns the number of new bytes. */
size_t peer_read(struct peer *p);
/* Forget what was received. */
void peer_clear(struct peer *p);

/*
 * A fixture transcript (tests/data/<name>.raw/.sent/.txt) split into the server's
 * answers: group 0 is what the server sent before the client's first action (the
 * banner), group k what it sent after client action k (1-based), in .raw bytes. The
 * grouping comes from the readable .txt, the bytes from .raw; the loader checks that
 * both agree on the number of messages. actions[k] are the client's actions in .sent.
 */
struct peer_script {
	char *raw;
	size_t rawlen;
	char *sent;
	size_t sentlen;
	size_t ngroups;
	size_t grp_off[64];
	size_t grp_len[64];
	size_t nactions;
	size_t act_off[64];
	size_t act_len[64];
};

void peer_script_load(struct peer_script *sc, const char *name);
void peer_script_free(struct peer_script *sc);
/* Send group k (0 = banner). */
void peer_send_group(struct peer *p, const struct peer_script *sc, size_t k);
/* The bytes of client actions [from, to) in .sent (0-based), for comparisons. */
const char *peer_script_actions(const struct peer_script *sc, size_t from, size_t to, size_t *len);

#endif
