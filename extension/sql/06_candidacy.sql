-- Candidacies: one per (establishment, campaign).  The status is derived
-- from the dates of the steps, so it cannot disagree with them; constraints
-- refuse histories that cannot have happened.

CREATE TABLE care.candidacy (
    id bigint GENERATED ALWAYS AS IDENTITY,
    establishment_id bigint NOT NULL,
    campaign text NOT NULL,
    status care.candidacy_status NOT NULL GENERATED ALWAYS AS (
        CASE
            WHEN rejected_on IS NOT NULL THEN 'rejected'::care.candidacy_status
            WHEN paid_on IS NOT NULL THEN 'paid'::care.candidacy_status
            WHEN instructed_on IS NOT NULL THEN 'instructed'::care.candidacy_status
            WHEN verified_on IS NOT NULL THEN 'verified'::care.candidacy_status
            WHEN declared_on IS NOT NULL THEN 'declared'::care.candidacy_status
            WHEN validated_on IS NOT NULL THEN 'validated'::care.candidacy_status
            ELSE 'submitted'::care.candidacy_status
        END) STORED,
    submitted_on date NOT NULL,
    validated_on date,
    declared_on date,
    verified_on date,
    instructed_on date,
    paid_on date,
    rejected_on date,
    requested_amount numeric(14,2),
    granted_amount numeric(14,2),
    rejection_reason text,
    CONSTRAINT candidacy_pkey PRIMARY KEY (id),
    CONSTRAINT candidacy_establishment_campaign_key UNIQUE (establishment_id, campaign),
    CONSTRAINT candidacy_establishment_fkey FOREIGN KEY (establishment_id)
        REFERENCES care.establishment (id),
    CONSTRAINT candidacy_campaign_fkey FOREIGN KEY (campaign) REFERENCES care.campaign (code),
    CONSTRAINT candidacy_validated_after_submitted
        CHECK (validated_on OPERATOR(pg_catalog.>=) submitted_on),
    CONSTRAINT candidacy_declared_after_validated
        CHECK (declared_on IS NULL OR (validated_on IS NOT NULL AND declared_on OPERATOR(pg_catalog.>=) validated_on)),
    CONSTRAINT candidacy_verified_after_declared
        CHECK (verified_on IS NULL OR (declared_on IS NOT NULL AND verified_on OPERATOR(pg_catalog.>=) declared_on)),
    CONSTRAINT candidacy_instructed_after_verified
        CHECK (instructed_on IS NULL OR (verified_on IS NOT NULL AND instructed_on OPERATOR(pg_catalog.>=) verified_on)),
    CONSTRAINT candidacy_paid_after_instructed
        CHECK (paid_on IS NULL OR (instructed_on IS NOT NULL AND paid_on OPERATOR(pg_catalog.>=) instructed_on)),
    CONSTRAINT candidacy_rejected_after_last_step
        CHECK (rejected_on OPERATOR(pg_catalog.>=) GREATEST(submitted_on, validated_on, declared_on, verified_on, instructed_on)),
    CONSTRAINT candidacy_paid_or_rejected
        CHECK (paid_on IS NULL OR rejected_on IS NULL),
    CONSTRAINT candidacy_rejection_has_reason
        CHECK ((rejected_on IS NULL) OPERATOR(pg_catalog.=) (rejection_reason IS NULL)),
    CONSTRAINT candidacy_amounts_not_negative
        CHECK (requested_amount OPERATOR(pg_catalog.>=) 0 AND granted_amount OPERATOR(pg_catalog.>=) 0),
    CONSTRAINT candidacy_granted_at_instruction
        CHECK (granted_amount IS NULL OR instructed_on IS NOT NULL),
    CONSTRAINT candidacy_paid_needs_grant
        CHECK (paid_on IS NULL OR granted_amount IS NOT NULL)
);
CREATE INDEX candidacy_campaign_status_idx ON care.candidacy (campaign, status);

COMMENT ON TABLE care.candidacy IS 'Candidacy of an establishment to a campaign and the steps of its dossier';
COMMENT ON COLUMN care.candidacy.id IS 'Surrogate key, generated';
COMMENT ON COLUMN care.candidacy.establishment_id IS 'The establishment (or GHT) that applied';
COMMENT ON COLUMN care.candidacy.campaign IS 'The campaign applied to';
COMMENT ON COLUMN care.candidacy.status IS 'Step reached, derived from the step dates: rejected if rejected_on is set, else the latest dated step';
COMMENT ON COLUMN care.candidacy.submitted_on IS 'Date the candidacy was submitted';
COMMENT ON COLUMN care.candidacy.validated_on IS 'Date the ARS validated the candidacy';
COMMENT ON COLUMN care.candidacy.declared_on IS 'Date the establishment declared the objectives attained';
COMMENT ON COLUMN care.candidacy.verified_on IS 'Date the ARS verified the declaration';
COMMENT ON COLUMN care.candidacy.instructed_on IS 'Date the ANS instructed the dossier';
COMMENT ON COLUMN care.candidacy.paid_on IS 'Date the subsidy was paid';
COMMENT ON COLUMN care.candidacy.rejected_on IS 'Date the dossier was rejected, at whatever step it had reached';
COMMENT ON COLUMN care.candidacy.requested_amount IS 'Amount requested, in euros';
COMMENT ON COLUMN care.candidacy.granted_amount IS 'Amount granted at instruction, in euros';
COMMENT ON COLUMN care.candidacy.rejection_reason IS 'Why the dossier was rejected (required with rejected_on)';

SELECT pg_catalog.pg_extension_config_dump('care.candidacy', '');
SELECT pg_catalog.pg_extension_config_dump('care.candidacy_id_seq', '');
