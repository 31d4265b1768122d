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
-- The status of every upload of the session (each part of a stitched one) follows the
-- session's review state (done <-> needs_review).
UPDATE uploads SET status = %(status)s, updated_at = now()
 WHERE (id = %(upload_id)s
        OR id IN (SELECT upload_id FROM session_parts WHERE session_id = %(session_id)s))
   AND status IN ('done', 'needs_review') AND status <> %(status)s

-- name: list_sessions
-- The sessions list, corrected: a session with a session_corrected row shows
-- that state, any other its read. The page is chosen first on cheap columns;
-- only its rows are counted (COALESCE stops at the first non-NULL argument).
WITH listed AS (
    SELECT ws.id, ws.upload_id, ws.layout, ws.revision,
           coalesce(sc.title, CASE WHEN sc.session_id IS NULL THEN ws.title END) AS title,
           CASE WHEN sc.session_id IS NULL THEN ws.performed_on ELSE sc.performed_on END
               AS performed_on,
           coalesce(sc.needs_review, ws.needs_review) AS needs_review,
           sc.exercises AS corrected_exercises, sc.sets AS corrected_sets,
           coalesce(sc.corrections, 0) AS corrections
    FROM workout_sessions ws
    LEFT JOIN session_corrected sc ON sc.session_id = ws.id
    WHERE %(needs_review)s::boolean IS NULL
       OR coalesce(sc.needs_review, ws.needs_review) = %(needs_review)s::boolean
), page AS (
    SELECT l.*, count(*) OVER () AS total FROM listed l
    ORDER BY l.performed_on DESC NULLS LAST, l.id DESC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT p.id, p.upload_id, p.layout, p.revision, p.title, p.performed_on, p.needs_review,
       p.corrections, p.total, u.original_name,
       coalesce(p.corrected_exercises,
                (SELECT count(*) FROM session_exercises e WHERE e.session_id = p.id)) AS exercises,
       coalesce(p.corrected_sets,
                (SELECT count(*) FROM exercise_sets s
                   JOIN session_exercises e ON e.id = s.exercise_id
                  WHERE e.session_id = p.id)) AS sets
FROM page p JOIN uploads u ON u.id = p.upload_id
ORDER BY p.performed_on DESC NULLS LAST, p.id DESC

-- name: supersede_read
-- Keep the current read's header as a parse revision (append-only).
INSERT INTO parse_revisions (session_id, revision, ocr_run_id, layout, title, performed_on,
                             duration_min, confidence, needs_review, warnings, findings, read_at)
SELECT ws.id, ws.revision, ws.ocr_run_id, ws.layout, ws.title, ws.performed_on,
       ws.duration_min, ws.confidence, ws.needs_review, ws.warnings, ws.findings,
       coalesce((SELECT r.created_at FROM ocr_runs r WHERE r.id = ws.ocr_run_id), ws.created_at)
FROM workout_sessions ws WHERE ws.id = %(session_id)s
RETURNING id

-- name: detach_exercises
-- The superseded read's exercises (and through them their sets) belong to the revision now.
UPDATE session_exercises SET session_id = NULL, parse_revision_id = %(revision_id)s
 WHERE session_id = %(session_id)s

-- name: set_read
UPDATE workout_sessions
   SET ocr_run_id = %(ocr_run_id)s, layout = %(layout)s, title = %(title)s,
       performed_on = %(performed_on)s, duration_min = %(duration_min)s,
       confidence = %(confidence)s, needs_review = %(needs_review)s, warnings = %(warnings)s,
       findings = %(findings)s, revision = revision + 1
 WHERE id = %(session_id)s

-- name: sessions_to_reparse
-- Sessions by scope: listed ids, the ones needing review (as corrected), or all.
SELECT ws.id FROM workout_sessions ws
LEFT JOIN session_corrected sc ON sc.session_id = ws.id
WHERE (%(scope)s = 'all')
   OR (%(scope)s = 'needs_review' AND coalesce(sc.needs_review, ws.needs_review))
   OR (%(scope)s = 'ids' AND ws.id = ANY(%(ids)s))
ORDER BY ws.id

-- name: start_reparse
INSERT INTO reparse_runs (scope, total) VALUES (%(scope)s, %(total)s) RETURNING id

-- name: reparse_progress
-- One session re-read (or failed): count it and keep what changed.
UPDATE reparse_runs
   SET done = done + %(done)s, failed = failed + %(failed)s,
       changes = changes || %(changes)s,
       finished_at = CASE WHEN done + failed + 1 >= total THEN now() END
 WHERE id = %(id)s

-- name: get_reparse
SELECT * FROM reparse_runs WHERE id = %(id)s
