/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: recording files; records stay inside the file, the reader always ends. */
#include "app/record.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_reader r;
	const char *d = (const char *)data;
	if (rec_reader_init(&r, d, size) != AMI_OK)
		return 0;
	struct rec_record rec;
	size_t n = 0;
	while (rec_reader_next(&r, &rec) == AMI_OK) {
		if (rec.p < d || rec.p + rec.n > d + size)
			abort();
		if (++n > size + 1)
			abort(); /* every record consumes bytes: more would be a loop */
	}
	return 0;
}
