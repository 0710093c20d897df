-- nmap XML output (nmap -oX): one exposure audit; every open port is a
-- finding (service, product, version), critical when it runs a service of
-- care.exposed_service; the vulners script adds one finding per CVE it
-- lists for the port, with its CVSS score.

CREATE FUNCTION care.nmap_header(report xml)
    RETURNS TABLE (start_text text, start_seconds text, nmap_version text, args text,
                   hosts_up text, hosts_down text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT NULLIF(h.start_text, ''), NULLIF(h.start_seconds, ''), NULLIF(h.nmap_version, ''),
           NULLIF(h.args, ''), NULLIF(h.hosts_up, ''), NULLIF(h.hosts_down, '')
      FROM XMLTABLE('/nmaprun' PASSING report
               COLUMNS start_text text PATH 'normalize-space(@startstr)',
                       start_seconds text PATH 'normalize-space(@start)',
                       nmap_version text PATH 'normalize-space(@version)',
                       args text PATH 'string(@args)',
                       hosts_up text PATH 'normalize-space(runstats/hosts/@up)',
                       hosts_down text PATH 'normalize-space(runstats/hosts/@down)') h
$$;
COMMENT ON FUNCTION care.nmap_header(xml) IS
    'What nmap XML output says of the scan: start (text and Unix seconds), nmap version, command line, hosts up and down';

-- The CVEs the vulners script lists for a port, with their CVSS score, in
-- its order, each once (highest score kept): from the script's tables, or
-- from its output text when it has none (older versions of the script).
CREATE FUNCTION care.nmap_vulners(script xml, output text)
    RETURNS TABLE (cve text, score numeric)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    ids text[];
    scores numeric[];
BEGIN
    IF script IS NOT NULL THEN
        SELECT pg_catalog.array_agg(pg_catalog.upper(t.id) ORDER BY t.n),
               pg_catalog.array_agg(care.report_score(t.cvss) ORDER BY t.n)
          INTO ids, scores
          FROM XMLTABLE('/r/script//table[elem[@key="type"] = "cve"]'
                   PASSING XMLELEMENT(NAME r, script)
                   COLUMNS n FOR ORDINALITY,
                           id text PATH 'normalize-space(elem[@key="id"])',
                           cvss text PATH 'normalize-space(elem[@key="cvss"])') t;
    END IF;
    IF ids IS NULL AND output IS NOT NULL THEN
        SELECT pg_catalog.array_agg(pg_catalog.upper(m.v[1]) ORDER BY m.n),
               pg_catalog.array_agg(care.report_score(m.v[2]) ORDER BY m.n)
          INTO ids, scores
          FROM pg_catalog.regexp_matches(output, '(CVE-[0-9]{4}-[0-9]{4,})\s+([0-9]{1,2}(?:\.[0-9]+)?)', 'gi')
               WITH ORDINALITY AS m(v, n);
    END IF;
    RETURN QUERY
    SELECT u.id, pg_catalog.max(u.score)
      FROM ROWS FROM (pg_catalog.unnest(ids), pg_catalog.unnest(scores)) WITH ORDINALITY AS u(id, score, n)
     WHERE u.id OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}$'
     GROUP BY u.id
     ORDER BY pg_catalog.min(u.n);
END
$$;
COMMENT ON FUNCTION care.nmap_vulners(xml, text) IS
    'CVEs and CVSS scores the nmap vulners script lists (its tables, else its output text), in order, each once';

-- The findings of nmap XML output, in report order: for each open port of
-- each host, the port (severity of its care.exposed_service row, else
-- none), then one finding per CVE the vulners script lists for it
-- (severity from the CVSS score).
CREATE FUNCTION care.nmap_findings(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN QUERY
    WITH port AS (
        SELECT p.*, x.*, e.category AS exposure, e.label AS exposure_label, e.severity AS exposure_severity
          FROM XMLTABLE('/nmaprun/host/ports/port[state/@state = "open"]' PASSING report
                   COLUMNS n FOR ORDINALITY,
                           ip text PATH 'normalize-space((../../address[@addrtype = "ipv4" or @addrtype = "ipv6"])[1]/@addr)',
                           other_address text PATH 'normalize-space((../../address)[1]/@addr)',
                           hostname text PATH 'normalize-space((../../hostnames/hostname)[1]/@name)',
                           protocol text PATH 'normalize-space(@protocol)',
                           portid text PATH 'normalize-space(@portid)',
                           service text PATH 'normalize-space(service/@name)',
                           product text PATH 'normalize-space(service/@product)',
                           version text PATH 'normalize-space(service/@version)',
                           extrainfo text PATH 'normalize-space(service/@extrainfo)',
                           tunnel text PATH 'normalize-space(service/@tunnel)',
                           vulners xml PATH 'script[@id = "vulners"]',
                           vulners_output text PATH 'string(script[@id = "vulners"]/@output)') p
         CROSS JOIN LATERAL (
               SELECT COALESCE(NULLIF(p.ip, ''), NULLIF(p.other_address, ''), NULLIF(p.hostname, '')) AS host,
                      CASE WHEN p.portid OPERATOR(pg_catalog.~) '^[0-9]{1,5}$'
                            AND p.portid::integer OPERATOR(pg_catalog.<=) 65535
                           THEN p.portid::integer END AS port_number,
                      NULLIF(pg_catalog.concat_ws(' ', NULLIF(p.product, ''), NULLIF(p.version, ''),
                                                  '(' OPERATOR(pg_catalog.||) NULLIF(p.extrainfo, '') OPERATOR(pg_catalog.||) ')'),
                             '') AS software) x
          LEFT JOIN LATERAL care.exposed_service_of(NULLIF(p.service, ''), x.port_number) e ON true)
    SELECT f.severity, f.cvss_score, f.cvss_vector, f.cves, f.checkpoint, f.checkpoint_level, f.asset,
           f.port, f.service, f.title, f.tool_ref, f.status, f.details
      FROM (
        SELECT port.n, 0::bigint AS k,
               COALESCE(port.exposure_severity, 'none'::care.severity) AS severity,
               NULL::numeric AS cvss_score, NULL::text AS cvss_vector, NULL::text[] AS cves,
               NULL::text AS checkpoint, NULL::smallint AS checkpoint_level,
               care.host_port(port.host, port.port_number) AS asset, port.port_number AS port,
               NULLIF(port.service, '') AS service,
               pg_catalog.concat('Open port ', port.portid, '/', port.protocol,
                                 ': ' OPERATOR(pg_catalog.||) NULLIF(pg_catalog.concat_ws(' ', NULLIF(port.service, ''), port.software), ''),
                                 CASE WHEN port.exposure_severity OPERATOR(pg_catalog.>) 'none'
                                      THEN ' - exposed ' OPERATOR(pg_catalog.||) port.exposure_label END) AS title,
               'port'::text AS tool_ref, NULL::care.finding_status AS status,
               pg_catalog.jsonb_build_object(
                   'protocol', NULLIF(port.protocol, ''), 'product', NULLIF(port.product, ''),
                   'version', NULLIF(port.version, ''), 'extrainfo', NULLIF(port.extrainfo, ''),
                   'tunnel', NULLIF(port.tunnel, ''), 'hostname', NULLIF(port.hostname, ''),
                   'exposure', port.exposure, 'exposure_label', port.exposure_label) AS details
          FROM port
        UNION ALL
        SELECT port.n, v.k,
               NULL::care.severity, v.score, NULL::text, ARRAY[v.cve],
               NULL::text, NULL::smallint,
               care.host_port(port.host, port.port_number), port.port_number,
               NULLIF(port.service, ''),
               pg_catalog.format('%s in %s (vulners)', v.cve,
                                 COALESCE(NULLIF(pg_catalog.concat_ws(' ', NULLIF(port.product, ''), NULLIF(port.version, '')), ''),
                                          NULLIF(port.service, ''),
                                          pg_catalog.concat('port ', port.portid, '/', port.protocol))),
               'vulners'::text, NULL::care.finding_status,
               pg_catalog.jsonb_build_object('protocol', NULLIF(port.protocol, ''),
                                             'product', NULLIF(port.product, ''),
                                             'version', NULLIF(port.version, ''))
          FROM port
         CROSS JOIN LATERAL care.nmap_vulners(port.vulners, NULLIF(port.vulners_output, ''))
               WITH ORDINALITY AS v(cve, score, k)
         WHERE port.vulners IS NOT NULL) f
     ORDER BY f.n, f.k;
END
$$;
COMMENT ON FUNCTION care.nmap_findings(xml) IS
    'The findings of nmap XML output, its format already checked (care.parse_nmap checks it; the importer calls this)';

CREATE FUNCTION care.parse_nmap(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM care.report_check_xml(report, 'nmap');
    RETURN QUERY SELECT * FROM care.nmap_findings(report);
END
$$;
COMMENT ON FUNCTION care.parse_nmap(xml) IS
    'The findings nmap XML output would import: each open port, then the CVEs the vulners script lists for it (nothing is written)';

CREATE FUNCTION care.import_nmap(establishment_id bigint, report xml, performed_on date DEFAULT NULL,
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
        RAISE EXCEPTION 'nmap report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    digest := care.report_sha256(report::text);
    existing := care.import_existing(establishment_id, 'nmap', digest);
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    PERFORM care.report_check_xml(report, 'nmap');
    SELECT * INTO h FROM care.nmap_header(report);
    performed_on := care.import_performed_on('nmap',
        COALESCE(care.report_date(h.start_text, 'nmap', 'startstr'),
                 care.report_date(h.start_seconds, 'nmap', 'start')),
        performed_on);
    parsed := ARRAY(SELECT f FROM care.nmap_findings(report) f);
    RETURN care.record_import(
        establishment_id, 'exposure', 'nmap', digest, performed_on, provider, h.nmap_version,
        pg_catalog.jsonb_build_object(
            'args', h.args,
            'hosts_up', CASE WHEN h.hosts_up OPERATOR(pg_catalog.~) '^[0-9]{1,9}$' THEN h.hosts_up::integer END,
            'hosts_down', CASE WHEN h.hosts_down OPERATOR(pg_catalog.~) '^[0-9]{1,9}$' THEN h.hosts_down::integer END,
            'open_ports', (SELECT pg_catalog.count(*) FROM pg_catalog.unnest(parsed) f
                            WHERE f.tool_ref OPERATOR(pg_catalog.=) 'port')),
        NULL, NULL, parsed);
END
$$;
COMMENT ON FUNCTION care.import_nmap(bigint, xml, date, text) IS
    'Imports nmap XML output: one exposure audit, a finding per open port (critical for an exposed service of care.exposed_service) and per CVE of the vulners script; performed_on from the scan start, else the argument; returns the audit id';

CREATE FUNCTION care.import_nmap(establishment_id bigint, report text, performed_on date DEFAULT NULL,
                                    provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- a report imported before is recognised before it is parsed
    SELECT COALESCE(care.import_existing(establishment_id, 'nmap', care.report_sha256(report)),
                    care.import_nmap(establishment_id, care.report_xml(report, 'nmap'), performed_on, provider))
$$;
COMMENT ON FUNCTION care.import_nmap(bigint, text, date, text) IS
    'Imports nmap XML output given as text (a psql variable, a literal): a malformed file raises care''s error naming the format; see the xml variant';
