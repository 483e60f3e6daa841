/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Status codes: names and messages generated from AMI_STATUS_INFO. */
#include "core/status.h"

static const char *const status_msgs[] = {
#define AMI_STATUS_MSG(name, msg) msg,
	AMI_STATUS_INFO(AMI_STATUS_MSG)
#undef AMI_STATUS_MSG
};

static const char *const status_names[] = {
#define AMI_STATUS_NAME(name, msg) #name,
	AMI_STATUS_INFO(AMI_STATUS_NAME)
#undef AMI_STATUS_NAME
};

const char *ami_status_str(enum ami_status st)
{
	if ((unsigned)st >= AMI_STATUS_COUNT)
		return "unknown status";
	return status_msgs[st];
}

const char *ami_status_name(enum ami_status st)
{
	if ((unsigned)st >= AMI_STATUS_COUNT)
		return "UNKNOWN";
	return status_names[st];
}
