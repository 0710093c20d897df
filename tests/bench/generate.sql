-- Generate a national-scale data set for benchmarks: :establishments
-- establishments (default 10,000) with exposure audits, AD domains, AD
-- audits and about 110 findings each (≈1.1M findings for 10,000).
-- Deterministic for a given seed.  Run with psql -v establishments=N.
\if :{?establishments}
\else
\set establishments 10000
\endif

SET client_min_messages = warning;
SELECT setseed(0.1789);

-- A valid FINESS number for n: a département (01..95 but 20), six digits,
-- and the Luhn check digit.
CREATE FUNCTION pg_temp.bench_finess(n integer) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT s8 || care.finess_check_digit(s8)
      FROM (SELECT lpad((1 + n % 94 + CASE WHEN 1 + n % 94 >= 20 THEN 1 ELSE 0 END)::text, 2, '0')
                   || (900000 + n / 94)::text AS s8) AS s
$$;

INSERT INTO care.establishment (finess, name, kind, region)
SELECT pg_temp.bench_finess(n), 'Établissement ' || n,
       (CASE WHEN r < 0.11 THEN 'ght' WHEN r < 0.125 THEN 'public'
             WHEN r < 0.37 THEN 'private_nonprofit' ELSE 'private_forprofit' END)::care.establishment_kind,
       (SELECT code FROM care.region ORDER BY code OFFSET (n * 7) % 18 LIMIT 1)
  FROM (SELECT n, random() AS r FROM generate_series(1, :establishments) AS n) AS g;

-- Exposure audits: 2 to 7 per establishment, from October 2024, 20 to 70
-- days apart (so some pairs fall inside 45..60 days and some do not).
CREATE TEMP TABLE bench_exposure AS
SELECT e.id AS establishment_id, k,
       (date '2024-10-01' + (e.id % 30)::integer
        + (SELECT sum(20 + (abs(hashint4(e.id::integer * 31 + j)) % 51))::integer
             FROM generate_series(1, k) AS j)) AS performed_on
  FROM care.establishment e
 CROSS JOIN LATERAL generate_series(1, 2 + abs(hashint4(e.id::integer)) % 6) AS k;

INSERT INTO care.audit (establishment_id, kind, performed_on, source, provider)
SELECT establishment_id, 'exposure', performed_on,
       CASE WHEN k % 3 = 0 THEN 'silene' ELSE 'industrial' END, 'bench'
  FROM bench_exposure ORDER BY establishment_id, performed_on;

-- Findings of exposure audits: 5 to 30 each.  The share of audits with a
-- critical finding falls from 40 % in October 2024 to under 1 % in June
-- 2025, as the CaRE figures did; a few high findings score 9.0 or more.
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, cve, asset, title, status,
                          detected_on, resolved_on)
SELECT a.id, a.establishment_id,
       s.severity, s.score,
       CASE WHEN s.severity >= 'high' THEN 'CVE-2024-' || (10000 + j) END,
       'host' || j || '.example.org:443', 'finding ' || j, s.status, a.performed_on,
       CASE WHEN s.status <> 'open' THEN a.performed_on + 10 END
  FROM care.audit a
 CROSS JOIN LATERAL generate_series(1, 5 + abs(hashint4(a.id::integer)) % 26) AS j
 CROSS JOIN LATERAL (
       SELECT CASE WHEN j = 1 AND random() < greatest(0.4 - (a.performed_on - date '2024-10-01') * 0.0015, 0.007)
                   THEN 'critical'::care.severity
                   ELSE (ARRAY['none', 'low', 'medium', 'high']::care.severity[])[1 + (abs(hashint4(a.id::integer * 97 + j)) % 4)]
              END AS severity,
              random() AS r) AS pick
 CROSS JOIN LATERAL (
       SELECT pick.severity,
              CASE pick.severity WHEN 'critical' THEN 9.8 WHEN 'high' THEN CASE WHEN pick.r < 0.02 THEN 9.0 ELSE 7.5 END
                                 WHEN 'medium' THEN 5.3 WHEN 'low' THEN 2.1 ELSE 0.0 END::numeric(3,1) AS score,
              (CASE WHEN pick.r < 0.90 THEN 'open' WHEN pick.r < 0.95 THEN 'fixed'
                    WHEN pick.r < 0.98 THEN 'false_positive' ELSE 'accepted_risk' END)::care.finding_status AS status) AS s
 WHERE a.kind = 'exposure';

-- AD domains: none for 5 % of establishments, two for 25 %.
INSERT INTO care.ad_domain (establishment_id, fqdn)
SELECT e.id, 'ad' || d || '.etab' || e.id || '.local'
  FROM care.establishment e
 CROSS JOIN LATERAL generate_series(1, CASE WHEN abs(hashint4(e.id::integer * 13)) % 100 < 5 THEN 0
                                            WHEN abs(hashint4(e.id::integer * 13)) % 100 < 30 THEN 2
                                            ELSE 1 END) AS d;

-- AD audits: 1 to 3 per domain; the tool's level, or none (20 %) so that
-- the level comes from the failing checkpoints.
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
SELECT d.establishment_id, 'ad', date '2024-11-01' + (k * 60 + abs(hashint4(d.id::integer)) % 40),
       'pingcastle', d.id,
       CASE WHEN random() < 0.2 THEN NULL ELSE 1 + (abs(hashint4(d.id::integer * 7 + k)) % 4) END
  FROM care.ad_domain d
 CROSS JOIN LATERAL generate_series(1, 1 + abs(hashint4(d.id::integer * 3)) % 3) AS k;

INSERT INTO care.finding (audit_id, establishment_id, severity, checkpoint, checkpoint_level, title, status)
SELECT a.id, a.establishment_id,
       (ARRAY['critical', 'high', 'medium', 'low', 'low']::care.severity[])[lvl], 'vuln' || lvl || '_check' || j, lvl,
       'checkpoint ' || j, (CASE WHEN random() < 0.95 THEN 'open' ELSE 'accepted_risk' END)::care.finding_status
  FROM care.audit a
 CROSS JOIN LATERAL generate_series(1, 5 + abs(hashint4(a.id::integer)) % 16) AS j
 CROSS JOIN LATERAL (SELECT 2 + (abs(hashint4(a.id::integer * 11 + j)) % 4)
                            - CASE WHEN j = 1 AND random() < 0.3 THEN 1 ELSE 0 END AS lvl) AS l
 WHERE a.kind = 'ad';

ANALYZE care.establishment;
ANALYZE care.ad_domain;
ANALYZE care.audit;
ANALYZE care.finding;
SELECT (SELECT count(*) FROM care.establishment) AS establishments,
       (SELECT count(*) FROM care.audit) AS audits,
       (SELECT count(*) FROM care.finding) AS findings;
