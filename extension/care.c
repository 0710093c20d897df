/*
 * care.c — module entry point of the care extension.
 *
 * Each SQL-callable function lives in the file of its concern; this file
 * only declares the module and registers what must exist once per backend.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
