#!/bin/sh
# The update chain: a database created at the first release (0.1) and
# holding evidence, updated with ALTER EXTENSION care UPDATE, reaches the
# version care.control names, keeps every row and every verdict, and has
# the same catalogue as a database created at that version.  Runs against
# the cluster the environment points to (make test runs it in its
# throwaway cluster).
set -eu
cd "$(dirname "$0")/.."

old=care_upgrade_old
new=care_upgrade_new
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$old"; dropdb --if-exists "$new"' EXIT
first=0.1
latest=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" care.control)

psql_to() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"
}

# The verdicts of every establishment at three dates, and the row counts.
state() {
	psql_to "$1" <<'SQL'
SELECT d, v.establishment_id, v.verdict, v.objectives
  FROM unnest('{2025-03-31, 2025-06-30, 2025-12-31}'::date[]) AS d,
       LATERAL care.evaluate('D1', d) AS v
 ORDER BY 1, 2;
SELECT 'establishments', count(*) FROM care.establishment;
SELECT 'audits', count(*) FROM care.audit;
SELECT 'findings', count(*) FROM care.finding;
SELECT 'rulesets', count(*) FROM care.ruleset;
SQL
}

# The extension's catalogue: its member objects with their definitions.
catalogue() {
	psql_to "$1" <<'SQL'
SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
  FROM pg_catalog.pg_depend d
 WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'care')
   AND d.deptype = 'e'
 ORDER BY 1;
SELECT c.relname, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attgenerated,
       pg_catalog.col_description(c.oid, a.attnum)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
 WHERE c.relnamespace = 'care'::regnamespace
 ORDER BY 1, 2;
SELECT indexrelid::regclass, pg_catalog.pg_get_indexdef(indexrelid)
  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
 WHERE c.relnamespace = 'care'::regnamespace
 ORDER BY 1;
SELECT conrelid::regclass, conname, pg_catalog.pg_get_constraintdef(oid)
  FROM pg_catalog.pg_constraint WHERE connamespace = 'care'::regnamespace
 ORDER BY 1, 2;
SELECT tgrelid::regclass, tgname, pg_catalog.pg_get_triggerdef(oid)
  FROM pg_catalog.pg_trigger
 WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_catalog.pg_class
                                         WHERE relnamespace = 'care'::regnamespace)
 ORDER BY 1, 2;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.prosecdef, p.proisstrict,
       p.proconfig, pg_catalog.md5(p.prosrc), pg_catalog.obj_description(p.oid, 'pg_proc')
  FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'care'::regnamespace
 ORDER BY 1::text;
SELECT c.relname, pg_catalog.pg_get_viewdef(c.oid)
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'care'::regnamespace AND c.relkind IN ('v', 'm')
 ORDER BY 1;
SELECT t.typname, e.enumsortorder, e.enumlabel
  FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
 WHERE t.typnamespace = 'care'::regnamespace
 ORDER BY 1, 2;
SELECT relname, relacl, pg_catalog.obj_description(oid, 'pg_class')
  FROM pg_catalog.pg_class WHERE relnamespace = 'care'::regnamespace
 ORDER BY 1;
SQL
}

dropdb --if-exists "$old"
dropdb --if-exists "$new"
createdb "$old"
createdb "$new"

psql_to "$old" -c "CREATE EXTENSION care VERSION '$first'"
psql_to "$old" -v establishments=200 -f tests/bench/generate.sql >/dev/null
state "$old" >"$work/before"
psql_to "$old" -c "ALTER EXTENSION care UPDATE"
version=$(psql_to "$old" -c "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'care'")
if [ "$version" != "$latest" ]; then
	echo "upgrade: ALTER EXTENSION care UPDATE from $first reached $version, not $latest" >&2
	exit 1
fi
state "$old" >"$work/after"
if ! diff -u "$work/before" "$work/after" >"$work/state.diff"; then
	echo "upgrade: rows or verdicts changed across the update from $first to $latest:" >&2
	head -50 "$work/state.diff" >&2
	exit 1
fi

psql_to "$new" -c "CREATE EXTENSION care"
catalogue "$old" >"$work/updated"
catalogue "$new" >"$work/fresh"
if ! diff -u "$work/fresh" "$work/updated" >"$work/catalogue.diff"; then
	echo "upgrade: the catalogue of $first updated to $latest differs from a fresh $latest:" >&2
	head -80 "$work/catalogue.diff" >&2
	exit 1
fi
echo "upgrade: $first → $latest keeps $(grep -c '' "$work/after") rows of state; catalogue equals a fresh $latest (ok)"
