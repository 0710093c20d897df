-- Rulesets: the source an analyst wrote, what the compiler made of it, and
-- which ruleset each campaign uses.  A name + version is immutable: a
-- change is a new version.

CREATE TYPE care.compiled_ruleset AS (
    name text,
    version integer,
    campaign text,
    title text,
    canonical text,
    content_sha256 text,
    params jsonb,
    objectives jsonb,
    eligible_when text,
    dependencies text[],
    verdict_sql text,
    evaluate_sql text,
    explain_sql text
);
COMMENT ON TYPE care.compiled_ruleset IS 'What the rules compiler makes of a ruleset source (care.ruleset_compile)';

CREATE TYPE care.diagnostic AS (
    severity text,
    line integer,
    col integer,
    end_line integer,
    end_col integer,
    sqlstate text,
    message text,
    detail text,
    hint text
);
COMMENT ON TYPE care.diagnostic IS 'One error or warning of the rules checker, with its position in the source (1-based line and column)';

CREATE FUNCTION care.ruleset_compile(source text) RETURNS care.compiled_ruleset
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_ruleset_compile';
COMMENT ON FUNCTION care.ruleset_compile(text) IS
    'Checks and compiles a ruleset against the live catalogue; raises the first error with its position, warnings become notices';

CREATE FUNCTION care.ruleset_check(source text) RETURNS SETOF care.diagnostic
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_ruleset_check';
COMMENT ON FUNCTION care.ruleset_check(text) IS
    'Every error and warning of a ruleset, as rows, without raising (for editors and review tools)';

CREATE FUNCTION care.schema_export() RETURNS text
    LANGUAGE c STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_schema_export';
COMMENT ON FUNCTION care.schema_export() IS
    'The schema rules are checked against (sources, fields, links, enums), in the text form carec --schema reads';

CREATE TABLE care.ruleset (
    name text NOT NULL,
    version integer NOT NULL,
    campaign text NOT NULL,
    title text,
    source text NOT NULL,
    canonical text NOT NULL,
    content_sha256 text NOT NULL,
    params jsonb NOT NULL,
    objectives jsonb NOT NULL,
    eligible_when text NOT NULL,
    dependencies text[] NOT NULL,
    verdict_sql text NOT NULL,
    evaluate_sql text NOT NULL,
    explain_sql text NOT NULL,
    defined_by name NOT NULL DEFAULT CURRENT_USER,
    defined_at timestamp with time zone NOT NULL DEFAULT pg_catalog.now(),
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT ruleset_pkey PRIMARY KEY (name, version),
    CONSTRAINT ruleset_name_version_campaign_key UNIQUE (name, version, campaign),
    CONSTRAINT ruleset_campaign_fkey FOREIGN KEY (campaign) REFERENCES care.campaign (code),
    CONSTRAINT ruleset_version_positive CHECK (version OPERATOR(pg_catalog.>) 0)
);
COMMENT ON TABLE care.ruleset IS 'Rulesets defined with care.ruleset_define: source, canonical form, compiled SQL; immutable once defined';
COMMENT ON COLUMN care.ruleset.name IS 'Name given in the ruleset header';
COMMENT ON COLUMN care.ruleset.version IS 'Version given in the ruleset header; a change is a new version';
COMMENT ON COLUMN care.ruleset.campaign IS 'Campaign the ruleset decides';
COMMENT ON COLUMN care.ruleset.title IS 'Title given in the ruleset header';
COMMENT ON COLUMN care.ruleset.source IS 'The source text as the analyst wrote it';
COMMENT ON COLUMN care.ruleset.canonical IS 'Canonical form of the source (what carec fmt prints)';
COMMENT ON COLUMN care.ruleset.content_sha256 IS 'SHA-256 of the canonical form, in hex: two sources with the same meaning and layout-only differences share it';
COMMENT ON COLUMN care.ruleset.params IS 'Parameters: name, type, SQL type and default, in declaration order';
COMMENT ON COLUMN care.ruleset.objectives IS 'Objectives: id, title and requirements (source text, message template)';
COMMENT ON COLUMN care.ruleset.eligible_when IS 'The eligible-when expression, canonical';
COMMENT ON COLUMN care.ruleset.dependencies IS 'Sources and fields the rules read (audit, audit.performed_on, ...)';
COMMENT ON COLUMN care.ruleset.verdict_sql IS 'Compiled SQL evaluating one establishment';
COMMENT ON COLUMN care.ruleset.evaluate_sql IS 'Compiled SQL evaluating every establishment in one set-based query';
COMMENT ON COLUMN care.ruleset.explain_sql IS 'Compiled SQL explaining one establishment, requirement by requirement';
COMMENT ON COLUMN care.ruleset.defined_by IS 'Role that defined the ruleset';
COMMENT ON COLUMN care.ruleset.defined_at IS 'When it was defined';
COMMENT ON COLUMN care.ruleset.shipped IS 'True for rulesets care installs; user rulesets are dumped';

-- Activations are events: the ruleset deciding a campaign is the one of
-- its latest activation.  The activation care ships is dated -infinity and
-- sorts before every user activation, so a dump restored onto a new
-- install keeps the user's choice.
CREATE TABLE care.ruleset_activation (
    id bigint GENERATED ALWAYS AS IDENTITY,
    campaign text NOT NULL,
    ruleset_name text NOT NULL,
    ruleset_version integer NOT NULL,
    activated_at timestamp with time zone NOT NULL DEFAULT pg_catalog.now(),
    activated_by name NOT NULL DEFAULT CURRENT_USER,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT ruleset_activation_pkey PRIMARY KEY (id),
    CONSTRAINT ruleset_activation_ruleset_fkey FOREIGN KEY (ruleset_name, ruleset_version, campaign)
        REFERENCES care.ruleset (name, version, campaign)
);
CREATE INDEX ruleset_activation_campaign_idx
    ON care.ruleset_activation (campaign, shipped, activated_at DESC, id DESC);
COMMENT ON TABLE care.ruleset_activation IS 'Activations of rulesets for campaigns, as events: the latest decides';
COMMENT ON COLUMN care.ruleset_activation.id IS 'Surrogate key, generated';
COMMENT ON COLUMN care.ruleset_activation.campaign IS 'The campaign';
COMMENT ON COLUMN care.ruleset_activation.ruleset_name IS 'The ruleset activated';
COMMENT ON COLUMN care.ruleset_activation.ruleset_version IS 'Its version';
COMMENT ON COLUMN care.ruleset_activation.activated_at IS 'When it became the ruleset deciding the campaign (-infinity for the one care ships)';
COMMENT ON COLUMN care.ruleset_activation.activated_by IS 'Role that activated it';
COMMENT ON COLUMN care.ruleset_activation.shipped IS 'True for the activation care installs; user activations are dumped and always come after it';

CREATE VIEW care.active_ruleset WITH (security_invoker = true) AS
    SELECT DISTINCT ON (a.campaign)
           a.campaign, a.ruleset_name, a.ruleset_version, a.activated_at, a.activated_by
      FROM care.ruleset_activation a
     ORDER BY a.campaign, a.shipped, a.activated_at DESC, a.id DESC;
COMMENT ON VIEW care.active_ruleset IS 'The ruleset deciding each campaign: the one of its latest activation';
COMMENT ON COLUMN care.active_ruleset.campaign IS 'The campaign';
COMMENT ON COLUMN care.active_ruleset.ruleset_name IS 'The ruleset deciding it';
COMMENT ON COLUMN care.active_ruleset.ruleset_version IS 'Its version';
COMMENT ON COLUMN care.active_ruleset.activated_at IS 'Since when';
COMMENT ON COLUMN care.active_ruleset.activated_by IS 'Who activated it';

CREATE VIEW care.ruleset_activation_history WITH (security_invoker = true) AS
    SELECT a.campaign, a.ruleset_name, a.ruleset_version, a.activated_at, a.activated_by,
           pg_catalog.lead(a.activated_at) OVER w AS replaced_at,
           pg_catalog.lead(a.activated_by) OVER w AS replaced_by
      FROM care.ruleset_activation a
    WINDOW w AS (PARTITION BY a.campaign ORDER BY a.shipped DESC, a.activated_at, a.id);
COMMENT ON VIEW care.ruleset_activation_history IS 'Which ruleset decided each campaign, from when until when';
COMMENT ON COLUMN care.ruleset_activation_history.campaign IS 'The campaign';
COMMENT ON COLUMN care.ruleset_activation_history.ruleset_name IS 'The ruleset';
COMMENT ON COLUMN care.ruleset_activation_history.ruleset_version IS 'Its version';
COMMENT ON COLUMN care.ruleset_activation_history.activated_at IS 'When it was activated (-infinity: shipped with care)';
COMMENT ON COLUMN care.ruleset_activation_history.activated_by IS 'Who activated it';
COMMENT ON COLUMN care.ruleset_activation_history.replaced_at IS 'When the next activation replaced it; null while it decides';
COMMENT ON COLUMN care.ruleset_activation_history.replaced_by IS 'Who replaced it';

-- A defined ruleset never changes: its verdicts must stay explainable.
CREATE FUNCTION care.ruleset_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RAISE EXCEPTION 'ruleset % version % cannot be changed', OLD.name, OLD.version
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = pg_catalog.format('Define version %s instead, then activate it.', OLD.version OPERATOR(pg_catalog.+) 1);
END
$$;
COMMENT ON FUNCTION care.ruleset_immutable() IS 'Trigger: refuses updates of a defined ruleset';
CREATE TRIGGER ruleset_immutable BEFORE UPDATE ON care.ruleset
    FOR EACH ROW EXECUTE FUNCTION care.ruleset_immutable();

-- Every backend caches which ruleset decides each campaign; a change of
-- the activations (or a deleted ruleset) tells them all, at commit.
CREATE FUNCTION care.ruleset_cache_invalidate() RETURNS trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'care_ruleset_cache_invalidate';
COMMENT ON FUNCTION care.ruleset_cache_invalidate() IS
    'Trigger: tells every backend, at commit, to forget its cached campaign to ruleset mapping';
CREATE TRIGGER ruleset_activation_cache_invalidate
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON care.ruleset_activation
    FOR EACH STATEMENT EXECUTE FUNCTION care.ruleset_cache_invalidate();
CREATE TRIGGER ruleset_cache_invalidate
    AFTER DELETE OR TRUNCATE ON care.ruleset
    FOR EACH STATEMENT EXECUTE FUNCTION care.ruleset_cache_invalidate();

-- Compile and store a ruleset.  Defining again the same name and version
-- with the same meaning returns the stored one; different content is an error.
CREATE FUNCTION care.ruleset_define(source text) RETURNS care.ruleset
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    compiled care.compiled_ruleset;
    stored care.ruleset;
BEGIN
    compiled := care.ruleset_compile(source);
    IF NOT EXISTS (SELECT 1 FROM care.campaign c WHERE c.code OPERATOR(pg_catalog.=) compiled.campaign) THEN
        RAISE EXCEPTION 'campaign "%" of ruleset % does not exist', compiled.campaign, compiled.name
            USING ERRCODE = 'undefined_object',
                  HINT = pg_catalog.format('Campaigns are the rows of care.campaign: %s.',
                      (SELECT pg_catalog.string_agg(c.code, ', ' ORDER BY c.code) FROM care.campaign c));
    END IF;
    SELECT * INTO stored FROM care.ruleset r
     WHERE r.name OPERATOR(pg_catalog.=) compiled.name
       AND r.version OPERATOR(pg_catalog.=) compiled.version
       FOR KEY SHARE;
    IF FOUND THEN
        IF stored.content_sha256 OPERATOR(pg_catalog.=) compiled.content_sha256 THEN
            RAISE NOTICE 'ruleset % version % is already defined with this content', stored.name, stored.version;
            RETURN stored;
        END IF;
        RAISE EXCEPTION 'ruleset % version % is already defined with other content', compiled.name, compiled.version
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A defined ruleset never changes, so that its verdicts stay explainable.',
                  HINT = pg_catalog.format('Give the new content version %s.',
                      (SELECT pg_catalog.max(r.version) OPERATOR(pg_catalog.+) 1 FROM care.ruleset r
                        WHERE r.name OPERATOR(pg_catalog.=) compiled.name));
    END IF;
    INSERT INTO care.ruleset (name, version, campaign, title, source, canonical, content_sha256,
                              params, objectives, eligible_when, dependencies,
                              verdict_sql, evaluate_sql, explain_sql)
    VALUES (compiled.name, compiled.version, compiled.campaign, compiled.title, source,
            compiled.canonical, compiled.content_sha256, compiled.params, compiled.objectives,
            compiled.eligible_when, compiled.dependencies,
            compiled.verdict_sql, compiled.evaluate_sql, compiled.explain_sql)
    RETURNING * INTO stored;
    RETURN stored;
END
$$;
COMMENT ON FUNCTION care.ruleset_define(text) IS
    'Checks, compiles and stores a ruleset; errors carry the line and column in the source';

-- Make a ruleset the one that decides its campaign; earlier activations
-- stay in the history.
CREATE FUNCTION care.ruleset_activate(name text, version integer) RETURNS care.ruleset_activation
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    target care.ruleset;
    current care.active_ruleset;
    activation care.ruleset_activation;
BEGIN
    SELECT * INTO target FROM care.ruleset r
     WHERE r.name OPERATOR(pg_catalog.=) ruleset_activate.name
       AND r.version OPERATOR(pg_catalog.=) ruleset_activate.version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ruleset % version % does not exist', ruleset_activate.name, ruleset_activate.version
            USING ERRCODE = 'undefined_object',
                  HINT = CASE WHEN EXISTS (SELECT 1 FROM care.ruleset r WHERE r.name OPERATOR(pg_catalog.=) ruleset_activate.name)
                              THEN pg_catalog.format('Defined versions: %s.',
                                   (SELECT pg_catalog.string_agg(r.version::text, ', ' ORDER BY r.version)
                                      FROM care.ruleset r WHERE r.name OPERATOR(pg_catalog.=) ruleset_activate.name))
                              ELSE 'Define it first with care.ruleset_define().' END;
    END IF;
    -- one activation of a campaign at a time
    PERFORM 1 FROM care.campaign c WHERE c.code OPERATOR(pg_catalog.=) target.campaign FOR UPDATE;
    SELECT * INTO current FROM care.active_ruleset a WHERE a.campaign OPERATOR(pg_catalog.=) target.campaign;
    IF FOUND AND current.ruleset_name OPERATOR(pg_catalog.=) target.name
             AND current.ruleset_version OPERATOR(pg_catalog.=) target.version THEN
        RAISE NOTICE 'ruleset % version % already decides campaign %', target.name, target.version, target.campaign;
        SELECT * INTO activation FROM care.ruleset_activation a
         WHERE a.campaign OPERATOR(pg_catalog.=) target.campaign
         ORDER BY a.shipped, a.activated_at DESC, a.id DESC LIMIT 1;
        RETURN activation;
    END IF;
    INSERT INTO care.ruleset_activation (campaign, ruleset_name, ruleset_version)
    VALUES (target.campaign, target.name, target.version)
    RETURNING * INTO activation;
    RETURN activation;
END
$$;
COMMENT ON FUNCTION care.ruleset_activate(text, integer) IS
    'Makes a defined ruleset the one that decides its campaign; the history of activations is kept';

SELECT pg_catalog.pg_extension_config_dump('care.ruleset', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('care.ruleset_activation', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('care.ruleset_activation_id_seq', '');
