/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PBX's core actions as manager.c answers them: Originate (its checks, async and
 * synchronous), Hangup (by name and /regex/), Redirect, Setvar, Getvar, Status and
 * CoreShowChannels.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/message.h"
#include "pbx_int.h"

bool pbx_ieq(const char *a, const char *b)
{
	while (*a && *b) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
		a++, b++;
	}
	return !*a && !*b;
}

bool pbx_ast_true(const char *s)
{
	static const char *const yes[] = { "yes", "true", "y", "t", "1", "on" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (pbx_ieq(s, yes[i]))
			return true;
	return false;
}

static void hdr(const struct sim_reply *r, const char *name, char *dst, size_t cap)
{
	ami_msg_cstr(r->req, name, dst, cap);
}

unsigned pbx_chan_list(struct sim_pbx *p, struct pbx_chan **out, unsigned max)
{
	unsigned n = 0;
	for (struct pbx_chan *c = p->live_head; c && n < max; c = c->next_live) {
		if (c->half == 2 && c->pair && !c->pair->dead)
			continue; /* listed just before its ;1 */
		if (c->half == 1 && c->pair && !c->pair->dead && n + 1 < max)
			out[n++] = c->pair;
		out[n++] = c;
	}
	return n;
}

/* ---- Originate ---- */

/* is_originate_app_permitted(): the first matching entry decides. */
static bool app_permitted(const char *app, const char *data, uint32_t writeperm)
{
	static const char *const app_sys[] = { "agi",	     "dbdeltree", "exec",   "externalivr",
					       "mixmonitor", "originate", "reload", "system" };
	static const char *const data_sys[] = { "CURL", "DB",	    "EVAL", "FILE",
						"ODBC", "REALTIME", "SHELL" };
	for (size_t i = 0; i < sizeof(app_sys) / sizeof(app_sys[0]); i++)
		if (pbx_strcasestr(app, app_sys[i]))
			return writeperm & AMI_PERM_SYSTEM;
	if (pbx_strcasestr(app, "queue")) {
		/* the sixth argument of Queue() names an AGI */
		const char *s = data;
		for (int k = 0; k < 5 && s; k++) {
			s = strchr(s, ',');
			if (s)
				s++;
		}
		if (s && *s && *s != ',')
			return writeperm & (AMI_PERM_AGI | AMI_PERM_SYSTEM);
	}
	for (size_t i = 0; i < sizeof(data_sys) / sizeof(data_sys[0]); i++)
		if (strstr(data, data_sys[i]))
			return writeperm & AMI_PERM_SYSTEM;
	return true;
}

/* ast_callerid_parse() + ast_shrink_phone_number(), enough for "Name <num>" forms. */
static void parse_callerid(const char *in, char *num, size_t ncap, char *name, size_t namecap)
{
	num[0] = name[0] = '\0';
	const char *lt = strchr(in, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		size_t n = (size_t)(gt - lt - 1);
		char tmp[PBX_FIELD_MAX];
		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, lt + 1, n);
		tmp[n] = '\0';
		size_t o = 0;
		for (size_t i = 0; tmp[i] && o + 1 < ncap; i++)
			if (!strchr(" ()-.", tmp[i]))
				num[o++] = tmp[i];
		num[o] = '\0';
		const char *s = in, *e = lt;
		while (s < e && (*s == ' ' || *s == '"'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '"'))
			e--;
		n = (size_t)(e - s);
		if (n >= namecap)
			n = namecap - 1;
		memcpy(name, s, n);
		name[n] = '\0';
		return;
	}
	bool digits = *in != '\0';
	for (const char *s = in; *s; s++)
		if (!strchr("0123456789+*#()-. ", *s))
			digits = false;
	if (digits) {
		size_t o = 0;
		for (const char *s = in; *s && o + 1 < ncap; s++)
			if (!strchr(" ()-.", *s))
				num[o++] = *s;
		num[o] = '\0';
	} else {
		pbx_set_str(name, namecap, in);
	}
}

/* astman_get_variables_order(): every Variable: header, comma lists, items need '='. */
static void parse_variables(const struct sim_reply *r, struct pbx_call *call)
{
	uint32_t pos = 0;
	struct ami_str v;
	unsigned n = 0;
	struct pbx_var **tail = &call->vars;
	while (ami_msg_next(r->req, "Variable", &pos, &v)) {
		char buf[1024];
		ami_str_copy(v, buf, sizeof(buf));
		unsigned items = 0;
		for (char *tok = buf; tok && items < 64; items++) {
			char *next = strchr(tok, ',');
			if (next)
				*next++ = '\0';
			char *eq = strchr(tok, '=');
			if (eq && eq != tok && n < PBX_VARS_MAX) {
				*eq = '\0';
				size_t nl = strlen(tok), vl = strlen(eq + 1);
				struct pbx_var *var = malloc(sizeof(*var) + nl + vl + 2);
				if (var) {
					memcpy(var->name, tok, nl + 1);
					var->value = var->name + nl + 1;
					memcpy(var->value, eq + 1, vl + 1);
					var->next = NULL;
					*tail = var;
					tail = &var->next;
					n++;
				}
			}
			tok = next;
		}
	}
}

static struct pbx_call *find_call(struct sim_pbx *p, uint32_t id)
{
	struct pbx_call *c = p->calls;
	while (c && c->id != id)
		c = c->next;
	return c;
}

static void originate_fail_now(struct sim_pbx *p, struct pbx_call *call)
{
	pbx_call_failed(p, call, NULL, 0);
}

/* Local/<exten>@<context>[/n] whose extension does not exist: allocated, then hung up. */
static void local_missing(struct sim_pbx *p, struct pbx_call *call, struct pbx_local_req *rq)
{
	struct pbx_chan *c1 = pbx_local_new(p, rq);
	if (c1) {
		struct pbx_chan *c2 = c1->pair;
		pbx_chan_gone(p, c2, 0);
		pbx_chan_gone(p, c1, 0);
	}
	originate_fail_now(p, call);
}

static void originate_job(struct sim_pbx *p, uint32_t id, uint32_t unused)
{
	(void)unused;
	struct pbx_call *call = find_call(p, id);
	if (!call)
		return;
	char tech[16], rest[PBX_NAME_MAX];
	const char *slash = strchr(call->reqchan, '/');
	size_t tl = (size_t)(slash - call->reqchan);
	if (tl >= sizeof(tech))
		tl = sizeof(tech) - 1;
	memcpy(tech, call->reqchan, tl);
	tech[tl] = '\0';
	PBX_SET(rest, slash + 1);
	if (pbx_ieq(tech, "PJSIP")) {
		if (!pbx_pjsip_originate(p, call, rest, call->vars))
			originate_fail_now(p, call);
		return;
	}
	if (!pbx_ieq(tech, "Local")) {
		originate_fail_now(p, call);
		return;
	}
	struct pbx_local_req rq = { .cid_num = call->cid_num, .cid_name = call->cid_name };
	char *sl = strchr(rest, '/');
	if (sl) {
		rq.slash_n = !strcmp(sl, "/n");
		*sl = '\0';
	}
	char *at = strchr(rest, '@');
	rq.context = "default";
	if (at) {
		*at = '\0';
		rq.context = at + 1;
	}
	rq.exten = rest;
	rq.account = call->account[0] ? call->account : NULL;
	rq.uid1 = call->uid1;
	rq.uid2 = call->uid2;
	if (!pbx_dp_exists(rq.context, rq.exten, 1)) {
		local_missing(p, call, &rq);
		return;
	}
	struct pbx_chan *c1 = pbx_local_new(p, &rq);
	if (!c1) {
		originate_fail_now(p, call);
		return;
	}
	pbx_local_originate(p, c1, call, call->vars);
}

struct orig_req {
	char channel[PBX_NAME_MAX], exten[PBX_FIELD_MAX], context[PBX_FIELD_MAX];
	char priority[32], app[PBX_FIELD_MAX], data[PBX_DATA_MAX], timeout[32];
	char callerid[PBX_NAME_MAX], account[PBX_FIELD_MAX], async[16];
	char uid1[PBX_ID_MAX], uid2[PBX_ID_MAX];
};

static void read_orig(const struct sim_reply *r, struct orig_req *o)
{
	hdr(r, "Channel", o->channel, sizeof(o->channel));
	hdr(r, "Exten", o->exten, sizeof(o->exten));
	hdr(r, "Context", o->context, sizeof(o->context));
	hdr(r, "Priority", o->priority, sizeof(o->priority));
	hdr(r, "Application", o->app, sizeof(o->app));
	hdr(r, "Data", o->data, sizeof(o->data));
	hdr(r, "Timeout", o->timeout, sizeof(o->timeout));
	hdr(r, "CallerID", o->callerid, sizeof(o->callerid));
	hdr(r, "Account", o->account, sizeof(o->account));
	hdr(r, "Async", o->async, sizeof(o->async));
	hdr(r, "ChannelId", o->uid1, sizeof(o->uid1));
	hdr(r, "OtherChannelId", o->uid2, sizeof(o->uid2));
}

/* The checks of action_originate(), in its order; NULL when the request is acceptable. */
static const char *orig_check(const struct sim_reply *r, const struct orig_req *o, int *pi, int *to)
{
	*pi = 0;
	*to = 30000;
	if (!*o->channel)
		return "Channel not specified";
	if (*o->priority && sscanf(o->priority, "%30d", pi) != 1)
		return "Invalid priority"; /* no labels in the built-in dialplan */
	if (*o->timeout && sscanf(o->timeout, "%30d", to) != 1)
		return "Invalid timeout";
	if (!strchr(o->channel, '/'))
		return "Invalid channel";
	if (*o->app && !app_permitted(o->app, o->data, r->writeperm))
		return "Originate Access Forbidden: app or data blacklisted";
	if (*pi && !pbx_dp_exists(o->context, o->exten, *pi))
		return "Extension does not exist.";
	if (!pbx_ast_true(o->async) && !*o->app && !*pi)
		return "Originate with 'Exten' requires 'Context' and 'Priority'";
	return NULL;
}

static void act_originate(struct sim_pbx *p, struct sim_reply *r)
{
	struct orig_req o;
	int pi, to;
	read_orig(r, &o);
	const char *err = orig_check(r, &o, &pi, &to);
	if (err) {
		sim_reply_error(r, err);
		return;
	}
	struct pbx_call *call = calloc(1, sizeof(*call));
	if (!call) {
		sim_reply_error(r, "Originate failed");
		return;
	}
	call->id = ++p->call_seq;
	call->async = pbx_ast_true(o.async);
	call->has_app = o.app[0] != '\0';
	PBX_SET(call->app, o.app);
	PBX_SET(call->appdata, o.data);
	PBX_SET(call->context, o.context);
	PBX_SET(call->exten, o.exten);
	call->prio = pi;
	call->timeout_ms = to;
	PBX_SET(call->actionid, r->actionid);
	PBX_SET(call->reqchan, o.channel);
	PBX_SET(call->account, o.account);
	PBX_SET(call->uid1, o.uid1);
	PBX_SET(call->uid2, o.uid2);
	parse_callerid(o.callerid, call->cid_num, sizeof(call->cid_num), call->cid_name,
		       sizeof(call->cid_name));
	parse_variables(r, call);
	call->next = p->calls;
	p->calls = call;
	if (call->async)
		sim_reply_ack(r, "Originate successfully queued");
	else
		call->deferred = sim_reply_defer(r);
	pbx_after(p, 0, originate_job, call->id, 0);
}

/* ---- Hangup ---- */

static void hangup_job(struct sim_pbx *p, uint32_t h, uint32_t unused)
{
	(void)unused;
	struct pbx_chan *c = pbx_chan_get(p, h);
	if (!c)
		return;
	if (c->call) {
		pbx_call_failed(p, c->call, c, 1);
		return;
	}
	if (c->run != PBX_RUN_NONE) {
		if (c->bridge && c->dialed)
			pbx_dial_dialer_left(p, c, c->cause);
		if (!c->dead)
			pbx_dp_interrupt(p, c);
		return;
	}
	if (c->half) {
		pbx_local_finished(p, c);
		return;
	}
	c->softhangup = false;
	pbx_remote_hangup(p, c, c->cause ? c->cause : 16);
}

void pbx_request_hangup(struct sim_pbx *p, struct pbx_chan *c, int cause)
{
	if (c->dead || c->softhangup)
		return;
	bool pair_done = c->pair && c->pair->by_action;
	if (!pair_done)
		pbx_ev_hangup_request(p, c, true, cause > 0 ? cause : 16);
	c->softhangup = true;
	c->shr_done = true;
	c->by_action = true;
	c->cause = cause;
	pbx_after(p, 0, hangup_job, c->handle, 0);
}

static void hangup_regex(struct sim_pbx *p, struct sim_reply *r, const char *chan, int cause)
{
	size_t n = strlen(chan);
	if (n < 2 || chan[n - 1] != '/') {
		sim_reply_error(r, "Regex format invalid, Channel param should be /regex/");
		return;
	}
	char pat[PBX_NAME_MAX * 2];
	snprintf(pat, sizeof(pat), "%.*s", (int)(n - 2), chan + 1);
	regex_t re;
	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB)) {
		char msg[PBX_NAME_MAX * 2 + 40];
		snprintf(msg, sizeof(msg), "Regex compile failed on: %s", chan);
		sim_reply_error(r, msg);
		return;
	}
	sim_reply_listack(r, "Channels hung up will follow");
	struct pbx_chan **list = malloc(sizeof(*list) * (p->nlive + 1));
	unsigned cnt = list ? pbx_chan_list(p, list, p->nlive + 1) : 0, matched = 0;
	for (unsigned i = 0; i < cnt; i++) {
		if (regexec(&re, list[i]->name, 0, NULL, 0))
			continue;
		pbx_request_hangup(p, list[i], cause);
		matched++;
		ami_buf_printf(r->out, "Event: ChannelHungup\r\nChannel: %s\r\n", list[i]->name);
		if (r->actionid[0])
			ami_buf_printf(r->out, "ActionID: %s\r\n", r->actionid);
		sim_reply_end(r);
	}
	free(list);
	regfree(&re);
	sim_reply_list_complete(r, "ChannelsHungupListComplete", matched);
	sim_reply_end(r);
}

static void act_hangup(struct sim_pbx *p, struct sim_reply *r)
{
	char chan[PBX_NAME_MAX], cause_s[32];
	hdr(r, "Channel", chan, sizeof(chan));
	hdr(r, "Cause", cause_s, sizeof(cause_s));
	if (!*chan) {
		sim_reply_error(r, "No channel specified");
		return;
	}
	int cause = 0;
	if (*cause_s) {
		char *end;
		long v = strtol(cause_s, &end, 10);
		cause = (v < 0 || v > 127 || *end) ? 0 : (int)v;
	}
	if (chan[0] == '/') {
		hangup_regex(p, r, chan, cause);
		return;
	}
	struct pbx_chan *c = pbx_chan_find(p, chan);
	if (!c) {
		sim_reply_error(r, "No such channel");
		return;
	}
	pbx_request_hangup(p, c, cause);
	sim_reply_ack(r, "Channel Hungup");
}

bool pbx_actions_dispatch(struct sim_pbx *p, const char *name, struct sim_reply *r)
{
	static const struct {
		const char *name;
		void (*fn)(struct sim_pbx *, struct sim_reply *);
	} tab[] = {
		{ "Originate", act_originate },
		{ "Hangup", act_hangup },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (pbx_ieq(name, tab[i].name)) {
			tab[i].fn(p, r);
			return true;
		}
	}
	if (pbx_queue_action(p, name, r) || pbx_actions_chan_dispatch(p, name, r))
		return true;
	return pbx_actions2_dispatch(p, name, r);
}
