/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Themes: the semantic screen elements, their built-in styles, and theme files. */
#ifndef AMITUI_UI_THEME_H
#define AMITUI_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/status.h"

/* Colours: -1 is the terminal's default, 0-7 the basic ones, 8-15 bright, 16-255 xterm's. */
#define UI_COLOR_NAMES(_)                     \
	_(DEFAULT, "default", -1)             \
	_(BLACK, "black", 0)                  \
	_(RED, "red", 1)                      \
	_(GREEN, "green", 2)                  \
	_(YELLOW, "yellow", 3)                \
	_(BLUE, "blue", 4)                    \
	_(MAGENTA, "magenta", 5)              \
	_(CYAN, "cyan", 6)                    \
	_(WHITE, "white", 7)                  \
	_(GRAY, "gray", 8)                    \
	_(BRIGHTRED, "brightred", 9)          \
	_(BRIGHTGREEN, "brightgreen", 10)     \
	_(BRIGHTYELLOW, "brightyellow", 11)   \
	_(BRIGHTBLUE, "brightblue", 12)       \
	_(BRIGHTMAGENTA, "brightmagenta", 13) \
	_(BRIGHTCYAN, "brightcyan", 14)       \
	_(BRIGHTWHITE, "brightwhite", 15)

enum {
#define UI_COLOR_ENUM(id, name, num) UI_C_##id = num,
	UI_COLOR_NAMES(UI_COLOR_ENUM)
#undef UI_COLOR_ENUM
};

/* Attributes: _(ID, "name", bit) */
#define UI_ATTR_NAMES(_)               \
	_(BOLD, "bold", 1u << 0)       \
	_(DIM, "dim", 1u << 1)         \
	_(REVERSE, "reverse", 1u << 2) \
	_(UNDERLINE, "underline", 1u << 3)

enum {
#define UI_ATTR_ENUM(id, name, bit) UI_A_##id = bit,
	UI_ATTR_NAMES(UI_ATTR_ENUM)
#undef UI_ATTR_ENUM
};

/*
 * _(ID, "name", fg, bg, attrs, mono attrs, "what it colours")
 * The default theme is the fg/bg/attrs columns; "mono" (used for NO_COLOR and
 * terminals without colours) is the mono column with default colours, so every
 * meaning a colour carries is also carried by an attribute or by the text itself.
 * The class.* rows follow core's class table order (checked by the tests). The attribute
 * columns use B, D, R, U for bold, dim, reverse, underline (defined where expanded).
 */
#define UI_THEME_ELEMENTS(_)                                                                     \
	_(DEFAULT, "default", DEFAULT, DEFAULT, 0, 0, "text with no more specific element")      \
	_(TITLE, "title", WHITE, BLUE, 0, R, "title bar")                                        \
	_(TITLE_LABEL, "title.label", WHITE, RED, B, B,                                          \
	  "profile label (background: the profile's color)")                                     \
	_(TITLE_OK, "title.ok", BRIGHTGREEN, BLUE, B, R | B, "connection state: logged in")      \
	_(TITLE_WARN, "title.warn", BRIGHTYELLOW, BLUE, B, R | B,                                \
	  "connection state: connecting, reconnecting, read-only")                               \
	_(TITLE_ERROR, "title.error", WHITE, RED, B, R | B | U, "connection state: failed")      \
	_(TABS, "tabs", DEFAULT, DEFAULT, 0, 0, "the row of view names")                         \
	_(TAB_ACTIVE, "tab.active", BLACK, CYAN, B, R | B, "the current view's name")            \
	_(STATUS, "status", DEFAULT, DEFAULT, 0, 0, "message line")                              \
	_(STATUS_INFO, "status.info", CYAN, DEFAULT, 0, 0, "informational message")              \
	_(STATUS_WARN, "status.warn", YELLOW, DEFAULT, B, B, "warning message")                  \
	_(STATUS_ERROR, "status.error", WHITE, RED, B, R | B, "error message")                   \
	_(HINT, "hint", GRAY, DEFAULT, 0, D, "key hints")                                        \
	_(CLASS_BAR, "class.bar", DEFAULT, DEFAULT, 0, 0, "class bar background")                \
	_(CLASS_SYSTEM, "class.system", BRIGHTBLUE, DEFAULT, 0, 0, "class system")               \
	_(CLASS_CALL, "class.call", GREEN, DEFAULT, 0, 0, "class call")                          \
	_(CLASS_LOG, "class.log", WHITE, DEFAULT, 0, 0, "class log")                             \
	_(CLASS_VERBOSE, "class.verbose", WHITE, DEFAULT, 0, 0, "class verbose")                 \
	_(CLASS_COMMAND, "class.command", WHITE, DEFAULT, 0, 0, "class command")                 \
	_(CLASS_AGENT, "class.agent", CYAN, DEFAULT, 0, 0, "class agent")                        \
	_(CLASS_USER, "class.user", BRIGHTMAGENTA, DEFAULT, 0, 0, "class user")                  \
	_(CLASS_CONFIG, "class.config", WHITE, DEFAULT, 0, 0, "class config")                    \
	_(CLASS_DTMF, "class.dtmf", BRIGHTCYAN, DEFAULT, 0, 0, "class dtmf")                     \
	_(CLASS_REPORTING, "class.reporting", BLUE, DEFAULT, 0, 0, "class reporting")            \
	_(CLASS_CDR, "class.cdr", YELLOW, DEFAULT, 0, 0, "class cdr")                            \
	_(CLASS_DIALPLAN, "class.dialplan", BRIGHTYELLOW, DEFAULT, 0, 0, "class dialplan")       \
	_(CLASS_ORIGINATE, "class.originate", WHITE, DEFAULT, 0, 0, "class originate")           \
	_(CLASS_AGI, "class.agi", MAGENTA, DEFAULT, 0, 0, "class agi")                           \
	_(CLASS_CC, "class.cc", WHITE, DEFAULT, 0, 0, "class cc")                                \
	_(CLASS_AOC, "class.aoc", WHITE, DEFAULT, 0, 0, "class aoc")                             \
	_(CLASS_TEST, "class.test", WHITE, DEFAULT, 0, 0, "class test")                          \
	_(CLASS_SECURITY, "class.security", BRIGHTRED, DEFAULT, 0, 0, "class security")          \
	_(CLASS_MESSAGE, "class.message", WHITE, DEFAULT, 0, 0, "class message")                 \
	_(CLASS_OFF, "class.off", GRAY, DEFAULT, D, D, "a readable class toggled off")           \
	_(CLASS_DENIED, "class.denied", BLACK, DEFAULT, D, D | U,                                \
	  "a class the account cannot read")                                                     \
	_(CLASS_FOCUS, "class.focus", BLACK, CYAN, B, R, "the class under the class-bar cursor") \
	_(LIST_HEADER, "list.header", DEFAULT, DEFAULT, B | U, B | U, "column headings")         \
	_(LIST_CURSOR, "list.cursor", BLACK, CYAN, 0, R, "the selected row")                     \
	_(LIST_PINNED, "list.pinned", BRIGHTYELLOW, DEFAULT, B, B, "the pin mark")               \
	_(LIST_MATCH, "list.match", BLACK, YELLOW, 0, U, "a search match")                       \
	_(LIST_MARKED, "list.marked", BLACK, GREEN, 0, R | U, "a marked event (for export)")     \
	_(EVENT_TIME, "event.time", GRAY, DEFAULT, 0, 0, "event time column")                    \
	_(EVENT_NAME, "event.name", DEFAULT, DEFAULT, B, B, "event name column")                 \
	_(EVENT_NEWCHANNEL, "event.newchannel", BRIGHTGREEN, DEFAULT, B, B, "Newchannel events") \
	_(EVENT_HANGUP, "event.hangup", BRIGHTRED, DEFAULT, B, B, "Hangup events")               \
	_(EVENT_BRIDGE, "event.bridge", CYAN, DEFAULT, 0, 0, "Bridge* events")                   \
	_(EVENT_DIAL, "event.dial", YELLOW, DEFAULT, 0, 0, "Dial* events")                       \
	_(EVENT_SECURITY, "event.security", BRIGHTMAGENTA, DEFAULT, B, B, "security failures")   \
	_(EVENT_REPLY, "event.reply", GRAY, DEFAULT, 0, D, "list items answering our actions")   \
	_(DETAIL_KEY, "detail.key", CYAN, DEFAULT, 0, B, "header names in the detail pane")      \
	_(DETAIL_VALUE, "detail.value", DEFAULT, DEFAULT, 0, 0,                                  \
	  "header values in the detail pane")                                                    \
	_(CALL_GROUP, "call.group", BRIGHTWHITE, DEFAULT, B, B, "a call (Linkedid) row")         \
	_(CALL_RINGING, "call.ringing", YELLOW, DEFAULT, 0, 0, "a ringing channel")              \
	_(CALL_UP, "call.up", GREEN, DEFAULT, 0, 0, "an answered channel")                       \
	_(CALL_DOWN, "call.down", GRAY, DEFAULT, 0, D, "a channel that hung up")                 \
	_(ACTION_ALLOWED, "action.allowed", DEFAULT, DEFAULT, 0, 0,                              \
	  "an action the account may run")                                                       \
	_(ACTION_DENIED, "action.denied", GRAY, DEFAULT, D, D, "an action it may not run")       \
	_(ACTION_DANGER, "action.danger", BRIGHTRED, DEFAULT, 0, B, "the danger mark")           \
	_(ACTION_REASON, "action.reason", YELLOW, DEFAULT, 0, 0, "why an action is greyed")      \
	_(FORM_LABEL, "form.label", DEFAULT, DEFAULT, 0, 0, "form field names")                  \
	_(FORM_REQUIRED, "form.required", BRIGHTWHITE, DEFAULT, B, B, "required field names")    \
	_(FORM_FIELD, "form.field", DEFAULT, BLACK, U, U, "form field values")                   \
	_(FORM_FOCUS, "form.focus", BLACK, CYAN, 0, R, "the field being edited")                 \
	_(FORM_BUTTON, "form.button", BLACK, WHITE, 0, R, "form buttons")                        \
	_(FORM_ERROR, "form.error", WHITE, RED, B, R | B, "a refused field or action")           \
	_(PREVIEW, "preview", GREEN, DEFAULT, 0, 0, "the exact wire text")                       \
	_(DIALOG, "dialog", DEFAULT, DEFAULT, 0, 0, "confirmation dialog")                       \
	_(DIALOG_WARN, "dialog.warn", BRIGHTRED, DEFAULT, B, B | U, "dialog warnings")           \
	_(BORDER, "border", BLUE, DEFAULT, 0, 0, "lines and frames")                             \
	_(CMD_PROMPT, "cmd.prompt", BRIGHTGREEN, DEFAULT, B, B, "CLI prompt")                    \
	_(CMD_ECHO, "cmd.echo", BRIGHTWHITE, DEFAULT, B, B, "a command as it was sent")          \
	_(CMD_OUTPUT, "cmd.output", DEFAULT, DEFAULT, 0, 0, "CLI output")                        \
	_(CMD_ERROR, "cmd.error", BRIGHTRED, DEFAULT, 0, B, "CLI errors")                        \
	_(RIGHTS_YES, "rights.yes", GREEN, DEFAULT, B, B, "a granted right")                     \
	_(RIGHTS_NO, "rights.no", GRAY, DEFAULT, 0, D, "a missing right")                        \
	_(RIGHTS_UNKNOWN, "rights.unknown", YELLOW, DEFAULT, 0, 0, "a right nobody could tell")  \
	_(RIGHTS_SHELL, "rights.shell", BRIGHTRED, DEFAULT, B, B | U, "shell-equivalent power")  \
	_(FILTER, "filter", DEFAULT, DEFAULT, 0, 0, "filter and search line")                    \
	_(FILTER_ERROR, "filter.error", BRIGHTRED, DEFAULT, B, B, "filter error and its caret")  \
	_(HELP_SECTION, "help.section", BRIGHTWHITE, DEFAULT, B | U, B | U, "help headings")     \
	_(HELP_KEY, "help.key", CYAN, DEFAULT, B, B, "keys in help")                             \
	_(HELP_TEXT, "help.text", DEFAULT, DEFAULT, 0, 0, "help text")

enum ui_element {
#define UI_EL_ENUM(id, name, fg, bg, at, mono, help) UI_EL_##id,
	UI_THEME_ELEMENTS(UI_EL_ENUM)
#undef UI_EL_ENUM
	    UI_EL_COUNT
};

/* The element of a permission class (enum ami_perm_class order). */
#define UI_EL_CLASS(c) ((enum ui_element)(UI_EL_CLASS_SYSTEM + (int)(c)))

struct ui_style {
	int16_t fg, bg;
	uint8_t attrs;
};

struct ui_theme {
	char name[64];
	bool mono; /* no colours: the mono column */
	struct ui_style st[UI_EL_COUNT];
};

const char *ui_element_name(enum ui_element e);
const char *ui_element_help(enum ui_element e);
/* Exact, case-sensitive lookup; UI_EL_COUNT when unknown. */
enum ui_element ui_element_find(const char *name);

/* Colour by name ("red", "brightred", "color123" or "123"); false when unknown. */
bool ui_color_parse(const char *s, int *color);
/* Name of a colour, or "colorN" written into buf (>= 12 bytes). */
const char *ui_color_name(int color, char *buf);

/*
 * A colour for a terminal with ncolors colours (8, 16, 256): bright colours
 * become their basic ones on 8-colour terminals and the 256-colour cube and greys
 * the nearest basic colour. -1 stays -1.
 */
int ui_color_degrade(int color, int ncolors);

/* The built-in default theme, and the built-in mono one. */
void ui_theme_default(struct ui_theme *t);
void ui_theme_mono(struct ui_theme *t);

/*
 * Parse theme text over t (which keeps every element the text does not set). Lines
 * are `color <element> <fg> <bg> [bold|dim|reverse|underline]...`, '#' comments and
 * blank lines. Returns AMI_OK, or AMI_E_CONFIG with "name:line: what" in err.
 */
enum ami_status ui_theme_parse(struct ui_theme *t, const char *name, const char *text, size_t len,
			       char *err, size_t cap);

/*
 * Load a theme by spec: NULL, "" or "default" (built in), "mono" (built in), a file
 * path (contains '/' or ends in ".theme"), or NAME looked up as NAME.theme in dirs
 * (':'-separated, may be NULL). Files are limited to 64 KiB. Errors as parse, or
 * AMI_E_NOT_FOUND naming the places searched.
 */
enum ami_status ui_theme_load(struct ui_theme *t, const char *spec, const char *dirs, char *err,
			      size_t cap);

/* Write t as theme file text (what themes/default.theme holds for the built-in table). */
enum ami_status ui_theme_format(const struct ui_theme *t, struct ami_buf *out);

#endif
