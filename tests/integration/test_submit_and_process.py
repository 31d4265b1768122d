"""submit() and the OCR stage against real PostgreSQL and Redis (no worker process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.sources.submit import Duplicate, Queued, Rejected, safe_name, submit
from schema import repo_uploads
from schema.db import connect
from schema.errors import BrokerUnavailable, OcrTimeout
from schema.models import OcrPage, SessionDraft
from schema.settings import Settings
from tests.e2e.screens import workout
from workers.celery_app import create_app, enqueuer
from workers.embedded import free_port
from workers.process import process_upload, reap
from workers.status import queue_depth

pytestmark = pytest.mark.integration


def _submit(
    settings: Settings, data: bytes, name: str = "shot.png"
) -> Queued | Duplicate | Rejected:
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        return submit(
            conn,
            data,
            original_name=name,
            source="cli",
            settings=settings,
            enqueue=enqueuer(create_app(settings)),
        )


def test_same_bytes_twice_is_one_upload_and_one_task(settings: Settings, tmp_path: Path) -> None:
    data = workout(tmp_path / "a.png", 1).read_bytes()
    first = _submit(settings, data)
    second = _submit(settings, data, "renamed.png")
    assert isinstance(first, Queued)
    assert second == Duplicate(upload_id=first.upload_id, status="queued")
    assert settings.redis_url
    assert queue_depth(settings.redis_url) == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"hello, not an image", "not an image"), (b"\x89PNG\r\n\x1a\n\0\0", "")],
)
def test_bad_input_is_recorded_as_rejected_with_its_reason(
    settings: Settings, data: bytes, reason: str
) -> None:
    result = _submit(settings, data, "../../etc/passwd.png")
    assert isinstance(result, Rejected)
    assert reason in result.reason.lower()
    assert settings.database_url
    with connect(settings.database_url) as conn:
        upload = repo_uploads.get_upload(conn, result.upload_id or 0)
        assert upload is not None
        assert upload.status == "rejected" and upload.last_error == result.reason
        assert upload.original_name == "passwd.png"
        assert repo_uploads.load_blob(conn, upload.id) == data  # kept: nothing is lost
    assert settings.redis_url and queue_depth(settings.redis_url) == 0


def test_oversized_input_is_rejected_before_its_bytes_are_stored(
    settings: Settings, tmp_path: Path
) -> None:
    data = workout(tmp_path / "a.png", 2).read_bytes()
    small = settings.model_copy(update={"max_upload_bytes": len(data) - 1})
    result = _submit(small, data)
    assert isinstance(result, Rejected)
    assert settings.database_url
    with connect(settings.database_url) as conn:
        assert repo_uploads.load_blob(conn, result.upload_id or 0) is None


def test_broker_down_at_submit_then_back(settings: Settings, tmp_path: Path) -> None:
    data = workout(tmp_path / "a.png", 3).read_bytes()
    down = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with pytest.raises(BrokerUnavailable):
        _submit(down, data)
    again = _submit(settings, data)
    # The upload was recorded without a task; submitting it again queues it now.
    assert isinstance(again, Duplicate) and again.status == "queued"
    assert settings.redis_url and queue_depth(settings.redis_url) == 1
    assert settings.database_url
    with connect(settings.database_url) as conn:
        upload = repo_uploads.get_upload(conn, again.upload_id)
        assert upload is not None and upload.enqueued_at is not None


def test_safe_name_keeps_only_a_label() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\shot.png") == "shot.png"
    assert safe_name("..") == "unnamed"
    assert safe_name("a\x00b\nc.png") == "abc.png"


def test_processing_is_idempotent_by_upload_id(settings: Settings, tmp_path: Path) -> None:
    result = _submit(settings, workout(tmp_path / "a.png", 4).read_bytes())
    assert isinstance(result, Queued)
    first = process_upload(settings, result.upload_id)
    assert first.status in ("done", "needs_review") and first.session_id
    again = process_upload(settings, result.upload_id)
    assert again.skipped and again.status == first.status
    assert settings.database_url
    with connect(settings.database_url) as conn:
        row = conn.execute("SELECT count(*) AS n FROM workout_sessions").fetchone()
        assert row == {"n": 1}
        names = conn.execute("SELECT raw_name, name_norm FROM session_exercises").fetchall()
    assert names and names[0]["raw_name"] == "Bench Press (Barbell)"


def test_a_retryable_fault_is_raised_and_a_permanent_one_marks_failed(
    settings: Settings, tmp_path: Path
) -> None:
    result = _submit(settings, workout(tmp_path / "a.png", 5).read_bytes())
    assert isinstance(result, Queued)

    def times_out(data: bytes, s: Settings) -> tuple[OcrPage, SessionDraft]:
        raise OcrTimeout("tesseract took too long")

    with pytest.raises(OcrTimeout):
        process_upload(settings, result.upload_id, parse=times_out)
    outcome = process_upload(settings, result.upload_id)  # the retry succeeds
    assert outcome.status in ("done", "needs_review")

    broken = _submit(settings, workout(tmp_path / "b.png", 6).read_bytes())
    assert isinstance(broken, Queued)
    assert settings.database_url
    with connect(settings.database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM upload_blobs WHERE upload_id = %s", (broken.upload_id,))
    failed = process_upload(settings, broken.upload_id)
    assert failed.status == "failed" and "no stored bytes" in failed.message


def test_the_reaper_requeues_uploads_stuck_in_processing(
    settings: Settings, tmp_path: Path
) -> None:
    result = _submit(settings, workout(tmp_path / "a.png", 7).read_bytes())
    assert isinstance(result, Queued) and settings.database_url and settings.redis_url
    with connect(settings.database_url, autocommit=True) as conn:
        repo_uploads.claim(conn, result.upload_id)
        conn.execute(
            "UPDATE uploads SET started_at = now() - interval '1 hour' WHERE id = %s",
            (result.upload_id,),
        )
    before = queue_depth(settings.redis_url)
    assert reap(settings, enqueuer(create_app(settings))) == [result.upload_id]
    assert queue_depth(settings.redis_url) == before + 1
    with connect(settings.database_url) as conn:
        upload = repo_uploads.get_upload(conn, result.upload_id)
    assert upload is not None and upload.status == "queued"
    assert reap(settings, enqueuer(create_app(settings))) == []
