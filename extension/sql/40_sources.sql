-- The sources rules can read: a registry of relations, each holding rows
-- of one establishment.  The rules compiler sees these relations, their
-- columns (types and nullability from pg_catalog) and the foreign keys
-- between them (links), and nothing else.

CREATE TABLE care.source (
    name text NOT NULL,
    relation regclass NOT NULL,
    key_column name NOT NULL,
    establishment_column name NOT NULL,
    is_evidence boolean NOT NULL DEFAULT false,
    plural text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT source_pkey PRIMARY KEY (name),
    CONSTRAINT source_relation_key UNIQUE (relation),
    CONSTRAINT source_plural_key UNIQUE (plural),
    CONSTRAINT source_name_format CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    CONSTRAINT source_plural_format CHECK (plural OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$')
);
COMMENT ON TABLE care.source IS 'Relations rules can read as sources: each row belongs to one establishment';
COMMENT ON COLUMN care.source.name IS 'Name of the source in rules (audit, finding, ...)';
COMMENT ON COLUMN care.source.relation IS 'The table or view holding the rows';
COMMENT ON COLUMN care.source.key_column IS 'Column identifying a row (bigint)';
COMMENT ON COLUMN care.source.establishment_column IS 'Column holding the establishment id the row belongs to';
COMMENT ON COLUMN care.source.is_evidence IS 'True when ids come from care.evidence_id_seq, so verdicts may cite rows as witnesses';
COMMENT ON COLUMN care.source.plural IS 'Name of the link that leads from a parent row to these rows (audit.findings)';
COMMENT ON COLUMN care.source.shipped IS 'True for the sources care installs; user registrations are dumped';

INSERT INTO care.source (name, relation, key_column, establishment_column, is_evidence, plural, shipped) VALUES
    ('establishment', 'care.establishment', 'id', 'id', false, 'establishments', true),
    ('candidacy', 'care.candidacy', 'id', 'establishment_id', false, 'candidacies', true),
    ('ad_domain', 'care.ad_domain', 'id', 'establishment_id', true, 'ad_domains', true),
    ('audit', 'care.audit', 'id', 'establishment_id', true, 'audits', true),
    ('finding', 'care.finding', 'id', 'establishment_id', true, 'findings', true);

SELECT pg_catalog.pg_extension_config_dump('care.source', 'WHERE NOT shipped');

CREATE TABLE care.ordered_enum (
    type regtype NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT ordered_enum_pkey PRIMARY KEY (type)
);
COMMENT ON TABLE care.ordered_enum IS 'Enum types whose order means something to rules (severity): only these allow <, <=, >, >= in rules';
COMMENT ON COLUMN care.ordered_enum.type IS 'The enum type';
COMMENT ON COLUMN care.ordered_enum.shipped IS 'True for the rows care installs; user rows are dumped';
INSERT INTO care.ordered_enum (type, shipped) VALUES ('care.severity', true);
SELECT pg_catalog.pg_extension_config_dump('care.ordered_enum', 'WHERE NOT shipped');

-- Register a relation as a source rules can read.
CREATE FUNCTION care.register_source(name text, relation regclass,
                                     key_column name DEFAULT 'id',
                                     establishment_column name DEFAULT 'establishment_id',
                                     plural text DEFAULT NULL,
                                     is_evidence boolean DEFAULT false)
    RETURNS care.source
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    registered care.source;
    column_type regtype;
BEGIN
    SELECT a.atttypid::regtype INTO column_type
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) relation
       AND a.attname OPERATOR(pg_catalog.=) key_column AND NOT a.attisdropped;
    IF column_type IS NULL OR column_type OPERATOR(pg_catalog.<>) 'bigint'::regtype THEN
        RAISE EXCEPTION 'source key column % of % must be a bigint column', key_column, relation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    column_type := NULL;
    SELECT a.atttypid::regtype INTO column_type
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid OPERATOR(pg_catalog.=) relation
       AND a.attname OPERATOR(pg_catalog.=) establishment_column AND NOT a.attisdropped;
    IF column_type IS NULL OR column_type OPERATOR(pg_catalog.<>) 'bigint'::regtype THEN
        RAISE EXCEPTION 'source establishment column % of % must be a bigint column', establishment_column, relation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO care.source (name, relation, key_column, establishment_column, is_evidence, plural)
    VALUES (register_source.name, register_source.relation, register_source.key_column,
            register_source.establishment_column, register_source.is_evidence,
            coalesce(register_source.plural, register_source.name OPERATOR(pg_catalog.||) 's'))
    RETURNING * INTO registered;
    RETURN registered;
END
$$;
COMMENT ON FUNCTION care.register_source(text, regclass, name, name, text, boolean) IS
    'Registers a table or view as a source rules can read; its rows must carry an establishment id';
