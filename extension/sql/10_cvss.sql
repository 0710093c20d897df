-- CVSS scoring: the scores and severities of a CVSS 2.0, 3.0, 3.1 or 4.0
-- vector, computed as FIRST's calculators do, and the rating table.  An
-- invalid vector raises invalid_text_representation (22P02) saying which
-- metric is wrong or missing.

CREATE TYPE care.cvss_result AS (
    version text,
    base_score numeric(3,1),
    base_severity care.severity,
    temporal_score numeric(3,1),
    temporal_severity care.severity,
    environmental_score numeric(3,1),
    environmental_severity care.severity,
    score numeric(3,1),
    severity care.severity,
    nomenclature text
);
COMMENT ON TYPE care.cvss_result IS
    'Scores and severities of a CVSS vector, as care.cvss() computes them';
COMMENT ON COLUMN care.cvss_result.version IS
    'CVSS version of the vector: 2.0, 3.0, 3.1 or 4.0';
COMMENT ON COLUMN care.cvss_result.base_score IS
    'Base score; for 4.0 the CVSS-B score (the vector''s base metrics alone, threat and environmental metrics not defined)';
COMMENT ON COLUMN care.cvss_result.base_severity IS
    'Rating of base_score';
COMMENT ON COLUMN care.cvss_result.temporal_score IS
    'Temporal score (equal to the base score when no temporal metric is set); for 4.0 the CVSS-BT score (base and threat metrics, environmental metrics not defined)';
COMMENT ON COLUMN care.cvss_result.temporal_severity IS
    'Rating of temporal_score';
COMMENT ON COLUMN care.cvss_result.environmental_score IS
    'Environmental score as the calculator gives it even when no environmental metric is set (for 3.1 with scope changed it may then differ from the base score); for 4.0 the CVSS-BTE score';
COMMENT ON COLUMN care.cvss_result.environmental_severity IS
    'Rating of environmental_score';
COMMENT ON COLUMN care.cvss_result.score IS
    'Final score: the environmental score when the vector sets an environmental metric, else the temporal score when it sets a temporal (4.0: threat) metric, else the base score; X and ND (not defined) set nothing';
COMMENT ON COLUMN care.cvss_result.severity IS
    'Rating of score: none 0.0, low 0.1-3.9, medium 4.0-6.9, high 7.0-8.9, critical 9.0-10.0; a 2.0 score is never critical (NVD rates 2.0 scores high from 7.0)';
COMMENT ON COLUMN care.cvss_result.nomenclature IS
    'CVSS 4.0 nomenclature of score: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE; null for 2.0 and 3.x';

CREATE FUNCTION care.cvss(vector text) RETURNS care.cvss_result
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_cvss';
COMMENT ON FUNCTION care.cvss(text) IS
    'Scores and severities of a CVSS vector (CVSS:3.0/, CVSS:3.1/, CVSS:4.0/, or 2.0 bare, CVSS2# or in parentheses); raises invalid_text_representation (22P02) naming the faulty metric';

CREATE FUNCTION care.cvss_score(vector text) RETURNS numeric
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_cvss_score';
COMMENT ON FUNCTION care.cvss_score(text) IS
    'Final score of a CVSS vector, as the score column of care.cvss(); raises invalid_text_representation (22P02) for an invalid vector';

CREATE FUNCTION care.cvss_problem(vector text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_cvss_problem';
COMMENT ON FUNCTION care.cvss_problem(text) IS
    'What is wrong with a CVSS vector (the detail care.cvss() would raise), or null when it is valid: for checking a file before loading it';

CREATE FUNCTION care.cvss_severity(score numeric) RETURNS care.severity
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_cvss_severity';
COMMENT ON FUNCTION care.cvss_severity(numeric) IS
    'CVSS rating of a score: none 0.0, low below 4.0, medium below 7.0, high below 9.0, critical up to 10.0; raises numeric_value_out_of_range (22003) outside 0..10';
