/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amitui.conf: the Asterisk-style INI file with [general], [keys] and one section per profile. */
#ifndef AMITUI_APP_CONFIG_H
#define AMITUI_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/*
 * Profile settings: _(field, "key", kind, "default", "help")
 * kind: STR (copied), BOOL (yes/no/true/false/on/off/1/0), UINT, PERMS (class list,
 * kept as text and parsed by the user). One table drives parsing, defaults, the
 * man page's list and `amitui --list-settings`.
 */
#define APP_PROFILE_SETTINGS(_)                                                              \
	_(host, "host", STR, "127.0.0.1", "AMI server host name or address")                 \
	_(port, "port", UINT, "", "TCP port (default 5038, or 5039 with tls)")               \
	_(tls, "tls", BOOL, "no", "use TLS")                                                 \
	_(tls_ca, "tls_ca", STR, "", "CA file to verify the server (default: system store)") \
	_(tls_pin, "tls_pin", STR, "", "accept this SHA-256 certificate fingerprint")        \
	_(insecure, "insecure", BOOL, "no", "skip TLS verification (dangerous)")             \
	_(username, "username", STR, "", "AMI account name")                                 \
	_(secret, "secret", STR, "", "AMI secret (file must be mode 0600)")                  \
	_(secret_file, "secret_file", STR, "", "file holding the secret (mode 0600)")        \
	_(secret_env, "secret_env", STR, "", "environment variable holding the secret")      \
	_(auth, "auth", STR, "auto", "md5, plain or auto")                                   \
	_(events, "events", STR, "", "Login Events: mask (on, off, class list)")             \
	_(read_only, "read_only", BOOL, "no", "refuse every action that changes the PBX")    \
	_(label, "label", STR, "", "short label shown in the title bar (e.g. PROD)")         \
	_(color, "color", STR, "", "label colour: red, green, yellow, blue, magenta, cyan")  \
	_(expect_read, "expect_read", PERMS, "", "read classes the admin expects")           \
	_(expect_write, "expect_write", PERMS, "", "write classes the admin expects")        \
	_(keepalive, "keepalive", UINT, "15", "seconds between keepalive Pings (0: off)")    \
	_(timeout, "timeout", UINT, "10", "seconds to connect and per action")

/* [general]: _(field, "key", kind, "default", "help") */
#define APP_GENERAL_SETTINGS(_)                                                   \
	_(theme, "theme", STR, "default", "theme name or file")                   \
	_(scrollback, "scrollback", UINT, "64", "MiB of events kept in memory")   \
	_(default_profile, "profile", STR, "", "profile used when none is given") \
	_(ascii, "ascii", BOOL, "no", "ASCII line drawing")                       \
	_(mouse, "mouse", BOOL, "no", "enable the mouse")                         \
	_(history_size, "history", UINT, "1000", "CLI history lines kept per profile")

#define APP_CFG_STR_MAX 256
#define APP_MAX_PROFILES 64
#define APP_MAX_KEYS 128

struct app_profile {
	char name[64];
#define APP_FIELD_STR(f, k, kind, d, h) char f[APP_CFG_STR_MAX];
	APP_PROFILE_SETTINGS(APP_FIELD_STR)
#undef APP_FIELD_STR
	/* parsed forms of some fields */
	unsigned port_num;
	bool tls_on, insecure_on, read_only_on;
	unsigned keepalive_s, timeout_s;
	int defined_at; /* line of the [section] header */
};

struct app_keybind {
	char request[48]; /* a UI request name, e.g. "view-events" */
	char keys[64];	  /* e.g. "1" or "q,^C" */
	int line;
};

struct app_config {
	char path[1024]; /* "" when no file was read */
#define APP_GFIELD_STR(f, k, kind, d, h) char f[APP_CFG_STR_MAX];
	APP_GENERAL_SETTINGS(APP_GFIELD_STR)
#undef APP_GFIELD_STR
	unsigned scrollback_mib, history_lines;
	bool ascii_on, mouse_on;
	struct app_profile profiles[APP_MAX_PROFILES];
	size_t nprofiles;
	struct app_keybind keys[APP_MAX_KEYS];
	size_t nkeys;
	bool holds_secret; /* some profile has secret= */
	char err[512];	   /* "FILE:LINE: message" of the first error */
};

/* Defaults only (no file). */
void app_config_defaults(struct app_config *c);

/*
 * Read path into c (defaults first). A missing file is not an error when
 * must_exist is false. A file holding `secret =` must not be readable by group or
 * others (as ssh does for keys): that is refused with a message saying how to fix
 * it. Returns AMI_OK or AMI_E_CONFIG with c->err set.
 */
enum ami_status app_config_load(struct app_config *c, const char *path, bool must_exist);

/* Parse config text (for tests and the fuzzer); name is used in messages. */
enum ami_status app_config_parse(struct app_config *c, const char *name, const char *text,
				 size_t len);

/* $XDG_CONFIG_HOME/amitui/amitui.conf, or ~/.config/amitui/amitui.conf. */
void app_config_default_path(char *dst, size_t cap);

/* The profile named name (case-sensitive), or NULL. */
const struct app_profile *app_config_profile(const struct app_config *c, const char *name);

/* Fill p with profile defaults (for ad-hoc -H/-u connections). */
void app_profile_defaults(struct app_profile *p);

/*
 * Set one profile key from text (used by the parser and by command-line overrides).
 * Returns false with a message in err for an unknown key or a bad value.
 */
bool app_profile_set(struct app_profile *p, const char *key, const char *value, char *err,
		     size_t cap);

/* Print the settings tables (for --list-settings and the man page). */
void app_config_list_settings(void *file);

#endif
