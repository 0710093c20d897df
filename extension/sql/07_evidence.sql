-- Audit evidence: AD domains, audits and their findings.  Every evidence
-- table carries establishment_id, enforced by composite foreign keys, so an
-- establishment's evidence is one index range and the tables can later be
-- distributed by it.  Ids come from one sequence: an id names one row of
-- one of these tables, which lets a verdict cite its witnesses as bigint[].

CREATE SEQUENCE care.evidence_id_seq AS bigint;
COMMENT ON SEQUENCE care.evidence_id_seq IS 'Ids of ad_domain, audit and finding rows: one sequence, so an evidence id is unique across them';

CREATE TABLE care.ad_domain (
    id bigint NOT NULL DEFAULT pg_catalog.nextval('care.evidence_id_seq'::pg_catalog.regclass),
    establishment_id bigint NOT NULL,
    fqdn text NOT NULL,
    CONSTRAINT ad_domain_pkey PRIMARY KEY (id),
    CONSTRAINT ad_domain_id_establishment_key UNIQUE (id, establishment_id),
    CONSTRAINT ad_domain_establishment_fqdn_key UNIQUE (establishment_id, fqdn),
    CONSTRAINT ad_domain_establishment_fkey FOREIGN KEY (establishment_id)
        REFERENCES care.establishment (id),
    CONSTRAINT ad_domain_fqdn_format
        CHECK (fqdn OPERATOR(pg_catalog.~) '^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$'
               AND pg_catalog.length(fqdn) OPERATOR(pg_catalog.<=) 253)
);
COMMENT ON TABLE care.ad_domain IS 'Active Directory domains of an establishment; each is audited on its own';
COMMENT ON COLUMN care.ad_domain.id IS 'Evidence id (care.evidence_id_seq)';
COMMENT ON COLUMN care.ad_domain.establishment_id IS 'The establishment the domain belongs to';
COMMENT ON COLUMN care.ad_domain.fqdn IS 'Fully qualified DNS name of the domain, in lower case; unique per establishment';

CREATE TABLE care.audit (
    id bigint NOT NULL DEFAULT pg_catalog.nextval('care.evidence_id_seq'::pg_catalog.regclass),
    establishment_id bigint NOT NULL,
    kind care.audit_kind NOT NULL,
    performed_on date NOT NULL,
    source text NOT NULL,
    provider text,
    ad_domain_id bigint,
    ad_level smallint,
    recorded_at timestamp with time zone NOT NULL DEFAULT pg_catalog.now(),
    recorded_by name NOT NULL DEFAULT CURRENT_USER,
    report_sha256 bytea,
    tool_version text,
    report_summary jsonb,
    CONSTRAINT audit_pkey PRIMARY KEY (id),
    CONSTRAINT audit_id_establishment_key UNIQUE (id, establishment_id),
    CONSTRAINT audit_establishment_report_key UNIQUE (establishment_id, report_sha256),
    CONSTRAINT audit_establishment_fkey FOREIGN KEY (establishment_id)
        REFERENCES care.establishment (id),
    CONSTRAINT audit_ad_domain_fkey FOREIGN KEY (ad_domain_id, establishment_id)
        REFERENCES care.ad_domain (id, establishment_id),
    CONSTRAINT audit_ad_needs_domain
        CHECK (kind OPERATOR(pg_catalog.<>) 'ad' OR ad_domain_id IS NOT NULL),
    CONSTRAINT audit_domain_only_for_ad
        CHECK (kind OPERATOR(pg_catalog.=) 'ad' OR ad_domain_id IS NULL),
    CONSTRAINT audit_ad_level_range
        CHECK (ad_level OPERATOR(pg_catalog.>=) 1 AND ad_level OPERATOR(pg_catalog.<=) 5),
    CONSTRAINT audit_ad_level_only_for_ad
        CHECK (kind OPERATOR(pg_catalog.=) 'ad' OR ad_level IS NULL),
    CONSTRAINT audit_source_format
        CHECK (source OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
    CONSTRAINT audit_report_sha256_length
        CHECK (pg_catalog.length(report_sha256) OPERATOR(pg_catalog.=) 32),
    CONSTRAINT audit_report_summary_object
        CHECK (pg_catalog.jsonb_typeof(report_summary) OPERATOR(pg_catalog.=) 'object')
);
CREATE INDEX audit_establishment_kind_performed_idx
    ON care.audit (establishment_id, kind, performed_on DESC);
CREATE INDEX audit_ad_domain_performed_idx
    ON care.audit (ad_domain_id, performed_on DESC) WHERE ad_domain_id IS NOT NULL;

COMMENT ON TABLE care.audit IS 'An audit of an establishment: an Internet exposure scan, or the audit of one Active Directory domain';
COMMENT ON COLUMN care.audit.id IS 'Evidence id (care.evidence_id_seq)';
COMMENT ON COLUMN care.audit.establishment_id IS 'The audited establishment';
COMMENT ON COLUMN care.audit.kind IS 'exposure (Internet exposure surface) or ad (one Active Directory domain)';
COMMENT ON COLUMN care.audit.performed_on IS 'Date the audit was performed (from the report when it carries one)';
COMMENT ON COLUMN care.audit.source IS 'Tool or service that produced the evidence: silene, industrial, pingcastle, oradad, nuclei, openvas, nessus, nmap, manual, ...';
COMMENT ON COLUMN care.audit.provider IS 'Company or service that performed the audit, when known';
COMMENT ON COLUMN care.audit.ad_domain_id IS 'The audited AD domain: required for kind ad, forbidden otherwise, of the same establishment';
COMMENT ON COLUMN care.audit.ad_level IS 'AD security level 1..5 reported by the tool, when it reports one';
COMMENT ON COLUMN care.audit.recorded_at IS 'When the audit was recorded in care';
COMMENT ON COLUMN care.audit.recorded_by IS 'Database role that recorded the audit';
COMMENT ON COLUMN care.audit.report_sha256 IS 'SHA-256 of the imported report file; a report is imported once per establishment (null for audits entered by hand)';
COMMENT ON COLUMN care.audit.tool_version IS 'Version of the tool (or of its report format) that wrote the report, when the report says';
COMMENT ON COLUMN care.audit.report_summary IS 'What the report states about itself that has no column (e.g. PingCastle scores, scanned hosts), as a JSON object';

CREATE TABLE care.finding (
    id bigint NOT NULL DEFAULT pg_catalog.nextval('care.evidence_id_seq'::pg_catalog.regclass),
    audit_id bigint NOT NULL,
    establishment_id bigint NOT NULL,
    severity care.severity NOT NULL,
    cvss_score numeric(3,1),
    cvss_vector text,
    cve text,
    checkpoint text,
    checkpoint_level smallint,
    asset text,
    title text NOT NULL,
    status care.finding_status NOT NULL DEFAULT 'open',
    detected_on date,
    resolved_on date,
    cves text[],
    known_exploited boolean NOT NULL DEFAULT false,
    port integer,
    service text,
    tool_ref text,
    details jsonb,
    CONSTRAINT finding_pkey PRIMARY KEY (id),
    CONSTRAINT finding_audit_fkey FOREIGN KEY (audit_id, establishment_id)
        REFERENCES care.audit (id, establishment_id) ON DELETE CASCADE,
    CONSTRAINT finding_cvss_score_range
        CHECK (cvss_score OPERATOR(pg_catalog.>=) 0 AND cvss_score OPERATOR(pg_catalog.<=) 10),
    CONSTRAINT finding_cvss_vector_format
        CHECK (cvss_vector OPERATOR(pg_catalog.~) '^(CVSS:[234]\.[01]/|CVSS2#)?[A-Za-z]+:[A-Za-z0-9]+(/[A-Za-z]+:[A-Za-z0-9]+)*$'),
    CONSTRAINT finding_cve_format
        CHECK (cve OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}$'),
    CONSTRAINT finding_checkpoint_level_range
        CHECK (checkpoint_level OPERATOR(pg_catalog.>=) 1 AND checkpoint_level OPERATOR(pg_catalog.<=) 5),
    CONSTRAINT finding_title_not_blank
        CHECK (pg_catalog.btrim(title) OPERATOR(pg_catalog.<>) ''),
    CONSTRAINT finding_resolved_after_detected
        CHECK (resolved_on OPERATOR(pg_catalog.>=) detected_on),
    CONSTRAINT finding_open_not_resolved
        CHECK (status OPERATOR(pg_catalog.<>) 'open' OR resolved_on IS NULL),
    CONSTRAINT finding_cves_format
        CHECK (pg_catalog.array_to_string(cves, ' ')
               OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}( CVE-[0-9]{4}-[0-9]{4,})*$'
               AND pg_catalog.array_ndims(cves) OPERATOR(pg_catalog.=) 1),
    CONSTRAINT finding_cve_first_of_cves
        CHECK (CASE WHEN cves IS NULL THEN cve IS NULL
                    ELSE cve IS NOT NULL AND cve OPERATOR(pg_catalog.=) cves[1] END),
    CONSTRAINT finding_port_range
        CHECK (port OPERATOR(pg_catalog.>=) 0 AND port OPERATOR(pg_catalog.<=) 65535),
    CONSTRAINT finding_details_object
        CHECK (pg_catalog.jsonb_typeof(details) OPERATOR(pg_catalog.=) 'object')
);
-- One index serves the establishment's findings (a range), the findings of
-- one of its audits, and those by severity; a finding is always looked up
-- with its establishment, as the composite foreign key carries it.
CREATE INDEX finding_establishment_audit_severity_idx
    ON care.finding (establishment_id, audit_id, severity);
CREATE INDEX finding_cve_idx ON care.finding (cve) WHERE cve IS NOT NULL;
CREATE INDEX finding_cves_idx ON care.finding USING gin (cves);

COMMENT ON TABLE care.finding IS 'What an audit found: a vulnerability, an exposed service, or a failing AD checkpoint';
COMMENT ON COLUMN care.finding.id IS 'Evidence id (care.evidence_id_seq)';
COMMENT ON COLUMN care.finding.audit_id IS 'The audit that found it';
COMMENT ON COLUMN care.finding.establishment_id IS 'The audit''s establishment (enforced by the composite foreign key)';
COMMENT ON COLUMN care.finding.severity IS 'Severity: none < low < medium < high < critical';
COMMENT ON COLUMN care.finding.cvss_score IS 'CVSS score 0.0..10.0, when known';
COMMENT ON COLUMN care.finding.cvss_vector IS 'CVSS vector (CVSS:3.0/..., CVSS:3.1/..., CVSS:4.0/..., or a version 2 vector), when known';
COMMENT ON COLUMN care.finding.cve IS 'CVE identifier (CVE-YYYY-NNNN...), when the finding has one';
COMMENT ON COLUMN care.finding.checkpoint IS 'ANSSI checkpoint or PingCastle rule id, for AD findings';
COMMENT ON COLUMN care.finding.checkpoint_level IS 'AD security level 1..5 of the failing checkpoint';
COMMENT ON COLUMN care.finding.asset IS 'Where it was found: host, ip:port or URL';
COMMENT ON COLUMN care.finding.title IS 'Short description';
COMMENT ON COLUMN care.finding.status IS 'open, fixed, false_positive or accepted_risk';
COMMENT ON COLUMN care.finding.detected_on IS 'Date the finding was first detected';
COMMENT ON COLUMN care.finding.resolved_on IS 'Date it left the open status (fixed, dismissed or accepted); never before detected_on';
COMMENT ON COLUMN care.finding.cves IS 'Every CVE the finding refers to, in report order, without duplicates; cve is the first (kept in step by a trigger)';
COMMENT ON COLUMN care.finding.known_exploited IS 'True when one of its CVEs is in the CISA Known Exploited Vulnerabilities catalog (care.kev), kept up to date by the finding trigger and care.import_kev()';
COMMENT ON COLUMN care.finding.port IS 'Network port (0..65535) the finding is on, when it is on one';
COMMENT ON COLUMN care.finding.service IS 'Network service as the scanner named it (e.g. ssh, ms-wbt-server, www), when known';
COMMENT ON COLUMN care.finding.tool_ref IS 'The tool''s identifier of the check: Nessus plugin id, OpenVAS NVT OID, Nuclei template id, PingCastle rule id, nmap ''port'' or ''vulners''';
COMMENT ON COLUMN care.finding.details IS 'Tool-specific facts kept from the report (severity as the tool wrote it, PingCastle points and category, nmap product and version, ...), as a JSON object';

CREATE VIEW care.evidence WITH (security_invoker = true) AS
    SELECT 'ad_domain'::text AS source, d.id, d.establishment_id, NULL::bigint AS audit_id, d.fqdn AS label
      FROM care.ad_domain d
    UNION ALL
    SELECT 'audit', a.id, a.establishment_id, a.id,
           pg_catalog.concat(a.kind, ' audit of ', a.performed_on, ' (', a.source, ')')
      FROM care.audit a
    UNION ALL
    SELECT 'finding', f.id, f.establishment_id, f.audit_id, f.title
      FROM care.finding f;
COMMENT ON VIEW care.evidence IS 'Every evidence row by id, to look up the witnesses a verdict cites';
COMMENT ON COLUMN care.evidence.source IS 'Table the row lives in: ad_domain, audit or finding';
COMMENT ON COLUMN care.evidence.id IS 'Evidence id';
COMMENT ON COLUMN care.evidence.establishment_id IS 'Establishment the evidence belongs to';
COMMENT ON COLUMN care.evidence.audit_id IS 'The audit (for an audit, itself; for a finding, its audit)';
COMMENT ON COLUMN care.evidence.label IS 'One line describing the row';

SELECT pg_catalog.pg_extension_config_dump('care.ad_domain', '');
SELECT pg_catalog.pg_extension_config_dump('care.audit', '');
SELECT pg_catalog.pg_extension_config_dump('care.finding', '');
SELECT pg_catalog.pg_extension_config_dump('care.evidence_id_seq', '');
