"""Schema: the bottom layer. Settings, errors, pydantic models, the name normaliser
(`name_norm`, which defines a stored column), migrations, named SQL queries and one
repository module per aggregate (`repo_*`).

Imports nothing of ours.
"""
