/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The UI's private state, shared by its screen modules (not a public header). */
#ifndef AMITUI_UI_UI_INT_H
#define AMITUI_UI_UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/action.h"
#include "core/buf.h"
#include "model/actcat.h"
#include "model/evfilter.h"
#include "model/evview.h"
#include "model/model.h"
#include "ui/grid.h"
#include "ui/keymap.h"
#include "ui/lineedit.h"
#include "ui/theme.h"
#include "ui/ui.h"

/* Screens: _(ID, "title", request that opens it) */
#define UI_SCREEN_INFO(_)                   \
	_(EVENTS, "Events", VIEW_EVENTS)    \
	_(CALLS, "Calls", VIEW_CALLS)       \
	_(ACTIONS, "Actions", VIEW_ACTIONS) \
	_(COMMAND, "Command", VIEW_COMMAND) \
	_(RIGHTS, "Rights", VIEW_RIGHTS)    \
	_(HELP, "Help", HELP)               \
	_(PICKER, "Profiles", NONE)

enum ui_screen {
#define UI_SCR_ENUM(id, title, req) UI_SCR_##id,
	UI_SCREEN_INFO(UI_SCR_ENUM)
#undef UI_SCR_ENUM
	    UI_SCR_COUNT
};
/* The screens Tab cycles through. */
#define UI_SCR_CYCLE 5

/* Modes drawn over a screen, each with its own key context. */
enum ui_mode {
	UI_MODE_NONE,
	UI_MODE_PROMPT,
	UI_MODE_CLASSBAR,
	UI_MODE_FORM,
	UI_MODE_CONFIRM,
	UI_MODE_EXPORT
};

/* What the export dialog exports. */
enum ui_export_scope { UI_SCOPE_VIEW, UI_SCOPE_MARKED, UI_SCOPE_CALL };

/* Marks: a sorted set of seqs (bounded). */
#define UI_MAX_MARKS (1u << 20)
struct ui_marks {
	uint64_t *seq;
	size_t n, cap;
	uint64_t anchor; /* v pressed once: the range's first end (0: none) */
};

enum ui_prompt_kind { UI_PROMPT_FILTER, UI_PROMPT_SEARCH };

/* A bounded ring of text lines, each with an element (CLI output, reply bodies). */
struct ui_textlog {
	char **lines;
	uint8_t *els;
	size_t cap, head, count;
	size_t bytes, max_bytes;
	uint64_t added; /* lines ever added (scroll anchors) */
};

/* Form fields. */
enum ui_field_kind { UI_FK_TEXT, UI_FK_CHOICE, UI_FK_HEADER, UI_FK_SECRET };
/* Where Tab finds values for a field. */
enum ui_complete_src {
	UI_CS_NONE,
	UI_CS_CHANNEL,
	UI_CS_CONTEXT,
	UI_CS_EXTEN,
	UI_CS_QUEUE,
	UI_CS_MODULE,
	UI_CS_APP,
	UI_CS_INTERFACE
};

#define UI_FORM_MAX_FIELDS 32
#define UI_FORM_PREVIEW 8192

struct ui_field {
	char key[48];	/* header name; "" for a free "Key: value" row */
	char label[48]; /* shown; the key plus '*' when required */
	enum ui_field_kind kind;
	bool required;
	enum ui_complete_src src;
	const char *const *choices; /* UI_FK_CHOICE: NULL-terminated */
	int choice;
	unsigned group; /* 0 always shown; else shown when the form's mode matches */
	struct ui_line line;
};

/* Which form: the special ones, the login form, or the generic one. */
enum ui_form_kind {
	UI_FORM_GENERIC,
	UI_FORM_ORIGINATE,
	UI_FORM_COMMAND,
	UI_FORM_USEREVENT,
	UI_FORM_RELOAD,
	UI_FORM_REDIRECT,
	UI_FORM_LOGIN
};

struct ui_form {
	enum ui_form_kind kind;
	char action[64];
	char title[128];
	unsigned flags; /* AMI_ACT_* */
	enum actcat_state state;
	char reason[80];
	struct ui_field f[UI_FORM_MAX_FIELDS];
	int n;
	int focus;     /* == n: the Send button */
	int top;       /* first field row drawn */
	unsigned mode; /* for fields with a group (Originate: 1 exten, 2 application) */
	int mode_field;
	/* the last build */
	bool valid;
	char error[192];
	char preview[UI_FORM_PREVIEW];
	struct actcat_warning warn[6];
	size_t nwarn;
	/* Tab completion cycling */
	int comp_field;
	size_t comp_index;
	char comp_prefix[128];
};

/* The confirmation dialog holds a built action until y or n. */
struct ui_confirm {
	char title[128];
	struct ui_textlog body;
	int scroll;
	struct ami_action act;
	bool have_act;
	/* several actions (hang up a whole call): extra channel names to send after act */
	char (*more)[CALLTAB_NAME];
	size_t nmore;
};

/* Replies kept in the reply log. */
struct ui_reply_rec {
	uint64_t no;
	int64_t time_us;
	char action[64];
	char wire_first[160]; /* the first line after Action: (for the list) */
	enum ami_status status;
	char text[192];
	uint32_t items;
	bool done;
	struct ami_buf body; /* the response, items and end as text (bounded) */
};

enum ui_pending_kind { UI_PEND_ACTION, UI_PEND_COMMAND, UI_PEND_COMPLETE, UI_PEND_EVENTS };

#define UI_MAX_PENDING 64
struct ui_pending {
	struct ui *ui; /* the host's cookie is the slot itself; this finds the UI */
	uint32_t id;   /* 0 = free */
	enum ui_pending_kind kind;
	uint64_t reply_no; /* UI_PEND_ACTION: the reply log record */
	uint64_t comp_gen; /* UI_PEND_COMPLETE: the request it answers */
};

/* The readline glue (command.c owns it; readline state is global, so one UI at a time). */
struct ui_cli {
	bool installed;
	struct ui_textlog out;
	int scroll; /* lines scrolled back from the bottom */
	uint64_t comp_gen;
	char comp_line[UI_LINE_MAX + 1]; /* the line (up to the cursor) asked about */
	int comp_point;
	bool busy; /* a Command is in flight */
	char history_file[1024];
	unsigned history_size;
};

struct ui {
	/* configuration */
	struct ui_host host;
	void *hctx;
	struct ui_theme theme;
	struct ui_keymap km;
	bool ascii, mouse, read_only, replay;
	char label[32];
	int label_color; /* -2: theme's own */
	unsigned reply_log_max;
	struct ui_profile_item *profiles;
	size_t nprofiles;

	/* curses */
	void *scr; /* SCREEN * */
	FILE *out, *in;
	bool started;
	int infd;
	short pairs[UI_EL_COUNT];
	int ncolors;
	int64_t last_frame_ms;
	bool dirty;

	/* the frame */
	struct ui_grid grid;
	int rows, cols;
	int cur_y, cur_x; /* the terminal cursor, -1: hidden */

	/* data */
	struct model *m;
	struct evview *view;
	char state[96], server[128], user[64], ast_ver[32], ami_ver[32];
	enum ui_conn conn;
	bool tls, recording;
	int ping_ms;
	double evps;

	/* message line */
	char msg[256];
	enum ui_msg_level msg_level;

	/* navigation */
	enum ui_screen screen, prev_screen;
	enum ui_mode mode;

	/* prompt (filter / search line) */
	enum ui_prompt_kind prompt_kind;
	struct ui_line prompt;
	char prompt_saved[UI_LINE_MAX + 1]; /* restored on Esc */
	char prompt_err[160];
	size_t prompt_err_col;

	/* Events */
	uint32_t classes_on; /* classes the user shows (AMI_PERM_* | EVSTORE_CLS_OTHER) */
	int class_cursor;
	bool detail;
	int detail_scroll;
	uint64_t detail_seq;
	char ev_filter[UI_LINE_MAX + 1];
	char ev_search[UI_LINE_MAX + 1];
	int search_dir;
	struct ui_marks marks;

	/* the export dialog */
	enum ui_export_scope exp_scope;
	char exp_call[CALLTAB_ID];

	/* Calls */
	char call_sel_linked[CALLTAB_ID];
	char call_sel_uid[CALLTAB_ID];
	int call_top;
	char call_filter[UI_LINE_MAX + 1];

	/* Actions */
	int act_sel, act_top;
	char act_filter[UI_LINE_MAX + 1];
	bool replies;
	int rep_sel, rep_top;
	bool rep_open;
	int rep_scroll;
	struct ui_reply_rec *reps;
	size_t nreps;
	uint64_t rep_no;

	/* Forms and confirmation */
	struct ui_form *form;
	struct ui_confirm confirm;
	enum ui_mode confirm_return; /* mode to go back to after the dialog */

	/* pending actions */
	struct ui_pending pend[UI_MAX_PENDING];
	uint32_t next_pend;

	/* Command */
	struct ui_cli cli;

	/* Rights, Help, Picker */
	int rights_scroll;
	int help_scroll;
	struct ami_buf help;
	int pick_sel;
};

/* ui.c */
int64_t ui_now_us(struct ui *ui);
void ui_set_screen(struct ui *ui, enum ui_screen s);
void ui_msg(struct ui *ui, enum ui_msg_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
enum ui_context ui_context_now(const struct ui *ui);
/* Send through the host with a pending record; returns the host's status. */
enum ami_status ui_send(struct ui *ui, struct ami_action *a, enum ui_pending_kind kind,
			uint64_t extra);
/* The keys of a request as text, for hints. */
const char *ui_keys_of(struct ui *ui, enum ui_request r, char *buf, size_t cap);
/* Read-only / replay refusal for an action (and the Command line). NULL when allowed. */
const char *ui_refusal(const struct ui *ui, const char *action, const char *command);

/* textlog.c */
void ui_textlog_init(struct ui_textlog *t, size_t max_lines, size_t max_bytes);
void ui_textlog_free(struct ui_textlog *t);
void ui_textlog_clear(struct ui_textlog *t);
void ui_textlog_add(struct ui_textlog *t, const char *s, size_t n, enum ui_element el);
/* Split text at LF (CR dropped) into lines. */
void ui_textlog_add_text(struct ui_textlog *t, const char *s, size_t n, enum ui_element el);
const char *ui_textlog_line(const struct ui_textlog *t, size_t i, enum ui_element *el);

/* chrome.c: the rows every screen shares */
void ui_draw_title(struct ui *ui, struct ui_grid *g, int y);
void ui_draw_tabs(struct ui *ui, struct ui_grid *g, int y);
int ui_classbar_rows(const struct ui *ui);
void ui_draw_classbar(struct ui *ui, struct ui_grid *g, int y);
void ui_draw_msgline(struct ui *ui, struct ui_grid *g, int y);
bool ui_classbar_request(struct ui *ui, enum ui_request r);
/* Can the account read class c (not known to be denied)? */
bool ui_class_readable(const struct ui *ui, enum ami_perm_class c);
/* "sys", "call", ...: class names for narrow columns. */
const char *ui_class_short(enum ami_perm_class c);
/* Text that keeps its end when cut (channel names: the suffix tells them apart). */
void ui_put_tail(struct ui_grid *g, int y, int x, int w, const char *s, enum ui_element el);
void ui_draw_box(struct ui_grid *g, int y, int x, int h, int w, enum ui_element el);

/* events.c */
void ui_events_init(struct ui *ui);
void ui_draw_events(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_events_request(struct ui *ui, enum ui_request r);
void ui_events_apply_classes(struct ui *ui);
bool ui_events_set_filter(struct ui *ui, const char *text);
void ui_events_search(struct ui *ui, const char *text, int dir);
int ui_events_work(struct ui *ui);
void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind);
bool ui_prompt_key(struct ui *ui, int key, enum ui_request r);
void ui_draw_prompt(struct ui *ui, struct ui_grid *g, int y);

/* calls.c */
void ui_draw_calls(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_calls_request(struct ui *ui, enum ui_request r);

/* actions.c */
void ui_draw_actions(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_actions_request(struct ui *ui, enum ui_request r);
/* NULL when action may be sent now; else why not ("needs write=call", "read-only profile"). */
const char *ui_action_blocked(struct ui *ui, const char *action);
struct ui_reply_rec *ui_reply_new(struct ui *ui, const struct ami_action *a);
struct ui_reply_rec *ui_reply_find(struct ui *ui, uint64_t no);
void ui_reply_record(struct ui *ui, struct ui_reply_rec *rec, const struct ui_reply *r);

/* form.c */
bool ui_form_open(struct ui *ui, const char *action);
void ui_form_open_redirect(struct ui *ui, const char *chan, const char *extra);
void ui_form_open_login(struct ui *ui);
void ui_form_close(struct ui *ui);
void ui_draw_form(struct ui *ui, struct ui_grid *g, int y, int h);
void ui_form_key(struct ui *ui, int key, enum ui_request r);
void ui_form_rebuild(struct ui *ui);
/* Build the form's action into a (initialised by the call); false with form->error. */
bool ui_form_build(struct ui *ui, struct ami_action *a);
bool ui_form_set(struct ui *ui, const char *key, const char *value);
bool ui_form_field_shown(const struct ui_form *f, const struct ui_field *fd);
/* Run the composer's content checks (actcat_check) on the form's values. */
void ui_form_check_content(struct ui *ui);
/* F10 / [Send]: build, check rights and content, then send or confirm (formsend.c). */
void ui_form_send(struct ui *ui);
/* Tab on a field with a source: cycle through matching live values (formview.c). */
void ui_form_complete(struct ui *ui);
/* A composer warning as one line: "dangerous: ...", "will be refused: ...". */
void ui_warning_text(const struct actcat_warning *w, char *buf, size_t cap);
/* Send or confirm a built action (takes it over). */
void ui_submit(struct ui *ui, struct ami_action *a, const char *title, bool dangerous,
	       const struct actcat_warning *w, size_t nw);

/* confirm.c */
void ui_draw_confirm(struct ui *ui, struct ui_grid *g, int y, int h);
void ui_confirm_key(struct ui *ui, enum ui_request r);
void ui_confirm_reset(struct ui *ui);

/* export.c: marks, the export dialog, bundles */
void ui_marks_free(struct ui *ui);
bool ui_marked(const struct ui *ui, uint64_t seq);
/* Marks still stored (stale ones dropped first). */
size_t ui_marks_count(struct ui *ui);
bool ui_marks_request(struct ui *ui, enum ui_request r);
/* Open the dialog: Events (marked or the view) or one call (linkedid). */
void ui_export_open(struct ui *ui, enum ui_export_scope scope, const char *linkedid);
void ui_export_key(struct ui *ui, enum ui_request r);
void ui_draw_export(struct ui *ui, struct ui_grid *g, int y, int h);
/* B: a ticket bundle of the marked events, else the Events view's. */
void ui_export_bundle(struct ui *ui);
/* P . + -: the replay controls through the host. */
void ui_replay_request(struct ui *ui, enum ui_request r);

/* command.c */
void ui_cli_init(struct ui *ui);
void ui_cli_free(struct ui *ui);
void ui_cli_enter(struct ui *ui);
void ui_cli_leave(struct ui *ui);
void ui_draw_command(struct ui *ui, struct ui_grid *g, int y, int h);
void ui_cli_key(struct ui *ui, int key);
bool ui_cli_request(struct ui *ui, enum ui_request r);
/* Is this CLI line one that must never be kept in the history (holds a secret)? */
bool ui_cli_secret_line(const char *line);
void ui_cli_reply(struct ui *ui, const struct ui_reply *r, bool completion, uint64_t gen);

/* rights.c, help.c, picker.c */
void ui_draw_rights(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_rights_request(struct ui *ui, enum ui_request r);
void ui_draw_help(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_help_request(struct ui *ui, enum ui_request r);
void ui_draw_picker(struct ui *ui, struct ui_grid *g, int y, int h);
bool ui_picker_request(struct ui *ui, enum ui_request r);

/* screen.c (curses) */
void ui_screen_blit(struct ui *ui);
void ui_screen_osc52(struct ui *ui, const char *text, size_t len);

/* Scroll helper: keep sel within [top, top+h) and in [0, n). */
void ui_scroll_clamp(int *sel, int *top, int n, int h);

#endif
