#!/bin/sh
# care.evaluate() runs its one set-based query with a plan made for the
# call's values, every call: as_of and the params are constants to the
# planner, and a branch a param disables (kev_blocks false) is folded away
# instead of being tested on every finding.  The plan cache would switch
# to a generic plan after five calls; the tenth call's plan must still be
# custom.  auto_explain shows the plan the nested query ran.  Runs against
# the cluster the environment points to (make test runs it in its
# throwaway cluster).
set -eu
cd "$(dirname "$0")/.."

db=care_set_plan
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$db"' EXIT
dropdb --if-exists "$db"
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >"$work/plans" 2>&1 <<'SQL'
CREATE EXTENSION care;
\set establishments 50
\i tests/bench/generate.sql
ANALYZE;
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SQL

# the conditions of the nested query's plan (not its text, which still
# names every param): from its "Query Text: WITH" to the outer query's
awk '/Query Text: WITH/ { inside = 1 } /Query Text: SELECT count/ { inside = 0 } inside' \
	"$work/plans" | grep -E '(Filter|Cond): ' >"$work/evaluate_plan" || true
fail=0
if ! grep -q "performed_on <= '2025-06-30'::date" "$work/evaluate_plan"; then
	echo "set-plan: the tenth care.evaluate() plan does not show as_of as a constant" >&2
	fail=1
fi
if grep -q 'known_exploited' "$work/evaluate_plan"; then
	echo "set-plan: the tenth care.evaluate() plan still tests known_exploited with kev_blocks false" >&2
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	cat "$work/plans" >&2
	exit 1
fi
echo "set-plan: care.evaluate() plans with the call's values (ok)"
