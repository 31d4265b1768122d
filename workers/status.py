"""A snapshot of the pipeline: uploads by status, queue depth, live workers."""

from __future__ import annotations

import redis

from schema import repo_uploads
from schema.db import connect
from schema.settings import Settings
from workers.celery_app import OCR_QUEUE, create_app


def queue_depth(redis_url: str, queue: str = OCR_QUEUE) -> int:
    """Messages waiting in a queue (kombu keeps one Redis list per priority step)."""
    client = redis.Redis.from_url(redis_url, socket_timeout=3)
    keys: list[str | bytes] = [queue, *client.scan_iter(match=f"{queue}\x06\x16*")]
    total = 0
    for key in keys:
        total += int(client.llen(key))
    return total


def live_workers(settings: Settings, timeout_s: float = 1.0) -> list[str]:
    """Names of workers that answered a ping."""
    app = create_app(settings)
    replies = app.control.ping(timeout=timeout_s) or []
    return sorted(name for reply in replies for name in reply)


def pipeline_status(settings: Settings) -> dict[str, object]:
    """Counts by status, queue depth and live workers, as one JSON-able dict."""
    assert settings.database_url and settings.redis_url
    with connect(settings.database_url) as conn:
        counts = repo_uploads.counts_by_status(conn)
    workers = live_workers(settings)
    return {
        "uploads": counts,
        "total": sum(counts.values()),
        "queue_depth": queue_depth(settings.redis_url),
        "workers": len(workers),
        "worker_names": workers,
    }
