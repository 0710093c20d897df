-- Importing reports: what the importers share, on small reports written
-- here (suite import_fixtures imports the real samples of ../shared).
-- Errors show their SQLSTATE; the PL/pgSQL context lines are left out.
\set SHOW_CONTEXT never
-- (ids from here on do not depend on the suites before this one)
SELECT setval('care.establishment_id_seq', 1000) AS establishment_ids,
       setval('care.evidence_id_seq', 100000) AS evidence_ids;
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('330781196', 'CHU de Bordeaux', 'public', '75'),
    ('690781810', 'Hospices civils de Lyon', 'public', '84');
SELECT id AS bordeaux FROM care.establishment WHERE finess = '330781196' \gset
SELECT id AS lyon FROM care.establishment WHERE finess = '690781810' \gset
CREATE TEMP VIEW written AS
    SELECT (SELECT count(*) FROM care.audit) AS audits, (SELECT count(*) FROM care.finding) AS findings,
           (SELECT count(*) FROM care.ad_domain) AS ad_domains;
CREATE TEMP VIEW audit_findings AS
    SELECT f.audit_id, f.severity, f.cvss_score, f.cvss_vector, f.cves, f.checkpoint, f.checkpoint_level,
           f.asset, f.port, f.service, f.title, f.tool_ref, f.status, f.detected_on
      FROM care.finding f ORDER BY f.id;

-- the importers: an xml and a text variant of each XML format, text for Nuclei
SELECT p.oid::regprocedure AS importer
  FROM pg_proc p WHERE p.pronamespace = 'care'::regnamespace AND p.proname LIKE 'import\_%'
 ORDER BY 1::text;

-- nmap: every open port is a finding; RDP, VNC and (by its port) Telnet are
-- exposed services, critical; the vulners output gives CVEs with scores
SELECT $nmap$<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/share/nmap/nmap.xsl" type="text/xsl"?>
<nmaprun scanner="nmap" args="nmap -sV --script vulners -oX - 203.0.113.10 2001:db8::5" start="1745920000" startstr="Tue Apr 29 09:46:40 2025" version="7.94" xmloutputversion="1.05">
<host starttime="1745920000" endtime="1745920100"><status state="up" reason="syn-ack"/>
<address addr="203.0.113.10" addrtype="ipv4"/>
<hostnames><hostname name="vpn.example.org" type="PTR"/></hostnames>
<ports>
<port protocol="tcp" portid="22"><state state="open" reason="syn-ack"/><service name="ssh" product="OpenSSH" version="7.4" method="probed" conf="10"/><script id="vulners" output="&#xa;  cpe:/a:openbsd:openssh:7.4: &#xa;    &#x9;CVE-2023-38408&#x9;9.8&#x9;https://vulners.com/cve/CVE-2023-38408&#xa;    &#x9;CVE-2016-10009&#x9;7.5&#x9;https://vulners.com/cve/CVE-2016-10009"/></port>
<port protocol="tcp" portid="80"><state state="open" reason="syn-ack"/><service name="http" product="nginx" version="1.18.0" method="probed" conf="10"/></port>
<port protocol="tcp" portid="445"><state state="filtered" reason="no-response"/><service name="microsoft-ds" method="table" conf="3"/></port>
<port protocol="tcp" portid="3389"><state state="open" reason="syn-ack"/><service name="ms-wbt-server" product="Microsoft Terminal Services" method="probed" conf="10"/></port>
<port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/><service name="tcpwrapped" method="probed" conf="8"/></port>
</ports></host>
<host><status state="up" reason="echo-reply"/><address addr="2001:db8::5" addrtype="ipv6"/>
<ports><port protocol="tcp" portid="5900"><state state="open" reason="syn-ack"/><service name="vnc" product="RealVNC" method="probed" conf="10"/></port></ports></host>
<runstats><finished time="1745920100" timestr="Tue Apr 29 09:48:20 2025" elapsed="100" exit="success"/><hosts up="2" down="0" total="2"/></runstats>
</nmaprun>$nmap$ AS nmap_report \gset
-- a report read into a psql variable is an untyped literal: the text variant
SELECT care.import_nmap(:bordeaux, :'nmap_report') AS nmap_audit \gset
SELECT kind, source, performed_on, provider, tool_version, report_summary, ad_domain_id, ad_level,
       report_sha256 = sha256(convert_to(:'nmap_report', 'UTF8')) AS hashed, recorded_by = current_user AS by_me
  FROM care.audit WHERE id = :nmap_audit;
SELECT severity, cvss_score, cves, asset, port, service, title, tool_ref, detected_on
  FROM audit_findings WHERE audit_id = :nmap_audit;
SELECT details FROM care.finding WHERE audit_id = :nmap_audit AND port = 3389;

-- the same report again, as text, as xml, with a byte-order mark or a final
-- newline: nothing is written, the audit is returned, with a NOTICE
SELECT * FROM written \gset before_
SELECT care.import_nmap(:bordeaux, :'nmap_report') = :nmap_audit AS same_audit;
SELECT care.import_nmap(:bordeaux, :'nmap_report'::xml) = :nmap_audit AS same_audit;
SELECT care.import_nmap(:bordeaux, U&'\FEFF' || :'nmap_report' || E'\r\n') = :nmap_audit AS same_audit;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;
-- another establishment's copy of the report is its own audit
SELECT care.import_nmap(:lyon, :'nmap_report') <> :nmap_audit AS new_audit;

-- parse_* show what an import would write, and write nothing
SELECT * FROM written \gset before_
SELECT severity, asset, title FROM care.parse_nmap(:'nmap_report'::xml) WHERE severity >= 'high';
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;

-- malformed, truncated and wrong-format files fail, say which format was
-- expected and what is wrong, and write nothing
\set VERBOSITY default
SELECT care.import_nmap(:lyon, left(:'nmap_report', 900));
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_nmap(:lyon, '');
SELECT care.import_nmap(:lyon, 'nmap done: 1 IP address (1 host up) scanned in 0.05 seconds');
-- (an xml argument is parsed before care sees it: the cast's own error)
SELECT care.import_nmap(:lyon, left(:'nmap_report', 900)::xml);
SELECT care.import_nessus(:lyon, :'nmap_report');
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_pingcastle(:lyon, :'nmap_report'::xml);
SELECT care.import_openvas(:lyon, '<report><name>quarterly report</name></report>');
SELECT care.import_nmap(:lyon, '<nmaprun/><nmaprun/>'::xml);
SELECT care.import_nuclei(:lyon, :'nmap_report');
SELECT care.import_nmap(0, :'nmap_report');
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_nmap(NULL, :'nmap_report');
SELECT care.import_nmap(:lyon, NULL);
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;

-- performed_on: the report's date when it has one (a different argument is
-- ignored, with a NOTICE), else the argument, else an error
SELECT replace(replace(:'nmap_report', 'start="1745920000" startstr="Tue Apr 29 09:46:40 2025" ', ''),
               '203.0.113.10', '203.0.113.11') AS undated_report \gset
SELECT care.import_nmap(:lyon, :'undated_report');
SELECT care.import_nmap(:lyon, :'undated_report', '2025-05-02') AS undated_audit \gset
SELECT care.import_nmap(:lyon, replace(:'nmap_report', '203.0.113.10', '203.0.113.12'), '2025-05-02') AS dated_audit \gset
SELECT id = :undated_audit AS undated, performed_on FROM care.audit WHERE id IN (:undated_audit, :dated_audit) ORDER BY id;
SELECT care.import_nmap(:lyon, replace(:'nmap_report', 'Apr 29', 'Apr 31'));

-- one call is one statement: when anything fails, nothing is written
SELECT * FROM written \gset before_
CREATE FUNCTION pg_temp.refuse_rdp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.port = 3389 THEN
        RAISE EXCEPTION 'RDP refused by a test trigger';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER refuse_rdp BEFORE INSERT ON care.finding FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_rdp();
SELECT care.import_nmap(:lyon, replace(:'nmap_report', '203.0.113.10', '203.0.113.13'));
DROP TRIGGER refuse_rdp ON care.finding;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;

-- Nuclei JSON lines, old and new field names, a blank line, a CRLF: severity
-- from info.severity, CVE and CVSS vector from info.classification (the
-- score computed from the vector when the report has none)
SELECT E'{"templateID":"tech-detect","info":{"name":"Wappalyzer Technology Detection","severity":"info"},"type":"http","host":"https://portal.example.org","matched":"https://portal.example.org:8443/login","timestamp":"2025-01-20T23:30:00+01:00"}\n'
       '\n'
       '{"template-id":"CVE-2023-46805","info":{"name":"Ivanti Connect Secure - Authentication Bypass","severity":"high","classification":{"cve-id":"cve-2023-46805","cvss-metrics":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N"}},"type":"http","host":"https://vpn.example.org","matched-at":"https://vpn.example.org/api/v1/totp/user-backup-code","timestamp":"2025-01-21T00:10:00+01:00"}\r\n'
       '{"template-id":"odd","info":{"name":"Odd severity","severity":"unknown","classification":{"cve-id":["CVE-2024-21887","CVE-2023-46805"],"cvss-score":"9.1"}},"host":"10.0.0.1","matched-at":"[2001:db8::1]:9000","timestamp":"2025-01-21T00:12:00+01:00"}\n'
       AS nuclei_report \gset
SELECT care.import_nuclei(:bordeaux, :'nuclei_report') AS nuclei_audit \gset
SELECT kind, source, performed_on, report_summary FROM care.audit WHERE id = :nuclei_audit;
SELECT severity, cvss_score, cvss_vector, cves, asset, port, title, tool_ref
  FROM audit_findings WHERE audit_id = :nuclei_audit;
-- the JSON array export of the same results is read the same way
SELECT '[' || string_agg(l, ', ') || ']' AS nuclei_array
  FROM regexp_split_to_table(:'nuclei_report', E'\r?\n') AS l WHERE l <> '' \gset
SELECT care.import_nuclei(:lyon, :'nuclei_array') AS nuclei_array_audit \gset
SELECT performed_on, report_summary FROM care.audit WHERE id = :nuclei_array_audit;
SELECT (SELECT array_agg((severity, cvss_score, cves, asset)::text ORDER BY id) FROM care.finding WHERE audit_id = :nuclei_audit)
     = (SELECT array_agg((severity, cvss_score, cves, asset)::text ORDER BY id) FROM care.finding WHERE audit_id = :nuclei_array_audit)
       AS same_findings;
-- a bad line is an error naming it; so is a line that is not a Nuclei result
SELECT * FROM written \gset before_
SELECT care.import_nuclei(:lyon, left(:'nuclei_report', 700));
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_nuclei(:lyon, :'nuclei_report' || E'{"template-id": "x", "info": {"severity": "low"}}\n[1, 2]\n');
SELECT care.import_nuclei(:lyon, left(:'nuclei_array', 300));
SELECT care.import_nuclei(:lyon, '{"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"}');
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_nuclei(:lyon, E'{"template-id":"x","info":{"severity":"low"},"timestamp":"yesterday"}');
SELECT care.import_nuclei(:lyon, '');
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings FROM written;
-- an empty result file is an audit that found nothing, on the date given
SELECT care.import_nuclei(:lyon, E'\n', '2025-06-01') AS empty_audit \gset
SELECT performed_on, (SELECT count(*) FROM care.finding f WHERE f.audit_id = a.id) AS findings
  FROM care.audit a WHERE id = :empty_audit;

-- PingCastle: the domain (lower case, created once), the report's level,
-- one finding per rule with the rule's level; a rule care does not know
-- gets no level, severity medium, and a NOTICE
SELECT $pc$<?xml version="1.0" encoding="utf-8"?>
<HealthcheckData xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <EngineVersion>3.3.0.1</EngineVersion>
  <GenerationDate>2025-02-03T23:10:00.1234567+01:00</GenerationDate>
  <MaturityLevel>1</MaturityLevel>
  <DomainFQDN>CHU.Example.LOCAL</DomainFQDN>
  <NetBIOSName>CHU</NetBIOSName>
  <ForestFQDN>chu.example.local</ForestFQDN>
  <DomainSid>S-1-5-21-1-2-3</DomainSid>
  <GlobalScore>100</GlobalScore>
  <StaleObjectsScore>0</StaleObjectsScore>
  <PrivilegiedGroupScore>100</PrivilegiedGroupScore>
  <TrustScore>0</TrustScore>
  <AnomalyScore>5</AnomalyScore>
  <RiskRules>
    <HealthcheckRiskRule><Points>50</Points><Category>PrivilegedAccounts</Category><Model>AccountTakeOver</Model><RiskId>P-Kerberoasting</RiskId><Rationale>Presence of Admin accounts which have a SPN: 2</Rationale></HealthcheckRiskRule>
    <HealthcheckRiskRule><Points>60</Points><Category>PrivilegedAccounts</Category><Model>AdminControl</Model><RiskId>P-AdminNum</RiskId><Rationale>Presence of too many administrators</Rationale></HealthcheckRiskRule>
    <HealthcheckRiskRule><Points>5</Points><Category>Anomalies</Category><Model>Audit</Model><RiskId>A-FutureRule</RiskId><Rationale>A rule of a later PingCastle</Rationale></HealthcheckRiskRule>
    <HealthcheckRiskRule><Points>0</Points><Category>StaleObjects</Category><Model>ObjectConfig</Model><RiskId>S-KerberosArmoring</RiskId><Rationale>Kerberos armoring not enforced</Rationale></HealthcheckRiskRule>
  </RiskRules>
</HealthcheckData>$pc$ AS pingcastle_report \gset
SELECT care.import_pingcastle(:bordeaux, :'pingcastle_report') AS pc_audit \gset
SELECT a.kind, a.source, a.performed_on, a.ad_level, a.tool_version, d.fqdn, a.report_summary
  FROM care.audit a JOIN care.ad_domain d ON d.id = a.ad_domain_id AND d.establishment_id = a.establishment_id
 WHERE a.id = :pc_audit;
SELECT severity, checkpoint, checkpoint_level, asset, title FROM audit_findings WHERE audit_id = :pc_audit;
SELECT * FROM care.pingcastle_scores(:pc_audit);
SELECT count(*) AS disagreements FROM care.pingcastle_disagreement WHERE audit_id = :pc_audit;
-- a later report of the same domain: same ad_domain, its own audit; its
-- stated scores disagree with its rules: a WARNING, and the view says where
SELECT care.import_pingcastle(:bordeaux, replace(replace(:'pingcastle_report', '2025-02-03', '2025-04-07'),
                                                 '<AnomalyScore>5</AnomalyScore>', '<AnomalyScore>15</AnomalyScore>')) AS pc_audit2 \gset
SELECT count(DISTINCT ad_domain_id) AS domains FROM care.audit WHERE id IN (:pc_audit, :pc_audit2);
SELECT measure, stated, computed FROM care.pingcastle_disagreement WHERE audit_id = :pc_audit2;
-- malformed: no domain, a level out of range, a rule without id or with odd points
SELECT * FROM written \gset before_
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '<DomainFQDN>CHU.Example.LOCAL</DomainFQDN>', ''));
\echo :LAST_ERROR_SQLSTATE
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '<DomainFQDN>CHU.Example.LOCAL</DomainFQDN>', '<DomainFQDN>chu example</DomainFQDN>'));
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '<MaturityLevel>1</MaturityLevel>', '<MaturityLevel>6</MaturityLevel>'));
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '<RiskId>P-AdminNum</RiskId>', ''));
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '<Points>60</Points>', '<Points>sixty</Points>'));
SELECT care.import_pingcastle(:lyon, replace(:'pingcastle_report', '2025-02-03T23:10:00.1234567+01:00', 'Monday'));
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings, ad_domains - :before_ad_domains AS ad_domains
  FROM written;

-- Greenbone/OpenVAS (GMP 22): severity from the score (the CVSS rating
-- table) when above 0, else from the threat; CVEs from refs, or from the
-- older cve element; vector from severities, or the cvss_base_vector tag
SELECT $ov$<report id="f0e7" format_id="a994b278-1f62-11e1-96ac-406186ea4fc5" extension="xml" content_type="text/xml">
<name>dmz</name>
<report id="f0e7"><gmp><version>22.4</version></gmp>
<scan_run_status>Done</scan_run_status><hosts><count>1</count></hosts>
<task id="t1"><name>DMZ weekly</name></task>
<scan_start>2025-03-10T22:15:00Z</scan_start>
<results start="1" max="-1">
<result id="r1"><name>Apache HTTP Server Path Traversal</name><host>2001:db8::7<asset asset_id="a1"/><hostname>www.example.org</hostname></host><port>443/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.117711"><type>nvt</type><name>Apache HTTP Server 2.4.49 - 2.4.50 Path Traversal</name><family>Web Servers</family><cvss_base>9.8</cvss_base>
<severities score="9.8"><severity type="cvss_base_v3"><origin/><date/><score>9.8</score><value>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</value></severity></severities>
<refs><ref id="CVE-2021-41773" type="cve"/><ref id="CVE-2021-42013" type="cve"/><ref id="https://httpd.apache.org/security/vulnerabilities_24.html" type="url"/></refs></nvt>
<threat>High</threat><severity>9.8</severity><qod><value>80</value><type>remote_banner</type></qod></result>
<result id="r2"><name>OS Detection</name><host>2001:db8::7</host><port>general/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.105937"><name>OS Detection Consolidation and Reporting</name><family>Product detection</family><cvss_base>0.0</cvss_base></nvt>
<threat>Log</threat><severity>0.0</severity></result>
<result id="r3"><name>Weak ciphers</name><host>2001:db8::7</host><port>443/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.103440"><name>SSL/TLS: Report Weak Cipher Suites</name><family>SSL and TLS</family><cvss_base>5.0</cvss_base>
<tags>cvss_base_vector=AV:N/AC:L/Au:N/C:P/I:N/A:N|summary=Weak cipher suites are accepted.</tags><cve>CVE-2013-2566, CVE-2015-2808</cve></nvt>
<threat>False Positive</threat><severity>-1.0</severity></result>
<result id="r4"><name>Legacy check</name><host>2001:db8::7</host><port>80/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.1"><name>Legacy check</name><cvss_base>6.4</cvss_base><cve>NOCVE</cve></nvt>
<threat>Medium</threat><severity></severity></result>
</results></report></report>$ov$ AS openvas_report \gset
SELECT care.import_openvas(:bordeaux, :'openvas_report') AS ov_audit \gset
SELECT kind, source, performed_on, tool_version, report_summary FROM care.audit WHERE id = :ov_audit;
SELECT severity, cvss_score, cvss_vector, cves, asset, port, title, status FROM audit_findings WHERE audit_id = :ov_audit;
SELECT details FROM care.finding WHERE audit_id = :ov_audit ORDER BY id LIMIT 1;
SELECT care.import_openvas(:lyon, replace(:'openvas_report', '</results>', ''));

-- Nessus: severity 0..4; the v3 vector and score (the score computed when
-- only the vector is there), every CVE; a vector that is not one is set
-- aside in details, the finding kept
SELECT $ns$<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>Internet exposure</policyName></Policy>
<Report name="dmz" xmlns:cm="http://www.nessus.org/cm">
<ReportHost name="203.0.113.20"><HostProperties>
<tag name="HOST_END_TIMESTAMP">1741652000</tag>
<tag name="HOST_START_TIMESTAMP">1741651200</tag>
<tag name="host-ip">203.0.113.20</tag>
</HostProperties>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="4" pluginID="164436" pluginName="Fortinet FortiOS SSL-VPN Heap Overflow" pluginFamily="Firewalls">
<risk_factor>Critical</risk_factor><cvss3_vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</cvss3_vector>
<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:C/I:C/A:C</cvss_vector><cvss_base_score>10.0</cvss_base_score>
<cve>CVE-2022-42475</cve><cve>cve-2022-42475</cve><cve>CVE-2023-27997</cve><exploit_available>true</exploit_available>
</ReportItem>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information" pluginFamily="Settings"><risk_factor>None</risk_factor></ReportItem>
<ReportItem port="80" svc_name="www" protocol="tcp" severity="2" pluginID="900002" pluginName="A vector the tool got wrong" pluginFamily="Web Servers"><cvss_vector>not a vector</cvss_vector><cvss_base_score>5.0</cvss_base_score></ReportItem>
</ReportHost>
</Report>
</NessusClientData_v2>$ns$ AS nessus_report \gset
SELECT care.import_nessus(:bordeaux, :'nessus_report') AS ns_audit \gset
SELECT kind, source, performed_on, tool_version, report_summary FROM care.audit WHERE id = :ns_audit;
SELECT severity, cvss_score, cvss_vector, cves, asset, port, service, title, tool_ref FROM audit_findings WHERE audit_id = :ns_audit;
SELECT details FROM care.finding WHERE audit_id = :ns_audit ORDER BY id;
SELECT care.import_nessus(:lyon, replace(:'nessus_report', '1741651200', 'soon'));

-- every importer refuses the other formats, naming them, and writes nothing
CREATE FUNCTION pg_temp.try(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'imported';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT * FROM written \gset before_
SELECT i.f AS importer, r.f AS report,
       pg_temp.try(format('SELECT care.import_%s(%s, %L)', i.f, :lyon, r.doc)) AS result
  FROM (VALUES ('pingcastle'), ('nessus'), ('openvas'), ('nmap'), ('nuclei')) AS i(f),
       (VALUES ('pingcastle', :'pingcastle_report'), ('nessus', :'nessus_report'), ('openvas', :'openvas_report'),
               ('nmap', :'nmap_report'), ('nuclei', :'nuclei_report')) AS r(f, doc)
 WHERE i.f <> r.f
 ORDER BY 1, 2;
SELECT audits - :before_audits AS audits, findings - :before_findings AS findings, ad_domains - :before_ad_domains AS ad_domains
  FROM written;
