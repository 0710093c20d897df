/*
 * check_lang_sql.c — the generated SQL: its shape (key fragments, not
 * whole dumps), the bind-parameter contract, one code path for the two
 * verdict forms, three-valued logic, strictness, quoting.
 */
#include "check_lang.h"

/* Compile the D1 example. */
static CareRuleset *
d1(void)
{
	size_t		len;
	char	   *text = ruleset_file("care_d1.care", &len);
	CareRuleset *r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);

	free(text);
	ck_ok(r);
	return r;
}

/* Compile one requirement in an otherwise empty ruleset. */
static CareRuleset *
req(const char *decls, const char *expr)
{
	static char text[8192];

	snprintf(text, sizeof text, "ruleset t version 1\n%s\nobjective o { require %s }\neligible when o\n",
			 decls, expr);
	return compile(text);
}

/* The text between start and the next end, after start (malloc), or NULL. */
static char *
between(const char *s, const char *start, const char *end)
{
	const char *a = strstr(s, start);
	const char *b;

	if (a == NULL)
		return NULL;
	a += strlen(start);
	b = strstr(a, end);
	if (b == NULL)
		return NULL;
	return strndup(a, (size_t) (b - a));
}

/* Replace every "(SELECT gN.x FROM gN)" by "gN.x": a derived table read per id. */
static char *
unwrap_table_reads(const char *s)
{
	char	   *out = malloc(strlen(s) + 1);
	char	   *o = out;

	while (*s)
	{
		if (strncmp(s, "(SELECT g", 9) == 0)
		{
			const char *from = strstr(s, " FROM g");
			const char *close = from ? strchr(from, ')') : NULL;

			if (from != NULL && close != NULL && memchr(s, '(', (size_t) (from - s)) == s)
			{
				memcpy(o, s + 8, (size_t) (from - s - 8));
				o += from - s - 8;
				s = close + 1;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

START_TEST(verdict_and_evaluate_come_from_one_generation)
{
	CareRuleset *r = d1();
	char	   *qv = between(r->verdict_sql, "CROSS JOIN LATERAL (SELECT ", ") AS q\n");
	char	   *qs = between(r->evaluate_sql, "CROSS JOIN LATERAL (SELECT ", ") AS q\n");
	char	   *unwrapped;

	/* the same requirements, read from the derived tables in each form's way */
	ck_assert_ptr_nonnull(qv);
	ck_assert_ptr_nonnull(qs);
	unwrapped = unwrap_table_reads(qv);
	ck_assert_str_eq(unwrapped, qs);
	ck_contains(qv, "(SELECT g2.\"m1\" FROM g2) AS \"r3\"");
	ck_contains(qs, "g2.\"m1\" AS \"r3\"");
	/* the same derived tables: joined for every establishment, CTEs filtered on $1 per id */
	ck_assert_int_eq(count_of(r->evaluate_sql, "\nLEFT JOIN ("), 4);
	ck_assert_int_eq(count_of(r->evaluate_sql, "ON g"), 4);
	ck_contains(r->evaluate_sql, ") AS g4 ON g4.\"eid\" = e.\"id\"");
	ck_contains(r->verdict_sql, "\n     g4 AS (SELECT t1.\"establishment_id\" AS \"eid\"");
	ck_lacks(r->verdict_sql, "LEFT JOIN");
	ck_lacks(r->evaluate_sql, "$1");
	ck_lacks(r->evaluate_sql, "ORDER BY x");
	ck_contains(r->verdict_sql, "FROM \"care\".\"establishment\" AS e\n");
	ck_contains(r->verdict_sql, "\nWHERE e.\"id\" = $1");
	free(qv);
	free(qs);
	free(unwrapped);
}
END_TEST

START_TEST(verdict_columns_and_json)
{
	CareRuleset *r = d1();

	ck_contains(r->verdict_sql, "SELECT e.\"id\" AS \"establishment_id\",");
	ck_contains(r->verdict_sql, "COALESCE(v.\"eligible\", false) AS \"eligible\"");
	ck_contains(r->verdict_sql, "CASE v.\"eligible\" WHEN true THEN E'met' WHEN false THEN E'failed' ELSE E'unknown' END AS \"verdict\"");
	ck_contains(r->verdict_sql, "pg_catalog.jsonb_build_object(E'D1.O2.B'::text, CASE o.\"o1\" WHEN true THEN E'met'");
	ck_contains(r->verdict_sql, "AS \"objectives\"");
	ck_contains(r->verdict_sql, "(q.\"r1\" AND q.\"r2\" AND q.\"r3\") AS \"o1\"");
	ck_contains(r->verdict_sql, "(o.\"o1\" AND o.\"o2\") AS \"eligible\"");
	/*
	 * every establishment: the requirements read the derived tables' columns
	 * only, cheap to copy, so q is not fenced (no node per establishment)
	 */
	ck_lacks(r->evaluate_sql, "OFFSET 0");
	ck_contains(r->evaluate_sql, "AS \"eligible\") AS v");
	/*
	 * per id: nothing fenced, so that when only eligible is read an and that
	 * is decided skips the rest (the derived tables are read lazily)
	 */
	ck_lacks(r->verdict_sql, "OFFSET 0");
	/* explain reads every requirement several times: fenced */
	ck_contains(r->explain_sql, "\n  OFFSET 0) AS q");
}
END_TEST

START_TEST(requirements_with_subqueries_are_fenced)
{
	CareRuleset *r = req("", "any a in audit: establishment.kind = ght");

	ck_ok(r);
	/* a correlated subquery in q: fenced, computed once per establishment, not once per use */
	ck_contains(r->evaluate_sql, "\n  OFFSET 0) AS q");
	ck_lacks(r->verdict_sql, "OFFSET 0");
	ck_contains(r->explain_sql, "\n  OFFSET 0) AS q");
}
END_TEST

START_TEST(params_are_bound_in_order)
{
	CareRuleset *r = d1();

	ck_assert_int_eq(r->nparams, 4);
	ck_assert_str_eq(r->params[0].name, "min_gap");
	ck_assert_str_eq(r->params[0].type_name, "interval");
	ck_assert_str_eq(r->params[0].sql_type, "interval");
	ck_assert_str_eq(r->params[0].default_sql, "E'45 days'::interval");
	ck_assert_str_eq(r->params[0].default_text, "'45 days'");
	ck_assert_str_eq(r->params[2].sql_type, "bigint");
	ck_assert_str_eq(r->params[2].default_sql, "2::bigint");
	ck_assert_str_eq(r->params[3].sql_type, "numeric");
	ck_assert_str_eq(r->params[3].default_sql, "9.0::numeric");
	ck_assert_int_eq(r->params[3].span.line, 8);
	/* never inlined: min_gap and max_gap are $3 and $4, as_of is $2 */
	ck_contains(r->verdict_sql, "BETWEEN $3 AND $4");
	ck_contains(r->verdict_sql, "\"performed_on\" <= $2");
	ck_contains(r->verdict_sql, ">= $6");
	ck_lacks(r->verdict_sql, "45 days");
}
END_TEST

START_TEST(enum_param_types)
{
	CareRuleset *r = req("param worst severity = high\nparam d date = '2025-01-01'\nparam b boolean = false",
						 "b or every f in finding: f.severity < worst and d < as_of");

	ck_ok(r);
	ck_assert_str_eq(r->params[0].sql_type, "\"care\".\"severity\"");
	ck_assert_str_eq(r->params[0].default_sql, "E'high'::\"care\".\"severity\"");
	ck_assert_str_eq(r->params[0].default_text, "high");
	ck_assert_str_eq(r->params[1].default_sql, "E'2025-01-01'::date");
	ck_assert_str_eq(r->params[2].default_sql, "false");
}
END_TEST

START_TEST(navigation_keeps_the_establishment_column)
{
	CareRuleset *r = d1();

	/*
	 * a.findings: (id, establishment_id) = (audit_id, establishment_id); per
	 * id the establishment pair is the constant, for every establishment the
	 * column (no redundant outer reference)
	 */
	ck_contains(r->verdict_sql, "t2.\"audit_id\" = t1.\"id\" AND t2.\"establishment_id\" = $1 AND");
	ck_contains(r->evaluate_sql, "t2.\"audit_id\" = t1.\"id\" AND t2.\"establishment_id\" = t1.\"establishment_id\" AND");
	ck_lacks(r->evaluate_sql, "\"establishment_id\" = e.\"id\"");
	/* per id, every source is filtered by the establishment */
	ck_contains(r->verdict_sql, "FROM \"care\".\"ad_domain\" AS t1 WHERE t1.\"establishment_id\" = $1");
	ck_contains(r->verdict_sql, "FROM \"care\".\"audit\" AS t2 WHERE t2.\"establishment_id\" = $1 AND");
	/* for every establishment, a source inside a derived table is tied to its base */
	ck_contains(r->evaluate_sql, "FROM \"care\".\"audit\" AS t2 WHERE t2.\"establishment_id\" = t1.\"establishment_id\" AND");
}
END_TEST

START_TEST(latest_orders_by_field_then_key)
{
	CareRuleset *r = d1();

	/* performed_on is never null: the index (establishment_id, kind, performed_on DESC) gives the order */
	ck_contains(r->evaluate_sql, "ORDER BY t1.\"establishment_id\", t1.\"performed_on\" DESC, t1.\"id\" DESC) AS g2");
	ck_contains(r->evaluate_sql, "ORDER BY t2.\"performed_on\" DESC, t2.\"id\" DESC LIMIT 1)");
	ck_lacks(r->verdict_sql, "NULLS LAST");
	ck_lacks(r->evaluate_sql, "NULLS LAST");
	ck_lacks(r->explain_sql, "NULLS LAST");
}
END_TEST

START_TEST(latest_skips_null_values)
{
	CareRuleset *r = req("", "(latest finding by resolved_on).severity > none");

	ck_ok(r);
	ck_contains(r->verdict_sql, "t1.\"establishment_id\" = $1 AND t1.\"resolved_on\" IS NOT NULL ORDER BY t1.\"establishment_id\", t1.\"resolved_on\" DESC NULLS LAST, t1.\"id\" DESC");
	ck_contains(r->explain_sql, "t1.\"resolved_on\" IS NOT NULL ORDER BY t1.\"resolved_on\" DESC NULLS LAST, t1.\"id\" DESC LIMIT 1");
}
END_TEST

START_TEST(def_on_bound_row_inlines_with_its_alias)
{
	CareRuleset *r = req("def clean(a audit) = none f in a.findings: f.severity = critical", "any a in audit: clean(a)");

	ck_ok(r);
	/* clean(a) reads the findings of a through its alias: no lookup of a itself */
	ck_contains(r->evaluate_sql, "SELECT DISTINCT t1.\"establishment_id\" AS \"eid\" FROM \"care\".\"audit\" AS t1 WHERE "
				"(NOT EXISTS (SELECT 1 FROM \"care\".\"finding\" AS t2 WHERE t2.\"audit_id\" = t1.\"id\"");
	ck_assert_int_eq(count_of(r->evaluate_sql, "\"care\".\"audit\" AS"), 1);
}
END_TEST

START_TEST(quantifier_with_non_null_predicate_is_distinct_with_where)
{
	CareRuleset *r = d1();

	/* any a, b ...: the establishments with a witness, the predicate in WHERE */
	ck_contains(r->evaluate_sql, "LEFT JOIN (SELECT DISTINCT t1.\"establishment_id\" AS \"eid\" FROM l1 AS t1, l1 AS t2 WHERE t2.\"establishment_id\" = t1.\"establishment_id\" AND ");
	ck_contains(r->evaluate_sql, "(g1.\"eid\" IS NOT NULL) AS \"r2\"");
	/* every d ...: the establishments with a counter-example; NOT EXISTS stays in WHERE (an anti join) */
	ck_contains(r->evaluate_sql, "(SELECT DISTINCT t1.\"establishment_id\" AS \"eid\" FROM \"care\".\"ad_domain\" AS t1 WHERE NOT EXISTS (SELECT 1 FROM \"care\".\"audit\" AS t2 WHERE");
	ck_contains(r->evaluate_sql, "(g3.\"eid\" IS NULL) AS \"r5\"");
	ck_lacks(r->verdict_sql, "bool_and");
	ck_lacks(r->verdict_sql, "bool_or");
}
END_TEST

START_TEST(correlated_quantifier_with_non_null_predicate_uses_exists)
{
	CareRuleset *r = req("", "every d in ad_domain: none a in audit where ad_domain = d: a.kind = ad");

	ck_ok(r);
	/* the inner quantifier refers to d: it stays correlated to it, inside the outer's table */
	ck_contains(r->evaluate_sql, "WHERE NOT (NOT EXISTS (SELECT 1 FROM \"care\".\"audit\" AS t2 WHERE t2.\"establishment_id\" = t1.\"establishment_id\" AND (t2.\"ad_domain_id\" = t1.\"id\")");
	ck_contains(r->verdict_sql, "(NOT EXISTS (SELECT 1 FROM \"care\".\"audit\" AS t2 WHERE t2.\"establishment_id\" = $1 AND (t2.\"ad_domain_id\" = t1.\"id\")");
}
END_TEST

START_TEST(quantifier_with_nullable_predicate_is_kleene)
{
	CareRuleset *r = d1();

	/* level(latest ...) may be null (no audit): every must give null, not true */
	ck_contains(r->evaluate_sql, "(SELECT t1.\"establishment_id\" AS \"eid\", pg_catalog.min(CASE ((SELECT COALESCE(t2.\"ad_level\"");
	ck_contains(r->evaluate_sql, ">= $5) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END) AS \"a1\" FROM \"care\".\"ad_domain\" AS t1 GROUP BY t1.\"establishment_id\") AS g4");
	/* no domain: no row, the min reads null, every is true */
	ck_contains(r->evaluate_sql, "CASE g4.\"a1\" WHEN 0 THEN false WHEN 1 THEN NULL ELSE true END AS \"r6\"");
}
END_TEST

START_TEST(correlated_quantifier_with_nullable_predicate_is_kleene)
{
	CareRuleset *r = req("", "every d in ad_domain: every a in audit where ad_domain = d: a.ad_level > 1");

	ck_ok(r);
	ck_contains(r->verdict_sql, "(SELECT CASE pg_catalog.min(k4.\"c\") WHEN 0 THEN false WHEN 1 THEN NULL ELSE true END FROM \"care\".\"audit\" AS t2, "
				"LATERAL (SELECT CASE (t2.\"ad_level\" > 1) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END AS \"c\") AS k4 WHERE t2.\"establishment_id\" = $1 AND (t2.\"ad_domain_id\" = t1.\"id\"))");
}
END_TEST

START_TEST(any_and_none_kleene_forms)
{
	CareRuleset *r = req("", "(any a in audit: a.ad_level > 1) or (none f in finding: f.cvss_score > 5)");

	ck_ok(r);
	ck_contains(r->evaluate_sql, "(SELECT t1.\"establishment_id\" AS \"eid\", pg_catalog.max(CASE (t1.\"ad_level\" > 1) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END) AS \"a1\" FROM \"care\".\"audit\" AS t1 GROUP BY t1.\"establishment_id\") AS g1");
	ck_contains(r->evaluate_sql, "pg_catalog.max(CASE (t1.\"cvss_score\" > 5) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END) AS \"a2\" FROM \"care\".\"finding\" AS t1");
	/* no row: any false, none true */
	ck_contains(r->evaluate_sql, "(CASE g1.\"a1\" WHEN 2 THEN true WHEN 1 THEN NULL ELSE false END OR CASE g2.\"a2\" WHEN 2 THEN false WHEN 1 THEN NULL ELSE true END)");
}
END_TEST

START_TEST(every_with_non_null_predicate)
{
	CareRuleset *r = req("", "every f in finding: f.severity <= high");

	ck_ok(r);
	ck_contains(r->verdict_sql, "g1 AS (SELECT DISTINCT t1.\"establishment_id\" AS \"eid\" FROM \"care\".\"finding\" AS t1 WHERE t1.\"establishment_id\" = $1 AND NOT (t1.\"severity\" <= E'high'::\"care\".\"severity\"))");
	ck_contains(r->evaluate_sql, "(SELECT DISTINCT t1.\"establishment_id\" AS \"eid\" FROM \"care\".\"finding\" AS t1 WHERE NOT (t1.\"severity\" <= E'high'::\"care\".\"severity\")) AS g1");
	ck_contains(r->evaluate_sql, "(g1.\"eid\" IS NULL) AS \"r1\"");
}
END_TEST

START_TEST(def_is_strict_on_missing_rows)
{
	CareRuleset *r = d1();

	/* level(latest ...) is one scalar subquery over the latest row: null when there is none */
	ck_contains(r->verdict_sql, "(SELECT COALESCE(t2.\"ad_level\", (SELECT pg_catalog.min(k5.\"v\") FROM \"care\".\"finding\" AS t4, LATERAL (SELECT t4.\"checkpoint_level\" AS \"v\") AS k5");
	ck_contains(r->verdict_sql, "ORDER BY t2.\"performed_on\" DESC, t2.\"id\" DESC LIMIT 1) >= $5)");
}
END_TEST

START_TEST(def_is_strict_on_null_scalars)
{
	CareRuleset *r = req("def big(n integer) = n > 3", "every a in audit: big(a.ad_level)");

	ck_ok(r);
	ck_contains(r->verdict_sql, "(SELECT (p2.\"v\" > 3) FROM (SELECT t1.\"ad_level\" AS \"v\") AS p2 WHERE p2.\"v\" IS NOT NULL)");
	/* so the quantifier is Kleene */
	ck_contains(r->verdict_sql, "pg_catalog.min(CASE (SELECT (p2.\"v\" > 3)");
}
END_TEST

START_TEST(collection_from_missing_row_is_null)
{
	CareRuleset *r = req("", "none f in (latest audit by performed_on).findings: f.severity = critical");

	ck_ok(r);
	/* the latest audit is a derived table's row; the quantifier over its findings is null without it */
	ck_contains(r->evaluate_sql, "CASE WHEN g1.\"eid\" IS NOT NULL THEN (NOT EXISTS (SELECT 1 FROM \"care\".\"finding\" AS t1 WHERE t1.\"audit_id\" = g1.\"id\" AND t1.\"establishment_id\" = g1.\"establishment_id\"");
	ck_contains(r->verdict_sql, "CASE WHEN (SELECT g1.\"eid\" FROM g1) IS NOT NULL THEN (NOT EXISTS (SELECT 1 FROM \"care\".\"finding\" AS t1 WHERE t1.\"audit_id\" = (SELECT g1.\"id\" FROM g1) AND t1.\"establishment_id\" = $1");
	/* the table gives the columns read through the row, no more */
	ck_contains(r->evaluate_sql, "SELECT DISTINCT ON (t1.\"establishment_id\") t1.\"establishment_id\" AS \"eid\", t1.\"id\", t1.\"establishment_id\" FROM \"care\".\"audit\" AS t1 ORDER BY");
}
END_TEST

START_TEST(field_of_missing_row_is_null)
{
	CareRuleset *r = req("", "(latest audit by performed_on).ad_level >= 2");

	ck_ok(r);
	/* a derived table's missing row reads null */
	ck_contains(r->evaluate_sql, "(g1.\"ad_level\" >= 2) AS \"r1\"");
	ck_contains(r->verdict_sql, "((SELECT g1.\"ad_level\" FROM g1) >= 2) AS \"r1\"");
	/* explain's own subqueries stay correlated */
	ck_contains(r->explain_sql, "(SELECT t1.\"ad_level\" FROM \"care\".\"audit\" AS t1 WHERE t1.\"establishment_id\" = $1 ORDER BY t1.\"performed_on\" DESC, t1.\"id\" DESC LIMIT 1)");
}
END_TEST

START_TEST(to_one_link_compares_keys_without_lookup)
{
	CareRuleset *r = req("", "every d in ad_domain: exists audit where ad_domain = d");

	ck_ok(r);
	ck_contains(r->verdict_sql, "(t2.\"ad_domain_id\" = t1.\"id\")");
}
END_TEST

START_TEST(exists_of_a_row)
{
	CareRuleset *r = req("", "exists establishment.parent and exists (latest audit by performed_on)"
						 " and every a in audit: exists a");

	ck_ok(r);
	ck_contains(r->evaluate_sql, "(EXISTS (SELECT 1 FROM \"care\".\"establishment\" AS t1 WHERE t1.\"id\" = e.\"parent_id\")");
	/* a derived table's row exists when its key is not null */
	ck_contains(r->evaluate_sql, "AND (g1.\"eid\" IS NOT NULL))");
	ck_contains(r->evaluate_sql, "WHERE NOT true) AS g2");	/* a bound row is always there */
}
END_TEST

START_TEST(aggregate_of_outer_values_stays_inner)
{
	/* SQL would evaluate max(t1.x) at the outer level: the LATERAL item prevents it */
	CareRuleset *r = req("", "every a in audit: any f in finding: a.ad_level > 2");

	ck_ok(r);
	ck_contains(r->verdict_sql, "FROM \"care\".\"finding\" AS t2, LATERAL (SELECT CASE (t1.\"ad_level\" > 2) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END AS \"c\") AS k3");
}
END_TEST

START_TEST(latest_of_a_latest_is_lateral)
{
	/* the inner derived table reads a sibling FROM item: it must be LATERAL */
	CareRuleset *r = req("", "exists latest (latest audit by performed_on).findings by resolved_on");

	ck_ok(r);
	ck_contains(r->evaluate_sql, "EXISTS (SELECT 1 FROM LATERAL (SELECT t1.* FROM \"care\".\"finding\" AS t1 WHERE t1.\"audit_id\" = g1.\"id\"");
	ck_contains(r->explain_sql, "LIMIT 1) AS t1, LATERAL (SELECT t2.* FROM \"care\".\"finding\" AS t2 WHERE t2.\"audit_id\" = t1.\"id\"");
}
END_TEST

START_TEST(division_by_zero_is_null)
{
	CareRuleset *r = req("", "count(finding) / count(audit) > 1");

	ck_ok(r);
	ck_contains(r->evaluate_sql, "(CAST(COALESCE(g1.\"a1\", 0) AS numeric) / NULLIF(COALESCE(g2.\"a2\", 0), 0))");
}
END_TEST

START_TEST(date_arithmetic_in_sql)
{
	CareRuleset *r = req("param gap interval = '1 month'",
						 "every a in audit: a.performed_on - as_of < gap and a.performed_on + gap > as_of and as_of - 3 < as_of");

	ck_ok(r);
	ck_contains(r->verdict_sql, "pg_catalog.make_interval(0, 0, 0, t1.\"performed_on\" - $2)");
	ck_contains(r->verdict_sql, "CAST(t1.\"performed_on\" + $3 AS date)");
	ck_contains(r->verdict_sql, "($2 - CAST(3 AS integer))");
}
END_TEST

START_TEST(if_with_unknown_condition_is_unknown)
{
	CareRuleset *r = req("", "every a in audit: (if a.ad_level > 2 then 1 else 0) = 1");

	ck_ok(r);
	ck_contains(r->verdict_sql, "CASE WHEN (t1.\"ad_level\" > 2) THEN 1 WHEN NOT (t1.\"ad_level\" > 2) THEN 0 END");
}
END_TEST

START_TEST(aggregates_of_empty)
{
	CareRuleset *r = req("", "sum(f.checkpoint_level for f in finding) = 0 and count(f.cve for f in finding where f.severity = critical) = 0"
						 " and min(a.performed_on for a in audit) < as_of and sum(a.performed_on - as_of for a in audit) < '1 day'");

	ck_ok(r);
	ck_contains(r->evaluate_sql, "(SELECT t1.\"establishment_id\" AS \"eid\", CAST(pg_catalog.sum(t1.\"checkpoint_level\") AS bigint) AS \"a1\" FROM \"care\".\"finding\" AS t1 GROUP BY t1.\"establishment_id\") AS g1");
	ck_contains(r->evaluate_sql, "pg_catalog.count(t1.\"cve\") AS \"a2\" FROM \"care\".\"finding\" AS t1 WHERE (t1.\"severity\" = E'critical'::\"care\".\"severity\") GROUP BY t1.\"establishment_id\") AS g2");
	/* an establishment without rows: count and sum 0, min null */
	ck_contains(r->evaluate_sql, "(COALESCE(g1.\"a1\", 0) = 0)");
	ck_contains(r->evaluate_sql, "(COALESCE(g2.\"a2\", 0) = 0)");
	ck_contains(r->evaluate_sql, "(g3.\"a3\" < $2)");
	ck_contains(r->evaluate_sql, "(COALESCE(g3.\"a4\", E'0 days'::interval) < E'1 day'::interval)");
	/* min and sum over audit: one table */
	ck_contains(r->evaluate_sql, "pg_catalog.min(t1.\"performed_on\") AS \"a3\", pg_catalog.sum(pg_catalog.make_interval(0, 0, 0, t1.\"performed_on\" - $2)) AS \"a4\" FROM \"care\".\"audit\" AS t1 GROUP BY");
}
END_TEST

START_TEST(root_and_its_links)
{
	CareRuleset *r = req("", "establishment.kind = ght and establishment.id > 0 and establishment.parent.region = '11'"
						 " and every c in candidacy: c.establishment.name <> ''");

	ck_ok(r);
	ck_contains(r->verdict_sql, "(e.\"kind\" = E'ght'::\"care\".\"establishment_kind\")");
	ck_contains(r->verdict_sql, "($1 > 0)");
	ck_contains(r->evaluate_sql, "(e.\"id\" > 0)");
	/* the parent is another establishment: no establishment filter on it */
	ck_contains(r->verdict_sql, "(SELECT t1.\"region\" FROM \"care\".\"establishment\" AS t1 WHERE t1.\"id\" = e.\"parent_id\")");
	/* candidacy.establishment keeps the establishment: the constant per id, the column otherwise */
	ck_contains(r->verdict_sql, "(SELECT t2.\"name\" FROM \"care\".\"establishment\" AS t2 WHERE t2.\"id\" = $1)");
	ck_contains(r->evaluate_sql, "(SELECT t2.\"name\" FROM \"care\".\"establishment\" AS t2 WHERE t2.\"id\" = t1.\"establishment_id\")");
}
END_TEST

START_TEST(constructs_over_one_collection_share_a_table)
{
	CareRuleset *r = req("", "exists audit and count(audit) > 1 and (exists audit where kind = ad) and exists audit"
						 " and (any a in audit: a.ad_level > 1)");

	ck_ok(r);
	/* exists, count and the Kleene any over audit: one table, exists read from it */
	ck_assert_int_eq(count_of(r->evaluate_sql, "\nLEFT JOIN ("), 2);
	ck_contains(r->evaluate_sql, "(SELECT t1.\"establishment_id\" AS \"eid\", pg_catalog.count(*) AS \"a1\", pg_catalog.max(CASE (t1.\"ad_level\" > 1) WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END) AS \"a2\" FROM \"care\".\"audit\" AS t1 GROUP BY t1.\"establishment_id\") AS g1");
	ck_assert_int_eq(count_of(r->evaluate_sql, "(g1.\"eid\" IS NOT NULL)"), 2);
	/* a where-filter is another collection */
	ck_contains(r->evaluate_sql, "(SELECT t1.\"establishment_id\" AS \"eid\" FROM \"care\".\"audit\" AS t1 WHERE (t1.\"kind\" = E'ad'::\"care\".\"audit_kind\") GROUP BY t1.\"establishment_id\") AS g2");
}
END_TEST

START_TEST(the_same_construct_twice_is_one_table)
{
	CareRuleset *r = compile(RS("objective a { require every d in ad_domain: exists audit where ad_domain = d }\n"
								"objective b { require every d in ad_domain: exists audit where ad_domain = d\n"
								"              require latest audit by performed_on = latest audit by performed_on }\n"
								"eligible when a and b\n"));

	ck_ok(r);
	ck_assert_int_eq(count_of(r->evaluate_sql, "\nLEFT JOIN ("), 2);
	ck_assert_int_eq(count_of(r->evaluate_sql, "(g1.\"eid\" IS NULL)"), 2);
	ck_contains(r->evaluate_sql, "CASE WHEN g2.\"eid\" IS NOT NULL THEN CASE WHEN g2.\"eid\" IS NOT NULL THEN (g2.\"id\" = g2.\"id\") END END");
}
END_TEST

START_TEST(let_is_computed_once_with_its_defs)
{
	CareRuleset *r = d1();

	/* the let audits: one common table expression, clean(a) computed once per audit */
	ck_contains(r->evaluate_sql, "WITH l1 AS (SELECT t1.\"establishment_id\", t1.\"performed_on\", t1.\"id\", (NOT EXISTS (SELECT 1 FROM \"care\".\"finding\" AS t2 WHERE t2.\"audit_id\" = t1.\"id\"");
	ck_contains(r->evaluate_sql, ")) AS \"m1\" FROM \"care\".\"audit\" AS t1 WHERE ((t1.\"kind\" = E'exposure'::\"care\".\"audit_kind\") AND (t1.\"performed_on\" <= $2)))\n");
	ck_contains(r->verdict_sql, ")) AS \"m1\" FROM \"care\".\"audit\" AS t1 WHERE t1.\"establishment_id\" = $1 AND ((t1.\"kind\"");
	/* the pair reads the column; so does clean(latest audits), from the latest table */
	ck_contains(r->evaluate_sql, "BETWEEN $3 AND $4) AND t1.\"m1\") AND t2.\"m1\")) AS g1");
	ck_contains(r->evaluate_sql, "SELECT DISTINCT ON (t1.\"establishment_id\") t1.\"establishment_id\" AS \"eid\", t1.\"m1\" FROM l1 AS t1 ORDER BY");
	ck_contains(r->evaluate_sql, "g2.\"m1\" AS \"r3\"");
	/* exists audits: the latest table's row */
	ck_contains(r->evaluate_sql, "(g2.\"eid\" IS NOT NULL) AS \"r1\"");
	/* three requirements, one scan of audit for them */
	ck_assert_int_eq(count_of(r->evaluate_sql, "\"care\".\"audit\" AS"), 3);
}
END_TEST

START_TEST(a_let_table_only_when_a_def_runs_on_its_bound_rows)
{
	CareRuleset *r = req("def clean(a audit) = none f in a.findings: f.severity = critical",
						 "clean(latest (audit where kind = exposure) by performed_on)");

	ck_ok(r);
	/* clean of the latest row only: a probe for it, not a def computed for every audit */
	ck_lacks(r->evaluate_sql, "WITH ");
	ck_contains(r->evaluate_sql, "(NOT EXISTS (SELECT 1 FROM \"care\".\"finding\" AS t1 WHERE t1.\"audit_id\" = g1.\"id\"");
}
END_TEST

START_TEST(per_id_filters_every_derived_table)
{
	CareRuleset *r = d1();
	char	   *g;

	g = between(r->verdict_sql, "\n     g1 AS (", "),\n");
	ck_assert_ptr_nonnull(g);
	ck_contains(g, "WHERE t1.\"establishment_id\" = $1 AND t2.\"establishment_id\" = $1 AND");
	free(g);
	g = between(r->verdict_sql, "\n     g2 AS (", "),\n");
	ck_contains(g, "FROM l1 AS t1 WHERE t1.\"establishment_id\" = $1 ORDER BY");
	free(g);
	ck_contains(r->verdict_sql, "FROM \"care\".\"ad_domain\" AS t1 WHERE t1.\"establishment_id\" = $1 GROUP BY t1.\"establishment_id\")\n");
	/* every establishment: no filter inside, the join does it */
	ck_contains(r->evaluate_sql, "FROM \"care\".\"ad_domain\" AS t1 GROUP BY t1.\"establishment_id\") AS g4 ON g4.\"eid\" = e.\"id\"");
}
END_TEST

START_TEST(nested_establishment_construct_stays_correlated)
{
	CareRuleset *r = req("", "any a in audit: a.performed_on > max(b.performed_on for b in audit) - 10");

	ck_ok(r);
	/* inside the table of any a, max(...) is tied to a's establishment */
	ck_contains(r->evaluate_sql, "(SELECT pg_catalog.max(k3.\"v\") FROM \"care\".\"audit\" AS t2, LATERAL (SELECT t2.\"performed_on\" AS \"v\") AS k3 WHERE t2.\"establishment_id\" = t1.\"establishment_id\")");
	ck_contains(r->verdict_sql, "WHERE t2.\"establishment_id\" = $1) - CAST(10 AS integer)");
	ck_assert_int_eq(count_of(r->evaluate_sql, "\nLEFT JOIN ("), 1);
}
END_TEST

START_TEST(construct_reading_the_establishment_row_stays_correlated)
{
	CareRuleset *r = req("", "any a in audit: establishment.kind = ght and a.ad_level > 1");

	ck_ok(r);
	/* a derived table cannot see e: the quantifier stays a correlated subquery */
	ck_lacks(r->evaluate_sql, "LEFT JOIN");
	ck_contains(r->evaluate_sql, "LATERAL (SELECT CASE ((e.\"kind\" = E'ght'::\"care\".\"establishment_kind\") AND (t1.\"ad_level\" > 1))");
	ck_contains(r->evaluate_sql, "WHERE t1.\"establishment_id\" = e.\"id\") AS \"r1\"");
}
END_TEST

START_TEST(derived_table_key_avoids_source_columns)
{
	CareMalloc	m;
	CareSchema *s;
	CareSchemaSource *src;
	CareRuleset *r;
	const char *text = "ruleset t version 1\n"
		"objective o { require (latest thing by n).eid > 0 }\neligible when o\n";

	care_malloc_init(&m);
	s = care_schema_new(&m.allocator);
	src = care_schema_add_source(s, "establishment", "s", "est", "id", "id", 0);
	care_schema_add_field(src, "id", "id", CARE_INTEGER, NULL, 0);
	src = care_schema_add_source(s, "thing", "s", "thing", "id", "est", 1);
	care_schema_add_field(src, "id", "id", CARE_INTEGER, NULL, 0);
	care_schema_add_field(src, "eid", "eid", CARE_INTEGER, NULL, 0);
	care_schema_add_field(src, "n", "n", CARE_INTEGER, NULL, 0);
	ck_assert_int_eq(care_schema_set_root(s, "establishment"), 0);
	r = care_compile(text, strlen(text), s, &m.allocator, NULL);
	ck_ok(r);
	/* the row's own column "eid" is read; the table's key is another name */
	ck_contains(r->evaluate_sql, "t1.\"est\" AS \"eid_1\", t1.\"eid\" FROM \"s\".\"thing\" AS t1");
	ck_contains(r->evaluate_sql, "(g1.\"eid\" > 0)");
	ck_contains(r->evaluate_sql, "ON g1.\"eid_1\" = e.\"id\"");
	care_malloc_free_all(&m);
}
END_TEST

START_TEST(every_function_is_schema_qualified)
{
	static const char *const keywords[] = {
		"COALESCE", "NULLIF", "CAST", "EXISTS", "IN", "VALUES", "ARRAY", "LATERAL", "AND", "OR", "NOT",
		"FILTER", "SELECT", "FROM", "WHERE", "THEN", "ELSE", "AS", "x", "BETWEEN", "ANY", "END", "WHEN", NULL
	};
	CareRuleset *r;
	size_t		len;
	char	   *text = ruleset_file("semantics.care", &len);
	const char *texts[3];
	int			t;

	r = care_compile(text, len, lang_schema, &lang_mem.allocator, NULL);
	ck_ok(r);
	texts[0] = r->verdict_sql;
	texts[1] = r->evaluate_sql;
	texts[2] = r->explain_sql;
	for (t = 0; t < 3; t++)
	{
		char	   *s = strdup(texts[t]);
		const char *p;
		char	   *q;
		int			in_literal = 0;

		/* blank out string literals (E'', with backslash escapes): their text is not SQL */
		for (q = s; *q; q++)
		{
			if (in_literal && *q == '\\' && q[1] != '\0')
			{
				q[0] = ' ';
				q[1] = ' ';
				q++;
			}
			else if (*q == '\'')
				in_literal = !in_literal;
			else if (in_literal)
				*q = ' ';
		}

		for (p = strchr(s, '('); p != NULL; p = strchr(p + 1, '('))
		{
			const char *w = p;
			char		word[64];
			int			k,
						known = 0;

			while (w > s && ((w[-1] >= 'a' && w[-1] <= 'z') || (w[-1] >= 'A' && w[-1] <= 'Z') || w[-1] == '_'))
				w--;
			if (w == p || (p - w) >= 63 || (w - s >= 3 && strncmp(w - 3, "AS ", 3) == 0))
				continue;		/* not a call: an alias's column list */
			memcpy(word, w, (size_t) (p - w));
			word[p - w] = '\0';
			for (k = 0; keywords[k]; k++)
				if (strcmp(word, keywords[k]) == 0)
					known = 1;
			if (known)
				continue;
			ck_assert_msg(w - s >= 11 && strncmp(w - 11, "pg_catalog.", 11) == 0,
						  "unqualified call %s( in:\n%.200s", word, w);
		}
		free(s);
	}
	free(text);
}
END_TEST

START_TEST(many_objectives_chunk_jsonb_build_object)
{
	char	   *text = malloc(100000);
	size_t		n = 0;
	int			i;
	CareRuleset *r;

	n += (size_t) sprintf(text + n, "ruleset t version 1\n");
	for (i = 0; i < 120; i++)
		n += (size_t) sprintf(text + n, "objective o%d { require exists audit }\n", i);
	n += (size_t) sprintf(text + n, "eligible when o0");
	for (i = 1; i < 120; i++)
		n += (size_t) sprintf(text + n, " and o%d", i);
	r = compile(text);
	ck_ok(r);
	/* 50 pairs (100 arguments) at most per call */
	ck_assert_int_eq(count_of(r->verdict_sql, "pg_catalog.jsonb_build_object("), 3);
	ck_contains(r->verdict_sql, ") || pg_catalog.jsonb_build_object(E'o50'::text");
	ck_contains(r->verdict_sql, ") || pg_catalog.jsonb_build_object(E'o100'::text");
	/* the same exists audit 120 times: one derived table */
	ck_assert_int_eq(count_of(r->evaluate_sql, "\nLEFT JOIN ("), 1);
	/*
	 * explain's overall message: the failed, then the unknown objectives
	 * (240 items), concat_ws of chunks of 90 items (90 + 90 + 60)
	 */
	ck_assert_int_eq(count_of(r->explain_sql, "pg_catalog.concat_ws(E', '"), 4);
	ck_contains(r->explain_sql, "THEN E'o89 failed' END), pg_catalog.concat_ws(E', ', CASE WHEN o.\"o91\" IS FALSE THEN E'o90 failed' END");
	ck_contains(r->explain_sql, "THEN E'o59 unknown' END), pg_catalog.concat_ws(E', ', CASE WHEN o.\"o61\" IS NULL THEN E'o60 unknown' END");
	free(text);
}
END_TEST

START_TEST(literals_and_identifiers_are_quoted)
{
	CareMalloc	m;
	CareSchema *s;
	CareSchemaSource *src;
	CareSchemaEnum *e;
	CareRuleset *r;
	const char *text = "ruleset t version 1\n"
		"objective \"it's\" { require every x in weird: x.v = 'a''b' and x.k <> 'o''k'\n"
		"  else \"x's {count(weird)}\" }\neligible when \"it's\"\n";

	care_malloc_init(&m);
	s = care_schema_new(&m.allocator);
	e = care_schema_add_enum(s, "k", "my\"schema", "en'um", 0);
	care_schema_add_enum_label(e, "o'k");
	src = care_schema_add_source(s, "establishment", "my\"schema", "est", "id", "id", 0);
	care_schema_add_field(src, "id", "id", CARE_INTEGER, NULL, 0);
	src = care_schema_add_source(s, "weird", "my\"schema", "we\"ird", "id", "est\"id", 1);
	care_schema_add_field(src, "id", "id", CARE_INTEGER, NULL, 0);
	care_schema_add_field(src, "v", "va\"l", CARE_TEXT, NULL, 0);
	care_schema_add_field(src, "k", "k", CARE_ENUM, "k", 0);
	ck_assert_int_eq(care_schema_set_root(s, "establishment"), 0);
	ck_assert_ptr_null(care_schema_error(s));
	r = care_compile(text, strlen(text), s, &m.allocator, NULL);
	ck_ok(r);
	ck_contains(r->verdict_sql, "\"my\"\"schema\".\"we\"\"ird\" AS t1 WHERE t1.\"est\"\"id\" = $1");
	ck_contains(r->verdict_sql, "SELECT DISTINCT t1.\"est\"\"id\" AS \"eid\"");
	ck_contains(r->verdict_sql, "(t1.\"va\"\"l\" = E'a\\'b'::text)");
	ck_contains(r->verdict_sql, "E'o\\'k'::\"my\"\"schema\".\"en'um\"");
	ck_contains(r->verdict_sql, "pg_catalog.jsonb_build_object(E'it\\'s'::text");
	ck_contains(r->explain_sql, "E'x\\'s '::text");
	care_malloc_free_all(&m);
}
END_TEST

START_TEST(explain_shape)
{
	CareRuleset *r = d1();
	const char *x = r->explain_sql;

	ck_contains(x, "SELECT x.\"ordinality\", x.\"objective\", x.\"objective_title\", x.\"objective_verdict\",\n"
				"  x.\"requirement\", x.\"requirement_text\", x.\"verdict\", x.\"message\", x.\"observed\", x.\"witnesses\"");
	ck_contains(x, "WHERE e.\"id\" = $1\nORDER BY x.\"ordinality\"");
	/* the per-id derived tables, the requirements fenced (the rows read each several times) */
	ck_assert_int_eq(strncmp(x, "WITH l1 AS (SELECT", 18), 0);
	ck_contains(x, "\n     g4 AS (");
	ck_contains(x, "\n  OFFSET 0) AS q");
	/* one row per requirement, then the overall row */
	ck_contains(x, "(1, E'D1.O2.B'::text, E'Exposition Internet");
	ck_contains(x, "(6, E'ad'::text, ");
	ck_contains(x, "(7, NULL::text, NULL::text, NULL::text, NULL::integer, E'\"D1.O2.B\" and ad'::text");
	/*
	 * messages: NULL when met, the interpolated template when failed, and
	 * when unknown the template after "cannot be decided: " (it describes a
	 * failure); null prints unknown
	 */
	ck_contains(x, "CASE WHEN q.\"r1\" IS TRUE THEN NULL ELSE (CASE WHEN q.\"r1\" IS NULL THEN E'cannot be decided: ' ELSE E'' END || "
				"E'no exposure audit on or before '::text || COALESCE(CAST($2 AS text), E'unknown') || E''::text) END");
	/* observed: template values by canonical text, and rows/matching for quantifiers */
	ck_contains(x, "pg_catalog.jsonb_build_object(E'as_of'::text, pg_catalog.to_jsonb($2))");
	ck_contains(x, "pg_catalog.jsonb_build_object(E'rows', pg_catalog.count(*), E'matching', pg_catalog.count(*) FILTER (WHERE");
	/* witnesses: distinct, sorted, capped */
	ck_contains(x, "(SELECT pg_catalog.array_agg(d.u ORDER BY d.u) FROM (SELECT DISTINCT w.u FROM pg_catalog.unnest(");
	ck_contains(x, "WHERE w.u IS NOT NULL ORDER BY w.u LIMIT 100) AS d)");
	/* the overall message: eligible, not eligible or undecided, and why */
	ck_contains(x, "CASE WHEN v.\"eligible\" IS TRUE THEN E'eligible' ELSE CASE WHEN v.\"eligible\" IS FALSE THEN E'not eligible' ELSE E'undecided' END || "
				"COALESCE(E': ' || NULLIF(pg_catalog.concat_ws(E', ', pg_catalog.concat_ws(E', ', "
				"CASE WHEN o.\"o1\" IS FALSE THEN E'D1.O2.B failed' END, CASE WHEN o.\"o2\" IS FALSE THEN E'ad failed' END, "
				"CASE WHEN o.\"o1\" IS NULL THEN E'D1.O2.B unknown' END, CASE WHEN o.\"o2\" IS NULL THEN E'ad unknown' END)), E''), E'') END");
}
END_TEST

START_TEST(default_message_when_unknown)
{
	CareRuleset *r = req("", "(latest audit by performed_on).ad_level > 1");

	ck_ok(r);
	/* without an else, the message says which it is */
	ck_contains(r->explain_sql, "CASE WHEN q.\"r1\" IS TRUE THEN NULL ELSE CASE WHEN q.\"r1\" IS FALSE THEN E'requirement 1 of objective o is not met' "
				"ELSE E'requirement 1 of objective o cannot be decided' END END");
}
END_TEST

START_TEST(literals_are_escape_strings)
{
	CareRuleset *r = req("param p text = 'a\\b'",
						 "p <> '' and exists audit where source <> 'x\\' else \"no audit \\' ; SELECT 1; -- after {as_of}\"");
	const char *texts[4];
	int			t;

	ck_ok(r);
	ck_assert_str_eq(r->params[0].default_sql, "E'a\\\\b'::text");
	/* a backslash and a quote are escaped: whatever standard_conforming_strings says, one literal */
	ck_contains(r->explain_sql, "E'no audit \\\\\\' ; SELECT 1; -- after '::text");
	ck_contains(r->verdict_sql, "E'x\\\\'::text");
	texts[0] = r->verdict_sql;
	texts[1] = r->evaluate_sql;
	texts[2] = r->explain_sql;
	texts[3] = r->params[0].default_sql;
	for (t = 0; t < 4; t++)
	{
		const char *p;
		int			in_literal = 0;

		/* every literal is an E'' literal */
		for (p = texts[t]; *p; p++)
		{
			if (in_literal && *p == '\\')
				p++;
			else if (*p == '\'')
			{
				ck_assert_msg(in_literal || (p > texts[t] && p[-1] == 'E'), "plain literal at: %.60s", p > texts[t] + 20 ? p - 20 : texts[t]);
				in_literal = !in_literal;
			}
			else if (!in_literal && *p == '"')
			{
				/* a quoted identifier may hold a quote */
				for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
					if (*p == '"')
						p++;
			}
		}
		ck_assert(!in_literal);
	}
}
END_TEST

START_TEST(observed_comparison_value_and_target)
{
	CareRuleset *r = req("param t integer = 2", "count(audit) >= t else \"only {count(audit)}\"");

	ck_ok(r);
	ck_contains(r->explain_sql, "E'count(audit)'::text, pg_catalog.to_jsonb(");
	ck_contains(r->explain_sql, "pg_catalog.jsonb_build_object(E'value', pg_catalog.to_jsonb((SELECT pg_catalog.count(*)");
	ck_contains(r->explain_sql, "E'target', pg_catalog.to_jsonb($3))");
}
END_TEST

START_TEST(witnesses_of_quantifiers)
{
	CareRuleset *r = d1();
	const char *x = r->explain_sql;

	/* every d ... failed: the domains whose predicate is false, and what made it false */
	ck_contains(x, "IS FALSE LIMIT 10000)");
	/* any a, b ... met: one satisfying tuple, first by keys */
	ck_contains(x, "IS TRUE ORDER BY t");
	/* exists met: the ids of the collection */
	ck_contains(x, "ARRAY(SELECT t");
	ck_contains(x, "ORDER BY 1 LIMIT 100)");
}
END_TEST

START_TEST(dependencies_are_sorted_and_unique)
{
	CareRuleset *r = d1();
	int			i;
	int			found = 0;

	ck_assert_int_gt(r->ndeps, 5);
	for (i = 1; i < r->ndeps; i++)
		ck_assert_msg(strcmp(r->deps[i - 1], r->deps[i]) < 0, "%s before %s", r->deps[i - 1], r->deps[i]);
	for (i = 0; i < r->ndeps; i++)
		if (strcmp(r->deps[i], "audit.performed_on") == 0 || strcmp(r->deps[i], "finding.severity") == 0 ||
			strcmp(r->deps[i], "audit") == 0 || strcmp(r->deps[i], "audit.findings") == 0)
			found++;
	ck_assert_int_eq(found, 4);
}
END_TEST

START_TEST(compile_is_deterministic)
{
	CareRuleset *a = d1();
	CareRuleset *b = d1();

	ck_assert_str_eq(a->verdict_sql, b->verdict_sql);
	ck_assert_str_eq(a->explain_sql, b->explain_sql);
}
END_TEST

/* The SQL suite. */
static Suite *
sql_suite(void)
{
	Suite	   *s = suite_create("lang_sql");
	TCase	   *tc = tcase_create("sql");

	tcase_add_checked_fixture(tc, lang_setup, lang_teardown);
	tcase_add_test(tc, verdict_and_evaluate_come_from_one_generation);
	tcase_add_test(tc, verdict_columns_and_json);
	tcase_add_test(tc, requirements_with_subqueries_are_fenced);
	tcase_add_test(tc, params_are_bound_in_order);
	tcase_add_test(tc, enum_param_types);
	tcase_add_test(tc, navigation_keeps_the_establishment_column);
	tcase_add_test(tc, latest_orders_by_field_then_key);
	tcase_add_test(tc, latest_skips_null_values);
	tcase_add_test(tc, def_on_bound_row_inlines_with_its_alias);
	tcase_add_test(tc, quantifier_with_non_null_predicate_is_distinct_with_where);
	tcase_add_test(tc, correlated_quantifier_with_non_null_predicate_uses_exists);
	tcase_add_test(tc, quantifier_with_nullable_predicate_is_kleene);
	tcase_add_test(tc, correlated_quantifier_with_nullable_predicate_is_kleene);
	tcase_add_test(tc, any_and_none_kleene_forms);
	tcase_add_test(tc, every_with_non_null_predicate);
	tcase_add_test(tc, def_is_strict_on_missing_rows);
	tcase_add_test(tc, def_is_strict_on_null_scalars);
	tcase_add_test(tc, collection_from_missing_row_is_null);
	tcase_add_test(tc, field_of_missing_row_is_null);
	tcase_add_test(tc, to_one_link_compares_keys_without_lookup);
	tcase_add_test(tc, exists_of_a_row);
	tcase_add_test(tc, aggregate_of_outer_values_stays_inner);
	tcase_add_test(tc, latest_of_a_latest_is_lateral);
	tcase_add_test(tc, division_by_zero_is_null);
	tcase_add_test(tc, date_arithmetic_in_sql);
	tcase_add_test(tc, if_with_unknown_condition_is_unknown);
	tcase_add_test(tc, aggregates_of_empty);
	tcase_add_test(tc, root_and_its_links);
	tcase_add_test(tc, constructs_over_one_collection_share_a_table);
	tcase_add_test(tc, the_same_construct_twice_is_one_table);
	tcase_add_test(tc, let_is_computed_once_with_its_defs);
	tcase_add_test(tc, a_let_table_only_when_a_def_runs_on_its_bound_rows);
	tcase_add_test(tc, per_id_filters_every_derived_table);
	tcase_add_test(tc, nested_establishment_construct_stays_correlated);
	tcase_add_test(tc, construct_reading_the_establishment_row_stays_correlated);
	tcase_add_test(tc, derived_table_key_avoids_source_columns);
	tcase_add_test(tc, every_function_is_schema_qualified);
	tcase_add_test(tc, many_objectives_chunk_jsonb_build_object);
	tcase_add_test(tc, literals_and_identifiers_are_quoted);
	tcase_add_test(tc, explain_shape);
	tcase_add_test(tc, default_message_when_unknown);
	tcase_add_test(tc, literals_are_escape_strings);
	tcase_add_test(tc, observed_comparison_value_and_target);
	tcase_add_test(tc, witnesses_of_quantifiers);
	tcase_add_test(tc, dependencies_are_sorted_and_unique);
	tcase_add_test(tc, compile_is_deterministic);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(sql_suite());
}
