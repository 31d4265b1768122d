-- Named queries for the alias aggregate (canonical_exercises, exercise_aliases,
-- ignored_names, catalogue_versions).

-- name: catalogue_version_exists
SELECT 1 AS found FROM catalogue_versions WHERE version = %(version)s

-- name: latest_catalogue_version
SELECT version FROM catalogue_versions ORDER BY loaded_at DESC, version DESC LIMIT 1

-- name: create_staged_exercises
CREATE TEMP TABLE staged_exercises (
    key text, display_name text, equipment text, muscles text[], family text
) ON COMMIT DROP

-- name: create_staged_aliases
CREATE TEMP TABLE staged_aliases (alias_norm text, key text, position integer) ON COMMIT DROP

-- name: upsert_exercises
INSERT INTO canonical_exercises (key, display_name, equipment, muscles, family)
SELECT DISTINCT ON (key) key, display_name, equipment, muscles, family FROM staged_exercises
ORDER BY key
ON CONFLICT (key) DO UPDATE
SET display_name = EXCLUDED.display_name,
    equipment = EXCLUDED.equipment,
    muscles = EXCLUDED.muscles,
    family = EXCLUDED.family
WHERE (canonical_exercises.display_name, canonical_exercises.equipment, canonical_exercises.muscles,
       canonical_exercises.family)
      IS DISTINCT FROM (EXCLUDED.display_name, EXCLUDED.equipment, EXCLUDED.muscles,
                        EXCLUDED.family)

-- name: upsert_catalogue_aliases
-- One key per alias (the first exercise listing it wins); an operator alias
-- (source user or auto) is never overwritten by the catalogue.
INSERT INTO exercise_aliases (alias_norm, key, source)
SELECT DISTINCT ON (alias_norm) alias_norm, key, 'catalogue' FROM staged_aliases
WHERE alias_norm <> ''
ORDER BY alias_norm, position
ON CONFLICT (alias_norm) DO UPDATE
SET key = EXCLUDED.key
WHERE exercise_aliases.source = 'catalogue' AND exercise_aliases.key <> EXCLUDED.key

-- name: delete_stale_catalogue_aliases
DELETE FROM exercise_aliases a
WHERE a.source = 'catalogue'
  AND NOT EXISTS (SELECT 1 FROM staged_aliases s WHERE s.alias_norm = a.alias_norm)

-- name: insert_catalogue_version
INSERT INTO catalogue_versions (version, exercises, aliases)
VALUES (%(version)s, %(exercises)s, %(aliases)s)
ON CONFLICT (version) DO UPDATE
SET loaded_at = now(), exercises = EXCLUDED.exercises, aliases = EXCLUDED.aliases

-- name: key_exists
SELECT 1 AS found FROM canonical_exercises WHERE key = %(key)s

-- name: all_keys
SELECT key, display_name FROM canonical_exercises ORDER BY key

-- name: upsert_operator_alias
INSERT INTO exercise_aliases (alias_norm, key, source)
VALUES (%(alias_norm)s, %(key)s, %(source)s)
ON CONFLICT (alias_norm) DO UPDATE
SET key = EXCLUDED.key, source = EXCLUDED.source, created_at = now()
WHERE (exercise_aliases.key, exercise_aliases.source) IS DISTINCT FROM (EXCLUDED.key, EXCLUDED.source)
RETURNING alias_norm

-- name: get_alias
SELECT alias_norm, key, source, created_at FROM exercise_aliases WHERE alias_norm = %(alias_norm)s

-- name: delete_operator_alias
DELETE FROM exercise_aliases WHERE alias_norm = %(alias_norm)s AND source <> 'catalogue'
RETURNING alias_norm

-- name: list_aliases
SELECT alias_norm, key, source, created_at FROM exercise_aliases
WHERE %(source)s::text IS NULL OR source = %(source)s::text
ORDER BY key, alias_norm

-- name: upsert_ignored
INSERT INTO ignored_names (name_norm, reason) VALUES (%(name_norm)s, %(reason)s)
ON CONFLICT (name_norm) DO UPDATE SET reason = EXCLUDED.reason
WHERE ignored_names.reason IS DISTINCT FROM EXCLUDED.reason

-- name: get_ignored
SELECT name_norm, reason, created_at FROM ignored_names WHERE name_norm = %(name_norm)s

-- name: delete_ignored
DELETE FROM ignored_names WHERE name_norm = %(name_norm)s RETURNING name_norm

-- name: list_ignored
SELECT name_norm, reason, created_at FROM ignored_names ORDER BY name_norm

-- name: operator_aliases
SELECT alias_norm, key FROM exercise_aliases WHERE source <> 'catalogue'

-- name: ignored_names
SELECT name_norm FROM ignored_names
