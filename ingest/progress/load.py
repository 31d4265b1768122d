"""Loading one key's progress from the database (the edge the CLI and the pages share)."""

from __future__ import annotations

from ingest.progress.stats import Progress, SessionProgress, summarise
from schema.db import Connection
from schema.repo_progress import (
    corrected_sets_of_key,
    display_name,
    spellings_of_key,
    totals_of_key,
)


def load_progress(conn: Connection, key: str) -> Progress:
    """The progress of `key` as stored now (corrections applied, every bound spelling)."""
    return summarise(
        key,
        display_name(conn, key),
        corrected_sets_of_key(conn, key),
        totals_of_key(conn, key, SessionProgress),
        spellings_of_key(conn, key),
    )
