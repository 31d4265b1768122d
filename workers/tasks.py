"""Thin Celery tasks: call the stage, classify the error, retry only what is retryable."""

from __future__ import annotations

import logging
import random
from typing import Any

import psycopg
from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from schema import repo_uploads
from schema.db import connection
from schema.errors import DatabaseUnavailable, LiftlensError, OcrTimeout
from schema.settings import Settings
from workers.celery_app import BIND_TASK, OCR_TASK, REAP_TASK, enqueuer
from workers.process import process_upload, reap
from workers.reparse import register_reparse_task

log = logging.getLogger("liftlens.tasks")


def backoff_s(retries: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff with jitter (half to full of the step), so retries spread out."""
    step = min(cap, base * (2**retries))
    return float(step * random.uniform(0.5, 1.0))


def _best_effort_note(settings: Settings, upload_id: int, status: str, reason: str) -> None:
    assert settings.database_url is not None
    try:
        with connection(settings.database_url, autocommit=True) as conn:
            if status == "failed":
                repo_uploads.finish(conn, upload_id, "failed", reason)
            else:
                repo_uploads.note_retry(conn, upload_id, reason)
    except LiftlensError:
        pass  # the database is down; the reaper will find the upload later


def register_tasks(app: Celery, settings: Settings) -> None:
    """Define the liftlens tasks on `app`, closed over the settings."""

    @app.task(name=OCR_TASK, bind=True, max_retries=settings.task_max_retries)  # type: ignore[untyped-decorator]
    def ocr_upload(self: Task, upload_id: int) -> dict[str, Any]:
        try:
            try:
                outcome = process_upload(settings, upload_id)
            except SoftTimeLimitExceeded as exc:
                raise OcrTimeout("the OCR task ran past its soft time limit") from exc
            except psycopg.OperationalError as exc:
                raise DatabaseUnavailable("PostgreSQL connection failed", detail=str(exc)) from exc
        except LiftlensError as exc:
            if not exc.retryable:
                _best_effort_note(settings, upload_id, "failed", f"{type(exc).__name__}: {exc}")
                raise
            if self.request.retries >= settings.task_max_retries:
                reason = f"gave up after {self.request.retries} retries: {exc}"
                _best_effort_note(settings, upload_id, "failed", reason)
                return {"upload_id": upload_id, "status": "failed", "message": reason}
            countdown = backoff_s(self.request.retries)
            log.warning("upload %s: %s; retry in %.1fs", upload_id, exc, countdown)
            _best_effort_note(settings, upload_id, "queued", f"retrying: {exc}")
            raise self.retry(exc=exc, countdown=countdown) from exc
        log.info("upload %s: %s %s", upload_id, outcome.status, outcome.message)
        return outcome.model_dump()

    register_reparse_task(app, settings)

    @app.task(name=REAP_TASK)  # type: ignore[untyped-decorator]
    def reap_stuck() -> list[int]:
        requeued = reap(settings, enqueuer(app))
        if requeued:
            log.warning("re-queued stuck uploads: %s", requeued)
        return requeued

    @app.task(name=BIND_TASK)  # type: ignore[untyped-decorator]
    def bind() -> dict[str, Any]:
        from workers.names.bind import run_bind

        assert settings.database_url is not None
        report = run_bind(settings.database_url)
        result: dict[str, Any] = report.model_dump(mode="json")
        return result
