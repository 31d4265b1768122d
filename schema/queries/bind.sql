-- Named queries for the bind job (session_exercises bindings, binding_events,
-- bind_runs). See workers/names/bind.py for the order they run in.

-- name: try_lock
SELECT pg_try_advisory_xact_lock(%(lock_id)s) AS locked

-- name: last_run
SELECT id, catalogue_version, operator_change_id FROM bind_runs
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
INSERT INTO bind_runs (mode, catalogue_version, operator_change_id, reason)
VALUES (%(mode)s, %(catalogue_version)s, %(operator_change_id)s, %(reason)s)
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
