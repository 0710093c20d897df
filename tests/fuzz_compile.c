/*
 * fuzz_compile.c — libFuzzer target over parse + check + compile + fmt.
 *
 * Each input is compiled against the test schema; the target then checks
 * what must always hold: diagnostics lie inside the text, a successful
 * compile has its three SQL texts, the canonical form is a fixed point
 * (fmt(fmt(x)) == fmt(x)) and compiles to the same verdict and evaluate SQL
 * (explain_sql quotes the source text, so it may differ), and an allocator
 * that fails at a chosen allocation gives a clean "out of memory" and no
 * crash.  Every block is freed after each input (LeakSanitizer watches).
 *
 * make fuzz FUZZ_SECONDS=N runs it; CARE_FUZZ_SCHEMA names the schema.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care_malloc.h"
#include "carelang.h"

static CareMalloc schema_mem;
static CareSchema *schema;
static unsigned long polls;

/* The poll hook: count calls (the backend would check for interrupts). */
static void
poll_hook(void *ctx)
{
	(void) ctx;
	polls++;
}

static const CareHooks hooks = {poll_hook, NULL};

/* Load the schema once. */
int			LLVMFuzzerInitialize(int *argc, char ***argv);
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("CARE_FUZZ_SCHEMA");
	FILE	   *f;
	static char text[1 << 16];
	size_t		n;
	CareDiag   *d;
	int			nd;

	(void) argc;
	(void) argv;
	if (path == NULL)
		path = "tests/rulesets/care.schema";
	f = fopen(path, "rb");
	if (f == NULL)
	{
		fprintf(stderr, "fuzz_compile: cannot open schema %s\n", path);
		abort();
	}
	n = fread(text, 1, sizeof text, f);
	fclose(f);
	care_malloc_init(&schema_mem);
	schema = care_schema_parse(text, n, &schema_mem.allocator, &d, &nd);
	if (schema == NULL)
		abort();
	return 0;
}

/* Spans must lie inside the text and be ordered. */
static void
check_diags(const CareRuleset *r, size_t len)
{
	int			i;

	for (i = 0; i < r->ndiags; i++)
	{
		const CareSpan *s = &r->diags[i].span;

		if (s->line < 1 || s->col < 1 || s->offset > len || s->end_offset < s->offset ||
			s->end_offset > len + 1 || r->diags[i].message == NULL || r->diags[i].sqlstate == NULL ||
			strlen(r->diags[i].sqlstate) != 5)
			abort();
	}
	if (r->ok && (r->verdict_sql == NULL || r->evaluate_sql == NULL || r->explain_sql == NULL))
		abort();
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CareMalloc	m;
	CareRuleset *r;
	size_t		allocations;

	care_malloc_init(&m);
	r = care_compile((const char *) data, size, schema, &m.allocator, &hooks);
	if (r == NULL)
		abort();
	check_diags(r, size);
	allocations = m.count;
	if (r->canonical != NULL)
	{
		CareMalloc	m2;
		CareRuleset *r2;
		size_t		clen = strlen(r->canonical);

		care_malloc_init(&m2);
		r2 = care_compile(r->canonical, clen, schema, &m2.allocator, &hooks);
		if (r2 == NULL)
			abort();
		check_diags(r2, clen);
		/* the canonical form is a fixed point and means the same */
		if (r2->canonical == NULL || strcmp(r->canonical, r2->canonical) != 0)
		{
			fprintf(stderr, "fmt not idempotent:\n--- first\n%s\n--- second\n%s\n", r->canonical,
					r2->canonical ? r2->canonical : "(null)");
			abort();
		}
		if (r->ok != r2->ok ||
			(r->ok && (strcmp(r->verdict_sql, r2->verdict_sql) != 0 ||
					   strcmp(r->evaluate_sql, r2->evaluate_sql) != 0)))
		{
			fprintf(stderr, "fmt changed the meaning:\n%s\n", r->canonical);
			abort();
		}
		care_malloc_free_all(&m2);
	}
	care_malloc_free_all(&m);

	/* out of memory at some allocation: a clean diagnostic, no crash */
	if (allocations > 1)
	{
		size_t		h = 5381;
		size_t		i;

		for (i = 0; i < size; i++)
			h = h * 33 + data[i];
		care_malloc_init(&m);
		m.fail_after = 1 + h % allocations;
		r = care_compile((const char *) data, size, schema, &m.allocator, &hooks);
		if (r != NULL)
			check_diags(r, size);
		care_malloc_free_all(&m);
	}
	return 0;
}
