-- Named queries for an exercise's history across every spelling bound to its key.

-- Per session without hand corrections of its rows (those are replayed in
-- Python; a corrected title or date comes from session_corrected): the working
-- sets bound to the key, weights in kg; best set by Epley's estimate. Warm-ups
-- are no part of progress.
-- name: totals_of_key
WITH rated AS MATERIALIZED (
    SELECT ws.id AS session_id,
           coalesce(CASE WHEN sc.session_id IS NULL THEN ws.performed_on ELSE sc.performed_on END,
                    ws.created_at::date) AS day,
           CASE WHEN sc.session_id IS NULL THEN ws.title ELSE sc.title END AS title,
           s.reps, e.position AS ex_pos, s.position AS set_pos, w.kg,
           -- float8 arithmetic: numeric is exact but slow, and these are estimates.
           CASE WHEN w.kg > 0 AND s.reps > 0
                THEN CASE WHEN s.reps = 1 THEN w.kg ELSE w.kg * (1 + s.reps / 30.0::float8) END
           END AS e1rm
    FROM session_exercises e
    JOIN workout_sessions ws ON ws.id = e.session_id
    JOIN exercise_sets s ON s.exercise_id = e.id
    LEFT JOIN session_corrected sc ON sc.session_id = ws.id
    CROSS JOIN LATERAL (
        SELECT CASE WHEN s.unit = 'lb' THEN s.weight::float8 * 0.45359237
                    ELSE s.weight::float8 END AS kg
    ) w
    WHERE e.alias_key = %(key)s AND s.set_type <> 'warmup'
      AND NOT EXISTS (SELECT 1 FROM corrections c
                      WHERE c.session_id = ws.id AND c.target <> 'session')
), best AS (
    SELECT DISTINCT ON (session_id) session_id, kg AS best_weight_kg, reps AS best_reps
    FROM rated WHERE e1rm IS NOT NULL
    ORDER BY session_id, e1rm DESC, ex_pos, set_pos
)
SELECT r.session_id, r.day, r.title, count(*) AS sets, coalesce(sum(r.reps), 0) AS reps,
       max(r.kg) FILTER (WHERE r.kg > 0) AS top_weight_kg,
       coalesce(sum(r.kg * r.reps) FILTER (WHERE r.e1rm IS NOT NULL), 0) AS volume_kg,
       max(r.e1rm) AS e1rm_kg, b.best_weight_kg, b.best_reps
FROM rated r LEFT JOIN best b ON b.session_id = r.session_id
GROUP BY r.session_id, r.day, r.title, b.best_weight_kg, b.best_reps

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
