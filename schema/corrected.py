"""Corrections on top of a read: the event and view records, and `apply` (pure).

A session as the reader stored it (`SessionView`, built by the repository from
the immutable parse rows) plus its correction events, in the order they were
made, gives the corrected session: `apply(view, events)`. Nothing here touches
the database; `schema.repo_corrections` loads and stores.

Sets are addressed by a reference that survives a re-parse: `r<N>` is the set
the reader put at position N of its exercise, `c<ID>` the set added by
correction ID. When an event no longer fits the read (its row is gone, or the
value it changed is no longer the value it saw) the hand value still wins
where it can be placed, and the session goes back to review with a finding
saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from schema.models import LB_TO_KG, Finding, SetType, Unit, Where

Action = Literal["edit", "add_set", "delete_set", "move_set", "accept", "undo"]
Target = Literal["session", "exercise", "set"]
Client = Literal["web", "api", "cli"]
JsonValue = str | int | float | bool | None

SESSION_FIELDS = ("title", "performed_on")
EXERCISE_FIELDS = ("name",)
SET_FIELDS = (
    "weight",
    "unit",
    "reps",
    "set_type",
    "rpe",
    "distance",
    "distance_unit",
    "duration_s",
)


class SetView(BaseModel):
    """One set of a session view: the read's values, or corrected ones."""

    ref: str
    set_id: int | None = None
    set_type: SetType = "working"
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    duration_s: int | None = None
    distance: float | None = None
    distance_unit: str | None = None
    rpe: float | None = None
    raw_line: str = ""
    added_by: int | None = None
    corrected: dict[str, int] = Field(default_factory=dict)

    @property
    def weight_kg(self) -> float | None:
        """The weight in kilograms (None for bodyweight)."""
        if self.weight is None:
            return None
        return round(self.weight * LB_TO_KG, 3) if self.unit == "lb" else self.weight


class ExerciseView(BaseModel):
    """One exercise: the raw name as read, the name in use, its binding and sets."""

    pos: int
    exercise_id: int | None = None
    raw_name: str
    name: str
    alias_key: str | None = None
    bound_method: str | None = None
    bound_score: float | None = None
    sets: list[SetView] = Field(default_factory=list)
    corrected: dict[str, int] = Field(default_factory=dict)


class SessionView(BaseModel):
    """A session: its read (revision, header, exercises) and, after `apply`, corrections."""

    id: int
    upload_id: int
    layout: str
    revision: int = 1
    title: str | None = None
    performed_on: date | None = None
    duration_min: int | None = None
    confidence: float = 0.0
    read_needs_review: bool = False
    warnings: list[str] = Field(default_factory=list)
    read_findings: list[Finding] = Field(default_factory=list)
    exercises: list[ExerciseView] = Field(default_factory=list)
    corrected: dict[str, int] = Field(default_factory=dict)
    # Set by apply():
    needs_review: bool = False
    accepted_by: int | None = None
    conflicts: list[Finding] = Field(default_factory=list)

    @property
    def set_count(self) -> int:
        """How many sets the session has."""
        return sum(len(e.sets) for e in self.exercises)


class CorrectionEvent(BaseModel):
    """A row of `corrections`: one hand change, an accept, or the undo of one."""

    id: int
    session_id: int
    action: Action
    target: Target
    exercise_pos: int | None = None
    set_ref: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    client: Client
    revision: int
    undoes: int | None = None
    created_at: datetime | None = None


def _conflict(kind: str, event: CorrectionEvent, **evidence: JsonValue) -> Finding:
    return Finding(
        kind=kind,
        severity="doubt",
        where=Where(exercise=event.exercise_pos, field=event.field),
        evidence={"correction": event.id, "set": event.set_ref, **evidence},
    )


def _exercise(view: SessionView, event: CorrectionEvent) -> ExerciseView | None:
    return next((e for e in view.exercises if e.pos == event.exercise_pos), None)


def _set(view: SessionView, event: CorrectionEvent) -> SetView | None:
    exercise = _exercise(view, event)
    if exercise is None:
        return None
    return next((s for s in exercise.sets if s.ref == event.set_ref), None)


def _value(value: Any) -> Any:
    """A value as JSON holds it (dates as ISO text), for comparing with `before`."""
    return value.isoformat() if isinstance(value, date) else value


def _edit(view: SessionView, event: CorrectionEvent) -> Finding | None:
    holder: SessionView | ExerciseView | SetView | None
    attr = event.field or ""
    if event.target == "session":
        holder = view
    elif event.target == "exercise":
        holder = _exercise(view, event)
    else:
        holder = _set(view, event)
    if holder is None:
        return _conflict("correction.target_missing", event, after=_json(event.after))
    current = _value(getattr(holder, attr))
    finding = None
    if current != event.before and current != event.after:
        finding = _conflict(
            "correction.read_changed",
            event,
            before=_json(event.before),
            read=_json(current),
            after=_json(event.after),
        )
    new = date.fromisoformat(event.after) if attr == "performed_on" and event.after else event.after
    setattr(holder, attr, new)
    holder.corrected[attr] = event.id
    return finding


def _json(value: Any) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _add_set(view: SessionView, event: CorrectionEvent) -> Finding | None:
    exercise = _exercise(view, event)
    if exercise is None:
        return _conflict("correction.target_missing", event)
    values = {k: v for k, v in dict(event.after or {}).items() if k in SET_FIELDS}
    exercise.sets.append(SetView(ref=f"c{event.id}", added_by=event.id, **values))
    return None


def _delete_set(view: SessionView, event: CorrectionEvent) -> Finding | None:
    exercise = _exercise(view, event)
    found = _set(view, event)
    if exercise is None or found is None:
        return _conflict("correction.target_missing", event)
    exercise.sets.remove(found)
    seen = {k: _value(v) for k, v in found.model_dump().items() if k in SET_FIELDS}
    wanted = {k: v for k, v in dict(event.before or {}).items() if k in SET_FIELDS}
    if any(seen.get(k) != v for k, v in wanted.items()):
        return _conflict("correction.read_changed", event, read=_describe(seen))
    return None


def _describe(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items() if v is not None)


def _move_set(view: SessionView, event: CorrectionEvent) -> Finding | None:
    """Put the exercise's sets in the order `after` lists; sets it does not name keep
    their relative order after the named ones."""
    exercise = _exercise(view, event)
    if exercise is None:
        return _conflict("correction.target_missing", event)
    order = [str(r) for r in (event.after or [])]
    by_ref = {s.ref: s for s in exercise.sets}
    named = [by_ref[r] for r in order if r in by_ref]
    rest = [s for s in exercise.sets if s.ref not in order]
    exercise.sets = named + rest
    if set(order) != set(by_ref):
        return _conflict("correction.read_changed", event, read=" ".join(by_ref))
    return None


_APPLY = {"edit": _edit, "add_set": _add_set, "delete_set": _delete_set, "move_set": _move_set}


def apply(view: SessionView, events: Sequence[CorrectionEvent]) -> SessionView:
    """The corrected session: `events` (oldest first) replayed on a copy of the read.

    Undone events and undo events themselves are skipped. An `accept` made on the
    current revision clears review; otherwise the session needs review when the
    read did or when a correction no longer fits the read (`conflicts`).
    """
    out = view.model_copy(deep=True)
    undone = {e.undoes for e in events if e.action == "undo"}
    conflicts: list[Finding] = []
    for event in events:
        if event.action == "undo" or event.id in undone:
            continue
        if event.action == "accept":
            out.accepted_by = event.id if event.revision == view.revision else out.accepted_by
            continue
        finding = _APPLY[event.action](out, event)
        if finding is not None:
            conflicts.append(finding)
    out.conflicts = conflicts
    out.needs_review = out.accepted_by is None and (view.read_needs_review or bool(conflicts))
    return out


def conflict_text(finding: Finding) -> str:
    """A sentence for a correction that no longer fits the read."""
    ev = finding.evidence
    what = f"correction #{ev.get('correction')}"
    place = (
        f"exercise {(finding.where.exercise or 0) + 1}"
        if finding.where.exercise is not None
        else ""
    )
    if ev.get("set"):
        place += f", set {ev['set']}"
    if finding.kind == "correction.target_missing":
        return f"{what} no longer applies: {place or 'its row'} is gone from the new read"
    if "before" in ev:
        return (
            f"{what} ({finding.where.field}: {ev['before']} → {ev['after']}) was made on a read "
            f"that said {ev['before']}; the new read says {ev['read']}"
        )
    return f"{what} was made on a different read of {place}: now {ev.get('read')}"
