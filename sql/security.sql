-- Verdicts run with the caller's rights: row-level security on the
-- evidence applies to them, so a regional agency sees and evaluates its
-- region only.  Text from rules never changes the shape of the SQL.
SET search_path = care, public;
CREATE ROLE regress_care_ars_idf;
GRANT USAGE ON SCHEMA care TO regress_care_ars_idf;
GRANT SELECT ON ALL TABLES IN SCHEMA care TO regress_care_ars_idf;

INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('750100125', 'Hôpital francilien', 'public', '11');
INSERT INTO care.establishment (id, finess, name, kind, region) OVERRIDING SYSTEM VALUE VALUES
    (900001, '970300026', 'Hôpital guyanais', 'public', '03');
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
SELECT e.id, 'exposure', d, 'silene'
  FROM care.establishment e, (VALUES (date '2025-04-01'), (date '2025-05-21')) AS v(d)
 WHERE e.finess IN ('750100125', '970300026');

-- the agency of Île-de-France sees its region's establishments and evidence
ALTER TABLE care.establishment ENABLE ROW LEVEL SECURITY;
ALTER TABLE care.audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_idf ON care.establishment FOR SELECT TO regress_care_ars_idf USING (region = '11');
CREATE POLICY regress_idf ON care.audit FOR SELECT TO regress_care_ars_idf
    USING (establishment_id IN (SELECT id FROM care.establishment));

SELECT id AS guyane FROM care.establishment WHERE finess = '970300026' \gset
SET ROLE regress_care_ars_idf;
SELECT e.name, v.objectives->>'D1.O2.B' AS exposure
  FROM care.evaluate('D1', '2025-06-30') v JOIN care.establishment e ON e.id = v.establishment_id
 WHERE e.finess IN ('750100125', '970300026');
SELECT count(*) AS establishments_seen FROM care.evaluate('D1', '2025-06-30') v
  JOIN care.establishment e ON e.id = v.establishment_id WHERE e.region <> '11';
-- an establishment the role cannot see does not exist for it
SELECT care_eligible(:guyane, 'D1');
RESET ROLE;
SELECT care_eligible(id, 'D1', '2025-06-30') IS NOT NULL AS superuser_sees_it
  FROM care.establishment WHERE finess = '970300026';
DROP POLICY regress_idf ON care.establishment;
DROP POLICY regress_idf ON care.audit;
ALTER TABLE care.establishment DISABLE ROW LEVEL SECURITY;
ALTER TABLE care.audit DISABLE ROW LEVEL SECURITY;

-- without rights on the evidence, no verdict
REVOKE SELECT ON care.finding FROM regress_care_ars_idf;
SET ROLE regress_care_ars_idf;
SELECT care_eligible(id, 'D1') FROM care.establishment WHERE finess = '750100125';
RESET ROLE;

-- quotes, backslashes, dollar signs and non-Latin text in titles and
-- messages come back as written and never reach the SQL as code
SELECT name FROM care.ruleset_define($r$ruleset quoting version 1 campaign 'D1'
  title "L'hôpital ""Saint-Jean"" — 'quoted' $$ \ ; DROP TABLE care.audit; --"
objective "o'1" "Objectif 'un' ; SELECT pg_sleep(10); -- \" {
  require exists audit where kind = exposure and performed_on > as_of
    else "aucun audit après le {as_of} ' ; DROP TABLE care.finding; -- 日本語"
}
eligible when "o'1"
$r$);
SELECT ruleset_version FROM care.ruleset_activate('quoting', 1);
SELECT objective, objective_title, verdict, message
  FROM care.care_explain((SELECT id FROM care.establishment WHERE finess = '750100125'), 'D1', '2025-06-30');
SELECT title FROM care.ruleset WHERE name = 'quoting';
SELECT count(*) AS audit_table_intact FROM care.audit WHERE false;
SELECT ruleset_version FROM care.ruleset_activate('care_d1', 1);

-- the compiled SQL reads the same whatever standard_conforming_strings says
-- when a backend prepares it
SELECT name FROM care.ruleset_define($r$ruleset backslash version 1 campaign 'D1'
objective o {
  require exists audit where kind = exposure and performed_on > as_of
    else "no audit \' ; SELECT 1; -- after {as_of}"
}
eligible when o
$r$);
SELECT ruleset_version FROM care.ruleset_activate('backslash', 1);
SET standard_conforming_strings = off;
SELECT objective, verdict, message
  FROM care.care_explain((SELECT id FROM care.establishment WHERE finess = '750100125'), 'D1', '2025-06-30');
RESET standard_conforming_strings;
SELECT ruleset_version FROM care.ruleset_activate('care_d1', 1);

REVOKE ALL ON ALL TABLES IN SCHEMA care FROM regress_care_ars_idf;
REVOKE USAGE ON SCHEMA care FROM regress_care_ars_idf;
DROP ROLE regress_care_ars_idf;
