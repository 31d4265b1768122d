"""Time the bind job on 1,000,000 exercise rows with 50,000 distinct raw names.

    python bench/bind_scale.py [--rows 1000000 --names 50000 --new-names 1000]

Starts a private PostgreSQL in a temp dir (fsync off: the data is disposable)
unless LIFTLENS_DATABASE_URL is set, in which case the rows are ADDED to that
database. It creates the uploads and sessions the rows need, then the rows,
all with COPY; raw names are variants of catalogue names as apps and OCR write
them (bracketed equipment, abbreviations, case, typos, OCR confusions, stray
spaces, Korean) plus names no catalogue knows. Then it times:

1. the first bind (every row undecided, so every row changes),
2. a full re-bind (`--all`: every name decided again, nothing changes),
3. an incremental run after `--new-names` new names arrive,
4. one more run, which must skip,
5. a run after an operator maps the most frequent unmapped name.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from schema.db import Connection, connect
from schema.migrate import migrate
from schema.name_norm import normalise
from schema.repo_aliases import add_alias
from workers.embedded import EmbeddedPostgres
from workers.names.bind import BindReport, run_bind
from workers.names.catalogue import load_catalogue

ROWS_PER_SESSION = 8
# Words of names no catalogue knows (app chrome, conditioning work, notes).
_UNKNOWN_TEXT = """mobility flow drill stretch band walk carry sled yoke atlas stone tire flip log
battle rope sandbag med ball slam foam roll warmup cooldown plank hold circuit finisher
complex tempo cluster primer activation prehab rehab"""
UNKNOWN_WORDS = tuple(_UNKNOWN_TEXT.split())
OCR_SWAPS = (("m", "rn"), ("o", "0"), ("l", "1"), ("b", "8"), ("i", "l"), ("s", "5"))


@contextmanager
def database() -> Iterator[tuple[str, str, int | None]]:
    """(url, description, postmaster pid): the configured database, or a fresh embedded one."""
    configured = os.environ.get("LIFTLENS_DATABASE_URL", "").strip()
    if configured:
        yield configured, "LIFTLENS_DATABASE_URL (rows are added to it)", None
        return
    with tempfile.TemporaryDirectory(prefix="liftlens-bench-") as tmp:
        Path(tmp).chmod(0o755)
        server = EmbeddedPostgres(Path(tmp) / "postgres", fast=True)
        server.start()
        try:
            pid = server.proc.pid if server.proc else None
            yield server.url, "embedded PostgreSQL, fast=True (fsync off, no durability)", pid
        finally:
            server.stop()


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # dropped letter
        return name[:i] + name[i + 1 :]
    if kind == 1:  # doubled letter
        return name[:i] + name[i] + name[i:]
    if kind == 2:  # swapped neighbours
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]
    for a, b in rng.sample(OCR_SWAPS, len(OCR_SWAPS)):  # an OCR confusion
        if a in name:
            return name.replace(a, b, 1)
    return name[:i] + rng.choice("aeiou") + name[i + 1 :]


def _case(rng: random.Random, name: str) -> str:
    return rng.choice((str.upper, str.lower, str.title, lambda s: s))(name)


def raw_name_variants(n: int, seed: int = 7) -> list[str]:
    """`n` distinct raw names: catalogue spellings mangled the ways screens show them."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    base: list[str] = []
    for ex in catalogue.exercises:
        base.extend([ex.display_name, *ex.aliases])
    names: dict[str, None] = {}
    for name in base:  # every catalogue spelling once, as is
        names.setdefault(name, None)
    while len(names) < n:
        roll = rng.random()
        if roll < 0.15:  # something no catalogue knows
            words = rng.sample(UNKNOWN_WORDS, rng.randint(1, 3))
            name = " ".join(words).title() + f" {rng.randint(1, 999)}"
        else:
            name = rng.choice(base)
            for _ in range(rng.choice((1, 1, 1, 2))):
                name = _typo(rng, name) if rng.random() < 0.8 else name
            name = _case(rng, name)
            if rng.random() < 0.1:
                name += " " * rng.randint(1, 3)  # trailing spaces survive OCR crops
        names.setdefault(name, None)
    return list(names)[:n]


def create_rows(conn: Connection, names: list[str], rows: int, tag: str) -> float:
    """Insert uploads, sessions and `rows` exercises using `names` (each at least once)."""
    started = time.perf_counter()
    rng = random.Random(tag)
    sessions = -(-rows // ROWS_PER_SESSION)
    with conn.transaction():
        conn.execute(
            "INSERT INTO uploads (sha256, source, original_name, byte_size, status)"
            " SELECT encode(sha256(convert_to(%(tag)s || '-' || g, 'UTF8')), 'hex'), 'cli',"
            " 'bench-' || %(tag)s || '-' || g || '.png', 1000, 'done'"
            " FROM generate_series(1, %(n)s) g",
            {"tag": tag, "n": sessions},
        )
        session_ids = [
            int(r["id"])
            for r in conn.execute(
                "INSERT INTO workout_sessions (upload_id, layout, confidence)"
                " SELECT id, 'strong', 0.95 FROM uploads WHERE original_name LIKE %(pat)s"
                " RETURNING id",
                {"pat": f"bench-{tag}-%"},
            )
        ]
        # Popular names are logged far more often: a Zipf-like draw after
        # every name has appeared once.
        weights = [1.0 / (i + 1) ** 0.8 for i in range(len(names))]
        rng.shuffle(weights)
        picks = names + rng.choices(names, weights=weights, k=max(0, rows - len(names)))
        norms = {name: normalise(name) for name in names}
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY session_exercises (session_id, position, raw_name, name_norm) FROM STDIN"
            ) as copy,
        ):
            for i, name in enumerate(picks[:rows]):
                copy.write_row(
                    (session_ids[i // ROWS_PER_SESSION], i % ROWS_PER_SESSION, name, norms[name])
                )
    conn.execute("ANALYZE session_exercises")
    return time.perf_counter() - started


def server_cpu_seconds(postmaster: int | None) -> float:
    """CPU used so far by an embedded server: the postmaster, its exited and live children."""
    if postmaster is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: int | str) -> list[str]:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return []

    own = fields(postmaster)
    total = sum(int(x) for x in own[11:15])  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (f := fields(entry.name)) and f[1] == str(postmaster):
            total += int(f[11]) + int(f[12])
    return total / tick


def timed(label: str, conn_url: str, postmaster: int | None, *, full: bool = False) -> BindReport:
    """Run the bind job once and print what it did, with wall and CPU time."""
    client, server = time.process_time(), server_cpu_seconds(postmaster)
    report = run_bind(conn_url, full=full)
    client = time.process_time() - client
    server = server_cpu_seconds(postmaster) - server
    print(
        f"{label:<34} {report.seconds:7.2f} s wall  (cpu: matcher+client {client:5.1f} s, "
        f"postgres {server:5.1f} s)  names {report.names_decided:>6}  "
        f"rows changed {report.rows_changed:>8}  {report.mode}"
        + (f"  SKIPPED ({report.reason})" if report.skipped else f"  ({report.reason})")
        + ("  +vacuum" if report.vacuumed else "")
    )
    return report


def main() -> None:
    """Parse arguments, build the data, run and time the bind job."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--names", type=int, default=50_000)
    parser.add_argument("--new-names", type=int, default=1_000)
    parser.add_argument("--new-rows", type=int, default=5_000)
    args = parser.parse_args()

    all_names = raw_name_variants(args.names + args.new_names)
    names, new_names = all_names[: args.names], all_names[args.names :]
    with database() as (url, where, postmaster):
        print(f"database: {where}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        with connect(url, autocommit=True) as conn:
            migrate(conn)
            seconds = create_rows(conn, names, args.rows, tag=f"{time.time_ns()}")
            norms = len({normalise(n) for n in names})
            print(
                f"created {args.rows:,} rows, {len(names):,} raw names "
                f"({norms:,} distinct normalised) in {seconds:.1f} s"
            )
        first = timed("first bind (every row new)", url, postmaster)
        full = timed("full re-bind (--all)", url, postmaster, full=True)
        with connect(url, autocommit=True) as conn:
            create_rows(
                conn, new_names, max(args.new_rows, len(new_names)), tag=f"new-{time.time_ns()}"
            )
        incremental = timed(f"incremental ({len(new_names):,} new names)", url, postmaster)
        again = timed("nothing new", url, postmaster)
        with connect(url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT name_norm FROM session_exercises WHERE bound_method = 'unmapped'"
                " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
            if row is not None:
                add_alias(conn, str(row["name_norm"]), "bench_press")
        timed("operator mapped 1 name", url, postmaster)
        with connect(url) as conn:
            share = conn.execute(
                "SELECT rows_total, rows_bound FROM bind_runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
        if share:
            print(f"bound share: {share['rows_bound']:,} of {share['rows_total']:,} rows")
        ok_full = max(first.seconds, full.seconds) <= 60
        ok_incr = incremental.seconds <= 2
        print(
            f"goals: full <= 60 s {'met' if ok_full else 'MISSED'}; "
            f"incremental <= 2 s {'met' if ok_incr else 'MISSED'}; "
            f"last run skipped: {again.skipped}"
        )


if __name__ == "__main__":
    main()
