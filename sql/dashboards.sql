-- The figures the programme publishes, from the evidence: dossiers by
-- step and kind, declared over validated, amounts committed; the monthly
-- share of exposure audits with a critical vulnerability; the monthly share
-- of AD audits at level 2 or more.
INSERT INTO care.establishment (finess, name, kind, region) VALUES
    ('330780495', 'GHT Gironde', 'ght', '75'),
    ('340780717', 'CHU Montpellier', 'public', '76'),
    ('350000048', 'Clinique A', 'private_forprofit', '53'),
    ('350000162', 'Clinique B', 'private_forprofit', '53'),
    ('360000079', 'Association C', 'private_nonprofit', '24');
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D1bis', 'Annuaires techniques et exposition sur Internet (bis)', 'Annuaires techniques et exposition sur Internet',
        '2026-01-15', '2026-01-15', '2026-03-15', 20000000);
INSERT INTO care.candidacy (establishment_id, campaign, submitted_on, validated_on, declared_on,
                            verified_on, instructed_on, paid_on, requested_amount, granted_amount)
SELECT e.id, 'D1bis', '2026-01-20', v.validated::date, v.declared::date, v.verified::date, v.instructed::date,
       v.paid::date, v.requested, v.granted
  FROM care.establishment e
  JOIN (VALUES ('330780495', '2026-04-01', '2026-06-20', '2026-09-01', '2026-11-01', '2027-01-15', 200000, 200000),
               ('340780717', '2026-04-01', '2026-06-25', NULL, NULL, NULL, 80000, NULL),
               ('350000048', '2026-04-02', '2026-06-28', '2026-09-10', NULL, NULL, 40000, NULL),
               ('350000162', '2026-04-02', NULL, NULL, NULL, NULL, 40000, NULL),
               ('360000079', NULL, NULL, NULL, NULL, NULL, 30000, NULL))
       AS v(finess, validated, declared, verified, instructed, paid, requested, granted)
    ON v.finess = e.finess;
SELECT * FROM care.candidacy_funnel WHERE campaign = 'D1bis' ORDER BY kind NULLS LAST;

-- exposure audits in October 2024 and June 2025, some with a critical finding
INSERT INTO care.audit (establishment_id, kind, performed_on, source)
SELECT e.id, 'exposure', d, 'dashboard_test'
  FROM care.establishment e, (VALUES (date '2024-10-10'), (date '2025-06-10')) AS v(d)
 WHERE e.finess IN ('330780495', '340780717', '350000048', '350000162', '360000079');
INSERT INTO care.finding (audit_id, establishment_id, severity, cvss_score, title, status)
SELECT a.id, a.establishment_id, f.severity, f.score, 'finding', f.status
  FROM care.audit a JOIN care.establishment e ON e.id = a.establishment_id
  JOIN (VALUES ('330780495', date '2024-10-10', 'critical'::care.severity, 9.8, 'open'::care.finding_status),
               ('340780717', date '2024-10-10', 'high', 9.1, 'open'),
               ('350000048', date '2024-10-10', 'critical', 10.0, 'false_positive'),
               ('350000162', date '2025-06-10', 'critical', 9.8, 'fixed'),
               ('360000079', date '2025-06-10', 'medium', 5.0, 'open'))
       AS f(finess, performed, severity, score, status)
    ON f.finess = e.finess AND f.performed = a.performed_on;
SELECT month, source, audits, audits_with_critical FROM care.exposure_audit_monthly
 WHERE source = 'dashboard_test' ORDER BY month;

-- AD audits: the tool's level, else the lowest failing checkpoint
INSERT INTO care.ad_domain (establishment_id, fqdn)
SELECT id, 'ad.local' FROM care.establishment WHERE finess IN ('330780495', '340780717', '350000048');
INSERT INTO care.audit (establishment_id, kind, performed_on, source, ad_domain_id, ad_level)
SELECT d.establishment_id, 'ad', '2025-02-03', 'oradad', d.id,
       CASE e.finess WHEN '330780495' THEN 1 WHEN '340780717' THEN 3 END
  FROM care.ad_domain d JOIN care.establishment e ON e.id = d.establishment_id
 WHERE e.finess IN ('330780495', '340780717', '350000048');
INSERT INTO care.finding (audit_id, establishment_id, severity, checkpoint, checkpoint_level, title)
SELECT a.id, a.establishment_id, 'high', 'vuln2_krbtgt', 2, 'checkpoint'
  FROM care.audit a JOIN care.establishment e ON e.id = a.establishment_id
 WHERE e.finess = '350000048' AND a.kind = 'ad';
SELECT month, source, audits, audits_at_level_2 FROM care.ad_audit_monthly
 WHERE source = 'oradad';
SELECT e.finess, care.ad_audit_level(a) AS level
  FROM care.audit a JOIN care.establishment e ON e.id = a.establishment_id
 WHERE a.kind = 'ad' AND a.source = 'oradad' ORDER BY 1;
