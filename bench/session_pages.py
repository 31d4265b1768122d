"""Time the sessions pages with 2,000 sessions and 100,000 sets stored.

    python bench/session_pages.py [--sessions 2000 --sets 100000 --requests 200]

Starts a private PostgreSQL in a temp dir (fsync off) unless
LIFTLENS_DATABASE_URL is set, in which case the rows are ADDED to that
database. Uploads and sessions are inserted set-wise, exercises and sets with
COPY; a tenth of the sessions is in review and a tenth carries hand
corrections (recorded through `schema.repo_corrections`, as the page does).
Then it requests, through the real FastAPI app in-process (TestClient: routing,
templates, one PostgreSQL connection per request), and prints p50/p95/max:

* `/sessions` (the first page), `/sessions?review=needs_review`, a later page,
* `/sessions/{id}` for random sessions, corrected and not.

The goal is p95 under 150 ms for both pages.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from fastapi.testclient import TestClient

from bench.bind_scale import database
from ingest.web.app import create_api
from schema.db import Connection, connect
from schema.migrate import migrate
from schema.repo_corrections import CorrectionDraft, record
from schema.settings import Settings

EXERCISES = (
    "Bench Press (Barbell)",
    "Squat (Barbell)",
    "Seal Row",
    "Deadlift (Barbell)",
    "Overhead Press (Barbell)",
    "Lat Pulldown (Cable)",
    "Leg Press",
    "Face Pull",
)
HTML = {"accept": "text/html"}


def create_rows(conn: Connection, sessions: int, sets: int, rng: random.Random) -> list[int]:
    """Uploads, sessions, exercises and sets; returns the session ids."""
    per_session = max(1, sets // sessions)
    exercises_per = max(1, per_session // 10)
    with conn.transaction():
        conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size, status)"
            " SELECT encode(sha256(convert_to('pages-' || g, 'UTF8')), 'hex'), 'cli',"
            " 'pages-' || g || '.png', 1000, 'done' FROM generate_series(1, %(n)s) g",
            {"n": sessions},
        )
        ids = [
            int(r["id"])
            for r in conn.execute(
                "INSERT INTO workout_sessions (upload_id, layout, title, performed_on, confidence,"
                " needs_review) SELECT id, 'strong', 'Workout ' || id,"
                " %(start)s::date + (id %% 900)::int, 0.9, id %% 10 = 0"
                " FROM uploads WHERE original_name LIKE 'pages-%%' RETURNING id",
                {"start": date(2023, 1, 1)},
            )
        ]
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY session_exercises (session_id, position, raw_name, name_norm) FROM STDIN"
            ) as copy,
        ):
            for sid in ids:
                for pos in range(exercises_per):
                    name = rng.choice(EXERCISES)
                    copy.write_row((sid, pos, name, name.lower()))
        _copy_sets(conn, ids, rng)
    conn.execute("ANALYZE")
    return ids


def _copy_sets(conn: Connection, ids: list[int], rng: random.Random) -> None:
    """Ten sets for every exercise of the sessions `ids`, with COPY."""
    per_exercise = 10
    exercise_ids = [
        int(r["id"])
        for r in conn.execute(
            "SELECT id FROM session_exercises WHERE session_id = ANY(%(ids)s) ORDER BY id",
            {"ids": ids},
        )
    ]
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY exercise_sets (exercise_id, position, set_type, reps, weight, unit,"
            " weight_kg, raw_line) FROM STDIN"
        ) as copy,
    ):
        for ex in exercise_ids:
            for pos in range(per_exercise):
                weight = rng.choice((40, 60, 80, 100, 120)) + 2.5 * rng.randint(0, 3)
                reps = rng.randint(3, 12)
                copy.write_row(
                    (
                        ex,
                        pos,
                        "working",
                        reps,
                        weight,
                        "kg",
                        weight,
                        f"{pos + 1} {weight:g} kg x {reps}",
                    )
                )


def correct_some(conn: Connection, ids: list[int], rng: random.Random) -> None:
    """Hand corrections on a tenth of the sessions (and accept half of those)."""
    for sid in rng.sample(ids, len(ids) // 10):
        for field, value in (("weight", 101.5), ("reps", 7)):
            draft = CorrectionDraft(
                action="edit", target="set", exercise_pos=0, set_ref="r0", field=field, after=value
            )
            record(conn, sid, draft, "cli")
        if sid % 2:
            record(conn, sid, CorrectionDraft(action="accept", target="session"), "cli")


def timed(client: TestClient, paths: list[str]) -> list[float]:
    """Milliseconds per request, in order."""
    out: list[float] = []
    for path in paths:
        started = time.perf_counter()
        answer = client.get(path, headers=HTML)
        out.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return out


def report(label: str, ms: list[float]) -> None:
    """One line of figures."""
    ordered = sorted(ms)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<34} n={len(ms):<4} p50 {statistics.median(ms):6.1f} ms"
        f"  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"
    )


def main() -> None:
    """Build the rows, warm up, time the pages, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--sets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(15)
    with database() as (url, where, _pid):
        with connect(url, autocommit=True) as conn:
            migrate(conn)
            started = time.perf_counter()
            ids = create_rows(conn, args.sessions, args.sets, rng)
            correct_some(conn, ids, rng)
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM workout_sessions) AS sessions,"
                " (SELECT count(*) FROM exercise_sets) AS sets,"
                " (SELECT count(*) FROM corrections) AS corrections"
            ).fetchone()
            assert counts is not None
            print(f"database: {where}")
            print(
                f"stored {counts['sessions']} sessions, {counts['sets']} sets, "
                f"{counts['corrections']} corrections in {time.perf_counter() - started:.1f} s"
            )
        settings = Settings(database_url=url, redis_url="redis://127.0.0.1:1/0")
        with TestClient(create_api(settings)) as client:
            timed(client, ["/sessions", f"/sessions/{ids[0]}"] * 5)  # warm up
            n = args.requests
            pages = max(1, len(ids) // 100)
            lists = [
                "/sessions",
                "/sessions?review=needs_review",
                *(f"/sessions?page={rng.randint(2, pages)}" for _ in range(3)),
            ]
            report(
                "/sessions (mixed filters, pages)", timed(client, [lists[i % 5] for i in range(n)])
            )
            report(
                "/sessions/{id}", timed(client, [f"/sessions/{rng.choice(ids)}" for _ in range(n)])
            )
            report(
                "/api/sessions/{id} (JSON)",
                timed(client, [f"/api/sessions/{rng.choice(ids)}" for _ in range(n)]),
            )


if __name__ == "__main__":
    main()
