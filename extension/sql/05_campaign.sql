-- Funding calls (campaigns) of the programme, one per domain call.

-- True when the non-null dates of the array never go backwards.
CREATE FUNCTION care.dates_in_order(dates date[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT NOT EXISTS (
        SELECT 1
          FROM pg_catalog.unnest(dates) WITH ORDINALITY AS a(d, i),
               pg_catalog.unnest(dates) WITH ORDINALITY AS b(d, i)
         WHERE a.i OPERATOR(pg_catalog.<) b.i
           AND a.d OPERATOR(pg_catalog.>) b.d)
$$;
COMMENT ON FUNCTION care.dates_in_order(date[]) IS
    'True when the non-null dates of the array never go backwards (used by the date-order constraints)';

CREATE TABLE care.campaign (
    code text NOT NULL,
    title text NOT NULL,
    domain text NOT NULL,
    launched_on date NOT NULL,
    candidacy_opens_on date NOT NULL,
    candidacy_closes_on date NOT NULL,
    declaration_deadline date,
    verification_deadline date,
    instruction_deadline date,
    payment_deadline date,
    envelope numeric(14,2) NOT NULL,
    CONSTRAINT campaign_pkey PRIMARY KEY (code),
    CONSTRAINT campaign_code_format
        CHECK (code OPERATOR(pg_catalog.~) '^[A-Z][A-Za-z0-9_.-]*$'),
    CONSTRAINT campaign_title_not_blank
        CHECK (pg_catalog.btrim(title) OPERATOR(pg_catalog.<>) ''),
    CONSTRAINT campaign_envelope_not_negative
        CHECK (envelope OPERATOR(pg_catalog.>=) 0),
    CONSTRAINT campaign_dates_in_order
        CHECK (care.dates_in_order(ARRAY[launched_on, candidacy_opens_on, candidacy_closes_on,
                                         declaration_deadline, verification_deadline,
                                         instruction_deadline, payment_deadline]))
);

COMMENT ON TABLE care.campaign IS 'Funding calls of the CaRE programme (one per domain call), with their calendar and envelope';
COMMENT ON COLUMN care.campaign.code IS 'Short code of the call: D1, D1bis, D2, ...';
COMMENT ON COLUMN care.campaign.title IS 'Title of the call';
COMMENT ON COLUMN care.campaign.domain IS 'Domain of the programme the call funds';
COMMENT ON COLUMN care.campaign.launched_on IS 'Date the call was launched';
COMMENT ON COLUMN care.campaign.candidacy_opens_on IS 'First day candidacies are accepted';
COMMENT ON COLUMN care.campaign.candidacy_closes_on IS 'Last day candidacies are accepted';
COMMENT ON COLUMN care.campaign.declaration_deadline IS 'Last day to declare the objectives attained';
COMMENT ON COLUMN care.campaign.verification_deadline IS 'Last day of verification by the regional agencies (ARS)';
COMMENT ON COLUMN care.campaign.instruction_deadline IS 'Last day of instruction by the national agency (ANS)';
COMMENT ON COLUMN care.campaign.payment_deadline IS 'Last day of the payment window';
COMMENT ON COLUMN care.campaign.envelope IS 'Funds of the call, in euros';

INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on,
                           declaration_deadline, verification_deadline, instruction_deadline,
                           payment_deadline, envelope)
VALUES ('D1', 'Annuaires techniques et exposition sur Internet',
        'Annuaires techniques et exposition sur Internet',
        '2024-03-18', '2024-03-18', '2024-04-19',
        '2025-06-30', '2025-09-30', '2025-12-31', '2026-06-30', 65000000);

-- Campaigns users add are dumped; the shipped D1 row comes back with the extension.
SELECT pg_catalog.pg_extension_config_dump('care.campaign',
    $$WHERE code OPERATOR(pg_catalog.<>) 'D1'$$);
