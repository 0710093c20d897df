#!/bin/sh
# check_sql.sh FIRST LAST DATABASE — differential check of the generated SQL
# (not part of make test: it needs a database holding the data model).
#
# For each seed, generate a random well-typed ruleset, compile it with
# carec, then PREPARE its verdict, evaluate and explain texts in DATABASE
# and EXECUTE them for establishments 1..4 and for all.  Prints COMPILE for
# a ruleset carec refused (usually the generator's fault) and SQL for SQL
# that PostgreSQL refused (always the compiler's fault).  PGHOST/PGPORT as
# usual; DATABASE needs schema care loaded (extension/sql/*.sql).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CAREC=${CAREC:-$root/carec}
SCHEMA=${SCHEMA:-$root/tests/rulesets/care.schema}
work=$(mktemp -d)
bad=0; okc=0
for i in $(seq "$1" "$2"); do
  python3 "$here/gen_ruleset.py" "$i" > "$work/r$i.care" 2>/dev/null || continue
  if ! "$CAREC" check --schema "$SCHEMA" "$work/r$i.care" > "$work/c$i.out" 2>&1; then
    echo "COMPILE r$i"; continue
  fi
  okc=$((okc+1))
  types=$(python3 - "$work/r$i.care" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = {'integer': 'bigint', 'numeric': 'numeric', 'boolean': 'boolean', 'text': 'text', 'date': 'date', 'interval': 'interval'}
print(''.join(', ' + m.get(p, 'care.' + p) for p in re.findall(r'^param \w+ (\w+)', t, re.M)))
PY
)
  args=$(python3 - "$work/r$i.care" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
out = []
for p in re.findall(r'^param \w+ \w+ = (.*)$', t, re.M):
    p = p.strip()
    if re.match(r"^[a-z_]+ '", p): p = p.split(' ', 1)[1]
    elif re.match(r'^[a-z_]+$', p) and p not in ('true', 'false'): p = "'" + p + "'"
    out.append(p)
print(''.join(', ' + o for o in out))
PY
)
  {
    echo "SET search_path = pg_catalog, pg_temp; SET jit = off;"
    echo "\\set ON_ERROR_STOP 1"
    for f in verdict evaluate explain; do
      echo "PREPARE q_$f(bigint, date$types) AS"
      "$CAREC" sql --schema "$SCHEMA" --form $f "$work/r$i.care" 2>/dev/null
    done
    for id in 1 2 3 4; do
      echo "EXECUTE q_verdict($id, '2025-06-30'$args);"
      echo "EXECUTE q_explain($id, '2025-06-30'$args);"
    done
    echo "CREATE TEMP TABLE ev AS EXECUTE q_evaluate(NULL, '2025-06-30'$args);"
  } > "$work/q$i.sql"
  if ! psql -q -d "$3" -f "$work/q$i.sql" > "$work/p$i.out" 2>&1; then
    echo "SQL r$i: $(grep ERROR "$work/p$i.out" | head -1) (kept in $work)"; bad=$((bad+1))
  fi
done
echo "$okc compiled, $bad refused by PostgreSQL"
[ "$bad" -eq 0 ] && rm -rf "$work"
exit $((bad > 0))
