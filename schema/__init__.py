"""Schema: the bottom layer. Settings, errors, pydantic models (`Finding` among them), the
name normaliser (`name_norm`, which defines a stored column), the migration runner and
migrations, named SQL queries and one repository module per aggregate (`repo_*`).

Imports nothing of ours: only the standard library and its declared dependencies.
"""
