#!/bin/sh
# The update chain: a database created at the first release (0.1) and
# holding evidence, updated with ALTER EXTENSION care UPDATE, reaches the
# version care.control names and keeps every row and every verdict.  (A
# fresh install runs the same chain -- only care--0.1.sql is a full script
# -- so the catalogue after an update is the one the pg_regress suites
# check.)  Runs against the cluster the environment points to (make test
# runs it in its throwaway cluster).
set -eu
cd "$(dirname "$0")/.."

old=care_upgrade_old
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$old"' EXIT
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

dropdb --if-exists "$old"
createdb "$old"

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

echo "upgrade: $first → $latest keeps $(grep -c '' "$work/after") rows of state (ok)"
