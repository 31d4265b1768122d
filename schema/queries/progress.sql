-- Named queries for an exercise's history across every spelling bound to its key.

-- The working sets bound to a key, of sessions without hand corrections (those
-- are replayed in Python); warm-ups are no part of progress.
-- name: sets_of_key
SELECT ws.id AS session_id, coalesce(ws.performed_on, ws.created_at::date) AS day, ws.title,
       e.raw_name, s.set_type, s.reps, s.weight::float8 AS weight, s.unit
FROM session_exercises e
JOIN workout_sessions ws ON ws.id = e.session_id
JOIN exercise_sets s ON s.exercise_id = e.id
WHERE e.alias_key = %(key)s AND s.set_type <> 'warmup'
  AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.session_id = ws.id)
ORDER BY day, ws.id, e.position, s.position

-- name: corrected_sessions_of_key
SELECT DISTINCT e.session_id FROM session_exercises e
WHERE e.alias_key = %(key)s
  AND EXISTS (SELECT 1 FROM corrections c WHERE c.session_id = e.session_id)

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
