-- PingCastle healthcheck reports (ad_hc_<domain>.xml): one AD audit of the
-- domain DomainFQDN, one finding per HealthcheckRiskRule.  The report's
-- MaturityLevel is the audit's ad_level; the level and the scores are
-- recomputed from the findings (care.pingcastle_score) and a report that
-- disagrees with its own rules is flagged (WARNING, care.pingcastle_disagreement).

-- Severity of a failing AD checkpoint, from its level: level 1 (critical
-- weaknesses, immediate threat) critical; 2 high; 3 medium; 4 and 5 low.
CREATE FUNCTION care.ad_level_severity(level integer) RETURNS care.severity
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT CASE WHEN level OPERATOR(pg_catalog.=) 1 THEN 'critical'::care.severity
                WHEN level OPERATOR(pg_catalog.=) 2 THEN 'high'::care.severity
                WHEN level OPERATOR(pg_catalog.=) 3 THEN 'medium'::care.severity
                WHEN level OPERATOR(pg_catalog.=) ANY (ARRAY[4, 5]) THEN 'low'::care.severity
           END
$$;
COMMENT ON FUNCTION care.ad_level_severity(integer) IS
    'Severity of a failing AD checkpoint of a level: 1 critical, 2 high, 3 medium, 4 and 5 low; null for anything else';

-- The row of care.pingcastle_rule that describes a rule for a report of a
-- PingCastle engine version: the newest rule set not newer than the engine,
-- else the oldest one (the newest when the engine version is unknown).
CREATE FUNCTION care.pingcastle_rule_for(rule_id text, engine_version text)
    RETURNS care.pingcastle_rule
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT r.*
      FROM care.pingcastle_rule r,
           LATERAL (SELECT care.version_key(r.version) AS rule_key,
                           COALESCE(care.version_key($2), ARRAY[2147483647]) AS engine_key) k
     WHERE r.rule_id OPERATOR(pg_catalog.=) $1
     ORDER BY k.rule_key OPERATOR(pg_catalog.<=) k.engine_key DESC,
              CASE WHEN k.rule_key OPERATOR(pg_catalog.<=) k.engine_key THEN k.rule_key END DESC NULLS LAST,
              k.rule_key
     LIMIT 1
$$;
COMMENT ON FUNCTION care.pingcastle_rule_for(text, text) IS
    'The care.pingcastle_rule row of a rule id for a PingCastle engine version: the newest rule set not newer than the engine, else the oldest; null for an unknown rule';

-- The header of a PingCastle report: what it says of the domain and itself.
CREATE FUNCTION care.pingcastle_header(report xml)
    RETURNS TABLE (engine_version text, generation_date text, domain_fqdn text, forest_fqdn text,
                   netbios_name text, domain_sid text, maturity_level text, global_score text,
                   stale_objects_score text, privileged_group_score text, trust_score text,
                   anomaly_score text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT NULLIF(h.engine_version, ''), NULLIF(h.generation_date, ''), NULLIF(h.domain_fqdn, ''),
           NULLIF(h.forest_fqdn, ''), NULLIF(h.netbios_name, ''), NULLIF(h.domain_sid, ''),
           NULLIF(h.maturity_level, ''), NULLIF(h.global_score, ''), NULLIF(h.stale_objects_score, ''),
           NULLIF(h.privileged_group_score, ''), NULLIF(h.trust_score, ''), NULLIF(h.anomaly_score, '')
      FROM XMLTABLE('/HealthcheckData' PASSING report
               COLUMNS engine_version text PATH 'normalize-space(EngineVersion)',
                       generation_date text PATH 'normalize-space(GenerationDate)',
                       domain_fqdn text PATH 'normalize-space(DomainFQDN)',
                       forest_fqdn text PATH 'normalize-space(ForestFQDN)',
                       netbios_name text PATH 'normalize-space(NetBIOSName)',
                       domain_sid text PATH 'normalize-space(DomainSid)',
                       maturity_level text PATH 'normalize-space(MaturityLevel)',
                       global_score text PATH 'normalize-space(GlobalScore)',
                       stale_objects_score text PATH 'normalize-space(StaleObjectsScore)',
                       privileged_group_score text PATH 'normalize-space(PrivilegiedGroupScore)',
                       trust_score text PATH 'normalize-space(TrustScore)',
                       anomaly_score text PATH 'normalize-space(AnomalyScore)') h
$$;
COMMENT ON FUNCTION care.pingcastle_header(xml) IS
    'What a PingCastle report says of the domain and of itself: engine version, date, domain, stated maturity level and scores (as written)';

-- The findings of a PingCastle report, one per HealthcheckRiskRule, in
-- report order: checkpoint = RiskId, checkpoint_level = the rule's maturity
-- level (care.pingcastle_rule), severity from the level (an unknown rule:
-- no level, severity medium), asset = the domain, title = Rationale.
CREATE FUNCTION care.pingcastle_findings(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    bad record;
BEGIN
    SELECT r.n, r.risk_id, r.points INTO bad
      FROM XMLTABLE('/HealthcheckData/RiskRules/HealthcheckRiskRule' PASSING report
               COLUMNS n FOR ORDINALITY,
                       risk_id text PATH 'normalize-space(RiskId)',
                       points text PATH 'normalize-space(Points)') r
     WHERE r.risk_id OPERATOR(pg_catalog.=) ''
        OR r.points OPERATOR(pg_catalog.!~) '^(-?[0-9]{1,6})?$'
     ORDER BY r.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'malformed PingCastle report'
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = CASE WHEN bad.risk_id OPERATOR(pg_catalog.=) ''
                                THEN pg_catalog.format('HealthcheckRiskRule %s has no RiskId.', bad.n)
                                ELSE pg_catalog.format('HealthcheckRiskRule %s (%s) has Points "%s", not a whole number.',
                                                       bad.n, bad.risk_id, bad.points) END;
    END IF;

    RETURN QUERY
    SELECT CASE WHEN p.rule_id IS NULL THEN 'medium'::care.severity
                ELSE COALESCE(care.ad_level_severity(p.maturity_level), 'none'::care.severity) END,
           NULL::numeric, NULL::text, NULL::text[],
           r.risk_id,
           CASE WHEN p.maturity_level OPERATOR(pg_catalog.<=) 5 THEN p.maturity_level END,
           pg_catalog.rtrim(pg_catalog.lower(h.domain_fqdn), '.'), NULL::integer, NULL::text,
           COALESCE(NULLIF(r.rationale, ''), p.title, r.risk_id),
           r.risk_id, NULL::care.finding_status,
           pg_catalog.jsonb_build_object(
               'points', NULLIF(r.points, '')::integer,
               'category', COALESCE(NULLIF(r.category, ''), p.category),
               'model', COALESCE(NULLIF(r.model, ''), p.risk_model),
               'rule_version', p.version,
               'rule_title', p.title,
               'anssi', pg_catalog.to_jsonb(p.anssi_ids))
      FROM XMLTABLE('/HealthcheckData/RiskRules/HealthcheckRiskRule' PASSING report
               COLUMNS n FOR ORDINALITY,
                       risk_id text PATH 'normalize-space(RiskId)',
                       points text PATH 'normalize-space(Points)',
                       category text PATH 'normalize-space(Category)',
                       model text PATH 'normalize-space(Model)',
                       rationale text PATH 'normalize-space(Rationale)') r
     CROSS JOIN care.pingcastle_header(report) h
     CROSS JOIN LATERAL care.pingcastle_rule_for(r.risk_id, h.engine_version) p
     ORDER BY r.n;
END
$$;
COMMENT ON FUNCTION care.pingcastle_findings(xml) IS
    'The findings of a PingCastle report, its format already checked (care.parse_pingcastle checks it; the importer calls this)';

CREATE FUNCTION care.parse_pingcastle(report xml) RETURNS SETOF care.report_finding
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    PERFORM care.report_check_xml(report, 'pingcastle');
    RETURN QUERY SELECT * FROM care.pingcastle_findings(report);
END
$$;
COMMENT ON FUNCTION care.parse_pingcastle(xml) IS
    'The findings a PingCastle report would import, one per HealthcheckRiskRule (nothing is written)';

-- PingCastle's scores recomputed from an audit's findings: a category score
-- is min(100, sum of the points of its rules), the global score the highest
-- category score, the maturity level the lowest checkpoint_level (5 when
-- none).  Every finding of the audit counts, whatever its status.
CREATE VIEW care.pingcastle_score WITH (security_invoker = true) AS
    SELECT s.audit_id, s.establishment_id, s.ad_domain_id, s.rule_count, s.maturity_level,
           GREATEST(s.stale_objects_score, s.privileged_group_score, s.trust_score, s.anomaly_score) AS global_score,
           s.stale_objects_score, s.privileged_group_score, s.trust_score, s.anomaly_score
      FROM (SELECT a.id AS audit_id, a.establishment_id, a.ad_domain_id,
                   pg_catalog.count(f.id)::integer AS rule_count,
                   COALESCE(pg_catalog.min(f.checkpoint_level), 5)::smallint AS maturity_level,
                   LEAST(100, COALESCE(pg_catalog.sum(p.points) FILTER (
                       WHERE p.category OPERATOR(pg_catalog.=) 'StaleObjects'), 0))::integer AS stale_objects_score,
                   LEAST(100, COALESCE(pg_catalog.sum(p.points) FILTER (
                       WHERE p.category OPERATOR(pg_catalog.=) 'PrivilegedAccounts'), 0))::integer AS privileged_group_score,
                   LEAST(100, COALESCE(pg_catalog.sum(p.points) FILTER (
                       WHERE p.category OPERATOR(pg_catalog.=) 'Trusts'), 0))::integer AS trust_score,
                   LEAST(100, COALESCE(pg_catalog.sum(p.points) FILTER (
                       WHERE p.category OPERATOR(pg_catalog.=) 'Anomalies'), 0))::integer AS anomaly_score
              FROM care.audit a
              LEFT JOIN care.finding f
                ON f.audit_id OPERATOR(pg_catalog.=) a.id
               AND f.establishment_id OPERATOR(pg_catalog.=) a.establishment_id
              LEFT JOIN LATERAL (
                   SELECT (f.details OPERATOR(pg_catalog.->>) 'points')::integer AS points,
                          f.details OPERATOR(pg_catalog.->>) 'category' AS category) p ON true
             WHERE a.source OPERATOR(pg_catalog.=) 'pingcastle'
             GROUP BY a.id, a.establishment_id, a.ad_domain_id) s;
COMMENT ON VIEW care.pingcastle_score IS 'PingCastle maturity level and scores of each PingCastle audit, recomputed from its findings as PingCastle computes them';
COMMENT ON COLUMN care.pingcastle_score.audit_id IS 'The PingCastle audit';
COMMENT ON COLUMN care.pingcastle_score.establishment_id IS 'Its establishment';
COMMENT ON COLUMN care.pingcastle_score.ad_domain_id IS 'The audited AD domain';
COMMENT ON COLUMN care.pingcastle_score.rule_count IS 'Number of rules (findings) of the audit';
COMMENT ON COLUMN care.pingcastle_score.maturity_level IS 'Lowest checkpoint_level of the findings, 5 when none: the maturity level the rules give';
COMMENT ON COLUMN care.pingcastle_score.global_score IS 'Highest of the four category scores (GlobalScore)';
COMMENT ON COLUMN care.pingcastle_score.stale_objects_score IS 'min(100, points of the StaleObjects rules) (StaleObjectsScore)';
COMMENT ON COLUMN care.pingcastle_score.privileged_group_score IS 'min(100, points of the PrivilegedAccounts rules) (PrivilegiedGroupScore)';
COMMENT ON COLUMN care.pingcastle_score.trust_score IS 'min(100, points of the Trusts rules) (TrustScore)';
COMMENT ON COLUMN care.pingcastle_score.anomaly_score IS 'min(100, points of the Anomalies rules) (AnomalyScore)';

CREATE FUNCTION care.pingcastle_scores(audit_id bigint)
    RETURNS TABLE (maturity_level smallint, global_score integer, stale_objects_score integer,
                   privileged_group_score integer, trust_score integer, anomaly_score integer)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT s.maturity_level, s.global_score, s.stale_objects_score, s.privileged_group_score,
           s.trust_score, s.anomaly_score
      FROM care.pingcastle_score s
     WHERE s.audit_id OPERATOR(pg_catalog.=) $1
$$;
COMMENT ON FUNCTION care.pingcastle_scores(bigint) IS
    'Maturity level, global score and the four category scores of a PingCastle audit, recomputed from its findings (no row for another audit)';

-- Where a PingCastle report's stated level or scores disagree with its rules.
CREATE VIEW care.pingcastle_disagreement WITH (security_invoker = true) AS
    SELECT s.audit_id, s.establishment_id, s.ad_domain_id, m.measure, m.stated, m.computed
      FROM care.pingcastle_score s
      JOIN care.audit a
        ON a.id OPERATOR(pg_catalog.=) s.audit_id
       AND a.establishment_id OPERATOR(pg_catalog.=) s.establishment_id
     CROSS JOIN LATERAL (VALUES
           (1, 'MaturityLevel', a.report_summary OPERATOR(pg_catalog.->>) 'maturity_level', s.maturity_level::integer),
           (2, 'GlobalScore', a.report_summary OPERATOR(pg_catalog.->>) 'global_score', s.global_score),
           (3, 'StaleObjectsScore', a.report_summary OPERATOR(pg_catalog.->>) 'stale_objects_score', s.stale_objects_score),
           (4, 'PrivilegiedGroupScore', a.report_summary OPERATOR(pg_catalog.->>) 'privileged_group_score', s.privileged_group_score),
           (5, 'TrustScore', a.report_summary OPERATOR(pg_catalog.->>) 'trust_score', s.trust_score),
           (6, 'AnomalyScore', a.report_summary OPERATOR(pg_catalog.->>) 'anomaly_score', s.anomaly_score))
           AS v(ord, measure, stated_text, computed)
     CROSS JOIN LATERAL (SELECT v.ord, v.measure, v.stated_text::integer AS stated, v.computed) m
     WHERE m.stated OPERATOR(pg_catalog.<>) m.computed;
COMMENT ON VIEW care.pingcastle_disagreement IS 'Each level or score a PingCastle report states that its own rules do not give (recomputed in care.pingcastle_score); a measure the report does not state is not compared';
COMMENT ON COLUMN care.pingcastle_disagreement.audit_id IS 'The PingCastle audit';
COMMENT ON COLUMN care.pingcastle_disagreement.establishment_id IS 'Its establishment';
COMMENT ON COLUMN care.pingcastle_disagreement.ad_domain_id IS 'The audited AD domain';
COMMENT ON COLUMN care.pingcastle_disagreement.measure IS 'The measure, named as in the report: MaturityLevel, GlobalScore, StaleObjectsScore, PrivilegiedGroupScore, TrustScore, AnomalyScore';
COMMENT ON COLUMN care.pingcastle_disagreement.stated IS 'Value the report states';
COMMENT ON COLUMN care.pingcastle_disagreement.computed IS 'Value its rules give';

CREATE FUNCTION care.import_pingcastle(establishment_id bigint, report xml, performed_on date DEFAULT NULL,
                                       provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    digest bytea;
    existing bigint;
    h record;
    domain_fqdn text;
    domain_id bigint;
    parsed care.report_finding[];
    summary jsonb;
    new_audit bigint;
    problem text;
BEGIN
    IF report IS NULL THEN
        RAISE EXCEPTION 'PingCastle report must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    digest := care.report_sha256(report::text);
    existing := care.import_existing(establishment_id, 'pingcastle', digest);
    IF existing IS NOT NULL THEN
        RETURN existing;
    END IF;
    PERFORM care.report_check_xml(report, 'pingcastle');

    SELECT * INTO h FROM care.pingcastle_header(report);
    domain_fqdn := pg_catalog.rtrim(pg_catalog.lower(h.domain_fqdn), '.');
    problem := CASE
        WHEN domain_fqdn IS NULL THEN 'It has no DomainFQDN.'
        WHEN domain_fqdn OPERATOR(pg_catalog.!~) '^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$'
             OR pg_catalog.length(domain_fqdn) OPERATOR(pg_catalog.>) 253
        THEN pg_catalog.format('DomainFQDN "%s" is not a DNS domain name.', h.domain_fqdn)
        WHEN h.maturity_level OPERATOR(pg_catalog.!~) '^[1-5]$'
        THEN pg_catalog.format('MaturityLevel is "%s"; PingCastle levels are 1 to 5.', h.maturity_level)
        WHEN h.global_score OPERATOR(pg_catalog.!~) '^[0-9]{1,6}$'
          OR h.stale_objects_score OPERATOR(pg_catalog.!~) '^[0-9]{1,6}$'
          OR h.privileged_group_score OPERATOR(pg_catalog.!~) '^[0-9]{1,6}$'
          OR h.trust_score OPERATOR(pg_catalog.!~) '^[0-9]{1,6}$'
          OR h.anomaly_score OPERATOR(pg_catalog.!~) '^[0-9]{1,6}$'
        THEN 'A score (GlobalScore, StaleObjectsScore, PrivilegiedGroupScore, TrustScore, AnomalyScore) is not a whole number.'
    END;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'malformed PingCastle report'
            USING ERRCODE = 'invalid_xml_content', DETAIL = problem;
    END IF;
    performed_on := care.import_performed_on('pingcastle',
                        care.report_date(h.generation_date, 'pingcastle', 'GenerationDate'),
                        performed_on);
    parsed := ARRAY(SELECT f FROM care.pingcastle_findings(report) f);

    INSERT INTO care.ad_domain AS d (establishment_id, fqdn)
    VALUES (import_pingcastle.establishment_id, domain_fqdn)
    ON CONFLICT ON CONSTRAINT ad_domain_establishment_fqdn_key DO NOTHING;
    SELECT d.id INTO domain_id FROM care.ad_domain d
     WHERE d.establishment_id OPERATOR(pg_catalog.=) import_pingcastle.establishment_id
       AND d.fqdn OPERATOR(pg_catalog.=) domain_fqdn;

    summary := pg_catalog.jsonb_build_object(
        'domain_fqdn', domain_fqdn, 'forest_fqdn', pg_catalog.lower(h.forest_fqdn),
        'netbios_name', h.netbios_name, 'domain_sid', h.domain_sid,
        'generation_date', h.generation_date,
        'maturity_level', h.maturity_level::integer, 'global_score', h.global_score::integer,
        'stale_objects_score', h.stale_objects_score::integer,
        'privileged_group_score', h.privileged_group_score::integer,
        'trust_score', h.trust_score::integer, 'anomaly_score', h.anomaly_score::integer,
        'rule_version', (SELECT pg_catalog.max(f.details OPERATOR(pg_catalog.->>) 'rule_version')
                           FROM pg_catalog.unnest(parsed) f));
    new_audit := care.record_import(establishment_id, 'ad', 'pingcastle', digest, performed_on, provider,
                                    h.engine_version, summary, domain_id, h.maturity_level::smallint, parsed);

    SELECT pg_catalog.string_agg(f.checkpoint, ', ' ORDER BY f.checkpoint) INTO problem
      FROM pg_catalog.unnest(parsed) f
     WHERE (f.details OPERATOR(pg_catalog.->>) 'rule_version') IS NULL;
    IF problem IS NOT NULL THEN
        RAISE NOTICE 'PingCastle rules unknown to care: %', problem
            USING DETAIL = 'Their findings have no checkpoint_level and severity medium.',
                  HINT = pg_catalog.format('Add the rules of PingCastle %s to care.pingcastle_rule.',
                                           COALESCE(h.engine_version, '(version unknown)'));
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s in the report, %s from its rules',
                                                   d.measure, d.stated, d.computed), '; '
                                 ORDER BY pg_catalog.array_position(
                                     ARRAY['MaturityLevel', 'GlobalScore', 'StaleObjectsScore',
                                           'PrivilegiedGroupScore', 'TrustScore', 'AnomalyScore'], d.measure))
      INTO problem
      FROM care.pingcastle_disagreement d
     WHERE d.audit_id OPERATOR(pg_catalog.=) new_audit
       AND d.establishment_id OPERATOR(pg_catalog.=) import_pingcastle.establishment_id;
    IF problem IS NOT NULL THEN
        RAISE WARNING 'PingCastle report of % disagrees with its own rules', domain_fqdn
            USING DETAIL = problem OPERATOR(pg_catalog.||) '.',
                  HINT = pg_catalog.format('Audit %s keeps the level the report states as ad_level; care.pingcastle_disagreement lists the differences.', new_audit);
    END IF;
    RETURN new_audit;
END
$$;
COMMENT ON FUNCTION care.import_pingcastle(bigint, xml, date, text) IS
    'Imports a PingCastle healthcheck report: one AD audit of its domain (created when new) with ad_level = MaturityLevel, one finding per rule; warns when the report disagrees with its rules; returns the audit id';

CREATE FUNCTION care.import_pingcastle(establishment_id bigint, report text, performed_on date DEFAULT NULL,
                                    provider text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
    AS $$
    -- a report imported before is recognised before it is parsed
    SELECT COALESCE(care.import_existing(establishment_id, 'pingcastle', care.report_sha256(report)),
                    care.import_pingcastle(establishment_id, care.report_xml(report, 'pingcastle'), performed_on, provider))
$$;
COMMENT ON FUNCTION care.import_pingcastle(bigint, text, date, text) IS
    'Imports a PingCastle report given as text (a psql variable, a literal): a malformed file raises care''s error naming the format; see the xml variant';
