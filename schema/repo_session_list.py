"""The sessions list as a person sees it: corrected titles, dates, counts and review state."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from schema.db import Connection
from schema.queries import queries


class SessionRow(BaseModel):
    """One line of the sessions list."""

    id: int
    upload_id: int
    layout: str
    revision: int
    original_name: str
    title: str | None = None
    performed_on: date | None = None
    needs_review: bool
    exercises: int
    sets: int
    corrections: int


class SessionList(BaseModel):
    """A page of the list and how many sessions pass the filter in all."""

    rows: list[SessionRow]
    total: int


def list_sessions(
    conn: Connection, *, needs_review: bool | None = None, limit: int = 100, offset: int = 0
) -> SessionList:
    """Sessions, newest workout first; `needs_review` True/False filters by review state."""
    rows = conn.execute(
        queries("corrections")["list_sessions"],
        {"needs_review": needs_review, "limit": limit, "offset": offset},
    ).fetchall()
    total = int(rows[0]["total"]) if rows else 0
    return SessionList(rows=[SessionRow.model_validate(r) for r in rows], total=total)
