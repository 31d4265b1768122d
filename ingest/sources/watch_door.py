"""The watched folder's way into `submit()`: one database connection, one Celery producer.

`SubmitDoor` turns submit()'s typed results into the three things the folder
cares about (stored, duplicate, rejected) and every "service down" fault into
`DatabaseUnavailable` / `BrokerUnavailable`, dropping a broken connection so
the next call reconnects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ingest.sources.broker_probe import ping_redis, redis_probe
from ingest.sources.submit import Duplicate, Enqueue, Rejected, submit
from schema import repo_uploads
from schema.db import Connection, connect, is_unavailable
from schema.errors import BrokerUnavailable, DatabaseUnavailable
from schema.settings import Settings


@dataclass(frozen=True)
class Handled:
    """What became of a file's bytes: `rejected` goes to `.failed`, the rest to `.processed`."""

    kind: Literal["stored", "duplicate", "rejected"]
    upload_id: int | None
    status: str
    reason: str | None = None


class SubmitDoor:
    """Calls `submit()` for the watcher, reconnecting to PostgreSQL after a fault."""

    def __init__(self, settings: Settings, enqueue: Enqueue | None = None) -> None:
        if settings.database_url is None or settings.redis_url is None:
            raise ValueError("SubmitDoor needs settings with resolved service URLs")
        self._settings = settings
        self._enqueue = enqueue
        self._conn: Connection | None = None
        self._redis = redis_probe(settings.redis_url)

    def __call__(self, data: bytes, name: str) -> Handled:
        """Submit one file's bytes; raises a retryable error when a service is down."""
        try:
            return self._submit(data, name)
        except BrokerUnavailable:
            raise
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            self.close()
            if isinstance(exc, DatabaseUnavailable):
                raise
            raise DatabaseUnavailable(
                "lost the PostgreSQL connection", detail=str(exc).strip()
            ) from exc

    def _submit(self, data: bytes, name: str) -> Handled:
        # Ask Redis first: with the broker down, fail fast and record nothing.
        ping_redis(self._redis)
        conn = self._connection()
        result = submit(
            conn,
            data,
            original_name=name,
            source="watch",
            settings=self._settings,
            enqueue=self._enqueuer(),
        )
        if isinstance(result, Rejected):
            return Handled("rejected", result.upload_id, result.status, result.reason)
        if isinstance(result, Duplicate):
            if result.status == "rejected":
                # The same bytes were refused before: this copy is refused too.
                earlier = repo_uploads.get_upload(conn, result.upload_id)
                reason = earlier.last_error if earlier else None
                return Handled(
                    "rejected",
                    result.upload_id,
                    "rejected",
                    f"same bytes as rejected upload {result.upload_id}: {reason or 'rejected'}",
                )
            return Handled("duplicate", result.upload_id, result.status)
        return Handled("stored", result.upload_id, result.status)

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed:
            assert self._settings.database_url is not None
            self._conn = connect(self._settings.database_url, autocommit=True, timeout_s=5)
        return self._conn

    def _enqueuer(self) -> Enqueue:
        # Built on first use so constructing the door does no I/O.
        if self._enqueue is None:
            from workers.celery_app import create_app, enqueuer

            self._enqueue = enqueuer(create_app(self._settings))
        return self._enqueue

    def close(self) -> None:
        """Drop the database connection (the next call opens a new one)."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
