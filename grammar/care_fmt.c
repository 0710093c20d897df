/*
 * care_fmt.c — the canonical form (carec fmt).
 *
 * Printed from the syntax tree, with the fewest parentheses that parse back
 * to the same tree, one declaration per paragraph, two-space indentation,
 * and every comment kept before the declaration or requirement it preceded.
 * Formatting the output again changes nothing: the layout depends only on
 * the tree and the comments, never on the original spacing.
 */
#include "care_int.h"

#include <string.h>

typedef struct Fmt
{
	CareBuf		b;
	const CareHooks *hooks;
	const Comment *next_comment;
} Fmt;

/* Precedence levels, loosest first. */
enum
{
	L_OPEN = 1,					/* quantifiers, if: their last operand runs right */
	L_WHERE,
	L_OR,
	L_AND,
	L_NOT,
	L_CMP,
	L_ADD,
	L_MUL,
	L_UNARY,
	L_POSTFIX,
	L_PRIMARY
};

static void fmt_expr(Fmt *f, const Node *n, int level, int open_ok);

/* The level of a node. */
static int
level_of(const Node *n)
{
	switch (n->kind)
	{
		case N_QUANT:
		case N_IF:
			return L_OPEN;
		case N_WHERE:
			return L_WHERE;
		case N_OR:
			return L_OR;
		case N_AND:
			return L_AND;
		case N_NOT:
		case N_EXISTS:
			return L_NOT;
		case N_CMP:
		case N_ISNULL:
		case N_BETWEEN:
		case N_IN:
			return L_CMP;
		case N_ARITH:
			return (n->op == '+' || n->op == '-') ? L_ADD : L_MUL;
		case N_NEG:
		case N_LATEST:
			return L_UNARY;
		case N_FIELD:
			return n->a->op == 1 && n->a->kind == N_NAME ? L_PRIMARY : L_POSTFIX;
		default:
			return L_PRIMARY;
	}
}

/* Does the printed node end with an operand that would swallow what follows? */
static int
open_right(const Node *n)
{
	switch (n->kind)
	{
		case N_QUANT:
		case N_IF:
		case N_WHERE:
			return 1;
		case N_EXISTS:
			return n->a->kind == N_WHERE;
		case N_NOT:
			return open_right(n->a) && level_of(n->a) >= L_NOT;
		case N_OR:
		case N_AND:
			return open_right(n->b) && level_of(n->b) > level_of(n);
		default:
			return 0;
	}
}

/* A double-quoted string. */
static void
put_dq(CareBuf *b, const char *s)
{
	care_buf_putc(b, '"');
	for (; *s; s++)
	{
		if (*s == '"')
			care_buf_putc(b, '"');
		care_buf_putc(b, *s);
	}
	care_buf_putc(b, '"');
}

/* A name that is an identifier and no reserved word prints bare. */
static void
put_id(CareBuf *b, const char *id)
{
	if (care_is_identifier(id) && !care_is_reserved(id))
		care_buf_puts(b, id);
	else
		put_dq(b, id);
}

/*
 * The text of an operator or a quantifier as the language writes it: the
 * canonical form, the checker's messages and the SQL comparisons (which
 * SQL spells the same) all read it from here.
 */
const char *
care_op_text(int op)
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
		case OP_EVERY:
			return "every";
		case OP_ANY:
			return "any";
		case OP_NONE:
			return "none";
		case '+':
			return "+";
		case '-':
			return "-";
		case '*':
			return "*";
		case '/':
			return "/";
	}
	return "?";
}

/* A collection operand: S or S where cond (the cond closed on its right). */
static void
fmt_coll(Fmt *f, const Node *n)
{
	if (n->kind == N_WHERE)
	{
		fmt_expr(f, n->a, L_ADD, 0);
		care_buf_puts(&f->b, " where ");
		fmt_expr(f, n->b, L_OR, 0);
	}
	else
		fmt_expr(f, n, L_ADD, 0);
}

/* A binding: x in S. */
static void
fmt_binding(Fmt *f, const Node *b)
{
	care_buf_puts(&f->b, b->name);
	care_buf_puts(&f->b, " in ");
	fmt_coll(f, b->a);
}

/* Print n; parenthesize when its level is looser than the context's. */
static void
fmt_expr(Fmt *f, const Node *n, int level, int open_ok)
{
	CareBuf    *b = &f->b;
	int			lv = level_of(n);
	int			paren = lv < level || (!open_ok && open_right(n));
	int			i;

	care_poll(f->hooks);
	if (paren)
	{
		care_buf_putc(b, '(');
		level = L_OPEN;
		open_ok = 1;
	}
	switch (n->kind)
	{
		case N_INT:
		case N_NUM:
			care_buf_puts(b, n->text);
			break;
		case N_STR:
			care_buf_literal(b, n->text);
			break;
		case N_BOOL:
			care_buf_puts(b, n->ival ? "true" : "false");
			break;
		case N_TYPED:
			care_buf_puts(b, n->name);
			care_buf_putc(b, ' ');
			care_buf_literal(b, n->text);
			break;
		case N_NAME:
		case N_LABELKW:
			care_buf_puts(b, n->name);
			break;
		case N_ELIG_REF:
			put_id(b, n->name);
			break;
		case N_FIELD:
			if (n->a->kind == N_NAME && n->a->op == 1)
			{
				care_buf_puts(b, n->name);
				break;
			}
			fmt_expr(f, n->a, L_POSTFIX, 0);
			care_buf_putc(b, '.');
			care_buf_puts(b, n->name);
			break;
		case N_CALL:
			care_buf_puts(b, n->name);
			care_buf_putc(b, '(');
			for (i = 0; i < n->nlist; i++)
			{
				if (i)
					care_buf_puts(b, ", ");
				fmt_expr(f, n->list[i], L_OPEN, 1);
			}
			care_buf_putc(b, ')');
			break;
		case N_AGG:
			care_buf_puts(b, n->name);
			care_buf_putc(b, '(');
			fmt_expr(f, n->a, L_OPEN, 0);
			care_buf_puts(b, " for ");
			fmt_binding(f, n->list[0]);
			care_buf_putc(b, ')');
			break;
		case N_NEG:
			care_buf_putc(b, '-');
			fmt_expr(f, n->a, L_UNARY, open_ok);
			break;
		case N_ARITH:
			fmt_expr(f, n->a, lv, 0);
			care_buf_printf(b, " %s ", care_op_text(n->op));
			fmt_expr(f, n->b, lv + 1, open_ok);
			break;
		case N_CMP:
			fmt_expr(f, n->a, L_ADD, 0);
			care_buf_printf(b, " %s ", care_op_text(n->op));
			fmt_expr(f, n->b, L_ADD, open_ok);
			break;
		case N_AND:
		case N_OR:
			fmt_expr(f, n->a, lv, 0);
			care_buf_puts(b, n->kind == N_AND ? " and " : " or ");
			fmt_expr(f, n->b, lv + 1, open_ok);
			break;
		case N_NOT:
			care_buf_puts(b, "not ");
			fmt_expr(f, n->a, L_NOT, open_ok);
			break;
		case N_ISNULL:
			fmt_expr(f, n->a, L_ADD, 0);
			care_buf_puts(b, n->op ? " is not null" : " is null");
			break;
		case N_BETWEEN:
			fmt_expr(f, n->a, L_ADD, 0);
			care_buf_puts(b, n->op ? " not between " : " between ");
			fmt_expr(f, n->b, L_ADD, 0);
			care_buf_puts(b, " and ");
			fmt_expr(f, n->c, L_ADD, open_ok);
			break;
		case N_IN:
			fmt_expr(f, n->a, L_ADD, 0);
			care_buf_puts(b, n->op ? " not in (" : " in (");
			for (i = 0; i < n->nlist; i++)
			{
				if (i)
					care_buf_puts(b, ", ");
				fmt_expr(f, n->list[i], L_ADD, 1);
			}
			care_buf_putc(b, ')');
			break;
		case N_WHERE:
			fmt_expr(f, n->a, L_WHERE, 0);
			care_buf_puts(b, " where ");
			fmt_expr(f, n->b, L_OR, open_ok);
			break;
		case N_QUANT:
			care_buf_puts(b, care_op_text(n->op));
			care_buf_putc(b, ' ');
			for (i = 0; i < n->nlist; i++)
			{
				if (i)
					care_buf_puts(b, ", ");
				fmt_binding(f, n->list[i]);
			}
			care_buf_puts(b, ": ");
			fmt_expr(f, n->a, L_OPEN, open_ok);
			break;
		case N_EXISTS:
			care_buf_puts(b, "exists ");
			if (n->a->kind == N_WHERE)
			{
				fmt_expr(f, n->a->a, L_ADD, 0);
				care_buf_puts(b, " where ");
				fmt_expr(f, n->a->b, L_OR, open_ok);
			}
			else
				fmt_expr(f, n->a, L_ADD, open_ok);
			break;
		case N_LATEST:
			care_buf_puts(b, "latest ");
			if (n->text != NULL)
			{
				care_buf_puts(b, n->text);
				care_buf_putc(b, ' ');
			}
			fmt_coll(f, n->a);
			care_buf_puts(b, " by ");
			care_buf_puts(b, n->name);
			break;
		case N_IF:
			care_buf_puts(b, "if ");
			fmt_expr(f, n->a, L_OPEN, 1);
			care_buf_puts(b, " then ");
			fmt_expr(f, n->b, L_OPEN, 1);
			care_buf_puts(b, " else ");
			fmt_expr(f, n->c, L_OPEN, open_ok);
			break;
		case N_BIND:
			fmt_binding(f, n);
			break;
	}
	if (paren)
		care_buf_putc(b, ')');
}

/* One expression in canonical form. */
char *
care_format_expr(CareArena *ar, const Node *n, const CareHooks *hooks)
{
	Fmt			f;

	care_buf_init(&f.b, ar, CARE_MAX_SQL_BYTES);
	f.hooks = hooks;
	f.next_comment = NULL;
	fmt_expr(&f, n, L_OPEN, 1);
	return care_buf_done(&f.b);
}

/* Print the comments that come before offset, indented. */
static int
flush_comments(Fmt *f, size_t offset, const char *indent)
{
	int			n = 0;

	while (f->next_comment != NULL && f->next_comment->offset < offset)
	{
		care_buf_puts(&f->b, indent);
		care_buf_puts(&f->b, f->next_comment->text);
		care_buf_putc(&f->b, '\n');
		f->next_comment = f->next_comment->next;
		n++;
	}
	return n;
}

/* The whole program in canonical form. */
char *
care_format(CareArena *ar, const Program *prog, const CareHooks *hooks)
{
	Fmt			f;
	CareBuf    *b = &f.b;
	int			i,
				j;
	int			prev_param = 0;
	int			eligible_done = !prog->has_eligible;

	care_buf_init(b, ar, CARE_MAX_SQL_BYTES);
	f.hooks = hooks;
	f.next_comment = prog->comments;

	flush_comments(&f, prog->header_offset, "");
	care_buf_puts(b, "ruleset ");
	care_buf_puts(b, prog->name ? prog->name : "unnamed");
	care_buf_printf(b, " version %ld", prog->version);
	if (prog->campaign != NULL)
	{
		care_buf_puts(b, " campaign ");
		care_buf_literal(b, prog->campaign);
	}
	care_buf_putc(b, '\n');
	if (prog->title != NULL)
	{
		care_buf_puts(b, "  title ");
		put_dq(b, prog->title);
		care_buf_putc(b, '\n');
	}
	for (i = 0; i <= prog->ndecls; i++)
	{
		const Decl *d = i < prog->ndecls ? &prog->decls[i] : NULL;
		size_t		off = d == NULL ? (size_t) -1 :
			d->kind == D_PARAM ? d->param->offset :
			d->kind == D_DEF ? d->def->offset : d->obj->offset;

		care_poll(hooks);
		if (!eligible_done && prog->eligible_offset < off)
		{
			care_buf_putc(b, '\n');
			flush_comments(&f, prog->eligible_offset, "");
			care_buf_puts(b, "eligible when ");
			fmt_expr(&f, prog->eligible, L_OPEN, 1);
			care_buf_putc(b, '\n');
			eligible_done = 1;
			prev_param = 0;
		}
		if (d == NULL)
			break;
		if (!(d->kind == D_PARAM && prev_param &&
			  (f.next_comment == NULL || f.next_comment->offset > off)))
			care_buf_putc(b, '\n');
		flush_comments(&f, off, "");
		prev_param = d->kind == D_PARAM;
		switch (d->kind)
		{
			case D_PARAM:
				care_buf_printf(b, "param %s %s = ", d->param->name, d->param->type_name);
				/* the grammar takes an operand here: keep parentheses it needs */
				fmt_expr(&f, d->param->deflt, L_ADD, 1);
				care_buf_putc(b, '\n');
				break;
			case D_DEF:
				care_buf_printf(b, "def %s(", d->def->name);
				for (j = 0; j < d->def->nparams; j++)
					care_buf_printf(b, "%s%s %s", j ? ", " : "", d->def->params[j].name,
									d->def->params[j].type_name);
				care_buf_puts(b, ") = ");
				fmt_expr(&f, d->def->body, L_OPEN, 1);
				care_buf_putc(b, '\n');
				break;
			case D_OBJECTIVE:
				{
					const ObjDecl *o = d->obj;

					care_buf_puts(b, "objective ");
					if (o->id_quoted || !care_is_identifier(o->id) || care_is_reserved(o->id))
						put_dq(b, o->id);
					else
						care_buf_puts(b, o->id);
					if (o->title != NULL)
					{
						care_buf_putc(b, ' ');
						put_dq(b, o->title);
					}
					care_buf_puts(b, " {\n");
					for (j = 0; j < o->nitems; j++)
					{
						const ObjItem *it = &o->items[j];

						if (it->is_let)
						{
							flush_comments(&f, it->let->offset, "  ");
							care_buf_printf(b, "  let %s = ", it->let->name);
							fmt_expr(&f, it->let->expr, L_OPEN, 1);
							care_buf_putc(b, '\n');
						}
						else
						{
							flush_comments(&f, it->req->offset, "  ");
							care_buf_puts(b, "  require ");
							fmt_expr(&f, it->req->expr, L_OPEN, 1);
							care_buf_putc(b, '\n');
							if (it->req->message_raw != NULL)
							{
								care_buf_puts(b, "    else \"");
								care_buf_puts(b, it->req->message_raw);
								care_buf_puts(b, "\"\n");
							}
						}
					}
					flush_comments(&f, o->close_offset, "  ");
					care_buf_puts(b, "}\n");
					break;
				}
		}
	}
	if (f.next_comment != NULL)
	{
		care_buf_putc(b, '\n');
		flush_comments(&f, (size_t) -1, "");
	}
	if (b->over)
		return NULL;
	return care_buf_done(b);
}
