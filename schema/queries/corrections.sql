-- Named queries for corrections (the event log) and the corrected state kept for listing.

-- name: lock_session
SELECT id FROM workout_sessions WHERE id = %(id)s FOR UPDATE

-- name: read_session
SELECT id, upload_id, layout, revision, title, performed_on, duration_min, confidence,
       needs_review AS read_needs_review, warnings, findings AS read_findings
FROM workout_sessions WHERE id = %(id)s

-- name: read_exercises
SELECT id AS exercise_id, position AS pos, raw_name, raw_name AS name,
       alias_key, bound_method, bound_score
FROM session_exercises WHERE session_id = %(id)s ORDER BY position

-- name: read_sets
SELECT s.id AS set_id, s.exercise_id, 'r' || s.position AS ref, s.set_type, s.reps,
       s.weight::float8 AS weight, s.unit, s.duration_s, s.distance::float8 AS distance,
       s.distance_unit, s.rpe::float8 AS rpe, s.raw_line
FROM exercise_sets s
JOIN session_exercises e ON e.id = s.exercise_id
WHERE e.session_id = %(id)s
ORDER BY s.exercise_id, s.position

-- name: events_of_session
SELECT * FROM corrections WHERE session_id = %(id)s ORDER BY id

-- name: get_event
SELECT * FROM corrections WHERE id = %(id)s

-- name: undo_of
SELECT id FROM corrections WHERE undoes = %(id)s

-- name: insert_event
INSERT INTO corrections (session_id, action, target, exercise_pos, set_ref, field, before, after,
                         client, revision, undoes)
VALUES (%(session_id)s, %(action)s, %(target)s, %(exercise_pos)s, %(set_ref)s, %(field)s,
        %(before)s, %(after)s, %(client)s, %(revision)s, %(undoes)s)
RETURNING *

-- name: set_address
-- A read set's session, exercise position and reference, by the set's row id
-- (NULL session when the row belongs to a superseded read).
SELECT e.session_id, e.position AS exercise_pos, 'r' || s.position AS ref
FROM exercise_sets s JOIN session_exercises e ON e.id = s.exercise_id
WHERE s.id = %(id)s

-- name: set_corrected_name
-- Binding reads name_norm: the normalised corrected name, or of raw_name again.
-- bound_method NULL makes the next bind run decide the row afresh.
UPDATE session_exercises
   SET corrected_name = %(corrected_name)s, name_norm = %(name_norm)s, bound_method = NULL
 WHERE id = %(id)s AND corrected_name IS DISTINCT FROM %(corrected_name)s

-- name: upsert_state
INSERT INTO session_corrected (session_id, title, performed_on, needs_review, review_reasons,
                               exercises, sets, corrections, updated_at)
VALUES (%(session_id)s, %(title)s, %(performed_on)s, %(needs_review)s, %(review_reasons)s,
        %(exercises)s, %(sets)s, %(corrections)s, now())
ON CONFLICT (session_id) DO UPDATE
   SET title = EXCLUDED.title, performed_on = EXCLUDED.performed_on,
       needs_review = EXCLUDED.needs_review, review_reasons = EXCLUDED.review_reasons,
       exercises = EXCLUDED.exercises, sets = EXCLUDED.sets,
       corrections = EXCLUDED.corrections, updated_at = now()

-- name: set_upload_review
-- The upload's status follows the session's review state (done <-> needs_review).
UPDATE uploads SET status = %(status)s, updated_at = now()
 WHERE id = %(upload_id)s AND status IN ('done', 'needs_review') AND status <> %(status)s
