"""Resolve where PostgreSQL and Redis are: configured URLs, or embedded servers.

`services(settings)` is the one place that decides. Configured URLs are used as
they are; for a missing URL it reuses embedded servers another liftlens process
is already running on the same data directory, or starts its own and stops
them when the block ends (also on Ctrl-C and SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType

from schema.db import connect
from schema.migrate import migrate
from schema.settings import Settings
from workers.embedded import (
    EmbeddedPostgres,
    EmbeddedRedis,
    clear_state,
    read_state,
    write_state,
)


@dataclass(frozen=True)
class ServiceUrls:
    """Where the database and the broker are, and whether this process owns them."""

    database_url: str
    redis_url: str
    owned: bool = False

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


@contextlib.contextmanager
def services(
    settings: Settings,
    *,
    run_migrations: bool = True,
    on_event: Callable[[str], None] = lambda _msg: None,
) -> Iterator[ServiceUrls]:
    """Yield usable service URLs, starting embedded servers for the block if needed."""
    db_url, redis_url = settings.database_url, settings.redis_url
    pg: EmbeddedPostgres | None = None
    rd: EmbeddedRedis | None = None
    data_dir = settings.data_dir.resolve()
    state = read_state(data_dir) if db_url is None or redis_url is None else None
    if state is not None:
        on_event(f"using the embedded services already running (pid {state.get('owner_pid')})")
        db_url = db_url or _optional_str(state.get("database_url"))
        redis_url = redis_url or _optional_str(state.get("redis_url"))
    previous = signal.getsignal(signal.SIGTERM)
    starting = db_url is None or redis_url is None
    try:
        if starting:
            signal.signal(signal.SIGTERM, _raise_on_sigterm)
            data_dir.mkdir(parents=True, exist_ok=True)
        # Only the service without a URL is started: a configured PostgreSQL
        # with no Redis URL gets an embedded Redis and nothing else.
        if db_url is None:
            pg = EmbeddedPostgres(data_dir / "postgres")
            on_event(f"starting embedded PostgreSQL in {pg.datadir}")
            pg.start()
            db_url = pg.url
        if redis_url is None:
            rd = EmbeddedRedis(data_dir / "redis")
            on_event(f"starting embedded Redis in {rd.datadir}")
            rd.start()
            redis_url = rd.url
        if (pg is not None or rd is not None) and state is None:
            write_state(data_dir, pg, rd)
        if run_migrations:
            with connect(db_url, autocommit=True) as conn:
                applied = migrate(conn)
            if applied:
                on_event(f"applied migrations: {', '.join(applied)}")
        yield ServiceUrls(db_url, redis_url, owned=pg is not None or rd is not None)
    finally:
        if rd is not None:
            on_event("stopping embedded Redis")
            rd.stop()
        if pg is not None:
            on_event("stopping embedded PostgreSQL")
            pg.stop()
        if (pg is not None or rd is not None) and state is None:
            clear_state(data_dir)
        if starting:
            signal.signal(signal.SIGTERM, previous)
