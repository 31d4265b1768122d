"""Repository for parsed sessions: the OCR run, the session, its exercises and sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg.types.json import Jsonb

from schema.db import Connection
from schema.models import ExerciseRecord, OcrPage, SessionDraft, SessionRecord, SetRecord
from schema.queries import queries

Q = queries("sessions")


def store_parse(
    conn: Connection,
    upload_id: int,
    page: OcrPage,
    draft: SessionDraft,
    normalise: Callable[[str], str],
) -> tuple[int, bool]:
    """Store the OCR run and the session with its exercises and sets.

    Run inside the caller's transaction so everything lands together or not at
    all. Idempotent by upload id: if a session exists already (a redelivered
    task), nothing is written and `(existing_id, False)` is returned.
    """
    existing = conn.execute(Q["session_by_upload"], {"upload_id": upload_id}).fetchone()
    if existing is not None:
        return int(existing["id"]), False
    run_id = insert_ocr_run(conn, upload_id, page)
    row = conn.execute(
        Q["insert_session"],
        {"upload_id": upload_id, "ocr_run_id": run_id, **read_columns(draft)},
    ).fetchone()
    if row is None:  # lost a race with another delivery of the same task
        again = conn.execute(Q["session_by_upload"], {"upload_id": upload_id}).fetchone()
        assert again is not None
        return int(again["id"]), False
    session_id = int(row["id"])
    insert_exercises(conn, session_id, draft, normalise)
    return session_id, True


def read_columns(draft: SessionDraft) -> dict[str, Any]:
    """The session columns a read writes (a first read and a re-read alike)."""
    return {
        "layout": draft.layout,
        "title": draft.title,
        "performed_on": draft.performed_on,
        "duration_min": draft.duration_min,
        "confidence": min(1.0, max(0.0, draft.confidence)),
        "needs_review": draft.needs_review,
        "warnings": Jsonb(draft.warnings),
        "findings": Jsonb([f.model_dump(mode="json") for f in draft.findings]),
    }


def insert_ocr_run(conn: Connection, upload_id: int, page: OcrPage) -> int:
    """Store one OCR run of an upload; returns its id."""
    run = conn.execute(
        Q["insert_ocr_run"],
        {
            "upload_id": upload_id,
            "engine": page.engine,
            "engine_version": page.engine_version,
            "languages": page.languages,
            "settings": Jsonb(page.settings),
            "text": page.text,
            "words": Jsonb([[w.model_dump() for w in line.words] for line in page.lines]),
            "mean_conf": page.mean_conf,
            "millis": page.millis,
        },
    ).fetchone()
    assert run is not None
    return int(run["id"])


def insert_exercises(
    conn: Connection, session_id: int, draft: SessionDraft, normalise: Callable[[str], str]
) -> None:
    """Insert a draft's exercises and their sets under a session (positions from 0)."""
    for position, exercise in enumerate(draft.exercises):
        ex_row = conn.execute(
            Q["insert_exercise"],
            {
                "session_id": session_id,
                "position": position,
                "raw_name": exercise.raw_name,
                "name_norm": normalise(exercise.raw_name),
            },
        ).fetchone()
        assert ex_row is not None
        sets: list[dict[str, Any]] = [
            {
                "exercise_id": ex_row["id"],
                "position": i,
                "set_type": s.set_type,
                "reps": s.reps,
                "weight": s.weight,
                "unit": s.unit if s.weight is not None else None,
                "weight_kg": s.weight_kg,
                "duration_s": s.duration_s,
                "distance": s.distance,
                "distance_unit": s.distance_unit,
                "rpe": s.rpe,
                "raw_line": s.raw_line,
            }
            for i, s in enumerate(exercise.sets)
        ]
        if sets:
            with conn.cursor() as cur:
                cur.executemany(Q["insert_set"], sets)


def session_id_for_upload(conn: Connection, upload_id: int) -> int | None:
    """The session parsed from an upload, if any."""
    row = conn.execute(Q["session_by_upload"], {"upload_id": upload_id}).fetchone()
    return None if row is None else int(row["id"])


def get_session(conn: Connection, session_id: int) -> SessionRecord | None:
    """A session with its exercises (raw names and bound keys) and their sets."""
    row = conn.execute(Q["get_session"], {"id": session_id}).fetchone()
    if row is None:
        return None
    sets_by_exercise: dict[int, list[SetRecord]] = {}
    for s in conn.execute(Q["sets_of_session"], {"id": session_id}).fetchall():
        sets_by_exercise.setdefault(int(s["exercise_id"]), []).append(SetRecord.model_validate(s))
    exercises = [
        ExerciseRecord.model_validate({**e, "sets": sets_by_exercise.get(int(e["id"]), [])})
        for e in conn.execute(Q["exercises_of_session"], {"id": session_id}).fetchall()
    ]
    return SessionRecord.model_validate({**row, "exercises": exercises})


def list_sessions(conn: Connection, limit: int = 50) -> list[dict[str, Any]]:
    """Recent sessions with counts of exercises, sets and bound exercises."""
    return conn.execute(Q["list_sessions"], {"limit": limit}).fetchall()


def sessions_after(conn: Connection, after_id: int) -> list[dict[str, Any]]:
    """Sessions with an id above `after_id`, oldest first, with exercise and set counts."""
    return conn.execute(Q["sessions_after"], {"after": after_id}).fetchall()
