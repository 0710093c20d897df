/*
 * care_schema.c — the schema builder: what rules may reach.
 *
 * The extension fills a schema from the live catalog and carec reads it
 * from a file; both go through these functions, so the checker sees one
 * shape whatever its origin.  Names must be identifiers of the language;
 * SQL names are kept as they are and quoted when SQL is generated.
 */
#include "care_int.h"

#include <string.h>

#define SCHEMA_MEMORY_LIMIT ((size_t) 64 * 1024 * 1024)

/* Remember the first failure; later calls keep it. */
static void
schema_fail(CareSchema *s, const char *why)
{
	if (s->error == NULL)
		s->error = why;
}

/* True for [A-Za-z_][A-Za-z0-9_]* of at most 63 bytes. */
int
care_is_identifier(const char *s)
{
	size_t		i;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; s[i]; i++)
	{
		char		c = s[i];

		if (i >= 63)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
			  (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* SQL names may be anything but empty or contain a NUL. */
static int
sql_name_ok(const char *s)
{
	return s != NULL && s[0] != '\0' && strlen(s) < 64;
}

/* A new, empty schema whose memory comes from a. */
CareSchema *
care_schema_new(const CareAllocator *a)
{
	CareArena	ar;
	CareSchema *s;

	care_arena_init(&ar, a, SCHEMA_MEMORY_LIMIT);
	s = care_arena_zalloc(&ar, sizeof *s);
	if (s == NULL)
	{
		care_arena_release(&ar);
		return NULL;
	}
	s->arena = ar;
	s->enums_tail = &s->enums;
	s->sources_tail = &s->sources;
	return s;
}

/* Release every chunk; the schema itself lives in its first chunk. */
void
care_schema_free(CareSchema *s)
{
	CareArena	ar;

	if (s == NULL)
		return;
	ar = s->arena;
	care_arena_release(&ar);
}

/* The first builder failure, or NULL. */
const char *
care_schema_error(const CareSchema *s)
{
	if (s == NULL)
		return "no schema";
	if (s->arena.failed)
		return "out of memory while building the schema";
	return s->error;
}

/* Is the name taken by an enum or a source (one namespace for types)? */
static int
schema_name_taken(const CareSchema *s, const char *name)
{
	return care_schema_enum(s, name) != NULL || care_schema_source(s, name) != NULL;
}

/* Add an enumerated type; labels follow in order. */
CareSchemaEnum *
care_schema_add_enum(CareSchema *s, const char *name, const char *sql_schema,
					 const char *sql_name, int ordered)
{
	CareSchemaEnum *e;

	if (s == NULL)
		return NULL;
	if (!care_is_identifier(name) || !sql_name_ok(sql_schema) || !sql_name_ok(sql_name))
	{
		schema_fail(s, "enum name is not an identifier, or its SQL name is empty");
		return NULL;
	}
	if (schema_name_taken(s, name))
	{
		schema_fail(s, "enum name is already taken");
		return NULL;
	}
	e = care_arena_zalloc(&s->arena, sizeof *e);
	if (e == NULL)
		return NULL;
	e->schema = s;
	e->name = care_strdup(&s->arena, name);
	e->sql_schema = care_strdup(&s->arena, sql_schema);
	e->sql_name = care_strdup(&s->arena, sql_name);
	e->ordered = ordered ? 1 : 0;
	e->sql_type = care_printf(&s->arena, "%s.%s",
							  care_sql_ident(&s->arena, sql_schema),
							  care_sql_ident(&s->arena, sql_name));
	if (e->name == NULL || e->sql_type == NULL)
		return NULL;
	*s->enums_tail = e;
	s->enums_tail = &e->next;
	return e;
}

/* Add the next label of an enum (labels are SQL values: any non-empty text). */
void
care_schema_add_enum_label(CareSchemaEnum *e, const char *label)
{
	CareSchema *s;

	if (e == NULL)
		return;
	s = e->schema;
	if (label == NULL || label[0] == '\0' || strlen(label) > 63)
	{
		schema_fail(s, "enum label is empty or longer than 63 bytes");
		return;
	}
	if (care_enum_label_index(e, label) >= 0)
	{
		schema_fail(s, "enum label is already in the enum");
		return;
	}
	if (e->nlabels == e->cap)
	{
		int			cap = e->cap ? e->cap * 2 : 8;
		const char **labels = care_arena_alloc(&s->arena, sizeof(char *) * (size_t) cap);

		if (labels == NULL)
			return;
		if (e->nlabels)
			memcpy(labels, e->labels, sizeof(char *) * (size_t) e->nlabels);
		e->labels = labels;
		e->cap = cap;
	}
	e->labels[e->nlabels] = care_strdup(&s->arena, label);
	if (e->labels[e->nlabels] != NULL)
		e->nlabels++;
}

/* Add a source: a relation whose rows are one establishment's rows. */
CareSchemaSource *
care_schema_add_source(CareSchema *s, const char *name, const char *sql_schema,
					   const char *sql_relation, const char *key_column,
					   const char *establishment_column, int is_evidence)
{
	CareSchemaSource *src;

	if (s == NULL)
		return NULL;
	if (!care_is_identifier(name) || !sql_name_ok(sql_schema) ||
		!sql_name_ok(sql_relation) || !sql_name_ok(key_column) ||
		!sql_name_ok(establishment_column))
	{
		schema_fail(s, "source name is not an identifier, or one of its SQL names is empty");
		return NULL;
	}
	if (schema_name_taken(s, name))
	{
		schema_fail(s, "source name is already taken");
		return NULL;
	}
	src = care_arena_zalloc(&s->arena, sizeof *src);
	if (src == NULL)
		return NULL;
	src->schema = s;
	src->name = care_strdup(&s->arena, name);
	src->sql_schema = care_strdup(&s->arena, sql_schema);
	src->sql_relation = care_strdup(&s->arena, sql_relation);
	src->key_column = care_strdup(&s->arena, key_column);
	src->establishment_column = care_strdup(&s->arena, establishment_column);
	src->is_evidence = is_evidence ? 1 : 0;
	src->fields_tail = &src->fields;
	src->links_tail = &src->links;
	src->sql_name = care_printf(&s->arena, "%s.%s",
								care_sql_ident(&s->arena, sql_schema),
								care_sql_ident(&s->arena, sql_relation));
	if (src->sql_name == NULL || src->establishment_column == NULL)
		return NULL;
	*s->sources_tail = src;
	s->sources_tail = &src->next;
	return src;
}

/* Is the name taken by a field or a link of the source? */
static int
member_taken(const CareSchemaSource *src, const char *name)
{
	return care_source_field(src, name) != NULL || care_source_link(src, name) != NULL;
}

/* Add a scalar field (enum fields name their enum). */
void
care_schema_add_field(CareSchemaSource *src, const char *name, const char *sql_column,
					  CareScalar type, const char *enum_name, int nullable)
{
	CareSchema *s;
	SchemaField *f;

	if (src == NULL)
		return;
	s = src->schema;
	if (!care_is_identifier(name) || !sql_name_ok(sql_column) ||
		(int) type < CARE_BOOLEAN || type > CARE_ENUM ||
		(type == CARE_ENUM) != (enum_name != NULL))
	{
		schema_fail(s, "field name is not an identifier, its column is empty, or its type is wrong");
		return;
	}
	if (member_taken(src, name))
	{
		schema_fail(s, "field name is already taken in its source");
		return;
	}
	f = care_arena_zalloc(&s->arena, sizeof *f);
	if (f == NULL)
		return;
	f->name = care_strdup(&s->arena, name);
	f->sql_column = care_strdup(&s->arena, sql_column);
	f->type = type;
	f->enum_name = care_strdup(&s->arena, enum_name);
	f->nullable = nullable ? 1 : 0;
	*src->fields_tail = f;
	src->fields_tail = &f->next;
}

/* Add a link: equality of from_columns with the target's to_columns. */
void
care_schema_add_link(CareSchemaSource *from, const char *name, const char *target_source,
					 int to_many, int ncols, const char *const *from_columns,
					 const char *const *to_columns, int nullable)
{
	CareSchema *s;
	SchemaLink *l;
	int			i;

	if (from == NULL)
		return;
	s = from->schema;
	if (!care_is_identifier(name) || !care_is_identifier(target_source) ||
		ncols < 1 || ncols > 8 || from_columns == NULL || to_columns == NULL)
	{
		schema_fail(s, "link name or target is not an identifier, or it has no columns");
		return;
	}
	for (i = 0; i < ncols; i++)
		if (!sql_name_ok(from_columns[i]) || !sql_name_ok(to_columns[i]))
		{
			schema_fail(s, "link column name is empty");
			return;
		}
	if (member_taken(from, name))
	{
		schema_fail(s, "link name is already taken in its source");
		return;
	}
	l = care_arena_zalloc(&s->arena, sizeof *l);
	if (l == NULL)
		return;
	l->name = care_strdup(&s->arena, name);
	l->target_name = care_strdup(&s->arena, target_source);
	l->to_many = to_many ? 1 : 0;
	l->ncols = ncols;
	l->nullable = nullable ? 1 : 0;
	l->from_cols = care_arena_alloc(&s->arena, sizeof(char *) * (size_t) ncols);
	l->to_cols = care_arena_alloc(&s->arena, sizeof(char *) * (size_t) ncols);
	if (l->from_cols == NULL || l->to_cols == NULL)
		return;
	for (i = 0; i < ncols; i++)
	{
		l->from_cols[i] = care_strdup(&s->arena, from_columns[i]);
		l->to_cols[i] = care_strdup(&s->arena, to_columns[i]);
	}
	*from->links_tail = l;
	from->links_tail = &l->next;
}

/* Name the establishment source (the root: one row per establishment). */
int
care_schema_set_root(CareSchema *s, const char *source_name)
{
	CareSchemaSource *src;

	if (s == NULL)
		return -1;
	for (src = s->sources; src; src = src->next)
		if (strcmp(src->name, source_name) == 0)
		{
			CareSchemaSource *o;

			for (o = s->sources; o; o = o->next)
				o->is_root = 0;
			src->is_root = 1;
			s->root = src;
			return 0;
		}
	schema_fail(s, "root source does not exist");
	return -1;
}

/* Lookups. */
const CareSchemaSource *
care_schema_source(const CareSchema *s, const char *name)
{
	const CareSchemaSource *src;

	for (src = s->sources; src; src = src->next)
		if (strcmp(src->name, name) == 0)
			return src;
	return NULL;
}

/* The enum called name, or NULL. */
const CareSchemaEnum *
care_schema_enum(const CareSchema *s, const char *name)
{
	const CareSchemaEnum *e;

	for (e = s->enums; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* The field called name, or NULL. */
const SchemaField *
care_source_field(const CareSchemaSource *src, const char *name)
{
	const SchemaField *f;

	for (f = src->fields; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* The link called name, or NULL. */
const SchemaLink *
care_source_link(const CareSchemaSource *src, const char *name)
{
	const SchemaLink *l;

	for (l = src->links; l; l = l->next)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

/* Position of a label in its enum, or -1. */
int
care_enum_label_index(const CareSchemaEnum *e, const char *label)
{
	int			i;

	for (i = 0; i < e->nlabels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return i;
	return -1;
}

/* The language's name of a scalar type. */
const char *
care_scalar_name(CareScalar t)
{
	switch (t)
	{
		case CARE_BOOLEAN:
			return "boolean";
		case CARE_INTEGER:
			return "integer";
		case CARE_NUMERIC:
			return "numeric";
		case CARE_TEXT:
			return "text";
		case CARE_DATE:
			return "date";
		case CARE_INTERVAL:
			return "interval";
		case CARE_ENUM:
			return "enum";
	}
	return "?";
}

/*
 * Resolve link targets and enum names, and check what the compiler relies
 * on (a root whose key is its establishment column, links whose targets
 * exist).  Resolution is cached in the schema: it is idempotent, so doing it
 * on a const schema at each compile is harmless.
 */
int
care_schema_validate(const CareSchema *cs, CareDiagList *dl)
{
	CareSchema *s = (CareSchema *) cs;
	CareSchemaSource *src;
	CareSpan	nowhere = {1, 1, 1, 1, 0, 0};
	int			ok = 1;

	if (care_schema_error(s) != NULL)
	{
		care_diag(dl, CARE_ERROR, "22023", nowhere, "invalid schema: %s", care_schema_error(s));
		return 0;
	}
	if (s->root == NULL)
	{
		care_diag(dl, CARE_ERROR, "22023", nowhere, "invalid schema: no root (establishment) source");
		return 0;
	}
	if (strcmp(s->root->key_column, s->root->establishment_column) != 0)
	{
		care_diag(dl, CARE_ERROR, "22023", nowhere,
				  "invalid schema: the key column of root source \"%s\" is not its establishment column",
				  s->root->name);
		ok = 0;
	}
	for (src = s->sources; src; src = src->next)
	{
		SchemaField *f;
		SchemaLink *l;

		for (f = src->fields; f; f = f->next)
			if (f->type == CARE_ENUM)
			{
				f->enumtype = care_schema_enum(s, f->enum_name);
				if (f->enumtype == NULL)
				{
					care_diag(dl, CARE_ERROR, "22023", nowhere,
							  "invalid schema: field \"%s.%s\" has unknown enum \"%s\"",
							  src->name, f->name, f->enum_name);
					ok = 0;
				}
			}
		for (l = src->links; l; l = l->next)
		{
			int			i;

			l->target = care_schema_source(s, l->target_name);
			if (l->target == NULL)
			{
				care_diag(dl, CARE_ERROR, "22023", nowhere,
						  "invalid schema: link \"%s.%s\" goes to unknown source \"%s\"",
						  src->name, l->name, l->target_name);
				ok = 0;
				continue;
			}
			l->keeps_establishment = 0;
			for (i = 0; i < l->ncols; i++)
				if (strcmp(l->from_cols[i], src->establishment_column) == 0 &&
					strcmp(l->to_cols[i], l->target->establishment_column) == 0)
					l->keeps_establishment = 1;
		}
	}
	return ok;
}
