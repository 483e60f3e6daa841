/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command-line parsing into struct app_opts; the usage text; the exit-code table. */
#include "app/opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	O_TLS = 256,
	O_TLS_CA,
	O_TLS_PIN,
	O_INSECURE,
	O_AUTH,
	O_EVENT_MASK,
	O_READ_ONLY,
	O_PROBE,
	O_DUMP,
	O_ACTION,
	O_JSON,
	O_CLASSES,
	O_EVENTS,
	O_FOR,
	O_EXPECT_READ,
	O_EXPECT_WRITE,
	O_DEMO,
	O_DEMO_USER,
	O_RECORD,
	O_REPLAY,
	O_SPEED,
	O_PAUSED,
	O_BUNDLE,
	O_REDACT_NUMBERS,
	O_ASCII,
	O_MOUSE,
	O_LIST_SETTINGS,
	O_LIST_EXIT_CODES,
	O_SECRET,
};

static const struct option longopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "config", required_argument, NULL, 'c' },
	{ "host", required_argument, NULL, 'H' },
	{ "port", required_argument, NULL, 'P' },
	{ "user", required_argument, NULL, 'u' },
	{ "tls", no_argument, NULL, O_TLS },
	{ "tls-ca", required_argument, NULL, O_TLS_CA },
	{ "tls-pin", required_argument, NULL, O_TLS_PIN },
	{ "insecure", no_argument, NULL, O_INSECURE },
	{ "auth", required_argument, NULL, O_AUTH },
	{ "event-mask", required_argument, NULL, O_EVENT_MASK },
	{ "read-only", no_argument, NULL, O_READ_ONLY },
	{ "probe", no_argument, NULL, O_PROBE },
	{ "dump", no_argument, NULL, O_DUMP },
	{ "action", required_argument, NULL, O_ACTION },
	{ "json", no_argument, NULL, O_JSON },
	{ "classes", required_argument, NULL, O_CLASSES },
	{ "events", required_argument, NULL, O_EVENTS },
	{ "for", required_argument, NULL, O_FOR },
	{ "expect-read", required_argument, NULL, O_EXPECT_READ },
	{ "expect-write", required_argument, NULL, O_EXPECT_WRITE },
	{ "demo", no_argument, NULL, O_DEMO },
	{ "demo-user", required_argument, NULL, O_DEMO_USER },
	{ "record", required_argument, NULL, O_RECORD },
	{ "replay", required_argument, NULL, O_REPLAY },
	{ "speed", required_argument, NULL, O_SPEED },
	{ "paused", no_argument, NULL, O_PAUSED },
	{ "bundle", required_argument, NULL, O_BUNDLE },
	{ "redact-numbers", no_argument, NULL, O_REDACT_NUMBERS },
	{ "theme", required_argument, NULL, 't' },
	{ "ascii", no_argument, NULL, O_ASCII },
	{ "mouse", no_argument, NULL, O_MOUSE },
	{ "list-settings", no_argument, NULL, O_LIST_SETTINGS },
	{ "list-exit-codes", no_argument, NULL, O_LIST_EXIT_CODES },
	{ "secret", required_argument, NULL, O_SECRET },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const mode_names[] = {
#define APP_MODE_NAME(name, label) label,
	APP_MODE_INFO(APP_MODE_NAME)
#undef APP_MODE_NAME
};

const char *app_mode_name(enum app_mode m)
{
	return (unsigned)m < sizeof mode_names / sizeof mode_names[0] ? mode_names[m] : "?";
}

static bool copy(char *dst, size_t cap, const char *src, const char *what, char *err, size_t ecap)
{
	if (strlen(src) >= cap) {
		snprintf(err, ecap, "%s: value too long", what);
		return false;
	}
	memcpy(dst, src, strlen(src) + 1);
	return true;
}

static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || v < 0 || v > 1e9)
		return false;
	*out = v;
	return true;
}

static bool set_mode(struct app_opts *o, enum app_mode m, char *err, size_t cap)
{
	if (o->mode != APP_MODE_CONSOLE && o->mode != m) {
		snprintf(err, cap, "--%s and --%s cannot be combined", app_mode_name(o->mode),
			 app_mode_name(m));
		return false;
	}
	o->mode = m;
	return true;
}

#define COPY(field, what) copy(field, sizeof field, optarg, what, err, cap)

/* One option; false with err set on a bad value. */
static bool one(struct app_opts *o, int c, char *err, size_t cap)
{
	switch (c) {
	case 'p':
		return COPY(o->profile, "--profile");
	case 'c':
		return COPY(o->config, "--config");
	case 'H':
		return COPY(o->ov.host, "--host");
	case 'P':
		return COPY(o->ov.port, "--port");
	case 'u':
		return COPY(o->ov.user, "--user");
	case 't':
		return COPY(o->theme, "--theme");
	case O_TLS:
		o->ov.tls = true;
		return true;
	case O_TLS_CA:
		return COPY(o->ov.tls_ca, "--tls-ca");
	case O_TLS_PIN:
		return COPY(o->ov.tls_pin, "--tls-pin");
	case O_INSECURE:
		o->ov.insecure = true;
		return true;
	case O_AUTH:
		return COPY(o->ov.auth, "--auth");
	case O_EVENT_MASK:
		return COPY(o->ov.event_mask, "--event-mask");
	case O_READ_ONLY:
		o->ov.read_only = true;
		return true;
	case O_PROBE:
		return set_mode(o, APP_MODE_PROBE, err, cap);
	case O_DUMP:
		return set_mode(o, APP_MODE_DUMP, err, cap);
	case O_ACTION:
		return set_mode(o, APP_MODE_ACTION, err, cap) && COPY(o->action, "--action");
	case O_JSON:
		o->json = true;
		return true;
	case O_CLASSES:
		return COPY(o->classes, "--classes");
	case O_EVENTS:
		return COPY(o->events, "--events");
	case O_EXPECT_READ:
		o->expect_read_set = true;
		return COPY(o->expect_read, "--expect-read");
	case O_EXPECT_WRITE:
		o->expect_write_set = true;
		return COPY(o->expect_write, "--expect-write");
	case O_DEMO:
		o->demo = true;
		return true;
	case O_DEMO_USER:
		o->demo = true;
		return COPY(o->demo_user, "--demo-user");
	case O_RECORD:
		return COPY(o->record, "--record");
	case O_REPLAY:
		return COPY(o->replay, "--replay");
	case O_PAUSED:
		o->paused = true;
		return true;
	case O_BUNDLE:
		return COPY(o->bundle, "--bundle");
	case O_REDACT_NUMBERS:
		o->redact_numbers = true;
		return true;
	case O_ASCII:
		o->ascii = true;
		return true;
	case O_MOUSE:
		o->mouse = true;
		return true;
	case 'v':
		o->verbose++;
		return true;
	case 'h':
		return set_mode(o, APP_MODE_HELP, err, cap);
	case 'V':
		return set_mode(o, APP_MODE_VERSION, err, cap);
	case O_LIST_SETTINGS:
		snprintf(o->list_what, sizeof o->list_what, "settings");
		return set_mode(o, APP_MODE_LIST, err, cap);
	case O_LIST_EXIT_CODES:
		snprintf(o->list_what, sizeof o->list_what, "exit-codes");
		return set_mode(o, APP_MODE_LIST, err, cap);
	case O_FOR:
		if (parse_seconds(optarg, &o->for_seconds))
			return true;
		snprintf(err, cap, "--for: '%s' is not a number of seconds", optarg);
		return false;
	case O_SPEED:
		if (strcmp(optarg, "max") == 0)
			return o->speed = 0, true;
		if (parse_seconds(optarg, &o->speed) && o->speed > 0)
			return true;
		snprintf(err, cap, "--speed: expected a factor such as 1, 10 or max, not '%s'",
			 optarg);
		return false;
	case O_SECRET:
		snprintf(err, cap,
			 "secrets are never taken from the command line (other users can read "
			 "it in ps): use secret_file in the profile, AMITUI_SECRET, or the prompt");
		return false;
	default:
		snprintf(err, cap, "unknown option (try --help)");
		return false;
	}
}

/* --bundle alone is its own mode; with --dump it rides along. */
static bool check_bundle(struct app_opts *o, char *err, size_t cap)
{
	if (!*o->bundle)
		return true;
	if (o->mode == APP_MODE_CONSOLE)
		o->mode = APP_MODE_BUNDLE;
	if (o->mode != APP_MODE_BUNDLE && o->mode != APP_MODE_DUMP) {
		snprintf(err, cap,
			 "--bundle goes alone (with --replay or a server) or with --dump");
		return false;
	}
	return true;
}

static bool check(struct app_opts *o, char *err, size_t cap)
{
	if (*o->ov.auth && strcasecmp(o->ov.auth, "md5") != 0 &&
	    strcasecmp(o->ov.auth, "plain") != 0 && strcasecmp(o->ov.auth, "auto") != 0) {
		snprintf(err, cap, "--auth must be md5, plain or auto");
		return false;
	}
	if (*o->ov.port) {
		char *end;
		long p = strtol(o->ov.port, &end, 10);
		if (*end || p < 1 || p > 65535) {
			snprintf(err, cap, "--port must be 1-65535, not '%s'", o->ov.port);
			return false;
		}
	}
	if (!check_bundle(o, err, cap))
		return false;
	if ((o->json || *o->classes || *o->events || o->for_seconds > 0) &&
	    o->mode != APP_MODE_DUMP && o->mode != APP_MODE_PROBE && o->mode != APP_MODE_ACTION &&
	    (o->mode != APP_MODE_BUNDLE || o->json || *o->classes || *o->events)) {
		snprintf(err, cap,
			 "--json, --classes, --events and --for go with --dump, "
			 "--probe or --action (and --for with --bundle)");
		return false;
	}
	if (o->paused && (o->mode != APP_MODE_CONSOLE || !*o->replay)) {
		snprintf(err, cap, "--paused goes with --replay in the console");
		return false;
	}
	if ((o->expect_read_set || o->expect_write_set) && o->mode != APP_MODE_PROBE) {
		snprintf(err, cap, "--expect-read/--expect-write go with --probe");
		return false;
	}
	if (*o->record && *o->replay) {
		snprintf(err, cap, "--record and --replay cannot be combined");
		return false;
	}
	return true;
}

/* Key=Value arguments after --action NAME. */
static bool action_args(struct app_opts *o, int argc, char **argv, char *err, size_t cap)
{
	for (int i = optind; i < argc; i++) {
		if (o->mode != APP_MODE_ACTION) {
			snprintf(err, cap, "unexpected argument '%s'", argv[i]);
			return false;
		}
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			snprintf(err, cap, "action argument '%s' is not Key=Value", argv[i]);
			return false;
		}
		if (strncasecmp(argv[i], "Secret=", 7) == 0 ||
		    strncasecmp(argv[i], "Key=", 4) == 0) {
			snprintf(err, cap, "secrets are never taken from the command line");
			return false;
		}
		if (o->naction_args == APP_MAX_ACTION_ARGS) {
			snprintf(err, cap, "more than %d action arguments", APP_MAX_ACTION_ARGS);
			return false;
		}
		o->action_args[o->naction_args++] = argv[i];
	}
	return true;
}

enum app_exit app_opts_parse(struct app_opts *o, int argc, char **argv, char *err, size_t cap)
{
	memset(o, 0, sizeof *o);
	o->mode = APP_MODE_CONSOLE;
	o->speed = 1;
	err[0] = '\0';
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "p:c:H:P:u:t:vhV", longopts, NULL)) != -1) {
		if (c == '?') {
			const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
			snprintf(err, cap, "%s: unknown option or missing value (try --help)", arg);
			return APP_EXIT_USAGE;
		}
		if (!one(o, c, err, cap))
			return APP_EXIT_USAGE;
	}
	if (!action_args(o, argc, argv, err, cap) || !check(o, err, cap))
		return APP_EXIT_USAGE;
	return APP_EXIT_OK;
}

void app_opts_usage(void *file)
{
	fputs(
	    "usage: amitui [-p PROFILE] [connection options] [mode] [options]\n"
	    "\n"
	    "Modes (default: the console):\n"
	    "  --probe                 log in, print the rights card, exit\n"
	    "  --dump                  print live events, one per line\n"
	    "  --action NAME [K=V...]  send one action, print the reply and its list events\n"
	    "  --demo [--demo-user U]  start the built-in demo PBX (amisim) and connect to it\n"
	    "  --replay FILE           open a recording or a bare AMI capture instead of a\n"
	    "                          server (--speed N|max; --paused: the console starts\n"
	    "                          paused, . steps one event)\n"
	    "  --bundle FILE           write a ticket bundle (events, calls, rights card,\n"
	    "                          versions) when done: alone, or with --dump\n"
	    "\n"
	    "Connection:\n"
	    "  -p, --profile NAME      profile from amitui.conf\n"
	    "  -c, --config FILE       config file (default $XDG_CONFIG_HOME/amitui/amitui.conf)\n"
	    "  -H, --host HOST         -P, --port PORT          -u, --user NAME\n"
	    "  --tls  --tls-ca FILE  --tls-pin SHA256  --insecure (skip verification: loud)\n"
	    "  --auth md5|plain|auto   --event-mask MASK (Login's Events header)\n"
	    "  --read-only             refuse every action that changes the PBX\n"
	    "  The secret comes from the profile's secret_file (mode 0600), the profile's\n"
	    "  secret_env or AMITUI_SECRET, or a no-echo prompt; never from the command line.\n"
	    "\n"
	    "Output (--dump, --probe, --action):\n"
	    "  --json                  JSON (Lines for --dump)\n"
	    "  --classes LIST          --events NAMES            --for SECONDS\n"
	    "  --expect-read LIST      --expect-write LIST (--probe: exit 3 on difference)\n"
	    "  --record FILE           keep the AMI bytes received (secrets redacted)\n"
	    "  --redact-numbers        also redact caller numbers in recordings\n"
	    "\n"
	    "Console: -t, --theme NAME|FILE   --ascii   --mouse\n"
	    "Other:   --list-settings  --list-exit-codes  -v  -h, --help  -V, --version\n",
	    file);
}

void app_opts_list_exit_codes(void *file)
{
#define APP_EXIT_ROW(name, val, msg) fprintf(file, "%3d  %s\n", val, msg);
	APP_EXIT_INFO(APP_EXIT_ROW)
#undef APP_EXIT_ROW
}
