"""`liftlens progress KEY`: an exercise's history across every spelling bound to it."""

from __future__ import annotations

import json
from enum import StrEnum

import typer
from rich.console import Console

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from ingest.progress.load import load_progress
from ingest.progress.render import to_table
from schema.db import connect
from schema.errors import LiftlensError
from workers.runtime import services


class WeightUnit(StrEnum):
    """The unit weights are shown in."""

    kg = "kg"
    lb = "lb"


def progress(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="A catalogue key, e.g. bench_press."),
    unit: WeightUnit = typer.Option(WeightUnit.kg, "--unit", help="Show weights in kg or lb."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (kilograms) instead."),
) -> None:
    """Per session: best set, Epley e1RM, top weight, volume, PRs; warm-ups left out.

    Every raw name bound to KEY counts (kg and lb normalised), so a re-bind
    changes the history. The caption's sparkline is the e1RM over time.
    """
    settings = settings_from(ctx)
    try:
        with services(settings) as urls, connect(urls.database_url) as conn:
            result = load_progress(conn, key)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if as_json:
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
        return
    if not result.sessions:
        console.print(f"no working sets bound to {key!r} (see `liftlens report unmapped`)")
        raise typer.Exit(ExitCode.NOT_FOUND)
    Console().print(to_table(result, "lb" if unit is WeightUnit.lb else "kg"))


def register(app: typer.Typer) -> None:
    """Add `progress` to the root app."""
    app.command("progress")(progress)
