-- care.evaluate() (one set-based query) agrees with care_eligible() (one
-- establishment at a time) on varied generated data, at several dates and
-- with overridden parameters; and both agree with the D1 logic written by
-- hand (tests/bench/d1_by_hand.sql), an implementation independent of the
-- rules compiler.
SET search_path = care, public;
SET client_min_messages = warning;
\set ECHO none
\o /dev/null
\set establishments 400
\i tests/bench/generate.sql
\i tests/bench/d1_by_hand.sql
\o
\set ECHO all
RESET client_min_messages;

CREATE TEMP TABLE evaluation AS
SELECT d.as_of, v.establishment_id, v.eligible, v.verdict, v.objectives,
       care_eligible(v.establishment_id, 'D1', d.as_of) AS eligible_one_by_one
  FROM (VALUES (date '2024-12-01'), (date '2025-03-01'), (date '2025-06-30')) AS d(as_of),
       LATERAL care.evaluate('D1', d.as_of) v;

-- every establishment is evaluated, once per date
SELECT as_of, count(*) = (SELECT count(*) FROM care.establishment) AS all_establishments,
       count(DISTINCT establishment_id) = count(*) AS once_each
  FROM evaluation GROUP BY as_of ORDER BY as_of;
-- the set-based and one-by-one verdicts agree
SELECT count(*) AS disagreements FROM evaluation WHERE eligible IS DISTINCT FROM eligible_one_by_one;
-- eligible exactly when the verdict is met; objectives as the verdict says
SELECT count(*) AS inconsistent FROM evaluation
 WHERE eligible <> (verdict = 'met')
    OR verdict <> CASE WHEN objectives->>'D1.O2.B' = 'failed' OR objectives->>'ad' = 'failed' THEN 'failed'
                       WHEN objectives->>'D1.O2.B' = 'unknown' OR objectives->>'ad' = 'unknown' THEN 'unknown'
                       ELSE 'met' END;
-- the data is varied: every kind of verdict occurs
SELECT count(DISTINCT eligible) = 2 AS both_outcomes,
       count(DISTINCT objectives->>'D1.O2.B') >= 2 AS exposure_varies,
       count(DISTINCT objectives->>'ad') >= 2 AS ad_varies
  FROM evaluation;
-- the hand-written logic agrees, objective by objective
SELECT e.as_of, count(*) FILTER (WHERE e.eligible IS DISTINCT FROM h.eligible) AS eligible_disagreements,
       count(*) FILTER (WHERE (e.objectives->>'D1.O2.B' = 'met') IS DISTINCT FROM coalesce(h.exposure, false))
           AS exposure_disagreements,
       count(*) FILTER (WHERE (e.objectives->>'ad' = 'met') IS DISTINCT FROM coalesce(h.ad, false))
           AS ad_disagreements
  FROM evaluation e
  JOIN (SELECT d.as_of, h.* FROM (SELECT DISTINCT as_of FROM evaluation) d,
                                 LATERAL bench.d1_by_hand(d.as_of) h) h
    ON h.as_of = e.as_of AND h.establishment_id = e.establishment_id
 GROUP BY e.as_of ORDER BY e.as_of;
-- overridden parameters: both forms still agree
SELECT count(*) AS disagreements_with_params
  FROM care.evaluate('D1', '2025-06-30', '{"min_gap": "20 days", "ad_target": 3}') v
 WHERE v.eligible IS DISTINCT FROM care_eligible(v.establishment_id, 'D1', '2025-06-30',
                                                 '{"min_gap": "20 days", "ad_target": 3}');
-- and the overrides change verdicts
SELECT (SELECT count(*) FILTER (WHERE eligible) FROM care.evaluate('D1', '2025-06-30', '{"ad_target": 5}'))
     < (SELECT count(*) FILTER (WHERE eligible) FROM care.evaluate('D1', '2025-06-30')) AS stricter_target_fewer_eligible;

-- the dashboard view is the same evaluation, today
SELECT count(*) = (SELECT count(*) FROM care.establishment) AS verdict_view_complete
  FROM care.verdict WHERE campaign = 'D1';
DROP SCHEMA bench CASCADE;
