/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests' amisim: start it on free ports, read its "listening on" lines, connect, stop it. */
#ifndef AMITUI_SIMPROC_H
#define AMITUI_SIMPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A running amisim. */
struct simproc {
	pid_t pid;
	char host[64];	   /* the plain listener's address as printed */
	unsigned port;	   /* the plain listener */
	unsigned tls_port; /* 0 when there is no TLS listener */
	int out_fd;	   /* amisim's stdout, kept open so its writes never fail */
	char err[256];	   /* why simproc_start() failed */
};

/*
 * The amisim to run: $AMISIM when set, else the one this build made (AMISIM_PATH,
 * given by meson). Tests that use simproc must list amisim in their test()'s depends.
 */
const char *simproc_path(void);

/*
 * Start amisim with args (NULL-terminated, without the program name). "--port 0" and
 * "--bind 127.0.0.1" are added unless args has its own --port/--bind. stderr goes to
 * /dev/null unless $AMISIM_STDERR names a file (or is "-" for the test's stderr).
 * Waits up to 5 s for the "listening on" lines. Returns false with p->err set.
 */
bool simproc_start(struct simproc *p, const char *const *args);

/* SIGTERM, wait up to 2 s, then SIGKILL. Returns amisim's exit status (or -1). */
int simproc_stop(struct simproc *p);

/* A blocking TCP connection to the plain (tls false) or TLS port; -1 on failure. */
int simproc_connect(const struct simproc *p, bool tls);

/* The same, bound first to a local source address (e.g. "127.0.0.2"). */
int simproc_connect_from(const struct simproc *p, bool tls, const char *source);

/*
 * Read from fd until at least want complete AMI messages have arrived (the banner line
 * counts as one, every other message ends with an empty line), EOF, or timeout_ms.
 * Bytes are appended to *buf (malloc'ed, NUL-terminated, *len updated). Returns the
 * number of complete messages now in the buffer; *eof set when the peer closed.
 */
size_t simproc_read_messages(int fd, char **buf, size_t *len, size_t want, int timeout_ms,
			     bool *eof);

/* Count complete messages in bytes as simproc_read_messages() does. */
size_t simproc_count_messages(const char *buf, size_t len);

#endif
