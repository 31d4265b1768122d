"""`liftlens up` as `make run` uses it: embedded services, supervised children, a clean Ctrl-C.

One `up` serves the tests of this module, in order: status while it starts,
ingesting, kill -9 of the worker, of Redis and of PostgreSQL (each restarted,
the work done once), two binds at once, a symlink in the inbox, and Ctrl-C.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schema.db import connect
from tests.e2e.conftest import REPO, liftlens_cmd, process_alive
from tests.e2e.faults import counts, day_workout, release
from tests.e2e.upstack import UpStack, start_up, up_env, wait_until
from workers.faults import release_file

pytestmark = pytest.mark.e2e

Stack = tuple[UpStack, list[tuple[int, str]]]


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = next(
            (int(line.split()[1]) for line in text.splitlines() if line.startswith("PPid:")), 0
        )
        if ppid == pid:
            child = int(status.parent.name)
            found |= {child} | _descendants(child)
    return found


@pytest.fixture(scope="module")
def stack(services_dir: Path, pg_cluster_seed: Path) -> Iterator[Stack]:
    """One supervised `up`; `status` is run three times while it starts."""
    base = services_dir / "up-supervised"
    data_dir, inbox = base / "data", base / "inbox"
    data_dir.mkdir(parents=True)
    release(data_dir)  # no task is held until a test asks for it
    up = start_up(
        data_dir,
        inbox,
        base / "up.log",
        "--workers",
        "1",
        cluster=pg_cluster_seed,  # initdb on a first start: test_up_sigterm
        LIFTLENS_FAULT_HOLD="after_ocr",
        LIFTLENS_RESTART_BACKOFF_S="10",  # long enough to see a service down in `status`
    )
    early: list[tuple[int, str]] = []
    try:
        for delay in (0.5, 1.5, 3.0):
            time.sleep(delay)
            res = up.cli("status", "--json")
            early.append((res.returncode, res.stdout + res.stderr))
        up.wait_for("liftlens is up", timeout_s=180)
        yield up, early
    finally:
        up.stop()


def _upload(up: UpStack, name: str) -> dict[str, object] | None:
    with connect(up.database_url()) as conn:
        row = conn.execute(
            "SELECT id, status, attempts FROM uploads WHERE original_name = %s", (name,)
        ).fetchone()
    return None if row is None else dict(row)


def _wait_done(up: UpStack, names: list[str], timeout_s: float) -> None:
    def done() -> bool:
        try:
            rows = [_upload(up, n) for n in names]
        except Exception:  # PostgreSQL may be restarting
            return False
        return all(r is not None and r["status"] in ("done", "needs_review") for r in rows)

    wait_until(done, timeout_s, f"{names} to be done")


def test_read_only_commands_never_start_services(services_dir: Path) -> None:
    data_dir = services_dir / "nothing-runs"
    env = up_env(data_dir, services_dir / "nothing-inbox")
    for args in (["status"], ["sessions", "list"], ["report", "unmapped"]):
        res = subprocess.run(
            liftlens_cmd(*args), env=env, cwd=REPO, capture_output=True, text=True, timeout=60
        )
        out = res.stdout + res.stderr
        assert res.returncode == 3, out  # SERVICES_DOWN
        assert "liftlens up" in out and "Traceback" not in out, out
    assert not (data_dir / "postgres").exists()
    assert not (data_dir / "services.json").exists()


def test_status_while_up_starts_waits_or_says_nothing_runs(stack: Stack) -> None:
    up, early = stack
    for code, out in early:
        assert code in (0, 3), out
        assert "Traceback" not in out and "starting embedded" not in out, out
        if code == 3:
            assert "liftlens up" in out
    assert up.output().count("starting embedded PostgreSQL") == 1
    res = up.cli("status", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["down"] == []
    assert {c["name"] for c in report["children"]} == {
        "postgres",
        "redis",
        "worker-1",
        "beat",
        "watch",
        "api",
    }


def test_up_ingests_from_the_inbox_and_prints_one_line_per_session(stack: Stack) -> None:
    up, _ = stack
    day_workout(up.inbox / "push.png", 7)
    up.wait_for("stored push.png: session", timeout_s=120)
    assert (up.inbox / ".processed" / "push.png").exists()
    line = next(x for x in up.output().splitlines() if "stored push.png" in x)
    assert "2021-01-08" in line and "exercises" in line and "sets" in line
    assert "celery@" not in up.output() and "ready." not in up.output()  # banners go to files
    logs = up.cli("logs", "worker-1")
    assert logs.returncode == 0 and "ready." in logs.stdout


def test_kill_9_of_the_worker_process_restarts_it_and_reruns_its_task(stack: Stack) -> None:
    up, _ = stack
    release_file(up.data_dir.resolve()).unlink()
    day_workout(up.inbox / "held.png", 31)
    wait_until(lambda: list(up.data_dir.glob("fault-held-*")), 120, "a held task")
    os.kill(up.child_pid("worker-1"), signal.SIGKILL)  # the main process, as the OOM killer does
    killed = time.monotonic()
    release(up.data_dir)
    up.wait_for("worker-1 died (killed by SIGKILL)", timeout_s=10)
    up.wait_for("restarted worker-1", timeout_s=60)
    _wait_done(up, ["held.png"], timeout_s=max(1.0, 60 - (time.monotonic() - killed)))
    row = _upload(up, "held.png")
    assert row is not None and row["attempts"] == 2
    numbers = counts(up.database_url())
    assert numbers["sessions"] == numbers["ocr_runs"] == numbers["done"] == 2
    report = json.loads(up.cli("status", "--json").stdout)
    [worker] = [c for c in report["children"] if c["name"] == "worker-1"]
    assert (worker["restarts"], worker["last_exit"], worker["state"]) == (1, -9, "running")


def test_kill_9_of_embedded_redis_is_restarted_and_status_says_so(stack: Stack) -> None:
    up, _ = stack
    os.kill(up.child_pid("redis"), signal.SIGKILL)
    up.wait_for("redis died (killed by SIGKILL)", timeout_s=10)
    res = up.cli("status")
    out = res.stdout + res.stderr
    assert res.returncode == 0 and "Traceback" not in out, out
    [down] = [line for line in out.splitlines() if line.startswith("down:")]
    assert "redis is down since" in down
    day_workout(up.inbox / "redis-down-a.png", 41)
    day_workout(up.inbox / "redis-down-b.png", 42)
    up.wait_for("restarted redis", timeout_s=60)
    _wait_done(up, ["redis-down-a.png", "redis-down-b.png"], timeout_s=120)
    numbers = counts(up.database_url())
    assert numbers["sessions"] == numbers["ocr_runs"] == numbers["uploads"] == 4


def test_kill_9_of_embedded_postgres_is_restarted_and_the_inbox_drains(stack: Stack) -> None:
    up, _ = stack
    os.kill(up.child_pid("postgres"), signal.SIGKILL)
    up.wait_for("postgres died (killed by SIGKILL)", timeout_s=10)
    names = [f"pg-down-{i}.png" for i in range(3)]
    for i, name in enumerate(names):
        day_workout(up.inbox / name, 51 + i)
    up.wait_for("restarted postgres", timeout_s=90)
    _wait_done(up, names, timeout_s=150)
    numbers = counts(up.database_url())
    assert numbers["sessions"] == numbers["ocr_runs"] == numbers["uploads"] == 7


def test_two_binds_at_the_same_moment(stack: Stack) -> None:
    up, _ = stack
    procs = [
        subprocess.Popen(
            liftlens_cmd("bind"),
            env=up.env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert not any("Traceback" in o or "error" in o.lower() for o in outs), outs
    with connect(up.database_url()) as conn:
        dupes = conn.execute(
            "SELECT exercise_id, new_key, count(*) FROM binding_events"
            " GROUP BY exercise_id, new_key HAVING count(*) > 1"
        ).fetchall()
        bound = conn.execute("SELECT count(*) AS n FROM binding_events").fetchone()
    assert dupes == []
    assert bound is not None and int(bound["n"]) > 0


def test_a_symlink_leading_outside_the_inbox_is_never_read(
    stack: Stack, services_dir: Path
) -> None:
    up, _ = stack
    secret = day_workout(services_dir / "outside" / "secret.png", 61)
    before = secret.read_bytes()
    link = up.inbox / "link.png"
    link.symlink_to(secret)
    up.wait_for("left alone link.png", timeout_s=30)
    time.sleep(5)  # two rescans more
    assert link.is_symlink() and secret.read_bytes() == before
    assert _upload(up, "link.png") is None and _upload(up, "secret.png") is None
    assert up.output().count("left alone link.png") == 1


def test_ctrl_c_stops_every_child(stack: Stack) -> None:
    up, _ = stack
    family = _descendants(up.proc.pid)
    assert len(family) >= 6  # postgres, redis, worker, beat, watcher, api and their children
    assert up.stop() == 0
    assert "stopped" in up.output()
    deadline = time.monotonic() + 10
    while any(process_alive(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in family if process_alive(p)], up.output()
    assert not (up.data_dir / "services.json").exists()
    assert not (up.data_dir / "supervisor.json").exists()
