-- Greenbone / OpenVAS XML reports (GMP get_reports, XML report format): one
-- exposure audit, one finding per result.

-- host:port, with an IPv6 address in brackets; the host alone without a port.
CREATE FUNCTION care.host_port(host text, port integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN NULLIF(host, '') IS NULL THEN NULL
                WHEN port IS NULL THEN host
                WHEN pg_catalog.strpos(host, ':') OPERATOR(pg_catalog.>) 0
                THEN pg_catalog.format('[%s]:%s', host, port)
                ELSE pg_catalog.format('%s:%s', host, port) END
$$;
COMMENT ON FUNCTION care.host_port(text, integer) IS
    'An asset as host:port ([ipv6]:port), or the host alone when there is no port';

-- The <report> element that holds the results, whichever way it is wrapped.
CREATE FUNCTION care.openvas_header(report xml)
    RETURNS TABLE (scan_start text, report_timestamp text, first_host_start text, gmp_version text,
                   task text, scan_run_status text, hosts text, scan_end text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT NULLIF(h.scan_start, ''), NULLIF(h.report_timestamp, ''), NULLIF(h.first_host_start, ''),
           NULLIF(h.gmp_version, ''), NULLIF(h.task, ''), NULLIF(h.scan_run_status, ''),
           NULLIF(h.hosts, ''), NULLIF(h.scan_end, '')
      FROM XMLTABLE('/report/report[results] | /report[results] | /get_reports_response/report/report[results]'
               PASSING report
               COLUMNS scan_start text PATH 'normalize-space(scan_start)',
                       report_timestamp text PATH 'normalize-space(timestamp)',
                       first_host_start text PATH 'normalize-space(host/start)',
                       gmp_version text PATH 'normalize-space(gmp/version)',
                       task text PATH 'normalize-space(task/name)',
                       scan_run_status text PATH 'normalize-space(scan_run_status)',
                       hosts text PATH 'normalize-space(hosts/count)',
                       scan_end text PATH 'normalize-space(scan_end)') h
     LIMIT 1
$$;
COMMENT ON FUNCTION care.openvas_header(xml) IS
    'What a Greenbone/OpenVAS report says of the scan: start, GMP version, task, status, host count (as written)';

-- The findings of an OpenVAS report, one per result, in report order.
-- Severity: from the result's score (its severity, a CVSS base score) by
-- the CVSS rating table when above 0, else from its threat (High, Medium,
-- Low; Log and the like: none).  A False Positive result keeps that status.
-- CVEs from the NVT's refs (older reports: its cve element); the CVSS
-- vector from its severities (older reports: the cvss_base_vector tag),
-- version 2 vectors prefixed CVSS2#; asset host:port.
CREATE FUNCTION care.openvas_findings(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN QUERY
    SELECT CASE WHEN x.score OPERATOR(pg_catalog.>) 0 THEN NULL::care.severity
                WHEN r.threat OPERATOR(pg_catalog.=) ANY (ARRAY['Critical', 'High', 'Medium', 'Low'])
                THEN pg_catalog.lower(r.threat)::care.severity
                ELSE 'none'::care.severity END,
           CASE WHEN x.score OPERATOR(pg_catalog.>) 0 THEN x.score END,
           CASE WHEN x.vector OPERATOR(pg_catalog.~) '^AV:' THEN 'CVSS2#' OPERATOR(pg_catalog.||) x.vector
                ELSE x.vector END,
           CASE WHEN r.refs IS NOT NULL
                THEN ARRAY(SELECT c::text FROM pg_catalog.unnest(pg_catalog.xpath('/r/ref/@id',
                               XMLELEMENT(NAME r, r.refs))) AS c)
                ELSE pg_catalog.regexp_split_to_array(NULLIF(r.cve_text, ''), '[\s,]+') END,
           NULL::text, NULL::smallint,
           care.host_port(r.host, x.port), x.port, NULL::text,
           COALESCE(NULLIF(r.nvt_name, ''), NULLIF(r.result_name, ''), r.oid),
           r.oid,
           CASE WHEN r.threat OPERATOR(pg_catalog.=) 'False Positive' OR x.score OPERATOR(pg_catalog.=) -1
                THEN 'false_positive'::care.finding_status END,
           pg_catalog.jsonb_build_object(
               'threat', NULLIF(r.threat, ''), 'tool_severity', NULLIF(r.score_text, ''),
               'family', NULLIF(r.family, ''), 'qod', CASE WHEN r.qod OPERATOR(pg_catalog.~) '^[0-9]{1,3}$' THEN r.qod::integer END,
               'hostname', NULLIF(r.hostname, ''), 'port_spec', NULLIF(r.port_spec, ''))
      FROM XMLTABLE('/report/report/results/result | /report/results/result | /get_reports_response/report/report/results/result'
               PASSING report
               COLUMNS n FOR ORDINALITY,
                       result_name text PATH 'normalize-space(name)',
                       nvt_name text PATH 'normalize-space(nvt/name)',
                       oid text PATH 'nvt/@oid',
                       family text PATH 'normalize-space(nvt/family)',
                       host text PATH 'normalize-space(host/text())',
                       hostname text PATH 'normalize-space(host/hostname)',
                       port_spec text PATH 'normalize-space(port)',
                       threat text PATH 'normalize-space(threat)',
                       score_text text PATH 'normalize-space(severity)',
                       cvss_base text PATH 'normalize-space(nvt/cvss_base)',
                       severity_vector text PATH 'normalize-space(nvt/severities/severity[1]/value)',
                       tags text PATH 'nvt/tags',
                       refs xml PATH 'nvt/refs/ref[@type="cve"]',
                       cve_text text PATH 'normalize-space(nvt/cve)',
                       qod text PATH 'normalize-space(qod/value)') r
     CROSS JOIN LATERAL (
           SELECT CASE WHEN r.score_text OPERATOR(pg_catalog.~) '^-?[0-9]{1,2}(\.[0-9]+)?$' THEN r.score_text::numeric
                       WHEN r.cvss_base OPERATOR(pg_catalog.~) '^[0-9]{1,2}(\.[0-9]+)?$' THEN r.cvss_base::numeric
                  END AS score,
                  CASE WHEN r.port_spec OPERATOR(pg_catalog.~) '^[0-9]{1,5}/'
                        AND pg_catalog.split_part(r.port_spec, '/', 1)::integer OPERATOR(pg_catalog.<=) 65535
                       THEN pg_catalog.split_part(r.port_spec, '/', 1)::integer END AS port,
                  COALESCE(NULLIF(r.severity_vector, ''),
                           NULLIF(pg_catalog.btrim((pg_catalog.regexp_match(r.tags, '(?:^|\|)cvss_base_vector=([^|]*)'))[1]), ''))
                      AS vector) x
     ORDER BY r.n;
END
$$;
COMMENT ON FUNCTION care.openvas_findings(xml) IS
    'The findings of a Greenbone/OpenVAS report, its format already checked (care.parse_openvas checks it; the importer calls this)';

CREATE FUNCTION care.parse_openvas(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM care.report_check_xml(report, 'openvas');
    RETURN QUERY SELECT * FROM care.openvas_findings(report);
END
$$;
COMMENT ON FUNCTION care.parse_openvas(xml) IS
    'The findings a Greenbone/OpenVAS report would import, one per result (nothing is written)';

CREATE FUNCTION care.import_openvas(establishment_id bigint, report xml, performed_on date DEFAULT NULL,
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
        RAISE EXCEPTION 'OpenVAS/Greenbone report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    digest := care.report_sha256(report::text);
    existing := care.import_existing(establishment_id, 'openvas', digest);
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    PERFORM care.report_check_xml(report, 'openvas');
    SELECT * INTO h FROM care.openvas_header(report);
    performed_on := care.import_performed_on('openvas',
        COALESCE(care.report_date(h.scan_start, 'openvas', 'scan_start'),
                 care.report_date(h.report_timestamp, 'openvas', 'timestamp'),
                 care.report_date(h.first_host_start, 'openvas', 'host start')),
        performed_on);
    parsed := ARRAY(SELECT f FROM care.openvas_findings(report) f);
    RETURN care.record_import(
        establishment_id, 'exposure', 'openvas', digest, performed_on, provider,
        'GMP ' OPERATOR(pg_catalog.||) h.gmp_version,
        pg_catalog.jsonb_build_object('task', h.task, 'scan_run_status', h.scan_run_status,
                                      'hosts', NULLIF(pg_catalog.regexp_replace(h.hosts, '[^0-9]', '', 'g'), '')::integer,
                                      'results', pg_catalog.cardinality(parsed),
                                      'scan_start', h.scan_start, 'scan_end', h.scan_end),
        NULL, NULL, parsed);
END
$$;
COMMENT ON FUNCTION care.import_openvas(bigint, xml, date, text) IS
    'Imports a Greenbone/OpenVAS XML report: one exposure audit, one finding per result; performed_on from the scan start, else the argument; returns the audit id';

CREATE FUNCTION care.import_openvas(establishment_id bigint, report text, performed_on date DEFAULT NULL,
                                    provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- a report imported before is recognised before it is parsed
    SELECT COALESCE(care.import_existing(establishment_id, 'openvas', care.report_sha256(report)),
                    care.import_openvas(establishment_id, care.report_xml(report, 'openvas'), performed_on, provider))
$$;
COMMENT ON FUNCTION care.import_openvas(bigint, text, date, text) IS
    'Imports a Greenbone/OpenVAS report given as text (a psql variable, a literal): a malformed file raises care''s error naming the format; see the xml variant';
