"""Repository for exports: every session as corrected, with its parts and events, in bulk.

`load_export` reads the sessions, exercises and sets in three statements (not
three per session) into plain slotted records, so a full export of 100,000
sets stays fast. Sessions with hand corrections are replayed on their read
(`schema.corrected.apply`, as the session page does); the filters are applied
last, to the corrected data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from psycopg.rows import tuple_row
from pydantic import BaseModel, ConfigDict, Field

from schema.corrected import CorrectionEvent, SessionView, apply
from schema.db import Connection
from schema.models import LB_TO_KG
from schema.queries import queries

Q = queries("export")


@dataclass(slots=True)
class ExportSet:
    """A set as exported (the read's values, or corrected ones); `ref` as corrections name it."""

    set_id: int | None
    ref: str
    set_type: str
    reps: int | None
    weight: float | None
    unit: str | None
    duration_s: int | None
    distance: float | None
    distance_unit: str | None
    rpe: float | None
    raw_line: str = ""

    @property
    def weight_kg(self) -> float | None:
        """The weight in kilograms (None for bodyweight)."""
        if self.weight is None:
            return None
        return round(self.weight * LB_TO_KG, 3) if self.unit == "lb" else self.weight


@dataclass(slots=True)
class ExportExercise:
    """An exercise as exported: the raw name as read, the name in use, its binding and sets."""

    pos: int
    exercise_id: int | None
    raw_name: str
    name: str
    alias_key: str | None
    bound_method: str | None
    bound_score: float | None
    sets: list[ExportSet] = field(default_factory=list)


class ExportPart(BaseModel):
    """One screenshot of a session."""

    upload_id: int
    part_no: int
    taken_at: datetime
    sha256: str
    original_name: str


class ExportSession(BaseModel):
    """A session as corrected, when it was stored, its screenshots and its correction events."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: int
    layout: str
    title: str | None = None
    performed_on: date | None = None
    duration_min: int | None = None
    needs_review: bool = False
    created_at: datetime
    exercises: list[ExportExercise] = Field(default_factory=list)
    parts: list[ExportPart] = Field(default_factory=list)
    events: list[CorrectionEvent] = Field(default_factory=list)

    @property
    def day(self) -> date:
        """The workout's day; the day it was stored when the screen showed none."""
        return self.performed_on or self.created_at.date()


class ExportData(BaseModel):
    """What an export writes: sessions oldest first, and the catalogue's display names."""

    sessions: list[ExportSession]
    display_names: dict[str, str]


def _exercises(conn: Connection, since: date | None) -> dict[int, list[ExportExercise]]:
    args = {"since": since}
    sets: dict[int, list[ExportSet]] = defaultdict(list)
    with conn.cursor(row_factory=tuple_row) as cur:
        for row in cur.execute(Q["sets"], args):
            sets[row[1]].append(ExportSet(row[0], *row[2:]))
    out: dict[int, list[ExportExercise]] = defaultdict(list)
    for e in conn.execute(Q["exercises"], args):
        out[e.pop("session_id")].append(ExportExercise(**e, sets=sets.get(e["exercise_id"], [])))
    return out


def _corrected(row: dict[str, Any], exercises: list[ExportExercise], events: Any) -> list[Any]:
    """Replay a session's corrections on its read; returns [needs_review, title, day, exercises]."""
    read = SessionView.model_validate({**row, "exercises": [asdict(e) for e in exercises]})
    view = apply(read, events)
    fixed = [
        ExportExercise(
            **e.model_dump(include={"pos", "exercise_id", "raw_name", "name", "alias_key"}),
            bound_method=e.bound_method,
            bound_score=e.bound_score,
            sets=[ExportSet(**s.model_dump(exclude={"added_by", "corrected"})) for s in e.sets],
        )
        for e in view.exercises
    ]
    return [view.needs_review, view.title, view.performed_on, view.duration_min, fixed]


def load_export(conn: Connection, since: date | None = None, key: str | None = None) -> ExportData:
    """Every session on or after `since` as corrected; with `key`, only exercises bound to it."""
    events: dict[int, list[CorrectionEvent]] = defaultdict(list)
    for row in conn.execute(Q["events"]):
        events[row["session_id"]].append(CorrectionEvent.model_validate(row))
    parts: dict[int, list[ExportPart]] = defaultdict(list)
    for row in conn.execute(Q["parts"]):
        parts[row.pop("session_id")].append(ExportPart.model_validate(row))
    exercises = _exercises(conn, since)
    sessions: list[ExportSession] = []
    for row in conn.execute(Q["sessions"], {"since": since}):
        sid = row["id"]
        mine, review = exercises.get(sid, []), row["read_needs_review"]
        title, day, minutes = row["title"], row["performed_on"], row["duration_min"]
        if sid in events:
            review, title, day, minutes, mine = _corrected(row, mine, events[sid])
        if key is not None:
            mine = [e for e in mine if e.alias_key == key]
            if not mine:
                continue
        sessions.append(
            ExportSession.model_construct(
                id=sid,
                layout=row["layout"],
                title=title,
                performed_on=day,
                duration_min=minutes,
                needs_review=review,
                created_at=row["created_at"],
                exercises=mine,
                parts=parts.get(sid, []),
                events=events.get(sid, []),
            )
        )
    names = {r["key"]: r["display_name"] for r in conn.execute(Q["display_names"])}
    return ExportData(sessions=sessions, display_names=names)
