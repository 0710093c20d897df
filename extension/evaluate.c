/*
 * evaluate.c — verdicts: care_eligible(), care_explain(), care.evaluate().
 *
 * Each runs SQL the rules compiler wrote when the ruleset was defined; the
 * eligibility logic lives in the ruleset, none here.  Plans are prepared
 * once per backend per ruleset content (rulesets never change once
 * defined) and kept.  Which ruleset decides a campaign is cached too;
 * every change of the activations reaches every backend at commit through
 * a relcache invalidation sent by a trigger, so no backend serves a
 * verdict of a replaced ruleset.  Queries run with the caller's rights:
 * row-level security on the evidence applies to verdicts.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "care.h"

PG_FUNCTION_INFO_V1(care_eligible);
PG_FUNCTION_INFO_V1(care_explain);
PG_FUNCTION_INFO_V1(care_evaluate);
PG_FUNCTION_INFO_V1(care_ruleset_cache_invalidate);

/* A ruleset as the backend runs it: plans, parameter types and defaults. */
typedef struct PreparedRuleset
{
	char	   *name;
	int			version;
	char	   *content_sha256;
	int			nparams;		/* the ruleset's params ($3...) */
	char	  **param_names;
	Oid		   *argtypes;		/* $1 id, $2 as_of, then params */
	Datum	   *defaults;
	char	   *verdict_text;	/* care_eligible's query: "eligible" of verdict_sql */
	char	   *evaluate_text;
	char	   *explain_text;
	SPIPlanPtr	verdict_plan;	/* prepared on first use */
	SPIPlanPtr	evaluate_plan;
	SPIPlanPtr	explain_plan;
	struct PreparedRuleset *next;
} PreparedRuleset;

/* Which ruleset decides a campaign, as last read. */
typedef struct CampaignRuleset
{
	char	   *campaign;
	char	   *ruleset_name;
	int			ruleset_version;
	PreparedRuleset *ruleset;	/* resolved on first use */
	struct CampaignRuleset *next;
} CampaignRuleset;

/* Long-lived memory of this file: rulesets and the campaign mapping. */
static MemoryContext care_cache_context = NULL;
static PreparedRuleset *prepared_rulesets = NULL;
static MemoryContext campaign_map_context = NULL;
static CampaignRuleset *campaign_map = NULL;
static bool campaign_map_valid = false;
static Oid	activation_relid = InvalidOid;
static Oid	ruleset_relid = InvalidOid;

/* Forget the campaign mapping when the activations or rulesets change. */
static void
campaign_map_invalidate(Datum arg, Oid relid)
{
	(void) arg;
	if (relid == InvalidOid || relid == activation_relid || relid == ruleset_relid)
		campaign_map_valid = false;
}

/* Register the relcache callback that keeps the mapping fresh (from _PG_init). */
void
care_evaluate_register_callbacks(void)
{
	CacheRegisterRelcacheCallback(campaign_map_invalidate, (Datum) 0);
}

/*
 * Trigger on care.ruleset_activation and care.ruleset: send a relcache
 * invalidation of the table, which every backend (this one at the next
 * command, the others at commit) turns into a fresh campaign mapping.
 */
Datum
care_ruleset_cache_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("care.ruleset_cache_invalidate() must be called as a trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* The memory context rulesets and plans live in, made on first use. */
static MemoryContext
cache_context(void)
{
	if (care_cache_context == NULL)
		care_cache_context = AllocSetContextCreate(CacheMemoryContext, "care rulesets",
												   ALLOCSET_SMALL_SIZES);
	return care_cache_context;
}

/* Text column of the current SPI row, copied into context. */
static char *
spi_text_in(HeapTuple tuple, int column, MemoryContext context)
{
	char	   *value = SPI_getvalue(tuple, SPI_tuptable->tupdesc, column);

	return value ? MemoryContextStrdup(context, value) : NULL;
}

/*
 * Read the parameter list of a ruleset (care.ruleset.params) and evaluate
 * each default once, keeping the values in the cache context.
 */
static void
load_params(PreparedRuleset *r, const char *params_json)
{
	MemoryContext cache = cache_context();
	Oid			argtype = TEXTOID;
	Datum		arg = CStringGetTextDatum(params_json);
	uint64		i;
	int			ret;

	ret = SPI_execute_with_args("SELECT p->>'name', p->>'sql_type', p->>'default_sql'"
								"  FROM pg_catalog.jsonb_array_elements($1::pg_catalog.jsonb)"
								"       WITH ORDINALITY AS e(p, i) ORDER BY i",
								1, &argtype, &arg, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "could not read the parameters of ruleset %s", r->name);
	r->nparams = (int) SPI_processed;
	r->param_names = MemoryContextAlloc(cache, sizeof(char *) * Max(r->nparams, 1));
	r->argtypes = MemoryContextAlloc(cache, sizeof(Oid) * (r->nparams + 2));
	r->defaults = MemoryContextAlloc(cache, sizeof(Datum) * Max(r->nparams, 1));
	r->argtypes[0] = INT8OID;
	r->argtypes[1] = DATEOID;
	{
		SPITupleTable *params = SPI_tuptable;
		char	  **default_sql = palloc(sizeof(char *) * Max(r->nparams, 1));

		for (i = 0; i < (uint64) r->nparams; i++)
		{
			int32		typmod;
			char	   *sql_type = SPI_getvalue(params->vals[i], params->tupdesc, 2);

			r->param_names[i] = MemoryContextStrdup(cache, SPI_getvalue(params->vals[i], params->tupdesc, 1));
			parseTypeString(sql_type, &r->argtypes[i + 2], &typmod, false);
			default_sql[i] = SPI_getvalue(params->vals[i], params->tupdesc, 3);
		}
		for (i = 0; i < (uint64) r->nparams; i++)
		{
			bool		isnull;
			int16		typlen;
			bool		typbyval;
			Datum		value;
			MemoryContext old;

			ret = SPI_execute(psprintf("SELECT %s", default_sql[i]), true, 1);
			if (ret != SPI_OK_SELECT || SPI_processed != 1)
				elog(ERROR, "could not evaluate the default of parameter %s", r->param_names[i]);
			value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
			if (isnull)
				elog(ERROR, "parameter %s of ruleset %s has a null default", r->param_names[i], r->name);
			get_typlenbyval(r->argtypes[i + 2], &typlen, &typbyval);
			old = MemoryContextSwitchTo(cache);
			r->defaults[i] = datumCopy(value, typbyval, typlen);
			MemoryContextSwitchTo(old);
		}
	}
}

/*
 * care_eligible reads only "eligible" of the verdict query: asked through
 * a subquery, the planner drops the other columns (the verdict words and
 * the objectives' jsonb), and since the compiled per-id query reads its
 * derived tables through scalar subqueries, evaluated only when needed,
 * an objective that fails spares the others their work.
 */
static char *
eligible_only(const char *verdict_sql, MemoryContext context)
{
	return MemoryContextStrdup(context,
							   psprintf("SELECT c.\"eligible\" FROM (%s) AS c", verdict_sql));
}

/*
 * The prepared form of the ruleset stored under (name, version), read and
 * kept on first use.  Rulesets never change once defined, so the content
 * hash names a prepared ruleset for the life of the backend.
 */
static PreparedRuleset *
prepared_ruleset(const char *name, int version)
{
	MemoryContext cache = cache_context();
	Oid			argtypes[2] = {TEXTOID, INT4OID};
	Datum		args[2];
	PreparedRuleset *r;
	HeapTuple	row;
	char	   *sha;
	int			ret;

	args[0] = CStringGetTextDatum(name);
	args[1] = Int32GetDatum(version);
	ret = SPI_execute_with_args("SELECT r.content_sha256, r.params::text, r.verdict_sql,"
								"       r.evaluate_sql, r.explain_sql"
								"  FROM care.ruleset r"
								" WHERE r.name OPERATOR(pg_catalog.=) $1"
								"   AND r.version OPERATOR(pg_catalog.=) $2",
								2, argtypes, args, NULL, true, 1);
	if (ret != SPI_OK_SELECT || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("ruleset %s version %d does not exist", name, version)));
	row = SPI_tuptable->vals[0];
	sha = SPI_getvalue(row, SPI_tuptable->tupdesc, 1);
	for (r = prepared_rulesets; r; r = r->next)
		if (strcmp(r->content_sha256, sha) == 0)
			return r;
	r = MemoryContextAllocZero(cache, sizeof(PreparedRuleset));
	r->name = MemoryContextStrdup(cache, name);
	r->version = version;
	r->content_sha256 = MemoryContextStrdup(cache, sha);
	r->verdict_text = eligible_only(spi_text_in(row, 3, CurrentMemoryContext), cache);
	r->evaluate_text = spi_text_in(row, 4, cache);
	r->explain_text = spi_text_in(row, 5, cache);
	load_params(r, SPI_getvalue(row, SPI_tuptable->tupdesc, 2));
	r->next = prepared_rulesets;
	prepared_rulesets = r;
	return r;
}

/*
 * A plan of a prepared ruleset, prepared and kept on first use.  The
 * per-establishment forms run thousands of times a query and keep the
 * plan cache's choice of a generic plan; the set form runs once over
 * every establishment, so it asks for a plan made with the call's values
 * (cursor_options CURSOR_OPT_CUSTOM_PLAN): planning costs well under one
 * per cent of its run, and in exchange the planner sees as_of and every
 * param as constants -- selectivities of the dates, and a disabled
 * branch such as "kev_blocks and f.known_exploited" folded away instead
 * of being tested on every finding.
 */
static SPIPlanPtr
ruleset_plan(PreparedRuleset *r, SPIPlanPtr *slot, const char *sql, int cursor_options)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	plan = care_prepare_compiled(sql, r->nparams + 2, r->argtypes,
												 cursor_options);

		if (plan == NULL)
			elog(ERROR, "could not prepare the SQL of ruleset %s version %d: %s",
				 r->name, r->version, SPI_result_code_string(SPI_result));
		SPI_keepplan(plan);
		*slot = plan;
	}
	return *slot;
}

/* Read every campaign's active ruleset afresh (after an invalidation). */
static void
load_campaign_map(void)
{
	uint64		i;
	Oid			care_namespace;
	SPITupleTable *rows;

	if (campaign_map_context == NULL)
		campaign_map_context = AllocSetContextCreate(CacheMemoryContext, "care campaign map",
													 ALLOCSET_SMALL_SIZES);
	MemoryContextReset(campaign_map_context);
	campaign_map = NULL;
	/* valid from now on, unless an invalidation arrives while we read */
	campaign_map_valid = true;
	care_namespace = get_namespace_oid("care", false);
	activation_relid = get_relname_relid("ruleset_activation", care_namespace);
	ruleset_relid = get_relname_relid("ruleset", care_namespace);
	if (SPI_execute("SELECT a.campaign, a.ruleset_name, a.ruleset_version"
					"  FROM care.active_ruleset a ORDER BY a.campaign DESC", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the active rulesets");
	rows = SPI_tuptable;
	for (i = 0; i < SPI_processed; i++)
	{
		CampaignRuleset *c = MemoryContextAllocZero(campaign_map_context, sizeof(CampaignRuleset));
		bool		isnull;

		c->campaign = spi_text_in(rows->vals[i], 1, campaign_map_context);
		c->ruleset_name = spi_text_in(rows->vals[i], 2, campaign_map_context);
		c->ruleset_version = DatumGetInt32(SPI_getbinval(rows->vals[i], rows->tupdesc, 3, &isnull));
		c->next = campaign_map;
		campaign_map = c;
	}
}

/*
 * The campaign a call is about: the one it names, else the GUC
 * care.campaign, else the only campaign with an active ruleset.
 */
static const char *
resolve_campaign(text *named)
{
	CampaignRuleset *c;
	StringInfoData all;
	int			n = 0;

	if (named != NULL)
		return text_to_cstring(named);
	if (care_default_campaign != NULL && care_default_campaign[0] != '\0')
		return care_default_campaign;
	initStringInfo(&all);
	for (c = campaign_map; c; c = c->next)
		appendStringInfo(&all, "%s%s", n++ ? ", " : "", c->campaign);
	if (n == 1)
		return campaign_map->campaign;
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("no ruleset decides any campaign"),
				 errhint("Define one with care.ruleset_define() and activate it with care.ruleset_activate().")));
	ereport(ERROR,
			(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
			 errmsg("several campaigns have an active ruleset: %s", all.data),
			 errhint("Name the campaign in the call, or SET care.campaign.")));
	return NULL;				/* not reached */
}

/* The prepared ruleset deciding campaign, with a clear error when there is none. */
static PreparedRuleset *
campaign_ruleset(const char *campaign)
{
	CampaignRuleset *c;

	for (c = campaign_map; c; c = c->next)
		if (strcmp(c->campaign, campaign) == 0)
		{
			if (c->ruleset == NULL)
				c->ruleset = prepared_ruleset(c->ruleset_name, c->ruleset_version);
			return c->ruleset;
		}
	{
		Oid			argtype = TEXTOID;
		Datum		arg = CStringGetTextDatum(campaign);

		if (SPI_execute_with_args("SELECT 1 FROM care.campaign c WHERE c.code OPERATOR(pg_catalog.=) $1",
								  1, &argtype, &arg, NULL, true, 1) == SPI_OK_SELECT &&
			SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("campaign \"%s\" does not exist", campaign)));
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("no ruleset decides campaign \"%s\"", campaign),
			 errhint("Activate one with care.ruleset_activate().")));
	return NULL;				/* not reached */
}

/* Error context while a parameter override is read. */
static void
param_override_context(void *arg)
{
	errcontext("parameter \"%s\"", (const char *) arg);
}

/* The name of the closest parameter to name, or NULL when none is close. */
static const char *
closest_param(const PreparedRuleset *r, const char *name)
{
	const char *best = NULL;
	int			best_distance = 3;	/* at most two edits away */
	int			i;

	for (i = 0; i < r->nparams; i++)
	{
		int			d = varstr_levenshtein_less_equal(name, strlen(name),
													  r->param_names[i], strlen(r->param_names[i]),
													  1, 1, 1, best_distance, true);

		if (d < best_distance)
		{
			best_distance = d;
			best = r->param_names[i];
		}
	}
	return best;
}

/*
 * Fill values[2...] with the parameters: the defaults, replaced by the
 * values of the overrides object.  An override names a parameter of the
 * ruleset and holds a JSON scalar read as the parameter's type.
 */
static void
bind_params(PreparedRuleset *r, Jsonb *overrides, Datum *values, char *nulls)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			i;

	for (i = 0; i < r->nparams; i++)
	{
		values[i + 2] = r->defaults[i];
		nulls[i + 2] = ' ';
	}
	if (overrides == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(overrides))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("params must be a JSON object"),
				 errdetail("Give each parameter to override as a key, e.g. '{\"min_gap\": \"30 days\"}'.")));
	it = JsonbIteratorInit(&overrides->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *name;
		char	   *value_text;
		int			index = -1;
		Oid			typinput;
		Oid			typioparam;
		ErrorContextCallback callback;

		if (tok != WJB_KEY)
			continue;
		name = pnstrdup(v.val.string.val, v.val.string.len);
		for (i = 0; i < r->nparams; i++)
			if (strcmp(r->param_names[i], name) == 0)
				index = i;
		tok = JsonbIteratorNext(&it, &v, true);
		if (index < 0)
		{
			const char *close = closest_param(r, name);

			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ruleset %s version %d has no parameter \"%s\"", r->name, r->version, name),
					 close ? errhint("Did you mean \"%s\"?", close) : 0));
		}
		switch (v.type)
		{
			case jbvString:
				value_text = pnstrdup(v.val.string.val, v.val.string.len);
				break;
			case jbvNumeric:
				value_text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v.val.numeric)));
				break;
			case jbvBool:
				value_text = v.val.boolean ? "true" : "false";
				break;
			case jbvNull:
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("parameter \"%s\" cannot be null", name),
						 errhint("Leave it out to use its default.")));
				break;
			default:
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("parameter \"%s\" must be a JSON string, number or boolean", name)));
				value_text = NULL;	/* not reached */
		}
		getTypeInputInfo(r->argtypes[index + 2], &typinput, &typioparam);
		callback.callback = param_override_context;
		callback.arg = name;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		values[index + 2] = OidInputFunctionCall(typinput, value_text, typioparam, -1);
		error_context_stack = callback.previous;
	}
}

/*
 * Everything a call needs before it runs SQL: SPI connected, the campaign
 * mapping fresh, the ruleset prepared, and the bind values filled ($1 the
 * establishment, $2 as_of — today when null — then the params).
 */
static PreparedRuleset *
begin_call(FunctionCallInfo fcinfo, int campaign_arg, int as_of_arg, int params_arg,
		   Datum **values, char **nulls)
{
	PreparedRuleset *r;
	text	   *campaign = PG_ARGISNULL(campaign_arg) ? NULL : PG_GETARG_TEXT_PP(campaign_arg);
	Jsonb	   *overrides = PG_ARGISNULL(params_arg) ? NULL : PG_GETARG_JSONB_P(params_arg);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (!campaign_map_valid)
		load_campaign_map();
	r = campaign_ruleset(resolve_campaign(campaign));
	*values = palloc0(sizeof(Datum) * (r->nparams + 2));
	*nulls = palloc(r->nparams + 2);
	memset(*nulls, ' ', r->nparams + 2);
	(*values)[1] = PG_ARGISNULL(as_of_arg) ? DateADTGetDatum(GetSQLCurrentDate())
		: PG_GETARG_DATUM(as_of_arg);
	bind_params(r, overrides, *values, *nulls);
	return r;
}

/*
 * Re-raise the error being handled with the ruleset as its context instead
 * of the compiled SQL, which says nothing to the caller and is in
 * care.ruleset for whoever needs it.
 */
static void
pg_attribute_noreturn()
rethrow_with_ruleset_context(PreparedRuleset *r, MemoryContext caller_context)
{
	ErrorData  *edata;

	MemoryContextSwitchTo(caller_context);
	edata = CopyErrorData();
	FlushErrorState();
	edata->context = psprintf("evaluating ruleset %s version %d", r->name, r->version);
	ReThrowError(edata);
}

/*
 * Run a plan of a ruleset; an error inside (permission denied on the
 * evidence, a statement timeout) names the ruleset, not its SQL.
 */
static int
execute_ruleset_plan(PreparedRuleset *r, SPIPlanPtr plan, Datum *values, char *nulls, long count)
{
	MemoryContext caller_context = CurrentMemoryContext;
	int			ret = 0;

	PG_TRY();
	{
		ret = SPI_execute_plan(plan, values, nulls, true, count);
	}
	PG_CATCH();
	{
		rethrow_with_ruleset_context(r, caller_context);
	}
	PG_END_TRY();
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "query of ruleset %s version %d failed: %s", r->name, r->version,
			 SPI_result_code_string(ret));
	return ret;
}

/* Fail with a message naming an establishment the query did not find. */
static void
establishment_not_found(int64 id)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("establishment " INT64_FORMAT " does not exist", id),
			 errhint("Ids are those of care.establishment; row-level security may hide some.")));
}

/*
 * care_eligible(establishment_id, campaign, as_of, params) → boolean:
 * true only when the ruleset's eligible-when expression is met.
 */
Datum
care_eligible(PG_FUNCTION_ARGS)
{
	PreparedRuleset *r;
	Datum	   *values;
	char	   *nulls;
	int64		id;
	bool		eligible;
	bool		isnull;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	id = PG_GETARG_INT64(0);
	r = begin_call(fcinfo, 1, 2, 3, &values, &nulls);
	values[0] = Int64GetDatum(id);
	execute_ruleset_plan(r, ruleset_plan(r, &r->verdict_plan, r->verdict_text, 0), values, nulls, 2);
	if (SPI_processed == 0)
		establishment_not_found(id);
	eligible = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
										  SPI_fnumber(SPI_tuptable->tupdesc, "eligible"), &isnull));
	SPI_finish();
	PG_RETURN_BOOL(!isnull && eligible);
}

/* Column numbers of the result columns, looked up by name in the SPI result. */
static void
columns_by_name(TupleDesc desc, int ncolumns, const char *const *names, int *numbers)
{
	int			i;

	for (i = 0; i < ncolumns; i++)
	{
		numbers[i] = SPI_fnumber(desc, names[i]);
		if (numbers[i] <= 0)
			elog(ERROR, "compiled SQL has no column \"%s\"", names[i]);
	}
}

/* Copy the named columns of SPI rows into the function's tuplestore. */
static void
store_rows(ReturnSetInfo *rsinfo, SPITupleTable *rows, uint64 nrows,
		   int ncolumns, const char *const *names)
{
	int			numbers[16];
	Datum		values[16];
	bool		nulls[16];
	uint64		i;
	int			j;

	Assert(ncolumns <= 16);
	columns_by_name(rows->tupdesc, ncolumns, names, numbers);
	for (i = 0; i < nrows; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (j = 0; j < ncolumns; j++)
			values[j] = SPI_getbinval(rows->vals[i], rows->tupdesc, numbers[j], &nulls[j]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * care_explain(establishment_id, campaign, as_of, params): one row per
 * requirement (objective, requirement text, verdict, message, observed
 * values, witnesses) and one for the overall verdict.
 */
Datum
care_explain(PG_FUNCTION_ARGS)
{
	static const char *const columns[] = {
		"objective", "objective_title", "objective_verdict", "requirement",
		"requirement_text", "verdict", "message", "observed", "witnesses"
	};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PreparedRuleset *r;
	Datum	   *values;
	char	   *nulls;
	int64		id;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	id = PG_GETARG_INT64(0);
	r = begin_call(fcinfo, 1, 2, 3, &values, &nulls);
	values[0] = Int64GetDatum(id);
	execute_ruleset_plan(r, ruleset_plan(r, &r->explain_plan, r->explain_text, 0), values, nulls, 0);
	if (SPI_processed == 0)
		establishment_not_found(id);
	store_rows(rsinfo, SPI_tuptable, SPI_processed, lengthof(columns), columns);
	SPI_finish();
	return (Datum) 0;
}

/*
 * care.evaluate(campaign, as_of, params): every establishment's verdict
 * from the ruleset's one set-based query, read through a cursor so that
 * memory stays flat however many establishments there are.
 */
Datum
care_evaluate(PG_FUNCTION_ARGS)
{
	static const char *const columns[] = {"establishment_id", "eligible", "verdict", "objectives"};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PreparedRuleset *r;
	Datum	   *values;
	char	   *nulls;
	Portal		portal;
	MemoryContext caller_context;

	InitMaterializedSRF(fcinfo, 0);
	r = begin_call(fcinfo, 0, 1, 2, &values, &nulls);
	values[0] = Int64GetDatum(0);
	nulls[0] = 'n';
	caller_context = CurrentMemoryContext;
	PG_TRY();
	{
		portal = SPI_cursor_open(NULL, ruleset_plan(r, &r->evaluate_plan, r->evaluate_text,
													CURSOR_OPT_CUSTOM_PLAN),
								 values, nulls, true);
		for (;;)
		{
			CHECK_FOR_INTERRUPTS();
			SPI_cursor_fetch(portal, true, 1000);
			if (SPI_processed == 0)
				break;
			store_rows(rsinfo, SPI_tuptable, SPI_processed, lengthof(columns), columns);
			SPI_freetuptable(SPI_tuptable);
		}
		SPI_cursor_close(portal);
	}
	PG_CATCH();
	{
		rethrow_with_ruleset_context(r, caller_context);
	}
	PG_END_TRY();
	SPI_finish();
	return (Datum) 0;
}
