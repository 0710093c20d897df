-- PingCastle healthcheck rules: reference data shipped with care (rows in
-- 21_pingcastle_rule_data.sql, generated from shared/data/pingcastle_rules.csv
-- by tests/gen_reference_data.py).  Versioned, so the rules of a later
-- PingCastle release can be added beside the shipped ones.

-- A version string as an integer array that sorts like versions do:
-- '3.2.0.1' -> {3,2,0,1}; anything that is not a digit or a dot is ignored.
CREATE FUNCTION care.version_key(version text) RETURNS integer[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT pg_catalog.array_agg(p::integer ORDER BY n)
      FROM pg_catalog.unnest(pg_catalog.string_to_array(
               pg_catalog.regexp_replace(version, '[^0-9.]', '', 'g'), '.')) WITH ORDINALITY AS s(p, n)
     WHERE p OPERATOR(pg_catalog.~) '^[0-9]{1,9}$'
$$;
COMMENT ON FUNCTION care.version_key(text) IS
    'A version string as an integer array that sorts like versions (''3.2.0.1'' -> {3,2,0,1}); null when it has no number';

CREATE TABLE care.pingcastle_rule (
    version text NOT NULL,
    rule_id text NOT NULL,
    category text NOT NULL,
    risk_model text,
    maturity_level smallint NOT NULL,
    maturity_explicit boolean NOT NULL DEFAULT false,
    anssi_ids text[],
    anssi_levels smallint[],
    anssi_note_refs text[],
    points integer[],
    computation text[],
    introduced_in text,
    title text NOT NULL,
    CONSTRAINT pingcastle_rule_pkey PRIMARY KEY (version, rule_id),
    CONSTRAINT pingcastle_rule_version_format
        CHECK (care.version_key(version) IS NOT NULL),
    CONSTRAINT pingcastle_rule_category_known
        CHECK (category OPERATOR(pg_catalog.=) ANY
               (ARRAY['Anomalies', 'PrivilegedAccounts', 'StaleObjects', 'Trusts'])),
    CONSTRAINT pingcastle_rule_maturity_range
        CHECK (maturity_level OPERATOR(pg_catalog.>=) 1 AND maturity_level OPERATOR(pg_catalog.<=) 6),
    CONSTRAINT pingcastle_rule_title_not_blank
        CHECK (pg_catalog.btrim(title) OPERATOR(pg_catalog.<>) '')
);

COMMENT ON TABLE care.pingcastle_rule IS 'PingCastle healthcheck rules by PingCastle version: category, maturity level, ANSSI checkpoints, points (reference data; version 3.3 ships with care)';
COMMENT ON COLUMN care.pingcastle_rule.version IS 'PingCastle version whose rule set the row belongs to (3.3 for the shipped rows); an import uses the newest version not newer than the report''s engine, else the oldest';
COMMENT ON COLUMN care.pingcastle_rule.rule_id IS 'Rule id, as RiskId in the report (e.g. P-Kerberoasting)';
COMMENT ON COLUMN care.pingcastle_rule.category IS 'Score category: Anomalies, PrivilegedAccounts, StaleObjects or Trusts';
COMMENT ON COLUMN care.pingcastle_rule.risk_model IS 'PingCastle risk model of the rule (Model in the report)';
COMMENT ON COLUMN care.pingcastle_rule.maturity_level IS 'Maturity level 1..5 a domain cannot exceed while the rule fires; 6 means the rule does not cap the level';
COMMENT ON COLUMN care.pingcastle_rule.maturity_explicit IS 'True when PingCastle sets the level explicitly rather than from the rule''s ANSSI checkpoint';
COMMENT ON COLUMN care.pingcastle_rule.anssi_ids IS 'ANSSI checkpoints the rule implements, PingCastle-style ids vuln<level>_<name> (see care.anssi_checkpoint)';
COMMENT ON COLUMN care.pingcastle_rule.anssi_levels IS 'Levels of those ANSSI checkpoints, in the same order';
COMMENT ON COLUMN care.pingcastle_rule.anssi_note_refs IS 'Recommendations of the ANSSI technical note the rule refers to (R40, ...)';
COMMENT ON COLUMN care.pingcastle_rule.points IS 'Points the rule can add to its category score (several values for threshold rules)';
COMMENT ON COLUMN care.pingcastle_rule.computation IS 'How PingCastle computes the points (TriggerOnPresence, PerDiscover, ...)';
COMMENT ON COLUMN care.pingcastle_rule.introduced_in IS 'PingCastle version that introduced the rule, when known';
COMMENT ON COLUMN care.pingcastle_rule.title IS 'Rule title (English, as PingCastle words it)';

-- Rows users add for other PingCastle versions are dumped; the shipped
-- version comes back with the extension.
SELECT pg_catalog.pg_extension_config_dump('care.pingcastle_rule',
    $$WHERE version OPERATOR(pg_catalog.<>) '3.3'$$);
