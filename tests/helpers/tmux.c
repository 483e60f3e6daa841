/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tmux driver for end-to-end tests: one private server per test, read back with capture-pane. */
#include "tmux.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* tmux -L SOCK <what> [ARG] */
static int run(const struct tmux *t, const char *what, const char *arg)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "tmux -L %s %s %s", t->sock, what, arg ? arg : "");
	return system(cmd);
}

/* Quote s for /bin/sh inside single quotes. */
static void shquote(const char *s, char *dst, size_t cap)
{
	size_t o = 0;
	dst[o++] = '\'';
	for (; *s && o + 6 < cap; s++) {
		if (*s == '\'') {
			memcpy(dst + o, "'\\''", 4);
			o += 4;
		} else {
			dst[o++] = *s;
		}
	}
	dst[o++] = '\'';
	dst[o] = '\0';
}

bool tmux_start(struct tmux *t, int width, int height, const char *cmd)
{
	static int n;
	snprintf(t->sock, sizeof t->sock, "amitui-test-%d-%d", (int)getpid(), n++);
	t->width = width;
	t->height = height;
	char q[3000], line[4096];
	shquote(cmd, q, sizeof q);
	snprintf(line, sizeof line,
		 "tmux -L %s -f /dev/null new-session -d -x %d -y %d "
		 "-e TERM=xterm-256color -e LSAN_OPTIONS=exitcode=23 %s && "
		 "tmux -L %s set -g remain-on-exit on",
		 t->sock, width, height, q, t->sock);
	return system(line) == 0;
}

bool tmux_keys(struct tmux *t, const char *keys)
{
	return run(t, "send-keys", keys) == 0;
}

bool tmux_text(struct tmux *t, const char *text)
{
	char q[2048];
	shquote(text, q, sizeof q);
	return run(t, "send-keys -l", q) == 0;
}

char *tmux_capture(struct tmux *t, bool with_attrs)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p %s", t->sock, with_attrs ? "-e" : "");
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
	}
	pclose(p);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static void nap(int ms)
{
	nanosleep(&(struct timespec){ ms / 1000, (long)(ms % 1000) * 1000000L }, NULL);
}

char *tmux_wait_for(struct tmux *t, const char *needle, int ms)
{
	char *s = NULL;
	for (int waited = 0;; waited += 50) {
		free(s);
		s = tmux_capture(t, false);
		if ((s && strstr(s, needle)) || waited >= ms)
			return s;
		nap(50);
	}
}

char *tmux_wait_quiet(struct tmux *t, int quiet_ms, int ms)
{
	char *prev = tmux_capture(t, false);
	int stable = 0;
	for (int waited = 0; waited < ms && stable < quiet_ms; waited += 50) {
		nap(50);
		char *s = tmux_capture(t, false);
		stable = prev && s && strcmp(prev, s) == 0 ? stable + 50 : 0;
		free(prev);
		prev = s;
	}
	return prev;
}

bool tmux_resize(struct tmux *t, int width, int height)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s resize-window -x %d -y %d", t->sock, width, height);
	t->width = width;
	t->height = height;
	return system(cmd) == 0;
}

bool tmux_alive(struct tmux *t)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s display -p '#{pane_dead}'", t->sock);
	FILE *p = popen(cmd, "r");
	char out[16] = { 0 };
	if (!p)
		return false;
	if (!fgets(out, sizeof out, p))
		out[0] = '\0';
	pclose(p);
	return out[0] == '0';
}

void tmux_stop(struct tmux *t)
{
	run(t, "kill-server", "2>/dev/null");
}
