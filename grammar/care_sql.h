/*
 * care_sql.h — the expression generator's interface, shared by care_sql.c
 * (expressions to SQL) and care_emit.c (the three queries around them).
 */
#ifndef CARE_SQL_H
#define CARE_SQL_H

#include "care_int.h"

typedef struct Gen
{
	CareArena  *ar;
	const CareHooks *hooks;
	const CareSchema *schema;
	const char *E;				/* the establishment: e."id" or $1 */
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
} Frame;

char	   *gen_scalar(Gen *g, const Node *n, const Frame *fr);
char	   *gen_witness_top(Gen *g, const Node *n, const Frame *fr, const char *value);
char	   *gen_observed(Gen *g, const Node *n, const Frame *fr);
char	   *gen_printf(Gen *g, const char *fmt,...) __attribute__((format(printf, 2, 3)));
void		gen_memo_start(Gen *g);
void		gen_memo_stop(Gen *g);

#endif							/* CARE_SQL_H */
