/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asterisk-style configuration files (main/config.c syntax): categories, templates, variables. */
#ifndef AMITUI_SIM_CONF_H
#define AMITUI_SIM_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

/* One "name = value" (or "name => value") line; both sides trimmed as ast_strip() does. */
struct sim_conf_var {
	char *name;
	char *value;
	unsigned lineno;
	bool object;	/* written with "=>" */
	bool inherited; /* copied from a template category */
};

/*
 * One [category]. A template ([name](!)) is "ignored": it is skipped when categories
 * are browsed (manager users, GetConfig without TEMPLATES=include), as in Asterisk.
 */
struct sim_conf_cat {
	char *name;
	unsigned lineno;
	bool is_template;
	char *templates; /* "a,b": the templates it inherits from, NULL when none */
	struct sim_conf_var *vars;
	size_t nvars;
	size_t capvars;
};

struct sim_conf {
	struct sim_conf_cat *cats;
	size_t ncats;
	size_t capcats;
	char *dir; /* directory of the top-level file, for #include; NULL for text */
};

/* Non-fatal findings Asterisk only logs ("No '=' (equal sign) in line 3 of x.conf"). */
typedef void (*sim_conf_warn_fn)(void *arg, const char *file, unsigned line, const char *msg);

/*
 * Parse text (len bytes; NULs end a line early, as in C strings) named fname into c,
 * which must be zeroed or freshly freed. Returns AMI_OK, AMI_E_CONFIG with err holding
 * "file:line: message" for what Asterisk rejects as an invalid file (no category
 * context, no closing ']' or ')', unknown template, "+" on a missing category), or
 * AMI_E_NOMEM. warn (may be NULL) receives what Asterisk merely logs.
 */
enum ami_status sim_conf_parse(struct sim_conf *c, const char *text, size_t len, const char *fname,
			       sim_conf_warn_fn warn, void *arg, char *err, size_t errcap);

/* Read path (at most 4 MiB) and parse it; #include is resolved beside it. */
enum ami_status sim_conf_load(struct sim_conf *c, const char *path, sim_conf_warn_fn warn,
			      void *arg, char *err, size_t errcap);

void sim_conf_free(struct sim_conf *c);

/* First category named name (case-insensitive), templates included; NULL when none. */
struct sim_conf_cat *sim_conf_find(const struct sim_conf *c, const char *name);

/* First variable named name (case-insensitive) in cat; NULL when none. */
const char *sim_conf_get(const struct sim_conf_cat *cat, const char *name);

/* Editing, for UpdateConfig: all return AMI_OK or AMI_E_NOMEM. */
enum ami_status sim_conf_add_cat(struct sim_conf *c, const char *name, size_t at,
				 struct sim_conf_cat **out);
void sim_conf_del_cat(struct sim_conf *c, size_t index);
enum ami_status sim_conf_add_var(struct sim_conf_cat *cat, const char *name, const char *value,
				 unsigned lineno, bool object, size_t at);
void sim_conf_del_var(struct sim_conf_cat *cat, size_t index);
enum ami_status sim_conf_set_str(char **dst, const char *value);

/* A deep copy; AMI_E_NOMEM on failure (dst is then empty). */
enum ami_status sim_conf_copy(struct sim_conf *dst, const struct sim_conf *src);

/*
 * The file text as ast_config_text_file_save2() writes it: a ";!" header naming
 * the file and generator, then "[cat]" / "[cat](!)" / "[cat](tmpl)" blocks of
 * "name = value" lines. Comments of the original are not kept.
 */
void sim_conf_write(const struct sim_conf *c, const char *fname, const char *generator,
		    struct ami_buf *out);

#endif
