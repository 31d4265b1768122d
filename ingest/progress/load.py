"""Loading one key's progress from the database (the edge the CLI and the pages share)."""

from __future__ import annotations

from ingest.progress.stats import Progress, summarise
from schema.db import Connection
from schema.repo_progress import display_name, sets_of_key


def load_progress(conn: Connection, key: str) -> Progress:
    """The progress of `key` as stored now (corrections applied, every bound spelling)."""
    return summarise(key, display_name(conn, key), sets_of_key(conn, key))
