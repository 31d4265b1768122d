-- Exercise families (docs/names.md): the movement without its equipment, so that a
-- progress view can roll `bench_press_dumbbell` and `bench_press` up to `bench_press`.
-- Loading the catalogue fills it; until then (and for keys that left the catalogue)
-- an exercise is its own family.

ALTER TABLE canonical_exercises ADD COLUMN family text;
UPDATE canonical_exercises SET family = key;
ALTER TABLE canonical_exercises ALTER COLUMN family SET NOT NULL;

CREATE INDEX canonical_exercises_family_idx ON canonical_exercises (family);
