-- One session per workout: a long workout is two to four screenshots (parts).
--
-- session_parts links every upload to the session it was stitched into; a
-- session has one part per screenshot. taken_at is when the screenshot was
-- taken (EXIF) or, without EXIF, when it arrived: parts taken minutes apart
-- belong together.
CREATE TABLE session_parts (
    session_id  bigint NOT NULL REFERENCES workout_sessions (id) ON DELETE RESTRICT,
    upload_id   bigint NOT NULL REFERENCES uploads (id) ON DELETE RESTRICT,
    part_no     integer NOT NULL CHECK (part_no >= 1),
    taken_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_parts_upload_key UNIQUE (upload_id)
);

CREATE INDEX session_parts_session_idx ON session_parts (session_id);

INSERT INTO session_parts (session_id, upload_id, part_no, taken_at)
SELECT ws.id, ws.upload_id, 1, u.created_at
FROM workout_sessions ws JOIN uploads u ON u.id = ws.upload_id;

-- Which screenshot a row was read from, so a stitched session can be split
-- again. NULL for rows added by hand.
ALTER TABLE session_exercises ADD COLUMN upload_id bigint REFERENCES uploads (id) ON DELETE RESTRICT;
ALTER TABLE exercise_sets ADD COLUMN upload_id bigint REFERENCES uploads (id) ON DELETE RESTRICT;

UPDATE session_exercises e SET upload_id = ws.upload_id
FROM workout_sessions ws WHERE ws.id = e.session_id;

UPDATE exercise_sets s SET upload_id = e.upload_id
FROM session_exercises e WHERE e.id = s.exercise_id;

-- Stitching and merging find the sessions of one workout by app, date and title.
CREATE INDEX workout_sessions_workout_idx ON workout_sessions (layout, performed_on);

-- When two sessions are merged, an exercise shown in both is kept once. The
-- other row goes, and with it the bar on deleting an exercise with binding
-- history: the merge is recorded, so its history can still be followed.
CREATE TABLE exercise_merges (
    from_id     bigint PRIMARY KEY,
    into_id     bigint NOT NULL REFERENCES session_exercises (id) ON DELETE RESTRICT,
    merged_at   timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION session_exercises_keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM binding_events WHERE exercise_id = OLD.id)
       AND NOT EXISTS (SELECT 1 FROM exercise_merges WHERE from_id = OLD.id) THEN
        RAISE EXCEPTION 'exercise % has binding events and cannot be deleted', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END;
$$;

-- Every session has at least its own upload as a part, whoever stores it;
-- stitching then records when the part was taken and moves it.
CREATE FUNCTION workout_sessions_first_part() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO session_parts (session_id, upload_id, part_no, taken_at)
    VALUES (NEW.id, NEW.upload_id, 1, now())
    ON CONFLICT (upload_id) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER workout_sessions_first_part
    AFTER INSERT ON workout_sessions
    FOR EACH ROW EXECUTE FUNCTION workout_sessions_first_part();
