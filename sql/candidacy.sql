-- Candidacies: one per establishment and campaign; the status follows the
-- dated steps, and histories that cannot have happened are refused.
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('020000253', 'CH Laon', 'public', '32'),
    ('040780215', 'CH de Manosque', 'public', '93'),
    ('050000116', 'CH des Escartons de Briançon', 'public', '93');

CREATE TEMP VIEW laon AS SELECT id FROM care.establishment WHERE finess = '020000253';

-- a dossier through every step: the status is derived from the dates
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, requested_amount)
    SELECT id, 'D1', '2024-03-25', 50000 FROM laon
RETURNING status;
UPDATE care.candidacy SET validated_on = '2024-05-02' RETURNING status;
UPDATE care.candidacy SET declared_on = '2025-06-20' RETURNING status;
UPDATE care.candidacy SET verified_on = '2025-09-01' RETURNING status;
UPDATE care.candidacy SET instructed_on = '2025-11-15', granted_amount = 48000 RETURNING status;
UPDATE care.candidacy SET paid_on = '2026-02-01' RETURNING status;
-- the status cannot be written, only derived
UPDATE care.candidacy SET status = 'paid';
INSERT INTO care.candidacy (establishment_id, campaign, status, submitted_on)
    SELECT id, 'D1', 'validated', '2024-03-25' FROM laon;

-- one candidacy per establishment and campaign
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on) SELECT id, 'D1', '2024-03-26' FROM laon;
-- references
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on) SELECT id, 'D9', '2024-03-26' FROM laon;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on) VALUES (-1, 'D1', '2024-03-26');
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on) SELECT id, 'D1', NULL FROM laon;

-- impossible histories
CREATE TEMP VIEW manosque AS SELECT id FROM care.establishment WHERE finess = '040780215';
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on)
    SELECT id, 'D1', '2024-04-10', '2024-04-09' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, declared_on)
    SELECT id, 'D1', '2024-04-10', '2025-06-01' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2024-05-09' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, verified_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-09-01' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, verified_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-05-31' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, instructed_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-10-01' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, verified_on,
                            instructed_on, paid_on, granted_amount)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-09-01', '2025-12-01', '2025-11-30', 1 FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, verified_on,
                            instructed_on, paid_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-09-01', '2025-12-01', '2026-01-10' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, granted_amount)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', 1000 FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, requested_amount)
    SELECT id, 'D1', '2024-04-10', -5 FROM manosque;
-- rejection: dated no earlier than the last step, with a reason, never after payment
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, rejected_on, rejection_reason)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2024-05-01', 'late' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, rejected_on)
    SELECT id, 'D1', '2024-04-10', '2024-05-01' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, rejection_reason)
    SELECT id, 'D1', '2024-04-10', 'no rejection date' FROM manosque;
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, verified_on,
                            instructed_on, paid_on, granted_amount, rejected_on, rejection_reason)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-09-01', '2025-12-01', '2026-01-10', 1,
           '2026-02-01', 'reclaimed' FROM manosque;
-- a rejection at verification is a valid history
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on, rejected_on, rejection_reason)
    SELECT id, 'D1', '2024-04-10', '2024-05-10', '2025-06-01', '2025-09-15', 'AD audit missing' FROM manosque
RETURNING status;
-- same-day steps are allowed
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on)
    SELECT id, 'D1', '2024-04-10', '2024-04-10' FROM care.establishment WHERE finess = '050000116'
RETURNING status;

-- an establishment with a candidacy cannot be deleted
DELETE FROM care.establishment WHERE finess = '020000253';
SELECT e.finess, c.campaign, c.status
  FROM care.candidacy c JOIN care.establishment e ON e.id = c.establishment_id
 ORDER BY 1;
