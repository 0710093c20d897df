/*
 * check_lang_fmt.c — the canonical form and the schema text form:
 * fmt is a fixed point, keeps comments and meaning; the schema text
 * round-trips exactly and reports its own errors with positions.
 */
#include "check_lang.h"

#include <dirent.h>

/* fmt(text), which must parse. */
static const char *
fmt(const char *text)
{
	CareRuleset *r = care_compile(text, strlen(text), lang_schema, &lang_mem.allocator, NULL);

	ck_assert_msg(r->canonical != NULL, "no canonical form:\n%s", diags_text(r));
	return r->canonical;
}

/* fmt is idempotent on a file and the result means the same. */
static void
check_fixed_point(const char *file)
{
	size_t		len;
	char	   *text = ruleset_file(file, &len);
	CareRuleset *a = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);
	CareRuleset *b;

	ck_assert_ptr_nonnull(a->canonical);
	b = care_compile(a->canonical, strlen(a->canonical), lang_schema, &lang_mem.allocator, NULL);
	ck_assert_str_eq(a->canonical, b->canonical);
	ck_assert_int_eq(a->ok, b->ok);
	ck_assert_int_eq(a->ndiags, b->ndiags);
	if (a->ok)
	{
		ck_assert_str_eq(a->verdict_sql, b->verdict_sql);
		ck_assert_str_eq(a->evaluate_sql, b->evaluate_sql);
	}
	free(text);
}

START_TEST(fmt_is_a_fixed_point)
{
	check_fixed_point("care_d1.care");
	check_fixed_point("constructs.care");
	check_fixed_point("errors.care");
}
END_TEST

START_TEST(fuzz_findings_stay_fixed)
{
	/* inputs the fuzzer once broke: each must format to a fixed point */
	const char *root = getenv("CARE_RULESETS");
	char		dir[4096];
	DIR		   *d;
	struct dirent *e;
	int			n = 0;

	snprintf(dir, sizeof dir, "%s/regress", root && root[0] ? root : "tests/rulesets");
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL)
	{
		char		name[600];

		if (strstr(e->d_name, ".care") == NULL)
			continue;
		snprintf(name, sizeof name, "regress/%s", e->d_name);
		check_fixed_point(name);
		n++;
	}
	closedir(d);
	ck_assert_int_gt(n, 0);
}
END_TEST

START_TEST(fmt_layout)
{
	const char *c = fmt("# head\nruleset   t version 1 campaign 'D1' title \"T\"\n"
						"param a integer=1\nparam b integer = 2\n# about f\ndef f(x integer)=x>a\n"
						"objective o \"O\" {\n # first\n let l = b  require f(l)  else \"no\"\n  # closing\n}\n"
						"eligible when o # trailing\n# last\n");

	ck_assert_str_eq(c,
					 "# head\n"
					 "ruleset t version 1 campaign 'D1'\n"
					 "  title \"T\"\n"
					 "\n"
					 "param a integer = 1\n"
					 "param b integer = 2\n"
					 "\n"
					 "# about f\n"
					 "def f(x integer) = x > a\n"
					 "\n"
					 "objective o \"O\" {\n"
					 "  # first\n"
					 "  let l = b\n"
					 "  require f(l)\n"
					 "    else \"no\"\n"
					 "  # closing\n"
					 "}\n"
					 "\n"
					 "eligible when o\n"
					 "\n"
					 "# trailing\n"
					 "# last\n");
}
END_TEST

START_TEST(fmt_parentheses)
{
	const char *c = fmt("ruleset t version 1\nparam a boolean = true\nparam n integer = 1\n"
						"objective o {\n"
						"  require (a or a) and a\n"
						"  require a or (a and a)\n"
						"  require not (a and a)\n"
						"  require (exists audit where kind = ad) and a\n"
						"  require (every f in finding: f.severity > low) or a\n"
						"  require -(-n) = (n - n) - (n - (n * n))\n"
						"  require (latest audit by performed_on).ad_level > n\n"
						"  require (if a then 1 else 2) = n\n"
						"}\neligible when (o)\n");

	ck_contains(c, "  require (a or a) and a\n");
	ck_contains(c, "  require a or a and a\n");
	ck_contains(c, "  require not (a and a)\n");
	ck_contains(c, "  require (exists audit where kind = ad) and a\n");
	ck_contains(c, "  require (every f in finding: f.severity > low) or a\n");
	ck_contains(c, "  require --n = n - n - (n - n * n)\n");
	ck_contains(c, "  require (latest audit by performed_on).ad_level > n\n");
	ck_contains(c, "  require (if a then 1 else 2) = n\n");
	ck_contains(c, "eligible when o\n");
}
END_TEST

START_TEST(fmt_quotes_what_needs_quotes)
{
	const char *c = fmt("ruleset t version 1\nobjective \"D1.O2.B\" { require true else \"say \"\"x\"\" {{y}}\" }\n"
						"objective \"plain\" { require 'it''s' = 'it''s' }\neligible when \"D1.O2.B\" and \"plain\"\n");

	ck_contains(c, "objective \"D1.O2.B\" {\n");
	ck_contains(c, "objective \"plain\" {\n");	/* written quoted: kept quoted */
	ck_contains(c, "    else \"say \"\"x\"\" {{y}}\"\n");
	ck_contains(c, "  require 'it''s' = 'it''s'\n");
	ck_contains(c, "eligible when \"D1.O2.B\" and plain\n");
}
END_TEST

START_TEST(fmt_works_without_schema)
{
	const char *text = "ruleset t version 1\nobjective o { require exists nothing_known }\neligible when o\n";
	CareRuleset *r = care_compile(text, strlen(text), NULL, &lang_mem.allocator, NULL);

	ck_assert(!r->ok);
	ck_assert_ptr_nonnull(r->canonical);
	ck_contains(r->canonical, "require exists nothing_known");
}
END_TEST

START_TEST(requirement_text_is_the_source_slice)
{
	const char *text = "ruleset t version 1\nobjective o { require   exists   audit   # c\n }\neligible when o\n";
	CareRuleset *r = compile(text);

	ck_ok(r);
	ck_assert_str_eq(r->objectives[0].requirements[0].text, "exists   audit");
}
END_TEST

/* ---------------------------------------------------------------------
 * Schema text.
 */

START_TEST(schema_file_round_trips_exactly)
{
	size_t		len;
	char	   *text = ruleset_file("care.schema", &len);
	char	   *out = care_schema_write(lang_schema, &lang_mem.allocator);
	CareDiag   *d;
	int			nd;
	CareSchema *again;
	char	   *out2;

	ck_assert_str_eq(out, text);
	again = care_schema_parse(out, strlen(out), &lang_mem.allocator, &d, &nd);
	ck_assert_ptr_nonnull(again);
	out2 = care_schema_write(again, &lang_mem.allocator);
	ck_assert_str_eq(out, out2);
	free(text);
}
END_TEST

START_TEST(schema_builder_round_trips)
{
	CareSchema *s = care_schema_new(&lang_mem.allocator);
	CareSchemaSource *src,
			   *child;
	CareSchemaEnum *e;
	const char *from[] = {"id", "org"};
	const char *to[] = {"parent", "org"};
	char	   *text,
			   *text2;
	CareSchema *back;
	CareDiag   *d;
	int			nd;

	e = care_schema_add_enum(s, "level", "x", "lev\"el", 1);
	care_schema_add_enum_label(e, "lo'w");
	care_schema_add_enum_label(e, "high");
	src = care_schema_add_source(s, "org", "x", "org", "id", "id", 0);
	care_schema_add_field(src, "id", "id", CARE_INTEGER, NULL, 0);
	child = care_schema_add_source(s, "item", "x", "it em", "id", "org", 1);
	care_schema_add_field(child, "id", "id", CARE_INTEGER, NULL, 0);
	care_schema_add_field(child, "lvl", "lvl", CARE_ENUM, "level", 1);
	care_schema_add_field(child, "ok", "ok", CARE_BOOLEAN, NULL, 0);
	care_schema_add_field(child, "due", "due", CARE_INTERVAL, NULL, 1);
	care_schema_add_link(child, "children", "item", 1, 2, from, to, 0);
	ck_assert_int_eq(care_schema_set_root(s, "org"), 0);
	ck_assert_ptr_null(care_schema_error(s));
	text = care_schema_write(s, &lang_mem.allocator);
	ck_contains(text, "enum level \"x\".\"lev\"\"el\" ordered\n  label 'lo''w'\n");
	ck_contains(text, "source item \"x\".\"it em\" key \"id\" establishment \"org\" evidence\n");
	ck_contains(text, "  field lvl \"lvl\" enum level null\n");
	ck_contains(text, "  link children item many (\"id\", \"org\") = (\"parent\", \"org\")\n");
	ck_contains(text, "root org\n");
	back = care_schema_parse(text, strlen(text), &lang_mem.allocator, &d, &nd);
	ck_assert_msg(back != NULL, "%s", nd ? d[0].message : "");
	text2 = care_schema_write(back, &lang_mem.allocator);
	ck_assert_str_eq(text, text2);
}
END_TEST

START_TEST(schema_builder_refuses_duplicates)
{
	CareSchema *s = care_schema_new(&lang_mem.allocator);
	CareSchemaSource *src = care_schema_add_source(s, "a", "x", "a", "id", "id", 0);

	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_null(care_schema_add_source(s, "a", "x", "b", "id", "id", 0));
	ck_assert_str_eq(care_schema_error(s), "source name is already taken");
	ck_assert_ptr_null(care_schema_add_enum(s, "bad name", "x", "y", 0));
	ck_assert_int_eq(care_schema_set_root(s, "nope"), -1);
}
END_TEST

START_TEST(schema_with_builder_error_does_not_compile)
{
	CareSchema *s = care_schema_new(&lang_mem.allocator);
	CareRuleset *r;
	const char *text = "ruleset t version 1\nobjective o { require true }\neligible when o\n";

	care_schema_add_source(s, "a", "x", "a", "id", "id", 0);
	care_schema_add_source(s, "a", "x", "a", "id", "id", 0);
	r = care_compile(text, strlen(text), s, &lang_mem.allocator, NULL);
	ck_assert(!r->ok);
	ck_contains(r->diags[0].message, "invalid schema: source name is already taken");
	ck_assert_str_eq(r->diags[0].sqlstate, "22023");
}
END_TEST

START_TEST(schema_parse_errors_have_positions)
{
	const char *text = "care-schema 1\n"
		"source a \"x\".\"a\" key \"id\" establishment \"id\"\n"
		"  field id \"id\" integr\n"
		"  link l b one (\"id\") = (\"x\", \"y\")\n"
		"  wibble\n"
		"root a\n";
	CareDiag   *d;
	int			nd;
	CareSchema *s = care_schema_parse(text, strlen(text), &lang_mem.allocator, &d, &nd);

	ck_assert_ptr_null(s);
	ck_assert_int_eq(nd, 3);
	ck_assert_int_eq(d[0].span.line, 3);
	ck_contains(d[0].message, "unknown field type \"integr\"");
	ck_assert_int_eq(d[1].span.line, 4);
	ck_contains(d[1].message, "link \"l\" pairs 1 columns with 2");
	ck_assert_int_eq(d[2].span.line, 5);
	ck_assert_int_eq(d[2].span.col, 3);
	ck_contains(d[2].message, "unknown schema declaration \"wibble\"");
}
END_TEST

START_TEST(schema_needs_header_and_root)
{
	CareDiag   *d;
	int			nd;
	const char *t1 = "source a \"x\".\"a\" key \"id\" establishment \"id\"\n";
	const char *t2 = "care-schema 1\nsource a \"x\".\"a\" key \"id\" establishment \"id\"\n"
		"  link p nowhere one (\"id\") = (\"id\")\nroot a\n";

	ck_assert_ptr_null(care_schema_parse(t1, strlen(t1), &lang_mem.allocator, &d, &nd));
	ck_contains(d[0].message, "must start with \"care-schema 1\"");
	ck_assert_ptr_null(care_schema_parse("care-schema 1\n", 14, &lang_mem.allocator, &d, &nd));
	ck_contains(d[0].message, "no \"root\" line");
	ck_assert_ptr_null(care_schema_parse(t2, strlen(t2), &lang_mem.allocator, &d, &nd));
	ck_contains(d[0].message, "link \"a.p\" goes to unknown source \"nowhere\"");
}
END_TEST

/* The fmt and schema suite. */
static Suite *
fmt_suite(void)
{
	Suite	   *s = suite_create("lang_fmt");
	TCase	   *tc = tcase_create("fmt");
	TCase	   *ts = tcase_create("schema");

	tcase_add_checked_fixture(tc, lang_setup, lang_teardown);
	tcase_add_test(tc, fmt_is_a_fixed_point);
	tcase_add_test(tc, fuzz_findings_stay_fixed);
	tcase_add_test(tc, fmt_layout);
	tcase_add_test(tc, fmt_parentheses);
	tcase_add_test(tc, fmt_quotes_what_needs_quotes);
	tcase_add_test(tc, fmt_works_without_schema);
	tcase_add_test(tc, requirement_text_is_the_source_slice);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(ts, lang_setup, lang_teardown);
	tcase_add_test(ts, schema_file_round_trips_exactly);
	tcase_add_test(ts, schema_builder_round_trips);
	tcase_add_test(ts, schema_builder_refuses_duplicates);
	tcase_add_test(ts, schema_with_builder_error_does_not_compile);
	tcase_add_test(ts, schema_parse_errors_have_positions);
	tcase_add_test(ts, schema_needs_header_and_root);
	suite_add_tcase(s, ts);
	return s;
}

int
main(void)
{
	return run_suite(fmt_suite());
}
