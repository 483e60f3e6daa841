/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PBX's channel actions as manager.c answers them: Setvar, Getvar, Status, CoreShowChannels, Redirect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "pbx_int.h"

static void hdr(const struct sim_reply *r, const char *name, char *dst, size_t cap)
{
	ami_msg_cstr(r->req, name, dst, cap);
}

/* ---- Setvar / Getvar ---- */

static bool shell_allowed(const char *s, uint32_t writeperm)
{
	return (writeperm & AMI_PERM_SYSTEM) || (!strstr(s, "SHELL") && !strstr(s, "EVAL"));
}

static void act_setvar(struct sim_pbx *p, struct sim_reply *r)
{
	char chan[PBX_NAME_MAX], var[PBX_FIELD_MAX], val[PBX_DATA_MAX];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Variable", var, sizeof(var));
	hdr(r, "Value", val, sizeof(val));
	if (!*var) {
		sim_reply_error(r, "No variable specified");
		return;
	}
	struct pbx_chan *c = NULL;
	if (*chan && !(c = pbx_chan_find(p, chan))) {
		sim_reply_error(r, "No such channel");
		return;
	}
	if (pbx_setvar(p, c, var, val))
		sim_reply_ack(r, "Variable Set");
	else
		sim_reply_error(r, "Variable not set");
}

static void act_getvar(struct sim_pbx *p, struct sim_reply *r)
{
	char chan[PBX_NAME_MAX], var[PBX_FIELD_MAX], val[PBX_DATA_MAX];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Variable", var, sizeof(var));
	if (!*var) {
		sim_reply_error(r, "No variable specified");
		return;
	}
	if (!shell_allowed(var, r->writeperm)) {
		sim_reply_error(r, "GetVar Access Forbidden: Variable");
		return;
	}
	struct pbx_chan *c = NULL;
	if (*chan && !(c = pbx_chan_find(p, chan))) {
		sim_reply_error(r, "No such channel");
		return;
	}
	pbx_getvar(p, c, var, val, sizeof(val));
	sim_reply_begin(r, "Success", NULL);
	sim_reply_header(r, "Variable", "%s", var);
	sim_reply_header(r, "Value", "%s", val);
	sim_reply_end(r);
}

/* ---- Status / CoreShowChannels ---- */

static const char *formats(const struct pbx_chan *c)
{
	return strcmp(c->tech, "Local") ? "ulaw" : "slin";
}

static void status_item(struct sim_pbx *p, struct sim_reply *r, struct pbx_chan *c,
			const char *vars, bool all)
{
	struct ami_buf *o = r->out;
	ami_buf_adds(o, "Event: Status\r\nPrivilege: Call\r\n");
	pbx_chanblock_to(p, o, "", c);
	ami_buf_printf(o,
		       "Type: %s\r\nDNID: %s\r\nEffectiveConnectedLineNum: %s\r\n"
		       "EffectiveConnectedLineName: %s\r\nTimeToHangup: 0\r\nBridgeID: %s\r\n"
		       "Application: %s\r\nData: %s\r\nNativeformats: (%s)\r\nReadformat: %s\r\n"
		       "Readtrans: \r\nWriteformat: %s\r\nWritetrans: \r\nCallgroup: 0\r\n"
		       "Pickupgroup: 0\r\nSeconds: %llu\r\n",
		       c->tech, c->dnid, *c->con_num ? c->con_num : "<unknown>",
		       *c->con_name ? c->con_name : "<unknown>", c->bridge ? c->bridge->uid : "",
		       c->appl, c->data, formats(c), formats(c), formats(c),
		       (unsigned long long)((pbx_now(p) - c->created_ms) / 1000));
	char buf[PBX_DATA_MAX * 2];
	PBX_SET(buf, vars);
	for (char *tok = buf; tok && *tok;) {
		char *next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		char val[PBX_DATA_MAX];
		pbx_getvar(p, c, tok, val, sizeof(val));
		ami_buf_printf(o, "Variable: %s=%s\r\n", tok, val);
		tok = next;
	}
	if (all)
		for (struct pbx_var *v = c->vars; v; v = v->next)
			ami_buf_printf(o, "Variable: %s=%s\r\n", v->name, v->value);
	if (r->actionid[0])
		ami_buf_printf(o, "ActionID: %s\r\n", r->actionid);
	sim_reply_end(r);
}

static void act_status(struct sim_pbx *p, struct sim_reply *r)
{
	char chan[PBX_NAME_MAX], vars[PBX_DATA_MAX * 2], allv[16];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Variables", vars, sizeof(vars));
	hdr(r, "AllVariables", allv, sizeof(allv));
	if (!shell_allowed(vars, r->writeperm)) {
		sim_reply_error(r, "Status Access Forbidden: Variables");
		return;
	}
	struct pbx_chan *one = NULL;
	if (*chan && !(one = pbx_chan_find(p, chan))) {
		sim_reply_error(r, "No such channel");
		return;
	}
	sim_reply_listack(r, "Channel status will follow");
	unsigned n = 0;
	if (one) {
		status_item(p, r, one, vars, pbx_ast_true(allv));
		n = 1;
	} else {
		struct pbx_chan **list = malloc(sizeof(*list) * (p->nlive + 1));
		unsigned cnt = list ? pbx_chan_list(p, list, p->nlive + 1) : 0;
		for (unsigned i = 0; i < cnt; i++)
			status_item(p, r, list[i], vars, pbx_ast_true(allv));
		n = cnt;
		free(list);
	}
	sim_reply_list_complete(r, "StatusComplete", n);
	sim_reply_header(r, "Items", "%u", n);
	sim_reply_end(r);
}

static void act_coreshowchannels(struct sim_pbx *p, struct sim_reply *r)
{
	sim_reply_listack(r, "Channels will follow");
	struct pbx_chan **list = malloc(sizeof(*list) * (p->nlive + 1));
	unsigned cnt = list ? pbx_chan_list(p, list, p->nlive + 1) : 0;
	uint64_t now = pbx_now(p);
	for (unsigned i = 0; i < cnt; i++) {
		struct pbx_chan *c = list[i];
		unsigned d = (unsigned)((now - c->created_ms) / 1000);
		sim_reply_item(r, "CoreShowChannel");
		pbx_chanblock_to(p, r->out, "", c);
		ami_buf_printf(
		    r->out,
		    "Application: %s\r\nApplicationData: %s\r\nDuration: %02u:%02u:%02u\r\n"
		    "BridgeId: %s\r\n",
		    c->appl, c->data, d / 3600, (d % 3600) / 60, d % 60,
		    c->bridge ? c->bridge->uid : "");
		sim_reply_end(r);
	}
	free(list);
	sim_reply_list_complete(r, "CoreShowChannelsComplete", cnt);
	sim_reply_end(r);
}

/* ---- Redirect ---- */

static bool parse_prio(const char *s, int *out)
{
	return sscanf(s, "%30d", out) == 1 && *out >= 1;
}

/*
 * Take c out of its bridge for a goto. The bridge ends: a dialed peer left alone is hung
 * up; a peer whose Dial()/Queue() was bridged to c sees it return and hangs up.
 */
static void detach(struct sim_pbx *p, struct pbx_chan *c)
{
	struct pbx_bridge *b = c->bridge;
	if (!b)
		return;
	struct pbx_chan *peer = pbx_bridge_peer(c);
	pbx_bridge_leave(p, c);
	if (!peer) {
		pbx_bridge_destroy(p, b);
		return;
	}
	if (peer->dialed == c) {
		peer->dialed = NULL;
		c->dialer = NULL;
		pbx_setvar(p, peer, "BRIDGEPEER", "");
		pbx_bridge_leave(p, peer);
		pbx_bridge_destroy(p, b);
		pbx_dial_bridge_lost(p, peer);
		return;
	}
	if (peer->run == PBX_RUN_NONE && !peer->softhangup) {
		pbx_bridge_leave(p, peer);
		pbx_bridge_destroy(p, b);
		if (peer->half == 1 && peer->pair) {
			pbx_hangup_request(p, peer->pair, 16);
			pbx_dp_interrupt(p, peer->pair);
		}
		if (!peer->dead) {
			pbx_chan_gone(p, peer, 16);
			pbx_notinuse_defer(p, peer);
			pbx_notinuse_flush(p);
		}
		return;
	}
	if (!b->nchan)
		pbx_bridge_destroy(p, b);
}

static void act_redirect(struct sim_pbx *p, struct sim_reply *r)
{
	char name[PBX_NAME_MAX], name2[PBX_NAME_MAX], ctx[PBX_FIELD_MAX], ext[PBX_FIELD_MAX];
	char pri[32], ctx2[PBX_FIELD_MAX], ext2[PBX_FIELD_MAX], pri2[32], msg[PBX_NAME_MAX + 40];
	int pi = 0, pi2 = 0;
	hdr(r, "Channel", name, sizeof(name));
	hdr(r, "ExtraChannel", name2, sizeof(name2));
	hdr(r, "Context", ctx, sizeof(ctx));
	hdr(r, "Exten", ext, sizeof(ext));
	hdr(r, "Priority", pri, sizeof(pri));
	hdr(r, "ExtraContext", ctx2, sizeof(ctx2));
	hdr(r, "ExtraExten", ext2, sizeof(ext2));
	hdr(r, "ExtraPriority", pri2, sizeof(pri2));
	if (!*name) {
		sim_reply_error(r, "Channel not specified");
		return;
	}
	if (!*ctx) {
		sim_reply_error(r, "Context not specified");
		return;
	}
	if (!*ext) {
		sim_reply_error(r, "Exten not specified");
		return;
	}
	if (!*pri) {
		sim_reply_error(r, "Priority not specified");
		return;
	}
	if (!parse_prio(pri, &pi)) {
		sim_reply_error(r, "Priority is invalid");
		return;
	}
	if (*name2 && *ctx2 && (!*pri2 || !parse_prio(pri2, &pi2))) {
		sim_reply_error(r, "ExtraPriority is invalid");
		return;
	}
	struct pbx_chan *c = pbx_chan_find(p, name);
	if (!c) {
		snprintf(msg, sizeof(msg), "Channel does not exist: %s", name);
		sim_reply_error(r, msg);
		return;
	}
	if (c->softhangup) {
		sim_reply_error(r, "Redirect failed, channel not up.");
		return;
	}
	if (!*name2) {
		detach(p, c);
		if (pbx_dp_goto(p, c, ctx, ext, pi))
			sim_reply_ack(r, "Redirect successful");
		else
			sim_reply_error(r, "Redirect failed");
		return;
	}
	struct pbx_chan *c2 = pbx_chan_find(p, name2);
	if (!c2) {
		snprintf(msg, sizeof(msg), "ExtraChannel does not exist: %s", name2);
		sim_reply_error(r, msg);
		return;
	}
	if (c2->softhangup) {
		sim_reply_error(r, "Redirect failed, extra channel not up.");
		return;
	}
	if (c2 == c) {
		/* the same channel twice: Asterisk moves it once */
		detach(p, c);
		if (pbx_dp_goto(p, c, ctx, ext, pi))
			sim_reply_ack(r, "Dual Redirect successful");
		else
			sim_reply_error(r, "Redirect failed");
		return;
	}
	/* both leave the bridge before either moves, so neither is hung up */
	struct pbx_bridge *b = c->bridge && c->bridge == c2->bridge ? c->bridge : NULL;
	if (b) {
		pbx_bridge_leave(p, c);
		pbx_bridge_leave(p, c2);
		pbx_bridge_destroy(p, b);
	}
	detach(p, c);
	detach(p, c2);
	if (c->dialed == c2)
		c->dialed = NULL, c2->dialer = NULL;
	if (c2->dialed == c)
		c2->dialed = NULL, c->dialer = NULL;
	if (!pbx_dp_goto(p, c, ctx, ext, pi)) {
		sim_reply_error(r, "Redirect failed");
		return;
	}
	if (pbx_dp_goto(p, c2, *ctx2 ? ctx2 : ctx, *ctx2 ? ext2 : ext, *ctx2 ? pi2 : pi))
		sim_reply_ack(r, "Dual Redirect successful");
	else
		sim_reply_error(r, "Secondary redirect failed");
}

bool pbx_actions_chan_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r)
{
	static const struct {
		const char *name;
		void (*fn)(struct sim_pbx *, struct sim_reply *);
	} tab[] = {
		{ "Setvar", act_setvar },     { "Getvar", act_getvar },
		{ "Status", act_status },     { "CoreShowChannels", act_coreshowchannels },
		{ "Redirect", act_redirect },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (pbx_ieq(name, tab[i].name)) {
			tab[i].fn(p, r);
			return true;
		}
	}
	return false;
}
