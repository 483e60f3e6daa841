/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLI commands amisim knows: the server's own, and the PBX model's names for help/completion. */
#include "cli_int.h"

#include "core/catalog.h"
#include "core/perms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BUILT                                                                                \
	"Asterisk " SIM_ASTERISK_VERSION " built by root @ vm on a x86_64 running Linux on " \
	"2026-11-27 09:51:33 UTC"

/* ---- handlers ---- */

static enum cli_result bang(struct cli_ctx *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	return CLI_OK;
}

static enum cli_result version(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 3)
		return CLI_SHOWUSAGE;
	ami_buf_adds(c->out, BUILT "\n");
	return CLI_OK;
}

/* print_uptimestr() */
static void uptime_line(struct ami_buf *out, const struct timeval *since, const char *prefix,
			bool secs)
{
	struct timeval now;
	gettimeofday(&now, NULL);
	long t = (long)(now.tv_sec - since->tv_sec) - (now.tv_usec < since->tv_usec);
	if (t < 0)
		return;
	if (secs) {
		ami_buf_printf(out, "%s: %lu\n", prefix, (unsigned long)t);
		return;
	}
	static const struct {
		long len;
		const char *name;
	} units[] = { { 86400 * 365, "year" },
		      { 86400 * 7, "week" },
		      { 86400, "day" },
		      { 3600, "hour" },
		      { 60, "minute" } };
	char text[256] = "";
	size_t n = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (t > units[i].len) {
			long x = t / units[i].len;
			t -= x * units[i].len;
			n += (size_t)snprintf(text + n, sizeof text - n, "%ld %s%s%s", x,
					      units[i].name, x == 1 ? "" : "s", t ? ", " : "");
		}
	}
	if (t > 0 || n == 0)
		snprintf(text + n, sizeof text - n, "%ld second%s", t, t == 1 ? "" : "s");
	ami_buf_printf(out, "%s: %s\n", prefix, text);
}

static enum cli_result uptime(struct cli_ctx *c, int argc, char **argv)
{
	bool secs = argc == 4 && !strcasecmp(argv[3], "seconds");
	if (argc != 3 && !secs)
		return CLI_SHOWUSAGE;
	uptime_line(c->out, &c->srv->startup, "System uptime", secs);
	uptime_line(c->out, &c->srv->lastreload, "Last reload", secs);
	return CLI_OK;
}

static enum cli_result help(struct cli_ctx *c, int argc, char **argv)
{
	if (argc == 3) {
		cli_help_list(c->out, NULL);
		return CLI_OK;
	}
	struct cli_entry *e = cli_find(argv + 3, 1);
	if (!e) {
		cli_help_list(c->out, argv + 3);
		return CLI_OK;
	}
	ami_buf_adds(c->out, e->usage);
	return CLI_OK;
}

static void gen_help(struct cli_ctx *c, int argc, char **argv, int pos, const char *word,
		     struct cli_matches *m)
{
	(void)pos;
	char line[1024] = "";
	size_t n = 0;
	for (int i = 0; i < argc && n + 1 < sizeof line; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", i ? " " : "", argv[i]);
	if (c->tws && n + 1 < sizeof line)
		line[n++] = ' ', line[n] = '\0';
	cli_collect(c, n > 15 ? line + 15 : line + n, word, m);
}

static enum cli_result core_reload(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 2)
		return CLI_SHOWUSAGE;
	mod_reload(c->srv, NULL);
	return CLI_OK;
}

static enum cli_result waitbooted(struct cli_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	ami_buf_adds(c->out, "Asterisk has fully booted.\n");
	return CLI_OK;
}

static enum cli_result show_connected(struct cli_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	time_t now = time(NULL);
	int count = 0;
	ami_buf_printf(
	    c->out,
	    "  %-15.15s  %-55.55s  %-10.10s  %-10.10s  %-8.8s  %-8.8s  %-10.10s  %-10.10s\n",
	    "Username", "IP Address", "Start", "Elapsed", "FileDes", "HttpCnt", "ReadPerms",
	    "WritePerms");
	for (struct sim_session *s = c->srv->head; s; s = s->next) {
		if (s->state == SS_DEAD || s->state == SS_HANDSHAKE)
			continue;
		ami_buf_printf(
		    c->out, "  %-15.15s  %-55.55s  %-10d  %-10d  %-8d  %-8d  %-10.10d  %-10.10d\n",
		    s->username, s->peer_host, (int)s->sessionstart, (int)(now - s->sessionstart),
		    s->fd, 0, (int)s->readperm, (int)s->writeperm);
		count++;
	}
	ami_buf_printf(c->out, "%d users connected.\n", count);
	return CLI_OK;
}

static enum cli_result show_users(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 3)
		return CLI_SHOWUSAGE;
	const struct sim_mgrconf *m = &c->srv->cfg;
	if (!m->nusers) {
		ami_buf_adds(c->out, "There are no manager users.\n");
		return CLI_OK;
	}
	ami_buf_adds(c->out, "\nusername\n--------\n");
	for (size_t i = 0; i < m->nusers; i++)
		ami_buf_printf(c->out, "%s\n", m->users[i].name);
	ami_buf_printf(c->out, "-------------------\n%zu manager users configured.\n", m->nusers);
	return CLI_OK;
}

static enum cli_result show_user(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 4)
		return CLI_SHOWUSAGE;
	const struct sim_user *u = sim_mgrconf_user(&c->srv->cfg, argv[3]);
	if (!u) {
		ami_buf_printf(c->out, "There is no manager called %s\n", argv[3]);
		return CLI_OK;
	}
	char rd[256], wr[256];
	ami_perm_format_user(u->readperm, rd, sizeof rd);
	ami_perm_format_user(u->writeperm, wr, sizeof wr);
	ami_buf_printf(c->out,
		       "\n          username: %s\n            secret: %s\n               ACL: %s\n"
		       "         read perm: %s\n        write perm: %s\n   displayconnects: %s\n"
		       "allowmultiplelogin: %s\n         Variables: \n",
		       u->name, u->secret ? "<Set>" : "(N/A)", u->acl.used ? "yes" : "no", rd, wr,
		       u->displayconnects ? "yes" : "no", u->allowmultiplelogin ? "yes" : "no");
	for (size_t i = 0; i < u->nsetvars; i++) {
		const char *eq = strchr(u->setvars[i], '=');
		ami_buf_printf(c->out, "                 %.*s = %s\n", (int)(eq - u->setvars[i]),
			       u->setvars[i], eq + 1);
	}
	sim_acl_output(&u->acl, c->out);
	return CLI_OK;
}

static void gen_users(struct cli_ctx *c, int argc, char **argv, int pos, const char *word,
		      struct cli_matches *m)
{
	(void)argc;
	(void)argv;
	if (pos != 3)
		return;
	for (size_t i = 0; i < c->srv->cfg.nusers; i++)
		if (!strncasecmp(word, c->srv->cfg.users[i].name, strlen(word)))
			cli_matches_add(m, c->srv->cfg.users[i].name);
}

static enum cli_result show_command(struct cli_ctx *c, int argc, char **argv)
{
	if (argc < 4)
		return CLI_SHOWUSAGE;
	size_t n;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	for (size_t i = 0; i < n; i++) {
		if (!(t[i].flags & AMI_ACT_SIM))
			continue;
		for (int a = 3; a < argc; a++) {
			if (strcasecmp(t[i].name, argv[a]))
				continue;
			char priv[256];
			ami_perm_format(t[i].authority, priv, sizeof priv);
			ami_buf_printf(
			    c->out,
			    "\n  -= Info about Manager Command '%s' =- \n\n[Synopsis]\n%s\n\n"
			    "[Since]\nNot available\n\n[Description]\nNot available\n\n"
			    "[Syntax]\nNot available\n\n[Arguments]\nNot available\n\n"
			    "[Privilege]\n%s\n\n[See Also]\nNot available\n\n"
			    "[List Responses]\nNone\n\n[End List Responses]\n\n"
			    "[Final Response]\nNone\n\n[End Final Response]\n",
			    t[i].name, t[i].synopsis, priv);
		}
	}
	return CLI_OK;
}

static void gen_actions(struct cli_ctx *c, int argc, char **argv, int pos, const char *word,
			struct cli_matches *m)
{
	(void)c;
	(void)argc;
	(void)argv;
	(void)pos;
	size_t n;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	for (size_t i = 0; i < n; i++)
		if ((t[i].flags & AMI_ACT_SIM) && !strncasecmp(word, t[i].name, strlen(word)))
			cli_matches_add(m, t[i].name);
}

static enum cli_result show_commands(struct cli_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	size_t n;
	int width = 1;
	const struct ami_catalog_entry *t = ami_catalog(&n);
	for (size_t i = 0; i < n; i++)
		if ((t[i].flags & AMI_ACT_SIM) && (int)strlen(t[i].name) > width)
			width = (int)strlen(t[i].name);
	int room = 80 - width - 4 > 0 ? 80 - width - 4 : 0;
	ami_buf_printf(c->out, "  %-*.*s  %-.*s\n", width, width, "Action", room, "Synopsis");
	ami_buf_printf(c->out, "  %-*.*s  %-.*s\n", width, width, "------", room, "--------");
	for (size_t i = 0; i < n; i++)
		if (t[i].flags & AMI_ACT_SIM)
			ami_buf_printf(c->out, "  %-*.*s  %-.*s\n", width, width, t[i].name, room,
				       t[i].synopsis);
	return CLI_OK;
}

static enum cli_result show_settings(struct cli_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct sim_mgrconf *m = &c->srv->cfg;
	char tcp[96] = "Disabled", tls[96] = "Disabled";
	for (size_t i = 0; i < c->srv->nlst; i++) {
		const struct sim_listener *l = &c->srv->lst[i];
		bool v6 = l->addr.ss_family == AF_INET6;
		snprintf(l->tls ? tls : tcp, sizeof tcp, v6 ? "[%s]:%u" : "%s:%u", l->host,
			 l->port);
	}
	struct ami_buf *o = c->out;
	ami_buf_adds(o, "\nGlobal Settings:\n----------------\n");
	ami_buf_printf(o, "  %-25.25s  %-15.55s\n", "Manager (AMI):", m->enabled ? "Yes" : "No");
	ami_buf_printf(o, "  %-25.25s  %-15.55s\n",
		       "Web Manager (AMI/HTTP):", m->webenabled ? "Yes" : "No");
	ami_buf_printf(o, "  %-25.25s  %-15.55s\n", "TCP Bindaddress:", tcp);
	ami_buf_printf(o, "  %-25.25s  %-15.55s\n", "TLS Bindaddress:", tls);
	ami_buf_printf(o, "  %-25.25s  %-15d\n", "Allow multiple login:", m->allowmultiplelogin);
	ami_buf_printf(o, "  %-25.25s  %-15d\n", "Display connects:", m->displayconnects);
	ami_buf_printf(o, "  %-25.25s  %-15d\n", "Timestamp events:", m->timestampevents);
	ami_buf_printf(o, "  %-25.25s  %s\n",
		       "Channel vars:", m->channelvars ? m->channelvars : "");
	ami_buf_printf(o, "  %-25.25s  %s\n",
		       "Disabled events:", m->disabledevents ? m->disabledevents : "");
	ami_buf_printf(o, "  %-25.25s  %-15d\n", "Debug:", m->debug);
	ami_buf_adds(o, "\n");
	return CLI_OK;
}

static enum cli_result show_eventq(struct cli_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct sim_evq *q = &c->srv->bus->evq;
	for (uint64_t i = q->tail; i < q->head; i++) {
		const struct sim_event *e = sim_evq_get(q, i);
		ami_buf_printf(c->out, "Usecount: %d\nCategory: %u\nEvent:\n%s", 0, e->category,
			       sim_event_text(e));
	}
	return CLI_OK;
}

static enum cli_result manager_reload(struct cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 2)
		return CLI_SHOWUSAGE;
	char err[256];
	if (srv_reload_config(c->srv, err, sizeof err) != AMI_OK)
		fprintf(stderr, "amisim: manager reload: %s\n", err);
	return CLI_OK;
}

static enum cli_result kick(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 4)
		return CLI_SHOWUSAGE;
	int fd = atoi(argv[3]);
	if (fd <= 0) {
		ami_buf_printf(c->out, "Invalid AMI file descriptor: %s\n", argv[3]);
		return CLI_FAIL;
	}
	for (struct sim_session *s = c->srv->head; s; s = s->next) {
		if (s->fd != fd || s->state == SS_DEAD)
			continue;
		ami_buf_printf(c->out,
			       "Kicking manager session connected using file descriptor %d\n", fd);
		if (s == c->s)
			s->state = SS_CLOSING; /* after this reply */
		else
			sess_close(s, "kicked");
		return CLI_OK;
	}
	ami_buf_printf(c->out, "No manager session found using file descriptor %d\n", fd);
	return CLI_OK;
}

static bool manager_debug;

static enum cli_result set_debug(struct cli_ctx *c, int argc, char **argv)
{
	if (argc == 3) {
		ami_buf_printf(c->out, "manager debug is %s\n", manager_debug ? "on" : "off");
	} else if (argc == 4) {
		if (!strcasecmp(argv[3], "on"))
			manager_debug = true;
		else if (!strcasecmp(argv[3], "off"))
			manager_debug = false;
		else
			return CLI_SHOWUSAGE;
	}
	return CLI_OK;
}

static enum cli_result module_reload(struct cli_ctx *c, int argc, char **argv)
{
	if (argc == 2) {
		mod_reload(c->srv, NULL);
		return CLI_OK;
	}
	for (int x = 2; x < argc; x++) {
		switch (mod_reload(c->srv, argv[x])) {
		case SIM_RELOAD_NOT_FOUND:
			ami_buf_printf(c->out, "No such module '%s'\n", argv[x]);
			break;
		case SIM_RELOAD_NOT_IMPLEMENTED:
			ami_buf_printf(c->out, "The module '%s' does not support reloads\n",
				       argv[x]);
			break;
		case SIM_RELOAD_UNINITIALIZED:
			ami_buf_printf(
			    c->out,
			    "The module '%s' was not properly initialized. Before "
			    "reloading the module, you must run \"module load %s\" and fix "
			    "whatever is preventing the module from being initialized.\n",
			    argv[x], argv[x]);
			break;
		case SIM_RELOAD_SUCCESS:
			ami_buf_printf(c->out, "Module '%s' reloaded successfully.\n", argv[x]);
			break;
		default:
			ami_buf_printf(c->out, "The module '%s' reported a reload failure\n",
				       argv[x]);
			break;
		}
	}
	return CLI_OK;
}

static enum cli_result module_show(struct cli_ctx *c, int argc, char **argv)
{
	if (argc == 3 || argc > 4 || (argc == 4 && strcasecmp(argv[2], "like")))
		return CLI_SHOWUSAGE;
	mod_show(c->out, argc == 4 ? argv[3] : NULL);
	return CLI_OK;
}

static enum cli_result module_load(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 3)
		return CLI_SHOWUSAGE;
	ami_buf_printf(c->out, "Unable to load module %s\n", argv[2]);
	return CLI_FAIL;
}

static enum cli_result cmd_matchesarray(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 4)
		return CLI_SHOWUSAGE;
	cli_complete(c, argv[2], argv[3], c->out);
	return CLI_OK;
}

static enum cli_result cmd_complete(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 5)
		return CLI_SHOWUSAGE;
	struct cli_matches *m = cli_matches_new();
	if (!m)
		return CLI_FAIL;
	cli_collect(c, argv[2], argv[3], m);
	const char *w = cli_matches_get(m, (size_t)atoi(argv[4]));
	ami_buf_printf(c->out, "%s", w ? w : "NULL\n");
	cli_matches_free(m);
	return CLI_OK;
}

static enum cli_result cmd_nummatches(struct cli_ctx *c, int argc, char **argv)
{
	if (argc != 4)
		return CLI_SHOWUSAGE;
	struct ami_buf tmp;
	ami_buf_init(&tmp, 0);
	cli_complete(c, argv[2], argv[3], &tmp);
	/* the vector holds the common prefix first when there is any match */
	int words = 0;
	for (const char *p = tmp.p; p && *p; p++)
		words += *p == ' ';
	ami_buf_printf(c->out, "%d", words ? words - 1 : 0);
	ami_buf_free(&tmp);
	return CLI_OK;
}

/* ---- the table, in the order of Asterisk's helpers list ---- */

#define U(text) "Usage: " text
static struct cli_entry table[] = {
	{ "!",
	  "Execute a shell command",
	  U("!<command>\n       Executes a given shell command\n"),
	  bang,
	  NULL,
	  { 0 },
	  0 },
	{ "_command complete",
	  "Command complete",
	  U("_command complete \"<line>\" text state\n       This function is used internally to "
	    "help with command completion and should.\n       never be called by the user "
	    "directly.\n"),
	  cmd_complete,
	  NULL,
	  { 0 },
	  0 },
	{ "_command matchesarray",
	  "Returns command matches array",
	  U("_command matchesarray \"<line>\" text \n       This function is used internally to "
	    "help with command completion and should.\n       never be called by the user "
	    "directly.\n"),
	  cmd_matchesarray,
	  NULL,
	  { 0 },
	  0 },
	{ "_command nummatches",
	  "Returns number of command matches",
	  U("_command nummatches \"<line>\" text \n       This function is used internally to help "
	    "with command completion and should.\n       never be called by the user directly.\n"),
	  cmd_nummatches,
	  NULL,
	  { 0 },
	  0 },
	{ "channel request hangup",
	  "Request a hangup on a given channel",
	  U("channel request hangup <channel>|<all>\n       Request that a channel be hung up. The "
	    "hangup takes effect\n       the next time the driver reads or writes from the "
	    "channel.\n       If 'all' is specified instead of a channel name, all channels\n"
	    "       will see the hangup request.\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "core reload",
	  "Global reload",
	  U("core reload\n       Execute a global reload.\n"),
	  core_reload,
	  NULL,
	  { 0 },
	  0 },
	{ "core show calls [uptime]",
	  "Display information on calls",
	  U("core show calls [uptime] [seconds]\n       Lists number of currently active calls "
	    "and total number of calls\n       processed through PBX since last restart. If "
	    "'uptime' is specified\n       the system uptime is also displayed. If 'seconds' is "
	    "specified in\n       addition to 'uptime', the system uptime is displayed in "
	    "seconds.\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "core show channels [concise|verbose|count]",
	  "Display information on channels",
	  U("core show channels [concise|verbose|count]\n       Lists currently defined channels "
	    "and some information about them. If\n       'concise' is specified, the format is "
	    "abridged and in a more easily\n       machine parsable format. If 'verbose' is "
	    "specified, the output includes\n       more and longer fields. If 'count' is "
	    "specified only the channel and call\n       count is output.\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "core show channel",
	  "Display information on a specific channel",
	  U("core show channel <channel>\n       Shows lots of information about the specified "
	    "channel.\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "core show help",
	  "Display help list, or specific help on a command",
	  U("core show help [topic]\n       When called with a topic as an argument, displays "
	    "usage\n       information on the given command. If called without a\n       topic, "
	    "it provides a list of commands.\n"),
	  help,
	  gen_help,
	  { 0 },
	  0 },
	{ "core show uptime [seconds]",
	  "Show uptime information",
	  U("core show uptime [seconds]\n       Shows Asterisk uptime information.\n       The "
	    "seconds word returns the uptime in seconds only.\n"),
	  uptime,
	  NULL,
	  { 0 },
	  0 },
	{ "core show version",
	  "Display version info",
	  U("core show version\n       Shows Asterisk version information.\n"),
	  version,
	  NULL,
	  { 0 },
	  0 },
	{ "core waitfullybooted",
	  "Wait for Asterisk to be fully booted",
	  U("core waitfullybooted\n\tWait until Asterisk has fully booted.\n"),
	  waitbooted,
	  NULL,
	  { 0 },
	  0 },
	{ "dialplan reload",
	  "Reload extensions and *only* extensions",
	  U("dialplan reload\n       Reload extensions.conf without reloading any other\n"
	    "       modules.  This command does not delete global variables\n       unless "
	    "clearglobalvars is set to yes in extensions.conf\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "dialplan show",
	  "Show dialplan",
	  U("dialplan show [[exten@]context]\n       Show dialplan\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
	{ "manager kick session",
	  "Kick a connected manager interface connection",
	  U("manager kick session <file descriptor>\n\tKick an active Asterisk Manager Interface "
	    "session\n"),
	  kick,
	  NULL,
	  { 0 },
	  0 },
	{ "manager reload",
	  "Reload manager configurations",
	  U("manager reload\n       Reloads the manager configuration.\n"),
	  manager_reload,
	  NULL,
	  { 0 },
	  0 },
	{ "manager set debug [on|off]",
	  "Show, enable, disable debugging of the manager code",
	  U("manager set debug [on|off]\n\tShow, enable, disable debugging of the manager code.\n"),
	  set_debug,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show command",
	  "Show a manager interface command",
	  U("manager show command <actionname> [<actionname> [<actionname> [...]]]\n\tShows the "
	    "detailed description for a specific Asterisk manager interface command.\n"),
	  show_command,
	  gen_actions,
	  { 0 },
	  0 },
	{ "manager show commands",
	  "List manager interface commands",
	  U("manager show commands\n\tPrints a listing of all the available Asterisk manager "
	    "interface commands.\n"),
	  show_commands,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show connected",
	  "List connected manager interface users",
	  U("manager show connected\n\tPrints a listing of the users that are currently "
	    "connected to the\nAsterisk manager interface.\n"),
	  show_connected,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show eventq",
	  "List manager interface queued events",
	  U("manager show eventq\n\tPrints a listing of all events pending in the Asterisk "
	    "manger\nevent queue.\n"),
	  show_eventq,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show settings",
	  "Show manager global settings",
	  U("manager show settings\n       Provides detailed list of the configuration of the "
	    "Manager.\n"),
	  show_settings,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show users",
	  "List configured manager users",
	  U("manager show users\n       Prints a listing of all managers that are currently "
	    "configured on that\n system.\n"),
	  show_users,
	  NULL,
	  { 0 },
	  0 },
	{ "manager show user",
	  "Display information on a specific manager user",
	  " " U("manager show user <user>\n        Display all information related to the "
		"manager user specified.\n"),
	  show_user,
	  gen_users,
	  { 0 },
	  0 },
	{ "module load",
	  "Load a module by name",
	  U("module load <module name>\n       Loads the specified module into Asterisk.\n"),
	  module_load,
	  NULL,
	  { 0 },
	  0 },
	{ "module reload",
	  "Reload configuration or module",
	  U("module reload [module ...]\n       Reloads configuration files for all listed "
	    "modules which support\n       reloading, or for all supported modules if none are "
	    "listed.\n"),
	  module_reload,
	  NULL,
	  { 0 },
	  0 },
	{ "module show [like]",
	  "List modules and info",
	  U("module show [like keyword]\n       Shows Asterisk modules currently in use, and "
	    "usage statistics.\n"),
	  module_show,
	  NULL,
	  { 0 },
	  0 },
	{ "module unload",
	  "Unload a module by name",
	  U("module unload [-f|-h] <module_1> [<module_2> ... ]\n       Unloads the specified "
	    "module from Asterisk. The -f\n       option causes the module to be unloaded even if "
	    "it is\n       in use (may cause a crash) and the -h module causes the\n       module "
	    "to be unloaded even if the module says it cannot, \n       which almost always will "
	    "cause a crash.\n"),
	  module_load,
	  NULL,
	  { 0 },
	  0 },
	{ "queue show",
	  "Show status of a specified queue",
	  U("queue show\n       Provides summary information on a specified queue.\n"),
	  NULL,
	  NULL,
	  { 0 },
	  0 },
};
#undef U

static char word_store[sizeof table / sizeof table[0]][128];

struct cli_entry *cli_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	if (table[0].nwords)
		return table;
	for (size_t i = 0; i < *n; i++) {
		char *p = word_store[i];
		snprintf(p, sizeof word_store[i], "%s", table[i].command);
		int w = 0;
		while (*p && w < CLI_MAX_WORDS - 1) {
			table[i].words[w++] = p;
			p += strcspn(p, " ");
			if (*p)
				*p++ = '\0';
		}
		table[i].words[w] = NULL;
		table[i].nwords = w;
	}
	return table;
}
