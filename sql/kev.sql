-- The CISA KEV catalog: loading, reloading a newer one (what changed),
-- refusing an older or malformed one, and the known_exploited flag it puts
-- on findings, as plain column of care.finding.
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('130786049', 'AP-HM', 'public', '93');
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
    SELECT id, 'exposure', '2025-05-01', 'manual' FROM care.establishment WHERE finess = '130786049';
CREATE TEMP VIEW kev_audit AS
    SELECT a.id, a.establishment_id FROM care.audit a JOIN care.establishment e ON e.id = a.establishment_id
     WHERE e.finess = '130786049';
INSERT INTO care.finding (audit_id, establishment_id, severity, cves, title)
    SELECT id, establishment_id, 'high', c, t FROM kev_audit,
           (VALUES (ARRAY['CVE-2021-44228'], 'log4shell'),
                   (ARRAY['CVE-2000-0001', 'CVE-2023-4966'], 'citrix bleed, second CVE'),
                   (ARRAY['CVE-2000-0002'], 'not exploited'),
                   (NULL, 'no CVE')) AS v(c, t);

-- a first catalog: two entries
SELECT * FROM care.import_kev('{"catalogVersion": "2024.12.01", "dateReleased": "2024-12-01T12:00:00.000Z", "count": 2,
  "vulnerabilities": [
    {"cveID": "CVE-2021-44228", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
     "dateAdded": "2021-12-10", "shortDescription": "JNDI features ...", "requiredAction": "Apply updates per vendor instructions.",
     "dueDate": "2021-12-24", "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-20", "CWE-400", "CWE-502"]},
    {"cveID": "CVE-2000-0002", "vendorProject": "Nobody", "product": "Nothing", "vulnerabilityName": "Listed for the test",
     "dateAdded": "2024-11-30", "shortDescription": "", "requiredAction": "", "dueDate": "2024-12-21",
     "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []}]}');
SELECT cve, vendor_project, date_added, due_date, known_ransomware_use, cwes, catalog_version
  FROM care.kev ORDER BY cve;
SELECT title, cve, known_exploited FROM care.finding f JOIN kev_audit a ON a.id = f.audit_id ORDER BY title;

-- a finding recorded after the catalog is flagged as it is written
INSERT INTO care.finding (audit_id, establishment_id, severity, cve, title)
    SELECT id, establishment_id, 'critical', 'CVE-2021-44228', 'log4shell again' FROM kev_audit
RETURNING cves, known_exploited;

-- a newer catalog: one entry changed, one removed, one added
SELECT * FROM care.import_kev('{"catalogVersion": "2025.01.15", "dateReleased": "2025-01-15T12:00:00.000Z", "count": 2,
  "vulnerabilities": [
    {"cveID": "CVE-2021-44228", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
     "dateAdded": "2021-12-10", "shortDescription": "JNDI features ...", "requiredAction": "Apply updates per vendor instructions.",
     "dueDate": "2021-12-24", "knownRansomwareCampaignUse": "Known", "notes": "https://logging.apache.org/log4j/2.x/security.html", "cwes": ["CWE-20", "CWE-400", "CWE-502"]},
    {"cveID": "CVE-2023-4966", "vendorProject": "Citrix", "product": "NetScaler", "vulnerabilityName": "Citrix Bleed",
     "dateAdded": "2023-10-18", "shortDescription": "", "requiredAction": "", "dueDate": "2023-11-08",
     "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-119"]}]}');
SELECT cve, catalog_version FROM care.kev ORDER BY cve;
SELECT title, known_exploited FROM care.finding f JOIN kev_audit a ON a.id = f.audit_id ORDER BY title;
SELECT f.title, k.cve, k.date_added, k.known_ransomware_use
  FROM care.finding_kev k JOIN care.finding f ON f.id = k.finding_id ORDER BY 1;
SELECT version, released_at, entry_count, added, changed, removed FROM care.kev_catalog ORDER BY version;

-- the same catalog again changes nothing; an older one is refused
SELECT * FROM care.import_kev('{"catalogVersion": "2025.01.15", "dateReleased": "2025-01-15T12:00:00.000Z", "count": 2,
  "vulnerabilities": [
    {"cveID": "CVE-2021-44228", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
     "dateAdded": "2021-12-10", "shortDescription": "JNDI features ...", "requiredAction": "Apply updates per vendor instructions.",
     "dueDate": "2021-12-24", "knownRansomwareCampaignUse": "Known", "notes": "https://logging.apache.org/log4j/2.x/security.html", "cwes": ["CWE-20", "CWE-400", "CWE-502"]},
    {"cveID": "CVE-2023-4966", "vendorProject": "Citrix", "product": "NetScaler", "vulnerabilityName": "Citrix Bleed",
     "dateAdded": "2023-10-18", "shortDescription": "", "requiredAction": "", "dueDate": "2023-11-08",
     "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-119"]}]}');
SELECT * FROM care.import_kev('{"catalogVersion": "2024.06.01", "dateReleased": "2024-06-01T12:00:00.000Z", "count": 0, "vulnerabilities": []}');

-- what is not a catalog is refused, and changes nothing
SELECT * FROM care.import_kev('{"title": "something else"}');
SELECT * FROM care.import_kev('[1, 2]');
SELECT * FROM care.import_kev(NULL);
SELECT * FROM care.import_kev('{"catalogVersion": "2025.02.01", "vulnerabilities": [{"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"}, {"cveID": "log4shell", "dateAdded": "2021-12-10"}]}');
SELECT * FROM care.import_kev('{"catalogVersion": "2025.02.01", "vulnerabilities": [{"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"}, {"cveID": "CVE-2021-44228", "dateAdded": "2021-12-11"}]}');
SELECT count(*) AS kev_rows, (SELECT max(version) FROM care.kev_catalog) AS latest FROM care.kev;

-- changing a finding's CVEs recomputes its flag
UPDATE care.finding SET cves = ARRAY['CVE-2000-0003'] WHERE title = 'log4shell again'
RETURNING cve, known_exploited;
UPDATE care.finding SET cve = 'CVE-2023-4966' WHERE title = 'not exploited'
RETURNING cves, known_exploited;

-- the real catalog of ../shared: 1,404 entries, loaded over the test ones
\set present `test -r ../shared/fixtures/kev/known_exploited_vulnerabilities.json && echo 1 || echo 0`
\if :present
\set catalog `cat ../shared/fixtures/kev/known_exploited_vulnerabilities.json`
SELECT * FROM care.import_kev(:'catalog');
SELECT count(*) AS entries, count(*) FILTER (WHERE known_ransomware_use) AS ransomware,
       min(date_added) AS first_added, max(date_added) AS last_added
  FROM care.kev;
SELECT cve, vendor_project, product, date_added, known_ransomware_use FROM care.kev WHERE cve = 'CVE-2012-1823';
SELECT title, known_exploited FROM care.finding f JOIN kev_audit a ON a.id = f.audit_id ORDER BY title;
\else
\echo 'skipped: ../shared/fixtures/kev/known_exploited_vulnerabilities.json is absent'
\endif
