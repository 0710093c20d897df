-- Verdicts.  Each function runs the SQL the active ruleset of a campaign
-- was compiled to, with the caller's rights, so row-level security on the
-- evidence applies to verdicts.  Calls that name no campaign use the
-- GUC care.campaign, else the only campaign with an active ruleset; as_of
-- defaults to today; params overrides the ruleset's parameter defaults.

CREATE FUNCTION care.care_eligible(establishment_id bigint, campaign text DEFAULT NULL,
                                   as_of date DEFAULT NULL, params jsonb DEFAULT NULL)
    RETURNS boolean
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_eligible';
COMMENT ON FUNCTION care.care_eligible(bigint, text, date, jsonb) IS
    'True when the establishment meets the eligible-when expression of the campaign''s active ruleset on as_of; false when it fails or is unknown; null for a null id';

CREATE FUNCTION care.care_explain(establishment_id bigint, campaign text DEFAULT NULL,
                                  as_of date DEFAULT NULL, params jsonb DEFAULT NULL)
    RETURNS TABLE (objective text, objective_title text, objective_verdict text,
                   requirement integer, requirement_text text, verdict text,
                   message text, observed jsonb, witnesses bigint[])
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET datestyle = 'ISO, YMD'
    SET intervalstyle = 'postgres'
    AS 'MODULE_PATHNAME', 'care_explain';
COMMENT ON FUNCTION care.care_explain(bigint, text, date, jsonb) IS
    'Why an establishment is or is not eligible: one row per requirement (verdict met, failed or unknown, message, observed values, ids of the evidence that decided it) and one row for the overall verdict';

CREATE FUNCTION care.evaluate(campaign text DEFAULT NULL, as_of date DEFAULT NULL,
                              params jsonb DEFAULT NULL)
    RETURNS TABLE (establishment_id bigint, eligible boolean, verdict text, objectives jsonb)
    LANGUAGE c STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    AS 'MODULE_PATHNAME', 'care_evaluate';
COMMENT ON FUNCTION care.evaluate(text, date, jsonb) IS
    'Every establishment''s verdict for a campaign on as_of, from one set-based query; agrees with care_eligible() for each';
-- (jit is off: the query's estimated cost grows with the number of
-- establishments, so JIT would trigger and spend longer compiling the
-- expressions of a large query than evaluating them.)

-- For dashboards: today's verdicts of every campaign that has an active ruleset.
CREATE VIEW care.verdict WITH (security_invoker = true) AS
    SELECT a.campaign, a.ruleset_name, a.ruleset_version,
           e.id AS establishment_id, e.finess, e.name, e.kind, e.region,
           v.eligible, v.verdict, v.objectives
      FROM care.active_ruleset a
     CROSS JOIN LATERAL care.evaluate(a.campaign) v
      JOIN care.establishment e ON e.id OPERATOR(pg_catalog.=) v.establishment_id;
COMMENT ON VIEW care.verdict IS 'Today''s verdict of every establishment, for every campaign with an active ruleset';
COMMENT ON COLUMN care.verdict.campaign IS 'The campaign';
COMMENT ON COLUMN care.verdict.ruleset_name IS 'The ruleset that decided';
COMMENT ON COLUMN care.verdict.ruleset_version IS 'Its version';
COMMENT ON COLUMN care.verdict.establishment_id IS 'The establishment';
COMMENT ON COLUMN care.verdict.finess IS 'Its FINESS number';
COMMENT ON COLUMN care.verdict.name IS 'Its name';
COMMENT ON COLUMN care.verdict.kind IS 'Its kind';
COMMENT ON COLUMN care.verdict.region IS 'Its region';
COMMENT ON COLUMN care.verdict.eligible IS 'True only when the eligible-when expression is met';
COMMENT ON COLUMN care.verdict.verdict IS 'met, failed or unknown';
COMMENT ON COLUMN care.verdict.objectives IS 'Verdict of each objective, by objective id';
