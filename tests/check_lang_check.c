/*
 * check_lang_check.c — the checker's diagnostics: each one, at its exact
 * line:col, with its SQLSTATE and, where one helps, a hint.
 */
#include "check_lang.h"

/* Compile `body` as the only objective's requirements (line 3 onwards). */
static CareRuleset *
compile_reqs(const char *decls, const char *reqs)
{
	static char text[8192];

	snprintf(text, sizeof text, "ruleset t version 1\n%sobjective o {\n%s}\neligible when o\n", decls, reqs);
	return compile(text);
}

START_TEST(unknown_source_suggests)
{
	CareRuleset *r = compile_reqs("", "  require exists audt\n");

	ck_diag(r, 3, 18, "42P01", "source \"audt\" does not exist");
	ck_hint(r, 3, 18, "audt", "Did you mean \"audit\"?");
}
END_TEST

START_TEST(unknown_source_lists_the_sources)
{
	CareRuleset *r = compile_reqs("", "  require exists pg_authid\n  require count(zzz) > 0\n");

	/* nothing close: the hint says what rules can read */
	ck_diag(r, 3, 18, "42P01", "source \"pg_authid\" does not exist");
	ck_hint(r, 3, 18, "pg_authid", "Rules read the sources ad_domain, audit, candidacy, establishment, finding.");
	/* count's argument is a collection too */
	ck_diag(r, 4, 17, "42P01", "source \"zzz\" does not exist");
	ck_hint(r, 4, 17, "zzz", "Rules read the sources ad_domain");
}
END_TEST

START_TEST(schema_qualified_source_is_refused_with_a_hint)
{
	CareRuleset *r = compile_reqs("", "  require exists care.ruleset\n"
								  "  require count(pg_catalog.pg_authid) > 0\n"
								  "  require every a in care.audit: a.id > 0\n"
								  "  require every a in audit: aa.id > 0\n");

	ck_diag(r, 3, 18, "42P01", "source \"care.ruleset\" does not exist");
	ck_hint(r, 3, 18, "care.ruleset", "Rules name sources without a schema and can reach only the registered sources: ad_domain, audit, candidacy, establishment, finding.");
	ck_diag(r, 4, 17, "42P01", "source \"pg_catalog.pg_authid\" does not exist");
	ck_hint(r, 4, 17, "pg_authid", "can reach only the registered sources");
	/* a registered source behind a schema: say how to write it */
	ck_diag(r, 5, 22, "42P01", "source \"care.audit\" does not exist");
	ck_hint(r, 5, 22, "care.audit", "Rules name sources without a schema: write audit.");
	/* a dotted name where a value is expected stays an unknown name, with its suggestion */
	ck_diag(r, 6, 29, "42703", "name \"aa\" does not exist");
	ck_hint(r, 6, 29, "aa", "Did you mean \"a\"?");
}
END_TEST

START_TEST(unknown_field_suggests)
{
	CareRuleset *r = compile_reqs("", "  require every f in finding: f.severty >= critical\n");

	ck_diag(r, 3, 31, "42703", "finding has no field or link \"severty\"");
	ck_assert_int_eq(r->ndiags, 1);	/* no cascade on the label */
	ck_hint(r, 3, 31, "severty", "\"severity\"");
}
END_TEST

START_TEST(unknown_link_suggests)
{
	CareRuleset *r = compile_reqs("", "  require every a in audit: exists a.finding\n");

	ck_diag(r, 3, 36, "42703", "audit has no field or link \"finding\"");
	ck_hint(r, 3, 36, "finding", "\"findings\"");
}
END_TEST

START_TEST(unknown_param_suggests)
{
	CareRuleset *r = compile_reqs("param min_gap interval = '45 days'\n", "  require min_gapp > '1 day'\n");

	ck_diag(r, 4, 11, "42703", "name \"min_gapp\" does not exist");
	ck_hint(r, 4, 11, "min_gapp", "\"min_gap\"");
}
END_TEST

START_TEST(unknown_def_suggests)
{
	CareRuleset *r = compile_reqs("def clean(a audit) = true\n", "  require every a in audit: clen(a)\n");

	ck_diag(r, 4, 29, "42883", "def or function \"clen\" does not exist");
	ck_hint(r, 4, 29, "clen", "\"clean\"");
}
END_TEST

START_TEST(unknown_objective_in_eligible_suggests)
{
	CareRuleset *r = compile("ruleset t version 1\nobjective ad { require true }\neligible when ad and add\n");

	ck_diag(r, 3, 22, "42704", "objective \"add\" does not exist");
	ck_hint(r, 3, 22, "add", "\"ad\"");
}
END_TEST

START_TEST(unknown_enum_label_suggests)
{
	CareRuleset *r = compile_reqs("", "  require every f in finding: f.severity >= critcal\n");

	ck_diag(r, 3, 45, "22P02", "\"critcal\" is not a value of enum severity");
	ck_hint(r, 3, 45, "critcal", "\"critical\"");
}
END_TEST

START_TEST(quoted_enum_label_is_checked)
{
	CareRuleset *r = compile_reqs("", "  require every f in finding: f.status = 'opn'\n");

	ck_diag(r, 3, 42, "22P02", "invalid value 'opn' for enum finding_status");
	ck_hint(r, 3, 42, "opn", "\"open\"");
}
END_TEST

START_TEST(label_without_context_explains)
{
	CareRuleset *r = compile_reqs("param x text = 'a'\n", "  require x = critical\n");

	ck_diag(r, 4, 15, "42703", "name \"critical\" does not exist");
	ck_hint(r, 4, 15, "critical", "value of enum severity");
}
END_TEST

START_TEST(operator_type_mismatch_names_both_types)
{
	CareRuleset *r = compile_reqs("", "  require as_of >= 3\n");

	ck_diag(r, 3, 11, "42804", "operator does not exist: date >= integer");
}
END_TEST

START_TEST(several_type_errors_in_one_pass)
{
	CareRuleset *r = compile_reqs("", "  require as_of >= 3\n  require true + 1 = 2\n  require 'x' < 3\n");

	ck_diag(r, 3, 11, "42804", "operator does not exist: date >= integer");
	ck_diag(r, 4, 11, "42804", "operator does not exist: boolean + integer");
	ck_diag(r, 5, 11, "42804", "operator does not exist: text < integer");
}
END_TEST

START_TEST(date_arithmetic_types)
{
	CareRuleset *r = compile_reqs("", "  require as_of + 3 > as_of and as_of - '2 weeks' < as_of and as_of - as_of >= '0 days'\n"
								  "  require as_of * 2 = as_of\n");

	ck_diag(r, 4, 11, "42804", "operator does not exist: date * integer");
	ck_hint(r, 4, 11, "date * integer", "intervals");
	ck_assert_int_eq(nerrors(r), 1);
}
END_TEST

START_TEST(duplicate_names)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "param p integer = 1\n"
							 "param p integer = 2\n"
							 "def f(x integer, x integer) = x > p\n"
							 "def f(y integer) = y > p\n"
							 "objective o { let a = 1 let a = 2 require f(a, a) }\n"
							 "objective o { require true }\n"
							 "eligible when o\n");

	ck_diag(r, 3, 7, "42710", "param \"p\" is declared twice");
	ck_diag(r, 4, 18, "42710", "parameter \"x\" of def \"f\" is declared twice");
	ck_diag(r, 5, 5, "42710", "def \"f\" is declared twice");
	ck_diag(r, 6, 29, "42710", "let \"a\" is declared twice in objective \"o\"");
	ck_diag(r, 7, 11, "42710", "objective \"o\" is declared twice");
}
END_TEST

START_TEST(def_calling_itself_or_later)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "def f(x integer) = f(x) > 1\n"
							 "def g(x integer) = h(x)\n"
							 "def h(x integer) = x > 1\n"
							 "objective o { require g(1) }\neligible when o\n");

	ck_diag(r, 2, 20, "42P19", "def \"f\" calls itself");
	ck_diag(r, 3, 20, "42P19", "def \"g\" calls def \"h\", which is defined after it");
}
END_TEST

START_TEST(aggregate_over_non_collection)
{
	CareRuleset *r = compile_reqs("", "  require min(3) > 1\n  require count(as_of) > 1\n");

	ck_diag(r, 3, 11, "42804", "aggregate min needs a collection, not integer");
	ck_diag(r, 4, 11, "42804", "aggregate count needs a collection, not date");
}
END_TEST

START_TEST(quantifier_over_scalar)
{
	CareRuleset *r = compile_reqs("", "  require every x in 3: true\n");

	ck_diag(r, 3, 22, "42804", "a quantifier or aggregate needs a collection, not integer");
}
END_TEST

START_TEST(quantifier_over_row)
{
	CareRuleset *r = compile_reqs("", "  require every x in latest audit by performed_on: true\n");

	ck_diag(r, 3, 22, "42804", "needs a collection, not row of audit");
	ck_hint(r, 3, 22, "collection", "A row is one element");
}
END_TEST

START_TEST(bound_variable_shadowing)
{
	CareRuleset *r = compile_reqs("param p integer = 1\n",
								  "  require every audit in finding: true\n"
								  "  require every p in finding: true\n"
								  "  require every a in audit: any a in finding: true\n");

	ck_diag(r, 4, 17, "42712", "bound variable \"audit\" shadows a source");
	ck_diag(r, 5, 17, "42712", "bound variable \"p\" shadows a param");
	ck_diag(r, 6, 33, "42712", "bound variable \"a\" shadows a bound variable");
}
END_TEST

START_TEST(ordering_on_unordered_enum)
{
	CareRuleset *r = compile_reqs("", "  require every a in audit: a.kind > ad\n"
								  "  require every f in finding: f.severity > low\n");

	ck_diag(r, 3, 29, "42804", "enum audit_kind is not ordered");
	ck_assert_int_eq(nerrors(r), 1);
}
END_TEST

START_TEST(field_on_non_row)
{
	CareRuleset *r = compile_reqs("", "  require as_of.year = 1\n");

	ck_diag(r, 3, 11, "42804", "date is not a row: it has no field \"year\"");
}
END_TEST

START_TEST(field_on_collection)
{
	CareRuleset *r = compile_reqs("", "  require audit.kind = ad\n");

	ck_diag(r, 3, 11, "42804", "a collection of audit has no field \"kind\"");
	ck_hint(r, 3, 11, "collection", "every x in S");
}
END_TEST

START_TEST(require_needs_boolean)
{
	CareRuleset *r = compile_reqs("", "  require count(audit)\n");

	ck_diag(r, 3, 11, "42804", "require needs a boolean condition, not integer");
}
END_TEST

START_TEST(unused_declarations_are_warnings)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "param unused integer = 1\n"
							 "def helper(x integer) = x > 1\n"
							 "objective o { let l = 1 require true }\neligible when o\n");
	const CareDiag *d = find_diag(r, 2, 7, "param \"unused\" is never used");

	ck_ok(r);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->severity, CARE_WARNING);
	ck_assert_str_eq(d->sqlstate, "01000");
	ck_diag(r, 3, 5, "01000", "def \"helper\" is never used");
	ck_diag(r, 4, 19, "01000", "let \"l\" is never used");
	ck_assert_ptr_nonnull(r->verdict_sql);
}
END_TEST

START_TEST(missing_eligible_when)
{
	CareRuleset *r = compile("ruleset t version 1\nobjective o { require true }\n");

	ck_diag(r, 2, 29, "42601", "ruleset has no \"eligible when\"");
	ck_hint(r, 2, 29, "eligible", "eligible when");
}
END_TEST

START_TEST(eligible_when_twice)
{
	CareRuleset *r = compile("ruleset t version 1\nobjective o { require true }\neligible when o\neligible when o\n");

	ck_diag(r, 4, 1, "42710", "\"eligible when\" is given twice");
}
END_TEST

START_TEST(objective_without_requirements)
{
	CareRuleset *r = compile("ruleset t version 1\nobjective o { let x = 1 }\neligible when o\n");

	ck_diag(r, 2, 11, "42P17", "objective \"o\" has no requirement");
}
END_TEST

START_TEST(bad_literals)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "param g interval = '45 dais'\n"
							 "param d date = date '2025-02-30'\n"
							 "param n integer = 99999999999999999999\n"
							 "param e integer = 1 + 1\n"
							 "param s severity = 'urgent'\n"
							 "objective o { require g > '1 day' and d < as_of and n > e and s > low }\neligible when o\n");

	ck_diag(r, 2, 20, "22007", "invalid interval literal '45 dais': expected a unit");
	ck_hint(r, 2, 20, "interval", "'45 days'");
	ck_diag(r, 3, 16, "22007", "invalid date literal '2025-02-30'");
	ck_diag(r, 4, 19, "22003", "integer literal 99999999999999999999 is out of range");
	ck_diag(r, 5, 19, "22023", "default of param \"e\" must be a literal");
	ck_diag(r, 6, 20, "22P02", "invalid value 'urgent' for enum severity");
}
END_TEST

START_TEST(param_types)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "param a integr = 1\n"
							 "param b audit = 1\n"
							 "param c integer = 1.5\n"
							 "param as_of date = '2025-01-01'\n"
							 "objective o { require a = b and c = 1 }\neligible when o\n");

	ck_diag(r, 2, 9, "42704", "type \"integr\" does not exist");
	ck_hint(r, 2, 9, "integr", "\"integer\"");
	ck_diag(r, 3, 9, "42704", "type \"audit\" does not exist");
	ck_hint(r, 3, 9, "audit", "A param holds a value, not a row.");
	ck_diag(r, 4, 19, "42804", "default of param \"c\" must be integer, not numeric");
	ck_diag(r, 5, 7, "42710", "param \"as_of\" would hide the evaluation date as_of");
}
END_TEST

START_TEST(def_arguments)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "def f(a audit, n integer) = a.ad_level > n\n"
							 "objective o {\n"
							 "  require every a in audit: f(a)\n"
							 "  require every x in finding: f(x, 1)\n"
							 "  require every a in audit: f(a, 'x')\n"
							 "}\neligible when o\n");

	ck_diag(r, 4, 29, "42883", "def \"f\" takes 2 arguments, not 1");
	ck_diag(r, 5, 33, "42804", "argument 1 of def \"f\" must be row of audit, not row of finding");
	ck_diag(r, 6, 34, "42804", "argument 2 of def \"f\" must be integer, not text");
}
END_TEST

START_TEST(builtin_misuse)
{
	CareRuleset *r = compile_reqs("", "  require coalesce(1, as_of) = 1\n"
								  "  require sum(audit) > 0\n"
								  "  require avg(a.kind for a in audit) > 0\n"
								  "  require median(a.ad_level for a in audit) > 0\n");

	ck_diag(r, 3, 23, "42804", "coalesce arguments must have one type: integer and date");
	ck_diag(r, 4, 11, "42804", "sum of a collection needs a value to aggregate");
	ck_diag(r, 5, 11, "42804", "avg cannot aggregate audit_kind values");
	ck_diag(r, 6, 11, "42883", "\"median\" is not an aggregate");
}
END_TEST

START_TEST(more_type_errors)
{
	CareRuleset *r = compile_reqs("", "  require (latest audit by kind).id > 0\n"
								  "  require exists latest 0 audit by performed_on\n"
								  "  require integer '3' = 3\n"
								  "  require (if true then 1 else as_of) = 1\n"
								  "  require latest audit by performed_on is null\n"
								  "  require any = 1\n"
								  "  require every f in finding: f.title > 'a' else \"{latest audit by performed_on}\"\n");

	ck_diag(r, 3, 12, "42804", "latest cannot order by field \"kind\" of type audit_kind");
	ck_diag(r, 4, 18, "22023", "latest takes between 1 and 100000 rows, not 0");
	ck_diag(r, 5, 11, "42704", "\"integer '...'\" is not a literal");
	ck_diag(r, 6, 12, "42804", "if branches have different types: integer and date");
	ck_diag(r, 7, 11, "42804", "is null takes a value, not row of audit");
	ck_diag(r, 8, 11, "42601", "\"any\" is a keyword here");
	ck_diag(r, 9, 52, "42804", "a message can show a value, not row of audit");
}
END_TEST

START_TEST(names_that_would_hide_others)
{
	CareRuleset *r = compile("ruleset t version 1\n"
							 "param audit integer = 1\n"
							 "def count(a audit) = true\n"
							 "def f(as_of date) = as_of > as_of\n"
							 "objective o { let finding = 1 require f('2025-01-01') and finding > 0 and count(audit) > audit }\n"
							 "eligible when o\n");

	ck_diag(r, 2, 7, "42710", "param \"audit\" would hide a source");
	ck_diag(r, 3, 5, "42710", "def \"count\" would hide the built-in function of that name");
	ck_diag(r, 4, 7, "42712", "parameter \"as_of\" of def \"f\" shadows the evaluation date as_of");
	ck_diag(r, 5, 19, "42712", "let \"finding\" shadows another name in objective \"o\"");
}
END_TEST

START_TEST(exists_needs_a_collection_or_row)
{
	CareRuleset *r = compile_reqs("", "  require exists as_of\n  require exists latest audit by performed_on\n");

	ck_diag(r, 3, 11, "42804", "exists needs a collection, not date");
	ck_assert_int_eq(nerrors(r), 1);
}
END_TEST

START_TEST(literals_take_their_type_from_any_operand)
{
	CareRuleset *r = compile_reqs("param gap interval = '1 day'\n",
								  "  require every f in finding: 'x' in (f.title, f.cve) or critical in (max(g.severity for g in finding), f.severity)\n"
								  "  require '2024-02-29' between '2024-01-01' and as_of and '2024-02-29' - gap < as_of\n"
								  "  require '1 month' * 7 > gap and 2 * '1 day' = '2 days'\n"
								  "  require '45 days' + '1 month' > gap and '2025-01-01' + '1 day' < as_of and '2025-02-01' - '2025-01-01' > gap\n");

	ck_ok(r);
	ck_contains(r->verdict_sql, "(E'x'::text IN (t1.\"title\", t1.\"cve\"))");
	ck_contains(r->verdict_sql, "(E'2024-02-29'::date BETWEEN E'2024-01-01'::date AND $2)");
	ck_contains(r->verdict_sql, "CAST(E'2024-02-29'::date - $3 AS date)");
	ck_contains(r->verdict_sql, "(E'1 month'::interval * 7)");
	ck_contains(r->verdict_sql, "(E'45 days'::interval + E'1 month'::interval)");
	ck_contains(r->verdict_sql, "CAST(E'2025-01-01'::date + E'1 day'::interval AS date)");
	ck_contains(r->verdict_sql, "pg_catalog.make_interval(0, 0, 0, E'2025-02-01'::date - E'2025-01-01'::date)");
}
END_TEST

START_TEST(diagnostics_are_capped)
{
	char	   *text = malloc(200000);
	size_t		n = 0;
	int			i;
	CareRuleset *r;

	n += (size_t) sprintf(text + n, "ruleset t version 1\nobjective o {\n");
	for (i = 0; i < 300; i++)
		n += (size_t) sprintf(text + n, "  require nope%d\n", i);
	sprintf(text + n, "}\neligible when o\n");
	r = compile(text);
	ck_assert_int_eq(r->ndiags, CARE_MAX_DIAGS);
	ck_assert(!r->ok);
	ck_contains(r->diags[CARE_MAX_DIAGS - 1].message, "too many diagnostics");
	free(text);
}
END_TEST

START_TEST(messages_follow_core_style)
{
	size_t		len;
	char	   *text = ruleset_file("errors.care", &len);
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);
	int			i;

	ck_assert_int_gt(r->ndiags, 5);
	for (i = 0; i < r->ndiags; i++)
	{
		const char *m = r->diags[i].message;
		size_t		l = strlen(m);

		ck_assert_msg(!(m[0] >= 'A' && m[0] <= 'Z'), "capitalized: %s", m);
		ck_assert_msg(m[l - 1] != '.', "final period: %s", m);
		if (r->diags[i].hint)
			ck_assert_msg(r->diags[i].hint[strlen(r->diags[i].hint) - 1] == '.' ||
						  r->diags[i].hint[strlen(r->diags[i].hint) - 1] == '?', "hint: %s", r->diags[i].hint);
		if (i > 0)
			ck_assert_uint_ge(r->diags[i].span.offset, r->diags[i - 1].span.offset);
	}
	free(text);
}
END_TEST

/* The checker suite. */
static Suite *
check_suite(void)
{
	Suite	   *s = suite_create("lang_check");
	TCase	   *tc = tcase_create("diagnostics");

	tcase_add_checked_fixture(tc, lang_setup, lang_teardown);
	tcase_add_test(tc, unknown_source_suggests);
	tcase_add_test(tc, unknown_source_lists_the_sources);
	tcase_add_test(tc, schema_qualified_source_is_refused_with_a_hint);
	tcase_add_test(tc, unknown_field_suggests);
	tcase_add_test(tc, unknown_link_suggests);
	tcase_add_test(tc, unknown_param_suggests);
	tcase_add_test(tc, unknown_def_suggests);
	tcase_add_test(tc, unknown_objective_in_eligible_suggests);
	tcase_add_test(tc, unknown_enum_label_suggests);
	tcase_add_test(tc, quoted_enum_label_is_checked);
	tcase_add_test(tc, label_without_context_explains);
	tcase_add_test(tc, operator_type_mismatch_names_both_types);
	tcase_add_test(tc, several_type_errors_in_one_pass);
	tcase_add_test(tc, date_arithmetic_types);
	tcase_add_test(tc, duplicate_names);
	tcase_add_test(tc, def_calling_itself_or_later);
	tcase_add_test(tc, aggregate_over_non_collection);
	tcase_add_test(tc, quantifier_over_scalar);
	tcase_add_test(tc, quantifier_over_row);
	tcase_add_test(tc, bound_variable_shadowing);
	tcase_add_test(tc, ordering_on_unordered_enum);
	tcase_add_test(tc, field_on_non_row);
	tcase_add_test(tc, field_on_collection);
	tcase_add_test(tc, require_needs_boolean);
	tcase_add_test(tc, unused_declarations_are_warnings);
	tcase_add_test(tc, missing_eligible_when);
	tcase_add_test(tc, eligible_when_twice);
	tcase_add_test(tc, objective_without_requirements);
	tcase_add_test(tc, bad_literals);
	tcase_add_test(tc, param_types);
	tcase_add_test(tc, def_arguments);
	tcase_add_test(tc, builtin_misuse);
	tcase_add_test(tc, more_type_errors);
	tcase_add_test(tc, names_that_would_hide_others);
	tcase_add_test(tc, exists_needs_a_collection_or_row);
	tcase_add_test(tc, literals_take_their_type_from_any_operand);
	tcase_add_test(tc, diagnostics_are_capped);
	tcase_add_test(tc, messages_follow_core_style);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(check_suite());
}
