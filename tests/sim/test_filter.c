/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event filters: both syntaxes, format errors, and the include/exclude combination rules. */
#include "sim/filter.h"

#include <criterion/criterion.h>
#include <string.h>

#define NEWCHANNEL "Newchannel", "Event: Newchannel\r\nChannel: XXX\r\nSomeheader: YYY\r\n"
#define BAD(c, p, r)                              \
	{                                         \
		c, p, r, false, NULL, NULL, false \
	}
#define VARSET "VarSet", "Event: VarSet\r\nChannel: ABC\r\nSomeheader: XXX\r\n"

/* One filter alone: parse result, which list it lands in, and whether the event passes. */
static const struct {
	const char *criteria, *pattern;
	enum sim_filter_result res;
	bool exclude;
	const char *name, *data;
	bool pass;
} single[] = {
	{ "eventfilter", "XXX", SIM_FILTER_R_OK, false, NEWCHANNEL, true },
	{ "eventfilter", "!XXX", SIM_FILTER_R_OK, true, VARSET, false },
	{ "eventfilter(name(VarSet),method(none))", "", SIM_FILTER_R_OK, false, VARSET, true },
	{ "eventfilter(name(Newchannel),method(regex))", "X[XYZ]X", SIM_FILTER_R_OK, false,
	  NEWCHANNEL, true },
	{ "eventfilter(name(Newchannel),method(regex))", "X[abc]X", SIM_FILTER_R_OK, false,
	  NEWCHANNEL, false },
	{ "eventfilter(action(exclude),name(Newchannel),method(regex))", "X[XYZ]X", SIM_FILTER_R_OK,
	  true, NEWCHANNEL, false },
	{ "eventfilter(action(exclude),name(Newchannel),method(regex))", "X[abc]X", SIM_FILTER_R_OK,
	  true, NEWCHANNEL, true },
	{ "eventfilter(action(include),name(VarSet),header(Channel),method(starts_with))", "AB",
	  SIM_FILTER_R_OK, false, VARSET, true },
	{ "eventfilter(action(include),name(VarSet),header(Channel),method(ends_with))", "BC",
	  SIM_FILTER_R_OK, false, VARSET, true },
	{ "eventfilter(action(include),name(VarSet),header(Channel),method(exact))", "ABC",
	  SIM_FILTER_R_OK, false, VARSET, true },
	{ "eventfilter(action(include),name(VarSet),header(Channel),method(exact))", "XXX",
	  SIM_FILTER_R_OK, false, VARSET, false },
	{ "eventfilter(name(VarSet),header(Channel),method(exact))", "!ZZZ", SIM_FILTER_R_OK, true,
	  VARSET, true },
	{ "eventfilter(action(exclude),name(VarSet),header(Channel),method(exact))", "ZZZ",
	  SIM_FILTER_R_OK, true, VARSET, true },
	/* action() wins over a leading '!' */
	{ "eventfilter(action(include),name(VarSet),header(Someheader),method(exact))", "!XXX",
	  SIM_FILTER_R_OK, false, VARSET, true },
	{ "eventfilter(header(Channel:),method(contains))", "B", SIM_FILTER_R_OK, false, VARSET,
	  true },
	/* header names are case-sensitive */
	{ "eventfilter(header(channel),method(contains))", "B", SIM_FILTER_R_OK, false, VARSET,
	  false },
	BAD("eventfilter(action(include)", "", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(action(inlude)", "", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(nnnn(yyy)", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(eader(VarSet)", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(ethod(contains)", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(nnnn(yyy),header(VarSet),method(contains)", "XXX",
	    SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(name(yyy),heder(VarSet),method(contains)", "XXX",
	    SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(name(yyy),header(VarSet),mehod(contains)", "XXX",
	    SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(name(yyy),header(VarSet),method(coains)", "XXX",
	    SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(method(yyy))", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter", "", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter", "!", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter()", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(name(x),method(none))", "XXX", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(method(none))", "", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter(name(x),method(exact))", "", SIM_FILTER_R_FORMAT_ERROR),
	BAD("eventfilter", "XX[X", SIM_FILTER_R_COMPILE_FAIL),
	BAD("eventfilter(method(regex))", "XX[X", SIM_FILTER_R_COMPILE_FAIL),
};

Test(filter, each_filter_alone)
{
	for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
		struct sim_filters f = { 0 };
		enum sim_filter_result r =
		    sim_filters_add(&f, single[i].criteria, single[i].pattern);
		cr_assert_eq(r, single[i].res, "[%zu] '%s = %s': %d", i, single[i].criteria,
			     single[i].pattern, r);
		if (r == SIM_FILTER_R_OK) {
			cr_assert_eq(f.nexc, single[i].exclude ? 1u : 0u, "[%zu] list", i);
			cr_assert_eq(f.ninc, single[i].exclude ? 0u : 1u, "[%zu] list", i);
			cr_assert_eq(sim_filters_pass(&f, single[i].name, single[i].data),
				     single[i].pass, "[%zu] pass", i);
		} else {
			cr_assert(sim_filters_empty(&f), "[%zu] nothing added", i);
		}
		sim_filters_free(&f);
	}
}

Test(filter, includes_then_excludes)
{
	static const char *const crit[][2] = {
		{ "eventfilter(name(VarSet),method(none))", "" },
		{ "eventfilter(name(Newchannel),method(regex))", "X[XYZ]X" },
		{ "eventfilter(name(Newchannel),method(regex))", "X[abc]X" },
		{ "eventfilter(name(Newchannel),header(Someheader),method(regex))", "ZZZ" },
		{ "eventfilter(action(exclude),name(Newchannel),method(regex))", "X[a]X" },
		{ "eventfilter(action(exclude),name(Newchannel),method(regex))", "X[Z]X" },
		{ "eventfilter(action(exclude),name(VarSet),header(Channel),method(regex))",
		  "YYY" },
	};
	static const struct {
		const char *name, *data;
		bool pass;
	} ev[] = {
		{ "Newchannel", "Event: Newchannel\r\nChannel: XXX\r\nSomeheader: YYY\r\n", true },
		{ "Newchannel", "Event: Newchannel\r\nChannel: XZX\r\nSomeheader: YYY\r\n", false },
		{ "Newchannel", "Event: Newchannel\r\nChannel: XaX\r\nSomeheader: YYY\r\n", false },
		{ "Newchannel", "Event: Newchannel\r\nChannel: XbX\r\nSomeheader: YYY\r\n", true },
		{ "Newchannel", "Event: Newchannel\r\nChannel: XcX\r\nSomeheader: YYY\r\n", true },
		{ "Newchannel", "Event: Newchannel\r\nChannel: YYY\r\nSomeheader: YYY\r\n", false },
		{ "Newchannel", "Event: Newchannel\r\nChannel: YYY\r\nSomeheader: ZZZ\r\n", true },
		{ "VarSet", "Event: VarSet\r\nChannel: XXX\r\nSomeheader: YYY\r\n", true },
		{ "VarSet", "Event: VarSet\r\nChannel: YYY\r\nSomeheader: YYY\r\n", false },
	};
	struct sim_filters f = { 0 };
	for (size_t i = 0; i < sizeof crit / sizeof crit[0]; i++)
		cr_assert_eq(sim_filters_add(&f, crit[i][0], crit[i][1]), SIM_FILTER_R_OK, "%zu",
			     i);
	cr_assert_eq(f.ninc, 4);
	cr_assert_eq(f.nexc, 3);
	for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++)
		cr_assert_eq(sim_filters_pass(&f, ev[i].name, ev[i].data), ev[i].pass, "event %zu",
			     i);
	sim_filters_free(&f);
}

Test(filter, legacy_regex_sees_the_whole_text)
{
	struct sim_filters f = { 0 };
	const char *ev = "Event: Hangup\r\nPrivilege: call,all\r\nChannel: PJSIP/a-1\r\n\r\n";
	cr_assert_eq(sim_filters_add(&f, "eventfilter", "Privilege: call"), SIM_FILTER_R_OK);
	cr_assert(sim_filters_pass(&f, "Hangup", ev));
	cr_assert_not(sim_filters_pass(&f, "Hangup", "Event: X\r\nPrivilege: dtmf,all\r\n\r\n"));
	sim_filters_free(&f);
	/* exclude only: everything but the match */
	cr_assert_eq(sim_filters_add(&f, "eventfilter", "!^Event: Hangup\r"), SIM_FILTER_R_OK);
	cr_assert_not(sim_filters_pass(&f, "Hangup", ev));
	cr_assert(sim_filters_pass(&f, "Newstate", "Event: Newstate\r\n\r\n"));
	sim_filters_free(&f);
	cr_assert_str_eq(sim_filter_result_str(SIM_FILTER_R_COMPILE_FAIL),
			 "Filter did not compile.  Check the syntax of the filter given.");
}
