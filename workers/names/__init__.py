"""Names: the shipped exercise catalogue (package data), the fuzzy matcher and the bind job.

Raw names are normalised by `schema.name_norm` (the stored `name_norm` column);
everything that needs judgement happens here. May import `schema` only.
"""
