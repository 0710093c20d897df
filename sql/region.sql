-- The 18 ARS regions ship with the extension.
SELECT count(*) AS regions FROM care.region;
SELECT code, name FROM care.region ORDER BY code;
INSERT INTO care.region VALUES ('1', 'Nowhere');
INSERT INTO care.region VALUES ('99', 'Corse');
