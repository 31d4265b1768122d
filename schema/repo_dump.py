"""Every table of liftlens as JSON rows, and back into an empty database (lossless).

PostgreSQL itself turns rows into JSON (`json_agg`) and JSON back into rows
(`json_populate_recordset`), so every type (numeric, timestamptz, jsonb,
arrays, bytea) round-trips exactly. Ids are kept, so references hold, and the
identity sequences are moved past them afterwards.
"""

from __future__ import annotations

import json
from typing import Any

from psycopg import sql

from schema.db import Connection

# Parents before children; the second item orders the rows.
TABLES: tuple[tuple[str, str], ...] = (
    ("uploads", "id"),
    ("upload_blobs", "upload_id"),
    ("ocr_runs", "id"),
    ("workout_sessions", "id"),
    ("session_parts", "upload_id"),
    ("parse_revisions", "id"),
    ("session_exercises", "id"),
    ("exercise_sets", "id"),
    ("exercise_merges", "from_id"),
    ("catalogue_versions", "version"),
    ("canonical_exercises", "key"),
    ("exercise_aliases", "alias_norm"),
    ("ignored_names", "name_norm"),
    ("operator_changes", "id"),
    ("bind_runs", "id"),
    ("binding_events", "id"),
    ("corrections", "id"),
    ("session_corrected", "session_id"),
    ("reparse_runs", "id"),
)
# Written by triggers when sessions, aliases and ignores are inserted: loaded as dumped instead.
JOURNALS = ("session_parts", "operator_changes")


class NotEmpty(ValueError):
    """The database to import into already holds data."""


def migrations(conn: Connection) -> list[str]:
    """The schema versions applied, oldest first."""
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    return [str(r["version"]) for r in rows]


def dump_tables(conn: Connection, *, images: bool = False) -> dict[str, list[Any]]:
    """Every row of every table, oldest first (`upload_blobs` only with `images`)."""
    out: dict[str, list[Any]] = {}
    for table, order in TABLES:
        if table == "upload_blobs" and not images:
            continue
        query = sql.SQL(
            "SELECT coalesce(json_agg(t ORDER BY t.{}), '[]'::json)::text AS rows FROM {} t"
        )
        row = conn.execute(query.format(sql.Identifier(order), sql.Identifier(table))).fetchone()
        assert row is not None
        out[table] = json.loads(row["rows"])
    return out


def load_tables(conn: Connection, tables: dict[str, list[Any]]) -> dict[str, int]:
    """Insert dumped rows into an empty database, in one transaction; rows per table."""
    counts: dict[str, int] = {}
    with conn.transaction():
        for table, _ in TABLES:
            exists = sql.SQL("SELECT EXISTS (SELECT 1 FROM {}) AS any").format(
                sql.Identifier(table)
            )
            found = conn.execute(exists).fetchone()
            if found is not None and found["any"]:
                raise NotEmpty(f"table {table} is not empty: import needs an empty database")
        for table, _ in TABLES:
            rows = tables.get(table, [])
            if table in JOURNALS:
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            if rows:
                insert = sql.SQL(
                    "INSERT INTO {t} OVERRIDING SYSTEM VALUE "
                    "SELECT * FROM json_populate_recordset(NULL::{t}, %(rows)s::json)"
                ).format(t=sql.Identifier(table))
                conn.execute(insert, {"rows": json.dumps(rows)})
            counts[table] = len(rows)
            _advance_identity(conn, table)
    return counts


def _advance_identity(conn: Connection, table: str) -> None:
    row = conn.execute(
        "SELECT pg_get_serial_sequence(%(t)s, 'id') AS seq "
        "WHERE EXISTS (SELECT 1 FROM information_schema.columns"
        " WHERE table_name = %(t)s AND column_name = 'id' AND is_identity = 'YES')",
        {"t": table},
    ).fetchone()
    if row is None or row["seq"] is None:
        return
    query = sql.SQL("SELECT setval(%(seq)s, coalesce(max(id), 0) + 1, false) FROM {}")
    conn.execute(query.format(sql.Identifier(table)), {"seq": row["seq"]})
