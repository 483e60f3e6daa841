/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UI requests (one X-macro: name, default keys, where they apply, help) and the keymap. */
#ifndef AMITUI_UI_KEYMAP_H
#define AMITUI_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

/*
 * Key contexts: the screens and the modes over them. _(ID, "name", "help heading")
 * A request applies in the contexts of its mask; lookup uses the one active context.
 */
#define UI_CONTEXT_INFO(_)                                                \
	_(EVENTS, "events", "Events view")                                \
	_(DETAIL, "detail", "Event detail")                               \
	_(CLASSBAR, "classbar", "Class bar (after c)")                    \
	_(CALLS, "calls", "Calls view")                                   \
	_(ACTIONS, "actions", "Actions view")                             \
	_(REPLIES, "replies", "Reply log")                                \
	_(FORM, "form", "Action forms")                                   \
	_(CONFIRM, "confirm", "Confirmation")                             \
	_(EXPORT, "export", "Export dialog (after e)")                    \
	_(COMMAND, "command", "Command view (other keys go to readline)") \
	_(RIGHTS, "rights", "Rights view")                                \
	_(HELP, "help", "Help")                                           \
	_(PROMPT, "prompt", "Filter and search line")                     \
	_(PICKER, "picker", "Profile picker")                             \
	_(LOGIN, "login", "Login form")

enum ui_context {
#define UI_CTX_ENUM(id, name, head) UI_CTX_##id,
	UI_CONTEXT_INFO(UI_CTX_ENUM)
#undef UI_CTX_ENUM
	    UI_CTX_COUNT
};

#define UI_CX(id) (1u << UI_CTX_##id)
/* Screens where the view keys, help and quit work. */
#define UI_CX_SCREENS                                                                     \
	(UI_CX(EVENTS) | UI_CX(DETAIL) | UI_CX(CALLS) | UI_CX(ACTIONS) | UI_CX(REPLIES) | \
	 UI_CX(COMMAND) | UI_CX(RIGHTS) | UI_CX(HELP))
/* Lists that move with j/k and friends. */
#define UI_CX_LISTS                                                                       \
	(UI_CX(EVENTS) | UI_CX(DETAIL) | UI_CX(CALLS) | UI_CX(ACTIONS) | UI_CX(REPLIES) | \
	 UI_CX(COMMAND) | UI_CX(RIGHTS) | UI_CX(HELP) | UI_CX(PICKER))
#define UI_CX_ALL ((1u << UI_CTX_COUNT) - 1u)
/* Where the replay controls and the bundle key work (printable keys are the CLI's). */
#define UI_CX_REPLAY (UI_CX_SCREENS & ~UI_CX(COMMAND))

/*
 * _(ID, "name", "default keys", contexts, "help")
 * Key lists are comma-separated names: a character ("q", "ж"), ^X, F1-F12, Up, Down,
 * Left, Right, PgUp, PgDn, Home, End, Ins, Del, Backspace, Enter, Esc, Tab, BackTab,
 * Space, Comma. The config file's [keys] section rebinds by name.
 */
#define UI_REQUEST_INFO(_)                                                                         \
	_(VIEW_EVENTS, "view-events", "1", UI_CX_SCREENS, "Events view: the live event stream")    \
	_(VIEW_CALLS, "view-calls", "2", UI_CX_SCREENS, "Calls view: channels grouped by call")    \
	_(VIEW_ACTIONS, "view-actions", "3", UI_CX_SCREENS, "Actions view: catalogue and forms")   \
	_(VIEW_COMMAND, "view-command", "4", UI_CX_SCREENS, "Command view: the Asterisk CLI")      \
	_(VIEW_RIGHTS, "view-rights", "5", UI_CX_SCREENS, "Rights view: what the account may do")  \
	_(VIEW_NEXT, "view-next", "Tab", UI_CX_SCREENS, "next view")                               \
	_(VIEW_PREV, "view-prev", "BackTab", UI_CX_SCREENS, "previous view")                       \
	_(HELP, "help", "?,F1", UI_CX_SCREENS | UI_CX(PICKER), "this help")                        \
	_(QUIT, "quit", "q", UI_CX_SCREENS | UI_CX(PICKER), "quit amitui")                         \
	_(BACK, "back", "Esc", UI_CX_ALL, "close, cancel, go back")                                \
	_(REDRAW, "redraw", "^L", UI_CX_ALL, "redraw the screen")                                  \
	_(MOVE_UP, "move-up", "k,Up", UI_CX_LISTS, "up one line")                                  \
	_(MOVE_DOWN, "move-down", "j,Down", UI_CX_LISTS, "down one line")                          \
	_(PAGE_UP, "page-up", "PgUp,^B", UI_CX_LISTS, "up one page")                               \
	_(PAGE_DOWN, "page-down", "PgDn,^F", UI_CX_LISTS, "down one page")                         \
	_(MOVE_TOP, "move-top", "g,Home", UI_CX_LISTS, "first line")                               \
	_(MOVE_BOTTOM, "move-bottom", "G,End", UI_CX_LISTS, "last line")                           \
	_(OPEN, "open", "Enter",                                                                   \
	  UI_CX(EVENTS) | UI_CX(CALLS) | UI_CX(ACTIONS) | UI_CX(REPLIES) | UI_CX(PICKER),          \
	  "open: event detail, the call's events, the form, the profile")                          \
	_(FILTER, "filter", "/", UI_CX(EVENTS) | UI_CX(CALLS) | UI_CX(ACTIONS),                    \
	  "filter: Name, class, Header=value, /regex/ or text")                                    \
	_(SEARCH, "search", "s", UI_CX(EVENTS) | UI_CX(DETAIL), "search (highlight, n/N to jump)") \
	_(NEXT_MATCH, "next-match", "n", UI_CX(EVENTS) | UI_CX(DETAIL), "next search match")       \
	_(PREV_MATCH, "prev-match", "N", UI_CX(EVENTS) | UI_CX(DETAIL), "previous search match")   \
	_(FOLLOW, "follow", "Space", UI_CX(EVENTS), "follow new events / pause")                   \
	_(PIN, "pin", "p", UI_CX(EVENTS) | UI_CX(DETAIL), "pin the event (kept, never evicted)")   \
	_(COPY, "copy", "y", UI_CX(EVENTS) | UI_CX(DETAIL),                                        \
	  "copy the event as text to the terminal clipboard (OSC 52)")                             \
	_(SAVE, "save", "Y", UI_CX(EVENTS) | UI_CX(DETAIL),                                        \
	  "append the event as text to the copy file")                                             \
	_(CLASS_BAR, "class-bar", "c", UI_CX(EVENTS), "focus the class bar")                       \
	_(CLASS_LEFT, "class-left", "h,Left", UI_CX(CLASSBAR), "previous class")                   \
	_(CLASS_RIGHT, "class-right", "l,Right", UI_CX(CLASSBAR), "next class")                    \
	_(CLASS_TOGGLE, "class-toggle", "Space,Enter", UI_CX(CLASSBAR), "show / hide the class")   \
	_(CLASS_ONLY, "class-only", "o", UI_CX(CLASSBAR), "show only this class")                  \
	_(CLASS_ALL, "class-all", "a", UI_CX(CLASSBAR), "show every readable class")               \
	_(CLASS_SERVER, "class-server", "m", UI_CX(CLASSBAR),                                      \
	  "set the server's event mask to the classes shown (Events)")                             \
	_(EXPORT, "export", "e",                                                                   \
	  UI_CX(EVENTS) | UI_CX(DETAIL) | UI_CX(CALLS) | UI_CX(RIGHTS) | UI_CX(REPLIES),           \
	  "export: the events shown or marked, the call, the rights card, the reply log")          \
	_(MARK, "mark", "m", UI_CX(EVENTS) | UI_CX(DETAIL),                                        \
	  "mark / unmark the event (e exports the marked events)")                                 \
	_(MARK_RANGE, "mark-range", "v", UI_CX(EVENTS),                                            \
	  "mark a range: v at one end, move, v at the other")                                      \
	_(MARK_CLEAR, "mark-clear", "M", UI_CX(EVENTS) | UI_CX(DETAIL), "clear every mark")        \
	_(BUNDLE, "bundle", "B", UI_CX_REPLAY,                                                     \
	  "ticket bundle: events (marked, else the view), calls, rights card, versions")           \
	_(RECORD, "record", "W", UI_CX_REPLAY, "start / stop recording")                           \
	_(REPLAY_PAUSE, "replay-pause", "P", UI_CX_REPLAY, "replay: pause / resume the recording") \
	_(REPLAY_STEP, "replay-step", ".", UI_CX_REPLAY, "replay: play one more event (pauses)")   \
	_(REPLAY_FASTER, "replay-faster", "+,=", UI_CX_REPLAY,                                     \
	  "replay: faster (0.25x 0.5x 1x 2x 5x 10x 20x 50x 100x max)")                             \
	_(REPLAY_SLOWER, "replay-slower", "-", UI_CX_REPLAY, "replay: slower")                     \
	_(HANGUP, "hangup", "H", UI_CX(CALLS), "hang up the selected call (confirmation)")         \
	_(REDIRECT, "redirect", "R", UI_CX(CALLS), "redirect the selected channel (form)")         \
	_(REPLY_LOG, "reply-log", "L", UI_CX(ACTIONS) | UI_CX(REPLIES),                            \
	  "show / hide the reply log")                                                             \
	_(FIELD_NEXT, "field-next", "Down,Enter", UI_CX(FORM) | UI_CX(LOGIN), "next field")        \
	_(FIELD_PREV, "field-prev", "Up,BackTab", UI_CX(FORM) | UI_CX(LOGIN), "previous field")    \
	_(COMPLETE, "complete", "Tab", UI_CX(FORM) | UI_CX(LOGIN),                                 \
	  "complete the field from live data (or next field)")                                     \
	_(SEND, "send", "F10", UI_CX(FORM) | UI_CX(LOGIN), "send the action / log in")             \
	_(CONFIRM_YES, "confirm-yes", "y", UI_CX(CONFIRM), "yes: send it")                         \
	_(CONFIRM_NO, "confirm-no", "n", UI_CX(CONFIRM), "no: do not send")                        \
	_(EXPORT_TEXT, "export-text", "t", UI_CX(EXPORT), "text: each event as shown + headers")   \
	_(EXPORT_JSON, "export-json", "j", UI_CX(EXPORT), "JSON Lines, as --dump --json")          \
	_(EXPORT_RECORDING, "export-recording", "r", UI_CX(EXPORT),                                \
	  "recording: AMI bytes with receive times (replays at 1x)")                               \
	_(EXPORT_CAPTURE, "export-capture", "a", UI_CX(EXPORT),                                    \
	  "bare capture: the banner, then the AMI bytes")                                          \
	_(EXPORT_BUNDLE, "export-bundle", "b", UI_CX(EXPORT),                                      \
	  "ticket bundle: + calls, rights card, versions, profile")                                \
	_(EXPORT_SCOPE, "export-scope", "Tab,Space", UI_CX(EXPORT),                                \
	  "switch between the marked events and the whole view")                                   \
	_(LOGIN_FORM, "login-form", "l", UI_CX(PICKER), "log in with a host and account typed in")

enum ui_request {
	UI_REQ_NONE = 0,
#define UI_REQ_ENUM(id, name, keys, ctx, help) UI_REQ_##id,
	UI_REQUEST_INFO(UI_REQ_ENUM)
#undef UI_REQ_ENUM
	    UI_REQ_COUNT
};

/* Keys: Unicode code points as typed, and curses KEY_* codes offset by UI_KEY_FN_BASE. */
#define UI_KEY_FN_BASE 0x200000
#define UI_KEY_FN(k) (UI_KEY_FN_BASE + (k))
#define UI_KEY_ESC 27
#define UI_KEY_ENTER 10
#define UI_KEY_TAB 9
#define UI_KEY_CTRL(c) ((c)&0x1f)
#define UI_KEYS_PER_REQUEST 4

struct ui_keymap {
	int keys[UI_REQ_COUNT][UI_KEYS_PER_REQUEST]; /* 0 = unused slot */
};

const char *ui_request_name(enum ui_request r);
const char *ui_request_help(enum ui_request r);
unsigned ui_request_contexts(enum ui_request r);
/* UI_REQ_NONE when unknown. */
enum ui_request ui_request_find(const char *name);
const char *ui_context_name(enum ui_context c);
const char *ui_context_heading(enum ui_context c);

/* "q", "^C", "F1", "PgUp", "ж" -> key code; false when not a key name. */
bool ui_key_parse(const char *name, int *key);
/* The name of a key (as ui_key_parse reads it) in buf (>= 16 bytes). */
const char *ui_key_name(int key, char *buf, size_t cap);
/* A curses get_wch() result as a key code (Enter, Backspace and Del folded). */
int ui_key_from_curses(int ret, unsigned wch);

void ui_keymap_default(struct ui_keymap *km);

/*
 * Bind request (by name) to a comma-separated key list, replacing its keys; each
 * key is taken away from other requests sharing a context with this one. Returns
 * AMI_E_CONFIG with a message for an unknown request, a bad key name or too many keys.
 */
enum ami_status ui_keymap_bind(struct ui_keymap *km, const char *request, const char *keys,
			       char *err, size_t cap);

/* The request bound to key in context ctx, or UI_REQ_NONE. */
enum ui_request ui_keymap_lookup(const struct ui_keymap *km, enum ui_context ctx, int key);

/* The keys of r as text ("k, Up"), "" when unbound. */
const char *ui_keymap_keys(const struct ui_keymap *km, enum ui_request r, char *buf, size_t cap);

/*
 * The help text generated from the tables and the current bindings: one section per
 * context, "  keys  help" lines, plus the fixed line-editing keys. Returns the buffer status.
 */
enum ami_status ui_keymap_help(const struct ui_keymap *km, struct ami_buf *out);

#endif
