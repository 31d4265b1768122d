"""The schema: migrations, constraints, the raw_name trigger, no cascading deletes."""

from __future__ import annotations

import threading

import psycopg
import pytest

from schema.db import connect
from schema.errors import MigrationError
from schema.migrate import applied_versions, discover, migrate

pytestmark = pytest.mark.integration

SCHEMA_QUERY = """
SELECT table_name, column_name, data_type, is_nullable, column_default
FROM information_schema.columns WHERE table_schema = 'public'
ORDER BY table_name, column_name
"""
CONSTRAINTS_QUERY = """
SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2
"""


def _schema(url: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    with connect(url) as conn:
        return conn.execute(SCHEMA_QUERY).fetchall(), conn.execute(CONSTRAINTS_QUERY).fetchall()


def test_migrating_twice_gives_the_same_schema(empty_db_url: str) -> None:
    with connect(empty_db_url, autocommit=True) as conn:
        first = migrate(conn)
    before = _schema(empty_db_url)
    with connect(empty_db_url, autocommit=True) as conn:
        second = migrate(conn)
        assert applied_versions(conn) == [m.version for m in discover()]
    assert first == [m.name for m in discover()]
    assert second == []
    assert _schema(empty_db_url) == before
    assert any(row["table_name"] == "session_exercises" for row in before[0])


def test_two_concurrent_migrations_both_succeed(empty_db_url: str) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            with connect(empty_db_url, autocommit=True) as conn:
                barrier.wait()
                results.append(migrate(conn))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, len(discover())]


def test_migrate_refuses_a_transactional_connection(empty_db_url: str) -> None:
    with connect(empty_db_url) as conn, pytest.raises(MigrationError):
        migrate(conn)


def _insert_session(conn: psycopg.Connection[dict[str, object]]) -> tuple[int, int, int]:
    upload = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size) "
        "VALUES (repeat('a', 64), 'cli', 'x.png', 10) RETURNING id"
    ).fetchone()
    assert upload is not None
    session = conn.execute(
        "INSERT INTO workout_sessions (upload_id, layout, confidence) VALUES (%s, 'strong', 0.9) "
        "RETURNING id",
        (upload["id"],),
    ).fetchone()
    assert session is not None
    exercise = conn.execute(
        "INSERT INTO session_exercises (session_id, position, raw_name, name_norm) "
        "VALUES (%s, 0, 'Bench Press (Barbell)', 'bench press barbell') RETURNING id",
        (session["id"],),
    ).fetchone()
    assert exercise is not None
    return int(str(upload["id"])), int(str(session["id"])), int(str(exercise["id"]))


def test_raw_name_is_immutable_but_alias_key_is_not(db_url: str) -> None:
    with connect(db_url) as conn:
        _, _, ex_id = _insert_session(conn)
        conn.commit()
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="immutable"):
            conn.execute("UPDATE session_exercises SET raw_name = 'Bench' WHERE id = %s", (ex_id,))
        conn.rollback()
        conn.execute(
            "UPDATE session_exercises SET alias_key = 'bench_press', raw_name = raw_name "
            "WHERE id = %s",
            (ex_id,),
        )
        conn.commit()
        row = conn.execute(
            "SELECT raw_name, alias_key FROM session_exercises WHERE id = %s", (ex_id,)
        ).fetchone()
    assert row == {"raw_name": "Bench Press (Barbell)", "alias_key": "bench_press"}


def test_deleting_an_upload_does_not_delete_its_session(db_url: str) -> None:
    with connect(db_url) as conn:
        upload_id, session_id, _ = _insert_session(conn)
        conn.commit()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("DELETE FROM uploads WHERE id = %s", (upload_id,))
        conn.rollback()
        row = conn.execute(
            "SELECT count(*) AS n FROM workout_sessions WHERE id = %s", (session_id,)
        ).fetchone()
    assert row == {"n": 1}


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        (
            "INSERT INTO uploads (sha256, source, original_name, byte_size, status) "
            "VALUES (repeat('b', 64), 'cli', 'x', 1, 'bogus')",
            psycopg.errors.CheckViolation,
        ),
        (
            "INSERT INTO uploads (sha256, source, original_name, byte_size) "
            "VALUES (repeat('a', 64), 'cli', 'again.png', 1)",
            psycopg.errors.UniqueViolation,
        ),
    ],
)
def test_upload_constraints(db_url: str, sql: str, error: type[Exception]) -> None:
    with connect(db_url) as conn:
        _insert_session(conn)
        conn.commit()
        with pytest.raises(error):
            conn.execute(sql)


def test_set_constraints(db_url: str) -> None:
    with connect(db_url) as conn:
        _, _, ex_id = _insert_session(conn)
        conn.execute(
            "INSERT INTO exercise_sets (exercise_id, position, reps, weight, unit) "
            "VALUES (%s, 0, 8, 60, 'kg')",
            (ex_id,),
        )
        conn.commit()
        bad = [
            (
                "INSERT INTO exercise_sets (exercise_id, position, reps) VALUES (%s, 0, 5)",
                psycopg.errors.UniqueViolation,
            ),
            (
                "INSERT INTO exercise_sets (exercise_id, position, weight, unit) "
                "VALUES (%s, 1, 5, 'stone')",
                psycopg.errors.CheckViolation,
            ),
            (
                "INSERT INTO exercise_sets (exercise_id, position, set_type) "
                "VALUES (%s, 2, 'mega')",
                psycopg.errors.CheckViolation,
            ),
        ]
        for sql, error in bad:
            with pytest.raises(error):
                conn.execute(sql, (ex_id,))
            conn.rollback()
