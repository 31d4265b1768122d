"""The bind job against real PostgreSQL with the real catalogue and matcher."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from schema.db import Connection, connect
from schema.name_norm import normalise
from schema.repo_aliases import add_alias, ignore_name, unignore_name
from workers.names.bind import BIND_LOCK_ID, BindReport, run_bind
from workers.names.catalogue import load_catalogue

pytestmark = pytest.mark.integration

# Odd Unicode and spacing that must come back byte for byte.
ODD_NAMES = [
    "Bench Press (Barbell)",
    "  Squat (Barbell)  ",
    "Ｂｅｎｃｈ Ｐｒｅｓｓ",  # full-width
    "벤치 프레스",
    "Benchh Press",
    "Deadlift\u00a0",  # no-break space
    "Cafe\u0301 Curl",  # combining accent
    "Zottman Wiggle 🏋️",
    "Rest Timer",
]


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    with connect(db_url, autocommit=True) as c:
        yield c


def add_session(conn: Connection, names: list[str]) -> list[int]:
    """One upload + session holding exercises named `names`; returns their ids."""
    with conn.transaction():
        n = conn.execute("SELECT count(*) AS n FROM uploads").fetchone()
        assert n is not None
        upload = conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size)"
            " VALUES (%s, 'cli', 'x.png', 1) RETURNING id",
            (f"{n['n']:064x}",),
        ).fetchone()
        assert upload is not None
        session = conn.execute(
            "INSERT INTO workout_sessions (upload_id, layout, confidence)"
            " VALUES (%s, 'strong', 0.9) RETURNING id",
            (upload["id"],),
        ).fetchone()
        assert session is not None
        ids = []
        for position, name in enumerate(names):
            row = conn.execute(
                "INSERT INTO session_exercises (session_id, position, raw_name, name_norm)"
                " VALUES (%s, %s, %s, %s) RETURNING id",
                (session["id"], position, name, normalise(name)),
            ).fetchone()
            assert row is not None
            ids.append(int(row["id"]))
    return ids


def rows(conn: Connection) -> dict[str, dict[str, Any]]:
    found = conn.execute("SELECT * FROM session_exercises ORDER BY id").fetchall()
    return {r["raw_name"]: r for r in found}


def events(conn: Connection) -> list[dict[str, Any]]:
    return conn.execute("SELECT * FROM binding_events ORDER BY id").fetchall()


def test_first_run_binds_and_records_every_change(conn: Connection, db_url: str) -> None:
    add_session(conn, ODD_NAMES)
    report = run_bind(db_url)
    assert not report.skipped and report.mode == "full"
    assert report.rows_changed == len(ODD_NAMES)
    got = rows(conn)
    assert got["Bench Press (Barbell)"]["alias_key"] == "bench_press"
    assert got["Bench Press (Barbell)"]["bound_method"] == "exact"
    assert got["Benchh Press"]["alias_key"] == "bench_press"
    assert got["Benchh Press"]["bound_method"] == "fuzzy"
    assert got["벤치 프레스"]["alias_key"] == "bench_press"
    assert got["Zottman Wiggle 🏋️"]["alias_key"] is None
    assert got["Zottman Wiggle 🏋️"]["bound_method"] == "unmapped"
    version = load_catalogue().version
    assert all(r["catalogue_version"] == version for r in got.values())
    recorded = {e["exercise_id"]: e for e in events(conn)}
    assert len(recorded) == len(ODD_NAMES)
    for r in got.values():
        e = recorded[r["id"]]
        assert (e["old_key"], e["new_key"], e["method"]) == (
            None,
            r["alias_key"],
            r["bound_method"],
        )
        assert e["score"] == pytest.approx(r["bound_score"])
        assert e["catalogue_version"] == version and e["bind_run_id"] == report.run_id


def test_nothing_new_skips_and_records_nothing(conn: Connection, db_url: str) -> None:
    add_session(conn, ODD_NAMES)
    run_bind(db_url)
    before = len(events(conn))
    again = run_bind(db_url)
    assert again.skipped and again.reason == "no new names and nothing changed"
    forced = run_bind(db_url, full=True)
    assert not forced.skipped and forced.names_decided > 0 and forced.rows_changed == 0
    assert len(events(conn)) == before
    runs = conn.execute("SELECT count(*) AS n FROM bind_runs").fetchone()
    assert runs is not None and runs["n"] == 2  # skipped runs leave no row


def test_incremental_run_decides_only_new_names(conn: Connection, db_url: str) -> None:
    add_session(conn, ["Bench Press (Barbell)", "Zottman Wiggle"])
    run_bind(db_url)
    add_session(conn, ["Deadlift", "Bench Press (Barbell)"])
    report = run_bind(db_url)
    assert report.mode == "incremental" and report.reason == "new names"
    assert report.names_decided == 2  # the unmapped name is not scored again
    assert report.rows_changed == 2
    assert rows(conn)["Deadlift"]["alias_key"] == "deadlift"


def test_operator_mapping_rebinds_existing_rows(conn: Connection, db_url: str) -> None:
    ids = add_session(conn, ["Zottman Wiggle", "Zottman Wiggle", "Bench Press (Barbell)"])
    run_bind(db_url)
    add_alias(conn, "zottman wiggle", "hammer_curl")
    report = run_bind(db_url)
    assert report.mode == "incremental" and "operator" in report.reason
    assert report.rows_changed == 2
    got = conn.execute(
        "SELECT alias_key, bound_method FROM session_exercises WHERE id = ANY(%s)", (ids[:2],)
    ).fetchall()
    assert got == [{"alias_key": "hammer_curl", "bound_method": "operator"}] * 2
    changes = [e for e in events(conn) if e["bind_run_id"] == report.run_id]
    assert sorted(e["exercise_id"] for e in changes) == ids[:2]
    assert all(e["old_key"] is None and e["new_key"] == "hammer_curl" for e in changes)
    # An operator can also overrule the catalogue.
    add_alias(conn, "Bench Press (Barbell)", "close_grip_bench_press")
    run_bind(db_url)
    assert rows(conn)["Bench Press (Barbell)"]["alias_key"] == "close_grip_bench_press"
    last = events(conn)[-1]
    assert (last["old_key"], last["new_key"]) == ("bench_press", "close_grip_bench_press")


def test_ignored_name_is_never_bound(conn: Connection, db_url: str) -> None:
    ignore_name(conn, "Bench Press (Barbell)", reason="a heading, not a lift")
    add_session(conn, ["Bench Press (Barbell)", "Barbell Bench Press", "Squat"])
    run_bind(db_url)
    got = rows(conn)
    assert got["Bench Press (Barbell)"]["alias_key"] is None
    assert got["Bench Press (Barbell)"]["bound_method"] == "ignored"
    assert got["Squat"]["alias_key"] == "squat"
    for _ in range(2):
        run_bind(db_url, full=True)
        assert rows(conn)["Bench Press (Barbell)"]["alias_key"] is None
    # Ignoring a bound name unbinds it; lifting the ignore binds it again.
    ignore_name(conn, "Squat")
    run_bind(db_url)
    assert rows(conn)["Squat"]["bound_method"] == "ignored"
    assert events(conn)[-1]["old_key"] == "squat" and events(conn)[-1]["new_key"] is None
    unignore_name(conn, "Squat")
    run_bind(db_url)
    assert rows(conn)["Squat"]["alias_key"] == "squat"


def test_raw_name_is_byte_identical_after_many_rebinds(conn: Connection, db_url: str) -> None:
    add_session(conn, ODD_NAMES)
    before = conn.execute("SELECT id, raw_name::bytea AS b FROM session_exercises").fetchall()
    run_bind(db_url)
    add_alias(conn, "Rest Timer", "plank")
    run_bind(db_url)
    ignore_name(conn, "Rest Timer")
    for _ in range(3):
        run_bind(db_url, full=True)
    after = conn.execute("SELECT id, raw_name::bytea AS b FROM session_exercises").fetchall()
    assert sorted(after, key=lambda r: r["id"]) == sorted(before, key=lambda r: r["id"])
    assert {bytes(r["b"]).decode() for r in after} == set(ODD_NAMES)


def test_catalogue_version_change_triggers_full_rebind(conn: Connection, db_url: str) -> None:
    add_session(conn, ["Bench Press (Barbell)", "Zottman Wiggle"])
    run_bind(db_url)
    newer = load_catalogue().model_copy(update={"version": "test-v2"})
    report = run_bind(db_url, catalogue=newer)
    assert report.mode == "full" and "catalogue version changed" in report.reason
    assert report.names_decided == 2 and report.rows_changed == 0
    loaded = conn.execute("SELECT version FROM catalogue_versions").fetchall()
    assert {r["version"] for r in loaded} == {load_catalogue().version, "test-v2"}
    assert run_bind(db_url, catalogue=newer).skipped


def test_an_improved_catalogue_rebinds_old_rows(conn: Connection, db_url: str) -> None:
    (zottman,) = add_session(conn, ["Zottman Wiggle"])
    run_bind(db_url)
    current = load_catalogue()
    improved = tuple(
        ex.model_copy(update={"aliases": (*ex.aliases, "Zottman Wiggle")})
        if ex.key == "hammer_curl"
        else ex
        for ex in current.exercises
    )
    newer = current.model_copy(update={"version": "test-v3", "exercises": improved})
    report = run_bind(db_url, catalogue=newer)
    assert report.mode == "full" and report.rows_changed == 1
    assert rows(conn)["Zottman Wiggle"]["alias_key"] == "hammer_curl"
    last = events(conn)[-1]
    assert last["exercise_id"] == zottman
    assert (last["old_key"], last["new_key"], last["method"]) == (None, "hammer_curl", "exact")
    assert last["catalogue_version"] == "test-v3"


def test_run_records_snapshot_for_the_chart(conn: Connection, db_url: str) -> None:
    add_session(conn, ODD_NAMES)
    report = run_bind(db_url)
    run = conn.execute("SELECT * FROM bind_runs WHERE id = %s", (report.run_id,)).fetchone()
    assert run is not None
    bound = sum(1 for r in rows(conn).values() if r["alias_key"])
    assert (run["rows_total"], run["rows_bound"]) == (len(ODD_NAMES), bound)
    assert run["finished_at"] is not None and run["names_decided"] == report.names_decided


def test_two_overlapping_runs_are_safe(conn: Connection, db_url: str) -> None:
    add_session(conn, ODD_NAMES)
    # A run that holds the lock makes the other skip at once.
    with connect(db_url) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (BIND_LOCK_ID,))
        blocked = run_bind(db_url)
        holder.rollback()
    assert blocked.skipped and "lock" in blocked.reason
    # Two real runs at once: one binds, the other skips or finds nothing left.
    reports: list[BindReport] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            reports.append(run_bind(db_url))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r.rows_changed for r in reports) == len(ODD_NAMES)
    assert len(events(conn)) == len(ODD_NAMES)
    assert all(r.skipped for r in reports if r.rows_changed == 0)


def test_an_exercise_with_history_cannot_be_deleted(conn: Connection, db_url: str) -> None:
    bound, _ = add_session(conn, ["Squat", "Deadlift"])
    run_bind(db_url)
    add_session(conn, ["Lunge"])
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("DELETE FROM session_exercises WHERE id = %s", (bound,))
    (unbound,) = [
        r["id"] for r in conn.execute("SELECT id FROM session_exercises WHERE bound_method IS NULL")
    ]
    conn.execute("DELETE FROM session_exercises WHERE id = %s", (unbound,))
