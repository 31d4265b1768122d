-- Progress of one key reads the working sets of the exercises bound to it
-- (schema/queries/progress.sql, totals_of_key). This index holds every column
-- that query needs, so a long history is read from the index alone, a few
-- entries per exercise, instead of scanning every set. The binding stays on
-- session_exercises (alias_key), read at query time: a re-bind changes
-- progress at once.
CREATE INDEX exercise_sets_working_idx ON exercise_sets (exercise_id)
    INCLUDE (position, reps, weight, unit)
    WHERE set_type <> 'warmup';
