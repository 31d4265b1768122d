"""Screenshots through the running pipeline with 1 and 2 workers, beside bare tesseract.

    python bench/pipeline_throughput.py [--count N] [--images DIR]

Starts a private PostgreSQL and Redis (unless LIFTLENS_DATABASE_URL and
LIFTLENS_REDIS_URL are set), then for each worker count: a fresh database, K
real `liftlens worker` processes (one pool process each, as `--scale worker=K`
would run them), N screenshots submitted at once, and a wait until every
session is committed. Prints screenshots per second, median and p95 latency
from submit (the moment the watcher hands on a stable file) to session
commit, and the ratio to bare `tesseract IMG stdout tsv` over the same images
at the same parallelism. Goals: >= 0.9 of bare throughput; 2 workers >= 1.8x one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from PIL import Image, PngImagePlugin

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.ocr_speed import (  # noqa: E402
    BARE_CONFIGS,
    FASTEST_BARE,
    FIXTURE_SCREENS,
    collect_images,
)
from ingest.sources.submit import submit  # noqa: E402
from schema.db import connect  # noqa: E402
from schema.migrate import migrate  # noqa: E402
from schema.settings import Settings  # noqa: E402
from workers.celery_app import create_app, enqueuer  # noqa: E402
from workers.embedded import EmbeddedPostgres, EmbeddedRedis  # noqa: E402


def distinct_images(sources: list[Path], count: int, out: Path) -> dict[Path, str]:
    """`count` PNGs with distinct bytes (a text chunk numbers each copy), same pixels,
    each with the languages its recorded OCR needed (`eng` when none is recorded)."""
    out.mkdir(parents=True, exist_ok=True)
    made: dict[Path, str] = {}
    for i in range(count):
        src = sources[i % len(sources)]
        info = PngImagePlugin.PngInfo()
        info.add_text("liftlens-bench-copy", str(i))
        path = out / f"{i:04}-{src.stem}.png"
        with Image.open(src) as img:
            img.save(path, pnginfo=info)
        made[path] = _recorded_languages(src)
    return made


def _recorded_languages(src: Path) -> str:
    recorded = src.with_name(f"{src.stem}.ocr.json")
    try:
        return str(json.loads(recorded.read_text())["languages"])
    except (OSError, ValueError, KeyError):
        return "eng"


def bare_per_second(images: dict[Path, str], parallel: int) -> float:
    """Throughput of bare `tesseract IMG stdout -l LANGS tsv` in the fastest configuration,
    told each image's languages up front (the pipeline has to find them out)."""
    extra_env, extra_args = BARE_CONFIGS[FASTEST_BARE]
    env = {**os.environ, **extra_env}

    def run(item: tuple[Path, str]) -> None:
        path, langs = item
        subprocess.run(
            ["tesseract", str(path), "stdout", "-l", langs, *extra_args, "tsv"],
            env=env,
            capture_output=True,
            check=True,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(run, images.items()))
    return len(images) / (time.perf_counter() - started)


def run_workers(settings: Settings, workers: int, paths: list[Path]) -> dict[str, float]:
    """Submit every path with K worker processes running; time until all are committed."""
    assert settings.database_url and settings.redis_url
    env = {
        **os.environ,
        "LIFTLENS_DATABASE_URL": settings.database_url,
        "LIFTLENS_REDIS_URL": settings.redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    procs = []
    logs = []
    for i in range(workers):
        log_path = Path(tempfile.mkstemp(prefix=f"bench-worker{i}-", suffix=".log")[1])
        logs.append(log_path)
        with log_path.open("wb") as log:
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "ingest.cli",
                        "worker",
                        "--concurrency",
                        "1",
                        "--name",
                        f"bench{i}@%h",
                        "--loglevel",
                        "WARNING",
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    cwd=REPO,
                )
            )
    try:
        _wait_workers(settings, workers)
        enqueue = enqueuer(create_app(settings))
        with connect(settings.database_url, autocommit=True) as conn:
            for path in paths:
                submit(
                    conn,
                    path.read_bytes(),
                    original_name=path.name,
                    source="cli",
                    settings=settings,
                    enqueue=enqueue,
                )
            while True:
                row = conn.execute(
                    "SELECT count(*) FILTER (WHERE status IN ('done','needs_review','failed',"
                    "'rejected')) AS final, count(*) AS total FROM uploads"
                ).fetchone()
                assert row is not None
                if row["final"] == row["total"] == len(paths):
                    break
                time.sleep(0.1)
            rows = conn.execute(
                """SELECT extract(epoch FROM u.created_at) AS submitted,
                          extract(epoch FROM ws.created_at) AS committed, u.status
                   FROM uploads u LEFT JOIN workout_sessions ws ON ws.upload_id = u.id"""
            ).fetchall()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(60)
    failed = [r for r in rows if r["committed"] is None]
    if failed:
        print(f"  warning: {len(failed)} uploads without a session")
    done = [r for r in rows if r["committed"] is not None]
    start = min(float(r["submitted"]) for r in rows)
    end = max(float(r["committed"]) for r in done)
    latencies = sorted(float(r["committed"]) - float(r["submitted"]) for r in done)
    return {
        "per_s": len(done) / (end - start),
        "median": statistics.median(latencies),
        "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)],
    }


def _wait_workers(settings: Settings, count: int) -> None:
    app = create_app(settings)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0) or []) >= count:
            return
    raise SystemExit("workers did not come up")


def _fresh_db(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=60, help="screenshots per run")
    parser.add_argument(
        "--images",
        nargs="*",
        default=[str(FIXTURE_SCREENS)],
        help="source images (default: fixtures)",
    )
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    args = parser.parse_args()
    sources = collect_images(args.images)
    tmp = Path(tempfile.mkdtemp(prefix="liftlens-bench-"))
    tmp.chmod(0o755)
    if not sources:
        raise SystemExit("no images found")
    images = distinct_images(sources, args.count, tmp / "images")
    paths = list(images)
    pg = rd = None
    db_base = os.environ.get("LIFTLENS_DATABASE_URL")
    redis_url = os.environ.get("LIFTLENS_REDIS_URL")
    if not (db_base and redis_url):
        pg, rd = EmbeddedPostgres(tmp / "pg", fast=True), EmbeddedRedis(tmp / "redis")
        pg.start()
        rd.start()
        redis_url = rd.url
    print(f"{len(paths)} screenshots from {len(sources)} distinct images; {os.cpu_count()} cores")
    print(f"{'run':<22}{'shots/s':>9}{'median s':>10}{'p95 s':>8}{'bare/s':>9}{'ratio':>7}")
    results: dict[int, float] = {}
    try:
        for k in (int(x) for x in args.workers.split(",")):
            if pg is not None:
                _fresh_db(pg.admin_url(), f"bench_{k}")
                db_url = pg.admin_url(f"bench_{k}")
            else:
                assert db_base is not None
                db_url = db_base
            with connect(db_url, autocommit=True) as conn:
                migrate(conn)
            settings = Settings(database_url=db_url, redis_url=redis_url, data_dir=tmp / "data")
            figures = run_workers(settings, k, paths)
            bare_per_s = bare_per_second(images, k)
            results[k] = figures["per_s"]
            label = f"pipeline, {k} worker(s)"
            print(
                f"{label:<22}{figures['per_s']:>9.2f}{figures['median']:>10.2f}"
                f"{figures['p95']:>8.2f}{bare_per_s:>9.2f}{figures['per_s'] / bare_per_s:>7.2f}"
            )
    finally:
        if rd is not None:
            rd.stop()
        if pg is not None:
            pg.stop()
    if 1 in results and 2 in results:
        print(f"scaling 2 workers / 1 worker: {results[2] / results[1]:.2f}x (goal >= 1.8x)")
    print(
        "ratio = pipeline throughput / bare tesseract throughput at the same parallelism "
        "(goal >= 0.9)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
