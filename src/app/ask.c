/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights questions and their answers, shared by --probe and the console. */
#include "app/ask.h"

#include <stdio.h>

#include "app/app.h"
#include "model/rights.h"

typedef enum ami_status (*feed_fn)(struct rights_card *, const struct ami_msg *);

static void answered(struct app_ask *k)
{
	if (k->changed)
		k->changed(k->app);
	if (k->outstanding && --k->outstanding == 0 && k->done)
		k->done(k->app);
}

static void on_reply(struct app_ask *k, const struct ami_reply *r, feed_fn feed, enum app_fact kind)
{
	if (r->kind == AMI_REPLY_RESPONSE && r->msg && r->status == AMI_OK && feed &&
	    feed(k->card, r->msg) == AMI_OK && k->answer)
		k->answer(k->app, kind, r->msg);
	if (r->kind == AMI_REPLY_RESPONSE)
		rights_action_result(k->card, r->action, r->status == AMI_E_PERMISSION);
	if (r->kind == AMI_REPLY_TIMEOUT)
		app_note(k->app, "%s got no answer in time", r->action);
	if (r->final)
		answered(k);
}

static enum ami_status feed_coresettings(struct rights_card *c, const struct ami_msg *m)
{
	rights_from_coresettings(c, m);
	return AMI_OK;
}

static void on_coresettings(void *u, const struct ami_reply *r)
{
	on_reply(u, r, feed_coresettings, APP_FACT_CORESETTINGS);
}

static void on_showuser(void *u, const struct ami_reply *r)
{
	on_reply(u, r, rights_from_showuser, APP_FACT_SHOWUSER);
}

static void on_getconfig(void *u, const struct ami_reply *r)
{
	on_reply(u, r, rights_from_getconfig, APP_FACT_GETCONFIG);
}

static void ask(struct app_ask *k, const char *action, const char *k1, const char *v1,
		const char *k2, const char *v2, void (*fn)(void *, const struct ami_reply *))
{
	struct ami_action act;
	ami_action_init(&act, action);
	if (k1)
		ami_action_add(&act, k1, v1);
	if (k2)
		ami_action_add(&act, k2, v2);
	enum ami_status st = ami_session_send(k->app->sess, &act, fn, k, 0);
	ami_action_free(&act);
	if (st == AMI_OK)
		k->outstanding++;
	else if (st != AMI_E_READ_ONLY) /* read-only profiles skip GetConfig quietly */
		app_note(k->app, "%s not sent: %s", action, ami_status_str(st));
}

/* The follow-up questions depend on what ListCommands allowed. */
static void ask_more(struct app_ask *k)
{
	const char *user = k->app->prof.username;
	if (rights_allows(k->card, ami_str_c("CoreSettings")))
		ask(k, "CoreSettings", NULL, NULL, NULL, NULL, on_coresettings);
	if (rights_allows(k->card, ami_str_c("Command"))) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "manager show user %s", user);
		ask(k, "Command", "Command", cmd, NULL, NULL, on_showuser);
	}
	if (rights_allows(k->card, ami_str_c("GetConfig")))
		ask(k, "GetConfig", "Filename", "manager.conf", "Category", user, on_getconfig);
}

static void on_listcommands(void *u, const struct ami_reply *r)
{
	struct app_ask *k = u;
	if (r->kind == AMI_REPLY_RESPONSE && r->msg && r->status == AMI_OK &&
	    rights_from_listcommands(k->card, r->msg) == AMI_OK && k->answer)
		k->answer(k->app, APP_FACT_LISTCOMMANDS, r->msg);
	if (r->kind == AMI_REPLY_RESPONSE && r->status == AMI_OK)
		ask_more(k);
	if (r->kind == AMI_REPLY_TIMEOUT)
		app_note(k->app, "ListCommands got no answer in time");
	if (r->final)
		answered(k);
}

void app_ask_start(struct app_ask *k)
{
	struct ami_session_info info;
	ami_session_get_info(k->app->sess, &info);
	rights_set_banner(k->card, ami_str_c(info.banner));
	if (k->app->demo.rights_known) /* --demo: we started amisim with this configuration */
		rights_from_known(k->card, k->app->demo.read, k->app->demo.write);
	ask(k, "ListCommands", NULL, NULL, NULL, NULL, on_listcommands);
}
