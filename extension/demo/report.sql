-- What the demo shows: the close-of-call figures recomputed from the
-- evidence, then the verdicts of the D1 ruleset on the declaration
-- deadline, and why one declared dossier fails.
\pset footer off
SET search_path = care, public;

\echo
\echo '== The call: dossiers by kind of establishment (care.candidacy_funnel)'
SELECT coalesce(kind::text, 'all') AS kind, submitted, validated, declared,
       round(100 * declared_share_of_validated) || ' %' AS "declared / validated",
       round(committed_amount / 1e6, 1) || ' M€' AS committed, instructed
  FROM care.candidacy_funnel WHERE campaign = 'D1'
 ORDER BY kind NULLS LAST;
SELECT round(envelope / 1e6) || ' M€' AS envelope,
       round((SELECT committed_amount FROM care.candidacy_funnel
               WHERE campaign = 'D1' AND kind IS NULL) / 1e6, 1) || ' M€' AS committed
  FROM care.campaign WHERE code = 'D1';

\echo
\echo '== Exposure audits with at least one critical vulnerability, by month (care.exposure_audit_monthly)'
SELECT to_char(month, 'YYYY-MM') AS month, audits, audits_with_critical,
       round(100.0 * audits_with_critical / audits, 2) || ' %' AS share
  FROM care.exposure_audit_monthly WHERE source = 'industrial' ORDER BY month;

\echo
\echo '== AD audits at level 2 or more, by quarter (care.ad_audit_monthly)'
SELECT to_char(month, 'YYYY-MM') AS month, audits, audits_at_level_2,
       round(100.0 * audits_at_level_2 / audits, 1) || ' %' AS share
  FROM care.ad_audit_monthly WHERE month >= '2024-10-01' ORDER BY month;

\echo
\echo '== The D1 ruleset (care_d1 version 1) on the declaration deadline, 2025-06-30'
\timing on
CREATE TEMP TABLE verdict AS SELECT * FROM care.evaluate('D1', '2025-06-30');
\timing off
SELECT e.kind, count(*) FILTER (WHERE c.declared_on IS NOT NULL) AS declared,
       count(*) FILTER (WHERE c.declared_on IS NOT NULL AND v.eligible) AS "declared and met",
       count(*) FILTER (WHERE c.declared_on IS NOT NULL AND NOT v.eligible) AS "declared, not met",
       count(*) FILTER (WHERE c.declared_on IS NULL AND v.eligible) AS "met, not declared"
  FROM verdict v
  JOIN care.establishment e ON e.id = v.establishment_id
  JOIN care.candidacy c ON c.establishment_id = e.id AND c.campaign = 'D1'
 GROUP BY ROLLUP (e.kind) ORDER BY e.kind NULLS LAST;
SELECT v.objectives->>'D1.O2.B' AS "D1.O2.B (exposure)", v.objectives->>'ad' AS "AD level",
       count(*) AS establishments
  FROM verdict v GROUP BY 1, 2 ORDER BY 3 DESC;

\echo
\echo '== Why is this declared dossier not eligible? (care_explain)'
SELECT e.id AS establishment_id, e.finess, e.name
  FROM verdict v
  JOIN care.establishment e ON e.id = v.establishment_id
  JOIN care.candidacy c ON c.establishment_id = e.id AND c.campaign = 'D1'
 WHERE c.declared_on IS NOT NULL AND NOT v.eligible
 ORDER BY e.id LIMIT 1 \gset
\echo :name (FINESS :finess)
SELECT coalesce(x.objective, '(overall)') AS objective, x.requirement AS req, x.verdict,
       coalesce(x.message, '') AS message,
       (SELECT string_agg(w.source || ' ' || w.id, ', ' ORDER BY w.id) FROM care.evidence w
         WHERE w.id = ANY (x.witnesses[1:4])) AS witnesses
  FROM care_explain(:establishment_id, 'D1', '2025-06-30') x;
\echo 'The evidence behind the failed requirements (care.evidence):'
SELECT x.objective, x.requirement AS req, w.source, w.id, w.label
  FROM care_explain(:establishment_id, 'D1', '2025-06-30') x, care.evidence w
 WHERE x.verdict = 'failed' AND w.id = ANY (x.witnesses)
 ORDER BY x.objective, x.requirement, w.id LIMIT 10;
