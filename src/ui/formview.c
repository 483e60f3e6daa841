/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Forms on screen: field rows, the wire preview and warnings, and Tab completion from live data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/text.h"
#include "ui_int.h"

/* --- completion ---------------------------------------------------------------------- */

static const char *const apps[] = { "Answer",	 "Background", "ChanSpy",   "ConfBridge",
				    "Dial",	 "Echo",       "Exec",	    "Goto",
				    "Hangup",	 "MixMonitor", "NoOp",	    "Park",
				    "Playback",	 "Queue",      "Read",	    "SayDigits",
				    "Set",	 "System",     "UserEvent", "Verbose",
				    "VoiceMail", "Wait",       NULL };
static const char *const modules[] = { "app_queue.so",
				       "app_voicemail.so",
				       "cdr_csv.so",
				       "chan_pjsip.so",
				       "manager",
				       "pbx_config.so",
				       "res_musiconhold.so",
				       "res_pjsip.so",
				       "features",
				       "dnsmgr",
				       "extconfig",
				       "logger",
				       NULL };

struct cands {
	char (*v)[CALLTAB_NAME];
	size_t n, cap;
};

static void cand_add(struct cands *c, const char *s, const char *prefix)
{
	if (!*s || strncasecmp(s, prefix, strlen(prefix)) != 0 || c->n == c->cap)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], s) == 0)
			return;
	snprintf(c->v[c->n++], CALLTAB_NAME, "%s", s);
}

/* Values of header key in the newest stored events (bounded scan). */
static void cand_from_events(struct ui *ui, struct cands *c, const char *key, const char *prefix)
{
	struct ami_hdr hdrs[64];
	struct ami_msg m;
	char v[CALLTAB_NAME];
	uint64_t last = evstore_last(ui->m->store), first = evstore_first(ui->m->store);
	for (uint64_t s = last, k = 0; s >= first && s > 0 && k < 2000; s--, k++) {
		if (!evstore_parse(ui->m->store, s, &m, hdrs, 64))
			continue;
		ami_msg_cstr(&m, key, v, sizeof v);
		cand_add(c, v, prefix);
	}
}

static void cand_gather(struct ui *ui, enum ui_complete_src src, const char *prefix,
			struct cands *c)
{
	const char *const *list = src == UI_CS_APP ? apps : src == UI_CS_MODULE ? modules : NULL;
	for (size_t i = 0; list && list[i]; i++)
		cand_add(c, list[i], prefix);
	if (!ui->m)
		return;
	const struct calltab_chan *ch[256];
	size_t n = ui->m->calls ? calltab_chans(ui->m->calls, ch, 256) : 0;
	for (size_t i = 0; i < n && i < 256; i++) {
		char iface[CALLTAB_NAME];
		if (src == UI_CS_CHANNEL && !ch[i]->hungup)
			cand_add(c, ch[i]->name, prefix);
		if (src == UI_CS_CONTEXT)
			cand_add(c, ch[i]->context, prefix);
		if (src == UI_CS_EXTEN)
			cand_add(c, ch[i]->exten, prefix);
		if (src == UI_CS_INTERFACE) {
			/* PJSIP/alice-00000001 -> PJSIP/alice */
			snprintf(iface, sizeof iface, "%s", ch[i]->name);
			char *dash = strrchr(iface, '-');
			if (dash && strchr(iface, '/') < dash)
				*dash = '\0';
			cand_add(c, iface, prefix);
		}
	}
	static const char *const keys[] = { [UI_CS_CONTEXT] = "Context",
					    [UI_CS_EXTEN] = "Exten",
					    [UI_CS_QUEUE] = "Queue",
					    [UI_CS_MODULE] = "Module" };
	if ((size_t)src < sizeof keys / sizeof keys[0] && keys[src] && ui->m->store)
		cand_from_events(ui, c, keys[src], prefix);
}

void ui_form_complete(struct ui *ui)
{
	struct ui_form *f = ui->form;
	struct ui_field *fd = &f->f[f->focus];
	if (f->comp_field != f->focus) {
		f->comp_field = f->focus;
		f->comp_index = 0;
		/* a completion prefix longer than the buffer is cut: completion still works */
		size_t n = strnlen(fd->line.buf, sizeof f->comp_prefix - 1);
		memcpy(f->comp_prefix, fd->line.buf, n);
		f->comp_prefix[n] = '\0';
	}
	struct cands c = { calloc(128, CALLTAB_NAME), 0, 128 };
	if (!c.v)
		return;
	cand_gather(ui, fd->src, f->comp_prefix, &c);
	if (c.n == 0) {
		ui_msg(ui, UI_MSG_WARN, "no completion for '%s'", f->comp_prefix);
	} else {
		size_t i = f->comp_index++ % c.n;
		ui_line_set(&fd->line, c.v[i]);
		ui_msg(ui, UI_MSG_INFO, "%zu of %zu: Tab for the next", i + 1, c.n);
	}
	free(c.v);
	ui_form_rebuild(ui);
}

/* --- drawing ------------------------------------------------------------------------- */

static const char *src_name(enum ui_complete_src s)
{
	static const char *const names[] = {
		"",	  "live channels", "contexts",	   "extensions",
		"queues", "modules",	   "applications", "interfaces"
	};
	return names[s];
}

static int draw_field(struct ui *ui, struct ui_grid *g, int y, int lw, struct ui_field *fd,
		      bool focus)
{
	enum ui_element lel = fd->required ? UI_EL_FORM_REQUIRED : UI_EL_FORM_LABEL;
	ui_grid_puts(g, y, 2, lw, fd->label, lel);
	int x = 2 + lw + 1, w = g->w - x - 2;
	if (w > 64 && g->w < 160)
		w = 64;
	enum ui_element el = focus ? UI_EL_FORM_FOCUS : UI_EL_FORM_FIELD;
	if (fd->kind == UI_FK_CHOICE) {
		ui_grid_fill(g, y, x, w, el);
		ui_grid_printf(g, y, x, w, el, "< %s >", fd->choices[fd->choice]);
		if (focus)
			ui_grid_puts(g, y, x + w + 1, g->w - x - w - 1, "Space", UI_EL_HINT);
		return -1;
	}
	int cx = ui_line_draw(&fd->line, g, y, x, w, el);
	if (focus && fd->src != UI_CS_NONE && x + w + 2 < g->w)
		ui_grid_printf(g, y, x + w + 1, g->w - x - w - 1, UI_EL_HINT, "Tab: %s",
			       src_name(fd->src));
	return cx;
}

static int draw_fields(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct ui_form *f = ui->form;
	int vis[UI_FORM_MAX_FIELDS + 1], nv = 0, fpos = 0;
	for (int i = 0; i < f->n; i++) {
		if (!ui_form_field_shown(f, &f->f[i]))
			continue;
		if (i == f->focus)
			fpos = nv;
		vis[nv++] = i;
	}
	if (f->focus == f->n)
		fpos = nv;
	vis[nv++] = f->n; /* the button */
	int sel = fpos;
	ui_scroll_clamp(&sel, &f->top, nv, h);
	int lw = 14, rows = 0;
	for (int k = f->top; k < nv && rows < h; k++, rows++) {
		int i = vis[k];
		if (i == f->n) {
			enum ui_element el =
			    f->focus == f->n ? UI_EL_FORM_FOCUS : UI_EL_FORM_BUTTON;
			ui_grid_puts(g, y + rows, 2 + lw + 1, 20,
				     f->kind == UI_FORM_LOGIN ? "[ Log in ]" : "[ Send ]", el);
			continue;
		}
		int cx = draw_field(ui, g, y + rows, lw, &f->f[i], i == f->focus);
		if (i == f->focus && cx >= 0) {
			ui->cur_y = y + rows;
			ui->cur_x = cx;
		}
	}
	return rows;
}

static int draw_text_block(struct ui_grid *g, int y, int h, const char *text, enum ui_element el)
{
	int rows = 0;
	for (const char *p = text; *p && rows < h;) {
		size_t n = strcspn(p, "\r\n");
		ui_grid_put(g, y + rows, 4, g->w - 5, p, n, el);
		rows++;
		p += n;
		p += (*p == '\r');
		p += (*p == '\n');
	}
	return rows;
}

static void draw_below(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct ui_form *f = ui->form;
	int end = y + h;
	if (f->kind == UI_FORM_LOGIN) {
		ui_grid_puts(g, y + 1, 2, g->w - 2,
			     "The secret is used for this login only: never stored, never shown.",
			     UI_EL_HINT);
		return;
	}
	if (!f->valid && y < end)
		ui_grid_printf(g, y++, 2, g->w - 2, UI_EL_FORM_ERROR, " %s ", f->error);
	for (size_t i = 0; i < f->nwarn && y < end; i++)
		ui_grid_printf(g, y++, 2, g->w - 2,
			       f->warn[i].level == ACTCAT_LEVEL_INFO ? UI_EL_HINT
								     : UI_EL_DIALOG_WARN,
			       "%s: %s", actcat_level_label(f->warn[i].level), f->warn[i].text);
	if (y >= end || !f->preview[0])
		return;
	ui_grid_puts(g, y++, 2, g->w - 2, "wire text (ActionID added when sent):", UI_EL_HINT);
	draw_text_block(g, y, end - y, f->preview, UI_EL_PREVIEW);
}

void ui_draw_form(struct ui *ui, struct ui_grid *g, int y, int h)
{
	struct ui_form *f = ui->form;
	if (!f)
		return;
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	ui_grid_puts(g, y, 1, g->w - 1, f->title, UI_EL_LIST_HEADER);
	if (f->state == ACTCAT_UNKNOWN && f->kind != UI_FORM_LOGIN)
		ui_grid_put_right(g, y, g->w, " rights not known yet: the server decides ",
				  UI_EL_ACTION_REASON);
	y++;
	h--;
	int nfield = 0;
	for (int i = 0; i < f->n; i++)
		nfield += ui_form_field_shown(f, &f->f[i]);
	int fh = nfield + 1;
	if (fh > h - 5)
		fh = h - 5 > 3 ? h - 5 : 3;
	int used = draw_fields(ui, g, y, fh);
	ui_grid_hline(g, y + used, 0, g->w, UI_EL_BORDER);
	draw_below(ui, g, y + used + 1, h - used - 1);
}
