/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Config and module actions on amisim's own manager.conf: GetConfig, UpdateConfig, Reload, ModuleLoad. */
#include "amicli.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct simproc sp;
static struct amicli c;
static char dir[64], conf[96];

#define CONF                                                     \
	"[general]\nenabled = yes\n\n"                           \
	"[admin]\nsecret = adminpw\nread = all\nwrite = all\n\n" \
	"[monitor]\nsecret = monitorpw\nread = call,cdr,reporting,dialplan,agent\nwrite =\n"

static void start(const char *extra)
{
	snprintf(dir, sizeof dir, "/tmp/amisim-cfg-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(conf, sizeof conf, "%s/manager.conf", dir);
	FILE *f = fopen(conf, "w");
	cr_assert_not_null(f);
	fputs(CONF, f);
	fclose(f);
	const char *args[] = { "-c", conf, extra, NULL };
	cr_assert(simproc_start(&sp, args), "%s", sp.err);
	amicli_open(&c, &sp);
	cr_assert(amicli_login(&c, "admin", "off"));
}

static void setup(void)
{
	start(NULL);
}

static void teardown(void)
{
	amicli_close(&c);
	simproc_stop(&sp);
	char path[160];
	const char *names[] = { "manager.conf", "extra.conf" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

TestSuite(cfgact, .fini = teardown, .timeout = 30);

/* Send a request (header lines separated by \n) and return the reply with ActionID: a. */
static char *act(const char *lines)
{
	char req[4096];
	size_t n = 0;
	for (const char *p = lines; *p && n + 3 < sizeof req; p++) {
		if (*p == '\n')
			req[n++] = '\r';
		req[n++] = *p;
	}
	req[n] = '\0';
	amicli_send(&c, "%s\r\nActionID: a\r\n\r\n", req);
	char *m = amicli_next(&c, "ActionID: a", 2000);
	cr_assert_not_null(m, "no reply to %s", lines);
	return m;
}

static void expect(const char *lines, const char *reply)
{
	char *m = act(lines);
	cr_assert_str_eq(m, reply, "%s\n-> %s", lines, m);
	free(m);
}

Test(cfgact, getconfig_reveals_secrets_like_asterisk, .init = setup)
{
	expect("Action: GetConfig\nFilename: manager.conf\nCategory: monitor",
	       "Response: Success\r\nActionID: a\r\nCategory-000000: monitor\r\n"
	       "Line-000000-000000: secret=monitorpw\r\n"
	       "Line-000000-000001: read=call,cdr,reporting,dialplan,agent\r\n"
	       "Line-000000-000002: write=\r\n\r\n");
	expect("Action: GetConfig\nFilename: nope.conf",
	       "Response: Error\r\nActionID: a\r\nMessage: Config file not found\r\n\r\n");
	/* restrictedFile(): realpath() of a missing file fails, so this one is not found */
	expect("Action: GetConfig\nFilename: ../manager.conf",
	       "Response: Error\r\nActionID: a\r\nMessage: Config file not found\r\n\r\n");
	expect("Action: GetConfig\nFilename: ../../etc/passwd",
	       "Response: Error\r\nActionID: a\r\nMessage: File requires escalated "
	       "privileges\r\n\r\n");
	expect("Action: GetConfig\nFilename: /etc/passwd",
	       "Response: Error\r\nActionID: a\r\nMessage: File requires escalated "
	       "privileges\r\n\r\n");
	expect("Action: GetConfig",
	       "Response: Error\r\nActionID: a\r\nMessage: Filename not specified\r\n\r\n");
	expect("Action: ListCategories\nFilename: manager.conf",
	       "Response: Success\r\nActionID: a\r\nCategory-000000: general\r\n"
	       "Category-000001: admin\r\nCategory-000002: monitor\r\n\r\n");
	expect("Action: GetConfigJSON\nFilename: manager.conf\nCategory: monitor",
	       "Response: Success\r\nActionID: a\r\nJSON: {\"monitor\":{\"secret\":\"monitorpw\","
	       "\"read\":\"call,cdr,reporting,dialplan,agent\",\"write\":\"\"}}\r\n\r\n");
}

Test(cfgact, updateconfig_adds_a_user_that_can_log_in, .init = setup)
{
	expect("Action: UpdateConfig\nSrcFilename: manager.conf\nDstFilename: manager.conf\n"
	       "Reload: manager\n"
	       "Action-000000: NewCat\nCat-000000: late\n"
	       "Action-000001: Append\nCat-000001: late\nVar-000001: secret\nValue-000001: latepw\n"
	       "Action-000002: Append\nCat-000002: late\nVar-000002: read\nValue-000002: user",
	       "Response: Success\r\nActionID: a\r\n\r\n");
	expect("Action: GetConfig\nFilename: manager.conf\nCategory: late",
	       "Response: Success\r\nActionID: a\r\nCategory-000000: late\r\n"
	       "Line-000000-000000: secret=latepw\r\nLine-000000-000001: read=user\r\n\r\n");
	struct amicli d;
	amicli_open(&d, &sp);
	cr_assert(amicli_login(&d, "late", NULL), "the reload made the new user known");
	amicli_close(&d);
	expect("Action: UpdateConfig\nSrcFilename: manager.conf\nDstFilename: manager.conf\n"
	       "Action-000000: Bogus\nCat-000000: late",
	       "Response: Error\r\nActionID: a\r\nMessage: Unknown action command\r\n\r\n");
	/* without --save-config the file on disk is untouched */
	FILE *f = fopen(conf, "r");
	char buf[1024] = "";
	cr_assert_not_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert_str_eq(buf, CONF);
}

Test(cfgact, save_config_writes_the_file_back)
{
	start("--save-config");
	expect("Action: UpdateConfig\nSrcFilename: manager.conf\nDstFilename: manager.conf\n"
	       "Action-000000: Update\nCat-000000: monitor\nVar-000000: write\nValue-000000: user",
	       "Response: Success\r\nActionID: a\r\n\r\n");
	FILE *f = fopen(conf, "r");
	char buf[2048] = "";
	cr_assert_not_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert(strstr(buf, "[monitor]"), "%s", buf);
	cr_assert(strstr(buf, "write = user\n"), "%s", buf);
	expect("Action: CreateConfig\nFilename: extra.conf",
	       "Response: Success\r\nActionID: a\r\nMessage: New configuration file created "
	       "successfully\r\n\r\n");
	expect("Action: ListCategories\nFilename: extra.conf",
	       "Response: Success\r\nActionID: a\r\nError: no categories found\r\n\r\n");
	/* only manager.conf is ever written: other files live in memory */
	char extra[160];
	snprintf(extra, sizeof extra, "%s/extra.conf", dir);
	cr_assert_neq(access(extra, F_OK), 0);
}

Test(cfgact, reload_and_modules, .init = setup)
{
	amicli_send(&c, "Action: Events\r\nEventMask: system\r\nActionID: e\r\n\r\n");
	free(amicli_next(&c, "ActionID: e", 1000));
	expect("Action: Reload\nModule: manager",
	       "Response: Success\r\nActionID: a\r\nMessage: Module Reloaded\r\n\r\n");
	char *m = amicli_next(&c, "Event: Reload", 1000);
	cr_assert(m && strstr(m, "\r\nModule: manager\r\nStatus: 0\r\n"), "%s", m);
	free(m);
	expect("Action: Reload\nModule: nosuch",
	       "Response: Error\r\nActionID: a\r\nMessage: No such module\r\n\r\n");
	expect("Action: ModuleCheck\nModule: app_queue",
	       "Response: Success\r\nActionID: a\r\nVersion: \r\n\r\n");
	expect("Action: ModuleCheck\nModule: app_nothing.so",
	       "Response: Error\r\nActionID: a\r\nMessage: Module not loaded\r\n\r\n");
	expect("Action: ModuleLoad\nModule: app_queue.so\nLoadType: reload",
	       "Response: Success\r\nActionID: a\r\nMessage: Module reloaded.\r\n\r\n");
	expect("Action: ModuleLoad\nLoadType: reload",
	       "Response: Success\r\nActionID: a\r\nMessage: All modules reloaded\r\n\r\n");
	/* manager_moduleload() does not return after its first error: two replies */
	amicli_send(&c, "Action: ModuleLoad\r\nLoadType: explode\r\nActionID: a\r\n\r\n");
	m = amicli_next(&c, "ActionID: a", 1000);
	cr_assert_str_eq(m, "Response: Error\r\nActionID: a\r\nMessage: Need module name\r\n\r\n");
	free(m);
	m = amicli_next(&c, "ActionID: a", 1000);
	cr_assert_str_eq(
	    m, "Response: Error\r\nActionID: a\r\nMessage: Incomplete ModuleLoad action.\r\n\r\n");
	free(m);
}

Test(cfgact, rights_are_checked, .init = setup)
{
	struct amicli d;
	amicli_open(&d, &sp);
	cr_assert(amicli_login(&d, "monitor", NULL));
	amicli_send(&d, "Action: GetConfig\r\nFilename: manager.conf\r\nActionID: g\r\n\r\n");
	char *m = amicli_next(&d, "ActionID: g", 1000);
	cr_assert_str_eq(m, "Response: Error\r\nActionID: g\r\nMessage: Permission denied\r\n\r\n");
	free(m);
	amicli_close(&d);
}
