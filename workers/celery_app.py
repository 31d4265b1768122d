"""The Celery app, configured for reliability, built from Settings (no globals).

* JSON only: tasks take ids, never objects, and nothing is unpickled.
* Late acks + reject on worker loss + prefetch 1: a task whose worker dies is
  delivered again instead of being lost, and one slow task holds one message.
* The broker's visibility timeout is above the hard time limit, so Redis does
  not hand a still-running task to a second worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from celery import Celery

from schema.settings import Settings

OCR_TASK = "liftlens.ocr_upload"
BIND_TASK = "liftlens.bind"
REAP_TASK = "liftlens.reap"
OCR_QUEUE = "ocr"
MAINTENANCE_QUEUE = "maintenance"


def visibility_timeout_s(settings: Settings) -> int:
    """Seconds before Redis redelivers an unacknowledged task: above the hard limit."""
    if settings.broker_visibility_timeout_s is not None:
        return settings.broker_visibility_timeout_s
    return settings.task_time_limit_s * 2 + 30


def create_app(settings: Settings) -> Celery:
    """A Celery app talking to the configured Redis."""
    if settings.redis_url is None:
        raise ValueError("create_app needs settings with a resolved redis_url")
    app = Celery("liftlens", broker=settings.redis_url)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.task_soft_time_limit_s,
        task_time_limit=settings.task_time_limit_s,
        broker_transport_options={
            "visibility_timeout": visibility_timeout_s(settings),
            # Sweep for abandoned (unacked, expired) messages every few seconds
            # instead of kombu's default of roughly 100 s.
            "unacked_restore_interval": 5,
            "unacked_restore_throttle": 1,
            "socket_timeout": 10,
            "socket_connect_timeout": 5,
        },
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_default_queue=OCR_QUEUE,
        task_routes={
            OCR_TASK: {"queue": OCR_QUEUE},
            BIND_TASK: {"queue": MAINTENANCE_QUEUE},
            REAP_TASK: {"queue": MAINTENANCE_QUEUE},
        },
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        timezone="UTC",
        beat_schedule={
            "bind-unbound-names": {
                "task": BIND_TASK,
                "schedule": timedelta(seconds=settings.bind_interval_s),
                # A run that could not start before the next one is due is pointless.
                "options": {"expires": settings.bind_interval_s * 0.9},
            },
            "reap-stuck-uploads": {
                "task": REAP_TASK,
                "schedule": timedelta(seconds=settings.reaper_interval_s),
                "options": {"expires": settings.reaper_interval_s * 0.9},
            },
        },
    )
    return app


def enqueuer(app: Celery) -> Callable[[int], None]:
    """A function that puts one OCR task for an upload id on the queue."""

    def enqueue(upload_id: int) -> None:
        app.send_task(OCR_TASK, args=[upload_id], queue=OCR_QUEUE, retry=False)

    return enqueue
