#!/bin/sh
# The demo: the first CaRE call at its real scale, evaluated by the D1
# ruleset, in the database cluster the environment points to (make demo
# runs it in a throwaway cluster).  Real scanner reports from ../shared are
# imported for one more establishment when they are present.
set -eu
cd "$(dirname "$0")/../.."
db=care_demo
dropdb --if-exists "$db" 2>/dev/null
createdb "$db"
trap 'dropdb --if-exists "$db"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION care'
echo "== Loading 1,207 candidacies and their audits..."
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f extension/demo/data.sql
if [ -d ../shared/fixtures ]; then
	echo
	echo "== Loading the CISA KEV catalog (care.import_kev)"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
\set kev `cat ../shared/fixtures/kev/known_exploited_vulnerabilities.json`
SELECT catalog_version, added FROM care.import_kev(:'kev'::jsonb);
SQL
	echo
	echo "== Importing real scanner reports for one more establishment (care-import)"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "INSERT INTO care.establishment (finess, name, kind, region)
	    VALUES ('750712184', 'Hôpital de démonstration', 'public', '11')"
	id=$(psql -X -q -At -d "$db" -c "SELECT id FROM care.establishment WHERE finess = '750712184'")
	for report in pingcastle:pingcastle/defectdojo_many.xml nmap:nmap/defectdojo_issue4406.xml \
	              nuclei:nuclei/defectdojo_multiple_v3.json openvas:openvas/defectdojo_many_vuln.xml \
	              nessus:nessus/defectdojo_nessus_with_cvssv3.nessus; do
		format=${report%%:*}
		printf '%-10s %-45s audit ' "$format" "${report#*:}"
		PGDATABASE=$db sh extension/care-import "$format" "$id" "../shared/fixtures/${report#*:}"
	done
	psql -X -q -d "$db" -c "SELECT a.source, a.performed_on, count(f.id) AS findings,
	        count(f.id) FILTER (WHERE f.severity = 'critical') AS critical,
	        count(f.id) FILTER (WHERE f.known_exploited) AS known_exploited, a.ad_level
	   FROM care.audit a LEFT JOIN care.finding f ON f.audit_id = a.id
	  WHERE a.establishment_id = $id GROUP BY a.id ORDER BY a.performed_on"
else
	echo "(../shared is absent: no real scanner report imported)"
fi
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f extension/demo/report.sql
