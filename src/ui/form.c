/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Action forms: fields from the catalogue or a special layout, the built action, keys. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"
#include "ui/text.h"
#include "ui_int.h"

static const char *const yes_no[] = { "true", "false", NULL };
static const char *const tls_choice[] = { "no", "yes", NULL };
static const char *const dial_modes[] = { "extension", "application", NULL };

#define HEADER_ROWS 3
#define MODE_EXTEN 1u
#define MODE_APP 2u

/* --- building the field list --------------------------------------------------------- */

static enum ui_complete_src src_for(const char *key)
{
	static const struct {
		const char *key;
		enum ui_complete_src src;
	} map[] = {
		{ "Channel", UI_CS_CHANNEL },	  { "ExtraChannel", UI_CS_CHANNEL },
		{ "Channel1", UI_CS_CHANNEL },	  { "Channel2", UI_CS_CHANNEL },
		{ "Context", UI_CS_CONTEXT },	  { "ExtraContext", UI_CS_CONTEXT },
		{ "Exten", UI_CS_EXTEN },	  { "ExtraExten", UI_CS_EXTEN },
		{ "Extension", UI_CS_EXTEN },	  { "Queue", UI_CS_QUEUE },
		{ "Module", UI_CS_MODULE },	  { "Application", UI_CS_APP },
		{ "Interface", UI_CS_INTERFACE }, { "StateInterface", UI_CS_INTERFACE },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(map[i].key, key) == 0)
			return map[i].src;
	return UI_CS_NONE;
}

static struct ui_field *add_field(struct ui_form *f, const char *key, bool required,
				  enum ui_field_kind kind, unsigned group)
{
	if (f->n >= UI_FORM_MAX_FIELDS)
		return NULL;
	struct ui_field *fd = &f->f[f->n++];
	memset(fd, 0, sizeof *fd);
	snprintf(fd->key, sizeof fd->key, "%s", key);
	snprintf(fd->label, sizeof fd->label, "%s%s", *key ? key : "Header", required ? "*" : "");
	fd->kind = kind;
	fd->required = required;
	fd->group = group;
	fd->src = src_for(key);
	/* Asterisk reads 1024-byte lines: "Key: " + value + CRLF must fit. */
	size_t klen = strlen(key);
	ui_line_init(&fd->line, kind == UI_FK_HEADER ? UI_LINE_MAX : UI_LINE_MAX - klen,
		     kind == UI_FK_SECRET);
	return fd;
}

static void add_choice(struct ui_form *f, const char *key, const char *label,
		       const char *const *choices, int initial)
{
	struct ui_field *fd = add_field(f, key, false, UI_FK_CHOICE, 0);
	if (!fd)
		return;
	snprintf(fd->label, sizeof fd->label, "%s", label);
	fd->choices = choices;
	fd->choice = initial;
}

static void add_headers(struct ui_form *f, int n)
{
	for (int i = 0; i < n; i++)
		add_field(f, "", false, UI_FK_HEADER, 0);
}

static void set_value(struct ui_form *f, const char *key, const char *value)
{
	for (int i = 0; i < f->n; i++) {
		if (strcmp(f->f[i].key, key) == 0) {
			ui_line_set(&f->f[i].line, value);
			return;
		}
	}
}

static void layout_originate(struct ui_form *f)
{
	add_field(f, "Channel", true, UI_FK_TEXT, 0);
	f->mode_field = f->n;
	add_choice(f, "", "Dial", dial_modes, 0);
	add_field(f, "Exten", true, UI_FK_TEXT, MODE_EXTEN);
	add_field(f, "Context", true, UI_FK_TEXT, MODE_EXTEN);
	add_field(f, "Priority", true, UI_FK_TEXT, MODE_EXTEN);
	add_field(f, "Application", true, UI_FK_TEXT, MODE_APP);
	add_field(f, "Data", false, UI_FK_TEXT, MODE_APP);
	add_field(f, "CallerID", false, UI_FK_TEXT, 0);
	add_field(f, "Timeout", false, UI_FK_TEXT, 0);
	add_field(f, "Variable", false, UI_FK_TEXT, 0);
	add_choice(f, "Async", "Async", yes_no, 0);
	add_headers(f, 1);
	set_value(f, "Priority", "1");
	set_value(f, "Timeout", "30000");
	f->mode = MODE_EXTEN;
}

/* "Channel*,Cause,UnitAmount(0)": '*' marks required fields, "(...)" is dropped. */
static void layout_generic(struct ui_form *f, const char *fields)
{
	char key[48];
	for (const char *p = fields; p && *p;) {
		size_t n = strcspn(p, ",");
		size_t k = strcspn(p, "*(,");
		bool req = k < n && p[k] == '*';
		if (k > 0 && k < sizeof key) {
			memcpy(key, p, k);
			key[k] = '\0';
			add_field(f, key, req, UI_FK_TEXT, 0);
		}
		p += n + (p[n] == ',');
	}
	add_headers(f, HEADER_ROWS);
}

static void layout(struct ui_form *f, const char *fields)
{
	switch (f->kind) {
	case UI_FORM_ORIGINATE:
		layout_originate(f);
		break;
	case UI_FORM_COMMAND:
		add_field(f, "Command", true, UI_FK_TEXT, 0);
		break;
	case UI_FORM_USEREVENT:
		add_field(f, "UserEvent", true, UI_FK_TEXT, 0);
		add_headers(f, 4);
		break;
	case UI_FORM_RELOAD:
		add_field(f, "Module", false, UI_FK_TEXT, 0);
		break;
	case UI_FORM_REDIRECT:
		layout_generic(f, "Channel*,Exten*,Context*,Priority*,ExtraChannel,ExtraExten,"
				  "ExtraContext,ExtraPriority");
		set_value(f, "Priority", "1");
		break;
	case UI_FORM_LOGIN:
		add_field(f, "Host", true, UI_FK_TEXT, 0);
		add_field(f, "Port", false, UI_FK_TEXT, 0);
		add_field(f, "Username", true, UI_FK_TEXT, 0);
		add_field(f, "Secret", false, UI_FK_SECRET, 0);
		add_choice(f, "TLS", "TLS", tls_choice, 0);
		break;
	case UI_FORM_GENERIC:
		layout_generic(f, fields);
		break;
	}
}

static enum ui_form_kind kind_of(const char *action)
{
	static const struct {
		const char *name;
		enum ui_form_kind kind;
	} special[] = {
		{ "Originate", UI_FORM_ORIGINATE }, { "Command", UI_FORM_COMMAND },
		{ "UserEvent", UI_FORM_USEREVENT }, { "Reload", UI_FORM_RELOAD },
		{ "Redirect", UI_FORM_REDIRECT },
	};
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
		if (strcasecmp(special[i].name, action) == 0)
			return special[i].kind;
	return UI_FORM_GENERIC;
}

static struct ui_form *form_new(struct ui *ui, const char *action, enum ui_form_kind kind)
{
	ui_form_close(ui);
	struct ui_form *f = calloc(1, sizeof *f);
	if (!f) {
		ui_msg(ui, UI_MSG_ERROR, "out of memory");
		return NULL;
	}
	f->kind = kind;
	f->mode_field = -1;
	f->comp_field = -1;
	snprintf(f->action, sizeof f->action, "%s", action);
	ui->form = f;
	ui->mode = UI_MODE_FORM;
	return f;
}

bool ui_form_open(struct ui *ui, const char *action)
{
	const struct actcat_entry *e =
	    ui->m && ui->m->actions ? actcat_find(ui->m->actions, ami_str_c(action)) : NULL;
	const struct ami_catalog_entry *ce = ami_catalog_find(ami_str_c(action));
	struct ui_form *f = form_new(ui, e ? e->name : action, kind_of(action));
	if (!f)
		return false;
	f->flags = e ? e->flags : ce ? ce->flags : 0;
	f->state = e ? e->state : ACTCAT_UNKNOWN;
	snprintf(f->reason, sizeof f->reason, "%s", e ? e->reason : "");
	const char *syn = e ? e->synopsis : ce ? ce->synopsis : "";
	snprintf(f->title, sizeof f->title, "%s: %s", f->action, syn);
	layout(f, e ? e->fields : ce ? ce->fields : "");
	ui_form_rebuild(ui);
	return true;
}

void ui_form_open_redirect(struct ui *ui, const char *chan, const char *extra)
{
	if (!ui_form_open(ui, "Redirect"))
		return;
	set_value(ui->form, "Channel", chan);
	set_value(ui->form, "ExtraChannel", extra);
	ui->form->focus = 1; /* Exten */
	ui_form_rebuild(ui);
}

void ui_form_open_login(struct ui *ui)
{
	struct ui_form *f = form_new(ui, "Login", UI_FORM_LOGIN);
	if (!f)
		return;
	snprintf(f->title, sizeof f->title, "Log in to an AMI server");
	layout(f, "");
	set_value(f, "Host", "127.0.0.1");
	f->valid = true;
}

void ui_form_close(struct ui *ui)
{
	if (!ui->form)
		return;
	for (int i = 0; i < ui->form->n; i++)
		ui_line_wipe(&ui->form->f[i].line);
	free(ui->form);
	ui->form = NULL;
	if (ui->mode == UI_MODE_FORM)
		ui->mode = UI_MODE_NONE;
}

bool ui_form_set(struct ui *ui, const char *key, const char *value)
{
	if (!ui->form)
		return false;
	for (int i = 0; i < ui->form->n; i++) {
		struct ui_field *fd = &ui->form->f[i];
		if (strcmp(fd->key, key) != 0 && strcmp(fd->label, key) != 0)
			continue;
		if (fd->kind == UI_FK_CHOICE) {
			for (int c = 0; fd->choices[c]; c++)
				if (strcmp(fd->choices[c], value) == 0)
					fd->choice = c;
			if ((int)i == ui->form->mode_field)
				ui->form->mode = (unsigned)fd->choice + 1;
		} else {
			ui_line_set(&fd->line, value);
		}
		ui_form_rebuild(ui);
		return true;
	}
	return false;
}

/* --- building the action ------------------------------------------------------------- */

bool ui_form_field_shown(const struct ui_form *f, const struct ui_field *fd)
{
	return fd->group == 0 || fd->group == f->mode;
}

static bool form_error(struct ui_form *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool form_error(struct ui_form *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof f->error, fmt, ap);
	va_end(ap);
	f->valid = false;
	return false;
}

/* A free "Name: value" row; empty rows are skipped. */
static bool add_header_row(struct ui_form *f, struct ami_action *a, const struct ui_field *fd)
{
	const char *s = fd->line.buf;
	size_t len = fd->line.len;
	if (len == 0)
		return true;
	const char *colon = memchr(s, ':', len);
	if (!colon || colon == s)
		return form_error(f, "header row '%s': expected 'Name: value'", s);
	char key[128];
	size_t kl = (size_t)(colon - s);
	while (kl && s[kl - 1] == ' ')
		kl--;
	if (kl >= sizeof key)
		return form_error(f, "header name too long in '%s'", s);
	memcpy(key, s, kl);
	key[kl] = '\0';
	const char *v = colon + 1;
	while (v < s + len && *v == ' ')
		v++;
	ami_action_addn(a, key, v, (size_t)(s + len - v));
	return true;
}

static bool add_one(struct ui_form *f, struct ami_action *a, const struct ui_field *fd)
{
	const struct ui_line *l = &fd->line;
	if (fd->kind == UI_FK_HEADER)
		return add_header_row(f, a, fd);
	if (!fd->key[0])
		return true; /* a layout choice, not a header */
	if (fd->kind == UI_FK_CHOICE) {
		ami_action_add(a, fd->key, fd->choices[fd->choice]);
		return true;
	}
	if (l->len == 0) {
		if (fd->required)
			return form_error(f, "%s is required", fd->key);
		return true;
	}
	if (!ami_utf8_valid(l->buf, l->len))
		return form_error(f, "%s: not valid UTF-8, refused", fd->key);
	ami_action_addn(a, fd->key, l->buf, l->len);
	return true;
}

bool ui_form_build(struct ui *ui, struct ami_action *a)
{
	struct ui_form *f = ui->form;
	ami_action_init(a, f->action);
	f->error[0] = '\0';
	f->valid = true;
	for (int i = 0; i < f->n; i++) {
		const struct ui_field *fd = &f->f[i];
		if (!ui_form_field_shown(f, fd))
			continue;
		if (!add_one(f, a, fd))
			return false;
		if (ami_action_status(a) != AMI_OK)
			return form_error(f, "%s", ami_action_errmsg(a));
	}
	/* not finished here: the host adds the ActionID, then finishes and sends */
	return true;
}

void ui_form_check_content(struct ui *ui)
{
	struct ui_form *f = ui->form;
	struct actcat_kv kv[UI_FORM_MAX_FIELDS];
	size_t n = 0;
	for (int i = 0; i < f->n; i++) {
		const struct ui_field *fd = &f->f[i];
		if (ui_form_field_shown(f, fd) && fd->key[0] && fd->kind == UI_FK_TEXT &&
		    fd->line.len)
			kv[n++] = (struct actcat_kv){ fd->key, fd->line.buf };
	}
	f->nwarn = 0;
	if (ui->m && ui->m->rights) {
		size_t total = actcat_check(ui->m->rights, ui->m->calls, f->action, kv, n, f->warn,
					    sizeof f->warn / sizeof f->warn[0]);
		f->nwarn = total < 6 ? total : 6;
	}
}

void ui_form_rebuild(struct ui *ui)
{
	struct ui_form *f = ui->form;
	if (!f || f->kind == UI_FORM_LOGIN)
		return;
	struct ami_action a;
	if (ui_form_build(ui, &a))
		ami_action_redacted(&a, f->preview, sizeof f->preview);
	else
		f->preview[0] = '\0';
	ami_action_free(&a);
	ui_form_check_content(ui);
}

/* --- keys ---------------------------------------------------------------------------- */

static void move_focus(struct ui_form *f, int dir)
{
	for (int k = 0; k <= f->n; k++) {
		f->focus = (f->focus + dir + f->n + 1) % (f->n + 1);
		if (f->focus == f->n || ui_form_field_shown(f, &f->f[f->focus]))
			return;
	}
}

static void choice_next(struct ui *ui, struct ui_field *fd)
{
	fd->choice = fd->choices[fd->choice + 1] ? fd->choice + 1 : 0;
	if (ui->form->mode_field >= 0 && fd == &ui->form->f[ui->form->mode_field])
		ui->form->mode = (unsigned)fd->choice + 1;
	ui_form_rebuild(ui);
}

static void edit(struct ui *ui, int key)
{
	struct ui_form *f = ui->form;
	struct ui_field *fd = &f->f[f->focus];
	if (fd->kind == UI_FK_CHOICE) {
		if (key == ' ')
			choice_next(ui, fd);
		return;
	}
	enum ui_line_result r = ui_line_key(&fd->line, key);
	if (r == UI_LINE_FULL)
		ui_msg(ui, UI_MSG_ERROR, "%s: at most %zu bytes (Asterisk reads 1024-byte lines)",
		       fd->key[0] ? fd->key : "header", fd->line.max);
	if (r == UI_LINE_CHANGED) {
		f->comp_field = -1;
		ui_form_rebuild(ui);
	}
}

void ui_form_key(struct ui *ui, int key, enum ui_request r)
{
	struct ui_form *f = ui->form;
	if (!f) {
		ui->mode = UI_MODE_NONE;
		return;
	}
	bool on_button = f->focus == f->n;
	/* After ^V the next key is text, whatever it is bound to (a literal LF stays). */
	if (!on_button && f->f[f->focus].line.quoting) {
		edit(ui, key);
		return;
	}
	switch (r) {
	case UI_REQ_BACK:
		ui_form_close(ui);
		return;
	case UI_REQ_SEND:
		ui_form_send(ui);
		return;
	case UI_REQ_FIELD_NEXT:
		if (on_button && key == UI_KEY_ENTER)
			ui_form_send(ui);
		else
			move_focus(f, 1);
		return;
	case UI_REQ_FIELD_PREV:
		move_focus(f, -1);
		return;
	case UI_REQ_COMPLETE:
		if (!on_button && f->f[f->focus].src != UI_CS_NONE)
			ui_form_complete(ui);
		else
			move_focus(f, 1);
		return;
	default:
		break;
	}
	if (!on_button)
		edit(ui, key);
}
