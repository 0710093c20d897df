-- The first CaRE call (D1) at its real scale, as the close-of-call note
-- describes it: 1,207 candidacies (134 GHT, 18 public outside a GHT, 292
-- private non-profit, 763 private for-profit), 1,182 validated, about 90 %
-- of those declaring the objectives attained for about 58 M€, 16 dossiers
-- instructed; monthly exposure audits by industrial providers from October
-- 2024, the share finding a critical vulnerability falling from 40 % to
-- 0.69 %; quarterly AD audits with the level improving likewise.  The
-- evidence is synthetic; the figures are the note's.  Deterministic.
SET client_min_messages = warning;

-- A valid FINESS number for n (département, six digits, Luhn digit).
CREATE FUNCTION pg_temp.demo_finess(n integer) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT s8 || care.finess_check_digit(s8)
      FROM (SELECT lpad((1 + n % 94 + CASE WHEN 1 + n % 94 >= 20 THEN 1 ELSE 0 END)::text, 2, '0')
                   || (800000 + n / 94)::text AS s8) AS s
$$;
-- A stable pseudo-random number in [0, 1) for a key.
CREATE FUNCTION pg_temp.chance(key bigint, salt integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (abs(hashint8(key * 7919 + salt)) % 100000) / 100000.0
$$;

-- Who applied: kind, and how many of each kind were validated and declared.
CREATE TEMP TABLE demo_kind (kind care.establishment_kind, label text, candidates integer,
                             validated integer, declared integer, amount numeric);
INSERT INTO demo_kind VALUES
    ('ght', 'GHT', 134, 132, 123, 150000),
    ('public', 'Centre hospitalier', 18, 18, 17, 80000),
    ('private_nonprofit', 'Établissement privé non lucratif', 292, 284, 236, 45000),
    ('private_forprofit', 'Clinique', 763, 748, 673, 41000);

INSERT INTO care.establishment (finess, name, kind, region)
SELECT pg_temp.demo_finess(n), k.label || ' ' || rank, k.kind,
       (SELECT code FROM care.region ORDER BY code OFFSET (n * 7) % 18 LIMIT 1)
  FROM demo_kind k
 CROSS JOIN LATERAL generate_series(1, k.candidates) AS rank
 CROSS JOIN LATERAL (SELECT (SELECT coalesce(sum(candidates), 0) FROM demo_kind p
                              WHERE p.kind < k.kind)::integer + rank AS n) AS numbering;

-- Candidacies: the first ones of each kind validated, the first of those
-- declared; 25 rejected at validation; 16 instructed and granted.
CREATE TEMP TABLE demo_dossier AS
SELECT e.id, e.kind, k.amount,
       row_number() OVER (PARTITION BY e.kind ORDER BY e.id) AS rank, k.validated, k.declared
  FROM care.establishment e JOIN demo_kind k ON k.kind = e.kind;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on,
                            verified_on, instructed_on, rejected_on, rejection_reason,
                            requested_amount, granted_amount)
SELECT d.id, 'D1',
       date '2024-03-18' + (d.id % 32)::integer,
       CASE WHEN d.rank <= d.validated THEN date '2024-05-02' + (d.id % 28)::integer END,
       CASE WHEN d.rank <= d.declared THEN date '2025-05-02' + (d.id % 59)::integer END,
       CASE WHEN d.rank <= 4 THEN date '2025-07-03' END,
       CASE WHEN d.rank <= 4 THEN date '2025-07-10' END,
       CASE WHEN d.rank > d.validated THEN date '2024-06-14' END,
       CASE WHEN d.rank > d.validated THEN 'Dossier de candidature incomplet' END,
       round(d.amount * (0.9 + 0.2 * pg_temp.chance(d.id, 1)), -2),
       CASE WHEN d.rank <= 4 THEN round(d.amount * (0.9 + 0.2 * pg_temp.chance(d.id, 1)), -2) END
  FROM demo_dossier d;

-- Exposure audits: monthly from October 2024 to June 2025 for every
-- validated candidate (day of the month varying, so that audits two months
-- apart are 56 to 64 days apart); whether an audit finds a critical
-- vulnerability follows the month's share, lower for those who declared.
CREATE TEMP TABLE demo_month (m integer, first_day date, critical_share numeric);
INSERT INTO demo_month VALUES
    (0, '2024-10-01', 0.379), (1, '2024-11-01', 0.284), (2, '2024-12-01', 0.208),
    (3, '2025-01-01', 0.142), (4, '2025-02-01', 0.095), (5, '2025-03-01', 0.057),
    (6, '2025-04-01', 0.028), (7, '2025-05-01', 0.014), (8, '2025-06-01', 0.0065);
INSERT INTO care.audit (establishment_id, kind, performed_on, source, provider)
SELECT d.id, 'exposure', m.first_day + (3 + (d.id + m.m * 5) % 22)::integer, 'industrial',
       (ARRAY['Prestataire A', 'Prestataire B', 'Prestataire C'])[1 + d.id % 3]
  FROM demo_dossier d CROSS JOIN demo_month m
 WHERE d.rank <= d.validated
   AND (m.m >= 2 OR pg_temp.chance(d.id, 2) < 0.6);

INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, cve, asset, title, status, detected_on)
SELECT a.id, a.establishment_id, f.severity, f.score, f.cve,
       'srv' || j || '.etab' || a.establishment_id || '.fr:443', f.title, 'open', a.performed_on
  FROM care.audit a
  JOIN demo_month m ON m.first_day = date_trunc('month', a.performed_on)::date
  JOIN demo_dossier d ON d.id = a.establishment_id
 CROSS JOIN LATERAL generate_series(1, 3 + (a.id % 5)::integer) AS j
 CROSS JOIN LATERAL (
     SELECT CASE WHEN j = 1 AND pg_temp.chance(a.id, 3) < m.critical_share
                                   * CASE WHEN d.rank <= d.declared THEN 1 ELSE 1.5 END
                 THEN 'critical'::care.severity
                 ELSE (ARRAY['low', 'medium', 'high']::care.severity[])[1 + (a.id + j) % 3] END AS severity) AS s
 CROSS JOIN LATERAL (
     SELECT s.severity,
            CASE s.severity WHEN 'critical' THEN 9.8 WHEN 'high' THEN 7.5 WHEN 'medium' THEN 5.3 ELSE 3.1 END AS score,
            CASE WHEN s.severity >= 'high' THEN 'CVE-2024-' || (20000 + (a.id + j) % 5000) END AS cve,
            CASE s.severity WHEN 'critical' THEN 'Exécution de code à distance sur un équipement VPN'
                            WHEN 'high' THEN 'Version vulnérable d''un serveur web'
                            WHEN 'medium' THEN 'Certificat TLS expiré'
                            ELSE 'En-têtes de sécurité HTTP absents' END AS title) AS f;

-- Active Directory: one domain (two or three for a GHT), audited by
-- PingCastle each quarter; level 1 less and less frequent.
INSERT INTO care.ad_domain (establishment_id, fqdn)
SELECT d.id, 'ad' || n || '.etab' || d.id || '.local'
  FROM demo_dossier d
 CROSS JOIN LATERAL generate_series(1, CASE WHEN d.kind = 'ght' THEN 2 + (d.id % 2)::integer ELSE 1 END) AS n
 WHERE d.rank <= d.validated;
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
SELECT ad.establishment_id, 'ad', q.performed, 'pingcastle', ad.id,
       CASE WHEN pg_temp.chance(ad.id, 10 + q.k) < q.level1_share
                                                    * CASE WHEN d.rank <= d.declared THEN 1 ELSE 3 END THEN 1
            ELSE 2 + (ad.id + q.k) % 3 END
  FROM care.ad_domain ad
  JOIN demo_dossier d ON d.id = ad.establishment_id
 CROSS JOIN (VALUES (1, date '2024-11-12', 0.55), (2, date '2025-02-11', 0.25), (3, date '2025-05-13', 0.06))
       AS q(k, performed, level1_share);

SELECT (SELECT count(*) FROM care.establishment) AS establishments,
       (SELECT count(*) FROM care.candidacy) AS candidacies,
       (SELECT count(*) FROM care.audit WHERE kind = 'exposure') AS exposure_audits,
       (SELECT count(*) FROM care.audit WHERE kind = 'ad') AS ad_audits,
       (SELECT count(*) FROM care.finding) AS findings;
