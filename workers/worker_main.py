"""Start a Celery worker or beat in this process, from Settings."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
from typing import Any

from celery import signals

from schema.settings import Settings
from workers.celery_app import MAINTENANCE_QUEUE, OCR_QUEUE, OCR_TASK, create_app, enqueuer
from workers.heartbeat import forget_claim, record_claim, start_heartbeat, worker_identity
from workers.tasks import register_tasks

PR_SET_PDEATHSIG = 1


def _die_with_parent(**_kwargs: Any) -> None:
    """In a pool process: be killed when the worker's main process dies.

    A main process killed outright (the OOM killer) would otherwise leave its
    pool processes running tasks nobody acknowledges; the heartbeat reaper
    re-queues those uploads, and two runs of one upload must not overlap.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _connect_claims(redis_url: str) -> None:
    """Record in Redis which worker runs each OCR task (see workers.heartbeat)."""

    def before(task: Any = None, args: Any = None, **_kwargs: Any) -> None:
        if getattr(task, "name", None) == OCR_TASK and args:
            record_claim(redis_url, int(args[0]), worker_identity(os.getppid()))

    def after(task: Any = None, args: Any = None, **_kwargs: Any) -> None:
        if getattr(task, "name", None) == OCR_TASK and args:
            forget_claim(redis_url, int(args[0]), worker_identity(os.getppid()))

    signals.task_prerun.connect(before, weak=False)
    signals.task_postrun.connect(after, weak=False)
    signals.worker_process_init.connect(_die_with_parent, weak=False)


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
    assert settings.redis_url is not None
    app = create_app(settings)
    register_tasks(app, settings)
    _connect_claims(settings.redis_url)
    stop_heartbeat = start_heartbeat(settings, worker_identity(), enqueuer(app))
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
    try:
        app.worker_main(argv)
    finally:
        stop_heartbeat.set()


def run_beat(settings: Settings, *, loglevel: str = "INFO") -> None:
    """Run celery beat with its schedule file in the data directory."""
    app = create_app(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = settings.data_dir.resolve() / "celerybeat-schedule"
    logging.getLogger("celery").setLevel(loglevel)
    app.start(["beat", "--loglevel", loglevel, "--schedule", str(schedule)])
