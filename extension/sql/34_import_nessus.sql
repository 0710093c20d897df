-- Nessus .nessus files (NessusClientData_v2): one exposure audit, one
-- finding per ReportItem of every ReportHost.

-- What a .nessus file says of the scan: the earliest HOST_START, hosts,
-- policy and report names.
CREATE FUNCTION care.nessus_header(report xml)
    RETURNS TABLE (first_host_start date, hosts integer, policy text, report_name text)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT pg_catalog.min(COALESCE(care.report_date(h.host_start, 'nessus', 'HOST_START of a host'),
                                   care.report_date(h.host_start_timestamp, 'nessus', 'HOST_START_TIMESTAMP of a host'))),
           pg_catalog.count(h.*)::integer,
           pg_catalog.max(NULLIF(h.policy, '')), pg_catalog.max(NULLIF(h.report_name, ''))
      FROM XMLTABLE('/NessusClientData_v2/Report/ReportHost' PASSING report
               COLUMNS host_start text PATH 'normalize-space(HostProperties/tag[@name="HOST_START"])',
                       host_start_timestamp text PATH 'normalize-space(HostProperties/tag[@name="HOST_START_TIMESTAMP"])',
                       policy text PATH 'normalize-space(/NessusClientData_v2/Policy/policyName)',
                       report_name text PATH 'normalize-space(../@name)') h
$$;
COMMENT ON FUNCTION care.nessus_header(xml) IS
    'What a .nessus file says of the scan: earliest host start date, number of hosts, policy and report names';

-- The findings of a .nessus file, one per ReportItem, in report order:
-- severity 0..4 -> none, low, medium, high, critical; the CVSS v3 vector
-- and base score when the item has them, else the v2 ones; every cve
-- element; asset host:port (the host alone for port 0).
CREATE FUNCTION care.nessus_findings(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN QUERY
    SELECT CASE WHEN i.severity OPERATOR(pg_catalog.=) '0' THEN 'none'::care.severity
                WHEN i.severity OPERATOR(pg_catalog.=) '1' THEN 'low'::care.severity
                WHEN i.severity OPERATOR(pg_catalog.=) '2' THEN 'medium'::care.severity
                WHEN i.severity OPERATOR(pg_catalog.=) '3' THEN 'high'::care.severity
                WHEN i.severity OPERATOR(pg_catalog.=) '4' THEN 'critical'::care.severity END,
           CASE WHEN v3.used THEN care.report_score(i.cvss3_base_score) ELSE care.report_score(i.cvss_base_score) END,
           CASE WHEN v3.used THEN NULLIF(i.cvss3_vector, '') ELSE NULLIF(i.cvss_vector, '') END,
           CASE WHEN i.cves IS NOT NULL
                THEN ARRAY(SELECT c::text FROM pg_catalog.unnest(pg_catalog.xpath('/r/cve/text()',
                               XMLELEMENT(NAME r, i.cves))) AS c) END,
           NULL::text, NULL::smallint,
           care.host_port(i.host, p.port), p.port,
           CASE WHEN i.svc_name OPERATOR(pg_catalog.<>) ALL (ARRAY['', 'general']) THEN i.svc_name END,
           COALESCE(NULLIF(i.plugin_name, ''), NULLIF(i.plugin_name_element, ''), 'Nessus plugin ' OPERATOR(pg_catalog.||) i.plugin_id),
           NULLIF(i.plugin_id, ''),
           NULL::care.finding_status,
           pg_catalog.jsonb_build_object(
               'tool_severity', NULLIF(i.severity, ''), 'risk_factor', NULLIF(i.risk_factor, ''),
               'plugin_family', NULLIF(i.plugin_family, ''), 'protocol', NULLIF(i.protocol, ''),
               'cvss2_base_score', care.report_score(i.cvss_base_score),
               'cvss3_base_score', care.report_score(i.cvss3_base_score),
               'exploit_available', CASE WHEN i.exploit_available OPERATOR(pg_catalog.=) 'true' THEN true
                                         WHEN i.exploit_available OPERATOR(pg_catalog.=) 'false' THEN false END)
      FROM XMLTABLE('/NessusClientData_v2/Report/ReportHost/ReportItem' PASSING report
               COLUMNS n FOR ORDINALITY,
                       host text PATH 'normalize-space(../@name)',
                       port_text text PATH 'normalize-space(@port)',
                       protocol text PATH 'normalize-space(@protocol)',
                       svc_name text PATH 'normalize-space(@svc_name)',
                       severity text PATH 'normalize-space(@severity)',
                       plugin_id text PATH 'normalize-space(@pluginID)',
                       plugin_name text PATH 'normalize-space(@pluginName)',
                       plugin_name_element text PATH 'normalize-space(plugin_name)',
                       plugin_family text PATH 'normalize-space(@pluginFamily)',
                       risk_factor text PATH 'normalize-space(risk_factor)',
                       cvss3_vector text PATH 'normalize-space(cvss3_vector)',
                       cvss3_base_score text PATH 'normalize-space(cvss3_base_score)',
                       cvss_vector text PATH 'normalize-space(cvss_vector)',
                       cvss_base_score text PATH 'normalize-space(cvss_base_score)',
                       exploit_available text PATH 'normalize-space(exploit_available)',
                       cves xml PATH 'cve') i
     CROSS JOIN LATERAL (
           SELECT CASE WHEN i.port_text OPERATOR(pg_catalog.~) '^[0-9]{1,5}$'
                        AND i.port_text::integer OPERATOR(pg_catalog.>) 0
                        AND i.port_text::integer OPERATOR(pg_catalog.<=) 65535
                       THEN i.port_text::integer END AS port) p
     CROSS JOIN LATERAL (
           SELECT NULLIF(i.cvss3_vector, '') IS NOT NULL OR NULLIF(i.cvss3_base_score, '') IS NOT NULL AS used) v3
     ORDER BY i.n;
END
$$;
COMMENT ON FUNCTION care.nessus_findings(xml) IS
    'The findings of a .nessus file, its format already checked (care.parse_nessus checks it; the importer calls this)';

CREATE FUNCTION care.parse_nessus(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM care.report_check_xml(report, 'nessus');
    RETURN QUERY SELECT * FROM care.nessus_findings(report);
END
$$;
COMMENT ON FUNCTION care.parse_nessus(xml) IS
    'The findings a .nessus file would import, one per ReportItem (nothing is written)';

CREATE FUNCTION care.import_nessus(establishment_id bigint, report xml, performed_on date DEFAULT NULL,
                                   provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    digest bytea;
    existing bigint;
    h record;
    parsed care.report_finding[];
BEGIN
    IF report IS NULL THEN
        RAISE EXCEPTION 'Nessus report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    digest := care.report_sha256(report::text);
    existing := care.import_existing(establishment_id, 'nessus', digest);
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    PERFORM care.report_check_xml(report, 'nessus');
    SELECT * INTO h FROM care.nessus_header(report);
    performed_on := care.import_performed_on('nessus', h.first_host_start, performed_on);
    parsed := ARRAY(SELECT f FROM care.nessus_findings(report) f);
    RETURN care.record_import(
        establishment_id, 'exposure', 'nessus', digest, performed_on, provider, NULL,
        pg_catalog.jsonb_build_object('hosts', h.hosts, 'items', pg_catalog.cardinality(parsed),
                                      'policy', h.policy, 'report_name', h.report_name),
        NULL, NULL, parsed);
END
$$;
COMMENT ON FUNCTION care.import_nessus(bigint, xml, date, text) IS
    'Imports a Nessus .nessus file: one exposure audit, one finding per ReportItem; performed_on from the earliest HOST_START, else the argument; returns the audit id';

CREATE FUNCTION care.import_nessus(establishment_id bigint, report text, performed_on date DEFAULT NULL,
                                    provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- a report imported before is recognised before it is parsed
    SELECT COALESCE(care.import_existing(establishment_id, 'nessus', care.report_sha256(report)),
                    care.import_nessus(establishment_id, care.report_xml(report, 'nessus'), performed_on, provider))
$$;
COMMENT ON FUNCTION care.import_nessus(bigint, text, date, text) IS
    'Imports a Nessus .nessus file given as text (a psql variable, a literal): a malformed file raises care''s error naming the format; see the xml variant';
