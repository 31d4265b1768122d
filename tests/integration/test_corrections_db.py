"""Corrections against a real PostgreSQL: events on top of the read, undo, binding, state."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from typer.testing import CliRunner

from ingest.cli.exit_codes import ExitCode
from ingest.cli.main import app
from schema.db import connect
from schema.repo_aliases import load_catalogue_into_db
from schema.repo_corrections import (
    CorrectionDraft,
    CorrectionRefused,
    load_corrected_session,
    record,
    set_address,
    undo,
)
from schema.settings import Settings
from tests.seed import add_session
from workers.names.bind import run_bind
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration


def _edit(pos: int, ref: str, field: str, after: object) -> CorrectionDraft:
    return CorrectionDraft(
        action="edit", target="set", exercise_pos=pos, set_ref=ref, field=field, after=after
    )


def test_edit_undo_and_the_read_stays(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        sid = add_session(conn, ["Bench Press (Barbell)", "Seal Row"], date(2026, 1, 5), "a")
        conn.execute("UPDATE workout_sessions SET needs_review = true WHERE id = %s", (sid,))
        conn.execute("UPDATE uploads SET status = 'needs_review'")
        event = record(conn, sid, _edit(0, "r0", "weight", "62.5"), "api")
        assert event is not None and event.before == 60 and event.after == 62.5
        assert record(conn, sid, _edit(0, "r0", "weight", 62.5), "api") is None  # no change
        view = load_corrected_session(conn, sid)
        assert view is not None and view.exercises[0].sets[0].weight == 62.5
        raw = conn.execute("SELECT weight FROM exercise_sets ORDER BY id LIMIT 1").fetchone()
        assert raw is not None and float(raw["weight"]) == 60  # the read is untouched

        accept = record(conn, sid, CorrectionDraft(action="accept", target="session"), "web")
        assert accept is not None
        state = conn.execute("SELECT * FROM session_corrected").fetchone()
        assert state is not None and state["needs_review"] is False and state["sets"] == 2
        status = conn.execute("SELECT status FROM uploads").fetchone()
        assert status is not None and status["status"] == "done"

        undo(conn, accept.id, "web")
        status = conn.execute("SELECT status FROM uploads").fetchone()
        assert status is not None and status["status"] == "needs_review"
        second = record(conn, sid, _edit(0, "r0", "weight", 65), "web")
        assert second is not None
        with pytest.raises(CorrectionRefused, match="undo it first"):
            undo(conn, event.id, "web")
        undo(conn, second.id, "web")
        undo(conn, event.id, "web")
        view = load_corrected_session(conn, sid)
        assert view is not None and view.exercises[0].sets[0].weight == 60
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
            conn.execute("DELETE FROM corrections")


def test_added_sets_reorder_and_set_address(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        sid = add_session(conn, ["Squat (Barbell)"], date(2026, 1, 5), "b")
        set_id = conn.execute("SELECT id FROM exercise_sets").fetchone()
        assert set_id is not None
        assert set_address(conn, int(set_id["id"])) == (sid, 0, "r0")
        add = CorrectionDraft(
            action="add_set", target="set", exercise_pos=0, after={"weight": "100", "reps": 3}
        )
        added = record(conn, sid, add, "api")
        assert added is not None
        move = CorrectionDraft(
            action="move_set", target="exercise", exercise_pos=0, after=[f"c{added.id}", "r0"]
        )
        assert record(conn, sid, move, "web") is not None
        view = load_corrected_session(conn, sid)
        assert view is not None
        assert [(s.ref, s.weight, s.unit) for s in view.exercises[0].sets] == [
            (f"c{added.id}", 100, "kg"),
            ("r0", 60, "kg"),
        ]
        with pytest.raises(CorrectionRefused):
            undo(conn, added.id, "web")  # the reorder builds on it


def test_a_corrected_name_is_what_binding_uses(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        load_catalogue_into_db(conn, load_catalogue())
        sid = add_session(conn, ["Xqzv Plonk"], date(2026, 1, 5), "c")
        run_bind(conn)
        unbound = conn.execute("SELECT alias_key FROM session_exercises").fetchone()
        assert unbound is not None and unbound["alias_key"] is None
        name = CorrectionDraft(
            action="edit",
            target="exercise",
            exercise_pos=0,
            field="name",
            after="Bench Press (Barbell)",
        )
        event = record(conn, sid, name, "web")
        assert event is not None
        run_bind(conn)
        row = conn.execute("SELECT raw_name, alias_key FROM session_exercises").fetchone()
        assert row is not None
        assert row["raw_name"] == "Xqzv Plonk"
        assert row["alias_key"] == "bench_press"
        undo(conn, event.id, "web")
        run_bind(conn)
        row = conn.execute(
            "SELECT name_norm, corrected_name, alias_key FROM session_exercises"
        ).fetchone()
        assert row is not None and row["corrected_name"] is None and row["alias_key"] is None
        assert row["name_norm"] == "xqzv plonk"


def test_the_cli_lists_accepts_and_undoes(settings: Settings) -> None:
    assert settings.database_url and settings.redis_url
    with connect(settings.database_url, autocommit=True) as conn:
        sid = add_session(conn, ["Squat (Barbell)"], date(2026, 1, 5), "d")
        conn.execute("UPDATE workout_sessions SET needs_review = true")
        event = record(conn, sid, _edit(0, "r0", "reps", 6), "web")
        assert event is not None
    env = {"LIFTLENS_DATABASE_URL": settings.database_url, "LIFTLENS_REDIS_URL": settings.redis_url}
    runner = CliRunner()
    accepted = runner.invoke(app, ["corrections", "accept", str(sid)], env=env)
    assert accepted.exit_code == 0 and "accepted" in accepted.stdout
    listed = runner.invoke(app, ["corrections", "list", str(sid)], env=env)
    assert "reviewed: ok" in listed.stdout and "cli" in listed.stdout and "web" in listed.stdout
    undone = runner.invoke(app, ["corrections", "undo", str(event.id)], env=env)
    assert undone.exit_code == 0, undone.output
    again = runner.invoke(app, ["corrections", "undo", str(event.id)], env=env)
    assert again.exit_code == ExitCode.USAGE and "undone already" in again.output
    with connect(settings.database_url) as conn:
        view = load_corrected_session(conn, sid)
        assert view is not None and view.exercises[0].sets[0].reps == 5
        assert not view.needs_review  # the accept stays
