-- Campaigns: D1 is seeded with the calendar and envelope of the call.
SELECT * FROM care.campaign;

INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D2', 'Stratégie de continuité et de reprise d''activité', 'Continuité et reprise d''activité',
        '2025-01-15', '2025-01-15', '2025-03-15', 1000000)
RETURNING code, declaration_deadline;

-- constraints
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('d3', 'Lower-case code', 'x', '2025-01-01', '2025-01-01', '2025-02-01', 0);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D3', ' ', 'x', '2025-01-01', '2025-01-01', '2025-02-01', 0);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D3', 'Negative', 'x', '2025-01-01', '2025-01-01', '2025-02-01', -1);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D3', 'Window reversed', 'x', '2025-01-01', '2025-03-01', '2025-02-01', 0);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on,
                           declaration_deadline, verification_deadline, envelope)
VALUES ('D3', 'ARS before declaration', 'x', '2025-01-01', '2025-01-01', '2025-02-01', '2025-06-30', '2025-06-29', 0);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on,
                           instruction_deadline, envelope)
VALUES ('D3', 'Instruction before candidacies close', 'x', '2025-01-01', '2025-01-01', '2025-02-01', '2025-01-31', 0);
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D1', 'Duplicate', 'x', '2025-01-01', '2025-01-01', '2025-02-01', 0);

SELECT care.dates_in_order(ARRAY['2024-01-01', NULL, '2024-01-02']::date[]) AS nulls_skipped,
       care.dates_in_order(ARRAY['2024-01-02', NULL, '2024-01-01']::date[]) AS backwards,
       care.dates_in_order('{}'::date[]) AS empty;
