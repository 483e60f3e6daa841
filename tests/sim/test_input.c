/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Request framing as get_input()/do_message(): line window quirks, header limit, lookups. */
#include "sim/input.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Feed everything (in chunks of step bytes); record kinds and the ActionIDs seen. */
static size_t run(const char *data, size_t n, size_t step, enum sim_input_kind *kinds,
		  char ids[][32], size_t max)
{
	struct sim_input in;
	sim_input_init(&in);
	size_t count = 0, off = 0;
	while (off < n) {
		size_t len = n - off < step ? n - off : step, used;
		enum sim_input_kind k = sim_input_feed(&in, data + off, len, &used);
		off += used;
		if (k == SIM_INPUT_NONE)
			continue;
		struct ami_msg m;
		sim_input_msg(&in, &m);
		cr_assert_lt(count, max);
		kinds[count] = k;
		sim_msg_get(&m, "ActionID", ids[count], sizeof ids[count]);
		count++;
	}
	sim_input_free(&in);
	return count;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* Every vector must frame the same whole, byte by byte, and split at odd sizes. */
static size_t framed(const char *data, size_t n, enum sim_input_kind *kinds, char ids[][32])
{
	static const size_t steps[] = { 100000, 1, 7, 1023, 1024, 1025 };
	size_t first = run(data, n, steps[0], kinds, ids, 8);
	for (size_t s = 1; s < sizeof steps / sizeof steps[0]; s++) {
		enum sim_input_kind k2[8];
		char i2[8][32];
		size_t c = run(data, n, steps[s], k2, i2, 8);
		cr_assert_eq(c, first, "step %zu", steps[s]);
		for (size_t i = 0; i < c; i++) {
			cr_assert_eq(k2[i], kinds[i]);
			cr_assert_str_eq(i2[i], ids[i]);
		}
	}
	return first;
}

Test(input, crlf_lf_and_a_lone_blank_line)
{
	const char *d = "Action: Ping\r\nActionID: 1\r\n\r\nAction: Ping\nActionID: 2\n\n\r\n";
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(d, strlen(d), k, id), 3);
	cr_assert_eq(k[0], SIM_INPUT_MESSAGE);
	cr_assert_str_eq(id[1], "2");
	cr_assert_eq(k[2], SIM_INPUT_MESSAGE, "a lone CRLF is a message with no headers");
	cr_assert_str_eq(id[2], "");
}

Test(input, longest_line_that_fits)
{
	/* 1022 characters + CRLF = 1024 bytes: accepted */
	char *v = repeat('x', 1022 - strlen("ActionID: "));
	char d[2048];
	snprintf(d, sizeof d, "Action: Ping\r\nActionID: %s\r\n\r\n", v);
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(d, strlen(d), k, id), 1);
	cr_assert_eq(k[0], SIM_INPUT_MESSAGE);
	free(v);
}

Test(input, one_more_byte_ends_the_message_early)
{
	/* 1023 characters + CRLF: the kept CR meets the LF, an empty line */
	char *v = repeat('y', 1023 - strlen("X-Long: "));
	char d[2048];
	snprintf(d, sizeof d, "Action: Ping\r\nX-Long: %s\r\nActionID: 7\r\n\r\n", v);
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(d, strlen(d), k, id), 2);
	cr_assert_eq(k[0], SIM_INPUT_TOO_LONG);
	cr_assert_str_eq(id[0], "", "the ActionID line was not read yet");
	cr_assert_eq(k[1], SIM_INPUT_MESSAGE, "the rest is a message of its own");
	cr_assert_str_eq(id[1], "7");
	free(v);
}

Test(input, overlong_line_inside_a_message)
{
	char *v = repeat('z', 3000);
	char d[4096];
	snprintf(d, sizeof d, "Action: Ping\r\nActionID: 9\r\nJunk: %s\r\n\r\nAction: Ping\r\n\r\n",
		 v);
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(d, strlen(d), k, id), 2);
	cr_assert_eq(k[0], SIM_INPUT_TOO_LONG);
	cr_assert_str_eq(id[0], "9", "errors still echo the ActionID");
	cr_assert_eq(k[1], SIM_INPUT_MESSAGE, "the flag is cleared by its reply");
	free(v);
}

Test(input, too_many_lines_then_the_sticky_too_long)
{
	struct ami_buf b;
	ami_buf_init(&b, 0);
	ami_buf_adds(&b, "Action: Ping\r\nActionID: 3\r\n");
	for (int i = 0; i < 130; i++)
		ami_buf_printf(&b, "H%d: v\r\n", i);
	ami_buf_adds(&b, "\r\n");
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(b.p, b.len, k, id), 1);
	cr_assert_eq(k[0], SIM_INPUT_TOO_MANY);
	cr_assert_str_eq(id[0], "3");
	/* both faults: "Too many lines" wins and the too-long flag survives it */
	char *v = repeat('q', 1500);
	ami_buf_reset(&b);
	ami_buf_adds(&b, "Action: Ping\r\n");
	for (int i = 0; i < 130; i++)
		ami_buf_printf(&b, "H%d: v\r\n", i);
	ami_buf_printf(&b, "X: %s\r\n\r\nAction: Ping\r\nActionID: 4\r\n\r\n", v);
	cr_assert_eq(framed(b.p, b.len, k, id), 2);
	cr_assert_eq(k[0], SIM_INPUT_TOO_MANY);
	cr_assert_eq(k[1], SIM_INPUT_TOO_LONG, "a clean request inherits the flag");
	cr_assert_str_eq(id[1], "4");
	free(v);
	ami_buf_free(&b);
}

Test(input, nul_ends_a_line)
{
	const char d[] = "Action: Ping\0garbage\r\nActionID: 5\r\n\0junk\r\nX: y\r\n\r\n";
	enum sim_input_kind k[8];
	char id[8][32];
	cr_assert_eq(framed(d, sizeof d - 1, k, id), 2);
	cr_assert_str_eq(id[0], "5", "a line starting with NUL is an empty line");
	cr_assert_eq(k[1], SIM_INPUT_MESSAGE);
}

Test(input, lookups_as_astman_get_header)
{
	const char *d = "action:   ping\r\nAction:\r\nAction : Nope\r\nActionID:x y \r\n"
			" Channel: a\r\nChannel: b\r\nLone\r\n\r\n";
	struct sim_input in;
	sim_input_init(&in);
	size_t used;
	cr_assert_eq(sim_input_feed(&in, d, strlen(d), &used), SIM_INPUT_MESSAGE);
	struct ami_msg m;
	sim_input_msg(&in, &m);
	char v[64];
	cr_assert_str_eq(sim_msg_action(&m, v, sizeof v), "ping");
	cr_assert_str_eq(sim_msg_get(&m, "ActionID", v, sizeof v), "x y ", "trailing blanks stay");
	cr_assert_str_eq(sim_msg_get(&m, "Channel", v, sizeof v), "b", "' Channel' is not it");
	cr_assert_str_eq(sim_msg_get(&m, "Nothing", v, sizeof v), "");
	cr_assert_eq(m.nhdrs, 7);
	struct ami_str l = sim_input_line(&m, 6);
	cr_assert_eq(l.n, 4);
	cr_assert(memcmp(l.p, "Lone", 4) == 0);
	l = sim_input_line(&m, 3);
	cr_assert_eq(l.n, strlen("ActionID:x y "));
	sim_input_free(&in);
	/* only empty Action headers: no action at all */
	sim_input_init(&in);
	cr_assert_eq(sim_input_feed(&in, "Action: \r\n\r\n", 12, &used), SIM_INPUT_MESSAGE);
	sim_input_msg(&in, &m);
	cr_assert_str_eq(sim_msg_action(&m, v, sizeof v), "");
	sim_input_free(&in);
}
