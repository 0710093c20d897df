/*
 * care_sql.c — expressions to SQL.
 *
 * Every expression becomes a SQL expression evaluated for one establishment
 * (G->E: e."id" in the set form, $1 in the per-id form, written once with a
 * mark that says both; see care_sql.h).  Collections are FROM lists with a
 * fresh alias per use; rows are aliases, possibly inside a "wrap": the FROM
 * list that produces a row which may be missing (a latest, a link).  A
 * consumer of a wrapped row is written as a scalar subquery over the wrap,
 * so a missing row gives null, never a default: strictness falls out of SQL
 * itself.  Defs and lets are inlined with the arguments' aliases.
 * Establishment-level constructs become derived tables (see "Derived
 * tables" below).
 *
 * Three-valued logic: SQL's AND/OR/NOT are Kleene already; quantifiers use
 * EXISTS / NOT EXISTS when the checker proved the predicate never null, and
 * otherwise a one-pass min/max over false=0, null=1, true=2 (bool_and and
 * bool_or ignore nulls, so they are never used).
 */
#include "care_sql.h"

#include <stdlib.h>
#include <string.h>

typedef struct SqlRow
{
	const CareSchemaSource *src;
	const char *alias;
	const char *wfrom;			/* NULL when alias is in scope */
	const char *wwhere;
	const char *keyexpr;		/* the key without any wrap, when known */
	int			home;
	int			root;
	int			nullrow;		/* missing, its columns read as null (a derived table's row) */
	const LetTable *lt;			/* read from this let table (its def columns apply) */
} SqlRow;

typedef struct SqlSet
{
	const CareSchemaSource *src;
	const char *alias;
	const char *from;
	const char *where;
	const char *wfrom;			/* outer wrap: a base row that may be missing */
	const char *wwhere;
	int			home;
	const LetTable *lt;			/* rows of this let table */
} SqlSet;

/* What the next collection base reached by gen_set is (derived tables). */
enum
{
	COLL_NONE,					/* an ordinary collection */
	COLL_BINDING,				/* a binding of a derived table: may read a let table */
	COLL_BASE					/* the derived table's first binding: its base row */
};

static SqlRow gen_row(Gen *g, const Node *n, const Frame *fr);
static SqlSet gen_set(Gen *g, const Node *n, const Frame *fr, const Node *bind);
static int	dt_ok(const Gen *g);
static int	rooted(const Node *n);
static int	bindings_rooted(const Node *q);
static int	dt_latest(Gen *g, const Node *n, SqlRow *r);
static char *dt_exists(Gen *g, const Node *coll);
static char *dt_aggregate(Gen *g, const Node *n);
static char *dt_quantifier(Gen *g, const Node *n);
static char *def_column(Gen *g, const Node *call, const Frame *fr);
static const char *coll_base(Gen *g, const char *alias, const CareSchemaSource *src);
static const LetTable *let_table(const Gen *g, const LetDecl *let);
static const CareSchemaSource *let_table_source(const LetTable *lt);
static const char *let_table_name(const LetTable *lt);
static void note_let_alias(Gen *g, const char *alias, const LetTable *lt);
static void note_column(Gen *g, const char *alias, const char *column);
static char *wit(Gen *g, const Node *n, const Frame *fr, int outcome);
static char *wit_dyn(Gen *g, const Node *n, const Frame *fr, const char *value);
static char *prov(Gen *g, const Node *n, const Frame *fr);

enum
{
	O_TRUE,
	O_FALSE,
	O_NULL
};

#define WIT_STEPS 4000
#define WIT_BYTES ((size_t) 2 * 1024 * 1024)
#define WIT_CAP "10000"

/* printf into the arena, flagging (and stopping) past the output limit. */
char *
gen_printf(Gen *g, const char *fmt,...)
{
	va_list		ap;
	char	   *s;
	size_t		len;

	if (g->over)
		return "NULL";
	va_start(ap, fmt);
	s = care_vprintf_len(g->ar, &len, fmt, ap);
	va_end(ap);
	if (len > CARE_MAX_SQL_BYTES)
	{
		g->over = 1;
		return "NULL";
	}
	return s;
}

/* A fresh table alias. */
static const char *
fresh(Gen *g, char letter)
{
	return care_printf(g->ar, "%c%d", letter, ++g->naliases);
}

/*
 * Memo for explain: the witness of a requirement asks for the same
 * sub-expression under the same environment once per outcome (met, failed,
 * unknown); generating it once and repeating the text is safe because a
 * generated scalar never introduces an alias at its own level (its aliases
 * live inside its subqueries), so two copies cannot clash.
 */
typedef struct MemoEntry
{
	const void *n;
	const void *fr;
	int			kind;
	const void *val;
} MemoEntry;

enum
{
	MEMO_SCALAR,
	MEMO_CALL,
	MEMO_TUPLES
};

/* Start memoizing (one requirement's explain parts); memory: the scratch arena. */
void
gen_memo_start(Gen *g)
{
	g->memo_cap = 256;
	g->memo_n = 0;
	g->memo = care_arena_zalloc(g->ar, sizeof(MemoEntry) * g->memo_cap);
	g->memo_on = 1;
}

/* Stop memoizing; the table goes with the scratch arena. */
void
gen_memo_stop(Gen *g)
{
	g->memo_on = 0;
	g->memo = NULL;
	g->memo_cap = 0;
	g->memo_n = 0;
}

/* Hash slot of a (node, environment, kind) key in the open-addressing table. */
static size_t
memo_slot(const Gen *g, const void *n, const void *fr, int kind)
{
	size_t		h = ((size_t) n >> 4) * 31 + ((size_t) fr >> 4) * 17 + (size_t) kind;

	return (h * 0x9E3779B97F4A7C15ULL) & (g->memo_cap - 1);
}

/* The remembered SQL of a key, or NULL (always NULL when not memoizing). */
static const void *
memo_get(Gen *g, const void *n, const void *fr, int kind)
{
	size_t		i;

	if (!g->memo_on)
		return NULL;
	for (i = memo_slot(g, n, fr, kind);; i = (i + 1) & (g->memo_cap - 1))
	{
		MemoEntry  *e = &g->memo[i];

		if (e->n == NULL)
			return NULL;
		if (e->n == n && e->fr == fr && e->kind == kind)
			return e->val;
	}
}

/* Remember the SQL of a key, doubling the table when half full. */
static void
memo_put(Gen *g, const void *n, const void *fr, int kind, const void *val)
{
	size_t		i;

	if (!g->memo_on)
		return;
	if ((g->memo_n + 1) * 2 > g->memo_cap)
	{
		MemoEntry  *old = g->memo;
		size_t		oldcap = g->memo_cap,
					k;

		g->memo_cap *= 2;
		g->memo = care_arena_zalloc(g->ar, sizeof(MemoEntry) * g->memo_cap);
		g->memo_n = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].n != NULL)
				memo_put(g, old[k].n, old[k].fr, old[k].kind, old[k].val);
	}
	for (i = memo_slot(g, n, fr, kind); g->memo[i].n != NULL; i = (i + 1) & (g->memo_cap - 1))
		;
	g->memo[i].n = n;
	g->memo[i].fr = fr;
	g->memo[i].kind = kind;
	g->memo[i].val = val;
	g->memo_n++;
}

/* "a AND b", either may be NULL. */
static const char *
and2(Gen *g, const char *a, const char *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return gen_printf(g, "%s AND %s", a, b);
}

/* "a, b", either may be NULL. */
static const char *
list2(Gen *g, const char *a, const char *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return gen_printf(g, "%s, %s", a, b);
}

/*
 * A wrap that is one latest row and nothing else: its FROM list, WHERE
 * and ORDER BY ... LIMIT 1, so that x over it can be one scalar subquery
 * (SELECT x FROM ... ORDER BY ... LIMIT 1) rather than x over a LATERAL
 * subquery (one plan node less, run once per outer row).  Known by the
 * identity of the wrap's text, for the requirement being generated.
 */
typedef struct Flat
{
	const char *wfrom;
	const char *from;
	const char *where;
	const char *order;
} Flat;

/* Remember that wfrom is a latest row that can be flattened. */
static void
flat_add(Gen *g, const char *wfrom, const char *from, const char *where, const char *order)
{
	Flat	   *f;

	if (g->nflats == g->flats_cap)
	{
		Flat	   *old = g->flats;

		g->flats_cap = g->flats_cap ? g->flats_cap * 2 : 16;
		g->flats = care_arena_alloc(g->ar, sizeof(Flat) * (size_t) g->flats_cap);
		if (g->nflats > 0)
			memcpy(g->flats, old, sizeof(Flat) * (size_t) g->nflats);
	}
	f = &g->flats[g->nflats++];
	f->wfrom = wfrom;
	f->from = from;
	f->where = where;
	f->order = order;
}

/* Forget the flattenable wraps (their texts go with a scratch arena). */
void
gen_flat_reset(Gen *g)
{
	g->flats = NULL;
	g->nflats = 0;
	g->flats_cap = 0;
}

/*
 * x, evaluated where the wrap's row exists (null when it does not).  A
 * wrap with a condition and no FROM list is a row of a derived table that
 * may be missing (its key column is null).
 */
static char *
wrap(Gen *g, const char *x, const char *wfrom, const char *wwhere)
{
	int			i;

	if (wfrom == NULL && wwhere != NULL)
		return gen_printf(g, "CASE WHEN %s THEN %s END", wwhere, x);
	if (wfrom != NULL && wwhere == NULL)
		for (i = 0; i < g->nflats; i++)
			if (g->flats[i].wfrom == wfrom)
				return gen_printf(g, "(SELECT %s FROM %s%s%s%s)", x, g->flats[i].from,
								  g->flats[i].where ? " WHERE " : "",
								  g->flats[i].where ? g->flats[i].where : "", g->flats[i].order);
	if (wfrom == NULL)
		return (char *) x;
	if (wwhere == NULL)
		return gen_printf(g, "(SELECT %s FROM %s)", x, wfrom);
	return gen_printf(g, "(SELECT %s FROM %s WHERE %s)", x, wfrom, wwhere);
}

/* Is alias a derived table's (g1, g2, ...)? */
static int
dt_alias(const char *alias)
{
	return alias[0] == 'g' && alias[1] >= '0' && alias[1] <= '9';
}

/*
 * alias."column".  A derived table is LEFT JOINed in the set form and a
 * common table expression of at most one row in the per-id forms, read
 * by a scalar subquery: PostgreSQL evaluates it only when the value is
 * needed, so a per-id verdict skips what an and or or has decided already.
 */
static const char *
col(Gen *g, const char *alias, const char *column)
{
	const char *c;

	if (strchr(column, '"') == NULL)
		c = gen_printf(g, "%s.\"%s\"", alias, column);	/* nothing to double */
	else
		c = gen_printf(g, "%s.%s", alias, care_sql_ident(g->ar, column));
	note_column(g, alias, column);
	if (dt_alias(alias))
		return gen_forms(g, gen_printf(g, "(SELECT %s FROM %s)", c, alias), c);
	return c;
}

/* The SQL of a row's key (the establishment's own key is G->E). */
static const char *
row_key(Gen *g, const SqlRow *r)
{
	if (r->root)
		return g->E;
	return col(g, r->alias, r->src->key_column);
}

/* Find the binding of a name's target in the environment. */
static const Frame *
lookup(const Frame *fr, const void *key)
{
	for (; fr; fr = fr->up)
		if (fr->key == key)
			return fr;
	return NULL;
}

/* A new binding in front of fr. */
static Frame *
bind_row(Gen *g, const Frame *fr, const void *key, const char *alias,
		 const CareSchemaSource *src, int home, int root, const LetTable *lt)
{
	Frame	   *f = care_arena_zalloc(g->ar, sizeof *f);

	f->up = fr;
	f->key = key;
	f->alias = alias;
	f->src = src;
	f->home = home;
	f->root = root;
	f->lt = lt;
	return f;
}

/* The establishment filter of a home source alias. */
static const char *
home_filter(Gen *g, const char *alias, const CareSchemaSource *src)
{
	return gen_printf(g, "%s = %s", col(g, alias, src->establishment_column), g->E);
}

/*
 * The equality conditions of a link from alias `from` (a row of from_src)
 * to alias `to`.  When the row is the evaluated establishment's own and
 * the link keeps the establishment column, that pair says so with the
 * constant in the per-id forms (every subquery then filters on $1: Citus
 * routes it to one shard, the planner knows the value) and with the
 * columns in the set form (no redundant outer reference, which PostgreSQL
 * would check in an extra Result node per subquery).
 */
static const char *
link_conds(Gen *g, const SchemaLink *l, const CareSchemaSource *from_src,
		   const char *from, const char *to, int home)
{
	const char *w = NULL;
	int			i;

	for (i = 0; i < l->ncols; i++)
	{
		const char *eq = gen_printf(g, "%s = %s", col(g, to, l->to_cols[i]), col(g, from, l->from_cols[i]));

		if (home && l->keeps_establishment &&
			strcmp(l->from_cols[i], from_src->establishment_column) == 0 &&
			strcmp(l->to_cols[i], l->target->establishment_column) == 0)
			eq = gen_forms(g, gen_printf(g, "%s = $1", col(g, to, l->to_cols[i])), eq);
		w = and2(g, w, eq);
	}
	return w;
}

/* ---------------------------------------------------------------------
 * Def calls: bind arguments, inline the body.
 */
typedef struct Call
{
	const Frame *frames;		/* the def's parameters */
	const char *wfrom;			/* rows and strict arguments to wrap around */
	const char *wwhere;
	const char *ids;			/* ARRAY[...] of evidence row arguments, or NULL */
} Call;

/* Does the SQL text look cheap enough to repeat? */
static int
simple_sql(const char *s)
{
	return strlen(s) <= 80 && strstr(s, "SELECT") == NULL;
}

/* Bind a def call's arguments to its parameters. */
static Call bind_call_raw(Gen *g, const Node *call, const Frame *fr);

/*
 * Bind a call's arguments, memoized while explaining (the witness asks
 * for the same call once per outcome).
 */
static Call
bind_call(Gen *g, const Node *call, const Frame *fr)
{
	const Call *m = memo_get(g, call, fr, MEMO_CALL);
	Call	   *keep;

	if (m != NULL)
		return *m;
	keep = care_arena_alloc(g->ar, sizeof *keep);
	*keep = bind_call_raw(g, call, fr);
	memo_put(g, call, fr, MEMO_CALL, keep);
	return *keep;
}

/*
 * Bind a def call's arguments to its parameters: row arguments by alias
 * (wrapped when they may be missing), scalars by text or, when null is
 * possible or the text is heavy, through a one-row subquery that makes the
 * call strict.
 */
static Call
bind_call_raw(Gen *g, const Node *call, const Frame *fr)
{
	const DefDecl *def = call->ref;
	Call		c = {NULL, NULL, NULL, NULL};
	const char *ids = NULL;
	Frame	   *frames = NULL;
	int			i;

	for (i = 0; i < call->nlist; i++)
	{
		const Node *arg = call->list[i];
		const DefParam *dp = &def->params[i];
		Frame	   *f;

		if (dp->type.k == T_ROW)
		{
			SqlRow		r = gen_row(g, arg, fr);

			f = bind_row(g, frames, dp, r.alias, r.src, r.home, r.root, r.lt);
			c.wfrom = list2(g, c.wfrom, r.wfrom);
			c.wwhere = and2(g, c.wwhere, r.wwhere);
			if (r.src->is_evidence)
				ids = list2(g, ids, row_key(g, &r));
		}
		else
		{
			const char *s = gen_scalar(g, arg, fr);

			f = care_arena_zalloc(g->ar, sizeof *f);
			f->up = frames;
			f->key = dp;
			if (!arg->nullable && simple_sql(s))
				f->sql = s;
			else
			{
				/* evaluate once; a null argument makes the call null (strict) */
				const char *p = fresh(g, 'p');

				c.wfrom = list2(g, c.wfrom, gen_printf(g, "(SELECT %s AS \"v\") AS %s", s, p));
				if (arg->nullable)
					c.wwhere = and2(g, c.wwhere, gen_printf(g, "%s.\"v\" IS NOT NULL", p));
				f->sql = gen_printf(g, "%s.\"v\"", p);
			}
		}
		frames = f;
	}
	c.frames = frames;
	if (ids != NULL)
		c.ids = gen_printf(g, "ARRAY[%s]::bigint[]", ids);
	return c;
}

/* ---------------------------------------------------------------------
 * Rows and collections.
 */

/*
 * "f DESC" for latest ... by f.  The rows whose f is null are filtered
 * out anyway; NULLS LAST is written only when f may be null, so that for a
 * not-null field an index such as audit (establishment_id, kind,
 * performed_on DESC) gives the order.
 */
static const char *
latest_order(Gen *g, const Node *latest, const char *alias)
{
	return gen_printf(g, "%s DESC%s", col(g, alias, latest->field->sql_column),
					  latest->field->nullable ? " NULLS LAST" : "");
}

/* A row expression. */
static SqlRow
gen_row(Gen *g, const Node *n, const Frame *fr)
{
	SqlRow		r;

	memset(&r, 0, sizeof r);
	r.src = n->type.s;
	care_poll(g->hooks);
	switch (n->kind)
	{
		case N_NAME:
			switch (n->ref_kind)
			{
				case R_ROOT:
					r.alias = "e";
					r.home = 1;
					r.root = 1;
					return r;
				case R_BOUND:
				case R_DEFPARAM:
					{
						const Frame *f = lookup(fr, n->ref);

						if (f == NULL)
						{
							r.alias = "NULL";
							return r;
						}
						r.alias = f->alias;
						r.home = f->home;
						r.root = f->root;
						r.src = f->src;
						r.lt = f->lt;
						return r;
					}
				case R_LET:
					return gen_row(g, ((const LetDecl *) n->ref)->expr, NULL);
				default:
					break;
			}
			break;
		case N_FIELD:
			{
				SqlRow		base = gen_row(g, n->a, fr);
				const SchemaLink *l = n->link;
				const char *t = fresh(g, 't');
				int			i;

				r.alias = t;
				r.home = base.home && l->keeps_establishment;
				r.wfrom = list2(g, base.wfrom, gen_printf(g, "%s AS %s", l->target->sql_name, t));
				r.wwhere = and2(g, base.wwhere, link_conds(g, l, base.src, base.root ? "e" : base.alias, t, base.home));
				if (base.wfrom == NULL)
					for (i = 0; i < l->ncols; i++)
						if (strcmp(l->to_cols[i], l->target->key_column) == 0)
							r.keyexpr = base.root && strcmp(l->from_cols[i], base.src->key_column) == 0 ?
								g->E : col(g, base.alias, l->from_cols[i]);
				return r;
			}
		case N_LATEST:
			{
				SqlSet		s;
				const char *u;
				const char *w;
				const char *order;

				if (dt_ok(g) && rooted(n->a) && dt_latest(g, n, &r))
					return r;
				s = gen_set(g, n->a, fr, NULL);
				/* the row keeps the inner alias: x over it reads the same either way */
				u = s.alias;
				w = s.where;
				if (n->field->nullable)
					w = and2(g, w, gen_printf(g, "%s IS NOT NULL", col(g, s.alias, n->field->sql_column)));
				order = gen_printf(g, " ORDER BY %s, %s DESC LIMIT 1", latest_order(g, n, s.alias),
								   col(g, s.alias, s.src->key_column));
				r.alias = u;
				r.home = s.home;
				/* LATERAL: the set may be navigated from a row earlier in this FROM list */
				r.wfrom = list2(g, s.wfrom,
								gen_printf(g, "LATERAL (SELECT %s.* FROM %s%s%s%s) AS %s",
										   s.alias, s.from, w ? " WHERE " : "", w ? w : "", order, u));
				r.wwhere = s.wwhere;
				if (s.wfrom == NULL && s.wwhere == NULL)
					flat_add(g, r.wfrom, s.from, w, order);
				return r;
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c = bind_call(g, n, fr);
				SqlRow		body = gen_row(g, ((const DefDecl *) n->ref)->body, c.frames);

				body.wfrom = list2(g, c.wfrom, body.wfrom);
				body.wwhere = and2(g, c.wwhere, body.wwhere);
				if (c.wfrom != NULL)
					body.keyexpr = NULL;
				if (c.wfrom != NULL || c.wwhere != NULL)
					body.nullrow = 0;
				return body;
			}
			break;
		default:
			break;
	}
	r.alias = "NULL";
	return r;
}

/* A collection expression; bind (optional) names its element in a where. */
static SqlSet
gen_set(Gen *g, const Node *n, const Frame *fr, const Node *bind)
{
	SqlSet		s;

	memset(&s, 0, sizeof s);
	s.src = n->type.s;
	care_poll(g->hooks);
	switch (n->kind)
	{
		case N_NAME:
			if (n->ref_kind == R_SOURCE)
			{
				const CareSchemaSource *src = n->ref;

				s.alias = fresh(g, 't');
				s.from = gen_printf(g, "%s AS %s", src->sql_name, s.alias);
				s.where = coll_base(g, s.alias, src);
				s.home = 1;
				return s;
			}
			if (n->ref_kind == R_LET)
			{
				const LetTable *lt = g->coll_state != COLL_NONE ? let_table(g, n->ref) : NULL;

				if (lt == NULL)
					return gen_set(g, ((const LetDecl *) n->ref)->expr, NULL, NULL);
				/* a binding of a derived table over a let computed once */
				s.src = let_table_source(lt);
				s.alias = fresh(g, 't');
				note_let_alias(g, s.alias, lt);
				s.from = gen_printf(g, "%s AS %s", let_table_name(lt), s.alias);
				s.where = coll_base(g, s.alias, s.src);
				s.home = 1;
				s.lt = lt;
				return s;
			}
			break;
		case N_FIELD:
			{
				SqlRow		base = gen_row(g, n->a, fr);
				const SchemaLink *l = n->link;

				s.alias = fresh(g, 't');
				s.from = gen_printf(g, "%s AS %s", l->target->sql_name, s.alias);
				s.where = link_conds(g, l, base.src, base.root ? "e" : base.alias, s.alias, base.home);
				s.home = base.home && l->keeps_establishment;
				s.wfrom = base.wfrom;
				s.wwhere = base.wwhere;
				return s;
			}
		case N_WHERE:
			{
				Frame	   *f;

				s = gen_set(g, n->a, fr, NULL);
				f = bind_row(g, fr, n, s.alias, s.src, s.home, 0, s.lt);
				if (bind != NULL)
					f = bind_row(g, f, bind, s.alias, s.src, s.home, 0, s.lt);
				s.where = and2(g, s.where, gen_scalar(g, n->b, f));
				return s;
			}
		case N_LATEST:
			{
				SqlSet		in = gen_set(g, n->a, fr, NULL);
				const char *w = in.where;

				if (n->field->nullable)
					w = and2(g, w, gen_printf(g, "%s IS NOT NULL", col(g, in.alias, n->field->sql_column)));
				s.alias = fresh(g, 't');
				s.from = gen_printf(g, "LATERAL (SELECT %s.* FROM %s%s%s ORDER BY %s, %s DESC LIMIT %ld) AS %s",
									in.alias, in.from, w ? " WHERE " : "", w ? w : "",
									latest_order(g, n, in.alias),
									col(g, in.alias, in.src->key_column), n->ival, s.alias);
				s.where = NULL;
				s.home = in.home;
				s.wfrom = in.wfrom;
				s.wwhere = in.wwhere;
				return s;
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c = bind_call(g, n, fr);
				SqlSet		body = gen_set(g, ((const DefDecl *) n->ref)->body, c.frames, bind);

				body.wfrom = list2(g, c.wfrom, body.wfrom);
				body.wwhere = and2(g, c.wwhere, body.wwhere);
				return body;
			}
			break;
		default:
			break;
	}
	s.alias = "NULL";
	s.from = "(SELECT) AS none";
	return s;
}

/* ---------------------------------------------------------------------
 * Scalars.
 */

/* The SQL type of a language type. */
const char *
care_sql_type(CareArena *ar, CareType t)
{
	(void) ar;
	switch (t.k)
	{
		case T_BOOL:
			return "boolean";
		case T_INT:
			return "bigint";
		case T_NUM:
			return "numeric";
		case T_TEXT:
		case T_STRLIT:
			return "text";
		case T_DATE:
			return "date";
		case T_INTERVAL:
			return "interval";
		case T_ENUM:
			return t.e->sql_type;
		default:
			return "text";
	}
}

/* A typed SQL literal of a string value. */
static char *
typed_literal(Gen *g, const char *text, CareType t)
{
	const char *v = text;

	if (t.k == T_INTERVAL)
	{
		const char *why;
		const char *c = care_interval_canonical(g->ar, text, &why);

		if (c != NULL)
			v = c;
	}
	return gen_printf(g, "%s::%s", care_sql_literal(g->ar, v), care_sql_type(g->ar, t));
}

/* FROM list and WHERE of a quantifier's bindings; frames for its body. */
typedef struct Tuples
{
	const char *from;
	const char *where;
	const char *wfrom;
	const char *wwhere;
	const char *ids;			/* evidence keys of the tuple, comma-separated */
	const char *order;			/* keys, for a stable first tuple */
	const Frame *frames;
} Tuples;

static Tuples gen_tuples_raw(Gen *g, const Node *q, const Frame *fr);

/* The tuples of a quantifier, memoized while explaining. */
static Tuples
gen_tuples(Gen *g, const Node *q, const Frame *fr)
{
	const Tuples *m = memo_get(g, q, fr, MEMO_TUPLES);
	Tuples	   *keep;

	if (m != NULL)
		return *m;
	keep = care_arena_alloc(g->ar, sizeof *keep);
	*keep = gen_tuples_raw(g, q, fr);
	memo_put(g, q, fr, MEMO_TUPLES, keep);
	return *keep;
}

/*
 * The FROM list and conditions of a quantifier's bindings (their cross
 * product), with a fresh alias per binding and the frames its body sees.
 */
static Tuples
gen_tuples_raw(Gen *g, const Node *q, const Frame *fr)
{
	Tuples		t = {NULL, NULL, NULL, NULL, NULL, NULL, fr};
	const Frame *inner = fr;
	int			i;

	for (i = 0; i < q->nlist; i++)
	{
		const Node *b = q->list[i];
		SqlSet		s = gen_set(g, b->a, fr, b);
		const char *key = col(g, s.alias, s.src->key_column);

		t.from = list2(g, t.from, s.from);
		t.where = and2(g, t.where, s.where);
		t.wfrom = list2(g, t.wfrom, s.wfrom);
		t.wwhere = and2(g, t.wwhere, s.wwhere);
		t.order = list2(g, t.order, key);
		if (s.src->is_evidence)
			t.ids = list2(g, t.ids, key);
		inner = bind_row(g, inner, b, s.alias, s.src, s.home, 0, s.lt);
	}
	t.frames = inner;
	return t;
}

/* " WHERE w" or "" */
static const char *
where_clause(Gen *g, const char *w)
{
	return w == NULL ? "" : gen_printf(g, " WHERE %s", w);
}

static char *gen_scalar_raw(Gen *g, const Node *n, const Frame *fr);

/* Scalar (and boolean) expressions, memoized while explaining. */
char *
gen_scalar(Gen *g, const Node *n, const Frame *fr)
{
	char	   *s = (char *) memo_get(g, n, fr, MEMO_SCALAR);

	if (s != NULL)
		return s;
	s = gen_scalar_raw(g, n, fr);
	memo_put(g, n, fr, MEMO_SCALAR, s);
	return s;
}

/* Generate one scalar or Boolean expression (see the file comment). */
static char *
gen_scalar_raw(Gen *g, const Node *n, const Frame *fr)
{
	care_poll(g->hooks);
	if (g->over)
		return "NULL";
	switch (n->kind)
	{
		case N_INT:
		case N_NUM:
			return (char *) n->text;
		case N_BOOL:
			return n->ival ? "true" : "false";
		case N_STR:
		case N_TYPED:
			return typed_literal(g, n->text, n->type);
		case N_LABELKW:
			return typed_literal(g, n->text, n->type);
		case N_NAME:
			switch (n->ref_kind)
			{
				case R_PARAM:
					return gen_printf(g, "$%d", ((const ParamDecl *) n->ref)->index + 3);
				case R_ASOF:
					return "$2";
				case R_LABEL:
					return typed_literal(g, n->text, n->type);
				case R_LET:
					return gen_printf(g, "(%s)", gen_scalar(g, ((const LetDecl *) n->ref)->expr, NULL));
				case R_DEFPARAM:
					{
						const Frame *f = lookup(fr, n->ref);

						return f != NULL && f->sql != NULL ? (char *) f->sql : "NULL";
					}
				default:
					return "NULL";
			}
		case N_FIELD:
			{
				SqlRow		r = gen_row(g, n->a, fr);
				const char *c;

				if (r.root && strcmp(n->field->sql_column, r.src->key_column) == 0)
					c = g->E;
				else
					c = col(g, r.root ? "e" : r.alias, n->field->sql_column);
				if (r.nullrow)
					return (char *) c;	/* a missing derived table row reads null */
				return wrap(g, c, r.wfrom, r.wwhere);
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c;
				char	   *body;
				char	   *m = def_column(g, n, fr);

				if (m != NULL)
					return m;
				c = bind_call(g, n, fr);
				body = gen_scalar(g, ((const DefDecl *) n->ref)->body, c.frames);
				return wrap(g, body, c.wfrom, c.wwhere);
			}
			if (n->builtin == B_COALESCE)
			{
				CareBuf		b;
				int			i;

				care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
				care_buf_puts(&b, "COALESCE(");
				for (i = 0; i < n->nlist; i++)
				{
					if (i)
						care_buf_puts(&b, ", ");
					care_buf_puts(&b, gen_scalar(g, n->list[i], fr));
				}
				care_buf_putc(&b, ')');
				if (b.over)
					g->over = 1;
				return care_buf_done(&b);
			}
			if (n->builtin == B_COUNT)
			{
				SqlSet		s;
				char	   *x;

				if (dt_ok(g) && rooted(n->list[0]) && (x = dt_aggregate(g, n)) != NULL)
					return x;
				s = gen_set(g, n->list[0], fr, NULL);
				return wrap(g, gen_printf(g, "(SELECT pg_catalog.count(*) FROM %s%s)", s.from,
										  where_clause(g, s.where)), s.wfrom, s.wwhere);
			}
			return "NULL";
		case N_AGG:
			{
				const Node *b = n->list[0];
				SqlSet		s;
				Frame	   *f;
				const char *e;
				const char *w;
				const char *k;
				const char *from;
				const char *v;
				char	   *x;

				if (dt_ok(g) && rooted(b->a) && (x = dt_aggregate(g, n)) != NULL)
					return x;
				s = gen_set(g, b->a, fr, b);
				f = bind_row(g, fr, b, s.alias, s.src, s.home, 0, s.lt);
				e = gen_scalar(g, n->a, f);
				w = where_clause(g, s.where);
				k = fresh(g, 'k');

				/*
				 * The value goes through a LATERAL item: an aggregate whose argument
				 * mentioned only outer columns would be evaluated by the outer query
				 * (SQL's rule), not over this collection.
				 */
				from = gen_printf(g, "%s, LATERAL (SELECT %s AS \"v\") AS %s", s.from, e, k);
				v = gen_printf(g, "%s.\"v\"", k);
				switch (n->builtin)
				{
					case B_COUNT:
						x = gen_printf(g, "(SELECT pg_catalog.count(%s) FROM %s%s)", v, from, w);
						break;
					case B_SUM:
						if (n->type.k == T_INT)
							x = gen_printf(g, "COALESCE((SELECT CAST(pg_catalog.sum(%s) AS bigint) FROM %s%s), 0)", v, from, w);
						else if (n->type.k == T_INTERVAL)
							x = gen_printf(g, "COALESCE((SELECT pg_catalog.sum(%s) FROM %s%s), E'0 days'::interval)", v, from, w);
						else
							x = gen_printf(g, "COALESCE((SELECT pg_catalog.sum(%s) FROM %s%s), 0)", v, from, w);
						break;
					case B_AVG:
						x = gen_printf(g, "(SELECT pg_catalog.avg(%s) FROM %s%s)", v, from, w);
						break;
					case B_MIN:
						x = gen_printf(g, "(SELECT pg_catalog.min(%s) FROM %s%s)", v, from, w);
						break;
					default:
						x = gen_printf(g, "(SELECT pg_catalog.max(%s) FROM %s%s)", v, from, w);
						break;
				}
				return wrap(g, x, s.wfrom, s.wwhere);
			}
		case N_NEG:
			return gen_printf(g, "(- %s)", gen_scalar(g, n->a, fr));
		case N_ARITH:
			{
				const char *a = gen_scalar(g, n->a, fr);
				const char *b = gen_scalar(g, n->b, fr);
				TypeKind	ta = n->a->type.k,
							tb = n->b->type.k;

				if (n->op == '/')
				{
					if (ta == T_INTERVAL)
						return gen_printf(g, "(%s / NULLIF(%s, 0))", a, b);
					return gen_printf(g, "(CAST(%s AS numeric) / NULLIF(%s, 0))", a, b);
				}
				if (ta == T_DATE && tb == T_DATE)
					return gen_printf(g, "pg_catalog.make_interval(0, 0, 0, %s - %s)", a, b);
				if (ta == T_DATE && tb == T_INTERVAL)
					return gen_printf(g, "CAST(%s %c %s AS date)", a, n->op, b);
				if (ta == T_INTERVAL && tb == T_DATE)
					return gen_printf(g, "CAST(%s + %s AS date)", b, a);
				if (ta == T_DATE && tb == T_INT)
					return gen_printf(g, "(%s %c CAST(%s AS integer))", a, n->op, b);
				if (ta == T_INT && tb == T_INT)
					return gen_printf(g, "(CAST(%s AS bigint) %c %s)", a, n->op, b);
				return gen_printf(g, "(%s %c %s)", a, n->op, b);
			}
		case N_CMP:
			if (n->a->type.k == T_ROW)
			{
				SqlRow		ra = gen_row(g, n->a, fr);
				SqlRow		rb = gen_row(g, n->b, fr);
				const char *ka = ra.keyexpr ? ra.keyexpr : row_key(g, &ra);
				const char *kb = rb.keyexpr ? rb.keyexpr : row_key(g, &rb);
				char	   *x = gen_printf(g, "(%s %s %s)", ka, care_op_text(n->op), kb);

				if (rb.keyexpr == NULL)
					x = wrap(g, x, rb.wfrom, rb.wwhere);
				if (ra.keyexpr == NULL)
					x = wrap(g, x, ra.wfrom, ra.wwhere);
				return x;
			}
			{
				const char *a = gen_scalar(g, n->a, fr);
				const char *b = gen_scalar(g, n->b, fr);

				return gen_printf(g, "(%s %s %s)", a, care_op_text(n->op), b);
			}
		case N_AND:
		case N_OR:
			{
				/* operands in order: alias numbers must not depend on the compiler */
				const char *a = gen_scalar(g, n->a, fr);
				const char *b = gen_scalar(g, n->b, fr);

				return gen_printf(g, "(%s %s %s)", a, n->kind == N_AND ? "AND" : "OR", b);
			}
		case N_NOT:
			return gen_printf(g, "(NOT %s)", gen_scalar(g, n->a, fr));
		case N_ISNULL:
			return gen_printf(g, "(%s IS %sNULL)", gen_scalar(g, n->a, fr), n->op ? "NOT " : "");
		case N_BETWEEN:
			{
				const char *a = gen_scalar(g, n->a, fr);
				const char *b = gen_scalar(g, n->b, fr);
				const char *c = gen_scalar(g, n->c, fr);

				return gen_printf(g, "(%s %sBETWEEN %s AND %s)", a, n->op ? "NOT " : "", b, c);
			}
		case N_IN:
			{
				CareBuf		b;
				int			i;

				care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
				care_buf_printf(&b, "(%s %sIN (", gen_scalar(g, n->a, fr), n->op ? "NOT " : "");
				for (i = 0; i < n->nlist; i++)
				{
					if (i)
						care_buf_puts(&b, ", ");
					care_buf_puts(&b, gen_scalar(g, n->list[i], fr));
				}
				care_buf_puts(&b, "))");
				if (b.over)
					g->over = 1;
				return care_buf_done(&b);
			}
		case N_EXISTS:
			if (n->a->type.k == T_ROW)
			{
				SqlRow		r = gen_row(g, n->a, fr);

				if (r.wfrom == NULL && r.wwhere != NULL)
					return gen_printf(g, "(%s)", r.wwhere);	/* a derived table's row */
				if (r.wfrom == NULL)
					return "true";	/* a bound row is always there */
				return gen_printf(g, "EXISTS (SELECT 1 FROM %s%s)", r.wfrom, where_clause(g, r.wwhere));
			}
			else
			{
				SqlSet		s;
				char	   *x;

				if (dt_ok(g) && rooted(n->a) && (x = dt_exists(g, n->a)) != NULL)
					return x;
				s = gen_set(g, n->a, fr, NULL);
				return wrap(g, gen_printf(g, "EXISTS (SELECT 1 FROM %s%s)", s.from, where_clause(g, s.where)),
							s.wfrom, s.wwhere);
			}
		case N_QUANT:
			{
				Tuples		t;
				const char *p;
				char	   *x;

				if (dt_ok(g) && bindings_rooted(n) && (x = dt_quantifier(g, n)) != NULL)
					return x;
				t = gen_tuples(g, n, fr);
				p = gen_scalar(g, n->a, t.frames);

				if (!n->a->nullable)
				{
					if (n->op == OP_EVERY)
						x = gen_printf(g, "(NOT EXISTS (SELECT 1 FROM %s WHERE %s))", t.from,
									   and2(g, t.where, gen_printf(g, "NOT %s", p)));
					else if (n->op == OP_ANY)
						x = gen_printf(g, "EXISTS (SELECT 1 FROM %s WHERE %s)", t.from, and2(g, t.where, p));
					else
						x = gen_printf(g, "(NOT EXISTS (SELECT 1 FROM %s WHERE %s))", t.from, and2(g, t.where, p));
				}
				else
				{
					/*
					 * Kleene: false=0 < null=1 < true=2; every = min, any = max.  The
					 * code goes through a LATERAL item so that the aggregate belongs
					 * to this query even when the predicate mentions outer rows only.
					 */
					const char *k = fresh(g, 'k');
					const char *from = gen_printf(g, "%s, LATERAL (SELECT CASE %s WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END AS \"c\") AS %s",
												  t.from, p, k);

					if (n->op == OP_EVERY)
						x = gen_printf(g, "(SELECT CASE pg_catalog.min(%s.\"c\") WHEN 0 THEN false WHEN 1 THEN NULL ELSE true END FROM %s%s)",
									   k, from, where_clause(g, t.where));
					else if (n->op == OP_ANY)
						x = gen_printf(g, "(SELECT CASE pg_catalog.max(%s.\"c\") WHEN 2 THEN true WHEN 1 THEN NULL ELSE false END FROM %s%s)",
									   k, from, where_clause(g, t.where));
					else
						x = gen_printf(g, "(SELECT CASE pg_catalog.max(%s.\"c\") WHEN 2 THEN false WHEN 1 THEN NULL ELSE true END FROM %s%s)",
									   k, from, where_clause(g, t.where));
				}
				return wrap(g, x, t.wfrom, t.wwhere);
			}
		case N_IF:
			{
				const char *c = gen_scalar(g, n->a, fr);

				const char *x = gen_scalar(g, n->b, fr);
				const char *y = gen_scalar(g, n->c, fr);

				if (!n->a->nullable)
					return gen_printf(g, "CASE WHEN %s THEN %s ELSE %s END", c, x, y);
				/* an unknown condition gives an unknown value */
				return gen_printf(g, "CASE WHEN %s THEN %s WHEN NOT %s THEN %s END", c, x, c, y);
			}
		default:
			return "NULL";
	}
}

/* ---------------------------------------------------------------------
 * Derived tables.
 *
 * A construct whose collection is rooted at the establishment (a source,
 * or a let or a where-filter of one) and that refers to no row bound
 * outside it -- exists S, count(S), an aggregate, a quantifier, latest S
 * by f -- has one value per establishment.  As a subquery correlated to
 * the establishment it would run once per establishment (PostgreSQL never
 * decorrelates scalar subqueries); instead it becomes a table grouped by
 * the establishment column.  In the set form it is LEFT JOINed to the
 * root, and the planner computes it for every establishment at once with
 * joins and aggregates over whole tables; in the per-id forms it is a
 * common table expression of at most one row, read by scalar subqueries
 * that PostgreSQL evaluates only when their value is needed (see col).
 * The construct's value is read from the table, with the value of an
 * establishment that has no row: exists false, count and sum 0, any
 * false, every and none true, min, max, avg and latest null.
 *
 *  - exists, count, aggregates and quantifiers whose predicate may be
 *    null: GROUP BY, one column per construct (the Kleene code of a
 *    quantifier: false 0, null 1, true 2), one table per collection;
 *  - a quantifier whose predicate is never null: the establishments with
 *    a witness (any) or a counter-example (every, none), SELECT DISTINCT
 *    with the predicate in WHERE, so that NOT EXISTS becomes an anti join;
 *  - latest: SELECT DISTINCT ON the establishment, ordered by the field
 *    then the key, with the row's columns.
 *
 * Inside a table aliases restart, so that the same construct twice is the
 * same text, hence one table.  The establishment there is the base row's
 * column in the set form; the per-id forms write $1 and filter the base on
 * it (Citus then routes every subquery to one shard, and the planner sees
 * a constant).  What depends on the table's own rows stays a subquery
 * correlated to them, establishment-level constructs nested in it too.
 *
 * A let whose rows a quantifier or aggregate binds and passes to a
 * one-row def (clean(a) for a in audits) becomes a let table: a common
 * table expression with a column per such def, so that the def runs once
 * per row of the let rather than once per pair, and every derived table
 * over the let reads the same rows.
 */

typedef enum DtKind
{
	DT_AGG,
	DT_DISTINCT,
	DT_LATEST
} DtKind;

/* A set of column names (pointers into the schema or g->keep). */
typedef struct Columns
{
	const char **names;
	int			n;
	int			cap;
} Columns;

typedef struct DtCol
{
	const char *expr;
	const char *name;
} DtCol;

struct DTable
{
	DtKind		kind;
	const char *alias;			/* g1, g2, ... */
	const char *from;
	const char *where;			/* " WHERE ..." or "" (marks included) */
	const char *eid;			/* the base row's establishment column */
	const char *order;			/* latest: the ORDER BY after the establishment */
	const char *base;			/* latest: the row's alias inside */
	const LetTable *lt;			/* latest: the let table it reads, if any */
	Columns		needs;			/* latest: the row's columns read outside */
	DtCol	   *aggs;			/* aggregates: columns */
	int			naggs;
	int			aggs_cap;
};

struct ExistsReq
{
	const char *from;
	const char *where;
	const char *eid;
	const DTable *t;			/* the table that answers it, once resolved */
};

struct LetTable
{
	const LetDecl *let;
	const CareSchemaSource *src;
	const char *name;			/* l1, l2, ... */
	int			ndefs;
	const DefDecl **defs;
	const char **cols;			/* the column of each def */
	int			used;
	Columns		needs;			/* the source columns derived tables read */
};

struct PtrFlag
{
	const void *p;
	int			v;
};

/* \x02 per_id \x03 set \x04: the text of each form (see gen_append_form). */
const char *
gen_forms(Gen *g, const char *per_id, const char *set)
{
	if (g->per_id_only)
		return per_id;
	return gen_printf(g, "%c%s%c%s%c", CARE_MARK_FORMS, per_id, CARE_MARK_SET, set, CARE_MARK_END);
}

/* May constructs become derived tables here (the requirements, not inside one)? */
static int
dt_ok(const Gen *g)
{
	return g->decorrelate && g->in_dt == 0 && !g->over;
}

/* Is a collection a source, or a let or where-filter of one? */
static int
rooted(const Node *n)
{
	for (;;)
	{
		if (n->kind == N_NAME && n->ref_kind == R_SOURCE)
			return 1;
		if (n->kind == N_NAME && n->ref_kind == R_LET)
			n = ((const LetDecl *) n->ref)->expr;
		else if (n->kind == N_WHERE)
			n = n->a;
		else
			return 0;
	}
}

/* Are all the bindings of a quantifier rooted? */
static int
bindings_rooted(const Node *q)
{
	int			i;

	for (i = 0; i < q->nlist; i++)
		if (!rooted(q->list[i]->a))
			return 0;
	return 1;
}

/* A remembered flag of a def or let (closedness), or -1. */
static int
flag_get(const Gen *g, const void *p)
{
	size_t		i;

	if (g->flags_cap == 0)
		return -1;
	for (i = ((size_t) p >> 4) & (g->flags_cap - 1);; i = (i + 1) & (g->flags_cap - 1))
	{
		if (g->flags[i].p == NULL)
			return -1;
		if (g->flags[i].p == p)
			return g->flags[i].v;
	}
}

/* Remember a flag (the table doubles when half full; it lives in g->keep). */
static void
flag_put(Gen *g, const void *p, int v)
{
	size_t		i;

	if ((g->flags_n + 1) * 2 > g->flags_cap)
	{
		PtrFlag    *old = g->flags;
		size_t		oldcap = g->flags_cap,
					k;

		g->flags_cap = oldcap ? oldcap * 2 : 64;
		g->flags = care_arena_zalloc(g->keep, sizeof(PtrFlag) * g->flags_cap);
		g->flags_n = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].p != NULL)
				flag_put(g, old[k].p, old[k].v);
	}
	for (i = ((size_t) p >> 4) & (g->flags_cap - 1); g->flags[i].p != NULL; i = (i + 1) & (g->flags_cap - 1))
		;
	g->flags[i].p = p;
	g->flags[i].v = v;
	g->flags_n++;
}

/* The binders (N_BIND, N_WHERE, DefParam) introduced inside a construct. */
typedef struct Bound
{
	const void *key;
	const struct Bound *up;
} Bound;

static int	closed_in(Gen *g, const Node *n, const Bound *b);

/* Does a def's body refer to nothing but its parameters (no establishment row)? */
static int
def_closed(Gen *g, const DefDecl *d)
{
	int			v = flag_get(g, d);
	Bound	   *params = NULL;
	int			i;

	if (v >= 0)
		return v;
	for (i = 0; i < d->nparams; i++)
	{
		Bound	   *p = care_arena_alloc(g->ar, sizeof *p);

		p->key = &d->params[i];
		p->up = params;
		params = p;
	}
	v = closed_in(g, d->body, params);
	flag_put(g, d, v);
	return v;
}

/* Does a let refer to nothing bound (no establishment row)? */
static int
let_closed(Gen *g, const LetDecl *l)
{
	int			v = flag_get(g, l);

	if (v >= 0)
		return v;
	v = closed_in(g, l->expr, NULL);
	flag_put(g, l, v);
	return v;
}

/*
 * Does n refer only to binders in b, to params, as_of, labels, sources and
 * closed lets and defs?  (Not to the establishment row: a derived table
 * does not see it.)
 */
static int
closed_in(Gen *g, const Node *n, const Bound *b)
{
	int			i;

	if (n == NULL)
		return 1;
	care_poll(g->hooks);
	switch (n->kind)
	{
		case N_NAME:
			switch (n->ref_kind)
			{
				case R_ROOT:
					return 0;
				case R_BOUND:
				case R_DEFPARAM:
					for (; b; b = b->up)
						if (b->key == n->ref)
							return 1;
					return 0;
				case R_LET:
					return let_closed(g, n->ref);
				default:
					return 1;
			}
		case N_WHERE:
			{
				Bound		w;

				w.key = n;
				w.up = b;
				return closed_in(g, n->a, b) && closed_in(g, n->b, &w);
			}
		case N_QUANT:
		case N_AGG:
			{
				const Bound *inner = b;

				for (i = 0; i < n->nlist; i++)
				{
					Bound	   *x = care_arena_alloc(g->ar, sizeof *x);

					x->key = n->list[i];
					x->up = inner;
					inner = x;
				}
				for (i = 0; i < n->nlist; i++)
					if (!closed_in(g, n->list[i]->a, inner))
						return 0;
				return closed_in(g, n->a, inner);
			}
		case N_CALL:
			if (n->ref_kind == R_DEF && !def_closed(g, n->ref))
				return 0;
			break;
		default:
			break;
	}
	if (!closed_in(g, n->a, b) || !closed_in(g, n->b, b) || !closed_in(g, n->c, b))
		return 0;
	for (i = 0; i < n->nlist; i++)
		if (!closed_in(g, n->list[i], b))
			return 0;
	return 1;
}

/* Does a construct refer to no row bound outside it? */
static int
closed(Gen *g, const Node *n)
{
	return closed_in(g, n, NULL);
}

/* What a derived table's generation changes in g, to put back. */
typedef struct DtSave
{
	int			naliases;
	int			nlt_aliases;
	int			lt_aliases_from;
	const char *E;
	int			coll_state;
	const char *base;
	const char *base_eid;
} DtSave;

/* Start generating a derived table (or a let table): fresh aliases, no base yet. */
static void
dt_enter(Gen *g, DtSave *sv)
{
	sv->naliases = g->naliases;
	sv->E = g->E;
	sv->coll_state = g->coll_state;
	sv->base = g->dt_base;
	sv->base_eid = g->dt_base_eid;
	sv->nlt_aliases = g->nlt_aliases;
	sv->lt_aliases_from = g->lt_aliases_from;
	g->lt_aliases_from = g->nlt_aliases;
	g->naliases = 0;
	g->in_dt++;
	g->coll_state = COLL_NONE;
	g->dt_base = NULL;
	g->dt_base_eid = NULL;
}

/* Back to the enclosing query. */
static void
dt_leave(Gen *g, const DtSave *sv)
{
	g->naliases = sv->naliases;
	g->E = sv->E;
	g->coll_state = sv->coll_state;
	g->dt_base = sv->base;
	g->dt_base_eid = sv->base_eid;
	g->nlt_aliases = sv->nlt_aliases;
	g->lt_aliases_from = sv->lt_aliases_from;
	g->in_dt--;
}

/*
 * The filter of a collection base: for a derived table's base, none (the
 * table is grouped by its establishment column, which becomes the
 * establishment of everything inside); otherwise the home filter.
 */
static const char *
coll_base(Gen *g, const char *alias, const CareSchemaSource *src)
{
	int			state = g->coll_state;

	g->coll_state = COLL_NONE;
	if (state == COLL_BASE)
	{
		g->dt_base = alias;
		g->dt_base_eid = col(g, alias, src->establishment_column);
		g->E = gen_forms(g, "$1", g->dt_base_eid);
		return NULL;
	}
	return home_filter(g, alias, src);
}

/* " WHERE ..." of a derived table: the per-id filter on $1, then w. */
static const char *
dt_where(Gen *g, const char *w)
{
	const char *f = gen_printf(g, "%s = $1", g->dt_base_eid);

	if (w == NULL)
		return gen_forms(g, gen_printf(g, " WHERE %s", f), "");
	return gen_printf(g, " WHERE %s%s", gen_forms(g, gen_printf(g, "%s AND ", f), ""), w);
}

/* The FROM list, conditions and frames of a derived table's collection. */
typedef struct DtColl
{
	const char *from;
	const char *where;			/* NULL when none (besides the per-id filter) */
	const Frame *frames;		/* the bindings, when there are */
	const char *base;			/* the first collection's alias */
	const CareSchemaSource *src;
	const LetTable *lt;			/* the first collection's let table */
} DtColl;

/*
 * Generate the bindings (or the one collection coll) of a derived table:
 * the first is the base, the others are tied to its establishment.
 * Returns 0 when a collection turned out not to be rooted.
 */
static int
dt_collection(Gen *g, Node *const *binds, int nbinds, const Node *coll, DtColl *c)
{
	int			i,
				n = binds != NULL ? nbinds : 1;

	memset(c, 0, sizeof *c);
	for (i = 0; i < n; i++)
	{
		const Node *b = binds != NULL ? binds[i] : NULL;
		SqlSet		s;

		g->coll_state = i == 0 ? COLL_BASE : COLL_BINDING;
		s = gen_set(g, b != NULL ? b->a : coll, NULL, b);
		g->coll_state = COLL_NONE;
		if (s.wfrom != NULL || g->dt_base == NULL)
			return 0;
		c->from = list2(g, c->from, s.from);
		c->where = and2(g, c->where, s.where);
		if (i == 0)
		{
			c->base = s.alias;
			c->src = s.src;
			c->lt = s.lt;
		}
		if (b != NULL)
			c->frames = bind_row(g, c->frames, b, s.alias, s.src, 1, 0, s.lt);
	}
	return !g->over;
}

/* A new derived table (its texts copied to the long-lived arena). */
static DTable *
dt_add(Gen *g, DtKind kind, const char *from, const char *where, const char *eid,
	   const char *order)
{
	DTable	   *t = care_arena_zalloc(g->keep, sizeof *t);

	if (g->ndts == g->dts_cap)
	{
		DTable	  **old = g->dts;

		g->dts_cap = g->dts_cap ? g->dts_cap * 2 : 16;
		g->dts = care_arena_alloc(g->keep, sizeof(DTable *) * (size_t) g->dts_cap);
		if (g->ndts > 0)
			memcpy(g->dts, old, sizeof(DTable *) * (size_t) g->ndts);
	}
	t->kind = kind;
	t->alias = care_printf(g->keep, "g%d", g->ndts + 1);
	t->from = care_strdup(g->keep, from);
	t->where = care_strdup(g->keep, where);
	t->eid = care_strdup(g->keep, eid);
	t->order = order ? care_strdup(g->keep, order) : NULL;
	g->dts[g->ndts++] = t;
	return t;
}

/* The table of that kind over that collection (and order), or NULL. */
static DTable *
dt_find(const Gen *g, DtKind kind, const char *from, const char *where, const char *order)
{
	int			i;

	for (i = 0; i < g->ndts; i++)
	{
		DTable	   *t = g->dts[i];

		if (t->kind == kind && strcmp(t->from, from) == 0 && strcmp(t->where, where) == 0 &&
			(order == NULL || strcmp(t->order, order) == 0))
			return t;
	}
	return NULL;
}

/* An aggregate over a collection: its column, in the collection's table. */
static const char *
dt_agg_column(Gen *g, const char *from, const char *where, const char *eid, const char *agg)
{
	DTable	   *t = dt_find(g, DT_AGG, from, where, NULL);
	int			i;

	if (t == NULL)
		t = dt_add(g, DT_AGG, from, where, eid, NULL);
	for (i = 0; i < t->naggs; i++)
		if (strcmp(t->aggs[i].expr, agg) == 0)
			return col(g, t->alias, t->aggs[i].name);
	if (t->naggs == t->aggs_cap)
	{
		DtCol	   *old = t->aggs;

		t->aggs_cap = t->aggs_cap ? t->aggs_cap * 2 : 4;
		t->aggs = care_arena_alloc(g->keep, sizeof(DtCol) * (size_t) t->aggs_cap);
		if (t->naggs > 0)
			memcpy(t->aggs, old, sizeof(DtCol) * (size_t) t->naggs);
	}
	t->aggs[t->naggs].expr = care_strdup(g->keep, agg);
	t->aggs[t->naggs].name = care_printf(g->keep, "a%d", ++g->naggs);
	return col(g, t->alias, t->aggs[t->naggs++].name);
}

/* exists S: an exists request, answered at the end by a table over S. */
static char *
dt_exists(Gen *g, const Node *coll)
{
	DtSave		sv;
	DtColl		c;
	char	   *x = NULL;

	if (!closed(g, coll))
		return NULL;
	dt_enter(g, &sv);
	if (dt_collection(g, NULL, 0, coll, &c))
	{
		ExistsReq  *r;

		if (g->nexq == g->exq_cap)
		{
			ExistsReq  *old = g->exq;

			g->exq_cap = g->exq_cap ? g->exq_cap * 2 : 16;
			g->exq = care_arena_alloc(g->keep, sizeof(ExistsReq) * (size_t) g->exq_cap);
			if (g->nexq > 0)
				memcpy(g->exq, old, sizeof(ExistsReq) * (size_t) g->nexq);
		}
		r = &g->exq[g->nexq];
		r->from = care_strdup(g->keep, c.from);
		r->where = care_strdup(g->keep, dt_where(g, c.where));
		r->eid = care_strdup(g->keep, g->dt_base_eid);
		r->t = NULL;
		x = gen_printf(g, "(%c%d%c IS NOT NULL)", CARE_MARK_TABLE, g->nexq++, CARE_MARK_TABLE);
	}
	dt_leave(g, &sv);
	return x;
}

/* count(S) and count/sum/min/max/avg(e for x in S): an aggregate column. */
static char *
dt_aggregate(Gen *g, const Node *n)
{
	DtSave		sv;
	DtColl		c;
	const char *agg = NULL;
	const char *v = NULL;

	if (!closed(g, n))
		return NULL;
	dt_enter(g, &sv);
	if (n->kind == N_CALL)
	{
		if (dt_collection(g, NULL, 0, n->list[0], &c))
			agg = "pg_catalog.count(*)";
	}
	else if (dt_collection(g, (Node *const *) n->list, 1, NULL, &c))
	{
		const char *e = gen_scalar(g, n->a, c.frames);

		switch (n->builtin)
		{
			case B_COUNT:
				agg = gen_printf(g, "pg_catalog.count(%s)", e);
				break;
			case B_SUM:
				agg = n->type.k == T_INT ? gen_printf(g, "CAST(pg_catalog.sum(%s) AS bigint)", e)
					: gen_printf(g, "pg_catalog.sum(%s)", e);
				break;
			case B_AVG:
				agg = gen_printf(g, "pg_catalog.avg(%s)", e);
				break;
			case B_MIN:
				agg = gen_printf(g, "pg_catalog.min(%s)", e);
				break;
			default:
				agg = gen_printf(g, "pg_catalog.max(%s)", e);
				break;
		}
	}
	if (agg != NULL)
		v = dt_agg_column(g, c.from, dt_where(g, c.where), g->dt_base_eid, agg);
	dt_leave(g, &sv);
	if (v == NULL)
		return NULL;
	/* an establishment without rows: count and sum are 0, the others null */
	if (n->kind == N_CALL || n->builtin == B_COUNT || (n->builtin == B_SUM && n->type.k != T_INTERVAL))
		return gen_printf(g, "COALESCE(%s, 0)", v);
	if (n->builtin == B_SUM)
		return gen_printf(g, "COALESCE(%s, %s::interval)", v, care_sql_literal(g->ar, "0 days"));
	return (char *) v;
}

/*
 * every/any/none x in S, y in T: P.  A predicate that is never null: the
 * establishments with a counter-example (every, none) or a witness (any).
 * Otherwise: the Kleene aggregate (false 0, null 1, true 2; every is the
 * min, any and none the max), whose absence reads as no row.
 */
static char *
dt_quantifier(Gen *g, const Node *n)
{
	DtSave		sv;
	DtColl		c;
	char	   *x = NULL;

	if (!closed(g, n))
		return NULL;
	dt_enter(g, &sv);
	if (dt_collection(g, (Node *const *) n->list, n->nlist, NULL, &c))
	{
		const char *p = gen_scalar(g, n->a, c.frames);

		if (!n->a->nullable)
		{
			const char *w = dt_where(g, and2(g, c.where, n->op == OP_EVERY ? gen_printf(g, "NOT %s", p) : p));
			DTable	   *t = dt_find(g, DT_DISTINCT, c.from, w, NULL);

			if (t == NULL)
				t = dt_add(g, DT_DISTINCT, c.from, w, g->dt_base_eid, NULL);
			x = gen_printf(g, "(%s IS %sNULL)", col(g, t->alias, g->eid_name), n->op == OP_ANY ? "NOT " : "");
		}
		else
		{
			const char *code = gen_printf(g, "pg_catalog.%s(CASE %s WHEN false THEN 0 WHEN true THEN 2 ELSE 1 END)",
										  n->op == OP_EVERY ? "min" : "max", p);
			const char *v = dt_agg_column(g, c.from, dt_where(g, c.where), g->dt_base_eid, code);

			if (n->op == OP_EVERY)
				x = gen_printf(g, "CASE %s WHEN 0 THEN false WHEN 1 THEN NULL ELSE true END", v);
			else if (n->op == OP_ANY)
				x = gen_printf(g, "CASE %s WHEN 2 THEN true WHEN 1 THEN NULL ELSE false END", v);
			else
				x = gen_printf(g, "CASE %s WHEN 2 THEN false WHEN 1 THEN NULL ELSE true END", v);
		}
	}
	dt_leave(g, &sv);
	return x;
}

/* Append column to a list of distinct names. */
static void
add_column(const char **names, int *n, const char *column)
{
	int			i;

	for (i = 0; i < *n; i++)
		if (strcmp(names[i], column) == 0)
			return;
	names[(*n)++] = column;
}

/*
 * The columns of a source that rules can reach: key, establishment,
 * fields and link columns, each once, in that order.
 */
static int
source_columns(Gen *g, const CareSchemaSource *src, const char ***out)
{
	const SchemaField *f;
	const SchemaLink *l;
	int			n = 2,
				k = 0,
				i;
	const char **names;

	for (f = src->fields; f; f = f->next)
		n++;
	for (l = src->links; l; l = l->next)
		n += l->ncols;
	names = care_arena_alloc(g->ar, sizeof(char *) * (size_t) n);
	add_column(names, &k, src->key_column);
	add_column(names, &k, src->establishment_column);
	for (f = src->fields; f; f = f->next)
		add_column(names, &k, f->sql_column);
	for (l = src->links; l; l = l->next)
		for (i = 0; i < l->ncols; i++)
			add_column(names, &k, l->from_cols[i]);
	*out = names;
	return k;
}

/* Add a column name to a set (once). */
static void
columns_add(Gen *g, Columns *c, const char *name)
{
	int			i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return;
	if (c->n == c->cap)
	{
		const char **old = c->names;

		c->cap = c->cap ? c->cap * 2 : 8;
		c->names = care_arena_alloc(g->keep, sizeof(char *) * (size_t) c->cap);
		if (c->n > 0)
			memcpy(c->names, old, sizeof(char *) * (size_t) c->n);
	}
	c->names[c->n++] = name;
}

/*
 * A column read through alias: when the alias is a derived table's row
 * (latest) or a let table read inside a derived table, the table must
 * give that column.  Tables give only the columns read, so that their
 * rows stay narrow (the set form sorts and materializes them).
 */
static void
note_column(Gen *g, const char *alias, const char *column)
{
	int			i;

	if (dt_alias(alias))
	{
		long		k = strtol(alias + 1, NULL, 10);

		if (k >= 1 && k <= g->ndts && g->dts[k - 1]->kind == DT_LATEST &&
			(g->eid_name == NULL || strcmp(column, g->eid_name) != 0))
			columns_add(g, &g->dts[k - 1]->needs, column);
		return;
	}
	for (i = g->nlt_aliases - 1; i >= g->lt_aliases_from; i--)
		if (strcmp(g->lt_aliases[i].alias, alias) == 0)
		{
			columns_add(g, &((LetTable *) g->lt_aliases[i].lt)->needs, column);
			return;
		}
}

/* Remember that alias reads let table lt in the derived table being made. */
static void
note_let_alias(Gen *g, const char *alias, const LetTable *lt)
{
	if (g->nlt_aliases == g->lt_aliases_cap)
	{
		LtAlias    *old = g->lt_aliases;

		g->lt_aliases_cap = g->lt_aliases_cap ? g->lt_aliases_cap * 2 : 8;
		g->lt_aliases = care_arena_alloc(g->keep, sizeof(LtAlias) * (size_t) g->lt_aliases_cap);
		if (g->nlt_aliases > 0)
			memcpy(g->lt_aliases, old, sizeof(LtAlias) * (size_t) g->nlt_aliases);
	}
	g->lt_aliases[g->nlt_aliases].alias = care_strdup(g->keep, alias);
	g->lt_aliases[g->nlt_aliases].lt = lt;
	g->nlt_aliases++;
}

/* latest S by f, a row: a DISTINCT ON table with the row's columns. */
static int
dt_latest(Gen *g, const Node *n, SqlRow *r)
{
	DtSave		sv;
	DtColl		c;
	DTable	   *t = NULL;

	if (!closed(g, n))
		return 0;
	dt_enter(g, &sv);
	if (dt_collection(g, NULL, 0, n->a, &c))
	{
		const char *w = c.where;
		const char *order;

		if (n->field->nullable)
			w = and2(g, w, gen_printf(g, "%s IS NOT NULL", col(g, c.base, n->field->sql_column)));
		w = dt_where(g, w);
		order = gen_printf(g, "%s, %s DESC", latest_order(g, n, c.base), col(g, c.base, c.src->key_column));
		t = dt_find(g, DT_LATEST, c.from, w, order);
		if (t == NULL)
		{
			t = dt_add(g, DT_LATEST, c.from, w, g->dt_base_eid, order);
			t->base = care_strdup(g->keep, c.base);
			t->lt = c.lt;
		}
	}
	dt_leave(g, &sv);
	if (t == NULL)
		return 0;
	memset(r, 0, sizeof *r);
	r->src = c.src;
	r->alias = t->alias;
	r->home = 1;
	r->wwhere = gen_printf(g, "%s IS NOT NULL", col(g, t->alias, g->eid_name));
	r->nullrow = 1;
	r->lt = c.lt;
	return 1;
}

/* The let table of a let, when it has one (and may be read here). */
static const LetTable *
let_table(const Gen *g, const LetDecl *let)
{
	int			i;

	if (g->lt_off)
		return NULL;
	for (i = 0; i < g->nlts; i++)
		if (g->lts[i]->let == let)
		{
			((LetTable *) g->lts[i])->used = 1;
			return g->lts[i];
		}
	return NULL;
}

/* The source whose rows a let table holds. */
static const CareSchemaSource *
let_table_source(const LetTable *lt)
{
	return lt->src;
}

/* The name of a let table (a common table expression). */
static const char *
let_table_name(const LetTable *lt)
{
	return lt->name;
}

/* The column of a let table that holds def d of its rows, or NULL. */
static const char *
let_table_column(const LetTable *lt, const DefDecl *d)
{
	int			i;

	for (i = 0; i < lt->ndefs; i++)
		if (lt->defs[i] == d)
			return lt->cols[i];
	return NULL;
}

/* The def whose column of a let table is name, or NULL. */
static const DefDecl *
let_table_def(const LetTable *lt, const char *name)
{
	int			i;

	for (i = 0; i < lt->ndefs; i++)
		if (strcmp(lt->cols[i], name) == 0)
			return lt->defs[i];
	return NULL;
}

/*
 * f(x) for a one-row def f of a row of a let table (a bound row, or the
 * latest of the let): the let table's column, computed once per row.
 */
static char *
def_column(Gen *g, const Node *call, const Frame *fr)
{
	const DefDecl *d = call->ref;
	const Node *arg;
	const char *column;

	if (!g->decorrelate || g->nlts == 0 || d->nparams != 1 || d->params[0].type.k != T_ROW)
		return NULL;
	arg = call->list[0];
	if (arg->kind == N_NAME && (arg->ref_kind == R_BOUND || arg->ref_kind == R_DEFPARAM))
	{
		const Frame *f = lookup(fr, arg->ref);

		if (f == NULL || f->lt == NULL || (column = let_table_column(f->lt, d)) == NULL)
			return NULL;
		return (char *) col(g, f->alias, column);
	}
	while (arg->kind == N_NAME && arg->ref_kind == R_LET)
		arg = ((const LetDecl *) arg->ref)->expr;
	if (arg->kind == N_LATEST && dt_ok(g) && rooted(arg->a))
	{
		SqlRow		r = gen_row(g, arg, fr);

		/* the table's row: missing, the column reads null, as the strict def */
		if (r.nullrow && r.lt != NULL && (column = let_table_column(r.lt, d)) != NULL)
			return (char *) col(g, r.alias, column);
	}
	return NULL;
}

/* The let a binding ranges over (through where-filters), or NULL. */
static const LetDecl *
binding_let(const Node *coll)
{
	for (;;)
	{
		if (coll->kind == N_NAME && coll->ref_kind == R_LET)
			return coll->ref;
		if (coll->kind != N_WHERE)
			return NULL;
		coll = coll->a;
	}
}

/* Is name one of the columns rules can reach in src? */
static int
source_has_column(Gen *g, const CareSchemaSource *src, const char *name)
{
	const char **names;
	int			n = source_columns(g, src, &names),
				i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* Give let L a table with a column for one-row def d (once). */
static void
let_table_add_def(Gen *g, const LetDecl *let, const DefDecl *d)
{
	LetTable   *lt = NULL;
	int			i;

	for (i = 0; i < g->nlts; i++)
		if (g->lts[i]->let == let)
			lt = g->lts[i];
	if (lt == NULL)
	{
		LetTable  **old = g->lts;

		lt = care_arena_zalloc(g->keep, sizeof *lt);
		lt->let = let;
		lt->src = let->expr->type.s;
		lt->name = care_printf(g->keep, "l%d", g->nlts + 1);
		g->lts = care_arena_alloc(g->keep, sizeof(LetTable *) * (size_t) (g->nlts + 1));
		if (g->nlts > 0)
			memcpy(g->lts, old, sizeof(LetTable *) * (size_t) g->nlts);
		g->lts[g->nlts++] = lt;
	}
	if (let_table_column(lt, d) != NULL)
		return;
	{
		const DefDecl **defs = care_arena_alloc(g->keep, sizeof(DefDecl *) * (size_t) (lt->ndefs + 1));
		const char **cols = care_arena_alloc(g->keep, sizeof(char *) * (size_t) (lt->ndefs + 1));
		const char *name;
		int			k = lt->ndefs + 1;

		/* a name no column of the source has */
		do
			name = care_printf(g->keep, "m%d", k++);
		while (source_has_column(g, lt->src, name));
		if (lt->ndefs > 0)
		{
			memcpy(defs, lt->defs, sizeof(DefDecl *) * (size_t) lt->ndefs);
			memcpy(cols, lt->cols, sizeof(char *) * (size_t) lt->ndefs);
		}
		defs[lt->ndefs] = d;
		cols[lt->ndefs] = name;
		lt->defs = defs;
		lt->cols = cols;
		lt->ndefs++;
	}
}

/* One-row defs called on binding b inside n: columns of let L's table. */
static void
plan_def_calls(Gen *g, const Node *n, const Node *b, const LetDecl *let)
{
	int			i;

	if (n == NULL)
		return;
	care_poll(g->hooks);
	if (n->kind == N_CALL && n->ref_kind == R_DEF && n->nlist == 1 &&
		((const DefDecl *) n->ref)->params[0].type.k == T_ROW &&
		n->list[0]->kind == N_NAME && n->list[0]->ref_kind == R_BOUND && n->list[0]->ref == b)
		let_table_add_def(g, let, n->ref);
	plan_def_calls(g, n->a, b, let);
	plan_def_calls(g, n->b, b, let);
	plan_def_calls(g, n->c, b, let);
	for (i = 0; i < n->nlist; i++)
		plan_def_calls(g, n->list[i], b, let);
}

/* Find the let tables a requirement or let needs (see the section comment). */
static void
plan_let_tables(Gen *g, const Node *n)
{
	int			i;

	if (n == NULL)
		return;
	care_poll(g->hooks);
	if ((n->kind == N_QUANT || n->kind == N_AGG) && closed(g, n))
		for (i = 0; i < n->nlist; i++)
		{
			const LetDecl *let = binding_let(n->list[i]->a);

			if (let != NULL && rooted(let->expr) && let->expr->type.k == T_SET)
				plan_def_calls(g, n, n->list[i], let);
		}
	plan_let_tables(g, n->a);
	plan_let_tables(g, n->b);
	plan_let_tables(g, n->c);
	for (i = 0; i < n->nlist; i++)
		plan_let_tables(g, n->list[i]);
}

/* Is name a column rules can reach in any source? */
static int
schema_has_column(Gen *g, const char *name)
{
	const CareSchemaSource *src;

	for (src = g->schema->sources; src; src = src->next)
		if (source_has_column(g, src, name))
			return 1;
	return 0;
}

/*
 * Before the requirements are generated: the name of the derived tables'
 * establishment column (one no source column has) and the let tables.
 */
void
gen_tables_start(Gen *g, CheckResult *cr)
{
	const char *eid = "eid";
	int			k = 1,
				i,
				j;

	while (schema_has_column(g, eid))
		eid = care_printf(g->keep, "eid_%d", k++);
	g->eid_name = eid;
	g->eid = care_sql_ident(g->keep, eid);
	for (i = 0; i < cr->nobjs; i++)
		for (j = 0; j < cr->objs[i]->nitems; j++)
		{
			ObjItem    *it = &cr->objs[i]->items[j];

			plan_let_tables(g, it->is_let ? it->let->expr : it->req->expr);
		}
}

/* A let table's definition: the let's rows, their columns and def columns. */
static const char *
let_table_sql(Gen *g, const LetTable *lt)
{
	DtSave		sv;
	SqlSet		s;
	CareBuf		b;
	const char *text = NULL;
	int			i,
				n;

	dt_enter(g, &sv);
	g->lt_off = 1;
	g->coll_state = COLL_BASE;
	s = gen_set(g, lt->let->expr, NULL, NULL);
	g->coll_state = COLL_NONE;
	if (s.wfrom == NULL && g->dt_base != NULL)
	{
		care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
		care_buf_printf(&b, "%s AS (SELECT ", lt->name);
		for (i = 0, n = 0; i < lt->needs.n; i++)
			if (let_table_def(lt, lt->needs.names[i]) == NULL)
				care_buf_printf(&b, "%s%s", n++ ? ", " : "", col(g, s.alias, lt->needs.names[i]));
		for (i = 0; i < lt->ndefs; i++)
		{
			Frame	   *f = bind_row(g, NULL, &lt->defs[i]->params[0], s.alias, s.src, 1, 0, NULL);

			care_buf_printf(&b, "%s%s AS \"%s\"", n++ ? ", " : "", gen_scalar(g, lt->defs[i]->body, f), lt->cols[i]);
		}
		care_buf_printf(&b, " FROM %s%s)", s.from, dt_where(g, s.where));
		if (b.over)
			g->over = 1;
		text = care_buf_done(&b);
	}
	g->lt_off = 0;
	dt_leave(g, &sv);
	return text;
}

/* A derived table's definition. */
static const char *
dt_sql(Gen *g, const DTable *t)
{
	CareBuf		b;
	int			i;

	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	switch (t->kind)
	{
		case DT_AGG:
			care_buf_printf(&b, "SELECT %s AS %s", t->eid, g->eid);
			for (i = 0; i < t->naggs; i++)
				care_buf_printf(&b, ", %s AS \"%s\"", t->aggs[i].expr, t->aggs[i].name);
			care_buf_printf(&b, " FROM %s%s GROUP BY %s", t->from, t->where, t->eid);
			break;
		case DT_DISTINCT:
			care_buf_printf(&b, "SELECT DISTINCT %s AS %s FROM %s%s", t->eid, g->eid, t->from, t->where);
			break;
		case DT_LATEST:
			care_buf_printf(&b, "SELECT DISTINCT ON (%s) %s AS %s", t->eid, t->eid, g->eid);
			for (i = 0; i < t->needs.n; i++)
				care_buf_printf(&b, ", %s.%s", t->base, care_sql_ident(g->ar, t->needs.names[i]));
			care_buf_printf(&b, " FROM %s%s ORDER BY %s, %s", t->from, t->where, t->eid, t->order);
			break;
	}
	if (b.over)
		g->over = 1;
	return care_buf_done(&b);
}

/*
 * Append n bytes of text in one form: the per-id (verdict, explain) or
 * the set (evaluate) side of every \x02 per-id \x03 set \x04 mark (marks
 * nest: a side may hold marks of its own), and for every \x05 N \x05 the
 * establishment column of the table answering exists request N.
 */
static void
append_form_n(Gen *g, CareBuf *b, const char *p, size_t len, int per_id)
{
	const char *end = p + len;

	while (p < end)
	{
		const char *q = p;

		while (q < end && *q != CARE_MARK_FORMS && *q != CARE_MARK_TABLE)
			q++;
		care_buf_append(b, p, (size_t) (q - p));
		if (q == end)
			return;
		if (*q == CARE_MARK_FORMS)
		{
			const char *set = NULL;
			const char *r;
			int			depth = 0;

			for (r = q + 1; r < end; r++)
			{
				if (*r == CARE_MARK_FORMS)
					depth++;
				else if (*r == CARE_MARK_SET && depth == 0)
					set = r;
				else if (*r == CARE_MARK_END && depth-- == 0)
					break;
			}
			if (set == NULL || r == end)
				return;			/* cannot happen: marks are written whole */
			if (per_id)
				append_form_n(g, b, q + 1, (size_t) (set - q - 1), per_id);
			else
				append_form_n(g, b, set + 1, (size_t) (r - set - 1), per_id);
			p = r + 1;
		}
		else
		{
			long		k = 0;
			const DTable *t;

			for (q++; q < end && *q >= '0' && *q <= '9'; q++)
				k = k * 10 + (*q - '0');
			if (q < end && *q == CARE_MARK_TABLE)
				q++;
			p = q;
			t = k < g->nexq ? g->exq[k].t : NULL;
			if (t == NULL)
				care_buf_puts(b, "NULL");
			else if (per_id)
				care_buf_printf(b, "(SELECT %s.%s FROM %s)", t->alias, g->eid, t->alias);
			else
				care_buf_printf(b, "%s.%s", t->alias, g->eid);
		}
		care_poll(g->hooks);
	}
}

/* Append a text in one form (see append_form_n). */
void
gen_append_form(Gen *g, CareBuf *b, const char *text, int per_id)
{
	append_form_n(g, b, text, strlen(text), per_id);
}

/*
 * After the requirements: answer each exists request with a table over
 * its collection (a latest one, else an aggregate one, else a new one),
 * then write, each in its form: the per-id forms' WITH (let tables and
 * derived tables), the set form's WITH (let tables) and its joins.
 */
void
gen_tables_finish(Gen *g, GenTables *out)
{
	CareBuf		wp,
				ws,
				j;
	int			i,
				n = 0;

	for (i = 0; i < g->nexq; i++)
	{
		ExistsReq  *r = &g->exq[i];
		const DTable *t = dt_find(g, DT_LATEST, r->from, r->where, NULL);

		if (t == NULL)
			t = dt_find(g, DT_AGG, r->from, r->where, NULL);
		if (t == NULL)
			t = dt_add(g, DT_AGG, r->from, r->where, r->eid, NULL);
		r->t = t;
	}
	/* a latest row over a let table reads its columns from the let table */
	for (i = 0; i < g->ndts; i++)
		if (g->dts[i]->kind == DT_LATEST && g->dts[i]->lt != NULL)
		{
			int			k;

			for (k = 0; k < g->dts[i]->needs.n; k++)
				columns_add(g, &((LetTable *) g->dts[i]->lt)->needs, g->dts[i]->needs.names[k]);
		}
	care_buf_init(&wp, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_init(&ws, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_init(&j, g->ar, CARE_MAX_SQL_BYTES);
	for (i = 0; i < g->nlts; i++)
	{
		const char *text;

		if (!g->lts[i]->used || (text = let_table_sql(g, g->lts[i])) == NULL)
			continue;
		care_buf_puts(&wp, n ? ",\n     " : "WITH ");
		care_buf_puts(&ws, n ? ",\n     " : "WITH ");
		gen_append_form(g, &wp, text, 1);
		gen_append_form(g, &ws, text, 0);
		n++;
		care_poll(g->hooks);
	}
	if (n > 0)
		care_buf_putc(&ws, '\n');
	for (i = 0; i < g->ndts; i++)
	{
		const char *text = dt_sql(g, g->dts[i]);
		const char *alias = g->dts[i]->alias;

		care_buf_printf(&wp, "%s%s AS (", n++ ? ",\n     " : "WITH ", alias);
		gen_append_form(g, &wp, text, 1);
		care_buf_putc(&wp, ')');
		care_buf_puts(&j, "\nLEFT JOIN (");
		gen_append_form(g, &j, text, 0);
		care_buf_printf(&j, ") AS %s ON %s.%s = e.%s", alias, alias, g->eid,
						care_sql_ident(g->ar, g->schema->root->key_column));
		care_poll(g->hooks);
	}
	if (n > 0)
		care_buf_putc(&wp, '\n');
	if (wp.over || ws.over || j.over)
		g->over = 1;
	out->with_per_id = care_buf_done(&wp);
	out->with_set = care_buf_done(&ws);
	out->joins_set = care_buf_done(&j);
}

/* ---------------------------------------------------------------------
 * Witnesses: the evidence ids that decided an outcome, as a bigint[] SQL
 * expression (NULL when nothing can be cited).
 */

/* a || b over bigint[] (array_cat ignores a null side). */
static char *
cat(Gen *g, const char *a, const char *b)
{
	if (a == NULL)
		return (char *) b;
	if (b == NULL)
		return (char *) a;
	return gen_printf(g, "(%s || %s)", a, b);
}

/* Only when the condition holds. */
static char *
when(Gen *g, const char *cond, const char *w)
{
	if (w == NULL)
		return NULL;
	return gen_printf(g, "CASE WHEN %s THEN %s END", cond, w);
}

/* Count one step of witness work; past the budget everything gives up. */
static int
wit_budget(Gen *g)
{
	care_poll(g->hooks);
	if (++g->wit_steps > WIT_STEPS || g->over || g->ar->total - g->wit_start > WIT_BYTES)
		g->wit_over = 1;
	return !g->wit_over;
}

/* The operands of a chain of one boolean operator, flattened. */
static void
chain(const Node *n, NodeKind k, const Node **out, int *nout, int max)
{
	if (n->kind == k && *nout < max - 1)
	{
		chain(n->a, k, out, nout, max);
		chain(n->b, k, out, nout, max);
	}
	else if (*nout < max)
		out[(*nout)++] = n;
}

/* Witnesses of the elements of tuples satisfying `test`, plus nested ones. */
static char *
wit_elements(Gen *g, Tuples *t, const char *test, const char *nested, int with_ids)
{
	const char *arr = NULL;
	char	   *x;

	if (with_ids && t->ids != NULL)
		arr = gen_printf(g, "ARRAY[%s]::bigint[]", t->ids);
	arr = cat(g, arr, nested);
	if (arr == NULL)
		return NULL;
	x = gen_printf(g, "ARRAY(SELECT w.u FROM %s, LATERAL pg_catalog.unnest(%s) AS w(u) WHERE %s LIMIT " WIT_CAP ")",
				   t->from, arr, and2(g, t->where, test));
	return wrap(g, x, t->wfrom, t->wwhere);
}

/* Witnesses of a boolean expression whose outcome is known statically. */
static char *
wit(Gen *g, const Node *n, const Frame *fr, int o)
{
	if (!wit_budget(g))
		return NULL;
	switch (n->kind)
	{
		case N_AND:
		case N_OR:
			{
				const Node *ops[64];
				int			nops = 0,
							i;
				char	   *w = NULL;
				int			is_and = n->kind == N_AND;

				chain(n, n->kind, ops, &nops, 64);
				for (i = 0; i < nops && !g->wit_over; i++)
				{
					const char *v;
					char	   *wi;

					if ((is_and && o == O_TRUE) || (!is_and && o == O_FALSE))
					{
						w = cat(g, w, wit(g, ops[i], fr, o));
						continue;
					}
					/* only the operands that decided the outcome (none: skip the test) */
					wi = wit(g, ops[i], fr, o);
					if (wi == NULL)
						continue;
					v = gen_scalar(g, ops[i], fr);
					w = cat(g, w, when(g, gen_printf(g, "%s IS %s", v,
													 o == O_NULL ? "NULL" : o == O_TRUE ? "TRUE" : "FALSE"), wi));
				}
				return w;
			}
		case N_NOT:
			return wit(g, n->a, fr, o == O_TRUE ? O_FALSE : o == O_FALSE ? O_TRUE : O_NULL);
		case N_QUANT:
			{
				Tuples		t = gen_tuples(g, n, fr);
				const char *p = gen_scalar(g, n->a, t.frames);
				int			inner;
				const char *test;

				if (n->op == OP_ANY && o == O_TRUE)
				{
					/* one satisfying tuple, the first by keys */
					const char *arr = t.ids ? gen_printf(g, "ARRAY[%s]::bigint[]", t.ids) : NULL;

					arr = cat(g, arr, wit(g, n->a, t.frames, O_TRUE));
					if (arr == NULL)
						return NULL;
					return wrap(g, gen_printf(g, "(SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 1)",
											  arr, t.from, and2(g, t.where, gen_printf(g, "%s IS TRUE", p)), t.order),
								t.wfrom, t.wwhere);
				}
				if (n->op == OP_ANY && o == O_FALSE)
					return wit_elements(g, &t, gen_printf(g, "%s IS FALSE", p),
										wit(g, n->a, t.frames, O_FALSE), 0);
				if (n->op == OP_NONE && o == O_TRUE)
					return NULL;
				if (o == O_NULL)
					return wit_elements(g, &t, gen_printf(g, "%s IS NULL", p),
										wit(g, n->a, t.frames, O_NULL), 1);
				/* every false: P false; none false: P true; every true: all */
				inner = n->op == OP_EVERY ? (o == O_FALSE ? O_FALSE : O_TRUE) : O_TRUE;
				test = n->op == OP_EVERY && o == O_TRUE ? "true" :
					gen_printf(g, "%s IS %s", p, inner == O_TRUE ? "TRUE" : "FALSE");
				return wit_elements(g, &t, test, wit(g, n->a, t.frames, inner), 1);
			}
		case N_EXISTS:
			{
				SqlSet		s;

				if (o != O_TRUE)
					return NULL;
				if (n->a->type.k == T_ROW)
				{
					SqlRow		r = gen_row(g, n->a, fr);

					if (!r.src->is_evidence || r.root)
						return NULL;
					return wrap(g, gen_printf(g, "ARRAY[%s]::bigint[]", row_key(g, &r)), r.wfrom, r.wwhere);
				}
				s = gen_set(g, n->a, fr, NULL);
				if (!s.src->is_evidence)
					return NULL;
				return wrap(g, gen_printf(g, "ARRAY(SELECT %s FROM %s%s ORDER BY 1 LIMIT 100)",
										  col(g, s.alias, s.src->key_column), s.from, where_clause(g, s.where)),
							s.wfrom, s.wwhere);
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c = bind_call(g, n, fr);
				const char *w = cat(g, c.ids, wit(g, ((const DefDecl *) n->ref)->body, c.frames, o));

				return w == NULL ? NULL : wrap(g, w, c.wfrom, c.wwhere);
			}
			return prov(g, n, fr);
		case N_NAME:
			if (n->ref_kind == R_LET)
				return wit(g, ((const LetDecl *) n->ref)->expr, NULL, o);
			return NULL;
		case N_IF:
			{
				const char *c = gen_scalar(g, n->a, fr);

				char	   *pa = prov(g, n->a, fr);
				char	   *wb = when(g, gen_printf(g, "%s IS TRUE", c), wit(g, n->b, fr, o));
				char	   *wc = when(g, gen_printf(g, "%s IS FALSE", c), wit(g, n->c, fr, o));

				return cat(g, pa, cat(g, wb, wc));
			}
		default:
			return prov(g, n, fr);
	}
}

/* Witnesses of a boolean whose outcome is only known at run time. */
static char *
wit_dyn(Gen *g, const Node *n, const Frame *fr, const char *value)
{
	const char *v;
	char	   *t,
			   *f,
			   *u;
	CareBuf		b;

	if (!wit_budget(g))
		return NULL;
	t = wit(g, n, fr, O_TRUE);
	f = wit(g, n, fr, O_FALSE);
	u = n->nullable ? wit(g, n, fr, O_NULL) : NULL;
	if (g->wit_over || (t == NULL && f == NULL && u == NULL))
		return NULL;
	v = value ? value : gen_scalar(g, n, fr);
	care_buf_init(&b, g->ar, CARE_MAX_SQL_BYTES);
	care_buf_puts(&b, "CASE");
	if (t)
		care_buf_printf(&b, " WHEN %s IS TRUE THEN %s", v, t);
	if (f)
		care_buf_printf(&b, " WHEN %s IS FALSE THEN %s", v, f);
	if (u)
		care_buf_printf(&b, " WHEN %s IS NULL THEN %s", v, u);
	care_buf_puts(&b, " END");
	if (b.over)
		g->over = 1;
	return care_buf_done(&b);
}

/* Provenance of a value: the evidence rows it was read from. */
static char *
prov(Gen *g, const Node *n, const Frame *fr)
{
	char	   *w = NULL;
	int			i;

	if (!wit_budget(g))
		return NULL;
	if (n->type.k == T_BOOL && (n->kind == N_QUANT || n->kind == N_EXISTS || n->kind == N_AND ||
								n->kind == N_OR || n->kind == N_NOT))
		return wit_dyn(g, n, fr, NULL);
	switch (n->kind)
	{
		case N_FIELD:
			{
				SqlRow		r = gen_row(g, n->a, fr);

				if (r.wfrom == NULL || !r.src->is_evidence)
					return r.wfrom == NULL ? NULL : NULL;
				return wrap(g, gen_printf(g, "ARRAY[%s]::bigint[]", row_key(g, &r)), r.wfrom, r.wwhere);
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c = bind_call(g, n, fr);
				const DefDecl *def = n->ref;
				const char *x = cat(g, c.ids, def->body->type.k == T_BOOL ?
									wit_dyn(g, def->body, c.frames, NULL) : prov(g, def->body, c.frames));

				return x == NULL ? NULL : wrap(g, x, c.wfrom, c.wwhere);
			}
			if (n->builtin == B_COUNT)
			{
				SqlSet		s = gen_set(g, n->list[0], fr, NULL);

				if (!s.src->is_evidence)
					return NULL;
				return wrap(g, gen_printf(g, "ARRAY(SELECT %s FROM %s%s ORDER BY 1 LIMIT 100)",
										  col(g, s.alias, s.src->key_column), s.from, where_clause(g, s.where)),
							s.wfrom, s.wwhere);
			}
			for (i = 0; i < n->nlist; i++)
				w = cat(g, w, prov(g, n->list[i], fr));
			return w;
		case N_AGG:
			{
				const Node *b = n->list[0];
				SqlSet		s = gen_set(g, b->a, fr, b);

				if (!s.src->is_evidence)
					return NULL;
				return wrap(g, gen_printf(g, "ARRAY(SELECT %s FROM %s%s ORDER BY 1 LIMIT 100)",
										  col(g, s.alias, s.src->key_column), s.from, where_clause(g, s.where)),
							s.wfrom, s.wwhere);
			}
		case N_NAME:
			if (n->ref_kind == R_LET)
				return prov(g, ((const LetDecl *) n->ref)->expr, NULL);
			return NULL;
		case N_CMP:
		case N_ARITH:
		case N_NEG:
		case N_ISNULL:
		case N_BETWEEN:
		case N_IF:
			if (n->kind == N_CMP && n->a->type.k == T_ROW)
				return NULL;
			if (n->a)
				w = cat(g, w, prov(g, n->a, fr));
			if (n->b)
				w = cat(g, w, prov(g, n->b, fr));
			if (n->c)
				w = cat(g, w, prov(g, n->c, fr));
			return w;
		case N_IN:
			return prov(g, n->a, fr);
		default:
			return NULL;
	}
}

/*
 * The witnesses column of a requirement: distinct, sorted, capped at 100;
 * value is the requirement's verdict already computed by the query.
 */
char *
gen_witness_top(Gen *g, const Node *n, const Frame *fr, const char *value)
{
	char	   *w;

	g->wit_steps = 0;
	g->wit_over = 0;
	g->wit_start = g->ar->total;
	w = wit_dyn(g, n, fr, value);
	if (w == NULL || g->wit_over || strlen(w) > CARE_MAX_SQL_BYTES / 8)
		return "NULL::bigint[]";
	return gen_printf(g, "(SELECT pg_catalog.array_agg(d.u ORDER BY d.u) FROM (SELECT DISTINCT w.u FROM pg_catalog.unnest(%s) AS w(u) WHERE w.u IS NOT NULL ORDER BY w.u LIMIT 100) AS d)",
					  w);
}

/*
 * The observed facts of a top-level requirement expression, as jsonb pairs
 * text ("'value', to_jsonb(...)"), or NULL: comparison operands, or the
 * rows examined and matching of a quantifier or exists.
 */
char *
gen_observed(Gen *g, const Node *n, const Frame *fr)
{
	if ((n->kind == N_CMP && n->a->type.k != T_ROW) || n->kind == N_BETWEEN)
	{
		const char *a = gen_scalar(g, n->a, fr);
		const char *b = gen_scalar(g, n->b, fr);

		if (n->kind == N_BETWEEN)
		{
			const char *c = gen_scalar(g, n->c, fr);

			return gen_printf(g, "pg_catalog.jsonb_build_object(E'value', pg_catalog.to_jsonb(%s), E'target', pg_catalog.jsonb_build_array(pg_catalog.to_jsonb(%s), pg_catalog.to_jsonb(%s)))",
							  a, b, c);
		}
		return gen_printf(g, "pg_catalog.jsonb_build_object(E'value', pg_catalog.to_jsonb(%s), E'target', pg_catalog.to_jsonb(%s))",
						  a, b);
	}
	if (n->kind == N_QUANT)
	{
		Tuples		t = gen_tuples(g, n, fr);
		const char *p = gen_scalar(g, n->a, t.frames);
		const char *k = fresh(g, 'k');

		/* through a LATERAL item, like the quantifier itself (aggregate level) */
		return wrap(g, gen_printf(g, "(SELECT pg_catalog.jsonb_build_object(E'rows', pg_catalog.count(*), E'matching', pg_catalog.count(*) FILTER (WHERE %s.\"m\")) FROM %s, LATERAL (SELECT %s AS \"m\") AS %s%s)",
								  k, t.from, p, k, where_clause(g, t.where)), t.wfrom, t.wwhere);
	}
	if (n->kind == N_EXISTS && n->a->type.k == T_SET)
	{
		SqlSet		s = gen_set(g, n->a, fr, NULL);

		return wrap(g, gen_printf(g, "(SELECT pg_catalog.jsonb_build_object(E'rows', pg_catalog.count(*), E'matching', pg_catalog.count(*)) FROM %s%s)",
								  s.from, where_clause(g, s.where)), s.wfrom, s.wwhere);
	}
	if (n->kind == N_NOT && ((n->a->kind == N_EXISTS && n->a->a->type.k == T_SET) || n->a->kind == N_QUANT))
		return gen_observed(g, n->a, fr);
	return NULL;
}
