-- care 0.1 → 0.2
\echo Use "ALTER EXTENSION care UPDATE TO '0.2'" to load this file. \quit

-- The latest audit of an establishment by kind, or of an Active Directory
-- domain, is read as ORDER BY performed_on DESC, id DESC LIMIT 1: the
-- compiled rules and hand-written SQL alike break a tie between two audits
-- of the same day on the id.  With the id in the index the scan returns
-- the rows in that order and stops at the first; without it, every probe
-- (one per AD domain in care.evaluate(), per establishment in
-- care_eligible()) read the day's audits and sorted them.
DROP INDEX care.audit_establishment_kind_performed_idx;
CREATE INDEX audit_establishment_kind_performed_idx
    ON care.audit (establishment_id, kind, performed_on DESC, id DESC);
DROP INDEX care.audit_ad_domain_performed_idx;
CREATE INDEX audit_ad_domain_performed_idx
    ON care.audit (ad_domain_id, performed_on DESC, id DESC) WHERE ad_domain_id IS NOT NULL;
