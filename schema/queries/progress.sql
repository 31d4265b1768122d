-- Named queries for an exercise's history across every spelling bound to its key.

-- Per session without hand corrections of its rows (those are replayed in
-- Python; a corrected title or date comes from session_corrected): the working
-- sets bound to the key, weights in kg; best set by Epley's estimate. Warm-ups
-- are no part of progress.
--
-- Each exercise row's working sets are summed up in exercise_sums (0006) when
-- they are written; here the exercises bound to the key now are found and
-- their sums added up per session (the same key twice in a session: the best
-- set is the higher estimate, on a tie the exercise first on the screen).
-- The rows come back as one JSON array, which the repository validates in one call.
-- name: totals_of_key
WITH ranked AS (
    SELECT e.session_id, x.sets, x.reps, x.top_weight_kg, x.volume_kg, x.e1rm_kg,
           x.best_weight_kg, x.best_reps,
           row_number() OVER (PARTITION BY e.session_id
                              ORDER BY x.e1rm_kg DESC NULLS LAST, e.position) AS rank
    FROM session_exercises e
    JOIN exercise_sums x ON x.exercise_id = e.id
    WHERE e.alias_key = %(key)s AND e.session_id IS NOT NULL
), totals AS (
    SELECT session_id, sum(sets)::int AS sets, sum(reps)::int AS reps,
           max(top_weight_kg) AS top_weight_kg, sum(volume_kg) AS volume_kg,
           max(e1rm_kg) AS e1rm_kg,
           max(best_weight_kg) FILTER (WHERE rank = 1) AS best_weight_kg,
           max(best_reps) FILTER (WHERE rank = 1) AS best_reps
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
