/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PBX's smaller actions: PlayDTMF, BlindTransfer, Atxfer, ExtensionState, DeviceStateList, BridgeList. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "pbx_int.h"

static void hdr(const struct sim_reply *r, const char *name, char *dst, size_t cap)
{
	ami_msg_cstr(r->req, name, dst, cap);
}

/* ---- PlayDTMF ---- */

static void dtmf_end_job(struct sim_pbx *p, uint32_t h, uint32_t packed)
{
	struct pbx_chan *c = pbx_chan_get(p, h);
	if (!c)
		return;
	char digit = (char)(packed & 0xff);
	bool receive = packed & 0x100;
	pbx_ev_dtmf_ms(p, c, digit, true, packed >> 9, receive ? "Received" : "Sent");
}

static void act_playdtmf(struct sim_pbx *p, struct sim_reply *r)
{
	char chan[PBX_NAME_MAX], digit[8], dur[32], recv[16];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Digit", digit, sizeof(digit));
	hdr(r, "Duration", dur, sizeof(dur));
	hdr(r, "Receive", recv, sizeof(recv));
	struct pbx_chan *c = pbx_chan_find(p, chan);
	if (!c) {
		sim_reply_error(r, "Channel not found");
		return;
	}
	if (!*digit) {
		sim_reply_error(r, "No digit specified");
		return;
	}
	unsigned ms = 100;
	if (*dur && sscanf(dur, "%30u", &ms) != 1) {
		sim_reply_error(r, "Could not convert Duration parameter");
		return;
	}
	if (ms > 60000)
		ms = 60000;
	bool receive = pbx_ast_true(recv);
	sim_reply_ack(r, "DTMF successfully queued");
	pbx_ev_dtmf_ms(p, c, digit[0], false, 0, receive ? "Received" : "Sent");
	uint32_t packed = (uint32_t)(unsigned char)digit[0] | (receive ? 0x100u : 0) | (ms << 9);
	pbx_after(p, ms, dtmf_end_job, c->handle, packed);
}

/* ---- transfers ---- */

static void transfer_event(struct sim_pbx *p, struct pbx_chan *transferer,
			   struct pbx_chan *transferee, struct pbx_bridge *b, const char *ctx,
			   const char *exten)
{
	pbx_ev_begin(p);
	pbx_ev_kv(p, "Result", "Success");
	pbx_ev_chanblock(p, "Transferer", transferer);
	if (transferee)
		pbx_ev_chanblock(p, "Transferee", transferee);
	if (b)
		pbx_ev_bridgeblock(p, "", b);
	pbx_ev_kv(p, "IsExternal", "No");
	pbx_ev_kv(p, "Context", ctx);
	pbx_ev_kv(p, "Extension", exten);
	pbx_ev_send(p, AMI_PERM_CALL, "BlindTransfer");
}

/*
 * Blind transfer of c's bridge peer to ctx,exten: the peer leaves the bridge for the
 * dialplan, c is hung up. Returns false when c is not in a two-party bridge.
 */
bool pbx_blind_transfer(struct sim_pbx *p, struct pbx_chan *c, const char *ctx, const char *exten)
{
	struct pbx_bridge *b = c->bridge;
	struct pbx_chan *peer = pbx_bridge_peer(c);
	if (!b || !peer || !pbx_dp_exists(ctx, exten, 1))
		return false;
	transfer_event(p, c, peer, b, ctx, exten);
	pbx_setvar(p, c, "BRIDGEPEER", "");
	pbx_setvar(p, peer, "BRIDGEPEER", "");
	pbx_bridge_leave(p, c);
	pbx_bridge_leave(p, peer);
	pbx_bridge_destroy(p, b);
	if (c->dialed == peer)
		c->dialed = NULL, peer->dialer = NULL;
	if (peer->dialed == c)
		peer->dialed = NULL, c->dialer = NULL;
	peer->role = peer->half ? peer->role : PBX_ROLE_INBOUND;
	peer->own_cdr = true;
	PBX_SET(peer->cdr_dstchan, "");
	pbx_dp_goto(p, peer, ctx, exten, 1);
	if (!c->dead) {
		c->softhangup = true;
		c->token++;
		c->run = PBX_RUN_NONE;
		if (c->half)
			pbx_local_finished(p, c);
		else
			pbx_chan_end(p, c, 16);
	}
	return true;
}

/*
 * What BlindTransfer and Atxfer check alike: Channel and Exten given, the channel
 * known; Context defaults to the channel's. NULL when refused (the reply is sent).
 */
static struct pbx_chan *transfer_request(struct sim_pbx *p, struct sim_reply *r,
					 char ext[PBX_FIELD_MAX], char ctx[PBX_FIELD_MAX])
{
	char chan[PBX_NAME_MAX];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Exten", ext, PBX_FIELD_MAX);
	hdr(r, "Context", ctx, PBX_FIELD_MAX);
	if (!*chan) {
		sim_reply_error(r, "No channel specified");
		return NULL;
	}
	if (!*ext) {
		sim_reply_error(r, "No extension specified");
		return NULL;
	}
	struct pbx_chan *c = pbx_chan_find(p, chan);
	if (!c) {
		sim_reply_error(r, "Channel specified does not exist");
		return NULL;
	}
	if (!*ctx)
		snprintf(ctx, PBX_FIELD_MAX, "%s", c->context);
	return c;
}

static void act_blindtransfer(struct sim_pbx *p, struct sim_reply *r)
{
	char ext[PBX_FIELD_MAX], ctx[PBX_FIELD_MAX];
	struct pbx_chan *c = transfer_request(p, r, ext, ctx);
	if (!c)
		return;
	if (!c->bridge) {
		sim_reply_error(r, "Transfer invalid");
		return;
	}
	if (!pbx_dp_exists(ctx, ext, 1)) {
		sim_reply_error(r, "Transfer failed");
		return;
	}
	sim_reply_ack(r, "Transfer succeeded");
	pbx_blind_transfer(p, c, ctx, ext);
}

/*
 * Atxfer: the checks of action_atxfer(); the transfer itself is modelled as a blind
 * transfer once queued (no consultation leg).
 */
static void act_atxfer(struct sim_pbx *p, struct sim_reply *r)
{
	char ext[PBX_FIELD_MAX], ctx[PBX_FIELD_MAX];
	struct pbx_chan *c = transfer_request(p, r, ext, ctx);
	if (!c)
		return;
	if (!c->bridge || !pbx_dp_exists(ctx, ext, 1)) {
		sim_reply_error(r, "Atxfer failed");
		return;
	}
	sim_reply_ack(r, "Atxfer successfully queued");
	pbx_blind_transfer(p, c, ctx, ext);
}

/* ---- ExtensionState, DeviceStateList ---- */

static enum pbx_devstate device_state(struct sim_pbx *p, const char *device)
{
	enum pbx_devstate st = PBX_DEV_NOT_INUSE;
	for (struct pbx_chan *c = p->live_head; c; c = c->next_live) {
		if (strcmp(c->device, device))
			continue;
		if (c->state == PBX_STATE_RINGING && st != PBX_DEV_INUSE)
			st = PBX_DEV_RINGING;
		else
			st = PBX_DEV_INUSE;
	}
	return st;
}

static void act_extensionstate(struct sim_pbx *p, struct sim_reply *r)
{
	char ext[PBX_FIELD_MAX], ctx[PBX_FIELD_MAX], hint[PBX_NAME_MAX] = "";
	hdr(r, "Exten", ext, sizeof(ext));
	hdr(r, "Context", ctx, sizeof(ctx));
	if (!*ctx)
		PBX_SET(ctx, "default");
	int status = -1;
	const char *text = "Unknown";
	if (!strcmp(ctx, "from-internal") && pbx_traffic_endpoint(p, ext, NULL)) {
		snprintf(hint, sizeof(hint), "PJSIP/%s", ext);
		switch (device_state(p, hint)) {
		case PBX_DEV_INUSE:
			status = 1, text = "InUse";
			break;
		case PBX_DEV_RINGING:
			status = 8, text = "Ringing";
			break;
		default:
			status = 0, text = "Idle";
		}
	}
	sim_reply_begin(r, "Success", "Extension Status");
	sim_reply_header(r, "Exten", "%s", ext);
	sim_reply_header(r, "Context", "%s", ctx);
	sim_reply_header(r, "Hint", "%s", hint);
	sim_reply_header(r, "Status", "%d", status);
	sim_reply_header(r, "StatusText", "%s", text);
	sim_reply_end(r);
}

static void act_devicestatelist(struct sim_pbx *p, struct sim_reply *r)
{
	sim_reply_listack(r, "Device State Changes will follow");
	unsigned n = 0;
	char seen[64][PBX_NAME_MAX];
	unsigned nseen = 0;
	for (struct pbx_chan *c = p->live_head; c && nseen < 64; c = c->next_live) {
		bool dup = false;
		for (unsigned i = 0; i < nseen && !dup; i++)
			dup = !strcmp(seen[i], c->device);
		if (dup)
			continue;
		PBX_SET(seen[nseen], c->device);
		nseen++;
		sim_reply_item(r, "DeviceStateChange");
		sim_reply_header(r, "Device", "%s", c->device);
		sim_reply_header(r, "State", "%s", pbx_devstate_str(device_state(p, c->device)));
		sim_reply_end(r);
		n++;
	}
	for (unsigned i = 0; i < p->nqueue; i++) {
		const struct pbx_queue *q = p->queues[i];
		if (q->avail == PBX_DEV_UNKNOWN)
			continue;
		sim_reply_item(r, "DeviceStateChange");
		sim_reply_header(r, "Device", "Queue:%s_avail", q->name);
		sim_reply_header(r, "State", "%s", pbx_devstate_str(q->avail));
		sim_reply_end(r);
		n++;
	}
	sim_reply_list_complete(r, "DeviceStateListComplete", n);
	sim_reply_end(r);
}

/* ---- BridgeList ---- */

static void act_bridgelist(struct sim_pbx *p, struct sim_reply *r)
{
	char type[PBX_FIELD_MAX];
	hdr(r, "BridgeType", type, sizeof(type));
	sim_reply_listack(r, "Bridge listing will follow");
	unsigned n = 0;
	for (struct pbx_bridge *b = p->bridges; b; b = b->next) {
		if (*type && strcmp(type, "basic"))
			continue;
		sim_reply_item(r, "BridgeListItem");
		pbx_ev_begin(p);
		pbx_ev_bridgeblock(p, "", b);
		ami_buf_add(r->out, p->ev.p, p->ev.len);
		sim_reply_end(r);
		n++;
	}
	sim_reply_list_complete(r, "BridgeListComplete", n);
	sim_reply_end(r);
}

bool pbx_actions2_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r)
{
	static const struct {
		const char *name;
		void (*fn)(struct sim_pbx *, struct sim_reply *);
	} tab[] = {
		{ "PlayDTMF", act_playdtmf },
		{ "BlindTransfer", act_blindtransfer },
		{ "Atxfer", act_atxfer },
		{ "ExtensionState", act_extensionstate },
		{ "DeviceStateList", act_devicestatelist },
		{ "BridgeList", act_bridgelist },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (pbx_ieq(name, tab[i].name)) {
			tab[i].fn(p, r);
			return true;
		}
	}
	return false;
}
