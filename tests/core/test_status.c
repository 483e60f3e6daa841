/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Status table: every code has a distinct name and a message. */
#include "core/status.h"

#include <criterion/criterion.h>
#include <string.h>

Test(status, every_code_named_and_distinct)
{
	for (int i = 0; i < AMI_STATUS_COUNT; i++) {
		cr_assert_gt(strlen(ami_status_str((enum ami_status)i)), 0);
		for (int j = 0; j < i; j++)
			cr_assert_str_neq(ami_status_name((enum ami_status)i),
					  ami_status_name((enum ami_status)j));
	}
	cr_assert_eq(AMI_OK, 0);
	cr_assert_str_eq(ami_status_name(AMI_E_TIMEOUT), "E_TIMEOUT");
	cr_assert_str_eq(ami_status_str(AMI_E_REFUSED), "connection refused");
}

Test(status, out_of_range_is_safe)
{
	cr_assert_str_eq(ami_status_str((enum ami_status)9999), "unknown status");
	cr_assert_str_eq(ami_status_name((enum ami_status) - 1), "UNKNOWN");
}
