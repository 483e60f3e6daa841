/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manager.conf as __init_manager() reads it: [general] settings and the users with their rights. */
#ifndef AMITUI_SIM_MGRCONF_H
#define AMITUI_SIM_MGRCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "sim/acl.h"
#include "sim/conf.h"

/* An eventfilter line kept as written; compiled into each session at login. */
struct sim_user_filter {
	char *criteria; /* the variable name: "eventfilter" or "eventfilter(...)" */
	char *pattern;
};

struct sim_user {
	char name[80];
	char *secret; /* NULL when there is no secret= (such a user never logs in) */
	uint32_t readperm;
	uint32_t writeperm;
	int writetimeout; /* ms, at least 100 */
	bool displayconnects;
	bool allowmultiplelogin;
	struct sim_acl acl;
	struct sim_user_filter *filters;
	size_t nfilters;
	char **setvars; /* "name=value", in the order Originate applies them */
	size_t nsetvars;
};

struct sim_mgrconf {
	bool enabled;
	bool webenabled;
	bool timestampevents;
	bool allowmultiplelogin;
	bool displayconnects;
	bool brokeneventsaction;
	bool debug;
	int authtimeout; /* seconds */
	int authlimit;
	int httptimeout;
	unsigned port;
	char bindaddr[64]; /* numeric host, "" = "::" (any, dual stack) */
	bool tls_enabled;
	char tls_bindaddr[64];
	unsigned tls_port; /* 0 = default (5039) */
	char *tls_certfile;
	char *tls_privatekey;
	char *tls_cipher;
	char *channelvars;
	char *disabledevents;
	struct sim_user *users;
	size_t nusers;
	struct sim_conf conf; /* the file itself, for GetConfig/UpdateConfig */
};

/*
 * Interpret a parsed file (taken over: c is emptied). Unknown [general] keys, invalid
 * numbers and invalid ACL lines are reported through warn as Asterisk logs them; a
 * user with an invalid ACL line is dropped, as in Asterisk. Returns AMI_OK or
 * AMI_E_NOMEM.
 */
enum ami_status sim_mgrconf_from(struct sim_mgrconf *m, struct sim_conf *c, const char *fname,
				 sim_conf_warn_fn warn, void *arg);

/* Load a manager.conf file: AMI_OK, or an error with err "file:line: message". */
enum ami_status sim_mgrconf_load(struct sim_mgrconf *m, const char *path, sim_conf_warn_fn warn,
				 void *arg, char *err, size_t errcap);

/* The built-in demo configuration: the fixture accounts (secret = name + "pw"), no TLS. */
enum ami_status sim_mgrconf_demo(struct sim_mgrconf *m);
extern const char sim_mgrconf_demo_text[];

/* Case-insensitive user lookup (get_manager_by_name_locked); NULL when unknown. */
const struct sim_user *sim_mgrconf_user(const struct sim_mgrconf *m, const char *name);

void sim_mgrconf_free(struct sim_mgrconf *m);

/* ast_true()/ast_false() words. */
bool sim_true(const char *s);
bool sim_false(const char *s);

#endif
