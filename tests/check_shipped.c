/*
 * check_shipped.c — the rulesets care ships compile, against the schema
 * the extension exports (extension/care.schema), with no diagnostic at
 * all, and their canonical form is a fixed point.  The extension compiles
 * them again at CREATE EXTENSION; this catches a broken one before that.
 */
#include <dirent.h>

#include "check_util.h"

#include "care_malloc.h"
#include "carelang.h"

/* The whole text of a file (malloc), or a failed test. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t) n, f), (size_t) n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t) n;
	return buf;
}

/* Compile one shipped ruleset: no error, no warning, fmt a fixed point. */
static void
check_one(const char *path, const CareSchema *schema, CareMalloc *mem)
{
	size_t		len;
	char	   *source = read_file(path, &len);
	CareRuleset *r = care_compile(source, len, schema, &mem->allocator, NULL);
	CareRuleset *again;

	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->ndiags == 0, "%s:%d:%d: %s", path,
				  r->ndiags ? r->diags[0].span.line : 0,
				  r->ndiags ? r->diags[0].span.col : 0,
				  r->ndiags ? r->diags[0].message : "");
	ck_assert(r->ok);
	ck_assert_ptr_nonnull(r->verdict_sql);
	ck_assert_ptr_nonnull(r->evaluate_sql);
	ck_assert_ptr_nonnull(r->explain_sql);
	again = care_compile(r->canonical, strlen(r->canonical), schema, &mem->allocator, NULL);
	ck_assert_ptr_nonnull(again);
	ck_assert(again->ok);
	ck_assert_str_eq(again->canonical, r->canonical);
	ck_assert_str_eq(again->evaluate_sql, r->evaluate_sql);
	free(source);
}

START_TEST(shipped_rulesets_compile_cleanly)
{
	CareMalloc	mem;
	size_t		len;
	char	   *text = read_file("extension/care.schema", &len);
	CareDiag   *d;
	int			nd;
	CareSchema *schema;
	DIR		   *dir;
	struct dirent *entry;
	int			checked = 0;

	care_malloc_init(&mem);
	schema = care_schema_parse(text, len, &mem.allocator, &d, &nd);
	ck_assert_msg(schema != NULL, "extension/care.schema: %s", nd > 0 ? d[0].message : "?");
	dir = opendir("extension/rulesets");
	ck_assert_ptr_nonnull(dir);
	while ((entry = readdir(dir)) != NULL)
	{
		size_t		n = strlen(entry->d_name);
		char		path[1024];

		if (n < 6 || strcmp(entry->d_name + n - 5, ".care") != 0)
			continue;
		snprintf(path, sizeof path, "extension/rulesets/%s", entry->d_name);
		check_one(path, schema, &mem);
		checked++;
	}
	closedir(dir);
	ck_assert_int_ge(checked, 1);
	free(text);
	care_malloc_free_all(&mem);
}
END_TEST

/* The shipped-rulesets suite. */
static Suite *
shipped_suite(void)
{
	Suite	   *s = suite_create("shipped rulesets");
	TCase	   *tc = tcase_create("compile");

	tcase_add_test(tc, shipped_rulesets_compile_cleanly);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(shipped_suite());
}
