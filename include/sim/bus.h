/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The contract between amisim's server (sessions, delivery, clock) and its PBX model
 * (channels, dialplan, traffic). The server implements these functions; the PBX only
 * calls them. Neither side reaches into the other's structures.
 */
#ifndef AMITUI_SIM_BUS_H
#define AMITUI_SIM_BUS_H

#include <stddef.h>
#include <stdint.h>

struct sim_bus;

/*
 * Broadcast an asynchronous event of class bits `category` (AMI_PERM_*), e.g.
 * sim_bus_emit(bus, AMI_PERM_CALL, "Newchannel", "Channel: ...\r\n...\r\n", n).
 * body is the header lines after Event/Privilege/Timestamp/SystemName, each ending
 * in CRLF, WITHOUT the closing blank line. The server adds "Event:", "Privilege:"
 * (authority_to_str), Timestamp and SystemName as configured, the blank line, and
 * queues it to every session with (send_events & category) == category whose
 * filters accept it. The bytes are copied; the caller keeps ownership of body.
 */
void sim_bus_emit(struct sim_bus *bus, uint32_t category, const char *event, const char *body,
		  size_t len);

/* Monotonic milliseconds, and wall-clock microseconds since the epoch (for Timestamp). */
uint64_t sim_bus_now_ms(struct sim_bus *bus);
uint64_t sim_bus_wall_us(struct sim_bus *bus);

/* The system name used in Uniqueids ("amitest-1795773532.2"); "" when unset. */
const char *sim_bus_system_name(struct sim_bus *bus);

/*
 * One-shot timers on the server's poll loop. Returns a non-zero id. fn runs from the
 * loop, never re-entrantly from inside sim_bus_emit or an action handler.
 */
typedef void (*sim_timer_fn)(void *arg);
uint64_t sim_timer_add(struct sim_bus *bus, uint64_t delay_ms, sim_timer_fn fn, void *arg);
void sim_timer_cancel(struct sim_bus *bus, uint64_t id);

#endif
