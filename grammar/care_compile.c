/*
 * care_compile.c — the driver: text in, CareRuleset out.
 *
 * Order: limits and encoding (a NUL byte or invalid UTF-8 stops here, with
 * its position), schema validation, parse (syntax errors stop here: checking
 * a tree patched by error recovery would only add noise), canonical form,
 * checks, then SQL.  Out of memory at any point longjmps back here and
 * becomes one "out of memory" diagnostic; the caller frees the arena.
 */
#include "care_int.h"

#include <string.h>

/* A compile's arena lives with its result, so one call frees both. */
typedef struct CompileState
{
	CareRuleset r;				/* first: care_ruleset_free casts back */
	CareArena	arena;
	CareDiag	oom_diag;
	jmp_buf		oom;
} CompileState;

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static int
utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return c == 0 ? 0 : 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF)
	{
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;			/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;			/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4)
	{
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;			/* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;			/* past U+10FFFF */
		return 4;
	}
	return 0;
}

/* Check the encoding; report the first bad byte with its position. */
static int
check_encoding(const char *src, size_t len, CareDiagList *dl, const CareHooks *hooks)
{
	size_t		i = 0;
	int			line = 1,
				col = 1;

	while (i < len)
	{
		int			n = utf8_sequence((const unsigned char *) src + i, len - i);

		if ((i & 0xFFFF) == 0)
			care_poll(hooks);
		if (n == 0)
		{
			CareSpan	sp = {line, col, line, col + 1, i, i + 1};
			CareDiag   *d;

			if (src[i] == '\0')
			{
				d = care_diag(dl, CARE_ERROR, "22021", sp, "rules text contains a NUL byte");
				care_diag_hint(dl, d, "Rules are text: remove the NUL byte.");
			}
			else
			{
				d = care_diag(dl, CARE_ERROR, "22021", sp,
							  "invalid byte sequence for encoding \"UTF8\": 0x%02x",
							  (unsigned char) src[i]);
				care_diag_hint(dl, d, "Save the rules as UTF-8.");
			}
			return 0;
		}
		if (n == 1 && (unsigned char) src[i] < 0x20 && src[i] != '\n' && src[i] != '\t' &&
			src[i] != '\r' && src[i] != '\f' && src[i] != '\v')
		{
			/* control characters have no place in rules (and mark the generator's text) */
			CareSpan	sp = {line, col, line, col + 1, i, i + 1};
			CareDiag   *d = care_diag(dl, CARE_ERROR, "22021", sp,
									  "rules text contains control character 0x%02x", (unsigned char) src[i]);

			care_diag_hint(dl, d, "Remove it; in strings, write the text itself.");
			return 0;
		}
		if (src[i] == '\n')
		{
			line++;
			col = 1;
		}
		else
			col++;
		i += (size_t) n;
	}
	return 1;
}

/* The SQL literal of a param's default. */
static const char *
default_sql(CareArena *ar, const ParamDecl *pd)
{
	const Node *d = pd->deflt;
	const char *type = care_sql_type(ar, pd->type);

	switch (d->kind)
	{
		case N_INT:
		case N_NUM:
			return care_printf(ar, "%s::%s", d->text, type);
		case N_NEG:
			return care_printf(ar, "(-%s)::%s", d->a->text, type);
		case N_BOOL:
			return d->ival ? "true" : "false";
		case N_STR:
		case N_TYPED:
		case N_NAME:
		case N_LABELKW:
			{
				const char *v = d->text ? d->text : d->name;

				if (pd->type.k == T_INTERVAL)
				{
					const char *why;
					const char *c = care_interval_canonical(ar, v, &why);

					if (c != NULL)
						v = c;
				}
				return care_printf(ar, "%s::%s", care_sql_literal(ar, v), type);
			}
		default:
			return NULL;		/* not a literal: already reported */
	}
}

/* Copy the checked declarations into the public result. */
static void
fill_result(CareRuleset *r, CareArena *ar, const char *src, Program *prog, CheckResult *cr,
			const CareHooks *hooks)
{
	int			i,
				j;

	r->nparams = cr->nparams;
	r->params = care_arena_zalloc(ar, sizeof(CareParam) * (size_t) (cr->nparams + 1));
	for (i = 0; i < cr->nparams; i++)
	{
		ParamDecl  *pd = cr->params[i];
		CareParam  *cp = &r->params[i];

		cp->name = pd->name;
		cp->type_name = pd->type_name;
		cp->sql_type = care_sql_type(ar, pd->type);
		cp->default_sql = default_sql(ar, pd);
		cp->default_text = care_format_expr(ar, pd->deflt, hooks);
		cp->span = pd->span;
	}
	r->nobjectives = cr->nobjs;
	r->objectives = care_arena_zalloc(ar, sizeof(CareObjective) * (size_t) (cr->nobjs + 1));
	for (i = 0; i < cr->nobjs; i++)
	{
		ObjDecl    *o = cr->objs[i];
		CareObjective *co = &r->objectives[i];
		int			k = 0;

		co->id = o->id;
		co->title = o->title;
		co->span = o->span;
		co->nrequirements = o->nreqs;
		co->requirements = care_arena_zalloc(ar, sizeof(CareRequirement) * (size_t) (o->nreqs + 1));
		for (j = 0; j < o->nitems; j++)
		{
			ReqDecl    *rq;
			CareRequirement *cq;

			if (o->items[j].is_let)
				continue;
			rq = o->items[j].req;
			cq = &co->requirements[k++];
			cq->index = k;
			cq->text = rq->text;
			cq->span = rq->span;
			if (rq->message != NULL)
				cq->message_template = rq->message;
			else
				cq->message_template = care_printf(ar, "requirement %d of objective %s is not met", k, o->id);
		}
	}
	r->ndeps = cr->ndeps;
	r->deps = cr->deps;
	(void) src;
	(void) prog;
}

/* The compile proper; out of memory longjmps out of it to care_compile. */
static void
compile_body(CompileState *st, const char *source, size_t len, const CareSchema *schema,
			 const CareHooks *hooks)
{
	CareRuleset *r = &st->r;
	CareDiagList *dl;
	CareParser *p;
	Program    *prog;
	CheckResult *cr;
	int			i,
				j;

	dl = care_arena_zalloc(&st->arena, sizeof *dl);
	care_diags_init(dl, &st->arena);
	p = care_arena_zalloc(&st->arena, sizeof *p);
	prog = care_arena_zalloc(&st->arena, sizeof *prog);
	cr = care_arena_zalloc(&st->arena, sizeof *cr);
	p->ar = &st->arena;
	p->dl = dl;
	p->hooks = hooks;
	p->src = source;
	p->len = len;
	p->prog = prog;
	p->comments_tail = &p->comments;
	p->keep_comments = 1;

	if (len > CARE_MAX_SOURCE_BYTES)
	{
		CareSpan	sp = {1, 1, 1, 1, 0, 0};
		CareDiag   *d = care_diag(dl, CARE_ERROR, "54000", sp,
								  "rules text is too large: %zu bytes", len);

		care_diag_detail(dl, d, "The limit is %d bytes.", CARE_MAX_SOURCE_BYTES);
		goto done;
	}
	if (source == NULL && len > 0)
		goto done;
	if (!check_encoding(source, len, dl, hooks))
		goto done;

	/* parse */
	care_parse(p, source ? source : "", len, PARSE_PROGRAM, 1, 1, 0);
	prog->comments = p->comments;
	prog->end_offset = len;
	if (dl->nerrors > 0)
		goto done;
	care_parse_templates(p, prog);
	if (dl->nerrors > 0)
		goto done;
	r->name = prog->name;
	r->version = prog->version;
	r->campaign = prog->campaign;
	r->title = prog->title;

	/* canonical text, before the checker rewrites implicit fields */
	r->canonical = care_format(&st->arena, prog, hooks);
	if (prog->has_eligible)
		r->eligible_text = care_format_expr(&st->arena, prog->eligible, hooks);
	for (i = 0; i < prog->ndecls; i++)
	{
		ObjDecl    *o = prog->decls[i].obj;

		if (prog->decls[i].kind != D_OBJECTIVE)
			continue;
		for (j = 0; j < o->nitems; j++)
		{
			ReqDecl    *rq = o->items[j].req;
			int			k;

			if (o->items[j].is_let)
				continue;
			rq->text = care_strndup(&st->arena, source + rq->expr_span.offset,
									rq->expr_span.end_offset - rq->expr_span.offset);
			rq->part_canon = care_arena_zalloc(&st->arena, sizeof(char *) * (size_t) (rq->nparts + 1));
			for (k = 0; k < rq->nparts; k++)
				if (rq->part_expr[k] != NULL)
					rq->part_canon[k] = care_format_expr(&st->arena, rq->part_expr[k], hooks);
		}
	}

	/* check: needs a usable schema (formatting did not) */
	if (schema == NULL || !care_schema_validate(schema, dl))
	{
		if (schema == NULL)
		{
			CareSpan	sp = {1, 1, 1, 1, 0, 0};

			care_diag(dl, CARE_ERROR, "22023", sp, "no schema to compile against");
		}
		goto done;
	}
	care_check(prog, schema, p, cr);
	fill_result(r, &st->arena, source, prog, cr, hooks);

	/* generate */
	if (dl->nerrors == 0)
	{
		CareSqlOut	out;

		care_generate(&st->arena, hooks, schema, prog, cr, r->eligible_text, &out);
		if (out.error != NULL)
		{
			CareSpan	sp = {1, 1, 1, 1, 0, 0};
			CareDiag   *d = care_diag(dl, CARE_ERROR, "54000", sp, "%s", out.error);

			care_diag_detail(dl, d, "Each generated query may be at most %d bytes; split the ruleset or simplify its defs.",
							 CARE_MAX_SQL_BYTES);
		}
		else
		{
			r->verdict_sql = out.verdict_sql;
			r->evaluate_sql = out.evaluate_sql;
			r->explain_sql = out.explain_sql;
		}
	}

done:
	care_diags_sort(dl);
	r->ndiags = dl->n;
	r->diags = dl->items;
	r->ok = dl->nerrors == 0;
}

/* Compile a ruleset; see carelang.h. */
CareRuleset *
care_compile(const char *source, size_t len, const CareSchema *schema,
			 const CareAllocator *a, const CareHooks *hooks)
{
	CareArena	boot;
	CompileState *st;

	care_arena_init(&boot, a, CARE_MAX_MEMORY);
	st = care_arena_zalloc(&boot, sizeof *st);
	if (st == NULL)
	{
		care_arena_release(&boot);
		return NULL;
	}
	st->arena = boot;
	st->oom_diag.severity = CARE_ERROR;
	st->oom_diag.sqlstate = "53200";
	st->oom_diag.message = "out of memory";
	st->oom_diag.detail = "Compiling the rules needed more memory than was available or allowed.";
	st->oom_diag.span.line = st->oom_diag.span.col = 1;
	st->oom_diag.span.end_line = st->oom_diag.span.end_col = 1;
	if (setjmp(st->oom) == 0)
	{
		st->arena.oom = &st->oom;
		compile_body(st, source, len, schema, hooks);
	}
	else
	{
		memset(&st->r, 0, sizeof st->r);
		st->r.ok = 0;
		st->r.ndiags = 1;
		st->r.diags = &st->oom_diag;
	}
	st->arena.oom = NULL;
	return &st->r;
}

/* Free a compile: its arena holds the result and everything else. */
void
care_ruleset_free(CareRuleset *r)
{
	CompileState *st = (CompileState *) r;
	CareArena	ar;

	if (r == NULL)
		return;
	ar = st->arena;
	care_arena_release(&ar);
}
