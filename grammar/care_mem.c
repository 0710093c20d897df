/*
 * care_mem.c — arena, strings, SQL quoting and diagnostics.
 *
 * Every byte the library keeps is carved from chunks that the caller's
 * allocator handed out, so the caller can free a compile wholesale (the
 * backend deletes a memory context) even when its poll hook longjmps out of
 * the middle of a compile.  The arena also enforces the memory limit: the
 * library must be safe on its own, without relying on the caller.
 */
#include "care_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 65536
#define ALIGNMENT 16

/* Prepare an empty arena; nothing is allocated until first use. */
void
care_arena_init(CareArena *ar, const CareAllocator *a, size_t limit)
{
	ar->a = a;
	ar->chunks = NULL;
	ar->total = 0;
	ar->limit = limit;
	ar->oom = NULL;
	ar->failed = 0;
	ar->scratch = NULL;
}

/*
 * Memory ran out (allocator said NULL, or the limit was reached): jump back
 * to the driver, which reports "out of memory", or remember the failure for
 * callers without a jump point (the schema builder checks NULL).
 */
static void *
arena_out_of_memory(CareArena *ar)
{
	ar->failed = 1;
	if (ar->oom != NULL)
		longjmp(*ar->oom, 1);
	return NULL;
}

/* Carve size bytes, aligned, from the current chunk or a new one. */
void *
care_arena_alloc(CareArena *ar, size_t size)
{
	CareChunk  *c = ar->chunks;
	size_t		need = (size + ALIGNMENT - 1) & ~(size_t) (ALIGNMENT - 1);
	size_t		header = (sizeof(CareChunk) + ALIGNMENT - 1) & ~(size_t) (ALIGNMENT - 1);
	void	   *p;

	if (size > ar->limit)
		return arena_out_of_memory(ar);
	if (c == NULL || c->size - c->used < need)
	{
		size_t		csize = need + header > CHUNK_SIZE ? need + header : CHUNK_SIZE;

		if (ar->total + csize > ar->limit)
			return arena_out_of_memory(ar);
		c = ar->a->alloc(ar->a->ctx, csize);
		if (c == NULL)
			return arena_out_of_memory(ar);
		c->size = csize;
		c->used = header;
		ar->total += csize;
		/* a big one-off block goes behind the current chunk, to keep using it */
		if (ar->chunks != NULL && csize > CHUNK_SIZE)
		{
			c->next = ar->chunks->next;
			ar->chunks->next = c;
		}
		else
		{
			c->next = ar->chunks;
			ar->chunks = c;
		}
	}
	p = (char *) c + c->used;
	c->used += need;
	return p;
}

/* Like care_arena_alloc, zero-filled. */
void *
care_arena_zalloc(CareArena *ar, size_t size)
{
	void	   *p = care_arena_alloc(ar, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

/* Give every chunk back to the allocator (a no-op release is fine). */
void
care_arena_release(CareArena *ar)
{
	CareChunk  *c;

	if (ar->scratch != NULL)
	{
		care_arena_release(ar->scratch);
		ar->scratch = NULL;
	}
	c = ar->chunks;

	while (c != NULL)
	{
		CareChunk  *next = c->next;

		if (ar->a->release != NULL)
			ar->a->release(ar->a->ctx, c);
		c = next;
	}
	ar->chunks = NULL;
	ar->total = 0;
}

/*
 * A scratch arena for garbage-heavy work (generating one requirement's SQL
 * builds many intermediate strings): it shares the parent's memory limit and
 * out-of-memory jump, and its chunks go back as soon as the work is copied
 * out.  Only one at a time; the parent releases it too if a jump skips
 * care_scratch_end.
 */
CareArena *
care_scratch_begin(CareArena *parent)
{
	CareArena  *s = parent->scratch;
	CareChunk  *c;
	size_t		header = (sizeof(CareChunk) + ALIGNMENT - 1) & ~(size_t) (ALIGNMENT - 1);

	if (s == NULL)
	{
		s = care_arena_zalloc(parent, sizeof *s);
		care_arena_init(s, parent->a, 0);
		parent->scratch = s;
	}
	/* reuse the chunks kept from last time: no allocator round trip */
	for (c = s->chunks; c; c = c->next)
		c->used = header;
	s->limit = parent->limit > parent->total ? parent->limit - parent->total : 0;
	s->oom = parent->oom;
	return s;
}

/* Done with the scratch arena: keep a little for next time, release the rest. */
void
care_scratch_end(CareArena *parent)
{
	if (parent->scratch != NULL && parent->scratch->total > (size_t) 4 * 1024 * 1024)
		care_arena_release(parent->scratch);
}

/* Copy n bytes and add a NUL. */
char *
care_strndup(CareArena *ar, const char *s, size_t n)
{
	char	   *d = care_arena_alloc(ar, n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Copy a NUL-terminated string (NULL stays NULL). */
char *
care_strdup(CareArena *ar, const char *s)
{
	return s == NULL ? NULL : care_strndup(ar, s, strlen(s));
}

/*
 * The pieces of a format: literal runs, %s arguments and small numbers.
 * The SQL generator formats large strings all the time; glibc's vsnprintf
 * copies %s arguments byte by byte, twice (measure, then write), which was
 * most of a big compile's time.  This handles %s %d %ld %zu %c %% with a
 * strlen and a memcpy per piece; anything else returns -1 and the caller
 * falls back to vsnprintf.
 */
#define MAX_PIECES 48

typedef struct Pieces
{
	const char *ptr[MAX_PIECES];
	size_t		len[MAX_PIECES];
	char		num[MAX_PIECES][24];
	int			n;
	size_t		total;
} Pieces;

/* Split a format into pieces; -1 when it has a conversion not handled here. */
static int
split_format(Pieces *pc, const char *fmt, va_list ap)
{
	const char *p = fmt;

	pc->n = 0;
	pc->total = 0;
	while (*p)
	{
		const char *q = p;
		int			k = pc->n;

		if (k + 2 > MAX_PIECES)
			return -1;
		while (*q && *q != '%')
			q++;
		if (q > p)
		{
			pc->ptr[k] = p;
			pc->len[k] = (size_t) (q - p);
			pc->total += pc->len[k];
			k = ++pc->n;
		}
		if (*q == '\0')
			break;
		/* a conversion */
		q++;
		if (q[0] == 's')
		{
			const char *a = va_arg(ap, const char *);

			pc->ptr[k] = a ? a : "(null)";
			pc->len[k] = strlen(pc->ptr[k]);
			q += 1;
		}
		else if (q[0] == 'd')
		{
			pc->len[k] = (size_t) snprintf(pc->num[k], sizeof pc->num[k], "%d", va_arg(ap, int));
			pc->ptr[k] = pc->num[k];
			q += 1;
		}
		else if (q[0] == 'l' && q[1] == 'd')
		{
			pc->len[k] = (size_t) snprintf(pc->num[k], sizeof pc->num[k], "%ld", va_arg(ap, long));
			pc->ptr[k] = pc->num[k];
			q += 2;
		}
		else if (q[0] == 'z' && q[1] == 'u')
		{
			pc->len[k] = (size_t) snprintf(pc->num[k], sizeof pc->num[k], "%zu", va_arg(ap, size_t));
			pc->ptr[k] = pc->num[k];
			q += 2;
		}
		else if (q[0] == 'c')
		{
			pc->num[k][0] = (char) va_arg(ap, int);
			pc->ptr[k] = pc->num[k];
			pc->len[k] = 1;
			q += 1;
		}
		else if (q[0] == '%')
		{
			pc->ptr[k] = "%";
			pc->len[k] = 1;
			q += 1;
		}
		else
			return -1;
		pc->total += pc->len[k];
		pc->n++;
		p = q;
	}
	return 0;
}

/* printf into the arena: the piece formatter, or vsnprintf for the rest. */
char *
care_vprintf(CareArena *ar, const char *fmt, va_list ap)
{
	size_t		len;

	return care_vprintf_len(ar, &len, fmt, ap);
}

/* Like care_vprintf, also telling the length of the result. */
char *
care_vprintf_len(CareArena *ar, size_t *len, const char *fmt, va_list ap)
{
	va_list		ap2;
	int			n;
	char	   *d;
	Pieces		pc;

	va_copy(ap2, ap);
	if (split_format(&pc, fmt, ap2) == 0)
	{
		int			i;
		char	   *o;

		va_end(ap2);
		d = care_arena_alloc(ar, pc.total + 1);
		if (d == NULL)
			return NULL;
		for (o = d, i = 0; i < pc.n; i++)
		{
			memcpy(o, pc.ptr[i], pc.len[i]);
			o += pc.len[i];
		}
		*o = '\0';
		*len = pc.total;
		return d;
	}
	va_end(ap2);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	*len = (size_t) n;
	d = care_arena_alloc(ar, (size_t) n + 1);
	if (d == NULL)
		return NULL;
	vsnprintf(d, (size_t) n + 1, fmt, ap);
	return d;
}

/* printf into the arena. */
char *
care_printf(CareArena *ar, const char *fmt,...)
{
	va_list		ap;
	char	   *d;

	va_start(ap, fmt);
	d = care_vprintf(ar, fmt, ap);
	va_end(ap);
	return d;
}

/* ---------------------------------------------------------------------
 * Buffers.
 */

/* Start an empty buffer that flags (and stops growing) past limit bytes. */
void
care_buf_init(CareBuf *b, CareArena *ar, size_t limit)
{
	b->ar = ar;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
	b->over = 0;
}

/* Make room for n more bytes at once (avoids the garbage of doubling). */
void
care_buf_reserve(CareBuf *b, size_t n)
{
	char	   *d;
	size_t		cap = b->len + n + 1;

	if (b->over || cap <= b->cap || cap > b->limit + 1)
		return;
	d = care_arena_alloc(b->ar, cap);
	if (d == NULL)
		return;
	if (b->len)
		memcpy(d, b->data, b->len + 1);
	b->data = d;
	b->cap = cap;
}

/* Append n bytes, doubling the storage; past the limit, only flag it. */
void
care_buf_append(CareBuf *b, const char *s, size_t n)
{
	if (b->over)
		return;
	if (b->len + n > b->limit)
	{
		b->over = 1;
		return;
	}
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap * 2 : 256;
		char	   *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = care_arena_alloc(b->ar, cap);
		if (d == NULL)
		{
			b->over = 1;
			return;
		}
		if (b->len)
			memcpy(d, b->data, b->len);
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a NUL-terminated string. */
void
care_buf_puts(CareBuf *b, const char *s)
{
	care_buf_append(b, s, strlen(s));
}

/* Append one byte. */
void
care_buf_putc(CareBuf *b, char c)
{
	care_buf_append(b, &c, 1);
}

/* Append formatted text. */
void
care_buf_printf(CareBuf *b, const char *fmt,...)
{
	va_list		ap;
	char		small[256];
	int			n;
	Pieces		pc;

	va_start(ap, fmt);
	if (split_format(&pc, fmt, ap) == 0)
	{
		int			i;

		va_end(ap);
		for (i = 0; i < pc.n; i++)
			care_buf_append(b, pc.ptr[i], pc.len[i]);
		return;
	}
	va_end(ap);
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t) n < sizeof small)
	{
		care_buf_append(b, small, (size_t) n);
		return;
	}
	va_start(ap, fmt);
	{
		char	   *big = care_vprintf(b->ar, fmt, ap);

		if (big != NULL)
			care_buf_append(b, big, (size_t) n);
	}
	va_end(ap);
}

/* The buffer's text (never NULL: an empty buffer gives ""). */
char *
care_buf_done(CareBuf *b)
{
	if (b->data == NULL)
		return care_strdup(b->ar, "");
	return b->data;
}

/* Append a double-quoted SQL identifier, doubling inner double quotes. */
void
care_buf_ident(CareBuf *b, const char *ident)
{
	const char *p;

	care_buf_putc(b, '"');
	for (p = ident; *p; p++)
	{
		if (*p == '"')
			care_buf_putc(b, '"');
		care_buf_putc(b, *p);
	}
	care_buf_putc(b, '"');
}

/*
 * Append a single-quoted literal, doubling inner single quotes: the
 * rules language's own quoting (the formatter, the schema text).  SQL
 * literals use care_buf_sql_literal.
 */
void
care_buf_literal(CareBuf *b, const char *text)
{
	const char *p;

	care_buf_putc(b, '\'');
	for (p = text; *p; p++)
	{
		if (*p == '\'')
			care_buf_putc(b, '\'');
		care_buf_putc(b, *p);
	}
	care_buf_putc(b, '\'');
}

/* A quoted identifier as a new string. */
char *
care_sql_ident(CareArena *ar, const char *ident)
{
	CareBuf		b;

	if (strchr(ident, '"') == NULL)
		return care_printf(ar, "\"%s\"", ident);	/* nothing to double */

	care_buf_init(&b, ar, (size_t) -1);
	care_buf_ident(&b, ident);
	return care_buf_done(&b);
}

/*
 * Append a SQL string literal in the escape form E'...', with backslashes
 * and single quotes escaped.  An E'' literal reads the same whatever
 * standard_conforming_strings says, so text from the rules (a message
 * like "no audit \' ; SELECT 1; --") can never change the shape of the
 * statement in a session that has the setting off.
 */
void
care_buf_sql_literal(CareBuf *b, const char *text)
{
	const char *p;

	care_buf_puts(b, "E'");
	for (p = text; *p; p++)
	{
		if (*p == '\\' || *p == '\'')
			care_buf_putc(b, '\\');
		care_buf_putc(b, *p);
	}
	care_buf_putc(b, '\'');
}

/* A SQL string literal (E'...', see care_buf_sql_literal) as a new string. */
char *
care_sql_literal(CareArena *ar, const char *text)
{
	CareBuf		b;

	care_buf_init(&b, ar, (size_t) -1);
	care_buf_sql_literal(&b, text);
	return care_buf_done(&b);
}

/* ---------------------------------------------------------------------
 * Diagnostics.
 */

/* An empty list whose records live in ar. */
void
care_diags_init(CareDiagList *dl, CareArena *ar)
{
	dl->ar = ar;
	dl->items = NULL;
	dl->n = 0;
	dl->cap = 0;
	dl->nerrors = 0;
	dl->full = 0;
}

/*
 * Add a diagnostic; returns it so the caller can add a hint or detail, or
 * NULL once the cap is reached (the cap keeps hostile input from filling
 * memory with diagnostics; the last slot says that more were dropped).
 */
CareDiag *
care_diag(CareDiagList *dl, CareSeverity sev, const char *sqlstate,
		  CareSpan span, const char *fmt,...)
{
	va_list		ap;
	CareDiag   *d;

	if (sev == CARE_ERROR)
		dl->nerrors++;
	if (dl->full)
		return NULL;
	if (dl->n == dl->cap)
	{
		int			cap = dl->cap ? dl->cap * 2 : 16;
		CareDiag   *items = care_arena_alloc(dl->ar, sizeof(CareDiag) * (size_t) cap);

		if (items == NULL)
			return NULL;
		if (dl->n)
			memcpy(items, dl->items, sizeof(CareDiag) * (size_t) dl->n);
		dl->items = items;
		dl->cap = cap;
	}
	d = &dl->items[dl->n++];
	memset(d, 0, sizeof *d);
	if (dl->n == CARE_MAX_DIAGS)
	{
		/* the last slot says what happened to the rest */
		dl->full = 1;
		d->severity = CARE_ERROR;
		d->sqlstate = "54000";
		d->span = span;
		d->message = "too many diagnostics; stopped after " "99";
		d->hint = "Fix the errors above and check again.";
		if (sev != CARE_ERROR)
			dl->nerrors++;
		return NULL;
	}
	d->severity = sev;
	d->sqlstate = sqlstate;
	d->span = span;
	va_start(ap, fmt);
	d->message = care_vprintf(dl->ar, fmt, ap);
	va_end(ap);
	return d;
}

/* Attach a hint (full sentences). */
void
care_diag_hint(CareDiagList *dl, CareDiag *d, const char *fmt,...)
{
	va_list		ap;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	d->hint = care_vprintf(dl->ar, fmt, ap);
	va_end(ap);
}

/* Attach a detail (full sentences). */
void
care_diag_detail(CareDiagList *dl, CareDiag *d, const char *fmt,...)
{
	va_list		ap;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	d->detail = care_vprintf(dl->ar, fmt, ap);
	va_end(ap);
}

/*
 * Sort by position, keeping the order of equal positions (insertion sort is
 * stable and the list is capped at CARE_MAX_DIAGS, so it is cheap).
 */
void
care_diags_sort(CareDiagList *dl)
{
	int			i,
				j;

	for (i = 1; i < dl->n; i++)
	{
		CareDiag	d = dl->items[i];

		for (j = i; j > 0 && dl->items[j - 1].span.offset > d.span.offset; j--)
			dl->items[j] = dl->items[j - 1];
		dl->items[j] = d;
	}
}

/*
 * Levenshtein distance between two short names, for "did you mean" hints;
 * names longer than 63 bytes are never suggested.
 */
int
care_edit_distance(const char *a, const char *b, int max)
{
	int			row[64];
	size_t		la = strlen(a),
				lb = strlen(b),
				i,
				j;

	if (la > 63 || lb > 63)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t) max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = (int) j;
	for (i = 1; i <= la; i++)
	{
		int			diag = row[0];
		int			best;

		row[0] = (int) i;
		best = row[0];
		for (j = 1; j <= lb; j++)
		{
			int			up = row[j];
			int			v = diag + (a[i - 1] == b[j - 1] ? 0 : 1);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}
