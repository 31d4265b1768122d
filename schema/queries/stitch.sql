-- Named queries for stitching the parts of one workout into one session.

-- name: insert_part
INSERT INTO session_parts (session_id, upload_id, part_no, taken_at)
VALUES (%(session_id)s, %(upload_id)s, 1, %(taken_at)s)
ON CONFLICT (upload_id) DO UPDATE SET taken_at = EXCLUDED.taken_at

-- name: mark_provenance
WITH ex AS (
    UPDATE session_exercises SET upload_id = %(upload_id)s
    WHERE session_id = %(session_id)s AND upload_id IS NULL
    RETURNING id
)
UPDATE exercise_sets SET upload_id = %(upload_id)s
WHERE exercise_id IN (SELECT id FROM ex) AND upload_id IS NULL

-- name: lock_workout
SELECT pg_advisory_xact_lock(hashtextextended(%(key)s, 0))

-- Other sessions of the same app, day and title with a part taken near this time.
-- name: candidates
SELECT ws.id FROM workout_sessions ws
WHERE ws.layout = %(layout)s AND ws.performed_on = %(performed_on)s
  AND lower(btrim(coalesce(ws.title, ''))) = lower(btrim(coalesce(%(title)s, '')))
  AND ws.id <> %(session_id)s
  -- Hand corrections address rows by position and earlier reads name their session:
  -- such sessions are never re-arranged automatically (see repo_stitch._check_history).
  AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.session_id = ws.id)
  AND NOT EXISTS (SELECT 1 FROM parse_revisions r WHERE r.session_id = ws.id)
  AND EXISTS (
      SELECT 1 FROM session_parts p
      WHERE p.session_id = ws.id
        AND abs(extract(epoch FROM p.taken_at - %(taken_at)s)) <= %(window_s)s)
ORDER BY ws.id

-- name: session_head
SELECT id, upload_id, layout, title, performed_on FROM workout_sessions WHERE id = %(id)s
FOR UPDATE

-- Each exercise with its sets' ids and what they hold, in order.
-- name: sequence
SELECT e.id, e.name_norm,
       coalesce(array_agg(s.id ORDER BY s.position) FILTER (WHERE s.id IS NOT NULL), '{}') AS sets,
       coalesce(jsonb_agg(jsonb_build_array(s.set_type, s.reps, s.weight::text, s.unit,
                                            s.duration_s, s.distance::text, s.rpe::text)
                          ORDER BY s.position) FILTER (WHERE s.id IS NOT NULL),
                '[]'::jsonb) AS looks
FROM session_exercises e LEFT JOIN exercise_sets s ON s.exercise_id = e.id
WHERE e.session_id = %(id)s
GROUP BY e.id, e.position
ORDER BY e.position

-- name: parts
SELECT session_id, upload_id, part_no, taken_at FROM session_parts
WHERE session_id = %(id)s ORDER BY part_no, taken_at, upload_id

-- name: first_taken
SELECT min(taken_at) AS taken_at FROM session_parts WHERE session_id = %(id)s

-- Positions are unique per session and per exercise: move them out of the way first.
-- name: park_exercises
UPDATE session_exercises SET position = position + 1000000 WHERE session_id = ANY(%(ids)s)

-- name: park_sets
UPDATE exercise_sets SET position = position + 1000000 WHERE exercise_id = ANY(%(ids)s)

-- name: place_exercise
UPDATE session_exercises SET session_id = %(session_id)s, position = %(position)s
WHERE id = %(id)s

-- name: place_set
UPDATE exercise_sets SET exercise_id = %(exercise_id)s, position = %(position)s WHERE id = %(id)s

-- name: delete_sets
DELETE FROM exercise_sets WHERE id = ANY(%(ids)s)

-- name: record_merge
INSERT INTO exercise_merges (from_id, into_id) VALUES (%(from_id)s, %(into_id)s)
ON CONFLICT (from_id) DO UPDATE SET into_id = EXCLUDED.into_id, merged_at = now()

-- name: delete_exercise
DELETE FROM session_exercises WHERE id = %(id)s

-- name: fold_session
UPDATE workout_sessions k
SET needs_review = k.needs_review OR o.needs_review,
    confidence = least(k.confidence, o.confidence),
    duration_min = greatest(k.duration_min, o.duration_min),
    warnings = k.warnings || o.warnings,
    findings = k.findings || o.findings
FROM workout_sessions o
WHERE k.id = %(keep)s AND o.id = %(other)s

-- name: move_parts
UPDATE session_parts SET session_id = %(keep)s WHERE session_id = %(other)s

-- name: renumber_parts
UPDATE session_parts p SET part_no = r.n
FROM (SELECT upload_id, row_number() OVER (ORDER BY taken_at, upload_id) AS n
      FROM session_parts WHERE session_id = %(id)s) r
WHERE p.upload_id = r.upload_id AND p.part_no IS DISTINCT FROM r.n

-- name: history
SELECT (SELECT count(*) FROM corrections WHERE session_id = %(id)s) AS corrections,
       (SELECT count(*) FROM parse_revisions WHERE session_id = %(id)s) AS revisions

-- name: drop_state
DELETE FROM session_corrected WHERE session_id = %(id)s

-- name: delete_session
DELETE FROM workout_sessions WHERE id = %(id)s

-- name: renumber_exercises
UPDATE session_exercises e SET position = r.n - 1
FROM (SELECT id, row_number() OVER (ORDER BY position) AS n
      FROM session_exercises WHERE session_id = %(id)s) r
WHERE e.id = r.id

-- name: renumber_sets
UPDATE exercise_sets s SET position = r.n - 1
FROM (SELECT s2.id, row_number() OVER (PARTITION BY s2.exercise_id ORDER BY s2.position) AS n
      FROM exercise_sets s2 JOIN session_exercises e ON e.id = s2.exercise_id
      WHERE e.session_id = %(id)s) r
WHERE s.id = r.id

-- name: exercises_for_split
SELECT e.id, e.upload_id,
       coalesce(array_agg(s.id ORDER BY s.position)
                FILTER (WHERE s.upload_id = %(upload_id)s), '{}') AS mine,
       count(s.id) FILTER (WHERE s.upload_id IS DISTINCT FROM %(upload_id)s) AS others
FROM session_exercises e LEFT JOIN exercise_sets s ON s.exercise_id = e.id
WHERE e.session_id = %(id)s
GROUP BY e.id
ORDER BY e.position

-- name: reassign_session_upload
UPDATE workout_sessions SET upload_id = (
    SELECT upload_id FROM session_parts
    WHERE session_id = %(id)s AND upload_id <> %(upload_id)s ORDER BY part_no LIMIT 1)
WHERE id = %(id)s AND upload_id = %(upload_id)s

-- name: split_session
INSERT INTO workout_sessions (upload_id, ocr_run_id, layout, title, performed_on, duration_min,
                              confidence, needs_review, warnings)
SELECT %(upload_id)s,
       (SELECT max(id) FROM ocr_runs WHERE upload_id = %(upload_id)s),
       layout, title, performed_on, duration_min, confidence, needs_review, '[]'::jsonb
FROM workout_sessions WHERE id = %(id)s
RETURNING id

-- name: move_part
UPDATE session_parts SET session_id = %(new_id)s, part_no = 1
WHERE upload_id = %(upload_id)s AND session_id = %(id)s

-- name: copy_exercise
INSERT INTO session_exercises (session_id, position, raw_name, name_norm, alias_key, bound_score,
                               bound_method, catalogue_version, bound_at, upload_id)
SELECT %(new_id)s, %(position)s, raw_name, name_norm, alias_key, bound_score, bound_method,
       catalogue_version, bound_at, %(upload_id)s
FROM session_exercises WHERE id = %(id)s
RETURNING id
