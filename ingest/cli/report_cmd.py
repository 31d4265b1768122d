"""`liftlens report unmapped`: the names no catalogue key covers yet, by impact."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import fail
from ingest.web.report import ReportFilters, load_report, to_csv, to_json, to_table
from ingest.web.report_html import PageOptions, render_page
from schema.db import connect
from schema.errors import LiftlensError
from schema.repo_report import catalogue_keys
from workers.runtime import services

report_app = typer.Typer(help="Reports on the ingested data.", no_args_is_help=True)


class Format(StrEnum):
    """Output formats of the report."""

    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@report_app.command("unmapped")
def unmapped(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    min_count: int = typer.Option(1, "--min-count", min=1, help="Only names with this many rows."),
    since: datetime = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="Only rows seen on or after DATE."
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many names."),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write to this file instead of standard output."
    ),
) -> None:
    """Unbound, not-ignored names grouped by normalised name, most rows first.

    Each name shows the raw spellings seen, its rows and sessions, when it was
    first and last seen, and the matcher's top three suggestions with scores.
    Map one with `liftlens aliases map NAME KEY`, or drop it with
    `liftlens aliases ignore NAME`; the next `liftlens bind` applies it.
    """
    settings = settings_from(ctx)
    filters = ReportFilters(min_count=min_count, since=since.date() if since else None, limit=limit)
    try:
        with services(settings, start=False) as urls, connect(urls.database_url) as conn:
            report = load_report(conn, filters)
            keys = catalogue_keys(conn) if fmt is Format.html else []
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if fmt is Format.table:
        out = Console(file=output.open("w", encoding="utf-8")) if output else Console()
        out.print(to_table(report))
        return
    if fmt is Format.json:
        text = to_json(report) + "\n"
    elif fmt is Format.csv:
        text = to_csv(report)
    else:
        text = render_page(report, keys, PageOptions(actions=False))
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        sys.stdout.write(text)


def register(app: typer.Typer) -> None:
    """Add the `report` command group to the root app."""
    app.add_typer(report_app, name="report")
