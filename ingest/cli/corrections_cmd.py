"""`liftlens corrections list|accept|undo`: the review loop from a terminal.

The same events as the session page records, with client `cli`: see what was
corrected on a session, accept a session (it leaves review), undo a correction.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.corrected import CorrectionEvent
from schema.db import connect
from schema.errors import LiftlensError
from schema.repo_corrections import (
    CorrectionDraft,
    CorrectionRefused,
    load_corrected_session,
    load_events,
    record,
    undo,
)
from workers.runtime import services

corrections_app = typer.Typer(help="Hand corrections and review.", no_args_is_help=True)
out = Console()


def _value(value: object) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False)


def events_table(session_id: int, events: list[CorrectionEvent]) -> Table:
    """The audit of one session, oldest first; undone events are marked."""
    undone = {e.undoes for e in events if e.action == "undo"}
    table = Table(title=f"Corrections of session {session_id}")
    for col in ("#", "when", "client", "what", "before", "after"):
        table.add_column(col)
    for e in events:
        where = f"exercise {e.exercise_pos + 1}" if e.exercise_pos is not None else ""
        what = " ".join(p for p in (e.action, e.field or e.target, where, e.set_ref or "") if p)
        if e.undoes:
            what += f" of #{e.undoes}"
        table.add_row(
            f"[dim]{e.id}[/dim]" if e.id in undone else str(e.id),
            e.created_at.strftime("%Y-%m-%d %H:%M:%S") if e.created_at else "",
            e.client,
            escape(what) + (" [dim](undone)[/dim]" if e.id in undone else ""),
            escape(_value(e.before)),
            escape(_value(e.after)),
        )
    return table


@corrections_app.command("list")
def list_cmd(
    ctx: typer.Context, session_id: int = typer.Argument(..., help="A session id.")
) -> None:
    """A session's corrections and its review state."""
    settings = settings_from(ctx)
    try:
        with services(settings) as urls, connect(urls.database_url) as conn:
            view = load_corrected_session(conn, session_id)
            events = load_events(conn, session_id)
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    if view is None:
        console.print(f"[red]no session {session_id}[/red]")
        raise typer.Exit(ExitCode.NOT_FOUND)
    out.print(events_table(session_id, events))
    out.print("needs review" if view.needs_review else "reviewed: ok")


@corrections_app.command("accept")
def accept_cmd(
    ctx: typer.Context, session_id: int = typer.Argument(..., help="A session id.")
) -> None:
    """Accept a session as it is corrected: it leaves review."""
    settings = settings_from(ctx)
    try:
        with services(settings) as urls, connect(urls.database_url, autocommit=True) as conn:
            event = record(
                conn, session_id, CorrectionDraft(action="accept", target="session"), "cli"
            )
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    out.print(f"session {session_id}: " + ("accepted" if event else "accepted already"))


@corrections_app.command("undo")
def undo_cmd(
    ctx: typer.Context, correction_id: int = typer.Argument(..., help="A correction id.")
) -> None:
    """Undo one correction (the newest change to a field goes first)."""
    settings = settings_from(ctx)
    try:
        with services(settings) as urls, connect(urls.database_url, autocommit=True) as conn:
            event = undo(conn, correction_id, "cli")
    except CorrectionRefused as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    except LiftlensError as exc:
        raise fail(console, exc) from exc
    out.print(f"correction {correction_id} undone (event {event.id})")


def register(app: typer.Typer) -> None:
    """Add the `corrections` command group to the root app."""
    app.add_typer(corrections_app, name="corrections")
