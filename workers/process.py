"""The OCR stage of one upload: claim, OCR + parse, store — idempotent by upload id.

A Celery task calls `process_upload` and only decides about retries. Expected
outcomes (done, needs review, skipped because already finished, failed for a
permanent reason) come back as an `Outcome`; transient faults (database
unreachable, OCR timeout) are raised as retryable LiftlensErrors.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from schema import repo_sessions, repo_stitch, repo_uploads
from schema.db import connection
from schema.errors import LiftlensError
from schema.models import OcrPage, SessionDraft, UploadStatus
from schema.settings import Settings
from workers.faults import hold
from workers.stitch import taken_at

Parser = Callable[[bytes, Settings], tuple[OcrPage, SessionDraft]]
MAX_ATTEMPTS = 5


class Outcome(BaseModel):
    """What happened to an upload in this run."""

    upload_id: int
    status: UploadStatus | None
    session_id: int | None = None
    skipped: bool = False
    message: str = ""


def _default_parser(data: bytes, settings: Settings) -> tuple[OcrPage, SessionDraft]:
    from ingest.read.files import parse_bytes

    return parse_bytes(data, settings)


def _normaliser() -> Callable[[str], str]:
    from schema.name_norm import normalise

    return normalise


def process_upload(settings: Settings, upload_id: int, parse: Parser = _default_parser) -> Outcome:
    """OCR, parse and store one upload; safe to run again for the same id."""
    assert settings.database_url is not None
    url = settings.database_url
    with connection(url, autocommit=True) as conn:
        upload = repo_uploads.claim(conn, upload_id)
        if upload is None:
            current = repo_uploads.get_upload(conn, upload_id)
            return Outcome(
                upload_id=upload_id,
                status=current.status if current else None,
                skipped=True,
                message="already finished" if current else "no such upload",
            )
        if upload.attempts > MAX_ATTEMPTS:
            # The worker died on this upload every time: stop the crash loop.
            repo_uploads.finish(
                conn,
                upload_id,
                "failed",
                f"gave up after {MAX_ATTEMPTS} attempts that did not finish",
            )
            return Outcome(upload_id=upload_id, status="failed", message="too many attempts")
        data = repo_uploads.load_blob(conn, upload_id)
    hold(settings, "after_claim", upload_id)
    if data is None:
        return _fail(url, upload_id, "the upload has no stored bytes")
    try:
        page, draft = parse(data, settings)
    except LiftlensError as exc:
        if exc.retryable:
            raise
        return _fail(url, upload_id, f"{type(exc).__name__}: {exc}")
    hold(settings, "after_ocr", upload_id)
    final: UploadStatus = "needs_review" if draft.needs_review else "done"
    with connection(url, autocommit=True) as conn, conn.transaction():
        session_id, created = repo_sessions.store_parse(conn, upload_id, page, draft, _normaliser())
        if created:  # one session per workout: a further scroll joins the stored one
            when = taken_at(data, upload.created_at)
            session_id = repo_stitch.stitch_upload(conn, session_id, upload_id, when)
        repo_uploads.finish(conn, upload_id, final, None)
    return Outcome(upload_id=upload_id, status=final, session_id=session_id)


def _fail(url: str, upload_id: int, reason: str) -> Outcome:
    with connection(url, autocommit=True) as conn:
        repo_uploads.finish(conn, upload_id, "failed", reason)
    return Outcome(upload_id=upload_id, status="failed", message=reason)


def reap(settings: Settings, enqueue: Callable[[int], None]) -> list[int]:
    """Re-queue uploads stuck in processing past the time limit, or queued with no task."""
    assert settings.database_url is not None
    with connection(settings.database_url, autocommit=True) as conn:
        stale = repo_uploads.stale_uploads(
            conn,
            processing_s=settings.task_time_limit_s * 2 + 30,
            queued_s=settings.reaper_interval_s,
        )
        for upload_id in stale:
            repo_uploads.requeue(conn, upload_id)
            enqueue(upload_id)
            repo_uploads.mark_enqueued(conn, upload_id)
    return stale
