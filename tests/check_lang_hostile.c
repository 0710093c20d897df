/*
 * check_lang_hostile.c — hostile input: deep nesting, huge literals, too
 * much input, bad encodings, NUL bytes, exponential def inlining, memory
 * that runs out, a poll hook that jumps away.  Each gives a clean
 * diagnostic or bounded output: never a crash, never unbounded memory.
 */
#include "check_lang.h"

#include <setjmp.h>

/* A buffer of n bytes made of a prefix, a repeated unit and a suffix. */
static char *
build(const char *prefix, const char *unit, int times, const char *suffix, size_t *len)
{
	size_t		lp = strlen(prefix),
				lu = strlen(unit),
				ls = strlen(suffix);
	char	   *s = malloc(lp + lu * (size_t) times + ls + 1);
	char	   *p = s;
	int			i;

	memcpy(p, prefix, lp);
	p += lp;
	for (i = 0; i < times; i++, p += lu)
		memcpy(p, unit, lu);
	memcpy(p, suffix, ls + 1);
	*len = lp + lu * (size_t) times + ls;
	return s;
}

/* Compile len bytes. */
static CareRuleset *
compile_n(const char *text, size_t len)
{
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);

	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(ten_thousand_parentheses)
{
	size_t		n1,
				n2;
	char	   *open = build("ruleset t version 1\nobjective o { require ", "(", 10000, "true", &n1);
	char	   *text = build(open, ")", 10000, " }\neligible when o\n", &n2);
	CareRuleset *r = compile_n(text, n2);

	ck_assert(!r->ok);
	ck_assert_int_eq(r->ndiags, 1);
	ck_assert_str_eq(r->diags[0].sqlstate, "54001");
	ck_contains(r->diags[0].message, "nested too deeply");
	ck_assert_int_eq(r->diags[0].span.line, 2);
	free(open);
	free(text);
}
END_TEST

START_TEST(deep_prefix_operators)
{
	size_t		n;
	char	   *text = build("ruleset t version 1\nobjective o { require ", "not ", 10000, "true }\neligible when o\n", &n);
	CareRuleset *r = compile_n(text, n);

	ck_assert(!r->ok);
	ck_assert_str_eq(r->diags[0].sqlstate, "54001");
	free(text);
}
END_TEST

START_TEST(long_operator_chains_are_nesting_too)
{
	size_t		n;
	char	   *ok_text = build("ruleset t version 1\nobjective o { require true", " and true", 200, " }\neligible when o\n", &n);
	CareRuleset *r = compile_n(ok_text, n);
	char	   *deep;

	ck_ok(r);
	deep = build("ruleset t version 1\nobjective o { require 1", " + 1", 100000, " > 0 }\neligible when o\n", &n);
	r = compile_n(deep, n);
	ck_assert(!r->ok);
	ck_diag(r, 2, 23, "54001", "expression is nested too deeply");
	free(ok_text);
	free(deep);
}
END_TEST

START_TEST(huge_literals)
{
	size_t		n;
	char	   *digits = build("ruleset t version 1\nparam p integer = ", "9", 5000, "\nobjective o { require p > 0 }\neligible when o\n", &n);
	CareRuleset *r = compile_n(digits, n);
	char	   *str;

	ck_diag(r, 2, 19, "22003", "is out of range");
	str = build("ruleset t version 1\nparam p text = '", "x", 500000, "'\nobjective o { require p <> '' }\neligible when o\n", &n);
	r = compile_n(str, n);
	ck_ok(r);
	ck_assert_uint_eq(strlen(r->params[0].default_sql), 500000 + 9);	/* E'...'::text */
	free(digits);
	free(str);
}
END_TEST

START_TEST(input_larger_than_one_megabyte)
{
	size_t		n;
	char	   *text = build("ruleset t version 1\n", "#", CARE_MAX_SOURCE_BYTES, "\n", &n);
	CareRuleset *r = compile_n(text, n);
	char	   *fits;

	ck_assert(!r->ok);
	ck_assert_int_eq(r->ndiags, 1);
	ck_assert_str_eq(r->diags[0].sqlstate, "54000");
	ck_contains(r->diags[0].message, "rules text is too large");
	ck_contains(r->diags[0].detail, "1048576 bytes");
	/* exactly at the limit is fine */
	fits = build("ruleset t version 1\nobjective o { require true }\neligible when o\n#", "#",
				 CARE_MAX_SOURCE_BYTES - 67, "\n", &n);
	ck_assert_uint_eq(n, CARE_MAX_SOURCE_BYTES);
	r = compile_n(fits, n);
	ck_ok(r);
	free(text);
	free(fits);
}
END_TEST

START_TEST(invalid_utf8_has_a_position)
{
	static const char c0[] = "ruleset t version 1\n# caf\xc3\xa9 \xff\n";	/* stray byte */
	static const char c1[] = "ruleset \xc0\xaf";	/* overlong */
	static const char c2[] = "ruleset t\n\xed\xa0\x80";	/* surrogate */
	static const char c3[] = "ruleset t \xe2\x82";	/* truncated at end */
	static const char c4[] = "\xf4\x90\x80\x80";	/* past U+10FFFF */
	static const struct
	{
		const char *text;
		size_t		len;
		int			line;
		int			col;
	}			cases[] = {
		{c0, sizeof c0 - 1, 2, 8},
		{c1, sizeof c1 - 1, 1, 9},
		{c2, sizeof c2 - 1, 2, 1},
		{c3, sizeof c3 - 1, 1, 11},
		{c4, sizeof c4 - 1, 1, 1},
	};
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
	{
		CareRuleset *r = compile_n(cases[i].text, cases[i].len);

		ck_assert_int_eq(r->ndiags, 1);
		ck_assert_str_eq(r->diags[0].sqlstate, "22021");
		ck_contains(r->diags[0].message, "invalid byte sequence for encoding \"UTF8\"");
		ck_assert_msg(r->diags[0].span.line == cases[i].line && r->diags[0].span.col == cases[i].col,
					  "case %zu at %d:%d", i, r->diags[0].span.line, r->diags[0].span.col);
	}
}
END_TEST

START_TEST(nul_byte_has_a_position)
{
	const char	text[] = "ruleset t version 1\nobjective o { require\0 true }\neligible when o\n";
	CareRuleset *r = compile_n(text, sizeof text - 1);

	ck_assert_int_eq(r->ndiags, 1);
	ck_assert_str_eq(r->diags[0].sqlstate, "22021");
	ck_contains(r->diags[0].message, "NUL byte");
	ck_assert_int_eq(r->diags[0].span.line, 2);
	ck_assert_int_eq(r->diags[0].span.col, 22);
	ck_assert_uint_eq(r->diags[0].span.offset, 41);
}
END_TEST

START_TEST(exponential_def_inlining_is_refused)
{
	char		text[8192];
	size_t		n = 0;
	int			i;
	CareRuleset *r;

	n += (size_t) sprintf(text + n, "ruleset t version 1\ndef f0(a audit) = a.ad_level > 1\n");
	for (i = 1; i <= 40; i++)
		n += (size_t) sprintf(text + n, "def f%d(a audit) = f%d(a) and f%d(a)\n", i, i - 1, i - 1);
	sprintf(text + n, "objective o { require every a in audit: f40(a) }\neligible when o\n");
	r = compile(text);
	ck_assert(!r->ok);
	/* about 3 * 2^15 nodes: the first def past the limit is named, once */
	ck_diag(r, 16, 5, "54001", "def \"f14\" is too large once the defs it calls are written out");
	ck_assert_int_eq(nerrors(r), 1);
	ck_assert_uint_lt(lang_mem.peak, 16 * 1024 * 1024);
}
END_TEST

START_TEST(exponential_let_chain_is_refused)
{
	char		text[8192];
	size_t		n = 0;
	int			i;
	CareRuleset *r;

	/* each let uses the previous one twice: 2^60 nodes written out */
	n += (size_t) sprintf(text + n, "ruleset t version 1\nobjective o {\n  let a0 = count(audit)\n");
	for (i = 1; i <= 60; i++)
		n += (size_t) sprintf(text + n, "  let a%d = a%d + a%d\n", i, i - 1, i - 1);
	sprintf(text + n, "  require a60 > 0\n}\neligible when o\n");
	r = compile(text);
	ck_assert(!r->ok);
	ck_diag(r, 18, 7, "54001", "let \"a15\" is too large once the lets and defs it uses are written out");
	ck_assert_int_eq(nerrors(r), 1);
}
END_TEST

START_TEST(wide_def_inlining_stays_bounded)
{
	char		text[8192];
	size_t		n = 0;
	int			i;
	CareRuleset *r;

	/* below the expansion limit: compiles, and the SQL stays under the output limit */
	n += (size_t) sprintf(text + n, "ruleset t version 1\ndef f0(a audit) = a.ad_level > 1\n");
	for (i = 1; i <= 12; i++)
		n += (size_t) sprintf(text + n, "def f%d(a audit) = f%d(a) or f%d(a)\n", i, i - 1, i - 1);
	sprintf(text + n, "objective o { require every a in audit: f12(a) }\neligible when o\n");
	r = compile(text);
	ck_ok(r);
	ck_assert_uint_lt(strlen(r->verdict_sql), CARE_MAX_SQL_BYTES);
	ck_assert_uint_lt(strlen(r->explain_sql), CARE_MAX_SQL_BYTES);
	ck_assert_uint_lt(lang_mem.peak, 256 * 1024 * 1024);
}
END_TEST

START_TEST(generated_sql_past_the_limit_is_an_error)
{
	size_t		n,
				n2;
	char	   *body;
	char	   *text;
	CareRuleset *r;

	/* a def of about 2,000 nodes called by 2,000 requirements: far past 32 MB */
	body = build("ruleset t version 1\ndef big(a audit) = a.ad_level > 0", " and a.ad_level > 0", 250,
				 "\nobjective o {\n", &n);
	text = build(body, "  require every a in audit: big(a) or big(a) or big(a) or big(a)\n", 2000,
				 "}\neligible when o\n", &n2);
	r = compile_n(text, n2);
	ck_assert(!r->ok);
	ck_assert_ptr_null(r->verdict_sql);
	ck_diag(r, 1, 1, "54000", "generated SQL would be larger than the limit");
	ck_assert_uint_lt(lang_mem.peak, 512 * 1024 * 1024);
	free(body);
	free(text);
}
END_TEST

START_TEST(out_of_memory_at_every_step)
{
	size_t		len;
	char	   *text = ruleset_file("care_d1.care", &len);
	CareMalloc	m;
	size_t		total,
				k;

	care_malloc_init(&m);
	ck_assert(care_compile(text, len, lang_schema, &m.allocator, NULL)->ok);
	total = m.count;
	care_malloc_free_all(&m);
	for (k = 1; k <= total; k++)
	{
		CareRuleset *r;

		care_malloc_init(&m);
		m.fail_after = k;
		r = care_compile(text, len, lang_schema, &m.allocator, NULL);
		if (r != NULL && !r->ok)
		{
			int			i,
						oom = 0;

			for (i = 0; i < r->ndiags; i++)
				if (strcmp(r->diags[i].sqlstate, "53200") == 0)
					oom = 1;
			ck_assert_msg(oom, "failure at allocation %zu gave no out-of-memory diagnostic", k);
		}
		care_malloc_free_all(&m);
		ck_assert_uint_eq(m.live, 0);
	}
	free(text);
}
END_TEST

START_TEST(memory_limit_of_the_allocator_is_respected)
{
	CareMalloc	m;
	CareRuleset *r;
	size_t		len;
	char	   *text = ruleset_file("care_d1.care", &len);

	care_malloc_init(&m);
	m.fail_after = 3;			/* nearly nothing available */
	r = care_compile(text, len, lang_schema, &m.allocator, NULL);
	ck_assert(r == NULL || (!r->ok && strcmp(r->diags[0].sqlstate, "53200") == 0));
	care_malloc_free_all(&m);
	free(text);
}
END_TEST

static unsigned long poll_count;
static unsigned long poll_jump_at;
static jmp_buf poll_jump;

/* A poll hook like the backend's: counts, and may jump away (an interrupt). */
static void
poll_hook(void *ctx)
{
	(void) ctx;
	poll_count++;
	if (poll_jump_at != 0 && poll_count == poll_jump_at)
		longjmp(poll_jump, 1);
}

START_TEST(poll_hook_is_called_and_may_jump)
{
	CareHooks	hooks = {poll_hook, NULL};
	size_t		len;
	char	   *text = ruleset_file("care_d1.care", &len);
	CareMalloc	m;
	unsigned long total;
	unsigned long at;

	care_malloc_init(&m);
	poll_count = 0;
	poll_jump_at = 0;
	ck_assert(care_compile(text, len, lang_schema, &m.allocator, &hooks)->ok);
	total = poll_count;
	ck_assert_uint_gt(total, 1000);
	care_malloc_free_all(&m);
	/* interrupt at many points: the caller frees everything, nothing leaks */
	for (at = 1; at < total; at += total / 97 + 1)
	{
		care_malloc_init(&m);
		poll_count = 0;
		poll_jump_at = at;
		if (setjmp(poll_jump) == 0)
		{
			care_compile(text, len, lang_schema, &m.allocator, &hooks);
			ck_abort_msg("the hook did not jump at %lu", at);
		}
		care_malloc_free_all(&m);
		ck_assert_uint_eq(m.live, 0);
	}
	poll_jump_at = 0;
	free(text);
}
END_TEST

START_TEST(release_gives_everything_back)
{
	size_t		len;
	char	   *text = ruleset_file("constructs.care", &len);
	CareMalloc	m;
	CareRuleset *r;

	care_malloc_init(&m);
	r = care_compile(text, len, lang_schema, &m.allocator, NULL);
	ck_ok(r);
	ck_assert_uint_gt(m.live, 0);
	care_ruleset_free(r);
	ck_assert_uint_eq(m.live, 0);
	free(text);
}
END_TEST

START_TEST(empty_and_garbage_input)
{
	CareRuleset *r = compile_n("", 0);

	ck_assert(!r->ok);
	ck_diag(r, 1, 1, "42601", "syntax error at end of input");
	r = compile_n(NULL, 0);
	ck_assert(!r->ok);
	r = compile("}}}}{{{{ ((( ''' \"\"\" ### \n ) ] [");
	ck_assert(!r->ok);
	ck_assert_int_ge(r->ndiags, 1);
}
END_TEST

/* The hostile-input suite. */
static Suite *
hostile_suite(void)
{
	Suite	   *s = suite_create("lang_hostile");
	TCase	   *tc = tcase_create("hostile");

	tcase_add_checked_fixture(tc, lang_setup, lang_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ten_thousand_parentheses);
	tcase_add_test(tc, deep_prefix_operators);
	tcase_add_test(tc, long_operator_chains_are_nesting_too);
	tcase_add_test(tc, huge_literals);
	tcase_add_test(tc, input_larger_than_one_megabyte);
	tcase_add_test(tc, invalid_utf8_has_a_position);
	tcase_add_test(tc, nul_byte_has_a_position);
	tcase_add_test(tc, exponential_def_inlining_is_refused);
	tcase_add_test(tc, exponential_let_chain_is_refused);
	tcase_add_test(tc, wide_def_inlining_stays_bounded);
	tcase_add_test(tc, generated_sql_past_the_limit_is_an_error);
	tcase_add_test(tc, out_of_memory_at_every_step);
	tcase_add_test(tc, memory_limit_of_the_allocator_is_respected);
	tcase_add_test(tc, poll_hook_is_called_and_may_jump);
	tcase_add_test(tc, release_gives_everything_back);
	tcase_add_test(tc, empty_and_garbage_input);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(hostile_suite());
}
