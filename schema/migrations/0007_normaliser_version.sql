-- The name normaliser each bind run used (`schema.name_norm.NORMALISER_VERSION`).
-- Stored `name_norm` values are written by the normaliser of their day; when it
-- changes, the next bind run normalises the stored names again from the raw (or
-- corrected) names before deciding them, so that binding always compares names
-- the current normaliser wrote. Runs before this column have none, which counts
-- as a change.

ALTER TABLE bind_runs ADD COLUMN normaliser_version text;
