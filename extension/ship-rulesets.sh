#!/bin/sh
# Print the SQL that defines and activates the rulesets care ships, for the
# end of the install script: each FILE is compiled at CREATE EXTENSION,
# stored as shipped (so pg_dump leaves it to the extension) and activated
# for its campaign as of -infinity (so any later user activation wins).
set -eu
tag='$care_ruleset$'
for file in "$@"; do
	if grep -qF "$tag" "$file"; then
		echo "ship-rulesets: $file contains $tag" >&2
		exit 1
	fi
	printf '\n-- Ruleset shipped with care: %s\n' "$(basename "$file")"
	printf 'WITH source AS (\n    SELECT %s' "$tag"
	cat "$file"
	printf '%s::text AS text),\n' "$tag"
	cat <<'SQL'
compiled AS (
    SELECT s.text AS source, c.* FROM source s, care.ruleset_compile(s.text) AS c),
stored AS (
    INSERT INTO care.ruleset (name, version, campaign, title, source, canonical, content_sha256,
                              params, objectives, eligible_when, dependencies,
                              verdict_sql, evaluate_sql, explain_sql, shipped)
    SELECT c.name, c.version, c.campaign, c.title, c.source, c.canonical, c.content_sha256,
           c.params, c.objectives, c.eligible_when, c.dependencies,
           c.verdict_sql, c.evaluate_sql, c.explain_sql, true
      FROM compiled c
    RETURNING name, version, campaign)
INSERT INTO care.ruleset_activation (campaign, ruleset_name, ruleset_version, activated_at, shipped)
SELECT s.campaign, s.name, s.version, '-infinity', true FROM stored s;
SQL
done
