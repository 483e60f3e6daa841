/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action replies laid out as astman_send_response_full() and the list helpers lay them out. */
#include "sim/reply.h"

#include <stdarg.h>

void sim_reply_begin(struct sim_reply *r, const char *resp, const char *msg)
{
	ami_buf_printf(r->out, "Response: %s\r\n", resp);
	if (r->actionid[0])
		ami_buf_printf(r->out, "ActionID: %s\r\n", r->actionid);
	if (msg)
		ami_buf_printf(r->out, "Message: %s\r\n", msg);
}

void sim_reply_header(struct sim_reply *r, const char *key, const char *fmt, ...)
{
	va_list ap;
	ami_buf_printf(r->out, "%s: ", key);
	va_start(ap, fmt);
	ami_buf_vprintf(r->out, fmt, ap);
	va_end(ap);
	ami_buf_add(r->out, "\r\n", 2);
}

void sim_reply_end(struct sim_reply *r)
{
	ami_buf_add(r->out, "\r\n", 2);
}

void sim_reply_error(struct sim_reply *r, const char *msg)
{
	sim_reply_begin(r, "Error", msg);
	sim_reply_end(r);
}

void sim_reply_ack(struct sim_reply *r, const char *msg)
{
	sim_reply_begin(r, "Success", msg);
	sim_reply_end(r);
}

void sim_reply_listack(struct sim_reply *r, const char *msg)
{
	ami_buf_adds(r->out, "Response: Success\r\n");
	if (r->actionid[0])
		ami_buf_printf(r->out, "ActionID: %s\r\n", r->actionid);
	ami_buf_adds(r->out, "EventList: start\r\n");
	ami_buf_printf(r->out, "Message: %s\r\n\r\n", msg);
}

void sim_reply_item(struct sim_reply *r, const char *event)
{
	ami_buf_printf(r->out, "Event: %s\r\n", event);
	if (r->actionid[0])
		ami_buf_printf(r->out, "ActionID: %s\r\n", r->actionid);
}

void sim_reply_list_complete(struct sim_reply *r, const char *event, unsigned items)
{
	sim_reply_item(r, event);
	ami_buf_printf(r->out, "EventList: Complete\r\nListItems: %u\r\n", items);
}

void sim_reply_raw(struct sim_reply *r, const char *s)
{
	ami_buf_adds(r->out, s);
}
