/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The server's answers behind the rights card, kept (redacted) so a bundle can carry them. */
#ifndef AMITUI_APP_FACTS_H
#define AMITUI_APP_FACTS_H

#include <stddef.h>

#include "core/message.h"
#include "core/status.h"

/*
 * The answers a rights card is built from: _(NAME, "label"). A bundle writes them as
 * received records before its events, so replaying the bundle rebuilds the card (and
 * the versions in the title bar) exactly as --replay of the original did.
 */
#define APP_FACT_INFO(_)                 \
	_(LISTCOMMANDS, "ListCommands")  \
	_(CORESETTINGS, "CoreSettings")  \
	_(SHOWUSER, "manager show user") \
	_(GETCONFIG, "GetConfig manager.conf")

enum app_fact {
	APP_FACT_NONE = -1,
#define APP_FACT_ENUM(name, label) APP_FACT_##name,
	APP_FACT_INFO(APP_FACT_ENUM)
#undef APP_FACT_ENUM
	    APP_FACT_COUNT
};

const char *app_fact_label(enum app_fact k);

/* One kept answer is at most this big (a huge manager.conf is simply not kept). */
#define APP_FACT_MAX (4u << 20)

struct app_fact_rec {
	char *p; /* the message's bytes with Secret/Key/secret= masked; NULL when none */
	size_t n;
	double t; /* receive time (epoch s), 0 unknown */
};

/* The latest answer of each kind. Zero-initialised is empty. */
struct app_facts {
	struct app_fact_rec f[APP_FACT_COUNT];
};

/*
 * Keep a redacted copy of m as the answer of kind k (replacing an earlier one).
 * Returns AMI_OK, AMI_E_INVALID for a bad kind, AMI_E_FULL when m is larger than
 * APP_FACT_MAX (nothing kept), AMI_E_NOMEM.
 */
enum ami_status app_facts_keep(struct app_facts *f, enum app_fact k, const struct ami_msg *m,
			       double t);
void app_facts_free(struct app_facts *f);

#endif
