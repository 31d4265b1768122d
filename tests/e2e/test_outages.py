"""Redis down while a screenshot arrives: a clear error, the file stays, it is taken later."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from schema.settings import Settings
from tests.e2e.conftest import Proc, liftlens_env, wait_for_uploads
from tests.e2e.screens import workout
from workers.embedded import EmbeddedRedis

pytestmark = pytest.mark.e2e


def test_redis_down_at_submit_keeps_the_file_until_redis_is_back(
    settings: Settings,
    spawn: Callable[..., Proc],
    start_worker: Callable[..., Proc],
    redis_server: EmbeddedRedis,
    tmp_path: Path,
) -> None:
    inbox = settings.inbox
    inbox.mkdir(parents=True)
    env = liftlens_env(settings, LIFTLENS_WATCH_STABLE_S="0.3", LIFTLENS_WATCH_RESCAN_S="1")
    watcher = spawn("watch", ["watch", str(inbox)], env)
    start_worker("worker")
    time.sleep(1.0)

    redis_server.stop()
    try:
        path = workout(inbox / "while-down.png", 11)
        deadline = time.monotonic() + 20
        while "redis" not in watcher.output().lower():
            assert time.monotonic() < deadline, watcher.output()
            time.sleep(0.2)
        time.sleep(2)  # several rescans while Redis is still down
        assert path.exists(), "the file must stay in the inbox while Redis is down"
        assert watcher.popen.poll() is None, "the watcher must keep running"
    finally:
        redis_server.start()

    [row] = wait_for_uploads(settings, 1, timeout_s=90)
    assert row["status"] in ("done", "needs_review")
    assert not path.exists()
    assert (inbox / ".processed" / "while-down.png").exists()
