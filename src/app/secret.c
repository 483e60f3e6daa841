/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Secret sources and secret memory: 0600 files, environment, prompt; mlock and wipe. */
#include "app/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static void wipe(volatile char *p, size_t n)
{
	while (n--)
		*p++ = 0;
}

void app_secret_protect_process(void)
{
	struct rlimit no = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static enum ami_status hold(struct app_secret *s, const char *src, size_t n, const char *from)
{
	if (n >= APP_SECRET_MAX)
		return AMI_E_CONFIG;
	app_secret_protect_process();
	if (!s->buf) {
		s->buf = calloc(1, APP_SECRET_MAX);
		if (!s->buf)
			return AMI_E_NOMEM;
		mlock(s->buf, APP_SECRET_MAX); /* best effort: RLIMIT_MEMLOCK may forbid it */
	}
	memcpy(s->buf, src, n);
	s->buf[n] = '\0';
	s->len = n;
	s->present = true;
	snprintf(s->source, sizeof s->source, "%s", from);
	return AMI_OK;
}

enum ami_status app_secret_read_file(struct app_secret *s, const char *path, char *err, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, cap, "secret_file %s: %s", path, strerror(errno));
		return AMI_E_CONFIG;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, cap, "secret_file %s: not a regular file", path);
		close(fd);
		return AMI_E_CONFIG;
	}
	if (st.st_mode & 077) {
		snprintf(err, cap,
			 "secret_file %s is readable by other users (mode %03o); "
			 "fix with: chmod 600 %s",
			 path, (unsigned)(st.st_mode & 0777), path);
		close(fd);
		return AMI_E_CONFIG;
	}
	char tmp[APP_SECRET_MAX + 2];
	ssize_t n = read(fd, tmp, sizeof tmp);
	close(fd);
	if (n < 0 || n > APP_SECRET_MAX) {
		snprintf(err, cap, "secret_file %s: %s", path,
			 n < 0 ? strerror(errno) : "longer than 255 bytes");
		wipe(tmp, sizeof tmp);
		return AMI_E_CONFIG;
	}
	size_t len = (size_t)n;
	while (len && (tmp[len - 1] == '\n' || tmp[len - 1] == '\r'))
		len--; /* the usual `echo secret > file` */
	enum ami_status st2 = AMI_OK;
	if (memchr(tmp, '\n', len) || memchr(tmp, '\r', len) || memchr(tmp, '\0', len)) {
		snprintf(err, cap, "secret_file %s: the secret must be one line", path);
		st2 = AMI_E_CONFIG;
	} else {
		char from[64];
		snprintf(from, sizeof from, "secret_file");
		st2 = hold(s, tmp, len, from);
	}
	wipe(tmp, sizeof tmp);
	return st2;
}

/* Take a secret from an environment variable (app_secret_scrub_env() removes it). */
static enum ami_status from_env(struct app_secret *s, const char *var)
{
	const char *v = getenv(var);
	if (!v || !*v)
		return AMI_E_NOT_FOUND;
	char from[64];
	snprintf(from, sizeof from, "$%s", var);
	return hold(s, v, strlen(v), from);
}

void app_secret_scrub_env(const struct app_profile *p)
{
	const char *vars[] = { "AMITUI_SECRET", p && *p->secret_env ? p->secret_env : NULL };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		char *v = vars[i] ? getenv(vars[i]) : NULL;
		if (!v)
			continue;
		/* the bytes themselves: /proc/PID/environ shows the original block */
		wipe(v, strlen(v));
		unsetenv(vars[i]);
	}
}

enum ami_status app_secret_set(struct app_secret *s, const char *text, size_t n, const char *from)
{
	return hold(s, text, n, from);
}

static enum ami_status prompt(struct app_secret *s, int fd, const struct app_profile *p)
{
	char msg[200];
	int n = snprintf(msg, sizeof msg,
			 "AMI secret for %s@%s: ", *p->username ? p->username : "?", p->host);
	if (write(fd, msg, (size_t)n) < 0)
		return AMI_E_NOT_FOUND;
	struct termios old, quiet;
	bool tty = tcgetattr(fd, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	char buf[APP_SECRET_MAX + 1];
	size_t len = 0;
	char c;
	while (read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		if (len < sizeof buf - 1)
			buf[len++] = c;
	if (tty)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* nothing useful to do: the prompt line stays unterminated */
	}
	enum ami_status st = len ? hold(s, buf, len, "prompt") : AMI_E_NOT_FOUND;
	wipe(buf, sizeof buf);
	return st;
}

static enum ami_status acquire(struct app_secret *s, const struct app_profile *p, int prompt_fd,
			       char *err, size_t cap)
{
	enum ami_status st;
	err[0] = '\0';
	if (*p->secret_file)
		return app_secret_read_file(s, p->secret_file, err, cap);
	if (*p->secret_env && (st = from_env(s, p->secret_env)) != AMI_E_NOT_FOUND)
		return st;
	if ((st = from_env(s, "AMITUI_SECRET")) != AMI_E_NOT_FOUND)
		return st;
	if (*p->secret)
		return hold(s, p->secret, strlen(p->secret), "secret in amitui.conf");
	if (prompt_fd >= 0 && (st = prompt(s, prompt_fd, p)) != AMI_E_NOT_FOUND)
		return st;
	snprintf(err, cap,
		 "no secret for %s: set secret_file in the profile, AMITUI_SECRET in the "
		 "environment, or run on a terminal to be asked",
		 *p->username ? p->username : "this account");
	return AMI_E_NOT_FOUND;
}

enum ami_status app_secret_acquire(struct app_secret *s, const struct app_profile *p, int prompt_fd,
				   char *err, size_t cap)
{
	enum ami_status st = acquire(s, p, prompt_fd, err, cap);
	/* whichever source won: our children (amisim for --demo, an editor) and anyone
	 * reading /proc/PID/environ must not find one left in the environment */
	app_secret_scrub_env(p);
	return st;
}

size_t app_secret_copy(const struct app_secret *s, char *dst, size_t cap)
{
	if (!s->present || cap == 0)
		return 0;
	size_t n = s->len < cap - 1 ? s->len : cap - 1;
	memcpy(dst, s->buf, n);
	dst[n] = '\0';
	return n;
}

void app_secret_wipe(struct app_secret *s)
{
	if (s->buf) {
		wipe(s->buf, APP_SECRET_MAX);
		munlock(s->buf, APP_SECRET_MAX);
		free(s->buf);
	}
	s->buf = NULL;
	s->len = 0;
	s->present = false;
}
