/*
 * catalog_schema.c — fill the rules checker's schema from the catalogue.
 *
 * Rules may read only the relations registered in care.source.  Their
 * fields are the columns of a type rules know (from pg_attribute, with
 * NOT NULL as nullability and domains read through to their base type);
 * their links are the foreign keys between registered relations; enums
 * are the enum types those columns use, ordered when listed in
 * care.ordered_enum.  The same schema is exported as text for carec.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "care.h"

/* The SQL of the registry query: sources with their relation names. */
static const char *const source_query =
"SELECT s.name, n.nspname, c.relname, s.key_column, s.establishment_column,"
"       s.is_evidence, s.plural, c.oid"
"  FROM care.source s"
"  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) s.relation"
"  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
" ORDER BY s.name";

/* Columns of one relation, in order, with their base type. */
static const char *const column_query =
"SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL),"
"       a.attnotnull, a.atttypid"
"  FROM pg_catalog.pg_attribute a"
" WHERE a.attrelid OPERATOR(pg_catalog.=) $1 AND a.attnum OPERATOR(pg_catalog.>) 0"
"   AND NOT a.attisdropped"
" ORDER BY a.attnum";

/*
 * Foreign keys between registered relations, as column-name arrays, with
 * whether every referencing column is NOT NULL.
 */
static const char *const link_query =
"SELECT child.name, parent.name, parent.plural, child.establishment_column,"
"       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(n, i)"
"               JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) k.conrelid"
"                AND a.attnum OPERATOR(pg_catalog.=) u.n ORDER BY u.i),"
"       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY u(n, i)"
"               JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) k.confrelid"
"                AND a.attnum OPERATOR(pg_catalog.=) u.n ORDER BY u.i),"
"       NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(k.conkey) u(n)"
"                     JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) k.conrelid"
"                      AND a.attnum OPERATOR(pg_catalog.=) u.n WHERE NOT a.attnotnull),"
"       child.plural"
"  FROM pg_catalog.pg_constraint k"
"  JOIN care.source child ON child.relation OPERATOR(pg_catalog.=) k.conrelid"
"  JOIN care.source parent ON parent.relation OPERATOR(pg_catalog.=) k.confrelid"
" WHERE k.contype OPERATOR(pg_catalog.=) 'f'"
" ORDER BY child.name, k.conname";

/* Enum types whose order rules may compare. */
static const char *const ordered_query =
"SELECT e.type::oid FROM care.ordered_enum e";

/* A C string copied into the allocator's memory (the schema keeps it). */
static const char *
spi_text(HeapTuple tuple, int column)
{
	char	   *value = SPI_getvalue(tuple, SPI_tuptable->tupdesc, column);

	return value ? value : "";
}

/* Bool column of an SPI result row. */
static bool
spi_bool(HeapTuple tuple, int column)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, SPI_tuptable->tupdesc, column, &isnull);

	return !isnull && DatumGetBool(d);
}

/* Oid column of an SPI result row. */
static Oid
spi_oid(HeapTuple tuple, int column)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, SPI_tuptable->tupdesc, column, &isnull);

	return isnull ? InvalidOid : DatumGetObjectId(d);
}

/* Elements of a text[] column of an SPI result row, as C strings. */
static int
spi_text_array(HeapTuple tuple, int column, const char ***out)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, SPI_tuptable->tupdesc, column, &isnull);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	const char **strings;

	if (isnull)
	{
		*out = NULL;
		return 0;
	}
	deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	strings = palloc(sizeof(char *) * Max(n, 1));
	for (i = 0; i < n; i++)
		strings[i] = TextDatumGetCString(elems[i]);
	*out = strings;
	return n;
}

/*
 * The language type of a column type, reading domains through to their
 * base type; false when rules cannot use the type (the column is then
 * not a field).
 */
static bool
rule_scalar_of(Oid type, CareScalar *scalar)
{
	Oid			base = getBaseType(type);

	switch (base)
	{
		case BOOLOID:
			*scalar = CARE_BOOLEAN;
			return true;
		case INT2OID:
		case INT4OID:
		case INT8OID:
			*scalar = CARE_INTEGER;
			return true;
		case NUMERICOID:
		case FLOAT4OID:
		case FLOAT8OID:
			*scalar = CARE_NUMERIC;
			return true;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
			*scalar = CARE_TEXT;
			return true;
		case DATEOID:
			*scalar = CARE_DATE;
			return true;
		case INTERVALOID:
			*scalar = CARE_INTERVAL;
			return true;
		default:
			if (type_is_enum(base))
			{
				*scalar = CARE_ENUM;
				return true;
			}
			return false;
	}
}

/* One column of a registered relation, as the catalogue describes it. */
typedef struct CatalogColumn
{
	char	   *name;
	Oid			type;
	bool		not_null;
} CatalogColumn;

/* One registered source and its columns. */
typedef struct CatalogSource
{
	char	   *name;
	char	   *nspname;
	char	   *relname;
	char	   *key_column;
	char	   *establishment_column;
	bool		is_evidence;
	Oid			relid;
	int			ncolumns;
	CatalogColumn *columns;
} CatalogSource;

/* Run a read-only catalogue query, failing loudly if SPI does. */
static void
run_query(const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	int			ret = SPI_execute_with_args(sql, nargs, argtypes, values, NULL, true, 0);

	if (ret != SPI_OK_SELECT)
		elog(ERROR, "catalogue query failed: %s", SPI_result_code_string(ret));
}

/* The registered sources with their columns, read before building anything. */
static CatalogSource *
read_sources(int *nsources)
{
	CatalogSource *sources;
	uint64		n;
	uint64		i;

	run_query(source_query, 0, NULL, NULL);
	n = SPI_processed;
	sources = palloc0(sizeof(CatalogSource) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		CatalogSource *s = &sources[i];

		s->name = pstrdup(spi_text(t, 1));
		s->nspname = pstrdup(spi_text(t, 2));
		s->relname = pstrdup(spi_text(t, 3));
		s->key_column = pstrdup(spi_text(t, 4));
		s->establishment_column = pstrdup(spi_text(t, 5));
		s->is_evidence = spi_bool(t, 6);
		s->relid = spi_oid(t, 8);
	}
	for (i = 0; i < n; i++)
	{
		CatalogSource *s = &sources[i];
		Oid			argtype = OIDOID;
		Datum		arg = ObjectIdGetDatum(s->relid);
		uint64		j;

		CHECK_FOR_INTERRUPTS();
		run_query(column_query, 1, &argtype, &arg);
		s->ncolumns = (int) SPI_processed;
		s->columns = palloc0(sizeof(CatalogColumn) * Max(SPI_processed, 1));
		for (j = 0; j < SPI_processed; j++)
		{
			HeapTuple	t = SPI_tuptable->vals[j];

			s->columns[j].name = pstrdup(spi_text(t, 1));
			s->columns[j].not_null = spi_bool(t, 3);
			s->columns[j].type = spi_oid(t, 4);
		}
	}
	*nsources = (int) n;
	return sources;
}

/* The enum types listed in care.ordered_enum. */
static List *
read_ordered_enums(void)
{
	List	   *ordered = NIL;
	uint64		i;

	run_query(ordered_query, 0, NULL, NULL);
	for (i = 0; i < SPI_processed; i++)
		ordered = lappend_oid(ordered, spi_oid(SPI_tuptable->vals[i], 1));
	return ordered;
}

/*
 * Add to the schema every enum type a field uses, with its labels in
 * order; enums come first so that fields can name them.
 */
static void
add_enums(CareSchema *schema, CatalogSource *sources, int nsources)
{
	List	   *ordered = read_ordered_enums();
	List	   *seen = NIL;
	int			i;
	int			j;

	for (i = 0; i < nsources; i++)
		for (j = 0; j < sources[i].ncolumns; j++)
		{
			Oid			type = getBaseType(sources[i].columns[j].type);
			HeapTuple	tup;
			Form_pg_type typ;
			CareSchemaEnum *e;
			Oid			argtype = OIDOID;
			Datum		arg = ObjectIdGetDatum(type);
			uint64		k;

			if (!type_is_enum(type) || list_member_oid(seen, type))
				continue;
			seen = lappend_oid(seen, type);
			tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
			if (!HeapTupleIsValid(tup))
				elog(ERROR, "cache lookup failed for type %u", type);
			typ = (Form_pg_type) GETSTRUCT(tup);
			e = care_schema_add_enum(schema, NameStr(typ->typname),
									 get_namespace_name(typ->typnamespace),
									 NameStr(typ->typname),
									 list_member_oid(ordered, type));
			ReleaseSysCache(tup);
			run_query("SELECT enumlabel::text FROM pg_catalog.pg_enum"
					  " WHERE enumtypid OPERATOR(pg_catalog.=) $1 ORDER BY enumsortorder",
					  1, &argtype, &arg);
			for (k = 0; k < SPI_processed; k++)
				care_schema_add_enum_label(e, spi_text(SPI_tuptable->vals[k], 1));
		}
}

/* The bare name of a type (rules name enums without their schema). */
static const char *
type_name(Oid type)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
	char	   *name;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", type);
	name = pstrdup(NameStr(((Form_pg_type) GETSTRUCT(tup))->typname));
	ReleaseSysCache(tup);
	return name;
}

/* Add each source and the fields rules can read. */
static void
add_sources(CareSchema *schema, CatalogSource *sources, int nsources,
			CareSchemaSource **added)
{
	int			i;
	int			j;

	for (i = 0; i < nsources; i++)
	{
		CatalogSource *s = &sources[i];

		added[i] = care_schema_add_source(schema, s->name, s->nspname, s->relname,
										  s->key_column, s->establishment_column,
										  s->is_evidence);
		for (j = 0; j < s->ncolumns; j++)
		{
			CatalogColumn *c = &s->columns[j];
			CareScalar	scalar;

			if (!rule_scalar_of(c->type, &scalar))
				continue;		/* e.g. timestamps, arrays: not for rules */
			care_schema_add_field(added[i], c->name, c->name, scalar,
								  scalar == CARE_ENUM ? type_name(getBaseType(c->type)) : NULL,
								  !c->not_null);
		}
		if (strcmp(s->key_column, s->establishment_column) == 0)
			care_schema_set_root(schema, s->name);
	}
}

/*
 * A link name from a foreign-key column: ad_domain_id → ad_domain,
 * parent_id → parent.
 */
static char *
link_name_of(const char *column)
{
	size_t		len = strlen(column);

	if (len > 3 && strcmp(column + len - 3, "_id") == 0)
		return pnstrdup(column, len - 3);
	return pstrdup(column);
}

/*
 * Add a link for each foreign key between registered relations: to the
 * parent (named after the referencing column) and, from the parent, to
 * the children (named by the child source's plural) — except links back
 * from the establishment itself, since every source already is "the
 * establishment's rows", and links from a relation to itself.
 */
static void
add_links(CatalogSource *sources, int nsources, CareSchemaSource **added)
{
	uint64		i;

	run_query(link_query, 0, NULL, NULL);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		const char *child = spi_text(t, 1);
		const char *parent = spi_text(t, 2);
		const char *establishment_column = spi_text(t, 4);
		const char **from_columns;
		const char **to_columns;
		int			ncols = spi_text_array(t, 5, &from_columns);
		bool		not_null = spi_bool(t, 7);
		const char *plural = spi_text(t, 8);
		const char *naming_column = NULL;
		CareSchemaSource *child_source = NULL;
		CareSchemaSource *parent_source = NULL;
		int			k;

		(void) spi_text_array(t, 6, &to_columns);
		for (k = 0; k < nsources; k++)
		{
			if (strcmp(sources[k].name, child) == 0)
				child_source = added[k];
			if (strcmp(sources[k].name, parent) == 0)
				parent_source = added[k];
		}
		if (child_source == NULL || parent_source == NULL || ncols == 0)
			continue;
		/* the column that names the link: the one that is not the establishment's */
		for (k = 0; k < ncols; k++)
			if (naming_column == NULL || strcmp(from_columns[k], establishment_column) != 0)
				naming_column = from_columns[k];
		care_schema_add_link(child_source, link_name_of(naming_column), parent, 0,
							 ncols, from_columns, to_columns, !not_null);
		if (strcmp(child, parent) != 0 &&
			!(ncols == 1 && strcmp(from_columns[0], establishment_column) == 0))
			care_schema_add_link(parent_source, plural, child, 1,
								 ncols, to_columns, from_columns, 0);
	}
}

/*
 * The schema rules are checked against, from the registry and the
 * catalogue.  Everything the schema keeps is allocated through allocator;
 * what this function reads for itself dies with its SPI connection.
 */
CareSchema *
care_catalog_schema(const CareAllocator *allocator)
{
	CareSchema *schema = care_schema_new(allocator);
	CatalogSource *sources;
	CareSchemaSource **added;
	int			nsources;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	sources = read_sources(&nsources);
	added = palloc0(sizeof(CareSchemaSource *) * Max(nsources, 1));
	add_enums(schema, sources, nsources);
	add_sources(schema, sources, nsources, added);
	add_links(sources, nsources, added);
	SPI_finish();
	return schema;
}
