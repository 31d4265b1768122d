"""Kill a worker with uploads in flight, under `liftlens up`; time the recovery, count losses.

    python bench/fault_recovery.py [--count 24] [--workers 2]

Starts `liftlens up` on embedded services in a scratch directory, then twice:
submits `--count` distinct sample screenshots, waits until one is being
processed, and kill -9s either the whole worker process that runs it (as the
OOM killer would) or only its pool process. Prints, for each, the seconds
from the kill until every upload is finished (goal <= 90), and how many were
lost (never finished) or duplicated (more than one session or OCR run for an
upload); goal 0/0.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.ocr_speed import FIXTURE_SCREENS, collect_images  # noqa: E402
from bench.pipeline_throughput import distinct_images  # noqa: E402
from ingest.sources.submit import submit  # noqa: E402
from schema.db import connect  # noqa: E402
from schema.settings import Settings  # noqa: E402
from workers.celery_app import create_app, enqueuer  # noqa: E402
from workers.heartbeat import CLAIMS_KEY  # noqa: E402

FINAL = ("done", "needs_review", "failed", "rejected")
GOAL_S = 90.0


def start_up(base: Path, workers: int) -> tuple[subprocess.Popen[bytes], Path, dict[str, str]]:
    """`liftlens up --no-api` on its own data directory; returns once it is up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFTLENS_")}
    env.update(LIFTLENS_DATA_DIR=str(base / "data"), LIFTLENS_INBOX=str(base / "inbox"))
    log = base / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.cli", "up", "--workers", str(workers), "--no-api"],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 180
    while "liftlens is up" not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"up did not start:\n{log.read_text()}")
        time.sleep(0.3)
    state = json.loads((base / "data" / "services.json").read_text())
    return proc, log, {"database_url": state["database_url"], "redis_url": state["redis_url"]}


def submit_batch(settings: Settings, images: list[Path]) -> list[int]:
    """Submit every image; the upload ids."""
    assert settings.database_url is not None
    enqueue = enqueuer(create_app(settings))
    ids = []
    with connect(settings.database_url, autocommit=True) as conn:
        for path in images:
            result = submit(
                conn,
                path.read_bytes(),
                original_name=path.name,
                source="cli",
                settings=settings,
                enqueue=enqueue,
            )
            assert result.upload_id is not None
            ids.append(result.upload_id)
    return ids


def in_flight_worker(redis_url: str, ids: list[int], timeout_s: float = 120) -> int:
    """The main pid of a worker running one of `ids` (from the claims the tasks record)."""
    client = redis.Redis.from_url(redis_url)
    wanted = {str(i) for i in ids}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for upload_id, owner in client.hgetall(CLAIMS_KEY).items():
            if upload_id.decode() in wanted:
                return int(owner.decode().rsplit(":", 1)[1])
        time.sleep(0.05)
    raise SystemExit("no upload of the batch was taken by a worker")


def pool_process(worker_pid: int) -> int:
    """The (single) pool process of a worker started with concurrency 1."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if any(line == f"PPid:\t{worker_pid}" for line in lines):
            return int(status.parent.name)
    raise SystemExit(f"worker {worker_pid} has no pool process")


def outcome(database_url: str, ids: list[int], killed: float) -> tuple[float | None, int, int]:
    """Seconds from the kill to all finished (None if not within 180 s), lost, duplicated."""
    deadline = killed + 180
    elapsed: float | None = None
    while time.monotonic() < deadline:
        with connect(database_url) as conn:
            rows = conn.execute("SELECT status FROM uploads WHERE id = ANY(%s)", (ids,)).fetchall()
        if all(r["status"] in FINAL for r in rows):
            elapsed = time.monotonic() - killed
            break
        time.sleep(0.2)
    with connect(database_url) as conn:
        lost = conn.execute(
            "SELECT count(*) AS n FROM uploads WHERE id = ANY(%s) AND status NOT IN "
            "('done', 'needs_review')",
            (ids,),
        ).fetchone()
        dup = conn.execute(
            "SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT upload_id, count(*) AS n "
            "FROM ocr_runs WHERE upload_id = ANY(%s) GROUP BY upload_id) AS runs",
            (ids,),
        ).fetchone()
    assert lost is not None and dup is not None
    return elapsed, int(lost["n"]), int(dup["n"])


def scenario(name: str, base: Path, urls: dict[str, str], images: list[Path]) -> bool:
    """One kill with the uploads of `images` in flight; prints its line, True within the goals."""
    settings = Settings(**urls, data_dir=base / "data")  # type: ignore[arg-type]
    count = len(images)
    ids = submit_batch(settings, images)
    worker = in_flight_worker(urls["redis_url"], ids)
    victim = worker if name == "worker process" else pool_process(worker)
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    elapsed, lost, dup = outcome(urls["database_url"], ids, killed)
    shown = "not within 180" if elapsed is None else f"{elapsed:.1f}"
    ok = elapsed is not None and elapsed <= GOAL_S and lost == 0 and dup == 0
    print(
        f"kill -9 {name:<14} pid {victim:>7}: {count} uploads in flight, all done {shown} s "
        f"after the kill (goal <= {GOAL_S:.0f}); lost/duplicated {lost}/{dup} (goal 0/0)"
        f"  {'OK' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    """Run both scenarios; exit 1 if either misses a goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sources = [p for p in collect_images([str(FIXTURE_SCREENS)]) if "strong" in p.name][:12]
    with tempfile.TemporaryDirectory(prefix="liftlens-fault-") as tmp:
        base = Path(tmp)
        base.chmod(0o755)  # the PostgreSQL service user must reach the data directory
        # Distinct bytes for both batches: the second must not be duplicates of the first.
        images = sorted(distinct_images(sources, 2 * args.count, base / "images"))
        batches = {"worker process": images[: args.count], "pool process": images[args.count :]}
        proc, log, urls = start_up(base, args.workers)
        try:
            results = [scenario(name, base, urls, batch) for name, batch in batches.items()]
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(120)
        restarts = [line for line in log.read_text().splitlines() if "died" in line]
        print("up said: " + " | ".join(restarts))
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
