/*
 * carelang.h — public interface of the CaRE rules language.
 *
 * The language compiles a ruleset (parameters, defs, objectives made of
 * requirements, and an `eligible when` expression) against a schema (the
 * sources, fields and links the rules may reach) into three SQL texts that
 * PostgreSQL prepares and runs.  This library includes no PostgreSQL header:
 * it is linked both into the backend (care.so) and into the carec command.
 *
 * Contract with the caller:
 *  - every byte the library keeps comes from the caller's CareAllocator, so a
 *    caller whose poll hook longjmps (the backend's CHECK_FOR_INTERRUPTS) can
 *    free everything wholesale (e.g. by deleting a memory context);
 *  - the library never prints and never exits: problems come back as
 *    CareDiag records with a position, a SQLSTATE and a message;
 *  - it enforces its own limits (input size, nesting depth, output size,
 *    memory), so it is safe even when no poll hook is given.
 */
#ifndef CARELANG_H
#define CARELANG_H

#include <stddef.h>

/* Memory comes from here; alloc may return NULL (reported as a diagnostic). */
typedef struct CareAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*release) (void *ctx, void *ptr);	/* may be a no-op */
	void	   *ctx;
} CareAllocator;

/* Called in every loop over user data and every recursion; may be NULL. */
typedef struct CareHooks
{
	void		(*poll) (void *ctx);
	void	   *ctx;
} CareHooks;

typedef enum CareSeverity
{
	CARE_ERROR,
	CARE_WARNING
} CareSeverity;

/* 1-based line/col (col in UTF-8 code points), end exclusive; offsets in bytes */
typedef struct CareSpan
{
	int			line,
				col,
				end_line,
				end_col;
	size_t		offset,
				end_offset;
} CareSpan;

typedef struct CareDiag
{
	CareSeverity severity;
	const char *sqlstate;		/* five characters, from errcodes.txt */
	CareSpan	span;
	const char *message;		/* core style: lower case, no final period */
	const char *detail;			/* NULL or full sentences */
	const char *hint;			/* NULL or full sentences */
} CareDiag;

/* ---------------------------------------------------------------------
 * Schema: what the checker and compiler may see.
 */
typedef enum CareScalar
{
	CARE_BOOLEAN,
	CARE_INTEGER,
	CARE_NUMERIC,
	CARE_TEXT,
	CARE_DATE,
	CARE_INTERVAL,
	CARE_ENUM
} CareScalar;

typedef struct CareSchema CareSchema;
typedef struct CareSchemaEnum CareSchemaEnum;
typedef struct CareSchemaSource CareSchemaSource;

/*
 * Builder.  Functions that create a named thing return NULL (and the
 * void ones do nothing) when the name is not a valid identifier, is already
 * taken, or memory ran out; care_schema_error() then says why.  Once a call
 * has failed, the schema remembers it: care_compile() reports it as an error
 * diagnostic instead of compiling against a half-built schema.
 */
CareSchema *care_schema_new(const CareAllocator *a);
CareSchemaEnum *care_schema_add_enum(CareSchema *s, const char *name,
									 const char *sql_schema, const char *sql_name,
									 int ordered);
void		care_schema_add_enum_label(CareSchemaEnum *e, const char *label);
CareSchemaSource *care_schema_add_source(CareSchema *s, const char *name,
										 const char *sql_schema, const char *sql_relation,
										 const char *key_column,
										 const char *establishment_column,
										 int is_evidence);
void		care_schema_add_field(CareSchemaSource *src, const char *name,
								  const char *sql_column, CareScalar type,
								  const char *enum_name, int nullable);
void		care_schema_add_link(CareSchemaSource *from, const char *name,
								 const char *target_source, int to_many, int ncols,
								 const char *const *from_columns,
								 const char *const *to_columns, int nullable);
/* 0 on success, -1 when no such source */
int			care_schema_set_root(CareSchema *s, const char *source_name);
/* NULL when every builder call succeeded, else the first failure */
const char *care_schema_error(const CareSchema *s);
/* Release every byte of the schema (only useful with a real release). */
void		care_schema_free(CareSchema *s);

/*
 * Text form: care.schema_export() writes it, carec reads it (round-trip
 * exact).  care_schema_parse returns NULL when the text has errors; *diags
 * then lists them (with positions), allocated through a: the caller frees
 * them with the rest of its memory (there is no schema to free).
 * care_schema_write returns ONE block from a->alloc (release it with
 * a->release), or NULL when memory ran out.
 */
CareSchema *care_schema_parse(const char *text, size_t len, const CareAllocator *a,
							  CareDiag **diags, int *ndiags);
char	   *care_schema_write(const CareSchema *s, const CareAllocator *a);

/* ---------------------------------------------------------------------
 * Compilation.
 */
typedef struct CareParam
{
	const char *name;
	const char *type_name;		/* language type: integer, interval, severity, ... */
	const char *sql_type;		/* "interval", "bigint", "\"care\".\"severity\"" */
	const char *default_sql;	/* "'45 days'::interval" */
	const char *default_text;	/* canonical language form: '45 days' */
	CareSpan	span;
} CareParam;

typedef struct CareRequirement
{
	int			index;			/* 1-based within its objective */
	const char *text;			/* source slice of the required expression */
	const char *message_template;	/* the else template, or a default */
	CareSpan	span;
} CareRequirement;

typedef struct CareObjective
{
	const char *id;
	const char *title;			/* NULL when the objective has none */
	int			nrequirements;
	CareRequirement *requirements;
	CareSpan	span;
} CareObjective;

typedef struct CareRuleset
{
	int			ok;				/* no error diagnostic */
	int			ndiags;
	CareDiag   *diags;			/* sorted by position */
	const char *name;
	long		version;
	const char *campaign;
	const char *title;
	const char *canonical;		/* carec fmt output */
	int			nparams;
	CareParam  *params;
	int			nobjectives;
	CareObjective *objectives;
	const char *eligible_text;
	int			ndeps;
	const char **deps;			/* "audit", "audit.performed_on", ... sorted, unique */
	const char *verdict_sql;	/* one establishment ($1) */
	const char *evaluate_sql;	/* every establishment, one set-based query */
	const char *explain_sql;	/* one establishment, a row per requirement + overall */
} CareRuleset;

/*
 * Compile `source` (len bytes, need not be NUL-terminated) against `schema`.
 * Returns NULL only when not even the result record could be allocated.
 * When ok is 0 the SQL texts are NULL; the other fields hold what could be
 * recovered (canonical is NULL when the text did not parse).
 */
CareRuleset *care_compile(const char *source, size_t len, const CareSchema *schema,
						  const CareAllocator *a, const CareHooks *hooks);

/* Release every byte of a compiled ruleset (only useful with a real release). */
void		care_ruleset_free(CareRuleset *r);

/* Limits the library enforces on its own. */
#define CARE_MAX_SOURCE_BYTES	(1024 * 1024)	/* rules text */
#define CARE_MAX_NESTING		256		/* expression nesting */
#define CARE_MAX_SQL_BYTES		(32 * 1024 * 1024)	/* each generated text */
#define CARE_MAX_MEMORY			((size_t) 1024 * 1024 * 1024)	/* per compile */
#define CARE_MAX_DIAGS			100

#endif							/* CARELANG_H */
