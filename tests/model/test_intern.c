/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Interning: ids, references, forgetting and reuse, bounds, and a randomised check. */
#include "model/intern.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ami_str S(const char *s) {
	return ami_str_c(s);
}

Test(intern, same_string_same_id)
{
	struct intern *t = intern_new(100);
	uint32_t a = intern_get(t, S("PJSIP/alice-0001"));
	uint32_t b = intern_get(t, S("PJSIP/bob-0002"));
	cr_assert_neq(a, 0u);
	cr_assert_neq(b, 0u);
	cr_assert_neq(a, b);
	cr_assert_eq(intern_get(t, S("PJSIP/alice-0001")), a);
	cr_assert_eq(intern_find(t, S("PJSIP/bob-0002")), b);
	cr_assert_eq(intern_find(t, S("PJSIP/carol")), 0u);
	cr_assert_eq(intern_count(t), 2u);
	cr_assert_str_eq(intern_cstr(t, a), "PJSIP/alice-0001");
	cr_assert(ami_str_eq(intern_str(t, b), "PJSIP/bob-0002"));
	/* exact bytes: case matters, a prefix is another string */
	cr_assert_neq(intern_get(t, S("pjsip/alice-0001")), a);
	cr_assert_neq(intern_get(t, S("PJSIP/alice-000")), a);
	/* absent and empty are id 0 */
	cr_assert_eq(intern_get(t, AMI_STR_NULL), 0u);
	cr_assert_eq(intern_get(t, S("")), 0u);
	cr_assert_str_eq(intern_cstr(t, 0), "");
	intern_free(t);
}

Test(intern, last_reference_forgets_and_ids_are_reused)
{
	struct intern *t = intern_new(100);
	uint32_t a = intern_get(t, S("one"));
	intern_ref(t, a); /* two references now */
	uint64_t g = intern_generation(t);
	intern_unref(t, a);
	cr_assert_eq(intern_find(t, S("one")), a, "still referenced");
	cr_assert_eq(intern_generation(t), g);
	intern_unref(t, a);
	cr_assert_eq(intern_find(t, S("one")), 0u);
	cr_assert_null(intern_str(t, a).p);
	cr_assert_neq(intern_generation(t), g, "a forgotten id changes the generation");
	cr_assert_eq(intern_count(t), 0u);
	uint32_t b = intern_get(t, S("two"));
	cr_assert_eq(b, a, "the forgotten number is given out again");
	cr_assert_str_eq(intern_cstr(t, b), "two");
	intern_unref(t, 0); /* ignored */
	intern_free(t);
}

Test(intern, bounded)
{
	struct intern *t = intern_new(3);
	uint32_t ids[3];
	char s[16];
	for (int i = 0; i < 3; i++) {
		snprintf(s, sizeof s, "s%d", i);
		ids[i] = intern_get(t, S(s));
		cr_assert_neq(ids[i], 0u);
		cr_assert_leq(ids[i], intern_max_id(t));
	}
	cr_assert_eq(intern_get(t, S("s3")), 0u, "full");
	cr_assert_eq(intern_overflows(t), 1u);
	cr_assert_eq(intern_get(t, S("s1")), ids[1], "existing strings still resolve");
	intern_unref(t, ids[1]);
	intern_unref(t, ids[1]);
	cr_assert_neq(intern_get(t, S("s3")), 0u, "room again after forgetting");
	cr_assert_eq(intern_count(t), 3u);
	intern_free(t);
}

Test(intern, aux_word)
{
	struct intern *t = intern_new(10);
	uint32_t a = intern_get(t, S("Newchannel"));
	cr_assert_eq(intern_aux(t, a), 0u);
	intern_set_aux(t, a, 42);
	cr_assert_eq(intern_aux(t, a), 42u);
	intern_unref(t, a);
	uint32_t b = intern_get(t, S("Hangup"));
	cr_assert_eq(b, a);
	cr_assert_eq(intern_aux(t, b), 0u, "a reused id starts clean");
	intern_free(t);
}

/* Many strings added and dropped in random order, checked against a plain array. */
Test(intern, randomised_against_a_reference)
{
	enum { N = 20000, ROUNDS = 200000 };
	struct intern *t = intern_new(N);
	static uint32_t refs[N], id[N];
	unsigned seed = 7;
	char s[32];
	size_t before = intern_bytes(t);
	for (int r = 0; r < ROUNDS; r++) {
		seed = seed * 1103515245u + 12345u;
		int k = (int)((seed >> 8) % N);
		snprintf(s, sizeof s, "Local/%d@ctx-%08x;1", k, (unsigned)k * 2654435761u);
		if (refs[k] && ((seed >> 4) & 1)) {
			intern_unref(t, id[k]);
			refs[k]--;
		} else {
			uint32_t got = intern_get(t, S(s));
			cr_assert_neq(got, 0u);
			if (refs[k])
				cr_assert_eq(got, id[k]);
			id[k] = got;
			refs[k]++;
		}
	}
	uint32_t live = 0;
	for (int k = 0; k < N; k++) {
		snprintf(s, sizeof s, "Local/%d@ctx-%08x;1", k, (unsigned)k * 2654435761u);
		uint32_t got = intern_find(t, S(s));
		cr_assert_eq(got, refs[k] ? id[k] : 0u, "string %d", k);
		if (refs[k]) {
			live++;
			cr_assert_str_eq(intern_cstr(t, got), s);
		}
	}
	cr_assert_eq(intern_count(t), live);
	/* dropping everything brings the strings' memory back */
	for (int k = 0; k < N; k++)
		while (refs[k]--)
			intern_unref(t, id[k]);
	cr_assert_eq(intern_count(t), 0u);
	cr_assert_lt(intern_bytes(t), before + (size_t)N * 64, "tables only, no strings");
	intern_free(t);
}
