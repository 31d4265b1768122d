"""A snapshot of the pipeline: uploads by status, queue depth, live workers, what is down.

Each part is read on its own, so a service that is down makes one line in
`down` instead of an exception; the supervisor's record (if `liftlens up`
runs) says since when, and how often each child was restarted.
"""

from __future__ import annotations

import psycopg
import redis

from schema import repo_uploads
from schema.db import connect
from schema.errors import LiftlensError
from schema.settings import Settings
from workers.celery_app import OCR_QUEUE, create_app
from workers.supervision import SupervisorState, down_line


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


def _redis_answers(redis_url: str) -> str | None:
    """None when Redis answers a PING, else why not (one line)."""
    try:
        redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


def _uploads(database_url: str) -> dict[str, int] | str:
    try:
        with connect(database_url) as conn:
            return repo_uploads.counts_by_status(conn)
    except (LiftlensError, psycopg.Error) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def down_lines(
    supervisor: SupervisorState | None, db_error: str | None, redis_error: str | None
) -> list[str]:
    """One line per thing that is down: the supervisor's children, else the services."""
    lines = []
    known = set()
    if supervisor is not None:
        for child in supervisor.children:
            if child.state in ("restarting", "crash_loop"):
                lines.append(down_line(child))
                known.add(child.name)
    if db_error is not None and "postgres" not in known:
        lines.append(f"PostgreSQL does not answer: {db_error}")
    if redis_error is not None and "redis" not in known:
        lines.append(f"Redis does not answer: {redis_error}")
    return lines


def pipeline_status(
    settings: Settings, supervisor: SupervisorState | None = None
) -> dict[str, object]:
    """Counts by status, queue depth, live workers and what is down, as one JSON-able dict."""
    assert settings.database_url and settings.redis_url
    counts = _uploads(settings.database_url)
    db_error = counts if isinstance(counts, str) else None
    redis_error = _redis_answers(settings.redis_url)
    workers: list[str] | None = None
    depth: int | None = None
    if redis_error is None:
        try:
            depth = queue_depth(settings.redis_url)
            workers = live_workers(settings)
        except Exception as exc:  # kombu wraps connection errors in its own types
            redis_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    uploads = counts if isinstance(counts, dict) else {}
    return {
        "uploads": uploads,
        "total": sum(uploads.values()),
        "queue_depth": depth,
        "workers": None if workers is None else len(workers),
        "worker_names": workers or [],
        "down": down_lines(supervisor, db_error, redis_error),
        "children": [c.model_dump() for c in supervisor.children] if supervisor else [],
    }
