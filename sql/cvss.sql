-- CVSS scoring: scores of each version, every error message, the rating
-- table, and a pass over the official oracles when ../shared is present.

-- one vector of each version, every column
SELECT v.vector, r.*
  FROM (VALUES
        ('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
        ('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C'),
        ('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H'),
        ('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H/CR:L/IR:L/AR:L'),
        ('CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:L'),
        ('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'),
        ('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U'),
        ('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:P/U:Red'),
        ('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:L/IR:L/AR:L'),
        ('AV:N/AC:L/Au:N/C:P/I:P/A:P'),
        ('CVSS2#AV:N/AC:L/Au:N/C:C/I:C/A:C'),
        ('(AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H)')
       ) AS v(vector),
       LATERAL care.cvss(v.vector) AS r;

-- the final score, and metrics in any order
SELECT care.cvss_score('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N') AS any_order_31,
       care.cvss_score('CVSS:4.0/SA:H/SI:H/SC:H/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N') AS any_order_40,
       care.cvss_score('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H/E:P') AS exact_tie_40,
       care.cvss_score('AV:N/AC:L/Au:S/C:C/I:C/A:C/E:U/RL:U/RC:C') AS exact_tie_20,
       pg_typeof(care.cvss_score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')) AS type;

-- the rating table, for scores that come without a vector
SELECT s, care.cvss_severity(s)
  FROM unnest('{0, 0.0, 0.1, 3.9, 3.95, 4.0, 6.9, 7.0, 8.9, 8.99, 9.0, 10, 10.0}'::numeric[]) AS s;
SELECT care.cvss_severity(-0.1);
SELECT care.cvss_severity(10.1);
SELECT care.cvss_severity('NaN');

-- null in, null out
SELECT care.cvss(NULL) IS NULL AS cvss, care.cvss_score(NULL) IS NULL AS score,
       care.cvss_problem(NULL) IS NULL AS problem, care.cvss_severity(NULL) IS NULL AS severity;

-- every error says which metric is wrong, and where when no metric is named
SELECT care.cvss('');
SELECT care.cvss(' CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss(E'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\t');
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:É');
SELECT care.cvss('CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P');
SELECT care.cvss('cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('cvss2#AV:N/AC:L/Au:N/C:P/I:P/A:P');
SELECT care.cvss('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/');
SELECT care.cvss('CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y');
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L');
SELECT care.cvss('CVSS:3.1/AV:N/AC:Q/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:Z');
SELECT care.cvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/U:clear');
SELECT care.cvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H');
SELECT care.cvss('AV:N/AC:L/Au:N/C:P/I:P/A:Q');
SELECT care.cvss('AV:N/AC:L/AU:N/C:P/I:P/A:P');
SELECT care.cvss('CVSS:3.1/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
SELECT care.cvss('CVSS:3.1/AV:N/PR:N/UI:N/S:U/C:H/A:H');
SELECT care.cvss('CVSS:4.0/AV:N');
SELECT care.cvss('CVSS:3.0/E:P/RL:O/RC:C');
-- very long values are clipped, in the message and in the detail
SELECT care.cvss('CVSS:3.1/AV:' || repeat('N', 300));
SELECT care.cvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' || repeat('/E:X', 100));
SELECT care.cvss_score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H');

-- the SQLSTATE is invalid_text_representation
DO $$
BEGIN
    PERFORM care.cvss_score('CVSS:3.1/AV:N');
EXCEPTION WHEN invalid_text_representation THEN
    RAISE NOTICE 'caught %', SQLSTATE;
END
$$;

-- cvss_problem() says the same without raising, for checking files
SELECT v, care.cvss_problem(v)
  FROM (VALUES ('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), ('CVSS:3.1/AV:N'),
               ('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:X'), ('(CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P)')) AS t(v);

-- the official oracles, every row: 1,000 vectors from FIRST's 3.1
-- calculator, 410 scores NVD published (3.0 and 3.1), 1,000 vectors from
-- FIRST's 4.0 calculator
\set present `test -r ../shared/fixtures/cvss/cvss31_first_calculator_random.csv && test -r ../shared/fixtures/cvss/cvss3x_nvd_published.csv && test -r ../shared/fixtures/cvss/cvss40_first_calculator_random.csv && echo 1 || echo 0`
\if :present
CREATE TEMP TABLE cvss31_oracle (
    vector text, base_score numeric, base_severity text, temporal_score numeric,
    temporal_severity text, environmental_score numeric, environmental_severity text);
\copy cvss31_oracle FROM '../shared/fixtures/cvss/cvss31_first_calculator_random.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE r.base_score <> o.base_score
                           OR r.temporal_score <> o.temporal_score
                           OR r.environmental_score <> o.environmental_score
                           OR upper(r.base_severity::text) <> o.base_severity
                           OR upper(r.temporal_severity::text) <> o.temporal_severity
                           OR upper(r.environmental_severity::text) <> o.environmental_severity
                           OR r.score <> o.environmental_score
                           OR care.cvss_score(o.vector) <> o.environmental_score) AS mismatches
  FROM cvss31_oracle o, LATERAL care.cvss(o.vector) AS r;

CREATE TEMP TABLE cvss3x_nvd (
    vector text, score numeric, severity text, cve_id text, source_type text, origin text);
\copy cvss3x_nvd FROM '../shared/fixtures/cvss/cvss3x_nvd_published.csv' WITH (FORMAT csv, HEADER true)
SELECT r.version, count(*) AS rows,
       count(*) FILTER (WHERE r.score <> o.score OR upper(r.severity::text) <> o.severity
                           OR care.cvss_score(o.vector) <> o.score) AS mismatches
  FROM cvss3x_nvd o, LATERAL care.cvss(o.vector) AS r
 GROUP BY r.version ORDER BY r.version;

CREATE TEMP TABLE cvss40_oracle (vector text, score numeric, severity text, nomenclature text);
\copy cvss40_oracle FROM '../shared/fixtures/cvss/cvss40_first_calculator_random.csv' WITH (FORMAT csv, HEADER true)
SELECT r.nomenclature, count(*) AS rows,
       count(*) FILTER (WHERE r.score <> o.score OR upper(r.severity::text) <> o.severity
                           OR r.nomenclature <> o.nomenclature
                           OR care.cvss_score(o.vector) <> o.score) AS mismatches
  FROM cvss40_oracle o, LATERAL care.cvss(o.vector) AS r
 GROUP BY r.nomenclature ORDER BY r.nomenclature;

-- every oracle vector is valid for cvss_problem() too
SELECT count(*) AS problems
  FROM (SELECT vector FROM cvss31_oracle UNION ALL SELECT vector FROM cvss3x_nvd
        UNION ALL SELECT vector FROM cvss40_oracle) AS v
 WHERE care.cvss_problem(v.vector) IS NOT NULL;
\else
\echo 'skipped: ../shared/fixtures/cvss is absent'
\endif
