"""Entry point of the `liftlens` console script: the root Typer app and its command table.

Commands are imported lazily (`ingest.cli.lazy`): the table below names, for each command,
the modules that register it and the one line `liftlens --help` shows for it, so a process
imports only the command it runs. `tests/unit/test_cli_lazy.py` checks the table against
the commands the modules really register.
"""

from __future__ import annotations

import traceback

import typer

from ingest.cli.exit_codes import ExitCode, exit_code_epilog
from ingest.cli.lazy import LazyCommand, LazyGroup


def _cmd(module: str, help_line: str, *also: str) -> LazyCommand:
    return LazyCommand(
        modules=(f"ingest.cli.{module}", *(f"ingest.cli.{m}" for m in also)), help=help_line
    )


# In the order `liftlens --help` lists them: single commands first, then the groups.
COMMANDS: dict[str, LazyCommand] = {
    "parse": _cmd("parse_cmd", "OCR and parse workout screenshots; no database needed."),
    "bind": _cmd("bind_cmd", "Run the bind job now: map raw exercise names to canonical keys."),
    "up": _cmd(
        "pipeline_cmd", "Run the whole pipeline in the foreground; Ctrl-C stops it all cleanly."
    ),
    "worker": _cmd(
        "pipeline_cmd",
        "Run a Celery worker that OCRs and parses queued uploads (and runs bind/reaper tasks).",
    ),
    "beat": _cmd(
        "pipeline_cmd",
        "Run the scheduler: the bind job and the reaper of stuck uploads, at their intervals.",
    ),
    "upload": _cmd(
        "pipeline_cmd",
        "Queue screenshots for OCR (no waiting). Exit 1 if any file was rejected or unreadable.",
    ),
    "ingest": _cmd(
        "pipeline_cmd",
        "Bulk import: queue every screenshot in FOLDER, wait until each is finished, summarise.",
    ),
    "status": _cmd(
        "pipeline_cmd",
        "Uploads by status, queue depth, live workers, and what is down since when.",
    ),
    "retry": _cmd("pipeline_cmd", "Queue failed uploads again (their bytes are kept)."),
    "logs": _cmd(
        "pipeline_cmd",
        "Show the logs of `liftlens up`'s children (all of them when CHILD is omitted).",
    ),
    "watch": _cmd(
        "watch_cmd",
        "Watch a folder: each new screenshot is stored and queued once it stops changing.",
    ),
    "api": _cmd(
        "api_cmd", "Serve POST /uploads, GET /uploads/{id}, GET /sessions/{id} and GET /health."
    ),
    "reparse": _cmd(
        "reparse_cmd",
        "Read stored screenshots again with the current reader; hand corrections win.",
    ),
    "export": _cmd(
        "export_cmd",
        "Export every session as corrected, in Strong's or Hevy's CSV format or as JSON.",
    ),
    "import-json": _cmd(
        "export_cmd",
        "Read an unfiltered JSON export back into an empty database (ids and history kept).",
    ),
    "progress": _cmd(
        "progress_cmd",
        "Per session: best set, Epley e1RM, top weight, volume, PRs; warm-ups left out.",
    ),
    # `bind_cmd` adds load/map/ignore/unignore/list to the group `aliases_cmd` creates.
    "aliases": _cmd(
        "aliases_cmd",
        "Exercise names and canonical keys: match raw names against the catalogue; "
        "operator aliases and ignored names.",
        "bind_cmd",
    ),
    "corrections": _cmd("corrections_cmd", "Hand corrections and review."),
    "db": _cmd("db_cmd", "Database schema: apply and inspect migrations."),
    "services": _cmd(
        "services_cmd",
        "Embedded PostgreSQL and Redis, started from the machine's binaries (Debian packages "
        "postgresql and redis-server) with their data under LIFTLENS_DATA_DIR.",
    ),
    "report": _cmd("report_cmd", "Reports on the ingested data."),
    "sessions": _cmd("sessions_cmd", "Parsed workout sessions."),
}


class RootGroup(LazyGroup):
    """The `liftlens` group: every command of `COMMANDS`, imported when it runs."""

    lazy = COMMANDS


app = typer.Typer(
    name="liftlens",
    cls=RootGroup,
    help=(
        "Turn workout screenshots into clean training data.\n\n"
        "Configuration comes from LIFTLENS_* environment variables; with no "
        "LIFTLENS_DATABASE_URL / LIFTLENS_REDIS_URL set, private PostgreSQL and "
        "Redis servers are started from the local binaries under LIFTLENS_DATA_DIR."
    ),
    epilog=exit_code_epilog(),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(ctx: typer.Context) -> None:
    # Settings are validated once, here, and handed to every command via ctx.obj.
    from schema.settings import Settings  # pydantic-settings: not needed for `--help`

    ctx.obj = Settings()


def main() -> None:
    """Run the CLI. An unexpected exception prints its traceback and exits `FAILED`."""
    try:
        app()
    except Exception:  # a bug or a broken install; exit 1 would read as a partial failure
        traceback.print_exc()
        raise SystemExit(ExitCode.FAILED) from None
