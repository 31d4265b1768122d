"""Repository for hand corrections: record, undo, and the corrected session.

A correction is an event in `corrections` (append-only); the read it applies to
stays as the reader stored it. `load_corrected_session` replays the events on
the read (`schema.corrected.apply`). After every change the session's corrected
state is written to `session_corrected` (for listing), the exercise's corrected
name to `session_exercises` (binding uses it, see migration 0003) and the
upload's status follows the review state.
"""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb
from pydantic import BaseModel

from schema.corrected import (
    Action,
    Client,
    CorrectionEvent,
    ExerciseView,
    SessionView,
    SetView,
    Target,
    apply,
)
from schema.correction_values import clean_set, clean_value
from schema.db import Connection
from schema.errors import LiftlensError, NotFound
from schema.name_norm import normalise
from schema.queries import queries

Q = queries("corrections")


class CorrectionRefused(LiftlensError):
    """A correction or an undo that cannot be made (with the reason)."""


class CorrectionDraft(BaseModel):
    """A correction as asked for; `before` is taken from the session when it is recorded."""

    action: Action
    target: Target
    exercise_pos: int | None = None
    set_ref: str | None = None
    field: str | None = None
    after: Any = None


def load_read(conn: Connection, session_id: int) -> SessionView | None:
    """The session as the reader stored it (its current revision), without corrections."""
    row = conn.execute(Q["read_session"], {"id": session_id}).fetchone()
    if row is None:
        return None
    sets: dict[int, list[SetView]] = {}
    for s in conn.execute(Q["read_sets"], {"id": session_id}).fetchall():
        sets.setdefault(int(s["exercise_id"]), []).append(SetView.model_validate(s))
    exercises = [
        ExerciseView.model_validate({**e, "sets": sets.get(int(e["exercise_id"]), [])})
        for e in conn.execute(Q["read_exercises"], {"id": session_id}).fetchall()
    ]
    return SessionView.model_validate({**row, "exercises": exercises})


def load_events(conn: Connection, session_id: int) -> list[CorrectionEvent]:
    """The session's correction events, oldest first (undone ones and undos included)."""
    rows = conn.execute(Q["events_of_session"], {"id": session_id}).fetchall()
    return [CorrectionEvent.model_validate(r) for r in rows]


def load_corrected_session(conn: Connection, session_id: int) -> SessionView | None:
    """The session with its corrections applied, or None if there is no such session."""
    read = load_read(conn, session_id)
    return None if read is None else apply(read, load_events(conn, session_id))


def set_address(conn: Connection, set_id: int) -> tuple[int, int, str]:
    """(session id, exercise position, set reference) of a read set's row id."""
    row = conn.execute(Q["set_address"], {"id": set_id}).fetchone()
    if row is None:
        raise NotFound(f"no set {set_id}")
    if row["session_id"] is None:
        raise CorrectionRefused(f"set {set_id} belongs to a superseded read of its session")
    return int(row["session_id"]), int(row["exercise_pos"]), str(row["ref"])


def _find_exercise(view: SessionView, pos: int | None) -> ExerciseView:
    found = next((e for e in view.exercises if e.pos == pos), None)
    if found is None:
        raise NotFound(f"session {view.id} has no exercise at position {pos}")
    return found


def _find_set(view: SessionView, pos: int | None, ref: str | None) -> SetView:
    found = next((s for s in _find_exercise(view, pos).sets if s.ref == ref), None)
    if found is None:
        raise NotFound(f"session {view.id} has no set {ref} in exercise {pos}")
    return found


def _before(view: SessionView, draft: CorrectionDraft) -> tuple[Any, Any]:
    """(before, after) of a draft on the corrected view; checks that its target exists."""
    if draft.action == "accept":
        return None, {"revision": view.revision}
    if draft.action == "add_set":
        _find_exercise(view, draft.exercise_pos)
        values = clean_set(dict(draft.after or {}))
        if all(values.get(f) is None for f in ("weight", "reps", "distance", "duration_s")):
            raise ValueError("a new set needs a weight, reps, a distance or a time")
        return None, values
    if draft.action == "move_set":
        refs = [s.ref for s in _find_exercise(view, draft.exercise_pos).sets]
        order = [str(r) for r in (draft.after or [])]
        if sorted(order) != sorted(refs):
            raise ValueError("a new order must list every set of the exercise once")
        return refs, order
    if draft.action == "delete_set":
        found = _find_set(view, draft.exercise_pos, draft.set_ref)
        return found.model_dump(include=set(_SET_VALUE_FIELDS)), None
    holder: BaseModel = view
    if draft.target == "exercise":
        holder = _find_exercise(view, draft.exercise_pos)
    elif draft.target == "set":
        holder = _find_set(view, draft.exercise_pos, draft.set_ref)
    after = clean_value(draft.target, draft.field or "", draft.after)
    before = getattr(holder, draft.field or "")
    return (before.isoformat() if hasattr(before, "isoformat") else before), after


_SET_VALUE_FIELDS = (
    "set_type",
    "reps",
    "weight",
    "unit",
    "duration_s",
    "distance",
    "distance_unit",
    "rpe",
)


def record(
    conn: Connection, session_id: int, draft: CorrectionDraft, client: Client
) -> CorrectionEvent | None:
    """Record one correction on the session as it is now; None when it changes nothing.

    Raises NotFound (no such session or row) or ValueError (a value that does not fit).
    """
    with conn.transaction():
        if conn.execute(Q["lock_session"], {"id": session_id}).fetchone() is None:
            raise NotFound(f"no session {session_id}")
        view = load_corrected_session(conn, session_id)
        assert view is not None
        before, after = _before(view, draft)
        if draft.action == "edit" and before == after:
            return None
        if draft.action == "accept" and view.accepted_by is not None:
            return None
        event = _insert(conn, view, draft, before, after, client, undoes=None)
        refresh_state(conn, session_id)
    return event


def _insert(
    conn: Connection,
    view: SessionView,
    draft: CorrectionDraft,
    before: Any,
    after: Any,
    client: Client,
    undoes: int | None,
) -> CorrectionEvent:
    row = conn.execute(
        Q["insert_event"],
        {
            "session_id": view.id,
            "action": draft.action,
            "target": draft.target,
            "exercise_pos": draft.exercise_pos,
            "set_ref": draft.set_ref,
            "field": draft.field,
            "before": Jsonb(before),
            "after": Jsonb(after),
            "client": client,
            "revision": view.revision,
            "undoes": undoes,
        },
    ).fetchone()
    assert row is not None
    return CorrectionEvent.model_validate(row)


def _touches(later: CorrectionEvent, event: CorrectionEvent) -> bool:
    """True when `later` builds on what `event` did (so `event` cannot be undone first)."""
    if event.action == "add_set":
        ref = f"c{event.id}"
        return later.set_ref == ref or (later.action == "move_set" and ref in later.after)
    if event.action == "move_set":
        return later.action == "move_set" and later.exercise_pos == event.exercise_pos
    return (later.target, later.exercise_pos, later.set_ref, later.field) == (
        event.target,
        event.exercise_pos,
        event.set_ref,
        event.field,
    ) and later.action == event.action


def undo(conn: Connection, correction_id: int, client: Client) -> CorrectionEvent:
    """Undo one correction by recording an undo event; the newest change must go first."""
    row = conn.execute(Q["get_event"], {"id": correction_id}).fetchone()
    if row is None:
        raise NotFound(f"no correction {correction_id}")
    event = CorrectionEvent.model_validate(row)
    with conn.transaction():
        conn.execute(Q["lock_session"], {"id": event.session_id})
        if event.action == "undo":
            raise CorrectionRefused("an undo cannot be undone; make the change again")
        events = load_events(conn, event.session_id)
        undone = {e.undoes for e in events if e.action == "undo"}
        if event.id in undone:
            raise CorrectionRefused(f"correction {event.id} is undone already")
        blocking = [
            e.id
            for e in events
            if e.id > event.id and e.action != "undo" and e.id not in undone and _touches(e, event)
        ]
        if blocking:
            raise CorrectionRefused(
                f"correction {blocking[-1]} builds on correction {event.id}: undo it first"
            )
        view = load_corrected_session(conn, event.session_id)
        assert view is not None
        draft = CorrectionDraft.model_validate(
            event.model_dump(include={"target", "exercise_pos", "set_ref", "field"})
            | {"action": "undo"}
        )
        done = _insert(conn, view, draft, event.after, event.before, client, undoes=event.id)
        refresh_state(conn, event.session_id)
    return done


def refresh_state(conn: Connection, session_id: int) -> SessionView:
    """Write the corrected state of a session where others read it; returns the view.

    The corrected names go to their exercise rows (binding reads them), the
    title, date, counts and review state to `session_corrected`, and the
    upload's status follows the review state.
    """
    view = load_corrected_session(conn, session_id)
    if view is None:
        raise NotFound(f"no session {session_id}")
    for exercise in view.exercises:
        if exercise.exercise_id is None:
            continue
        corrected = exercise.name if exercise.name != exercise.raw_name else None
        conn.execute(
            Q["set_corrected_name"],
            {
                "id": exercise.exercise_id,
                "corrected_name": corrected,
                "name_norm": normalise(corrected or exercise.raw_name),
            },
        )
    events = load_events(conn, session_id)
    undone = {e.undoes for e in events if e.action == "undo"}
    live = [e for e in events if e.action != "undo" and e.id not in undone]
    conn.execute(
        Q["upsert_state"],
        {
            "session_id": session_id,
            "title": view.title,
            "performed_on": view.performed_on,
            "needs_review": view.needs_review,
            "review_reasons": Jsonb([f.model_dump(mode="json") for f in view.conflicts]),
            "exercises": len(view.exercises),
            "sets": view.set_count,
            "corrections": len(live),
        },
    )
    status = "needs_review" if view.needs_review else "done"
    conn.execute(
        Q["set_upload_review"],
        {"upload_id": view.upload_id, "session_id": session_id, "status": status},
    )
    return view
