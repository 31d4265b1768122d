-- Named queries for the bind job (session_exercises bindings, binding_events,
-- bind_runs). See workers/names/bind.py for the order they run in.

-- name: try_lock
SELECT pg_try_advisory_xact_lock(%(lock_id)s) AS locked

-- name: last_run
SELECT id, catalogue_version, operator_change_id, normaliser_version FROM bind_runs
WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1

-- name: operator_change_high_water
SELECT coalesce(max(id), 0) AS id FROM operator_changes

-- name: any_undecided
SELECT EXISTS (SELECT 1 FROM session_exercises WHERE bound_method IS NULL) AS found

-- name: all_names
SELECT DISTINCT name_norm FROM session_exercises

-- name: undecided_names
SELECT DISTINCT name_norm FROM session_exercises WHERE bound_method IS NULL

-- name: changed_names
SELECT DISTINCT name_norm FROM operator_changes WHERE id > %(since)s

-- name: unsettled_names
-- Besides the changed names, an operator change can alter every name the
-- catalogue alone did not settle: a new alias can make an unmapped or ambiguous name match,
-- or an earlier fuzzy match ambiguous.
SELECT DISTINCT name_norm FROM session_exercises WHERE bound_method IN ('unmapped', 'ambiguous', 'fuzzy')

-- name: tune_session
-- Room for the hash join against all names and the changed-rows CTE.
SET LOCAL work_mem = '64MB'

-- name: start_run
INSERT INTO bind_runs (mode, catalogue_version, operator_change_id, reason, normaliser_version)
VALUES (%(mode)s, %(catalogue_version)s, %(operator_change_id)s, %(reason)s,
        %(normaliser_version)s)
RETURNING id

-- name: create_decisions
-- Session-local scratch: temp tables are never WAL-logged.
CREATE TEMP TABLE bind_decisions (
    name_norm   text NOT NULL,
    alias_key   text,
    score       real NOT NULL,
    method      text NOT NULL
) ON COMMIT DROP

-- name: copy_decisions
COPY bind_decisions (name_norm, alias_key, score, method) FROM STDIN

-- name: index_decisions
CREATE UNIQUE INDEX ON bind_decisions (name_norm)

-- name: analyze_decisions
ANALYZE bind_decisions

-- name: apply_decisions
-- One statement: re-point every row whose key or method changes, and record
-- each change. `prev` is the same row read from the statement's snapshot,
-- i.e. before the update, which is how the old key reaches RETURNING.
WITH changed AS (
    UPDATE session_exercises AS se
       SET alias_key = d.alias_key,
           bound_score = d.score,
           bound_method = d.method,
           catalogue_version = %(catalogue_version)s,
           bound_at = now()
      FROM bind_decisions AS d, session_exercises AS prev
     WHERE se.name_norm = d.name_norm
       AND prev.id = se.id
       AND (se.alias_key IS DISTINCT FROM d.alias_key
            OR se.bound_method IS DISTINCT FROM d.method)
    RETURNING se.id, prev.alias_key AS old_key, d.alias_key AS new_key, d.score, d.method
)
INSERT INTO binding_events (exercise_id, old_key, new_key, score, method, catalogue_version,
                            bind_run_id)
SELECT id, old_key, new_key, score, method, %(catalogue_version)s, %(run_id)s FROM changed

-- name: snapshot
SELECT count(*) AS rows_total, count(alias_key) AS rows_bound, max(id) AS max_exercise_id
FROM session_exercises

-- name: finish_run
UPDATE bind_runs
   SET finished_at = clock_timestamp(),
       names_decided = %(names_decided)s,
       rows_changed = %(rows_changed)s,
       rows_total = %(rows_total)s,
       rows_bound = %(rows_bound)s,
       max_exercise_id = %(max_exercise_id)s,
       seconds = %(seconds)s
 WHERE id = %(id)s

-- name: vacuum
VACUUM (ANALYZE) session_exercises, binding_events

-- name: stored_names
-- The names binding reads, with what each was normalised from (see
-- workers/names/renormalise.py): the corrected name when there is one, else the raw name.
SELECT DISTINCT coalesce(corrected_name, raw_name) AS source, name_norm FROM session_exercises

-- name: create_renames
CREATE TEMP TABLE bind_renames (
    source      text NOT NULL,
    old_norm    text NOT NULL,
    new_norm    text NOT NULL
) ON COMMIT DROP

-- name: copy_renames
COPY bind_renames (source, old_norm, new_norm) FROM STDIN

-- name: apply_renames
-- Only name_norm changes: raw names, corrected names, keys and sets stay; the
-- run that follows re-decides the new names and records binding events.
UPDATE session_exercises AS se
   SET name_norm = r.new_norm
  FROM bind_renames AS r
 WHERE se.name_norm = r.old_norm
   AND coalesce(se.corrected_name, se.raw_name) = r.source

-- name: carry_operator_aliases
-- An operator's mapping of the old spelling holds for the new one (unless an
-- operator decided the new one already; a catalogue alias gives way, as to
-- `add_alias`); the journal trigger records the change.
INSERT INTO exercise_aliases (alias_norm, key, source)
SELECT DISTINCT ON (r.new_norm) r.new_norm, a.key, a.source
  FROM bind_renames AS r JOIN exercise_aliases AS a ON a.alias_norm = r.old_norm
 WHERE a.source <> 'catalogue'
   AND NOT EXISTS (SELECT 1 FROM ignored_names AS i WHERE i.name_norm = r.new_norm)
 ORDER BY r.new_norm, a.created_at
ON CONFLICT (alias_norm) DO UPDATE
SET key = EXCLUDED.key, source = EXCLUDED.source
WHERE exercise_aliases.source = 'catalogue'

-- name: carry_ignored_names
INSERT INTO ignored_names (name_norm, reason)
SELECT DISTINCT ON (r.new_norm) r.new_norm, i.reason
  FROM bind_renames AS r JOIN ignored_names AS i ON i.name_norm = r.old_norm
 WHERE NOT EXISTS (
        SELECT 1 FROM exercise_aliases AS a
         WHERE a.alias_norm = r.new_norm AND a.source <> 'catalogue')
 ORDER BY r.new_norm, i.created_at
ON CONFLICT (name_norm) DO NOTHING
