-- AD reference data shipped with care: PingCastle rules and ANSSI
-- checkpoints, versioned; the checkpoint-level function; the shipped rows
-- still equal the shared CSV files they were generated from.
SELECT version, count(*) AS rules, min(maturity_level) AS min_level, max(maturity_level) AS max_level,
       count(*) FILTER (WHERE anssi_ids IS NOT NULL) AS with_anssi
  FROM care.pingcastle_rule GROUP BY version;
SELECT category, count(*) FROM care.pingcastle_rule GROUP BY category ORDER BY category;
SELECT version, count(*) AS checkpoints, count(DISTINCT name) AS names,
       count(*) FILTER (WHERE level = 1) AS level_1
  FROM care.anssi_checkpoint GROUP BY version ORDER BY version;

-- a rule: level, category, ANSSI checkpoint and its levels in both versions
SELECT rule_id, category, maturity_level, anssi_ids, points
  FROM care.pingcastle_rule WHERE rule_id IN ('P-DNSAdmin', 'A-MinPwdLen', 'T-SIDFiltering') ORDER BY 1;

-- level of a checkpoint id, either style, in either version of the table
SELECT c AS checkpoint, care.anssi_level(c) AS anssi, care.anssi_level(c, 'pingcastle-3.3') AS pingcastle
  FROM unnest(ARRAY['vuln_dnsadmins', 'vuln4_dnsadmins', 'vuln1_dnszone_bad_prop', 'vuln3_dnszone_bad_prop',
                    'vuln_dnszone_bad_prop', 'vuln_functional_level', 'vuln4_functional_level',
                    'vuln_guest', 'vuln3_reversible_password', 'vuln_no_such_checkpoint']) AS c;
SELECT care.anssi_level('vuln_dnsadmins', 'no-such-version') AS unknown_version,
       care.anssi_level(NULL) AS null_id;

-- versions compare as versions
SELECT v, care.version_key(v) FROM unnest(ARRAY['3.3', '3.2.0.1', '2.10.1', 'v3.3.0', 'x']) AS v
 ORDER BY care.version_key(v) NULLS FIRST;

-- the shipped rows are reference data: not dumped; rows users add for
-- another version are, and do not disturb the shipped ones
INSERT INTO care.pingcastle_rule (version, rule_id, category, maturity_level, title)
    VALUES ('3.4', 'P-DNSAdmin', 'PrivilegedAccounts', 1, 'DnsAdmins group members');
INSERT INTO care.pingcastle_rule (version, rule_id, category, maturity_level, title)
    VALUES ('next', 'X-Rule', 'Anomalies', 2, 'version without a number');
INSERT INTO care.pingcastle_rule (version, rule_id, category, maturity_level, title)
    VALUES ('3.4', 'X-Rule', 'Unknown', 2, 'unknown category');
INSERT INTO care.anssi_checkpoint (version, checkpoint, name, level, levels)
    VALUES ('anssi-2026', 'vuln_dnsadmins', 'vuln_dnsadmins', 2, '{2}');
INSERT INTO care.anssi_checkpoint (version, checkpoint, name, level, levels)
    VALUES ('anssi-2026', 'vuln2_guest', 'vuln_other', 2, '{2}');
INSERT INTO care.anssi_checkpoint (version, checkpoint, name, level, levels)
    VALUES ('anssi-2026', 'vuln_guest', 'vuln_guest', 1, '{2,3}');
SELECT care.anssi_level('vuln1_dnsadmins', 'anssi-2026') AS new_version, care.anssi_level('vuln1_dnsadmins') AS current;
DELETE FROM care.pingcastle_rule WHERE version = '3.4';
DELETE FROM care.anssi_checkpoint WHERE version = 'anssi-2026';

-- exposed services: remote administration and file sharing, critical when open
SELECT category, count(*), min(severity) AS min_severity FROM care.exposed_service GROUP BY category ORDER BY 1;
SELECT s AS service, p AS port, (care.exposed_service_of(s, p)).label, (care.exposed_service_of(s, p)).severity
  FROM (VALUES ('ms-wbt-server', 3389), ('ms-wbt-server', 13389), ('microsoft-ds', 445), ('http', 3389),
               ('unknown', 3389), ('tcpwrapped', 23), (NULL, 5985), ('ssh', 22), (NULL, 8443)) AS v(s, p);
-- shipped rows cannot be changed in place; a user row overrides one, and is dumped
UPDATE care.exposed_service SET severity = 'high' WHERE service = 'ftp';
DELETE FROM care.exposed_service WHERE service = 'telnet';
INSERT INTO care.exposed_service (service, shipped, port, category, severity, label)
    VALUES ('ssh', true, 22, 'remote_administration', 'high', 'SSH');
INSERT INTO care.exposed_service (service, port, category, severity, label)
    VALUES ('ftp', 21, 'file_sharing', 'high', 'FTP, high only here'),
           ('ssh', 22, 'remote_administration', 'medium', 'SSH');
SELECT s AS service, (care.exposed_service_of(s, p)).label, (care.exposed_service_of(s, p)).severity
  FROM (VALUES ('ftp', 21), ('ssh', 22), (NULL, 21)) AS v(s, p);
UPDATE care.exposed_service SET severity = 'none' WHERE service = 'ftp' AND NOT shipped
RETURNING service, shipped, severity;
DELETE FROM care.exposed_service WHERE NOT shipped;
INSERT INTO care.exposed_service (service, port, category, severity, label)
    VALUES ('RDP', 3389, 'remote_administration', 'critical', 'bad name');

-- the shipped rows equal the CSV files of ../shared/data
\set present `test -r ../shared/data/pingcastle_rules.csv && test -r ../shared/data/anssi_ad_checkpoints.csv && echo 1 || echo 0`
\if :present
CREATE TEMP TABLE pingcastle_csv (
    pingcastle_rule_id text, category text, risk_model text, maturity_level text,
    explicit_maturity_attr text, anssi_ids text, anssi_levels text, anssi_note_tech_refs text,
    points text, computation text, introduced_in text, title text);
\copy pingcastle_csv FROM '../shared/data/pingcastle_rules.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE anssi_csv (
    anssi_id text, levels_guide_ad text, min_level text, title_fr text, pingcastle_anssi_labels text,
    pingcastle_levels text, title_en_pingcastle text, pingcastle_rules text, in_ads_open_list text,
    in_pingcastle text);
\copy anssi_csv FROM '../shared/data/anssi_ad_checkpoints.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS csv_rules,
       count(*) FILTER (WHERE r.rule_id IS NULL) AS missing,
       count(*) FILTER (WHERE (r.category, r.risk_model, r.maturity_level, r.maturity_explicit, r.anssi_ids,
                               r.anssi_levels, r.points, r.computation, r.introduced_in, r.title)
                              IS DISTINCT FROM
                              (c.category, nullif(c.risk_model, ''), c.maturity_level::smallint,
                               coalesce(c.explicit_maturity_attr, '') <> '', string_to_array(nullif(c.anssi_ids, ''), ';'),
                               string_to_array(nullif(c.anssi_levels, ''), ';')::smallint[],
                               string_to_array(nullif(c.points, ''), ';')::integer[],
                               string_to_array(nullif(c.computation, ''), ';'),
                               nullif(c.introduced_in, ''), c.title)) AS different
  FROM pingcastle_csv c
  LEFT JOIN care.pingcastle_rule r ON r.version = '3.3' AND r.rule_id = c.pingcastle_rule_id;
SELECT count(*) AS guide_checkpoints,
       count(*) FILTER (WHERE a.checkpoint IS NULL OR a.level <> c.min_level::smallint
                              OR a.levels <> (SELECT array_agg(DISTINCT l::smallint ORDER BY l::smallint)
                                                FROM unnest(string_to_array(c.levels_guide_ad, ';')) l)
                              OR a.title IS DISTINCT FROM c.title_fr) AS different
  FROM anssi_csv c
  LEFT JOIN care.anssi_checkpoint a ON a.version = 'anssi' AND a.checkpoint = c.anssi_id
 WHERE c.levels_guide_ad <> '';
SELECT count(*) AS pingcastle_labels,
       count(*) FILTER (WHERE a.checkpoint IS NULL OR a.level <> l.level::smallint OR a.name <> c.anssi_id) AS different
  FROM anssi_csv c
 CROSS JOIN LATERAL unnest(string_to_array(c.pingcastle_anssi_labels, ';'),
                           string_to_array(c.pingcastle_levels, ';')) AS l(label, level)
  LEFT JOIN care.anssi_checkpoint a ON a.version = 'pingcastle-3.3' AND a.checkpoint = l.label;
-- every ANSSI id a rule names is a known PingCastle-style checkpoint
SELECT r.rule_id, a.id FROM care.pingcastle_rule r, unnest(r.anssi_ids) a(id)
 WHERE NOT EXISTS (SELECT FROM care.anssi_checkpoint c WHERE c.version = 'pingcastle-3.3' AND c.checkpoint = a.id);
\else
\echo 'skipped: ../shared/data/pingcastle_rules.csv or anssi_ad_checkpoints.csv is absent'
\endif
