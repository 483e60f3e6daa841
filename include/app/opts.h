/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: one table of options, the run mode, and the documented exit codes. */
#ifndef AMITUI_APP_OPTS_H
#define AMITUI_APP_OPTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Exit codes: _(NAME, value, "meaning"). The README and the man page list this table
 * (`amitui --list-exit-codes` prints it), so it is the single source.
 */
#define APP_EXIT_INFO(_)                                                                \
	_(OK, 0, "success (for --action: the reply was Success)")                       \
	_(FAILURE, 1, "unexpected internal error")                                      \
	_(ACTION_ERROR, 2, "--action: the reply was Error (e.g. Permission denied)")    \
	_(EXPECT_DIFF, 3, "--probe: rights differ from --expect-read/--expect-write")   \
	_(USAGE, 4, "bad command line")                                                 \
	_(CONFIG, 5, "configuration or secret file error, or no secret available")      \
	_(CONNECT, 6, "could not connect: refused, unreachable, unknown host, timeout") \
	_(TLS, 7, "TLS handshake or certificate verification failed")                   \
	_(AUTH, 8, "authentication failed, or login already in use")                    \
	_(LOST, 9, "connection lost or no answer in time, or the peer is not AMI")      \
	_(REPLAY, 10, "recording file unreadable or malformed")

enum app_exit {
#define APP_EXIT_ENUM(name, val, msg) APP_EXIT_##name = val,
	APP_EXIT_INFO(APP_EXIT_ENUM)
#undef APP_EXIT_ENUM
};

#define APP_MODE_INFO(_)      \
	_(CONSOLE, "console") \
	_(PROBE, "probe")     \
	_(DUMP, "dump")       \
	_(ACTION, "action")   \
	_(BUNDLE, "bundle")   \
	_(HELP, "help")       \
	_(VERSION, "version") \
	_(LIST, "list")

enum app_mode {
#define APP_MODE_ENUM(name, label) APP_MODE_##name,
	APP_MODE_INFO(APP_MODE_ENUM)
#undef APP_MODE_ENUM
};

#define APP_MAX_ACTION_ARGS 126
#define APP_OPT_STR 256

/* Profile overrides from the command line: "" means "not given". */
struct app_overrides {
	char host[APP_OPT_STR], port[16], user[APP_OPT_STR], auth[16], tls_ca[APP_OPT_STR],
	    tls_pin[APP_OPT_STR], event_mask[APP_OPT_STR];
	bool tls, insecure, read_only;
};

struct app_opts {
	enum app_mode mode;
	char profile[64];
	char config[1024];
	struct app_overrides ov;
	bool json;
	char classes[APP_OPT_STR]; /* --classes: dump only these classes */
	char events[APP_OPT_STR];  /* --events: dump only these event names */
	double for_seconds;	   /* --for: stop after this long (0: forever) */
	char expect_read[APP_OPT_STR], expect_write[APP_OPT_STR];
	bool expect_read_set, expect_write_set;
	char action[64];			/* --action NAME */
	char *action_args[APP_MAX_ACTION_ARGS]; /* "Key=Value", pointing into argv */
	size_t naction_args;
	bool demo;
	char demo_user[64];
	char record[1024];
	char replay[1024];
	double speed;	   /* --speed: 1 = real time, 0 = as fast as possible */
	bool paused;	   /* --paused: the console's replay starts paused (step with .) */
	char bundle[1024]; /* --bundle FILE: a ticket bundle written at the end */
	bool redact_numbers;
	char theme[APP_OPT_STR];
	bool ascii, mouse;
	char list_what[32]; /* --list-settings etc. */
	int verbose;
};

/*
 * Parse argv. Returns APP_EXIT_OK or APP_EXIT_USAGE with a one-line message in err.
 * Never reads a secret from argv: a --secret option is refused with a message that
 * explains where secrets come from.
 */
enum app_exit app_opts_parse(struct app_opts *o, int argc, char **argv, char *err, size_t cap);

/* The --help text. */
void app_opts_usage(void *file);

/* Print the exit code table (for --list-exit-codes, the README and the man page). */
void app_opts_list_exit_codes(void *file);

const char *app_mode_name(enum app_mode m);

#endif
