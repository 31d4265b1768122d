-- Named queries for an exercise's history across every spelling bound to its key.

-- Per session without hand corrections of its rows (those are replayed in
-- Python; a corrected title or date comes from session_corrected): the working
-- sets bound to the key, weights in kg; best set by Epley's estimate. Warm-ups
-- are no part of progress.
--
-- One pass over the key's sets. They are read per exercise bound to the key
-- from exercise_sets_working_idx (0006), which holds all a set's columns needed
-- here; the OFFSET 0 keeps the planner from a scan of every set when a key has
-- a large share of them. Each weight is converted to kg once (numeric to float8
-- goes through text), each set ranked within its session by estimate (ties: the
-- first set on the screen), then summed up per session; titles and dates are
-- joined to the sums, not to the sets. The rows come back as one JSON array,
-- which the repository validates in one call.
-- name: totals_of_key
WITH working AS MATERIALIZED (
    SELECT e.session_id, e.position AS ex_pos, s.position AS set_pos, s.reps,
           -- float8 arithmetic: numeric is exact but slow, and these are estimates.
           CASE WHEN s.unit = 'lb' THEN s.weight::float8 * 0.45359237
                ELSE s.weight::float8 END AS kg
    FROM session_exercises e
    CROSS JOIN LATERAL (
        SELECT position, reps, weight, unit FROM exercise_sets
        WHERE exercise_id = e.id AND set_type <> 'warmup'
        OFFSET 0
    ) s
    WHERE e.alias_key = %(key)s AND e.session_id IS NOT NULL
), rated AS (
    SELECT session_id, ex_pos, set_pos, reps, kg,
           CASE WHEN kg > 0 AND reps > 0
                THEN CASE WHEN reps = 1 THEN kg ELSE kg * (1 + reps / 30.0::float8) END
           END AS e1rm
    FROM working
), ranked AS (
    SELECT session_id, reps, kg, e1rm,
           row_number() OVER (PARTITION BY session_id
                              ORDER BY e1rm DESC NULLS LAST, ex_pos, set_pos) AS rank
    FROM rated
), totals AS (
    SELECT session_id, count(*) AS sets, coalesce(sum(reps), 0) AS reps,
           max(kg) FILTER (WHERE kg > 0) AS top_weight_kg,
           coalesce(sum(kg * reps) FILTER (WHERE e1rm IS NOT NULL), 0) AS volume_kg,
           max(e1rm) AS e1rm_kg,
           max(kg) FILTER (WHERE rank = 1 AND e1rm IS NOT NULL) AS best_weight_kg,
           max(reps) FILTER (WHERE rank = 1 AND e1rm IS NOT NULL) AS best_reps
    FROM ranked
    GROUP BY session_id
)
SELECT coalesce(json_agg(r), '[]')::text AS totals
FROM (
    SELECT t.session_id,
           coalesce(CASE WHEN sc.session_id IS NULL THEN ws.performed_on ELSE sc.performed_on END,
                    ws.created_at::date) AS day,
           CASE WHEN sc.session_id IS NULL THEN ws.title ELSE sc.title END AS title,
           t.sets, t.reps, t.top_weight_kg, t.volume_kg, t.e1rm_kg, t.best_weight_kg, t.best_reps
    FROM totals t
    JOIN workout_sessions ws ON ws.id = t.session_id
    LEFT JOIN session_corrected sc ON sc.session_id = t.session_id
    WHERE NOT EXISTS (SELECT 1 FROM corrections c
                      WHERE c.session_id = t.session_id AND c.target <> 'session')
) r

-- name: spellings_of_key
SELECT DISTINCT raw_name FROM session_exercises WHERE alias_key = %(key)s ORDER BY raw_name

-- name: corrected_sessions_of_key
SELECT DISTINCT e.session_id FROM session_exercises e
WHERE e.alias_key = %(key)s
  AND EXISTS (SELECT 1 FROM corrections c
              WHERE c.session_id = e.session_id AND c.target <> 'session')

-- name: session_day
SELECT coalesce(performed_on, created_at::date) AS day FROM workout_sessions WHERE id = %(id)s

-- Keys with history, most recently trained first.
-- name: keys_by_activity
SELECT e.alias_key AS key, c.display_name,
       max(coalesce(ws.performed_on, ws.created_at::date)) AS last_day,
       count(DISTINCT ws.id) AS sessions,
       count(DISTINCT e.raw_name) AS spellings
FROM session_exercises e
JOIN workout_sessions ws ON ws.id = e.session_id
LEFT JOIN canonical_exercises c ON c.key = e.alias_key
WHERE e.alias_key IS NOT NULL
GROUP BY e.alias_key, c.display_name
ORDER BY last_day DESC, sessions DESC, e.alias_key
LIMIT %(limit)s

-- name: display_name
SELECT display_name FROM canonical_exercises WHERE key = %(key)s
