/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Status codes shared by every layer: one X-macro table, one enum, one message each. */
#ifndef AMITUI_CORE_STATUS_H
#define AMITUI_CORE_STATUS_H

/*
 * _(NAME, "message for a person")
 * AMI_OK must stay first (value 0) and AMI_AGAIN second: callers test "< 0"-free
 * equality only, never ordering, so the rest may be appended anywhere.
 */
#define AMI_STATUS_INFO(_)                                                             \
	_(OK, "ok")                                                                    \
	_(AGAIN, "more data needed")                                                   \
	_(E_NOMEM, "out of memory")                                                    \
	_(E_INVALID, "invalid argument")                                               \
	_(E_LINE_TOO_LONG, "line too long")                                            \
	_(E_TOO_MANY_HEADERS, "too many header lines in one message")                  \
	_(E_MESSAGE_TOO_BIG, "message larger than the receive buffer limit")           \
	_(E_INJECTION, "CR, LF or NUL inside an action header")                        \
	_(E_BAD_KEY, "action header name is empty or holds ':' or spaces at its ends") \
	_(E_FULL, "buffer limit reached")                                              \
	_(E_PROTOCOL, "protocol error")                                                \
	_(E_NOT_AMI, "the server did not send an AMI banner")                          \
	_(E_CLOSED, "connection closed by the server")                                 \
	_(E_IO, "network error")                                                       \
	_(E_TIMEOUT, "timed out")                                                      \
	_(E_REFUSED, "connection refused")                                             \
	_(E_RESOLVE, "host name could not be resolved")                                \
	_(E_UNREACHABLE, "host or network unreachable")                                \
	_(E_TLS, "TLS error")                                                          \
	_(E_TLS_VERIFY, "TLS certificate verification failed")                         \
	_(E_TLS_PIN, "TLS certificate does not match the pinned fingerprint")          \
	_(E_AUTH, "authentication failed")                                             \
	_(E_IN_USE, "login already in use")                                            \
	_(E_PERMISSION, "permission denied")                                           \
	_(E_UNKNOWN_ACTION, "invalid/unknown command")                                 \
	_(E_ACTION_FAILED, "action failed")                                            \
	_(E_READ_ONLY, "refused: read-only profile")                                   \
	_(E_REPLAY, "refused: replaying a recording")                                  \
	_(E_NOT_CONNECTED, "not connected")                                            \
	_(E_BUSY, "too many actions in flight")                                        \
	_(E_CONFIG, "configuration error")                                             \
	_(E_NOT_FOUND, "not found")                                                    \
	_(E_SYSTEM, "system error")

enum ami_status {
#define AMI_STATUS_ENUM(name, msg) AMI_##name,
	AMI_STATUS_INFO(AMI_STATUS_ENUM)
#undef AMI_STATUS_ENUM
	    AMI_STATUS_COUNT
};

/* A static, human-readable description; never NULL, also for out-of-range values. */
const char *ami_status_str(enum ami_status st);

/* The symbolic name without the AMI_ prefix ("E_TIMEOUT"), for logs and tests. */
const char *ami_status_name(enum ami_status st);

#endif
