-- FINESS numbers: a domain whose check raises an error naming the value and
-- saying what is wrong (length, character, département, check digit).

CREATE FUNCTION care.finess_check(value text) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_finess_check';
COMMENT ON FUNCTION care.finess_check(text) IS
    'True for a valid FINESS number; raises invalid_text_representation (22P02) saying what is wrong otherwise';

CREATE FUNCTION care.finess_problem(value text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_finess_problem';
COMMENT ON FUNCTION care.finess_problem(text) IS
    'What is wrong with a FINESS number, or null when it is valid (for checking a file before loading it)';

CREATE DOMAIN care.finess AS text
    CONSTRAINT finess_valid CHECK (care.finess_check(VALUE));
COMMENT ON DOMAIN care.finess IS
    'FINESS number: 9 characters, département prefix (01-95, 2A, 2B, 97, 98), Luhn check digit over the 9 characters with 2A read as 21 and 2B as 22';

CREATE FUNCTION care.finess_check_digit(first8 text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_finess_check_digit';
COMMENT ON FUNCTION care.finess_check_digit(text) IS
    'The Luhn check digit that completes the first 8 characters of a FINESS number';
