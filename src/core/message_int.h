/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by message.c and parser.c only; not part of core's public API. */
#ifndef AMITUI_CORE_MESSAGE_INT_H
#define AMITUI_CORE_MESSAGE_INT_H

#include "core/message.h"

/* Split one line (without its terminator) into a header as described in message.h. */
void ami_msg_split_line(struct ami_hdr *h, const char *line, size_t len);

/* Kind of a message from its first header (NULL: no headers). */
enum ami_msg_kind ami_msg_classify(const struct ami_hdr *first);

#endif
