/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim's command line: help, version, exit codes, config errors with file:line, listeners. */
#include "amicli.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run amisim to its end with args; returns the exit code, out gets stdout then stderr. */
static int run(const char *const *args, char *out, size_t cap)
{
	char path[] = "/tmp/amisim-opt-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		const char *argv[32] = { "amisim" };
		size_t n = 1;
		for (size_t i = 0; args[i] && n < 31; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		execv(simproc_path(), (char *const *)argv);
		_exit(127);
	}
	int status = 0;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	ssize_t n = pread(fd, out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	cr_assert(WIFEXITED(status), "amisim did not exit: %s", out);
	return WEXITSTATUS(status);
}

TestSuite(options, .timeout = 30);

Test(options, help_and_version)
{
	char out[8192];
	cr_assert_eq(run((const char *const[]){ "--help", NULL }, out, sizeof out), 0);
	cr_assert(strstr(out, "usage: amisim [options]"));
	cr_assert(strstr(out, "--tls-selfsigned"));
	cr_assert(strstr(out, "--fault NAME[:PARAM]"));
	cr_assert_eq(run((const char *const[]){ "--version", NULL }, out, sizeof out), 0);
	cr_assert(strstr(out, "Asterisk 22.10.1"), "%s", out);
}

Test(options, usage_errors_exit_2)
{
	char out[4096];
	cr_assert_eq(run((const char *const[]){ "--bogus", NULL }, out, sizeof out), 2);
	cr_assert(strstr(out, "unknown option '--bogus'"), "%s", out);
	cr_assert_eq(run((const char *const[]){ "--port", "x", NULL }, out, sizeof out), 2);
	cr_assert_eq(run((const char *const[]){ "--fault", "stall:soon", NULL }, out, sizeof out),
		     2);
	cr_assert_eq(run((const char *const[]){ "--fault", "inuse", NULL }, out, sizeof out), 2);
	cr_assert_eq(
	    run((const char *const[]){ "-c", "/nonexistent/manager.conf", NULL }, out, sizeof out),
	    2);
	cr_assert(strstr(out, "/nonexistent/manager.conf: cannot open"), "%s", out);
}

Test(options, config_errors_name_file_and_line)
{
	char conf[64], out[4096];
	amicli_conf(conf, sizeof conf, "[general]\nenabled = yes\n\n[admin\nsecret = x\n");
	cr_assert_eq(
	    run((const char *const[]){ "-c", conf, "--check-config", NULL }, out, sizeof out), 2);
	char want[256];
	snprintf(want, sizeof want, "%s:4: ", conf);
	cr_assert(strstr(out, want), "%s", out);
	unlink(conf);
	/* Asterisk's own warnings keep the file usable; an invalid ACL removes the user */
	amicli_conf(conf, sizeof conf,
		    "[general]\nenabled = yes\nport = abc\n[admin]\nsecret = x\n"
		    "deny = 0.0.0.0/0.0.0.0\npermit = 300.1.1.1/8\n[ok]\nsecret = y\n");
	cr_assert_eq(
	    run((const char *const[]){ "-c", conf, "--check-config", NULL }, out, sizeof out), 0,
	    "%s", out);
	snprintf(want, sizeof want, "%s:3: Invalid port number 'abc'", conf);
	cr_assert(strstr(out, want), "%s", out);
	snprintf(want, sizeof want,
		 "%s:7: Invalid ACL '300.1.1.1/8' for manager user 'admin' on line 7. Deleting "
		 "user",
		 conf);
	cr_assert(strstr(out, want), "%s", out);
	unlink(conf);
	amicli_conf(conf, sizeof conf, "[general]\nenabled = no\n");
	cr_assert_eq(run((const char *const[]){ "-c", conf, NULL }, out, sizeof out), 2);
	cr_assert(strstr(out, "enabled"), "%s", out);
	unlink(conf);
}

Test(options, the_fixture_config_loads_as_is)
{
	char out[4096];
	const char *conf = tu_path("asterisk-22/conf/manager.conf");
	cr_assert_eq(
	    run((const char *const[]){ "-c", conf, "--check-config", NULL }, out, sizeof out), 0,
	    "%s", out);
}

Test(options, listeners_are_announced)
{
	struct simproc sp;
	cr_assert(simproc_start(&sp, (const char *const[]){ "--tls-selfsigned", NULL }), "%s",
		  sp.err);
	cr_assert_str_eq(sp.host, "127.0.0.1");
	cr_assert_neq(sp.port, 0);
	cr_assert_neq(sp.tls_port, 0);
	cr_assert_neq(sp.port, sp.tls_port);
	struct amicli c;
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
	amicli_send(&c, "Action: CoreSettings\r\nActionID: s\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: s", 1000);
	cr_assert(m && strstr(m, "AsteriskVersion: 22.10.1\r\n"), "%s", m);
	free(m);
	amicli_close(&c);
	int st = simproc_stop(&sp);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SIGTERM ends amisim cleanly (%d)", st);
}
