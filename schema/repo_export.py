"""Repository for exports: every session as corrected, with its parts and events, in bulk.

`load_export` reads the sessions, exercises and sets in three statements (not
three per session: a full export of 100,000 sets stays fast), replays each
session's hand corrections on its read (`schema.corrected.apply`, as the
session page does) and keeps what the filters ask for.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from pydantic import BaseModel, Field

from schema.corrected import CorrectionEvent, ExerciseView, SessionView, SetView, apply
from schema.db import Connection
from schema.queries import queries

Q = queries("export")


class ExportPart(BaseModel):
    """One screenshot of a session."""

    upload_id: int
    part_no: int
    taken_at: datetime
    sha256: str
    original_name: str


class ExportSession(BaseModel):
    """A session as corrected (`view`), when it was stored, its screenshots and its events."""

    view: SessionView
    created_at: datetime
    parts: list[ExportPart] = Field(default_factory=list)
    events: list[CorrectionEvent] = Field(default_factory=list)

    @property
    def day(self) -> date:
        """The workout's day; the day it was stored when the screen showed none."""
        return self.view.performed_on or self.created_at.date()


class ExportData(BaseModel):
    """What an export writes: sessions oldest first, and the catalogue's display names."""

    sessions: list[ExportSession]
    display_names: dict[str, str]


def _reads(conn: Connection, since: date | None) -> list[tuple[SessionView, datetime]]:
    args = {"since": since}
    sets: dict[int, list[SetView]] = defaultdict(list)
    for row in conn.execute(Q["sets"], args):
        sets[row.pop("exercise_id")].append(SetView.model_construct(**row))
    exercises: dict[int, list[ExerciseView]] = defaultdict(list)
    for row in conn.execute(Q["exercises"], args):
        row.pop("display_name")
        session_id = row.pop("session_id")
        row["sets"] = sets.get(row["exercise_id"], [])
        exercises[session_id].append(ExerciseView.model_construct(**row))
    out = []
    for row in conn.execute(Q["sessions"], args):
        created = row.pop("created_at")
        view = SessionView.model_validate({**row, "exercises": []})
        view.exercises = exercises.get(view.id, [])
        out.append((view, created))
    return out


def load_export(conn: Connection, since: date | None = None, key: str | None = None) -> ExportData:
    """Every session on or after `since` as corrected; with `key`, only exercises bound to it."""
    events: dict[int, list[CorrectionEvent]] = defaultdict(list)
    for row in conn.execute(Q["events"]):
        events[row["session_id"]].append(CorrectionEvent.model_validate(row))
    parts: dict[int, list[ExportPart]] = defaultdict(list)
    for row in conn.execute(Q["parts"]):
        parts[row.pop("session_id")].append(ExportPart.model_validate(row))
    sessions: list[ExportSession] = []
    for read, created in _reads(conn, since):
        mine = events.get(read.id, [])
        view = apply(read, mine) if mine else read
        if not mine:
            view.needs_review = read.read_needs_review
        if key is not None:
            view.exercises = [e for e in view.exercises if e.alias_key == key]
            if not view.exercises:
                continue
        sessions.append(
            ExportSession(view=view, created_at=created, parts=parts.get(read.id, []), events=mine)
        )
    names = {r["key"]: r["display_name"] for r in conn.execute(Q["display_names"])}
    return ExportData(sessions=sessions, display_names=names)
