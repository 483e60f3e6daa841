/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The request table, key names, the rebindable keymap and the help generated from them. */
#include "ui/keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/text.h"

struct request_info {
	const char *name;
	const char *keys;
	unsigned ctx;
	const char *help;
};

static const struct request_info requests[UI_REQ_COUNT] = { [UI_REQ_NONE] = { "none", "", 0, "" },
#define UI_REQ_ROW(id, nm, ks, cx, hp) [UI_REQ_##id] = { nm, ks, cx, hp },
							    UI_REQUEST_INFO(UI_REQ_ROW)
#undef UI_REQ_ROW
};

static const struct {
	const char *name;
	const char *heading;
} contexts[UI_CTX_COUNT] = {
#define UI_CTX_ROW(id, nm, hd) [UI_CTX_##id] = { nm, hd },
	UI_CONTEXT_INFO(UI_CTX_ROW)
#undef UI_CTX_ROW
};

/* Named keys; the first name of a code is the one printed. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC },
	{ "Tab", UI_KEY_TAB },
	{ "Space", ' ' },
	{ "Comma", ',' },
	{ "BackTab", UI_KEY_FN(KEY_BTAB) },
	{ "Up", UI_KEY_FN(KEY_UP) },
	{ "Down", UI_KEY_FN(KEY_DOWN) },
	{ "Left", UI_KEY_FN(KEY_LEFT) },
	{ "Right", UI_KEY_FN(KEY_RIGHT) },
	{ "PgUp", UI_KEY_FN(KEY_PPAGE) },
	{ "PgDn", UI_KEY_FN(KEY_NPAGE) },
	{ "Home", UI_KEY_FN(KEY_HOME) },
	{ "End", UI_KEY_FN(KEY_END) },
	{ "Ins", UI_KEY_FN(KEY_IC) },
	{ "Del", UI_KEY_FN(KEY_DC) },
	{ "Backspace", UI_KEY_FN(KEY_BACKSPACE) },
	{ "S-Tab", UI_KEY_FN(KEY_BTAB) },
	{ "PageUp", UI_KEY_FN(KEY_PPAGE) },
	{ "PageDown", UI_KEY_FN(KEY_NPAGE) },
	{ "Return", UI_KEY_ENTER },
	{ "Escape", UI_KEY_ESC },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *ui_request_name(enum ui_request r)
{
	return (unsigned)r < UI_REQ_COUNT ? requests[r].name : "?";
}

const char *ui_request_help(enum ui_request r)
{
	return (unsigned)r < UI_REQ_COUNT ? requests[r].help : "";
}

unsigned ui_request_contexts(enum ui_request r)
{
	return (unsigned)r < UI_REQ_COUNT ? requests[r].ctx : 0;
}

enum ui_request ui_request_find(const char *name)
{
	for (int r = 1; r < UI_REQ_COUNT; r++)
		if (strcmp(requests[r].name, name) == 0)
			return (enum ui_request)r;
	return UI_REQ_NONE;
}

const char *ui_context_name(enum ui_context c)
{
	return (unsigned)c < UI_CTX_COUNT ? contexts[c].name : "?";
}

const char *ui_context_heading(enum ui_context c)
{
	return (unsigned)c < UI_CTX_COUNT ? contexts[c].heading : "?";
}

static bool parse_fkey(const char *name, int *key)
{
	if (name[0] != 'F' || name[1] < '1' || name[1] > '9')
		return false;
	int n = name[1] - '0';
	if (name[2]) {
		if (name[2] < '0' || name[2] > '9' || name[3])
			return false;
		n = n * 10 + name[2] - '0';
	}
	if (n > 12)
		return false;
	*key = UI_KEY_FN(KEY_F(n));
	return true;
}

bool ui_key_parse(const char *name, int *key)
{
	size_t n = strlen(name);
	if (n == 0)
		return false;
	for (size_t i = 0; i < NELEM(key_names); i++) {
		if (strcasecmp(key_names[i].name, name) == 0) {
			*key = key_names[i].key;
			return true;
		}
	}
	if (name[0] == '^' && n == 2) {
		char c = name[1];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c < '@' || c > '_')
			return false;
		*key = UI_KEY_CTRL(c);
		return true;
	}
	if (parse_fkey(name, key))
		return true;
	/* One printable character, possibly multi-byte. */
	struct ui_glyph g;
	ui_text_next(name, n, &g);
	if (g.len != n || g.cp == UI_TEXT_BAD)
		return false;
	if (g.cp == '?' && name[0] != '?') /* a control character */
		return false;
	*key = (int)g.cp;
	return true;
}

const char *ui_key_name(int key, char *buf, size_t cap)
{
	for (size_t i = 0; i < NELEM(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(buf, cap, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key >= UI_KEY_FN(KEY_F(1)) && key <= UI_KEY_FN(KEY_F(12))) {
		snprintf(buf, cap, "F%d", key - UI_KEY_FN(KEY_F0));
	} else if (key > 0 && key < 32) {
		snprintf(buf, cap, "^%c", (char)(key + '@'));
	} else if (key >= UI_KEY_FN_BASE) {
		snprintf(buf, cap, "key%d", key - UI_KEY_FN_BASE);
	} else {
		char u[5] = { 0 };
		size_t n = ui_text_encode((uint32_t)key, u);
		snprintf(buf, cap, "%.*s", (int)n, u);
	}
	return buf;
}

int ui_key_from_curses(int ret, unsigned wch)
{
	if (ret == KEY_CODE_YES) {
		if (wch == KEY_ENTER)
			return UI_KEY_ENTER;
		return UI_KEY_FN((int)wch);
	}
	if (wch == '\r')
		return UI_KEY_ENTER;
	if (wch == 127 || wch == 8)
		return UI_KEY_FN(KEY_BACKSPACE);
	return (int)wch;
}

static bool key_list_parse(const char *list, int out[UI_KEYS_PER_REQUEST], char *err, size_t cap)
{
	memset(out, 0, sizeof(int) * UI_KEYS_PER_REQUEST);
	int n = 0;
	char name[32];
	for (const char *p = list; *p;) {
		while (*p == ' ')
			p++;
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == 0 || len >= sizeof name) {
			snprintf(err, cap, "bad key list '%s'", list);
			return false;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		if (n == UI_KEYS_PER_REQUEST) {
			snprintf(err, cap, "more than %d keys in '%s'", UI_KEYS_PER_REQUEST, list);
			return false;
		}
		if (!ui_key_parse(name, &out[n++])) {
			snprintf(err, cap, "unknown key '%s' (e.g. q, ^C, F1, PgUp, Enter, Space)",
				 name);
			return false;
		}
		p = comma ? comma + 1 : p + strlen(p);
	}
	return true;
}

void ui_keymap_default(struct ui_keymap *km)
{
	char err[128];
	memset(km, 0, sizeof *km);
	for (int r = 1; r < UI_REQ_COUNT; r++)
		key_list_parse(requests[r].keys, km->keys[r], err, sizeof err);
}

/* Take key away from every other request that shares a context with r. */
static void unbind_conflicts(struct ui_keymap *km, enum ui_request r, int key)
{
	for (int o = 1; o < UI_REQ_COUNT; o++) {
		if (o == (int)r || !(requests[o].ctx & requests[r].ctx))
			continue;
		int *k = km->keys[o];
		for (int i = 0; i < UI_KEYS_PER_REQUEST; i++) {
			if (k[i] != key)
				continue;
			memmove(&k[i], &k[i + 1],
				sizeof(int) * (size_t)(UI_KEYS_PER_REQUEST - i - 1));
			k[UI_KEYS_PER_REQUEST - 1] = 0;
			i--;
		}
	}
}

enum ami_status ui_keymap_bind(struct ui_keymap *km, const char *request, const char *keys,
			       char *err, size_t cap)
{
	enum ui_request r = ui_request_find(request);
	if (r == UI_REQ_NONE) {
		snprintf(err, cap, "unknown request '%s' (see the help screen for names)", request);
		return AMI_E_CONFIG;
	}
	int parsed[UI_KEYS_PER_REQUEST];
	if (!key_list_parse(keys, parsed, err, cap))
		return AMI_E_CONFIG;
	memcpy(km->keys[r], parsed, sizeof parsed);
	for (int i = 0; i < UI_KEYS_PER_REQUEST && parsed[i]; i++)
		unbind_conflicts(km, r, parsed[i]);
	return AMI_OK;
}

enum ui_request ui_keymap_lookup(const struct ui_keymap *km, enum ui_context ctx, int key)
{
	unsigned bit = 1u << ctx;
	for (int r = 1; r < UI_REQ_COUNT; r++) {
		if (!(requests[r].ctx & bit))
			continue;
		for (int i = 0; i < UI_KEYS_PER_REQUEST && km->keys[r][i]; i++)
			if (km->keys[r][i] == key)
				return (enum ui_request)r;
	}
	return UI_REQ_NONE;
}

const char *ui_keymap_keys(const struct ui_keymap *km, enum ui_request r, char *buf, size_t cap)
{
	size_t len = 0;
	char name[32];
	buf[0] = '\0';
	for (int i = 0; i < UI_KEYS_PER_REQUEST && km->keys[r][i] && len < cap; i++) {
		ui_key_name(km->keys[r][i], name, sizeof name);
		int w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

static void help_line(const struct ui_keymap *km, enum ui_request r, struct ami_buf *out)
{
	char keys[96];
	ui_keymap_keys(km, r, keys, sizeof keys);
	ami_buf_printf(out, "  %-16s %s\n", *keys ? keys : "(unbound)", requests[r].help);
}

enum ami_status ui_keymap_help(const struct ui_keymap *km, struct ami_buf *out)
{
	ami_buf_adds(out, "Everywhere\n");
	for (int r = 1; r < UI_REQ_COUNT; r++)
		if ((requests[r].ctx & UI_CX_SCREENS) == UI_CX_SCREENS)
			help_line(km, (enum ui_request)r, out);
	for (int c = 0; c < UI_CTX_COUNT; c++) {
		bool head = false;
		for (int r = 1; r < UI_REQ_COUNT; r++) {
			unsigned cx = requests[r].ctx;
			if (!(cx & (1u << c)) || (cx & UI_CX_SCREENS) == UI_CX_SCREENS)
				continue;
			if (!head)
				ami_buf_printf(out, "\n%s\n", contexts[c].heading);
			head = true;
			help_line(km, (enum ui_request)r, out);
		}
	}
	ami_buf_adds(
	    out, "\nEditing a field or line (fixed keys)\n"
		 "  Left, Right      move; Home/^A, End/^E: start, end\n"
		 "  Backspace, Del   delete; ^U: to start; ^K: to end; ^W: word\n"
		 "  ^V               insert the next key literally (CR/LF are refused on send)\n"
		 "  Space            toggle a yes/no field\n");
	return ami_buf_status(out);
}
