/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console: the boundary between the app (loop, network, config) and the screens. */
#ifndef AMITUI_UI_UI_H
#define AMITUI_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/action.h"
#include "core/message.h"
#include "core/status.h"

struct model;
struct ui;
struct ui_grid;

/*
 * How the app and the UI talk
 * ---------------------------
 * The app owns main(), the poll loop, the session, the model and the config file.
 * It creates the UI with ui_new() (config + a table of callbacks, struct ui_host),
 * hands it the model (ui_set_model), and each loop turn: polls ui_fd() and calls
 * ui_on_input() when readable, ui_resize() after SIGWINCH, ui_mark_dirty() after it
 * changed the model or the status, and ui_render_if_due() last. The UI never blocks,
 * never prints to stdout/stderr while curses is up (ui_message() is the way to say
 * something) and never touches the network: to act, it calls the host.
 */

/* Which part of an action's answer a reply callback gets (the session's kinds). */
#define UI_REPLY_KIND_INFO(_)                                                          \
	_(RESPONSE, "response")		/* the Response (or Asterisk 13 "Follows") */  \
	_(ITEM, "item")			/* one list event (after EventList: start) */  \
	_(COMPLETE, "complete")		/* the list's closing event */                 \
	_(TIMEOUT, "timeout")		/* no (complete) answer before the deadline */ \
	_(DISCONNECTED, "disconnected") /* the connection went away first */

enum ui_reply_kind {
#define UI_REPLY_KIND_ENUM(name, label) UI_REPLY_##name,
	UI_REPLY_KIND_INFO(UI_REPLY_KIND_ENUM)
#undef UI_REPLY_KIND_ENUM
};

/*
 * One call of a reply callback. msg is a borrowed view valid during the call only
 * (NULL for TIMEOUT and DISCONNECTED); Command output is read from its Output:
 * headers (Asterisk 14+) or its body/bodylen (Asterisk <= 13 "Response: Follows").
 * status: AMI_OK, AMI_E_PERMISSION, AMI_E_UNKNOWN_ACTION, AMI_E_ACTION_FAILED,
 * AMI_E_TIMEOUT, AMI_E_CLOSED ...; text: the Message: or a sentence ("" when none).
 * final: no more calls will come for this action.
 */
struct ui_reply {
	enum ui_reply_kind kind;
	enum ami_status status;
	const struct ami_msg *msg;
	const char *text;
	bool final;
};

typedef void (*ui_reply_fn)(void *cookie, const struct ui_reply *r);

/* What an export or a copy holds (the host picks the file). _(NAME, "label") */
#define UI_EXPORT_INFO(_)                                           \
	_(EVENT, "event")	      /* one event as text (y/Y) */ \
	_(RIGHTS, "rights")	      /* the rights card, text */   \
	_(RIGHTS_JSON, "rights-json") /* the rights card, JSON */   \
	_(REPLIES, "replies")	      /* the reply log */

enum ui_export {
#define UI_EXPORT_ENUM(name, label) UI_EXPORT_##name,
	UI_EXPORT_INFO(UI_EXPORT_ENUM)
#undef UI_EXPORT_ENUM
};
const char *ui_export_label(enum ui_export e);

/*
 * Formats for exporting events (the app writes them; the README describes each).
 * _(NAME, "label", "one line for the export dialog")
 */
#define UI_EXPORT_FORMAT_INFO(_)                                                       \
	_(TEXT, "text", "each event as shown, then every header")                      \
	_(JSON, "JSON Lines", "one object per event, as --dump --json")                \
	_(RECORDING, "recording", "AMI bytes with receive times: replays at 1x")       \
	_(CAPTURE, "bare capture", "the banner, then the AMI bytes (like .raw files)") \
	_(BUNDLE, "ticket bundle", "a recording + calls, rights card, versions, profile")

enum ui_export_format {
#define UI_EXPORT_FORMAT_ENUM(name, label, help) UI_EXPORT_FMT_##name,
	UI_EXPORT_FORMAT_INFO(UI_EXPORT_FORMAT_ENUM)
#undef UI_EXPORT_FORMAT_ENUM
	    UI_EXPORT_FMT_COUNT
};
const char *ui_export_format_label(enum ui_export_format f);

/* Which events to export (read during the call only). */
struct ui_export_set {
	enum ui_export_format format;
	const uint64_t *seqs; /* store seqs, oldest first */
	size_t n;
	const char *scope; /* for the file name: "view", "marked", "call-1767268800.1" */
	const char *what;  /* for people: "the 342 events of the view (filter: Hangup)" */
};

/* Replay controls (the console over a recording). _(NAME, "label") */
#define UI_REPLAY_CTL_INFO(_)                                           \
	_(PAUSE, "pause")   /* pause, or resume when paused */          \
	_(STEP, "step")	    /* pause and play exactly one more event */ \
	_(FASTER, "faster") /* 0.25x 0.5x 1x 2x 5x ... 100x max */      \
	_(SLOWER, "slower")

enum ui_replay_ctl {
#define UI_REPLAY_CTL_ENUM(name, label) UI_REPLAY_##name,
	UI_REPLAY_CTL_INFO(UI_REPLAY_CTL_ENUM)
#undef UI_REPLAY_CTL_ENUM
};

/* What the login form returns (secret: the UI wipes its copy right after the call). */
struct ui_login {
	const char *host;
	unsigned port; /* 0: the default for tls */
	const char *user;
	const char *secret;
	bool tls;
};

/*
 * The host: everything the UI asks of the app. ctx is host_ctx from ui_new().
 * Every callback may be NULL; the UI then says "not available" on its message line.
 */
struct ui_host {
	/*
	 * Send an action built by the UI. The host sets the ActionID, finishes and queues
	 * it (the action stays the UI's). fn(cookie, reply) is then called for the
	 * response, each list item and the end, until a call with final = true. Returns
	 * AMI_OK, or the refusal (AMI_E_INJECTION and other builder errors, AMI_E_READ_ONLY,
	 * AMI_E_NOT_CONNECTED, AMI_E_BUSY ...), in which case fn is never called. The
	 * host must not call fn after ui_free().
	 */
	enum ami_status (*send)(void *ctx, struct ami_action *a, ui_reply_fn fn, void *cookie);
	/*
	 * Narrow or widen the server's event mask (the Events action) to mask (AMI_PERM_*
	 * bits; 0 = off). The host sends it and keeps it for reconnects (Login Events:).
	 */
	enum ami_status (*set_event_mask)(void *ctx, uint32_t mask);
	/* Leave the program (after the UI returns from ui_on_input). */
	void (*quit)(void *ctx);
	/*
	 * Write data (len bytes of UTF-8 text or JSON) to the file the host chooses for
	 * what (EVENT appends). On success msg gets "saved to PATH"; on failure the reason.
	 */
	enum ami_status (*export_data)(void *ctx, enum ui_export what, const char *data, size_t len,
				       char *msg, size_t cap);
	/*
	 * Write the events of set in set->format to a new file of the host's choosing.
	 * msg gets where it went ("342 events saved to /home/u/amitui-view-....jsonl")
	 * or why not. The seqs are the model's (the host reads the same store).
	 */
	enum ami_status (*export_events)(void *ctx, const struct ui_export_set *set, char *msg,
					 size_t cap);
	/*
	 * Control the replay. msg gets the new state ("paused at event 12 of 4567").
	 * AMI_E_INVALID when nothing is being replayed.
	 */
	enum ami_status (*replay_control)(void *ctx, enum ui_replay_ctl what, char *msg,
					  size_t cap);
	/* Start (on) or stop recording; msg as for export_data. */
	enum ami_status (*record)(void *ctx, bool on, char *msg, size_t cap);
	/* The profile picker's choice (a name from ui_config.profiles). */
	void (*choose_profile)(void *ctx, const char *name);
	/* The login form's answer. */
	void (*login)(void *ctx, const struct ui_login *login);
	/* Wall-clock time in µs (event times, durations). NULL: CLOCK_REALTIME. */
	int64_t (*now_us)(void *ctx);
};

/* A [keys] binding from the config file: request name -> "k1,k2", and where. */
struct ui_keybind {
	const char *request;
	const char *keys;
	int line; /* for messages; 0 if none */
};

/* A profile for the picker. */
struct ui_profile_item {
	const char *name;
	const char *label; /* "" when none */
	const char *color; /* label colour name, "" when none */
	const char *host;  /* "host:port" */
	const char *user;
	bool tls, read_only;
};

/* Everything ui_new() needs; strings are copied, arrays read during the call only. */
struct ui_config {
	const char *theme;	/* -t NAME|FILE; NULL or "" = default */
	const char *theme_dirs; /* ':'-separated dirs for NAME.theme; NULL = built-in default */
	bool ascii;		/* --ascii: ASCII line drawing */
	bool mouse;		/* enable the mouse (wheel scrolls, click selects) */
	bool no_color;		/* NO_COLOR was set (non-empty): use the mono theme */
	const struct ui_keybind *keys; /* [keys] */
	size_t nkeys;
	const char *keys_file;	   /* for messages: "amitui.conf" */
	const char *profile_label; /* "PROD" ("" none) */
	const char *profile_color; /* "red" ... ("" = the theme's title.label) */
	bool read_only;
	bool replay;		  /* showing a recording: nothing can be sent */
	const char *history_file; /* per-profile CLI history; NULL = none kept */
	unsigned history_size;	  /* lines kept (0 = 1000) */
	unsigned reply_log;	  /* replies kept (0 = 200) */
	const struct ui_profile_item *profiles;
	size_t nprofiles;
	bool start_in_picker; /* no profile given: open the picker first */
};

/* Connection state for the title bar's colour. _(NAME, "label") */
#define UI_CONN_INFO(_)             \
	_(DOWN, "down")             \
	_(CONNECTING, "connecting") \
	_(UP, "up")                 \
	_(ERROR, "error")

enum ui_conn {
#define UI_CONN_ENUM(name, label) UI_CONN_##name,
	UI_CONN_INFO(UI_CONN_ENUM)
#undef UI_CONN_ENUM
};

/*
 * The app's status for the title bar; strings copied, NULL leaves a field as it was.
 * ping_ms < 0 and events_per_s < 0 mean unknown (then the UI computes events/s from
 * the model's counters).
 */
struct ui_status {
	enum ui_conn conn;
	const char *state;  /* "connecting", "logged in", "reconnecting in 4 s", ... */
	const char *server; /* "pbx1:5038" */
	bool tls;
	const char *user;
	const char *asterisk_version; /* "22.10.1" (else taken from the rights card) */
	const char *ami_version;      /* "11.0.0" */
	int ping_ms;
	double events_per_s;
	bool recording;
};

/*
 * Create the UI (not yet on screen). Key bindings and the theme are checked here:
 * on an error it returns NULL with "FILE:LINE: message" in err (so the app can print
 * it before curses starts). NULL with "out of memory" otherwise.
 */
struct ui *ui_new(const struct ui_config *cfg, const struct ui_host *host, void *host_ctx,
		  char *err, size_t cap);
/* Stops curses if needed, saves the CLI history, frees everything. */
void ui_free(struct ui *ui);

/*
 * Take over the terminal: newterm(term, out, in) (NULL term: $TERM; NULL files:
 * stdout/stdin), raw keys, colours, the theme. Tests pass files on /dev/null.
 * Returns AMI_OK or AMI_E_SYSTEM with a message in err.
 */
enum ami_status ui_start(struct ui *ui, const char *term, void *out_file, void *in_file, char *err,
			 size_t cap);
/* Give the terminal back (endwin). Safe to call twice. */
void ui_stop(struct ui *ui);

/* The fd to poll for keys (the input file's), -1 before ui_start. */
int ui_fd(const struct ui *ui);

/* Read and dispatch every pending key; never blocks. */
void ui_on_input(struct ui *ui);

/* The terminal changed size (after SIGWINCH): asks the tty, resizes, redraws. */
void ui_resize(struct ui *ui);
/* Set the size explicitly (tests, and terminals without TIOCGWINSZ). */
void ui_resize_to(struct ui *ui, int rows, int cols);

/* Something shown changed (model, status): the next due frame redraws. */
void ui_mark_dirty(struct ui *ui);

/*
 * Render if dirty and the frame deadline (1/30 s after the previous frame) has
 * passed: builds the frame from the model as cells, blits it once, doupdate() once.
 * now_ms is a monotonic clock. Returns the ms until a frame is due (for poll's
 * timeout), or -1 when nothing is waiting.
 */
int ui_render_if_due(struct ui *ui, int64_t now_ms);

/* The model to show (borrowed; it must outlive the UI or be replaced first). */
enum ami_status ui_set_model(struct ui *ui, struct model *m);

/* The rights card changed (ListCommands, a refused action...): regrey the actions. */
void ui_rights_changed(struct ui *ui);

/* Title bar status. */
void ui_set_status(struct ui *ui, const struct ui_status *st);

/* Message line levels. _(NAME, "label") */
#define UI_MSG_LEVEL_INFO(_) \
	_(INFO, "info")      \
	_(WARN, "warning")   \
	_(ERROR, "error")

enum ui_msg_level {
#define UI_MSG_LEVEL_ENUM(name, label) UI_MSG_##name,
	UI_MSG_LEVEL_INFO(UI_MSG_LEVEL_ENUM)
#undef UI_MSG_LEVEL_ENUM
};

/* Show a message on the message line (and keep it in the message log). */
void ui_message(struct ui *ui, enum ui_msg_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Show the profile picker / the main screens. */
void ui_show_picker(struct ui *ui);
void ui_show_main(struct ui *ui);

/* --- for tests and the benchmark ----------------------------------------------------- */

/* Dispatch one key (a ui_key code, see keymap.h) as if typed. */
void ui_feed_key(struct ui *ui, int key);
/* Type a UTF-8 string key by key. */
void ui_feed_text(struct ui *ui, const char *s);

/* Build the frame (pure: no curses) and return it; valid until the next call. */
const struct ui_grid *ui_frame(struct ui *ui);

/*
 * Benchmark hook: render one full frame of the Events view over store-backed model m
 * into a curses screen of rows x cols opened with newterm on /dev/null, and return
 * the milliseconds it took (negative on error). Selects the newest page (following).
 */
double ui_bench_events_frame(struct model *m, int rows, int cols, int frames);

#endif
