/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim's AMI server: listeners, sessions, the poll loop; what main.c and tests drive. */
#ifndef AMITUI_SIM_SERVER_H
#define AMITUI_SIM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/status.h"
#include "sim/fault.h"
#include "sim/pbx.h"

struct sim_server;

struct sim_server_opts {
	const char *config;	/* manager.conf path; NULL = built-in demo accounts */
	const char *bind;	/* overrides bindaddr (and the TLS host); NULL = config */
	int port;		/* -1 = config; 0 = pick a free port */
	int tls_port;		/* -1 = config (when tlsenable); 0 = pick a free port */
	const char *tls_cert;	/* PEM file; overrides tlscertfile */
	const char *tls_key;	/* PEM file; overrides tlsprivatekey */
	bool tls_selfsigned;	/* a throwaway certificate for localhost, made in memory */
	const char *systemname; /* asterisk.conf's systemname; NULL = "amitest", "" = none */
	bool control;		/* accept the Sim* control actions */
	bool save_config;	/* UpdateConfig writes the -c file back */
	bool verbose;		/* log to stderr (never secrets) */
	struct sim_fault_spec faults[SIM_FAULT_MAX_SPECS];
	size_t nfaults;
	struct sim_pbx_opts pbx;
};

/* Defaults: demo config, ports from the config, systemname "amitest". */
void sim_server_opts_init(struct sim_server_opts *o);

/*
 * Load the configuration, set up TLS and bind the listeners. On failure returns NULL
 * with err set: AMI_E_CONFIG-type problems as "file:line: message".
 */
struct sim_server *sim_server_new(const struct sim_server_opts *o, char *err, size_t errcap);

/* Write one "listening on HOST:PORT" line per listener ("... tls" for TLS), plain first. */
void sim_server_print_listeners(const struct sim_server *srv, FILE *f);

/* The bound port of the plain (tls false) or TLS listener; 0 when there is none. */
unsigned sim_server_port(const struct sim_server *srv, bool tls);

/* Run the poll loop until sim_server_stop(). Returns 0, or 1 on a fatal loop error. */
int sim_server_run(struct sim_server *srv);

/* Ask the loop to end; async-signal-safe. */
void sim_server_stop(struct sim_server *srv);

void sim_server_free(struct sim_server *srv);

#endif
