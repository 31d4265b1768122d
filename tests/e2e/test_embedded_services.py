"""The embedded services cycle, through the code the CLI uses and through the CLI itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis

from schema.settings import Settings
from tests.e2e.conftest import POLL_S, process_alive, seed_cluster
from workers.embedded import EmbeddedPostgres, EmbeddedRedis
from workers.runtime import services
from workers.service_state import read_state

pytestmark = pytest.mark.e2e


def test_start_write_stop_start_again_keeps_the_row(services_dir: Path) -> None:
    base = services_dir / "cycle"
    pg = EmbeddedPostgres(base / "postgres", fast=False)
    rd = EmbeddedRedis(base / "redis")
    pg.start()
    rd.start()
    try:
        with psycopg.connect(pg.url, autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (v text)")
            conn.execute("INSERT INTO kept VALUES ('still here')")
        redis.Redis.from_url(rd.url).set("kept", "yes")
    finally:
        rd.stop()
        pg.stop()
    assert pg.proc is None and rd.proc is None

    pg2 = EmbeddedPostgres(base / "postgres")
    rd2 = EmbeddedRedis(base / "redis")
    pg2.start()
    rd2.start()
    try:
        with psycopg.connect(pg2.url) as conn:
            row = conn.execute("SELECT v FROM kept").fetchone()
        assert row == ("still here",)
        assert redis.Redis.from_url(rd2.url).get("kept") == b"yes"
    finally:
        rd2.stop()
        pg2.stop()


def _start_cli(
    data_dir: Path, cluster: Path | None = None
) -> tuple[subprocess.Popen[str], dict[str, object]]:
    """`liftlens services start`; with `cluster`, over a copy of it instead of a new initdb."""
    if cluster is not None:
        seed_cluster(cluster, data_dir)
    env = {**os.environ, "LIFTLENS_DATA_DIR": str(data_dir)}
    env.pop("LIFTLENS_DATABASE_URL", None)
    env.pop("LIFTLENS_REDIS_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "services", "start"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    state_file = data_dir / "services.json"
    while time.monotonic() < deadline:
        state = json.loads(state_file.read_text()) if state_file.exists() else {}
        # Each server is recorded as soon as it answers: wait for both.
        if {"postgres_pid", "redis_pid"} <= set(state) and proc.poll() is None:
            # Ready once migrations ran: the CLI prints "ready" after that.
            time.sleep(0.5)
            return proc, state
        if proc.poll() is not None:
            break
        time.sleep(POLL_S)
    proc.kill()
    out = proc.communicate()[0]
    raise AssertionError(f"services did not start:\n{out}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_leaves_no_server_behind(
    services_dir: Path, pg_cluster_seed: Path, sig: int
) -> None:
    data_dir = services_dir / f"cli-{sig}"
    proc, state = _start_cli(data_dir, pg_cluster_seed)
    pids = [int(str(state["postgres_pid"])), int(str(state["redis_pid"]))]
    assert all(process_alive(p) for p in pids)
    # A terminal's Ctrl-C goes to the whole foreground process group.
    os.killpg(proc.pid, sig)
    out = proc.communicate(timeout=60)[0]
    assert proc.returncode in (0, 1, 130, 143), out
    deadline = time.monotonic() + 10
    while any(process_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(process_alive(p) for p in pids), out
    assert not (data_dir / "services.json").exists()
    # And a second start reuses the same cluster rather than creating a new one.
    created = (data_dir / "postgres" / "PG_VERSION").stat().st_mtime_ns
    proc2, _ = _start_cli(data_dir)
    os.killpg(proc2.pid, signal.SIGINT)
    proc2.communicate(timeout=60)
    assert (data_dir / "postgres" / "PG_VERSION").stat().st_mtime_ns == created


def test_missing_binaries_give_one_clear_message(tmp_path: Path) -> None:
    env = {
        "PATH": str(tmp_path),  # nothing on it
        "LIFTLENS_DATA_DIR": str(tmp_path / "d"),
        "HOME": str(tmp_path),
    }
    code = (
        "import workers.embedded as e, sys\n"
        "e.glob.glob = lambda pattern: []\n"
        "try:\n    e.postgres_bindir()\nexcept Exception as exc:\n    print(exc)\n"
        "try:\n    e.redis_binary()\nexcept Exception as exc:\n    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert "apt-get install postgresql" in out
    assert "apt-get install redis-server" in out


def test_services_status_and_stop_from_another_process(
    services_dir: Path, pg_cluster_seed: Path
) -> None:
    data_dir = services_dir / "status-stop"
    proc, state = _start_cli(data_dir, pg_cluster_seed)
    env = {**os.environ, "LIFTLENS_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "ingest.cli", "services"]
    status = subprocess.run(
        [*cmd, "status", "--json"], env=env, capture_output=True, text=True, check=True, timeout=30
    )
    assert json.loads(status.stdout)["running"] is True
    stopped = subprocess.run(
        [*cmd, "stop"], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert "stopped" in stopped.stderr + stopped.stdout
    proc.wait(30)
    assert not process_alive(int(str(state["postgres_pid"])))
    after = subprocess.run(
        [*cmd, "status"], env=env, capture_output=True, text=True, check=False, timeout=30
    )
    assert after.returncode == 3 and "not running" in after.stderr + after.stdout


def test_only_the_service_without_a_url_is_started(db_url: str, tmp_path: Path) -> None:
    # A configured PostgreSQL and no Redis URL: an embedded Redis, and no second PostgreSQL.
    settings = Settings(database_url=db_url, redis_url=None, data_dir=tmp_path / "data")
    events: list[str] = []
    with services(settings, on_event=events.append) as urls:
        assert urls.database_url == db_url
        assert redis.Redis.from_url(urls.redis_url).ping()
        state = json.loads((tmp_path / "data" / "services.json").read_text())
        assert "postgres_pid" not in state and process_alive(int(state["redis_pid"]))
        assert read_state(tmp_path / "data") is not None
    assert not any("PostgreSQL" in event for event in events), events
    assert not (tmp_path / "data" / "postgres").exists()
    assert not process_alive(int(state["redis_pid"]))
    assert read_state(tmp_path / "data") is None


def test_a_redis_started_beside_a_recorded_postgres_is_recorded_too(
    redis_url: str, tmp_path: Path, pg_cluster_seed: Path
) -> None:
    # One process runs an embedded PostgreSQL with a configured Redis; a second with
    # no URLs reuses that PostgreSQL and starts a Redis, which a third must find.
    data_dir = tmp_path / "data"
    seed_cluster(pg_cluster_seed, data_dir)
    first = Settings(database_url=None, redis_url=redis_url, data_dir=data_dir)
    bare = Settings(database_url=None, redis_url=None, data_dir=data_dir)
    with services(first, run_migrations=False) as pg_only:
        assert "redis_url" not in json.loads((data_dir / "services.json").read_text())
        with services(bare, run_migrations=False) as second:
            assert second.database_url == pg_only.database_url
            state = json.loads((data_dir / "services.json").read_text())
            assert state["redis_url"] == second.redis_url
            events: list[str] = []
            with services(bare, run_migrations=False, on_event=events.append) as third:
                assert third.redis_url == second.redis_url
            assert not any("starting" in e for e in events), events
        after = json.loads((data_dir / "services.json").read_text())
        assert "redis_url" not in after and after["database_url"] == pg_only.database_url
    assert read_state(data_dir) is None


def test_postgres_killed_outright_starts_again_over_its_stale_pid_file(
    services_dir: Path,
) -> None:
    pg = EmbeddedPostgres(services_dir / "stale-pid" / "postgres", fast=True)
    pg.start()
    assert pg.proc is not None
    os.kill(pg.proc.pid, signal.SIGKILL)
    pg.proc.wait(10)
    assert (pg.datadir / "postmaster.pid").exists()
    try:
        pg.start()  # crash recovery, same port
        with psycopg.connect(pg.url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        pg.stop()
