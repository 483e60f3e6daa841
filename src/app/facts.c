/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copies of the rights answers (ListCommands, CoreSettings, ...) with their secrets masked. */
#include "app/facts.h"

#include <stdlib.h>
#include <string.h>

#include "app/record.h"
#include "core/buf.h"

static const char *const labels[] = {
#define APP_FACT_LABEL(name, label) label,
	APP_FACT_INFO(APP_FACT_LABEL)
#undef APP_FACT_LABEL
};

const char *app_fact_label(enum app_fact k)
{
	return k >= 0 && k < APP_FACT_COUNT ? labels[k] : "?";
}

enum ami_status app_facts_keep(struct app_facts *f, enum app_fact k, const struct ami_msg *m,
			       double t)
{
	if (k < 0 || k >= APP_FACT_COUNT)
		return AMI_E_INVALID;
	struct ami_buf b;
	ami_buf_init(&b, APP_FACT_MAX);
	/* never keep a secret: the copy is made from the redacted text */
	enum ami_status st = rec_redact(m, false, &b);
	if (st != AMI_OK) {
		ami_buf_wipe(&b);
		return st;
	}
	struct app_fact_rec *r = &f->f[k];
	free(r->p);
	r->p = ami_buf_steal(&b, &r->n);
	r->t = t;
	if (!r->p)
		r->n = 0;
	return r->p ? AMI_OK : AMI_E_NOMEM;
}

void app_facts_free(struct app_facts *f)
{
	for (int i = 0; i < APP_FACT_COUNT; i++)
		free(f->f[i].p);
	memset(f, 0, sizeof *f);
}
