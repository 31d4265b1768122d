"""`liftlens sessions list` and `liftlens sessions show ID`: look at the parsed data."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.db import connect
from schema.errors import LiftlensError
from schema.models import ExerciseRecord, SessionRecord, SetRecord
from schema.repo_sessions import get_session, list_sessions
from workers.runtime import services

sessions_app = typer.Typer(help="Parsed workout sessions.", no_args_is_help=True)
out = Console()


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def set_text(s: SetRecord) -> str:
    """A set as a person writes it: `60 kg × 8`, `12 reps`, `5 km in 28:30`, `W 40 kg × 10`."""
    parts: list[str] = []
    if s.weight is not None:
        parts.append(f"{_num(s.weight)} {s.unit or ''}".strip())
    if s.reps is not None:
        parts.append(f"× {s.reps}" if parts else f"{s.reps} reps")
    if s.distance is not None:
        parts.append(f"{_num(s.distance)} {s.distance_unit or ''}".strip())
    if s.duration_s is not None:
        minutes, seconds = divmod(s.duration_s, 60)
        parts.append(f"{'in ' if s.distance is not None else ''}{minutes}:{seconds:02d}")
    if s.rpe is not None:
        parts.append(f"@ RPE {_num(s.rpe)}")
    text = " ".join(parts) or "—"
    prefix = {"warmup": "W ", "drop": "D ", "failure": "F "}.get(s.set_type, "")
    return prefix + text


def binding_text(e: ExerciseRecord) -> str:
    """The bound key with how it was bound, or why there is none."""
    if e.alias_key:
        score = f" {e.bound_score:.0f}" if e.bound_score is not None else ""
        return f"[green]{e.alias_key}[/green] [dim]({e.bound_method}{score})[/dim]"
    if e.bound_method == "ignored":
        return "[dim]ignored[/dim]"
    if e.bound_method in ("unmapped", "ambiguous"):
        return f"[yellow]{e.bound_method}[/yellow]"
    return "[dim]not bound yet[/dim]"


def _list_json(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        typer.echo(json.dumps(row, default=str, ensure_ascii=False))


@sessions_app.command("list")
def list_cmd(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many sessions."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per session."),
) -> None:
    """Recent sessions, newest workout first, with exercises, sets and how many are bound."""
    settings = settings_from(ctx)
    try:
        with services(settings, start=False) as urls, connect(urls.database_url) as conn:
            rows = list_sessions(conn, limit=limit)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if as_json:
        _list_json(rows)
        return
    table = Table(title="Sessions", caption=f"{len(rows)} shown", caption_justify="left")
    for col, justify in (
        ("id", "right"),
        ("date", "left"),
        ("title", "left"),
        ("layout", "left"),
        ("exercises", "right"),
        ("sets", "right"),
        ("bound", "right"),
        ("conf", "right"),
        ("file", "left"),
    ):
        table.add_column(col, justify=justify, no_wrap=col == "file")  # type: ignore[arg-type]
    for r in rows:
        bound = f"{r['bound']}/{r['exercises']}"
        if r["exercises"] and r["bound"] < r["exercises"]:
            bound = f"[yellow]{bound}[/yellow]"
        table.add_row(
            str(r["id"]),
            str(r["performed_on"] or "?"),
            escape(str(r["title"] or "")),
            str(r["layout"]),
            str(r["exercises"]),
            str(r["sets"]),
            bound,
            f"{r['confidence']:.2f}" + (" [red]review[/red]" if r["needs_review"] else ""),
            escape(str(r["original_name"])),
        )
    out.print(table)


def session_table(session: SessionRecord) -> Table:
    """One row per set: the raw name as the screen showed it, and beside it the bound key."""
    title = escape(
        f"Session {session.id}: {session.title or 'untitled'} ({session.performed_on or '?'})"
    )
    table = Table(
        title=title,
        caption=f"layout {session.layout}, confidence "
        f"{session.confidence:.2f}" + (", needs review" if session.needs_review else ""),
        caption_justify="left",
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("raw name (as shown)")
    table.add_column("bound key")
    table.add_column("set", justify="right")
    table.add_column("what")
    for e in session.exercises:
        sets: list[SetRecord | None] = list(e.sets) or [None]
        for i, s in enumerate(sets):
            first = i == 0
            table.add_row(
                str(e.position + 1) if first else "",
                escape(e.raw_name) if first else "",
                binding_text(e) if first else "",
                str(i + 1) if s is not None else "",
                set_text(s) if s is not None else "[dim]no sets[/dim]",
                end_section=i == len(sets) - 1,
            )
    return table


@sessions_app.command("show")
def show_cmd(
    ctx: typer.Context,
    session_id: int = typer.Argument(..., help="The session id (see `liftlens sessions list`)."),
    as_json: bool = typer.Option(False, "--json", help="The session as one JSON object."),
) -> None:
    """A session's exercises and sets: raw names and, beside them, the bound keys."""
    settings = settings_from(ctx)
    try:
        with services(settings, start=False) as urls, connect(urls.database_url) as conn:
            session = get_session(conn, session_id)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if session is None:
        console.print(f"[red]no session {session_id}[/red]")
        raise typer.Exit(ExitCode.NOT_FOUND)
    if as_json:
        typer.echo(session.model_dump_json())
        return
    out.print(session_table(session))
    for warning in session.warnings:
        out.print(f"[yellow]warning:[/yellow] {escape(warning)}")


def register(app: typer.Typer) -> None:
    """Add the `sessions` command group to the root app."""
    app.add_typer(sessions_app, name="sessions")
