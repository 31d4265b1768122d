"""Helpers for deterministic fault tests: the fault-injection hook and process families."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

from schema.db import connect
from schema.settings import Settings
from tests.e2e.conftest import POLL_S
from tests.e2e.screens import render_lines
from workers.faults import held_marker, release_file

HOLD_AFTER_OCR = {"LIFTLENS_FAULT_HOLD": "after_ocr"}


def wait_held(data_dir: Path, upload_ids: list[int], timeout_s: float = 90) -> None:
    """Wait until each upload's task is held at the fault hook's point."""
    deadline = time.monotonic() + timeout_s
    markers = [held_marker(data_dir.resolve(), uid) for uid in upload_ids]
    while not all(m.exists() for m in markers):
        assert time.monotonic() < deadline, f"not held: {[m for m in markers if not m.exists()]}"
        time.sleep(POLL_S)


def release(data_dir: Path) -> None:
    """Let held tasks (and all later ones) go on."""
    release_file(data_dir.resolve()).write_text("go\n")


def child_pids(pid: int) -> list[int]:
    """Direct children of `pid` (from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("PPid:") and int(line.split()[1]) == pid:
                found.append(int(status.parent.name))
    return sorted(found)


def counts(database_url: str) -> dict[str, int]:
    """Uploads, sessions, and OCR runs: one session and one run per upload means each once."""
    with connect(database_url) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM uploads) AS uploads,"
            " (SELECT count(*) FROM workout_sessions) AS sessions,"
            " (SELECT count(*) FROM ocr_runs) AS ocr_runs,"
            " (SELECT count(*) FROM uploads WHERE status IN ('done', 'needs_review')) AS done"
        ).fetchone()
    assert row is not None
    return {k: int(v) for k, v in row.items()}


def settings_for(database_url: str, redis_url: str, data_dir: Path) -> Settings:
    """Settings pointing at a running stack (for reading its database in a test)."""
    return Settings(database_url=database_url, redis_url=redis_url, data_dir=data_dir)


def day_workout(path: Path, n: int, *, sets: int = 3) -> Path:
    """A Strong-style screenshot of workout `n` on its own day (2021-01-01 + n days).

    One day per screenshot: screens of one day, title and exercise taken minutes
    apart are scrolls of one workout and are stitched into one session.
    """
    day = date(2021, 1, 1) + timedelta(days=n)
    lines = ["Push Day", f"{day:%A, %B} {day.day}, {day.year} at 10:45 AM", "Bench Press (Barbell)"]
    lines += [f"Set {i + 1}: {20 + n + i * 5} kg × {8 - i}" for i in range(sets)]
    return render_lines(lines, path)
