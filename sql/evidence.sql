-- Evidence: AD domains, audits and findings, tied to their establishment.
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('070005566', 'CH d''Aubenas', 'public', '84'),
    ('080001969', 'CH de Vouziers', 'public', '44');
CREATE TEMP VIEW aubenas AS SELECT id FROM care.establishment WHERE finess = '070005566';
CREATE TEMP VIEW vouziers AS SELECT id FROM care.establishment WHERE finess = '080001969';

-- AD domains: one fqdn per establishment, lower case, a DNS name
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, 'ch-aubenas.local' FROM aubenas;
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, 'ch-aubenas.local' FROM aubenas;
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, 'ch-aubenas.local' FROM vouziers
RETURNING fqdn;
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, 'CH-Aubenas.Local' FROM aubenas;
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, 'bad..name' FROM aubenas;
INSERT INTO care.ad_domain (establishment_id, fqdn) SELECT id, '-dash.local' FROM aubenas;
INSERT INTO care.ad_domain (establishment_id, fqdn) VALUES (-1, 'x.local');

CREATE TEMP VIEW aubenas_ad AS
    SELECT d.id FROM care.ad_domain d JOIN aubenas a ON a.id = d.establishment_id;
CREATE TEMP VIEW vouziers_ad AS
    SELECT d.id FROM care.ad_domain d JOIN vouziers v ON v.id = d.establishment_id;

-- audits: exposure audits have no domain; AD audits need one of their own establishment
INSERT INTO care.audit (establishment_id, kind, performed_on, source, provider)
    SELECT id, 'exposure', '2025-03-01', 'silene', 'ANSSI' FROM aubenas
RETURNING kind, performed_on, source, ad_domain_id, ad_level, recorded_by = current_user AS recorded_by_me;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
    SELECT a.id, 'ad', '2025-03-05', 'pingcastle', d.id, 2 FROM aubenas a, aubenas_ad d
RETURNING kind, ad_level;
-- (terse: the failing row would show the recording timestamp)
\set VERBOSITY terse
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
    SELECT id, 'ad', '2025-03-05', 'pingcastle' FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id)
    SELECT a.id, 'exposure', '2025-03-05', 'nuclei', d.id FROM aubenas a, aubenas_ad d;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id)
    SELECT a.id, 'ad', '2025-03-05', 'pingcastle', d.id FROM aubenas a, vouziers_ad d;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_level)
    SELECT id, 'exposure', '2025-03-05', 'nuclei', 3 FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
    SELECT a.id, 'ad', '2025-03-05', 'pingcastle', d.id, 0 FROM aubenas a, aubenas_ad d;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
    SELECT a.id, 'ad', '2025-03-05', 'pingcastle', d.id, 6 FROM aubenas a, aubenas_ad d;
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
    SELECT id, 'exposure', NULL, 'nuclei' FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
    SELECT id, 'exposure', '2025-03-05', 'Nuclei v3' FROM aubenas;
\set VERBOSITY default

CREATE TEMP VIEW aubenas_exposure AS
    SELECT a.id, a.establishment_id FROM care.audit a JOIN aubenas e ON e.id = a.establishment_id
     WHERE a.kind = 'exposure';

-- findings: of their audit's establishment, checked values
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, cvss_vector, cve, asset, title)
    SELECT id, establishment_id, 'critical', 9.8, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
           'CVE-2024-3400', 'vpn.ch-aubenas.fr:443', 'PAN-OS GlobalProtect command injection'
      FROM aubenas_exposure
RETURNING severity, cvss_score, status, detected_on, resolved_on;
INSERT INTO care.finding (audit_id, establishment_id, severity, title)
    SELECT a.id, v.id, 'low', 'wrong establishment' FROM aubenas_exposure a, vouziers v;
INSERT INTO care.finding (audit_id, establishment_id, severity, title)
    SELECT id, establishment_id, 'high', NULL FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, title)
    SELECT id, establishment_id, 'high', '' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, title)
    SELECT id, establishment_id, 'high', 10.1, 'score above 10' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, title)
    SELECT id, establishment_id, 'high', -0.1, 'negative score' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cve, title)
    SELECT id, establishment_id, 'high', 'CVE-24-3400', 'short CVE' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cve, title)
    SELECT id, establishment_id, 'high', 'cve-2024-3400', 'lower-case CVE' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_vector, title)
    SELECT id, establishment_id, 'high', 'not a vector', 'bad vector' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, checkpoint, checkpoint_level, title)
    SELECT id, establishment_id, 'high', 'P-Kerberoasting', 0, 'level 0' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, status, detected_on, resolved_on, title)
    SELECT id, establishment_id, 'high', 'fixed', '2025-03-01', '2025-02-28', 'resolved before detected' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, detected_on, resolved_on, title)
    SELECT id, establishment_id, 'high', '2025-03-01', '2025-03-02', 'open but resolved' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, status, detected_on, resolved_on, title)
    SELECT id, establishment_id, 'medium', 'fixed', '2025-03-01', '2025-03-01', 'fixed the same day' FROM aubenas_exposure
RETURNING status, resolved_on;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_vector, title)
    SELECT id, establishment_id, 'medium', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'v4 vector'
      FROM aubenas_exposure
RETURNING cvss_vector IS NOT NULL AS stored;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_vector, title)
    SELECT id, establishment_id, 'medium', 'CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P', 'v2 vector' FROM aubenas_exposure
RETURNING cvss_vector IS NOT NULL AS stored;

-- CVE lists: cve is the first of cves, and either fills the other in;
-- ports, tool details and report hashes are checked
INSERT INTO care.finding (audit_id, establishment_id, severity, cves, title)
    SELECT id, establishment_id, 'high', ARRAY['CVE-2024-3400', 'CVE-2024-0012'], 'list only' FROM aubenas_exposure
RETURNING cve, cves, known_exploited;
UPDATE care.finding SET cve = 'CVE-2024-0012' WHERE title = 'list only'
RETURNING cve, cves;
UPDATE care.finding SET cves = ARRAY['CVE-2023-4966'] WHERE title = 'list only'
RETURNING cve, cves;
INSERT INTO care.finding (audit_id, establishment_id, severity, cve, cves, title)
    SELECT id, establishment_id, 'high', 'CVE-2024-3400', ARRAY['CVE-2024-0012'], 'cve not first' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, cves, title)
    SELECT id, establishment_id, 'high', ARRAY['CVE-2024-3400', 'CVE-1'], 'bad CVE in list' FROM aubenas_exposure;
\set VERBOSITY terse
INSERT INTO care.finding (audit_id, establishment_id, severity, port, title)
    SELECT id, establishment_id, 'high', 65536, 'port out of range' FROM aubenas_exposure;
INSERT INTO care.finding (audit_id, establishment_id, severity, details, title)
    SELECT id, establishment_id, 'high', '[1]', 'details not an object' FROM aubenas_exposure;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, report_sha256)
    SELECT id, 'exposure', '2025-03-06', 'nmap', sha256('report') FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, report_sha256)
    SELECT id, 'exposure', '2025-03-07', 'nmap', sha256('report') FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, report_sha256)
    SELECT id, 'exposure', '2025-03-07', 'nmap', sha256('report') FROM vouziers
RETURNING performed_on;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, report_sha256)
    SELECT id, 'exposure', '2025-03-07', 'nmap', '\x00' FROM aubenas;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, report_summary)
    SELECT id, 'exposure', '2025-03-07', 'nmap', '"text"' FROM aubenas;
\set VERBOSITY default

-- evidence ids are unique across the three tables
SELECT count(*) = count(DISTINCT id) AS ids_unique, array_agg(DISTINCT source ORDER BY source) AS sources
  FROM care.evidence;

-- an establishment with evidence cannot be deleted; an audit takes its findings with it
DELETE FROM care.establishment WHERE finess = '070005566';
DELETE FROM care.ad_domain WHERE id IN (SELECT id FROM aubenas_ad);
SELECT count(*) AS findings_before FROM care.finding f JOIN aubenas e ON e.id = f.establishment_id;
DELETE FROM care.audit WHERE id IN (SELECT id FROM aubenas_exposure);
SELECT count(*) AS findings_after FROM care.finding f JOIN aubenas e ON e.id = f.establishment_id;

-- the indexes the rules take
SELECT indexrelid::regclass AS index, pg_get_indexdef(indexrelid) AS definition
  FROM pg_index
 WHERE indrelid IN ('care.audit'::regclass, 'care.finding'::regclass)
 ORDER BY 1;
