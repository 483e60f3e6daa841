/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Command action and main/cli.c's engine: parse_args, find_cli, find_best, help, completion. */
#include "cli_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char cli_rsvd[] = "[]{}|*%";

/* parse_args(): blanks split, double quotes group, a backslash escapes the next byte. */
int cli_parse_args(const char *s, char *buf, size_t cap, char **argv, int max, bool *tws)
{
	int x = 0;
	bool quoted = false, escaped = false, white = true;
	char *cur = buf, *end = buf + cap - 1;
	while (isspace((unsigned char)*s))
		s++;
	for (; *s && cur < end; s++) {
		if (x >= max - 1)
			break;
		if (*s == '"' && !escaped) {
			quoted = !quoted;
			if (quoted && white) {
				argv[x++] = cur;
				white = false;
			}
		} else if ((*s == ' ' || *s == '\t') && !(quoted || escaped)) {
			if (!white) {
				*cur++ = '\0';
				white = true;
			}
		} else if (*s == '\\' && !escaped) {
			escaped = true;
		} else {
			if (white) {
				argv[x++] = cur;
				white = false;
			}
			*cur++ = *s;
			escaped = false;
		}
	}
	*cur = '\0';
	argv[x] = NULL;
	if (tws)
		*tws = white;
	return x;
}

/* word_match(): -1 mismatch, 0 optional word skipped, 1 match. */
static int word_match(const char *cmd, const char *cli_word)
{
	if (!cmd || !*cmd || !cli_word || !*cli_word)
		return -1;
	if (!strchr(cli_rsvd, cli_word[0]))
		return strcasecmp(cmd, cli_word) == 0 ? 1 : -1;
	size_t l = strlen(cmd);
	if (cli_word[0] == '%')
		return 1;
	const char *pos = NULL;
	for (const char *p = cli_word; *p && !pos; p++)
		if (!strncasecmp(p, cmd, l))
			pos = p;
	if (!pos)
		return cli_word[0] == '[' ? 0 : -1;
	if (pos == cli_word)
		return -1;
	if (strchr(cli_rsvd, pos[-1]) && strchr(cli_rsvd, pos[l]))
		return 1;
	return -1;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

struct cli_entry *cli_find(char *const *cmds, int match_type)
{
	size_t n;
	struct cli_entry *t = cli_table(&n), *cand = NULL;
	long matchlen = -1;
	for (size_t i = 0; i < n; i++) {
		struct cli_entry *e = &t[i];
		int src = 0, dst = 0, k;
		for (;; dst++, src += k) {
			k = word_match(cmds[src], e->words[dst]);
			if (k < 0)
				break;
		}
		const char *d = e->words[dst];
		if (empty(d) || (d[0] == '[' && empty(e->words[dst + 1]))) {
			if (empty(cmds[src]))
				return e; /* exact match */
			if (match_type != 0)
				continue;
		} else {
			if (empty(cmds[src]))
				continue;
			if (match_type != -1 || !empty(cmds[src + 1]) || !empty(e->words[dst + 1]))
				continue;
		}
		if (src > matchlen) {
			matchlen = src;
			cand = e;
		}
	}
	return cand;
}

/* find_best(): how far the words get before nothing is close any more. */
static void find_best(char *const *argv, char *dst, size_t cap)
{
	char *my[CLI_MAX_ARGS + 1] = { NULL };
	int x;
	for (x = 0; argv[x] && x < CLI_MAX_ARGS; x++) {
		my[x] = argv[x];
		if (!cli_find(my, -1))
			break;
	}
	size_t len = 0;
	dst[0] = '\0';
	for (int i = 0; my[i] && len + 1 < cap; i++)
		len += (size_t)snprintf(dst + len, cap - len, "%s%s", i ? " " : "", my[i]);
}

void cli_help_list(struct ami_buf *out, char *const *match)
{
	char matchstr[80] = "";
	size_t len = 0, n;
	for (int i = 0; match && match[i] && len + 1 < sizeof matchstr; i++)
		len += (size_t)snprintf(matchstr + len, sizeof matchstr - len, "%s%s", i ? " " : "",
					match[i]);
	if (len >= sizeof matchstr)
		len = sizeof matchstr - 1;
	struct cli_entry *t = cli_table(&n);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].command[0] == '_' || (match && strncasecmp(matchstr, t[i].command, len)))
			continue;
		ami_buf_printf(out, "%-30s -- %s\n", t[i].command, t[i].summary);
		found++;
	}
	if (!found && matchstr[0])
		ami_buf_printf(out, "No such command '%s'.\n", matchstr);
}

/* ---- completion ---- */

struct cli_matches {
	char **v;
	size_t n;
	size_t cap;
};

struct cli_matches *cli_matches_new(void)
{
	return calloc(1, sizeof(struct cli_matches));
}

const char *cli_matches_get(const struct cli_matches *m, size_t i)
{
	return i < m->n ? m->v[i] : NULL;
}

void cli_matches_free(struct cli_matches *m)
{
	for (size_t i = 0; m && i < m->n; i++)
		free(m->v[i]);
	if (m)
		free(m->v);
	free(m);
}

void cli_matches_add(struct cli_matches *m, const char *word)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		char **v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return;
		m->v = v;
		m->cap = cap;
	}
	char *w = strdup(word);
	if (w)
		m->v[m->n++] = w;
}

/* is_prefix(): every way word starts token (one for a word, any of [a|b|c]). */
static void prefixes(const char *word, const char *token, struct cli_matches *m)
{
	if (empty(token))
		return;
	word = word ? word : "";
	size_t lw = strlen(word);
	if (strcspn(word, cli_rsvd) != lw)
		return;
	if (!strchr(cli_rsvd, token[0])) {
		if (!strncasecmp(token, word, lw))
			cli_matches_add(m, token);
		return;
	}
	char copy[256], *p = copy;
	snprintf(copy, sizeof copy, "%s", token + 1);
	while (p && *p) {
		char *s = p;
		size_t k = strcspn(p, cli_rsvd);
		p = p[k] ? p + k + 1 : NULL;
		s[k] = '\0';
		if (!*s)
			break;
		if (*s != '%' && !strncasecmp(s, word, lw))
			cli_matches_add(m, s);
	}
}

static bool more_words(const char *const *dst)
{
	for (int i = 0; dst[i]; i++)
		if (dst[i][0] != '[')
			return true;
	return false;
}

static int cmp_nocase(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

void cli_collect(struct cli_ctx *c, const char *text, const char *word, struct cli_matches *m)
{
	char buf[1024], *argv[CLI_MAX_ARGS + 1];
	bool tws;
	int x = cli_parse_args(text, buf, sizeof buf, argv, CLI_MAX_ARGS, &tws);
	int argindex = (!empty(word) && x > 0) ? x - 1 : x;
	bool saved = c->tws;
	c->tws = tws;
	size_t n;
	struct cli_entry *t = cli_table(&n);
	for (size_t i = 0; i < n; i++) {
		struct cli_entry *e = &t[i];
		if (e->command[0] == '_')
			continue;
		int src = 0, dst = 0, k = 0;
		for (; src < argindex; dst++, src += k) {
			k = word_match(argv[src], e->words[dst]);
			if (k < 0)
				break;
		}
		if (src != argindex && more_words(&e->words[dst]))
			continue;
		size_t before = m->n;
		prefixes(argv[src], e->words[dst], m);
		if (m->n == before && empty(e->words[dst]) && e->gen)
			e->gen(c, x, argv, argindex, word ? word : "", m);
	}
	c->tws = saved;
}

void cli_complete(struct cli_ctx *c, const char *text, const char *word, struct ami_buf *out)
{
	struct cli_matches m = { 0 };
	cli_collect(c, text, word, &m);
	if (m.n) {
		qsort(m.v, m.n, sizeof *m.v, cmp_nocase);
		size_t w = 1;
		for (size_t i = 1; i < m.n; i++) {
			if (strcasecmp(m.v[w - 1], m.v[i]) == 0)
				free(m.v[i]);
			else
				m.v[w++] = m.v[i];
		}
		m.n = w;
		/* entry 0: the longest prefix common to all (case-insensitive) */
		size_t common = strlen(m.v[0]);
		for (size_t i = 1; i < m.n; i++) {
			size_t j = 0;
			while (j < common && toupper((unsigned char)m.v[0][j]) ==
						 toupper((unsigned char)m.v[i][j]))
				j++;
			common = j;
		}
		ami_buf_printf(out, "%.*s ", (int)common, m.v[0]);
		for (size_t i = 0; i < m.n; i++)
			ami_buf_printf(out, "%s ", m.v[i]);
	}
	ami_buf_adds(out, "_EOF_");
	for (size_t i = 0; i < m.n; i++)
		free(m.v[i]);
	free(m.v);
}

/* ---- the Command action ---- */

/* check_blacklist(): the first two non-empty words, case-insensitively. */
static bool blacklisted(const char *cmd)
{
	static const char *const bl[][2] = { { "module", "load" },
					     { "module", "unload" },
					     { "restart", "gracefully" } };
	char copy[1024], *words[2] = { NULL, NULL };
	int n = 0;
	snprintf(copy, sizeof copy, "%s", cmd);
	for (char *p = copy; p && n < 2;) {
		char *sp = strchr(p, ' ');
		if (sp)
			*sp = '\0';
		char *w = p;
		while (isspace((unsigned char)*w))
			w++;
		size_t l = strlen(w);
		while (l && isspace((unsigned char)w[l - 1]))
			w[--l] = '\0';
		if (*w)
			words[n++] = w;
		p = sp ? sp + 1 : NULL;
	}
	for (size_t i = 0; i < sizeof bl / sizeof bl[0]; i++)
		if (words[0] && words[1] && !strcasecmp(words[0], bl[i][0]) &&
		    !strcasecmp(words[1], bl[i][1]))
			return true;
	return false;
}

/* ast_cli_command(): run the line, writing its output; false when it failed. */
static bool run_cli(struct cli_ctx *c, const char *line)
{
	char buf[1024], *argv[CLI_MAX_ARGS + 1];
	int argc = cli_parse_args(line, buf, sizeof buf, argv, CLI_MAX_ARGS, NULL);
	if (argc < 1)
		return true;
	struct cli_entry *e = cli_find(argv, 0);
	bool failed = false;
	if (e && e->handler) {
		enum cli_result r = e->handler(c, argc, argv);
		if (r == CLI_SHOWUSAGE)
			ami_buf_adds(c->out, e->usage ? e->usage
						      : "Invalid usage, but no usage information "
							"available.\n");
		else if (r == CLI_FAIL)
			ami_buf_printf(c->out, "Command '%s' failed.\n", line);
		return r == CLI_OK;
	}
	if (c->srv->pbx && sim_pbx_cli(c->srv->pbx, argc, argv, c->out, &failed))
		return !failed;
	char best[80];
	find_best(argv, best, sizeof best);
	ami_buf_printf(c->out,
		       "No such command '%s' (type 'core show help %s' for other possible "
		       "commands)\n",
		       line, best);
	return false;
}

/* term_strip(): drop ESC [ ... m colour sequences. */
static void term_strip(struct ami_buf *b)
{
	size_t w = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->p[i] == 0x1b && i + 1 < b->len && b->p[i + 1] == '[') {
			size_t j = i + 2;
			while (j < b->len && (isdigit((unsigned char)b->p[j]) || b->p[j] == ';'))
				j++;
			if (j < b->len && b->p[j] == 'm') {
				i = j;
				continue;
			}
		}
		b->p[w++] = b->p[i];
	}
	b->len = w;
	if (b->p)
		b->p[w] = '\0';
}

int act_command(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char cmd[1024];
	if (!*sim_msg_get(m, "Command", cmd, sizeof cmd)) {
		sim_reply_error(r, "No command provided");
		return 0;
	}
	if (blacklisted(cmd)) {
		sim_reply_error(r, "Command blacklisted");
		return 0;
	}
	struct ami_buf text;
	ami_buf_init(&text, 16u << 20);
	struct cli_ctx c = { .srv = s->srv, .s = s, .out = &text };
	bool ok = run_cli(&c, cmd);
	term_strip(&text);
	if (text.len && text.p[text.len - 1] == '\n')
		text.p[--text.len] = '\0';
	sim_reply_begin(r, ok ? "Success" : "Error", "Command output follows");
	const char *p = text.p ? text.p : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		ami_buf_adds(r->out, "Output: ");
		ami_buf_add(r->out, p, n);
		ami_buf_adds(r->out, "\r\n");
		if (!nl)
			break;
		p = nl + 1;
	}
	sim_reply_end(r);
	ami_buf_free(&text);
	return 0;
}
