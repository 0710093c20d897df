-- ANSSI Active Directory checkpoints and their levels: reference data shipped
-- with care (rows in 23_anssi_checkpoint_data.sql, generated from
-- shared/data/anssi_ad_checkpoints.csv by tests/gen_reference_data.py).
-- Levels changed between versions of ANSSI's guide, and PingCastle labels
-- some checkpoints with older levels (vuln4_dnsadmins where the guide now
-- says 1), so the table is versioned: one row per (version, checkpoint id).

CREATE TABLE care.anssi_checkpoint (
    version text NOT NULL,
    checkpoint text NOT NULL,
    name text NOT NULL,
    level smallint NOT NULL,
    levels smallint[] NOT NULL,
    title text,
    title_en text,
    pingcastle_rules text[],
    CONSTRAINT anssi_checkpoint_pkey PRIMARY KEY (version, checkpoint),
    CONSTRAINT anssi_checkpoint_version_format
        CHECK (version OPERATOR(pg_catalog.~) '^[a-z0-9][a-z0-9._-]*$'),
    CONSTRAINT anssi_checkpoint_id_format
        CHECK (checkpoint OPERATOR(pg_catalog.~) '^vuln[1-5]?_[a-z0-9_]+$'),
    CONSTRAINT anssi_checkpoint_name_format
        CHECK (name OPERATOR(pg_catalog.~) '^vuln_[a-z0-9_]+$'
               AND name OPERATOR(pg_catalog.=)
                   pg_catalog.regexp_replace(checkpoint, '^vuln[1-5]_', 'vuln_')),
    CONSTRAINT anssi_checkpoint_level_range
        CHECK (level OPERATOR(pg_catalog.>=) 1 AND level OPERATOR(pg_catalog.<=) 5),
    CONSTRAINT anssi_checkpoint_level_is_lowest
        CHECK (level OPERATOR(pg_catalog.=) levels[1]
               AND level OPERATOR(pg_catalog.<=) ALL (levels)
               AND 5 OPERATOR(pg_catalog.>=) ALL (levels))
);
CREATE INDEX anssi_checkpoint_version_name_idx ON care.anssi_checkpoint (version, name);

COMMENT ON TABLE care.anssi_checkpoint IS 'ANSSI Active Directory checkpoints with their level(s), by version of the level table (reference data; versions anssi and pingcastle-3.3 ship with care)';
COMMENT ON COLUMN care.anssi_checkpoint.version IS 'Version of the checkpoint-to-level table: anssi (ANSSI''s current AD guide, ids vuln_<name>), pingcastle-3.3 (levels as PingCastle 3.3 labels them, ids vuln<level>_<name>), or one users add';
COMMENT ON COLUMN care.anssi_checkpoint.checkpoint IS 'Checkpoint id as the version writes it: vuln_<name>, or PingCastle-style vuln<level>_<name>';
COMMENT ON COLUMN care.anssi_checkpoint.name IS 'Checkpoint id without a level: vuln_<name>, to match ids written in either style';
COMMENT ON COLUMN care.anssi_checkpoint.level IS 'Lowest level of the checkpoint, 1 (critical) .. 5: an AD where it fails is at most at this level';
COMMENT ON COLUMN care.anssi_checkpoint.levels IS 'Every level the checkpoint has in this version, ascending (some checkpoints have variants at several levels)';
COMMENT ON COLUMN care.anssi_checkpoint.title IS 'Title in French, as ANSSI words it (null when ANSSI''s list does not have it)';
COMMENT ON COLUMN care.anssi_checkpoint.title_en IS 'Title in English, as PingCastle words it, when PingCastle implements the checkpoint';
COMMENT ON COLUMN care.anssi_checkpoint.pingcastle_rules IS 'PingCastle rules (care.pingcastle_rule.rule_id) that implement the checkpoint';

-- Level of a checkpoint id in one version of the table; ids are accepted in
-- either style.  An exact id wins; otherwise the id is compared on its name
-- (vuln<l>_x and vuln_x both name vuln_x): the level its digit states when
-- that level is one of the checkpoint's levels in the version, else the
-- checkpoint's lowest level there.  Null for an unknown checkpoint.
CREATE FUNCTION care.anssi_level(checkpoint text, version text DEFAULT 'anssi') RETURNS smallint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT COALESCE(
        (SELECT a.level FROM care.anssi_checkpoint a
          WHERE a.version OPERATOR(pg_catalog.=) $2 AND a.checkpoint OPERATOR(pg_catalog.=) $1),
        (SELECT CASE WHEN d.digit OPERATOR(pg_catalog.=) ANY (pg_catalog.array_agg(l.level)) THEN d.digit
                     ELSE pg_catalog.min(l.level) END
           FROM (SELECT (pg_catalog.regexp_match($1, '^vuln([1-5])_'))[1]::smallint AS digit) d,
                care.anssi_checkpoint a
                CROSS JOIN LATERAL pg_catalog.unnest(a.levels) AS l(level)
          WHERE a.version OPERATOR(pg_catalog.=) $2
            AND a.name OPERATOR(pg_catalog.=) pg_catalog.regexp_replace($1, '^vuln[1-5]_', 'vuln_')
          GROUP BY d.digit))
$$;
COMMENT ON FUNCTION care.anssi_level(text, text) IS
    'Level 1..5 of an ANSSI AD checkpoint id (vuln_<name> or PingCastle-style vuln<level>_<name>) in a version of care.anssi_checkpoint (default anssi); null when unknown';

SELECT pg_catalog.pg_extension_config_dump('care.anssi_checkpoint',
    $$WHERE version OPERATOR(pg_catalog.<>) ALL (ARRAY['anssi', 'pingcastle-3.3'])$$);
