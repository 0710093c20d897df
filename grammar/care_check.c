/*
 * care_check.c — names and types: the checker.
 *
 * Resolves every name (bound variables, the implicit row of `where`, lets,
 * def parameters, params, as_of, sources, enum labels), types every node,
 * tracks whether a value may be null (for rows and collections: may be
 * missing), and reports problems as diagnostics without stopping at the
 * first one: a node whose type is T_ERROR was already reported, so its
 * parents stay silent.  The generator relies on what is recorded here.
 */
#include "care_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXPANSION 100000.0	/* syntax nodes of one requirement after inlining */
#define MAX_INLINE_DEPTH 512	/* nesting of one requirement after inlining */
#define MAX_PARAMS 1000			/* bound as $3...: far below PostgreSQL's 65535 */

typedef enum ScopeKind
{
	SC_BIND,					/* a bound variable: ref = N_BIND node */
	SC_WHERE,					/* the implicit row of `where`: ref = N_WHERE node */
	SC_DEFPARAM,				/* ref = DefParam */
	SC_LET						/* ref = LetDecl */
} ScopeKind;

typedef struct Scope
{
	struct Scope *up;
	ScopeKind	kind;
	const char *name;
	const void *ref;
	CareType	type;
} Scope;

typedef struct Checker
{
	CareParser *p;
	CareArena  *ar;
	CareDiagList *dl;
	const CareSchema *schema;
	const CareHooks *hooks;
	Program    *prog;
	ParamDecl **params;
	int			nparams;
	DefDecl   **defs;
	int			ndefs;
	DefDecl    *cur_def;		/* def whose body is being checked */
	int			expect_set;		/* the next node is in a collection position */
	int			in_template;
	const char **deps;
	int			ndeps;
	int			capdeps;
} Checker;

static const CareType TY_ERROR = {T_ERROR, NULL, NULL};
static const CareType TY_BOOL = {T_BOOL, NULL, NULL};
static const CareType TY_INT = {T_INT, NULL, NULL};
static const CareType TY_NUM = {T_NUM, NULL, NULL};
static const CareType TY_TEXT = {T_TEXT, NULL, NULL};
static const CareType TY_DATE = {T_DATE, NULL, NULL};
static const CareType TY_INTERVAL = {T_INTERVAL, NULL, NULL};

static void chk(Checker *c, Node *n, Scope *sc, CareType expect);

/* Is the type t of kind k? */
static int
is(CareType t, TypeKind k)
{
	return t.k == k;
}

/* Integer or numeric: they mix in arithmetic and comparisons. */
static int
is_numeric(CareType t)
{
	return t.k == T_INT || t.k == T_NUM;
}

/* A value (not a row, a collection, or an already reported error). */
static int
is_scalar(CareType t)
{
	return t.k != T_ROW && t.k != T_SET && t.k != T_ERROR;
}

/* Same type (enums: same enum; rows and sets: same source). */
static int
same_type(CareType a, CareType b)
{
	if (a.k != b.k)
		return 0;
	if (a.k == T_ENUM)
		return a.e == b.e;
	if (a.k == T_ROW || a.k == T_SET)
		return a.s == b.s;
	return 1;
}

/* The language's name of a type, for messages. */
const char *
care_type_name(CareArena *ar, CareType t)
{
	switch (t.k)
	{
		case T_ERROR:
			return "error";
		case T_BOOL:
			return "boolean";
		case T_INT:
			return "integer";
		case T_NUM:
			return "numeric";
		case T_TEXT:
			return "text";
		case T_DATE:
			return "date";
		case T_INTERVAL:
			return "interval";
		case T_ENUM:
			return t.e->name;
		case T_STRLIT:
			return "text";
		case T_ROW:
			return care_printf(ar, "row of %s", t.s->name);
		case T_SET:
			return care_printf(ar, "collection of %s", t.s->name);
	}
	return "?";
}

/* The type of a schema field. */
static CareType
field_type(const SchemaField *f)
{
	CareType	t = TY_ERROR;

	switch (f->type)
	{
		case CARE_BOOLEAN:
			t.k = T_BOOL;
			break;
		case CARE_INTEGER:
			t.k = T_INT;
			break;
		case CARE_NUMERIC:
			t.k = T_NUM;
			break;
		case CARE_TEXT:
			t.k = T_TEXT;
			break;
		case CARE_DATE:
			t.k = T_DATE;
			break;
		case CARE_INTERVAL:
			t.k = T_INTERVAL;
			break;
		case CARE_ENUM:
			t.k = T_ENUM;
			t.e = f->enumtype;
			break;
	}
	return t;
}

/* Record a dependency ("audit" or "audit.performed_on"). */
static void
add_dep(Checker *c, const char *dep)
{
	int			i;

	for (i = 0; i < c->ndeps; i++)
		if (strcmp(c->deps[i], dep) == 0)
			return;
	if (c->ndeps == c->capdeps)
	{
		int			cap = c->capdeps ? c->capdeps * 2 : 16;
		const char **d = care_arena_alloc(c->ar, sizeof(char *) * (size_t) cap);

		if (c->ndeps)
			memcpy(d, c->deps, sizeof(char *) * (size_t) c->ndeps);
		c->deps = d;
		c->capdeps = cap;
	}
	c->deps[c->ndeps++] = care_strdup(c->ar, dep);
}

/* Report an error at a node and type it as already reported. */
static CareDiag *
err(Checker *c, Node *n, const char *sqlstate, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

static CareDiag *
err(Checker *c, Node *n, const char *sqlstate, const char *fmt,...)
{
	va_list		ap;
	char	   *msg;

	va_start(ap, fmt);
	msg = care_vprintf(c->ar, fmt, ap);
	va_end(ap);
	n->type = TY_ERROR;
	return care_diag(c->dl, CARE_ERROR, sqlstate, n->span, "%s", msg);
}

/* ---------------------------------------------------------------------
 * "Did you mean" over candidate names.
 */
typedef struct Suggest
{
	const char *target;
	const char *best;
	int			dist;
} Suggest;

/* Start looking for the known name closest to target. */
static void
suggest_init(Suggest *s, const char *target)
{
	s->target = target;
	s->best = NULL;
	s->dist = 3;
}

/*
 * Offer a candidate: kept when closer than the best so far (1 edit for
 * short names, 2 otherwise).
 */
static void
suggest_try(Suggest *s, const char *cand)
{
	int			max = (int) strlen(s->target) <= 3 ? 1 : 2;
	int			d;

	if (cand == NULL)
		return;
	d = care_edit_distance(s->target, cand, max);
	if (d <= max && d < s->dist)
	{
		s->dist = d;
		s->best = cand;
	}
}

/* Attach "Did you mean" when a close name was found. */
static void
suggest_hint(Checker *c, CareDiag *d, Suggest *s)
{
	if (s->best != NULL)
		care_diag_hint(c->dl, d, "Did you mean \"%s\"?", s->best);
}

/* Offer every field and link of a source. */
static void
suggest_members(Suggest *s, const CareSchemaSource *src)
{
	const SchemaField *f;
	const SchemaLink *l;

	for (f = src->fields; f; f = f->next)
		suggest_try(s, f->name);
	for (l = src->links; l; l = l->next)
		suggest_try(s, l->name);
}

/* ---------------------------------------------------------------------
 * Literals.
 */

/* Validate a date 'YYYY-MM-DD' (a real calendar day, years 1..9999). */
int
care_date_valid(const char *t)
{
	int			y,
				m,
				d,
				i;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			leap;

	if (strlen(t) != 10 || t[4] != '-' || t[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
			return 0;
	y = atoi(t);
	m = atoi(t + 5);
	d = atoi(t + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/*
 * Check an interval literal: one or more "N unit" pairs, N a non-negative
 * integer, unit day(s), week(s), month(s) or year(s).  Returns the canonical
 * text ("1 year 2 months 45 days": units in that order, plural as needed,
 * weeks folded into days) or NULL with *error saying what is wrong.
 */
const char *
care_interval_canonical(CareArena *ar, const char *text, const char **error)
{
	long long	years = 0,
				months = 0,
				days = 0;
	const char *s = text;
	int			pairs = 0;
	CareBuf		b;

	*error = NULL;
	for (;;)
	{
		long long	n = 0;
		const char *u;
		size_t		ul;

		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (*s < '0' || *s > '9')
		{
			*error = "expected a number";
			return NULL;
		}
		while (*s >= '0' && *s <= '9')
		{
			n = n * 10 + (*s - '0');
			if (n > 1000000)
			{
				*error = "number is too large";
				return NULL;
			}
			s++;
		}
		while (*s == ' ')
			s++;
		u = s;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			s++;
		ul = (size_t) (s - u);
		if ((ul == 3 && strncmp(u, "day", 3) == 0) || (ul == 4 && strncmp(u, "days", 4) == 0))
			days += n;
		else if ((ul == 4 && strncmp(u, "week", 4) == 0) || (ul == 5 && strncmp(u, "weeks", 5) == 0))
			days += 7 * n;
		else if ((ul == 5 && strncmp(u, "month", 5) == 0) || (ul == 6 && strncmp(u, "months", 6) == 0))
			months += n;
		else if ((ul == 4 && strncmp(u, "year", 4) == 0) || (ul == 5 && strncmp(u, "years", 5) == 0))
			years += n;
		else
		{
			*error = "expected a unit: day, week, month or year";
			return NULL;
		}
		pairs++;
		if (pairs > 16)
		{
			*error = "too many parts";
			return NULL;
		}
	}
	if (pairs == 0)
	{
		*error = "expected \"N unit\" pairs";
		return NULL;
	}
	care_buf_init(&b, ar, 256);
	if (years)
		care_buf_printf(&b, "%lld year%s", years, years == 1 ? "" : "s");
	if (months)
		care_buf_printf(&b, "%s%lld month%s", b.len ? " " : "", months, months == 1 ? "" : "s");
	if (days || (!years && !months))
		care_buf_printf(&b, "%s%lld day%s", b.len ? " " : "", days, days == 1 ? "" : "s");
	return care_buf_done(&b);
}

/*
 * Give an untyped '...' literal (or a bare enum label) the type the context
 * wants, validating its text.  Returns 1 when n now has type want.
 */
static int
coerce(Checker *c, Node *n, CareType want)
{
	if (n->type.k != T_STRLIT)
		return same_type(n->type, want) || (is(want, T_NUM) && is(n->type, T_INT));
	switch (want.k)
	{
		case T_TEXT:
			n->type = TY_TEXT;
			return 1;
		case T_DATE:
			if (!care_date_valid(n->text))
			{
				CareDiag   *d = err(c, n, "22007", "invalid date literal '%s'", n->text);

				care_diag_hint(c->dl, d, "Write dates as 'YYYY-MM-DD'.");
				return 1;
			}
			n->type = TY_DATE;
			return 1;
		case T_INTERVAL:
			{
				const char *why;
				const char *canon = care_interval_canonical(c->ar, n->text, &why);

				if (canon == NULL)
				{
					CareDiag   *d = err(c, n, "22007", "invalid interval literal '%s': %s", n->text, why);

					care_diag_hint(c->dl, d, "Write intervals as '45 days', '2 weeks', '6 months' or '1 year 3 months'.");
					return 1;
				}
				n->type = TY_INTERVAL;
				return 1;
			}
		case T_ENUM:
			if (care_enum_label_index(want.e, n->text) < 0)
			{
				CareDiag   *d = err(c, n, "22P02", "invalid value '%s' for enum %s", n->text, want.e->name);
				Suggest		s;
				int			i;

				suggest_init(&s, n->text);
				for (i = 0; i < want.e->nlabels; i++)
					suggest_try(&s, want.e->labels[i]);
				suggest_hint(c, d, &s);
				return 1;
			}
			n->type = want;
			return 1;
		default:
			return 0;
	}
}

/* An untyped literal left without context is text. */
static void
settle(Node *n)
{
	if (n->type.k == T_STRLIT)
		n->type = TY_TEXT;
}

/* ---------------------------------------------------------------------
 * Names.
 */

/* Find a param by name. */
static ParamDecl *
find_param(Checker *c, const char *name)
{
	int			i;

	for (i = 0; i < c->nparams; i++)
		if (strcmp(c->params[i]->name, name) == 0)
			return c->params[i];
	return NULL;
}

/* Find a def by name. */
static DefDecl *
find_def(Checker *c, const char *name)
{
	int			i;

	for (i = 0; i < c->ndefs; i++)
		if (strcmp(c->defs[i]->name, name) == 0)
			return c->defs[i];
	return NULL;
}

/* A language type from its name: scalars, enums, and (when rows_ok) sources. */
static int
type_from_name(Checker *c, const char *name, int rows_ok, CareType *out)
{
	static const struct
	{
		const char *name;
		TypeKind	k;
	}			scalars[] = {
		{"boolean", T_BOOL}, {"integer", T_INT}, {"numeric", T_NUM},
		{"text", T_TEXT}, {"date", T_DATE}, {"interval", T_INTERVAL}
	};
	int			i;
	const CareSchemaEnum *e;
	const CareSchemaSource *s;

	*out = TY_ERROR;
	for (i = 0; i < 6; i++)
		if (strcmp(name, scalars[i].name) == 0)
		{
			out->k = scalars[i].k;
			return 1;
		}
	e = care_schema_enum(c->schema, name);
	if (e != NULL)
	{
		out->k = T_ENUM;
		out->e = e;
		return 1;
	}
	s = care_schema_source(c->schema, name);
	if (s != NULL && rows_ok)
	{
		out->k = T_ROW;
		out->s = s;
		return 1;
	}
	return 0;
}

/* Report an unknown type name with a suggestion. */
static void
unknown_type(Checker *c, CareSpan span, const char *name, int rows_ok)
{
	static const char *const scalars[] = {"boolean", "integer", "numeric", "text", "date", "interval"};
	CareDiag   *d = care_diag(c->dl, CARE_ERROR, "42704", span, "type \"%s\" does not exist", name);
	Suggest		s;
	const CareSchemaEnum *e;
	const CareSchemaSource *src;
	int			i;

	suggest_init(&s, name);
	for (i = 0; i < 6; i++)
		suggest_try(&s, scalars[i]);
	for (e = c->schema->enums; e; e = e->next)
		suggest_try(&s, e->name);
	if (rows_ok)
		for (src = c->schema->sources; src; src = src->next)
			suggest_try(&s, src->name);
	suggest_hint(c, d, &s);
	if (d != NULL && d->hint == NULL && !rows_ok && care_schema_source(c->schema, name) != NULL)
		care_diag_hint(c->dl, d, "A param holds a value, not a row.");
}

/*
 * Is the name already taken where a new variable would be introduced?
 * Returns what it shadows, or NULL.
 */
static const char *
shadows(Checker *c, const char *name, Scope *sc)
{
	Scope	   *s;

	for (s = sc; s; s = s->up)
	{
		if (s->kind == SC_BIND && strcmp(s->name, name) == 0)
			return "a bound variable";
		if (s->kind == SC_DEFPARAM && strcmp(s->name, name) == 0)
			return "a def parameter";
		if (s->kind == SC_LET && strcmp(s->name, name) == 0)
			return "a let";
	}
	if (find_param(c, name) != NULL)
		return "a param";
	if (strcmp(name, "as_of") == 0)
		return "the evaluation date as_of";
	if (care_schema_source(c->schema, name) != NULL)
		return "a source";
	return NULL;
}

/* Does the enum type of any field carry this label?  (for hints) */
static const CareSchemaEnum *
enum_with_label(Checker *c, const char *label)
{
	const CareSchemaEnum *e;

	for (e = c->schema->enums; e; e = e->next)
		if (care_enum_label_index(e, label) >= 0)
			return e;
	return NULL;
}

/* qsort comparator for source names. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* "ad_domain, audit, ...": every source of the schema, sorted. */
static const char *
source_list(Checker *c)
{
	const CareSchemaSource *src;
	const char **names;
	int			n = 0,
				i;
	CareBuf		b;

	for (src = c->schema->sources; src; src = src->next)
		n++;
	names = care_arena_alloc(c->ar, sizeof(char *) * (size_t) (n + 1));
	n = 0;
	for (src = c->schema->sources; src; src = src->next)
		names[n++] = src->name;
	qsort(names, (size_t) n, sizeof(char *), cmp_names);
	care_buf_init(&b, c->ar, (size_t) -1);
	for (i = 0; i < n; i++)
		care_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	return care_buf_done(&b);
}

/* Does a bare name mean anything here (a member of an implicit row, a variable, a param, ...)? */
static int
name_known(Checker *c, const char *name, Scope *sc)
{
	Scope	   *s;

	for (s = sc; s; s = s->up)
	{
		if (s->kind == SC_WHERE)
		{
			if (s->type.k == T_ROW && s->type.s != NULL &&
				(care_source_field(s->type.s, name) || care_source_link(s->type.s, name)))
				return 1;
		}
		else if (s->name != NULL && strcmp(s->name, name) == 0)
			return 1;
	}
	return find_param(c, name) != NULL || strcmp(name, "as_of") == 0 ||
		care_schema_source(c->schema, name) != NULL;
}

/* Resolve a bare name used as a value. */
static void
chk_name(Checker *c, Node *n, Scope *sc, CareType expect, int want_set)
{
	Scope	   *s;
	ParamDecl  *pd;
	const CareSchemaSource *src;

	for (s = sc; s; s = s->up)
	{
		if (s->kind == SC_WHERE)
		{
			const SchemaField *f = care_source_field(s->type.s, n->name);
			const SchemaLink *l = care_source_link(s->type.s, n->name);

			if (f != NULL || l != NULL)
			{
				/* a field of the implicit row: rewrite as <row>.name */
				Node	   *row = care_node(c->p, N_NAME, n->span);

				row->name = "";
				row->op = 1;	/* implicit: the formatter prints only the field */
				row->ref_kind = R_BOUND;
				row->ref = s->ref;
				row->type = s->type;
				row->depth = 1;
				n->kind = N_FIELD;
				n->a = row;
				n->ref_kind = R_IMPLICIT_FIELD;
				chk(c, n, sc, expect);
				return;
			}
			continue;
		}
		if (strcmp(s->name, n->name) != 0)
			continue;
		switch (s->kind)
		{
			case SC_BIND:
				n->ref_kind = R_BOUND;
				n->ref = s->ref;
				n->type = s->type;
				n->nullable = 0;
				return;
			case SC_DEFPARAM:
				{
					const DefParam *dp = s->ref;

					n->ref_kind = R_DEFPARAM;
					n->ref = dp;
					n->type = dp->type;
					/* a def is strict: inside the body its arguments are present */
					n->nullable = 0;
					return;
				}
			case SC_LET:
				{
					LetDecl    *l = (LetDecl *) s->ref;

					l->used = 1;
					n->ref_kind = R_LET;
					n->ref = l;
					n->type = l->expr->type;
					n->nullable = l->expr->nullable;
					return;
				}
			default:
				break;
		}
	}
	pd = find_param(c, n->name);
	if (pd != NULL)
	{
		pd->used = 1;
		n->ref_kind = R_PARAM;
		n->ref = pd;
		n->type = pd->type;
		n->nullable = 0;
		return;
	}
	if (strcmp(n->name, "as_of") == 0)
	{
		n->ref_kind = R_ASOF;
		n->type = TY_DATE;
		n->nullable = 0;
		return;
	}
	src = care_schema_source(c->schema, n->name);
	if (src != NULL)
	{
		add_dep(c, src->name);
		if (src->is_root)
		{
			n->ref_kind = R_ROOT;
			n->type.k = T_ROW;
			n->type.s = src;
			n->type.e = NULL;
			n->nullable = 0;
			return;
		}
		n->ref_kind = R_SOURCE;
		n->ref = src;
		n->type.k = T_SET;
		n->type.s = src;
		n->type.e = NULL;
		n->nullable = 0;
		return;
	}
	if (expect.k == T_ENUM && care_enum_label_index(expect.e, n->name) >= 0)
	{
		n->ref_kind = R_LABEL;
		n->text = n->name;
		n->type = expect;
		n->nullable = 0;
		return;
	}
	{
		CareDiag   *d;
		Suggest		sg;
		int			i;
		const CareSchemaEnum *le;

		if (expect.k == T_ENUM)
		{
			d = err(c, n, "22P02", "\"%s\" is not a value of enum %s", n->name, expect.e->name);
			suggest_init(&sg, n->name);
			for (i = 0; i < expect.e->nlabels; i++)
				suggest_try(&sg, expect.e->labels[i]);
			suggest_hint(c, d, &sg);
			return;
		}
		suggest_init(&sg, n->name);
		for (src = c->schema->sources; src; src = src->next)
			suggest_try(&sg, src->name);
		if (want_set || (sg.best != NULL && care_schema_source(c->schema, sg.best) != NULL))
		{
			d = err(c, n, "42P01", "source \"%s\" does not exist", n->name);
			suggest_hint(c, d, &sg);
			if (d != NULL && d->hint == NULL)
				care_diag_hint(c->dl, d, "Rules read the sources %s.", source_list(c));
			return;
		}
		d = err(c, n, "42703", "name \"%s\" does not exist", n->name);
		suggest_init(&sg, n->name);
		for (s = sc; s; s = s->up)
			if (s->kind == SC_WHERE)
				suggest_members(&sg, s->type.s);
			else
				suggest_try(&sg, s->name);
		for (i = 0; i < c->nparams; i++)
			suggest_try(&sg, c->params[i]->name);
		suggest_try(&sg, "as_of");
		for (src = c->schema->sources; src; src = src->next)
			suggest_try(&sg, src->name);
		suggest_hint(c, d, &sg);
		le = enum_with_label(c, n->name);
		if (d != NULL && d->hint == NULL && le != NULL)
			care_diag_hint(c->dl, d, "\"%s\" is a value of enum %s: compare it with a %s value, or write '%s'.",
						   n->name, le->name, le->name, n->name);
	}
}

/* ---------------------------------------------------------------------
 * Expressions.
 */

/* Can this node only be typed by its context (a label or a '...' literal)? */
static int
needs_context(Checker *c, Node *n, Scope *sc)
{
	Scope	   *s;

	if (n->kind == N_STR || n->kind == N_LABELKW)
		return 1;
	if (n->kind != N_NAME)
		return 0;
	for (s = sc; s; s = s->up)
	{
		if (s->kind == SC_WHERE)
		{
			if (care_source_field(s->type.s, n->name) || care_source_link(s->type.s, n->name))
				return 0;
		}
		else if (strcmp(s->name, n->name) == 0)
			return 0;
	}
	return find_param(c, n->name) == NULL && strcmp(n->name, "as_of") != 0 &&
		care_schema_source(c->schema, n->name) == NULL;
}

/* Check two operands that must agree in type, the context-typed one last. */
static void
chk_pair(Checker *c, Node *a, Node *b, Scope *sc)
{
	if (needs_context(c, a, sc) && !needs_context(c, b, sc))
	{
		chk(c, b, sc, TY_ERROR);
		chk(c, a, sc, b->type);
		coerce(c, a, b->type);
	}
	else
	{
		chk(c, a, sc, TY_ERROR);
		if (a->type.k == T_ERROR && needs_context(c, b, sc))
		{
			b->type = TY_ERROR;	/* no type to give it: stay silent */
			return;
		}
		chk(c, b, sc, a->type);
		if (b->type.k == T_STRLIT && a->type.k != T_STRLIT)
			coerce(c, b, a->type);
		else if (a->type.k == T_STRLIT && b->type.k != T_STRLIT)
			coerce(c, a, b->type);
	}
}

/* Report "operator does not exist: A op B". */
static void
no_operator(Checker *c, Node *n, const char *op, Node *a, Node *b)
{
	CareDiag   *d = err(c, n, "42804", "operator does not exist: %s %s %s",
						care_type_name(c->ar, a->type), op, care_type_name(c->ar, b->type));

	if (d != NULL && (a->type.k == T_DATE || b->type.k == T_DATE) &&
		(is_numeric(a->type) || is_numeric(b->type)))
		care_diag_hint(c->dl, d, "Dates combine with intervals, such as '45 days'; the difference of two dates is an interval.");
}

/* Can values of this type be ordered (<, min, latest ... by)? */
static int
orderable(CareType t)
{
	return t.k == T_INT || t.k == T_NUM || t.k == T_DATE || t.k == T_INTERVAL ||
		t.k == T_TEXT || (t.k == T_ENUM && t.e->ordered);
}

/* Check that a comparison of a and b with op makes sense. */
static void
check_comparable(Checker *c, Node *n, int op, Node *a, Node *b)
{
	int			ordering = op != OP_EQ && op != OP_NE;

	if (a->type.k == T_ERROR || b->type.k == T_ERROR)
	{
		n->type = TY_ERROR;
		return;
	}
	if (a->type.k == T_STRLIT && b->type.k == T_STRLIT)
	{
		a->type = TY_TEXT;
		b->type = TY_TEXT;
	}
	else if (a->type.k == T_STRLIT)
		coerce(c, a, b->type);
	else if (b->type.k == T_STRLIT)
		coerce(c, b, a->type);
	if (a->type.k == T_ERROR || b->type.k == T_ERROR)
	{
		n->type = TY_ERROR;
		return;
	}
	if (a->type.k == T_SET || b->type.k == T_SET)
	{
		CareDiag   *d = err(c, n, "42804", "cannot compare a collection: %s %s %s",
							care_type_name(c->ar, a->type), care_op_text(op), care_type_name(c->ar, b->type));

		care_diag_hint(c->dl, d, "Use exists, count(...) or a quantifier (every, any, none).");
		return;
	}
	if (!(same_type(a->type, b->type) || (is_numeric(a->type) && is_numeric(b->type))))
	{
		no_operator(c, n, care_op_text(op), a, b);
		return;
	}
	if (ordering && a->type.k == T_ENUM && !a->type.e->ordered)
	{
		CareDiag   *d = err(c, n, "42804", "enum %s is not ordered: only =, <> and in compare its values",
							a->type.e->name);

		(void) d;
		return;
	}
	if (ordering && (a->type.k == T_ROW || a->type.k == T_BOOL))
	{
		no_operator(c, n, care_op_text(op), a, b);
		return;
	}
}

/* Check a collection operand; returns 0 (and reports) when it is not one. */
static int
want_set(Checker *c, Node *n, Node *where, const char *what)
{
	if (n->type.k == T_ERROR)
		return 0;
	if (n->type.k != T_SET)
	{
		TypeKind	k = n->type.k;
		CareDiag   *d = err(c, where, "42804", "%s needs a collection, not %s",
							what, care_type_name(c->ar, n->type));

		if (k == T_ROW)
			care_diag_hint(c->dl, d, "A row is one element; a source name or a to-many link is a collection.");
		return 0;
	}
	return 1;
}

/* Check a boolean operand. */
static int
want_bool(Checker *c, Node *n, Node *where, const char *what)
{
	if (n->type.k == T_ERROR)
		return 0;
	if (n->type.k != T_BOOL)
	{
		err(c, where, "42804", "argument of %s must be boolean, not %s",
			what, care_type_name(c->ar, n->type));
		return 0;
	}
	return 1;
}

/* Check a binding "x in S": push its scope; returns the new scope. */
static Scope *
chk_binding(Checker *c, Node *bind, Scope *sc, Scope *outer_names)
{
	Node	   *coll = bind->a;
	Scope	   *ns = care_arena_zalloc(c->ar, sizeof *ns);
	const char *sh = shadows(c, bind->name, outer_names);

	if (sh != NULL)
	{
		CareDiag   *d = care_diag(c->dl, CARE_ERROR, "42712", bind->span,
								  "bound variable \"%s\" shadows %s", bind->name, sh);

		care_diag_hint(c->dl, d, "Choose another name for the variable.");
	}
	ns->kind = SC_BIND;
	ns->name = bind->name;
	ns->ref = bind;
	if (coll->kind == N_WHERE)
	{
		/* "x in S where cond": x names the element inside cond too */
		Scope	   *ws = care_arena_zalloc(c->ar, sizeof *ws);

		c->expect_set = 1;
		chk(c, coll->a, sc, TY_ERROR);
		if (want_set(c, coll->a, coll->a, "where"))
		{
			ns->up = sc;
			ns->type.k = T_ROW;
			ns->type.s = coll->a->type.s;
			ws->up = ns;
			ws->kind = SC_WHERE;
			ws->name = "";
			ws->ref = coll;
			ws->type = ns->type;
			chk(c, coll->b, ws, TY_ERROR);
			want_bool(c, coll->b, coll->b, "where");
			coll->type = coll->a->type;
			coll->nullable = coll->a->nullable;
		}
		else
			coll->type = TY_ERROR;
	}
	else
	{
		c->expect_set = 1;
		chk(c, coll, sc, TY_ERROR);
	}
	bind->type = coll->type;
	bind->nullable = coll->nullable;
	if (coll->type.k != T_ERROR && !want_set(c, coll, coll, "a quantifier or aggregate"))
		bind->type = TY_ERROR;
	ns->up = sc;
	ns->type.k = T_ROW;
	ns->type.s = bind->type.k == T_SET ? bind->type.s : NULL;
	if (bind->type.k != T_SET)
		ns->type = TY_ERROR;
	return ns;
}

static const struct
{
	const char *name;
	Builtin		b;
}			builtins[] = {
	{"coalesce", B_COALESCE}, {"count", B_COUNT}, {"min", B_MIN},
	{"max", B_MAX}, {"sum", B_SUM}, {"avg", B_AVG}
};

/* The built-in function of a name, or B_NONE for a def. */
static Builtin
builtin_of(const char *name)
{
	size_t		i;

	for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].b;
	return B_NONE;
}

/* The type of an aggregate of values of type t, or T_ERROR. */
static CareType
aggregate_type(Builtin b, CareType t)
{
	switch (b)
	{
		case B_COUNT:
			return TY_INT;
		case B_SUM:
			return (is_numeric(t) || t.k == T_INTERVAL) ? t : TY_ERROR;
		case B_AVG:
			return is_numeric(t) ? TY_NUM : t.k == T_INTERVAL ? t : TY_ERROR;
		case B_MIN:
		case B_MAX:
			return orderable(t) ? t : TY_ERROR;
		default:
			return TY_ERROR;
	}
}

/* Calls: builtins (coalesce, count(S)) and defs. */
static void
chk_call(Checker *c, Node *n, Scope *sc)
{
	Builtin		b = builtin_of(n->name);
	DefDecl    *def;
	int			i;

	n->builtin = b;
	if (b == B_COALESCE)
	{
		int			typed = -1;

		n->ref_kind = R_BUILTIN;
		if (n->nlist == 0)
		{
			err(c, n, "42883", "coalesce needs at least one argument");
			return;
		}
		for (i = 0; i < n->nlist; i++)
			if (!needs_context(c, n->list[i], sc))
			{
				chk(c, n->list[i], sc, TY_ERROR);
				if (typed < 0 && n->list[i]->type.k != T_STRLIT)
					typed = i;
			}
		for (i = 0; i < n->nlist; i++)
			if (needs_context(c, n->list[i], sc))
				chk(c, n->list[i], sc, typed >= 0 ? n->list[typed]->type : TY_ERROR);
		n->type = typed >= 0 ? n->list[typed]->type : TY_TEXT;
		n->nullable = 1;
		for (i = 0; i < n->nlist; i++)
		{
			Node	   *a = n->list[i];

			if (a->type.k == T_ERROR)
			{
				n->type = TY_ERROR;
				continue;
			}
			if (!is_scalar(a->type))
			{
				err(c, a, "42804", "coalesce takes values, not %s", care_type_name(c->ar, a->type));
				n->type = TY_ERROR;
				continue;
			}
			if (a->type.k == T_STRLIT)
				coerce(c, a, n->type.k == T_STRLIT ? TY_TEXT : n->type);
			if (n->type.k == T_ERROR)
				continue;
			if (is_numeric(a->type) && is_numeric(n->type))
			{
				if (a->type.k == T_NUM)
					n->type = TY_NUM;
			}
			else if (!same_type(a->type, n->type) && a->type.k != T_ERROR)
			{
				err(c, a, "42804", "coalesce arguments must have one type: %s and %s",
					care_type_name(c->ar, n->type), care_type_name(c->ar, a->type));
				n->type = TY_ERROR;
			}
			if (!a->nullable)
				n->nullable = 0;
		}
		return;
	}
	if (b != B_NONE)
	{
		n->ref_kind = R_BUILTIN;
		if (n->nlist != 1)
		{
			CareDiag   *d = err(c, n, "42883", "%s takes one argument", n->name);

			care_diag_hint(c->dl, d, "Write %s(S) or %s(expression for x in S where condition).",
						   n->name, n->name);
			return;
		}
		c->expect_set = b == B_COUNT;
		chk(c, n->list[0], sc, TY_ERROR);
		if (n->list[0]->type.k == T_ERROR)
		{
			n->type = TY_ERROR;
			return;
		}
		if (n->list[0]->type.k != T_SET)
		{
			CareDiag   *d = err(c, n, "42804", "aggregate %s needs a collection, not %s",
								n->name, care_type_name(c->ar, n->list[0]->type));

			care_diag_hint(c->dl, d, "Write %s(expression for x in S where condition).", n->name);
			return;
		}
		if (b != B_COUNT)
		{
			CareDiag   *d = err(c, n, "42804", "%s of a collection needs a value to aggregate", n->name);

			care_diag_hint(c->dl, d, "Write %s(x.field for x in S).", n->name);
			return;
		}
		n->type = TY_INT;
		n->nullable = n->list[0]->nullable;
		return;
	}
	def = find_def(c, n->name);
	if (def == NULL)
	{
		CareDiag   *d = err(c, n, "42883", "def or function \"%s\" does not exist", n->name);
		Suggest		s;
		size_t		k;

		suggest_init(&s, n->name);
		for (i = 0; i < c->ndefs; i++)
			suggest_try(&s, c->defs[i]->name);
		for (k = 0; k < sizeof builtins / sizeof builtins[0]; k++)
			suggest_try(&s, builtins[k].name);
		suggest_hint(c, d, &s);
		for (i = 0; i < n->nlist; i++)
			chk(c, n->list[i], sc, TY_ERROR);
		return;
	}
	def->used = 1;
	n->ref_kind = R_DEF;
	n->ref = def;
	if (c->cur_def != NULL && def->order >= c->cur_def->order)
	{
		CareDiag   *d;

		if (def == c->cur_def)
			d = err(c, n, "42P19", "def \"%s\" calls itself", def->name);
		else
			d = err(c, n, "42P19", "def \"%s\" calls def \"%s\", which is defined after it",
					c->cur_def->name, def->name);
		care_diag_detail(c->dl, d, "A def may call only the defs written before it, so that rules always terminate.");
		return;
	}
	if (n->nlist != def->nparams)
	{
		err(c, n, "42883", "def \"%s\" takes %d argument%s, not %d", def->name, def->nparams,
			def->nparams == 1 ? "" : "s", n->nlist);
		return;
	}
	n->type = def->body != NULL ? def->body->type : TY_ERROR;
	n->nullable = def->body != NULL ? def->body->nullable : 1;
	for (i = 0; i < n->nlist; i++)
	{
		Node	   *a = n->list[i];
		CareType	want = def->params[i].type;

		chk(c, a, sc, want);
		if (a->type.k == T_ERROR || want.k == T_ERROR)
		{
			n->type = TY_ERROR;
			continue;
		}
		if (!coerce(c, a, want))
		{
			err(c, a, "42804", "argument %d of def \"%s\" must be %s, not %s", i + 1, def->name,
				care_type_name(c->ar, want), care_type_name(c->ar, a->type));
			n->type = TY_ERROR;
			continue;
		}
		if (a->nullable)
			n->nullable = 1;	/* strict: a missing argument gives null */
	}
}

/* Arithmetic: the result type of a op b, or T_ERROR. */
static CareType
arith_type(int op, CareType a, CareType b)
{
	if (is_numeric(a) && is_numeric(b))
	{
		if (op == '/')
			return TY_NUM;
		return (a.k == T_NUM || b.k == T_NUM) ? TY_NUM : TY_INT;
	}
	if (op == '+' || op == '-')
	{
		if (a.k == T_DATE && b.k == T_INTERVAL)
			return TY_DATE;
		if (a.k == T_DATE && b.k == T_INT)
			return TY_DATE;
		if (op == '+' && a.k == T_INTERVAL && b.k == T_DATE)
			return TY_DATE;
		if (op == '-' && a.k == T_DATE && b.k == T_DATE)
			return TY_INTERVAL;
		if (a.k == T_INTERVAL && b.k == T_INTERVAL)
			return TY_INTERVAL;
	}
	if (op == '*' && ((a.k == T_INTERVAL && is_numeric(b)) || (is_numeric(a) && b.k == T_INTERVAL)))
		return TY_INTERVAL;
	if (op == '/' && a.k == T_INTERVAL && is_numeric(b))
		return TY_INTERVAL;
	return TY_ERROR;
}

/* Check one node: set type and nullable; report problems. */
static void
chk(Checker *c, Node *n, Scope *sc, CareType expect)
{
	int			i;
	int			in_set_position = c->expect_set;

	care_poll(c->hooks);
	c->expect_set = 0;
	n->type = TY_ERROR;
	n->nullable = 0;
	switch (n->kind)
	{
		case N_INT:
			{
				const char *t = n->text;
				unsigned long long v = 0;

				for (; *t; t++)
				{
					v = v * 10 + (unsigned long long) (*t - '0');
					if (v > (unsigned long long) LLONG_MAX || strlen(n->text) > 19)
					{
						err(c, n, "22003", "integer literal %s is out of range", n->text);
						return;
					}
				}
				n->ival = (long) v;
				n->type = TY_INT;
				return;
			}
		case N_NUM:
			if (strlen(n->text) > 100)
			{
				err(c, n, "22003", "numeric literal is longer than 100 characters");
				return;
			}
			n->type = TY_NUM;
			return;
		case N_STR:
			n->type.k = T_STRLIT;
			if (expect.k != T_ERROR && expect.k != T_STRLIT)
				coerce(c, n, expect);
			return;
		case N_BOOL:
			n->type = TY_BOOL;
			return;
		case N_TYPED:
			{
				CareType	t;

				if (!type_from_name(c, n->name, 0, &t) || t.k == T_BOOL || is_numeric(t))
				{
					CareDiag   *d = err(c, n, "42704", "\"%s '...'\" is not a literal", n->name);

					care_diag_hint(c->dl, d, "Typed literals are date '...', interval '...', text '...' or an enum name followed by a label.");
					return;
				}
				n->type.k = T_STRLIT;
				coerce(c, n, t);
				if (n->type.k == T_STRLIT)
					n->type = t;
				return;
			}
		case N_LABELKW:
			if (expect.k == T_ENUM && care_enum_label_index(expect.e, n->name) >= 0)
			{
				n->ref_kind = R_LABEL;
				n->text = n->name;
				n->type = expect;
				return;
			}
			{
				CareDiag   *d = err(c, n, "42601", "\"%s\" is a keyword here", n->name);

				care_diag_hint(c->dl, d, "As a value, \"%s\" must be compared with an enum that has it; as a quantifier, write %s x in S: condition.",
							   n->name, n->name);
			}
			return;
		case N_NAME:
			if (n->op == 1)
				return;			/* implicit row, typed when made */
			chk_name(c, n, sc, expect, in_set_position);
			return;
		case N_FIELD:
			{
				Node	   *a = n->a;
				const SchemaField *f;
				const SchemaLink *l;

				if (in_set_position && a->kind == N_NAME && a->op != 1 && !name_known(c, a->name, sc))
				{
					/* care.ruleset, pg_catalog.pg_authid: a schema-qualified relation */
					CareDiag   *d = err(c, n, "42P01", "source \"%s.%s\" does not exist", a->name, n->name);

					if (d != NULL && care_schema_source(c->schema, n->name) != NULL)
						care_diag_hint(c->dl, d, "Rules name sources without a schema: write %s. They can reach only the registered sources: %s.",
									   n->name, source_list(c));
					else if (d != NULL)
						care_diag_hint(c->dl, d, "Rules name sources without a schema and can reach only the registered sources: %s.",
									   source_list(c));
					return;
				}
				if (a->ref_kind == R_BOUND && a->op == 1)
				{
					/* implicit row: already typed */
				}
				else
					chk(c, a, sc, TY_ERROR);
				if (a->type.k == T_ERROR)
					return;
				if (a->type.k == T_SET)
				{
					CareDiag   *d = err(c, n, "42804", "a collection of %s has no field \"%s\"",
										a->type.s->name, n->name);

					care_diag_hint(c->dl, d, "Bind its elements: every x in S: x.%s ..., or aggregate: min(x.%s for x in S).",
								   n->name, n->name);
					return;
				}
				if (a->type.k != T_ROW)
				{
					err(c, n, "42804", "%s is not a row: it has no field \"%s\"",
						care_type_name(c->ar, a->type), n->name);
					return;
				}
				f = care_source_field(a->type.s, n->name);
				l = care_source_link(a->type.s, n->name);
				if (f != NULL)
				{
					n->field = f;
					n->type = field_type(f);
					n->nullable = f->nullable || a->nullable;
					add_dep(c, care_printf(c->ar, "%s.%s", a->type.s->name, f->name));
					return;
				}
				if (l != NULL)
				{
					n->link = l;
					n->type.k = l->to_many ? T_SET : T_ROW;
					n->type.s = l->target;
					n->nullable = a->nullable || (!l->to_many && l->nullable);
					add_dep(c, care_printf(c->ar, "%s.%s", a->type.s->name, l->name));
					add_dep(c, l->target->name);
					return;
				}
				{
					CareDiag   *d = err(c, n, "42703", "%s has no field or link \"%s\"",
										a->type.s->name, n->name);
					Suggest		s;

					suggest_init(&s, n->name);
					suggest_members(&s, a->type.s);
					suggest_hint(c, d, &s);
				}
				return;
			}
		case N_CALL:
			chk_call(c, n, sc);
			return;
		case N_AGG:
			{
				Builtin		b = builtin_of(n->name);
				Scope	   *ns;

				n->builtin = b;
				n->ref_kind = R_BUILTIN;
				ns = chk_binding(c, n->list[0], sc, sc);
				if (b == B_NONE || b == B_COALESCE)
				{
					CareDiag   *d = err(c, n, "42883", "\"%s\" is not an aggregate", n->name);

					care_diag_hint(c->dl, d, "The aggregates are count, min, max, sum and avg.");
					return;
				}
				if (n->list[0]->type.k != T_SET)
					return;
				chk(c, n->a, ns, TY_ERROR);
				settle(n->a);
				if (n->a->type.k == T_ERROR)
					return;
				n->type = aggregate_type(b, n->a->type);
				if (n->type.k == T_ERROR)
				{
					err(c, n, "42804", "%s cannot aggregate %s values", n->name,
						care_type_name(c->ar, n->a->type));
					return;
				}
				n->nullable = (b == B_MIN || b == B_MAX || b == B_AVG) || n->list[0]->nullable;
				return;
			}
		case N_NEG:
			chk(c, n->a, sc, TY_ERROR);
			if (n->a->type.k == T_ERROR)
				return;
			if (!is_numeric(n->a->type) && n->a->type.k != T_INTERVAL)
			{
				err(c, n, "42804", "operator does not exist: - %s", care_type_name(c->ar, n->a->type));
				return;
			}
			n->type = n->a->type;
			n->nullable = n->a->nullable;
			return;
		case N_ARITH:
			/* a '...' operand: a date minus a date-looking literal is a date, else an interval */
			chk(c, n->a, sc, TY_ERROR);
			chk(c, n->b, sc, TY_ERROR);
			if (n->a->type.k == T_ERROR || n->b->type.k == T_ERROR)
				return;
			if (n->a->type.k == T_STRLIT && n->b->type.k == T_STRLIT && (n->op == '+' || n->op == '-'))
			{
				/* two '...' literals: typed when they read one way only */
				const char *why;
				int			ai = care_interval_canonical(c->ar, n->a->text, &why) != NULL;
				int			bi = care_interval_canonical(c->ar, n->b->text, &why) != NULL;

				if (ai && bi)
				{
					coerce(c, n->a, TY_INTERVAL);
					coerce(c, n->b, TY_INTERVAL);
				}
				else if (care_date_valid(n->a->text) && bi)
				{
					coerce(c, n->a, TY_DATE);
					coerce(c, n->b, TY_INTERVAL);
				}
				else if (n->op == '-' && care_date_valid(n->a->text) && care_date_valid(n->b->text))
				{
					coerce(c, n->a, TY_DATE);
					coerce(c, n->b, TY_DATE);
				}
			}
			if (n->b->type.k == T_STRLIT && n->a->type.k != T_STRLIT)
				coerce(c, n->b, n->a->type.k == T_DATE && n->op == '-' && care_date_valid(n->b->text) ? TY_DATE :
					   (n->a->type.k == T_DATE || n->a->type.k == T_INTERVAL ||
						(is_numeric(n->a->type) && n->op == '*')) ? TY_INTERVAL : n->a->type);
			else if (n->a->type.k == T_STRLIT && n->b->type.k != T_STRLIT)
				coerce(c, n->a, (n->b->type.k == T_DATE && n->op == '-') ||
					   (n->b->type.k == T_INTERVAL && care_date_valid(n->a->text)) ? TY_DATE :
					   (n->b->type.k == T_DATE || n->b->type.k == T_INTERVAL ||
						(is_numeric(n->b->type) && (n->op == '*' || n->op == '/'))) ? TY_INTERVAL : n->b->type);
			if (n->a->type.k == T_ERROR || n->b->type.k == T_ERROR)
				return;
			n->type = arith_type(n->op, n->a->type, n->b->type);
			if (n->type.k == T_ERROR)
			{
				no_operator(c, n, care_op_text(n->op), n->a, n->b);
				return;
			}
			n->nullable = n->a->nullable || n->b->nullable || n->op == '/';
			return;
		case N_CMP:
			chk_pair(c, n->a, n->b, sc);
			n->type = TY_BOOL;
			check_comparable(c, n, n->op, n->a, n->b);
			n->nullable = n->a->nullable || n->b->nullable;
			return;
		case N_AND:
		case N_OR:
			chk(c, n->a, sc, TY_ERROR);
			chk(c, n->b, sc, TY_ERROR);
			n->type = TY_BOOL;
			if (!want_bool(c, n->a, n->a, n->kind == N_AND ? "and" : "or"))
				n->type = TY_ERROR;
			if (!want_bool(c, n->b, n->b, n->kind == N_AND ? "and" : "or"))
				n->type = TY_ERROR;
			n->nullable = n->a->nullable || n->b->nullable;
			return;
		case N_NOT:
			chk(c, n->a, sc, TY_ERROR);
			n->type = TY_BOOL;
			if (!want_bool(c, n->a, n->a, "not"))
				n->type = TY_ERROR;
			n->nullable = n->a->nullable;
			return;
		case N_ISNULL:
			chk(c, n->a, sc, TY_ERROR);
			settle(n->a);
			if (n->a->type.k == T_ERROR)
				return;
			if (!is_scalar(n->a->type))
			{
				CareDiag   *d = err(c, n, "42804", "is null takes a value, not %s",
									care_type_name(c->ar, n->a->type));

				care_diag_hint(c->dl, d, "To ask whether a row or a collection is there, use exists.");
				return;
			}
			n->type = TY_BOOL;
			return;
		case N_BETWEEN:
			{
				/* the first operand with a type types the others */
				Node	   *ops[3] = {n->a, n->b, n->c};
				CareType	t = TY_ERROR;
				int			k;

				for (k = 0; k < 3; k++)
					if (!needs_context(c, ops[k], sc))
					{
						chk(c, ops[k], sc, TY_ERROR);
						if (t.k == T_ERROR && ops[k]->type.k != T_STRLIT && ops[k]->type.k != T_ERROR)
							t = ops[k]->type;
					}
				for (k = 0; k < 3; k++)
				{
					if (needs_context(c, ops[k], sc))
						chk(c, ops[k], sc, t);
					if (ops[k]->type.k == T_STRLIT && t.k != T_ERROR)
						coerce(c, ops[k], t);
				}
			}
			n->type = TY_BOOL;
			check_comparable(c, n, OP_LE, n->a, n->b);
			if (n->type.k != T_ERROR)
				check_comparable(c, n, OP_LE, n->a, n->c);
			n->nullable = n->a->nullable || n->b->nullable || n->c->nullable;
			return;
		case N_IN:
			{
				int			prechecked = 0;

			if (needs_context(c, n->a, sc))
			{
				/* 'x' in (f.title, ...) or critical in (max(...), ...): the list types it */
				CareType	t = TY_ERROR;

				for (i = 0; i < n->nlist && t.k == T_ERROR; i++)
					if (!needs_context(c, n->list[i], sc))
					{
						chk(c, n->list[i], sc, TY_ERROR);
						if (n->list[i]->type.k != T_STRLIT)
							t = n->list[i]->type;
					}
				prechecked = i;
				chk(c, n->a, sc, t);
				if (n->a->type.k == T_STRLIT && t.k != T_ERROR)
					coerce(c, n->a, t);
			}
			else
				chk(c, n->a, sc, TY_ERROR);
			n->type = TY_BOOL;
			n->nullable = n->a->nullable;
			for (i = 0; i < n->nlist; i++)
			{
				Node	   *x = n->list[i];

				if (n->a->type.k == T_ERROR && needs_context(c, x, sc))
					continue;	/* nothing to type it by: stay silent */
				if (i >= prechecked || needs_context(c, x, sc))
					chk(c, x, sc, n->a->type);
				if (x->type.k == T_STRLIT && n->a->type.k != T_STRLIT)
					coerce(c, x, n->a->type);
				if (x->nullable)
					n->nullable = 1;
				if (n->type.k != T_ERROR && x->type.k != T_ERROR && n->a->type.k != T_ERROR)
				{
					check_comparable(c, n, OP_EQ, n->a, x);
					if (n->type.k != T_ERROR && !is_scalar(n->a->type))
						err(c, n, "42804", "in compares values, not %s", care_type_name(c->ar, n->a->type));
				}
			}
			if (n->a->type.k == T_ERROR)
				n->type = TY_ERROR;
			settle(n->a);
			return;
			}
		case N_WHERE:
			{
				Scope	   *ws;

				c->expect_set = 1;
				chk(c, n->a, sc, TY_ERROR);
				if (!want_set(c, n->a, n, "where"))
					return;
				ws = care_arena_zalloc(c->ar, sizeof *ws);
				ws->up = sc;
				ws->kind = SC_WHERE;
				ws->name = "";
				ws->ref = n;
				ws->type.k = T_ROW;
				ws->type.s = n->a->type.s;
				chk(c, n->b, ws, TY_ERROR);
				if (!want_bool(c, n->b, n->b, "where"))
					return;
				n->type = n->a->type;
				n->nullable = n->a->nullable;
				return;
			}
		case N_QUANT:
			{
				Scope	   *ns = sc;
				int			ok = 1;

				n->nullable = 0;
				for (i = 0; i < n->nlist; i++)
				{
					int			j;

					for (j = 0; j < i; j++)
						if (strcmp(n->list[j]->name, n->list[i]->name) == 0)
						{
							care_diag(c->dl, CARE_ERROR, "42712", n->list[i]->span,
									  "variable \"%s\" is bound twice", n->list[i]->name);
							ok = 0;
						}
					/* a later set may not see earlier variables: bind them all after */
					ns = chk_binding(c, n->list[i], sc, ns);
					{
						Scope	   *fix = ns;

						/* chain the new scope after the previous bindings */
						(void) fix;
					}
					if (n->list[i]->type.k != T_SET)
						ok = 0;
					if (n->list[i]->nullable)
						n->nullable = 1;
				}
				/* rebuild the chain so the body sees every variable */
				ns = sc;
				for (i = 0; i < n->nlist; i++)
				{
					Scope	   *b = care_arena_zalloc(c->ar, sizeof *b);

					b->up = ns;
					b->kind = SC_BIND;
					b->name = n->list[i]->name;
					b->ref = n->list[i];
					b->type.k = T_ROW;
					b->type.s = n->list[i]->type.k == T_SET ? n->list[i]->type.s : NULL;
					if (n->list[i]->type.k != T_SET)
						b->type = TY_ERROR;
					ns = b;
				}
				chk(c, n->a, ns, TY_ERROR);
				if (!want_bool(c, n->a, n->a, "a quantifier") || !ok)
					return;
				n->type = TY_BOOL;
				if (n->a->nullable)
					n->nullable = 1;
				return;
			}
		case N_BIND:
			return;
		case N_EXISTS:
			c->expect_set = 1;
			chk(c, n->a, sc, TY_ERROR);
			if (n->a->type.k == T_ROW)
			{
				/* is the row there (a link that may be null, a latest)? */
				n->type = TY_BOOL;
				n->nullable = 0;
				return;
			}
			if (!want_set(c, n->a, n, "exists"))
				return;
			n->type = TY_BOOL;
			n->nullable = n->a->nullable;
			return;
		case N_LATEST:
			{
				const SchemaField *f;

				c->expect_set = 1;
				chk(c, n->a, sc, TY_ERROR);
				if (!want_set(c, n->a, n, "latest"))
					return;
				if (n->text != NULL && (n->ival < 1 || n->ival > 100000))
				{
					err(c, n, "22023", "latest takes between 1 and 100000 rows, not %s", n->text);
					return;
				}
				f = care_source_field(n->a->type.s, n->name);
				if (f == NULL)
				{
					CareDiag   *d = err(c, n, "42703", "%s has no field \"%s\" to order by",
										n->a->type.s->name, n->name);
					Suggest		s;
					const SchemaField *g;

					suggest_init(&s, n->name);
					for (g = n->a->type.s->fields; g; g = g->next)
						suggest_try(&s, g->name);
					suggest_hint(c, d, &s);
					return;
				}
				if (!orderable(field_type(f)))
				{
					err(c, n, "42804", "latest cannot order by field \"%s\" of type %s", f->name,
						care_type_name(c->ar, field_type(f)));
					return;
				}
				n->field = f;
				add_dep(c, care_printf(c->ar, "%s.%s", n->a->type.s->name, f->name));
				n->type.k = n->text != NULL ? T_SET : T_ROW;
				n->type.s = n->a->type.s;
				n->nullable = n->text != NULL ? n->a->nullable : 1;
				return;
			}
		case N_IF:
			chk(c, n->a, sc, TY_ERROR);
			want_bool(c, n->a, n->a, "if");
			chk_pair(c, n->b, n->c, sc);
			if (n->a->type.k == T_ERROR || n->b->type.k == T_ERROR || n->c->type.k == T_ERROR)
				return;
			if (n->b->type.k == T_STRLIT && n->c->type.k == T_STRLIT)
			{
				settle(n->b);
				settle(n->c);
			}
			if (!is_scalar(n->b->type) || !is_scalar(n->c->type))
			{
				err(c, n, "42804", "if chooses between values, not rows or collections");
				return;
			}
			if (is_numeric(n->b->type) && is_numeric(n->c->type))
				n->type = (n->b->type.k == T_NUM || n->c->type.k == T_NUM) ? TY_NUM : TY_INT;
			else if (same_type(n->b->type, n->c->type))
				n->type = n->b->type;
			else
			{
				err(c, n, "42804", "if branches have different types: %s and %s",
					care_type_name(c->ar, n->b->type), care_type_name(c->ar, n->c->type));
				return;
			}
			n->nullable = n->a->nullable || n->b->nullable || n->c->nullable;
			return;
		case N_ELIG_REF:
			return;
	}
}

/* ---------------------------------------------------------------------
 * Expansion: how big a requirement gets once every def call is inlined.
 */
static double
expansion(const CareHooks *hooks, const Node *n)
{
	double		total = 1;
	int			i;

	if (n == NULL)
		return 0;
	care_poll(hooks);
	if (n->a)
		total += expansion(hooks, n->a);
	if (n->b)
		total += expansion(hooks, n->b);
	if (n->c)
		total += expansion(hooks, n->c);
	for (i = 0; i < n->nlist; i++)
		total += expansion(hooks, n->list[i]);
	if (n->kind == N_CALL && n->ref_kind == R_DEF)
	{
		const DefDecl *d = n->ref;

		/* a def already refused as too large counts once: report it once */
		total += d->body->type.k == T_ERROR ? 1 : d->expansion;
	}
	if (n->kind == N_NAME && n->ref_kind == R_LET)
	{
		/* computed once per let: a chain of lets must not cost 2^n here */
		const LetDecl *l = n->ref;

		total += l->expr->type.k == T_ERROR ? 1 : l->expansion;
	}
	if (total > 1e15)
		total = 1e15;
	return total;
}

/*
 * Nesting once every def call is inlined: the generator recurses that deep,
 * so it is bounded (the parser bounds each expression; def chains could
 * otherwise stack them without limit).
 */
static int
inline_depth(const CareHooks *hooks, const Node *n)
{
	int			d = 0,
				i,
				k;

	if (n == NULL)
		return 0;
	care_poll(hooks);
	if (n->a && (k = inline_depth(hooks, n->a)) > d)
		d = k;
	if (n->b && (k = inline_depth(hooks, n->b)) > d)
		d = k;
	if (n->c && (k = inline_depth(hooks, n->c)) > d)
		d = k;
	for (i = 0; i < n->nlist; i++)
		if ((k = inline_depth(hooks, n->list[i])) > d)
			d = k;
	if (n->kind == N_CALL && n->ref_kind == R_DEF)
	{
		const DefDecl *def = n->ref;

		if (def->body->type.k != T_ERROR && def->inline_depth > d)
			d = def->inline_depth;
	}
	if (n->kind == N_NAME && n->ref_kind == R_LET && ((const LetDecl *) n->ref)->inline_depth > d)
		d = ((const LetDecl *) n->ref)->inline_depth;
	return d + 1;
}

/* ---------------------------------------------------------------------
 * Declarations.
 */

/* Is the node a literal a param default may be? */
static int
is_literal(const Node *n)
{
	switch (n->kind)
	{
		case N_INT:
		case N_NUM:
		case N_STR:
		case N_BOOL:
		case N_TYPED:
		case N_LABELKW:
		case N_NAME:
			return 1;
		case N_NEG:
			return n->a->kind == N_INT || n->a->kind == N_NUM;
		default:
			return 0;
	}
}

/* Params: unique names, known scalar types, literal defaults of that type. */
static void
check_params(Checker *c)
{
	int			i,
				j;

	for (i = 0; i < c->nparams; i++)
	{
		ParamDecl  *pd = c->params[i];
		Node	   *d = pd->deflt;

		pd->index = i;
		if (i == MAX_PARAMS)
			care_diag(c->dl, CARE_ERROR, "54023", pd->name_span,
					  "a ruleset may declare at most %d params", MAX_PARAMS);
		for (j = 0; j < i; j++)
			if (strcmp(c->params[j]->name, pd->name) == 0)
			{
				CareDiag   *dg = care_diag(c->dl, CARE_ERROR, "42710", pd->name_span,
										   "param \"%s\" is declared twice", pd->name);

				care_diag_detail(c->dl, dg, "It was first declared on line %d.", c->params[j]->name_span.line);
			}
		if (strcmp(pd->name, "as_of") == 0 || care_schema_source(c->schema, pd->name) != NULL)
			care_diag(c->dl, CARE_ERROR, "42710", pd->name_span,
					  "param \"%s\" would hide %s", pd->name,
					  strcmp(pd->name, "as_of") == 0 ? "the evaluation date as_of" : "a source");
		if (!type_from_name(c, pd->type_name, 0, &pd->type))
		{
			unknown_type(c, pd->type_span, pd->type_name, 0);
			pd->type = TY_ERROR;
			continue;
		}
		if (!is_literal(d) || (d->kind == N_NAME && pd->type.k != T_ENUM))
		{
			CareDiag   *dg = care_diag(c->dl, CARE_ERROR, "22023", d->span,
									   "default of param \"%s\" must be a literal", pd->name);

			care_diag_hint(c->dl, dg, "Defaults are constants, such as 2, 9.0, '45 days', date '2025-06-30' or an enum label.");
			continue;
		}
		chk(c, d, NULL, pd->type);
		if (d->type.k == T_ERROR)
			continue;
		if (!coerce(c, d, pd->type) || (pd->type.k == T_INT && d->type.k == T_NUM))
			care_diag(c->dl, CARE_ERROR, "42804", d->span,
					  "default of param \"%s\" must be %s, not %s", pd->name,
					  care_type_name(c->ar, pd->type), care_type_name(c->ar, d->type));
	}
}

/* Defs: unique names, typed parameters, bodies calling only earlier defs. */
static void
check_defs(Checker *c)
{
	int			i,
				j;

	for (i = 0; i < c->ndefs; i++)
		c->defs[i]->order = i;
	for (i = 0; i < c->ndefs; i++)
	{
		DefDecl    *def = c->defs[i];
		Scope	   *sc = NULL;

		for (j = 0; j < i; j++)
			if (strcmp(c->defs[j]->name, def->name) == 0)
				care_diag(c->dl, CARE_ERROR, "42710", def->name_span,
						  "def \"%s\" is declared twice", def->name);
		if (builtin_of(def->name) != B_NONE)
			care_diag(c->dl, CARE_ERROR, "42710", def->name_span,
					  "def \"%s\" would hide the built-in function of that name", def->name);
		for (j = 0; j < def->nparams; j++)
		{
			DefParam   *dp = &def->params[j];
			Scope	   *s = care_arena_zalloc(c->ar, sizeof *s);
			const char *sh = shadows(c, dp->name, sc);
			int			k;

			dp->index = j;
			for (k = 0; k < j; k++)
				if (strcmp(def->params[k].name, dp->name) == 0)
				{
					care_diag(c->dl, CARE_ERROR, "42710", dp->span,
							  "parameter \"%s\" of def \"%s\" is declared twice", dp->name, def->name);
					sh = NULL;
				}
			if (sh != NULL)
				care_diag(c->dl, CARE_ERROR, "42712", dp->span,
						  "parameter \"%s\" of def \"%s\" shadows %s", dp->name, def->name, sh);
			if (!type_from_name(c, dp->type_name, 1, &dp->type))
			{
				unknown_type(c, dp->type_span, dp->type_name, 1);
				dp->type = TY_ERROR;
			}
			s->up = sc;
			s->kind = SC_DEFPARAM;
			s->name = dp->name;
			s->ref = dp;
			s->type = dp->type;
			sc = s;
		}
		c->cur_def = def;
		chk(c, def->body, sc, TY_ERROR);
		settle(def->body);
		c->cur_def = NULL;
		def->checked = 1;
		def->expansion = expansion(c->hooks, def->body);
		def->inline_depth = inline_depth(c->hooks, def->body);
		if (def->inline_depth > MAX_INLINE_DEPTH && def->body->type.k != T_ERROR)
		{
			CareDiag   *d = care_diag(c->dl, CARE_ERROR, "54001", def->name_span,
									  "def \"%s\" nests too deeply once the defs it calls are written out", def->name);

			care_diag_detail(c->dl, d, "Calls are inlined; the expression would nest %d levels, and the limit is %d.",
							 def->inline_depth, MAX_INLINE_DEPTH);
			def->body->type = TY_ERROR;
		}
		else if (def->expansion > MAX_EXPANSION)
		{
			CareDiag   *d = care_diag(c->dl, CARE_ERROR, "54001", def->name_span,
									  "def \"%s\" is too large once the defs it calls are written out", def->name);

			care_diag_detail(c->dl, d, "Calls are inlined; it would expand to about %.0f expression nodes, and the limit is %.0f.",
							 def->expansion, MAX_EXPANSION);
			def->expansion = 1;	/* report once */
			def->body->type = TY_ERROR;
		}
	}
}

/*
 * Split an else template into text and {expression} pieces and parse each
 * expression (at its real position in the source, so diagnostics point into
 * the message).  {{ and }} stand for braces.
 */
static void
parse_template(CareParser *p, ReqDecl *r)
{
	const char *raw = r->message_raw;
	size_t		len = strlen(raw);
	size_t		i = 0;
	int			col = r->message_span.col + 1;
	size_t		off = r->message_span.offset + 1;
	CareBuf		text;
	int			cap = 4;

	r->part_text = care_arena_alloc(p->ar, sizeof(char *) * (size_t) cap);
	r->part_expr = care_arena_alloc(p->ar, sizeof(Node *) * (size_t) cap);
	r->nparts = 0;
	care_buf_init(&text, p->ar, CARE_MAX_SOURCE_BYTES);
	while (i <= len)
	{
		char		ch = i < len ? raw[i] : '\0';
		int			piece_done = 0;
		Node	   *expr = NULL;

		care_poll(p->hooks);
		if (i == len)
			piece_done = 1;
		else if (ch == '"' && i + 1 < len && raw[i + 1] == '"')
		{
			care_buf_putc(&text, '"');
			i += 2;
			col++;
			continue;
		}
		else if ((ch == '{' || ch == '}') && i + 1 < len && raw[i + 1] == ch)
		{
			care_buf_putc(&text, ch);
			i += 2;
			col += 2;
			continue;
		}
		else if (ch == '}')
		{
			CareSpan	sp = {r->message_span.line, col, r->message_span.line, col + 1, off + i, off + i + 1};
			CareDiag   *d = care_diag(p->dl, CARE_ERROR, "42601", sp, "single '}' in message");

			care_diag_hint(p->dl, d, "Write '}}' for a brace, or open an expression with '{'.");
			i++;
			col++;
			continue;
		}
		else if (ch == '{')
		{
			size_t		j = i + 1;
			int			ecol = col + 1;
			int			ncols = 0;

			while (j < len && raw[j] != '}')
			{
				if (((unsigned char) raw[j] & 0xC0) != 0x80)
					ncols++;
				j++;
			}
			if (j >= len)
			{
				CareSpan	sp = {r->message_span.line, col, r->message_span.line, col + 1, off + i, off + i + 1};
				CareDiag   *d = care_diag(p->dl, CARE_ERROR, "42601", sp, "unterminated '{' in message");

				care_diag_hint(p->dl, d, "Close the expression with '}', or write '{{' for a brace.");
				break;
			}
			p->expr_result = NULL;
			p->keep_comments = 0;	/* a '#' in a message is not a comment to keep */
			if (care_parse(p, p->src + off + i + 1, j - i - 1, PARSE_EXPR,
						   r->message_span.line, ecol, off + i + 1) == 0 &&
				p->expr_result != NULL)
				expr = p->expr_result;
			else
				expr = NULL;
			if (expr == NULL)
			{
				/* the parser reported it; keep the piece as text */
				expr = NULL;
			}
			col = ecol + ncols + 1;
			i = j + 1;
			piece_done = 2;
		}
		else
		{
			care_buf_putc(&text, ch);
			if (((unsigned char) ch & 0xC0) != 0x80)
				col++;
			i++;
			continue;
		}
		if (piece_done)
		{
			if (r->nparts == cap)
			{
				const char **nt = care_arena_alloc(p->ar, sizeof(char *) * (size_t) cap * 2);
				Node	  **ne = care_arena_alloc(p->ar, sizeof(Node *) * (size_t) cap * 2);

				memcpy(nt, r->part_text, sizeof(char *) * (size_t) cap);
				memcpy(ne, r->part_expr, sizeof(Node *) * (size_t) cap);
				r->part_text = nt;
				r->part_expr = ne;
				cap *= 2;
			}
			r->part_text[r->nparts] = care_strdup(p->ar, care_buf_done(&text));
			r->part_expr[r->nparts] = expr;
			r->nparts++;
			care_buf_init(&text, p->ar, CARE_MAX_SOURCE_BYTES);
			if (piece_done == 1)
				break;
		}
	}
}

/* Parse the templates of every requirement (before formatting and checking). */
void
care_parse_templates(CareParser *p, Program *prog)
{
	int			i,
				j;

	for (i = 0; i < prog->ndecls; i++)
	{
		ObjDecl    *o = prog->decls[i].obj;

		if (prog->decls[i].kind != D_OBJECTIVE)
			continue;
		for (j = 0; j < o->nitems; j++)
			if (!o->items[j].is_let && o->items[j].req->message_raw != NULL)
				parse_template(p, o->items[j].req);
	}
}

/* Find an objective by id among the first n. */
static ObjDecl *
find_objective(ObjDecl **objs, int n, const char *id)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(objs[i]->id, id) == 0)
			return objs[i];
	return NULL;
}

/* Check the `eligible when` expression: every name an objective. */
static void
check_eligible(Checker *c, Node *n, ObjDecl **objs, int nobjs)
{
	if (n == NULL)
		return;
	care_poll(c->hooks);
	if (n->kind == N_ELIG_REF)
	{
		ObjDecl    *o = find_objective(objs, nobjs, n->name);

		n->type = TY_BOOL;
		if (o == NULL)
		{
			CareDiag   *d = care_diag(c->dl, CARE_ERROR, "42704", n->span,
									  "objective \"%s\" does not exist", n->name);
			Suggest		s;
			int			i;

			suggest_init(&s, n->name);
			for (i = 0; i < nobjs; i++)
				suggest_try(&s, objs[i]->id);
			suggest_hint(c, d, &s);
			n->type = TY_ERROR;
		}
		n->ref = o;
		return;
	}
	check_eligible(c, n->a, objs, nobjs);
	check_eligible(c, n->b, objs, nobjs);
}

/* Sort the dependency names. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * Check a whole program.  Fills out with the declarations in order; the
 * diagnostics go to p->dl.
 */
void
care_check(Program *prog, const CareSchema *schema, CareParser *p, CheckResult *out)
{
	Checker		c;
	int			i,
				j,
				k;

	memset(&c, 0, sizeof c);
	c.p = p;
	c.ar = p->ar;
	c.dl = p->dl;
	c.schema = schema;
	c.hooks = p->hooks;
	c.prog = prog;
	c.params = care_arena_alloc(c.ar, sizeof(ParamDecl *) * (size_t) (prog->ndecls + 1));
	c.defs = care_arena_alloc(c.ar, sizeof(DefDecl *) * (size_t) (prog->ndecls + 1));
	out->objs = care_arena_alloc(c.ar, sizeof(ObjDecl *) * (size_t) (prog->ndecls + 1));
	out->nobjs = 0;
	for (i = 0; i < prog->ndecls; i++)
	{
		if (prog->decls[i].kind == D_PARAM)
			c.params[c.nparams++] = prog->decls[i].param;
		else if (prog->decls[i].kind == D_DEF)
			c.defs[c.ndefs++] = prog->decls[i].def;
		else
			out->objs[out->nobjs++] = prog->decls[i].obj;
	}
	check_params(&c);
	check_defs(&c);

	for (i = 0; i < out->nobjs; i++)
	{
		ObjDecl    *o = out->objs[i];
		Scope	   *sc = NULL;
		ObjDecl    *first = find_objective(out->objs, i, o->id);

		if (first != NULL)
		{
			CareDiag   *d = care_diag(c.dl, CARE_ERROR, "42710", o->id_span,
									  "objective \"%s\" is declared twice", o->id);

			care_diag_detail(c.dl, d, "It was first declared on line %d.", first->id_span.line);
		}
		if (o->nreqs == 0)
			care_diag(c.dl, CARE_ERROR, "42P17", o->id_span,
					  "objective \"%s\" has no requirement", o->id);
		for (j = 0; j < o->nitems; j++)
		{
			ObjItem    *it = &o->items[j];

			if (it->is_let)
			{
				LetDecl    *l = it->let;
				Scope	   *s = care_arena_zalloc(c.ar, sizeof *s);
				const char *sh = shadows(&c, l->name, sc);

				chk(&c, l->expr, sc, TY_ERROR);
				settle(l->expr);
				l->expansion = expansion(c.hooks, l->expr);
				l->inline_depth = inline_depth(c.hooks, l->expr);
				if (l->expr->type.k != T_ERROR &&
					(l->expansion > MAX_EXPANSION || l->inline_depth > MAX_INLINE_DEPTH))
				{
					CareDiag   *d = care_diag(c.dl, CARE_ERROR, "54001", l->name_span,
											  "let \"%s\" is too large once the lets and defs it uses are written out", l->name);

					care_diag_detail(c.dl, d, "Lets and defs are inlined; it would expand to about %.0f expression nodes nested %d deep, and the limits are %.0f and %d.",
									 l->expansion, l->inline_depth, MAX_EXPANSION, MAX_INLINE_DEPTH);
					l->expr->type = TY_ERROR;
				}
				if (sh != NULL)
					care_diag(c.dl, CARE_ERROR, strcmp(sh, "a let") == 0 ? "42710" : "42712", l->name_span,
							  strcmp(sh, "a let") == 0 ? "let \"%s\" is declared twice in objective \"%s\"" :
							  "let \"%s\" shadows another name in objective \"%s\"", l->name, o->id);
				s->up = sc;
				s->kind = SC_LET;
				s->name = l->name;
				s->ref = l;
				s->type = l->expr->type;
				sc = s;
			}
			else
			{
				ReqDecl    *r = it->req;
				double		size;

				chk(&c, r->expr, sc, TY_ERROR);
				if (r->expr->type.k != T_ERROR && r->expr->type.k != T_BOOL)
				{
					CareDiag   *d = care_diag(c.dl, CARE_ERROR, "42804", r->expr->span,
											  "require needs a boolean condition, not %s",
											  care_type_name(c.ar, r->expr->type));

					if (r->expr->type.k == T_SET)
						care_diag_hint(c.dl, d, "Write exists %s, or use a quantifier.", "...");
				}
				size = expansion(c.hooks, r->expr);
				if (size > MAX_EXPANSION)
				{
					CareDiag   *d = care_diag(c.dl, CARE_ERROR, "54001", r->expr->span,
											  "requirement is too large once its defs are written out");

					care_diag_detail(c.dl, d, "Calls are inlined; it would expand to about %.0f expression nodes, and the limit is %.0f.",
									 size, MAX_EXPANSION);
				}
				for (k = 0; k < r->nparts; k++)
				{
					Node	   *e = r->part_expr[k];

					if (e == NULL)
						continue;
					c.in_template = 1;
					chk(&c, e, sc, TY_ERROR);
					settle(e);
					c.in_template = 0;
					if (e->type.k == T_ROW || e->type.k == T_SET)
					{
						CareDiag   *d = care_diag(c.dl, CARE_ERROR, "42804", e->span,
												  "a message can show a value, not %s",
												  care_type_name(c.ar, e->type));

						care_diag_hint(c.dl, d, "Show a field, such as {x.performed_on}, or count(...).");
					}
					else if (expansion(c.hooks, e) > MAX_EXPANSION)
						care_diag(c.dl, CARE_ERROR, "54001", e->span,
								  "message expression is too large once its defs are written out");
				}
			}
		}
		/* unused lets */
		for (j = 0; j < o->nitems; j++)
			if (o->items[j].is_let && !o->items[j].let->used)
				care_diag(c.dl, CARE_WARNING, "01000", o->items[j].let->name_span,
						  "let \"%s\" is never used", o->items[j].let->name);
	}
	if (!prog->has_eligible)
	{
		CareSpan	end = {1, 1, 1, 1, 0, 0};
		CareDiag   *d;

		if (prog->ndecls > 0)
		{
			Decl	   *last = &prog->decls[prog->ndecls - 1];
			CareSpan	ls = last->kind == D_PARAM ? last->param->span :
				last->kind == D_DEF ? last->def->span : last->obj->span;

			end = ls;
			end.line = end.end_line;
			end.col = end.end_col;
			end.offset = end.end_offset;
		}
		d = care_diag(c.dl, CARE_ERROR, "42601", end, "ruleset has no \"eligible when\"");
		care_diag_hint(c.dl, d, "End the ruleset with: eligible when <objectives combined with and, or, not>.");
	}
	else
		check_eligible(&c, prog->eligible, out->objs, out->nobjs);

	for (i = 0; i < c.nparams; i++)
		if (!c.params[i]->used)
			care_diag(c.dl, CARE_WARNING, "01000", c.params[i]->name_span,
					  "param \"%s\" is never used", c.params[i]->name);
	for (i = 0; i < c.ndefs; i++)
		if (!c.defs[i]->used)
			care_diag(c.dl, CARE_WARNING, "01000", c.defs[i]->name_span,
					  "def \"%s\" is never used", c.defs[i]->name);

	if (c.ndeps > 1)
		qsort(c.deps, (size_t) c.ndeps, sizeof(char *), cmp_str);
	out->nparams = c.nparams;
	out->params = c.params;
	out->ndefs = c.ndefs;
	out->defs = c.defs;
	out->ndeps = c.ndeps;
	out->deps = c.deps;
}
