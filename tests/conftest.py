"""Test harness: one real PostgreSQL and one real Redis per pytest process.

Under pytest-xdist (`make test` runs two workers) each worker starts its own pair, in its
own scratch directory on free ports, so workers never share a database or a Redis. Both
are started with the same code the CLI uses (`workers.embedded`). Each
test that asks for `db_url` gets its own database, cloned from a migrated
template, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from schema.migrate import migrate
from schema.settings import Settings
from workers.embedded import EmbeddedPostgres, EmbeddedRedis

TEMPLATE_DB = "liftlens_template"


@pytest.fixture(scope="session")
def services_dir() -> Iterator[Path]:
    """A scratch directory the PostgreSQL service user can reach (pytest's tmp is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="liftlens-test-"))
    path.chmod(0o755)
    yield path


@pytest.fixture(scope="session")
def pg_server(services_dir: Path) -> Iterator[EmbeddedPostgres]:
    """The session's PostgreSQL server (fsync off: test data is disposable)."""
    server = EmbeddedPostgres(services_dir / "postgres", fast=True)
    server.start()
    try:
        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        with psycopg.connect(server.admin_url(TEMPLATE_DB), autocommit=True) as conn:
            migrate(conn)  # type: ignore[arg-type]
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(services_dir: Path) -> Iterator[EmbeddedRedis]:
    """The session's Redis server."""
    server = EmbeddedRedis(services_dir / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _fresh_database(pg: EmbeddedPostgres, template: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg.admin_url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


@pytest.fixture
def db_url(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """URL of a fresh, migrated database for this test only."""
    name = _fresh_database(pg_server, TEMPLATE_DB)
    yield pg_server.admin_url(name)
    with psycopg.connect(pg_server.admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_db_url(pg_server: EmbeddedPostgres) -> Iterator[str]:
    """URL of a fresh database with no schema at all."""
    name = _fresh_database(pg_server, "template0")
    yield pg_server.admin_url(name)
    with psycopg.connect(pg_server.admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def redis_url(redis_server: EmbeddedRedis) -> str:
    """URL of the session's Redis, emptied for this test."""
    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url


@pytest.fixture
def settings(db_url: str, redis_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at this test's database and the session's Redis."""
    os.environ.pop("LIFTLENS_API_TOKEN", None)
    return Settings(
        database_url=db_url,
        redis_url=redis_url,
        data_dir=tmp_path / "data",
        inbox=tmp_path / "inbox",
    )
