"""`liftlens bind` and the database side of `liftlens aliases` (load, map, ignore, list).

The `aliases` group itself (and its database-free `match`) lives in
`ingest.cli.aliases_cmd`; the commands here are added to that group so that
everything touching the alias tables sits beside the bind job.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

import psycopg
import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ingest.cli import aliases_cmd
from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.db import Connection, connect
from schema.errors import DatabaseUnavailable, LiftlensError
from schema.repo_aliases import (
    add_alias,
    ensure_catalogue,
    ignore_name,
    list_aliases,
    list_ignored,
    load_catalogue_into_db,
    unignore_name,
)
from workers.names.bind import BindReport, run_bind
from workers.names.catalogue import load_catalogue
from workers.runtime import services

SourceOption = Literal["catalogue", "user", "auto"]


@contextmanager
def _database(ctx: typer.Context) -> Iterator[Connection]:
    """An autocommit connection to the configured (or embedded) database."""
    settings = settings_from(ctx)
    with services(settings, on_event=console.print) as urls:
        try:
            with connect(urls.database_url, autocommit=True) as conn:
                yield conn
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable("lost the PostgreSQL connection", detail=str(exc)) from exc


def bind_command(
    ctx: typer.Context,
    full: bool = typer.Option(False, "--all", help="Decide every name again, not only new ones."),
) -> None:
    """Run the bind job now: map raw exercise names to canonical keys."""
    try:
        with _database(ctx) as conn, _progress_bar() as progress:
            report = run_bind(conn, full=full, progress=progress)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    console.print(summary_line(report))


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def summary_line(report: BindReport) -> str:
    """One line saying what a bind run did."""
    version = report.catalogue_version
    if report.skipped:
        return f"bind skipped: {report.reason} (catalogue {version}, {report.seconds:.2f} s)"
    renormalised = (
        f"; {report.names_renormalised:,} stored names re-normalised"
        if report.names_renormalised
        else ""
    )
    return (
        f"bind {report.mode}: {report.names_decided:,} names decided, "
        f"{report.rows_changed:,} rows changed in {report.seconds:.2f} s "
        f"(catalogue {version}; {report.reason}{renormalised})"
    )


def load_command(ctx: typer.Context) -> None:
    """Load the shipped exercise catalogue into the database, with its version."""
    catalogue = load_catalogue()
    try:
        with _database(ctx) as conn:
            loaded = load_catalogue_into_db(conn, catalogue)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    console.print(
        f"catalogue {loaded.version} loaded: {loaded.exercises} exercises, "
        f"{loaded.aliases} aliases (operator aliases kept)"
    )


def map_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The exercise name as it appears."),
    key: str = typer.Argument(..., help="The canonical key, e.g. bench_press."),
) -> None:
    """Map NAME to KEY for every row that shows it (applied by the next bind)."""
    try:
        with _database(ctx) as conn:
            ensure_catalogue(conn, load_catalogue())
            change = add_alias(conn, name, key)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.INPUT) from exc
    state = "mapped" if change.changed else "already mapped"
    console.print(f"{state}: {change.name_norm!r} -> {key}; `liftlens bind` applies it")


def ignore_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A name that is not an exercise."),
    reason: str | None = typer.Option(None, "--reason", help="Why, for the record."),
) -> None:
    """Declare NAME not an exercise: its rows are never bound."""
    try:
        with _database(ctx) as conn:
            change = ignore_name(conn, name, reason)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.INPUT) from exc
    state = "ignored" if change.changed else "already ignored"
    console.print(f"{state}: {change.name_norm!r}; `liftlens bind` applies it")


def unignore_command(
    ctx: typer.Context, name: str = typer.Argument(..., help="A name ignored earlier.")
) -> None:
    """Lift an ignore: the next bind decides NAME like any other."""
    try:
        with _database(ctx) as conn:
            change = unignore_name(conn, name)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    state = "no longer ignored" if change.changed else "was not ignored"
    console.print(f"{state}: {change.name_norm!r}")


def list_command(
    ctx: typer.Context,
    source: SourceOption | None = typer.Option(None, "--source", help="Only this source."),
    ignored: bool = typer.Option(False, "--ignored", help="List ignored names instead."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line on stdout."),
) -> None:
    """List aliases (normalised name, key, source) or ignored names."""
    try:
        with _database(ctx) as conn:
            if ignored:
                rows = [i.model_dump(mode="json") for i in list_ignored(conn)]
                columns = ["name_norm", "reason"]
            else:
                rows = [a.model_dump(mode="json") for a in list_aliases(conn, source)]
                columns = ["alias_norm", "key", "source"]
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if as_json:
        for row in rows:
            typer.echo(json.dumps({c: row[c] for c in columns}, ensure_ascii=False))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*(str(row[c] or "") for c in columns))
    console.print(table)
    console.print(f"{len(rows)} {'ignored names' if ignored else 'aliases'}")


def register(app: typer.Typer) -> None:
    """Add `bind` to the root app, and load/map/ignore/unignore/list to `aliases`."""
    app.command("bind")(bind_command)
    # The group is created by aliases_cmd; without it these commands have no home.
    group: typer.Typer | None = getattr(aliases_cmd, "aliases_app", None)
    if group is None:
        return
    group.command("load")(load_command)
    group.command("map")(map_command)
    group.command("ignore")(ignore_command)
    group.command("unignore")(unignore_command)
    group.command("list")(list_command)
