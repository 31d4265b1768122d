"""Schema: migrations, the migration runner, shared pydantic models and repositories."""
