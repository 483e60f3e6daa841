/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action builder: exact serialisation, and no way to smuggle a second action. */
#include "core/action.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <string.h>

static const char *finish(struct ami_action *a)
{
	const char *w = NULL;
	size_t n = 0;
	cr_assert_eq(ami_action_finish(a, &w, &n), AMI_OK, "%s", ami_action_errmsg(a));
	cr_assert_eq(strlen(w), n);
	return w;
}

/* The Login in 01_login_success_admin.sent, byte for byte. */
Test(action, login_matches_fixture)
{
	struct ami_action a;
	ami_action_init(&a, "Login");
	ami_action_add(&a, "Username", "admin");
	ami_action_add_secret(&a, "Secret", "adminpw");
	ami_action_set_id(&a, "01-1");
	const char *w = finish(&a);
	size_t len;
	char *sent = tu_load("asterisk-22/01_login_success_admin.sent", &len);
	cr_assert(len >= strlen(w));
	cr_assert(strncmp(sent, w, strlen(w)) == 0, "got:\n%s\nwant:\n%s", w, sent);
	char red[256];
	ami_action_redacted(&a, red, sizeof red);
	cr_assert_null(strstr(red, "adminpw"));
	cr_assert_not_null(strstr(red, "Secret: ********\r\n"));
	free(sent);
	ami_action_free(&a);
}

Test(action, empty_value_keeps_space)
{
	struct ami_action a;
	ami_action_init(&a, "Events");
	ami_action_add(&a, "EventMask", "");
	cr_assert_str_eq(finish(&a), "Action: Events\r\nEventMask: \r\n\r\n");
	ami_action_free(&a);
}

Test(action, repeated_keys_in_order)
{
	struct ami_action a;
	ami_action_init(&a, "Originate");
	ami_action_add(&a, "Variable", "a=1");
	ami_action_add(&a, "Variable", "b=2");
	ami_action_addf(&a, "Timeout", "%d", 30000);
	cr_assert_str_eq(finish(&a), "Action: Originate\r\nVariable: a=1\r\nVariable: b=2\r\n"
				     "Timeout: 30000\r\n\r\n");
	ami_action_free(&a);
}

Test(action, injection_refused_everywhere)
{
	const char *bad[] = { "x\r\nAction: Command", "x\nCommand: core stop now", "x\r" };
	for (size_t i = 0; i < 3; i++) {
		struct ami_action a;
		ami_action_init(&a, "UserEvent");
		cr_assert_eq(ami_action_add(&a, "UserEvent", bad[i]), AMI_E_INJECTION);
		cr_assert_eq(ami_action_add(&a, "Ok", "fine"), AMI_E_INJECTION, "sticky");
		const char *w = NULL;
		size_t n = 0;
		cr_assert_eq(ami_action_finish(&a, &w, &n), AMI_E_INJECTION);
		cr_assert_null(w, "no bytes handed out");
		cr_assert_not_null(strstr(ami_action_errmsg(&a), "UserEvent"));
		ami_action_free(&a);
	}
	struct ami_action a;
	ami_action_init(&a, "Ping");
	cr_assert_eq(ami_action_add(&a, "Ke\ny", "v"), AMI_E_INJECTION);
	ami_action_free(&a);
	ami_action_init(&a, "Ping");
	cr_assert_eq(ami_action_addn(&a, "Key", "a\0b", 3), AMI_E_INJECTION);
	ami_action_free(&a);
	ami_action_init(&a, "Ping\r\nAction: Command");
	cr_assert_eq(ami_action_status(&a), AMI_E_INJECTION);
	ami_action_free(&a);
	ami_action_init(&a, "Ping");
	cr_assert_eq(ami_action_set_id(&a, "1\r\nAction: Logoff"), AMI_E_INJECTION);
	ami_action_free(&a);
}

Test(action, bad_keys)
{
	const char *keys[] = { "", "A:B", " Lead", "Trail ", NULL };
	for (size_t i = 0; keys[i]; i++) {
		struct ami_action a;
		ami_action_init(&a, "Ping");
		cr_assert_eq(ami_action_add(&a, keys[i], "v"), AMI_E_BAD_KEY, "key '%s'", keys[i]);
		ami_action_free(&a);
	}
	struct ami_action a;
	ami_action_init(&a, "Ping");
	cr_assert_eq(ami_action_add(&a, NULL, "v"), AMI_E_BAD_KEY);
	ami_action_free(&a);
}

Test(action, asterisk_limits)
{
	struct ami_action a;
	char v[1100];
	memset(v, 'x', sizeof v);
	/* "Data: " + value + CRLF must fit 1024 bytes */
	ami_action_init(&a, "Ping");
	cr_assert_eq(ami_action_addn(&a, "Data", v, 1024 - 8), AMI_OK);
	cr_assert_eq(ami_action_addn(&a, "Data", v, 1024 - 7), AMI_E_LINE_TOO_LONG);
	ami_action_free(&a);
	ami_action_init(&a, "Ping");
	for (int i = 1; i < AMI_ACTION_MAX_HEADERS; i++)
		cr_assert_eq(ami_action_add(&a, "H", "v"), AMI_OK);
	cr_assert_eq(ami_action_add(&a, "H", "v"), AMI_E_TOO_MANY_HEADERS);
	ami_action_free(&a);
}

Test(action, actionid_last_and_generated)
{
	struct ami_actionid_gen g;
	ami_actionid_init(&g, "amitui");
	char id[48];
	ami_actionid_next(&g, id, sizeof id);
	cr_assert_str_eq(id, "amitui-1");
	ami_actionid_next(&g, id, sizeof id);
	cr_assert_str_eq(id, "amitui-2");
	struct ami_action a;
	ami_action_init(&a, "Ping");
	ami_action_set_id(&a, id);
	cr_assert_str_eq(finish(&a), "Action: Ping\r\nActionID: amitui-2\r\n\r\n");
	cr_assert_str_eq(finish(&a), "Action: Ping\r\nActionID: amitui-2\r\n\r\n", "idempotent");
	cr_assert_eq(ami_action_add(&a, "Late", "x"), AMI_E_INVALID);
	ami_action_free(&a);
}
