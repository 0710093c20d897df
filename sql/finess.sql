-- FINESS numbers: the domain accepts real numbers and says precisely why
-- it refuses the others.
SELECT '010780914'::care.finess AS metropolitan,
       '750712184'::care.finess AS paris,
       '2A0000154'::care.finess AS corse_du_sud,
       '2B0000038'::care.finess AS haute_corse,
       '970100012'::care.finess AS overseas;

-- wrong check digit
SELECT '010780915'::care.finess;
-- wrong length, counted in characters
SELECT '01078091'::care.finess;
SELECT '0107809140'::care.finess;
SELECT ''::care.finess;
SELECT 'é10780914'::care.finess;
-- bad characters, with their position
SELECT '01078O914'::care.finess;
SELECT '2a0000154'::care.finess;
SELECT '3A0000154'::care.finess;
SELECT E'01078091\t'::care.finess;
-- département that does not exist (check digit right)
SELECT '200780910'::care.finess;
SELECT '000780911'::care.finess;
-- a long value is clipped in the message
SELECT repeat('0123456789', 10)::care.finess;

-- null passes a domain check, as in SQL; NOT NULL columns refuse it
SELECT NULL::care.finess IS NULL AS null_is_null;

-- finess_problem() says the same without raising, for checking files
SELECT v, care.finess_problem(v)
  FROM (VALUES ('010780914'), ('010780915'), ('01078091'), ('01078O914'), ('200780910')) AS t(v);

-- the SQLSTATE is invalid_text_representation
DO $$
BEGIN
    PERFORM '010780915'::care.finess;
EXCEPTION WHEN invalid_text_representation THEN
    RAISE NOTICE 'caught %', SQLSTATE;
END
$$;

-- the check digit that completes eight characters
SELECT care.finess_check_digit('01078091') AS metropolitan, care.finess_check_digit('2A000015') AS corse_du_sud,
       care.finess_check_digit('2B000003') AS haute_corse;
SELECT care.finess_check_digit('0107809');
SELECT care.finess_check_digit('20078091');
SELECT care.finess_check_digit('0107809X');
SELECT care.finess_check_digit('é1078091');
