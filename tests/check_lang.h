/*
 * check_lang.h — helpers for the rules-language unit tests.
 *
 * Tests compile small rulesets against tests/rulesets/care.schema (found
 * through CARE_RULESETS, set by `make unit`, else the relative path) with
 * a malloc allocator that frees everything at the end of each test.
 */
#ifndef CARE_CHECK_LANG_H
#define CARE_CHECK_LANG_H

#include "check_util.h"

#include "care_malloc.h"
#include "carelang.h"

/* The whole text of a file under tests/rulesets (malloc), or abort. */
static inline char *
ruleset_file(const char *name, size_t *len)
{
	static char path[4096];
	const char *root = getenv("CARE_RULESETS");
	FILE	   *f;
	char	   *buf;
	long		n;

	if (root == NULL || root[0] == '\0')
		root = "tests/rulesets";
	snprintf(path, sizeof path, "%s/%s", root, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t) n, f), (size_t) n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t) n;
	return buf;
}

/* Test fixture state: one allocator, one schema, per test. */
static CareMalloc lang_mem;
static CareSchema *lang_schema;

static inline void
lang_setup(void)
{
	size_t		len;
	char	   *text = ruleset_file("care.schema", &len);
	CareDiag   *d;
	int			nd;

	care_malloc_init(&lang_mem);
	lang_schema = care_schema_parse(text, len, &lang_mem.allocator, &d, &nd);
	free(text);
	ck_assert_msg(lang_schema != NULL, "schema: %s", nd > 0 ? d[0].message : "?");
}

static inline void
lang_teardown(void)
{
	care_malloc_free_all(&lang_mem);
}

/* Compile a NUL-terminated text against the test schema. */
static inline CareRuleset *
compile(const char *text)
{
	CareRuleset *r = care_compile(text, strlen(text), lang_schema, &lang_mem.allocator, NULL);

	ck_assert_ptr_nonnull(r);
	return r;
}

/* A header and eligible line around a body, for short tests. */
#define RS(body) "ruleset t version 1\n" body

/* Every diagnostic as text, for failure messages. */
static inline const char *
diags_text(const CareRuleset *r)
{
	static char buf[8192];
	size_t		n = 0;
	int			i;

	buf[0] = '\0';
	for (i = 0; i < r->ndiags && n < sizeof buf - 200; i++)
		n += (size_t) snprintf(buf + n, sizeof buf - n, "%d:%d-%d:%d %s %s: %s%s%s\n",
							   r->diags[i].span.line, r->diags[i].span.col,
							   r->diags[i].span.end_line, r->diags[i].span.end_col,
							   r->diags[i].severity == CARE_ERROR ? "error" : "warning",
							   r->diags[i].sqlstate, r->diags[i].message,
							   r->diags[i].hint ? " | hint: " : "",
							   r->diags[i].hint ? r->diags[i].hint : "");
	return buf;
}

/* Number of error diagnostics. */
static inline int
nerrors(const CareRuleset *r)
{
	int			i,
				n = 0;

	for (i = 0; i < r->ndiags; i++)
		if (r->diags[i].severity == CARE_ERROR)
			n++;
	return n;
}

/* The diagnostic at line:col whose message contains text, or NULL. */
static inline const CareDiag *
find_diag(const CareRuleset *r, int line, int col, const char *text)
{
	int			i;

	for (i = 0; i < r->ndiags; i++)
		if (r->diags[i].span.line == line && r->diags[i].span.col == col &&
			strstr(r->diags[i].message, text) != NULL)
			return &r->diags[i];
	return NULL;
}

/* Assert a diagnostic at line:col with that SQLSTATE and message part. */
#define ck_diag(r, line, col, state, text) \
	do { \
		const CareDiag *d_ = find_diag((r), (line), (col), (text)); \
		ck_assert_msg(d_ != NULL, "no diagnostic %d:%d \"%s\"; got:\n%s", (line), (col), (text), diags_text(r)); \
		ck_assert_str_eq(d_->sqlstate, (state)); \
	} while (0)

/* Assert that the hint of the diagnostic at line:col contains text. */
#define ck_hint(r, line, col, msgpart, hintpart) \
	do { \
		const CareDiag *d_ = find_diag((r), (line), (col), (msgpart)); \
		ck_assert_msg(d_ != NULL && d_->hint != NULL && strstr(d_->hint, (hintpart)) != NULL, \
					  "no hint \"%s\" at %d:%d; got:\n%s", (hintpart), (line), (col), diags_text(r)); \
	} while (0)

/* Assert that compilation succeeded. */
#define ck_ok(r) ck_assert_msg((r)->ok, "compile failed:\n%s", diags_text(r))

/* Assert that s contains part. */
#define ck_contains(s, part) \
	ck_assert_msg((s) != NULL && strstr((s), (part)) != NULL, "\"%s\" not found in:\n%s", (part), (s) ? (s) : "(null)")
#define ck_lacks(s, part) \
	ck_assert_msg((s) != NULL && strstr((s), (part)) == NULL, "\"%s\" unexpectedly found in:\n%s", (part), (s) ? (s) : "(null)")

/* Count the occurrences of part in s. */
static inline int
count_of(const char *s, const char *part)
{
	int			n = 0;
	size_t		len = strlen(part);

	while ((s = strstr(s, part)) != NULL)
	{
		n++;
		s += len;
	}
	return n;
}

#endif							/* CARE_CHECK_LANG_H */
