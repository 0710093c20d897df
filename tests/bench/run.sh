#!/bin/sh
# Benchmark the compiled D1 ruleset against hand-written SQL on a generated
# national-scale data set, in the database cluster the environment points
# to (make bench runs it in a throwaway cluster).  Prints medians and ratios.
set -eu
cd "$(dirname "$0")/../.."
establishments=${ESTABLISHMENTS:-10000}
runs=${RUNS:-5}
db=care_bench
dropdb --if-exists "$db"
createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION care'
echo "generating $establishments establishments..."
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v establishments="$establishments" -f tests/bench/generate.sql
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f tests/bench/d1_by_hand.sql
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v runs="$runs" -f tests/bench/evaluate.sql
