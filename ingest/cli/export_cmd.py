"""`liftlens export` and `liftlens import-json`: the data out to a tracker, and back in."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import typer

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from ingest.export.document import ImportRefused, export_document, import_document, to_text
from ingest.export.trackers import tracker_csv
from schema.db import connect
from schema.errors import LiftlensError
from schema.repo_dump import NotEmpty
from schema.repo_export import load_export
from workers.runtime import services


class ExportFormat(StrEnum):
    """What `liftlens export` writes."""

    strong_csv = "strong-csv"
    hevy_csv = "hevy-csv"
    json = "json"


TRACKER_CSV = {ExportFormat.strong_csv: "strong-csv", ExportFormat.hevy_csv: "hevy-csv"}


def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="strong-csv, hevy-csv or json."),
    since: datetime = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="Only workouts on or after DATE."
    ),
    key: str = typer.Option(None, "--key", help="Only exercises bound to this catalogue key."),
    out: Path = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
    images: bool = typer.Option(False, "--images", help="JSON: include the screenshots' bytes."),
) -> None:
    """Export every session as corrected, in Strong's or Hevy's CSV format or as JSON.

    Strong's CSV keeps weights as logged (kg or lb); Hevy's converts them to kg.
    A bound exercise is written under its catalogue name, an unbound one under
    its own. The JSON holds everything (uploads, raw names, keys, sets,
    corrections and events); unfiltered, `liftlens import-json` reads it back.
    """
    settings = settings_from(ctx)
    day = since.date() if since else None
    try:
        with services(settings) as urls, connect(urls.database_url) as conn:
            if fmt is ExportFormat.json:
                chunks = [to_text(export_document(conn, day, key, images=images))]
            else:
                chunks = list(tracker_csv(load_export(conn, day, key), TRACKER_CSV[fmt]))
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if out is None:
        sys.stdout.writelines(chunks)
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(chunks)
    console.print(f"wrote {out}")


def import_json(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A `liftlens export -f json` file."
    ),
) -> None:
    """Read an unfiltered JSON export back into an empty database (ids and history kept)."""
    settings = settings_from(ctx)
    doc = json.loads(file.read_text(encoding="utf-8"))
    try:
        with services(settings) as urls, connect(urls.database_url) as conn:
            counts = import_document(conn, doc)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    except (ImportRefused, NotEmpty) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.INPUT) from exc
    shown = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    console.print(f"imported {shown or 'nothing'}")


def register(app: typer.Typer) -> None:
    """Add `export` and `import-json` to the root app."""
    app.command("export")(export)
    app.command("import-json")(import_json)
