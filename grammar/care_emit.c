/*
 * care_emit.c — the three queries around the compiled expressions.
 *
 * verdict_sql and evaluate_sql come from ONE generation of the requirement
 * SQL, whose text marks what differs between the forms (care_sql.h): the
 * establishment, $1 per id and e."id" for every establishment, and the $1
 * filters of the derived tables, which only the per-id forms have.  The
 * two forms cannot drift apart, and explain_sql reuses the very same
 * requirement text.  Establishment-level constructs are derived tables
 * LEFT JOINed to the root (see care_sql.c), lets computed once are common
 * table expressions; the requirements are then computed once per
 * establishment in a LATERAL subquery fenced with OFFSET 0 (otherwise the
 * planner would pull it up and copy each requirement's subqueries into
 * every place that uses it); objectives and the eligible-when expression
 * are cheap Boolean combinations above it.
 *
 * Bind parameters: $1 bigint establishment id, $2 date as_of, $3... the
 * ruleset's params in declaration order.
 */
#include "care_sql.h"

#include <stdlib.h>
#include <string.h>

/* Verdict words from a Boolean SQL expression. */
static const char *
verdict_of(Gen *g, const char *b)
{
	return gen_printf(g, "CASE %s WHEN true THEN E'met' WHEN false THEN E'failed' ELSE E'unknown' END", b);
}

/* What the requirement generation gives the three queries. */
typedef struct Lateral
{
	GenTables	t;				/* let tables and derived tables, in each form */
	const char *q;				/* the requirements, marked: "SELECT r1, r2, ..." */
} Lateral;

/*
 * The requirements, each computed once per establishment, generated once
 * with the forms marked; then the derived tables they read.
 */
static Lateral
requirements_lateral(Gen *g, CheckResult *cr)
{
	CareBuf		b;
	Lateral		out;
	int			i,
				j,
				k = 0;

	memset(&out, 0, sizeof out);
	g->keep = g->ar;
	g->E = gen_forms(g, "$1", "e.\"id\"");
	g->naliases = 0;
	g->decorrelate = 1;
	gen_tables_start(g, cr);
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_reserve(&b, (size_t) 65536);
	care_buf_puts(&b, "SELECT ");
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
				gen_flat_reset(g);
				g->ar = main;
				care_scratch_end(main);
			}
			k++;
			care_poll(g->hooks);
			if (b.over || g->over)
			{
				g->over = 1;	/* past the limit: stop generating */
				g->decorrelate = 0;
				return out;
			}
		}
	gen_tables_finish(g, &out.t);
	g->decorrelate = 0;
	if (b.over)
		g->over = 1;
	out.q = care_buf_done(&b);
	return out;
}

/*
 * Append the lateral q of the requirements in one form.  Explain fences it
 * with OFFSET 0, and so does the set form when a requirement holds a
 * subquery: otherwise the planner would pull q up and copy each
 * requirement's subqueries into every place that uses it.  Requirements
 * that only read derived tables' columns are cheap to copy, and unfenced
 * they cost no node per establishment.  The per-id verdict is never
 * fenced: its requirements read derived tables through scalar subqueries,
 * which PostgreSQL evaluates only when needed, so the objectives' and/or
 * skip what is decided already.
 */
static void
append_requirements(Gen *g, CareBuf *b, Lateral lat, int per_id, int fence)
{
	size_t		start = b->len;

	care_buf_puts(b, "\nCROSS JOIN LATERAL (");
	gen_append_form(g, b, lat.q, per_id);
	if (fence < 0)				/* only if a requirement holds a subquery */
		fence = b->data != NULL && strstr(b->data + start + strlen("\nCROSS JOIN LATERAL (SELECT "), "SELECT") != NULL;
	care_buf_puts(b, fence ? "\n  OFFSET 0) AS q" : ") AS q");
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

/* Append the lateral o (objective verdicts) and v (eligible), fenced or not. */
static void
emit_objectives(Gen *g, CareBuf *b, CheckResult *cr, Program *prog, const char *fence_o,
				const char *fence_v)
{
	const char **o = objective_exprs(g, cr);
	int			i;

	care_buf_puts(b, "\nCROSS JOIN LATERAL (SELECT ");
	for (i = 0; i < cr->nobjs; i++)
		care_buf_printf(b, "%s%s AS \"o%d\"", i ? ", " : "", o[i], i + 1);
	care_buf_printf(b, "%s) AS o", fence_o);
	care_buf_printf(b, "\nCROSS JOIN LATERAL (SELECT %s AS \"eligible\"%s) AS v",
					eligible_expr(g, prog->eligible, cr), fence_v);
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
 * verdict_sql (per id) or evaluate_sql (every establishment): one row per
 * establishment with its eligibility, verdict and objective verdicts.
 * Per id, the derived tables are common table expressions read lazily and
 * nothing is fenced: when eligible is all a caller reads (care_eligible),
 * the planner drops the other columns and the and/or of the eligible-when
 * expression and of the objectives skip what is decided already.  Every
 * establishment, they are LEFT JOINed and q is fenced when it holds
 * subqueries.
 */
static const char *
emit_verdict(Gen *g, CheckResult *cr, Program *prog, Lateral lat, int per_id)
{
	CareBuf		b;

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_reserve(&b, strlen(lat.t.with_per_id) + strlen(lat.t.joins_set) + strlen(lat.q) +
					 512 * (size_t) cr->nobjs + 4096);
	care_buf_puts(&b, per_id ? lat.t.with_per_id : lat.t.with_set);
	care_buf_puts(&b, "SELECT e.\"id\" AS \"establishment_id\",\n"
				  "  COALESCE(v.\"eligible\", false) AS \"eligible\",\n  ");
	care_buf_puts(&b, verdict_of(g, "v.\"eligible\""));
	care_buf_puts(&b, " AS \"verdict\",\n  ");
	care_buf_puts(&b, objectives_json(g, cr));
	care_buf_puts(&b, " AS \"objectives\"\nFROM ");
	care_buf_puts(&b, g->schema->root->sql_name);
	care_buf_puts(&b, " AS e");
	if (!per_id)
		care_buf_puts(&b, lat.t.joins_set);
	append_requirements(g, &b, lat, per_id, per_id ? 0 : -1);
	emit_objectives(g, &b, cr, prog, "", "");
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
emit_explain(Gen *g, CheckResult *cr, Program *prog, Lateral lat, const char *eligible_text)
{
	CareBuf		b;
	int			i,
				j,
				k = 0,
				ord = 0;

	g->E = "$1";
	g->naliases = 0;
	g->per_id_only = 1;
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	/* explain rows carry messages, observed and witness SQL: a few laterals' worth */
	care_buf_reserve(&b, strlen(lat.t.with_per_id) + strlen(lat.q) * 7 + 1024 * (size_t) cr->nobjs + 4096);
	care_buf_puts(&b, lat.t.with_per_id);
	care_buf_puts(&b, "SELECT x.\"ordinality\", x.\"objective\", x.\"objective_title\", x.\"objective_verdict\",\n"
				  "  x.\"requirement\", x.\"requirement_text\", x.\"verdict\", x.\"message\", x.\"observed\", x.\"witnesses\"\nFROM ");
	care_buf_puts(&b, g->schema->root->sql_name);
	care_buf_puts(&b, " AS e");
	append_requirements(g, &b, lat, 1, 1);
	emit_objectives(g, &b, cr, prog, " OFFSET 0", " OFFSET 0");
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
			gen_flat_reset(g);
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
	g->per_id_only = 0;
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
	Lateral		lat;

	memset(&g, 0, sizeof g);
	g.ar = ar;
	g.hooks = hooks;
	g.schema = schema;
	memset(out, 0, sizeof *out);
	lat = requirements_lateral(&g, cr);
	if (g.over)
	{
		out->error = "generated SQL would be larger than the limit";
		return;
	}
	out->verdict_sql = emit_verdict(&g, cr, prog, lat, 1);
	out->evaluate_sql = emit_verdict(&g, cr, prog, lat, 0);
	out->explain_sql = emit_explain(&g, cr, prog, lat, eligible_text);
	if (g.over)
		out->error = "generated SQL would be larger than the limit";
}
