"""Names: the shipped exercise catalogue (package data `data/catalogue.json`, read through
`importlib.resources`), the fuzzy matcher and the bind job.

Raw names are normalised by `schema.name_norm` (the stored `name_norm` column);
everything that needs judgement happens here. May import `schema` only: not `ingest`,
not the rest of `workers`.
"""
