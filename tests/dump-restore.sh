#!/bin/sh
# Rulesets, activations, registered sources and evidence survive pg_dump and
# restore onto a new database: the verdicts after restore are identical and
# the ruleset care ships is not duplicated.  Runs against the cluster the
# environment points to (make test runs it inside its throwaway cluster).
set -eu
cd "$(dirname "$0")/.."

src=care_dump_source
dst=care_dump_target
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$src"; dropdb --if-exists "$dst"' EXIT

dropdb --if-exists "$src"
dropdb --if-exists "$dst"
createdb "$src"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" <<'SQL'
CREATE EXTENSION care;
\set establishments 300
\i tests/bench/generate.sql
-- members under a GHT whose row is rewritten after theirs, so that a
-- restore meets members before their parent
UPDATE care.establishment SET parent_id = (SELECT min(id) FROM care.establishment WHERE kind = 'ght')
 WHERE id IN (SELECT id FROM care.establishment WHERE kind <> 'ght' ORDER BY id LIMIT 50);
UPDATE care.establishment SET name = name || ' (GHT)' WHERE kind = 'ght';
-- a user ruleset, activated: the history and the user's choice must survive
SELECT name, version FROM care.ruleset_define((
    SELECT replace(replace(source, 'version 1', 'version 2'),
                   'ad_target     integer  = 2', 'ad_target     integer  = 1')
      FROM care.ruleset WHERE name = 'care_d1' AND version = 1));
SELECT ruleset_version FROM care.ruleset_activate('care_d1', 2);
-- a source users registered: the registration must survive too
CREATE TABLE public.declaration (id bigint PRIMARY KEY, establishment_id bigint NOT NULL
                                 REFERENCES care.establishment (id), declared_on date NOT NULL);
INSERT INTO public.declaration SELECT id, id, date '2025-06-01' FROM care.establishment WHERE id % 3 = 0;
SELECT name FROM care.register_source('declaration', 'public.declaration');
SELECT name, version FROM care.ruleset_define($r$ruleset declared version 1 campaign 'D1'
objective declared { require exists declaration where declared_on <= as_of }
eligible when declared
$r$);
SQL

verdicts="SELECT establishment_id, eligible, verdict, objectives FROM care.evaluate('D1', '2025-06-30') ORDER BY 1"
catalogue="SELECT name, version, shipped, content_sha256 FROM care.ruleset ORDER BY 1, 2;
           SELECT name, relation, shipped FROM care.source ORDER BY 1;
           SELECT (care.ruleset_compile(source)).content_sha256 = content_sha256 AS compiles_again
             FROM care.ruleset WHERE name = 'declared';
           SELECT campaign, ruleset_name, ruleset_version, replaced_at IS NULL AS deciding
             FROM care.ruleset_activation_history ORDER BY activated_at, 2, 3;
           SELECT count(*), count(parent_id) FROM care.establishment; SELECT count(*) FROM care.finding;"

psql -X -q -At -d "$src" -c "$verdicts" > "$work/before.txt"
psql -X -q -At -d "$src" -c "$catalogue" > "$work/catalogue-before.txt"
pg_dump -Fc -f "$work/care.dump" "$src"
createdb "$dst"
pg_restore --exit-on-error -d "$dst" "$work/care.dump"
psql -X -q -At -d "$dst" -c "$verdicts" > "$work/after.txt"
psql -X -q -At -d "$dst" -c "$catalogue" > "$work/catalogue-after.txt"

status=0
if ! diff -u "$work/catalogue-before.txt" "$work/catalogue-after.txt"; then
	echo "dump-restore: the catalogue of rulesets or the evidence changed" >&2
	status=1
fi
if ! diff -u "$work/before.txt" "$work/after.txt" > "$work/verdicts.diff"; then
	head -40 "$work/verdicts.diff"
	echo "dump-restore: verdicts differ after restore" >&2
	status=1
fi
rows=$(wc -l < "$work/before.txt")
[ "$status" -eq 0 ] && echo "dump-restore: $rows verdicts identical after pg_dump and pg_restore"
exit "$status"
