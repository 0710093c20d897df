-- Views for dashboards: the figures the programme publishes (candidacies
-- and declarations by kind of establishment, amounts committed, the monthly
-- share of exposure audits with a critical vulnerability, the monthly share
-- of AD audits at level 2 or more), computed from the evidence.  Views run
-- with the caller's rights: a regional agency sees its region's figures.

CREATE VIEW care.candidacy_funnel WITH (security_invoker = true) AS
    SELECT c.campaign, e.kind,
           pg_catalog.count(*) AS submitted,
           pg_catalog.count(c.validated_on) AS validated,
           pg_catalog.count(c.declared_on) AS declared,
           pg_catalog.count(c.verified_on) AS verified,
           pg_catalog.count(c.instructed_on) AS instructed,
           pg_catalog.count(c.paid_on) AS paid,
           pg_catalog.count(c.rejected_on) AS rejected,
           pg_catalog.round(pg_catalog.count(c.declared_on)::numeric
                            OPERATOR(pg_catalog./) NULLIF(pg_catalog.count(c.validated_on), 0), 4)
               AS declared_share_of_validated,
           pg_catalog.sum(c.requested_amount) FILTER (WHERE c.declared_on IS NOT NULL) AS committed_amount,
           pg_catalog.sum(c.granted_amount) AS granted_amount,
           pg_catalog.sum(c.granted_amount) FILTER (WHERE c.paid_on IS NOT NULL) AS paid_amount
      FROM care.candidacy c
      JOIN care.establishment e ON e.id OPERATOR(pg_catalog.=) c.establishment_id
     GROUP BY GROUPING SETS ((c.campaign, e.kind), (c.campaign));
COMMENT ON VIEW care.candidacy_funnel IS 'Dossiers at each step by campaign and kind of establishment (kind null: all kinds), with the amounts committed and granted';
COMMENT ON COLUMN care.candidacy_funnel.campaign IS 'The campaign';
COMMENT ON COLUMN care.candidacy_funnel.kind IS 'Kind of establishment; null on the campaign''s total row';
COMMENT ON COLUMN care.candidacy_funnel.submitted IS 'Candidacies submitted';
COMMENT ON COLUMN care.candidacy_funnel.validated IS 'Candidacies validated by the ARS';
COMMENT ON COLUMN care.candidacy_funnel.declared IS 'Dossiers whose objectives were declared attained';
COMMENT ON COLUMN care.candidacy_funnel.verified IS 'Declarations verified by the ARS';
COMMENT ON COLUMN care.candidacy_funnel.instructed IS 'Dossiers instructed by the ANS';
COMMENT ON COLUMN care.candidacy_funnel.paid IS 'Dossiers paid';
COMMENT ON COLUMN care.candidacy_funnel.rejected IS 'Dossiers rejected at some step';
COMMENT ON COLUMN care.candidacy_funnel.declared_share_of_validated IS 'Declared dossiers over validated candidacies (0..1)';
COMMENT ON COLUMN care.candidacy_funnel.committed_amount IS 'Amount requested by the dossiers that declared (the commitment), in euros';
COMMENT ON COLUMN care.candidacy_funnel.granted_amount IS 'Amount granted at instruction, in euros';
COMMENT ON COLUMN care.candidacy_funnel.paid_amount IS 'Amount granted to the dossiers already paid, in euros';

CREATE VIEW care.exposure_audit_monthly WITH (security_invoker = true) AS
    SELECT pg_catalog.date_trunc('month', a.performed_on)::date AS month, a.source,
           pg_catalog.count(*) AS audits,
           pg_catalog.count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM care.finding f
                WHERE f.audit_id OPERATOR(pg_catalog.=) a.id
                  AND f.establishment_id OPERATOR(pg_catalog.=) a.establishment_id
                  AND f.status OPERATOR(pg_catalog.<>) 'false_positive'
                  AND (f.severity OPERATOR(pg_catalog.=) 'critical'
                       OR f.cvss_score OPERATOR(pg_catalog.>=) 9.0))) AS audits_with_critical
      FROM care.audit a
     WHERE a.kind OPERATOR(pg_catalog.=) 'exposure'
     GROUP BY 1, 2;
COMMENT ON VIEW care.exposure_audit_monthly IS 'Exposure audits per month and source, and how many found at least one critical vulnerability (severity critical or CVSS 9.0 or more, false positives aside)';
COMMENT ON COLUMN care.exposure_audit_monthly.month IS 'First day of the month the audits were performed in';
COMMENT ON COLUMN care.exposure_audit_monthly.source IS 'Who or what audited (silene, industrial, nuclei, ...)';
COMMENT ON COLUMN care.exposure_audit_monthly.audits IS 'Exposure audits performed that month';
COMMENT ON COLUMN care.exposure_audit_monthly.audits_with_critical IS 'Of those, audits with at least one critical vulnerability';

-- The level of an AD audit: the tool's, else the lowest level of its
-- failing checkpoints that are not dismissed, else 5 (none fails).
CREATE FUNCTION care.ad_audit_level(audit care.audit) RETURNS smallint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT COALESCE(audit.ad_level,
               (SELECT pg_catalog.min(f.checkpoint_level) FROM care.finding f
                 WHERE f.audit_id OPERATOR(pg_catalog.=) audit.id
                   AND f.establishment_id OPERATOR(pg_catalog.=) audit.establishment_id
                   AND f.status OPERATOR(pg_catalog.<>) ALL ('{false_positive,accepted_risk}'::care.finding_status[])),
               5::smallint)
$$;
COMMENT ON FUNCTION care.ad_audit_level(care.audit) IS
    'Security level of an AD audit: the level the tool reported, else the lowest level of its counting failing checkpoints, else 5';

CREATE VIEW care.ad_audit_monthly WITH (security_invoker = true) AS
    SELECT pg_catalog.date_trunc('month', a.performed_on)::date AS month, a.source,
           pg_catalog.count(*) AS audits,
           pg_catalog.count(*) FILTER (WHERE care.ad_audit_level(a) OPERATOR(pg_catalog.>=) 2) AS audits_at_level_2
      FROM care.audit a
     WHERE a.kind OPERATOR(pg_catalog.=) 'ad'
     GROUP BY 1, 2;
COMMENT ON VIEW care.ad_audit_monthly IS 'AD audits per month and tool, and how many reach security level 2 or more';
COMMENT ON COLUMN care.ad_audit_monthly.month IS 'First day of the month the audits were performed in';
COMMENT ON COLUMN care.ad_audit_monthly.source IS 'Tool that audited (pingcastle, oradad, ...)';
COMMENT ON COLUMN care.ad_audit_monthly.audits IS 'AD audits performed that month';
COMMENT ON COLUMN care.ad_audit_monthly.audits_at_level_2 IS 'Of those, audits whose level is 2 or more';
