-- Every real FINESS number of the shared examples file passes the domain,
-- and the Luhn result the file records agrees with finess_problem().
\set present `test -r ../shared/data/finess_examples.csv && echo 1 || echo 0`
\if :present
CREATE TEMP TABLE finess_example (
    finess text, kind text, finess_ej text, raison_sociale text, region_2015 text,
    luhn_valid_digits_only text, luhn_valid_corsica text, source text);
\copy finess_example FROM '../shared/data/finess_examples.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS rows, count(DISTINCT finess) AS numbers,
       count(*) FILTER (WHERE care.finess_problem(finess) IS NULL) AS valid,
       count(*) FILTER (WHERE finess LIKE '2A%' OR finess LIKE '2B%') AS corsican
  FROM finess_example;
SELECT count(*) AS cast_ok FROM (SELECT finess::care.finess FROM finess_example) s;
SELECT finess FROM finess_example WHERE luhn_valid_corsica <> 'true';
\else
\echo 'skipped: ../shared/data/finess_examples.csv is absent'
\endif
