/*
 * care_schema_text.c — the schema's text form: one writer, one reader.
 *
 * The extension exports the live schema with care_schema_write() and carec
 * reads it back with care_schema_parse(), so the format must round-trip
 * exactly.  It is line-oriented and diff-friendly: one declaration per line,
 * members indented under their enum or source, `#` comments:
 *
 *   care-schema 1
 *   enum severity "care"."severity" ordered
 *     label 'none'
 *   source audit "care"."audit" key "id" establishment "establishment_id" evidence
 *     field performed_on "performed_on" date
 *     field ad_level "ad_level" integer null
 *     field kind "kind" enum audit_kind
 *     link findings finding many ("id", "establishment_id") = ("audit_id", "establishment_id")
 *   root establishment
 *
 * Language names are bare identifiers; SQL names are double-quoted (""
 * doubles a quote); enum labels, being SQL values, are single-quoted.
 */
#include "care_int.h"

#include <string.h>

typedef enum
{
	TK_END,
	TK_WORD,
	TK_DQ,
	TK_SQ,
	TK_PUNCT,
	TK_BAD
} TokKind;

typedef struct SchemaLexer
{
	const char *text;
	size_t		len;
	size_t		pos;
	size_t		line_start;
	int			line;
	TokKind		kind;
	char	   *value;			/* word or unquoted string */
	char		punct;
	size_t		tok_start;
	CareArena  *ar;
	CareDiagList *dl;
	const CareHooks *hooks;
} SchemaLexer;

/* Column (in code points) of a byte offset on the current line. */
static int
lex_col(SchemaLexer *lx, size_t off)
{
	int			col = 1;
	size_t		i;

	for (i = lx->line_start; i < off && i < lx->len; i++)
		if (((unsigned char) lx->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* The span of the current token. */
static CareSpan
lex_span(SchemaLexer *lx)
{
	CareSpan	sp;

	sp.line = sp.end_line = lx->line;
	sp.col = lex_col(lx, lx->tok_start);
	sp.end_col = lex_col(lx, lx->pos);
	sp.offset = lx->tok_start;
	sp.end_offset = lx->pos;
	return sp;
}

/* Read the next token of the current line (TK_END at end of line). */
static void
lex_next(SchemaLexer *lx)
{
	const char *t = lx->text;

	while (lx->pos < lx->len && (t[lx->pos] == ' ' || t[lx->pos] == '\t' || t[lx->pos] == '\r'))
		lx->pos++;
	lx->tok_start = lx->pos;
	lx->value = NULL;
	if (lx->pos >= lx->len || t[lx->pos] == '\n' || t[lx->pos] == '#')
	{
		lx->kind = TK_END;
		return;
	}
	if (t[lx->pos] == '"' || t[lx->pos] == '\'')
	{
		char		q = t[lx->pos];
		CareBuf		b;

		care_buf_init(&b, lx->ar, 1024);
		lx->pos++;
		for (;;)
		{
			if (lx->pos >= lx->len || t[lx->pos] == '\n')
			{
				lx->kind = TK_BAD;
				return;
			}
			if (t[lx->pos] == q)
			{
				if (lx->pos + 1 < lx->len && t[lx->pos + 1] == q)
				{
					care_buf_putc(&b, q);
					lx->pos += 2;
					continue;
				}
				lx->pos++;
				break;
			}
			care_buf_putc(&b, t[lx->pos]);
			lx->pos++;
		}
		lx->kind = q == '"' ? TK_DQ : TK_SQ;
		lx->value = care_buf_done(&b);
		if (b.over)
			lx->kind = TK_BAD;
		return;
	}
	if (strchr("(),=.", t[lx->pos]) != NULL)
	{
		lx->kind = TK_PUNCT;
		lx->punct = t[lx->pos++];
		return;
	}
	{
		size_t		start = lx->pos;

		while (lx->pos < lx->len)
		{
			char		c = t[lx->pos];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '_' || c == '-')
				lx->pos++;
			else
				break;
		}
		if (lx->pos == start)
		{
			lx->pos++;
			while (lx->pos < lx->len && ((unsigned char) t[lx->pos] & 0xC0) == 0x80)
				lx->pos++;
			lx->kind = TK_BAD;
			return;
		}
		lx->kind = TK_WORD;
		lx->value = care_strndup(lx->ar, t + start, lx->pos - start);
	}
}

/* Report a problem at the current token. */
static void
lex_error(SchemaLexer *lx, const char *what)
{
	CareDiag   *d;

	if (lx->kind == TK_END)
		d = care_diag(lx->dl, CARE_ERROR, "42601", lex_span(lx), "schema syntax error at end of line: expected %s", what);
	else
		d = care_diag(lx->dl, CARE_ERROR, "42601", lex_span(lx), "schema syntax error: expected %s", what);
	(void) d;
}

/* Expect a word equal to w (or any word when w is NULL); return its value. */
static char *
expect_word(SchemaLexer *lx, const char *w, const char *what)
{
	char	   *v;

	if (lx->kind != TK_WORD || (w != NULL && strcmp(lx->value, w) != 0))
	{
		lex_error(lx, what);
		return NULL;
	}
	v = lx->value;
	lex_next(lx);
	return v;
}

/* Expect a double-quoted SQL name. */
static char *
expect_dq(SchemaLexer *lx, const char *what)
{
	char	   *v;

	if (lx->kind != TK_DQ)
	{
		lex_error(lx, what);
		return NULL;
	}
	v = lx->value;
	lex_next(lx);
	return v;
}

/* Expect a punctuation character. */
static int
expect_punct(SchemaLexer *lx, char c, const char *what)
{
	if (lx->kind != TK_PUNCT || lx->punct != c)
	{
		lex_error(lx, what);
		return 0;
	}
	lex_next(lx);
	return 1;
}

/* Is the current token the word w?  Consume it when it is. */
static int
accept_word(SchemaLexer *lx, const char *w)
{
	if (lx->kind == TK_WORD && strcmp(lx->value, w) == 0)
	{
		lex_next(lx);
		return 1;
	}
	return 0;
}

/* Parse "(" "a" , "b" ")" into cols; returns the count or -1. */
static int
parse_columns(SchemaLexer *lx, const char **cols, int max)
{
	int			n = 0;

	if (!expect_punct(lx, '(', "'('"))
		return -1;
	for (;;)
	{
		char	   *c = expect_dq(lx, "a double-quoted column name");

		if (c == NULL)
			return -1;
		if (n == max)
		{
			lex_error(lx, "at most 8 columns");
			return -1;
		}
		cols[n++] = c;
		if (lx->kind == TK_PUNCT && lx->punct == ',')
		{
			lex_next(lx);
			continue;
		}
		break;
	}
	if (!expect_punct(lx, ')', "',' or ')'"))
		return -1;
	return n;
}

/* Map a type word to a scalar. */
static int
scalar_of(const char *w, CareScalar *out)
{
	static const char *const names[] = {"boolean", "integer", "numeric", "text", "date", "interval", "enum"};
	int			i;

	for (i = 0; i < 7; i++)
		if (strcmp(w, names[i]) == 0)
		{
			*out = (CareScalar) i;
			return 1;
		}
	return 0;
}

/*
 * Parse the text form.  Returns NULL when there was any error; *diags then
 * lists them with their positions (allocated through a, like the schema).
 */
CareSchema *
care_schema_parse(const char *text, size_t len, const CareAllocator *a,
				  CareDiag **diags, int *ndiags)
{
	CareSchema *s = care_schema_new(a);
	SchemaLexer lx;
	CareDiagList dl;
	CareSchemaEnum *cur_enum = NULL;
	CareSchemaSource *cur_src = NULL;
	const char *root = NULL;
	CareSpan	root_span = {1, 1, 1, 1, 0, 0};
	int			seen_header = 0;

	if (diags)
		*diags = NULL;
	if (ndiags)
		*ndiags = 0;
	if (s == NULL)
		return NULL;
	care_diags_init(&dl, &s->arena);
	memset(&lx, 0, sizeof lx);
	lx.text = text;
	lx.len = len;
	lx.line = 1;
	lx.ar = &s->arena;
	lx.dl = &dl;
	while (lx.pos <= len && dl.nerrors < 20)
	{
		size_t		before_errors = (size_t) dl.nerrors;

		lex_next(&lx);
		if (lx.kind == TK_WORD)
		{
			char	   *kw = lx.value;
			size_t		kw_start = lx.tok_start;

			if (memchr(text, '\0', len) != NULL)
			{
				care_diag(&dl, CARE_ERROR, "22021", lex_span(&lx), "schema text contains a NUL byte");
				break;
			}
			lex_next(&lx);
			if (!seen_header)
			{
				if (strcmp(kw, "care-schema") != 0 || lx.kind != TK_WORD || strcmp(lx.value, "1") != 0)
				{
					lx.tok_start = lx.line_start;
					care_diag(&dl, CARE_ERROR, "22023", lex_span(&lx),
							  "schema text must start with \"care-schema 1\"");
					break;
				}
				seen_header = 1;
				lex_next(&lx);
			}
			else if (strcmp(kw, "enum") == 0)
			{
				char	   *name = expect_word(&lx, NULL, "an enum name");
				char	   *sch = name ? expect_dq(&lx, "a double-quoted SQL schema") : NULL;
				char	   *rel = NULL;
				int			ordered = 0;

				if (sch && expect_punct(&lx, '.', "'.'"))
					rel = expect_dq(&lx, "a double-quoted SQL type name");
				if (rel)
				{
					ordered = accept_word(&lx, "ordered");
					cur_enum = care_schema_add_enum(s, name, sch, rel, ordered);
					cur_src = NULL;
					if (cur_enum == NULL)
						care_diag(&dl, CARE_ERROR, "42710", lex_span(&lx), "invalid enum \"%s\": %s",
								  name, care_schema_error(s));
				}
			}
			else if (strcmp(kw, "label") == 0)
			{
				if (cur_enum == NULL)
					care_diag(&dl, CARE_ERROR, "42601", lex_span(&lx), "label outside an enum");
				else if (lx.kind != TK_SQ)
					lex_error(&lx, "a single-quoted label");
				else
				{
					int			before = cur_enum->nlabels;

					care_schema_add_enum_label(cur_enum, lx.value);
					if (cur_enum->nlabels == before)
						care_diag(&dl, CARE_ERROR, "42710", lex_span(&lx), "invalid label '%s' in enum \"%s\"",
								  lx.value, cur_enum->name);
					lex_next(&lx);
				}
			}
			else if (strcmp(kw, "source") == 0)
			{
				char	   *name = expect_word(&lx, NULL, "a source name");
				char	   *sch = name ? expect_dq(&lx, "a double-quoted SQL schema") : NULL;
				char	   *rel = NULL;
				char	   *key = NULL,
						   *est = NULL;

				if (sch && expect_punct(&lx, '.', "'.'"))
					rel = expect_dq(&lx, "a double-quoted relation name");
				if (rel && expect_word(&lx, "key", "\"key\""))
					key = expect_dq(&lx, "a double-quoted key column");
				if (key && expect_word(&lx, "establishment", "\"establishment\""))
					est = expect_dq(&lx, "a double-quoted establishment column");
				if (est)
				{
					int			evidence = accept_word(&lx, "evidence");

					cur_src = care_schema_add_source(s, name, sch, rel, key, est, evidence);
					cur_enum = NULL;
					if (cur_src == NULL)
						care_diag(&dl, CARE_ERROR, "42710", lex_span(&lx), "invalid source \"%s\": %s",
								  name, care_schema_error(s));
				}
			}
			else if (strcmp(kw, "field") == 0)
			{
				char	   *name = expect_word(&lx, NULL, "a field name");
				char	   *col = name ? expect_dq(&lx, "a double-quoted column name") : NULL;
				char	   *tname = col ? expect_word(&lx, NULL, "a type") : NULL;
				char	   *ename = NULL;
				CareScalar	t = CARE_TEXT;

				if (tname && !scalar_of(tname, &t))
				{
					care_diag(&dl, CARE_ERROR, "42704", lex_span(&lx), "unknown field type \"%s\"", tname);
					tname = NULL;
				}
				if (tname && t == CARE_ENUM)
					ename = expect_word(&lx, NULL, "an enum name");
				if (tname && (t != CARE_ENUM || ename))
				{
					int			nullable = accept_word(&lx, "null");

					if (cur_src == NULL)
						care_diag(&dl, CARE_ERROR, "42601", lex_span(&lx), "field outside a source");
					else
					{
						care_schema_add_field(cur_src, name, col, t, ename, nullable);
						if (care_schema_error(s) != NULL)
							care_diag(&dl, CARE_ERROR, "42710", lex_span(&lx), "invalid field \"%s\": %s",
									  name, care_schema_error(s));
					}
				}
			}
			else if (strcmp(kw, "link") == 0)
			{
				char	   *name = expect_word(&lx, NULL, "a link name");
				char	   *target = name ? expect_word(&lx, NULL, "a target source") : NULL;
				const char *from[8],
						   *to[8];
				int			many = 0,
							nullable = 0,
							nf = -1,
							nt = -1;

				if (target)
				{
					if (accept_word(&lx, "many"))
						many = 1;
					else if (!accept_word(&lx, "one"))
					{
						lex_error(&lx, "\"one\" or \"many\"");
						target = NULL;
					}
				}
				if (target)
				{
					nullable = accept_word(&lx, "null");
					nf = parse_columns(&lx, from, 8);
					if (nf > 0 && expect_punct(&lx, '=', "'='"))
						nt = parse_columns(&lx, to, 8);
					if (nt > 0 && nt != nf)
					{
						care_diag(&dl, CARE_ERROR, "42601", lex_span(&lx),
								  "link \"%s\" pairs %d columns with %d", name, nf, nt);
						nt = -1;
					}
				}
				if (nt > 0)
				{
					if (cur_src == NULL)
						care_diag(&dl, CARE_ERROR, "42601", lex_span(&lx), "link outside a source");
					else
					{
						care_schema_add_link(cur_src, name, target, many, nf, from, to, nullable);
						if (care_schema_error(s) != NULL)
							care_diag(&dl, CARE_ERROR, "42710", lex_span(&lx), "invalid link \"%s\": %s",
									  name, care_schema_error(s));
					}
				}
			}
			else if (strcmp(kw, "root") == 0)
			{
				root_span = lex_span(&lx);
				root = expect_word(&lx, NULL, "the root source name");
			}
			else
			{
				lx.tok_start = kw_start;
				lx.pos = kw_start + strlen(kw);
				care_diag(&dl, CARE_ERROR, "42601", lex_span(&lx),
						  "unknown schema declaration \"%s\"", kw);
			}
			if ((size_t) dl.nerrors == before_errors && lx.kind != TK_END)
				lex_error(&lx, "end of line");
		}
		else if (lx.kind != TK_END)
			lex_error(&lx, "a declaration");
		/* go to the next line */
		while (lx.pos < len && text[lx.pos] != '\n')
			lx.pos++;
		if (lx.pos >= len)
			break;
		lx.pos++;
		lx.line++;
		lx.line_start = lx.pos;
	}
	if (dl.nerrors == 0 && !seen_header)
		care_diag(&dl, CARE_ERROR, "22023", root_span, "schema text must start with \"care-schema 1\"");
	if (dl.nerrors == 0 && root == NULL)
		care_diag(&dl, CARE_ERROR, "22023", root_span, "schema text has no \"root\" line");
	if (dl.nerrors == 0 && care_schema_set_root(s, root) != 0)
		care_diag(&dl, CARE_ERROR, "42P01", root_span, "root source \"%s\" does not exist", root);
	if (dl.nerrors == 0)
		care_schema_validate(s, &dl);
	if (diags)
		*diags = dl.items;
	if (ndiags)
		*ndiags = dl.n;
	if (dl.nerrors > 0)
	{
		/* the diagnostics live in the schema's arena: keep it, mark it failed */
		if (s->error == NULL)
			s->error = "the schema text has errors";
		return NULL;
	}
	return s;
}

/*
 * The text form of a schema; parse(write(s)) writes the same text again.
 * The result is ONE block from a->alloc (the caller releases it with
 * a->release), or NULL when memory ran out.
 */
char *
care_schema_write(const CareSchema *s, const CareAllocator *a)
{
	CareArena	ar;
	CareBuf		b;
	const CareSchemaEnum *e;
	const CareSchemaSource *src;
	char	   *out = NULL;
	int			i;

	care_arena_init(&ar, a, (size_t) 64 * 1024 * 1024);
	care_buf_init(&b, &ar, (size_t) 32 * 1024 * 1024);
	care_buf_puts(&b, "care-schema 1\n"
				  "# The sources, fields and links that CaRE rules may reach.\n"
				  "# enum NAME \"schema\".\"type\" [ordered], then its labels in order;\n"
				  "# source NAME \"schema\".\"relation\" key \"col\" establishment \"col\" [evidence],\n"
				  "# then its fields (field NAME \"col\" TYPE [null]) and links\n"
				  "# (link NAME TARGET one|many [null] (\"from\", ...) = (\"to\", ...)).\n");
	for (e = s->enums; e; e = e->next)
	{
		care_buf_puts(&b, "enum ");
		care_buf_puts(&b, e->name);
		care_buf_putc(&b, ' ');
		care_buf_puts(&b, e->sql_type);
		if (e->ordered)
			care_buf_puts(&b, " ordered");
		care_buf_putc(&b, '\n');
		for (i = 0; i < e->nlabels; i++)
		{
			care_buf_puts(&b, "  label ");
			care_buf_literal(&b, e->labels[i]);
			care_buf_putc(&b, '\n');
		}
	}
	for (src = s->sources; src; src = src->next)
	{
		const SchemaField *f;
		const SchemaLink *l;

		care_buf_puts(&b, "source ");
		care_buf_puts(&b, src->name);
		care_buf_putc(&b, ' ');
		care_buf_puts(&b, src->sql_name);
		care_buf_puts(&b, " key ");
		care_buf_ident(&b, src->key_column);
		care_buf_puts(&b, " establishment ");
		care_buf_ident(&b, src->establishment_column);
		if (src->is_evidence)
			care_buf_puts(&b, " evidence");
		care_buf_putc(&b, '\n');
		for (f = src->fields; f; f = f->next)
		{
			care_buf_printf(&b, "  field %s ", f->name);
			care_buf_ident(&b, f->sql_column);
			care_buf_printf(&b, " %s", care_scalar_name(f->type));
			if (f->type == CARE_ENUM)
				care_buf_printf(&b, " %s", f->enum_name);
			if (f->nullable)
				care_buf_puts(&b, " null");
			care_buf_putc(&b, '\n');
		}
		for (l = src->links; l; l = l->next)
		{
			care_buf_printf(&b, "  link %s %s %s%s (", l->name, l->target_name,
							l->to_many ? "many" : "one", l->nullable ? " null" : "");
			for (i = 0; i < l->ncols; i++)
			{
				if (i)
					care_buf_puts(&b, ", ");
				care_buf_ident(&b, l->from_cols[i]);
			}
			care_buf_puts(&b, ") = (");
			for (i = 0; i < l->ncols; i++)
			{
				if (i)
					care_buf_puts(&b, ", ");
				care_buf_ident(&b, l->to_cols[i]);
			}
			care_buf_puts(&b, ")\n");
		}
	}
	if (s->root != NULL)
		care_buf_printf(&b, "root %s\n", s->root->name);
	if (!b.over && !ar.failed && b.data != NULL)
	{
		out = a->alloc(a->ctx, b.len + 1);
		if (out != NULL)
			memcpy(out, b.data, b.len + 1);
	}
	care_arena_release(&ar);
	return out;
}
