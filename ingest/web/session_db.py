"""PostgreSQL connections for the sessions and progress pages: a small pool, opened on first use.

The pages are read far more often than uploads arrive, and a connect costs
more than the page's queries; so unlike the upload routes these share a
pool. Each connection is checked before it is handed out, so a PostgreSQL
restart costs one failed check, not a stale connection. Connections are in
autocommit mode: the repositories open their own transactions.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from schema.db import Connection

POOL_SIZE = 4


class SessionDb:
    """A lazily opened pool for one database URL (None: answer 503)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._pool: ConnectionPool[Connection] | None = None
        self._lock = threading.Lock()

    def _open(self) -> ConnectionPool[Connection]:
        if self.url is None:
            raise HTTPException(503, "no database configured")
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=POOL_SIZE,
                    kwargs={"autocommit": True, "row_factory": dict_row},
                    check=ConnectionPool.check_connection,
                    timeout=5,
                    open=True,
                )
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A pooled connection for one request."""
        with self._open().connection() as conn:
            yield conn

    def close(self) -> None:
        """Close the pool (at application shutdown)."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
