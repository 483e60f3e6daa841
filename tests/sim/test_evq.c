/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event queue: Asterisk's event layout, disabledevents, bounds and trimming. */
#include "sim/evq.h"
#include "core/perms.h"

#include <criterion/criterion.h>
#include <string.h>

Test(evq, layout_as_manager_event)
{
	struct sim_evq q;
	sim_evq_init(&q, 0, 0);
	const char *body = "Channel: PJSIP/a-1\r\nCause: 16\r\n";
	cr_assert_eq(sim_evq_emit(&q, AMI_PERM_CALL, "Hangup", body, strlen(body), 0), SIM_EVQ_OK);
	const struct sim_event *e = sim_evq_get(&q, 0);
	cr_assert_str_eq(sim_event_name(e), "Hangup");
	cr_assert_str_eq(sim_event_text(e), "Event: Hangup\r\nPrivilege: call,all\r\n"
					    "Channel: PJSIP/a-1\r\nCause: 16\r\n\r\n");
	cr_assert_eq(e->len, strlen(sim_event_text(e)));
	/* Timestamp right after Privilege, then SystemName */
	q.timestamps = true;
	strcpy(q.sysname, "amitest");
	cr_assert_eq(sim_evq_emit(&q, AMI_PERM_SYSTEM | AMI_PERM_USER, "VoicemailPasswordChange",
				  "", 0, 1795773520476032ull),
		     SIM_EVQ_OK);
	cr_assert_str_eq(sim_event_text(sim_evq_get(&q, 1)),
			 "Event: VoicemailPasswordChange\r\nPrivilege: system,user,all\r\n"
			 "Timestamp: 1795773520.476032\r\nSystemName: amitest\r\n\r\n");
	cr_assert_eq(sim_evq_emit(&q, 0, "Odd", "", 0, 5), SIM_EVQ_OK);
	cr_assert(strstr(sim_event_text(sim_evq_get(&q, 2)), "Privilege: <none>\r\n"));
	cr_assert_null(sim_evq_get(&q, 3));
	sim_evq_free(&q);
}

Test(evq, disabledevents_list)
{
	struct sim_evq q;
	sim_evq_init(&q, 0, 0);
	sim_evq_set_disabled(&q, " Newexten, VarSet,Cdr");
	cr_assert(sim_evq_disabled(&q, "Newexten"));
	cr_assert(sim_evq_disabled(&q, "VarSet"));
	cr_assert(sim_evq_disabled(&q, "Cdr"));
	cr_assert_not(sim_evq_disabled(&q, "varset"), "names are case-sensitive");
	cr_assert_not(sim_evq_disabled(&q, "Var"));
	cr_assert_eq(sim_evq_emit(&q, AMI_PERM_DIALPLAN, "VarSet", "", 0, 0), SIM_EVQ_DISABLED);
	cr_assert_eq(q.head, 0, "a disabled event is never generated");
	sim_evq_free(&q);
}

Test(evq, bounded_and_trimmed_behind_cursors)
{
	struct sim_evq q;
	sim_evq_init(&q, 4096, 0);
	for (int i = 0; i < 4096; i++)
		cr_assert_eq(sim_evq_emit(&q, AMI_PERM_CALL, "X", "A: b\r\n", 6, 0), SIM_EVQ_OK);
	cr_assert_eq(sim_evq_emit(&q, AMI_PERM_CALL, "X", "A: b\r\n", 6, 0), SIM_EVQ_FULL);
	size_t per = sim_evq_get(&q, 0)->len;
	cr_assert_eq(q.bytes, 4096 * per);
	sim_evq_trim(&q, 4000);
	cr_assert_eq(q.tail, 4000);
	cr_assert_null(sim_evq_get(&q, 3999));
	cr_assert_not_null(sim_evq_get(&q, 4000));
	cr_assert_eq(q.bytes, 96 * per);
	cr_assert_eq(sim_evq_emit(&q, AMI_PERM_CALL, "X", "A: b\r\n", 6, 0), SIM_EVQ_OK);
	cr_assert_eq(q.head, 4097);
	sim_evq_free(&q);
	sim_evq_init(&q, 0, 1000);
	char big[600];
	memset(big, 'x', sizeof big);
	cr_assert_eq(sim_evq_emit(&q, 1, "B", big, sizeof big, 0), SIM_EVQ_OK);
	cr_assert_eq(sim_evq_emit(&q, 1, "B", big, sizeof big, 0), SIM_EVQ_FULL, "byte bound");
	sim_evq_free(&q);
}
