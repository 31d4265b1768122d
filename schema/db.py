"""Connecting to PostgreSQL, with connection faults translated to `DatabaseUnavailable`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row

from schema.errors import DatabaseUnavailable

Connection = psycopg.Connection[dict[str, Any]]


def connect(url: str, *, autocommit: bool = False, timeout_s: float = 10.0) -> Connection:
    """Open a connection returning dict rows; raises DatabaseUnavailable if it cannot."""
    try:
        return psycopg.connect(
            url, autocommit=autocommit, row_factory=dict_row, connect_timeout=max(1, int(timeout_s))
        )
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable("cannot connect to PostgreSQL", detail=str(exc).strip()) from exc


@contextmanager
def connection(url: str, *, autocommit: bool = False) -> Iterator[Connection]:
    """A connection that commits on success, rolls back on error, and is always closed.

    Operational faults inside the block (server gone, connection reset) surface
    as DatabaseUnavailable so callers can retry them.
    """
    conn = connect(url, autocommit=autocommit)
    try:
        with conn:
            yield conn
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(
            "lost the PostgreSQL connection", detail=str(exc).strip()
        ) from exc
    finally:
        conn.close()


def is_unavailable(exc: BaseException) -> bool:
    """True when an exception means the database was unreachable (worth a retry)."""
    return isinstance(exc, (DatabaseUnavailable, psycopg.OperationalError))
