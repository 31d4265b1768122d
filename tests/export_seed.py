"""A small history for export and progress tests: kg and lb, bound and unbound, corrected."""

from __future__ import annotations

import hashlib
from datetime import date

from schema.db import Connection
from schema.models import ExerciseDraft, OcrPage, SessionDraft, SetDraft
from schema.name_norm import normalise
from schema.repo_aliases import load_catalogue_into_db
from schema.repo_corrections import CorrectionDraft, record
from schema.repo_sessions import store_parse
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue


def store_draft(conn: Connection, tag: str, draft: SessionDraft) -> int:
    """Store `draft` as the read of a new upload named after `tag`; its session id."""
    row = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size, status) "
        "VALUES (%s, 'cli', %s, 1, 'done') RETURNING id",
        (hashlib.sha256(tag.encode()).hexdigest(), f"{tag}.png"),
    ).fetchone()
    assert row is not None
    session_id, _ = store_parse(conn, int(row["id"]), OcrPage(), draft, normalise)
    return session_id


def seed_history(url: str, conn: Connection) -> dict[str, int]:
    """Three sessions; the bench press of the first corrected from 100 to 102.5 kg.

    Returns the session ids by name.
    """
    load_catalogue_into_db(conn, load_catalogue())
    push = SessionDraft(
        layout="strong",
        title="Push Day",
        performed_on=date(2026, 1, 5),
        duration_min=65,
        exercises=[
            ExerciseDraft(
                raw_name="Bench Press (Barbell)",
                sets=[
                    SetDraft(reps=10, weight=40.0, unit="kg", set_type="warmup"),
                    SetDraft(reps=5, weight=100.0, unit="kg", rpe=8.5),
                    SetDraft(reps=3, weight=100.0, unit="kg", set_type="failure"),
                ],
            ),
            ExerciseDraft(raw_name="Cossack Squat", sets=[SetDraft(reps=8), SetDraft(reps=8)]),
        ],
    )
    legs = SessionDraft(
        layout="hevy",
        title="Leg Day",
        performed_on=date(2026, 1, 9),
        exercises=[
            ExerciseDraft(
                raw_name="bench press",
                sets=[
                    SetDraft(reps=5, weight=225.0, unit="lb"),
                    SetDraft(reps=12, weight=135.0, unit="lb", set_type="drop"),
                ],
            ),
            ExerciseDraft(
                raw_name="Running",
                sets=[SetDraft(distance=3.0, distance_unit="mi", duration_s=1500)],
            ),
        ],
    )
    early = SessionDraft(
        layout="strong",
        title="Push Day",
        performed_on=date(2025, 12, 1),
        exercises=[
            ExerciseDraft(raw_name="Bench Press", sets=[SetDraft(reps=5, weight=90.0, unit="kg")])
        ],
    )
    ids = {"push": store_draft(conn, "push", push), "legs": store_draft(conn, "legs", legs)}
    ids["early"] = store_draft(conn, "early", early)
    conn.commit()
    run_bind(url)
    fix = CorrectionDraft(
        action="edit", target="set", exercise_pos=0, set_ref="r1", field="weight", after=102.5
    )
    record(conn, ids["push"], fix, "api")
    conn.commit()
    return ids
