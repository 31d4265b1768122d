-- Named queries for the session aggregate (ocr_runs, workout_sessions,
-- session_exercises, exercise_sets).

-- name: insert_ocr_run
INSERT INTO ocr_runs (upload_id, engine, engine_version, languages, settings, text, words,
                      mean_conf, millis)
VALUES (%(upload_id)s, %(engine)s, %(engine_version)s, %(languages)s, %(settings)s, %(text)s,
        %(words)s, %(mean_conf)s, %(millis)s)
RETURNING id

-- name: insert_session
INSERT INTO workout_sessions (upload_id, ocr_run_id, layout, title, performed_on, duration_min,
                              confidence, needs_review, warnings, findings)
VALUES (%(upload_id)s, %(ocr_run_id)s, %(layout)s, %(title)s, %(performed_on)s,
        %(duration_min)s, %(confidence)s, %(needs_review)s, %(warnings)s, %(findings)s)
ON CONFLICT (upload_id) DO NOTHING
RETURNING id

-- name: insert_exercise
INSERT INTO session_exercises (session_id, position, raw_name, name_norm)
VALUES (%(session_id)s, %(position)s, %(raw_name)s, %(name_norm)s)
RETURNING id

-- name: insert_set
INSERT INTO exercise_sets (exercise_id, position, set_type, reps, weight, unit, weight_kg,
                           duration_s, distance, distance_unit, rpe, raw_line)
VALUES (%(exercise_id)s, %(position)s, %(set_type)s, %(reps)s, %(weight)s, %(unit)s,
        %(weight_kg)s, %(duration_s)s, %(distance)s, %(distance_unit)s, %(rpe)s, %(raw_line)s)

-- A stitched upload is a part of a session that another upload started.
-- name: session_by_upload
SELECT id FROM workout_sessions WHERE upload_id = %(upload_id)s
UNION ALL
SELECT session_id FROM session_parts WHERE upload_id = %(upload_id)s
LIMIT 1

-- name: get_session
SELECT * FROM workout_sessions WHERE id = %(id)s

-- name: exercises_of_session
SELECT * FROM session_exercises WHERE session_id = %(id)s ORDER BY position

-- name: sets_of_session
SELECT s.* FROM exercise_sets s
JOIN session_exercises e ON e.id = s.exercise_id
WHERE e.session_id = %(id)s
ORDER BY s.exercise_id, s.position

-- name: list_sessions
SELECT ws.id, ws.upload_id, ws.layout, ws.title, ws.performed_on, ws.confidence,
       ws.needs_review, ws.created_at, u.original_name,
       (SELECT count(*) FROM session_exercises e WHERE e.session_id = ws.id) AS exercises,
       (SELECT count(*) FROM exercise_sets s JOIN session_exercises e ON e.id = s.exercise_id
         WHERE e.session_id = ws.id) AS sets,
       (SELECT count(*) FROM session_exercises e
         WHERE e.session_id = ws.id AND e.alias_key IS NOT NULL) AS bound
FROM workout_sessions ws JOIN uploads u ON u.id = ws.upload_id
ORDER BY ws.performed_on DESC NULLS LAST, ws.id DESC
LIMIT %(limit)s

-- Sessions committed after a known id, oldest first (for following new sessions live).
-- name: sessions_after
SELECT ws.id, ws.upload_id, ws.layout, ws.title, ws.performed_on, ws.needs_review,
       u.original_name,
       (SELECT count(*) FROM session_exercises e WHERE e.session_id = ws.id) AS exercises,
       (SELECT count(*) FROM exercise_sets s JOIN session_exercises e ON e.id = s.exercise_id
         WHERE e.session_id = ws.id) AS sets
FROM workout_sessions ws JOIN uploads u ON u.id = ws.upload_id
WHERE ws.id > %(after)s
ORDER BY ws.id
