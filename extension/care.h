/*
 * care.h — declarations shared by the SQL-callable C files of the extension.
 */
#ifndef CARE_H
#define CARE_H

#include "postgres.h"

#include "executor/spi.h"

#include "carelang.h"

/* GUC care.campaign: the campaign evaluated when a call names none. */
extern char *care_default_campaign;

/* Allocator and hooks that run the rules library inside the backend. */
extern CareAllocator care_backend_allocator(MemoryContext context);
extern CareHooks care_backend_hooks(void);

/* The schema rules are checked against, read from the live catalogue. */
extern CareSchema *care_catalog_schema(const CareAllocator *allocator);

/*
 * SPI_prepare with the settings that decide how SQL text reads pinned
 * (standard_conforming_strings on), whatever the session says.
 */
extern SPIPlanPtr care_prepare_compiled(const char *sql, int nargs, Oid *argtypes,
										 int cursor_options);

/* Forget the cached campaign → ruleset mapping (relcache callback). */
extern void care_evaluate_register_callbacks(void);

#endif
