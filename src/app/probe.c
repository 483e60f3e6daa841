/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --probe: ask the server every question the account may ask, then print the rights card. */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "app/ask.h"
#include "model/evtab.h"
#include "model/rights.h"

/* How long to keep listening for events after the last answer (events prove read). */
#define LISTEN_MS 700

struct probe {
	struct rights_card *card;
	struct app_ask ask;
	bool asked;
	int64_t done_at; /* clock time the last answer arrived, -1 while waiting */
};

static struct probe P;

static void all_answered(struct app *a)
{
	(void)a;
	P.done_at = app_now_ms();
}

static void probe_login(struct app *a)
{
	if (P.asked)
		return;
	P.asked = true;
	P.ask = (struct app_ask){ .app = a, .card = P.card, .done = all_answered };
	app_ask_start(&P.ask);
}

static void probe_event(struct app *a, const struct ami_msg *m)
{
	rights_saw_event(P.card, evtab_class(ami_msg_name(m), ami_msg_get(m, "Privilege")));
}

static void report(struct app *a)
{
	struct ami_buf diff;
	ami_buf_init(&diff, 0);
	size_t ndiff = rights_compare(P.card, &diff, false);
	if (a->opts.json)
		rights_export_json(P.card, &a->out);
	else
		rights_export_text(P.card, &a->out);
	if (a->out.len && a->out.p[a->out.len - 1] != '\n')
		ami_buf_addc(&a->out, '\n');
	fwrite(a->out.p, 1, a->out.len, stdout);
	fflush(stdout);
	if (ndiff) {
		/* the JSON already holds "differences"; say it on stderr for people too */
		fprintf(stderr, "amitui: rights differ from the expectations:\n%s",
			diff.p ? diff.p : "");
		a->exit_code = APP_EXIT_EXPECT_DIFF;
	}
	ami_buf_free(&diff);
}

static int probe_turn(struct app *a)
{
	if (P.done_at < 0)
		return -1;
	int64_t left = P.done_at + LISTEN_MS - app_now_ms();
	if (left > 0)
		return (int)left;
	P.done_at = -1;
	report(a);
	ami_session_close(a->sess);
	return -1;
}

enum app_fact app_learn_recorded(struct rights_card *card, const struct ami_msg *m)
{
	if (m->kind == AMI_MSG_BANNER) {
		rights_set_banner(card, ami_msg_name(m));
		return APP_FACT_NONE;
	}
	if (m->kind != AMI_MSG_RESPONSE)
		return APP_FACT_NONE;
	/* which question a recorded reply answered, recognised by its shape */
	if (ami_msg_find(m, "ListCommands") && ami_msg_find(m, "Ping"))
		return rights_from_listcommands(card, m) == AMI_OK ? APP_FACT_LISTCOMMANDS
								   : APP_FACT_NONE;
	if (ami_msg_find(m, "AMIversion")) {
		rights_from_coresettings(card, m);
		return APP_FACT_CORESETTINGS;
	}
	if (ami_msg_find(m, "Category-000000"))
		return rights_from_getconfig(card, m) == AMI_OK ? APP_FACT_GETCONFIG
								: APP_FACT_NONE;
	if (ami_msg_find(m, "Output")) /* refuses outputs that are not one */
		return rights_from_showuser(card, m) == AMI_OK ? APP_FACT_SHOWUSER : APP_FACT_NONE;
	return APP_FACT_NONE;
}

static void probe_replay(struct app *a, const struct ami_msg *m)
{
	(void)a;
	app_learn_recorded(P.card, m);
}

static void probe_replay_end(struct app *a)
{
	report(a);
	a->quit = true;
}

const struct app_mode_ops app_probe_ops = {
	.on_login = probe_login,
	.on_event = probe_event,
	.on_turn = probe_turn,
	.on_replay = probe_replay,
	.on_replay_end = probe_replay_end,
};

static bool expectation(const char *opt, bool set, const char *prof, uint32_t *mask, bool *has)
{
	const char *text = set ? opt : prof;
	*has = set || *prof;
	if (!*has)
		return true;
	char err[200];
	if (rights_parse_list(text, mask, err, sizeof err) == AMI_OK)
		return true;
	fprintf(stderr, "amitui: expected rights '%s': %s\n", text, err);
	return false;
}

int app_probe_init(struct app *a)
{
	memset(&P, 0, sizeof P);
	P.done_at = -1;
	P.card = rights_new(a->prof.username);
	if (!P.card)
		return APP_EXIT_FAILURE;
	uint32_t r = 0, w = 0;
	bool hr, hw;
	if (!expectation(a->opts.expect_read, a->opts.expect_read_set, a->prof.expect_read, &r,
			 &hr) ||
	    !expectation(a->opts.expect_write, a->opts.expect_write_set, a->prof.expect_write, &w,
			 &hw))
		return APP_EXIT_USAGE;
	rights_set_expect(P.card, hr, r, hw, w);
	a->ops = &app_probe_ops;
	return APP_EXIT_OK;
}

void app_probe_free(void)
{
	rights_free(P.card);
	P.card = NULL;
}
