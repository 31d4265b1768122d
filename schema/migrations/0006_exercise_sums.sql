-- Progress of one key (schema/queries/progress.sql, totals_of_key) sums up the
-- working sets of every exercise bound to the key. A long history is tens of
-- thousands of sets, so each exercise row's working sets are summed up once,
-- when they are written, into exercise_sums; progress reads one row per
-- exercise. The binding is not copied: progress still finds the exercises by
-- session_exercises.alias_key at query time, so a re-bind changes it at once.
--
-- The sums are the read's (corrections are events on top of it, and sessions
-- with corrected rows are replayed instead). Triggers keep them in step with
-- exercise_sets whoever writes it (ingest, stitching, import), in the same
-- transaction. Weights in kg as float8 (numeric to float8 goes through text;
-- these are estimates); Epley's estimate; warm-ups are no part of it.
CREATE TABLE exercise_sums (
    exercise_id     bigint PRIMARY KEY,
    sets            integer NOT NULL,
    reps            integer NOT NULL,
    top_weight_kg   double precision,
    volume_kg       double precision NOT NULL,
    e1rm_kg         double precision,
    -- The best set: the highest estimate, the first such set of the exercise.
    best_weight_kg  double precision,
    best_reps       integer
);

CREATE FUNCTION exercise_sums_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
DELETE FROM exercise_sums WHERE exercise_id = ANY (ids);
INSERT INTO exercise_sums (exercise_id, sets, reps, top_weight_kg, volume_kg, e1rm_kg,
                           best_weight_kg, best_reps)
SELECT exercise_id, count(*), coalesce(sum(reps), 0),
       max(kg) FILTER (WHERE kg > 0),
       coalesce(sum(kg * reps) FILTER (WHERE e1rm IS NOT NULL), 0),
       max(e1rm),
       max(kg) FILTER (WHERE rank = 1 AND e1rm IS NOT NULL),
       max(reps) FILTER (WHERE rank = 1 AND e1rm IS NOT NULL)
FROM (
    SELECT exercise_id, reps, kg, e1rm,
           row_number() OVER (PARTITION BY exercise_id
                              ORDER BY e1rm DESC NULLS LAST, position) AS rank
    FROM (
        SELECT exercise_id, position, reps, kg,
               CASE WHEN kg > 0 AND reps > 0
                    THEN CASE WHEN reps = 1 THEN kg ELSE kg * (1 + reps / 30.0::float8) END
               END AS e1rm
        FROM (
            SELECT exercise_id, position, reps,
                   CASE WHEN unit = 'lb' THEN weight::float8 * 0.45359237
                        ELSE weight::float8 END AS kg
            FROM exercise_sets
            WHERE exercise_id = ANY (ids) AND set_type <> 'warmup'
        ) converted
    ) rated
) ranked
GROUP BY exercise_id;
$$;

-- Statement triggers: one refresh per statement for every exercise it touched
-- (a COPY of 100,000 sets is one refresh, not 100,000).
CREATE FUNCTION exercise_sums_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM exercise_sums_refresh(ARRAY(SELECT DISTINCT exercise_id FROM new_sets));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM exercise_sums_refresh(ARRAY(SELECT exercise_id FROM old_sets
                                            UNION SELECT exercise_id FROM new_sets));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM exercise_sums_refresh(ARRAY(SELECT DISTINCT exercise_id FROM old_sets));
    ELSE
        DELETE FROM exercise_sums;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER exercise_sums_insert AFTER INSERT ON exercise_sets
    REFERENCING NEW TABLE AS new_sets
    FOR EACH STATEMENT EXECUTE FUNCTION exercise_sums_sync();
CREATE TRIGGER exercise_sums_update AFTER UPDATE ON exercise_sets
    REFERENCING OLD TABLE AS old_sets NEW TABLE AS new_sets
    FOR EACH STATEMENT EXECUTE FUNCTION exercise_sums_sync();
CREATE TRIGGER exercise_sums_delete AFTER DELETE ON exercise_sets
    REFERENCING OLD TABLE AS old_sets
    FOR EACH STATEMENT EXECUTE FUNCTION exercise_sums_sync();
CREATE TRIGGER exercise_sums_truncate AFTER TRUNCATE ON exercise_sets
    FOR EACH STATEMENT EXECUTE FUNCTION exercise_sums_sync();

SELECT exercise_sums_refresh(ARRAY(SELECT DISTINCT exercise_id FROM exercise_sets));
