/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rights card from the real 03_perms_* transcripts of every account, and its exports. */
#include "model/rights.h"
#include "mfix.h"

#include <ctype.h>

/* What the fixture README's account table implies for write, as ListCommands can prove it. */
static const struct {
	const char *user;
	const char *conf_write; /* manager.conf write= (README) */
	size_t listed;		/* README: ListCommands counts */
	uint32_t granted;
	uint32_t denied;
} accounts[] = {
#define PROVABLE                                                                               \
	(AMI_PERM_SYSTEM | AMI_PERM_CALL | AMI_PERM_COMMAND | AMI_PERM_AGENT | AMI_PERM_USER | \
	 AMI_PERM_CONFIG | AMI_PERM_ORIGINATE | AMI_PERM_AOC | AMI_PERM_MESSAGE)
	{ "admin", "all", 79, PROVABLE | AMI_PERM_AGI, 0 },
	{ "operator", "originate,call,agent", 51,
	  AMI_PERM_ORIGINATE | AMI_PERM_CALL | AMI_PERM_AGENT,
	  PROVABLE & ~(AMI_PERM_ORIGINATE | AMI_PERM_CALL | AMI_PERM_AGENT) },
	{ "cli", "command", 22, AMI_PERM_COMMAND, PROVABLE & ~AMI_PERM_COMMAND },
	{ "userev", "user", 22, AMI_PERM_USER, PROVABLE & ~AMI_PERM_USER },
	{ "reloader", "system,config", 50, AMI_PERM_SYSTEM | AMI_PERM_CONFIG,
	  PROVABLE & ~(AMI_PERM_SYSTEM | AMI_PERM_CONFIG) },
	{ "monitor", "", 21, 0, PROVABLE },
	{ "nobody", "", 21, 0, PROVABLE },
};

/* The client's requests, from the .sent file (parsed as a server would). */
static size_t load_sent(const char *name, struct ami_msg **out, size_t cap)
{
	char rel[256];
	snprintf(rel, sizeof rel, "asterisk-22/%s.sent", name);
	size_t len;
	char *data = tu_load(rel, &len);
	struct ami_parser p;
	ami_parser_init(&p, &ami_parser_server_limits);
	size_t n = 0, off = 0;
	while (off < len) {
		off += ami_parser_feed(&p, data + off, len - off);
		struct ami_msg m;
		while (ami_parser_next(&p, &m) == AMI_OK && n < cap)
			out[n++] = ami_msg_dup(&m);
	}
	ami_parser_free(&p);
	free(data);
	return n;
}

/* Feed a card the way the app does: replies matched to requests, events' Privilege. */
static struct rights_card *card_from(const char *user, struct mfix *f)
{
	char name[64];
	snprintf(name, sizeof name, "03_perms_%s", user);
	mfix_load(f, name);
	struct ami_msg *sent[64];
	size_t ns = load_sent(name, sent, 64);
	struct rights_card *c = rights_new(user);
	rights_set_banner(c, ami_msg_name(f->m[0]));
	for (size_t i = 0; i < f->n; i++) {
		const struct ami_msg *m = f->m[i];
		if (m->kind == AMI_MSG_EVENT) {
			rights_saw_event(
			    c, ami_perm_from_privilege(ami_msg_get(m, "Privilege"), NULL));
			continue;
		}
		if (m->kind != AMI_MSG_RESPONSE)
			continue;
		struct ami_str id = ami_msg_get(m, "ActionID");
		for (size_t k = 0; k < ns; k++) {
			if (!ami_str_ieq2(ami_msg_get(sent[k], "ActionID"), id))
				continue;
			char action[64];
			ami_msg_cstr(sent[k], "Action", action, sizeof action);
			if (strcasecmp(action, "ListCommands") == 0)
				cr_assert_eq(rights_from_listcommands(c, m), AMI_OK);
			else if (strcasecmp(action, "Login") && strcasecmp(action, "Logoff"))
				rights_action_result(
				    c, action,
				    ami_str_eq(ami_msg_get(m, "Message"), "Permission denied"));
		}
	}
	for (size_t k = 0; k < ns; k++)
		ami_msg_free(sent[k]);
	return c;
}

Test(rights, listcommands_of_every_account)
{
	for (size_t a = 0; a < sizeof accounts / sizeof accounts[0]; a++) {
		struct mfix f;
		struct rights_card *c = card_from(accounts[a].user, &f);
		const char *u = accounts[a].user;
		cr_assert(rights_have_listcommands(c));
		cr_assert_eq(rights_action_count(c), accounts[a].listed, "%s", u);
		/* ListCommands alone */
		uint32_t lc_granted = 0, lc_denied = 0;
		for (int k = 0; k < AMI_CLASS_COUNT; k++) {
			struct rights_fact w = rights_write(c, (enum ami_perm_class)k);
			uint32_t bit = ami_perm_class_bit((enum ami_perm_class)k);
			if (w.granted_by & (1u << RIGHTS_SRC_LISTCOMMANDS))
				lc_granted |= bit;
			if (w.denied_by & (1u << RIGHTS_SRC_LISTCOMMANDS))
				lc_denied |= bit;
			cr_assert_neq(w.state, RIGHTS_CONFLICT, "%s %s", u,
				      ami_perm_class_label((enum ami_perm_class)k));
		}
		cr_assert_eq(lc_granted, accounts[a].granted, "%s granted %x", u, lc_granted);
		cr_assert_eq(lc_denied, accounts[a].denied, "%s denied %x", u, lc_denied);
		/* and the facts agree with manager.conf's write= (README) */
		uint32_t conf = ami_perm_from_conf(accounts[a].conf_write);
		cr_assert_eq(lc_granted & ~conf, 0u, "%s", u);
		cr_assert_eq(lc_denied & conf, 0u, "%s", u);
		/* write facts for classes with no actions stay unknown */
		cr_assert_eq(rights_write(c, AMI_CLASS_DTMF).state, RIGHTS_UNKNOWN);
		cr_assert_eq(rights_write(c, AMI_CLASS_SECURITY).state, RIGHTS_UNKNOWN);
		cr_assert_str_eq(rights_ami_version(c), "11.0.0");
		rights_free(c);
		mfix_free(&f);
	}
}

Test(rights, action_replies_and_events)
{
	struct mfix f;
	struct rights_card *c = card_from("operator", &f);
	/* Command, UserEvent and Reload were refused; the Originate went through */
	struct rights_fact w = rights_write(c, AMI_CLASS_COMMAND);
	cr_assert(w.denied_by & (1u << RIGHTS_SRC_ACTIONS));
	w = rights_write(c, AMI_CLASS_CONFIG);
	cr_assert(w.denied_by & (1u << RIGHTS_SRC_ACTIONS), "Reload is system|config: both out");
	w = rights_write(c, AMI_CLASS_ORIGINATE);
	cr_assert(w.granted_by & (1u << RIGHTS_SRC_ACTIONS));
	cr_assert_eq(w.state, RIGHTS_GRANTED);
	/* the originated call's events prove call read */
	struct rights_fact r = rights_read(c, AMI_CLASS_CALL);
	cr_assert_eq(r.state, RIGHTS_GRANTED);
	cr_assert_eq(r.granted_by, 1u << RIGHTS_SRC_EVENTS);
	cr_assert_eq(rights_read(c, AMI_CLASS_SYSTEM).state, RIGHTS_UNKNOWN);
	/* originate without system: the flag says Exec-type apps will be refused */
	unsigned fl = rights_flags(c);
	cr_assert(fl & (1u << RIGHTS_FLAG_ORIGINATE_NO_SYSTEM));
	cr_assert_not(fl & (1u << RIGHTS_FLAG_SYSTEM_WRITE));
	rights_free(c);
	mfix_free(&f);

	c = card_from("admin", &f);
	fl = rights_flags(c);
	cr_assert(fl & (1u << RIGHTS_FLAG_SYSTEM_WRITE));
	cr_assert(fl & (1u << RIGHTS_FLAG_COMMAND_WRITE));
	cr_assert(fl & (1u << RIGHTS_FLAG_CONFIG_WRITE));
	cr_assert_not(fl & (1u << RIGHTS_FLAG_ORIGINATE_NO_SYSTEM));
	rights_free(c);
	mfix_free(&f);
}

/* "manager show user" output, in the exact layout of handle_showmanager(). */
static struct ami_msg *showuser(const char *user, const char *rd, const char *wr)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "Response: Success\nMessage: Command output follows\nOutput: \n"
		 "Output:           username: %s\nOutput:             secret: <Set>\n"
		 "Output:                ACL: no\nOutput:          read perm: %s\n"
		 "Output:         write perm: %s\nOutput:    displayconnects: yes\n"
		 "Output: allowmultiplelogin: yes\nOutput:          Variables: ",
		 user, rd, wr);
	return mfix_text(text);
}

Test(rights, manager_show_user)
{
	struct rights_card *c = rights_new("operator");
	struct ami_msg *m = showuser("operator", "call,agent,user,dtmf", "call,agent,originate");
	cr_assert_eq(rights_from_showuser(c, m), AMI_OK);
	ami_msg_free(m);
	cr_assert_eq(rights_read_mask(c, RIGHTS_GRANTED),
		     AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_USER | AMI_PERM_DTMF);
	cr_assert_eq(rights_read_mask(c, RIGHTS_DENIED),
		     ami_perm_known_mask() &
			 ~(AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_USER | AMI_PERM_DTMF));
	cr_assert_eq(rights_write_mask(c, RIGHTS_GRANTED),
		     AMI_PERM_CALL | AMI_PERM_AGENT | AMI_PERM_ORIGINATE);
	cr_assert_eq(rights_write(c, AMI_CLASS_DTMF).denied_by, 1u << RIGHTS_SRC_SHOWUSER);
	/* "all" and "<none>" as user_authority_to_str prints them */
	m = showuser("operator", "all", "<none>");
	cr_assert_eq(rights_from_showuser(c, m), AMI_OK, "a second reply replaces the first");
	ami_msg_free(m);
	cr_assert_eq(rights_read_mask(c, RIGHTS_GRANTED), ami_perm_known_mask());
	cr_assert_eq(rights_write_mask(c, RIGHTS_DENIED), ami_perm_known_mask());
	/* someone else's account, or none at all, is not evidence */
	m = showuser("admin", "all", "all");
	cr_assert_eq(rights_from_showuser(c, m), AMI_E_INVALID);
	ami_msg_free(m);
	m = mfix_text("Response: Success\nMessage: Command output follows\nOutput: There is no "
		      "manager called operator");
	cr_assert_eq(rights_from_showuser(c, m), AMI_E_INVALID);
	ami_msg_free(m);
	rights_free(c);
}

/* A GetConfig reply built from the recorded server's own manager.conf. */
static struct ami_msg *getconfig_from_conf(const char *extra_user, const char *extra)
{
	size_t len;
	char *conf = tu_load("asterisk-22/conf/manager.conf", &len);
	struct ami_buf b;
	ami_buf_init(&b, 1 << 20);
	ami_buf_adds(&b, "Response: Success\n");
	int cat = -1, line = 0;
	for (char *s = strtok(conf, "\n"); s; s = strtok(NULL, "\n")) {
		char *semi = strchr(s, ';');
		if (semi)
			*semi = '\0';
		while (*s && isspace((unsigned char)*s))
			s++;
		if (*s == '[') {
			char *e = strchr(s, ']');
			*e = '\0';
			ami_buf_printf(&b, "Category-%06d: %s\n", ++cat, s + 1);
			line = 0;
			if (extra_user && strcmp(s + 1, extra_user) == 0)
				ami_buf_printf(&b, "Line-%06d-%06d: %s\n", cat, line++, extra);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq || cat < 0)
			continue;
		char *k = s, *v = eq + 1, *ke = eq;
		while (ke > k && isspace((unsigned char)ke[-1]))
			ke--;
		*ke = '\0';
		while (*v && isspace((unsigned char)*v))
			v++;
		char *ve = v + strlen(v);
		while (ve > v && isspace((unsigned char)ve[-1]))
			*--ve = '\0';
		ami_buf_printf(&b, "Line-%06d-%06d: %s=%s\n", cat, line++, k, v);
	}
	free(conf);
	struct ami_msg *m = mfix_text(b.p);
	ami_buf_free(&b);
	return m;
}

Test(rights, getconfig_manager_conf)
{
	struct ami_msg *m = getconfig_from_conf(NULL, NULL);
	struct rights_card *c = rights_new("Operator"); /* users match case-insensitively */
	cr_assert_eq(rights_from_getconfig(c, m), AMI_OK);
	cr_assert_eq(rights_read_mask(c, RIGHTS_GRANTED),
		     ami_perm_from_conf("call,agent,user,dtmf"));
	cr_assert_eq(rights_write_mask(c, RIGHTS_GRANTED),
		     ami_perm_from_conf("originate,call,agent"));
	rights_free(c);
	c = rights_new("monitor");
	cr_assert_eq(rights_from_getconfig(c, m), AMI_OK);
	cr_assert_eq(rights_write_mask(c, RIGHTS_GRANTED), 0u, "write = (empty)");
	cr_assert_eq(rights_write_mask(c, RIGHTS_DENIED), ami_perm_known_mask());
	rights_free(c);
	c = rights_new("stranger");
	cr_assert_eq(rights_from_getconfig(c, m), AMI_E_INVALID);
	rights_free(c);
	ami_msg_free(m);
	/* Asterisk's quirks: the line before wins only if the later one is absent... the last
	 * read= wins, blanks are not trimmed inside the list, a prefix item matches */
	m = getconfig_from_conf("userev", "read=system, call");
	c = rights_new("userev");
	cr_assert_eq(rights_from_getconfig(c, m), AMI_OK);
	cr_assert_eq(rights_read_mask(c, RIGHTS_GRANTED), AMI_PERM_USER,
		     "the file's read=user came last");
	rights_free(c);
	ami_msg_free(m);
	m = getconfig_from_conf("nobody", "write=sys,call");
	c = rights_new("nobody");
	rights_from_getconfig(c, m);
	cr_assert_eq(rights_write_mask(c, RIGHTS_GRANTED), 0u, "overridden by the later 'write ='");
	rights_free(c);
	ami_msg_free(m);
	m = mfix_text("Response: Success\nCategory-000000: x\nLine-000000-000000: read=sys,call\n"
		      "Line-000000-000001: write=system, call\nLine-000000-000002: secret=hidden");
	c = rights_new("x");
	cr_assert_eq(rights_from_getconfig(c, m), AMI_OK);
	cr_assert_eq(rights_read_mask(c, RIGHTS_GRANTED), AMI_PERM_SYSTEM | AMI_PERM_CALL);
	cr_assert_eq(rights_write_mask(c, RIGHTS_GRANTED), AMI_PERM_SYSTEM, "' call' is no label");
	struct ami_buf out;
	ami_buf_init(&out, 1 << 20);
	rights_export_json(c, &out);
	cr_assert_null(strstr(out.p, "hidden"), "secrets are never kept");
	ami_buf_free(&out);
	rights_free(c);
	ami_msg_free(m);
}

Test(rights, profile_lists_and_comparison)
{
	uint32_t m;
	char err[64];
	cr_assert_eq(rights_parse_list(" call, CDR ,reporting", &m, err, sizeof err), AMI_OK);
	cr_assert_eq(m, AMI_PERM_CALL | AMI_PERM_CDR | AMI_PERM_REPORTING);
	cr_assert_eq(rights_parse_list("all", &m, NULL, 0), AMI_OK);
	cr_assert_eq(m, ami_perm_known_mask());
	cr_assert_eq(rights_parse_list("", &m, NULL, 0), AMI_OK);
	cr_assert_eq(m, 0u);
	cr_assert_eq(rights_parse_list("none", &m, NULL, 0), AMI_OK);
	cr_assert_eq(rights_parse_list("call,sytem", &m, err, sizeof err), AMI_E_INVALID);
	cr_assert_str_eq(err, "unknown class 'sytem'");

	struct mfix f;
	struct rights_card *c = card_from("operator", &f);
	uint32_t er, ew;
	rights_parse_list("call,agent,user,dtmf", &er, NULL, 0);
	rights_parse_list("originate,call,agent", &ew, NULL, 0);
	rights_set_expect(c, true, er, true, ew);
	struct ami_buf d;
	ami_buf_init(&d, 1 << 16);
	cr_assert_eq(rights_compare(c, &d, false), 0u, "%s", d.p ? d.p : "");
	rights_parse_list("originate,call,agent,system", &ew, NULL, 0);
	rights_parse_list("call,agent,user", &er, NULL, 0);
	rights_set_expect(c, true, er, true, ew);
	ami_buf_reset(&d);
	cr_assert_eq(rights_compare(c, &d, false), 2u, "%s", d.p);
	cr_assert(strstr(d.p, "read dtmf: expected not granted, found granted (events received)"),
		  "the DTMF of the originated call was seen: %s", d.p);
	cr_assert(strstr(d.p, "write system: expected granted, found denied (ListCommands, action "
			      "replies)"),
		  "%s", d.p);
	ami_buf_reset(&d);
	rights_compare(c, &d, true);
	cr_assert(strstr(d.p, "unverified"), "%s", d.p);
	ami_buf_free(&d);
	rights_free(c);
	mfix_free(&f);
}

Test(rights, least_privilege_suggestion)
{
	struct rights_card *c = rights_new("ops");
	rights_action_result(c, "Originate", false);
	rights_action_result(c, "QueueStatus", false); /* anyone may */
	rights_action_result(c, "Hangup", false);      /* system or call: call is enough */
	rights_action_result(c, "Getvar", false);      /* call or reporting: call already needed */
	rights_action_result(c, "Command", true);      /* refused: not part of the suggestion */
	rights_saw_event(c, AMI_PERM_CALL | AMI_PERM_DTMF);
	rights_saw_event(c, AMI_PERM_SECURITY);
	rights_note_visible(c, AMI_PERM_CALL | AMI_PERM_DTMF);
	uint32_t r, w;
	rights_suggest(c, &r, &w);
	cr_assert_eq(w, AMI_PERM_ORIGINATE | AMI_PERM_CALL);
	cr_assert_eq(r, AMI_PERM_CALL | AMI_PERM_DTMF);
	struct rights_card *d = rights_new("reporter");
	rights_action_result(d, "CoreStatus", false); /* system or reporting */
	rights_suggest(d, &r, &w);
	cr_assert_eq(w, AMI_PERM_REPORTING, "never system when reporting will do");
	rights_free(d);
	rights_free(c);
}

/* A small JSON syntax check: values, objects, arrays, strings, literals. */
static const char *js_value(const char *p);
static const char *js_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}
static const char *js_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		p += *p == '\\' ? 2 : 1;
	}
	return *p == '"' ? p + 1 : NULL;
}
static const char *js_list(const char *p, char close, bool obj)
{
	p = js_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			p = js_string(js_ws(p));
			if (!p || *(p = js_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = js_value(p);
		if (!p)
			return NULL;
		p = js_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}
static const char *js_value(const char *p)
{
	p = js_ws(p);
	if (*p == '{')
		return js_list(p, '}', true);
	if (*p == '[')
		return js_list(p, ']', false);
	if (*p == '"')
		return js_string(p);
	static const char *const lits[] = { "null", "true", "false" };
	for (size_t i = 0; i < 3; i++)
		if (strncmp(p, lits[i], strlen(lits[i])) == 0)
			return p + strlen(lits[i]);
	return NULL;
}

static bool json_ok(const char *s)
{
	const char *end = js_value(s);
	return end && *js_ws(end) == '\0';
}

Test(rights, exports)
{
	struct mfix f;
	struct rights_card *c = card_from("operator", &f);
	struct ami_msg *cs = mfix_text("Response: Success\nAMIversion: 11.0.0\nAsteriskVersion: "
				       "22.10.1\nSystemName: amitest");
	rights_from_coresettings(c, cs);
	ami_msg_free(cs);
	uint32_t ew;
	rights_parse_list("originate,call,agent,system", &ew, NULL, 0);
	rights_set_expect(c, false, 0, true, ew);
	struct ami_buf j;
	ami_buf_init(&j, 1 << 20);
	cr_assert_eq(rights_export_json(c, &j), AMI_OK);
	cr_assert(json_ok(j.p), "%s", j.p);
	cr_assert(strstr(j.p, "\"user\":\"operator\""));
	cr_assert(strstr(j.p, "\"server\":{\"banner\":\"Asterisk Call Manager/11.0.0\","
			      "\"ami_version\":\"11.0.0\",\"asterisk_version\":\"22.10.1\"}"),
		  "%s", j.p);
	cr_assert(strstr(j.p, "\"actions_allowed\":[\"AbsoluteTimeout\",\"Atxfer\","));
	cr_assert(strstr(j.p, "{\"name\":\"Command\",\"needs\":\"write=command\"}"));
	cr_assert(strstr(j.p, "\"originate\":{\"read\":{\"state\":\"unknown\",\"granted_by\":[],"
			      "\"denied_by\":[]},\"write\":{\"state\":\"granted\",\"granted_by\":["
			      "\"listcommands\",\"actions\"],\"denied_by\":[]}}"),
		  "%s", j.p);
	cr_assert(strstr(j.p, "\"flags\":[\"ORIGINATE_NO_SYSTEM\"]"));
	cr_assert(
	    strstr(j.p, "\"expect\":{\"read\":null,\"write\":\"system,call,agent,originate\"}"),
	    "%s", j.p);
	cr_assert(strstr(j.p, "\"differences\":[\"write system: expected granted, found denied"));
	size_t allowed = 0;
	for (const char *p = strstr(j.p, "\"actions_allowed\":["); *p != ']'; p++)
		allowed += *p == ',';
	cr_assert_eq(allowed + 1, 51u);
	struct ami_buf t;
	ami_buf_init(&t, 1 << 20);
	cr_assert_eq(rights_export_text(c, &t), AMI_OK);
	cr_assert(strstr(t.p, "Rights of 'operator' on Asterisk 22.10.1 (AMI 11.0.0)"), "%s", t.p);
	cr_assert(strstr(t.p,
			 "  originate  unknown      granted      read: -; write: ListCommands, "
			 "action replies"),
		  "%s", t.p);
	cr_assert(strstr(t.p, "Allowed actions (51):"));
	cr_assert(strstr(t.p, "1 difference"));
	ami_buf_free(&t);
	ami_buf_free(&j);
	/* before any fact: nulls, and still valid JSON */
	struct rights_card *e = rights_new("x\"y");
	ami_buf_init(&j, 1 << 20);
	rights_export_json(e, &j);
	cr_assert(json_ok(j.p), "%s", j.p);
	cr_assert(strstr(j.p, "\"user\":\"x\\\"y\""));
	cr_assert(strstr(j.p, "\"actions_allowed\":null"));
	ami_buf_free(&j);
	rights_free(e);
	rights_free(c);
	mfix_free(&f);
}
