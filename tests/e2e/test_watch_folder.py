"""E2E: `liftlens watch` and `liftlens api` as processes beside a real worker."""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from schema.db import connect
from schema.settings import Settings
from tests.e2e.conftest import POLL_S, Proc, liftlens_env, wait_for_uploads
from tests.e2e.screens import workout
from workers.embedded import free_port

pytestmark = pytest.mark.e2e

WATCH_ENV = {"LIFTLENS_WATCH_STABLE_S": "0.8", "LIFTLENS_WATCH_RESCAN_S": "2"}


def screenshot(seed: int) -> bytes:
    """A small workout screenshot that parses cleanly; `seed` makes its bytes unique."""
    with tempfile.TemporaryDirectory() as tmp:
        return workout(Path(tmp) / "shot.png", seed).read_bytes()


def start_watch(spawn: Callable[..., Proc], settings: Settings, **env: str) -> Proc:
    """`liftlens watch` on the inbox with short stable/rescan periods, once it is watching."""
    env = {**WATCH_ENV, **env}
    proc = spawn("watch", ["watch", str(settings.inbox)], liftlens_env(settings, **env))
    wait_for_output(proc, "watching ")
    return proc


def start_api(spawn: Callable[..., Proc], settings: Settings, **env: str) -> str:
    """`liftlens api` on a free loopback port; returns its base URL once /health answers 200."""
    port = free_port()
    proc = spawn("api", ["api", "--port", str(port)], liftlens_env(settings, **env))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        assert proc.popen.poll() is None, proc.output()
        time.sleep(POLL_S)
    raise AssertionError(f"the API did not come up:\n{proc.output()}")


def wait_for_output(proc: Proc, text: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in proc.output():
            return
        assert proc.popen.poll() is None, proc.output()
        time.sleep(POLL_S)
    raise AssertionError(f"{proc.name} never printed {text!r}:\n{proc.output()}")


def wait_for_path(path: Path, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(POLL_S)


def session_count(settings: Settings) -> int:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        row = conn.execute("SELECT count(*) AS n FROM workout_sessions").fetchone()
    assert row is not None
    return int(row["n"])


def test_the_same_screenshot_dropped_twice_and_uploaded_once_is_one_session(
    settings: Settings, spawn: Callable[..., Proc], start_worker: Callable[..., Proc]
) -> None:
    data = screenshot(1)
    settings.inbox.mkdir(parents=True)
    start_worker()
    watch = start_watch(spawn, settings)
    api = start_api(spawn, settings)

    (settings.inbox / "first.png").write_bytes(data)
    wait_for_path(settings.inbox / ".processed" / "first.png")
    answer = httpx.post(f"{api}/uploads", files={"file": ("upload.png", data, "image/png")})
    assert answer.status_code == 200, answer.text  # a duplicate: the existing id
    (settings.inbox / "again" / "second.png").parent.mkdir()
    (settings.inbox / "again" / "second.png").write_bytes(data)
    wait_for_path(settings.inbox / ".processed" / "again" / "second.png")

    [row] = wait_for_uploads(settings, 1, timeout_s=60)
    assert row["status"] == "done", row
    assert answer.json()["upload_id"] == row["id"]
    assert session_count(settings) == 1
    status = httpx.get(f"{api}/uploads/{row['id']}").json()
    assert status["session"]["exercises"], status
    log = watch.output()
    assert f"first.png stored upload {row['id']}" in log
    assert f"second.png duplicate of upload {row['id']}" in log


def test_a_file_written_slowly_in_chunks_is_ingested_once_and_complete(
    settings: Settings, spawn: Callable[..., Proc], start_worker: Callable[..., Proc]
) -> None:
    data = screenshot(1)
    settings.inbox.mkdir(parents=True)
    start_worker()
    watch = start_watch(spawn, settings)

    target = settings.inbox / "slow.png"
    step = len(data) // 8 + 1
    with target.open("wb") as fh:
        for i in range(0, len(data), step):
            fh.write(data[i : i + step])
            fh.flush()
            time.sleep(0.35)  # well under the 0.8 s stable period
    wait_for_path(settings.inbox / ".processed" / "slow.png")

    [row] = wait_for_uploads(settings, 1, timeout_s=60)
    assert row["status"] == "done", row
    assert settings.database_url
    with connect(settings.database_url) as conn:
        stored = conn.execute(
            "SELECT sha256, byte_size FROM uploads WHERE id = %s", (row["id"],)
        ).fetchone()
    assert stored == {"sha256": hashlib.sha256(data).hexdigest(), "byte_size": len(data)}
    assert (settings.inbox / ".processed" / "slow.png").read_bytes() == data
    assert session_count(settings) == 1
    assert watch.output().count("slow.png stored") == 1
