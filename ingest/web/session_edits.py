"""The edits the session page and the JSON API share: fields in, correction events out.

A form or a JSON body names several fields at once; each field whose value
changes becomes one correction event (`schema.repo_corrections.record`). A
corrected exercise name is bound at once (an incremental bind run), so the
page shows the new binding without waiting for the scheduled job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schema.corrected import SESSION_FIELDS, SET_FIELDS, Client, CorrectionEvent, SessionView
from schema.correction_values import clean_value
from schema.db import Connection
from schema.errors import NotFound
from schema.repo_corrections import CorrectionDraft, load_corrected_session, record

# A form sends every field of its row; only the editable ones count.
_FIELDS = {"session": SESSION_FIELDS, "exercise": ("name",), "set": SET_FIELDS}


def corrected(conn: Connection, session_id: int) -> SessionView:
    """The corrected session, or NotFound."""
    view = load_corrected_session(conn, session_id)
    if view is None:
        raise NotFound(f"no session {session_id}")
    return view


def edit_fields(
    conn: Connection,
    session_id: int,
    target: str,
    fields: Mapping[str, Any],
    client: Client,
    *,
    exercise_pos: int | None = None,
    set_ref: str | None = None,
) -> list[CorrectionEvent]:
    """Record one edit per changed field of a session, an exercise or a set.

    Every value is checked before anything is recorded, so a bad field leaves
    the others unrecorded too (ValueError). A weight without a unit keeps the
    set's unit, or gets kg.
    """
    wanted = {f: clean_value(target, f, v) for f, v in fields.items() if f in _FIELDS[target]}
    if target == "set" and wanted.get("weight") is not None and wanted.get("unit") is None:
        current = _set_unit(corrected(conn, session_id), exercise_pos, set_ref)
        wanted["unit"] = current or "kg"
    events: list[CorrectionEvent] = []
    for field, value in wanted.items():
        draft = CorrectionDraft(
            action="edit",
            target=target,
            exercise_pos=exercise_pos,
            set_ref=set_ref,
            field=field,
            after=value,
        )
        event = record(conn, session_id, draft, client)
        if event is not None:
            events.append(event)
    if target == "exercise" and events:
        rebind(conn)
    return events


def _set_unit(view: SessionView, exercise_pos: int | None, set_ref: str | None) -> str | None:
    for exercise in view.exercises:
        for s in exercise.sets:
            if exercise.pos == exercise_pos and s.ref == set_ref:
                return s.unit
    raise NotFound(f"session {view.id} has no set {set_ref} in exercise {exercise_pos}")


def rebind(conn: Connection) -> None:
    """Bind rows whose name changed now (an incremental run decides only undecided rows)."""
    from workers.names.bind import run_bind

    run_bind(conn)


def move_set(
    conn: Connection, session_id: int, exercise_pos: int, set_ref: str, step: int, client: Client
) -> CorrectionEvent | None:
    """Move a set one place up (-1) or down (+1) in its exercise; None at either end."""
    view = corrected(conn, session_id)
    exercise = next((e for e in view.exercises if e.pos == exercise_pos), None)
    if exercise is None:
        raise NotFound(f"session {session_id} has no exercise at position {exercise_pos}")
    order = [s.ref for s in exercise.sets]
    if set_ref not in order:
        raise NotFound(f"session {session_id} has no set {set_ref} in exercise {exercise_pos}")
    at = order.index(set_ref)
    to = at + step
    if not 0 <= to < len(order):
        return None
    order[at], order[to] = order[to], order[at]
    return reorder(conn, session_id, exercise_pos, order, client)


def reorder(
    conn: Connection, session_id: int, exercise_pos: int, order: list[str], client: Client
) -> CorrectionEvent | None:
    """Put an exercise's sets in `order` (every set reference once)."""
    draft = CorrectionDraft(
        action="move_set", target="exercise", exercise_pos=exercise_pos, after=order
    )
    return record(conn, session_id, draft, client)


def add_set(
    conn: Connection, session_id: int, exercise_pos: int, values: Mapping[str, Any], client: Client
) -> CorrectionEvent | None:
    """Add a set at the end of an exercise."""
    draft = CorrectionDraft(
        action="add_set", target="set", exercise_pos=exercise_pos, after=dict(values)
    )
    return record(conn, session_id, draft, client)


def delete_set(
    conn: Connection, session_id: int, exercise_pos: int, set_ref: str, client: Client
) -> CorrectionEvent | None:
    """Delete a set (the read keeps it; the corrected session does not)."""
    draft = CorrectionDraft(
        action="delete_set", target="set", exercise_pos=exercise_pos, set_ref=set_ref
    )
    return record(conn, session_id, draft, client)


def accept(conn: Connection, session_id: int, client: Client) -> CorrectionEvent | None:
    """Accept the session as corrected: it leaves review (None if it was accepted already)."""
    return record(conn, session_id, CorrectionDraft(action="accept", target="session"), client)
