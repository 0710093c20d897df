-- The CaRE D1 eligibility logic written by hand, as an expert would write
-- it for this data model: the yardstick the compiled ruleset is measured
-- against, and an independent implementation its verdicts must agree with.
--
-- Same meaning as extension/rulesets/care_d1.care with its defaults:
-- a finding counts unless dismissed (false positive, accepted risk) by
-- as_of; it blocks when critical by severity or scoring 9.0 or more;
-- D1.O2.B needs an exposure audit, a clean pair 45..60 days apart and a
-- clean latest audit; the AD objective needs a domain, an audit of every
-- domain, and level >= 2 on the latest audit of every domain (the tool's
-- level, else the lowest level of its counting checkpoints, else 5).
CREATE SCHEMA IF NOT EXISTS bench;

-- Every establishment's verdicts, in one set-based query.
CREATE FUNCTION bench.d1_by_hand(as_of date)
    RETURNS TABLE (establishment_id bigint, eligible boolean, exposure boolean, ad boolean)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    SET jit = off                   -- as care.evaluate(): same settings on both sides
    AS $$
WITH exposure AS (
    SELECT a.establishment_id, a.id, a.performed_on,
           NOT EXISTS (SELECT 1 FROM care.finding f
                        WHERE f.audit_id = a.id AND f.establishment_id = a.establishment_id
                          AND (f.status NOT IN ('false_positive', 'accepted_risk')
                               OR coalesce(f.resolved_on > as_of, false))
                          AND (f.severity >= 'critical' OR coalesce(f.cvss_score, 0) >= 9.0)) AS clean
      FROM care.audit a
     WHERE a.kind = 'exposure' AND a.performed_on <= as_of),
clean_pair AS (
    SELECT DISTINCT a.establishment_id
      FROM exposure a JOIN exposure b ON b.establishment_id = a.establishment_id
     WHERE a.clean AND b.clean
       AND b.performed_on - a.performed_on BETWEEN 45 AND 60),
latest_exposure AS (
    SELECT DISTINCT ON (x.establishment_id) x.establishment_id, x.clean
      FROM exposure x
     ORDER BY x.establishment_id, x.performed_on DESC, x.id DESC),
latest_ad AS (
    SELECT DISTINCT ON (a.ad_domain_id) a.ad_domain_id, a.id, a.establishment_id, a.ad_level
      FROM care.audit a
     WHERE a.kind = 'ad' AND a.performed_on <= as_of
     ORDER BY a.ad_domain_id, a.performed_on DESC, a.id DESC),
ad_level AS (
    SELECT l.ad_domain_id,
           coalesce(l.ad_level,
                    (SELECT min(f.checkpoint_level) FROM care.finding f
                      WHERE f.audit_id = l.id AND f.establishment_id = l.establishment_id
                        AND (f.status NOT IN ('false_positive', 'accepted_risk')
                             OR coalesce(f.resolved_on > as_of, false))),
                    5) AS level
      FROM latest_ad l),
ad AS (
    SELECT d.establishment_id,
           bool_and(l.ad_domain_id IS NOT NULL) AS all_audited,
           CASE WHEN bool_or(l.level < 2) THEN false
                WHEN bool_or(l.level IS NULL) THEN NULL
                ELSE true END AS levels_reached
      FROM care.ad_domain d LEFT JOIN ad_level l ON l.ad_domain_id = d.id
     GROUP BY d.establishment_id),
verdict AS (
    SELECT e.id,
           (x.establishment_id IS NOT NULL AND p.establishment_id IS NOT NULL AND x.clean) AS exposure,
           (ad.establishment_id IS NOT NULL AND coalesce(ad.all_audited, true)
            AND coalesce(ad.levels_reached, CASE WHEN ad.establishment_id IS NULL THEN true END)) AS ad
      FROM care.establishment e
      LEFT JOIN latest_exposure x ON x.establishment_id = e.id
      LEFT JOIN clean_pair p ON p.establishment_id = e.id
      LEFT JOIN ad ON ad.establishment_id = e.id)
SELECT v.id, coalesce(v.exposure AND v.ad, false), v.exposure, v.ad FROM verdict v
$$;

-- One establishment's eligibility, as a per-id SQL function.
CREATE FUNCTION bench.d1_eligible_by_hand(establishment bigint, as_of date)
    RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$
WITH exposure AS (
    SELECT a.id, a.performed_on,
           NOT EXISTS (SELECT 1 FROM care.finding f
                        WHERE f.audit_id = a.id AND f.establishment_id = establishment
                          AND (f.status NOT IN ('false_positive', 'accepted_risk')
                               OR coalesce(f.resolved_on > as_of, false))
                          AND (f.severity >= 'critical' OR coalesce(f.cvss_score, 0) >= 9.0)) AS clean
      FROM care.audit a
     WHERE a.establishment_id = establishment AND a.kind = 'exposure' AND a.performed_on <= as_of),
domain_level AS (
    SELECT d.id,
           (SELECT coalesce(l.ad_level,
                            (SELECT min(f.checkpoint_level) FROM care.finding f
                              WHERE f.audit_id = l.id AND f.establishment_id = establishment
                                AND (f.status NOT IN ('false_positive', 'accepted_risk')
                                     OR coalesce(f.resolved_on > as_of, false))),
                            5)
              FROM care.audit l
             WHERE l.establishment_id = establishment AND l.ad_domain_id = d.id
               AND l.kind = 'ad' AND l.performed_on <= as_of
             ORDER BY l.performed_on DESC, l.id DESC LIMIT 1) AS level
      FROM care.ad_domain d
     WHERE d.establishment_id = establishment)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM care.establishment e WHERE e.id = establishment) THEN NULL
       ELSE coalesce(
            EXISTS (SELECT 1 FROM exposure)
            AND EXISTS (SELECT 1 FROM exposure a, exposure b
                         WHERE a.clean AND b.clean AND b.performed_on - a.performed_on BETWEEN 45 AND 60)
            AND (SELECT x.clean FROM exposure x ORDER BY x.performed_on DESC, x.id DESC LIMIT 1)
            AND EXISTS (SELECT 1 FROM domain_level)
            AND NOT EXISTS (SELECT 1 FROM domain_level WHERE level IS NULL AND NOT EXISTS (
                    SELECT 1 FROM care.audit l WHERE l.establishment_id = establishment
                       AND l.ad_domain_id = domain_level.id AND l.kind = 'ad' AND l.performed_on <= as_of))
            AND CASE WHEN EXISTS (SELECT 1 FROM domain_level WHERE level < 2) THEN false
                     WHEN EXISTS (SELECT 1 FROM domain_level WHERE level IS NULL) THEN NULL
                     ELSE true END,
            false) END
$$;
