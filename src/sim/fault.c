/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fault table: names, defaults and the NAME[:PARAM] syntax of --fault and SimFault. */
#include "sim/fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *word;
	uint64_t dflt;
	const char *unit;
	const char *help;
} table[] = {
#define SIM_FAULT_ROW(name, word, dflt, unit, help) { word, dflt, unit, help },
	SIM_FAULT_INFO(SIM_FAULT_ROW)
#undef SIM_FAULT_ROW
};

const char *sim_fault_word(enum sim_fault f)
{
	return (unsigned)f < SIM_FAULT_COUNT ? table[f].word : "?";
}

const char *sim_fault_help(enum sim_fault f)
{
	return (unsigned)f < SIM_FAULT_COUNT ? table[f].help : "";
}

const char *sim_fault_unit(enum sim_fault f)
{
	return (unsigned)f < SIM_FAULT_COUNT ? table[f].unit : "";
}

enum sim_fault sim_fault_find(const char *word)
{
	for (int i = 0; i < SIM_FAULT_COUNT; i++)
		if (strcasecmp(word, table[i].word) == 0)
			return (enum sim_fault)i;
	return SIM_FAULT_COUNT;
}

bool sim_fault_per_session(enum sim_fault f)
{
	return f == SIM_FAULT_CLOSE || f == SIM_FAULT_STALL || f == SIM_FAULT_GARBAGE ||
	       f == SIM_FAULT_OVERLONG || f == SIM_FAULT_CUT || f == SIM_FAULT_HEADERS;
}

enum ami_status sim_fault_parse(const char *text, const char *param, struct sim_fault_spec *out,
				char *err, size_t errcap)
{
	char name[32];
	const char *colon = strchr(text, ':');
	size_t n = colon ? (size_t)(colon - text) : strlen(text);
	if (n >= sizeof name) {
		snprintf(err, errcap, "unknown fault '%s'", text);
		return AMI_E_INVALID;
	}
	memcpy(name, text, n);
	name[n] = '\0';
	if (colon)
		param = colon + 1;
	memset(out, 0, sizeof *out);
	out->fault = sim_fault_find(name);
	if (out->fault == SIM_FAULT_COUNT) {
		snprintf(err, errcap, "unknown fault '%s'", name);
		return AMI_E_INVALID;
	}
	out->param = table[out->fault].dflt;
	if (out->fault == SIM_FAULT_INUSE) {
		if (!param || !*param || strlen(param) >= sizeof out->user) {
			snprintf(err, errcap, "fault inuse needs a user name (inuse:USER)");
			return AMI_E_INVALID;
		}
		snprintf(out->user, sizeof out->user, "%s", param);
		return AMI_OK;
	}
	if (param && *param) {
		char *end;
		unsigned long long v = strtoull(param, &end, 10);
		if (*end || param[0] == '-' || v > 86400000ull) {
			snprintf(err, errcap, "fault %s: '%s' is not a number of %s", name, param,
				 table[out->fault].unit[0] ? table[out->fault].unit : "anything");
			return AMI_E_INVALID;
		}
		out->param = v;
	}
	return AMI_OK;
}
