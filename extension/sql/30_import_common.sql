-- Importing reports: what the five importers share.
--
-- Each importer (31..35) reads one report file as its tool wrote it and
-- writes one care.audit with all its findings, in the one statement that
-- calls it: a malformed or wrong-format report is an error that writes
-- nothing.  The steps are the same for every format:
--   1. care.import_existing(): the establishment exists, and a report with
--      the same SHA-256 was not imported for it already (else NOTICE and
--      return the existing audit id, writing nothing);
--   2. care.report_xml() / care.report_check_xml(): the text is a
--      well-formed XML document of the expected format (errors name the
--      format expected and what is wrong; a known other format is named,
--      with the function that imports it);
--   3. the format's parse_* function turns the report into
--      care.report_finding values (callable alone, to see what an import
--      would write);
--   4. care.record_import() writes the audit and its findings.

CREATE TYPE care.report_finding AS (
    severity care.severity,
    cvss_score numeric,
    cvss_vector text,
    cves text[],
    checkpoint text,
    checkpoint_level smallint,
    asset text,
    port integer,
    service text,
    title text,
    tool_ref text,
    status care.finding_status,
    details jsonb
);
COMMENT ON TYPE care.report_finding IS
    'A finding as read from a report, before it is written to care.finding (the result of the care.parse_* functions)';
COMMENT ON COLUMN care.report_finding.severity IS 'Severity; null to derive it from the CVSS score (none without one)';
COMMENT ON COLUMN care.report_finding.cvss_score IS 'CVSS score as the report states it; null to compute it from the vector';
COMMENT ON COLUMN care.report_finding.cvss_vector IS 'CVSS vector as the report states it (dropped when it is not a vector)';
COMMENT ON COLUMN care.report_finding.cves IS 'CVE ids, in report order';
COMMENT ON COLUMN care.report_finding.checkpoint IS 'AD checkpoint or rule id';
COMMENT ON COLUMN care.report_finding.checkpoint_level IS 'AD level 1..5 of the checkpoint';
COMMENT ON COLUMN care.report_finding.asset IS 'Host, host:port or URL';
COMMENT ON COLUMN care.report_finding.port IS 'Port number';
COMMENT ON COLUMN care.report_finding.service IS 'Service name';
COMMENT ON COLUMN care.report_finding.title IS 'Short description';
COMMENT ON COLUMN care.report_finding.tool_ref IS 'The tool''s id of the check';
COMMENT ON COLUMN care.report_finding.status IS 'Status when the report says (a scanner''s false positive), else open';
COMMENT ON COLUMN care.report_finding.details IS 'Tool-specific facts kept in care.finding.details';

-- The formats care imports, for messages.
CREATE FUNCTION care.report_format_label(format text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN format OPERATOR(pg_catalog.=) 'pingcastle' THEN 'PingCastle'
                WHEN format OPERATOR(pg_catalog.=) 'nessus' THEN 'Nessus'
                WHEN format OPERATOR(pg_catalog.=) 'openvas' THEN 'OpenVAS/Greenbone'
                WHEN format OPERATOR(pg_catalog.=) 'nmap' THEN 'nmap'
                WHEN format OPERATOR(pg_catalog.=) 'nuclei' THEN 'Nuclei'
                ELSE format END
$$;
COMMENT ON FUNCTION care.report_format_label(text) IS
    'Name of a report format for people: pingcastle -> PingCastle, openvas -> OpenVAS/Greenbone, ...';

CREATE FUNCTION care.report_format_a(format text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT pg_catalog.format('%s %s report',
                             CASE WHEN format OPERATOR(pg_catalog.=) ANY (ARRAY['openvas', 'nmap']) THEN 'an' ELSE 'a' END,
                             care.report_format_label(format))
$$;
COMMENT ON FUNCTION care.report_format_a(text) IS
    'A report of a format, for messages: a PingCastle report, an OpenVAS/Greenbone report, an nmap report, ...';

CREATE FUNCTION care.report_format_expected(format text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN format OPERATOR(pg_catalog.=) 'pingcastle'
                THEN 'a PingCastle healthcheck report (ad_hc_<domain>.xml, root element <HealthcheckData>)'
                WHEN format OPERATOR(pg_catalog.=) 'nessus'
                THEN 'a Nessus .nessus file (root element <NessusClientData_v2>)'
                WHEN format OPERATOR(pg_catalog.=) 'openvas'
                THEN 'a Greenbone/OpenVAS XML report (root element <report> with <results>)'
                WHEN format OPERATOR(pg_catalog.=) 'nmap'
                THEN 'nmap XML output (nmap -oX, root element <nmaprun>)'
                WHEN format OPERATOR(pg_catalog.=) 'nuclei'
                THEN 'Nuclei JSON output (-jsonl: one JSON object per line, or -je: one JSON array)'
           END
$$;
COMMENT ON FUNCTION care.report_format_expected(text) IS
    'What a file of a report format looks like, for messages';

-- The format of an XML report, from its root element; null when unknown.
CREATE FUNCTION care.xml_report_format(doc xml) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN r.root OPERATOR(pg_catalog.=) 'HealthcheckData' THEN 'pingcastle'
                WHEN r.root OPERATOR(pg_catalog.=) 'NessusClientData_v2' THEN 'nessus'
                WHEN r.root OPERATOR(pg_catalog.=) 'nmaprun' THEN 'nmap'
                WHEN r.root OPERATOR(pg_catalog.=) ANY (ARRAY['report:1', 'get_reports_response:1']) THEN 'openvas'
           END
      FROM (SELECT (pg_catalog.xpath('concat(name(/*), substring('':1'', 1, 2 * boolean(/report/report/results | /report/results | /get_reports_response/report/report/results)))',
                                     doc))[1]::text AS root) r
$$;
COMMENT ON FUNCTION care.xml_report_format(xml) IS
    'Report format of an XML document, from its root element: pingcastle, nessus, openvas, nmap; null for anything else';

-- SHA-256 of a report, the key that makes an import happen once: over the
-- text in UTF-8, without a leading byte-order mark or trailing white space
-- (which different ways of reading the same file add or drop).
CREATE FUNCTION care.report_sha256(report text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(
        pg_catalog.rtrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n'), 'UTF8'))
$$;
COMMENT ON FUNCTION care.report_sha256(text) IS
    'SHA-256 identifying a report file: over its UTF-8 text without a leading byte-order mark or trailing white space';

-- Step 1: the establishment exists; the report was not imported already
-- (as a report of this format: the same file given to another importer
-- must fail that importer's format check, not be taken for a re-import).
CREATE FUNCTION care.import_existing(establishment_id bigint, format text, report_sha256 bytea)
    RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    found_audit record;
BEGIN
    IF establishment_id IS NULL THEN
        RAISE EXCEPTION 'establishment id must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM FROM care.establishment e WHERE e.id OPERATOR(pg_catalog.=) establishment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'establishment % does not exist', establishment_id
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of care.establishment has id %s; nothing was imported.', establishment_id),
                  HINT = 'Look the id up by FINESS number: SELECT id FROM care.establishment WHERE finess = ''...''.';
    END IF;
    SELECT a.id, a.source, a.performed_on INTO found_audit
      FROM care.audit a
     WHERE a.establishment_id OPERATOR(pg_catalog.=) import_existing.establishment_id
       AND a.report_sha256 OPERATOR(pg_catalog.=) import_existing.report_sha256
       AND a.source OPERATOR(pg_catalog.=) format;
    IF FOUND THEN
        RAISE NOTICE 'report already imported as audit %', found_audit.id
            USING DETAIL = pg_catalog.format('Establishment %s has audit %s (%s, performed on %s) from a report with the same SHA-256 %s; nothing was written.',
                                             establishment_id, found_audit.id, found_audit.source,
                                             pg_catalog.to_char(found_audit.performed_on, 'YYYY-MM-DD'),
                                             pg_catalog.left(pg_catalog.encode(report_sha256, 'hex'), 16));
        RETURN found_audit.id;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION care.import_existing(bigint, text, bytea) IS
    'Import step 1: raises an error naming an unknown establishment; returns the audit already imported for it from a report of this format with this SHA-256 (with a NOTICE), else null';

-- Step 2a: the text of an XML report as an XML document, or care's error.
CREATE FUNCTION care.report_xml(report text, format text) RETURNS xml
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    doc xml;
    problem text;
BEGIN
    IF report IS NULL THEN
        RAISE EXCEPTION '% report must not be null', care.report_format_label(format)
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF pg_catalog.btrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n') OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'malformed % report', care.report_format_label(format)
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = 'The file is empty.',
                  HINT = pg_catalog.format('care.import_%s expects %s.', format, care.report_format_expected(format));
    END IF;
    IF pg_catalog.left(pg_catalog.ltrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n'), 1)
       OPERATOR(pg_catalog.=) ANY (ARRAY['{', '[']) THEN
        RAISE EXCEPTION 'expected %, got JSON', care.report_format_a(format)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The file starts with %s, as JSON does; care.import_%s expects %s.',
                                             pg_catalog.left(pg_catalog.ltrim(pg_catalog.ltrim(report, U&'\FEFF'), E' \t\r\n'), 1),
                                             format, care.report_format_expected(format)),
                  HINT = 'Nuclei results are imported with care.import_nuclei().';
    END IF;
    BEGIN
        doc := XMLPARSE(DOCUMENT pg_catalog.ltrim(report, U&'\FEFF'));
    EXCEPTION WHEN invalid_xml_document OR invalid_xml_content THEN
        GET STACKED DIAGNOSTICS problem = PG_EXCEPTION_DETAIL;
        -- libxml's first line names the line and what is wrong; the rest
        -- quotes the file, which may be one very long line
        RAISE EXCEPTION 'malformed % report', care.report_format_label(format)
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = pg_catalog.format('The file is not well-formed XML: %s.',
                                             pg_catalog.rtrim(pg_catalog.split_part(problem, E'\n', 1), ' .')),
                  HINT = pg_catalog.format('care.import_%s expects %s; check that the file is complete (not truncated).',
                                           format, care.report_format_expected(format));
    END;
    RETURN doc;
END
$$;
COMMENT ON FUNCTION care.report_xml(text, text) IS
    'Import step 2: a report''s text parsed as an XML document; a malformed file raises invalid_xml_content (2200N) naming the expected format and the first XML error';

-- Step 2b: the document is a report of the expected format.
CREATE FUNCTION care.report_check_xml(doc xml, format text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    root text;
    found_format text;
BEGIN
    IF doc IS NULL THEN
        RAISE EXCEPTION '% report must not be null', care.report_format_label(format)
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF doc IS NOT DOCUMENT THEN
        RAISE EXCEPTION 'malformed % report', care.report_format_label(format)
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = 'The XML value is not one document (it has no single root element).',
                  HINT = pg_catalog.format('care.import_%s expects %s.', format, care.report_format_expected(format));
    END IF;
    found_format := care.xml_report_format(doc);
    IF found_format IS NOT DISTINCT FROM format THEN
        RETURN;
    END IF;
    root := (pg_catalog.xpath('name(/*)', doc))[1]::text;
    IF found_format IS NOT NULL THEN
        RAISE EXCEPTION 'expected %, got %', care.report_format_a(format), care.report_format_a(found_format)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The root element is <%s>; care.import_%s expects %s.',
                                             root, format, care.report_format_expected(format)),
                  HINT = pg_catalog.format('Import it with care.import_%s().', found_format);
    END IF;
    RAISE EXCEPTION 'expected %, got XML with root element <%>', care.report_format_a(format), root
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('care.import_%s expects %s.', format, care.report_format_expected(format));
END
$$;
COMMENT ON FUNCTION care.report_check_xml(xml, text) IS
    'Import step 2: raises invalid_parameter_value (22023) when an XML report is not of the expected format, naming the format found and the function that imports it';

-- A date a report states: ISO 8601 (2024-06-06T13:01:09+02:00: the date as
-- written, i.e. where the tool ran), ctime (Wed Mar 23 14:31:51 2022, as
-- nmap and Nessus write local time) or Unix seconds (UTC).  Null for null or
-- blank; anything else makes the report malformed, naming the field.
CREATE FUNCTION care.report_date(value text, format text, field text) RETURNS date
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    v text := pg_catalog.btrim(value);
    parts text[];
BEGIN
    IF v IS NULL OR v OPERATOR(pg_catalog.=) '' THEN
        RETURN NULL;
    END IF;
    BEGIN
        IF v OPERATOR(pg_catalog.~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]|$)' THEN
            RETURN pg_catalog.left(v, 10)::date;
        END IF;
        parts := pg_catalog.regexp_match(v, '^[A-Za-z]{3} +([A-Za-z]{3}) +([0-9]{1,2}) +[0-9]{1,2}:[0-9]{2}:[0-9]{2} +([0-9]{4})$');
        IF parts IS NOT NULL THEN
            RETURN pg_catalog.to_date(pg_catalog.concat_ws(' ', parts[3], parts[1], parts[2]), 'YYYY Mon DD');
        END IF;
        IF v OPERATOR(pg_catalog.~) '^[0-9]{1,12}$' THEN
            RETURN (pg_catalog.to_timestamp(v::double precision) AT TIME ZONE 'UTC')::date;
        END IF;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format OR data_exception THEN
        NULL;
    END;
    RAISE EXCEPTION 'malformed % report', care.report_format_label(format)
        USING ERRCODE = 'invalid_datetime_format',
              DETAIL = pg_catalog.format('The %s is "%s", not a date (YYYY-MM-DD..., "Wed Mar 23 14:31:51 2022" or Unix seconds).',
                                         field, pg_catalog.left(v, 60));
END
$$;
COMMENT ON FUNCTION care.report_date(text, text, text) IS
    'Date a report states in a field (ISO 8601 date as written, ctime, or Unix seconds in UTC); null when blank; an error naming the format and field otherwise';

-- performed_on of an import: the report's date when it has one (a different
-- argument is ignored, with a NOTICE), else the argument, else an error.
CREATE FUNCTION care.import_performed_on(format text, from_report date, from_argument date) RETURNS date
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF from_report IS NOT NULL THEN
        IF from_argument OPERATOR(pg_catalog.<>) from_report THEN
            RAISE NOTICE 'performed_on % ignored: the % report was performed on %',
                pg_catalog.to_char(from_argument, 'YYYY-MM-DD'), care.report_format_label(format),
                pg_catalog.to_char(from_report, 'YYYY-MM-DD');
        END IF;
        RETURN from_report;
    END IF;
    IF from_argument IS NOT NULL THEN
        RETURN from_argument;
    END IF;
    RAISE EXCEPTION 'no date for the audit: the % report states none and performed_on is null',
            care.report_format_label(format)
        USING ERRCODE = 'null_value_not_allowed',
              HINT = pg_catalog.format('Pass the date the audit was performed: care.import_%s(establishment_id, report, performed_on => ''YYYY-MM-DD'').', format);
END
$$;
COMMENT ON FUNCTION care.import_performed_on(text, date, date) IS
    'performed_on of an import: the report''s date, else the argument, else an error';

-- A score as a report writes it (7.5, 10.0), or null when it is not one.
CREATE FUNCTION care.report_score(score text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN pg_catalog.btrim(score) OPERATOR(pg_catalog.~) '^[0-9]{1,2}(\.[0-9]{1,6})?$'
                THEN pg_catalog.btrim(score)::numeric END
$$;
COMMENT ON FUNCTION care.report_score(text) IS
    'A score as a report writes it (e.g. 7.5), or null when it is not a number';

-- A CVSS score computed from a vector with care.cvss_score(), for findings
-- that state a vector and no score; null for a vector it cannot score
-- (care.cvss_problem() says what is wrong), which keeps the import going.
CREATE FUNCTION care.import_cvss_score(vector text) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN care.cvss_problem(vector) IS NULL THEN care.cvss_score(vector) END
$$;
COMMENT ON FUNCTION care.import_cvss_score(text) IS
    'CVSS score of a vector (care.cvss_score), or null when the vector is not valid';

-- Step 4: write the audit and its findings.  A concurrent import of the same
-- report that committed first wins: then nothing is written and its audit
-- id is returned.  Findings: severity null -> from the CVSS score (none
-- without one); score null with a vector -> computed; a vector that is not
-- one is dropped (kept in details.cvss_vector_unparsed); ids follow the
-- report's order; detected_on = performed_on.
CREATE FUNCTION care.record_import(establishment_id bigint, kind care.audit_kind, source text,
                                   report_sha256 bytea, performed_on date, provider text,
                                   tool_version text, report_summary jsonb, ad_domain_id bigint,
                                   ad_level smallint, findings care.report_finding[])
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    new_audit bigint;
BEGIN
    INSERT INTO care.audit AS a (establishment_id, kind, performed_on, source, provider, ad_domain_id,
                                 ad_level, report_sha256, tool_version, report_summary)
    VALUES (establishment_id, kind, performed_on, source, NULLIF(pg_catalog.btrim(provider), ''),
            ad_domain_id, ad_level, report_sha256, NULLIF(pg_catalog.btrim(tool_version), ''),
            NULLIF(pg_catalog.jsonb_strip_nulls(report_summary), '{}'::jsonb))
    ON CONFLICT ON CONSTRAINT audit_establishment_report_key DO NOTHING
    RETURNING a.id INTO new_audit;
    IF new_audit IS NULL THEN
        RETURN care.import_existing(establishment_id, source, report_sha256);
    END IF;

    INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, cvss_vector, cves,
                              checkpoint, checkpoint_level, asset, port, service, title, tool_ref,
                              status, detected_on, details)
    SELECT new_audit, record_import.establishment_id,
           COALESCE(f.severity, care.cvss_severity(s.score), 'none'::care.severity),
           s.score, v.vector, care.cve_list(f.cves), NULLIF(pg_catalog.btrim(f.checkpoint), ''),
           f.checkpoint_level, NULLIF(pg_catalog.btrim(f.asset), ''), f.port,
           NULLIF(pg_catalog.btrim(f.service), ''),
           pg_catalog.left(COALESCE(NULLIF(pg_catalog.btrim(f.title), ''),
                                    NULLIF(pg_catalog.btrim(f.tool_ref), ''),
                                    'untitled finding'), 2000),
           NULLIF(pg_catalog.btrim(f.tool_ref), ''), COALESCE(f.status, 'open'::care.finding_status),
           record_import.performed_on,
           NULLIF(pg_catalog.jsonb_strip_nulls(
               COALESCE(f.details, '{}'::jsonb)
               OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('cvss_vector_unparsed',
                   CASE WHEN v.vector IS NULL THEN NULLIF(pg_catalog.btrim(f.cvss_vector), '') END)),
               '{}'::jsonb)
      FROM pg_catalog.unnest(findings) WITH ORDINALITY AS f
     CROSS JOIN LATERAL (
           SELECT CASE WHEN pg_catalog.btrim(f.cvss_vector) OPERATOR(pg_catalog.~)
                            '^(CVSS:[234]\.[01]/|CVSS2#)?[A-Za-z]+:[A-Za-z0-9]+(/[A-Za-z]+:[A-Za-z0-9]+)*$'
                       THEN pg_catalog.btrim(f.cvss_vector) END AS vector) v
     CROSS JOIN LATERAL (
           SELECT pg_catalog.round(COALESCE(
                      CASE WHEN f.cvss_score OPERATOR(pg_catalog.>=) 0 AND f.cvss_score OPERATOR(pg_catalog.<=) 10
                           THEN f.cvss_score END,
                      care.import_cvss_score(v.vector)), 1) AS score) s
     ORDER BY f.ordinality;
    RETURN new_audit;
END
$$;
COMMENT ON FUNCTION care.record_import(bigint, care.audit_kind, text, bytea, date, text, text, jsonb, bigint, smallint, care.report_finding[]) IS
    'Import step 4: writes one audit and its findings (severity from the score when the report gives none, score from the vector when it gives none); returns the audit id';
