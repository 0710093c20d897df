/*
 * care_int.h — internal declarations shared by the rules-language files.
 *
 * Not installed, not seen by the extension: only carelang.h is public.
 * One concern per file: care_mem.c (arena, strings, diagnostics),
 * care_schema.c / care_schema_text.c (schema), care_scan.l / care_gram.y
 * (text to tree), care_check.c (names and types), care_sql.c (expressions
 * to SQL), care_emit.c (the three queries), care_fmt.c (canonical form),
 * care_compile.c (the driver).
 */
#ifndef CARE_INT_H
#define CARE_INT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "carelang.h"

/* ---------------------------------------------------------------------
 * Arena: memory in chunks taken from the caller's allocator.
 */
typedef struct CareChunk
{
	struct CareChunk *next;
	size_t		size;
	size_t		used;
} CareChunk;

typedef struct CareArena
{
	const CareAllocator *a;
	CareChunk  *chunks;
	size_t		total;			/* bytes taken from the allocator */
	size_t		limit;
	jmp_buf    *oom;			/* where to go when memory runs out, or NULL */
	int			failed;			/* set when an allocation failed (no oom jump) */
	struct CareArena *scratch;	/* a short-lived child, released with this one */
} CareArena;

void		care_arena_init(CareArena *ar, const CareAllocator *a, size_t limit);
void	   *care_arena_alloc(CareArena *ar, size_t size);
void	   *care_arena_zalloc(CareArena *ar, size_t size);
void		care_arena_release(CareArena *ar);
CareArena  *care_scratch_begin(CareArena *parent);
void		care_scratch_end(CareArena *parent);
char	   *care_strndup(CareArena *ar, const char *s, size_t n);
char	   *care_strdup(CareArena *ar, const char *s);
char	   *care_printf(CareArena *ar, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
char	   *care_vprintf(CareArena *ar, const char *fmt, va_list ap)
			__attribute__((format(printf, 2, 0)));
char	   *care_vprintf_len(CareArena *ar, size_t *len, const char *fmt, va_list ap)
			__attribute__((format(printf, 3, 0)));

/* Growable byte buffer in an arena; `over` is set past `limit` bytes. */
typedef struct CareBuf
{
	CareArena  *ar;
	char	   *data;
	size_t		len;
	size_t		cap;
	size_t		limit;
	int			over;
} CareBuf;

void		care_buf_init(CareBuf *b, CareArena *ar, size_t limit);
void		care_buf_append(CareBuf *b, const char *s, size_t n);
void		care_buf_reserve(CareBuf *b, size_t n);
void		care_buf_puts(CareBuf *b, const char *s);
void		care_buf_putc(CareBuf *b, char c);
void		care_buf_printf(CareBuf *b, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
char	   *care_buf_done(CareBuf *b);

/* SQL quoting */
void		care_buf_ident(CareBuf *b, const char *ident);
void		care_buf_literal(CareBuf *b, const char *text);	/* language: 'it''s' */
void		care_buf_sql_literal(CareBuf *b, const char *text);	/* SQL: E'it\'s' */
char	   *care_sql_ident(CareArena *ar, const char *ident);
char	   *care_sql_literal(CareArena *ar, const char *text);

/* ---------------------------------------------------------------------
 * Diagnostics collected during one compile.
 */
typedef struct CareDiagList
{
	CareArena  *ar;
	CareDiag   *items;
	int			n;
	int			cap;
	int			nerrors;
	int			full;			/* the cap was reached */
} CareDiagList;

void		care_diags_init(CareDiagList *dl, CareArena *ar);
CareDiag   *care_diag(CareDiagList *dl, CareSeverity sev, const char *sqlstate,
					  CareSpan span, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));
void		care_diag_hint(CareDiagList *dl, CareDiag *d, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
void		care_diag_detail(CareDiagList *dl, CareDiag *d, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));
void		care_diags_sort(CareDiagList *dl);

/* Edit distance, bounded: returns > max as soon as it exceeds it. */
int			care_edit_distance(const char *a, const char *b, int max);

/* Poll the caller's hook (may not return). */
typedef struct CarePoll
{
	const CareHooks *hooks;
} CarePoll;

static inline void
care_poll(const CareHooks *h)
{
	if (h != NULL && h->poll != NULL)
		h->poll(h->ctx);
}

/* ---------------------------------------------------------------------
 * Schema (built by care_schema.c).
 */
typedef struct SchemaEnumLabel
{
	const char *label;
	struct SchemaEnumLabel *next;
} SchemaEnumLabel;

struct CareSchemaEnum
{
	CareSchema *schema;
	const char *name;
	const char *sql_schema;
	const char *sql_name;
	int			ordered;
	int			nlabels;
	const char **labels;		/* in order */
	int			cap;
	const char *sql_type;		/* "care"."severity" */
	CareSchemaEnum *next;
};

typedef struct SchemaField
{
	const char *name;
	const char *sql_column;
	CareScalar	type;
	const char *enum_name;
	const CareSchemaEnum *enumtype;	/* resolved at validation */
	int			nullable;
	struct SchemaField *next;
} SchemaField;

typedef struct SchemaLink
{
	const char *name;
	const char *target_name;
	const CareSchemaSource *target;	/* resolved at validation */
	int			to_many;
	int			ncols;
	const char **from_cols;
	const char **to_cols;
	int			nullable;
	int			keeps_establishment;	/* pairs from.est with to.est */
	struct SchemaLink *next;
} SchemaLink;

struct CareSchemaSource
{
	CareSchema *schema;
	const char *name;
	const char *sql_schema;
	const char *sql_relation;
	const char *key_column;
	const char *establishment_column;
	int			is_evidence;
	int			is_root;
	SchemaField *fields;
	SchemaField **fields_tail;
	SchemaLink *links;
	SchemaLink **links_tail;
	const char *sql_name;		/* "care"."audit" */
	CareSchemaSource *next;
};

struct CareSchema
{
	CareArena	arena;
	CareSchemaEnum *enums;
	CareSchemaEnum **enums_tail;
	CareSchemaSource *sources;
	CareSchemaSource **sources_tail;
	CareSchemaSource *root;
	const char *error;
};

const CareSchemaSource *care_schema_source(const CareSchema *s, const char *name);
const CareSchemaEnum *care_schema_enum(const CareSchema *s, const char *name);
const SchemaField *care_source_field(const CareSchemaSource *src, const char *name);
const SchemaLink *care_source_link(const CareSchemaSource *src, const char *name);
int			care_enum_label_index(const CareSchemaEnum *e, const char *label);
int			care_is_identifier(const char *s);
/* resolve links and enums; report problems; 0 when usable */
int			care_schema_validate(const CareSchema *s, CareDiagList *dl);
const char *care_scalar_name(CareScalar t);

/* ---------------------------------------------------------------------
 * Syntax tree.
 */
typedef enum NodeKind
{
	N_INT,						/* ival; text keeps the digits */
	N_NUM,						/* text */
	N_STR,						/* single-quoted: text (unescaped) */
	N_BOOL,						/* ival */
	N_TYPED,					/* name 'text': date '...', interval '...' */
	N_NAME,						/* name */
	N_LABELKW,					/* none/any/every used as an enum label: name */
	N_FIELD,					/* a . name */
	N_CALL,						/* name(list) */
	N_AGG,						/* name(a for bindings[0]) ; list[0] = binding */
	N_NEG,						/* - a */
	N_ARITH,					/* a op b, op in + - * / */
	N_CMP,						/* a op b, op in = <> < <= > >= */
	N_AND,
	N_OR,
	N_NOT,
	N_ISNULL,					/* a is [not] null: negated */
	N_BETWEEN,					/* a [not] between b and c */
	N_IN,						/* a [not] in (list) */
	N_WHERE,					/* a where b */
	N_QUANT,					/* op: every any none; list = bindings; a = body */
	N_BIND,						/* name in a */
	N_EXISTS,					/* exists a */
	N_LATEST,					/* latest [ival] a by name */
	N_IF,						/* if a then b else c */
	N_ELIG_REF					/* objective reference in `eligible when` */
} NodeKind;

typedef enum TypeKind
{
	T_ERROR,					/* already reported */
	T_BOOL,
	T_INT,
	T_NUM,
	T_TEXT,
	T_DATE,
	T_INTERVAL,
	T_ENUM,
	T_STRLIT,					/* untyped '...' literal, typed by context */
	T_ROW,
	T_SET
} TypeKind;

typedef struct CareType
{
	TypeKind	k;
	const CareSchemaEnum *e;	/* T_ENUM */
	const CareSchemaSource *s;	/* T_ROW, T_SET */
} CareType;

/* What a bare name stands for, once resolved by the checker. */
typedef enum RefKind
{
	R_NONE,
	R_PARAM,					/* ref = ParamDecl */
	R_ASOF,
	R_LET,						/* ref = LetDecl */
	R_DEFPARAM,					/* ref = DefParam */
	R_BOUND,					/* ref = N_BIND node, or N_WHERE node (implicit row) */
	R_IMPLICIT_FIELD,			/* field of the implicit row: ref = N_WHERE node */
	R_SOURCE,					/* ref = source */
	R_ROOT,						/* the establishment row */
	R_LABEL,					/* enum label: the node's type says which enum */
	R_DEF,						/* N_CALL: ref = DefDecl */
	R_BUILTIN					/* N_CALL / N_AGG */
} RefKind;

typedef struct Node Node;
struct Node
{
	NodeKind	kind;
	int			op;				/* operator token / quantifier kind / negation */
	CareSpan	span;
	Node	   *a,
			   *b,
			   *c;
	Node	  **list;
	int			nlist;
	const char *name;
	const char *text;
	long		ival;
	int			depth;			/* nesting below and including this node */
	/* set by the checker */
	CareType	type;
	int			nullable;		/* may be null; for rows and sets: may be missing */
	RefKind		ref_kind;
	const void *ref;
	const SchemaField *field;	/* N_FIELD / R_IMPLICIT_FIELD: the field, if one */
	const SchemaLink *link;		/* N_FIELD: the link, if one */
	int			builtin;		/* N_CALL / N_AGG */
};

/* operator codes (besides single characters) */
enum
{
	OP_EQ = 256, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_EVERY, OP_ANY, OP_NONE
};

typedef enum Builtin
{
	B_NONE,
	B_COALESCE,
	B_COUNT,
	B_MIN,
	B_MAX,
	B_SUM,
	B_AVG
} Builtin;

/* Declarations */
typedef struct Comment
{
	size_t		offset;
	const char *text;			/* from '#' to end of line, trailing spaces cut */
	struct Comment *next;
} Comment;

typedef struct ParamDecl
{
	const char *name;
	CareSpan	span;
	CareSpan	name_span;
	const char *type_name;
	CareSpan	type_span;
	Node	   *deflt;
	CareType	type;
	int			index;			/* 0-based; bound as $(index + 3) */
	int			used;
	size_t		offset;
} ParamDecl;

typedef struct DefParam
{
	const char *name;
	CareSpan	span;
	const char *type_name;
	CareSpan	type_span;
	CareType	type;
	int			index;
} DefParam;

typedef struct DefDecl
{
	const char *name;
	CareSpan	span;
	CareSpan	name_span;
	int			nparams;
	DefParam   *params;
	Node	   *body;
	int			order;			/* position among defs */
	int			used;
	int			checked;
	double		expansion;		/* nodes after inlining every call */
	int			inline_depth;	/* nesting after inlining every call */
	size_t		offset;
} DefDecl;

typedef struct LetDecl
{
	const char *name;
	CareSpan	span;
	CareSpan	name_span;
	Node	   *expr;
	double		expansion;		/* nodes once its lets and defs are written out */
	int			inline_depth;
	int			used;
	size_t		offset;
} LetDecl;

typedef struct ReqDecl
{
	Node	   *expr;
	CareSpan	span;
	CareSpan	expr_span;
	const char *message;		/* unescaped template, or NULL */
	CareSpan	message_span;
	const char *message_raw;	/* raw source between the quotes */
	int			nparts;			/* template pieces */
	const char **part_text;		/* literal text before piece i, unescaped */
	Node	  **part_expr;		/* expression i, or NULL for the tail */
	const char **part_canon;	/* canonical text of expression i */
	const char *text;			/* source slice of the expression */
	size_t		offset;
} ReqDecl;

typedef struct ObjItem
{
	int			is_let;
	LetDecl    *let;
	ReqDecl    *req;
} ObjItem;

typedef struct ObjDecl
{
	const char *id;
	int			id_quoted;
	CareSpan	span;
	CareSpan	id_span;
	const char *title;
	int			nitems;
	ObjItem    *items;
	int			nreqs;
	size_t		offset;
	size_t		close_offset;
} ObjDecl;

typedef enum DeclKind
{
	D_PARAM,
	D_DEF,
	D_OBJECTIVE
} DeclKind;

typedef struct Decl
{
	DeclKind	kind;
	ParamDecl  *param;
	DefDecl    *def;
	ObjDecl    *obj;
} Decl;

typedef struct Program
{
	const char *name;
	CareSpan	name_span;
	long		version;
	const char *campaign;
	const char *title;
	size_t		header_offset;
	int			ndecls;
	Decl	   *decls;
	int			has_eligible;
	Node	   *eligible;
	CareSpan	eligible_span;
	size_t		eligible_offset;
	Comment    *comments;
	size_t		end_offset;
} Program;

/* Parser state shared by the scanner and the grammar. */
typedef struct CareParser
{
	CareArena  *ar;
	CareDiagList *dl;
	const CareHooks *hooks;
	const char *src;			/* whole source (for slices) */
	size_t		len;
	void	   *scanner;
	Program    *prog;
	Node	   *expr_result;	/* when parsing a template expression */
	int			mode;			/* first token: program or expression */
	int			depth;			/* current nesting */
	int			too_deep;
	/* growing lists while parsing */
	int			nerrors;
	Comment    *comments;
	Comment   **comments_tail;
	/* scanner position */
	int			line;
	int			col;
	size_t		base_offset;
	int			keep_comments;
} CareParser;

#define PARSE_PROGRAM 1
#define PARSE_EXPR 2

/* care_gram.y / care_scan.l */
int			care_is_reserved(const char *word);
int			care_parse(CareParser *p, const char *text, size_t len, int mode,
					   int line, int col, size_t offset);
Node	   *care_node(CareParser *p, NodeKind k, CareSpan span);

/* care_check.c */
typedef struct CheckResult
{
	int			nparams;
	ParamDecl **params;
	int			ndefs;
	DefDecl   **defs;
	int			nobjs;
	ObjDecl   **objs;
	int			ndeps;
	const char **deps;
} CheckResult;

void		care_parse_templates(CareParser *p, Program *prog);
void		care_check(Program *prog, const CareSchema *schema, CareParser *p,
					   CheckResult *out);
const char *care_type_name(CareArena *ar, CareType t);

/* care_fmt.c */
char	   *care_format(CareArena *ar, const Program *prog, const CareHooks *hooks);
char	   *care_format_expr(CareArena *ar, const Node *n, const CareHooks *hooks);
const char *care_interval_canonical(CareArena *ar, const char *text, const char **error);
int			care_date_valid(const char *text);
const char *care_op_text(int op);

/* care_sql.c / care_emit.c */
typedef struct CareSqlOut
{
	const char *verdict_sql;
	const char *evaluate_sql;
	const char *explain_sql;
	const char *error;			/* set when a limit was hit */
} CareSqlOut;

void		care_generate(CareArena *ar, const CareHooks *hooks, const CareSchema *schema,
						  Program *prog, CheckResult *cr, const char *eligible_text,
						  CareSqlOut *out);
const char *care_sql_type(CareArena *ar, CareType t);

#endif							/* CARE_INT_H */
