-- Establishments: legal entities (EJ), sites (ET) and GHTs, by FINESS number.

CREATE TABLE care.establishment (
    id bigint GENERATED ALWAYS AS IDENTITY,
    finess care.finess NOT NULL,
    name text NOT NULL,
    kind care.establishment_kind NOT NULL,
    region text NOT NULL,
    parent_id bigint,
    CONSTRAINT establishment_pkey PRIMARY KEY (id),
    CONSTRAINT establishment_finess_key UNIQUE (finess),
    CONSTRAINT establishment_region_fkey FOREIGN KEY (region) REFERENCES care.region (code),
    CONSTRAINT establishment_parent_fkey FOREIGN KEY (parent_id) REFERENCES care.establishment (id),
    CONSTRAINT establishment_name_not_blank
        CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    CONSTRAINT establishment_not_own_parent
        CHECK (parent_id OPERATOR(pg_catalog.<>) id),
    CONSTRAINT establishment_ght_has_no_parent
        CHECK (kind OPERATOR(pg_catalog.<>) 'ght' OR parent_id IS NULL)
);
CREATE INDEX establishment_parent_idx ON care.establishment (parent_id);
CREATE INDEX establishment_region_kind_idx ON care.establishment (region, kind);

COMMENT ON TABLE care.establishment IS 'Health establishments that take part in CaRE: GHTs, legal entities and sites';
COMMENT ON COLUMN care.establishment.id IS 'Surrogate key, generated';
COMMENT ON COLUMN care.establishment.finess IS 'FINESS number (legal entity or site), unique';
COMMENT ON COLUMN care.establishment.name IS 'Name (raison sociale)';
COMMENT ON COLUMN care.establishment.kind IS 'Kind as CaRE counts them: ght, public, private_nonprofit, private_forprofit';
COMMENT ON COLUMN care.establishment.region IS 'INSEE code of the region whose ARS follows the establishment (care.region)';
COMMENT ON COLUMN care.establishment.parent_id IS 'The legal entity of a site, or the GHT of a member establishment; null for a top-level entity';

-- A cycle in the parent links (A under B under A) is refused; a new row
-- cannot close a cycle, so only updates are checked.
CREATE FUNCTION care.establishment_parent_acyclic() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    ancestor bigint := NEW.parent_id;
    hops integer := 0;
BEGIN
    IF NEW.parent_id OPERATOR(pg_catalog.=) NEW.id THEN
        RETURN NEW;             -- establishment_not_own_parent says it better
    END IF;
    WHILE ancestor IS NOT NULL LOOP
        IF ancestor OPERATOR(pg_catalog.=) NEW.id THEN
            RAISE EXCEPTION 'establishment % cannot be placed under establishment %', NEW.id, NEW.parent_id
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'establishment_parent_acyclic',
                      DETAIL = pg_catalog.format('Establishment %s is already above establishment %s, so the parent links would form a cycle.', NEW.id, NEW.parent_id);
        END IF;
        hops := hops OPERATOR(pg_catalog.+) 1;
        EXIT WHEN hops OPERATOR(pg_catalog.>) 1000;
        SELECT e.parent_id INTO ancestor FROM care.establishment e WHERE e.id OPERATOR(pg_catalog.=) ancestor;
    END LOOP;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION care.establishment_parent_acyclic() IS 'Trigger: refuses parent links that would form a cycle';

CREATE TRIGGER establishment_parent_acyclic
    BEFORE UPDATE OF parent_id ON care.establishment
    FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL)
    EXECUTE FUNCTION care.establishment_parent_acyclic();

SELECT pg_catalog.pg_extension_config_dump('care.establishment', '');
SELECT pg_catalog.pg_extension_config_dump('care.establishment_id_seq', '');
