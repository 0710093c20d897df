/*
 * carec.c — the rules compiler's command line.
 *
 *   carec check [--schema FILE] FILE...
 *   carec sql   [--schema FILE] [--form verdict|evaluate|explain] FILE
 *   carec fmt   [--schema FILE] FILE
 *
 * Diagnostics print GCC-style (file:line:col: error: message, the source
 * line with a caret under the span, then detail and hint), so editors can
 * jump to them.  The schema comes from --schema, else $CARE_SCHEMA, else
 * care.schema in PostgreSQL's extension directory.  Exit status: 0 when no
 * error, 1 on an error in the rules, 2 on a usage or file problem.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care_malloc.h"
#include "carelang.h"

#ifndef CARE_SCHEMA_DEFAULT
#define CARE_SCHEMA_DEFAULT "/usr/share/postgresql/15/extension/care.schema"
#endif

/* Read a whole file into a NUL-terminated buffer (malloc); NULL on failure. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char	   *buf = NULL;
	size_t		n = 0,
				cap = 0;

	if (f == NULL)
		return NULL;
	for (;;)
	{
		size_t		got;

		if (cap - n < 65536)
		{
			char	   *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap + 1);
			if (nb == NULL)
			{
				free(buf);
				if (f != stdin)
					fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (f != stdin)
		fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Print the source line of a span with a caret/underline under it. */
static void
print_excerpt(const char *src, size_t len, const CareSpan *sp)
{
	size_t		start = sp->offset,
				end;
	int			i,
				width,
				cols = 0;

	if (src == NULL || sp->offset > len)
		return;
	while (start > 0 && src[start - 1] != '\n')
		start--;
	end = sp->offset;
	while (end < len && src[end] != '\n')
		end++;
	fprintf(stderr, " %5d | %.*s\n", sp->line, (int) (end - start), src + start);
	fprintf(stderr, "       | ");
	for (i = 1; i < sp->col; i++)
		fputc(' ', stderr);
	/* underline to the end of the span, or of the line */
	{
		size_t		k;

		for (k = start; k < end; k++)
			if (((unsigned char) src[k] & 0xC0) != 0x80)
				cols++;
	}
	width = sp->end_line == sp->line ? sp->end_col - sp->col : cols - sp->col + 1;
	if (width < 1)
		width = 1;
	fputc('^', stderr);
	for (i = 1; i < width; i++)
		fputc('~', stderr);
	fputc('\n', stderr);
}

/* Print diagnostics GCC-style; returns the number of errors. */
static int
print_diags(const char *file, const char *src, size_t len, const CareDiag *d, int n)
{
	int			errors = 0,
				i;

	for (i = 0; i < n; i++)
	{
		fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n", file, d[i].span.line, d[i].span.col,
				d[i].severity == CARE_ERROR ? "error" : "warning", d[i].message,
				d[i].sqlstate ? d[i].sqlstate : "");
		print_excerpt(src, len, &d[i].span);
		if (d[i].detail)
			fprintf(stderr, "detail: %s\n", d[i].detail);
		if (d[i].hint)
			fprintf(stderr, "hint: %s\n", d[i].hint);
		if (d[i].severity == CARE_ERROR)
			errors++;
	}
	return errors;
}

/* Usage, to stderr; exit status 2. */
static int
usage(void)
{
	fprintf(stderr,
			"usage: carec check [--schema FILE] FILE...\n"
			"       carec sql [--schema FILE] [--form verdict|evaluate|explain] FILE\n"
			"       carec fmt [--schema FILE] FILE\n"
			"The schema defaults to $CARE_SCHEMA, else %s.\n", CARE_SCHEMA_DEFAULT);
	return 2;
}

/* carec: parse the command line, load the schema, run the command per file. */
int
main(int argc, char **argv)
{
	const char *cmd;
	const char *schema_path = NULL;
	const char *form = "verdict";
	const char **files;
	int			nfiles = 0,
				i,
				status = 0;
	CareMalloc	m;
	CareSchema *schema = NULL;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	if (strcmp(cmd, "check") != 0 && strcmp(cmd, "sql") != 0 && strcmp(cmd, "fmt") != 0)
		return usage();
	files = calloc((size_t) argc, sizeof(char *));
	if (files == NULL)
		return 2;
	for (i = 2; i < argc; i++)
	{
		if (strcmp(argv[i], "--schema") == 0 && i + 1 < argc)
			schema_path = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			form = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-')
		{
			free(files);
			return usage();
		}
		else
			files[nfiles++] = argv[i];
	}
	if (nfiles == 0 || (strcmp(cmd, "check") != 0 && nfiles != 1) ||
		(strcmp(form, "verdict") != 0 && strcmp(form, "evaluate") != 0 && strcmp(form, "explain") != 0))
	{
		free(files);
		return usage();
	}
	if (schema_path == NULL)
		schema_path = getenv("CARE_SCHEMA");
	if (schema_path == NULL || schema_path[0] == '\0')
		schema_path = CARE_SCHEMA_DEFAULT;

	care_malloc_init(&m);
	{
		size_t		slen;
		char	   *stext = read_file(schema_path, &slen);

		if (stext == NULL)
		{
			if (strcmp(cmd, "fmt") != 0)
			{
				fprintf(stderr, "carec: cannot read schema %s: %s\n", schema_path, strerror(errno));
				free(files);
				return 2;
			}
		}
		else
		{
			CareDiag   *sd;
			int			nsd;

			schema = care_schema_parse(stext, slen, &m.allocator, &sd, &nsd);
			if (schema == NULL)
			{
				print_diags(schema_path, stext, slen, sd, nsd);
				free(stext);
				care_malloc_free_all(&m);
				free(files);
				return 2;
			}
			free(stext);
		}
	}

	for (i = 0; i < nfiles; i++)
	{
		size_t		len;
		char	   *src = read_file(files[i], &len);
		CareRuleset *r;

		if (src == NULL)
		{
			fprintf(stderr, "carec: cannot read %s: %s\n", files[i], strerror(errno));
			status = 2;
			continue;
		}
		r = care_compile(src, len, schema, &m.allocator, NULL);
		if (r == NULL)
		{
			fprintf(stderr, "carec: out of memory\n");
			free(src);
			status = 2;
			break;
		}
		if (strcmp(cmd, "fmt") == 0)
		{
			int			k,
						syntax = 0;

			for (k = 0; k < r->ndiags; k++)
				if (r->diags[k].severity == CARE_ERROR && r->canonical == NULL)
					syntax = 1;
			if (r->canonical == NULL || syntax)
			{
				print_diags(files[i], src, len, r->diags, r->ndiags);
				status = 1;
			}
			else
				fputs(r->canonical, stdout);
		}
		else
		{
			if (print_diags(files[i], src, len, r->diags, r->ndiags) > 0)
				status = status ? status : 1;
			else if (strcmp(cmd, "sql") == 0)
			{
				const char *sql = strcmp(form, "evaluate") == 0 ? r->evaluate_sql :
					strcmp(form, "explain") == 0 ? r->explain_sql : r->verdict_sql;

				printf("%s;\n", sql);
			}
		}
		care_ruleset_free(r);
		free(src);
	}
	if (schema != NULL)
		care_schema_free(schema);
	care_malloc_free_all(&m);
	free(files);
	return status;
}
