"""Stitching parts into one session in PostgreSQL: order, overlap, locks, split and merge."""

from __future__ import annotations

import itertools
import threading

import pytest

from schema import repo_sessions, repo_stitch
from schema.db import connect
from tests.stitch_seed import EXPECTED, PARTS, WORKOUT, content, draft, store_part


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_parts_in_any_order_are_one_session(db_url: str, order: tuple[int, ...]) -> None:
    with connect(db_url, autocommit=True) as conn:
        for i in order:
            store_part(conn, f"part{i}", draft(PARTS[i]), minute=i)
        assert content(conn) == EXPECTED
        (sid,) = [r["id"] for r in conn.execute("SELECT id FROM workout_sessions").fetchall()]
        parts = repo_stitch.parts_of(conn, sid)
        assert [p.part_no for p in parts] == [1, 2, 3]
        for p in parts:
            assert repo_sessions.session_id_for_upload(conn, p.upload_id) == sid


def test_another_title_or_a_later_hour_is_another_workout(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        store_part(conn, "a", draft(PARTS[0]), minute=0)
        store_part(conn, "b", draft(PARTS[1], title="Push Day"), minute=1)
        store_part(conn, "c", draft(PARTS[1]), minute=180)
        assert len(content(conn)) == 3


def test_two_writers_at_once_end_with_one_session(db_url: str) -> None:
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def store(i: int) -> None:
        try:
            with connect(db_url, autocommit=True) as conn:
                barrier.wait()
                store_part(conn, f"part{i}", draft(PARTS[i]), minute=i)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=store, args=(i,)) for i in (2, 0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with connect(db_url, autocommit=True) as conn:
        assert content(conn) == EXPECTED


def test_split_a_part_off_and_merge_it_back(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        for i in (1, 0, 2):
            sid = store_part(conn, f"part{i}", draft(PARTS[i]), minute=i)
        third = repo_stitch.parts_of(conn, sid)[2].upload_id
        with conn.transaction():
            new_id = repo_stitch.split_part(conn, sid, third)
        split = content(conn)
        assert len(split) == 2
        assert sum(len(s) for e in split for _, s in e) == sum(len(s) for _, s in WORKOUT)
        # E's last three sets and F were first seen in the third scroll.
        assert [(n, len(s)) for n, s in split[1]] == [("Exercise E", 3), ("Exercise F", 7)]
        with conn.transaction():
            assert repo_stitch.merge_sessions(conn, sid, new_id) == sid
        assert content(conn) == EXPECTED
        with pytest.raises(repo_stitch.StitchError):
            repo_stitch.merge_sessions(conn, sid, sid)


def test_a_session_with_hand_corrections_is_not_rearranged(db_url: str) -> None:
    with connect(db_url, autocommit=True) as conn:
        first = store_part(conn, "part0", draft(PARTS[0]), minute=0)
        conn.execute(
            "INSERT INTO corrections (session_id, action, target, field, after, client, revision)"
            " VALUES (%s, 'edit', 'session', 'title', '\"Legs\"', 'api', 1)",
            (first,),
        )
        second = store_part(conn, "part1", draft(PARTS[1]), minute=1)
        assert second != first  # not stitched automatically
        with pytest.raises(repo_stitch.StitchError, match="hand corrections"):
            repo_stitch.merge_sessions(conn, second, first)
