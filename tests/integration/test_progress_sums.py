"""The database's per-session sums are the sums of the sets, as the Python path makes them.

Sessions without corrected rows are summed up by PostgreSQL (`totals_of_key`);
sessions with corrected rows are replayed and summed up in Python (`summarise`).
Both must give the same numbers for the same sets: kg and lb together, warm-ups
out, bodyweight and assisted sets counting for reps only, the same key twice in
one session, and ties of the estimate going to the first set on the screen.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from ingest.progress.load import load_progress
from ingest.progress.stats import summarise
from schema.db import Connection, connect
from schema.models import ExerciseDraft, SessionDraft, SetDraft
from schema.repo_aliases import load_catalogue_into_db
from schema.repo_corrections import load_corrected_session
from schema.repo_progress import KeySet
from schema.settings import Settings
from tests.export_seed import store_draft
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration

KEY = "bench_press"
SPELLINGS = ("Bench Press (Barbell)", "Bench Press", "bench press")
KINDS = ("working", "working", "working", "warmup", "drop", "failure")


def _random_set(rng: random.Random, unit: str) -> SetDraft:
    kind = rng.choice(KINDS)
    reps = rng.choice([None, 0, 1, 1, 3, 5, 5, 8, 10, 12])
    shape = rng.random()
    if shape < 0.1:  # bodyweight
        return SetDraft(reps=reps, set_type=kind)
    weight = -20.0 if shape < 0.15 else rng.randrange(16, 120) * 2.5  # assisted or loaded
    return SetDraft(reps=reps, weight=weight, unit=unit, set_type=kind)


def _random_session(rng: random.Random, day: date) -> SessionDraft:
    unit = rng.choice(["kg", "kg", "lb"])
    exercises = [
        ExerciseDraft(
            raw_name=rng.choice([*SPELLINGS, "Squat (Barbell)"]),
            sets=[_random_set(rng, unit) for _ in range(rng.randint(1, 6))],
        )
        for _ in range(rng.randint(1, 3))
    ]
    return SessionDraft(layout="strong", title=f"Day {day}", performed_on=day, exercises=exercises)


def _ties() -> SessionDraft:
    # 100 x 12, 120 x 5 and 140 x 1 have the same Epley estimate (140.0) in floating point;
    # the first on the screen is the best set, the 150 kg warm-up never counts.
    return SessionDraft(
        layout="hevy",
        title="Ties",
        performed_on=date(2026, 3, 2),
        exercises=[
            ExerciseDraft(
                raw_name="Squat (Barbell)", sets=[SetDraft(reps=1, weight=200, unit="kg")]
            ),
            ExerciseDraft(
                raw_name="Bench Press",
                sets=[
                    SetDraft(reps=1, weight=150, unit="kg", set_type="warmup"),
                    SetDraft(reps=12, weight=100, unit="kg"),
                    SetDraft(reps=5, weight=120, unit="kg"),
                ],
            ),
            ExerciseDraft(raw_name="bench press", sets=[SetDraft(reps=1, weight=140, unit="kg")]),
        ],
    )


def _replayed_sets(conn: Connection, session_ids: list[int]) -> list[KeySet]:
    """Every working set bound to KEY, as the replay of each session shows it."""
    out = []
    for sid in session_ids:
        view = load_corrected_session(conn, sid)
        assert view is not None and view.performed_on is not None
        out += [
            KeySet(
                session_id=sid,
                day=view.performed_on,
                title=view.title,
                raw_name=e.raw_name,
                set_type=s.set_type,
                reps=s.reps,
                weight=s.weight,
                unit=s.unit,
            )
            for e in view.exercises
            if e.alias_key == KEY
            for s in e.sets
        ]
    return out


def test_sums_in_the_database_equal_the_sums_of_the_sets(settings: Settings) -> None:
    assert settings.database_url
    rng = random.Random(15)
    start = date(2025, 9, 1)
    with connect(settings.database_url) as conn:
        load_catalogue_into_db(conn, load_catalogue())
        ids = [
            store_draft(conn, f"sums-{i}", _random_session(rng, start + timedelta(days=i * 2)))
            for i in range(60)
        ]
        ties = store_draft(conn, "sums-ties", _ties())
        conn.commit()
    run_bind(settings.database_url)
    with connect(settings.database_url) as conn:
        in_sql = load_progress(conn, KEY)
        in_python = summarise(KEY, in_sql.name, _replayed_sets(conn, [*ids, ties]))
    assert len(in_sql.sessions) > 30 and any(s.best_weight_kg is None for s in in_sql.sessions)
    assert in_sql.spellings == sorted(SPELLINGS)
    assert in_sql.model_dump() == in_python.model_dump()
    tie = next(s for s in in_sql.sessions if s.session_id == ties)
    assert (tie.best_weight_kg, tie.best_reps, tie.e1rm_kg) == (100, 12, 140)
    assert (tie.sets, tie.reps, tie.top_weight_kg, tie.volume_kg) == (3, 18, 140, 1940)


def _sums(conn: Connection) -> list[dict[str, object]]:
    return conn.execute("SELECT * FROM exercise_sums ORDER BY exercise_id").fetchall()


def test_the_sums_follow_every_write_of_the_sets(settings: Settings) -> None:
    """Inserts, updates (a set moved to another exercise, a weight, a type), deletes,
    truncation: exercise_sums stays what summing up every exercise afresh gives."""
    assert settings.database_url
    rng = random.Random(6)
    with connect(settings.database_url) as conn:
        sid = store_draft(conn, "sums-writes", _random_session(rng, date(2026, 2, 2)))
        other = store_draft(conn, "sums-other", _ties())
        sets = conn.execute(
            "SELECT s.id, s.exercise_id FROM exercise_sets s JOIN session_exercises e"
            " ON e.id = s.exercise_id WHERE e.session_id = ANY(%s) ORDER BY s.id",
            ([sid, other],),
        ).fetchall()
        target = sets[-1]["exercise_id"]
        writes = [
            (
                "UPDATE exercise_sets SET exercise_id = %s, position = position + 100"
                " WHERE id = %s",
                (target, sets[0]["id"]),
            ),
            ("UPDATE exercise_sets SET weight = 300, unit = 'lb' WHERE id = %s", (sets[1]["id"],)),
            ("UPDATE exercise_sets SET set_type = 'warmup' WHERE exercise_id = %s", (target,)),
            ("DELETE FROM exercise_sets WHERE id = %s", (sets[2]["id"],)),
        ]
        for query, params in writes:
            conn.execute(query, params)
            seen = _sums(conn)
            conn.execute("SELECT exercise_sums_refresh(ARRAY(SELECT id FROM session_exercises))")
            assert seen == _sums(conn), query
        assert not any(row["exercise_id"] == target for row in seen)  # warm-ups only: no sums
        conn.execute("TRUNCATE exercise_sets")
        assert _sums(conn) == []
        conn.rollback()
