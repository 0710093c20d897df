/*
 * bench_compile.c — how long a big ruleset takes to compile (not a test).
 *
 * Generates a ruleset of about 10,000 lines in the style of the D1 rules
 * (params, defs calling earlier defs, objectives with lets, quantifiers,
 * latest, aggregates and message templates) and reports the best and the
 * median wall time of a full compile (parse, check, canonical form and the
 * three SQL texts) over several runs, and the first (cold) run apart:
 * a first run pays the kernel for every fresh page (a third of its time
 * here); later runs reuse the memory, as a long-lived backend does, because
 * malloc is told to keep what it frees.  Target: under 100 ms.
 *
 * Wall times on a shared machine drift by a third from one hour to the
 * next, so the same run also times a fixed reference task (sorting a
 * million pseudo-random doubles) and prints the compile time as a ratio of
 * it: the ratio tells a slower compiler from a slower machine.  Nothing
 * passes or fails on time; the exit status is 0 unless something broke.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "care_malloc.h"
#include "carelang.h"

#define RUNS 9

/* Append formatted text to a growing buffer. */
static void
put(char **buf, size_t *len, size_t *cap, const char *fmt, int a, int b, int c)
{
	char		line[1024];
	int			n = snprintf(line, sizeof line, fmt, a, b, c);

	if (*len + (size_t) n + 1 > *cap)
	{
		*cap = (*cap + (size_t) n + 1) * 2;
		*buf = realloc(*buf, *cap);
	}
	memcpy(*buf + *len, line, (size_t) n + 1);
	*len += (size_t) n;
}

/* Milliseconds since an arbitrary point. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/*
 * The reference task: sort a million doubles from a fixed linear
 * congruential sequence; the median of RUNS sorts, in milliseconds.
 */
static double
reference_ms(void)
{
	enum
	{
		N = 1000000
	};
	double	   *v = malloc(sizeof(double) * N);
	double		t[RUNS];
	int			r;

	if (v == NULL)
		return 0;
	for (r = 0; r < RUNS; r++)
	{
		unsigned long long x = 88172645463325252ULL;
		double		t0;
		int			i;

		for (i = 0; i < N; i++)
		{
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			v[i] = (double) (x >> 11);
		}
		t0 = now_ms();
		qsort(v, N, sizeof v[0], cmp_double);
		t[r] = now_ms() - t0;
	}
	free(v);
	qsort(t, RUNS, sizeof t[0], cmp_double);
	return t[RUNS / 2];
}

int
main(int argc, char **argv)
{
	const char *schema_path = argc > 1 ? argv[1] : "tests/rulesets/care.schema";
	FILE	   *f = fopen(schema_path, "rb");
	static char stext[1 << 16];
	size_t		slen;
	CareMalloc	sm;
	CareSchema *schema;
	CareDiag   *d;
	int			nd;
	char	   *src = NULL;
	size_t		len = 0,
				cap = 0;
	int			lines = 0,
				i,
				o;
	double		times[RUNS];
	double		cold = 0,
				reference;
	size_t		sql_bytes = 0,
				peak = 0;

	if (f == NULL)
	{
		fprintf(stderr, "bench_compile: cannot open %s\n", schema_path);
		return 2;
	}
	slen = fread(stext, 1, sizeof stext, f);
	fclose(f);
	care_malloc_init(&sm);
	schema = care_schema_parse(stext, slen, &sm.allocator, &d, &nd);
	if (schema == NULL)
		return 2;

	put(&src, &len, &cap, "# generated benchmark ruleset\nruleset bench version %d campaign 'D1'\n  title \"benchmark\"\n\n", 1, 0, 0);
	lines += 4;
	for (i = 0; i < 40; i++)
	{
		put(&src, &len, &cap, "param gap%d interval = '%d days'\nparam target%d integer = 2\n", i, 30 + i, i);
		lines += 2;
	}
	put(&src, &len, &cap, "\ndef counts0(f finding) = f.status not in (false_positive, accepted_risk)\n", 0, 0, 0);
	lines += 2;
	for (i = 1; i < 200; i++)
	{
		/* defs call earlier defs, in short chains as real rules do */
		put(&src, &len, &cap, "# def %d\ndef counts%d(f finding) = counts%d(f) and f.severity >= low\n", i, i, i % 4 ? i - 1 : 0);
		put(&src, &len, &cap, "def clean%d(a audit) = none f in a.findings: counts%d(f) and f.severity >= critical\n", i, i, 0);
		put(&src, &len, &cap, "def level%d(a audit) = coalesce(a.ad_level, min(f.checkpoint_level for f in a.findings where counts%d(f)), 5)\n\n", i, i, 0);
		lines += 5;
	}
	for (o = 0; lines < 10000; o++)
	{
		int			k = 1 + o % 199;

		put(&src, &len, &cap, "objective \"D%d.O%d\" \"objective %d\" {\n", o / 10, o % 10, o);
		put(&src, &len, &cap, "  let audits = audit where kind = exposure and performed_on <= as_of - gap%d\n", o % 40, 0, 0);
		put(&src, &len, &cap, "  require exists audits\n    else \"no exposure audit before {as_of - gap%d}\"\n", o % 40, 0, 0);
		put(&src, &len, &cap, "  require any a in audits, b in audits:\n            b.performed_on - a.performed_on between gap%d and gap%d and clean%d(a)\n", o % 40, (o + 1) % 40, k);
		put(&src, &len, &cap, "    else \"no pair {gap%d} apart\"\n  require clean%d(latest audits by performed_on)\n", o % 40, k, 0);
		put(&src, &len, &cap, "  require every d in ad_domain:\n            level%d(latest (audit where kind = ad and ad_domain = d) by performed_on) >= target%d\n", k, o % 40, 0);
		put(&src, &len, &cap, "    else \"below {target%d}: {count(ad_domain)} domains\"\n}\n\n", o % 40, 0, 0);
		lines += 14;
	}
	put(&src, &len, &cap, "eligible when \"D0.O0\"", 0, 0, 0);
	for (i = 1; i < o && i < 200; i++)
		put(&src, &len, &cap, " and \"D%d.O%d\"", i / 10, i % 10, 0);
	put(&src, &len, &cap, "\n", 0, 0, 0);
	lines += 1;

	if (argc > 2)
	{
		/* bench_compile SCHEMA OUT: write the generated ruleset, to look at it */
		FILE	   *out = fopen(argv[2], "wb");

		if (out == NULL || fwrite(src, 1, len, out) != len)
			return 2;
		fclose(out);
	}
	/* keep freed memory in the process between runs (warm, like a backend) */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	for (i = 0; i < RUNS; i++)
	{
		CareMalloc	m;
		CareRuleset *r;
		double		t0;

		care_malloc_init(&m);
		t0 = now_ms();
		r = care_compile(src, len, schema, &m.allocator, NULL);
		times[i] = now_ms() - t0;
		if (i == 0)
			cold = times[i];
		if (r == NULL || !r->ok)
		{
			fprintf(stderr, "bench_compile: the generated ruleset does not compile: %s (line %d)\n",
					r && r->ndiags ? r->diags[0].message : "?", r && r->ndiags ? r->diags[0].span.line : 0);
			return 1;
		}
		sql_bytes = strlen(r->verdict_sql) + strlen(r->evaluate_sql) + strlen(r->explain_sql);
		peak = m.peak;
		care_malloc_free_all(&m);
	}
	qsort(times, RUNS, sizeof times[0], cmp_double);
	reference = reference_ms();
	printf("compile of a %d-line ruleset (%zu bytes, %d objectives, 597 defs): best %.1f ms, median %.1f ms, "
		   "first (cold) run %.1f ms (target < 100 ms); %zu bytes of SQL; peak memory %.1f MB\n",
		   lines, len, o, times[0], times[RUNS / 2], cold, sql_bytes, peak / 1048576.0);
	printf("reference sort of 1e6 doubles: %.1f ms; median compile = %.2f x the reference (cold %.2f x)\n",
		   reference, times[RUNS / 2] / reference, cold / reference);
	free(src);
	care_malloc_free_all(&sm);
	return 0;
}
