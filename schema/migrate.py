"""The migration runner: applies `schema/migrations/NNNN_*.sql` once each, in order.

Safe to run from several processes at once: a session-level advisory lock
serialises runners, and each migration is applied and recorded in one
transaction, so a crash never leaves a half-applied version recorded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from schema.db import Connection
from schema.errors import MigrationError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same for every runner.
MIGRATION_LOCK_ID = 0x11F71E45
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """sha256 of the SQL, to notice an applied migration that was edited afterwards."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """All migrations in `directory`, ordered by version."""
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"migration file name not of the form NNNN_name.sql: {path.name}")
        found.append(Migration(match.group(1), path.stem, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migrations share a version number")
    return found


def migrate(conn: Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply every pending migration; return the names applied now (empty if none).

    `conn` must be in autocommit mode: the advisory lock is held across the
    per-migration transactions.
    """
    if not conn.autocommit:
        raise MigrationError("migrate() needs an autocommit connection")
    migrations = discover(directory)
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
    try:
        conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version text PRIMARY KEY,
                   name text NOT NULL,
                   checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        rows = conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
        applied = {r["version"]: r["checksum"] for r in rows}
        done: list[str] = []
        for m in migrations:
            if m.version in applied:
                if applied[m.version] != m.checksum:
                    raise MigrationError(f"migration {m.name} was changed after it was applied")
                continue
            try:
                with conn.transaction():
                    conn.execute(m.sql.encode())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name, checksum)"
                        " VALUES (%s, %s, %s)",
                        (m.version, m.name, m.checksum),
                    )
            except Exception as exc:
                if isinstance(exc, MigrationError):
                    raise
                raise MigrationError(f"migration {m.name} failed", detail=str(exc)) from exc
            done.append(m.name)
        return done
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))


def applied_versions(conn: Connection) -> list[str]:
    """Versions recorded as applied, in order (empty if the table does not exist yet)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') AS t").fetchone()
    if not exists or exists["t"] is None:
        return []
    return [r["version"] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
