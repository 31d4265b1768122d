"""Resolve where PostgreSQL and Redis are: configured URLs, or embedded servers.

`services(settings)` is the one place that decides. Configured URLs are used as
they are; for a missing URL it reuses embedded servers another liftlens process
is already running on the same data directory, or starts its own and stops
them when the block ends (also on Ctrl-C and SIGTERM). Finding and starting
happen under one lock on the data directory, so two commands started at once
never start two servers on it. With `start=False` (commands that only read) it
never starts anything: it waits for a `liftlens up` that is starting, or says
that nothing runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from schema.db import connect
from schema.errors import DatabaseUnavailable, LiftlensError
from schema.migrate import migrate
from schema.settings import Settings
from workers.embedded import EmbeddedPostgres, EmbeddedRedis
from workers.service_state import (
    LockTimeout,
    forget_service,
    lock_is_held,
    read_state,
    record_service,
    services_lock,
)

# How long a read-only command waits for a `liftlens up` that is starting.
STARTING_WAIT_S = 60.0


class ServicesNotRunning(DatabaseUnavailable):
    """A read-only command found no running services and must not start any."""


@dataclass(frozen=True)
class ServiceUrls:
    """Where the database and the broker are, and the embedded servers this process owns."""

    database_url: str
    redis_url: str
    owned: bool = False
    postgres: EmbeddedPostgres | None = field(default=None, compare=False)
    redis: EmbeddedRedis | None = field(default=None, compare=False)

    def apply(self, settings: Settings) -> Settings:
        """A copy of `settings` pointing at these services."""
        return settings.model_copy(
            update={"database_url": self.database_url, "redis_url": self.redis_url}
        )

    def child_env(self) -> dict[str, str]:
        """Environment for child processes (workers, beat, watcher) to find the services."""
        env = dict(os.environ)
        env["LIFTLENS_DATABASE_URL"] = self.database_url
        env["LIFTLENS_REDIS_URL"] = self.redis_url
        return env


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    # Unwind through `finally` blocks so embedded servers are stopped in order.
    raise SystemExit(143)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _recorded(data_dir: Path, db_url: str | None, redis_url: str | None) -> tuple[str | None, ...]:
    state = read_state(data_dir) or {}
    return (
        db_url or _optional_str(state.get("database_url")),
        redis_url or _optional_str(state.get("redis_url")),
        str(state.get("owner_pid")) if state else None,
    )


def _not_running(data_dir: Path) -> ServicesNotRunning:
    return ServicesNotRunning(
        f"liftlens is not running (no services recorded in {data_dir}); start it with "
        "`liftlens up`, or set LIFTLENS_DATABASE_URL and LIFTLENS_REDIS_URL"
    )


def find_running(settings: Settings, *, need_redis: bool = True) -> tuple[str, str | None]:
    """URLs of running services without starting any (waits for an `up` that is starting)."""
    data_dir = settings.data_dir.resolve()
    deadline = time.monotonic() + STARTING_WAIT_S
    # A command holding the lock is starting (or looking for) services: let it finish.
    while lock_is_held(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    db_url, redis_url, _owner = _recorded(data_dir, settings.database_url, settings.redis_url)
    if db_url is not None and (redis_url is not None or not need_redis):
        return db_url, redis_url
    raise _not_running(data_dir)


def _start_missing(
    data_dir: Path, db_url: str | None, redis_url: str | None, on_event: Callable[[str], None]
) -> tuple[EmbeddedPostgres | None, EmbeddedRedis | None]:
    """Start (and record) the embedded servers for the URLs still missing."""
    pg: EmbeddedPostgres | None = None
    rd: EmbeddedRedis | None = None
    try:
        if db_url is None:
            pg = EmbeddedPostgres(data_dir / "postgres")
            on_event(f"starting embedded PostgreSQL in {pg.datadir}")
            pg.start()
            assert pg.proc is not None
            record_service(data_dir, "postgres", pg.url, pg.proc.pid)
        if redis_url is None:
            rd = EmbeddedRedis(data_dir / "redis")
            on_event(f"starting embedded Redis in {rd.datadir}")
            rd.start()
            assert rd.proc is not None
            record_service(data_dir, "redis", rd.url, rd.proc.pid)
    except BaseException:
        _stop_owned(data_dir, pg, rd, lambda _msg: None)
        raise
    return pg, rd


def _stop_owned(
    data_dir: Path,
    pg: EmbeddedPostgres | None,
    rd: EmbeddedRedis | None,
    on_event: Callable[[str], None],
) -> None:
    if rd is not None:
        on_event("stopping embedded Redis")
        rd.stop()
        forget_service(data_dir, "redis")
    if pg is not None:
        on_event("stopping embedded PostgreSQL")
        pg.stop()
        forget_service(data_dir, "postgres")


def _maybe_migrate(db_url: str | None, run: bool, on_event: Callable[[str], None]) -> None:
    if not run or db_url is None:
        return
    with connect(db_url, autocommit=True) as conn:
        applied = migrate(conn)
    if applied:
        on_event(f"applied migrations: {', '.join(applied)}")


@contextlib.contextmanager
def services(
    settings: Settings,
    *,
    run_migrations: bool = True,
    start: bool = True,
    on_event: Callable[[str], None] = lambda _msg: None,
) -> Iterator[ServiceUrls]:
    """Yield usable service URLs, starting embedded servers for the block if needed.

    With `start=False` nothing is started or migrated: ServicesNotRunning is
    raised when no running services are found.
    """
    if not start:
        # Readers (report, sessions) need only the database; "" = no broker found.
        found_db, found_redis = find_running(settings, need_redis=False)
        yield ServiceUrls(found_db, found_redis or "")
        return
    data_dir = settings.data_dir.resolve()
    previous = signal.getsignal(signal.SIGTERM)
    pg: EmbeddedPostgres | None = None
    rd: EmbeddedRedis | None = None
    db_url: str | None
    redis_url: str | None
    embedded = settings.database_url is None or settings.redis_url is None
    try:
        if embedded:
            signal.signal(signal.SIGTERM, _raise_on_sigterm)
            try:
                with services_lock(data_dir):
                    db_url, redis_url, owner = _recorded(
                        data_dir, settings.database_url, settings.redis_url
                    )
                    if owner is not None:
                        on_event(f"using the embedded services already running (pid {owner})")
                    pg, rd = _start_missing(data_dir, db_url, redis_url, on_event)
                    db_url = db_url or (pg.url if pg else None)
                    redis_url = redis_url or (rd.url if rd else None)
                    # Still under the lock: a reader waiting for it finds a migrated database.
                    _maybe_migrate(db_url, run_migrations, on_event)
            except LockTimeout as exc:
                raise LiftlensError(f"another liftlens process holds {exc}") from exc
        else:
            db_url, redis_url = settings.database_url, settings.redis_url
            _maybe_migrate(db_url, run_migrations, on_event)
        assert db_url is not None and redis_url is not None
        owned = pg is not None or rd is not None
        yield ServiceUrls(db_url, redis_url, owned=owned, postgres=pg, redis=rd)
    finally:
        _stop_owned(data_dir, pg, rd, on_event)
        if embedded:
            signal.signal(signal.SIGTERM, previous)
