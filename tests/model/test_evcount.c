/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counters: per-class totals from a real transcript, and the sliding-window rates. */
#include "model/evcount.h"
#include "model/evtab.h"
#include "mfix.h"

Test(evcount, per_class_totals_from_a_transcript)
{
	struct mfix f;
	mfix_load(&f, "05_call_events_admin");
	struct evcount c;
	evcount_init(&c);
	size_t dtmf = 0, other = 0, bytes = 0;
	for (size_t i = 0; i < f.n; i++) {
		uint32_t cls =
		    f.m[i]->kind == AMI_MSG_EVENT
			? evtab_class(ami_msg_name(f.m[i]), ami_msg_get(f.m[i], "Privilege"))
			: 0;
		evcount_add(&c, cls, f.m[i]->rawlen, (int64_t)i * 1000);
		dtmf += (cls & AMI_PERM_DTMF) != 0;
		other += cls == 0;
		bytes += f.m[i]->rawlen;
	}
	cr_assert_eq(c.total, f.n);
	cr_assert_eq(c.bytes, bytes);
	cr_assert_eq(evcount_class_total(&c, AMI_CLASS_DTMF), dtmf);
	cr_assert_eq(dtmf, 6u);
	cr_assert_eq(evcount_class_total(&c, AMI_CLASS_COUNT), other);
	cr_assert_eq(evcount_class_total(&c, AMI_CLASS_SECURITY), 6u);
	mfix_free(&f);
}

Test(evcount, sliding_window_rates)
{
	struct evcount c;
	evcount_init(&c);
	int64_t t0 = 1000 * 1000000LL;
	/* 100 events/s of 400 bytes for 30 s, call class */
	for (int s = 0; s < 30; s++)
		for (int k = 0; k < 100; k++)
			evcount_add(&c, AMI_PERM_CALL, 400, t0 + s * 1000000LL + k * 10000);
	int64_t now = t0 + 30 * 1000000LL;
	cr_assert_float_eq(evcount_rate(&c, now), 100.0, 1.0);
	cr_assert_float_eq(evcount_byte_rate(&c, now), 40000.0, 400.0);
	cr_assert_float_eq(evcount_class_rate(&c, AMI_CLASS_CALL, now), 100.0, 1.0);
	cr_assert_float_eq(evcount_class_rate(&c, AMI_CLASS_CDR, now), 0.0, 0.001);
	/* silence: the rate decays to zero once the window has passed */
	/* seconds 26..29 (400 events) over the 9 s from second 26 to now */
	cr_assert_float_eq(evcount_rate(&c, now + 5 * 1000000LL), 400.0 / 9.0, 0.01);
	cr_assert_float_eq(evcount_rate(&c, now + 11 * 1000000LL), 0.0, 0.001);
	cr_assert_eq(c.total, 3000u);
	/* a young session: the rate is over its own age, not the whole window */
	struct evcount y;
	evcount_init(&y);
	for (int k = 0; k < 50; k++)
		evcount_add(&y, 0, 10, t0 + k * 10000);
	cr_assert_float_eq(evcount_rate(&y, t0 + 500000), 100.0, 1.0);
	cr_assert_eq(evcount_class_total(&y, AMI_CLASS_COUNT), 50u);
}
