/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Machine output of messages: one JSON object per AMI message, for --dump --json and --action. */
#ifndef AMITUI_APP_OUTPUT_H
#define AMITUI_APP_OUTPUT_H

#include "core/buf.h"
#include "core/message.h"

/*
 * Append m as one JSON object and a newline: every header as "Key": "value" in the
 * order of first appearance, a repeated key as an array of its values in order, raw
 * lines without ':' under "_lines", a legacy Command body under "_body", and
 * "_received": receive time as epoch seconds (microsecond precision). Invalid UTF-8
 * becomes U+FFFD. Returns the buffer's sticky status.
 */
enum ami_status app_out_json(struct ami_buf *b, const struct ami_msg *m, double received);

#endif
