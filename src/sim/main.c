/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim's command line: options, signals, "listening on" lines, then the server loop. */
#include "sim/mgrconf.h"
#include "sim/server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sim_server *the_server;

static void on_signal(int sig)
{
	(void)sig;
	if (the_server)
		sim_server_stop(the_server);
}

static void usage(FILE *f)
{
	fputs(
	    "usage: amisim [options]\n"
	    "An AMI server that behaves like Asterisk 22.10.1 (AMI 11.0.0).\n\n"
	    "  -c, --config FILE        manager.conf to load (default: built-in demo accounts)\n"
	    "  -p, --port N             plain TCP port (0 picks a free one)\n"
	    "      --tls-port N         TLS port (0 picks a free one); turns TLS on\n"
	    "      --bind ADDR          listen address, IPv4 or IPv6 (127.0.0.1, ::1, ...)\n"
	    "      --tls-cert FILE      PEM certificate (chain) for TLS\n"
	    "      --tls-key FILE       PEM private key (default: inside the certificate file)\n"
	    "      --tls-selfsigned     a throwaway certificate for localhost, made at start\n"
	    "      --systemname NAME    asterisk.conf's systemname (default amitest; '' for none)\n"
	    "      --control            accept the SimFault, SimTraffic, SimFlood, SimStats "
	    "actions\n"
	    "      --fault NAME[:PARAM] inject a fault (repeatable): close, stall:MS, "
	    "garbage:BYTES,\n"
	    "                           overlong:BYTES, drip:MS, restart:SECONDS, refusetls,\n"
	    "                           inuse:USER, cut:BYTES, headers:COUNT\n"
	    "      --calls-per-second X generated calls (PBX model)\n"
	    "      --flood N            generated events per second (PBX model)\n"
	    "      --seed N             seed for generated traffic\n"
	    "      --save-config        UpdateConfig writes manager.conf back to the -c file\n"
	    "      --check-config       load the configuration, report problems, exit\n"
	    "      --print-demo-config  print the built-in demo manager.conf, exit\n"
	    "  -v, --verbose            log connections, logins and faults to stderr\n"
	    "  -h, --help               this text\n"
	    "      --version            the version\n",
	    f);
}

/* "--name value" or "--name=value"; NULL (with a message) when the value is missing. */
static const char *value_of(int argc, char **argv, int *i, const char *eq)
{
	if (eq)
		return eq + 1;
	if (*i + 1 < argc)
		return argv[++*i];
	fprintf(stderr, "amisim: %s needs a value\n", argv[*i]);
	return NULL;
}

static bool number(const char *text, long min, long max, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* One option; returns 0 to go on, 1 to exit 0 (help/version), 2 on a usage error. */
static int option(struct sim_server_opts *o, int argc, char **argv, int *i, bool *check)
{
	char *a = argv[*i], name[64];
	const char *eq = strchr(a, '=');
	snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a : (long)strlen(a)), a);
	const char *v = NULL;
	long n;
#define NEEDS() (v = value_of(argc, argv, i, eq))
	if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
		usage(stdout);
		return 1;
	} else if (!strcmp(name, "--version")) {
		printf("amisim %s (Asterisk 22.10.1, AMI 11.0.0)\n", AMITUI_VERSION);
		return 1;
	} else if (!strcmp(name, "-v") || !strcmp(name, "--verbose")) {
		o->verbose = true;
	} else if (!strcmp(name, "--control")) {
		o->control = true;
	} else if (!strcmp(name, "--save-config")) {
		o->save_config = true;
	} else if (!strcmp(name, "--check-config")) {
		*check = true;
	} else if (!strcmp(name, "--print-demo-config")) {
		/* a starting point for users, and how amitui --demo learns its accounts */
		fputs(sim_mgrconf_demo_text, stdout);
		return 1;
	} else if (!strcmp(name, "--tls-selfsigned")) {
		o->tls_selfsigned = true;
	} else if (!strcmp(name, "-c") || !strcmp(name, "--config")) {
		if (!NEEDS())
			return 2;
		o->config = v;
	} else if (!strcmp(name, "-p") || !strcmp(name, "--port") || !strcmp(name, "--tls-port")) {
		if (!NEEDS())
			return 2;
		if (!number(v, 0, 65535, &n)) {
			fprintf(stderr, "amisim: %s: '%s' is not a port (0-65535)\n", name, v);
			return 2;
		}
		if (!strcmp(name, "--tls-port"))
			o->tls_port = (int)n;
		else
			o->port = (int)n;
	} else if (!strcmp(name, "--bind")) {
		if (!NEEDS())
			return 2;
		o->bind = v;
	} else if (!strcmp(name, "--tls-cert")) {
		if (!NEEDS())
			return 2;
		o->tls_cert = v;
	} else if (!strcmp(name, "--tls-key")) {
		if (!NEEDS())
			return 2;
		o->tls_key = v;
	} else if (!strcmp(name, "--systemname")) {
		if (!NEEDS())
			return 2;
		o->systemname = v;
	} else if (!strcmp(name, "--fault")) {
		char err[160];
		if (!NEEDS())
			return 2;
		if (o->nfaults == SIM_FAULT_MAX_SPECS) {
			fprintf(stderr, "amisim: at most %d --fault options\n",
				SIM_FAULT_MAX_SPECS);
			return 2;
		}
		if (sim_fault_parse(v, NULL, &o->faults[o->nfaults], err, sizeof err) != AMI_OK) {
			fprintf(stderr, "amisim: --fault: %s\n", err);
			return 2;
		}
		o->nfaults++;
	} else if (!strcmp(name, "--calls-per-second")) {
		if (!NEEDS())
			return 2;
		char *end;
		o->pbx.calls_per_second = strtod(v, &end);
		if (*end || o->pbx.calls_per_second < 0 || o->pbx.calls_per_second > 10000) {
			fprintf(stderr, "amisim: --calls-per-second: '%s' is not 0..10000\n", v);
			return 2;
		}
	} else if (!strcmp(name, "--flood") || !strcmp(name, "--seed")) {
		if (!NEEDS())
			return 2;
		if (!number(v, 0, !strcmp(name, "--flood") ? 10000000 : 0x7fffffffL, &n)) {
			fprintf(stderr, "amisim: %s: '%s' is not a valid number\n", name, v);
			return 2;
		}
		if (!strcmp(name, "--flood"))
			o->pbx.flood = (unsigned)n;
		else
			o->pbx.seed = (uint64_t)n;
	} else {
		fprintf(stderr, "amisim: unknown option '%s' (try --help)\n", a);
		return 2;
	}
#undef NEEDS
	return 0;
}

int main(int argc, char **argv)
{
	struct sim_server_opts o;
	sim_server_opts_init(&o);
	bool check = false;
	for (int i = 1; i < argc; i++) {
		int r = option(&o, argc, argv, &i, &check);
		if (r)
			return r == 1 ? 0 : 2;
	}
	if (check) {
		/* nothing is bound: only the configuration is read */
		o.port = 0;
		o.bind = "127.0.0.1";
	}
	char err[512];
	struct sim_server *srv = sim_server_new(&o, err, sizeof err);
	if (!srv) {
		fprintf(stderr, "amisim: %s\n", err);
		return 2;
	}
	if (check) {
		printf("%s: ok\n", o.config ? o.config : "built-in demo configuration");
		sim_server_free(srv);
		return 0;
	}
	the_server = srv;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sim_server_print_listeners(srv, stdout);
	int rc = sim_server_run(srv);
	the_server = NULL;
	sim_server_free(srv);
	return rc;
}
