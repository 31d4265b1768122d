"""Start a Celery worker or beat in this process, from Settings."""

from __future__ import annotations

import logging
import os
import socket

from schema.settings import Settings
from workers.celery_app import MAINTENANCE_QUEUE, OCR_QUEUE, create_app
from workers.tasks import register_tasks


def run_worker(
    settings: Settings,
    *,
    concurrency: int | None = None,
    name: str | None = None,
    loglevel: str = "INFO",
    queues: str = f"{OCR_QUEUE},{MAINTENANCE_QUEUE}",
) -> None:
    """Run a worker until it is told to stop (SIGTERM: warm shutdown)."""
    # Each task runs one tesseract; tesseract's own OpenMP threads would fight
    # the other pool processes for the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    app = create_app(settings)
    register_tasks(app, settings)
    hostname = name or f"worker{os.getpid()}@{socket.gethostname()}"
    argv = [
        "worker",
        "--loglevel",
        loglevel,
        "--queues",
        queues,
        "--concurrency",
        str(concurrency or settings.worker_concurrency),
        "--pool",
        "prefork",
        "--hostname",
        hostname,
        "--without-gossip",
        "--without-mingle",
    ]
    app.worker_main(argv)


def run_beat(settings: Settings, *, loglevel: str = "INFO") -> None:
    """Run celery beat with its schedule file in the data directory."""
    app = create_app(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = settings.data_dir.resolve() / "celerybeat-schedule"
    logging.getLogger("celery").setLevel(loglevel)
    app.start(["beat", "--loglevel", loglevel, "--schedule", str(schedule)])
