"""E2E helpers: real `liftlens` processes (workers, the CLI) started as subprocesses."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from schema.db import connect
from schema.settings import Settings
from workers.embedded import EmbeddedPostgres, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
# How often wait loops look again: a finished step is seen within 50 ms.
POLL_S = 0.05


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

    def send(self, sig: int = signal.SIGTERM) -> None:
        """Signal the process group if the process still runs."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 30) -> None:
        """Signal the process group and wait; kill it if it does not exit."""
        self.send(sig)
        self.wait_or_kill(timeout_s)

    def wait_or_kill(self, timeout_s: float = 30) -> None:
        """Wait for the process to exit; kill its group if it does not within `timeout_s`."""
        try:
            self.popen.wait(timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)


def start_proc(name: str, args: list[str], env: dict[str, str], log: Path) -> Proc:
    """Start `liftlens ARGS...` in its own process group, its output going to `log`."""
    with log.open("wb") as handle:
        popen = subprocess.Popen(
            liftlens_cmd(*args),
            env=env,
            cwd=REPO,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Proc(name, popen, log)


def wait_worker_ready(proc: Proc, timeout_s: float = 60) -> Proc:
    """Wait until a `liftlens worker` prints Celery's "ready."; fail with its output if not."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if "ready." in proc.output():
            return proc
        if proc.popen.poll() is not None:
            break
        time.sleep(POLL_S)
    proc.stop()
    raise AssertionError(f"worker did not start:\n{proc.output()}")


def worker_args(name: str, concurrency: int = 1) -> list[str]:
    """Arguments of `liftlens worker` with a test hostname."""
    return ["worker", "--concurrency", str(concurrency), "--name", f"{name}@test"]


def start_ready_worker(settings: Settings, name: str, log: Path) -> Proc:
    """A real worker process on `settings`, once it is ready (the caller stops it)."""
    return wait_worker_ready(start_proc(name, worker_args(name), liftlens_env(settings), log))


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Proc]]:
    """Start `liftlens ARGS...` as a child in its own process group; all are stopped at the end."""
    procs: list[Proc] = []

    def start(name: str, args: list[str], env: dict[str, str]) -> Proc:
        proc = start_proc(name, args, env, tmp_path / f"{name}.log")
        procs.append(proc)
        return proc

    yield start
    stop_all(procs)


def stop_all(procs: list[Proc]) -> None:
    """Stop processes together: all are signalled first, so their shutdowns overlap."""
    for proc in reversed(procs):
        proc.send()
    for proc in reversed(procs):
        proc.wait_or_kill()


@pytest.fixture
def start_worker(spawn: Callable[..., Proc], settings: Settings) -> Callable[..., Proc]:
    """Start a real Celery worker process (`liftlens worker`) and wait until it is ready."""

    def start(name: str = "worker", concurrency: int = 1, **env_extra: str) -> Proc:
        env = liftlens_env(settings, **env_extra)
        return wait_worker_ready(spawn(name, worker_args(name, concurrency), env))

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
        time.sleep(POLL_S)
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
            time.sleep(POLL_S)
    raise AssertionError(f"the API did not start:\n{proc.output()}")


@pytest.fixture(scope="session")
def pg_cluster_seed(services_dir: Path) -> Path:
    """A stopped, initialised PostgreSQL cluster to copy instead of running initdb again.

    A fresh `initdb` with fsync takes seconds; tests whose subject is not the first
    start copy this one (`seed_cluster`). The first start itself keeps its own tests.
    """
    seed = services_dir / "pg-cluster-seed"
    server = EmbeddedPostgres(seed, fast=True)
    server.start()
    server.stop()
    return seed


def seed_cluster(seed: Path, data_dir: Path) -> None:
    """Put a copy of the seed cluster where `liftlens` keeps its embedded PostgreSQL."""
    shutil.copytree(seed, data_dir / "postgres", ignore=shutil.ignore_patterns("server.log"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every browser test (each test opens its own pages)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import ARTIFACTS, CHROMIUM_ARGS, chromium_or_skip

    executable = chromium_or_skip()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
