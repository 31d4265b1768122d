"""Time progress and exports with 2,000 sessions and 100,000 sets stored.

    python -m bench.export_scale [--sessions 2000 --sets 100000 --requests 60]

Starts a private PostgreSQL (fsync off) unless LIFTLENS_DATABASE_URL is set, in
which case the rows are ADDED to that database. Stores the sessions, exercises
(bound to catalogue keys, some spellings per key) and sets with COPY, kg and lb
mixed, warm-ups included, a few sessions hand-corrected; then serves the real
API with uvicorn on a loopback port and times over HTTP:

1. `GET /progress/{key}` for the most logged key (goal: p95 under 300 ms),
2. `GET /progress` (the index),
3. a full Strong-CSV export, `GET /export.csv?format=strong-csv` (goal: under 5 s),
   and the same export without HTTP (what `liftlens export` does).
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn

from bench.bind_scale import database
from ingest.export.trackers import tracker_csv
from ingest.web.app import create_api
from schema.db import Connection, connect
from schema.migrate import migrate
from schema.name_norm import normalise
from schema.repo_aliases import load_catalogue_into_db
from schema.repo_corrections import CorrectionDraft, record
from schema.repo_export import load_export
from schema.settings import Settings
from workers.names.catalogue import load_catalogue

# (key, spellings as screens show them); the first is the lift the lifter logs most.
LIFTS = (
    ("bench_press", ("Bench Press (Barbell)", "Bench Press", "bench press", "BB Bench")),
    ("squat", ("Squat (Barbell)", "Squat", "Back Squat")),
    ("deadlift", ("Deadlift (Barbell)", "Deadlift")),
    ("overhead_press", ("Overhead Press (Barbell)", "OHP")),
    ("pull_up", ("Pull Up", "Pull-up")),
    ("lat_pulldown", ("Lat Pulldown (Cable)",)),
    ("leg_press", ("Leg Press",)),
    ("bicep_curl_dumbbell", ("Bicep Curl (Dumbbell)",)),
)
TITLES = ("Push Day", "Pull Day", "Leg Day", "Upper", "Lower", "Full Body")


SetRow = tuple[str, int, float]  # (set type, reps, weight)
Logged = tuple[str, str, list[SetRow]]  # (key, spelling, sets)
Head = tuple[str, date, str]  # (title, day, unit)


def _rows(sessions: int, sets: int, seed: int) -> tuple[list[Head], list[list[Logged]]]:
    """Per session (title, day, unit) and its exercises with their sets."""
    rng = random.Random(seed)
    per_session = sets / sessions
    heads: list[Head] = []
    bodies: list[list[Logged]] = []
    start = date(2022, 1, 3)
    for i in range(sessions):
        unit = "lb" if i % 5 == 0 else "kg"
        heads.append((rng.choice(TITLES), start + timedelta(days=i * 3 // 4), unit))
        budget = round(per_session * (i + 1)) - round(per_session * i)
        lifts = [LIFTS[0], *rng.sample(LIFTS[1:], 4)]
        exercises: list[Logged] = []
        for j, (key, names) in enumerate(lifts):
            n = budget // len(lifts) + (1 if j < budget % len(lifts) else 0)
            base = rng.uniform(40, 140) * (2.2 if unit == "lb" else 1)
            rows = [
                (
                    "warmup" if k == 0 else "working",
                    rng.randint(3, 12),
                    round(base * (0.5 if k == 0 else 1), 1),
                )
                for k in range(n)
            ]
            exercises.append((key, rng.choice(names), rows))
        bodies.append(exercises)
    return heads, bodies


def _copy_sets(conn: Connection, heads: list[Head], bodies: list[list[Logged]]) -> None:
    """COPY the sets of the exercises just stored (in session and position order)."""
    exercise_ids = [
        int(r["id"])
        for r in conn.execute(
            "SELECT e.id FROM session_exercises e JOIN uploads u ON u.id = e.upload_id"
            " WHERE u.original_name LIKE 'export-bench-%%' ORDER BY e.session_id, e.position"
        )
    ]
    flat = [
        (ex, head[2]) for exercises, head in zip(bodies, heads, strict=True) for ex in exercises
    ]
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY exercise_sets (exercise_id, position, set_type, reps, weight, unit,"
            " weight_kg) FROM STDIN"
        ) as copy,
    ):
        for eid, ((_key, _name, rows), unit) in zip(exercise_ids, flat, strict=True):
            for pos, (kind, reps, weight) in enumerate(rows):
                kg = round(weight * 0.45359237, 3) if unit == "lb" else weight
                copy.write_row((eid, pos, kind, reps, weight, unit, kg))


def store(conn: Connection, sessions: int, sets: int, seed: int = 15) -> float:
    """Store the sessions, exercises and sets with COPY; seconds taken."""
    started = time.perf_counter()
    heads, bodies = _rows(sessions, sets, seed)
    with conn.transaction():
        conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size, status)"
            " SELECT encode(sha256(convert_to('export-bench-' || g, 'UTF8')), 'hex'), 'cli',"
            " 'export-bench-' || g || '.png', 1000, 'done' FROM generate_series(1, %(n)s) g",
            {"n": sessions},
        )
        uploads = [
            int(r["id"])
            for r in conn.execute(
                "SELECT id FROM uploads WHERE original_name LIKE 'export-bench-%%' ORDER BY id"
            )
        ]
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY workout_sessions (upload_id, layout, title, performed_on, duration_min,"
                " confidence) FROM STDIN"
            ) as copy,
        ):
            for upload, (title, day, _unit) in zip(uploads, heads, strict=True):
                copy.write_row((upload, "strong", title, day, 60, 0.95))
        session_ids = [
            int(r["id"])
            for r in conn.execute(
                "SELECT id FROM workout_sessions WHERE upload_id = ANY(%s) ORDER BY upload_id",
                (uploads,),
            )
        ]
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY session_exercises (session_id, position, raw_name, name_norm, alias_key,"
                " bound_method, bound_score, upload_id) FROM STDIN"
            ) as copy,
        ):
            for sid, upload, exercises in zip(session_ids, uploads, bodies, strict=True):
                for pos, (key, name, _sets) in enumerate(exercises):
                    copy.write_row((sid, pos, name, normalise(name), key, "exact", 100, upload))
        _copy_sets(conn, heads, bodies)
    conn.execute("ANALYZE")
    for sid in session_ids[:: max(1, sessions // 20)]:  # a few hand corrections
        fix = CorrectionDraft(action="edit", target="session", field="title", after="Corrected")
        record(conn, sid, fix, "cli")
    return time.perf_counter() - started


@contextmanager
def serve(url: str) -> Iterator[str]:
    """The real API on a free loopback port, in a thread; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(database_url=url, redis_url="redis://127.0.0.1:1/0", data_dir=Path("/tmp"))
    server = uvicorn.Server(uvicorn.Config(create_api(settings), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def p95(samples: list[float]) -> float:
    """The 95th percentile of a list of timings."""
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timings(base: str, path: str, n: int) -> list[float]:
    """Seconds per GET of `path`, after one warm-up request."""
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get(path).raise_for_status()
        for _ in range(n):
            t = time.perf_counter()
            client.get(path).raise_for_status()
            out.append(time.perf_counter() - t)
    return out


def main() -> None:
    """Store, serve, time, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--sets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    with database() as (url, what, _pid):
        print(f"database: {what}")
        with connect(url, autocommit=True) as conn:
            migrate(conn)
            load_catalogue_into_db(conn, load_catalogue())
            seconds = store(conn, args.sessions, args.sets)
            total = conn.execute("SELECT count(*) AS n FROM exercise_sets").fetchone()
        count = total["n"] if total else "?"
        print(f"stored {args.sessions} sessions, {count} sets in {seconds:.1f} s")
        with serve(url) as base:
            progress = timings(base, "/progress/bench_press", args.requests)
            index = timings(base, "/progress", max(5, args.requests // 4))
            export = timings(base, "/export.csv?format=strong-csv", 3)
        with connect(url) as conn:
            t = time.perf_counter()
            size = sum(len(chunk) for chunk in tracker_csv(load_export(conn), "strong-csv"))
            direct = time.perf_counter() - t
    ms = 1000
    print(
        f"GET /progress/bench_press: p50 {statistics.median(progress) * ms:.0f} ms, "
        f"p95 {p95(progress) * ms:.0f} ms over {len(progress)} requests (goal p95 < 300 ms)"
    )
    print(
        f"GET /progress: p50 {statistics.median(index) * ms:.0f} ms, p95 {p95(index) * ms:.0f} ms"
    )
    print(
        f"GET /export.csv?format=strong-csv: best {min(export):.2f} s, worst {max(export):.2f} s "
        f"(goal < 5 s)"
    )
    print(f"Strong CSV without HTTP: {direct:.2f} s, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
