"""A long workout stored as three overlapping parts, without OCR (stitching tests)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from schema import repo_sessions, repo_stitch
from schema.db import Connection
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from schema.name_norm import normalise

DAY = date(2025, 3, 4)
T0 = datetime(2025, 3, 4, 18, 0, tzinfo=UTC)
# A long workout: 6 exercises, the i-th with i+2 sets of 10*(i+1) kg x (5+j).
WORKOUT = [
    (f"Exercise {c}", [(10.0 * (i + 1), 5 + j) for j in range(i + 2)])
    for i, c in enumerate("ABCDEF")
]
# Three scrolls: A B C(2 of 4 sets) | C D E(3 of 6) | D E F.
PARTS: list[list[tuple[str, int | None]]] = [
    [("Exercise A", None), ("Exercise B", None), ("Exercise C", 2)],
    [("Exercise C", None), ("Exercise D", None), ("Exercise E", 3)],
    [("Exercise D", None), ("Exercise E", None), ("Exercise F", None)],
]


def draft(part: list[tuple[str, int | None]], title: str = "Leg Day") -> SessionDraft:
    """The parse of one part: its exercises, the last `cut` to its first sets when given."""
    sets = dict(WORKOUT)
    return SessionDraft(
        layout="strong",
        title=title,
        performed_on=DAY,
        confidence=0.9,
        exercises=[
            ExerciseDraft(
                raw_name=name,
                sets=[SetDraft(weight=w, unit="kg", reps=r) for w, r in sets[name][:cut]],
            )
            for name, cut in part
        ],
    )


def store_part(conn: Connection, tag: str, parsed: SessionDraft, minute: int) -> int:
    """Store one part as the worker does (store, then stitch, in one transaction)."""
    row = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size, status) "
        "VALUES (%s, 'cli', %s, 1, 'done') RETURNING id",
        (hashlib.sha256(tag.encode()).hexdigest(), f"{tag}.png"),
    ).fetchone()
    assert row is not None
    upload_id = int(row["id"])
    with conn.transaction():
        session_id, _ = repo_sessions.store_parse(conn, upload_id, OcrPage(), parsed, normalise)
        when = T0 + timedelta(minutes=minute)
        return repo_stitch.stitch_upload(conn, session_id, upload_id, when)


def content(conn: Connection) -> list[list[tuple[str, list[tuple[float | None, int | None]]]]]:
    """Every stored session as [(raw name, [(weight, reps)])], oldest first."""
    out = []
    for row in conn.execute("SELECT id FROM workout_sessions ORDER BY id").fetchall():
        session = repo_sessions.get_session(conn, int(row["id"]))
        assert session is not None
        out.append([(e.raw_name, [(s.weight, s.reps) for s in e.sets]) for e in session.exercises])
    return out


EXPECTED = [[(n, [(w, r) for w, r in sets]) for n, sets in WORKOUT]]
