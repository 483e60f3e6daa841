/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language: errors with columns, the AST, every term kind against brute force. */
#include "model/evfilter.h"
#include "mfix.h"

#include <regex.h>

static struct evfilter *compile_ok(const char *text)
{
	struct evfilter *f;
	struct evfilter_error e;
	cr_assert_eq(evfilter_compile(text, &f, &e), AMI_OK, "%s: col %zu %s", text, e.column,
		     e.msg);
	return f;
}

static void expect_error(const char *text, size_t col, const char *words)
{
	struct evfilter *f = (struct evfilter *)1;
	struct evfilter_error e;
	cr_assert_eq(evfilter_compile(text, &f, &e), AMI_E_INVALID, "%s compiled", text);
	cr_assert_null(f);
	cr_assert_eq(e.column, col, "%s: column %zu (%s), wanted %zu", text, e.column, e.msg, col);
	cr_assert(strstr(e.msg, words), "%s: '%s' lacks '%s'", text, e.msg, words);
}

Test(evfilter, errors_say_where)
{
	expect_error("/abc", 1, "unterminated regex");
	expect_error("Hangup \"abc", 8, "unterminated string");
	expect_error("Hangup |", 9, "after the '|' at column 8");
	expect_error("Hangup or", 10, "after the '|' at column 8");
	expect_error("class:cal", 7, "unknown class 'cal'");
	expect_error("@call,foo", 7, "unknown class 'foo'");
	expect_error("(Hangup", 8, "missing ')' for the '(' at column 1");
	expect_error("Hangup)", 7, "unexpected ')'");
	expect_error("Cause~(", 7, "bad regex");
	expect_error("(Cause~x)", 10, "missing ')'");
	expect_error("foo:bar", 1, "unknown term 'foo:'");
	expect_error("=x", 1, "missing header name");
	expect_error("//", 1, "empty regex");
	expect_error("Hangup !", 9, "after 'not'");
	expect_error("| Hangup", 1, "expected a term");
	expect_error("chan:", 6, "missing value after 'chan:'");
	expect_error("Hangup & | x", 10, "after the 'and' at column 8");
	char big[1100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	expect_error(big, 1025, "longer than 1024");
	char many[1024] = "";
	for (int i = 0; i < 65; i++)
		strcat(many, "a ");
	expect_error(many, 129, "more than 64 terms");
}

static void expect_ast(const char *text, const char *want)
{
	struct evfilter *f = compile_ok(text);
	char d[512];
	evfilter_describe(f, d, sizeof d);
	cr_assert_str_eq(d, want, "%s", text);
	evfilter_free(f);
}

Test(evfilter, ast)
{
	expect_ast("", "(all)");
	expect_ast("   ", "(all)");
	expect_ast("Dial* @call | !\"Foo\"",
		   "(or (and (name Dial*) (class call)) (not (text \"foo\")))");
	expect_ast("a b c", "(and (name a) (name b) (name c))");
	expect_ast("a | b or c", "(or (name a) (name b) (name c))");
	expect_ast("a (b | c)", "(and (name a) (or (name b) (name c)))");
	expect_ast("NOT a AND b", "(and (not (name a)) (name b))");
	expect_ast("class:dtmf,CDR,other", "(class dtmf,cdr,other)");
	expect_ast("Cause-txt=\"Normal Clearing\"", "(hdr= Cause-txt Normal Clearing)");
	expect_ast("Cause!=16", "(not (hdr= Cause 16))");
	expect_ast("Exten~^1[0-9]$", "(hdr~ Exten ^1[0-9]$)");
	expect_ast("Exten~^(100|200)$ Hangup", "(and (hdr~ Exten ^(100|200)$) (name Hangup))");
	expect_ast("/a\\/b/", "(re a/b)");
	expect_ast("\"say \\\"hi\\\"\"", "(text \"say \"hi\"\")");
	expect_ast("chan:\"Local/1@x-0001;1\" call:1.2",
		   "(and (chan Local/1@x-0001;1) (call 1.2))");
	expect_ast("\"or\"", "(text \"or\")");
}

Test(evfilter, index_only_is_known)
{
	struct evfilter *f = compile_ok("Dial* @call chan:x* | call:1");
	cr_assert(evfilter_index_only(f));
	cr_assert_not(evfilter_is_empty(f));
	evfilter_free(f);
	f = compile_ok("Dial* /x/");
	cr_assert_not(evfilter_index_only(f));
	cr_assert_str_eq(evfilter_text(f), "Dial* /x/");
	evfilter_free(f);
	f = compile_ok("");
	cr_assert(evfilter_is_empty(f));
	cr_assert(evfilter_index_only(f));
	evfilter_free(f);
}

/* ---- matching: every term kind, on a real transcript, against brute force ---- */

static struct mfix fx;
static struct evstore *st;

static void setup(void)
{
	mfix_load(&fx, "05_call_events_admin");
	st = evstore_new(NULL);
	for (size_t i = 0; i < fx.n; i++)
		cr_assert_eq(evstore_push(st, fx.m[i], (int64_t)i, NULL), AMI_OK);
}

static void teardown(void)
{
	evstore_free(st);
	mfix_free(&fx);
}

static uint32_t cls_of(const struct ami_msg *m)
{
	if (m->kind != AMI_MSG_EVENT)
		return EVSTORE_CLS_OTHER;
	uint32_t c = evtab_class(ami_msg_name(m), ami_msg_get(m, "Privilege"));
	return c ? c : EVSTORE_CLS_OTHER;
}

/* Count with the filter three ways (store, message, index+content) and compare. */
static size_t count(const char *text)
{
	struct evfilter *f = compile_ok(text);
	size_t n = 0;
	for (size_t i = 0; i < fx.n; i++) {
		bool a = evfilter_match(f, st, i + 1);
		bool b = evfilter_match_msg(f, fx.m[i], cls_of(fx.m[i]));
		cr_assert_eq(a, b, "%s: store and message disagree on #%zu", text, i);
		struct evstore_keys k;
		cr_assert(evstore_keys_of(st, i + 1, &k));
		enum evfilter_tri t = evfilter_match_index(f, st, &k);
		if (t != EVFILTER_MAYBE)
			cr_assert_eq(t == EVFILTER_YES, a, "%s: index answer wrong on #%zu", text,
				     i);
		n += a;
	}
	evfilter_free(f);
	return n;
}

typedef bool (*pred_fn)(const struct ami_msg *m, const void *arg);

static size_t brute(pred_fn p, const void *arg)
{
	size_t n = 0;
	for (size_t i = 0; i < fx.n; i++)
		n += p(fx.m[i], arg);
	return n;
}

static bool name_is(const struct ami_msg *m, const void *arg)
{
	return m->kind == AMI_MSG_EVENT && ami_str_ieq(ami_msg_name(m), arg);
}

static bool name_starts(const struct ami_msg *m, const void *arg)
{
	return ami_str_iprefix(ami_msg_name(m), arg);
}

static bool has_class(const struct ami_msg *m, const void *arg)
{
	return (cls_of(m) & *(const uint32_t *)arg) != 0;
}

static bool raw_has_ci(const struct ami_msg *m, const void *arg)
{
	size_t k = strlen(arg);
	for (size_t i = 0; i + k <= m->rawlen; i++)
		if (strncasecmp(m->raw + i, arg, k) == 0)
			return true;
	return false;
}

static bool header_is(const struct ami_msg *m, const void *arg)
{
	const char *const *kv = arg;
	uint32_t pos = 0;
	struct ami_str v;
	while (ami_msg_next(m, kv[0], &pos, &v))
		if (ami_str_eq(v, kv[1]))
			return true;
	return false;
}

static bool regex_raw(const struct ami_msg *m, const void *arg)
{
	regex_t re;
	cr_assert_eq(regcomp(&re, arg, REG_EXTENDED | REG_ICASE | REG_NOSUB), 0);
	char *c = strndup(m->raw, m->rawlen);
	bool r = regexec(&re, c, 0, NULL, 0) == 0;
	free(c);
	regfree(&re);
	return r;
}

static bool chan_suffix2(const struct ami_msg *m, const void *arg)
{
	struct ami_str c = ami_msg_get(m, "Channel");
	return c.p && c.n > 2 && ami_str_iprefix(c, arg) && c.p[c.n - 1] == '2' &&
	       c.p[c.n - 2] == ';';
}

static bool linked_is(const struct ami_msg *m, const void *arg)
{
	return ami_str_eq(ami_msg_get(m, "Linkedid"), arg);
}

TestSuite(evfilter_match, .init = setup, .fini = teardown);

Test(evfilter_match, names_and_globs)
{
	cr_assert_eq(count("Newexten"), brute(name_is, "Newexten"));
	cr_assert_eq(count("Newexten"), 9u);
	cr_assert_eq(count("newEXTEN"), 9u);
	cr_assert_eq(count("new*"), brute(name_starts, "new"));
	cr_assert_gt(count("new*"), 9u);
	cr_assert_eq(count("*Hangup*"), 3u + 2u, "Hangup x2, HangupRequest, SoftHangupRequest x2");
	cr_assert_eq(count("Hang?p"), 2u);
	cr_assert_eq(count("Nothing*Like*This"), 0u);
}

Test(evfilter_match, classes)
{
	uint32_t m = AMI_PERM_DTMF;
	cr_assert_eq(count("@dtmf"), brute(has_class, &m));
	cr_assert_eq(count("@dtmf"), 6u);
	m = AMI_PERM_DTMF | AMI_PERM_CDR;
	cr_assert_eq(count("class:dtmf,cdr"), brute(has_class, &m));
	m = EVSTORE_CLS_OTHER;
	cr_assert_eq(count("@other"), brute(has_class, &m), "responses and the banner");
	cr_assert_eq(count("!@security"), fx.n - 6);
}

Test(evfilter_match, headers_text_and_regex)
{
	const char *d1[] = { "Digit", "1" };
	cr_assert_eq(count("Digit=1"), brute(header_is, d1));
	cr_assert_eq(count("Digit=1"), 2u);
	cr_assert_eq(count("digit=1"), 2u, "header names are case-insensitive");
	cr_assert_eq(count("Digit~^[23]$"), 4u);
	cr_assert_eq(count("Digit!=1"), fx.n - 2);
	const char *cause[] = { "Cause-txt", "Normal Clearing" };
	cr_assert_eq(count("Cause-txt=\"Normal Clearing\""), brute(header_is, cause));
	cr_assert_eq(count("\"ami test\""), brute(raw_has_ci, "ami test"));
	cr_assert_gt(count("\"ami test\""), 10u);
	cr_assert_eq(count("/Foo: bar/"), brute(regex_raw, "Foo: bar"));
	cr_assert_eq(count("/^Event: (DTMF|Cdr)/"), brute(regex_raw, "^Event: (DTMF|Cdr)"));
	cr_assert_eq(count("/^Event: (DTMF|Cdr)/"), 8u);
}

Test(evfilter_match, channels_calls_and_logic)
{
	cr_assert_eq(count("chan:local/100@test-*;2"), brute(chan_suffix2, "Local/100@test-"));
	cr_assert_gt(count("chan:local/100@test-*;2"), 5u);
	cr_assert_eq(count("call:amitest-1795773578.12"),
		     brute(linked_is, "amitest-1795773578.12"));
	cr_assert_eq(count("call:nope"), 0u);
	cr_assert_eq(count("Hangup | DTMFEnd"), 5u);
	cr_assert_eq(count("(Newexten or VarSet) and not chan:*;1") +
			 count("(Newexten or VarSet) chan:*;1"),
		     11u);
	cr_assert_eq(count("@dtmf Digit=1"), 2u);
	cr_assert_eq(count("@cdr Digit=1"), 0u);
	cr_assert_eq(count(""), fx.n);
}

Test(evfilter_match, index_answers_before_content)
{
	struct evfilter *f = compile_ok("Hangup \"normal\"");
	size_t maybes = 0;
	for (size_t i = 0; i < fx.n; i++) {
		struct evstore_keys k;
		evstore_keys_of(st, i + 1, &k);
		enum evfilter_tri t = evfilter_match_index(f, st, &k);
		bool hang = ami_str_eq(ami_msg_name(fx.m[i]), "Hangup");
		cr_assert_eq(t, hang ? EVFILTER_MAYBE : EVFILTER_NO);
		maybes += t == EVFILTER_MAYBE;
	}
	cr_assert_eq(maybes, 2u);
	evfilter_free(f);
	/* OR: an index YES settles it */
	f = compile_ok("Hangup | /x/");
	struct evstore_keys k;
	for (size_t i = 0; i < fx.n; i++) {
		evstore_keys_of(st, i + 1, &k);
		enum evfilter_tri t = evfilter_match_index(f, st, &k);
		if (ami_str_eq(ami_msg_name(fx.m[i]), "Hangup"))
			cr_assert_eq(t, EVFILTER_YES);
		else
			cr_assert_eq(t, EVFILTER_MAYBE);
	}
	evfilter_free(f);
}

/* Channel ids are reused after eviction: cached glob answers must not leak across. */
Test(evfilter, caches_survive_id_reuse)
{
	struct evstore_limits lim = { .budget = 1 << 20, .slab_size = 64 << 10 };
	struct evstore *s = evstore_new(&lim);
	struct evfilter *f = compile_ok("chan:PJSIP/alice*");
	char raw[600];
	struct ami_hdr h[8];
	struct ami_msg m;
	size_t wrong = 0;
	for (unsigned n = 0; n < 20000; n++) {
		bool alice = (n / 100) % 2 == 0;
		int k =
		    snprintf(raw, sizeof raw,
			     "Event: Newstate\r\nPrivilege: call,all\r\nChannel: PJSIP/%s-%05u\r\n"
			     "Pad: %0400u\r\n\r\n",
			     alice ? "alice" : "bob", n / 100, n);
		ami_msg_parse_block(&m, raw, (size_t)k, h, 8);
		uint64_t seq;
		cr_assert_eq(evstore_push(s, &m, n, &seq), AMI_OK);
		wrong += evfilter_match(f, s, seq) != alice;
	}
	cr_assert_gt(intern_generation(evstore_chans(s)), 0u, "ids were forgotten and reused");
	cr_assert_eq(wrong, 0u);
	evfilter_free(f);
	evstore_free(s);
}

/* Found by fuzz_evfilter: glibc's regcomp asked for 2 GB on a 60-character filter. */
Test(evfilter, costly_regexes_are_refused_quickly)
{
	static const char *const refused[] = {
		"/Uni+++++++++++++++++++++++++++++++++++++++++++++++++++queid/",
		"Exten~a**",
		"/(x{100}){100}/",
		"/((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+/",
		"/(a*)\\1/",
		"Channel~x{2}{3}",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct evfilter *f = NULL;
		struct evfilter_error e;
		cr_assert_eq(evfilter_compile(refused[i], &f, &e), AMI_E_INVALID, "%s", refused[i]);
		cr_assert_null(f);
		cr_assert(strstr(e.msg, "regex refused: "), "%s: %s", refused[i], e.msg);
		cr_assert_geq(e.column, 1);
	}
	static const char *const fine[] = {
		"Exten~^(100|200)$",
		"/Uniqueid: [0-9.]+/",
		"Channel~^PJSIP/[a-z]{2,8}-[0-9a-f]{8}$",
		"/x{1000}/",
		"/[]{}+*?]+/",
		"CallerIDName~^[[:alpha:]]+$",
		"/a\\{b/",
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		evfilter_free(compile_ok(fine[i]));
}
