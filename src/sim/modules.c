/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small module list with ast_module_reload() semantics: Reload, ModuleLoad, ModuleCheck. */
#include "server_int.h"

#include "core/perms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MODDIR "/usr/lib/asterisk/modules"

/* _(resource, "description", reloadable, builtin) */
#define SIM_MODULE_INFO(_)                                                       \
	_(acl, "Access Control Lists", true, true)                               \
	_(cdr, "CDR Engine", true, true)                                         \
	_(cel, "CEL Engine", true, true)                                         \
	_(dnsmgr, "DNS Manager", true, true)                                     \
	_(extconfig, "Configuration", true, true)                                \
	_(http, "Built-in HTTP Server", true, true)                              \
	_(indications, "Indication Tone Handling", true, true)                   \
	_(logger, "Logger", true, true)                                          \
	_(manager, "Asterisk Manager Interface", true, true)                     \
	_(udptl, "UDPTL", true, true)                                            \
	_(app_dial, "Dialing Application", false, false)                         \
	_(app_echo, "Simple Echo Application", false, false)                     \
	_(app_mixmonitor, "Mixed Audio Monitoring Application", false, false)    \
	_(app_playback, "Sound File Playback Application", false, false)         \
	_(app_queue, "True Call Queueing", true, false)                          \
	_(app_senddtmf, "Send DTMF digits Application", false, false)            \
	_(app_stack, "Dialplan subroutines (Gosub, Return, etc)", false, false)  \
	_(app_userevent, "Custom User Event Application", false, false)          \
	_(app_verbose, "Send verbose output", false, false)                      \
	_(bridge_simple, "Simple two channel bridging module", false, false)     \
	_(cdr_manager, "Asterisk Manager Interface CDR Backend", true, false)    \
	_(chan_pjsip, "PJSIP Channel Driver", false, false)                      \
	_(codec_ulaw, "mu-Law Coder/Decoder", false, false)                      \
	_(func_cdr, "Call Detail Record (CDR) dialplan functions", false, false) \
	_(pbx_config, "Text Extension Configuration", true, false)               \
	_(res_musiconhold, "Music On Hold Resource", true, false)                \
	_(res_parking, "Call Parking Resource", true, false)                     \
	_(res_pjsip, "Basic SIP resource", true, false)                          \
	_(res_rtp_asterisk, "Asterisk RTP Stack", true, false)

static struct {
	const char *name;
	const char *desc;
	bool reload;
	bool builtin;
	bool loaded;
} modules[] = {
#define SIM_MODULE_ROW(name, desc, reload, builtin) { #name, desc, reload, builtin, true },
	SIM_MODULE_INFO(SIM_MODULE_ROW)
#undef SIM_MODULE_ROW
};
#define NMODULES (sizeof modules / sizeof modules[0])

/* resource_name_match(): names compare without a ".so" suffix, ignoring case. */
static bool name_match(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 3 && !strcasecmp(a + la - 3, ".so"))
		la -= 3;
	if (lb > 3 && !strcasecmp(b + lb - 3, ".so"))
		lb -= 3;
	return la == lb && !strncasecmp(a, b, la);
}

static int find(const char *name)
{
	for (size_t i = 0; i < NMODULES; i++)
		if (name_match(name, modules[i].name))
			return (int)i;
	return -1;
}

bool mod_loaded(const char *name)
{
	int i = find(name);
	return i >= 0 && modules[i].loaded;
}

static void publish(struct sim_server *srv, const char *name, enum sim_reload res)
{
	char body[256];
	int n = snprintf(body, sizeof body, "Module: %s\r\nStatus: %d\r\n", name ? name : "All",
			 (int)res);
	if (n > 0 && (size_t)n < sizeof body)
		sim_bus_emit(srv->bus, AMI_PERM_SYSTEM, "Reload", body, (size_t)n);
}

static void reload_one(struct sim_server *srv, int i)
{
	if (!strcmp(modules[i].name, "manager")) {
		char err[256];
		if (srv_reload_config(srv, err, sizeof err) != AMI_OK)
			fprintf(stderr, "amisim: manager reload: %s\n", err);
	}
}

enum sim_reload mod_reload(struct sim_server *srv, const char *name)
{
	gettimeofday(&srv->lastreload, NULL);
	enum sim_reload res = SIM_RELOAD_NOT_FOUND;
	if (!name || !*name) {
		for (size_t i = 0; i < NMODULES; i++)
			if (modules[i].loaded && modules[i].reload)
				reload_one(srv, (int)i);
		res = SIM_RELOAD_SUCCESS;
		name = NULL;
	} else {
		int i = find(name);
		if (i < 0)
			res = SIM_RELOAD_NOT_FOUND;
		else if (!modules[i].loaded)
			res = SIM_RELOAD_UNINITIALIZED;
		else if (!modules[i].reload)
			res = SIM_RELOAD_NOT_IMPLEMENTED;
		else {
			reload_one(srv, i);
			res = SIM_RELOAD_SUCCESS;
		}
	}
	publish(srv, name, res);
	return res;
}

int act_reload(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	static const char *const errors[] = {
		[SIM_RELOAD_NOT_FOUND] = "No such module",
		[SIM_RELOAD_NOT_IMPLEMENTED] = "Module does not support reload",
		[SIM_RELOAD_ERROR] = "An unknown error occurred",
		[SIM_RELOAD_IN_PROGRESS] = "A reload is in progress",
		[SIM_RELOAD_UNINITIALIZED] = "Module not initialized",
	};
	char module[256];
	enum sim_reload res = mod_reload(s->srv, sim_msg_get(m, "Module", module, sizeof module));
	if (res == SIM_RELOAD_SUCCESS || res == SIM_RELOAD_QUEUED)
		sim_reply_ack(r, "Module Reloaded");
	else
		sim_reply_error(r, errors[res]);
	return 0;
}

/*
 * file_in_modules_dir(): MODDIR/<module> must exist (so "app_queue.so", not
 * "app_queue") and stay inside MODDIR. 1 inside, 0 outside, -1 missing.
 */
static int in_moddir(const char *module, int *index)
{
	char path[1024];
	*index = -1;
	while (*module == ' ' || *module == '\t')
		module++;
	if (!*module)
		return 1; /* the directory itself */
	if (strchr(module, '/')) {
		/* nothing below MODDIR has subdirectories: the path escapes, or is missing */
		snprintf(path, sizeof path, MODDIR "/%s", module);
		return strstr(module, "..") && access(path, F_OK) == 0 ? 0 : -1;
	}
	size_t n = strlen(module);
	if (n < 4 || strcasecmp(module + n - 3, ".so") != 0)
		return -1;
	int i = find(module);
	if (i < 0 || modules[i].builtin)
		return -1;
	*index = i;
	return 1;
}

static void moduleload_do(struct sim_session *s, struct sim_reply *r, const char *type,
			  const char *module, int i)
{
	char body[300];
	if (!strcasecmp(type, "load")) {
		bool ok = i >= 0 && !modules[i].loaded;
		if (ok) {
			modules[i].loaded = true;
			snprintf(body, sizeof body, "Module: %s\r\nStatus: Success\r\n", module);
			sim_bus_emit(s->srv->bus, AMI_PERM_SYSTEM, "Load", body, strlen(body));
		}
		ok ? sim_reply_ack(r, "Module loaded.")
		   : sim_reply_error(r, "Could not load module.");
	} else if (!strcasecmp(type, "unload")) {
		bool ok = i >= 0 && modules[i].loaded;
		if (ok) {
			modules[i].loaded = false;
			snprintf(body, sizeof body, "Module: %s\r\nStatus: Success\r\n", module);
			sim_bus_emit(s->srv->bus, AMI_PERM_SYSTEM, "Unload", body, strlen(body));
		}
		ok ? sim_reply_ack(r, "Module unloaded.")
		   : sim_reply_error(r, "Could not unload module.");
	} else if (!strcasecmp(type, "refresh")) {
		if (i >= 0)
			modules[i].loaded = true;
		i >= 0 ? sim_reply_ack(r, "Module unloaded and loaded.")
		       : sim_reply_error(r, "Could not refresh module.");
	} else if (!strcasecmp(type, "reload")) {
		if (!*module) {
			mod_reload(s->srv, NULL);
			sim_reply_ack(r, "All modules reloaded");
			return;
		}
		static const char *const errors[] = {
			[SIM_RELOAD_NOT_FOUND] = "No such module.",
			[SIM_RELOAD_NOT_IMPLEMENTED] = "Module does not support reload action.",
			[SIM_RELOAD_ERROR] = "An unknown error occurred",
			[SIM_RELOAD_IN_PROGRESS] = "A reload is in progress",
			[SIM_RELOAD_UNINITIALIZED] = "Module not initialized",
		};
		enum sim_reload res = mod_reload(s->srv, module);
		if (res == SIM_RELOAD_SUCCESS || res == SIM_RELOAD_QUEUED)
			sim_reply_ack(r, "Module reloaded.");
		else
			sim_reply_error(r, errors[res]);
	} else {
		sim_reply_error(r, "Incomplete ModuleLoad action.");
	}
}

int act_moduleload(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	char module[256], type[64];
	sim_msg_get(m, "Module", module, sizeof module);
	sim_msg_get(m, "LoadType", type, sizeof type);
	/* manager_moduleload() answers these and carries on, so two replies can follow */
	if (!*type)
		sim_reply_error(r, "Incomplete ModuleLoad action.");
	if (!*module && strcasecmp(type, "reload") != 0)
		sim_reply_error(r, "Need module name");
	int i;
	int res = in_moddir(module, &i);
	if (res == 0) {
		sim_reply_error(r, "Module must be in the configured modules directory.");
		return 0;
	}
	if (res < 0) {
		sim_reply_error(r, "Module not found.");
		return 0;
	}
	moduleload_do(s, r, type, module, i);
	return 0;
}

int act_modulecheck(struct sim_session *s, const struct ami_msg *m, struct sim_reply *r)
{
	(void)s;
	char module[256];
	if (!mod_loaded(sim_msg_get(m, "Module", module, sizeof module))) {
		sim_reply_error(r, "Module not loaded");
		return 0;
	}
	sim_reply_begin(r, "Success", NULL);
	sim_reply_header(r, "Version", "%s", "");
	sim_reply_end(r);
	return 0;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return n == 0;
}

void mod_show(struct ami_buf *out, const char *like)
{
	int count = 0;
	ami_buf_printf(out, "%-30s %-40.40s %-10s %-11s %13s\n", "Module", "Description",
		       "Use Count", "Status", "Support Level");
	for (size_t i = 0; i < NMODULES; i++) {
		if (modules[i].builtin || !modules[i].loaded)
			continue;
		char res[64];
		snprintf(res, sizeof res, "%s.so", modules[i].name);
		if (like && !contains_nocase(res, like))
			continue;
		ami_buf_printf(out, "%-30s %-40.40s %-10d %-11s %13s\n", res, modules[i].desc, 0,
			       "Running", "core");
		count++;
	}
	ami_buf_printf(out, "%d modules loaded\n", count);
}
