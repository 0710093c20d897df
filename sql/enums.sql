-- The enums of the data model, and the orders that rules rely on.
SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE t.typnamespace = 'care'::regnamespace
 GROUP BY t.typname
 ORDER BY 1;

-- severity is ordered none < low < medium < high < critical
SELECT 'critical'::care.severity > 'high' AS critical_above_high,
       'none'::care.severity < 'low' AS none_below_low,
       max(s) AS worst, min(s) AS mildest
  FROM unnest(enum_range(NULL::care.severity)) AS s;
SELECT s FROM unnest('{high,none,critical,low,medium}'::care.severity[]) AS s ORDER BY s;
SELECT s FROM unnest(enum_range(NULL::care.severity)) AS s WHERE s >= 'high';

-- the lifecycle of a dossier follows its steps
SELECT 'submitted'::care.candidacy_status < 'validated'
   AND 'validated'::care.candidacy_status < 'declared'
   AND 'declared'::care.candidacy_status < 'verified'
   AND 'verified'::care.candidacy_status < 'instructed'
   AND 'instructed'::care.candidacy_status < 'paid' AS steps_in_order;

-- unknown labels are refused
SELECT 'severe'::care.severity;
SELECT 'closed'::care.finding_status;
SELECT 'hospital'::care.establishment_kind;
