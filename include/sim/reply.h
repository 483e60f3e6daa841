/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing action replies the way Asterisk's astman_send_*() functions do, into the
 * session's output. Shared by the server's and the PBX model's action handlers.
 */
#ifndef AMITUI_SIM_REPLY_H
#define AMITUI_SIM_REPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/message.h"

/*
 * One action being answered. The server fills it before calling a handler:
 * out is where reply bytes go (they reach the socket contiguously, never
 * interleaved with asynchronous events), req is the request, actionid its
 * ActionID ("" when none), readperm/writeperm the session's frozen rights.
 */
struct sim_reply {
	struct ami_buf *out;
	const struct ami_msg *req;
	char actionid[256];
	uint32_t readperm;
	uint32_t writeperm;
	const char *username;
	/* set by sim_reply_defer(); see below */
	struct sim_deferred *deferred;
};

/* "Response: <resp>\r\n[ActionID: id\r\n][Message: msg\r\n]" - message NOT closed. */
void sim_reply_begin(struct sim_reply *r, const char *resp, const char *msg);
/* "Key: value\r\n" (printf-style value). */
void sim_reply_header(struct sim_reply *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The closing blank line. */
void sim_reply_end(struct sim_reply *r);

/* astman_send_error(): Response: Error + Message, closed. */
void sim_reply_error(struct sim_reply *r, const char *msg);
/* astman_send_ack(): Response: Success + Message, closed. */
void sim_reply_ack(struct sim_reply *r, const char *msg);
/* astman_send_listack(): Response: Success, ActionID, EventList: start, Message, closed. */
void sim_reply_listack(struct sim_reply *r, const char *msg);
/*
 * A list item: "Event: <name>\r\n" then "ActionID: id\r\n" when there is one; the
 * caller adds the body and sim_reply_end(). (Status puts ActionID last: it writes its
 * own lines with sim_reply_raw instead.)
 */
void sim_reply_item(struct sim_reply *r, const char *event);
/*
 * astman_send_list_complete_start(): "Event: <name>\r\n[ActionID]\r\nEventList:
 * Complete\r\nListItems: N\r\n" - NOT closed, so extra headers (Items:) can follow.
 */
void sim_reply_list_complete(struct sim_reply *r, const char *event, unsigned items);
/* Append raw bytes as they are. */
void sim_reply_raw(struct sim_reply *r, const char *s);

/*
 * A synchronous action that finishes later (Originate without Async): the handler
 * calls sim_reply_defer() and returns; the server then holds back this session's
 * events and further actions until sim_deferred_finish(). The handler writes the
 * final reply with sim_deferred_reply(d) (a sim_reply valid until finish). If the
 * session went away meanwhile, the bytes are discarded; the handle stays valid
 * until finish either way.
 */
struct sim_deferred;
struct sim_deferred *sim_reply_defer(struct sim_reply *r);
struct sim_reply *sim_deferred_reply(struct sim_deferred *d);
void sim_deferred_finish(struct sim_deferred *d);

#endif
