"""`liftlens aliases ...`: the exercise alias catalogue and the matcher.

`aliases match` works with no database: it matches against the shipped
catalogue, plus whatever `load_operator_overrides` returns. Database
subcommands (`load`, `map`, `ignore`, `list`) are added to `aliases_app`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.db import connect
from schema.errors import LiftlensError
from schema.models import MatchResult
from schema.repo_aliases import operator_overrides
from schema.settings import Settings
from workers.names.catalogue import load_catalogue
from workers.names.matcher import Matcher

aliases_app = typer.Typer(
    help=(
        "Exercise names and canonical keys: match raw names against the catalogue; "
        "operator aliases and ignored names."
    ),
    no_args_is_help=True,
)


def load_operator_overrides(settings: Settings) -> tuple[dict[str, str], set[str]]:
    """Operator aliases {normalised name: key} and ignored names, from the database.

    With no database URL configured, none: `aliases match` never needs (or
    starts) a server. If the configured database cannot be reached, the
    shipped catalogue alone is used, with a warning.
    """
    if settings.database_url is None:
        return {}, set()
    try:
        with connect(settings.database_url) as conn:
            return operator_overrides(conn)
    except (LiftlensError, psycopg.Error) as exc:
        console.print(f"[yellow]warning:[/yellow] operator aliases not used: {exc}")
        return {}, set()


def read_names(arguments: Iterable[str] | None, stdin_lines: Iterable[str]) -> list[str]:
    """The names to match: the arguments if any, else the non-blank lines of standard input."""
    names = [a for a in arguments or () if a.strip()]
    if names:
        return names
    return [line.rstrip("\r\n") for line in stdin_lines if line.strip()]


def result_line(result: MatchResult) -> str:
    """One `--json` output line (the contract in docs/architecture.md)."""
    return json.dumps(result.model_dump(), ensure_ascii=False)


def results_table(results: list[MatchResult]) -> Table:
    """A readable table of match results."""
    table = Table(title="alias matches", show_lines=False)
    table.add_column("raw name")
    table.add_column("key")
    table.add_column("method")
    table.add_column("score", justify="right")
    table.add_column("suggestions / candidates (score)")
    styles = {
        "exact": "green",
        "operator": "green",
        "fuzzy": "yellow",
        "ambiguous": "magenta",
        "ignored": "dim",
    }
    for r in results:
        suggestions = ", ".join(f"{s['alias_key']} ({s['score']:.0f})" for s in r.suggestions)
        table.add_row(
            r.raw_name,
            r.alias_key or "-",
            f"[{styles.get(r.method, 'red')}]{r.method}[/]",
            f"{r.score:.1f}",
            suggestions,
        )
    return table


@aliases_app.command("match")
def match_cmd(
    ctx: typer.Context,
    names: list[str] | None = typer.Argument(
        None, help="Raw exercise names; none: read one name per line from standard input."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="One JSON object per name per line instead of a table."
    ),
    catalogue_path: Path | None = typer.Option(
        None, "--catalogue", help="Catalogue JSON file (default: the shipped catalogue)."
    ),
    no_operator: bool = typer.Option(
        False, "--no-operator", help="Ignore operator aliases and ignores; catalogue only."
    ),
) -> None:
    """Match raw exercise names to canonical keys (no database needed).

    Each name gets a key or none, a method (operator, ignored, exact, fuzzy,
    ambiguous, unmapped), a score 0-100 and, when unmapped, up to three
    suggestions. An ambiguous name (two keys fit about equally well, or only
    its equipment is unsure, e.g. "Shoulder Press") is never bound: its
    suggestions are its candidates, best first, each with its score.

    Examples:
      liftlens aliases match "Bench Press (Barbell)" "Incline DB Press" --json
      liftlens aliases match "Shoulder Press"
      printf 'RDL\\n바벨 벤치 프레스\\n' | liftlens aliases match --json
    """
    if not names and sys.stdin.isatty():
        console.print("[red]error:[/red] give names as arguments or one per line on stdin")
        raise typer.Exit(ExitCode.USAGE)
    to_match = read_names(names, () if names else sys.stdin)
    try:
        catalogue = load_catalogue(catalogue_path)
    except LiftlensError as exc:
        console.print(f"[red]error:[/red] {exc}")
        # The catalogue file is this command's input, whatever made it unreadable.
        raise typer.Exit(ExitCode.INPUT) from exc
    try:
        extra, ignored = ({}, set()) if no_operator else load_operator_overrides(settings_from(ctx))
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    matcher = Matcher(catalogue, extra_aliases=extra, ignored=ignored)
    decided = matcher.match_many(to_match)
    results = [decided[name] for name in to_match]
    if as_json:
        for result in results:
            typer.echo(result_line(result))
    else:
        Console().print(results_table(results))


def register(app: typer.Typer) -> None:
    """Add `aliases` to the root app."""
    app.add_typer(aliases_app, name="aliases")
