/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: theme files; a parse then a format then a parse must agree. */
#include "core/buf.h"
#include "ui/theme.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ui_theme t, u;
	char err[512];
	ui_theme_default(&t);
	if (ui_theme_parse(&t, "fuzz", (const char *)data, size, err, sizeof err) != AMI_OK) {
		if (strncmp(err, "fuzz:", 5) != 0)
			abort();
		return 0;
	}
	struct ami_buf b;
	ami_buf_init(&b, 0);
	if (ui_theme_format(&t, &b) == AMI_OK) {
		ui_theme_default(&u);
		if (ui_theme_parse(&u, "again", b.p ? b.p : "", b.len, err, sizeof err) != AMI_OK)
			abort(); /* what we write we must read */
	}
	ami_buf_free(&b);
	return 0;
}
