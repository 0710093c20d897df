/*
 * check_lang_syntax.c — the scanner and the grammar: every construct
 * parses, and syntax errors point at the right line:col and say what was
 * expected.
 */
#include "check_lang.h"

START_TEST(every_construct_compiles)
{
	size_t		len;
	char	   *text = ruleset_file("constructs.care", &len);
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);

	ck_ok(r);
	ck_assert_str_eq(r->name, "constructs");
	ck_assert_int_eq(r->version, 7);
	ck_assert_str_eq(r->campaign, "D1");
	ck_assert_str_eq(r->title, "Tous les « constructs »");
	ck_assert_int_eq(r->nparams, 7);
	ck_assert_int_eq(r->nobjectives, 2);
	ck_assert_str_eq(r->objectives[1].id, "second.one");
	ck_assert_ptr_null(r->objectives[1].title);
	ck_assert_int_eq(r->objectives[0].nrequirements, 5);
	ck_assert_int_eq(r->objectives[1].nrequirements, 6);
	ck_assert_str_eq(r->eligible_text, "first and (\"second.one\" or not first)");
	free(text);
}
END_TEST

START_TEST(the_d1_example_compiles)
{
	size_t		len;
	char	   *text = ruleset_file("care_d1.care", &len);
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);

	ck_ok(r);
	ck_assert_int_eq(r->ndiags, 0);
	ck_assert_str_eq(r->name, "care_d1");
	ck_assert_str_eq(r->objectives[0].id, "D1.O2.B");
	ck_assert_str_eq(r->objectives[1].id, "ad");
	ck_assert_str_eq(r->objectives[0].requirements[0].text, "exists audits");
	ck_assert_str_eq(r->objectives[0].requirements[0].message_template,
					 "no exposure audit on or before {as_of}");
	ck_assert_int_eq(r->objectives[0].requirements[2].index, 3);
	ck_assert_int_eq(r->objectives[0].requirements[2].span.line, 30);
	ck_assert_int_eq(r->objectives[0].requirements[2].span.col, 3);
	free(text);
}
END_TEST

START_TEST(the_semantics_ruleset_compiles)
{
	size_t		len;
	char	   *text = ruleset_file("semantics.care", &len);
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);

	ck_ok(r);
	ck_assert_int_eq(r->ndiags, 0);
	ck_assert_int_eq(r->nobjectives, 3);
	free(text);
}
END_TEST

START_TEST(syntax_error_names_token_and_expectation)
{
	CareRuleset *r = compile(RS("objective o {\n  require exists audit and\n}\neligible when o\n"));

	ck_diag(r, 4, 1, "42601", "syntax error at or near \"}\"");
	ck_hint(r, 4, 1, "syntax error", "Expected an expression");
	ck_assert(!r->ok);
	ck_assert_ptr_null(r->verdict_sql);
}
END_TEST

START_TEST(syntax_error_lists_what_fits)
{
	CareRuleset *r = compile(RS("param p integer 3\neligible when o\n"));

	ck_diag(r, 2, 17, "42601", "syntax error at or near \"3\"");
	ck_hint(r, 2, 17, "syntax error", "'='");
}
END_TEST

START_TEST(syntax_error_at_end_of_input)
{
	CareRuleset *r = compile(RS("def f(x integer) ="));

	ck_diag(r, 2, 19, "42601", "syntax error at end of input");
}
END_TEST

START_TEST(several_syntax_errors_in_one_pass)
{
	CareRuleset *r = compile(RS("param a integer = \n"
								"def f(x integer) = x +\n"
								"objective o {\n"
								"  require 1 = \n"
								"  require exists audit\n"
								"}\n"
								"eligible when o\n"));

	ck_assert_int_ge(nerrors(r), 2);
	ck_diag(r, 3, 1, "42601", "syntax error at or near \"def\"");
	ck_diag(r, 4, 1, "42601", "syntax error at or near \"objective\"");
}
END_TEST

START_TEST(missing_header)
{
	CareRuleset *r = compile("objective o { require true }\neligible when o\n");

	ck_diag(r, 1, 1, "42601", "syntax error at or near \"objective\"");
	ck_hint(r, 1, 1, "syntax error", "\"ruleset\"");
}
END_TEST

START_TEST(strings_escape_by_doubling)
{
	CareRuleset *r = compile(RS("  title \"say \"\"hi\"\"\"\n"
								"param t text = 'it''s'\n"
								"objective o { require t = 'it''s' else \"a \"\"b\"\" {{c}}\" }\n"
								"eligible when o\n"));

	ck_ok(r);
	ck_assert_str_eq(r->title, "say \"hi\"");
	ck_assert_str_eq(r->params[0].default_text, "'it''s'");
	ck_assert_str_eq(r->params[0].default_sql, "E'it\\'s'::text");
	ck_assert_str_eq(r->objectives[0].requirements[0].message_template, "a \"b\" {{c}}");
	ck_contains(r->explain_sql, "E'a \"b\" {c}'::text");
}
END_TEST

START_TEST(unterminated_string)
{
	CareRuleset *r = compile(RS("param t text = 'abc\neligible when o\n"));

	ck_diag(r, 2, 16, "42601", "unterminated string literal");
	ck_hint(r, 2, 16, "unterminated", "quote twice");
}
END_TEST

START_TEST(unexpected_character)
{
	CareRuleset *r = compile(RS("param t integer = 3 ; \neligible when o\n"));

	ck_diag(r, 2, 21, "42601", "unexpected character \";\"");
}
END_TEST

START_TEST(unexpected_utf8_character_column_counts_code_points)
{
	/* "é" is two bytes but one column; the stray "€" is at column 5 */
	CareRuleset *r = compile("# é\nru é€\n");

	const CareDiag *d = find_diag(r, 2, 4, "unexpected character \"é\"");

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->span.end_col, 5);
	ck_assert_uint_eq(d->span.offset, 8);
	ck_assert_uint_eq(d->span.end_offset, 10);
	ck_diag(r, 2, 5, "42601", "unexpected character \"€\"");
}
END_TEST

START_TEST(trailing_junk_after_number)
{
	CareRuleset *r = compile(RS("param t integer = 12abc\neligible when o\n"));

	ck_diag(r, 2, 19, "42601", "trailing junk after numeric literal");
}
END_TEST

START_TEST(identifier_too_long)
{
	CareRuleset *r = compile(RS("param aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa integer = 1\n"));

	ck_diag(r, 2, 7, "42622", "identifier is longer than 63 characters");
}
END_TEST

START_TEST(header_words_are_field_names)
{
	/* title, campaign, version and ruleset are keywords only in the header */
	CareRuleset *r = compile("ruleset title version 2 campaign 'x' title \"t\"\n"
							 "def version(f finding) = f.title\n"
							 "objective title { require every f in finding: version(f) <> ''\n"
							 "  require any c in candidacy: c.campaign = 'D1' }\n"
							 "eligible when title\n");

	ck_ok(r);
	ck_assert_str_eq(r->name, "title");
}
END_TEST

START_TEST(none_is_a_label_and_a_quantifier)
{
	CareRuleset *r = compile(RS("objective o {\n"
								"  require none f in finding: f.severity > none\n"
								"  require every f in finding: f.severity in (none, low) or f.severity >= 'none'\n"
								"}\neligible when o\n"));

	ck_ok(r);
	ck_contains(r->verdict_sql, "'none'::\"care\".\"severity\"");
}
END_TEST

START_TEST(comments_run_to_end_of_line)
{
	CareRuleset *r = compile(RS("# a comment\nobjective o { # another\n require true # yes\n}\neligible when o # end"));

	ck_ok(r);
}
END_TEST

START_TEST(quoted_and_bare_objective_ids)
{
	CareRuleset *r = compile(RS("objective \"D1.O2.B\" \"title\" { require true }\n"
								"objective ad { require true }\n"
								"objective \"with space\" { require true }\n"
								"eligible when \"D1.O2.B\" and ad and not \"with space\"\n"));

	ck_ok(r);
	ck_assert_str_eq(r->objectives[0].title, "title");
	ck_contains(r->verdict_sql, "'with space'::text");
}
END_TEST

START_TEST(precedence_of_boolean_operators)
{
	CareRuleset *r = compile(RS("param a boolean = true\nparam b boolean = false\nparam c boolean = true\n"
								"objective o { require a or b and not c }\neligible when o\n"));

	ck_ok(r);
	ck_contains(r->verdict_sql, "($3 OR ($4 AND (NOT $5)))");
}
END_TEST

START_TEST(precedence_of_arithmetic)
{
	CareRuleset *r = compile(RS("param a integer = 1\n"
								"objective o { require a + a * a - -a >= a / a }\neligible when o\n"));

	ck_ok(r);
	ck_contains(r->verdict_sql, "(CAST((CAST($3 AS bigint) + (CAST($3 AS bigint) * $3)) AS bigint) - (- $3))");
	ck_contains(r->verdict_sql, "(CAST($3 AS numeric) / NULLIF($3, 0))");
}
END_TEST

START_TEST(comparisons_do_not_chain)
{
	CareRuleset *r = compile(RS("objective o { require 1 < 2 < 3 }\neligible when o\n"));

	ck_diag(r, 2, 29, "42601", "syntax error at or near \"<\"");
}
END_TEST

START_TEST(where_takes_the_rest_of_the_condition)
{
	CareRuleset *r = compile(RS("objective o { require exists audit where kind = ad and performed_on <= as_of }\n"
								"eligible when o\n"));

	ck_ok(r);
	/* exists over a source: a derived table whose WHERE holds the whole condition */
	ck_contains(r->verdict_sql, "FROM \"care\".\"audit\" AS t1 WHERE t1.\"establishment_id\" = $1 AND "
				"((t1.\"kind\" = E'ad'::\"care\".\"audit_kind\") AND (t1.\"performed_on\" <= $2)) GROUP BY");
}
END_TEST

START_TEST(else_is_optional)
{
	CareRuleset *r = compile(RS("objective o { require if true then true else false }\neligible when o\n"));

	ck_ok(r);
	ck_assert_str_eq(r->objectives[0].requirements[0].message_template,
					 "requirement 1 of objective o is not met");
}
END_TEST

START_TEST(template_syntax_errors_point_into_the_message)
{
	CareRuleset *r = compile(RS("objective o { require true else \"x {1 +} y\" }\neligible when o\n"));

	ck_diag(r, 2, 40, "42601", "syntax error at end of input");
}
END_TEST

START_TEST(template_brace_errors)
{
	CareRuleset *r = compile(RS("objective o {\n  require true else \"a } b\"\n  require true else \"c { d\"\n}\neligible when o\n"));

	ck_diag(r, 3, 24, "42601", "single '}' in message");
	ck_diag(r, 4, 24, "42601", "unterminated '{' in message");
}
END_TEST

/* The syntax suite. */
static Suite *
syntax_suite(void)
{
	Suite	   *s = suite_create("lang_syntax");
	TCase	   *tc = tcase_create("syntax");

	tcase_add_checked_fixture(tc, lang_setup, lang_teardown);
	tcase_add_test(tc, every_construct_compiles);
	tcase_add_test(tc, the_d1_example_compiles);
	tcase_add_test(tc, the_semantics_ruleset_compiles);
	tcase_add_test(tc, syntax_error_names_token_and_expectation);
	tcase_add_test(tc, syntax_error_lists_what_fits);
	tcase_add_test(tc, syntax_error_at_end_of_input);
	tcase_add_test(tc, several_syntax_errors_in_one_pass);
	tcase_add_test(tc, missing_header);
	tcase_add_test(tc, strings_escape_by_doubling);
	tcase_add_test(tc, unterminated_string);
	tcase_add_test(tc, unexpected_character);
	tcase_add_test(tc, unexpected_utf8_character_column_counts_code_points);
	tcase_add_test(tc, trailing_junk_after_number);
	tcase_add_test(tc, identifier_too_long);
	tcase_add_test(tc, header_words_are_field_names);
	tcase_add_test(tc, none_is_a_label_and_a_quantifier);
	tcase_add_test(tc, comments_run_to_end_of_line);
	tcase_add_test(tc, quoted_and_bare_objective_ids);
	tcase_add_test(tc, precedence_of_boolean_operators);
	tcase_add_test(tc, precedence_of_arithmetic);
	tcase_add_test(tc, comparisons_do_not_chain);
	tcase_add_test(tc, where_takes_the_rest_of_the_condition);
	tcase_add_test(tc, else_is_optional);
	tcase_add_test(tc, template_syntax_errors_point_into_the_message);
	tcase_add_test(tc, template_brace_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(syntax_suite());
}
