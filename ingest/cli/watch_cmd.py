"""`liftlens watch [DIR]`: the watched folder, in the foreground until Ctrl-C / SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from ingest.sources.watch_door import SubmitDoor
from ingest.sources.watcher import FolderWatcher
from schema.errors import LiftlensError
from workers.runtime import services


def watch(
    ctx: typer.Context,
    folder: Path = typer.Argument(None, help="Folder to watch (default LIFTLENS_INBOX)."),
    polling: bool = typer.Option(
        None,
        "--polling/--inotify",
        help="Poll instead of inotify (network shares). Default LIFTLENS_WATCH_POLLING.",
    ),
    stable: float = typer.Option(
        None,
        "--stable",
        min=0,
        help="Seconds a file's size and mtime must stay unchanged (LIFTLENS_WATCH_STABLE_S).",
    ),
    once: bool = typer.Option(
        False, "--once", help="Take what is there now, then exit (exit 1 if anything is left)."
    ),
) -> None:
    """Watch a folder: each new screenshot is stored and queued once it stops changing.

    Stored files move to DIR/.processed/ (or are deleted with
    LIFTLENS_WATCH_DELETE_PROCESSED=true); rejected ones move to DIR/.failed/
    with a NAME.error.json. Run one watcher per folder.
    """
    settings = settings_from(ctx)
    _setup_logging()
    root = folder if folder is not None else settings.inbox
    try:
        with services(settings, on_event=console.print) as urls:
            resolved = urls.apply(settings)
            door = SubmitDoor(resolved)
            watcher = FolderWatcher(
                root,
                door,
                stable_s=settings.watch_stable_s if stable is None else stable,
                rescan_s=settings.watch_rescan_s,
                max_bytes=settings.max_upload_bytes,
                polling=settings.watch_polling if polling is None else polling,
                delete_processed=settings.watch_delete_processed,
            )
            previous = _stop_on_signals(watcher)
            try:
                if once:
                    complete = watcher.run_once()
                else:
                    watcher.run()
                    complete = True
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
                door.close()
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if not complete:
        raise typer.Exit(ExitCode.PARTIAL)


def _setup_logging() -> None:
    # The watcher logs one line per file to stderr; `liftlens up` prefixes it per process.
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _stop_on_signals(
    watcher: FolderWatcher,
) -> dict[int, signal._HANDLER]:
    def stop(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        watcher.stop()

    previous: dict[int, signal._HANDLER] = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.getsignal(sig)
        signal.signal(sig, stop)
    return previous


def register(app: typer.Typer) -> None:
    """Add `watch` to the root app."""
    app.command()(watch)
