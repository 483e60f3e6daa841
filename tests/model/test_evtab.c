/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event table: lookups, classes against what real Asterisk sent, the key scan. */
#include "model/evtab.h"
#include "mfix.h"

#include <ctype.h>
#include <dirent.h>

Test(evtab, every_row_is_found_case_insensitively)
{
	size_t n;
	const struct evtab_info *t = evtab_all(&n);
	cr_assert_gt(n, 100);
	for (size_t i = 0; i < n; i++) {
		char up[64];
		size_t k = strlen(t[i].name);
		cr_assert_lt(k, sizeof up);
		for (size_t j = 0; j <= k; j++)
			up[j] = (char)toupper((unsigned char)t[i].name[j]);
		cr_assert_eq(evtab_find(ami_str_c(t[i].name)), &t[i], "%s", t[i].name);
		cr_assert_eq(evtab_find(ami_str_c(up)), &t[i], "%s", up);
		cr_assert_eq(evtab_find(ami_str_make(t[i].name, k - 1)) == &t[i], false);
	}
	cr_assert_null(evtab_find(ami_str_c("NoSuchEventAtAll")));
	cr_assert_null(evtab_find(AMI_STR_NULL));
	cr_assert_null(evtab_find(ami_str_c("")));
}

Test(evtab, names_are_unique_and_classes_known)
{
	size_t n;
	const struct evtab_info *t = evtab_all(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			cr_assert(strcasecmp(t[i].name, t[j].name) != 0, "%s twice", t[i].name);
		cr_assert_neq(t[i].cls, 0u, "%s", t[i].name);
		cr_assert_eq(t[i].cls & ~ami_perm_known_mask(), 0u, "%s", t[i].name);
		/* one class each, except the one event Asterisk raises with two */
		bool single = ami_perm_class_of_bit(t[i].cls) != AMI_CLASS_COUNT;
		cr_assert(single || strcmp(t[i].name, "VoicemailPasswordChange") == 0, "%s",
			  t[i].name);
		if (t[i].sum == EVTAB_SUM_TEMPLATE || t[i].sum == EVTAB_SUM_SECURITY)
			cr_assert_gt(strlen(t[i].tmpl), 0, "%s", t[i].name);
	}
}

Test(evtab, reference_classes)
{
	static const struct {
		const char *name;
		uint32_t cls;
	} want[] = {
		{ "Newexten", AMI_PERM_DIALPLAN },
		{ "VarSet", AMI_PERM_DIALPLAN },
		{ "DTMFBegin", AMI_PERM_DTMF },
		{ "DTMFEnd", AMI_PERM_DTMF },
		{ "Cdr", AMI_PERM_CDR },
		{ "QueueCallerJoin", AMI_PERM_AGENT },
		{ "AgentConnect", AMI_PERM_AGENT },
		{ "InvalidPassword", AMI_PERM_SECURITY },
		{ "UserEvent", AMI_PERM_USER },
		{ "PeerStatus", AMI_PERM_SYSTEM },
		{ "CoreShowChannel", AMI_PERM_CALL },
		{ "Hangup", AMI_PERM_CALL },
		{ "TestEvent", AMI_PERM_REPORTING },
		{ "AOC-D", AMI_PERM_AOC },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct evtab_info *e = evtab_find(ami_str_c(want[i].name));
		cr_assert_not_null(e, "%s", want[i].name);
		cr_assert_eq(e->cls, want[i].cls, "%s", want[i].name);
	}
}

/* Every event of every recorded transcript that carries Privilege: agrees with the table. */
Test(evtab, table_agrees_with_real_privilege_headers)
{
	DIR *d = opendir(tu_path("asterisk-22"));
	cr_assert_not_null(d);
	struct dirent *de;
	size_t checked = 0, known = 0;
	while ((de = readdir(d))) {
		size_t k = strlen(de->d_name);
		if (k < 5 || strcmp(de->d_name + k - 4, ".raw") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(k - 4), de->d_name);
		struct mfix f;
		mfix_load(&f, name);
		for (size_t i = 0; i < f.n; i++) {
			const struct ami_msg *m = f.m[i];
			struct ami_str priv = ami_msg_get(m, "Privilege");
			if (m->kind != AMI_MSG_EVENT || !priv.p)
				continue;
			checked++;
			const struct evtab_info *e = evtab_find(ami_msg_name(m));
			if (!e)
				continue;
			known++;
			cr_assert_eq(ami_perm_from_privilege(priv, NULL), e->cls, "%s in %s",
				     e->name, name);
		}
		mfix_free(&f);
	}
	closedir(d);
	cr_assert_gt(checked, 300);
	cr_assert_eq(known, checked, "every recorded event name is in the table");
}

Test(evtab, class_of_a_received_event)
{
	/* Privilege wins, in any case; without it the table; else 0 */
	cr_assert_eq(evtab_class(ami_str_c("Cdr"), ami_str_c("call,all")), AMI_PERM_CALL);
	cr_assert_eq(evtab_class(ami_str_c("Status"), ami_str_c("Call")), AMI_PERM_CALL);
	cr_assert_eq(evtab_class(ami_str_c("VarSet"), AMI_STR_NULL), AMI_PERM_DIALPLAN);
	cr_assert_eq(evtab_class(ami_str_c("Whatever"), AMI_STR_NULL), 0u);
	cr_assert_eq(evtab_class(ami_str_c("Whatever"), ami_str_c("system,user,all")),
		     AMI_PERM_SYSTEM | AMI_PERM_USER);
	/* a Privilege naming nothing known falls back to the table */
	cr_assert_eq(evtab_class(ami_str_c("DTMFEnd"), ami_str_c("<none>")), AMI_PERM_DTMF);
}

Test(evtab, keys_are_found_in_one_pass)
{
	struct mfix f;
	mfix_load(&f, "05_call_events_admin");
	const struct ami_msg *m = mfix_event(&f, "Newchannel", 0);
	struct evtab_keys k;
	evtab_keys(m, &k);
	cr_assert(ami_str_eq(k.name, "Newchannel"));
	cr_assert(ami_str_eq(k.privilege, "call,all"));
	cr_assert(ami_str_eq(k.channel, "Local/100@test-00000006;1"));
	cr_assert(ami_str_eq(k.uniqueid, "amitest-1795773578.12"));
	cr_assert(ami_str_eq(k.linkedid, "amitest-1795773578.12"));
	/* Cdr: no Uniqueid/Linkedid headers (UniqueID is not Uniqueid's length... it is: */
	m = mfix_event(&f, "Cdr", 0);
	evtab_keys(m, &k);
	cr_assert(ami_str_eq(k.uniqueid, "amitest-1795773578.13")); /* UniqueID, any case */
	cr_assert_null(k.linkedid.p);
	cr_assert(ami_str_eq(k.channel, "Local/100@test-00000006;2"));
	mfix_free(&f);

	/* first occurrence wins; lower-case keys match */
	struct ami_msg *t =
	    mfix_text("Event: X\nchannel: a\nChannel: b\nPRIVILEGE: user,all\nNoColonLine");
	evtab_keys(t, &k);
	cr_assert(ami_str_eq(k.channel, "a"));
	cr_assert(ami_str_eq(k.privilege, "user,all"));
	cr_assert_null(k.uniqueid.p);
	ami_msg_free(t);
}

Test(evtab, role_names_come_from_the_table)
{
	cr_assert_str_eq(evtab_role_name(EVTAB_ROLE_HANGUP), "HANGUP");
	cr_assert_str_eq(evtab_role_name(EVTAB_ROLE_SNAPSHOT), "SNAPSHOT");
	cr_assert_str_eq(evtab_role_name(EVTAB_ROLE_COUNT), "?");
	cr_assert_eq(evtab_find(ami_str_c("Hangup"))->role, EVTAB_ROLE_HANGUP);
	cr_assert_eq(evtab_find(ami_str_c("Status"))->role, EVTAB_ROLE_SNAPSHOT);
	cr_assert_eq(evtab_find(ami_str_c("VarSet"))->role, EVTAB_ROLE_NONE);
}
