-- The CaRE D1 ruleset on the edges the domain cares about, evaluated on
-- the declaration deadline (2025-06-30) unless said otherwise.  Each
-- establishment is one case; care_explain() shows why, and witnesses are
-- shown as the evidence they name.
SET search_path = care, public;
SET care.campaign = 'D1';

-- An establishment named after its case.
CREATE FUNCTION pg_temp.etab(finess text, name text) RETURNS bigint
    LANGUAGE sql AS $$
    INSERT INTO care.establishment (finess, name, kind, region)
    VALUES (finess, name, 'public', '11') RETURNING id
$$;
-- An exposure audit with one low finding, plus a finding of the given
-- severity, score and status when asked.
CREATE FUNCTION pg_temp.exposure(etab bigint, performed date, severity care.severity DEFAULT NULL,
                                 score numeric DEFAULT NULL, status care.finding_status DEFAULT 'open',
                                 resolved date DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE audit_id bigint;
BEGIN
    INSERT INTO care.audit (establishment_id, kind, performed_on, source)
    VALUES (etab, 'exposure', performed, 'industrial') RETURNING id INTO audit_id;
    INSERT INTO care.finding (audit_id, establishment_id, severity, title)
    VALUES (audit_id, etab, 'low', 'TLS 1.0 enabled');
    IF severity IS NOT NULL THEN
        INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, title, status,
                                  detected_on, resolved_on)
        VALUES (audit_id, etab, severity, score, severity || ' finding of ' || performed, status,
                performed, resolved);
    END IF;
    RETURN audit_id;
END
$$;
-- An AD audit of a domain (created when new), with the tool's level.
CREATE FUNCTION pg_temp.ad(etab bigint, fqdn text, performed date, level integer) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE domain_id bigint; audit_id bigint;
BEGIN
    SELECT d.id INTO domain_id FROM care.ad_domain d WHERE d.establishment_id = etab AND d.fqdn = ad.fqdn;
    IF domain_id IS NULL THEN
        INSERT INTO care.ad_domain (establishment_id, fqdn) VALUES (etab, fqdn) RETURNING id INTO domain_id;
    END IF;
    INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
    VALUES (etab, 'ad', performed, 'pingcastle', domain_id, level) RETURNING id INTO audit_id;
    RETURN audit_id;
END
$$;
-- Clean exposure audits 50 days apart and one AD domain at level 3: the
-- part of the dossier a case does not test.
CREATE FUNCTION pg_temp.good_exposure(etab bigint) RETURNS void
    LANGUAGE sql AS $$
    SELECT pg_temp.exposure(etab, '2025-04-01'); SELECT pg_temp.exposure(etab, '2025-05-21');
$$;
CREATE FUNCTION pg_temp.good_ad(etab bigint) RETURNS void
    LANGUAGE sql AS $$
    SELECT pg_temp.ad(etab, 'ad.local', '2025-05-01', 3);
$$;
-- The explanation of a case, witnesses shown as the evidence they name.
CREATE FUNCTION pg_temp.why(name text, as_of date DEFAULT '2025-06-30')
    RETURNS TABLE (objective text, req integer, verdict text, message text, witnesses text[])
    LANGUAGE sql AS $$
    SELECT x.objective, x.requirement, x.verdict, x.message,
           (SELECT array_agg(v.source || ': ' || v.label ORDER BY v.source, v.label)
              FROM care.evidence v WHERE v.id = ANY (x.witnesses))
      FROM care.establishment e, care.care_explain(e.id, as_of => why.as_of) x
     WHERE e.name = why.name
$$;

SELECT coalesce(max(id), 0) AS before_cases FROM care.establishment \gset
-- (the cases are built by functions returning ids: their output is not the point)
\o /dev/null
-- no audit at all
SELECT pg_temp.etab('190000075', 'no audit at all');
-- no exposure audit
SELECT pg_temp.good_ad(pg_temp.etab('190000091', 'no exposure audit'));
-- one exposure audit
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-05-01') FROM (SELECT pg_temp.etab('210010070', 'one exposure audit') AS id) e;
-- two clean audits 44, 45, 60 and 61 days apart
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'), pg_temp.exposure(id, '2025-04-01'::date + gap)
  FROM (VALUES ('210780706', 44), ('210987665', 45), ('210987699', 60), ('230000820', 61)) AS c(finess, gap),
       LATERAL (SELECT pg_temp.etab(c.finess, 'clean audits ' || c.gap || ' days apart') AS id) e;
-- a critical finding dismissed as a false positive, or kept as an accepted risk
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'),
       pg_temp.exposure(id, '2025-05-21', 'critical', 9.8, c.status, '2025-05-25')
  FROM (VALUES ('230004657', 'false_positive'::care.finding_status), ('230780041', 'accepted_risk')) AS c(finess, status),
       LATERAL (SELECT pg_temp.etab(c.finess, 'critical finding ' || c.status) AS id) e;
-- a high-severity finding scored 9.0: critical by score
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'), pg_temp.exposure(id, '2025-05-21', 'high', 9.0)
  FROM (SELECT pg_temp.etab('230780058', 'high finding scored 9.0') AS id) e;
-- ... and one scored 8.9 is not
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'), pg_temp.exposure(id, '2025-05-21', 'high', 8.9)
  FROM (SELECT pg_temp.etab('320000086', 'high finding scored 8.9') AS id) e;
-- a high finding known to be exploited (KEV): blocking only when kev_blocks says so
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'), pg_temp.exposure(id, '2025-05-21')
  FROM (SELECT pg_temp.etab('310000310', 'high finding known exploited') AS id) e;
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, cve, title, known_exploited)
SELECT a.id, a.establishment_id, 'high', 7.5, 'CVE-2023-4966', 'Citrix Bleed', true
  FROM care.audit a JOIN care.establishment e ON e.id = a.establishment_id
 WHERE e.name = 'high finding known exploited' AND a.performed_on = '2025-05-21';
-- the latest audit is dirty although an earlier pair is clean
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-03-01'), pg_temp.exposure(id, '2025-04-20'),
       pg_temp.exposure(id, '2025-06-10', 'critical', 9.8)
  FROM (SELECT pg_temp.etab('240000372', 'latest audit dirty') AS id) e;
-- a critical finding fixed the day after the deadline still counts on the deadline;
-- a false positive declared the day after the deadline too
SELECT pg_temp.good_ad(id), pg_temp.exposure(id, '2025-04-01'),
       pg_temp.exposure(id, '2025-05-21', 'critical', 9.8, c.status, '2025-07-01')
  FROM (VALUES ('240000448', 'fixed'::care.finding_status), ('240000687', 'false_positive')) AS c(finess, status),
       LATERAL (SELECT pg_temp.etab(c.finess, 'critical ' || c.status || ' the day after') AS id) e;
-- no AD domain
SELECT pg_temp.good_exposure(pg_temp.etab('250000452', 'no AD domain'));
-- two AD domains, one at level 1
SELECT pg_temp.good_exposure(id), pg_temp.ad(id, 'a.local', '2025-05-01', 3), pg_temp.ad(id, 'b.local', '2025-05-02', 1)
  FROM (SELECT pg_temp.etab('250000700', 'two AD domains, one at level 1') AS id) e;
-- AD level exactly 2
SELECT pg_temp.good_exposure(id), pg_temp.ad(id, 'ad.local', '2025-05-01', 2)
  FROM (SELECT pg_temp.etab('260000104', 'AD level exactly 2') AS id) e;
-- AD level derived from the failing checkpoints when the tool gave none
-- (a level-1 checkpoint kept as an accepted risk does not count)
SELECT pg_temp.good_exposure(id), pg_temp.ad(id, 'ad.local', '2025-05-01', NULL)
  FROM (VALUES ('260000286', 2), ('280000662', 1)) AS c(finess, level),
       LATERAL (SELECT pg_temp.etab(c.finess, 'AD level from checkpoints, lowest ' || c.level) AS id) e;
INSERT INTO care.finding (audit_id, establishment_id, severity, checkpoint, checkpoint_level, title, status, resolved_on)
SELECT a.id, a.establishment_id, v.severity, v.checkpoint,
       CASE WHEN v.level = 0 THEN right(e.name, 1)::integer ELSE v.level END, v.title, v.status, v.resolved
  FROM care.audit a
  JOIN care.establishment e ON e.id = a.establishment_id
 CROSS JOIN (VALUES ('medium'::care.severity, 'P-Delegated', 3, 'checkpoint at level 3', 'open'::care.finding_status, NULL::date),
                    ('high', 'vuln2_krbtgt', 0, 'the lowest counting checkpoint', 'open', NULL),
                    ('critical', 'vuln1_dcsync', 1, 'level 1, accepted risk', 'accepted_risk', '2025-05-02'))
       AS v(severity, checkpoint, level, title, status, resolved)
 WHERE e.name LIKE 'AD level from checkpoints%' AND a.kind = 'ad';
-- an AD audit after as_of is ignored
SELECT pg_temp.good_exposure(id), pg_temp.ad(id, 'ad.local', '2025-07-15', 4)
  FROM (SELECT pg_temp.etab('280500075', 'AD audit after as_of only') AS id) e;
-- as_of in the past gives the verdict of that day: eligible on 2025-05-01,
-- not on the deadline (a critical finding on 2025-06-01)
SELECT pg_temp.exposure(id, '2025-02-01'), pg_temp.exposure(id, '2025-03-20'),
       pg_temp.exposure(id, '2025-06-01', 'critical', 9.8), pg_temp.ad(id, 'ad.local', '2025-01-15', 2)
  FROM (SELECT pg_temp.etab('290000017', 'eligible in May, not in June') AS id) e;
-- everything right
SELECT pg_temp.good_exposure(id), pg_temp.good_ad(id)
  FROM (SELECT pg_temp.etab('290000256', 'eligible') AS id) e;

\o
-- the verdicts, case by case
SELECT e.name, care_eligible(e.id, as_of => '2025-06-30') AS eligible, v.verdict, v.objectives
  FROM care.establishment e
  JOIN care.evaluate(as_of => '2025-06-30') v ON v.establishment_id = e.id
 WHERE e.id > :before_cases
 ORDER BY e.id;

-- why, case by case
SELECT * FROM pg_temp.why('no audit at all');
SELECT * FROM pg_temp.why('no exposure audit');
SELECT * FROM pg_temp.why('one exposure audit');
SELECT * FROM pg_temp.why('clean audits 44 days apart');
SELECT * FROM pg_temp.why('clean audits 45 days apart');
SELECT * FROM pg_temp.why('clean audits 60 days apart');
SELECT * FROM pg_temp.why('clean audits 61 days apart');
SELECT * FROM pg_temp.why('critical finding false_positive');
SELECT * FROM pg_temp.why('critical finding accepted_risk');
SELECT * FROM pg_temp.why('high finding scored 9.0');
SELECT * FROM pg_temp.why('high finding scored 8.9');
SELECT * FROM pg_temp.why('latest audit dirty');
SELECT * FROM pg_temp.why('critical fixed the day after');
SELECT * FROM pg_temp.why('critical false_positive the day after');
SELECT * FROM pg_temp.why('critical false_positive the day after', '2025-07-01');
SELECT * FROM pg_temp.why('no AD domain');
SELECT * FROM pg_temp.why('two AD domains, one at level 1');
SELECT * FROM pg_temp.why('AD level exactly 2');
SELECT * FROM pg_temp.why('AD level from checkpoints, lowest 2');
SELECT * FROM pg_temp.why('AD level from checkpoints, lowest 1');
SELECT * FROM pg_temp.why('AD audit after as_of only');
SELECT * FROM pg_temp.why('eligible in May, not in June', '2025-05-01');
SELECT * FROM pg_temp.why('eligible in May, not in June');
SELECT * FROM pg_temp.why('eligible');

-- parameters override the defaults for one call
SELECT e.name, care_eligible(e.id, as_of => '2025-06-30') AS by_default,
       care_eligible(e.id, as_of => '2025-06-30', params => '{"kev_blocks": true}') AS kev_blocks
  FROM care.establishment e WHERE e.name = 'high finding known exploited';
SELECT objective, req, verdict, message, witnesses
  FROM pg_temp.why('high finding known exploited') WHERE objective = 'D1.O2.B';
SELECT e.name, care_eligible(e.id, as_of => '2025-06-30', params => '{"min_gap": "30 days", "max_gap": "45 days"}')
  FROM care.establishment e WHERE e.name LIKE 'clean audits%' ORDER BY e.id;
SELECT e.name, care_eligible(e.id, as_of => '2025-06-30', params => '{"ad_target": 3}')
  FROM care.establishment e WHERE e.name IN ('eligible', 'AD level exactly 2') ORDER BY e.id;
