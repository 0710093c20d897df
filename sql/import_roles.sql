-- Loading reports without superuser rights: the GRANTs an importing role
-- needs, imports as that role from psql variables, and the care-import
-- wrapper connecting as it.
\set SHOW_CONTEXT never
SELECT setval('care.establishment_id_seq', 3000) AS establishment_ids,
       setval('care.evidence_id_seq', 300000) AS evidence_ids;
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('640017638', 'Centre hospitalier de Saint-Palais', 'public', '75');
SELECT id AS palais FROM care.establishment WHERE finess = '640017638' \gset

CREATE ROLE regress_care_importer LOGIN;
-- what an importer needs: to read the establishments and the reference
-- tables, to add audits, findings and AD domains (and take their ids)
GRANT USAGE ON SCHEMA care TO regress_care_importer;
GRANT SELECT ON care.establishment, care.pingcastle_rule, care.exposed_service, care.kev,
                care.pingcastle_score, care.pingcastle_disagreement
    TO regress_care_importer;
GRANT SELECT, INSERT ON care.audit, care.finding, care.ad_domain TO regress_care_importer;
GRANT USAGE ON SEQUENCE care.evidence_id_seq TO regress_care_importer;

SET ROLE regress_care_importer;
SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user;
-- a report in a psql variable (\set report `cat file` in a session)
SELECT '<nmaprun scanner="nmap" start="1746000000" version="7.94"><host><status state="up"/><address addr="198.51.100.7" addrtype="ipv4"/><ports><port protocol="tcp" portid="445"><state state="open"/><service name="microsoft-ds"/></port><port protocol="tcp" portid="443"><state state="open"/><service name="https"/></port></ports></host></nmaprun>'
       AS nmap_report \gset
SELECT care.import_nmap(:palais, :'nmap_report') AS nmap_audit \gset
SELECT care.import_nmap(:palais, :'nmap_report') = :nmap_audit AS same_audit;
SELECT source, performed_on, recorded_by FROM care.audit WHERE id = :nmap_audit;
SELECT severity, asset, title FROM care.finding WHERE audit_id = :nmap_audit ORDER BY id;
SELECT care.import_pingcastle(:palais,
    '<HealthcheckData><GenerationDate>2025-05-02T10:00:00+02:00</GenerationDate><MaturityLevel>3</MaturityLevel><DomainFQDN>CH-Saint-Palais.local</DomainFQDN><GlobalScore>10</GlobalScore><RiskRules><HealthcheckRiskRule><Points>10</Points><Category>Anomalies</Category><Model>Audit</Model><RiskId>A-AuditDC</RiskId><Rationale>Audit policy missing</Rationale></HealthcheckRiskRule></RiskRules></HealthcheckData>')
    AS pc_audit \gset
SELECT a.ad_level, d.fqdn, a.recorded_by FROM care.audit a JOIN care.ad_domain d ON d.id = a.ad_domain_id WHERE a.id = :pc_audit;
-- and nothing more: no catalog loading, no changing or removing evidence
SELECT * FROM care.import_kev('{"catalogVersion": "2099.01.01", "vulnerabilities": []}');
UPDATE care.finding SET status = 'false_positive' WHERE audit_id = :nmap_audit;
DELETE FROM care.audit WHERE id = :nmap_audit;
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('640017646', 'CH', 'public', '75');
RESET ROLE;

-- the care-import wrapper, connecting as the importing role: it prints the
-- audit id; psql's NOTICEs and errors go to standard error
\setenv PGDATABASE :DBNAME
\setenv PGOPTIONS '-c role=regress_care_importer'
\setenv CARE_EST :palais
\! printf '%s\n' '<?xml version="1.0"?>' '<nmaprun scanner="nmap" startstr="Sat May  3 08:00:00 2025" version="7.94">' '<host><status state="up"/><address addr="198.51.100.8" addrtype="ipv4"/><ports>' '<port protocol="tcp" portid="3389"><state state="open"/><service name="ms-wbt-server"/></port>' '</ports></host></nmaprun>' > results/import_roles_nmap.xml
\! sh extension/care-import nmap "$CARE_EST" results/import_roles_nmap.xml
\! sh extension/care-import nmap "$CARE_EST" results/import_roles_nmap.xml 2>&1
\! printf '%s\n' '{"template-id":"exposed-panel","info":{"name":"Exposed admin panel","severity":"high"},"host":"https://198.51.100.8","matched-at":"https://198.51.100.8/admin"}' | sh extension/care-import -D 2025-05-04 -P 'Acme Audit' nuclei "$CARE_EST" -
\! sh extension/care-import nessus "$CARE_EST" results/import_roles_nmap.xml 2>&1; echo "exit status $?"
\! sh extension/care-import nmap 999999 results/import_roles_nmap.xml 2>&1; echo "exit status $?"
\! sh extension/care-import nmap "$CARE_EST" results/no_such_file.xml 2>&1; echo "exit status $?"
\! sh extension/care-import nmap 'one' results/import_roles_nmap.xml 2>&1; echo "exit status $?"
\! sh extension/care-import 2>&1 | head -2
\! sh extension/care-import -x nmap 1 - >/dev/null 2>&1; echo "exit status $?"
\setenv PGOPTIONS
SELECT a.id - :nmap_audit AS after_first, a.source, a.performed_on, a.provider, a.recorded_by,
       count(f.id) AS findings, max(f.severity) AS worst
  FROM care.audit a LEFT JOIN care.finding f ON f.audit_id = a.id
 WHERE a.establishment_id = :palais
 GROUP BY a.id ORDER BY a.id;

DROP OWNED BY regress_care_importer;
DROP ROLE regress_care_importer;
