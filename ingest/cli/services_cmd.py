"""`liftlens services ...`: the embedded PostgreSQL and Redis on their own."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.errors import LiftlensError
from workers.runtime import services
from workers.service_state import read_state

services_app = typer.Typer(
    help=(
        "Embedded PostgreSQL and Redis, started from the machine's binaries "
        "(Debian packages postgresql and redis-server) with their data under LIFTLENS_DATA_DIR."
    ),
    no_args_is_help=True,
)


@services_app.command("start")
def start(ctx: typer.Context) -> None:
    """Start the embedded services in the foreground and migrate; Ctrl-C stops them cleanly."""
    settings = settings_from(ctx)
    try:
        with services(settings, on_event=console.print) as urls:
            if not urls.owned:
                console.print("services already running:")
                console.print(f"  LIFTLENS_DATABASE_URL={urls.database_url}")
                console.print(f"  LIFTLENS_REDIS_URL={urls.redis_url}")
                return
            console.print("[green]ready[/green]; other terminals can use:")
            console.print(f"  export LIFTLENS_DATABASE_URL={urls.database_url}")
            console.print(f"  export LIFTLENS_REDIS_URL={urls.redis_url}")
            console.print("press Ctrl-C to stop")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        console.print("stopped")
    except LiftlensError as exc:
        raise fail(console, exc) from exc


@services_app.command("stop")
def stop(ctx: typer.Context) -> None:
    """Ask the process that owns the running embedded services to stop them."""
    settings = settings_from(ctx)
    state = read_state(settings.data_dir.resolve())
    if state is None:
        console.print("no embedded services running")
        return
    owners = {state.get(k) for k in ("postgres_owner", "redis_owner", "owner_pid")}
    for owner in owners:
        if isinstance(owner, int):
            with contextlib.suppress(ProcessLookupError):
                os.kill(owner, signal.SIGTERM)
    if any(isinstance(owner, int) for owner in owners):
        for _ in range(300):
            if read_state(settings.data_dir.resolve()) is None:
                console.print("stopped")
                return
            time.sleep(0.1)
    console.print("[red]the services did not stop within 30 s[/red]")
    raise typer.Exit(ExitCode.FAILED)


@services_app.command("status")
def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Show whether embedded services are running, and their URLs."""
    settings = settings_from(ctx)
    state = read_state(settings.data_dir.resolve())
    if as_json:
        typer.echo(json.dumps({"running": state is not None, **(state or {})}))
        return
    if state is None:
        console.print("embedded services: not running")
        raise typer.Exit(ExitCode.SERVICES_DOWN)
    console.print("embedded services: running")
    if "database_url" in state:
        console.print(f"  database: {state['database_url']} (pid {state['postgres_pid']})")
    if "redis_url" in state:
        console.print(f"  redis:    {state['redis_url']} (pid {state['redis_pid']})")


def register(app: typer.Typer) -> None:
    """Add `services` to the root app."""
    app.add_typer(services_app, name="services")
