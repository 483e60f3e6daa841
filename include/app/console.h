/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console mode: curses UI over the model, fed by the session. */
#ifndef AMITUI_APP_CONSOLE_H
#define AMITUI_APP_CONSOLE_H

struct app;

/* Set up the model and the UI, connect (or show the profile picker), run the loop. */
int app_console_run(struct app *a);

/* Give the terminal back (endwin); messages go to stderr again. Idempotent. */
void app_console_stop(void);

/* Free the UI and the model: after the session is gone (its replies call the UI). */
void app_console_free(void);

/* Is curses up? Then app_note() writes to the message line. */
bool app_console_active(void);

/* Show a note on the console's message line. */
void app_console_note(const char *text);

#endif
