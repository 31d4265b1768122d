-- Hand corrections and parse revisions. See docs/corrections.md.
--
-- What OCR read stays as it was: a correction is an event on top of the read,
-- and a re-parse stores the new read as new rows beside the old ones.

-- ---- corrections: an append-only event log --------------------------------------------

-- A set is addressed by a reference that survives a re-parse: `r<N>` is the
-- read's set at position N of the exercise at `exercise_pos`; `c<ID>` is the
-- set added by correction ID. The read's positions are the ones the reader
-- produced, so a correction made on one revision finds its row in the next.
CREATE TABLE corrections (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id      bigint NOT NULL REFERENCES workout_sessions (id) ON DELETE RESTRICT,
    action          text NOT NULL,
    target          text NOT NULL,
    exercise_pos    integer CHECK (exercise_pos >= 0),
    set_ref         text CHECK (set_ref ~ '^[rc][0-9]+$'),
    field           text,
    before          jsonb,
    after           jsonb,
    client          text NOT NULL,
    -- The read revision the correction was made on.
    revision        integer NOT NULL CHECK (revision >= 1),
    -- An undo event names the event it undoes; an event is undone at most once.
    undoes          bigint REFERENCES corrections (id) ON DELETE RESTRICT,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT corrections_action_check CHECK (
        action IN ('edit', 'add_set', 'delete_set', 'move_set', 'accept', 'undo')
    ),
    CONSTRAINT corrections_target_check CHECK (target IN ('session', 'exercise', 'set')),
    CONSTRAINT corrections_client_check CHECK (client IN ('web', 'api', 'cli')),
    CONSTRAINT corrections_undo_check CHECK ((action = 'undo') = (undoes IS NOT NULL))
);

CREATE INDEX corrections_session_idx ON corrections (session_id, id);
CREATE UNIQUE INDEX corrections_undone_once ON corrections (undoes) WHERE undoes IS NOT NULL;

CREATE FUNCTION corrections_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'corrections is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER corrections_append_only
    BEFORE UPDATE OR DELETE ON corrections
    FOR EACH ROW EXECUTE FUNCTION corrections_append_only();

-- The corrected name of an exercise, kept on the row for binding: `name_norm`
-- is the normalised name binding uses, i.e. of `corrected_name` when there is
-- one, else of `raw_name` (which never changes). Written only together with
-- a correction event.
ALTER TABLE session_exercises ADD COLUMN corrected_name text;

-- What the reader found, as data (schema.models.Finding), beside the warnings.
ALTER TABLE workout_sessions
    ADD COLUMN findings jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);

-- ---- parse revisions ------------------------------------------------------------------

-- A re-parse keeps the superseded read: its header is copied here, and its
-- exercise rows (with their sets) are detached from the session (session_id
-- NULL) and attached to the revision. Nothing of the read itself is edited:
-- raw names, sets and OCR runs stay as they were.
CREATE TABLE parse_revisions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id      bigint NOT NULL REFERENCES workout_sessions (id) ON DELETE RESTRICT,
    revision        integer NOT NULL CHECK (revision >= 1),
    ocr_run_id      bigint REFERENCES ocr_runs (id) ON DELETE RESTRICT,
    layout          text NOT NULL,
    title           text,
    performed_on    date,
    duration_min    integer,
    confidence      real NOT NULL,
    needs_review    boolean NOT NULL,
    warnings        jsonb NOT NULL,
    findings        jsonb NOT NULL,
    read_at         timestamptz NOT NULL,
    superseded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT parse_revisions_session_key UNIQUE (session_id, revision)
);

CREATE TRIGGER parse_revisions_append_only
    BEFORE UPDATE OR DELETE ON parse_revisions
    FOR EACH ROW EXECUTE FUNCTION corrections_append_only();

ALTER TABLE session_exercises
    ALTER COLUMN session_id DROP NOT NULL,
    ADD COLUMN parse_revision_id bigint REFERENCES parse_revisions (id) ON DELETE RESTRICT,
    ADD CONSTRAINT session_exercises_owner_check
        CHECK ((session_id IS NULL) <> (parse_revision_id IS NULL));

CREATE INDEX session_exercises_revision_idx ON session_exercises (parse_revision_id)
    WHERE parse_revision_id IS NOT NULL;

-- A re-parse run: how many sessions it covers and how far it got (for progress).
CREATE TABLE reparse_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope           text NOT NULL,
    total           integer NOT NULL CHECK (total >= 0),
    done            integer NOT NULL DEFAULT 0,
    failed          integer NOT NULL DEFAULT 0,
    -- Per session: {"<id>": {changes...}} (see schema.repo_revisions.ReparseChange).
    changes         jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

-- ---- the corrected state, kept for listing ----------------------------------------------

-- The corrected title, date, counts and review state of a session, written
-- whenever its corrections or its read change, so the sessions list needs no
-- replay of events. Sessions never corrected or re-read have no row: their
-- read is their state.
CREATE TABLE session_corrected (
    session_id      bigint PRIMARY KEY REFERENCES workout_sessions (id) ON DELETE RESTRICT,
    title           text,
    performed_on    date,
    needs_review    boolean NOT NULL,
    review_reasons  jsonb NOT NULL DEFAULT '[]'::jsonb,
    exercises       integer NOT NULL,
    sets            integer NOT NULL,
    corrections     integer NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The sessions list: newest workout first.
CREATE INDEX workout_sessions_listing_idx ON workout_sessions (performed_on DESC NULLS LAST, id DESC);
