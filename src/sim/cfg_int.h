/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What cfgact.c and cfgupdate.c share: resolving a Filename in the simulated config dir. */
#ifndef AMITUI_SIM_CFG_INT_H
#define AMITUI_SIM_CFG_INT_H

#include "server_int.h"

enum lookup { LK_OK, LK_NOT_FOUND, LK_RESTRICTED, LK_INVALID };

/* One resolved file: manager.conf itself, a virtual file, or a disk file read once. */
struct cfgfile {
	struct sim_conf *conf;
	struct sim_conf tmp; /* owns a disk file's parse */
	bool manager;
	char rel[256]; /* the name inside the config dir; "" when outside */
};

/* is_restricted_file() then ast_config_load2() against the config dir (srv->confdir). */
enum lookup cfg_resolve(struct sim_server *srv, const char *name, struct cfgfile *f);
void cfg_release(struct cfgfile *f);
/* does_category_match(): name (case-insensitive), "var=value" items and TEMPLATES=. */
bool cfg_cat_matches(const struct sim_conf_cat *cat, const char *name, const char *filter);
/* The error reply for a failed lookup; false when lk is LK_OK. */
bool cfg_lookup_error(struct sim_reply *r, enum lookup lk);

#endif
