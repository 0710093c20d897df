-- Nuclei results: JSON lines (nuclei -jsonl; v2 field names templateID and
-- matched, v2.6+ template-id and matched-at) or the JSON array export
-- (nuclei -je).  One exposure audit, one finding per result.

-- The results of a Nuclei report, with their line numbers (element numbers
-- in a JSON array), checked: each is a JSON object with a template id.  A
-- line that is not JSON is an error naming it.  Blank lines are skipped.
CREATE FUNCTION care.nuclei_records(report text) RETURNS TABLE (line integer, result jsonb)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    body text := pg_catalog.ltrim(report, U&'\FEFF');
    head text := pg_catalog.left(pg_catalog.ltrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n'), 1);
    numbers integer[];
    records jsonb[];
    doc jsonb;
    problem text;
    context text;
    other text;
    bad record;
BEGIN
    IF report IS NULL THEN
        RAISE EXCEPTION 'Nuclei report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF head OPERATOR(pg_catalog.=) '<' THEN
        BEGIN
            other := care.xml_report_format(XMLPARSE(DOCUMENT body));
        EXCEPTION WHEN invalid_xml_document OR invalid_xml_content THEN
            other := NULL;
        END;
        RAISE EXCEPTION 'expected a Nuclei report, got %',
                COALESCE(care.report_format_a(other), 'XML')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('care.import_nuclei expects %s.', care.report_format_expected('nuclei')),
                  HINT = CASE WHEN other IS NULL
                              THEN 'XML reports are imported with care.import_nessus, care.import_openvas, care.import_nmap or care.import_pingcastle.'
                              ELSE pg_catalog.format('Import it with care.import_%s().', other) END;
    END IF;

    IF head OPERATOR(pg_catalog.=) '[' THEN
        -- the JSON array export: elements are numbered from 1
        BEGIN
            doc := body::jsonb;
        EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
            GET STACKED DIAGNOSTICS problem = PG_EXCEPTION_DETAIL, context = PG_EXCEPTION_CONTEXT;
            RAISE EXCEPTION 'malformed Nuclei report'
                USING ERRCODE = 'invalid_text_representation',
                      DETAIL = pg_catalog.format('The JSON array is not valid JSON: %s (%s).', pg_catalog.rtrim(problem, '.'),
                                                 pg_catalog.substring(context, 'JSON data, (line [0-9]+)')),
                      HINT = 'Check that the file is complete (not truncated).';
        END;
        IF pg_catalog.jsonb_typeof(doc) OPERATOR(pg_catalog.<>) 'array' THEN
            RAISE EXCEPTION 'malformed Nuclei report'
                USING ERRCODE = 'invalid_text_representation',
                      DETAIL = 'The file starts with [ but is not a JSON array.';
        END IF;
        SELECT pg_catalog.array_agg(e.n::integer ORDER BY e.n), pg_catalog.array_agg(e.v ORDER BY e.n)
          INTO numbers, records
          FROM pg_catalog.jsonb_array_elements(doc) WITH ORDINALITY AS e(v, n);
        other := 'element';
    ELSE
        -- JSON lines: parse all at once; on a failure, find the first bad line
        BEGIN
            SELECT pg_catalog.array_agg(t.n::integer ORDER BY t.n), pg_catalog.array_agg(t.l::jsonb ORDER BY t.n)
              INTO numbers, records
              FROM pg_catalog.string_to_table(body, E'\n') WITH ORDINALITY AS t(l, n)
             WHERE pg_catalog.btrim(t.l, E' \t\r') OPERATOR(pg_catalog.<>) '';
        EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
            FOR bad IN SELECT t.l, t.n FROM pg_catalog.string_to_table(body, E'\n') WITH ORDINALITY AS t(l, n)
                        WHERE pg_catalog.btrim(t.l, E' \t\r') OPERATOR(pg_catalog.<>) '' ORDER BY t.n LOOP
                BEGIN
                    doc := bad.l::jsonb;
                EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
                    GET STACKED DIAGNOSTICS problem = PG_EXCEPTION_DETAIL;
                    RAISE EXCEPTION 'malformed Nuclei report'
                        USING ERRCODE = 'invalid_text_representation',
                              DETAIL = pg_catalog.format('Line %s is not valid JSON: %s', bad.n, problem),
                              HINT = 'care.import_nuclei expects one JSON object per line (nuclei -jsonl) or one JSON array (nuclei -je); check that the file is complete.';
                END;
            END LOOP;
            RAISE;      -- not reached: some line failed above
        END;
        other := 'line';
    END IF;

    SELECT u.n, u.r INTO bad
      FROM ROWS FROM (pg_catalog.unnest(numbers), pg_catalog.unnest(records)) AS u(n, r)
     WHERE pg_catalog.jsonb_typeof(u.r) OPERATOR(pg_catalog.<>) 'object'
        OR pg_catalog.jsonb_typeof(COALESCE(u.r OPERATOR(pg_catalog.->) 'template-id',
                                            u.r OPERATOR(pg_catalog.->) 'templateID')) IS DISTINCT FROM 'string'
        OR pg_catalog.jsonb_typeof(u.r OPERATOR(pg_catalog.->) 'info') IS DISTINCT FROM 'object'
     ORDER BY u.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%',
                CASE WHEN bad.n OPERATOR(pg_catalog.=) numbers[1] THEN 'expected a Nuclei report, got other JSON'
                     ELSE 'malformed Nuclei report' END
            USING ERRCODE = CASE WHEN bad.n OPERATOR(pg_catalog.=) numbers[1] THEN 'invalid_parameter_value'
                                 ELSE 'invalid_text_representation' END,
                  DETAIL = pg_catalog.format('%s %s is not a Nuclei result: a JSON object with a template-id (or templateID) and an info object.',
                                             pg_catalog.initcap(other), bad.n),
                  HINT = pg_catalog.format('care.import_nuclei expects %s.', care.report_format_expected('nuclei'));
    END IF;
    RETURN QUERY SELECT u.n, u.r FROM ROWS FROM (pg_catalog.unnest(numbers), pg_catalog.unnest(records)) AS u(n, r) ORDER BY u.n;
END
$$;
COMMENT ON FUNCTION care.nuclei_records(text) IS
    'The results of a Nuclei report (JSON lines or JSON array) with their line (element) numbers; an error names the first line that is not a Nuclei result';

-- One Nuclei result as a finding: severity from info.severity (info and
-- unknown: none), CVEs, CVSS vector and score from info.classification,
-- asset from matched-at (matched in v2), else host.
CREATE FUNCTION care.nuclei_finding(result jsonb) RETURNS care.report_finding
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT ROW(
        CASE WHEN x.sev OPERATOR(pg_catalog.=) ANY (ARRAY['low', 'medium', 'high', 'critical'])
             THEN x.sev::care.severity
             WHEN x.sev OPERATOR(pg_catalog.=) 'info' THEN 'none'::care.severity END,
        CASE WHEN pg_catalog.jsonb_typeof(x.cls OPERATOR(pg_catalog.->) 'cvss-score') OPERATOR(pg_catalog.=) 'number'
             THEN (x.cls OPERATOR(pg_catalog.->>) 'cvss-score')::numeric
             WHEN (x.cls OPERATOR(pg_catalog.->>) 'cvss-score') OPERATOR(pg_catalog.~) '^[0-9]{1,2}(\.[0-9]+)?$'
             THEN (x.cls OPERATOR(pg_catalog.->>) 'cvss-score')::numeric END,
        x.cls OPERATOR(pg_catalog.->>) 'cvss-metrics',
        CASE WHEN pg_catalog.jsonb_typeof(x.cls OPERATOR(pg_catalog.->) 'cve-id') OPERATOR(pg_catalog.=) 'array'
             THEN ARRAY(SELECT pg_catalog.jsonb_array_elements_text(x.cls OPERATOR(pg_catalog.->) 'cve-id'))
             WHEN pg_catalog.jsonb_typeof(x.cls OPERATOR(pg_catalog.->) 'cve-id') OPERATOR(pg_catalog.=) 'string'
             THEN pg_catalog.regexp_split_to_array(x.cls OPERATOR(pg_catalog.->>) 'cve-id', '[ ,]+') END,
        NULL::text, NULL::smallint,
        x.asset,
        CASE WHEN (pg_catalog.regexp_match(x.asset, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:\[[^]]*\]|[^/:@]+@)?(?:\[[^]]*\]|[^/:\[]+):([0-9]{1,5})(?:[/?#]|$)'))[1]::integer
                  OPERATOR(pg_catalog.<=) 65535
             THEN (pg_catalog.regexp_match(x.asset, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:\[[^]]*\]|[^/:@]+@)?(?:\[[^]]*\]|[^/:\[]+):([0-9]{1,5})(?:[/?#]|$)'))[1]::integer END,
        NULL::text,
        COALESCE(x.info OPERATOR(pg_catalog.->>) 'name', x.template),
        x.template,
        NULL::care.finding_status,
        pg_catalog.jsonb_build_object(
            'tool_severity', x.info OPERATOR(pg_catalog.->>) 'severity',
            'type', result OPERATOR(pg_catalog.->>) 'type',
            'host', result OPERATOR(pg_catalog.->>) 'host',
            'ip', result OPERATOR(pg_catalog.->>) 'ip',
            'matcher_name', COALESCE(result OPERATOR(pg_catalog.->>) 'matcher-name',
                                     result OPERATOR(pg_catalog.->>) 'matcher_name'),
            'template_path', result OPERATOR(pg_catalog.->>) 'template',
            'timestamp', result OPERATOR(pg_catalog.->>) 'timestamp')
    )::care.report_finding
      FROM (SELECT COALESCE(result OPERATOR(pg_catalog.->>) 'template-id',
                            result OPERATOR(pg_catalog.->>) 'templateID') AS template,
                   result OPERATOR(pg_catalog.->) 'info' AS info,
                   pg_catalog.lower(pg_catalog.btrim(result OPERATOR(pg_catalog.#>>) '{info,severity}')) AS sev,
                   CASE WHEN pg_catalog.jsonb_typeof(result OPERATOR(pg_catalog.#>) '{info,classification}')
                             OPERATOR(pg_catalog.=) 'object'
                        THEN result OPERATOR(pg_catalog.#>) '{info,classification}' END AS cls,
                   COALESCE(NULLIF(result OPERATOR(pg_catalog.->>) 'matched-at', ''),
                            NULLIF(result OPERATOR(pg_catalog.->>) 'matched', ''),
                            result OPERATOR(pg_catalog.->>) 'host') AS asset) x
$$;
COMMENT ON FUNCTION care.nuclei_finding(jsonb) IS
    'One Nuclei result (a JSON object) as a finding: severity from info.severity, CVEs and CVSS from info.classification, asset from matched-at / matched / host';

CREATE FUNCTION care.parse_nuclei(report text) RETURNS SETOF care.report_finding
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT (care.nuclei_finding(r.result)).* FROM care.nuclei_records(report) r ORDER BY r.line
$$;
COMMENT ON FUNCTION care.parse_nuclei(text) IS
    'The findings a Nuclei report (JSON lines or JSON array) would import, one per result (nothing is written)';

CREATE FUNCTION care.import_nuclei(establishment_id bigint, report text, performed_on date DEFAULT NULL,
                                   provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    digest bytea;
    existing bigint;
    records jsonb[];
    stated date;
BEGIN
    IF report IS NULL THEN
        RAISE EXCEPTION 'Nuclei report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    digest := care.report_sha256(report);
    existing := care.import_existing(establishment_id, 'nuclei', digest);
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    records := ARRAY(SELECT r.result FROM care.nuclei_records(report) r ORDER BY r.line);
    -- the scan's date: the earliest result's, as written where Nuclei ran
    SELECT pg_catalog.min(care.report_date(r OPERATOR(pg_catalog.->>) 'timestamp', 'nuclei', 'timestamp of a result'))
      INTO stated
      FROM pg_catalog.unnest(records) r;
    RETURN care.record_import(
        establishment_id, 'exposure', 'nuclei', digest,
        care.import_performed_on('nuclei', stated, performed_on), provider, NULL,
        pg_catalog.jsonb_build_object(
            'results', pg_catalog.cardinality(records),
            'hosts', (SELECT pg_catalog.count(DISTINCT r OPERATOR(pg_catalog.->>) 'host') FROM pg_catalog.unnest(records) r),
            'format', CASE WHEN pg_catalog.left(pg_catalog.ltrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n'), 1)
                                OPERATOR(pg_catalog.=) '['
                           THEN 'json array' ELSE 'json lines' END),
        NULL, NULL,
        ARRAY(SELECT care.nuclei_finding(r) FROM pg_catalog.unnest(records) WITH ORDINALITY AS u(r, n) ORDER BY u.n));
END
$$;
COMMENT ON FUNCTION care.import_nuclei(bigint, text, date, text) IS
    'Imports a Nuclei report (JSON lines, v2 or v2.6+ field names, or the JSON array export): one exposure audit, one finding per result; performed_on from the earliest result timestamp, else the argument; returns the audit id';
