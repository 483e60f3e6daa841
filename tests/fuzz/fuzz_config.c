/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: amitui.conf text; errors must name file:line, never crash. */
#include "app/config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_config c;
	app_config_defaults(&c);
	enum ami_status st = app_config_parse(&c, "fuzz.conf", (const char *)data, size);
	if (st != AMI_OK && strncmp(c.err, "fuzz.conf:", 10) != 0)
		abort();
	if (c.nprofiles > APP_MAX_PROFILES || c.nkeys > APP_MAX_KEYS)
		abort();
	return 0;
}
