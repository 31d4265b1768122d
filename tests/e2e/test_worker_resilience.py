"""Real workers against real PostgreSQL and Redis: crashes, outages, a bulk import."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.sources.submit import Queued, submit
from schema.db import connect
from schema.settings import Settings
from tests.e2e.conftest import REPO, Proc, liftlens_cmd, liftlens_env, wait_for_uploads
from tests.e2e.screens import slow_workout, workout
from workers.celery_app import create_app, enqueuer
from workers.embedded import EmbeddedPostgres

pytestmark = pytest.mark.e2e


def _submit_files(settings: Settings, paths: list[Path]) -> list[int]:
    assert settings.database_url
    enqueue = enqueuer(create_app(settings))
    ids = []
    with connect(settings.database_url, autocommit=True) as conn:
        for path in paths:
            result = submit(
                conn,
                path.read_bytes(),
                original_name=path.name,
                source="cli",
                settings=settings,
                enqueue=enqueue,
            )
            assert isinstance(result, Queued), result
            ids.append(result.upload_id)
    return ids


def _status(settings: Settings, upload_id: int) -> str:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        row = conn.execute("SELECT status FROM uploads WHERE id = %s", (upload_id,)).fetchone()
    assert row is not None
    return str(row["status"])


def _sessions(settings: Settings) -> int:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        row = conn.execute("SELECT count(*) AS n FROM workout_sessions").fetchone()
    assert row is not None
    return int(str(row["n"]))


def test_kill_9_mid_task_is_redelivered_and_done_once(
    settings: Settings, start_worker: Callable[..., Proc], tmp_path: Path
) -> None:
    # Short limits so Redis hands the orphaned task back within the test.
    fast = settings.model_copy(
        update={
            "task_soft_time_limit_s": 25,
            "task_time_limit_s": 30,
            "broker_visibility_timeout_s": 31,
        }
    )
    env = {
        "LIFTLENS_TASK_SOFT_TIME_LIMIT_S": "25",
        "LIFTLENS_TASK_TIME_LIMIT_S": "30",
        "LIFTLENS_BROKER_VISIBILITY_TIMEOUT_S": "31",
    }
    [upload_id] = _submit_files(fast, [slow_workout(tmp_path / "slow.png")])
    first = start_worker("first", **env)
    deadline = time.monotonic() + 30
    while _status(fast, upload_id) != "processing":
        assert time.monotonic() < deadline, first.output()
        time.sleep(0.1)
    time.sleep(0.5)
    first.stop(signal.SIGKILL)  # the whole worker: main process and pool child
    assert _status(fast, upload_id) == "processing"

    start_worker("second", **env)
    [row] = wait_for_uploads(fast, 1, timeout_s=120)
    assert row["status"] in ("done", "needs_review")
    assert int(str(row["attempts"])) >= 2
    assert _sessions(fast) == 1


def test_postgres_down_for_ten_seconds_during_a_batch(
    settings: Settings,
    start_worker: Callable[..., Proc],
    pg_server: EmbeddedPostgres,
    tmp_path: Path,
) -> None:
    paths = [workout(tmp_path / f"w{i}.png", i, sets=4) for i in range(8)]
    ids = _submit_files(settings, paths)
    start_worker("pgdown", concurrency=2)
    deadline = time.monotonic() + 60
    while not any(_status(settings, i) in ("done", "needs_review") for i in ids):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    pg_server.stop()
    time.sleep(10)
    pg_server.start()
    rows = wait_for_uploads(settings, len(ids), timeout_s=180)
    assert [r["status"] for r in rows] == ["done"] * len(ids) or all(
        r["status"] in ("done", "needs_review") for r in rows
    ), rows
    assert _sessions(settings) == len(ids)


def test_two_hundred_screenshots_through_ingest_are_all_accounted_for(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    for i in range(196):
        workout(folder / f"day-{i:03}.png", i, sets=1)
    (folder / "copy-a.png").write_bytes((folder / "day-000.png").read_bytes())
    (folder / "copy-b.png").write_bytes((folder / "day-001.png").read_bytes())
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (folder / "notes.png").write_text("not an image")
    result = subprocess.run(
        liftlens_cmd("ingest", str(folder), "--workers", "2", "--json"),
        env=liftlens_env(settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["files"] == 200
    assert summary["duplicates"] == 2
    assert summary["rejected"] == 2
    assert summary["unfinished"] == 0
    assert summary["done"] + summary["needs_review"] + summary["failed"] == 196
    assert summary["failed"] == 0, result.stderr
    assert result.returncode == 1  # rejected files make the import exit non-zero
    rows = wait_for_uploads(settings, 198, timeout_s=5)
    assert len(rows) == 198
    assert _sessions(settings) == 196
