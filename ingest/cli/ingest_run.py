"""`liftlens ingest DIR`: queue a folder, wait for every upload, summarise."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from ingest.cli.children import Child, start_child, stop_all
from ingest.sources.submit import Duplicate, Rejected, submit
from ingest.sources.watch_rules import ignore_reason
from schema.db import Connection, connect
from schema.settings import Settings
from workers.celery_app import create_app, enqueuer
from workers.status import live_workers

FINAL = ("done", "needs_review", "failed", "rejected")


class IngestSummary(BaseModel):
    """How every file of a bulk import ended."""

    files: int = 0
    done: int = 0
    needs_review: int = 0
    failed: int = 0
    rejected: int = 0
    duplicates: int = 0
    unreadable: int = 0
    unfinished: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """One human line."""
        return (
            f"{self.files} files in {self.seconds:.1f}s: {self.done} done, "
            f"{self.needs_review} needs review, {self.failed} failed, {self.rejected} rejected, "
            f"{self.duplicates} duplicates"
            + (f", {self.unreadable} unreadable" if self.unreadable else "")
            + (f", {self.unfinished} still unfinished" if self.unfinished else "")
        )


def iter_files(folder: Path) -> Iterator[Path]:
    """Files below `folder`, sorted, skipped by the same rules as the watched folder."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if ignore_reason((here / d).relative_to(folder)) is None)
        for name in sorted(files):
            path = here / name
            if ignore_reason(path.relative_to(folder)) is None and not path.is_symlink():
                yield path


def _ensure_workers(settings: Settings, wanted: int, console: Console) -> list[Child]:
    if live_workers(settings):
        return []
    count = wanted or os.cpu_count() or 1
    console.print(f"no worker running; starting {count} local worker(s)")
    env = {
        **os.environ,
        "LIFTLENS_DATABASE_URL": str(settings.database_url),
        "LIFTLENS_REDIS_URL": str(settings.redis_url),
    }
    quiet = lambda _line: None  # noqa: E731 - worker chatter would break the progress bar
    return [
        start_child(
            f"worker-{i}",
            ["worker", "--name", f"ingest-{os.getpid()}-{i}@%h", "--loglevel", "WARNING"],
            env,
            quiet,
        )
        for i in range(1, count + 1)
    ]


def ingest_folder(
    settings: Settings, folder: Path, *, workers: int, timeout_s: float, console: Console
) -> IngestSummary:
    """Submit every file of `folder`, wait until each upload is final, and count outcomes."""
    assert settings.database_url is not None
    started = time.monotonic()
    files = list(iter_files(folder))
    summary = IngestSummary(files=len(files))
    enqueue = enqueuer(create_app(settings))
    children = _ensure_workers(settings, workers, console) if files else []
    ids: set[int] = set()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    try:
        with progress, connect(settings.database_url, autocommit=True) as conn:
            queued = progress.add_task("queueing", total=len(files))
            for path in files:
                try:
                    data = path.read_bytes()
                except OSError:
                    summary.unreadable += 1
                    progress.advance(queued)
                    continue
                result = submit(
                    conn,
                    data,
                    original_name=path.name,
                    source="ingest",
                    settings=settings,
                    enqueue=enqueue,
                )
                if isinstance(result, Duplicate):
                    summary.duplicates += 1
                if isinstance(result, Rejected) and result.upload_id is None:
                    summary.rejected += 1
                if result.upload_id is not None:
                    ids.add(result.upload_id)
                progress.advance(queued)
            finished = progress.add_task("processing", total=len(ids))
            statuses = _wait(conn, ids, progress, finished, deadline=started + timeout_s)
    finally:
        stop_all(children)
    counts = Counter(statuses.values())
    summary.done = counts["done"]
    summary.needs_review = counts["needs_review"]
    summary.failed = counts["failed"]
    summary.rejected += counts["rejected"]
    summary.unfinished = sum(n for s, n in counts.items() if s not in FINAL)
    summary.seconds = round(time.monotonic() - started, 2)
    return summary


def _wait(
    conn: Connection, ids: set[int], progress: Progress, task: TaskID, *, deadline: float
) -> dict[int, str]:
    """Poll the uploads' statuses until all are final or the deadline passes."""
    id_list = sorted(ids)
    while True:
        rows = conn.execute(
            "SELECT id, status FROM uploads WHERE id = ANY(%s)", (id_list,)
        ).fetchall()
        statuses = {int(r["id"]): str(r["status"]) for r in rows}
        done = sum(1 for s in statuses.values() if s in FINAL)
        progress.update(task, completed=done)
        if done == len(id_list) or time.monotonic() > deadline:
            return statuses
        time.sleep(0.25)
