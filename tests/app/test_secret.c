/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Secrets: source order, the 0600 rule, environment scrubbing, wiping, non-dumpable. */
#include "app/secret.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char err[512];

static void mk(void)
{
	strcpy(dir, "/tmp/amitui-sec-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	unsetenv("AMITUI_SECRET");
	unsetenv("MY_PBX_SECRET");
}

static void rm(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static const char *file(const char *text, mode_t mode)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/secret", dir);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
	return path;
}

TestSuite(secret, .init = mk, .fini = rm);

Test(secret, file_0600_read_and_newline_stripped)
{
	struct app_secret s = { 0 };
	cr_assert_eq(app_secret_read_file(&s, file("adminpw\n", 0600), err, sizeof err), AMI_OK,
		     "%s", err);
	cr_assert_str_eq(s.buf, "adminpw");
	cr_assert_eq(s.len, 7);
	char out[16];
	cr_assert_eq(app_secret_copy(&s, out, sizeof out), 7);
	cr_assert_str_eq(out, "adminpw");
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0, "not dumpable while holding it");
	app_secret_wipe(&s);
	cr_assert_null(s.buf);
	cr_assert_not(s.present);
	app_secret_wipe(&s);
}

Test(secret, readable_file_refused_with_fix)
{
	struct app_secret s = { 0 };
	const char *p = file("adminpw", 0640);
	cr_assert_eq(app_secret_read_file(&s, p, err, sizeof err), AMI_E_CONFIG);
	cr_assert_not_null(strstr(err, "chmod 600"), "%s", err);
	cr_assert_null(strstr(err, "adminpw"));
	cr_assert_not(s.present);
	cr_assert_eq(app_secret_read_file(&s, file("a\nb\n", 0600), err, sizeof err), AMI_E_CONFIG);
	cr_assert_not_null(strstr(err, "one line"));
	cr_assert_eq(app_secret_read_file(&s, "/nonexistent/x", err, sizeof err), AMI_E_CONFIG);
	cr_assert_eq(app_secret_read_file(&s, dir, err, sizeof err), AMI_E_CONFIG);
}

Test(secret, source_order_and_env_scrubbed)
{
	struct app_profile p;
	app_profile_defaults(&p);
	strcpy(p.username, "admin");
	struct app_secret s = { 0 };
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_E_NOT_FOUND);
	cr_assert_not_null(strstr(err, "AMITUI_SECRET"));
	strcpy(p.secret, "fromconf");
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_OK);
	cr_assert_str_eq(s.buf, "fromconf");
	setenv("AMITUI_SECRET", "fromenv", 1);
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_OK);
	cr_assert_str_eq(s.buf, "fromenv");
	cr_assert_null(getenv("AMITUI_SECRET"), "children must not inherit it");
	strcpy(p.secret_env, "MY_PBX_SECRET");
	setenv("MY_PBX_SECRET", "fromvar", 1);
	setenv("AMITUI_SECRET", "fromenv", 1);
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_OK);
	cr_assert_str_eq(s.buf, "fromvar");
	cr_assert_null(getenv("MY_PBX_SECRET"));
	strcpy(p.secret_file, file("fromfile", 0600));
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_OK);
	cr_assert_str_eq(s.buf, "fromfile");
	cr_assert_str_eq(s.source, "secret_file");
	app_secret_wipe(&s);
	unsetenv("AMITUI_SECRET");
}

Test(secret, prompt_reads_a_line)
{
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cr_assert_eq(write(sv[1], "typed secret\n", 13), 13);
	struct app_profile p;
	app_profile_defaults(&p);
	strcpy(p.username, "operator");
	struct app_secret s = { 0 };
	cr_assert_eq(app_secret_acquire(&s, &p, sv[0], err, sizeof err), AMI_OK, "%s", err);
	cr_assert_str_eq(s.buf, "typed secret");
	cr_assert_str_eq(s.source, "prompt");
	char shown[128] = { 0 };
	cr_assert_gt(read(sv[1], shown, sizeof shown - 1), 0);
	cr_assert_not_null(strstr(shown, "AMI secret for operator@127.0.0.1: "), "%s", shown);
	app_secret_wipe(&s);
	signal(SIGPIPE, SIG_IGN); /* as amitui does: the prompt write hits a closed peer */
	close(sv[1]);		  /* an empty answer (EOF) is no secret */
	cr_assert_eq(app_secret_acquire(&s, &p, sv[0], err, sizeof err), AMI_E_NOT_FOUND);
	close(sv[0]);
}

Test(secret, environment_scrubbed_whichever_source_wins)
{
	struct app_profile p;
	app_profile_defaults(&p);
	strcpy(p.username, "admin");
	strcpy(p.secret_env, "MY_PBX_SECRET");
	strcpy(p.secret_file, file("fromfile", 0600));
	setenv("AMITUI_SECRET", "fromenv", 1);
	setenv("MY_PBX_SECRET", "fromvar", 1);
	char *v = getenv("AMITUI_SECRET");
	struct app_secret s = { 0 };
	cr_assert_eq(app_secret_acquire(&s, &p, -1, err, sizeof err), AMI_OK, "%s", err);
	cr_assert_str_eq(s.buf, "fromfile");
	cr_assert_null(getenv("AMITUI_SECRET"), "not used, still removed");
	cr_assert_null(getenv("MY_PBX_SECRET"));
	cr_assert_eq(v[0], '\0', "the bytes were overwritten, not just unlinked");
	app_secret_wipe(&s);
}

Test(secret, set_holds_and_protects)
{
	struct app_secret s = { 0 };
	cr_assert_eq(app_secret_set(&s, "demo-pw", 7, "demo"), AMI_OK);
	cr_assert_str_eq(s.buf, "demo-pw");
	cr_assert_str_eq(s.source, "demo");
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	char big[APP_SECRET_MAX + 1];
	memset(big, 'x', sizeof big);
	cr_assert_eq(app_secret_set(&s, big, sizeof big, "x"), AMI_E_CONFIG, "bounded");
	app_secret_wipe(&s);
}
