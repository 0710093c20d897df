-- The CISA Known Exploited Vulnerabilities (KEV) catalog, loaded by
-- care.import_kev() from the JSON file CISA publishes, and the flag it puts
-- on findings: care.finding.known_exploited, a plain column rules can read.

CREATE TABLE care.kev_catalog (
    version text NOT NULL,
    released_at timestamp with time zone,
    entry_count integer NOT NULL,
    loaded_at timestamp with time zone NOT NULL DEFAULT pg_catalog.now(),
    loaded_by name NOT NULL DEFAULT CURRENT_USER,
    added integer NOT NULL,
    changed integer NOT NULL,
    removed integer NOT NULL,
    CONSTRAINT kev_catalog_pkey PRIMARY KEY (version),
    CONSTRAINT kev_catalog_version_format
        CHECK (care.version_key(version) IS NOT NULL),
    CONSTRAINT kev_catalog_counts_not_negative
        CHECK (entry_count OPERATOR(pg_catalog.>=) 0 AND added OPERATOR(pg_catalog.>=) 0
               AND changed OPERATOR(pg_catalog.>=) 0 AND removed OPERATOR(pg_catalog.>=) 0)
);
COMMENT ON TABLE care.kev_catalog IS 'Versions of the CISA KEV catalog loaded into care.kev, and what each load changed';
COMMENT ON COLUMN care.kev_catalog.version IS 'catalogVersion of the loaded file (e.g. 2025.08.25)';
COMMENT ON COLUMN care.kev_catalog.released_at IS 'dateReleased of the loaded file';
COMMENT ON COLUMN care.kev_catalog.entry_count IS 'Number of vulnerabilities in the file';
COMMENT ON COLUMN care.kev_catalog.loaded_at IS 'When the file was loaded';
COMMENT ON COLUMN care.kev_catalog.loaded_by IS 'Database role that loaded it';
COMMENT ON COLUMN care.kev_catalog.added IS 'CVEs the load added to care.kev';
COMMENT ON COLUMN care.kev_catalog.changed IS 'CVEs whose entry the load changed';
COMMENT ON COLUMN care.kev_catalog.removed IS 'CVEs the load removed (no longer in the catalog)';

CREATE TABLE care.kev (
    cve text NOT NULL,
    vendor_project text,
    product text,
    vulnerability_name text,
    date_added date NOT NULL,
    short_description text,
    required_action text,
    due_date date,
    known_ransomware_use boolean,
    notes text,
    cwes text[],
    catalog_version text NOT NULL,
    CONSTRAINT kev_pkey PRIMARY KEY (cve),
    CONSTRAINT kev_cve_format CHECK (cve OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}$'),
    CONSTRAINT kev_catalog_fkey FOREIGN KEY (catalog_version) REFERENCES care.kev_catalog (version)
);
COMMENT ON TABLE care.kev IS 'CISA Known Exploited Vulnerabilities: one row per CVE of the latest loaded catalog (care.import_kev)';
COMMENT ON COLUMN care.kev.cve IS 'CVE id (cveID)';
COMMENT ON COLUMN care.kev.vendor_project IS 'Vendor or project (vendorProject)';
COMMENT ON COLUMN care.kev.product IS 'Product (product)';
COMMENT ON COLUMN care.kev.vulnerability_name IS 'Name of the vulnerability (vulnerabilityName)';
COMMENT ON COLUMN care.kev.date_added IS 'Date CISA added it to the catalog (dateAdded)';
COMMENT ON COLUMN care.kev.short_description IS 'Description (shortDescription)';
COMMENT ON COLUMN care.kev.required_action IS 'Action CISA requires (requiredAction)';
COMMENT ON COLUMN care.kev.due_date IS 'Due date of the action for US federal agencies (dueDate)';
COMMENT ON COLUMN care.kev.known_ransomware_use IS 'True when known to be used by ransomware campaigns (knownRansomwareCampaignUse = Known), false when Unknown';
COMMENT ON COLUMN care.kev.notes IS 'Notes and references (notes)';
COMMENT ON COLUMN care.kev.cwes IS 'CWE ids (cwes)';
COMMENT ON COLUMN care.kev.catalog_version IS 'Catalog version that added or last changed the entry';

-- The catalog is loaded by users, so dumped with their data.
SELECT pg_catalog.pg_extension_config_dump('care.kev_catalog', '');
SELECT pg_catalog.pg_extension_config_dump('care.kev', '');

-- A finding's CVEs: cves is the list, cve its first element.  A row that
-- sets only cve gets cves = {cve}; a row that sets only cves gets cve =
-- cves[1]; an empty list is no list.  (Values are not rewritten: the
-- format constraints judge them.)  Then known_exploited is set when one of
-- them is in care.kev.  A new row keeps a known_exploited it already
-- carries (a restored dump loads the findings and the catalog in any
-- order); a changed list recomputes it.
CREATE FUNCTION care.finding_sync_cves() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF pg_catalog.cardinality(NEW.cves) OPERATOR(pg_catalog.=) 0 THEN
        NEW.cves := NULL;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND NOT NEW.cves IS DISTINCT FROM OLD.cves THEN
        IF NEW.cve IS DISTINCT FROM OLD.cve THEN
            -- cve changed alone: it replaces the head of the list (null: no list)
            NEW.cves := CASE WHEN NEW.cve IS NOT NULL
                             THEN pg_catalog.array_prepend(NEW.cve, pg_catalog.array_remove(OLD.cves[2:], NEW.cve)) END;
        END IF;
    ELSIF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND NOT NEW.cve IS DISTINCT FROM OLD.cve THEN
        NEW.cve := NEW.cves[1];             -- cves changed alone
    ELSIF NEW.cves IS NULL AND NEW.cve IS NOT NULL THEN
        NEW.cves := ARRAY[NEW.cve];
    ELSIF NEW.cve IS NULL THEN
        NEW.cve := NEW.cves[1];
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
        NEW.known_exploited := NEW.known_exploited OR care.any_known_exploited(NEW.cves);
    ELSE
        NEW.known_exploited := care.any_known_exploited(NEW.cves);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION care.finding_sync_cves() IS
    'Trigger: fills care.finding.cve from cves or cves from cve (cve = cves[1]) and sets known_exploited from care.kev';

-- Normal form of a CVE list: trimmed, upper case, valid ids only, first
-- occurrence kept, report order; null when nothing is left.
CREATE FUNCTION care.cve_list(cves text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT pg_catalog.array_agg(c.id ORDER BY c.n)
      FROM (SELECT DISTINCT ON (v.id) v.id, v.n
              FROM (SELECT pg_catalog.upper(pg_catalog.btrim(x)) AS id, n
                      FROM pg_catalog.unnest(cves) WITH ORDINALITY AS u(x, n)) v
             WHERE v.id OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}$'
             ORDER BY v.id, v.n) c
$$;
COMMENT ON FUNCTION care.cve_list(text[]) IS
    'A CVE list in normal form: trimmed, upper case, valid CVE ids only, duplicates dropped (first kept), order kept; null when empty';

CREATE FUNCTION care.any_known_exploited(cves text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT cves IS NOT NULL
       AND EXISTS (SELECT 1 FROM care.kev k WHERE k.cve OPERATOR(pg_catalog.=) ANY (cves))
$$;
COMMENT ON FUNCTION care.any_known_exploited(text[]) IS
    'True when one of the CVEs is in the loaded KEV catalog (care.kev)';

CREATE TRIGGER finding_sync_cves
    BEFORE INSERT OR UPDATE OF cve, cves ON care.finding
    FOR EACH ROW EXECUTE FUNCTION care.finding_sync_cves();

CREATE VIEW care.finding_kev WITH (security_invoker = true) AS
    SELECT f.id AS finding_id, f.establishment_id, f.audit_id, k.cve, k.date_added,
           k.known_ransomware_use, k.vendor_project, k.product, k.vulnerability_name
      FROM care.finding f
      CROSS JOIN LATERAL pg_catalog.unnest(f.cves) AS c(cve)
      JOIN care.kev k ON k.cve OPERATOR(pg_catalog.=) c.cve;
COMMENT ON VIEW care.finding_kev IS 'Each finding with each of its CVEs that is in the KEV catalog, and what the catalog says of it';
COMMENT ON COLUMN care.finding_kev.finding_id IS 'The finding (care.finding.id)';
COMMENT ON COLUMN care.finding_kev.establishment_id IS 'Its establishment';
COMMENT ON COLUMN care.finding_kev.audit_id IS 'Its audit';
COMMENT ON COLUMN care.finding_kev.cve IS 'A CVE of the finding that is known to be exploited';
COMMENT ON COLUMN care.finding_kev.date_added IS 'Date CISA added the CVE to the catalog';
COMMENT ON COLUMN care.finding_kev.known_ransomware_use IS 'True when known to be used by ransomware campaigns';
COMMENT ON COLUMN care.finding_kev.vendor_project IS 'Vendor or project, as the catalog says';
COMMENT ON COLUMN care.finding_kev.product IS 'Product, as the catalog says';
COMMENT ON COLUMN care.finding_kev.vulnerability_name IS 'Name of the vulnerability, as the catalog says';

-- Load a KEV catalog (the JSON file CISA publishes, as jsonb).  The catalog
-- replaces the loaded one: new CVEs are added, changed entries updated,
-- CVEs no longer listed removed; loading the same version again changes
-- nothing, an older version is refused.  Findings whose CVEs were added or
-- removed get known_exploited recomputed.  Returns, and says in a NOTICE,
-- what changed.
CREATE FUNCTION care.import_kev(catalog jsonb,
                                OUT catalog_version text, OUT added integer, OUT changed integer,
                                OUT removed integer, OUT unchanged integer, OUT findings_flagged integer)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    entries jsonb := catalog OPERATOR(pg_catalog.->) 'vulnerabilities';
    released timestamp with time zone;
    latest text;
    bad record;
    touched text[];
    flagged_before integer;
BEGIN
    IF catalog IS NULL THEN
        RAISE EXCEPTION 'KEV catalog must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    catalog_version := catalog OPERATOR(pg_catalog.->>) 'catalogVersion';
    IF pg_catalog.jsonb_typeof(catalog) OPERATOR(pg_catalog.<>) 'object'
       OR pg_catalog.jsonb_typeof(entries) IS DISTINCT FROM 'array'
       OR care.version_key(catalog_version) IS NULL THEN
        RAISE EXCEPTION 'not a CISA KEV catalog'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A KEV catalog is a JSON object with a catalogVersion and a vulnerabilities array.',
                  HINT = 'Load known_exploited_vulnerabilities.json as CISA publishes it.';
    END IF;

    SELECT e.n, e.v INTO bad
      FROM pg_catalog.jsonb_array_elements(entries) WITH ORDINALITY AS e(v, n)
     WHERE pg_catalog.jsonb_typeof(e.v) OPERATOR(pg_catalog.<>) 'object'
        OR NOT (e.v OPERATOR(pg_catalog.->>) 'cveID') OPERATOR(pg_catalog.~) '^CVE-[0-9]{4}-[0-9]{4,}$'
        OR NOT (e.v OPERATOR(pg_catalog.->>) 'dateAdded') OPERATOR(pg_catalog.~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        OR (e.v OPERATOR(pg_catalog.->>) 'cveID') IS NULL
        OR (e.v OPERATOR(pg_catalog.->>) 'dateAdded') IS NULL
     ORDER BY e.n
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'malformed KEV catalog %', catalog_version
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Vulnerability %s has no valid cveID or dateAdded: %s.',
                                             bad.n, pg_catalog.left(bad.v::text, 200));
    END IF;
    SELECT e.v OPERATOR(pg_catalog.->>) 'cveID' AS cve INTO bad
      FROM pg_catalog.jsonb_array_elements(entries) AS e(v)
     GROUP BY 1 HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1
     ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'malformed KEV catalog %', catalog_version
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('%s is listed more than once.', bad.cve);
    END IF;

    SELECT c.version INTO latest FROM care.kev_catalog c
     ORDER BY care.version_key(c.version) DESC LIMIT 1;
    IF care.version_key(catalog_version) OPERATOR(pg_catalog.<) care.version_key(latest) THEN
        RAISE EXCEPTION 'KEV catalog % is older than the loaded catalog %', catalog_version, latest
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Load the newest catalog CISA publishes.';
    END IF;
    BEGIN
        released := (catalog OPERATOR(pg_catalog.->>) 'dateReleased')::timestamp with time zone;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        released := NULL;
    END;

    CREATE TEMPORARY TABLE care_kev_new ON COMMIT DROP AS
    SELECT e.v OPERATOR(pg_catalog.->>) 'cveID' AS cve,
           e.v OPERATOR(pg_catalog.->>) 'vendorProject' AS vendor_project,
           e.v OPERATOR(pg_catalog.->>) 'product' AS product,
           e.v OPERATOR(pg_catalog.->>) 'vulnerabilityName' AS vulnerability_name,
           (e.v OPERATOR(pg_catalog.->>) 'dateAdded')::date AS date_added,
           e.v OPERATOR(pg_catalog.->>) 'shortDescription' AS short_description,
           e.v OPERATOR(pg_catalog.->>) 'requiredAction' AS required_action,
           CASE WHEN (e.v OPERATOR(pg_catalog.->>) 'dueDate') OPERATOR(pg_catalog.~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                THEN (e.v OPERATOR(pg_catalog.->>) 'dueDate')::date END AS due_date,
           CASE WHEN pg_catalog.lower(e.v OPERATOR(pg_catalog.->>) 'knownRansomwareCampaignUse') OPERATOR(pg_catalog.=) 'known' THEN true
                WHEN pg_catalog.lower(e.v OPERATOR(pg_catalog.->>) 'knownRansomwareCampaignUse') OPERATOR(pg_catalog.=) 'unknown' THEN false
           END AS known_ransomware_use,
           e.v OPERATOR(pg_catalog.->>) 'notes' AS notes,
           CASE WHEN pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'cwes') OPERATOR(pg_catalog.=) 'array'
                THEN ARRAY(SELECT pg_catalog.jsonb_array_elements_text(e.v OPERATOR(pg_catalog.->) 'cwes')) END AS cwes
      FROM pg_catalog.jsonb_array_elements(entries) AS e(v);

    SELECT pg_catalog.count(*) FILTER (WHERE o.cve IS NULL),
           pg_catalog.count(*) FILTER (WHERE o.cve IS NOT NULL AND n.cve IS NOT NULL
                                        AND (n.vendor_project, n.product, n.vulnerability_name, n.date_added,
                                             n.short_description, n.required_action, n.due_date,
                                             n.known_ransomware_use, n.notes, n.cwes)
                                            IS DISTINCT FROM
                                            (o.vendor_project, o.product, o.vulnerability_name, o.date_added,
                                             o.short_description, o.required_action, o.due_date,
                                             o.known_ransomware_use, o.notes, o.cwes)),
           pg_catalog.count(*) FILTER (WHERE n.cve IS NULL),
           pg_catalog.array_agg(COALESCE(n.cve, o.cve)) FILTER (WHERE n.cve IS NULL OR o.cve IS NULL)
      INTO added, changed, removed, touched
      FROM pg_temp.care_kev_new n
      FULL JOIN care.kev o ON o.cve OPERATOR(pg_catalog.=) n.cve;
    unchanged := pg_catalog.jsonb_array_length(entries) OPERATOR(pg_catalog.-) added OPERATOR(pg_catalog.-) changed;

    INSERT INTO care.kev_catalog AS c (version, released_at, entry_count, added, changed, removed)
    VALUES (catalog_version, released, pg_catalog.jsonb_array_length(entries), added, changed, removed)
    ON CONFLICT (version) DO UPDATE
       SET loaded_at = pg_catalog.now(), loaded_by = CURRENT_USER,
           added = c.added OPERATOR(pg_catalog.+) excluded.added,
           changed = c.changed OPERATOR(pg_catalog.+) excluded.changed,
           removed = c.removed OPERATOR(pg_catalog.+) excluded.removed;

    DELETE FROM care.kev o
     WHERE NOT EXISTS (SELECT 1 FROM pg_temp.care_kev_new n WHERE n.cve OPERATOR(pg_catalog.=) o.cve);
    INSERT INTO care.kev AS o (cve, vendor_project, product, vulnerability_name, date_added,
                               short_description, required_action, due_date, known_ransomware_use,
                               notes, cwes, catalog_version)
    SELECT n.cve, n.vendor_project, n.product, n.vulnerability_name, n.date_added,
           n.short_description, n.required_action, n.due_date, n.known_ransomware_use,
           n.notes, n.cwes, catalog_version
      FROM pg_temp.care_kev_new n
    ON CONFLICT (cve) DO UPDATE
       SET vendor_project = excluded.vendor_project, product = excluded.product,
           vulnerability_name = excluded.vulnerability_name, date_added = excluded.date_added,
           short_description = excluded.short_description, required_action = excluded.required_action,
           due_date = excluded.due_date, known_ransomware_use = excluded.known_ransomware_use,
           notes = excluded.notes, cwes = excluded.cwes, catalog_version = excluded.catalog_version
     WHERE (o.vendor_project, o.product, o.vulnerability_name, o.date_added, o.short_description,
            o.required_action, o.due_date, o.known_ransomware_use, o.notes, o.cwes)
           IS DISTINCT FROM
           (excluded.vendor_project, excluded.product, excluded.vulnerability_name, excluded.date_added,
            excluded.short_description, excluded.required_action, excluded.due_date,
            excluded.known_ransomware_use, excluded.notes, excluded.cwes);
    DROP TABLE pg_temp.care_kev_new;

    -- findings that name a CVE the load added or removed
    UPDATE care.finding f
       SET known_exploited = care.any_known_exploited(f.cves)
     WHERE f.cves OPERATOR(pg_catalog.&&) touched
       AND f.known_exploited IS DISTINCT FROM care.any_known_exploited(f.cves);
    GET DIAGNOSTICS findings_flagged = ROW_COUNT;

    RAISE NOTICE 'KEV catalog % loaded: % added, % changed, % removed, % unchanged',
        catalog_version, added, changed, removed, unchanged
        USING DETAIL = pg_catalog.format('%s finding(s) had their known_exploited flag changed.', findings_flagged);
    RETURN;
END
$$;
COMMENT ON FUNCTION care.import_kev(jsonb) IS
    'Loads a CISA KEV catalog (known_exploited_vulnerabilities.json as jsonb): adds, updates and removes care.kev rows, refuses an older catalog, re-flags the findings concerned; returns and reports the counts';
