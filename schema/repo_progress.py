"""Repository for progress: every working set bound to a catalogue key, corrections applied.

Progress reads the binding (`alias_key`), not the spelling: every raw name bound
to the key counts, so a re-bind changes the history. Sessions with hand
corrections are replayed (`load_corrected_session`) so progress shows what the
lifter fixed, and come back as sets; the rest (a corrected title or date
included) are summed up per session by PostgreSQL in one statement, from the
per-exercise sums kept when sets are written (`exercise_sums`), so a long
history stays fast.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter

from schema.db import Connection
from schema.queries import queries
from schema.repo_corrections import load_corrected_session

Q = queries("progress")


class KeySet(BaseModel):
    """One working set of an exercise bound to the key."""

    session_id: int
    day: date
    title: str | None = None
    raw_name: str
    set_type: str
    reps: int | None = None
    weight: float | None = None
    unit: str | None = None


class SessionTotals(BaseModel):
    """One session's working sets of the key, summed up (kilograms, Epley's estimate)."""

    session_id: int
    day: date
    title: str | None = None
    sets: int
    reps: int
    best_weight_kg: float | None = None
    best_reps: int | None = None
    e1rm_kg: float | None = None
    top_weight_kg: float | None = None
    volume_kg: float = 0.0


class KeyActivity(BaseModel):
    """A key with history: when it was last trained, in how many sessions, under how many names."""

    key: str
    display_name: str | None = None
    last_day: date
    sessions: int
    spellings: int


Totals = TypeVar("Totals", bound=SessionTotals)


@cache
def _adapter(model: type[Totals]) -> TypeAdapter[list[Totals]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def totals_of_key(conn: Connection, key: str, model: type[Totals]) -> list[Totals]:
    """Per session without hand corrections of its rows, its working sets of `key` summed up.

    `model` is the record to validate into (SessionTotals, or a subclass that adds
    fields with defaults). A long history is thousands of rows: they come as one
    JSON array and are parsed and validated in one call.
    """
    row = conn.execute(Q["totals_of_key"], {"key": key}).fetchone()
    return _adapter(model).validate_json(row["totals"] if row else "[]")


def corrected_sets_of_key(conn: Connection, key: str) -> list[KeySet]:
    """The non-warm-up sets bound to `key` of sessions with corrected rows, as corrected."""
    out: list[KeySet] = []
    for row in conn.execute(Q["corrected_sessions_of_key"], {"key": key}).fetchall():
        out.extend(_corrected_sets(conn, int(row["session_id"]), key))
    return out


def spellings_of_key(conn: Connection, key: str) -> list[str]:
    """Every raw name bound to `key`."""
    return [str(r["raw_name"]) for r in conn.execute(Q["spellings_of_key"], {"key": key})]


def _corrected_sets(conn: Connection, session_id: int, key: str) -> list[KeySet]:
    view = load_corrected_session(conn, session_id)
    day = conn.execute(Q["session_day"], {"id": session_id}).fetchone()
    if view is None or day is None:
        return []
    return [
        KeySet(
            session_id=session_id,
            day=view.performed_on or day["day"],
            title=view.title,
            raw_name=e.raw_name,
            set_type=s.set_type,
            reps=s.reps,
            weight=s.weight,
            unit=s.unit,
        )
        for e in view.exercises
        if e.alias_key == key
        for s in e.sets
        if s.set_type != "warmup"
    ]


def keys_by_activity(conn: Connection, limit: int = 200) -> list[KeyActivity]:
    """Keys with bound history, most recently trained first."""
    rows = conn.execute(Q["keys_by_activity"], {"limit": limit}).fetchall()
    return [KeyActivity.model_validate(r) for r in rows]


def display_name(conn: Connection, key: str) -> str | None:
    """The catalogue's name of a key, if it has one."""
    row = conn.execute(Q["display_name"], {"key": key}).fetchone()
    return None if row is None else str(row["display_name"])
