/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event filters: eventfilter= lines and the Filter action, as manager_add_filter() builds them. */
#ifndef AMITUI_SIM_FILTER_H
#define AMITUI_SIM_FILTER_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

/* _(NAME, "method(...) word") */
#define SIM_FILTER_MATCH_INFO(_)      \
	_(REGEX, "regex")             \
	_(EXACT, "exact")             \
	_(STARTS_WITH, "starts_with") \
	_(ENDS_WITH, "ends_with")     \
	_(CONTAINS, "contains")       \
	_(NONE, "none")

enum sim_filter_match {
#define SIM_FILTER_MATCH_ENUM(name, word) SIM_FILTER_##name,
	SIM_FILTER_MATCH_INFO(SIM_FILTER_MATCH_ENUM)
#undef SIM_FILTER_MATCH_ENUM
};

/* manager_add_filter()'s results; _(NAME, "what the Filter action answers") */
#define SIM_FILTER_RESULT_INFO(_)                                                            \
	_(OK, "Success")                                                                     \
	_(ALLOC_FAILED, "Internal Error. Failed to allocate regex for filter")               \
	_(COMPILE_FAIL, "Filter did not compile.  Check the syntax of the filter given.")    \
	_(FORMAT_ERROR, "Filter was formatted incorrectly.  Check the syntax of the filter " \
			"given.")

enum sim_filter_result {
#define SIM_FILTER_RESULT_ENUM(name, msg) SIM_FILTER_R_##name,
	SIM_FILTER_RESULT_INFO(SIM_FILTER_RESULT_ENUM)
#undef SIM_FILTER_RESULT_ENUM
};

const char *sim_filter_result_str(enum sim_filter_result r);

struct sim_filter {
	enum sim_filter_match match;
	regex_t re;
	bool has_re;
	char *str;	  /* the pattern for exact/starts/ends/contains */
	char *event_name; /* name(...) criterion, NULL when absent */
	char *header;	  /* header(...) criterion with its ':', NULL when absent */
};

/* A session's or user's filters: include and exclude lists. */
struct sim_filters {
	struct sim_filter *inc;
	size_t ninc;
	struct sim_filter *exc;
	size_t nexc;
};

/*
 * Add one filter. criteria is "eventfilter" (legacy: pattern is a POSIX extended regex
 * over the whole event text, a leading '!' excludes) or "eventfilter(action(...),
 * name(...),header(...),method(...))" (ami-reference 3.6). The Filter action wraps
 * its MatchCriteria as "eventfilter(<MatchCriteria>)".
 */
enum sim_filter_result sim_filters_add(struct sim_filters *f, const char *criteria,
				       const char *pattern);

/*
 * should_send_event(): no filters -> true; includes only -> any include matches;
 * excludes only -> no exclude matches; both -> an include matches and no exclude.
 * name is the event name, data the whole NUL-terminated event text.
 */
bool sim_filters_pass(const struct sim_filters *f, const char *name, const char *data);

static inline bool sim_filters_empty(const struct sim_filters *f)
{
	return f->ninc == 0 && f->nexc == 0;
}

void sim_filters_free(struct sim_filters *f);

#endif
