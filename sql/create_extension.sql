-- The extension installs from scratch, drops and installs again; its
-- catalogue follows the house rules (comments, pinned search_path).
CREATE EXTENSION care;
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace AS schema
  FROM pg_extension WHERE extname = 'care';

-- drop and re-create: nothing left behind blocks a new install
DROP EXTENSION care;
SELECT count(*) AS care_objects_left
  FROM pg_class WHERE relnamespace = 'care'::regnamespace;
CREATE EXTENSION care;

-- every table, view and column of the extension says what it holds
SELECT c.relname, a.attname
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'care'::regnamespace AND c.relkind IN ('r', 'v', 'p')
   AND (obj_description(c.oid, 'pg_class') IS NULL
        OR col_description(c.oid, a.attnum) IS NULL)
 ORDER BY 1, 2;

-- every function pins its search_path and has a comment
SELECT p.oid::regprocedure AS function_without_pinned_path_or_comment
  FROM pg_proc p
 WHERE p.pronamespace = 'care'::regnamespace
   AND (NOT coalesce(p.proconfig::text[] && ARRAY['search_path=pg_catalog, pg_temp'], false)
        OR obj_description(p.oid, 'pg_proc') IS NULL)
 ORDER BY 1;

-- every type and domain has a comment
SELECT t.typname
  FROM pg_type t
 WHERE t.typnamespace = 'care'::regnamespace AND t.typtype IN ('e', 'd', 'c')
   AND obj_description(t.oid, 'pg_type') IS NULL
   AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
 ORDER BY 1;

-- no function runs with its owner's rights
SELECT p.oid::regprocedure AS security_definer_function
  FROM pg_proc p
 WHERE p.pronamespace = 'care'::regnamespace AND p.prosecdef;

-- the data tables are dumped with the user's data; shipped rows are not
SELECT c.relname, e.dump_filter
  FROM pg_extension x,
       unnest(x.extconfig, x.extcondition) AS e(reloid, dump_filter)
  JOIN pg_class c ON c.oid = e.reloid
 WHERE x.extname = 'care'
 ORDER BY 1;
