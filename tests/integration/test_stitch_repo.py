"""Stitching parts into one session in PostgreSQL: order, overlap, locks, split and merge."""

from __future__ import annotations

import hashlib
import itertools
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from schema import repo_sessions, repo_stitch
from schema.db import Connection, connect
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


def _draft(part: list[tuple[str, int | None]], title: str = "Leg Day") -> SessionDraft:
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


def _store(conn: Connection, tag: str, draft: SessionDraft, minute: int) -> int:
    row = conn.execute(
        "INSERT INTO uploads (sha256, source, original_name, byte_size, status) "
        "VALUES (%s, 'cli', %s, 1, 'done') RETURNING id",
        (hashlib.sha256(tag.encode()).hexdigest(), f"{tag}.png"),
    ).fetchone()
    assert row is not None
    upload_id = int(row["id"])
    with conn.transaction():
        session_id, _ = repo_sessions.store_parse(conn, upload_id, OcrPage(), draft, normalise)
        when = T0 + timedelta(minutes=minute)
        return repo_stitch.stitch_upload(conn, session_id, upload_id, when)


def _content(conn: Connection) -> list[list[tuple[str, list[tuple[float | None, int | None]]]]]:
    out = []
    for row in conn.execute("SELECT id FROM workout_sessions ORDER BY id").fetchall():
        session = repo_sessions.get_session(conn, int(row["id"]))
        assert session is not None
        out.append([(e.raw_name, [(s.weight, s.reps) for s in e.sets]) for e in session.exercises])
    return out


EXPECTED = [[(n, [(w, r) for w, r in sets]) for n, sets in WORKOUT]]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_parts_in_any_order_are_one_session(db_url: str, order: tuple[int, ...]) -> None:
    with connect(db_url, autocommit=True) as conn:
        for i in order:
            _store(conn, f"part{i}", _draft(PARTS[i]), minute=i)
        assert _content(conn) == EXPECTED
        (sid,) = [r["id"] for r in conn.execute("SELECT id FROM workout_sessions").fetchall()]
        parts = repo_stitch.parts_of(conn, sid)
        assert [p.part_no for p in parts] == [1, 2, 3]
        for p in parts:
            assert repo_sessions.session_id_for_upload(conn, p.upload_id) == sid


def test_another_title_or_a_later_hour_is_another_workout(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        _store(conn, "a", _draft(PARTS[0]), minute=0)
        _store(conn, "b", _draft(PARTS[1], title="Push Day"), minute=1)
        _store(conn, "c", _draft(PARTS[1]), minute=180)
        assert len(_content(conn)) == 3


def test_two_writers_at_once_end_with_one_session(db_url: str) -> None:
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def store(i: int) -> None:
        try:
            with connect(db_url, autocommit=True) as conn:
                barrier.wait()
                _store(conn, f"part{i}", _draft(PARTS[i]), minute=i)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=store, args=(i,)) for i in (2, 0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with connect(db_url, autocommit=True) as conn:
        assert _content(conn) == EXPECTED


def test_split_a_part_off_and_merge_it_back(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        for i in (1, 0, 2):
            sid = _store(conn, f"part{i}", _draft(PARTS[i]), minute=i)
        third = repo_stitch.parts_of(conn, sid)[2].upload_id
        with conn.transaction():
            new_id = repo_stitch.split_part(conn, sid, third)
        split = _content(conn)
        assert len(split) == 2
        assert sum(len(s) for e in split for _, s in e) == sum(len(s) for _, s in WORKOUT)
        # E's last three sets and F were first seen in the third scroll.
        assert [(n, len(s)) for n, s in split[1]] == [("Exercise E", 3), ("Exercise F", 7)]
        with conn.transaction():
            assert repo_stitch.merge_sessions(conn, sid, new_id) == sid
        assert _content(conn) == EXPECTED
        with pytest.raises(repo_stitch.StitchError):
            repo_stitch.merge_sessions(conn, sid, sid)
