"""`liftlens up` as `make run` uses it: embedded services, every process, a clean Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, liftlens_cmd, process_alive
from tests.e2e.screens import workout
from workers.embedded import free_port

pytestmark = pytest.mark.e2e


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = next(
            (int(line.split()[1]) for line in text.splitlines() if line.startswith("PPid:")), 0
        )
        if ppid == pid:
            child = int(status.parent.name)
            found |= {child} | _descendants(child)
    return found


def test_up_ingests_from_the_inbox_and_stops_cleanly(services_dir: Path, tmp_path: Path) -> None:
    data_dir = services_dir / "up"
    inbox = tmp_path / "inbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFTLENS_")}
    env.update(
        LIFTLENS_DATA_DIR=str(data_dir),
        LIFTLENS_INBOX=str(inbox),
        LIFTLENS_API_PORT=str(free_port()),
        LIFTLENS_WATCH_STABLE_S="0.5",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            liftlens_cmd("up", "--workers", "1"),
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while "liftlens is up" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        workout(inbox / "push.png", 7)
        while "stored session" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline + 60, log.read_text()
            time.sleep(0.3)
        assert (inbox / ".processed" / "push.png").exists()

        status = subprocess.run(
            liftlens_cmd("status", "--json"),
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        report = json.loads(status.stdout)
        assert report["uploads"] == {"done": 1} or report["uploads"] == {"needs_review": 1}
        assert report["workers"] >= 1

        family = _descendants(proc.pid)
        assert len(family) >= 5  # postgres, redis, worker, beat, watcher, api and their children
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        proc.wait(90)
    output = log.read_text()
    assert "stopped" in output
    deadline = time.monotonic() + 10
    while any(process_alive(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in family if process_alive(p)], output
