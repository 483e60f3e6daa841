/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A PBX that owns nothing: linked only until the real PBX model (pbx*.c) is in the build. */
#include "sim/pbx.h"

#include <stdlib.h>

struct sim_pbx {
	struct sim_bus *bus;
};

struct sim_pbx *sim_pbx_new(struct sim_bus *bus, const struct sim_pbx_opts *opts)
{
	(void)opts;
	struct sim_pbx *p = calloc(1, sizeof *p);
	if (p)
		p->bus = bus;
	return p;
}

void sim_pbx_free(struct sim_pbx *pbx)
{
	free(pbx);
}

bool sim_pbx_action(struct sim_pbx *pbx, const char *name, struct sim_reply *r)
{
	(void)pbx;
	(void)name;
	(void)r;
	return false;
}

bool sim_pbx_cli(struct sim_pbx *pbx, int argc, char **argv, struct ami_buf *out, bool *failed)
{
	(void)pbx;
	(void)argc;
	(void)argv;
	(void)out;
	(void)failed;
	return false;
}

void sim_pbx_counts(const struct sim_pbx *pbx, unsigned *channels, unsigned *calls,
		    unsigned long *processed)
{
	(void)pbx;
	*channels = 0;
	*calls = 0;
	*processed = 0;
}

void sim_pbx_set_traffic(struct sim_pbx *pbx, double calls_per_second, unsigned flood)
{
	(void)pbx;
	(void)calls_per_second;
	(void)flood;
}
