/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Theme elements, the built-in default and mono styles, and theme file parsing/writing. */
#include "ui/theme.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/perms.h"

#define THEME_FILE_MAX (64u * 1024u)

#define B UI_A_BOLD
#define D UI_A_DIM
#define R UI_A_REVERSE
#define U UI_A_UNDERLINE

struct element_info {
	const char *name;
	struct ui_style style;
	uint8_t mono;
	const char *help;
};

static const struct element_info elements[UI_EL_COUNT] = {
#define UI_EL_ROW(id, nm, fg, bg, at, mo, hp) \
	[UI_EL_##id] = { nm, { UI_C_##fg, UI_C_##bg, (uint8_t)(at) }, (uint8_t)(mo), hp },
	UI_THEME_ELEMENTS(UI_EL_ROW)
#undef UI_EL_ROW
};

#undef B
#undef D
#undef R
#undef U

_Static_assert(UI_EL_CLASS_MESSAGE - UI_EL_CLASS_SYSTEM == AMI_CLASS_COUNT - 1,
	       "one class.* element per permission class");

static const struct {
	const char *name;
	int num;
} color_names[] = {
#define UI_COLOR_ROW(id, nm, num) { nm, num },
	UI_COLOR_NAMES(UI_COLOR_ROW)
#undef UI_COLOR_ROW
	    { "grey", 8 },
	{ "brightblack", 8 },
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
#define UI_ATTR_ROW(id, nm, bit) { nm, bit },
	UI_ATTR_NAMES(UI_ATTR_ROW)
#undef UI_ATTR_ROW
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *ui_element_name(enum ui_element e)
{
	return (unsigned)e < UI_EL_COUNT ? elements[e].name : "?";
}

const char *ui_element_help(enum ui_element e)
{
	return (unsigned)e < UI_EL_COUNT ? elements[e].help : "";
}

enum ui_element ui_element_find(const char *name)
{
	for (int i = 0; i < UI_EL_COUNT; i++)
		if (strcmp(elements[i].name, name) == 0)
			return (enum ui_element)i;
	return UI_EL_COUNT;
}

static bool parse_num(const char *s, int *out)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v > 255)
		return false;
	*out = (int)v;
	return true;
}

bool ui_color_parse(const char *s, int *color)
{
	for (size_t i = 0; i < NELEM(color_names); i++) {
		if (strcmp(color_names[i].name, s) == 0) {
			*color = color_names[i].num;
			return true;
		}
	}
	if (strncmp(s, "color", 5) == 0)
		s += 5;
	return parse_num(s, color);
}

const char *ui_color_name(int color, char *buf)
{
	for (size_t i = 0; i < NELEM(color_names); i++)
		if (color_names[i].num == color)
			return color_names[i].name;
	snprintf(buf, 12, "color%d", color);
	return buf;
}

/* The basic colour nearest to an RGB value with components 0..5 (the xterm cube). */
static int cube_to_basic(int r, int g, int b)
{
	int bits = (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0);
	return bits; /* red=1, green=2, yellow=3, blue=4, magenta=5, cyan=6, white=7 */
}

int ui_color_degrade(int color, int ncolors)
{
	if (color < 0 || color < ncolors)
		return color;
	if (ncolors < 8)
		return -1;
	if (color < 16)
		return color - 8;
	if (color < 232) {
		int c = color - 16;
		return cube_to_basic(c / 36, (c / 6) % 6, c % 6);
	}
	return color < 244 ? 0 : 7;
}

void ui_theme_default(struct ui_theme *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "default");
	for (int i = 0; i < UI_EL_COUNT; i++)
		t->st[i] = elements[i].style;
}

void ui_theme_mono(struct ui_theme *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "mono");
	t->mono = true;
	for (int i = 0; i < UI_EL_COUNT; i++)
		t->st[i] = (struct ui_style){ -1, -1, elements[i].mono };
}

/* --- parsing ------------------------------------------------------------------------ */

struct theme_parse {
	const char *name;
	int line;
	char *err;
	size_t cap;
};

static enum ami_status perr(struct theme_parse *tp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum ami_status perr(struct theme_parse *tp, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(tp->err, tp->cap, "%s:%d: %s", tp->name, tp->line, msg);
	return AMI_E_CONFIG;
}

static char *next_word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	char *w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static bool attr_parse(const char *w, unsigned *bits)
{
	for (size_t i = 0; i < NELEM(attr_names); i++) {
		if (strcmp(attr_names[i].name, w) == 0) {
			*bits |= attr_names[i].bit;
			return true;
		}
	}
	return false;
}

static enum ami_status parse_line(struct ui_theme *t, struct theme_parse *tp, char *s)
{
	char *w = next_word(&s);
	if (!w || *w == '#')
		return AMI_OK;
	if (strcmp(w, "color") != 0)
		return perr(tp, "unknown keyword '%s' (expected 'color')", w);
	char *el = next_word(&s), *fg = next_word(&s), *bg = next_word(&s);
	if (!el || !fg || !bg)
		return perr(tp, "expected 'color <element> <fg> <bg> [attributes]'");
	enum ui_element e = ui_element_find(el);
	if (e == UI_EL_COUNT)
		return perr(tp, "unknown element '%s'", el);
	struct ui_style st;
	int c;
	if (!ui_color_parse(fg, &c))
		return perr(tp, "unknown colour '%s'", fg);
	st.fg = (int16_t)c;
	if (!ui_color_parse(bg, &c))
		return perr(tp, "unknown colour '%s'", bg);
	st.bg = (int16_t)c;
	unsigned bits = 0;
	for (char *a; (a = next_word(&s)) != NULL && *a != '#';)
		if (!attr_parse(a, &bits))
			return perr(tp, "unknown attribute '%s' (bold, dim, reverse, underline)",
				    a);
	st.attrs = (uint8_t)bits;
	t->st[e] = st;
	return AMI_OK;
}

enum ami_status ui_theme_parse(struct ui_theme *t, const char *name, const char *text, size_t len,
			       char *err, size_t cap)
{
	struct theme_parse tp = { name ? name : "theme", 0, err, cap };
	char line[512];
	size_t i = 0;
	while (i < len) {
		tp.line++;
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		if (n >= sizeof line)
			return perr(&tp, "line longer than 511 bytes");
		if (memchr(text + i, '\0', n))
			return perr(&tp, "NUL byte in theme file");
		memcpy(line, text + i, n);
		line[n] = '\0';
		enum ami_status st = parse_line(t, &tp, line);
		if (st != AMI_OK)
			return st;
		i = nl ? end + 1 : len;
	}
	return AMI_OK;
}

static enum ami_status read_file(const char *path, struct ami_buf *b, char *err, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return AMI_E_NOT_FOUND;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ami_buf_add(b, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, cap, "%s: read error", path);
		return AMI_E_IO;
	}
	if (ami_buf_status(b) != AMI_OK) {
		snprintf(err, cap, "%s: theme file larger than %u bytes", path, THEME_FILE_MAX);
		return AMI_E_CONFIG;
	}
	return AMI_OK;
}

static enum ami_status load_file(struct ui_theme *t, const char *path, char *err, size_t cap)
{
	struct ami_buf b;
	ami_buf_init(&b, THEME_FILE_MAX);
	enum ami_status st = read_file(path, &b, err, cap);
	if (st == AMI_OK) {
		ui_theme_default(t);
		st = ui_theme_parse(t, path, b.p ? b.p : "", b.len, err, cap);
		const char *base = strrchr(path, '/');
		snprintf(t->name, sizeof t->name, "%s", base ? base + 1 : path);
	}
	ami_buf_free(&b);
	return st;
}

static bool is_path(const char *spec)
{
	size_t n = strlen(spec);
	return strchr(spec, '/') || (n > 6 && strcmp(spec + n - 6, ".theme") == 0);
}

static enum ami_status search_dirs(struct ui_theme *t, const char *spec, const char *dirs,
				   char *err, size_t cap)
{
	char path[1024];
	for (const char *d = dirs; d && *d;) {
		const char *colon = strchr(d, ':');
		size_t n = colon ? (size_t)(colon - d) : strlen(d);
		if (n > 0 && n < 900) {
			snprintf(path, sizeof path, "%.*s/%s.theme", (int)n, d, spec);
			FILE *f = fopen(path, "rb");
			if (f) {
				fclose(f);
				return load_file(t, path, err, cap);
			}
		}
		d = colon ? colon + 1 : d + n;
	}
	snprintf(err, cap, "theme '%s' not found (built in: default, mono; searched: %s)", spec,
		 dirs && *dirs ? dirs : "no directories");
	return AMI_E_NOT_FOUND;
}

enum ami_status ui_theme_load(struct ui_theme *t, const char *spec, const char *dirs, char *err,
			      size_t cap)
{
	if (cap)
		err[0] = '\0';
	if (!spec || !*spec || strcmp(spec, "default") == 0) {
		ui_theme_default(t);
		return AMI_OK;
	}
	if (strcmp(spec, "mono") == 0) {
		ui_theme_mono(t);
		return AMI_OK;
	}
	if (is_path(spec))
		return load_file(t, spec, err, cap);
	return search_dirs(t, spec, dirs, err, cap);
}

/* --- writing ------------------------------------------------------------------------ */

static void format_attrs(struct ami_buf *out, unsigned attrs)
{
	for (size_t i = 0; i < NELEM(attr_names); i++)
		if (attrs & attr_names[i].bit)
			ami_buf_printf(out, " %s", attr_names[i].name);
}

enum ami_status ui_theme_format(const struct ui_theme *t, struct ami_buf *out)
{
	char b1[12], b2[12];
	ami_buf_printf(out, "# amitui theme \"%s\"\n", t->name);
	ami_buf_adds(out, "# color <element> <fg> <bg> [bold|dim|reverse|underline]...\n"
			  "# colours: default, black, red, green, yellow, blue, magenta, cyan, "
			  "white, gray,\n# brightred ... brightwhite, or 0-255 (color123); "
			  "8-colour terminals get the nearest.\n");
	for (int i = 0; i < UI_EL_COUNT; i++) {
		const struct ui_style *s = &t->st[i];
		ami_buf_printf(out, "\n# %s\ncolor %-18s %-13s %-13s", elements[i].help,
			       elements[i].name, ui_color_name(s->fg, b1),
			       ui_color_name(s->bg, b2));
		format_attrs(out, s->attrs);
		/* Drop the padding when there are no attributes: no trailing blanks. */
		while (out->len && out->p[out->len - 1] == ' ')
			out->p[--out->len] = '\0';
	}
	ami_buf_addc(out, '\n');
	return ami_buf_status(out);
}
