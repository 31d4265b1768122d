"""Redis down for 15 s while screenshots arrive by folder and by HTTP: all processed afterwards.

The watcher keeps the files in the inbox while the broker is down and hands
them on when it is back; the API answers 503 with Retry-After and records
nothing, so a client that honours it gets its uploads through afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from schema.settings import Settings
from tests.e2e.conftest import Proc, wait_for_uploads
from tests.e2e.faults import counts, day_workout
from tests.e2e.test_watch_folder import start_api, start_watch
from workers.embedded import EmbeddedRedis

pytestmark = pytest.mark.e2e
OUTAGE_S = 15


def _post(base: str, path: Path) -> httpx.Response:
    with path.open("rb") as fh:
        return httpx.post(f"{base}/uploads", files={"file": (path.name, fh)}, timeout=30)


def test_redis_down_fifteen_seconds_while_files_are_dropped_and_uploads_posted(
    settings: Settings,
    spawn: Callable[..., Proc],
    start_worker: Callable[..., Proc],
    redis_server: EmbeddedRedis,
    tmp_path: Path,
) -> None:
    settings.inbox.mkdir(parents=True)
    watcher = start_watch(spawn, settings)
    base = start_api(spawn, settings)
    start_worker("worker")

    redis_server.stop()
    down_at = time.monotonic()
    try:
        dropped = [day_workout(settings.inbox / f"drop-{i}.png", 70 + i) for i in range(2)]
        posted = [day_workout(tmp_path / f"post-{i}.png", 80 + i) for i in range(2)]
        for path in posted:
            answer = _post(base, path)
            assert answer.status_code == 503, answer.text
            assert answer.headers.get("Retry-After")
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        assert all(p.exists() for p in dropped), "files stay in the inbox while Redis is down"
        assert watcher.popen.poll() is None, "the watcher keeps running"
    finally:
        redis_server.start()

    for path in posted:  # the client retries after the 503, as Retry-After says
        deadline = time.monotonic() + 30
        while (answer := _post(base, path)).status_code == 503:
            assert time.monotonic() < deadline, answer.text
            time.sleep(1)
        assert answer.status_code == 202, answer.text
    rows = wait_for_uploads(settings, 4, timeout_s=120)
    assert all(r["status"] in ("done", "needs_review") for r in rows), rows
    assert not any(p.exists() for p in dropped)
    assert settings.database_url
    numbers = counts(settings.database_url)
    assert (numbers["sessions"], numbers["ocr_runs"]) == (4, 4)
