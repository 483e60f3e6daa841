/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLI engine's table and what its two files (cli.c, clicmds.c) share. */
#ifndef AMITUI_SIM_CLI_INT_H
#define AMITUI_SIM_CLI_INT_H

#include "server_int.h"

#define CLI_MAX_ARGS 64 /* AST_MAX_ARGS */
#define CLI_MAX_WORDS 16

enum cli_result { CLI_OK, CLI_SHOWUSAGE, CLI_FAIL };

struct cli_ctx {
	struct sim_server *srv;
	struct sim_session *s;
	struct ami_buf *out;
	bool tws; /* the completed line ended in blanks (for generators) */
};

typedef enum cli_result (*cli_fn)(struct cli_ctx *c, int argc, char **argv);

/* Completion candidates for the argument at pos (word is its start); added to out. */
struct cli_matches;
typedef void (*cli_gen_fn)(struct cli_ctx *c, int argc, char **argv, int pos, const char *word,
			   struct cli_matches *out);

struct cli_entry {
	const char *command; /* "core show uptime [seconds]" */
	const char *summary;
	const char *usage;
	cli_fn handler; /* NULL: the PBX model answers it */
	cli_gen_fn gen;
	const char *words[CLI_MAX_WORDS]; /* filled from command at start */
	int nwords;
};

/* The registered commands, sorted as Asterisk's helpers list; n receives the count. */
struct cli_entry *cli_table(size_t *n);

struct cli_matches *cli_matches_new(void);
const char *cli_matches_get(const struct cli_matches *m, size_t i);
void cli_matches_free(struct cli_matches *m);

/* Add a completion candidate (copied). */
void cli_matches_add(struct cli_matches *m, const char *word);

/* Every completion of word after text, unsorted (__ast_cli_generator() for all states). */
void cli_collect(struct cli_ctx *c, const char *text, const char *word, struct cli_matches *out);

/* ast_cli_completion_vector() as _command matchesarray prints it: the common prefix, then
 * each match sorted and deduplicated, each followed by a space, then "_EOF_". */
void cli_complete(struct cli_ctx *c, const char *text, const char *word, struct ami_buf *out);

/* find_cli(): the entry for argv (match_type 0, -1 or 1 as in Asterisk). */
struct cli_entry *cli_find(char *const *argv, int match_type);

/* help1(): the list "%-30s -- %s", optionally of commands starting with match. */
void cli_help_list(struct ami_buf *out, char *const *match);

#endif
