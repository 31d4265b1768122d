"""Repository for one session per workout: stitch a new part in, split a part off, merge two.

A session has one part (`session_parts`) per screenshot. When a parsed upload
is another scroll of a stored workout (same app, day and title, taken minutes
apart, overlapping exercises) `stitch_upload` folds it into that session in the
transaction that stored it, under an advisory lock on the workout, so two
workers storing two parts at once still end with one session. The alignment
itself is pure (`schema.stitching`); this module reads the sequences and
writes the plan back: rows are moved, never rewritten, and an exercise counted
once is recorded in `exercise_merges`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pydantic import BaseModel

from schema.db import Connection
from schema.queries import queries
from schema.stitching import Exercise, join, stitch

Q = queries("stitch")
WINDOW_S = 45 * 60
"""Parts taken further apart than this are not one workout's scrolls."""


class SessionPart(BaseModel):
    """A row of `session_parts`: one screenshot of a session."""

    session_id: int
    upload_id: int
    part_no: int
    taken_at: datetime


class StitchError(ValueError):
    """A split or merge that cannot be done (unknown session, last part, same session)."""


def parts_of(conn: Connection, session_id: int) -> list[SessionPart]:
    """The parts of a session in order."""
    rows = conn.execute(Q["parts"], {"id": session_id}).fetchall()
    return [SessionPart.model_validate(r) for r in rows]


@dataclass(frozen=True)
class SetItem:
    """A stored set as stitching sees it: equal when it holds the same values, whatever its id."""

    id: int = field(compare=False)
    look: str


def _sequence(conn: Connection, session_id: int) -> list[Exercise[SetItem]]:
    rows = conn.execute(Q["sequence"], {"id": session_id}).fetchall()
    return [
        Exercise(
            r["name_norm"],
            tuple(SetItem(i, repr(look)) for i, look in zip(r["sets"], r["looks"], strict=True)),
            int(r["id"]),
        )
        for r in rows
    ]


def workout_key(layout: str, performed_on: date, title: str | None) -> str:
    """The advisory-lock key of a workout: app, day and title."""
    return f"stitch:{layout}:{performed_on.isoformat()}:{(title or '').strip().lower()}"


def stitch_upload(conn: Connection, session_id: int, upload_id: int, taken_at: datetime) -> int:
    """Link a freshly stored session's upload as a part; stitch it into its workout if any.

    Call in the transaction that stored the session. Returns the id of the
    session the part ends in (an older one when it was stitched).
    """
    conn.execute(
        Q["insert_part"], {"session_id": session_id, "upload_id": upload_id, "taken_at": taken_at}
    )
    conn.execute(Q["mark_provenance"], {"session_id": session_id, "upload_id": upload_id})
    head = conn.execute(Q["session_head"], {"id": session_id}).fetchone()
    if head is None or head["performed_on"] is None:
        return session_id  # without a day there is no telling which workout it belongs to
    key = workout_key(head["layout"], head["performed_on"], head["title"])
    conn.execute(Q["lock_workout"], {"key": key})
    found = conn.execute(
        Q["candidates"],
        {**head, "session_id": session_id, "taken_at": taken_at, "window_s": WINDOW_S},
    ).fetchall()
    current = session_id
    for row in found:
        other = int(row["id"])
        result = stitch(_sequence(conn, other), _sequence(conn, current))
        if result is None:
            continue
        keep, gone = min(other, current), max(other, current)
        _apply(conn, keep, [gone], result[0], result[1])
        current = keep
    return current


def merge_sessions(conn: Connection, session_id: int, other_id: int) -> int:
    """Merge `other_id` into `session_id` by hand; returns `session_id`.

    Overlapping exercises are counted once as when stitching; sessions that do
    not overlap are put one after the other in the order they were taken, an
    exercise cut by the scroll joined into one.
    """
    if session_id == other_id:
        raise StitchError("a session cannot be merged with itself")
    for sid in sorted((session_id, other_id)):  # lock in id order: no deadlock
        if conn.execute(Q["session_head"], {"id": sid}).fetchone() is None:
            raise StitchError(f"no session {sid}")
        _check_history(conn, sid)
    mine, theirs = _sequence(conn, session_id), _sequence(conn, other_id)
    result = stitch(mine, theirs)
    if result is not None:
        merged, dropped = result
    else:
        mine_first = _first_taken(conn, session_id) <= _first_taken(conn, other_id)
        merged = join(mine, theirs) if mine_first else join(theirs, mine)
        dropped = []
    _apply(conn, session_id, [other_id], merged, dropped)
    return session_id


def _first_taken(conn: Connection, session_id: int) -> datetime:
    row = conn.execute(Q["first_taken"], {"id": session_id}).fetchone()
    value = row["taken_at"] if row else None
    return value if value is not None else datetime.max.replace(tzinfo=UTC)


def _apply(
    conn: Connection,
    keep: int,
    gone: Sequence[int],
    merged: Sequence[Exercise[SetItem]],
    dropped: Sequence[SetItem],
) -> None:
    """Write a merge plan: `merged` becomes `keep`'s exercises; the `gone` sessions fold in."""
    sessions = [keep, *gone]
    if dropped:
        conn.execute(Q["delete_sets"], {"ids": [s.id for s in dropped]})
    exercise_ids = [e.ref for e in merged] + [r for e in merged for r in e.absorbed]
    conn.execute(Q["park_exercises"], {"ids": sessions})
    conn.execute(Q["park_sets"], {"ids": exercise_ids})
    with conn.cursor() as cur:
        cur.executemany(
            Q["place_exercise"],
            [{"session_id": keep, "position": p, "id": e.ref} for p, e in enumerate(merged)],
        )
        cur.executemany(
            Q["place_set"],
            [
                {"exercise_id": e.ref, "position": i, "id": s.id}
                for e in merged
                for i, s in enumerate(e.sets)
            ],
        )
    for e in merged:
        for absorbed in e.absorbed:
            conn.execute(Q["record_merge"], {"from_id": absorbed, "into_id": e.ref})
            conn.execute(Q["delete_exercise"], {"id": absorbed})
    for other in gone:
        conn.execute(Q["fold_session"], {"keep": keep, "other": other})
        conn.execute(Q["move_parts"], {"keep": keep, "other": other})
        conn.execute(Q["drop_state"], {"id": other})
        conn.execute(Q["delete_session"], {"id": other})
    conn.execute(Q["renumber_parts"], {"id": keep})
    conn.execute(Q["drop_state"], {"id": keep})  # the counts changed; a plain read needs none


def _check_history(conn: Connection, session_id: int) -> None:
    """Refuse to re-arrange a session with hand corrections or re-reads."""
    row = conn.execute(Q["history"], {"id": session_id}).fetchone()
    assert row is not None
    if row["corrections"]:
        raise StitchError(
            f"session {session_id} has hand corrections, which name rows by position: "
            "undo them before splitting or merging"
        )
    if row["revisions"]:
        raise StitchError(f"session {session_id} was re-read; its earlier reads name it")


def split_part(conn: Connection, session_id: int, upload_id: int) -> int:
    """Take one screenshot's rows out of a stitched session into a session of its own.

    What the part was the first to show moves with it (an exercise whose sets
    came from several parts is divided); what it repeated stays. Returns the
    new session's id.
    """
    if conn.execute(Q["session_head"], {"id": session_id}).fetchone() is None:
        raise StitchError(f"no session {session_id}")
    _check_history(conn, session_id)
    uploads = [p.upload_id for p in parts_of(conn, session_id)]
    if upload_id not in uploads:
        raise StitchError(f"upload {upload_id} is not a part of session {session_id}")
    if len(uploads) < 2:
        raise StitchError(f"session {session_id} has one part only")
    args = {"id": session_id, "upload_id": upload_id}
    conn.execute(Q["reassign_session_upload"], args)
    row = conn.execute(Q["split_session"], args).fetchone()
    assert row is not None
    new_id = int(row["id"])
    conn.execute(Q["move_part"], {**args, "new_id": new_id})
    _move_rows(conn, session_id, new_id, upload_id)
    for sid in (session_id, new_id):
        conn.execute(Q["renumber_parts"], {"id": sid})
        conn.execute(Q["renumber_exercises"], {"id": sid})
        conn.execute(Q["renumber_sets"], {"id": sid})
    return new_id


def _move_rows(conn: Connection, session_id: int, new_id: int, upload_id: int) -> None:
    rows = conn.execute(Q["exercises_for_split"], {"id": session_id, "upload_id": upload_id})
    position = 1000000  # parked; renumbered by the caller
    for ex in rows.fetchall():
        mine: list[int] = list(ex["mine"])
        owned = ex["upload_id"] == upload_id
        if owned and ex["others"] == 0:
            target = int(ex["id"])
            conn.execute(
                Q["place_exercise"], {"session_id": new_id, "position": position, "id": target}
            )
        elif mine:
            copied = conn.execute(
                Q["copy_exercise"],
                {"new_id": new_id, "position": position, "id": ex["id"], "upload_id": upload_id},
            ).fetchone()
            assert copied is not None
            target = int(copied["id"])
        else:
            continue
        position += 1
        conn.execute(Q["park_sets"], {"ids": [ex["id"], target]})
        with conn.cursor() as cur:
            cur.executemany(
                Q["place_set"],
                [{"exercise_id": target, "position": i, "id": s} for i, s in enumerate(mine)],
            )
