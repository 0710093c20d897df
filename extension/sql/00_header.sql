-- care 0.1 install script, built by concatenating extension/sql/*.sql in name
-- order.  Released scripts are never edited: changes go to care--X--Y.sql.
\echo Use "CREATE EXTENSION care" to load this file. \quit

COMMENT ON SCHEMA care IS 'CaRE programme: audit evidence of health establishments, eligibility rules and verdicts';
