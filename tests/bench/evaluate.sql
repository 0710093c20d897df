-- Time the compiled D1 ruleset against the same logic written by hand, in
-- the same run, interleaved, and report medians and ratios (not a test:
-- nothing here passes or fails on time).  Expects generate.sql and
-- d1_by_hand.sql to have run.
\set ON_ERROR_STOP on
SET search_path = care, public;
SET client_min_messages = notice;
\if :{?runs}
\else
\set runs 5
\endif
SELECT set_config('bench.runs', :'runs', false);
VACUUM ANALYZE care.establishment, care.ad_domain, care.audit, care.finding;

CREATE TEMP TABLE timing (what text, run integer, ms numeric);

-- Time one query (run as EXECUTE, its rows counted) into timing.
CREATE FUNCTION pg_temp.time_it(what text, run integer, query text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
    rows bigint;
BEGIN
    EXECUTE query INTO rows;
    INSERT INTO timing VALUES (what, run, extract(epoch FROM clock_timestamp() - started) * 1000);
END
$$;

-- warm caches and plans once
SELECT count(*) FROM care.evaluate('D1', '2025-06-30');
SELECT count(*) FROM bench.d1_by_hand('2025-06-30');
SELECT count(*) FILTER (WHERE care_eligible(id, 'D1', '2025-06-30')) FROM care.establishment;
SELECT count(*) FILTER (WHERE bench.d1_eligible_by_hand(id, '2025-06-30')) FROM care.establishment;

-- the verdicts agree before anything is timed
SELECT count(*) AS establishments,
       count(*) FILTER (WHERE v.eligible) AS eligible,
       count(*) FILTER (WHERE v.eligible IS DISTINCT FROM h.eligible) AS disagreements_with_hand_written
  FROM care.evaluate('D1', '2025-06-30') v
  JOIN bench.d1_by_hand('2025-06-30') h USING (establishment_id);

-- interleaved runs, so that what the machine does meanwhile hits both sides
DO $$
BEGIN
    FOR r IN 1 .. current_setting('bench.runs')::integer LOOP
        PERFORM pg_temp.time_it('set: care.evaluate()', r,
            $q$SELECT count(*) FROM care.evaluate('D1', '2025-06-30')$q$);
        PERFORM pg_temp.time_it('set: by hand', r,
            $q$SELECT count(*) FROM bench.d1_by_hand('2025-06-30')$q$);
        PERFORM pg_temp.time_it('per id: care_eligible()', r,
            $q$SELECT count(*) FILTER (WHERE care_eligible(id, 'D1', '2025-06-30')) FROM care.establishment$q$);
        PERFORM pg_temp.time_it('per id: by hand', r,
            $q$SELECT count(*) FILTER (WHERE bench.d1_eligible_by_hand(id, '2025-06-30')) FROM care.establishment$q$);
    END LOOP;
END
$$;

WITH median AS (
    SELECT what, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms, count(*) AS runs
      FROM timing GROUP BY what)
SELECT c.what AS compiled, round(c.ms::numeric) AS compiled_ms,
       h.what AS by_hand, round(h.ms::numeric) AS by_hand_ms,
       round((c.ms / h.ms)::numeric, 2) AS ratio, c.runs
  FROM median c JOIN median h
    ON (c.what, h.what) IN (('set: care.evaluate()', 'set: by hand'),
                            ('per id: care_eligible()', 'per id: by hand'));
