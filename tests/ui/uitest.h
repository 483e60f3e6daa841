/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UI test helpers: UTF-8 locale and terminal setup, golden-screen comparison. */
#ifndef AMITUI_UITEST_H
#define AMITUI_UITEST_H

#include <stddef.h>

#include "ui/grid.h"

/* setlocale(C.UTF-8) and TERM=xterm-256color; call from every test's init. */
void ut_setup(void);

/* The grid's text, one line per row, '\n'-terminated; caller frees. */
char *ut_grid_text(const struct ui_grid *g);

/*
 * Compare text with tests/data/ui/<name>; on a difference the test fails showing the
 * first differing line. With AMITUI_UPDATE_GOLDEN=1 in the environment the file is
 * (re)written instead (never set by the suite itself).
 */
void ut_golden(const char *name, const char *text);

#endif
