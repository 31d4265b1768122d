"""Pipeline commands: `worker`, `beat`, `upload`, `ingest`, `status`, `retry`, `up`.

Each command imports what only it needs inside its body: a worker must not pay for the
supervisor, a `status` not for the submit door or the bulk importer (every process of
`liftlens up` and of the tests starts through here).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from ingest.cli.logs_cmd import logs
from schema.errors import LiftlensError
from workers.runtime import ServicesNotRunning, find_running, services


def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(
        None, "--concurrency", "-c", help="Pool processes (default LIFTLENS_WORKER_CONCURRENCY)."
    ),
    name: str = typer.Option(None, "--name", help="Worker node name."),
    loglevel: str = typer.Option("INFO", "--loglevel"),
) -> None:
    """Run a Celery worker that OCRs and parses queued uploads (and runs bind/reaper tasks)."""
    from workers.worker_main import run_worker

    settings = settings_from(ctx)
    with services(settings, on_event=console.print) as urls:
        run_worker(urls.apply(settings), concurrency=concurrency, name=name, loglevel=loglevel)


def beat(ctx: typer.Context, loglevel: str = typer.Option("INFO", "--loglevel")) -> None:
    """Run the scheduler: the bind job and the reaper of stuck uploads, at their intervals.

    Intervals: LIFTLENS_BIND_INTERVAL_S and LIFTLENS_REAPER_INTERVAL_S.
    """
    from workers.worker_main import run_beat

    settings = settings_from(ctx)
    with services(settings, on_event=console.print) as urls:
        run_beat(urls.apply(settings), loglevel=loglevel)


def upload(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Screenshots to queue.", exists=False),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per file."),
) -> None:
    """Queue screenshots for OCR (no waiting). Exit 1 if any file was rejected or unreadable."""
    from ingest.sources.submit import Rejected, submit
    from schema.db import connect
    from workers.celery_app import create_app, enqueuer

    settings = settings_from(ctx)
    failed = False
    try:
        with services(settings, on_event=console.print) as urls:
            app = create_app(urls.apply(settings))
            enqueue = enqueuer(app)
            with connect(urls.database_url, autocommit=True) as conn:
                for path in files:
                    try:
                        data = path.read_bytes()
                    except OSError as exc:
                        failed = True
                        _say(as_json, {"file": str(path), "error": f"cannot read: {exc.strerror}"})
                        continue
                    result = submit(
                        conn,
                        data,
                        original_name=path.name,
                        source="cli",
                        settings=settings,
                        enqueue=enqueue,
                    )
                    failed |= isinstance(result, Rejected)
                    _say(as_json, {"file": str(path), **result.model_dump()})
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if failed:
        raise typer.Exit(ExitCode.PARTIAL)


def _say(as_json: bool, record: dict[str, object]) -> None:
    if as_json:
        typer.echo(json.dumps(record))
        return
    kind = record.get("kind")
    style = {"queued": "green", "duplicate": "yellow", "rejected": "red"}.get(str(kind), "red")
    detail = record.get("reason") or record.get("error") or f"upload {record.get('upload_id')}"
    console.print(f"[{style}]{kind or 'error'}[/{style}] {record['file']}: {detail}")


def ingest(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., help="Folder of screenshots (searched recursively)."),
    workers: int = typer.Option(
        0,
        "--workers",
        "-w",
        help="Local worker processes to start if none is running (0 = one per core).",
    ),
    timeout: float = typer.Option(
        3600, "--timeout", help="Give up waiting after this many seconds."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the final summary as JSON."),
) -> None:
    """Bulk import: queue every screenshot in FOLDER, wait until each is finished, summarise.

    Files stay where they are. Duplicates (same bytes) are counted, not
    processed twice. Exit 1 if any upload failed or was rejected.
    """
    from ingest.cli.ingest_run import ingest_folder

    settings = settings_from(ctx)
    if not folder.is_dir():
        console.print(f"[red]error:[/red] not a folder: {folder}")
        raise typer.Exit(ExitCode.INPUT)
    try:
        with services(settings, on_event=console.print) as urls:
            summary = ingest_folder(
                urls.apply(settings), folder, workers=workers, timeout_s=timeout, console=console
            )
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if as_json:
        typer.echo(json.dumps(summary.model_dump()))
    else:
        console.print(summary.line())
    if summary.failed or summary.rejected or summary.unfinished:
        raise typer.Exit(ExitCode.PARTIAL)


def status(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="One JSON object.")
) -> None:
    """Uploads by status, queue depth, live workers, and what is down since when.

    Never starts services: it waits briefly for a `liftlens up` that is starting,
    or says that nothing runs (exit 3).
    """
    from workers.status import pipeline_status
    from workers.supervision import read_supervisor_state

    settings = settings_from(ctx)
    try:
        db_url, redis_url = find_running(settings)
    except ServicesNotRunning as exc:
        console.print(f"[red]not running:[/red] {exc}")
        raise typer.Exit(ExitCode.SERVICES_DOWN) from exc
    live = settings.model_copy(update={"database_url": db_url, "redis_url": redis_url})
    report = pipeline_status(live, read_supervisor_state(settings.data_dir.resolve()))
    if as_json:
        typer.echo(json.dumps(report))
        return
    for line in report["down"]:  # type: ignore[attr-defined]
        console.print(f"[red]down:[/red] {line}", soft_wrap=True)
    counts = report["uploads"]
    assert isinstance(counts, dict)
    console.print("uploads: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "none"))
    console.print(f"queue depth: {_or_unknown(report['queue_depth'])}")
    console.print(f"live workers: {_or_unknown(report['workers'])}")
    for child in report["children"]:  # type: ignore[attr-defined]
        exit_note = "" if child["last_exit"] is None else f", last exit {child['last_exit']}"
        console.print(
            f"  {child['name']}: {child['state']}, {child['restarts']} restart(s){exit_note}"
        )


def _or_unknown(value: object) -> str:
    return "unknown" if value is None else str(value)


def retry(
    ctx: typer.Context,
    upload_id: int = typer.Argument(None, help="One failed upload; all failed ones if omitted."),
) -> None:
    """Queue failed uploads again (their bytes are kept)."""
    from schema import repo_uploads
    from schema.db import connect
    from workers.celery_app import create_app, enqueuer

    settings = settings_from(ctx)
    with services(settings) as urls:
        enqueue = enqueuer(create_app(urls.apply(settings)))
        with connect(urls.database_url, autocommit=True) as conn:
            ids = repo_uploads.retry_failed(conn, upload_id)
            for uid in ids:
                enqueue(uid)
                repo_uploads.mark_enqueued(conn, uid)
    console.print(f"re-queued {len(ids)} upload(s)" + (f": {ids}" if ids else ""))


def up(
    ctx: typer.Context,
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes to start."),
    demo: bool = typer.Option(
        False, "--demo", help="On a first run, copy the sample screenshots into the inbox."
    ),
    api: bool = typer.Option(True, "--api/--no-api", help="Serve the HTTP API."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Show every child's output, not only sessions and errors."
    ),
) -> None:
    """Run the whole pipeline in the foreground; Ctrl-C stops it all cleanly.

    Starts the services (embedded unless URLs are set), migrations, workers,
    beat, the watcher on LIFTLENS_INBOX and the API, and restarts any of them
    that dies. Children's logs: `liftlens logs`.
    """
    from ingest.cli.stack import run_stack

    settings = settings_from(ctx)
    try:
        clean = run_stack(
            settings, workers=workers, demo=demo, api=api, console=console, verbose=verbose
        )
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if not clean:
        raise typer.Exit(ExitCode.FAILED)


def register(app: typer.Typer) -> None:
    """Add the pipeline commands to the root app."""
    for fn in (up, worker, beat, upload, ingest, status, retry, logs):
        app.command()(fn)
