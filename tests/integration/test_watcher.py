"""The watcher loop in-process against real PostgreSQL and Redis (nothing consumes the queue)."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis
from PIL import Image, ImageDraw

from ingest.sources.watch_door import Handled, SubmitDoor
from ingest.sources.watcher import FolderWatcher
from schema.db import connect
from schema.settings import Settings
from workers.celery_app import OCR_QUEUE, create_app, enqueuer
from workers.embedded import EmbeddedRedis, free_port

pytestmark = pytest.mark.integration

STABLE_S = 0.3


def png(text: str, size: tuple[int, int] = (360, 120)) -> bytes:
    """A small screenshot-like PNG with a line of text."""
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((10, 40), text, fill="black")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def make_watcher(settings: Settings, **overrides: Any) -> FolderWatcher:
    options: dict[str, Any] = {
        "stable_s": STABLE_S,
        "rescan_s": 1.0,
        "max_bytes": settings.max_upload_bytes,
        "delete_processed": settings.watch_delete_processed,
    }
    options.update(overrides)
    return FolderWatcher(settings.inbox, SubmitDoor(settings), **options)


@contextmanager
def running(watcher: FolderWatcher) -> Iterator[FolderWatcher]:
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        yield watcher
    finally:
        watcher.stop()
        thread.join(10)
        assert not thread.is_alive()


def wait_until(check: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def uploads(settings: Settings) -> list[dict[str, Any]]:
    assert settings.database_url
    with connect(settings.database_url) as conn:
        return conn.execute(
            "SELECT u.id, u.status, u.original_name, u.source, u.last_error, u.enqueued_at,"
            " b.bytes FROM uploads u LEFT JOIN upload_blobs b ON b.upload_id = u.id ORDER BY u.id"
        ).fetchall()


def queue_length(settings: Settings) -> int:
    assert settings.redis_url
    return int(redis.Redis.from_url(settings.redis_url).llen(OCR_QUEUE))


def test_ignored_names_stay_and_only_screenshots_are_taken(settings: Settings) -> None:
    inbox = settings.inbox
    good = png("Bench Press (Barbell)")
    ignored = [
        "a.png.part",
        "b.png.crdownload",
        "c.tmp",
        "~$d.png",
        ".e.png",
        ".DS_Store",
        "@eaDir/f.png",
        "sub/.cache/g.png",
    ]
    for rel in ignored:
        (inbox / rel).parent.mkdir(parents=True, exist_ok=True)
        (inbox / rel).write_bytes(good)
    (inbox / "sub").mkdir(exist_ok=True)
    (inbox / "sub" / "shot.png").write_bytes(good)
    outside = settings.data_dir / "secret.png"
    outside.parent.mkdir(parents=True)
    outside.write_bytes(png("secret"))
    (inbox / "link.png").symlink_to(outside)

    assert make_watcher(settings).run_once(timeout_s=10)

    rows = uploads(settings)
    assert [(r["original_name"], r["source"], r["status"]) for r in rows] == [
        ("shot.png", "watch", "queued")
    ]
    assert (inbox / ".processed" / "sub" / "shot.png").read_bytes() == good
    for rel in ignored:
        assert (inbox / rel).exists(), rel
    assert (inbox / "link.png").is_symlink()
    assert outside.exists()
    assert queue_length(settings) == 1


def test_a_file_written_slowly_is_taken_once_and_complete(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="liftlens.watch")
    data = png("Set 1: 60 kg x 8", size=(800, 600))
    target = settings.inbox / "slow.png"
    settings.inbox.mkdir(parents=True)
    with running(make_watcher(settings)):
        chunks = [data[i : i + len(data) // 6 + 1] for i in range(0, len(data), len(data) // 6 + 1)]
        with target.open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()
                time.sleep(STABLE_S * 0.6)  # pauses shorter than the stable period
        wait_until(lambda: (settings.inbox / ".processed" / "slow.png").exists())
        time.sleep(STABLE_S * 3)  # give a second submit every chance to happen
    rows = uploads(settings)
    assert len(rows) == 1
    assert bytes(rows[0]["bytes"]) == data
    assert not target.exists()
    lines = [r.getMessage() for r in caplog.records if "slow.png" in r.getMessage()]
    assert len(lines) == 1 and f"upload {rows[0]['id']}" in lines[0], lines


def test_duplicates_go_to_processed_and_collisions_get_a_suffix(settings: Settings) -> None:
    inbox = settings.inbox
    data = png("Squat (Barbell)")
    (inbox / "a").mkdir(parents=True)
    (inbox / "one.png").write_bytes(data)
    (inbox / "a" / "two.png").write_bytes(data)
    assert make_watcher(settings).run_once(timeout_s=10)
    # Second round: the same name again, and the same bytes again.
    (inbox / "one.png").write_bytes(data)
    assert make_watcher(settings).run_once(timeout_s=10)

    rows = uploads(settings)
    assert len(rows) == 1
    assert (inbox / ".processed" / "one.png").read_bytes() == data
    assert (inbox / ".processed" / "one-1.png").read_bytes() == data
    assert (inbox / ".processed" / "a" / "two.png").read_bytes() == data
    assert queue_length(settings) == 1


def test_rejected_files_go_to_failed_with_an_error_file(settings: Settings) -> None:
    inbox = settings.inbox
    inbox.mkdir(parents=True)
    (inbox / "notes.txt").write_text("not an image at all")
    (inbox / "broken.png").write_bytes(png("Deadlift")[:120])
    small = settings.model_copy(update={"max_upload_bytes": 2000})
    (inbox / "huge.png").write_bytes(png("Row", size=(900, 900)) + b"\0" * 5000)

    assert make_watcher(small, max_bytes=2000).run_once(timeout_s=10)

    rows = {r["original_name"]: r for r in uploads(settings)}
    assert {r["status"] for r in rows.values()} == {"rejected"}
    for name in ("notes.txt", "broken.png", "huge.png"):
        assert not (inbox / name).exists()
        assert (inbox / ".failed" / name).exists()
        record = json.loads((inbox / ".failed" / f"{name}.error.json").read_text())
        assert record["upload_id"] == rows[name]["id"]
        assert record["reason"]
        assert record["file"] == name
        assert "rejected_at" in record
    huge = json.loads((inbox / ".failed" / "huge.png.error.json").read_text())
    assert "too large" in huge["reason"]
    assert rows["huge.png"]["bytes"] is None  # over the limit: not kept
    assert queue_length(settings) == 0


def test_delete_processed_removes_the_file_once_stored(settings: Settings) -> None:
    inbox = settings.inbox
    inbox.mkdir(parents=True)
    (inbox / "gone.png").write_bytes(png("Pull Up"))
    assert make_watcher(settings, delete_processed=True).run_once(timeout_s=10)
    assert not (inbox / "gone.png").exists()
    assert not (inbox / ".processed").exists()
    assert len(uploads(settings)) == 1


def test_database_down_leaves_the_file_and_says_so(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    down = settings.model_copy(update={"database_url": f"postgresql://127.0.0.1:{free_port()}/x"})
    down.inbox.mkdir(parents=True)
    (down.inbox / "wait.png").write_bytes(png("Lunge"))
    assert not make_watcher(down).run_once(timeout_s=10)
    assert (down.inbox / "wait.png").exists()
    assert any(
        "PostgreSQL" in r.getMessage() and "stay in the inbox" in r.getMessage()
        for r in caplog.records
    )


def test_redis_down_at_submit_then_back_takes_the_file_exactly_once(
    settings: Settings, services_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="liftlens.watch")
    broker = EmbeddedRedis(tmp_path / "redis")
    broker.start()
    try:
        ours = settings.model_copy(update={"redis_url": broker.url})
        broker.stop()  # the port is kept: a restart comes back at the same URL
        ours.inbox.mkdir(parents=True)
        target = ours.inbox / "later.png"
        target.write_bytes(png("Overhead Press"))
        with running(make_watcher(ours, rescan_s=1.0)):
            wait_until(lambda: any("Redis" in r.getMessage() for r in caplog.records), timeout_s=20)
            assert target.exists()
            assert uploads(ours) == []  # Redis is asked first: nothing recorded yet
            time.sleep(1.5)
            assert target.exists()
            broker.start()
            wait_until(lambda: not target.exists(), timeout_s=30)
        assert (ours.inbox / ".processed" / "later.png").exists()
        [row] = uploads(ours)
        assert row["enqueued_at"] is not None
        assert queue_length(ours) == 1
        assert any("reachable again" in r.getMessage() for r in caplog.records)
    finally:
        broker.stop()


@pytest.mark.parametrize("polling", [False, True], ids=["inotify", "polling"])
def test_events_nominate_new_files_between_rescans(settings: Settings, polling: bool) -> None:
    """With the rescan far away, only the observer can have seen the file."""
    settings.inbox.mkdir(parents=True)
    with running(make_watcher(settings, rescan_s=600, polling=polling)):
        time.sleep(0.3)  # past the start-up scan
        (settings.inbox / "deep" / "er").mkdir(parents=True)
        (settings.inbox / "deep" / "er" / "new.png").write_bytes(png("Dips"))
        wait_until(lambda: (settings.inbox / ".processed" / "deep" / "er" / "new.png").exists())
    assert len(uploads(settings)) == 1


def test_an_unexpected_error_does_not_stop_the_watcher(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    def door(data: bytes, name: str) -> Handled:
        calls.append(name)
        if name == "bad.png":
            raise RuntimeError("boom")
        return Handled("stored", 1, "queued")

    settings.inbox.mkdir(parents=True)
    (settings.inbox / "bad.png").write_bytes(png("x"))
    (settings.inbox / "good.png").write_bytes(png("y"))
    watcher = FolderWatcher(
        settings.inbox, door, stable_s=0.1, rescan_s=1.0, max_bytes=settings.max_upload_bytes
    )
    watcher.run_once(timeout_s=5)
    assert sorted(calls) == ["bad.png", "good.png"]
    assert (settings.inbox / "bad.png").exists()
    assert (settings.inbox / ".processed" / "good.png").exists()
    assert any("unexpected error" in r.getMessage() for r in caplog.records)


def test_an_enqueue_failing_after_the_commit_is_retried_exactly_once(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Redis gone between the ping and the enqueue: the upload is recorded without a task;
    the file stays, and the next attempt (a duplicate by sha256) queues it once."""
    real = enqueuer(create_app(settings))
    attempts: list[int] = []

    def flaky(upload_id: int) -> None:
        attempts.append(upload_id)
        if len(attempts) == 1:
            raise ConnectionError("Redis went away")
        real(upload_id)

    settings.inbox.mkdir(parents=True)
    target = settings.inbox / "flaky.png"
    target.write_bytes(png("Chin Up"))
    watcher = FolderWatcher(
        settings.inbox,
        SubmitDoor(settings, enqueue=flaky),
        stable_s=0.1,
        rescan_s=0.5,
        max_bytes=settings.max_upload_bytes,
    )
    assert not watcher.run_once(timeout_s=5)
    assert target.exists()
    [row] = uploads(settings)
    assert row["status"] == "queued" and row["enqueued_at"] is None
    assert any("Redis" in r.getMessage() for r in caplog.records)

    time.sleep(1.1)  # past the first back-off
    assert watcher.run_once(timeout_s=5)
    assert not target.exists()
    [row] = uploads(settings)
    assert row["enqueued_at"] is not None
    assert attempts == [row["id"], row["id"]]
    assert queue_length(settings) == 1
