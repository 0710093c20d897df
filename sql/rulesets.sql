-- Rulesets: defined from source with errors that say what, where and why;
-- immutable once defined; activated per campaign with a history.
SET search_path = care, public;
\set VERBOSITY default

-- the shipped D1 ruleset is defined and decides campaign D1
SELECT name, version, campaign, title, shipped, defined_by IS NOT NULL AS has_author,
       length(content_sha256) AS hash_length, dependencies
  FROM care.ruleset;
SELECT campaign, ruleset_name, ruleset_version, activated_at FROM care.active_ruleset;
SELECT jsonb_pretty(params) FROM care.ruleset WHERE name = 'care_d1';
SELECT o->>'id' AS objective, r->>'index' AS requirement, r->>'text' AS requirement_text
  FROM care.ruleset, jsonb_array_elements(objectives) o, jsonb_array_elements(o->'requirements') r
 WHERE name = 'care_d1';

-- a syntax error, with its position
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o {
  require exists audit where
}
eligible when o
$$);
\echo :LAST_ERROR_SQLSTATE
-- a type error, with both types
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o {
  require exists audit where kind = exposure and performed_on >= 3
}
eligible when o
$$);
\echo :LAST_ERROR_SQLSTATE
-- an unknown field, with a suggestion
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o {
  require exists audit where performd_on <= as_of
}
eligible when o
$$);
\echo :LAST_ERROR_SQLSTATE
-- rules reach only registered sources: not the catalogue, not care's own tables
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o { require exists pg_authid }
eligible when o
$$);
\echo :LAST_ERROR_SQLSTATE
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o { require exists ruleset }
eligible when o
$$);
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o { require exists care.ruleset }
eligible when o
$$);
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o { require exists audit where pg_catalog.now() > as_of }
eligible when o
$$);
-- several errors: the first is raised, the count of the others is given
SELECT care.ruleset_define($$ruleset broken version 1 campaign 'D1'
objective o { require exists audits and count(finding) > 'x' }
eligible when o and p
$$);
-- care.ruleset_check() lists them all, and warnings, without raising
SELECT * FROM care.ruleset_check($$ruleset broken version 1 campaign 'D1'
param unused integer = 3
objective o { require exists audits and count(finding) > 'x' }
eligible when o and p
$$);
SELECT count(*) AS diagnostics FROM care.ruleset_check((SELECT source FROM care.ruleset WHERE name = 'care_d1'));
-- a ruleset for a campaign that does not exist
SELECT care.ruleset_define($$ruleset d9 version 1 campaign 'D9'
objective o { require exists audit }
eligible when o
$$);
-- nothing half-stored
SELECT count(*) AS rulesets FROM care.ruleset;

-- warnings become notices, and the ruleset is stored
SELECT name, version FROM care.ruleset_define($$ruleset minimal version 1 campaign 'D1'
  title "Une règle minimale"
param unused integer = 3
objective exposure "Au moins un audit d'exposition" { require exists audit where kind = exposure }
eligible when exposure
$$);
-- the same again is the same ruleset
SELECT name, version FROM care.ruleset_define($$ruleset minimal version 1 campaign 'D1'
  title "Une règle minimale"
param unused integer = 3
objective exposure "Au moins un audit d'exposition" { require exists audit where kind = exposure }
eligible when exposure
$$);
-- other content under the same version is refused
SELECT care.ruleset_define($$ruleset minimal version 1 campaign 'D1'
objective exposure { require exists audit where kind = ad }
eligible when exposure
$$);
-- a defined ruleset never changes
UPDATE care.ruleset SET title = 'changed' WHERE name = 'minimal';

-- activation: the latest decides; the history is kept
SELECT campaign, ruleset_name, ruleset_version FROM care.ruleset_activate('minimal', 1);
SELECT campaign, ruleset_name, ruleset_version FROM care.active_ruleset;
SELECT campaign, ruleset_name, ruleset_version FROM care.ruleset_activate('minimal', 1);
SELECT campaign, ruleset_name, ruleset_version FROM care.ruleset_activate('care_d1', 1);
SELECT campaign, ruleset_name, ruleset_version, activated_at = '-infinity' AS shipped_activation,
       replaced_at IS NULL AS deciding
  FROM care.ruleset_activation_history ORDER BY activated_at, ruleset_name;
SELECT care.ruleset_activate('minimal', 2);
SELECT care.ruleset_activate('nothing', 1);
-- a ruleset that was activated cannot be deleted
DELETE FROM care.ruleset WHERE name = 'minimal';

-- calls: errors name what is wrong
SELECT care_eligible(NULL) AS null_in_null_out;
SELECT care_eligible(-1);
SELECT care_eligible(1, 'D9');
INSERT INTO care.campaign (code, title, domain, launched_on, candidacy_opens_on, candidacy_closes_on, envelope)
VALUES ('D3', 'Accès distants', 'Sécurisation des accès distants', '2025-01-15', '2025-01-15', '2025-03-15', 0);
SELECT care_eligible(1, 'D3');
SELECT name, version FROM care.ruleset_define($$ruleset d3 version 1 campaign 'D3'
objective pca { require exists candidacy where campaign = 'D3' and declared_on is not null }
eligible when pca
$$);
SELECT ruleset_name FROM care.ruleset_activate('d3', 1);
-- two campaigns decide now: a call must say which
SELECT care_eligible(1);
SET care.campaign = 'D1';
INSERT INTO care.establishment (finess, name, kind, region) VALUES ('300000007', 'x', 'public', '76');
SELECT care_eligible(id) FROM care.establishment WHERE finess = '300000007';
-- parameters
SELECT care_eligible(id, params => '{"min_gapp": "30 days"}') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '{"min_gap": null}') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '{"min_gap": "45 dayz"}') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '{"ad_target": "two"}') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '{"ad_target": [2]}') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '[1]') FROM care.establishment WHERE finess = '300000007';
SELECT care_eligible(id, params => '{"ad_target": 3, "critical_cvss": 9.5, "min_gap": "30 days"}')
  FROM care.establishment WHERE finess = '300000007';
RESET care.campaign;

-- explain's messages: a requirement that cannot be decided does not assert
-- its failure text; the overall row says eligible, not eligible or
-- undecided, the failed objectives before the unknown ones
SELECT name, version FROM care.ruleset_define($$ruleset d3 version 2 campaign 'D3'
objective declared { require exists candidacy where campaign = 'D3' and declared_on is not null
                       else "no candidacy declared" }
objective level { require (latest audit where kind = ad by performed_on).ad_level >= 2
                    else "the latest AD audit is below level 2" }
objective any_audit { require exists audit }
eligible when level or declared or any_audit
$$);
SELECT ruleset_name FROM care.ruleset_activate('d3', 2);
SELECT objective, requirement, verdict, message
  FROM care_explain((SELECT id FROM care.establishment WHERE finess = '300000007'), 'D3');
SELECT name, version FROM care.ruleset_define($$ruleset d3 version 3 campaign 'D3'
objective declared { require exists candidacy where campaign = 'D3' and declared_on is not null }
objective level { require (latest audit where kind = ad by performed_on).ad_level >= 2 }
eligible when level and declared
$$);
SELECT ruleset_name FROM care.ruleset_activate('d3', 3);
SELECT objective, requirement, verdict, message
  FROM care_explain((SELECT id FROM care.establishment WHERE finess = '300000007'), 'D3');
SELECT name, version FROM care.ruleset_define($$ruleset d3 version 4 campaign 'D3'
objective nothing_declared { require not exists candidacy where declared_on is not null }
eligible when nothing_declared
$$);
SELECT ruleset_name FROM care.ruleset_activate('d3', 4);
SELECT objective, requirement, verdict, message
  FROM care_explain((SELECT id FROM care.establishment WHERE finess = '300000007'), 'D3');

-- the schema rules are checked against is the one carec reads
SELECT care.schema_export() = pg_read_file(
           (SELECT setting FROM pg_config WHERE name = 'SHAREDIR') || '/extension/care.schema') AS carec_schema_current;

-- hostile input gets a clean error, never a crash
SELECT care.ruleset_define('ruleset deep version 1 campaign ''D1'' objective o { require '
                           || repeat('(', 10000) || 'true' || repeat(')', 10000) || ' } eligible when o');
SELECT care.ruleset_define('ruleset deep version 1 campaign ''D1'' objective o { require '
                           || repeat('not ', 100000) || 'true } eligible when o');
SELECT care.ruleset_define(repeat('# a comment line' || chr(10), 70000));
SELECT (care.ruleset_define('ruleset big version 1 campaign ''D1'' objective o { require '''
                           || repeat('x', 900000) || ''' = ''x'' } eligible when o')).name;
SELECT care.ruleset_define('ruleset n version 99999999999999999999 campaign ''D1'' objective o { require true } eligible when o');
SELECT count(*) AS rulesets_after_hostile_input FROM care.ruleset;
