%code top {
/*
 * care_gram.y — the rules language's grammar: tokens to a syntax tree.
 *
 * Pure parser with its own prefix, so it can live in the backend beside
 * PostgreSQL's.  Syntax errors are reported by yyreport_syntax_error as
 * diagnostics naming the unexpected token and what was expected; error
 * recovery resumes at the next declaration or requirement, so one pass
 * reports several errors.  The parser stack is fixed (YYMAXDEPTH) and never
 * grows through malloc: input nested deeper is refused as too deep.
 */
#include "care_int.h"

#include <stdlib.h>
#include <string.h>
}

%code requires {
#include "care_int.h"
typedef struct NodeList
{
	Node	  **items;
	int			n;
	int			cap;
} NodeList;
#define CARE_YYLTYPE CareSpan
#define CARE_YYLTYPE_IS_DECLARED 1
}

%code provides {
int			care_yylex(CARE_YYSTYPE *lval, CareSpan *lloc, void *scanner);
int			care_yyparse(CareParser *p, void *scanner);
}

%code {
/* A fixed parser stack on the C stack: never malloc, bounded nesting. */
#define YYINITDEPTH 3000
#define YYMAXDEPTH 3000
#define YYSTACK_USE_ALLOCA 0
#define YYMALLOC care_gram_no_malloc
#define YYFREE care_gram_no_free
static void *care_gram_no_malloc(size_t n);
static void care_gram_no_free(void *ptr);

#define YYLLOC_DEFAULT(Cur, Rhs, N) \
	do { \
		if (N) \
		{ \
			(Cur).line = YYRHSLOC(Rhs, 1).line; \
			(Cur).col = YYRHSLOC(Rhs, 1).col; \
			(Cur).offset = YYRHSLOC(Rhs, 1).offset; \
			(Cur).end_line = YYRHSLOC(Rhs, N).end_line; \
			(Cur).end_col = YYRHSLOC(Rhs, N).end_col; \
			(Cur).end_offset = YYRHSLOC(Rhs, N).end_offset; \
		} \
		else \
		{ \
			(Cur).line = (Cur).end_line = YYRHSLOC(Rhs, 0).end_line; \
			(Cur).col = (Cur).end_col = YYRHSLOC(Rhs, 0).end_col; \
			(Cur).offset = (Cur).end_offset = YYRHSLOC(Rhs, 0).end_offset; \
		} \
	} while (0)

static Node *mk(CareParser *p, NodeKind k, int op, Node *a, Node *b, Node *c, CareSpan sp);
static Node *mk_name(CareParser *p, NodeKind k, const char *name, CareSpan sp);
static void list_add(CareParser *p, NodeList *l, Node *n);
static Node *mk_list(CareParser *p, NodeKind k, const char *name, NodeList *l, CareSpan sp);
static void add_decl(CareParser *p, Decl d);
static void obj_add(CareParser *p, ObjDecl *o, ObjItem it);
static CareSpan span_join(CareSpan a, CareSpan b);
static void care_yyerror(CareSpan *loc, CareParser *p, void *scanner, const char *msg);
}

%define api.pure full
%define api.prefix {care_yy}
%define parse.error custom
%locations
%parse-param {CareParser *p} {void *scanner}
%lex-param {void *scanner}

%union {
	const char *str;
	Node	   *node;
	NodeList	list;
	ObjDecl    *obj;
	DefDecl    *def;
}

%token <str> IDENT "identifier"
%token <str> INTEGER "integer"
%token <str> DECIMAL "decimal number"
%token <str> SQSTRING "single-quoted string"
%token <str> DQSTRING "double-quoted string"
%token <str> AND "and" ANY "any" BETWEEN "between" BY "by" CAMPAIGN "campaign"
%token <str> DEF "def" ELIGIBLE "eligible" ELSE "else" EVERY "every" EXISTS "exists"
%token <str> FALSE_P "false" FOR "for" IF "if" IN "in" IS "is" LATEST "latest"
%token <str> LET "let" NONE "none" NOT "not" NULL_P "null" OBJECTIVE "objective"
%token <str> OR "or" PARAM "param" REQUIRE "require" RULESET "ruleset" THEN "then"
%token <str> TITLE "title" TRUE_P "true" VERSION "version" WHEN "when" WHERE "where"
%token NE "<>" LE "<=" GE ">="
%token START_PROGRAM START_EXPR

%type <str> name obj_id opt_title opt_campaign opt_else opt_dq
%type <node> expr arith primary coll binding elig param_value
%type <list> args bindings in_list
%type <obj> objective_body
%type <def> def_params

%precedence QUANT
%left WHERE
%left OR
%left AND
%precedence NOT
%left '+' '-'
%left '*' '/'
%precedence UMINUS
%precedence '.'

%%

start:
	START_PROGRAM program
	| START_EXPR expr			{ p->expr_result = $2; }
	;

program:
	header decls
	;

header:
	RULESET name VERSION INTEGER opt_campaign opt_title
		{
			Program    *g = p->prog;

			g->name = $2;
			g->name_span = @2;
			g->version = strtol($4, NULL, 10);
			if (strlen($4) > 9)
				care_diag(p->dl, CARE_ERROR, "22003", @4, "ruleset version %s is out of range", $4);
			g->campaign = $5;
			g->title = $6;
			g->header_offset = @1.offset;
		}
	| error
	;

opt_campaign:
	%empty						{ $$ = NULL; }
	| CAMPAIGN SQSTRING			{ $$ = $2; }
	;

opt_title:
	%empty						{ $$ = NULL; }
	| TITLE DQSTRING			{ $$ = $2; }
	;

/* words that are keywords only where the grammar expects them */
name:
	IDENT | RULESET | VERSION | CAMPAIGN | TITLE
	;

decls:
	%empty
	| decls decl
	;

decl:
	PARAM name name '=' param_value
		{
			Decl		d = {D_PARAM, NULL, NULL, NULL};
			ParamDecl  *pd = care_arena_zalloc(p->ar, sizeof *pd);

			pd->name = $2;
			pd->name_span = @2;
			pd->span = @$;
			pd->type_name = $3;
			pd->type_span = @3;
			pd->deflt = $5;
			pd->offset = @1.offset;
			d.param = pd;
			add_decl(p, d);
		}
	| DEF name '(' def_params ')' '=' expr
		{
			Decl		d = {D_DEF, NULL, NULL, NULL};
			DefDecl    *dd = $4;

			dd->name = $2;
			dd->name_span = @2;
			dd->span = @$;
			dd->body = $7;
			dd->offset = @1.offset;
			d.def = dd;
			add_decl(p, d);
		}
	| OBJECTIVE obj_id opt_dq '{' objective_body '}'
		{
			Decl		d = {D_OBJECTIVE, NULL, NULL, NULL};
			ObjDecl    *o = $5;

			o->id = $2;
			o->id_quoted = @2.end_offset > @2.offset && p->src[@2.offset] == '"';
			o->id_span = @2;
			o->title = $3;
			o->span = @$;
			o->offset = @1.offset;
			o->close_offset = @6.offset;
			d.obj = o;
			add_decl(p, d);
		}
	| ELIGIBLE WHEN elig
		{
			if (p->prog->has_eligible)
				care_diag(p->dl, CARE_ERROR, "42710", @$, "\"eligible when\" is given twice");
			p->prog->has_eligible = 1;
			p->prog->eligible = $3;
			p->prog->eligible_span = @3;
			p->prog->eligible_offset = @1.offset;
		}
	| error
	;

param_value:
	arith
	;

def_params:
	%empty
		{
			$$ = care_arena_zalloc(p->ar, sizeof(DefDecl));
		}
	| name name
		{
			$$ = care_arena_zalloc(p->ar, sizeof(DefDecl));
			$$->params = care_arena_zalloc(p->ar, sizeof(DefParam) * 4);
			$$->params[0].name = $1;
			$$->params[0].span = @1;
			$$->params[0].type_name = $2;
			$$->params[0].type_span = @2;
			$$->nparams = 1;
		}
	| def_params ',' name name
		{
			DefDecl    *dd = $1;

			if (dd->nparams > 0 && (dd->nparams & (dd->nparams - 1)) == 0 && dd->nparams >= 4)
			{
				DefParam   *np = care_arena_zalloc(p->ar, sizeof(DefParam) * (size_t) dd->nparams * 2);

				memcpy(np, dd->params, sizeof(DefParam) * (size_t) dd->nparams);
				dd->params = np;
			}
			if (dd->params == NULL)
				dd->params = care_arena_zalloc(p->ar, sizeof(DefParam) * 4);
			dd->params[dd->nparams].name = $3;
			dd->params[dd->nparams].span = @3;
			dd->params[dd->nparams].type_name = $4;
			dd->params[dd->nparams].type_span = @4;
			dd->params[dd->nparams].index = dd->nparams;
			dd->nparams++;
			$$ = dd;
		}
	;

opt_dq:
	%empty						{ $$ = NULL; }
	| DQSTRING
	;

obj_id:
	name
	| DQSTRING
	;

objective_body:
	%empty						{ $$ = care_arena_zalloc(p->ar, sizeof(ObjDecl)); }
	| objective_body LET name '=' expr
		{
			ObjItem		it = {1, NULL, NULL};
			LetDecl    *l = care_arena_zalloc(p->ar, sizeof *l);

			l->name = $3;
			l->name_span = @3;
			l->span = span_join(@2, @5);
			l->expr = $5;
			l->offset = @2.offset;
			it.let = l;
			obj_add(p, $1, it);
			$$ = $1;
		}
	| objective_body REQUIRE expr opt_else
		{
			ObjItem		it = {0, NULL, NULL};
			ReqDecl    *r = care_arena_zalloc(p->ar, sizeof *r);

			r->expr = $3;
			r->expr_span = @3;
			r->span = span_join(@2, @4);
			r->message = $4;
			r->message_span = @4;
			r->offset = @2.offset;
			if ($4 != NULL)
				r->message_raw = care_strndup(p->ar, p->src + @4.offset + 1,
											  @4.end_offset - @4.offset - 2);
			it.req = r;
			obj_add(p, $1, it);
			$1->nreqs++;
			$$ = $1;
		}
	| objective_body error		{ $$ = $1; }
	;

opt_else:
	%empty						{ $$ = NULL; }
	| ELSE DQSTRING				{ $$ = $2; @$ = @2; }
	;

elig:
	elig OR elig				{ $$ = mk(p, N_OR, 0, $1, $3, NULL, @$); }
	| elig AND elig				{ $$ = mk(p, N_AND, 0, $1, $3, NULL, @$); }
	| NOT elig %prec NOT		{ $$ = mk(p, N_NOT, 0, $2, NULL, NULL, @$); }
	| '(' elig ')'				{ $$ = $2; }
	| name						{ $$ = mk_name(p, N_ELIG_REF, $1, @$); }
	| DQSTRING					{ $$ = mk_name(p, N_ELIG_REF, $1, @$); $$->op = 1; }
	;

expr:
	expr OR expr				{ $$ = mk(p, N_OR, 0, $1, $3, NULL, @$); }
	| expr AND expr				{ $$ = mk(p, N_AND, 0, $1, $3, NULL, @$); }
	| NOT expr %prec NOT		{ $$ = mk(p, N_NOT, 0, $2, NULL, NULL, @$); }
	| arith '=' arith			{ $$ = mk(p, N_CMP, OP_EQ, $1, $3, NULL, @$); }
	| arith NE arith			{ $$ = mk(p, N_CMP, OP_NE, $1, $3, NULL, @$); }
	| arith '<' arith			{ $$ = mk(p, N_CMP, OP_LT, $1, $3, NULL, @$); }
	| arith LE arith			{ $$ = mk(p, N_CMP, OP_LE, $1, $3, NULL, @$); }
	| arith '>' arith			{ $$ = mk(p, N_CMP, OP_GT, $1, $3, NULL, @$); }
	| arith GE arith			{ $$ = mk(p, N_CMP, OP_GE, $1, $3, NULL, @$); }
	| arith IS NULL_P			{ $$ = mk(p, N_ISNULL, 0, $1, NULL, NULL, @$); }
	| arith IS NOT NULL_P		{ $$ = mk(p, N_ISNULL, 1, $1, NULL, NULL, @$); }
	| arith BETWEEN arith AND arith	{ $$ = mk(p, N_BETWEEN, 0, $1, $3, $5, @$); }
	| arith NOT BETWEEN arith AND arith	{ $$ = mk(p, N_BETWEEN, 1, $1, $4, $6, @$); }
	| arith IN '(' in_list ')'	{ $$ = mk_list(p, N_IN, NULL, &$4, @$); $$->a = $1; $$->op = 0; }
	| arith NOT IN '(' in_list ')'	{ $$ = mk_list(p, N_IN, NULL, &$5, @$); $$->a = $1; $$->op = 1; }
	| expr WHERE expr			{ $$ = mk(p, N_WHERE, 0, $1, $3, NULL, @$); }
	| EVERY bindings ':' expr %prec QUANT	{ $$ = mk_list(p, N_QUANT, NULL, &$2, @$); $$->op = OP_EVERY; $$->a = $4; }
	| ANY bindings ':' expr %prec QUANT	{ $$ = mk_list(p, N_QUANT, NULL, &$2, @$); $$->op = OP_ANY; $$->a = $4; }
	| NONE bindings ':' expr %prec QUANT	{ $$ = mk_list(p, N_QUANT, NULL, &$2, @$); $$->op = OP_NONE; $$->a = $4; }
	| IF expr THEN expr ELSE expr %prec QUANT	{ $$ = mk(p, N_IF, 0, $2, $4, $6, @$); }
	| EXISTS coll				{ $$ = mk(p, N_EXISTS, 0, $2, NULL, NULL, @$); }
	| arith
	;

in_list:
	arith						{ memset(&$$, 0, sizeof $$); list_add(p, &$$, $1); }
	| in_list ',' arith			{ $$ = $1; list_add(p, &$$, $3); }
	;

bindings:
	binding						{ memset(&$$, 0, sizeof $$); list_add(p, &$$, $1); }
	| bindings ',' binding		{ $$ = $1; list_add(p, &$$, $3); }
	;

binding:
	name IN coll				{ $$ = mk(p, N_BIND, 0, $3, NULL, NULL, @$); $$->name = $1; }
	;

/* a collection: an operand, or an operand filtered by `where` */
coll:
	arith %prec QUANT
	| arith WHERE expr			{ $$ = mk(p, N_WHERE, 0, $1, $3, NULL, @$); }
	;

arith:
	arith '+' arith				{ $$ = mk(p, N_ARITH, '+', $1, $3, NULL, @$); }
	| arith '-' arith			{ $$ = mk(p, N_ARITH, '-', $1, $3, NULL, @$); }
	| arith '*' arith			{ $$ = mk(p, N_ARITH, '*', $1, $3, NULL, @$); }
	| arith '/' arith			{ $$ = mk(p, N_ARITH, '/', $1, $3, NULL, @$); }
	| '-' arith %prec UMINUS	{ $$ = mk(p, N_NEG, 0, $2, NULL, NULL, @$); }
	| arith '.' name			{ $$ = mk(p, N_FIELD, 0, $1, NULL, NULL, @$); $$->name = $3; }
	| primary
	;

primary:
	INTEGER %prec QUANT			{ $$ = mk_name(p, N_INT, NULL, @$); $$->text = $1; }
	| DECIMAL					{ $$ = mk_name(p, N_NUM, NULL, @$); $$->text = $1; }
	| SQSTRING					{ $$ = mk_name(p, N_STR, NULL, @$); $$->text = $1; }
	| TRUE_P					{ $$ = mk_name(p, N_BOOL, NULL, @$); $$->ival = 1; }
	| FALSE_P					{ $$ = mk_name(p, N_BOOL, NULL, @$); $$->ival = 0; }
	| name SQSTRING				{ $$ = mk_name(p, N_TYPED, $1, @$); $$->text = $2; }
	| name						{ $$ = mk_name(p, N_NAME, $1, @$); }
	| NONE						{ $$ = mk_name(p, N_LABELKW, "none", @$); }
	| ANY						{ $$ = mk_name(p, N_LABELKW, "any", @$); }
	| EVERY						{ $$ = mk_name(p, N_LABELKW, "every", @$); }
	| name '(' ')'				{ NodeList l = {NULL, 0, 0}; $$ = mk_list(p, N_CALL, $1, &l, @$); }
	| name '(' args ')'			{ $$ = mk_list(p, N_CALL, $1, &$3, @$); }
	| name '(' expr FOR binding ')'
		{
			NodeList	l = {NULL, 0, 0};

			list_add(p, &l, $5);
			$$ = mk_list(p, N_AGG, $1, &l, @$);
			$$->a = $3;
			if ($3->depth + 1 > $$->depth)
				$$->depth = $3->depth + 1;
		}
	| '(' expr ')'				{ $$ = $2; }
	| LATEST coll BY name		{ $$ = mk(p, N_LATEST, 0, $2, NULL, NULL, @$); $$->name = $4; $$->ival = 0; }
	| LATEST INTEGER coll BY name
		{
			$$ = mk(p, N_LATEST, 0, $3, NULL, NULL, @$);
			$$->name = $5;
			$$->text = $2;
			$$->ival = strlen($2) > 6 ? 1000000 : strtol($2, NULL, 10);
		}
	;

args:
	expr						{ memset(&$$, 0, sizeof $$); list_add(p, &$$, $1); }
	| args ',' expr				{ $$ = $1; list_add(p, &$$, $3); }
	;

%%

/* The span from the start of a to the end of b. */
static CareSpan
span_join(CareSpan a, CareSpan b)
{
	CareSpan	s = a;

	if (b.end_offset > a.end_offset)
	{
		s.end_line = b.end_line;
		s.end_col = b.end_col;
		s.end_offset = b.end_offset;
	}
	return s;
}

/* The parser stack never grows: a deeper text is refused as too deep. */
static void *
care_gram_no_malloc(size_t n)
{
	(void) n;
	return NULL;
}

/* Nothing was allocated, so nothing to free. */
static void
care_gram_no_free(void *ptr)
{
	(void) ptr;
}

/* Record the nesting depth; the first node too deep gets a diagnostic. */
static void
set_depth(CareParser *p, Node *n, int depth)
{
	n->depth = depth;
	if (depth > CARE_MAX_NESTING && !p->too_deep)
	{
		CareDiag   *d;

		p->too_deep = 1;
		d = care_diag(p->dl, CARE_ERROR, "54001", n->span,
					  "expression is nested too deeply");
		care_diag_detail(p->dl, d, "Expressions may nest at most %d levels, counting each operator of a chain.",
						 CARE_MAX_NESTING);
	}
}

/* A node with up to three operands. */
static Node *
mk(CareParser *p, NodeKind k, int op, Node *a, Node *b, Node *c, CareSpan sp)
{
	Node	   *n = care_node(p, k, sp);
	int			d = 0;

	n->op = op;
	n->a = a;
	n->b = b;
	n->c = c;
	if (a && a->depth > d)
		d = a->depth;
	if (b && b->depth > d)
		d = b->depth;
	if (c && c->depth > d)
		d = c->depth;
	set_depth(p, n, d + 1);
	return n;
}

/* A leaf: a name or a literal. */
static Node *
mk_name(CareParser *p, NodeKind k, const char *name, CareSpan sp)
{
	Node	   *n = care_node(p, k, sp);

	n->name = name;
	n->depth = 1;
	return n;
}

/* Append to a growing node list. */
static void
list_add(CareParser *p, NodeList *l, Node *n)
{
	if (l->n == l->cap)
	{
		int			cap = l->cap ? l->cap * 2 : 4;
		Node	  **items = care_arena_alloc(p->ar, sizeof(Node *) * (size_t) cap);

		if (l->n)
			memcpy(items, l->items, sizeof(Node *) * (size_t) l->n);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = n;
	care_poll(p->hooks);
}

/* A node whose operands are a list. */
static Node *
mk_list(CareParser *p, NodeKind k, const char *name, NodeList *l, CareSpan sp)
{
	Node	   *n = care_node(p, k, sp);
	int			i,
				d = 0;

	n->name = name;
	n->list = l->items;
	n->nlist = l->n;
	for (i = 0; i < l->n; i++)
		if (l->items[i]->depth > d)
			d = l->items[i]->depth;
	set_depth(p, n, d + 1);
	return n;
}

/* A zeroed node. */
Node *
care_node(CareParser *p, NodeKind k, CareSpan span)
{
	Node	   *n = care_arena_zalloc(p->ar, sizeof *n);

	n->kind = k;
	n->span = span;
	return n;
}

/* Append a declaration to the program. */
static void
add_decl(CareParser *p, Decl d)
{
	Program    *g = p->prog;

	if ((g->ndecls & (g->ndecls - 1)) == 0)
	{
		int			cap = g->ndecls ? g->ndecls * 2 : 8;
		Decl	   *nd;

		if (g->ndecls == 0 || g->ndecls >= 8)
		{
			nd = care_arena_alloc(p->ar, sizeof(Decl) * (size_t) cap);
			if (g->ndecls)
				memcpy(nd, g->decls, sizeof(Decl) * (size_t) g->ndecls);
			g->decls = nd;
		}
	}
	g->decls[g->ndecls++] = d;
}

/* Append an item (let or require) to an objective. */
static void
obj_add(CareParser *p, ObjDecl *o, ObjItem it)
{
	if ((o->nitems & (o->nitems - 1)) == 0)
	{
		int			cap = o->nitems ? o->nitems * 2 : 4;
		ObjItem    *ni;

		if (o->nitems == 0 || o->nitems >= 4)
		{
			ni = care_arena_alloc(p->ar, sizeof(ObjItem) * (size_t) cap);
			if (o->nitems)
				memcpy(ni, o->items, sizeof(ObjItem) * (size_t) o->nitems);
			o->items = ni;
		}
	}
	o->items[o->nitems++] = it;
}

/* Bison's own messages: only "memory exhausted" reaches here (stack full). */
static void
care_yyerror(CareSpan *loc, CareParser *p, void *scanner, const char *msg)
{
	CareDiag   *d;

	(void) scanner;
	(void) msg;
	if (p->too_deep)
		return;
	p->too_deep = 1;
	d = care_diag(p->dl, CARE_ERROR, "54001", *loc, "rules text is nested too deeply");
	care_diag_detail(p->dl, d, "Expressions may nest at most %d levels.", CARE_MAX_NESTING);
}

/* What a token looks like in a message. */
static const char *
token_text(CareParser *p, yysymbol_kind_t k, const CareSpan *loc)
{
	if (k == YYSYMBOL_YYEOF)
		return NULL;
	if (loc->end_offset > loc->offset && loc->end_offset - loc->offset <= 40 && p->src != NULL)
		return care_strndup(p->ar, p->src + loc->offset, loc->end_offset - loc->offset);
	return yysymbol_name(k);
}

/* Is the symbol one that can start an expression? */
static int
starts_expression(yysymbol_kind_t k)
{
	switch (k)
	{
		case YYSYMBOL_IDENT:
		case YYSYMBOL_INTEGER:
		case YYSYMBOL_DECIMAL:
		case YYSYMBOL_SQSTRING:
		case YYSYMBOL_TRUE_P:
		case YYSYMBOL_FALSE_P:
		case YYSYMBOL_LATEST:
		case YYSYMBOL_EXISTS:
		case YYSYMBOL_NOT:
		case YYSYMBOL_IF:
		case YYSYMBOL_EVERY:
		case YYSYMBOL_ANY:
		case YYSYMBOL_NONE:
			return 1;
		default:
			/* the literal tokens '-' and '(' */
			return strcmp(yysymbol_name(k), "'-'") == 0 || strcmp(yysymbol_name(k), "'('") == 0;
	}
}

/*
 * A syntax error: name the unexpected token and what the grammar expected
 * there ("an expression" stands for the many tokens that start one).
 */
static int
yyreport_syntax_error(const yypcontext_t *ctx, CareParser *p, void *scanner)
{
	yysymbol_kind_t expected[64];
	int			n = yypcontext_expected_tokens(ctx, expected, 64);
	yysymbol_kind_t got = yypcontext_token(ctx);
	const CareSpan *loc = yypcontext_location(ctx);
	const char *text = token_text(p, got, loc);
	CareBuf		b;
	int			i,
				nexpr = 0,
				shown = 0;
	CareDiag   *d;

	(void) scanner;
	if (got == YYSYMBOL_YYerror)
		return 0;				/* the scanner already reported it */
	if (text != NULL)
		d = care_diag(p->dl, CARE_ERROR, "42601", *loc, "syntax error at or near \"%s\"", text);
	else
		d = care_diag(p->dl, CARE_ERROR, "42601", *loc, "syntax error at end of input");
	if (d == NULL || n <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if (starts_expression(expected[i]))
			nexpr++;
	care_buf_init(&b, p->ar, 4096);
	care_buf_puts(&b, "Expected ");
	if (nexpr >= 6)
	{
		care_buf_puts(&b, "an expression");
		shown++;
	}
	for (i = 0; i < n; i++)
	{
		if (nexpr >= 6 && starts_expression(expected[i]))
			continue;
		if (expected[i] == YYSYMBOL_RULESET || expected[i] == YYSYMBOL_VERSION ||
			expected[i] == YYSYMBOL_CAMPAIGN || expected[i] == YYSYMBOL_TITLE)
		{
			/* these words are identifiers there: "identifier" says it */
			int			j,
						has_ident = 0;

			for (j = 0; j < n; j++)
				if (expected[j] == YYSYMBOL_IDENT)
					has_ident = 1;
			if (has_ident)
				continue;
		}
		if (shown >= 8)
		{
			care_buf_puts(&b, ", ...");
			break;
		}
		care_buf_puts(&b, shown ? ", " : "");
		if (expected[i] == YYSYMBOL_YYEOF)
			care_buf_puts(&b, "end of input");
		else
		{
			const char *nm = yysymbol_name(expected[i]);

			if (nm[0] == '"' || nm[0] == '\'' || strchr(nm, ' ') != NULL || strcmp(nm, "identifier") == 0 ||
				strcmp(nm, "integer") == 0)
				care_buf_puts(&b, nm);
			else
				care_buf_printf(&b, "\"%s\"", nm);
		}
		shown++;
	}
	care_buf_puts(&b, ".");
	d->hint = care_buf_done(&b);
	return 0;
}

