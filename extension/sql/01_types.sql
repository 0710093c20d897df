-- Enumerated types of the data model.  Their order is the order of the
-- labels: care.severity and care.candidacy_status are meant to be compared.

CREATE TYPE care.establishment_kind AS ENUM (
    'ght', 'public', 'private_nonprofit', 'private_forprofit');
COMMENT ON TYPE care.establishment_kind IS
    'Kind of establishment as CaRE counts them: GHT (territorial hospital group), public outside a GHT, private non-profit (EBNL), private for-profit';

CREATE TYPE care.candidacy_status AS ENUM (
    'submitted', 'validated', 'declared', 'verified', 'instructed', 'paid', 'rejected');
COMMENT ON TYPE care.candidacy_status IS
    'Step a candidacy has reached: submitted, validated (ARS), objectives declared attained, verified (ARS), instructed (ANS), paid; or rejected at a step';

CREATE TYPE care.audit_kind AS ENUM ('exposure', 'ad');
COMMENT ON TYPE care.audit_kind IS
    'What an audit examined: the Internet exposure surface, or one Active Directory domain';

CREATE TYPE care.severity AS ENUM ('none', 'low', 'medium', 'high', 'critical');
COMMENT ON TYPE care.severity IS
    'Severity of a finding, ordered none < low < medium < high < critical (CVSS rating table: 0, 0.1-3.9, 4.0-6.9, 7.0-8.9, 9.0-10.0)';

CREATE TYPE care.finding_status AS ENUM ('open', 'fixed', 'false_positive', 'accepted_risk');
COMMENT ON TYPE care.finding_status IS
    'Where a finding stands: open, fixed, dismissed as a false positive, or kept as an accepted risk';
