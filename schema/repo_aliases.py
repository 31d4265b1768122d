"""The alias aggregate: canonical exercises, their aliases, ignored names.

The catalogue (shipped with the code) is loaded into the database with its
version; operators add their own aliases (`source` user or auto) and ignore
names that are not exercises. Operator entries always win over the catalogue.
Names are stored normalised with the one normaliser (`schema.name_norm`), so
they compare equal to `session_exercises.name_norm`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol

from psycopg import errors as pg_errors
from pydantic import BaseModel
from rapidfuzz import fuzz, process

from schema.db import Connection
from schema.errors import UnknownAliasKey
from schema.name_norm import normalise
from schema.queries import queries

AliasSource = Literal["catalogue", "user", "auto"]
OperatorSource = Literal["user", "auto"]


class CatalogueExerciseLike(Protocol):
    """What loading needs of one catalogue exercise (`workers.names.catalogue` provides it)."""

    @property
    def key(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def equipment(self) -> str | None: ...
    @property
    def muscles(self) -> Sequence[str]: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def family(self) -> str | None: ...


class CatalogueLike(Protocol):
    """What loading needs of a catalogue: its version and exercises."""

    @property
    def version(self) -> str: ...
    @property
    def exercises(self) -> Sequence[CatalogueExerciseLike]: ...


class Alias(BaseModel):
    """A row of `exercise_aliases`."""

    alias_norm: str
    key: str
    source: AliasSource
    created_at: datetime


class IgnoredName(BaseModel):
    """A row of `ignored_names`."""

    name_norm: str
    reason: str | None = None
    created_at: datetime


class CatalogueLoad(BaseModel):
    """What `load_catalogue_into_db` did."""

    version: str
    exercises: int
    aliases: int
    already_loaded: bool = False


class OperatorChange(BaseModel):
    """The result of an operator action: the normalised name and whether anything changed."""

    name_norm: str
    changed: bool


def catalogue_loaded(conn: Connection, version: str) -> bool:
    """True when this catalogue version has been loaded into the database."""
    row = conn.execute(queries("aliases")["catalogue_version_exists"], {"version": version})
    return row.fetchone() is not None


def latest_catalogue_version(conn: Connection) -> str | None:
    """The catalogue version loaded most recently, or None if none was."""
    row = conn.execute(queries("aliases")["latest_catalogue_version"]).fetchone()
    return None if row is None else str(row["version"])


def load_catalogue_into_db(conn: Connection, catalogue: CatalogueLike) -> CatalogueLoad:
    """Upsert the catalogue's exercises and aliases in bulk and record its version.

    Aliases are stored normalised; an alias an operator already owns keeps the
    operator's key, and catalogue aliases no longer in the catalogue are
    removed. Exercises that left the catalogue stay (rows and operator aliases
    may still name them). Runs in one transaction.
    """
    q = queries("aliases")
    aliases: list[tuple[str, str, int]] = []
    for exercise in catalogue.exercises:
        names = [exercise.display_name, exercise.key.replace("_", " "), *exercise.aliases]
        for name in names:
            aliases.append((normalise(name), exercise.key, len(aliases)))
    with conn.transaction():
        conn.execute(q["create_staged_exercises"])
        conn.execute(q["create_staged_aliases"])
        with conn.cursor() as cur:
            with cur.copy(
                "COPY staged_exercises (key, display_name, equipment, muscles, family) FROM STDIN"
            ) as copy:
                for ex in catalogue.exercises:
                    family = ex.family or ex.key
                    copy.write_row(
                        (ex.key, ex.display_name, ex.equipment, list(ex.muscles), family)
                    )
            with cur.copy("COPY staged_aliases (alias_norm, key, position) FROM STDIN") as copy:
                for row in aliases:
                    copy.write_row(row)
        conn.execute(q["upsert_exercises"])
        conn.execute(q["upsert_catalogue_aliases"])
        conn.execute(q["delete_stale_catalogue_aliases"])
        distinct_aliases = len({a for a, _, _ in aliases if a})
        conn.execute(
            q["insert_catalogue_version"],
            {
                "version": catalogue.version,
                "exercises": len(catalogue.exercises),
                "aliases": distinct_aliases,
            },
        )
    return CatalogueLoad(
        version=catalogue.version, exercises=len(catalogue.exercises), aliases=distinct_aliases
    )


def ensure_catalogue(conn: Connection, catalogue: CatalogueLike) -> CatalogueLoad:
    """Load the catalogue unless this version is already in the database."""
    if catalogue_loaded(conn, catalogue.version):
        return CatalogueLoad(
            version=catalogue.version,
            exercises=len(catalogue.exercises),
            aliases=0,
            already_loaded=True,
        )
    return load_catalogue_into_db(conn, catalogue)


def close_keys(conn: Connection, key: str, limit: int = 5) -> list[str]:
    """Catalogue keys that look like `key`, best first (for "did you mean")."""
    rows = conn.execute(queries("aliases")["all_keys"]).fetchall()
    choices = {str(r["key"]): f"{r['key']} {r['display_name']}".lower() for r in rows}
    found = process.extract(key.lower(), choices, scorer=fuzz.WRatio, limit=limit)
    return [str(k) for _, _, k in found]


def add_alias(
    conn: Connection, name: str, key: str, source: OperatorSource = "user"
) -> OperatorChange:
    """Map `name` (normalised here) to `key` for every row that shows it.

    An operator mapping replaces a catalogue alias or an earlier mapping of the
    same name, and lifts an ignore of it. Raises UnknownAliasKey (with close
    keys in `detail`) when `key` is not a canonical exercise.
    """
    q = queries("aliases")
    name_norm = normalise(name)
    if not name_norm:
        raise ValueError("an alias needs a name with at least one letter or digit")
    if conn.execute(q["key_exists"], {"key": key}).fetchone() is None:
        raise _unknown_key(conn, key)
    try:
        with conn.transaction():
            row = conn.execute(
                q["upsert_operator_alias"], {"alias_norm": name_norm, "key": key, "source": source}
            ).fetchone()
            unignored = conn.execute(q["delete_ignored"], {"name_norm": name_norm}).fetchone()
    except pg_errors.ForeignKeyViolation as exc:
        # The key vanished between the check and the insert.
        raise _unknown_key(conn, key) from exc
    return OperatorChange(name_norm=name_norm, changed=row is not None or unignored is not None)


def ignore_name(conn: Connection, name: str, reason: str | None = None) -> OperatorChange:
    """Declare `name` not an exercise: rows showing it are never bound.

    Replaces an operator mapping of the same name (the latest decision wins);
    a catalogue alias stays but loses to the ignore.
    """
    q = queries("aliases")
    name_norm = normalise(name)
    if not name_norm:
        raise ValueError("an ignored name needs at least one letter or digit")
    with conn.transaction():
        before = conn.execute(q["get_ignored"], {"name_norm": name_norm}).fetchone()
        conn.execute(q["upsert_ignored"], {"name_norm": name_norm, "reason": reason})
        unmapped = conn.execute(q["delete_operator_alias"], {"alias_norm": name_norm}).fetchone()
    return OperatorChange(name_norm=name_norm, changed=before is None or unmapped is not None)


def unignore_name(conn: Connection, name: str) -> OperatorChange:
    """Lift an ignore; the next bind decides the name like any other."""
    name_norm = normalise(name)
    with conn.transaction():
        row = conn.execute(queries("aliases")["delete_ignored"], {"name_norm": name_norm})
        changed = row.fetchone() is not None
    return OperatorChange(name_norm=name_norm, changed=changed)


def list_aliases(conn: Connection, source: AliasSource | None = None) -> list[Alias]:
    """Aliases ordered by key then name, optionally of one source only."""
    rows = conn.execute(queries("aliases")["list_aliases"], {"source": source}).fetchall()
    return [Alias.model_validate(r) for r in rows]


def list_ignored(conn: Connection) -> list[IgnoredName]:
    """Ignored names in order."""
    return [IgnoredName.model_validate(r) for r in conn.execute(queries("aliases")["list_ignored"])]


def operator_overrides(conn: Connection) -> tuple[dict[str, str], set[str]]:
    """Operator aliases {name_norm: key} and ignored names, for the matcher."""
    q = queries("aliases")
    aliases = {str(r["alias_norm"]): str(r["key"]) for r in conn.execute(q["operator_aliases"])}
    ignored = {str(r["name_norm"]) for r in conn.execute(q["ignored_names"])}
    return aliases, ignored


def _unknown_key(conn: Connection, key: str) -> UnknownAliasKey:
    close = close_keys(conn, key)
    detail = f"close keys: {', '.join(close)}" if close else "the catalogue is not loaded"
    return UnknownAliasKey(f"unknown exercise key {key!r}", detail=detail)
