-- Named queries for exports: every session's read in three statements, corrections beside.

-- name: sessions
SELECT ws.id, ws.upload_id, ws.layout, ws.revision, ws.title, ws.performed_on, ws.duration_min,
       ws.confidence, ws.needs_review AS read_needs_review, ws.warnings,
       ws.findings AS read_findings, ws.created_at
FROM workout_sessions ws
WHERE (%(since)s::date IS NULL OR ws.performed_on >= %(since)s::date)
ORDER BY ws.performed_on NULLS LAST, ws.id

-- name: exercises
SELECT e.id AS exercise_id, e.session_id, e.position AS pos, e.raw_name, e.raw_name AS name,
       e.alias_key, e.bound_method, e.bound_score
FROM session_exercises e
JOIN workout_sessions ws ON ws.id = e.session_id
WHERE (%(since)s::date IS NULL OR ws.performed_on >= %(since)s::date)
ORDER BY e.session_id, e.position

-- name: sets
SELECT s.id AS set_id, s.exercise_id, 'r' || s.position AS ref, s.set_type, s.reps,
       s.weight::float8 AS weight, s.unit, s.duration_s, s.distance::float8 AS distance,
       s.distance_unit, s.rpe::float8 AS rpe, s.raw_line
FROM exercise_sets s
JOIN session_exercises e ON e.id = s.exercise_id
JOIN workout_sessions ws ON ws.id = e.session_id
WHERE (%(since)s::date IS NULL OR ws.performed_on >= %(since)s::date)
ORDER BY s.exercise_id, s.position

-- name: events
SELECT * FROM corrections ORDER BY session_id, id

-- name: parts
SELECT p.session_id, p.upload_id, p.part_no, p.taken_at, u.sha256, u.original_name
FROM session_parts p JOIN uploads u ON u.id = p.upload_id
ORDER BY p.session_id, p.part_no

-- name: display_names
SELECT key, display_name FROM canonical_exercises
