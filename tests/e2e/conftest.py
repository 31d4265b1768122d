"""E2E helpers: real `liftlens` processes (workers, the CLI) started as subprocesses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from schema.db import connect
from schema.settings import Settings
from workers.embedded import free_port

REPO = Path(__file__).resolve().parents[2]


def process_alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, exited but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def liftlens_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Environment for a child `liftlens` process pointing at the test's services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFTLENS_")}
    assert settings.database_url and settings.redis_url
    env.update(
        LIFTLENS_DATABASE_URL=settings.database_url,
        LIFTLENS_REDIS_URL=settings.redis_url,
        LIFTLENS_DATA_DIR=str(settings.data_dir),
        LIFTLENS_INBOX=str(settings.inbox),
        LIFTLENS_TASK_SOFT_TIME_LIMIT_S=str(settings.task_soft_time_limit_s),
        LIFTLENS_TASK_TIME_LIMIT_S=str(settings.task_time_limit_s),
        LIFTLENS_WATCH_STABLE_S=str(settings.watch_stable_s),
        LIFTLENS_WATCH_RESCAN_S=str(settings.watch_rescan_s),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def liftlens_cmd(*args: str) -> list[str]:
    """argv running the liftlens CLI with this interpreter."""
    return [sys.executable, "-m", "ingest.cli", *args]


@dataclass
class Proc:
    """A child process with its output captured to a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, object] = field(default_factory=dict)

    def output(self) -> str:
        """Everything the process printed so far."""
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 30) -> None:
        """Signal the process group and wait; kill it if it does not exit."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
                self.popen.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
            except ProcessLookupError:
                pass


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Proc]]:
    """Start `liftlens ARGS...` as a child in its own process group; all are stopped at the end."""
    procs: list[Proc] = []

    def start(name: str, args: list[str], env: dict[str, str]) -> Proc:
        log = tmp_path / f"{name}.log"
        handle = log.open("wb")
        popen = subprocess.Popen(
            liftlens_cmd(*args),
            env=env,
            cwd=REPO,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        handle.close()
        proc = Proc(name, popen, log)
        procs.append(proc)
        return proc

    yield start
    for proc in reversed(procs):
        proc.stop()


@pytest.fixture
def start_worker(spawn: Callable[..., Proc], settings: Settings) -> Callable[..., Proc]:
    """Start a real Celery worker process (`liftlens worker`) and wait until it is ready."""

    def start(name: str = "worker", concurrency: int = 1, **env_extra: str) -> Proc:
        env = liftlens_env(settings, **env_extra)
        proc = spawn(
            name, ["worker", "--concurrency", str(concurrency), "--name", f"{name}@test"], env
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "ready." in proc.output():
                return proc
            if proc.popen.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"worker did not start:\n{proc.output()}")

    return start


def wait_for_uploads(
    settings: Settings,
    count: int,
    *,
    timeout_s: float = 120,
    final: tuple[str, ...] = ("done", "needs_review", "failed", "rejected"),
) -> list[dict[str, object]]:
    """Poll until `count` uploads exist and all are in a final status; return them."""
    assert settings.database_url
    deadline = time.monotonic() + timeout_s
    rows: list[dict[str, object]] = []
    while time.monotonic() < deadline:
        with connect(settings.database_url) as conn:
            rows = conn.execute(
                "SELECT id, status, last_error, attempts, original_name FROM uploads ORDER BY id"
            ).fetchall()
        if len(rows) >= count and all(r["status"] in final for r in rows):
            return rows
        time.sleep(0.3)
    raise AssertionError(f"uploads did not finish in {timeout_s}s: {rows}")


def serve_api(settings: Settings, spawn: Callable[..., Proc]) -> str:
    """`liftlens api` on a free loopback port, once `/health` answers; its base URL."""
    port = free_port()
    proc = spawn("api", ["api", "--host", "127.0.0.1", "--port", str(port)], liftlens_env(settings))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.popen.poll() is None:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code < 500:
                return base
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"the API did not start:\n{proc.output()}")
