/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Actions catalogue from real ListCommands replies, and the composer's warnings. */
#include "model/actcat.h"
#include "mfix.h"

/* A card holding one account's ListCommands reply from its 03_perms_* transcript. */
static struct rights_card *card_of(const char *user)
{
	char name[64];
	snprintf(name, sizeof name, "03_perms_%s", user);
	struct mfix f;
	mfix_load(&f, name);
	struct rights_card *c = rights_new(user);
	bool done = false;
	for (size_t i = 0; i < f.n && !done; i++)
		done = f.m[i]->kind == AMI_MSG_RESPONSE && f.m[i]->nhdrs > 10 &&
		       rights_from_listcommands(c, f.m[i]) == AMI_OK;
	cr_assert(done);
	mfix_free(&f);
	return c;
}

static const struct actcat_entry *find(const struct actcat *a, const char *name)
{
	const struct actcat_entry *e = actcat_find(a, ami_str_c(name));
	cr_assert_not_null(e, "%s", name);
	return e;
}

Test(actcat, states_follow_listcommands)
{
	struct rights_card *c = card_of("operator");
	struct actcat *a = actcat_new();
	cr_assert_eq(actcat_rebuild(a, c, false, false), AMI_OK);
	cr_assert_eq(find(a, "Originate")->state, ACTCAT_ALLOWED);
	cr_assert_eq(find(a, "Setvar")->state, ACTCAT_ALLOWED);
	const struct actcat_entry *cmd = find(a, "Command");
	cr_assert_eq(cmd->state, ACTCAT_DENIED);
	cr_assert_str_eq(cmd->reason, "needs write=command");
	cr_assert_str_eq(find(a, "Reload")->reason, "needs write=system or config");
	cr_assert_str_eq(find(a, "hangup")->name, "Hangup");
	cr_assert_eq(find(a, "Hangup")->state, ACTCAT_ALLOWED, "system|call: call suffices");
	cr_assert_eq(find(a, "Ping")->state, ACTCAT_ALLOWED);
	/* every listed action is allowed, every allowed action was listed */
	size_t allowed = 0;
	for (size_t i = 0; i < actcat_count(a); i++) {
		const struct actcat_entry *e = actcat_at(a, i);
		cr_assert_eq(e->state == ACTCAT_ALLOWED, e->listed, "%s", e->name);
		allowed += e->state == ACTCAT_ALLOWED;
		if (i)
			cr_assert_lt(strcasecmp(actcat_at(a, i - 1)->name, e->name), 0, "sorted");
	}
	cr_assert_eq(allowed, rights_action_count(c));
	/* read-only profile: changes are refused locally, reads stay */
	actcat_rebuild(a, c, true, false);
	cr_assert_eq(find(a, "Originate")->state, ACTCAT_READ_ONLY);
	cr_assert_eq(find(a, "Ping")->state, ACTCAT_ALLOWED);
	cr_assert_eq(find(a, "Command")->state, ACTCAT_DENIED, "denied stays denied");
	actcat_rebuild(a, c, false, true);
	cr_assert_eq(find(a, "Ping")->state, ACTCAT_REPLAY);
	actcat_free(a);
	rights_free(c);
}

Test(actcat, server_only_actions_are_added)
{
	struct rights_card *c = rights_new("x");
	struct ami_msg *m =
	    mfix_text("Response: Success\nPing: Keepalive command.  (Priv: <none>)\n"
		      "ZzCustomThing: Do a custom thing.  (Priv: system,reporting,all)");
	cr_assert_eq(rights_from_listcommands(c, m), AMI_OK);
	ami_msg_free(m);
	struct actcat *a = actcat_new();
	actcat_rebuild(a, c, false, false);
	const struct actcat_entry *e = find(a, "ZzCustomThing");
	cr_assert_not(e->in_catalog);
	cr_assert(e->listed);
	cr_assert_str_eq(e->synopsis, "Do a custom thing.");
	cr_assert_eq(e->authority, AMI_PERM_SYSTEM | AMI_PERM_REPORTING);
	cr_assert_eq(e->state, ACTCAT_ALLOWED);
	cr_assert_eq(actcat_at(a, actcat_count(a) - 1), e, "sorted last");
	cr_assert_eq(find(a, "Originate")->state, ACTCAT_DENIED);
	actcat_free(a);
	rights_free(c);
}

Test(actcat, before_listcommands)
{
	struct actcat *a = actcat_new();
	cr_assert_eq(find(a, "Ping")->state, ACTCAT_ALLOWED);
	cr_assert_eq(find(a, "Originate")->state, ACTCAT_UNKNOWN);
	struct rights_card *c = rights_new("u");
	rights_action_result(c, "Originate", true);
	actcat_rebuild(a, c, false, false);
	cr_assert_eq(find(a, "Originate")->state, ACTCAT_DENIED, "learned from a refusal");
	cr_assert_eq(find(a, "Command")->state, ACTCAT_UNKNOWN);
	char b[64];
	actcat_needs(AMI_PERM_SYSTEM | AMI_PERM_CALL | AMI_PERM_REPORTING, b, sizeof b);
	cr_assert_str_eq(b, "needs write=system or call or reporting");
	actcat_needs(0, b, sizeof b);
	cr_assert_str_eq(b, "");
	actcat_free(a);
	rights_free(c);
}

static size_t check(const struct rights_card *c, const struct calltab *t, const char *action,
		    const char *k1, const char *v1, const char *k2, const char *v2,
		    struct actcat_warning *w)
{
	struct actcat_kv kv[] = { { k1, v1 }, { k2, v2 } };
	return actcat_check(c, t, action, kv, k2 ? 2 : 1, w, 4);
}

Test(actcat, composer_warnings)
{
	struct rights_card *op = card_of("operator"), *admin = card_of("admin");
	struct actcat_warning w[4];
	cr_assert_eq(check(op, NULL, "Originate", "Application", "TryExec", "Data", "x", w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_REFUSED);
	cr_assert_str_eq(w[0].text, "will be refused: Application TryExec needs system write");
	cr_assert_eq(check(admin, NULL, "originate", "application", "System", "Data", "ls", w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_DANGER);
	cr_assert_eq(check(op, NULL, "Originate", "Application", "Playback", "Data", "beep", w),
		     0u);
	cr_assert_eq(check(op, NULL, "Originate", "Application", "NoOp", "Data", "${SHELL(id)}", w),
		     1u);
	cr_assert(strstr(w[0].text, "Data holding SHELL"));
	cr_assert_eq(check(op, NULL, "Originate", "Application", "NoOp", "Data", "shell", w), 0u,
		     "data words are matched case-sensitively, as Asterisk does");
	cr_assert_eq(check(op, NULL, "Originate", "Application", "Queue", "Data", "q,,,,,myagi", w),
		     1u);
	cr_assert(strstr(w[0].text, "needs agi or system"));
	cr_assert_eq(check(op, NULL, "Originate", "Application", "Queue", "Data", "q,t", w), 0u);
	cr_assert_eq(check(op, NULL, "Getvar", "Variable", "EVAL(${x})", NULL, NULL, w), 1u);
	cr_assert_eq(check(op, NULL, "Status", "Variables", "CHANNEL", NULL, NULL, w), 0u);
	/* Command: blacklist whatever the rights, dangerous lines */
	cr_assert_eq(
	    check(admin, NULL, "Command", "Command", "  Module   LOAD chan_foo.so", NULL, NULL, w),
	    1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_REFUSED);
	cr_assert_eq(check(admin, NULL, "Command", "Command", "core stop now", NULL, NULL, w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_DANGER);
	cr_assert_eq(
	    check(admin, NULL, "Command", "Command", "core restart gracefully", NULL, NULL, w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_DANGER, "not blacklisted: the modern form");
	cr_assert_eq(check(admin, NULL, "Command", "Command", "core show channels", NULL, NULL, w),
		     0u);
	/* Hangup with a regex counts the live channels it would hit */
	struct calltab *t = calltab_new(NULL);
	struct mfix f;
	mfix_load(&f, "10_eventlist_coreshowchannels");
	for (size_t i = 0; i < f.n; i++)
		calltab_update(t, f.m[i], 1);
	cr_assert_eq(check(admin, t, "Hangup", "Channel", "/^Local/700@/", NULL, NULL, w), 1u);
	cr_assert_str_eq(w[0].text, "the regex matches 2 live channels");
	cr_assert_eq(check(admin, t, "Hangup", "Channel", "/^PJSIP//", NULL, NULL, w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_INFO);
	cr_assert_eq(check(admin, t, "Hangup", "Channel", "/([/", NULL, NULL, w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_REFUSED);
	/* a regex that would eat Asterisk's memory (and ours, were it counted here) */
	cr_assert_eq(check(admin, t, "Hangup", "Channel", "/((x{100}){100})/", NULL, NULL, w), 1u);
	cr_assert_eq(w[0].level, ACTCAT_LEVEL_DANGER);
	cr_assert(strstr(w[0].text, "a regex Asterisk cannot afford: too many repetitions"), "%s",
		  w[0].text);
	cr_assert_eq(
	    check(admin, t, "Hangup", "Channel", "Local/700@test-0000000d;1", NULL, NULL, w), 0u);
	mfix_free(&f);
	calltab_free(t);
	rights_free(op);
	rights_free(admin);
	cr_assert_str_eq(actcat_level_label(ACTCAT_LEVEL_REFUSED), "will be refused");
	cr_assert_str_eq(actcat_state_label(ACTCAT_READ_ONLY), "read-only profile");
}
