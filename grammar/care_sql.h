/*
 * care_sql.h — the expression generator's interface, shared by care_sql.c
 * (expressions to SQL) and care_emit.c (the three queries around them).
 */
#ifndef CARE_SQL_H
#define CARE_SQL_H

#include "care_int.h"

/*
 * Marks in generated text, resolved when the verdict, evaluate and explain
 * texts are written (care_emit.c): generation happens once, the forms
 * differ only where a mark says so.  The rules text cannot contain them:
 * control characters are refused before parsing, and the schema refuses
 * them in SQL names.
 *   \x02 A \x03 B \x04   A in the per-id forms (verdict, explain), B in the set form
 *   \x05 N \x05         the alias of the derived table that answers exists request N
 */
#define CARE_MARK_FORMS		'\x02'
#define CARE_MARK_SET		'\x03'
#define CARE_MARK_END		'\x04'
#define CARE_MARK_TABLE		'\x05'

typedef struct DTable DTable;
typedef struct LetTable LetTable;
typedef struct ExistsReq ExistsReq;
typedef struct PtrFlag PtrFlag;
typedef struct Flat Flat;

/* A let table read under an alias inside the derived table being made. */
typedef struct LtAlias
{
	const char *alias;
	const LetTable *lt;
} LtAlias;

typedef struct Gen
{
	CareArena  *ar;
	const CareHooks *hooks;
	const CareSchema *schema;
	const char *E;				/* the establishment: a mark ($1 / e."id"), or $1 */
	int			naliases;
	int			over;			/* a text grew past CARE_MAX_SQL_BYTES */
	long		wit_steps;		/* witness generation work, per requirement */
	size_t		wit_start;		/* arena bytes when this requirement's witnesses began */
	int			wit_over;		/* witness budget exhausted */
	/* memo of (node, environment) -> SQL while explaining one requirement */
	struct MemoEntry *memo;
	size_t		memo_cap;
	size_t		memo_n;
	int			memo_on;
	/* derived tables (see "Derived tables" in care_sql.c) */
	CareArena  *keep;			/* what outlives a requirement's scratch arena */
	int			decorrelate;	/* generating the requirements: make derived tables */
	int			in_dt;			/* inside a derived table or a let table */
	int			coll_state;		/* what the next collection base is (COLL_...) */
	int			lt_off;			/* let tables may not be read (a let table's own body) */
	int			per_id_only;	/* write the per-id side of forms, unmarked (explain rows) */
	const char *dt_base;		/* the derived table's base alias, once reached */
	const char *dt_base_eid;	/* its establishment column */
	const char *eid;			/* quoted key column of derived tables ("eid") */
	const char *eid_name;		/* the same, unquoted */
	DTable	  **dts;
	int			ndts;
	int			dts_cap;
	ExistsReq  *exq;
	int			nexq;
	int			exq_cap;
	LetTable  **lts;
	int			nlts;
	LtAlias    *lt_aliases;		/* let tables read in the current derived table */
	int			nlt_aliases;
	int			lt_aliases_cap;
	int			lt_aliases_from;	/* where the current derived table's begin */
	int			naggs;
	Flat	   *flats;			/* latest rows that can be one subquery */
	int			nflats;
	int			flats_cap;
	PtrFlag    *flags;			/* closedness of defs and lets, by pointer */
	size_t		flags_cap;
	size_t		flags_n;
} Gen;

/* An environment binding: a row variable (alias) or a scalar (SQL text). */
typedef struct Frame
{
	const struct Frame *up;
	const void *key;			/* N_BIND or N_WHERE node, or DefParam */
	const char *alias;
	const char *sql;
	const CareSchemaSource *src;
	int			home;			/* the row belongs to the evaluated establishment */
	int			root;			/* the row is the establishment itself */
	const LetTable *lt;			/* the row is read from this let table */
} Frame;

char	   *gen_scalar(Gen *g, const Node *n, const Frame *fr);
char	   *gen_witness_top(Gen *g, const Node *n, const Frame *fr, const char *value);
char	   *gen_observed(Gen *g, const Node *n, const Frame *fr);
char	   *gen_printf(Gen *g, const char *fmt,...) __attribute__((format(printf, 2, 3)));
void		gen_memo_start(Gen *g);
void		gen_memo_stop(Gen *g);
void		gen_flat_reset(Gen *g);
const char *gen_forms(Gen *g, const char *per_id, const char *set);
/* What the derived tables add to the queries, each in its form. */
typedef struct GenTables
{
	const char *with_per_id;	/* WITH let tables, derived tables (or "") */
	const char *with_set;		/* WITH let tables (or "") */
	const char *joins_set;		/* LEFT JOIN derived tables (or "") */
} GenTables;

void		gen_tables_start(Gen *g, CheckResult *cr);
void		gen_tables_finish(Gen *g, GenTables *out);
void		gen_append_form(Gen *g, CareBuf *b, const char *text, int per_id);

#endif							/* CARE_SQL_H */
