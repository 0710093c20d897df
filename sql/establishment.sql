-- Establishments: FINESS-keyed, in an ARS region, optionally under a parent.
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('010780914', 'GHT Test Ain', 'ght', '84'),
    ('750712184', 'Hôpital Paris Test', 'public', '11'),
    ('2A0000154', 'Clinique du sud de la Corse', 'private_forprofit', '94')
RETURNING id, finess, kind, region, parent_id;

-- a member establishment under its GHT
INSERT INTO care.establishment (finess, name, kind, region, parent_id)
    SELECT '2B0000038', 'CH Corte', 'public', '94', id FROM care.establishment WHERE finess = '010780914'
RETURNING finess, parent_id IS NOT NULL AS has_parent;

-- every constraint, with its message
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('010780915', 'Bad check digit', 'public', '84');
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('010780914', 'Duplicate FINESS', 'public', '84');
INSERT INTO care.establishment (finess, name, kind, region) VALUES (NULL, 'No FINESS', 'public', '84');
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('240000059', '   ', 'public', '75');
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('240000059', NULL, 'public', '75');
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('240000059', 'CH Bergerac', 'public', 'Aquitaine');
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('240000059', 'CH Bergerac', NULL, '75');
INSERT INTO care.establishment (finess, name, kind, region, parent_id) VALUES ('240000059', 'CH Bergerac', 'public', '75', -1);
INSERT INTO care.establishment (id, finess, name, kind, region) VALUES (100, '240000059', 'CH Bergerac', 'public', '75');
-- a GHT is not under anything
UPDATE care.establishment SET parent_id = (SELECT id FROM care.establishment WHERE finess = '750712184')
 WHERE finess = '010780914';
-- no establishment is its own parent, and no cycle of parents
UPDATE care.establishment SET parent_id = id WHERE finess = '750712184';
UPDATE care.establishment SET parent_id = (SELECT id FROM care.establishment WHERE finess = '750712184')
 WHERE finess = '2A0000154';
UPDATE care.establishment SET parent_id = (SELECT id FROM care.establishment WHERE finess = '2A0000154')
 WHERE finess = '750712184';
-- a parent with members cannot be deleted
DELETE FROM care.establishment WHERE finess = '010780914';
SELECT finess, name, kind, region,
       (SELECT p.finess FROM care.establishment p WHERE p.id = e.parent_id) AS parent
  FROM care.establishment e ORDER BY finess;
