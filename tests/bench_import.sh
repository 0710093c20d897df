#!/bin/sh
# How many reports a second care imports: pgbench runs each importer on a
# real sample of ../shared/fixtures, with 1 client then 2 (this machine's
# cores), each transaction one import of a new report (the sample with a
# unique comment or blank tail, so the SHA-256 differs and nothing is
# deduplicated), then once more re-importing one report (the dedup path).
# Not part of `make test`.
#
#   PGHOST=... PGPORT=... sh tests/bench_import.sh [SECONDS]
#
# Uses (drops and creates) the database care_bench on that server, with
# the installed extension (installed first, under the machine-wide lock).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-5}
fixtures=../shared/fixtures
db=care_bench
[ -d "$fixtures" ] || { echo "bench_import: $fixtures is absent" >&2; exit 1; }

(
	flock 9
	make --no-print-directory install >/dev/null
	dropdb --if-exists "$db" 2>/dev/null
	createdb "$db"
	psql -X -q -d "$db" -c 'CREATE EXTENSION care'
) 9>"${TMPDIR:-/tmp}/care-install.lock"

psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<SQL
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('240000059', 'CH de Bergerac', 'public', '75');
CREATE TABLE bench_report (name text PRIMARY KEY, format text, bytes integer, body text);
CREATE SEQUENCE bench_seq;
\set r \`cat $fixtures/pingcastle/defectdojo_many.xml\`
INSERT INTO bench_report VALUES ('pingcastle many (28 rules)', 'pingcastle', octet_length(:'r'), :'r');
\set r \`cat $fixtures/nuclei/defectdojo_many_findings_v2legacy.jsonl\`
INSERT INTO bench_report VALUES ('nuclei jsonl (18 results)', 'nuclei', octet_length(:'r'), :'r');
\set r \`cat $fixtures/openvas/defectdojo_many_vuln.xml\`
INSERT INTO bench_report VALUES ('openvas many_vuln (44 results)', 'openvas', octet_length(:'r'), :'r');
\set r \`cat $fixtures/nessus/defectdojo_nessus_with_cvssv3.nessus\`
INSERT INTO bench_report VALUES ('nessus (49 items)', 'nessus', octet_length(:'r'), :'r');
\set r \`cat $fixtures/nmap/defectdojo_issue4406.xml\`
INSERT INTO bench_report VALUES ('nmap issue4406 (25 ports, 8 CVEs)', 'nmap', octet_length(:'r'), :'r');
SQL

script=$(mktemp "${TMPDIR:-/tmp}/care-bench.XXXXXX")
trap 'rm -f "$script"' EXIT
run() {         # run NAME CLIENTS -> transactions per second
	pgbench -n -d "$db" -f "$script" -T "$seconds" -c "$2" -j "$2" 2>/dev/null |
		sed -n 's/^tps = \([0-9]*\)\.[0-9]* .*/\1/p'
}

printf '%-36s %9s %10s %10s %7s\n' report bytes '1 client' '2 clients' ratio
psql -X -At -d "$db" -F '|' -c 'SELECT name, format, bytes FROM bench_report ORDER BY bytes' |
while IFS='|' read -r name format bytes; do
	if [ "$format" = nuclei ]; then
		# a first line of k mod 1000 spaces and k / 1000 tabs, which the
		# parser skips (trailing blanks would not do: the hash ignores them)
		variant="repeat(' ', (k % 1000)::integer) || repeat(E'\\t', (k / 1000)::integer) || E'\\n' || body"
	else
		variant="body || '<!-- ' || k || ' -->'"
	fi
	cat >"$script" <<SQL
SELECT care.import_$format(1, $variant) FROM bench_report, nextval('bench_seq') AS k WHERE name = '$name';
SQL
	one=$(run "$name" 1)
	two=$(run "$name" 2)
	printf '%-36s %9s %10s %10s %7s\n' "$name" "$bytes" "$one/s" "$two/s" \
		"$(echo "$two $one" | awk '{ printf "%.2f", $1 / $2 }')"
done

# the dedup path: the same Nessus report again and again (hash, lookup, NOTICE)
cat >"$script" <<SQL
SET client_min_messages = warning;
SELECT care.import_nessus(1, body) FROM bench_report WHERE format = 'nessus';
SQL
one=$(run dedup 1)
two=$(run dedup 2)
printf '%-36s %9s %10s %10s %7s\n' "nessus again (already imported)" - "$one/s" "$two/s" \
	"$(echo "$two $one" | awk '{ printf "%.2f", $1 / $2 }')"
psql -X -At -d "$db" -c "SELECT 'written: ' || count(*) || ' audits, ' || (SELECT count(*) FROM care.finding) || ' findings' FROM care.audit"
dropdb "$db"
