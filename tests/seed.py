"""Rows for tests that need parsed sessions without running OCR."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from schema.db import Connection
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from schema.name_norm import normalise
from schema.repo_sessions import store_parse


def add_session(conn: Connection, names: Sequence[str], on: date | None, tag: str) -> int:
    """Store one parsed session titled `Session {tag}` with one 60 kg × 5 set per exercise.

    `tag` makes the upload unique; returns the session id.
    """
    row = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size, status) "
        "VALUES (%s, 'cli', %s, 1, 'done') RETURNING id",
        (hashlib.sha256(tag.encode()).hexdigest(), f"{tag}.png"),
    ).fetchone()
    assert row is not None
    draft = SessionDraft(
        layout="strong",
        title=f"Session {tag}",
        performed_on=on,
        confidence=0.9,
        exercises=[
            ExerciseDraft(raw_name=n, sets=[SetDraft(reps=5, weight=60.0, unit="kg")])
            for n in names
        ],
    )
    session_id, _ = store_parse(conn, int(row["id"]), OcrPage(), draft, normalise)
    return session_id
