"""`liftlens db ...`: schema migrations."""

from __future__ import annotations

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import fail
from schema.db import connect
from schema.errors import LiftlensError
from schema.migrate import applied_versions, discover, migrate
from workers.runtime import services

db_app = typer.Typer(help="Database schema: apply and inspect migrations.", no_args_is_help=True)


@db_app.command("migrate")
def migrate_cmd(ctx: typer.Context) -> None:
    """Apply pending migrations. Idempotent; safe when several processes run it at once."""
    settings = settings_from(ctx)
    try:
        with (
            services(settings, run_migrations=False, on_event=console.print) as urls,
            connect(urls.database_url, autocommit=True) as conn,
        ):
            applied = migrate(conn)
            total = len(applied_versions(conn))
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if applied:
        console.print(f"applied {len(applied)} migration(s): {', '.join(applied)}")
    console.print(f"schema up to date ({total} of {len(discover())} migrations applied)")


def register(app: typer.Typer) -> None:
    """Add `db` to the root app."""
    app.add_typer(db_app, name="db")
