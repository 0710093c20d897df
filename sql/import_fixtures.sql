-- The real samples of ../shared/fixtures, imported as establishments send
-- them: counts by severity as SOURCES.md gives them, performed_on from the
-- report, re-imports that write nothing, truncated and wrong-format files
-- that fail cleanly, PingCastle's scores recomputed, KEV flags.
\set SHOW_CONTEXT never
\set present `test -d ../shared/fixtures && test -r ../shared/fixtures/kev/known_exploited_vulnerabilities.json && echo 1 || echo 0`
\if :present
SELECT setval('care.establishment_id_seq', 2000) AS establishment_ids,
       setval('care.evidence_id_seq', 200000) AS evidence_ids;
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('240000059', 'CH de Bergerac', 'public', '75'),
    ('150780088', 'Centre hospitalier de Saint-Flour', 'public', '84');
SELECT id AS bergerac FROM care.establishment WHERE finess = '240000059' \gset
SELECT id AS saint_flour FROM care.establishment WHERE finess = '150780088' \gset
CREATE TEMP VIEW written AS
    SELECT (SELECT count(*) FROM care.audit) AS audits, (SELECT count(*) FROM care.finding) AS findings,
           (SELECT count(*) FROM care.ad_domain) AS ad_domains;
-- the KEV catalog (loaded by suite kev already: then this changes nothing)
\set catalog `cat ../shared/fixtures/kev/known_exploited_vulnerabilities.json`
SET client_min_messages = warning;
SELECT catalog_version FROM care.import_kev(:'catalog');
RESET client_min_messages;

-- every sample, as the file is: psql reads it into a variable
CREATE TEMP TABLE sample (file text PRIMARY KEY, format text NOT NULL, body text NOT NULL, audit_id bigint);
\set r `cat ../shared/fixtures/pingcastle/defectdojo_many.xml`
INSERT INTO sample VALUES ('pingcastle/defectdojo_many.xml', 'pingcastle', :'r');
\set r `cat ../shared/fixtures/pingcastle/defectdojo_one.xml`
INSERT INTO sample VALUES ('pingcastle/defectdojo_one.xml', 'pingcastle', :'r');
\set r `cat ../shared/fixtures/pingcastle/defectdojo_zero.xml`
INSERT INTO sample VALUES ('pingcastle/defectdojo_zero.xml', 'pingcastle', :'r');
\set r `cat ../shared/fixtures/nuclei/defectdojo_many_findings_v2legacy.jsonl`
INSERT INTO sample VALUES ('nuclei/defectdojo_many_findings_v2legacy.jsonl', 'nuclei', :'r');
\set r `cat ../shared/fixtures/nuclei/defectdojo_many_findings_new.jsonl`
INSERT INTO sample VALUES ('nuclei/defectdojo_many_findings_new.jsonl', 'nuclei', :'r');
\set r `cat ../shared/fixtures/nuclei/defectdojo_multiple_v3.json`
INSERT INTO sample VALUES ('nuclei/defectdojo_multiple_v3.json', 'nuclei', :'r');
\set r `cat ../shared/fixtures/openvas/defectdojo_many_vuln.xml`
INSERT INTO sample VALUES ('openvas/defectdojo_many_vuln.xml', 'openvas', :'r');
\set r `cat ../shared/fixtures/openvas/defectdojo_one_vuln.xml`
INSERT INTO sample VALUES ('openvas/defectdojo_one_vuln.xml', 'openvas', :'r');
\set r `cat ../shared/fixtures/openvas/defectdojo_no_vuln.xml`
INSERT INTO sample VALUES ('openvas/defectdojo_no_vuln.xml', 'openvas', :'r');
\set r `cat ../shared/fixtures/nessus/defectdojo_nessus_with_cvssv3.nessus`
INSERT INTO sample VALUES ('nessus/defectdojo_nessus_with_cvssv3.nessus', 'nessus', :'r');
\set r `cat ../shared/fixtures/nmap/defectdojo_issue12411.xml`
INSERT INTO sample VALUES ('nmap/defectdojo_issue12411.xml', 'nmap', :'r');
\set r `cat ../shared/fixtures/nmap/defectdojo_issue4406.xml`
INSERT INTO sample VALUES ('nmap/defectdojo_issue4406.xml', 'nmap', :'r');
\set r `cat ../shared/fixtures/nmap/defectdojo_nmap_script_vulners.xml`
INSERT INTO sample VALUES ('nmap/defectdojo_nmap_script_vulners.xml', 'nmap', :'r');
\unset r
-- each sample calls its format's importer, as text
CREATE FUNCTION pg_temp.import(format text, establishment_id bigint, body text, performed_on date DEFAULT NULL)
    RETURNS bigint LANGUAGE sql AS $$
    SELECT CASE format
           WHEN 'pingcastle' THEN care.import_pingcastle(establishment_id, body, performed_on)
           WHEN 'nuclei' THEN care.import_nuclei(establishment_id, body, performed_on)
           WHEN 'openvas' THEN care.import_openvas(establishment_id, body, performed_on)
           WHEN 'nessus' THEN care.import_nessus(establishment_id, body, performed_on)
           WHEN 'nmap' THEN care.import_nmap(establishment_id, body, performed_on) END
$$;
CREATE FUNCTION pg_temp.try(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'imported';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

SELECT * FROM written \gset before_
UPDATE sample s SET audit_id = i.audit_id
  FROM (SELECT o.file, pg_temp.import(o.format, :bergerac, o.body) AS audit_id
          FROM (SELECT * FROM sample ORDER BY file OFFSET 0) o) i
 WHERE i.file = s.file;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings,
       ad_domains - :before_ad_domains AS ad_domains
  FROM written;

-- one audit each, dated by the report, its findings by severity
SELECT s.file, a.kind, a.performed_on, a.tool_version, count(f.id) AS findings,
       count(*) FILTER (WHERE f.severity = 'critical') AS critical,
       count(*) FILTER (WHERE f.severity = 'high') AS high,
       count(*) FILTER (WHERE f.severity = 'medium') AS medium,
       count(*) FILTER (WHERE f.severity = 'low') AS low,
       count(*) FILTER (WHERE f.severity = 'none') AS none,
       count(*) FILTER (WHERE f.cve IS NOT NULL) AS with_cve,
       count(*) FILTER (WHERE f.known_exploited) AS known_exploited
  FROM sample s
  JOIN care.audit a ON a.id = s.audit_id
  LEFT JOIN care.finding f ON f.audit_id = a.id AND f.establishment_id = a.establishment_id
 GROUP BY s.file, a.kind, a.performed_on, a.tool_version
 ORDER BY s.file;

-- as SOURCES.md counts them, in the tools' own terms
-- Nessus: 49 items, severity 0:23 1:1 2:13 3:10 4:2
SELECT f.details->>'tool_severity' AS nessus_severity, f.severity, count(*)
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id
 WHERE s.format = 'nessus' GROUP BY 1, 2 ORDER BY 1;
-- OpenVAS many_vuln: 44 results, 19 High, 23 Medium, 2 empty threat (by
-- score the High ones of 9.0 and above are critical); one_vuln: 1 High
SELECT s.file, coalesce(f.details->>'threat', '(empty)') AS threat, f.severity, count(*)
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id
 WHERE s.format = 'openvas' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- Nuclei: 18, 2 and 6 records, by info.severity
SELECT s.file, f.details->>'tool_severity' AS nuclei_severity, count(*)
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id
 WHERE s.format = 'nuclei' GROUP BY 1, 2 ORDER BY 1, 2;
-- nmap: open ports (issue4406: 25), and the CVEs of the vulners script
SELECT s.file, count(*) FILTER (WHERE f.tool_ref = 'port') AS open_ports,
       count(*) FILTER (WHERE f.tool_ref = 'vulners') AS vulners_cves,
       max(f.cvss_score) AS max_cvss, a.report_summary->>'hosts_up' AS hosts_up
  FROM sample s JOIN care.audit a ON a.id = s.audit_id LEFT JOIN care.finding f ON f.audit_id = a.id
 WHERE s.format = 'nmap' GROUP BY s.file, a.report_summary ORDER BY 1;
-- CVE lists kept whole: the Nessus items name 138 CVEs
SELECT s.format, count(c) AS cves, count(DISTINCT c) AS distinct_cves
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id, unnest(f.cves) AS c
 GROUP BY s.format ORDER BY 1;

-- PingCastle: the AD domain, the stated level, the scores recomputed from
-- the findings: many matches its report exactly (GlobalScore 70,
-- StaleObjects 36, PrivilegiedGroup 70, Trust 0, Anomaly 65, MaturityLevel 2)
SELECT s.file, d.fqdn, a.ad_level, p.rule_count, p.maturity_level, p.global_score, p.stale_objects_score,
       p.privileged_group_score, p.trust_score, p.anomaly_score
  FROM sample s JOIN care.audit a ON a.id = s.audit_id
  JOIN care.ad_domain d ON d.id = a.ad_domain_id
  JOIN care.pingcastle_score p ON p.audit_id = a.id
 ORDER BY s.file;
SELECT s.file, a.report_summary->>'maturity_level' AS maturity_level, a.report_summary->>'global_score' AS global_score,
       a.report_summary->>'stale_objects_score' AS stale_objects_score,
       a.report_summary->>'privileged_group_score' AS privileged_group_score,
       a.report_summary->>'trust_score' AS trust_score, a.report_summary->>'anomaly_score' AS anomaly_score
  FROM sample s JOIN care.audit a ON a.id = s.audit_id WHERE s.format = 'pingcastle' ORDER BY 1;
-- zero, inconsistent on purpose, is the one flagged
SELECT s.file, d.measure, d.stated, d.computed
  FROM care.pingcastle_disagreement d JOIN sample s ON s.audit_id = d.audit_id ORDER BY 1, 2;
SELECT checkpoint, checkpoint_level, severity, details->>'points' AS points, details->>'category' AS category
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id
 WHERE s.file = 'pingcastle/defectdojo_many.xml' AND checkpoint_level <= 2 ORDER BY f.id;

-- known exploited: CVE-2012-1823 (PHP-CGI) in the Nessus and OpenVAS samples
SELECT s.file, f.title, f.cvss_score, f.cves[1:2] AS first_cves, f.known_exploited
  FROM care.finding f JOIN sample s ON s.audit_id = f.audit_id
 WHERE 'CVE-2012-1823' = ANY (f.cves) ORDER BY 1;
SELECT s.file, k.cve, k.vulnerability_name, k.date_added
  FROM care.finding_kev k JOIN sample s ON s.audit_id = k.audit_id ORDER BY 1, 2;

-- the same files again: nothing written, the audits returned, a NOTICE each
SELECT * FROM written \gset before_
SELECT file, pg_temp.import(format, :bergerac, body) = audit_id AS same_audit
  FROM (SELECT * FROM sample ORDER BY file OFFSET 0) s;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;

-- another establishment's copy: a new audit; a performed_on argument
-- differing from the report's date is ignored, with a NOTICE
SELECT pg_temp.import(format, :saint_flour, body, '2000-01-01') AS other_audit
  FROM sample WHERE file = 'nessus/defectdojo_nessus_with_cvssv3.nessus' \gset
SELECT performed_on, (SELECT count(*) FROM care.finding f WHERE f.audit_id = a.id AND f.known_exploited) AS known_exploited
  FROM care.audit a WHERE id = :other_audit;

-- truncated files (cut in half) and files given to the wrong importer fail,
-- saying what was expected and what is wrong, and write nothing
SELECT * FROM written \gset before_
SELECT file, pg_temp.try(format('SELECT care.import_%s(%s, %L)', format, :saint_flour,
                                left(body, length(body) / 2))) AS truncated
  FROM sample ORDER BY file;
\set r `cat ../shared/fixtures/nessus/defectdojo_nessus_with_cvssv3.nessus`
\set VERBOSITY default
SELECT care.import_openvas(:saint_flour, :'r');
\unset r
SELECT i.importer, s.format AS file_format, count(*) AS files, min(pg_temp.try(format('SELECT care.import_%s(%s, %L)',
           i.importer, :saint_flour, s.body))) AS result
  FROM sample s, (VALUES ('pingcastle'), ('nuclei'), ('openvas'), ('nessus'), ('nmap')) AS i(importer)
 WHERE i.importer <> s.format
 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings,
       ad_domains - :before_ad_domains AS ad_domains
  FROM written;
\else
\echo 'skipped: ../shared/fixtures is absent'
\endif
