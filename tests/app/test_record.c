/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recordings: round trip, redaction, bare captures, and damaged files. */
#include "app/record.h"
#include "core/parser.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[64];

static void mk(void)
{
	strcpy(path, "/tmp/amitui-rec-XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
}

static void rm(void)
{
	unlink(path);
}

TestSuite(record, .init = mk, .fini = rm);

static char *slurp(size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *b = malloc(*len + 1);
	cr_assert_eq(fread(b, 1, *len, f), *len);
	b[*len] = '\0';
	fclose(f);
	return b;
}

/* Parse a fixture into messages and record them all; returns the message count. */
static size_t record_fixture(const char *rel, bool numbers)
{
	size_t len;
	char *raw = tu_load(rel, &len);
	struct rec_writer w;
	cr_assert_eq(rec_writer_open(&w, path, numbers, "host=127.0.0.1:5038 user=admin"), AMI_OK);
	struct ami_parser p;
	ami_parser_init(&p, NULL);
	ami_parser_feed(&p, raw, len);
	struct ami_msg m;
	size_t n = 0;
	while (ami_parser_next(&p, &m) == AMI_OK)
		cr_assert_eq(rec_writer_msg(&w, 'R', 1795773532.0 + (double)n++ / 1000, &m),
			     AMI_OK);
	rec_writer_note(&w, 1795773599.5, "connection lost: timed out");
	cr_assert_eq(rec_writer_close(&w), AMI_OK);
	ami_parser_free(&p);
	free(raw);
	return n;
}

Test(record, round_trip_gives_the_same_bytes)
{
	size_t n = record_fixture("asterisk-22/05_call_events_admin.raw", false);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "recordings are private");
	size_t len, rawlen;
	char *data = slurp(&len);
	char *raw = tu_load("asterisk-22/05_call_events_admin.raw", &rawlen);
	struct rec_reader r;
	cr_assert_eq(rec_reader_init(&r, data, len), AMI_OK);
	struct rec_record rec;
	size_t got = 0, off = 0;
	while (rec_reader_next(&r, &rec) == AMI_OK && rec.kind == 'R') {
		cr_assert_leq(off + rec.n, rawlen);
		cr_assert(memcmp(raw + off, rec.p, rec.n) == 0, "record %zu differs", got);
		cr_assert_float_eq(rec.t, 1795773532.0 + (double)got / 1000, 1e-6);
		off += rec.n;
		got++;
	}
	cr_assert_eq(rec.kind, 'N');
	cr_assert(rec.n == strlen("connection lost: timed out"));
	cr_assert_eq(got, n);
	cr_assert_eq(off, rawlen, "every byte of the capture is in the recording");
	cr_assert_eq(rec_reader_next(&r, &rec), AMI_AGAIN);
	free(data);
	free(raw);
}

Test(record, secrets_always_redacted)
{
	struct rec_writer w;
	cr_assert_eq(rec_writer_open(&w, path, false, NULL), AMI_OK);
	const char *login = "Action: Login\r\nUsername: admin\r\nSecret: adminpw\r\n\r\n";
	const char *md5 = "Action: Login\r\nAuthType: MD5\r\nKey: 6bfee68609a1b8782b08\r\n\r\n";
	const char *conf =
	    "Response: Success\r\nCategory-000000: admin\r\n"
	    "Line-000000-000000: secret=adminpw\r\nLine-000000-000001: read=all\r\n\r\n";
	const char *list[] = { login, md5, conf };
	for (int i = 0; i < 3; i++) {
		struct ami_hdr h[16];
		struct ami_msg m;
		ami_msg_parse_block(&m, list[i], strlen(list[i]), h, 16);
		cr_assert_eq(rec_writer_msg(&w, i < 2 ? 'S' : 'R', 1, &m), AMI_OK);
	}
	rec_writer_close(&w);
	size_t len;
	char *data = slurp(&len);
	cr_assert_null(strstr(data, "adminpw"));
	cr_assert_null(strstr(data, "6bfee"));
	cr_assert_not_null(strstr(data, "Secret: ********\r\n"));
	cr_assert_not_null(strstr(data, "Key: ********\r\n"));
	cr_assert_not_null(strstr(data, "Line-000000-000000: secret=********\r\n"));
	cr_assert_not_null(strstr(data, "Line-000000-000001: read=all\r\n"));
	free(data);
}

Test(record, getconfigjson_secrets_redacted)
{
	struct rec_writer w;
	cr_assert_eq(rec_writer_open(&w, path, false, NULL), AMI_OK);
	const char *json =
	    "Response: Success\r\nJSON: {\"general\":{\"enabled\":\"yes\"},\"admin\":"
	    "{\"secret\":\"adminpw\",\"read\":\"all\"},\"sip\":{\"MD5Secret\" : \"a\\\"b\\\\c\","
	    "\"read\":\"x\"},\"empty\":{\"secret\":\"\"}}\r\n\r\n";
	struct ami_hdr h[16];
	struct ami_msg m;
	ami_msg_parse_block(&m, json, strlen(json), h, 16);
	cr_assert_eq(rec_writer_msg(&w, 'R', 1, &m), AMI_OK);
	rec_writer_close(&w);
	size_t len;
	char *data = slurp(&len);
	cr_assert_null(strstr(data, "adminpw"), "%s", data);
	cr_assert_null(strstr(data, "a\\\"b"), "an escaped quote does not end the secret: %s",
		       data);
	cr_assert_not_null(strstr(data, "\"admin\":{\"secret\":\"********\",\"read\":\"all\"}"),
			   "%s", data);
	cr_assert_not_null(strstr(data, "\"MD5Secret\" : \"********\",\"read\":\"x\"}"), "%s",
			   data);
	cr_assert_not_null(strstr(data, "\"empty\":{\"secret\":\"********\"}}"), "%s", data);
	cr_assert_not_null(strstr(data, "\"general\":{\"enabled\":\"yes\"}"), "the rest stays");
	free(data);
}

Test(record, numbers_redacted_on_request)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	const char *ev = "Event: Newchannel\r\nChannel: PJSIP/alice-0001\r\nCallerIDNum: +7 495 "
			 "123\r\nCallerIDName: Иван\r\nUniqueid: 1795773532.2\r\n\r\n";
	struct ami_hdr h[16];
	struct ami_msg m;
	ami_msg_parse_block(&m, ev, strlen(ev), h, 16);
	rec_redact(&m, true, &b);
	cr_assert_not_null(strstr(b.p, "CallerIDNum: +x xxx xxx\r\n"), "%s", b.p);
	cr_assert_not_null(strstr(b.p, "Uniqueid: 1795773532.2\r\n"), "ids stay usable");
	cr_assert_not_null(strstr(b.p, "Channel: PJSIP/alice-0001\r\n"));
	ami_buf_reset(&b);
	rec_redact(&m, false, &b);
	cr_assert_eq(b.len, strlen(ev));
	cr_assert(memcmp(b.p, ev, b.len) == 0, "untouched bytes when nothing to redact");
	ami_buf_free(&b);
}

Test(record, bare_capture)
{
	size_t len;
	char *raw = tu_load("asterisk-22/07_ping.raw", &len);
	struct rec_reader r;
	cr_assert_eq(rec_reader_init(&r, raw, len), AMI_OK);
	cr_assert(r.bare);
	struct rec_record rec;
	cr_assert_eq(rec_reader_next(&r, &rec), AMI_OK);
	cr_assert_eq(rec.n, len);
	cr_assert_eq(rec_reader_next(&r, &rec), AMI_AGAIN);
	free(raw);
}

Test(record, damaged_files_are_reported_not_fatal)
{
	static const struct {
		const char *data, *want;
		int good;
	} v[] = {
		{ "hello", "not an amitui recording", -1 },
		{ "AMITUI-RECORDING 1\nR 1.0 5\nabc", "ends inside a record", 0 },
		{ "AMITUI-RECORDING 1\nR 1.0 3\nabcdef\n", "length does not match", 0 },
		{ "AMITUI-RECORDING 1\nR 1.0 3\nabc\nX 1 2\nab\n", "expected a record line", 1 },
		{ "AMITUI-RECORDING 1\nR 1.0 99999999999\nabc\n", "expected a record line", 0 },
		{ "AMITUI-RECORDING 1\n# comment", "unterminated comment", 0 },
		{ "AMITUI-RECORDING 1\nR x 3\nabc\n", "expected a record line", 0 },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct rec_reader r;
		enum ami_status st = rec_reader_init(&r, v[i].data, strlen(v[i].data));
		int good = 0;
		struct rec_record rec;
		while (st == AMI_OK && (st = rec_reader_next(&r, &rec)) == AMI_OK)
			good++;
		cr_assert_eq(st, AMI_E_PROTOCOL, "case %zu", i);
		cr_assert_not_null(strstr(r.err, v[i].want), "case %zu: %s", i, r.err);
		if (v[i].good >= 0)
			cr_assert_eq(good, v[i].good, "case %zu: records before the damage", i);
	}
}
