/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX's CLI commands, byte-compatible with Asterisk 22's output: core show channels
 * [concise|verbose|count], core show calls, core show channel, queue show, dialplan show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pbx_int.h"

static const char chanlist_usage[] =
    "Usage: core show channels [concise|verbose|count]\n"
    "       Lists currently defined channels and some information about them. If\n"
    "       'concise' is specified, the format is abridged and in a more easily\n"
    "       machine parsable format. If 'verbose' is specified, the output includes\n"
    "       more and longer fields. If 'count' is specified only the channel and call\n"
    "       count is output.\n";

static const char *ess(unsigned n)
{
	return n == 1 ? "" : "s";
}

static void counts(struct sim_pbx *p, struct ami_buf *out)
{
	ami_buf_printf(out, "%u active channel%s\n", p->nlive, ess(p->nlive));
	ami_buf_printf(out, "%u active call%s\n", p->active_calls, ess(p->active_calls));
	ami_buf_printf(out, "%lu call%s processed\n", p->processed, p->processed == 1 ? "" : "s");
}

static void chan_row(struct sim_pbx *p, const struct pbx_chan *c, int mode, struct ami_buf *out)
{
	unsigned d = (unsigned)((pbx_now(p) - c->created_ms) / 1000);
	char dur[16];
	if (mode == 1) {
		ami_buf_printf(out, "%s!%s!%s!%d!%s!%s!%s!%s!%s!%s!%d!%u!%s!%s\n", c->name,
			       c->context, c->exten, c->prio, pbx_state_str(c->state),
			       *c->appl ? c->appl : "(None)", c->data, c->cid_num, c->accountcode,
			       "", 3, d, c->bridge ? c->bridge->uid : "", c->uniqueid);
		return;
	}
	if (mode == 2) {
		snprintf(dur, sizeof(dur), "%02u:%02u:%02u", d / 3600, (d % 3600) / 60, d % 60);
		ami_buf_printf(
		    out,
		    "%-80.80s %-24.24s %-24.24s %4d %-7.7s %-12.12s %-25.25s %-15.15s %8.8s "
		    "%-11.11s %-11.11s %-20.20s\n",
		    c->name, c->context, c->exten, c->prio, pbx_state_str(c->state),
		    *c->appl ? c->appl : "(None)", *c->data ? c->data : "(Empty)", c->cid_num, dur,
		    c->accountcode, "", c->bridge ? c->bridge->uid : "");
		return;
	}
	/* Asterisk formats both into 40-byte buffers: longer values are cut at 39 */
	char loc[40] = "(None)", app[40] = "(None)", tmp[PBX_DATA_MAX + 2 * PBX_FIELD_MAX];
	if (*c->context && *c->exten) {
		snprintf(tmp, sizeof(tmp), "%s@%s:%d", c->exten, c->context, c->prio);
		PBX_SET(loc, tmp);
	}
	if (*c->appl) {
		snprintf(tmp, sizeof(tmp), "%s(%s)", c->appl, c->data);
		PBX_SET(app, tmp);
	}
	ami_buf_printf(out, "%-64.64s %-32.32s %-7.7s %-30.30s\n", c->name, loc,
		       pbx_state_str(c->state), app);
}

static bool show_channels(struct sim_pbx *p, int argc, char **argv, struct ami_buf *out,
			  bool *failed)
{
	int mode = 0; /* 0 plain, 1 concise, 2 verbose, 3 count */
	if (argc == 4) {
		if (pbx_ieq(argv[3], "concise"))
			mode = 1;
		else if (pbx_ieq(argv[3], "verbose"))
			mode = 2;
		else if (pbx_ieq(argv[3], "count"))
			mode = 3;
		else
			argc = 99;
	}
	if (argc > 4) {
		ami_buf_adds(out, chanlist_usage);
		*failed = true;
		return true;
	}
	if (mode == 0)
		ami_buf_printf(out, "%-64.64s %-32.32s %-7.7s %-30.30s\n", "Channel", "Location",
			       "State", "Application(Data)");
	else if (mode == 2)
		ami_buf_printf(
		    out,
		    "%-80.80s %-24.24s %-24.24s %-4.4s %-7.7s %-12.12s %-25.25s %-15.15s "
		    "%8.8s %-11.11s %-11.11s %-20.20s\n",
		    "Channel", "Context", "Extension", "Priority", "State", "Application", "Data",
		    "CallerID", "Duration", "Accountcode", "PeerAccount", "BridgeID");
	if (mode != 3) {
		struct pbx_chan **list = malloc(sizeof(*list) * (p->nlive + 1));
		unsigned n = list ? pbx_chan_list(p, list, p->nlive + 1) : 0;
		for (unsigned i = 0; i < n; i++)
			chan_row(p, list[i], mode, out);
		free(list);
	}
	if (mode != 1)
		counts(p, out);
	return true;
}

static void show_channel(struct sim_pbx *p, const char *name, struct ami_buf *out, bool *failed)
{
	struct pbx_chan *c = pbx_chan_find(p, name);
	if (!c) {
		ami_buf_printf(out, "%s is not a known channel\n", name);
		*failed = true;
		return;
	}
	unsigned d = (unsigned)((pbx_now(p) - c->created_ms) / 1000);
	const char *fmt = strcmp(c->tech, "Local") ? "ulaw" : "slin";
	ami_buf_printf(
	    out,
	    " -- General --\n           Name: %s\n           Type: %s\n       UniqueID: %s\n"
	    "       LinkedID: %s\n      Caller ID: %s\n Caller ID Name: %s\n"
	    "Connected Line ID: %s\nConnected Line ID Name: %s\n"
	    "Eff. Connected Line ID: %s\nEff. Connected Line ID Name: %s\n"
	    "    DNID Digits: %s\n       Language: %s\n          State: %s (%d)\n"
	    "  NativeFormats: (%s)\n    WriteFormat: %s\n     ReadFormat: %s\n"
	    " WriteTranscode: No\n  ReadTranscode: No\n Time to Hangup: 0\n"
	    "   Elapsed Time: %uh%um%us\n      Bridge ID: %s\n",
	    c->name, c->tech, c->uniqueid, c->linkedid, *c->cid_num ? c->cid_num : "(N/A)",
	    *c->cid_name ? c->cid_name : "(N/A)", *c->con_num ? c->con_num : "(N/A)",
	    *c->con_name ? c->con_name : "(N/A)", *c->con_num ? c->con_num : "(N/A)",
	    *c->con_name ? c->con_name : "(N/A)", *c->dnid ? c->dnid : "(N/A)", c->language,
	    pbx_state_str(c->state), (int)c->state, fmt, fmt, fmt, d / 3600, (d % 3600) / 60,
	    d % 60, c->bridge ? c->bridge->uid : "(Not bridged)");
	ami_buf_printf(
	    out,
	    " --   PBX   --\n        Context: %s\n      Extension: %s\n       Priority: %d\n"
	    "     Call Group: 0\n   Pickup Group: 0\n    Application: %s\n"
	    "           Data: %s\n      Variables:\n",
	    c->context, c->exten, c->prio, *c->appl ? c->appl : "N/A",
	    *c->data ? c->data : "(Empty)");
	for (struct pbx_var *v = c->vars; v; v = v->next)
		ami_buf_printf(out, "%s=%s\n", v->name, v->value);
}

static void show_calls(struct sim_pbx *p, int argc, char **argv, struct ami_buf *out)
{
	ami_buf_printf(out, "%u active call%s\n", p->active_calls, ess(p->active_calls));
	ami_buf_printf(out, "%lu call%s processed\n", p->processed, p->processed == 1 ? "" : "s");
	if (argc >= 4 && pbx_ieq(argv[3], "uptime")) {
		uint64_t up = (sim_bus_wall_us(p->bus) - p->start_us) / 1000000u;
		if (argc >= 5 && pbx_ieq(argv[4], "seconds"))
			ami_buf_printf(out, "System uptime: %llu\n", (unsigned long long)up);
		else
			ami_buf_printf(out, "System uptime: %llu second%s\n",
				       (unsigned long long)up, up == 1 ? "" : "s");
	}
}

bool sim_pbx_cli(struct sim_pbx *pbx, int argc, char **argv, struct ami_buf *out, bool *failed)
{
	bool ok = true;
	bool *f = failed ? failed : &ok;
	if (argc >= 3 && pbx_ieq(argv[0], "core") && pbx_ieq(argv[1], "show")) {
		if (pbx_ieq(argv[2], "channels"))
			return show_channels(pbx, argc, argv, out, f);
		if (pbx_ieq(argv[2], "calls") && argc <= 5) {
			show_calls(pbx, argc, argv, out);
			return true;
		}
		if (pbx_ieq(argv[2], "channel") && argc == 4) {
			show_channel(pbx, argv[3], out, f);
			return true;
		}
		return false;
	}
	if (argc >= 2 && argc <= 3 && pbx_ieq(argv[0], "queue") && pbx_ieq(argv[1], "show")) {
		pbx_queue_show(pbx, argc == 3 ? argv[2] : NULL, out, f);
		return true;
	}
	if (argc >= 2 && argc <= 3 && pbx_ieq(argv[0], "dialplan") && pbx_ieq(argv[1], "show")) {
		pbx_dp_show(pbx, argc == 3 ? argv[2] : NULL, out, f);
		return true;
	}
	return false;
}
