/*
 * cvss_sql.c — SQL face of CVSS scoring (see cvss.c).
 *
 * care.cvss(text) returns every score of a vector as a care.cvss_result;
 * care.cvss_score(text) only the final score; care.cvss_problem(text) says
 * what is wrong with a vector without raising, for checking files before
 * loading them; care.cvss_severity(numeric) is the rating table, for
 * scores that come without a vector.  An invalid vector raises
 * invalid_text_representation naming the vector and saying what is wrong.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/syscache.h"

#include "cvss.h"

PG_FUNCTION_INFO_V1(care_cvss);
PG_FUNCTION_INFO_V1(care_cvss_score);
PG_FUNCTION_INFO_V1(care_cvss_problem);
PG_FUNCTION_INFO_V1(care_cvss_severity);

/* Longest prefix of a rejected vector quoted back in an error message. */
#define CVSS_QUOTE_MAX 256

/* Longest metric name, value or component quoted inside a detail. */
#define CVSS_PART_MAX 32

/* Columns of care.cvss_result, in order. */
#define CVSS_RESULT_NATTS 10

/* What a call site keeps between calls: the result row type and labels. */
typedef struct CvssCallCache
{
	TupleDesc	tupdesc;		/* care.cvss_result, blessed (care.cvss) */
	Oid			severity[CVSS_SEVERITY_CRITICAL + 1];	/* care.severity labels */
} CvssCallCache;

/* The pg_enum OID of each severity label of the given enum type. */
static void
cvss_lookup_severities(Oid enumtype, Oid *labels)
{
	int			s;

	for (s = CVSS_SEVERITY_NONE; s <= CVSS_SEVERITY_CRITICAL; s++)
	{
		const char *name = cvss_severity_name((CvssSeverity) s);
		HeapTuple	tup = SearchSysCache2(ENUMTYPOIDNAME,
										  ObjectIdGetDatum(enumtype),
										  CStringGetDatum(name));

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "type %s has no label \"%s\"", format_type_be(enumtype), name);
		labels[s] = ((Form_pg_enum) GETSTRUCT(tup))->oid;
		ReleaseSysCache(tup);
	}
}

/*
 * The cache of this call site, built on first use in the function's memory
 * context.  With a result row type, the severity enum is that of the row's
 * third column; otherwise it is the function's return type.
 */
static CvssCallCache *
cvss_call_cache(FunctionCallInfo fcinfo, bool row)
{
	CvssCallCache *cache = (CvssCallCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	Oid			enumtype;

	if (cache != NULL)
		return cache;
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cache = palloc0(sizeof(CvssCallCache));
	if (row)
	{
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE ||
			tupdesc->natts != CVSS_RESULT_NATTS)
			elog(ERROR, "care.cvss must return care.cvss_result with %d columns",
				 CVSS_RESULT_NATTS);
		cache->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		enumtype = TupleDescAttr(cache->tupdesc, 2)->atttypid;
	}
	else
		enumtype = get_func_rettype(fcinfo->flinfo->fn_oid);
	cvss_lookup_severities(enumtype, cache->severity);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/* At most max bytes of text[0..length), cut on a character, "..." if cut. */
static char *
cvss_quotable(const char *text, size_t length, int max)
{
	size_t		n = length;

	if (n > (size_t) max)
		n = pg_mbcliplen(text, (int) length, max);
	return psprintf("%.*s%s", (int) n, text, n < length ? "..." : "");
}

/* The 1-based character position of a byte offset. */
static int
cvss_position(const char *text, size_t offset)
{
	return pg_mbstrlen_with_len(text, (int) offset) + 1;
}

/* "Metric AV is missing." or "Metrics AV, AC and I are missing." */
static char *
cvss_missing_sentence(const CvssDiagnosis *d)
{
	StringInfoData buf;
	int			count = 0;
	int			seen = 0;
	int			m;

	for (m = 0; m < cvss_metric_count(d->version); m++)
		if (d->missing & (1UL << m))
			count++;
	initStringInfo(&buf);
	appendStringInfoString(&buf, count == 1 ? "Metric " : "Metrics ");
	for (m = 0; m < cvss_metric_count(d->version); m++)
		if (d->missing & (1UL << m))
		{
			seen++;
			if (seen > 1)
				appendStringInfoString(&buf, seen == count ? " and " : ", ");
			appendStringInfoString(&buf, cvss_metric_name(d->version, m));
		}
	appendStringInfoString(&buf, count == 1 ? " is missing." : " are missing.");
	return buf.data;
}

/* The character at a byte offset, as a detail shows it. */
static char *
cvss_character_sentence(const char *text, const CvssDiagnosis *d)
{
	unsigned char c = (unsigned char) text[d->offset];
	int			position = cvss_position(text, d->offset);

	if (c == ' ')
		return psprintf("Character %d is a space, which cannot stand in a vector.", position);
	if (c < 0x20 || c == 0x7f)
		return psprintf("Character %d is the byte 0x%02x, which cannot stand in a vector.",
						position, c);
	return psprintf("Character %d is \"%.*s\", which cannot stand in a vector.",
					position, pg_mblen(text + d->offset), text + d->offset);
}

/* One or two sentences saying what is wrong with a vector, for errdetail. */
static char *
cvss_problem_sentence(const char *text, const CvssDiagnosis *d)
{
	const char *version = cvss_version_name(d->version);
	char	   *name = cvss_quotable(text + d->name_offset, d->name_length, CVSS_PART_MAX);
	char	   *value = cvss_quotable(text + d->value_offset, d->value_length, CVSS_PART_MAX);
	char		allowed[128];

	switch (d->problem)
	{
		case CVSS_VALID:
			return NULL;
		case CVSS_EMPTY:
			return pstrdup("The vector is empty.");
		case CVSS_BAD_CHARACTER:
			return cvss_character_sentence(text, d);
		case CVSS_BAD_PREFIX:
			{
				char	   *prefix = cvss_quotable(text + d->offset, d->length, CVSS_PART_MAX);

				if (d->length > 0 && text[d->offset + d->length - 1] == '#')
					return psprintf("The prefix \"%s\" is not CVSS2#.", prefix);
				return psprintf("The prefix \"%s\" is not CVSS:3.0, CVSS:3.1 or CVSS:4.0.", prefix);
			}
		case CVSS_MISSING_PREFIX:
			return psprintf("Metric %s needs a version prefix such as CVSS:3.1/; a vector without one is read as CVSS 2.0.",
							name);
		case CVSS_EMPTY_METRIC:
			return psprintf("Character %d is \"/\" where a metric was expected.",
							cvss_position(text, d->offset));
		case CVSS_TRAILING_SLASH:
			return pstrdup("The vector ends with \"/\".");
		case CVSS_MALFORMED_METRIC:
			return psprintf("\"%s\" at character %d is not of the form METRIC:VALUE.",
							cvss_quotable(text + d->offset, d->length, CVSS_PART_MAX),
							cvss_position(text, d->offset));
		case CVSS_UNKNOWN_METRIC:
			return psprintf("Metric %s does not exist in CVSS %s.", name, version);
		case CVSS_DUPLICATE_METRIC:
			return psprintf("Metric %s appears twice, at characters %d and %d.",
							cvss_metric_name(d->version, d->metric),
							cvss_position(text, d->first_offset),
							cvss_position(text, d->offset));
		case CVSS_BAD_VALUE:
			cvss_allowed_values(d->version, d->metric, allowed, sizeof allowed);
			return psprintf("Metric %s has value \"%s\"; CVSS %s allows %s.",
							cvss_metric_name(d->version, d->metric), value, version, allowed);
		case CVSS_MISSING_METRIC:
			return cvss_missing_sentence(d);
	}
	return NULL;				/* keep compilers quiet */
}

/* A hint for the problems a hint helps with, or NULL. */
static const char *
cvss_problem_hint(const char *text, const CvssDiagnosis *d)
{
	if (d->case_hint)
		return "CVSS vectors are case-sensitive: write prefixes, metrics and values as the specification does.";
	if (d->problem == CVSS_BAD_CHARACTER &&
		(text[d->offset] == ' ' || text[d->offset] == '\t' ||
		 text[d->offset] == '\n' || text[d->offset] == '\r'))
		return "Trim the value: a vector has no white space.";
	return NULL;
}

/* Parse and score a text datum, raising invalid_text_representation. */
static void
cvss_evaluate_or_raise(text *vector, CvssScores *scores)
{
	const char *s = VARDATA_ANY(vector);
	size_t		len = VARSIZE_ANY_EXHDR(vector);
	CvssDiagnosis d;
	const char *hint;

	if (cvss_evaluate(s, len, scores, &d) == CVSS_VALID)
		return;
	hint = cvss_problem_hint(s, &d);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid CVSS vector \"%s\"", cvss_quotable(s, len, CVSS_QUOTE_MAX)),
			 errdetail_internal("%s", cvss_problem_sentence(s, &d)),
			 hint ? errhint("%s", hint) : 0));
}

/* A score in tenths as a numeric with one decimal: 98 -> 9.8. */
static Datum
cvss_numeric(int tenths)
{
	return NumericGetDatum(int64_div_fast_to_numeric(tenths, 1));
}

/* care.cvss(vector): every score and severity of the vector. */
Datum
care_cvss(PG_FUNCTION_ARGS)
{
	CvssCallCache *cache = cvss_call_cache(fcinfo, true);
	CvssScores	s;
	Datum		values[CVSS_RESULT_NATTS];
	bool		nulls[CVSS_RESULT_NATTS];

	cvss_evaluate_or_raise(PG_GETARG_TEXT_PP(0), &s);
	memset(nulls, 0, sizeof nulls);
	values[0] = CStringGetTextDatum(cvss_version_name(s.version));
	values[1] = cvss_numeric(s.base);
	values[2] = ObjectIdGetDatum(cache->severity[s.base_severity]);
	values[3] = cvss_numeric(s.temporal);
	values[4] = ObjectIdGetDatum(cache->severity[s.temporal_severity]);
	values[5] = cvss_numeric(s.environmental);
	values[6] = ObjectIdGetDatum(cache->severity[s.environmental_severity]);
	values[7] = cvss_numeric(s.score);
	values[8] = ObjectIdGetDatum(cache->severity[s.severity]);
	if (s.nomenclature)
		values[9] = CStringGetTextDatum(s.nomenclature);
	else
	{
		values[9] = (Datum) 0;
		nulls[9] = true;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->tupdesc, values, nulls)));
}

/* care.cvss_score(vector): the final score only. */
Datum
care_cvss_score(PG_FUNCTION_ARGS)
{
	CvssScores	s;

	cvss_evaluate_or_raise(PG_GETARG_TEXT_PP(0), &s);
	PG_RETURN_DATUM(cvss_numeric(s.score));
}

/* care.cvss_problem(vector): what is wrong with it, or NULL when valid. */
Datum
care_cvss_problem(PG_FUNCTION_ARGS)
{
	text	   *vector = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(vector);
	CvssDiagnosis d;

	if (cvss_parse(s, VARSIZE_ANY_EXHDR(vector), NULL, &d) == CVSS_VALID)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(cvss_problem_sentence(s, &d)));
}

/* Compare a numeric with tenths/10. */
static int
cvss_compare(Datum score, int tenths)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, score, cvss_numeric(tenths)));
}

/*
 * care.cvss_severity(score): the CVSS 3.x/4.0 rating table.  Scores with
 * more than one decimal fall on the table's thresholds (4.0, 7.0, 9.0);
 * anything outside 0..10 is an error.
 */
Datum
care_cvss_severity(PG_FUNCTION_ARGS)
{
	Datum		score = PG_GETARG_DATUM(0);
	CvssCallCache *cache = cvss_call_cache(fcinfo, false);
	CvssSeverity s;

	if (cvss_compare(score, 0) < 0 || cvss_compare(score, 100) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("CVSS score %s is out of range",
						DatumGetCString(DirectFunctionCall1(numeric_out, score))),
				 errdetail("A CVSS score lies between 0.0 and 10.0.")));
	if (cvss_compare(score, 0) == 0)
		s = CVSS_SEVERITY_NONE;
	else if (cvss_compare(score, 40) < 0)
		s = CVSS_SEVERITY_LOW;
	else if (cvss_compare(score, 70) < 0)
		s = CVSS_SEVERITY_MEDIUM;
	else if (cvss_compare(score, 90) < 0)
		s = CVSS_SEVERITY_HIGH;
	else
		s = CVSS_SEVERITY_CRITICAL;
	PG_RETURN_OID(cache->severity[s]);
}
