/* SPDX-License-Identifier: GPL-2.0-or-later */
/* amisim's server-side CLI through Action: Command: the commands, completion, errors. */
#include "amicli.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct simproc sp;
static struct amicli c;

static void setup(void)
{
	cr_assert(simproc_start(&sp, NULL), "%s", sp.err);
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
}

static void teardown(void)
{
	amicli_close(&c);
	simproc_stop(&sp);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 30);

/* The whole reply to Command: line (malloc'ed). */
static char *command(const char *line)
{
	amicli_send(&c, "Action: Command\r\nCommand: %s\r\nActionID: c\r\n\r\n", line);
	char *m = amicli_next(&c, "ActionID: c", 2000);
	cr_assert_not_null(m, "no reply to %s", line);
	return m;
}

#define OK "Response: Success\r\nActionID: c\r\nMessage: Command output follows\r\n"

static void expect(const char *line, const char *reply)
{
	char *m = command(line);
	cr_assert_str_eq(m, reply, "%s", line);
	free(m);
}

Test(cli, version_and_uptime)
{
	expect("core show version",
	       OK "Output: Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux on "
		  "2026-11-27 09:51:33 UTC\r\n\r\n");
	expect("core show uptime seconds",
	       OK "Output: System uptime: 0\r\nOutput: Last reload: 0\r\n\r\n");
}

Test(cli, unknown_and_blacklisted)
{
	expect("core show nothing",
	       "Response: Error\r\nActionID: c\r\nMessage: Command output follows\r\n"
	       "Output: No such command 'core show nothing' (type 'core show help core show "
	       "nothing' for other possible commands)\r\n\r\n");
	expect("module load app_foo.so",
	       "Response: Error\r\nActionID: c\r\nMessage: Command blacklisted\r\n\r\n");
	expect("module   unload x",
	       "Response: Error\r\nActionID: c\r\nMessage: Command blacklisted\r\n\r\n");
	expect("restart gracefully",
	       "Response: Error\r\nActionID: c\r\nMessage: Command blacklisted\r\n\r\n");
	amicli_send(&c, "Action: Command\r\nActionID: c\r\n\r\n");
	char *m = amicli_next(&c, "ActionID: c", 2000);
	cr_assert_str_eq(m,
			 "Response: Error\r\nActionID: c\r\nMessage: No command provided\r\n\r\n");
	free(m);
}

Test(cli, help_lists_server_and_pbx_commands)
{
	char *m = command("core show help");
	cr_assert(
	    strstr(m, "\r\nOutput: !                              -- Execute a shell command\r\n"));
	cr_assert(strstr(m, "Output: core show channels [concise|verbose|count] -- Display "
			    "information on channels\r\n"));
	cr_assert(strstr(m, "Output: manager show connected         -- List connected manager "
			    "interface users\r\n"));
	cr_assert(strstr(m, "Output: queue show "));
	cr_assert(strstr(m, "Output: dialplan show "));
	/* alphabetical */
	cr_assert_lt(strstr(m, "core show version"), strstr(m, "manager show users"));
	free(m);
	m = command("core show help manager show user");
	cr_assert(strstr(m, "Usage: manager show user <user>"), "%s", m);
	free(m);
}

Test(cli, completion_matchesarray)
{
	expect("_command matchesarray \"core show v\" \"v\"",
	       OK "Output: version version _EOF_\r\n\r\n");
	expect("_command matchesarray \"manager show \" \"\"",
	       OK "Output:  command commands connected eventq settings user users _EOF_\r\n\r\n");
	expect("_command matchesarray \"manager show us\" \"us\"",
	       OK "Output: user user users _EOF_\r\n\r\n");
	expect("_command matchesarray \"nothing\" \"nothing\"", OK "Output: _EOF_\r\n\r\n");
}

Test(cli, manager_show_user_and_users)
{
	expect("manager show user monitor",
	       OK "Output: \r\n"
		  "Output:           username: monitor\r\n"
		  "Output:             secret: <Set>\r\n"
		  "Output:                ACL: no\r\n"
		  "Output:          read perm: call,agent,reporting,cdr,dialplan\r\n"
		  "Output:         write perm: <none>\r\n"
		  "Output:    displayconnects: yes\r\n"
		  "Output: allowmultiplelogin: yes\r\n"
		  "Output:          Variables: \r\n\r\n");
	expect("manager show user ghost", OK "Output: There is no manager called ghost\r\n\r\n");
	char *m = command("manager show users");
	cr_assert(strstr(m, "Output: username\r\nOutput: --------\r\nOutput: admin\r\n"), "%s", m);
	cr_assert(strstr(m, "Output: 8 manager users configured.\r\n"));
	free(m);
}

Test(cli, manager_show_connected_lists_this_session)
{
	char *m = command("manager show connected");
	cr_assert(strstr(m, "Output:   Username         IP Address                              "
			    "                 Start       Elapsed     FileDes   HttpCnt   "
			    "ReadPerms   WritePerms\r\n"),
		  "%s", m);
	cr_assert(strstr(m, "Output:   admin            127.0.0.1     "), "%s", m);
	cr_assert(strstr(m, "0         2147483647  2147483647\r\n"), "%s", m);
	cr_assert(strstr(m, "Output: 1 users connected.\r\n"), "%s", m);
	free(m);
}

Test(cli, manager_show_command_and_module_reload)
{
	char *m = command("manager show command Ping");
	cr_assert(strstr(m, "Output:   -= Info about Manager Command 'Ping' =- \r\n"), "%s", m);
	cr_assert(strstr(m, "Output: Keepalive command. \r\n"));
	free(m);
	amicli_send(&c, "Action: Events\r\nEventMask: system\r\nActionID: e\r\n\r\n");
	free(amicli_next(&c, "ActionID: e", 1000));
	expect("module reload manager",
	       OK "Output: Module 'manager' reloaded successfully.\r\n\r\n");
	m = amicli_next(&c, "Event: Reload", 1000);
	cr_assert(m && strstr(m, "Module: manager\r\nStatus: 0\r\n"), "%s", m);
	free(m);
}
