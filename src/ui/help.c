/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Help screen (generated from the request table and the bindings) and the profile picker. */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

void ui_draw_help(struct ui *ui, struct ui_grid *g, int y, int h)
{
	const char *text = ui->help.p ? ui->help.p : "";
	int total = 0;
	for (const char *p = text; *p; p++)
		total += *p == '\n';
	int max = total - h > 0 ? total - h : 0;
	if (ui->help_scroll > max)
		ui->help_scroll = max;
	int line = 0, row = 0;
	for (const char *p = text; *p && row < h; line++) {
		size_t n = strcspn(p, "\n");
		if (line >= ui->help_scroll) {
			if (n && p[0] != ' ') {
				ui_grid_put(g, y + row, 1, g->w - 1, p, n, UI_EL_HELP_SECTION);
			} else if (n > 19) {
				ui_grid_put(g, y + row, 1, 18, p, 19, UI_EL_HELP_KEY);
				ui_grid_put(g, y + row, 20, g->w - 20, p + 19, n - 19,
					    UI_EL_HELP_TEXT);
			} else {
				ui_grid_put(g, y + row, 1, g->w - 1, p, n, UI_EL_HELP_TEXT);
			}
			row++;
		}
		p += n + (p[n] == '\n');
	}
}

bool ui_help_request(struct ui *ui, enum ui_request r)
{
	int page = ui->rows - 4;
	switch (r) {
	case UI_REQ_MOVE_UP:
		ui->help_scroll -= ui->help_scroll > 0;
		return true;
	case UI_REQ_MOVE_DOWN:
		ui->help_scroll++;
		return true;
	case UI_REQ_PAGE_UP:
		ui->help_scroll = ui->help_scroll > page ? ui->help_scroll - page : 0;
		return true;
	case UI_REQ_PAGE_DOWN:
		ui->help_scroll += page;
		return true;
	case UI_REQ_MOVE_TOP:
		ui->help_scroll = 0;
		return true;
	case UI_REQ_MOVE_BOTTOM:
		ui->help_scroll = 1 << 20;
		return true;
	default:
		return false;
	}
}

/* --- profile picker ------------------------------------------------------------------ */

void ui_draw_picker(struct ui *ui, struct ui_grid *g, int y, int h)
{
	ui_grid_fill(g, y, 0, g->w, UI_EL_LIST_HEADER);
	ui_grid_printf(g, y, 1, g->w - 1, UI_EL_LIST_HEADER, "%-16s %-8s %-30s %s", "Profile",
		       "Label", "Account", "Mode");
	y++;
	h--;
	int top = 0;
	ui_scroll_clamp(&ui->pick_sel, &top, (int)ui->nprofiles, h);
	for (int i = 0; i < h && top + i < (int)ui->nprofiles; i++) {
		const struct ui_profile_item *p = &ui->profiles[top + i];
		char acct[160];
		snprintf(acct, sizeof acct, "%s@%s", p->user, p->host);
		ui_grid_printf(g, y + i, 1, g->w - 1, UI_EL_DEFAULT, "%-16s %-8s %-30s %s%s",
			       p->name, p->label, acct, p->tls ? "TLS " : "",
			       p->read_only ? "read-only" : "");
		if (top + i == ui->pick_sel)
			ui_grid_set_el(g, y + i, 0, g->w, UI_EL_LIST_CURSOR);
	}
	if (ui->nprofiles == 0) {
		char key[16];
		ui_grid_printf(g, y + 1, 3, g->w - 3, UI_EL_HINT,
			       "no profiles in the config file: %s logs in to a server typed in",
			       ui_keys_of(ui, UI_REQ_LOGIN_FORM, key, sizeof key));
	}
}

bool ui_picker_request(struct ui *ui, enum ui_request r)
{
	switch (r) {
	case UI_REQ_MOVE_UP:
		ui->pick_sel -= ui->pick_sel > 0;
		return true;
	case UI_REQ_MOVE_DOWN:
		ui->pick_sel++;
		return true;
	case UI_REQ_MOVE_TOP:
		ui->pick_sel = 0;
		return true;
	case UI_REQ_MOVE_BOTTOM:
		ui->pick_sel = (int)ui->nprofiles - 1;
		return true;
	case UI_REQ_OPEN:
		if (ui->nprofiles == 0)
			return true;
		if (ui->pick_sel >= (int)ui->nprofiles)
			ui->pick_sel = (int)ui->nprofiles - 1;
		if (ui->host.choose_profile)
			ui->host.choose_profile(ui->hctx, ui->profiles[ui->pick_sel].name);
		ui_set_screen(ui, UI_SCR_EVENTS);
		return true;
	case UI_REQ_LOGIN_FORM:
		ui_form_open_login(ui);
		return true;
	default:
		return false;
	}
}
