/*
 * ruleset_compile.c — run the rules compiler inside the backend.
 *
 * The compiler (grammar/) knows nothing of PostgreSQL: it allocates through
 * the allocator given here (palloc in a memory context that dies with the
 * call, so an error thrown from inside leaks nothing), polls for
 * interrupts and stack depth through the hook, and returns diagnostics as
 * records.  This file turns those records into ereport()s that show the
 * line, the column and a caret under the source, checks that each
 * compiled SQL text prepares, and returns what the compiler made.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "care.h"

PG_FUNCTION_INFO_V1(care_ruleset_compile);
PG_FUNCTION_INFO_V1(care_ruleset_check);
PG_FUNCTION_INFO_V1(care_schema_export);

/* Longest piece of a source line shown under an error. */
#define SOURCE_LINE_SHOWN 160

/* palloc for the rules library: NULL instead of an error when memory runs out. */
static void *
backend_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_NO_OOM);
}

/* pfree for the rules library. */
static void
backend_release(void *ctx, void *ptr)
{
	(void) ctx;
	if (ptr)
		pfree(ptr);
}

/* The library recurses and loops over user text: let the backend say stop. */
static void
backend_poll(void *ctx)
{
	(void) ctx;
	CHECK_FOR_INTERRUPTS();
	check_stack_depth();
}

/* An allocator drawing on context (everything dies with it). */
CareAllocator
care_backend_allocator(MemoryContext context)
{
	CareAllocator a = {backend_alloc, backend_release, context};

	return a;
}

/* Hooks that make the library interruptible and stack-safe in a backend. */
CareHooks
care_backend_hooks(void)
{
	CareHooks	h = {backend_poll, NULL};

	return h;
}

/* Byte offset of the start of 1-based line in source. */
static size_t
line_start(const char *source, size_t len, int line)
{
	size_t		i = 0;
	int			l = 1;

	while (l < line && i < len)
	{
		if (source[i] == '\n')
			l++;
		i++;
	}
	return i;
}

/*
 * The source line of a diagnostic with a caret line under its span, as
 * psql shows a query position: the line (tabs made spaces, clipped), then
 * spaces and ^ characters under the offending characters.
 */
static char *
source_excerpt(const char *source, size_t len, const CareSpan *span)
{
	StringInfoData out;
	size_t		start = line_start(source, len, span->line);
	size_t		end = start;
	int			col = 1;
	int			width = 0;
	int			carets;
	size_t		i;

	while (end < len && source[end] != '\n' && source[end] != '\r')
		end++;
	initStringInfo(&out);
	appendStringInfoString(&out, "  ");
	for (i = start; i < end && width < SOURCE_LINE_SHOWN;)
	{
		int			n = pg_utf_mblen((const unsigned char *) source + i);

		if (n <= 0 || i + n > end || !pg_utf8_islegal((const unsigned char *) source + i, n))
			n = 1;				/* never copy a broken sequence */
		if (source[i] == '\t' || (unsigned char) source[i] < 0x20 ||
			(n == 1 && (unsigned char) source[i] >= 0x80))
			appendStringInfoChar(&out, source[i] == '\t' ? ' ' : '?');
		else
			appendBinaryStringInfo(&out, source + i, n);
		i += n;
		width++;
	}
	if (i < end)
		appendStringInfoString(&out, "...");
	appendStringInfoString(&out, "\n  ");
	for (col = 1; col < span->col && col <= SOURCE_LINE_SHOWN; col++)
		appendStringInfoChar(&out, ' ');
	carets = (span->end_line == span->line && span->end_col > span->col) ?
		span->end_col - span->col : 1;
	if (carets > SOURCE_LINE_SHOWN)
		carets = SOURCE_LINE_SHOWN;
	while (carets-- > 0)
		appendStringInfoChar(&out, '^');
	return out.data;
}

/* The SQLSTATE of a diagnostic as an error code (syntax error when unset). */
static int
diag_errcode(const CareDiag *d)
{
	const char *s = d->sqlstate;

	if (s == NULL || strlen(s) != 5)
		return d->severity == CARE_ERROR ? ERRCODE_SYNTAX_ERROR : ERRCODE_WARNING;
	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

/*
 * Report one diagnostic at elevel: the message, then where it is (line,
 * column, the source line and a caret), the compiler's own detail and
 * hint, and for an error how many more the ruleset has.
 */
static void
report_diagnostic(int elevel, const CareDiag *d, const char *source, size_t len,
				  int more_errors)
{
	StringInfoData detail;

	initStringInfo(&detail);
	appendStringInfo(&detail, "At line %d, column %d of the ruleset:\n%s",
					 d->span.line, d->span.col, source_excerpt(source, len, &d->span));
	if (d->detail)
		appendStringInfo(&detail, "\n%s", d->detail);
	if (more_errors > 0)
		appendStringInfo(&detail, "\nThe ruleset has %d more error%s; care.ruleset_check() lists them all.",
						 more_errors, more_errors > 1 ? "s" : "");
	ereport(elevel,
			(errcode(diag_errcode(d)),
			 errmsg_internal("%s", d->message),
			 errdetail_internal("%s", detail.data),
			 d->hint ? errhint("%s", d->hint) : 0));
}

/*
 * Compile source against the live catalogue.  Warnings become notices;
 * the first error is raised (with a count of the others), so nothing is
 * returned unless the ruleset is sound.
 */
static CareRuleset *
compile_or_raise(text *source_text, MemoryContext context)
{
	CareAllocator allocator = care_backend_allocator(context);
	CareHooks	hooks = care_backend_hooks();
	const char *source = VARDATA_ANY(source_text);
	size_t		len = VARSIZE_ANY_EXHDR(source_text);
	CareSchema *schema = care_catalog_schema(&allocator);
	CareRuleset *ruleset = care_compile(source, len, schema, &allocator, &hooks);
	const CareDiag *first_error = NULL;
	int			errors = 0;
	int			i;

	if (ruleset == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while compiling a ruleset")));
	for (i = 0; i < ruleset->ndiags; i++)
	{
		const CareDiag *d = &ruleset->diags[i];

		if (d->severity == CARE_ERROR)
		{
			if (first_error == NULL)
				first_error = d;
			errors++;
		}
		else
			report_diagnostic(NOTICE, d, source, len, 0);
	}
	if (first_error)
		report_diagnostic(ERROR, first_error, source, len, errors - 1);
	if (!ruleset->ok)
		elog(ERROR, "ruleset compiler failed without a diagnostic");
	return ruleset;
}

/*
 * Prepare compiled SQL with standard_conforming_strings on.  The compiler
 * writes standard string literals; a session with the setting off would
 * read a backslash in a message as an escape and could change the shape
 * of the statement.  The setting only matters while the text is parsed,
 * so it is pinned around SPI_prepare and costs nothing per execution.
 */
SPIPlanPtr
care_prepare_compiled(const char *sql, int nargs, Oid *argtypes, int cursor_options)
{
	int			nest_level = NewGUCNestLevel();
	SPIPlanPtr	plan;

	(void) set_config_option("standard_conforming_strings", "on",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	plan = SPI_prepare_cursor(sql, nargs, argtypes, cursor_options);
	AtEOXact_GUC(true, nest_level);
	return plan;
}

/* Error context while the compiled SQL is prepared: it is care's fault. */
static void
compiled_sql_context(void *arg)
{
	errcontext("while checking the SQL compiled from ruleset %s (this is a bug in care)",
			   (const char *) arg);
}

/* The types of the bind parameters of the compiled SQL: id, as_of, params. */
static Oid *
compiled_param_types(const CareRuleset *r)
{
	Oid		   *types = palloc(sizeof(Oid) * (r->nparams + 2));
	int			i;

	types[0] = INT8OID;
	types[1] = DATEOID;
	for (i = 0; i < r->nparams; i++)
	{
		int32		typmod;

		parseTypeString(r->params[i].sql_type, &types[i + 2], &typmod, false);
	}
	return types;
}

/*
 * Prepare each compiled SQL text once, so a ruleset whose SQL would not
 * run is never stored.
 */
static void
check_compiled_sql(const CareRuleset *r)
{
	ErrorContextCallback callback;
	const char *texts[3];
	Oid		   *types;
	int			i;

	texts[0] = r->verdict_sql;
	texts[1] = r->evaluate_sql;
	texts[2] = r->explain_sql;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	callback.callback = compiled_sql_context;
	callback.arg = (void *) r->name;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	types = compiled_param_types(r);
	for (i = 0; i < 3; i++)
		if (care_prepare_compiled(texts[i], r->nparams + 2, types, 0) == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	error_context_stack = callback.previous;
	SPI_finish();
}

/* Hex SHA-256 of a string. */
static char *
sha256_hex(const char *data)
{
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	char	   *hex = palloc(PG_SHA256_DIGEST_LENGTH * 2 + 1);
	int			i;

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) data, strlen(data)) < 0 ||
		pg_cryptohash_final(ctx, digest, sizeof digest) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
	for (i = 0; i < PG_SHA256_DIGEST_LENGTH; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return hex;
}

/* Append "key": "value" (value may be NULL) to a JSON object being built. */
static void
json_field(StringInfo buf, const char *key, const char *value, bool first)
{
	if (!first)
		appendStringInfoString(buf, ", ");
	escape_json(buf, key);
	appendStringInfoString(buf, ": ");
	if (value)
		escape_json(buf, value);
	else
		appendStringInfoString(buf, "null");
}

/* The params of a compiled ruleset as jsonb, in declaration order. */
static Datum
params_jsonb(const CareRuleset *r)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	for (i = 0; i < r->nparams; i++)
	{
		const CareParam *p = &r->params[i];

		appendStringInfoString(&buf, i ? ", {" : "{");
		json_field(&buf, "name", p->name, true);
		json_field(&buf, "type", p->type_name, false);
		json_field(&buf, "sql_type", p->sql_type, false);
		json_field(&buf, "default", p->default_text, false);
		json_field(&buf, "default_sql", p->default_sql, false);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* The objectives and their requirements as jsonb, in source order. */
static Datum
objectives_jsonb(const CareRuleset *r)
{
	StringInfoData buf;
	int			i;
	int			j;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	for (i = 0; i < r->nobjectives; i++)
	{
		const CareObjective *o = &r->objectives[i];

		appendStringInfoString(&buf, i ? ", {" : "{");
		json_field(&buf, "id", o->id, true);
		json_field(&buf, "title", o->title, false);
		appendStringInfoString(&buf, ", \"requirements\": [");
		for (j = 0; j < o->nrequirements; j++)
		{
			const CareRequirement *q = &o->requirements[j];

			appendStringInfo(&buf, "%s{\"index\": %d, \"line\": %d", j ? ", " : "",
							 q->index, q->span.line);
			json_field(&buf, "text", q->text, false);
			json_field(&buf, "message", q->message_template, false);
			appendStringInfoChar(&buf, '}');
		}
		appendStringInfoString(&buf, "]}");
	}
	appendStringInfoChar(&buf, ']');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* The dependencies as a text[] datum. */
static Datum
dependencies_array(const CareRuleset *r)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(r->ndeps, 1));
	int			i;

	for (i = 0; i < r->ndeps; i++)
		elems[i] = CStringGetTextDatum(r->deps[i]);
	return PointerGetDatum(construct_array(elems, r->ndeps, TEXTOID, -1, false, TYPALIGN_INT));
}

/* A text datum, or a null when the string is NULL. */
static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = (s == NULL);
	return s ? CStringGetTextDatum(s) : (Datum) 0;
}

/*
 * care.ruleset_compile(source text) → care.compiled_ruleset: check and
 * compile against the live catalogue, raise the first error with its
 * position, verify the SQL prepares, return the artefacts.
 */
Datum
care_ruleset_compile(PG_FUNCTION_ARGS)
{
	MemoryContext context = AllocSetContextCreate(CurrentMemoryContext,
												  "care rules compiler",
												  ALLOCSET_DEFAULT_SIZES);
	CareRuleset *r = compile_or_raise(PG_GETARG_TEXT_PP(0), context);
	TupleDesc	tupdesc;
	Datum		values[13];
	bool		nulls[13] = {0};
	HeapTuple	tuple;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	check_compiled_sql(r);
	values[0] = text_or_null(r->name, &nulls[0]);
	values[1] = Int32GetDatum((int32) r->version);
	values[2] = text_or_null(r->campaign, &nulls[2]);
	values[3] = text_or_null(r->title, &nulls[3]);
	values[4] = text_or_null(r->canonical, &nulls[4]);
	values[5] = CStringGetTextDatum(sha256_hex(r->canonical));
	values[6] = params_jsonb(r);
	values[7] = objectives_jsonb(r);
	values[8] = text_or_null(r->eligible_text, &nulls[8]);
	values[9] = dependencies_array(r);
	values[10] = text_or_null(r->verdict_sql, &nulls[10]);
	values[11] = text_or_null(r->evaluate_sql, &nulls[11]);
	values[12] = text_or_null(r->explain_sql, &nulls[12]);
	tuple = heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls);
	MemoryContextDelete(context);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

/*
 * care.ruleset_check(source text) → SETOF care.diagnostic: every error
 * and warning as a row, raising nothing.
 */
Datum
care_ruleset_check(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *source = PG_GETARG_TEXT_PP(0);
	MemoryContext context;
	CareAllocator allocator;
	CareHooks	hooks = care_backend_hooks();
	CareSchema *schema;
	CareRuleset *r;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	context = AllocSetContextCreate(CurrentMemoryContext, "care rules checker",
									ALLOCSET_DEFAULT_SIZES);
	allocator = care_backend_allocator(context);
	schema = care_catalog_schema(&allocator);
	r = care_compile(VARDATA_ANY(source), VARSIZE_ANY_EXHDR(source), schema, &allocator, &hooks);
	if (r == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while checking a ruleset")));
	for (i = 0; i < r->ndiags; i++)
	{
		const CareDiag *d = &r->diags[i];
		Datum		values[9];
		bool		nulls[9] = {0};

		CHECK_FOR_INTERRUPTS();
		values[0] = CStringGetTextDatum(d->severity == CARE_ERROR ? "error" : "warning");
		values[1] = Int32GetDatum(d->span.line);
		values[2] = Int32GetDatum(d->span.col);
		values[3] = Int32GetDatum(d->span.end_line);
		values[4] = Int32GetDatum(d->span.end_col);
		values[5] = text_or_null(d->sqlstate, &nulls[5]);
		values[6] = text_or_null(d->message, &nulls[6]);
		values[7] = text_or_null(d->detail, &nulls[7]);
		values[8] = text_or_null(d->hint, &nulls[8]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(context);
	return (Datum) 0;
}

/* care.schema_export() → text: the schema rules see, as carec reads it. */
Datum
care_schema_export(PG_FUNCTION_ARGS)
{
	MemoryContext context = AllocSetContextCreate(CurrentMemoryContext,
												  "care schema export",
												  ALLOCSET_DEFAULT_SIZES);
	CareAllocator allocator = care_backend_allocator(context);
	CareSchema *schema = care_catalog_schema(&allocator);
	char	   *written = care_schema_write(schema, &allocator);
	text	   *result;

	(void) fcinfo;				/* no arguments */
	if (written == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while exporting the rules schema")));
	result = cstring_to_text(written);
	MemoryContextDelete(context);
	PG_RETURN_TEXT_P(result);
}
