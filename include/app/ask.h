/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asking the server every rights question the account may ask (probe and console alike). */
#ifndef AMITUI_APP_ASK_H
#define AMITUI_APP_ASK_H

#include "app/facts.h"
#include "core/message.h"

struct app;
struct rights_card;

/*
 * The questions: ListCommands first, then what it allows of CoreSettings (versions),
 * `manager show user NAME` (needs command write) and GetConfig manager.conf (needs
 * system or config write). Each answer feeds card; changed() runs after every
 * answer, done() once when none is outstanding. Replies of refused questions
 * teach the card too (Permission denied). answer() (may be NULL) gets every answer
 * the card accepted, to keep for a bundle (a borrowed view, during the call only).
 */
struct app_ask {
	struct app *app;
	struct rights_card *card;
	void (*changed)(struct app *a);
	void (*done)(struct app *a);
	void (*answer)(struct app *a, enum app_fact kind, const struct ami_msg *m);
	unsigned outstanding;
};

/* Start asking (after login). Safe to call again after a re-login. */
void app_ask_start(struct app_ask *k);

#endif
