-- The bind job's bookkeeping: what operators changed, and what each run saw.
--
-- A run skips (no scoring) when no row is undecided, the catalogue version is
-- the one the last run used, and no operator alias or ignore changed since the
-- last run. The first two are answered by session_exercises and bind_runs; the
-- third by operator_changes, a journal filled by triggers so that every writer
-- of exercise_aliases / ignored_names is seen, not only the CLI.

CREATE TABLE operator_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name_norm   text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('alias', 'ignore')),
    changed_at  timestamptz NOT NULL DEFAULT now()
);

-- Catalogue aliases are covered by the catalogue version; only operator
-- (user / auto) aliases are journalled.
CREATE FUNCTION exercise_aliases_journal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.source <> 'catalogue' THEN
        INSERT INTO operator_changes (name_norm, kind) VALUES (OLD.alias_norm, 'alias');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.source <> 'catalogue' THEN
        INSERT INTO operator_changes (name_norm, kind) VALUES (NEW.alias_norm, 'alias');
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER exercise_aliases_journal
    AFTER INSERT OR UPDATE OR DELETE ON exercise_aliases
    FOR EACH ROW EXECUTE FUNCTION exercise_aliases_journal();

CREATE FUNCTION ignored_names_journal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO operator_changes (name_norm, kind) VALUES (OLD.name_norm, 'ignore');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO operator_changes (name_norm, kind) VALUES (NEW.name_norm, 'ignore');
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ignored_names_journal
    AFTER INSERT OR UPDATE OR DELETE ON ignored_names
    FOR EACH ROW EXECUTE FUNCTION ignored_names_journal();

-- What a run saw, so the next one knows whether anything changed since.
ALTER TABLE bind_runs
    ADD COLUMN operator_change_id bigint NOT NULL DEFAULT 0,
    ADD COLUMN reason text,
    ADD COLUMN seconds real;

CREATE INDEX bind_runs_finished_idx ON bind_runs (id) WHERE finished_at IS NOT NULL;

-- Rows no run has decided yet (newly ingested): the incremental run's input.
-- Small after each run, so finding new names never scans the whole table.
CREATE INDEX session_exercises_undecided_idx ON session_exercises (name_norm)
    WHERE bound_method IS NULL;

-- The first bind of a large backlog writes one event per row. Checking a
-- foreign key per inserted event cost a third of that statement's CPU (11 s
-- of 32 s for 1,000,000 rows), and the only writer of events is the bind job,
-- which takes the ids from the very rows it updates. So the reference is kept
-- from the other side: an exercise with history cannot be deleted.
ALTER TABLE binding_events DROP CONSTRAINT binding_events_exercise_id_fkey;

CREATE FUNCTION session_exercises_keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM binding_events WHERE exercise_id = OLD.id) THEN
        RAISE EXCEPTION 'exercise % has binding events and cannot be deleted', OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER session_exercises_keep_history
    BEFORE DELETE ON session_exercises
    FOR EACH ROW EXECUTE FUNCTION session_exercises_keep_history();
