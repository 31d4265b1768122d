"""Real workers against real PostgreSQL and Redis: crashes, outages, a bulk import.

Mid-task faults are deterministic: the fault-injection hook holds each task
after its OCR until the test releases it, so a kill always lands mid-task.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.sources.submit import Queued, submit
from schema.db import connect
from schema.settings import Settings
from tests.e2e.conftest import (
    REPO,
    Proc,
    liftlens_cmd,
    liftlens_env,
    process_alive,
    wait_for_uploads,
)
from tests.e2e.faults import HOLD_AFTER_OCR, child_pids, counts, day_workout, release, wait_held
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


def test_kill_9_of_the_pool_process_mid_task_is_redelivered_and_done_once(
    settings: Settings, start_worker: Callable[..., Proc], tmp_path: Path
) -> None:
    [upload_id] = _submit_files(settings, [day_workout(tmp_path / "w.png", 1)])
    worker = start_worker("pool", **HOLD_AFTER_OCR)
    wait_held(settings.data_dir, [upload_id])
    [pool] = child_pids(worker.popen.pid)
    os.kill(pool, signal.SIGKILL)
    killed = time.monotonic()
    assert _status(settings, upload_id) == "processing"
    release(settings.data_dir)

    [row] = wait_for_uploads(settings, 1, timeout_s=90)
    assert row["status"] in ("done", "needs_review")
    assert int(str(row["attempts"])) == 2  # the killed run and the redelivered one
    assert time.monotonic() - killed <= 90
    assert worker.popen.poll() is None, "the worker survives the loss of a pool process"
    assert settings.database_url
    done = counts(settings.database_url)
    assert (done["sessions"], done["ocr_runs"]) == (1, 1)


def test_kill_9_of_the_worker_process_runs_its_task_again_within_60_s(
    settings: Settings, start_worker: Callable[..., Proc], tmp_path: Path
) -> None:
    # Default limits: Redis would hand the orphaned task back only after 390 s.
    assert settings.task_time_limit_s * 2 + 30 > 300
    [upload_id] = _submit_files(settings, [day_workout(tmp_path / "w.png", 2)])
    first = start_worker("first", **HOLD_AFTER_OCR)
    wait_held(settings.data_dir, [upload_id])
    [pool] = child_pids(first.popen.pid)
    os.kill(first.popen.pid, signal.SIGKILL)  # the main process only, as the OOM killer does
    killed = time.monotonic()
    deadline = killed + 10
    while process_alive(pool):  # the pool process dies with its parent
        assert time.monotonic() < deadline, "the pool process outlived its worker"
        time.sleep(0.1)
    assert _status(settings, upload_id) == "processing"

    release(settings.data_dir)
    start_worker("second", **HOLD_AFTER_OCR)
    [row] = wait_for_uploads(settings, 1, timeout_s=max(1.0, 60 - (time.monotonic() - killed)))
    assert time.monotonic() - killed <= 60
    assert row["status"] in ("done", "needs_review")
    assert int(str(row["attempts"])) == 2
    assert settings.database_url
    done = counts(settings.database_url)
    assert (done["sessions"], done["ocr_runs"]) == (1, 1)


def test_postgres_down_for_fifteen_seconds_mid_batch(
    settings: Settings,
    start_worker: Callable[..., Proc],
    pg_server: EmbeddedPostgres,
    tmp_path: Path,
) -> None:
    paths = [day_workout(tmp_path / f"w{i}.png", i, sets=2) for i in range(6)]
    ids = _submit_files(settings, paths)
    start_worker("pgdown", concurrency=2, **HOLD_AFTER_OCR)
    wait_held(settings.data_dir, ids[:2])  # two tasks OCRed, about to store
    pg_server.stop()
    try:
        release(settings.data_dir)  # they now fail to store, and retry
        time.sleep(15)
    finally:
        pg_server.start()
    rows = wait_for_uploads(settings, len(ids), timeout_s=180)
    assert all(r["status"] in ("done", "needs_review") for r in rows), rows
    assert settings.database_url
    done = counts(settings.database_url)
    assert (done["sessions"], done["ocr_runs"]) == (len(ids), len(ids))


def test_forty_screenshots_through_ingest_are_all_accounted_for(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    for i in range(36):
        day_workout(folder / f"day-{i:03}.png", i, sets=1)
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
    assert summary["files"] == 40
    assert summary["duplicates"] == 2
    assert summary["rejected"] == 2
    assert summary["unfinished"] == 0
    assert summary["done"] + summary["needs_review"] + summary["failed"] == 36
    assert summary["failed"] == 0, result.stderr
    assert result.returncode == 1  # rejected files make the import exit non-zero
    rows = wait_for_uploads(settings, 38, timeout_s=5)
    assert len(rows) == 38
    assert settings.database_url
    assert counts(settings.database_url)["sessions"] == 36
