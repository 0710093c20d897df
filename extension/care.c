/*
 * care.c — module entry point of the care extension.
 *
 * Each SQL-callable function lives in the file of its concern; this file
 * declares the module and what must exist once per backend: the GUC
 * care.campaign and the cache invalidation callback of the evaluator.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "care.h"

PG_MODULE_MAGIC;

char	   *care_default_campaign = NULL;

void		_PG_init(void);

/* Define the GUCs and register the callbacks, once per backend. */
void
_PG_init(void)
{
	DefineCustomStringVariable("care.campaign",
							   "Campaign evaluated when a call to care_eligible(), care_explain() or care.evaluate() names none.",
							   "When empty, the only campaign with an active ruleset is evaluated.",
							   &care_default_campaign,
							   "",
							   PGC_USERSET,
							   0,
							   NULL, NULL, NULL);
	MarkGUCPrefixReserved("care");
	care_evaluate_register_callbacks();
}
