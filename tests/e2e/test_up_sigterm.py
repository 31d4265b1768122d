"""SIGTERM of `liftlens up` in the middle of a batch of 30, then `up` again: each done once."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from schema.db import connect
from tests.e2e.faults import counts, day_workout
from tests.e2e.upstack import start_up, wait_until

pytestmark = pytest.mark.e2e
BATCH = 30


def _finished(database_url: str) -> int:
    with connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM uploads WHERE status IN ('done', 'needs_review')"
        ).fetchone()
    assert row is not None
    return int(row["n"])


def test_sigterm_mid_batch_then_up_again_finishes_each_upload_once(services_dir: Path) -> None:
    base = services_dir / "up-sigterm"
    data_dir, inbox = base / "data", base / "inbox"
    for i in range(BATCH):
        day_workout(inbox / f"day-{i:02}.png", 100 + i, sets=1)
    first = start_up(data_dir, inbox, base / "up-1.log", "--workers", "2", "--no-api")
    try:
        first.wait_for("liftlens is up", timeout_s=180)
        url = first.database_url()
        wait_until(lambda: _finished(url) >= 3, 180, "three sessions")
    finally:
        code = first.stop(signal.SIGTERM)
    assert code == 0, first.output()
    assert "stopped" in first.output()
    assert not (data_dir / "services.json").exists()

    second = start_up(data_dir, inbox, base / "up-2.log", "--workers", "2", "--no-api")
    try:
        second.wait_for("liftlens is up", timeout_s=180)
        url = second.database_url()
        before = _finished(url)
        assert before < BATCH, "the batch was stopped in the middle"
        wait_until(lambda: _finished(url) == BATCH, 240, "the whole batch")
        numbers = counts(url)
        assert numbers == {"uploads": BATCH, "sessions": BATCH, "ocr_runs": BATCH, "done": BATCH}
        assert not [p for p in inbox.iterdir() if p.is_file()], "the inbox drained"
    finally:
        second.stop()
