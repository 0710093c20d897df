/*
 * care_sql.c — expressions to SQL.
 *
 * Every expression becomes a SQL expression evaluated for one establishment
 * (G->E: e."id" in the set form, $1 in the per-id form).  Collections are
 * FROM lists with a fresh alias per use; rows are aliases, possibly inside a
 * "wrap": the FROM list that produces a row which may be missing (a latest,
 * a link).  A consumer of a wrapped row is written as a scalar subquery over
 * the wrap, so a missing row gives null, never a default: strictness falls
 * out of SQL itself.  Defs and lets are inlined with the arguments' aliases.
 *
 * Three-valued logic: SQL's AND/OR/NOT are Kleene already; quantifiers use
 * EXISTS / NOT EXISTS when the checker proved the predicate never null, and
 * otherwise a one-pass min/max over false=0, null=1, true=2 (bool_and and
 * bool_or ignore nulls, so they are never used).
 */
#include "care_sql.h"

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
} SqlSet;

static SqlRow gen_row(Gen *g, const Node *n, const Frame *fr);
static SqlSet gen_set(Gen *g, const Node *n, const Frame *fr, const Node *bind);
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

/* x, evaluated where the wrap's row exists (null when it does not). */
static char *
wrap(Gen *g, const char *x, const char *wfrom, const char *wwhere)
{
	if (wfrom == NULL)
		return (char *) x;
	if (wwhere == NULL)
		return gen_printf(g, "(SELECT %s FROM %s)", x, wfrom);
	return gen_printf(g, "(SELECT %s FROM %s WHERE %s)", x, wfrom, wwhere);
}

/* alias."column" */
static const char *
col(Gen *g, const char *alias, const char *column)
{
	if (strchr(column, '"') == NULL)
		return gen_printf(g, "%s.\"%s\"", alias, column);	/* nothing to double */
	return gen_printf(g, "%s.%s", alias, care_sql_ident(g->ar, column));
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
		 const CareSchemaSource *src, int home, int root)
{
	Frame	   *f = care_arena_zalloc(g->ar, sizeof *f);

	f->up = fr;
	f->key = key;
	f->alias = alias;
	f->src = src;
	f->home = home;
	f->root = root;
	return f;
}

/* The establishment filter of a home source alias. */
static const char *
home_filter(Gen *g, const char *alias, const CareSchemaSource *src)
{
	return gen_printf(g, "%s = %s", col(g, alias, src->establishment_column), g->E);
}

/* The equality conditions of a link from alias `from` to alias `to`. */
static const char *
link_conds(Gen *g, const SchemaLink *l, const char *from, const char *to, int home)
{
	const char *w = NULL;
	int			i;

	for (i = 0; i < l->ncols; i++)
		w = and2(g, w, gen_printf(g, "%s = %s", col(g, to, l->to_cols[i]), col(g, from, l->from_cols[i])));
	if (home && l->keeps_establishment)
		w = and2(g, w, home_filter(g, to, l->target));
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

			f = bind_row(g, frames, dp, r.alias, r.src, r.home, r.root);
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
				r.wwhere = and2(g, base.wwhere, link_conds(g, l, base.root ? "e" : base.alias, t, base.home));
				if (base.wfrom == NULL)
					for (i = 0; i < l->ncols; i++)
						if (strcmp(l->to_cols[i], l->target->key_column) == 0)
							r.keyexpr = base.root && strcmp(l->from_cols[i], base.src->key_column) == 0 ?
								g->E : col(g, base.alias, l->from_cols[i]);
				return r;
			}
		case N_LATEST:
			{
				SqlSet		s = gen_set(g, n->a, fr, NULL);
				const char *u = fresh(g, 't');
				const char *w = s.where;

				if (n->field->nullable)
					w = and2(g, w, gen_printf(g, "%s IS NOT NULL", col(g, s.alias, n->field->sql_column)));
				r.alias = u;
				r.home = s.home;
				/* LATERAL: the set may be navigated from a row earlier in this FROM list */
				r.wfrom = list2(g, s.wfrom,
								gen_printf(g, "LATERAL (SELECT %s.* FROM %s%s%s ORDER BY %s, %s DESC LIMIT 1) AS %s",
										   s.alias, s.from, w ? " WHERE " : "", w ? w : "",
										   latest_order(g, n, s.alias),
										   col(g, s.alias, s.src->key_column), u));
				r.wwhere = s.wwhere;
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
				s.where = home_filter(g, s.alias, src);
				s.home = 1;
				return s;
			}
			if (n->ref_kind == R_LET)
				return gen_set(g, ((const LetDecl *) n->ref)->expr, NULL, NULL);
			break;
		case N_FIELD:
			{
				SqlRow		base = gen_row(g, n->a, fr);
				const SchemaLink *l = n->link;

				s.alias = fresh(g, 't');
				s.from = gen_printf(g, "%s AS %s", l->target->sql_name, s.alias);
				s.where = link_conds(g, l, base.root ? "e" : base.alias, s.alias, base.home);
				s.home = base.home && l->keeps_establishment;
				s.wfrom = base.wfrom;
				s.wwhere = base.wwhere;
				return s;
			}
		case N_WHERE:
			{
				Frame	   *f;

				s = gen_set(g, n->a, fr, NULL);
				f = bind_row(g, fr, n, s.alias, s.src, s.home, 0);
				if (bind != NULL)
					f = bind_row(g, f, bind, s.alias, s.src, s.home, 0);
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

/* The SQL of a comparison operator. */
static const char *
cmp_sql(int op)
{
	switch (op)
	{
		case OP_EQ:
			return "=";
		case OP_NE:
			return "<>";
		case OP_LT:
			return "<";
		case OP_LE:
			return "<=";
		case OP_GT:
			return ">";
		case OP_GE:
			return ">=";
	}
	return "=";
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
		inner = bind_row(g, inner, b, s.alias, s.src, s.home, 0);
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
				return wrap(g, c, r.wfrom, r.wwhere);
			}
		case N_CALL:
			if (n->ref_kind == R_DEF)
			{
				Call		c = bind_call(g, n, fr);
				char	   *body = gen_scalar(g, ((const DefDecl *) n->ref)->body, c.frames);

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
				SqlSet		s = gen_set(g, n->list[0], fr, NULL);

				return wrap(g, gen_printf(g, "(SELECT pg_catalog.count(*) FROM %s%s)", s.from,
										  where_clause(g, s.where)), s.wfrom, s.wwhere);
			}
			return "NULL";
		case N_AGG:
			{
				const Node *b = n->list[0];
				SqlSet		s = gen_set(g, b->a, fr, b);
				Frame	   *f = bind_row(g, fr, b, s.alias, s.src, s.home, 0);
				const char *e = gen_scalar(g, n->a, f);
				const char *w = where_clause(g, s.where);
				const char *k = fresh(g, 'k');
				const char *from;
				const char *v;
				const char *x;

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
				char	   *x = gen_printf(g, "(%s %s %s)", ka, cmp_sql(n->op), kb);

				if (rb.keyexpr == NULL)
					x = wrap(g, x, rb.wfrom, rb.wwhere);
				if (ra.keyexpr == NULL)
					x = wrap(g, x, ra.wfrom, ra.wwhere);
				return x;
			}
			{
				const char *a = gen_scalar(g, n->a, fr);
				const char *b = gen_scalar(g, n->b, fr);

				return gen_printf(g, "(%s %s %s)", a, cmp_sql(n->op), b);
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

				if (r.wfrom == NULL)
					return "true";	/* a bound row is always there */
				return gen_printf(g, "EXISTS (SELECT 1 FROM %s%s)", r.wfrom, where_clause(g, r.wwhere));
			}
			else
			{
				SqlSet		s = gen_set(g, n->a, fr, NULL);

				return wrap(g, gen_printf(g, "EXISTS (SELECT 1 FROM %s%s)", s.from, where_clause(g, s.where)),
							s.wfrom, s.wwhere);
			}
		case N_QUANT:
			{
				Tuples		t = gen_tuples(g, n, fr);
				const char *p = gen_scalar(g, n->a, t.frames);
				const char *x;

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
