"""Entry point of the `liftlens` console script: builds the Typer app from the command modules."""

from __future__ import annotations

import traceback

import typer

from ingest.cli import (
    aliases_cmd,
    api_cmd,
    bind_cmd,
    corrections_cmd,
    db_cmd,
    export_cmd,
    parse_cmd,
    pipeline_cmd,
    progress_cmd,
    reparse_cmd,
    report_cmd,
    services_cmd,
    sessions_cmd,
    watch_cmd,
)
from ingest.cli.exit_codes import ExitCode, exit_code_epilog
from schema.settings import Settings

app = typer.Typer(
    name="liftlens",
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
    ctx.obj = Settings()


for module in (
    parse_cmd,
    aliases_cmd,
    bind_cmd,
    corrections_cmd,
    db_cmd,
    services_cmd,
    pipeline_cmd,
    watch_cmd,
    api_cmd,
    report_cmd,
    sessions_cmd,
    reparse_cmd,
    corrections_cmd,
    export_cmd,
    progress_cmd,
):
    module.register(app)


def main() -> None:
    """Run the CLI. An unexpected exception prints its traceback and exits `FAILED`."""
    try:
        app()
    except Exception:  # a bug or a broken install; exit 1 would read as a partial failure
        traceback.print_exc()
        raise SystemExit(ExitCode.FAILED) from None
