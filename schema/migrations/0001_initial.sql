-- liftlens initial schema. See DESIGN.md "Data model".
-- Ingested data is never cascade-deleted: every foreign key to an ingested row
-- is ON DELETE RESTRICT, so removing an upload with sessions fails loudly.

CREATE TABLE uploads (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256          text NOT NULL,
    source          text NOT NULL,
    original_name   text NOT NULL,
    byte_size       bigint NOT NULL CHECK (byte_size >= 0),
    width           integer CHECK (width > 0),
    height          integer CHECK (height > 0),
    status          text NOT NULL DEFAULT 'queued',
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- NULL while no OCR task is known to be on the queue (broker was down at submit).
    enqueued_at     timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    CONSTRAINT uploads_sha256_key UNIQUE (sha256),
    CONSTRAINT uploads_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT uploads_status_check CHECK (
        status IN ('queued', 'processing', 'done', 'needs_review', 'failed', 'rejected')
    ),
    CONSTRAINT uploads_source_check CHECK (source IN ('watch', 'http', 'cli', 'ingest'))
);

CREATE INDEX uploads_status_idx ON uploads (status, updated_at);

CREATE TABLE upload_blobs (
    upload_id   bigint PRIMARY KEY REFERENCES uploads (id) ON DELETE RESTRICT,
    bytes       bytea NOT NULL
);
-- Screenshots are already compressed; skip TOAST's pointless pglz attempt.
ALTER TABLE upload_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE ocr_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    upload_id       bigint NOT NULL REFERENCES uploads (id) ON DELETE RESTRICT,
    engine          text NOT NULL,
    engine_version  text NOT NULL DEFAULT '',
    languages       text NOT NULL,
    settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
    text            text NOT NULL,
    words           jsonb NOT NULL DEFAULT '[]'::jsonb,
    mean_conf       real,
    millis          integer NOT NULL CHECK (millis >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ocr_runs_upload_idx ON ocr_runs (upload_id);

CREATE TABLE workout_sessions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    upload_id       bigint NOT NULL REFERENCES uploads (id) ON DELETE RESTRICT,
    ocr_run_id      bigint REFERENCES ocr_runs (id) ON DELETE RESTRICT,
    layout          text NOT NULL,
    title           text,
    performed_on    date,
    duration_min    integer CHECK (duration_min >= 0),
    confidence      real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    needs_review    boolean NOT NULL DEFAULT false,
    warnings        jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- One session per upload: the OCR task is idempotent by upload id.
    CONSTRAINT workout_sessions_upload_key UNIQUE (upload_id)
);

CREATE INDEX workout_sessions_performed_idx ON workout_sessions (performed_on);

CREATE TABLE session_exercises (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id          bigint NOT NULL REFERENCES workout_sessions (id) ON DELETE RESTRICT,
    position            integer NOT NULL CHECK (position >= 0),
    raw_name            text NOT NULL,
    name_norm           text NOT NULL,
    alias_key           text,
    bound_score         real,
    bound_method        text,
    catalogue_version   text,
    bound_at            timestamptz,
    CONSTRAINT session_exercises_position_key UNIQUE (session_id, position)
);

-- The bind job and the unmapped report look for unbound rows by name.
CREATE INDEX session_exercises_unbound_idx ON session_exercises (name_norm) WHERE alias_key IS NULL;
CREATE INDEX session_exercises_name_idx ON session_exercises (name_norm);
CREATE INDEX session_exercises_alias_idx ON session_exercises (alias_key);

-- raw_name is what the screen showed; it is evidence and never changes.
CREATE FUNCTION session_exercises_raw_name_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.raw_name IS DISTINCT FROM OLD.raw_name THEN
        RAISE EXCEPTION 'raw_name is immutable (exercise %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER session_exercises_raw_name_immutable
    BEFORE UPDATE OF raw_name ON session_exercises
    FOR EACH ROW EXECUTE FUNCTION session_exercises_raw_name_immutable();

CREATE TABLE exercise_sets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exercise_id     bigint NOT NULL REFERENCES session_exercises (id) ON DELETE RESTRICT,
    position        integer NOT NULL CHECK (position >= 0),
    set_type        text NOT NULL DEFAULT 'working',
    reps            integer CHECK (reps >= 0),
    weight          numeric(8, 3),
    unit            text,
    weight_kg       numeric(8, 3),
    duration_s      integer CHECK (duration_s >= 0),
    distance        numeric(10, 3) CHECK (distance >= 0),
    distance_unit   text,
    rpe             numeric(3, 1) CHECK (rpe >= 0 AND rpe <= 10),
    raw_line        text NOT NULL DEFAULT '',
    CONSTRAINT exercise_sets_position_key UNIQUE (exercise_id, position),
    CONSTRAINT exercise_sets_set_type_check CHECK (set_type IN ('warmup', 'working', 'drop', 'failure')),
    CONSTRAINT exercise_sets_unit_check CHECK (unit IN ('kg', 'lb')),
    CONSTRAINT exercise_sets_weight_unit_check CHECK ((weight IS NULL) = (unit IS NULL)),
    CONSTRAINT exercise_sets_distance_unit_check CHECK (distance_unit IN ('km', 'mi', 'm'))
);

CREATE TABLE catalogue_versions (
    version     text PRIMARY KEY,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    exercises   integer NOT NULL,
    aliases     integer NOT NULL
);

CREATE TABLE canonical_exercises (
    key             text PRIMARY KEY CHECK (key ~ '^[a-z0-9_]+$'),
    display_name    text NOT NULL,
    equipment       text,
    muscles         text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE exercise_aliases (
    alias_norm  text PRIMARY KEY,
    key         text NOT NULL REFERENCES canonical_exercises (key) ON DELETE RESTRICT,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT exercise_aliases_source_check CHECK (source IN ('catalogue', 'user', 'auto'))
);

CREATE INDEX exercise_aliases_key_idx ON exercise_aliases (key);

CREATE TABLE ignored_names (
    name_norm   text PRIMARY KEY,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE binding_events (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exercise_id         bigint NOT NULL REFERENCES session_exercises (id) ON DELETE RESTRICT,
    old_key             text,
    new_key             text,
    score               real,
    method              text NOT NULL,
    catalogue_version   text,
    bind_run_id         bigint,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX binding_events_exercise_idx ON binding_events (exercise_id);

-- History is append-only.
CREATE FUNCTION binding_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'binding_events is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER binding_events_append_only
    BEFORE UPDATE OR DELETE ON binding_events
    FOR EACH ROW EXECUTE FUNCTION binding_events_append_only();

CREATE TABLE bind_runs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    mode                text NOT NULL CHECK (mode IN ('incremental', 'full')),
    catalogue_version   text,
    names_decided       integer NOT NULL DEFAULT 0,
    rows_changed        integer NOT NULL DEFAULT 0,
    -- Snapshot for the report's "bound share over time" chart.
    rows_total          bigint,
    rows_bound          bigint,
    max_exercise_id     bigint
);
