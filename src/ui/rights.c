/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Rights screen: the 19 classes x read/write with sources, powers, least privilege. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perms.h"
#include "ui_int.h"

/* Short source names for the matrix, indexed by enum rights_source. */
static const char *const src_short[RIGHTS_SRC_COUNT] = {
	[RIGHTS_SRC_LISTCOMMANDS] = "ListCommands", [RIGHTS_SRC_SHOWUSER] = "show user",
	[RIGHTS_SRC_GETCONFIG] = "GetConfig",	    [RIGHTS_SRC_EVENTS] = "events",
	[RIGHTS_SRC_ACTIONS] = "replies",
};

static void sources(unsigned bits, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int s = 0; s < RIGHTS_SRC_COUNT; s++) {
		if (!(bits & (1u << s)))
			continue;
		int w = snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", src_short[s]);
		if (w < 0 || (size_t)w >= cap - len)
			break;
		len += (size_t)w;
	}
}

static void fact_cell(struct ui_grid *g, int y, int x, int w, struct rights_fact f, bool shell)
{
	char src[128], text[192];
	static const enum ui_element els[] = { [RIGHTS_UNKNOWN] = UI_EL_RIGHTS_UNKNOWN,
					       [RIGHTS_GRANTED] = UI_EL_RIGHTS_YES,
					       [RIGHTS_DENIED] = UI_EL_RIGHTS_NO,
					       [RIGHTS_CONFLICT] = UI_EL_RIGHTS_UNKNOWN };
	static const char *const words[] = { [RIGHTS_UNKNOWN] = "?",
					     [RIGHTS_GRANTED] = "yes",
					     [RIGHTS_DENIED] = "no",
					     [RIGHTS_CONFLICT] = "yes/no" };
	sources(f.state == RIGHTS_DENIED ? f.denied_by : f.granted_by | f.denied_by, src,
		sizeof src);
	snprintf(text, sizeof text, "%-4s%s%s%s", words[f.state], *src ? "(" : "", src,
		 *src ? ")" : "");
	enum ui_element el = shell && f.state == RIGHTS_GRANTED ? UI_EL_RIGHTS_SHELL : els[f.state];
	ui_grid_puts(g, y, x, w, text, el);
	if (shell && f.state == RIGHTS_GRANTED)
		ui_grid_puts(g, y, x + w - 1, 1, "!", UI_EL_RIGHTS_SHELL);
}

static bool shell_class(enum ami_perm_class c)
{
	return c == AMI_CLASS_SYSTEM || c == AMI_CLASS_COMMAND || c == AMI_CLASS_CONFIG;
}

static int draw_matrix(struct ui *ui, struct ui_grid *g, int y)
{
	const struct rights_card *card = ui->m->rights;
	int cw = (g->w - 13) / 2;
	if (cw > 44)
		cw = 44;
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	ui_grid_puts(g, y, 1, 11, "Class", UI_EL_LIST_HEADER);
	ui_grid_puts(g, y, 13, cw, "Read (source)", UI_EL_LIST_HEADER);
	ui_grid_puts(g, y, 13 + cw, cw, "Write (source)", UI_EL_LIST_HEADER);
	y++;
	for (int c = 0; c < AMI_CLASS_COUNT; c++, y++) {
		enum ami_perm_class cls = (enum ami_perm_class)c;
		ui_grid_puts(g, y, 1, 11, ami_perm_class_label(cls), UI_EL_CLASS(c));
		fact_cell(g, y, 13, cw - 1, rights_read(card, cls), false);
		fact_cell(g, y, 13 + cw, cw - 1, rights_write(card, cls), shell_class(cls));
	}
	return y;
}

static int draw_flags(struct ui *ui, struct ui_grid *g, int y)
{
	unsigned flags = rights_flags(ui->m->rights);
	ui_grid_puts(g, y++, 1, g->w - 1, "Shell-equivalent and notable powers",
		     UI_EL_HELP_SECTION);
	if (!flags)
		ui_grid_puts(g, y++, 3, g->w - 3, "none known", UI_EL_RIGHTS_NO);
	for (int f = 0; f < RIGHTS_FLAG_COUNT; f++)
		if (flags & (1u << f)) {
			ui_grid_puts(g, y, 3, 2, "!", UI_EL_RIGHTS_SHELL);
			y += ui_grid_put_wrapped(g, y, 5, g->w - 6,
						 rights_flag_text((enum rights_flag)f),
						 UI_EL_RIGHTS_SHELL);
		}
	return y;
}

static int draw_suggestion(struct ui *ui, struct ui_grid *g, int y)
{
	uint32_t rd = 0, wr = 0;
	char r[256], w[256];
	rights_suggest(ui->m->rights, &rd, &wr);
	ami_perm_format_list(rd, r, sizeof r);
	ami_perm_format_list(wr, w, sizeof w);
	ui_grid_puts(g, y++, 1, g->w - 1,
		     "Least privilege for what this session used (manager.conf)",
		     UI_EL_HELP_SECTION);
	ui_grid_printf(g, y++, 3, g->w - 3, UI_EL_PREVIEW, "read=%s", r);
	ui_grid_printf(g, y++, 3, g->w - 3, UI_EL_PREVIEW, "write=%s", w);
	return y;
}

static int draw_server(struct ui *ui, struct ui_grid *g, int y)
{
	const struct rights_card *card = ui->m->rights;
	ui_grid_puts(g, y++, 1, g->w - 1, "Server", UI_EL_HELP_SECTION);
	const char *av = rights_asterisk_version(card);
	ui_grid_printf(g, y++, 3, g->w - 3, UI_EL_DEFAULT, "%s  %s%s",
		       *rights_banner(card) ? rights_banner(card) : "(no banner yet)",
		       *av ? "Asterisk " : "Asterisk version not known (CoreSettings)", av);
	if (rights_have_listcommands(card))
		ui_grid_printf(
		    g, y++, 3, g->w - 3, UI_EL_DEFAULT,
		    "ListCommands: %zu actions allowed (the Actions view greys the rest)",
		    rights_action_count(card));
	else
		ui_grid_puts(g, y++, 3, g->w - 3, "ListCommands not seen yet",
			     UI_EL_RIGHTS_UNKNOWN);
	return y;
}

void ui_draw_rights(struct ui *ui, struct ui_grid *g, int y, int h)
{
	if (!ui->m || !ui->m->rights) {
		ui_grid_puts(g, y + h / 2, 3, g->w - 3, "not connected", UI_EL_HINT);
		return;
	}
	/* Draw the whole card off screen, then show the scrolled slice. */
	struct ui_grid tall = { 0 };
	if (!ui_grid_resize(&tall, g->w, 64))
		return;
	tall.ascii = g->ascii;
	int ty = 0;
	ui_grid_printf(&tall, ty++, 1, g->w - 1, UI_EL_LIST_HEADER, "Rights of %s",
		       *rights_user(ui->m->rights) ? rights_user(ui->m->rights) : "?");
	ty = draw_matrix(ui, &tall, ty);
	ty = draw_flags(ui, &tall, ty + 1);
	ty = draw_suggestion(ui, &tall, ty + 1);
	ty = draw_server(ui, &tall, ty + 1);
	int max = ty - h > 0 ? ty - h : 0;
	if (ui->rights_scroll > max)
		ui->rights_scroll = max;
	for (int i = 0; i < h && ui->rights_scroll + i < ty; i++)
		for (int x = 0; x < g->w; x++) {
			const struct ui_cell *c = ui_grid_at(&tall, ui->rights_scroll + i, x);
			struct ui_cell *d = (struct ui_cell *)ui_grid_at(g, y + i, x);
			if (c && d)
				*d = *c;
		}
	ui_grid_free(&tall);
}

static void export_card(struct ui *ui)
{
	if (!ui->host.export_data) {
		ui_msg(ui, UI_MSG_WARN, "export is not available");
		return;
	}
	struct ami_buf b;
	char msg[256] = "";
	ami_buf_init(&b, 1u << 20);
	enum ami_status st = rights_export_text(ui->m->rights, &b);
	if (st == AMI_OK)
		st = ui->host.export_data(ui->hctx, UI_EXPORT_RIGHTS, b.p ? b.p : "", b.len, msg,
					  sizeof msg);
	ami_buf_reset(&b);
	if (st == AMI_OK && rights_export_json(ui->m->rights, &b) == AMI_OK)
		st = ui->host.export_data(ui->hctx, UI_EXPORT_RIGHTS_JSON, b.p ? b.p : "", b.len,
					  msg + strlen(msg), sizeof msg - strlen(msg));
	ui_msg(ui, st == AMI_OK ? UI_MSG_INFO : UI_MSG_ERROR, "rights card: %s",
	       *msg ? msg : ami_status_str(st));
	ami_buf_free(&b);
}

bool ui_rights_request(struct ui *ui, enum ui_request r)
{
	int page = ui->rows - 4;
	switch (r) {
	case UI_REQ_MOVE_UP:
		ui->rights_scroll -= ui->rights_scroll > 0;
		return true;
	case UI_REQ_MOVE_DOWN:
		ui->rights_scroll++;
		return true;
	case UI_REQ_PAGE_UP:
		ui->rights_scroll = ui->rights_scroll > page ? ui->rights_scroll - page : 0;
		return true;
	case UI_REQ_PAGE_DOWN:
		ui->rights_scroll += page;
		return true;
	case UI_REQ_MOVE_TOP:
		ui->rights_scroll = 0;
		return true;
	case UI_REQ_MOVE_BOTTOM:
		ui->rights_scroll = 1000;
		return true;
	case UI_REQ_EXPORT:
		if (ui->m && ui->m->rights)
			export_card(ui);
		return true;
	default:
		return false;
	}
}
