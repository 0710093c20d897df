/*
 * care_emit.c — the three queries around the compiled expressions.
 *
 * verdict_sql and evaluate_sql come from ONE generation of the requirement
 * SQL, with the establishment then written $1 (per id, the root filtered by
 * e."id" = $1) or e."id" (every establishment): the two forms cannot drift
 * apart, and explain_sql reuses the very same requirement text.  The
 * requirements are computed once per establishment in a LATERAL subquery
 * fenced with OFFSET 0 (otherwise the planner would pull it up and copy
 * each requirement's subqueries into every place that uses it); objectives
 * and the eligible-when expression are cheap Boolean combinations above it.
 *
 * Bind parameters: $1 bigint establishment id, $2 date as_of, $3... the
 * ruleset's params in declaration order.
 */
#include "care_sql.h"

#include <string.h>

/* Verdict words from a Boolean SQL expression. */
static const char *
verdict_of(Gen *g, const char *b)
{
	return gen_printf(g, "CASE %s WHEN true THEN E'met' WHEN false THEN E'failed' ELSE E'unknown' END", b);
}

/*
 * The lateral q computing every requirement once per establishment, with
 * the establishment written as ESTABLISHMENT_MARK: generated once, then
 * the mark becomes $1 (per id, and explain) or e."id" (every establishment),
 * so the forms are the same text by construction.  The rules text cannot
 * contain the mark: control characters are refused before parsing.
 */
#define ESTABLISHMENT_MARK "\x01E\x01"

/* The requirements lateral, with the establishment as the mark. */
static const char *
requirements_lateral(Gen *g, CheckResult *cr)
{
	CareBuf		b;
	int			i,
				j,
				k = 0;

	g->E = ESTABLISHMENT_MARK;
	g->naliases = 0;
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_reserve(&b, (size_t) 65536);
	care_buf_puts(&b, "\nCROSS JOIN LATERAL (SELECT ");
	for (i = 0; i < cr->nobjs; i++)
		for (j = 0; j < cr->objs[i]->nitems; j++)
		{
			ObjItem    *it = &cr->objs[i]->items[j];

			if (it->is_let)
				continue;
			{
				/* each requirement's garbage goes back as soon as its text is copied */
				CareArena  *main = g->ar;

				g->ar = care_scratch_begin(main);
				care_buf_printf(&b, "%s\n    %s AS \"r%d\"", k ? "," : "", gen_scalar(g, it->req->expr, NULL), k + 1);
				g->ar = main;
				care_scratch_end(main);
			}
			k++;
			care_poll(g->hooks);
			if (b.over || g->over)
			{
				g->over = 1;	/* past the limit: stop generating */
				return "";
			}
		}
	care_buf_puts(&b, "\n  OFFSET 0) AS q");
	if (b.over)
		g->over = 1;
	return care_buf_done(&b);
}

/* Append text with every establishment mark written as E. */
static void
append_with_establishment(Gen *g, CareBuf *b, const char *text, const char *E)
{
	const char *p = text;
	const char *m;
	size_t		ml = strlen(ESTABLISHMENT_MARK);

	while ((m = strstr(p, ESTABLISHMENT_MARK)) != NULL)
	{
		care_buf_append(b, p, (size_t) (m - p));
		care_buf_puts(b, E);
		p = m + ml;
		care_poll(g->hooks);
	}
	care_buf_puts(b, p);
}

/* The objective verdicts as Boolean expressions over q. */
static const char **
objective_exprs(Gen *g, CheckResult *cr)
{
	const char **o = care_arena_alloc(g->ar, sizeof(char *) * (size_t) (cr->nobjs + 1));
	int			i,
				j,
				k = 0;

	for (i = 0; i < cr->nobjs; i++)
	{
		CareBuf		b;
		int			first = 1;

		care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
		care_buf_putc(&b, '(');
		for (j = 0; j < cr->objs[i]->nitems; j++)
		{
			if (cr->objs[i]->items[j].is_let)
				continue;
			care_buf_printf(&b, "%sq.\"r%d\"", first ? "" : " AND ", ++k);
			first = 0;
		}
		care_buf_putc(&b, ')');
		o[i] = care_buf_done(&b);
	}
	return o;
}

/* The eligible-when expression over the objective verdicts o."oN". */
static const char *
eligible_expr(Gen *g, const Node *n, CheckResult *cr)
{
	int			i;

	care_poll(g->hooks);
	switch (n->kind)
	{
		case N_AND:
			return gen_printf(g, "(%s AND %s)", eligible_expr(g, n->a, cr), eligible_expr(g, n->b, cr));
		case N_OR:
			return gen_printf(g, "(%s OR %s)", eligible_expr(g, n->a, cr), eligible_expr(g, n->b, cr));
		case N_NOT:
			return gen_printf(g, "(NOT %s)", eligible_expr(g, n->a, cr));
		default:
			for (i = 0; i < cr->nobjs; i++)
				if (cr->objs[i] == n->ref)
					return gen_printf(g, "o.\"o%d\"", i + 1);
			return "NULL::boolean";
	}
}

/* Append the lateral o (objective verdicts) and v (eligible). */
static void
emit_objectives(Gen *g, CareBuf *b, CheckResult *cr, Program *prog, const char *fence)
{
	const char **o = objective_exprs(g, cr);
	int			i;

	care_buf_puts(b, "\nCROSS JOIN LATERAL (SELECT ");
	for (i = 0; i < cr->nobjs; i++)
		care_buf_printf(b, "%s%s AS \"o%d\"", i ? ", " : "", o[i], i + 1);
	care_buf_printf(b, "%s) AS o", fence);
	care_buf_printf(b, "\nCROSS JOIN LATERAL (SELECT %s AS \"eligible\"%s) AS v",
					eligible_expr(g, prog->eligible, cr), fence);
}

/* jsonb object {"<objective id>": verdict, ...}, chunked under 100 arguments. */
static const char *
objectives_json(Gen *g, CheckResult *cr)
{
	CareBuf		b;
	int			i;

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	for (i = 0; i < cr->nobjs; i++)
	{
		if (i % 50 == 0)
			care_buf_puts(&b, i ? ") || pg_catalog.jsonb_build_object(" : "pg_catalog.jsonb_build_object(");
		else
			care_buf_puts(&b, ", ");
		care_buf_sql_literal(&b, cr->objs[i]->id);
		care_buf_printf(&b, "::text, %s", verdict_of(g, gen_printf(g, "o.\"o%d\"", i + 1)));
	}
	care_buf_putc(&b, ')');
	return care_buf_done(&b);
}

/*
 * verdict_sql (E = $1) or evaluate_sql (E = e."id"): one row per
 * establishment with its eligibility, verdict and objective verdicts.
 */
static const char *
emit_verdict(Gen *g, CheckResult *cr, Program *prog, const char *lateral, int per_id)
{
	CareBuf		b;

	g->E = per_id ? "$1" : "e.\"id\"";
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_reserve(&b, strlen(lateral) + 512 * (size_t) cr->nobjs + 4096);
	care_buf_puts(&b, "SELECT e.\"id\" AS \"establishment_id\",\n"
				  "  COALESCE(v.\"eligible\", false) AS \"eligible\",\n  ");
	care_buf_puts(&b, verdict_of(g, "v.\"eligible\""));
	care_buf_puts(&b, " AS \"verdict\",\n  ");
	care_buf_puts(&b, objectives_json(g, cr));
	care_buf_puts(&b, " AS \"objectives\"\nFROM ");
	care_buf_puts(&b, g->schema->root->sql_name);
	care_buf_puts(&b, " AS e");
	append_with_establishment(g, &b, lateral, g->E);
	emit_objectives(g, &b, cr, prog, "");
	if (per_id)
		care_buf_puts(&b, "\nWHERE e.\"id\" = $1");
	if (b.over)
		g->over = 1;
	return care_buf_done(&b);
}

/*
 * A template's interpolation as a text SQL expression.  The template
 * describes the failure; when the verdict is unknown the message says the
 * requirement cannot be decided rather than asserting that text
 * (value is the requirement's verdict).
 */
static const char *
message_sql(Gen *g, ReqDecl *r, ObjDecl *o, int index, const char *value)
{
	CareBuf		b;
	int			k;

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	if (r->message == NULL)
	{
		care_buf_printf(&b, "CASE WHEN %s IS FALSE THEN ", value);
		care_buf_sql_literal(&b, care_printf(g->ar, "requirement %d of objective %s is not met", index, o->id));
		care_buf_puts(&b, " ELSE ");
		care_buf_sql_literal(&b, care_printf(g->ar, "requirement %d of objective %s cannot be decided", index, o->id));
		care_buf_puts(&b, " END");
		return care_buf_done(&b);
	}
	care_buf_printf(&b, "(CASE WHEN %s IS NULL THEN E'cannot be decided: ' ELSE E'' END", value);
	for (k = 0; k < r->nparts; k++)
	{
		care_buf_puts(&b, " || ");
		care_buf_sql_literal(&b, r->part_text[k]);
		care_buf_puts(&b, "::text");
		if (r->part_expr[k] != NULL)
			care_buf_printf(&b, " || COALESCE(CAST(%s AS text), E'unknown')",
							gen_scalar(g, r->part_expr[k], NULL));
	}
	care_buf_putc(&b, ')');
	return care_buf_done(&b);
}

/* The observed jsonb of a requirement: template values, then its top facts. */
static const char *
observed_sql(Gen *g, ReqDecl *r)
{
	CareBuf		b;
	int			k,
				pairs = 0;
	const char *top = gen_observed(g, r->expr, NULL);

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_puts(&b, "(pg_catalog.jsonb_build_object(");
	for (k = 0; k < r->nparts; k++)
	{
		if (r->part_expr[k] == NULL)
			continue;
		if (pairs > 0 && pairs % 50 == 0)
			care_buf_puts(&b, ") || pg_catalog.jsonb_build_object(");
		else if (pairs > 0)
			care_buf_puts(&b, ", ");
		care_buf_sql_literal(&b, r->part_canon[k]);
		care_buf_printf(&b, "::text, pg_catalog.to_jsonb(%s)", gen_scalar(g, r->part_expr[k], NULL));
		pairs++;
	}
	care_buf_putc(&b, ')');
	if (top != NULL)
		care_buf_printf(&b, " || COALESCE(%s, E'{}'::jsonb)", top);
	care_buf_putc(&b, ')');
	return care_buf_done(&b);
}

/*
 * Overall message: "eligible"; "not eligible: A failed, B unknown";
 * "undecided: B unknown" -- the objectives that failed, then those that
 * are unknown.  The list is concat_ws over chunks of 90 items (a function
 * takes at most 100 arguments), each chunk a concat_ws that skips nulls.
 */
static const char *
overall_message(Gen *g, CheckResult *cr)
{
	CareBuf		b;
	int			i;

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_puts(&b, "CASE WHEN v.\"eligible\" IS TRUE THEN E'eligible' ELSE "
				  "CASE WHEN v.\"eligible\" IS FALSE THEN E'not eligible' ELSE E'undecided' END || "
				  "COALESCE(E': ' || NULLIF(pg_catalog.concat_ws(E', '");
	for (i = 0; i < 2 * cr->nobjs; i++)
	{
		int			o = i % cr->nobjs;
		int			failed = i < cr->nobjs;

		if (i % 90 == 0)
			care_buf_puts(&b, i == 0 ? ", pg_catalog.concat_ws(E', '" : "), pg_catalog.concat_ws(E', '");
		care_buf_printf(&b, ", CASE WHEN o.\"o%d\" IS %s THEN ", o + 1, failed ? "FALSE" : "NULL");
		care_buf_sql_literal(&b, care_printf(g->ar, "%s %s", cr->objs[o]->id, failed ? "failed" : "unknown"));
		care_buf_puts(&b, " END");
	}
	/* empty chunks give '': drop the separators they leave */
	care_buf_puts(&b, ")), E''), E'') END");
	return care_buf_done(&b);
}

/* explain_sql: one row per requirement, then an overall row (per id). */
static const char *
emit_explain(Gen *g, CheckResult *cr, Program *prog, const char *lateral, const char *eligible_text)
{
	CareBuf		b;
	int			i,
				j,
				k = 0,
				ord = 0;

	g->E = "$1";
	g->naliases = 0;
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	/* explain rows carry messages, observed and witness SQL: a few laterals' worth */
	care_buf_reserve(&b, strlen(lateral) * 7 + 1024 * (size_t) cr->nobjs + 4096);
	care_buf_puts(&b, "SELECT x.\"ordinality\", x.\"objective\", x.\"objective_title\", x.\"objective_verdict\",\n"
				  "  x.\"requirement\", x.\"requirement_text\", x.\"verdict\", x.\"message\", x.\"observed\", x.\"witnesses\"\nFROM ");
	care_buf_puts(&b, g->schema->root->sql_name);
	care_buf_puts(&b, " AS e");
	append_with_establishment(g, &b, lateral, g->E);
	emit_objectives(g, &b, cr, prog, " OFFSET 0");
	care_buf_puts(&b, "\nCROSS JOIN LATERAL (VALUES");
	for (i = 0; i < cr->nobjs; i++)
	{
		ObjDecl    *o = cr->objs[i];
		int			idx = 0;

		for (j = 0; j < o->nitems; j++)
		{
			ReqDecl    *r;
			const char *val;
			CareArena  *main;

			if (o->items[j].is_let)
				continue;
			r = o->items[j].req;
			k++;
			idx++;
			main = g->ar;
			g->ar = care_scratch_begin(main);
			val = gen_printf(g, "q.\"r%d\"", k);
			care_buf_puts(&b, ord ? ",\n  (" : "\n  (");
			care_buf_printf(&b, "%d, ", ++ord);
			care_buf_sql_literal(&b, o->id);
			care_buf_puts(&b, "::text, ");
			if (o->title)
			{
				care_buf_sql_literal(&b, o->title);
				care_buf_puts(&b, "::text");
			}
			else
				care_buf_puts(&b, "NULL::text");
			care_buf_printf(&b, ", %s, %d, ", verdict_of(g, gen_printf(g, "o.\"o%d\"", i + 1)), idx);
			care_buf_sql_literal(&b, r->text);
			care_buf_puts(&b, "::text");
			{
				/* one after the other: alias numbers must not depend on the compiler */
				const char *verdict = verdict_of(g, val);
				const char *message = message_sql(g, r, o, idx, val);
				const char *observed;
				const char *witnesses;

				gen_memo_start(g);
				observed = observed_sql(g, r);
				witnesses = gen_witness_top(g, r->expr, NULL, val);
				gen_memo_stop(g);
				care_buf_printf(&b, ", %s,\n    CASE WHEN %s IS TRUE THEN NULL ELSE %s END,\n    %s,\n    %s)",
								verdict, val, message, observed, witnesses);
			}
			g->ar = main;
			care_scratch_end(main);
			care_poll(g->hooks);
			if (b.over || g->over)
			{
				g->over = 1;
				return "";
			}
		}
	}
	care_buf_printf(&b, ",\n  (%d, NULL::text, NULL::text, NULL::text, NULL::integer, ", ++ord);
	care_buf_sql_literal(&b, eligible_text);
	care_buf_printf(&b, "::text, %s, %s, %s, NULL::bigint[])",
					verdict_of(g, "v.\"eligible\""), overall_message(g, cr), objectives_json(g, cr));
	care_buf_puts(&b, "\n) AS x(\"ordinality\", \"objective\", \"objective_title\", \"objective_verdict\", \"requirement\",\n"
				  "       \"requirement_text\", \"verdict\", \"message\", \"observed\", \"witnesses\")\n"
				  "WHERE e.\"id\" = $1\nORDER BY x.\"ordinality\"");
	if (b.over)
		g->over = 1;
	return care_buf_done(&b);
}

/* Generate the three texts (the checker found no error). */
void
care_generate(CareArena *ar, const CareHooks *hooks, const CareSchema *schema,
			  Program *prog, CheckResult *cr, const char *eligible_text, CareSqlOut *out)
{
	Gen			g;
	const char *lateral;

	memset(&g, 0, sizeof g);
	g.ar = ar;
	g.hooks = hooks;
	g.schema = schema;
	memset(out, 0, sizeof *out);
	lateral = requirements_lateral(&g, cr);
	if (g.over)
	{
		out->error = "generated SQL would be larger than the limit";
		return;
	}
	out->verdict_sql = emit_verdict(&g, cr, prog, lateral, 1);
	out->evaluate_sql = emit_verdict(&g, cr, prog, lateral, 0);
	out->explain_sql = emit_explain(&g, cr, prog, lateral, eligible_text);
	if (g.over)
		out->error = "generated SQL would be larger than the limit";
}
