"""E2E: bad uploads through `liftlens api` and the inbox are refused; the worker keeps going."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image

from schema.settings import Settings
from tests.e2e.conftest import Proc, wait_for_uploads
from tests.e2e.test_watch_folder import screenshot, start_api, start_watch, wait_for_path

pytestmark = pytest.mark.e2e

LIMIT = 400_000


def blank_png() -> bytes:
    """A valid image with nothing to read: it passes the door and fails (or is flagged) in OCR."""
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(out, format="PNG")
    return out.getvalue()


def test_bad_uploads_are_rejected_with_a_reason_and_the_worker_keeps_going(
    settings: Settings,
    spawn: Callable[..., Proc],
    start_worker: Callable[..., Proc],
) -> None:
    limit = {"LIFTLENS_MAX_UPLOAD_BYTES": str(LIMIT)}
    settings.inbox.mkdir(parents=True)
    start_worker()
    api = start_api(spawn, settings, **limit)
    start_watch(spawn, settings, **limit)
    good = screenshot(1)
    assert len(good) < LIMIT

    def post(name: str, data: bytes) -> httpx.Response:
        return httpx.post(f"{api}/uploads", files={"file": (name, data, "image/png")}, timeout=30)

    corrupt = post("corrupt.png", good[: len(good) // 3])
    not_image = post("notes.png", b"Bench Press 60 kg x 8\n" * 50)
    oversized = post("huge.png", good + b"\0" * LIMIT)
    traversal = post("../../etc/passwd.png", b"\x89PNG\r\n\x1a\n broken")
    for answer in (corrupt, not_image, traversal):
        assert answer.status_code == 422, answer.text
        assert answer.json()["reason"]
    assert oversized.status_code == 413 and "too large" in oversized.json()["error"]
    blank = post("blank.png", blank_png())
    assert blank.status_code == 202
    # The good one last, under a traversal name too: only a label, cleaned by submit().
    accepted = post("../../../tmp/evil/good.png", good)
    assert accepted.status_code == 202, accepted.text
    # And an oversized file dropped into the inbox goes to .failed with its reason.
    (settings.inbox / "big.png").write_bytes(good + b"\0" * LIMIT)
    wait_for_path(settings.inbox / ".failed" / "big.png.error.json")

    rows = {r["id"]: r for r in wait_for_uploads(settings, 6, timeout_s=60)}
    by_name = {str(r["original_name"]): r for r in rows.values()}
    assert set(by_name) == {
        "corrupt.png",
        "notes.png",
        "passwd.png",
        "blank.png",
        "good.png",
        "big.png",
    }
    for name in ("corrupt.png", "notes.png", "passwd.png", "big.png"):
        assert by_name[name]["status"] == "rejected"
        assert by_name[name]["last_error"]
    assert by_name["blank.png"]["status"] in ("failed", "needs_review")
    assert by_name["good.png"]["status"] == "done"
    assert by_name["good.png"]["id"] == accepted.json()["upload_id"]
    assert not Path("/tmp/evil/good.png").exists()
    record = json.loads((settings.inbox / ".failed" / "big.png.error.json").read_text())
    assert "too large" in record["reason"] and record["upload_id"] == by_name["big.png"]["id"]
    status = httpx.get(f"{api}{accepted.json()['status_url']}").json()
    assert status["status"] == "done" and status["session"]["sets"] > 0
