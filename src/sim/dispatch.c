/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process_message(): the checks Asterisk makes before an action runs, and who answers it. */
#include "server_int.h"

#include "core/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Actions the server answers itself. _(Name, handler, control): control actions
 * exist only with --control, take no rights and are never listed by ListCommands.
 * Everything else in the catalogue goes to the PBX model.
 */
#define SERVER_ACTIONS(_)                            \
	_(Challenge, act_challenge, false)           \
	_(Command, act_command, false)               \
	_(CoreSettings, act_coresettings, false)     \
	_(CoreStatus, act_corestatus, false)         \
	_(CreateConfig, act_createconfig, false)     \
	_(Events, act_events, false)                 \
	_(Filter, act_filter, false)                 \
	_(GetConfig, act_getconfig, false)           \
	_(GetConfigJSON, act_getconfigjson, false)   \
	_(ListCategories, act_listcategories, false) \
	_(ListCommands, act_listcommands, false)     \
	_(LoggerRotate, act_loggerrotate, false)     \
	_(Login, act_login, false)                   \
	_(Logoff, act_logoff, false)                 \
	_(ModuleCheck, act_modulecheck, false)       \
	_(ModuleLoad, act_moduleload, false)         \
	_(Ping, act_ping, false)                     \
	_(Reload, act_reload, false)                 \
	_(UpdateConfig, act_updateconfig, false)     \
	_(UserEvent, act_userevent, false)           \
	_(WaitEvent, act_waitevent, false)           \
	_(SimFault, act_simfault, true)              \
	_(SimFlood, act_simflood, true)              \
	_(SimStats, act_simstats, true)              \
	_(SimTraffic, act_simtraffic, true)

static const struct {
	const char *name;
	sim_action_fn fn;
	bool control;
} server_actions[] = {
#define SERVER_ACTION_ROW(name, fn, control) { #name, fn, control },
	SERVER_ACTIONS(SERVER_ACTION_ROW)
#undef SERVER_ACTION_ROW
};
#define NSERVER (sizeof server_actions / sizeof server_actions[0])

/* The session whose action is running: sim_reply_defer() needs it. */
static struct sim_session *current;

const char *req_actionid(const struct ami_msg *m, char *dst, size_t cap)
{
	return sim_msg_get(m, "ActionID", dst, cap);
}

void sim_reply_init(struct sim_reply *r, struct sim_session *s, const struct ami_msg *m)
{
	memset(r, 0, sizeof *r);
	r->out = &s->out;
	r->req = m;
	req_actionid(m, r->actionid, sizeof r->actionid);
	r->readperm = s->readperm;
	r->writeperm = s->writeperm;
	r->username = s->username;
}

/* astman_send_error() with the request's whole ActionID. */
static void send_error(struct sim_session *s, const struct ami_msg *m, const char *msg)
{
	char id[1024];
	ami_buf_adds(&s->out, "Response: Error\r\n");
	if (*req_actionid(m, id, sizeof id))
		ami_buf_printf(&s->out, "ActionID: %s\r\n", id);
	ami_buf_printf(&s->out, "Message: %s\r\n\r\n", msg);
}

static const struct ami_catalog_entry *registered(const char *name)
{
	const struct ami_catalog_entry *e = ami_catalog_find(ami_str_c(name));
	return e && (e->flags & AMI_ACT_SIM) ? e : NULL;
}

static int server_action(const char *name, bool control_ok)
{
	for (size_t i = 0; i < NSERVER; i++)
		if (strcasecmp(name, server_actions[i].name) == 0 &&
		    (!server_actions[i].control || control_ok))
			return (int)i;
	return -1;
}

/* An action in the catalogue that neither side simulates. */
static void not_simulated(struct sim_session *s, const struct ami_msg *m, const char *name)
{
	char msg[256];
	cut_printf(msg, sizeof msg, "%s is not simulated by amisim", name);
	send_error(s, m, msg);
}

static void finish(struct sim_session *s, const struct ami_msg *m, int ret)
{
	if (s->state == SS_DEAD)
		return;
	if (ret < 0 && s->state == SS_OPEN)
		s->state = SS_CLOSING;
	if (s->state != SS_OPEN && s->state != SS_CLOSING)
		return; /* deferred, waiting or delayed: the rest comes later */
	char sup[8];
	/* process_events() after the action, unless SuppressEvents asked not to */
	if (s->state == SS_OPEN && !*sim_msg_get(m, "SuppressEvents", sup, sizeof sup))
		sess_flush_events(s, false);
	if (s->has_pending_fault) {
		s->has_pending_fault = false;
		sess_apply_fault(s, &s->pending_fault);
	}
}

static void run(struct sim_session *s, const struct ami_msg *m, const char *name)
{
	struct sim_reply r;
	sim_reply_init(&r, s, m);
	int idx = server_action(name, s->srv->opts.control);
	int ret = 0;
	size_t mark = s->out.len;
	current = s;
	if (idx >= 0) {
		ret = server_actions[idx].fn(s, m, &r);
	} else if (!s->srv->pbx || !sim_pbx_action(s->srv->pbx, name, &r)) {
		not_simulated(s, m, name);
	}
	current = NULL;
	if (s->state == SS_OPEN || s->state == SS_CLOSING) /* deferred: cut when it comes */
		sess_cut_reply(s, mark);
	finish(s, m, ret);
}

void sess_process(struct sim_session *s, enum sim_input_kind kind, struct ami_msg *m)
{
	if (kind == SIM_INPUT_TOO_MANY) {
		send_error(s, m, "Too many lines in message or allocation failure");
		return;
	}
	if (kind == SIM_INPUT_TOO_LONG) {
		send_error(s, m, "Failed to parse message: line too long");
		return;
	}
	char name[1024];
	sim_msg_action(m, name, sizeof name);
	if (!*name) {
		sec_report(s, SEC_REQ_BAD_FORMAT,
			   &(struct sim_sec_extra){ .request_type = "NONE" });
		send_error(s, m, "Missing action in request");
		return;
	}
	bool login = !strcasecmp(name, "Login"), challenge = !strcasecmp(name, "Challenge");
	if (!s->authenticated && !login && !challenge && strcasecmp(name, "Logoff")) {
		sec_report(s, SEC_REQ_NOT_ALLOWED, &(struct sim_sec_extra){ .request_type = name });
		send_error(s, m, "Permission denied");
		return;
	}
	if (!s->authenticated && (login || challenge) && auth_in_use_check(s, m))
		return;
	const struct ami_catalog_entry *e = registered(name);
	bool control =
	    server_action(name, s->srv->opts.control) >= 0 && !registered(name); /* Sim* actions */
	if (!e && !control) {
		char msg[512];
		sec_report(s, SEC_REQ_BAD_FORMAT, &(struct sim_sec_extra){ .request_type = name });
		cut_printf(
		    msg, sizeof msg,
		    "Invalid/unknown command: %s. Use Action: ListCommands to show available "
		    "commands.",
		    name);
		send_error(s, m, msg);
		return;
	}
	if (e && !ami_catalog_permits(e->authority, s->writeperm)) {
		sec_report(s, SEC_REQ_NOT_ALLOWED, &(struct sim_sec_extra){ .request_type = name });
		send_error(s, m, "Permission denied");
		return;
	}
	run(s, m, name);
}

/* ---- reply.h: deferred replies ---- */

struct sim_deferred *sim_reply_defer(struct sim_reply *r)
{
	struct sim_session *s = current;
	if (!s || r->deferred)
		return r->deferred;
	struct sim_deferred *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->req = ami_msg_dup(r->req);
	if (!d->req) {
		free(d);
		return NULL;
	}
	char sup[8];
	d->suppress = *sim_msg_get(r->req, "SuppressEvents", sup, sizeof sup) != '\0';
	ami_buf_init(&d->out, SIM_OUT_MAX);
	d->reply = *r;
	d->reply.req = d->req;
	d->reply.out = &d->out;
	d->reply.deferred = d;
	d->s = s;
	r->deferred = d;
	s->deferred = d;
	s->state = SS_DEFERRED;
	return d;
}

struct sim_reply *sim_deferred_reply(struct sim_deferred *d)
{
	return &d->reply;
}

void sim_deferred_finish(struct sim_deferred *d)
{
	if (!d)
		return;
	struct sim_session *s = d->s;
	if (s && s->deferred == d) {
		size_t mark = s->out.len;
		ami_buf_add(&s->out, d->out.p ? d->out.p : "", d->out.len);
		s->deferred = NULL;
		if (s->state == SS_DEFERRED && s->cut_armed) {
			s->state = SS_OPEN;
			sess_cut_reply(s, mark);
		}
		if (s->state == SS_DEFERRED) {
			s->state = SS_OPEN;
			if (!d->suppress)
				sess_flush_events(s, false);
		}
	}
	ami_buf_free(&d->out);
	ami_msg_free(d->req);
	free(d);
}
