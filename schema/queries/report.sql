-- Named queries for the unmapped-names report and the operator's quick re-bind.
--
-- "Unmapped" rows: alias_key IS NULL and the name is not ignored. Every query
-- over them starts from the partial index session_exercises_unbound_idx
-- (name_norm WHERE alias_key IS NULL), so its cost follows the unbound rows,
-- not the whole table.

-- name: unmapped_groups
-- One row per unmapped normalised name, most occurrences first. `total_groups`
-- is the number of names passing the filters before LIMIT (window functions
-- run before LIMIT). A "seen" date is the workout's date, or the day it was
-- ingested when the screenshot showed none.
WITH unbound AS (
    SELECT se.name_norm, se.session_id, se.bound_method,
           coalesce(ws.performed_on, ws.created_at::date) AS seen_on
    FROM session_exercises se
    JOIN workout_sessions ws ON ws.id = se.session_id
    WHERE se.alias_key IS NULL
      AND NOT EXISTS (SELECT 1 FROM ignored_names i WHERE i.name_norm = se.name_norm)
), grouped AS (
    SELECT name_norm,
           count(*) AS occurrences,
           count(DISTINCT session_id) AS sessions,
           min(seen_on) AS first_seen,
           max(seen_on) AS last_seen,
           -- The bind job found several keys that fit (see workers/names/matcher.py).
           coalesce(bool_or(bound_method = 'ambiguous'), false) AS ambiguous
    FROM unbound
    WHERE %(since)s::date IS NULL OR seen_on >= %(since)s::date
    GROUP BY name_norm
    HAVING count(*) >= %(min_count)s
), ranked AS (
    SELECT g.*, count(*) OVER () AS total_groups
    FROM grouped g
    ORDER BY occurrences DESC, name_norm
    LIMIT %(limit)s
)
SELECT r.name_norm, r.occurrences, r.sessions, r.first_seen, r.last_seen, r.total_groups,
       r.ambiguous,
       a.key AS pending_key,
       -- Spellings of the shown names only, commonest first.
       ARRAY(
           SELECT s.raw_name FROM session_exercises s
           WHERE s.name_norm = r.name_norm AND s.alias_key IS NULL
           GROUP BY s.raw_name
           ORDER BY count(*) DESC, s.raw_name
           LIMIT %(max_spellings)s
       ) AS raw_names
FROM ranked r
LEFT JOIN exercise_aliases a ON a.alias_norm = r.name_norm
ORDER BY r.occurrences DESC, r.name_norm

-- name: summary
-- Counts for the summary line: one pass over the table for the totals; the
-- unmapped part reads only unbound rows (partial index).
SELECT t.rows_total, t.rows_bound, u.unmapped_rows, u.unmapped_names
FROM (
    SELECT count(*) AS rows_total, count(alias_key) AS rows_bound FROM session_exercises
) t, (
    SELECT count(*) AS unmapped_rows, count(DISTINCT se.name_norm) AS unmapped_names
    FROM session_exercises se
    WHERE se.alias_key IS NULL
      AND NOT EXISTS (SELECT 1 FROM ignored_names i WHERE i.name_norm = se.name_norm)
) u

-- name: bound_share_history
-- The snapshots bind runs took, newest first (the caller puts them in order).
SELECT id, finished_at, rows_total, rows_bound
FROM bind_runs
WHERE finished_at IS NOT NULL AND rows_total IS NOT NULL
ORDER BY id DESC
LIMIT %(limit)s

-- name: catalogue_keys
SELECT key, display_name FROM canonical_exercises ORDER BY key

-- name: rebind_name
-- Apply an operator's decision on one name to its rows right away, the way the
-- bind job would (an ignore beats a mapping; only rows whose key or method
-- changes are touched; every change becomes a binding event). No bind run is
-- recorded, so the next scheduled run still sees the operator change and
-- re-decides the names it may affect; for this name it decides the same and
-- changes nothing.
WITH decision AS (
    SELECT CASE WHEN i.name_norm IS NULL THEN a.key END AS alias_key,
           CASE WHEN i.name_norm IS NULL THEN 100.0 ELSE 0.0 END::real AS score,
           CASE WHEN i.name_norm IS NULL THEN 'operator' ELSE 'ignored' END AS method
    FROM (SELECT %(name_norm)s::text AS name_norm) n
    LEFT JOIN ignored_names i ON i.name_norm = n.name_norm
    LEFT JOIN exercise_aliases a ON a.alias_norm = n.name_norm AND a.source <> 'catalogue'
    WHERE i.name_norm IS NOT NULL OR a.key IS NOT NULL
), changed AS (
    UPDATE session_exercises AS se
       SET alias_key = d.alias_key,
           bound_score = d.score,
           bound_method = d.method,
           catalogue_version = %(catalogue_version)s,
           bound_at = now()
      FROM decision AS d, session_exercises AS prev
     WHERE se.name_norm = %(name_norm)s
       AND prev.id = se.id
       AND (se.alias_key IS DISTINCT FROM d.alias_key
            OR se.bound_method IS DISTINCT FROM d.method)
    RETURNING se.id, prev.alias_key AS old_key, d.alias_key AS new_key, d.score, d.method
)
INSERT INTO binding_events (exercise_id, old_key, new_key, score, method, catalogue_version)
SELECT id, old_key, new_key, score, method, %(catalogue_version)s FROM changed
