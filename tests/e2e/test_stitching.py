"""One session per workout, end to end: a long workout's three scrolls, uploaded in shuffled
order and read by two real Celery workers at once, end as one session with exactly its sets.

The parts are rendered by `fixtures.render.scrolls` (committed with their expectations in
`fixtures/scrolls`); the first and the last part do not overlap, so the order below makes
the middle part bridge two sessions already stored.

The two workers serve the three layouts in turn: one database and one Redis for the
module, every table emptied before each layout, so each starts from nothing stored.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import psycopg
import pytest
import redis

from schema.db import connect
from schema.settings import Settings
from tests.conftest import TEMPLATE_DB
from tests.e2e.conftest import (
    REPO,
    Proc,
    liftlens_cmd,
    liftlens_env,
    start_ready_worker,
    stop_all,
    wait_for_uploads,
)
from workers.embedded import EmbeddedPostgres, EmbeddedRedis

pytestmark = pytest.mark.e2e

SCROLLS = REPO / "fixtures" / "scrolls"
ORDERS = {"strong": (3, 1, 2), "hevy": (1, 3, 2), "fleek": (2, 3, 1)}
SET_FIELDS = ("set_type", "reps", "weight", "unit", "duration_s", "distance", "distance_unit")


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _expected(layout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SCROLLS / f"{layout}_long_1.expected.json").read_text(encoding="utf-8")
    )
    return data


def _stored(settings: Settings) -> list[dict[str, Any]]:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        sessions = conn.execute(
            "SELECT id, layout, title, performed_on FROM workout_sessions ORDER BY id"
        ).fetchall()
        for s in sessions:
            s["exercises"] = []
            for e in conn.execute(
                "SELECT id, raw_name FROM session_exercises WHERE session_id = %s"
                " ORDER BY position",
                (s["id"],),
            ).fetchall():
                sets = conn.execute(
                    "SELECT * FROM exercise_sets WHERE exercise_id = %s ORDER BY position",
                    (e["id"],),
                ).fetchall()
                s["exercises"].append(
                    {
                        "raw_name": e["raw_name"],
                        "sets": [{f: _number(x[f]) for f in SET_FIELDS} for x in sets],
                    }
                )
            s["uploads"] = [
                r["original_name"]
                for r in conn.execute(
                    "SELECT u.original_name FROM session_parts p"
                    " JOIN uploads u ON u.id = p.upload_id"
                    " WHERE p.session_id = %s ORDER BY p.part_no",
                    (s["id"],),
                ).fetchall()
            ]
    return sessions


@pytest.fixture(scope="module")
def two_workers(
    pg_server: EmbeddedPostgres,
    redis_server: EmbeddedRedis,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Settings, frozenset[str]]]:
    """Two real workers on a database of this module's own; its settings and seeded tables."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.admin_url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    redis.Redis.from_url(redis_server.url).flushall()
    base = tmp_path_factory.mktemp("stitching")
    settings = Settings(
        database_url=pg_server.admin_url(name),
        redis_url=redis_server.url,
        data_dir=base / "data",
        inbox=base / "inbox",
    )
    assert settings.database_url
    seeded = _seeded_tables(settings.database_url)
    assert "schema_migrations" in seeded
    procs: list[Proc] = []
    try:
        for worker in ("w1", "w2"):
            procs.append(start_ready_worker(settings, worker, base / f"{worker}.log"))
        yield settings, seeded
    finally:
        stop_all(procs)
        with psycopg.connect(pg_server.admin_url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _empty_tables(database_url: str, keep: frozenset[str]) -> None:
    """Delete every row the previous layout stored; the tables in `keep` stay as they are."""
    with connect(database_url, autocommit=True) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        tables = [r["tablename"] for r in names if r["tablename"] not in keep]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


def _seeded_tables(database_url: str) -> frozenset[str]:
    """Tables that hold rows in a database fresh from the template (what migrations wrote)."""
    with connect(database_url) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        return frozenset(
            r["tablename"]
            for r in names
            if conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{r["tablename"]}") AS x').fetchone()
            == {"x": True}
        )


@pytest.mark.parametrize("layout", sorted(ORDERS))
def test_three_scrolls_in_shuffled_order_through_two_workers_are_one_session(
    layout: str, two_workers: tuple[Settings, frozenset[str]]
) -> None:
    settings, seeded = two_workers
    assert settings.database_url
    _empty_tables(settings.database_url, keep=seeded)
    expected = _expected(layout)
    files = [str(SCROLLS / f"{layout}_long_1.part{k}.png") for k in ORDERS[layout]]
    done = subprocess.run(
        liftlens_cmd("upload", *files),
        env=liftlens_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    uploads = wait_for_uploads(settings, 3, timeout_s=240)
    # A scroll of Fleek shows the whole workout's totals over a part of it: review, not failure.
    assert all(u["status"] in ("done", "needs_review") for u in uploads), uploads

    (session,) = _stored(settings)
    assert session["layout"] == layout and session["title"] == expected["title"]
    assert session["performed_on"].isoformat() == expected["performed_on"]
    want = [
        {"raw_name": e["raw_name"], "sets": [{f: s[f] for f in SET_FIELDS} for s in e["sets"]]}
        for e in expected["exercises"]
    ]
    assert session["exercises"] == want
    assert session["uploads"] == [f"{layout}_long_1.part{k}.png" for k in (1, 2, 3)]
