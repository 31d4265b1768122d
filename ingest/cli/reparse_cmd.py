"""`liftlens reparse [ID… | --needs-review | --all]`: read stored screenshots again.

The sessions are re-read by the workers (one Celery task per session, see
`workers.reparse`); this command queues them, shows progress until every one
is done, and prints what changed: sessions changed, exercises and sets added,
removed or changed, and the review state before and after. Hand corrections
win over the new read; a correction that no longer fits is listed with the
session that went back to review.
"""

from __future__ import annotations

import json
import time

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from ingest.cli.context import console, settings_from
from ingest.cli.exit_codes import ExitCode, fail
from schema.db import Connection, connect
from schema.errors import LiftlensError
from schema.read_diff import ReadChange
from schema.repo_revisions import ReparseRun, get_run, sessions_in_scope
from workers.reparse import start_reparse
from workers.runtime import services

out = Console()


def _scope(ids: list[int], needs_review: bool, every: bool) -> str:
    chosen = [
        name
        for name, on in (("ids", bool(ids)), ("needs_review", needs_review), ("all", every))
        if on
    ]
    if len(chosen) != 1:
        console.print(
            "[red]error:[/red] give session ids, or --needs-review, or --all (one of them)"
        )
        raise typer.Exit(ExitCode.USAGE)
    return chosen[0]


def summary_table(run: ReparseRun) -> Table:
    """One row per session that changed, failed or needs review after the re-read."""
    table = Table(title=f"Re-parse {run.id}: {run.done} read, {run.failed} failed")
    for col in ("session", "changed", "exercises +/-", "sets +/-/~", "review", "why"):
        table.add_column(col)
    for key in sorted(run.changes, key=int):
        c = ReadChange.model_validate(run.changes[key])
        if not (c.changed or c.error or c.review_after):
            continue
        review = f"{'yes' if c.review_before else 'no'} → {'yes' if c.review_after else 'no'}"
        table.add_row(
            key,
            "error" if c.error else ("yes" if c.changed else "no"),
            f"+{c.exercises_added} -{c.exercises_removed}",
            f"+{c.sets_added} -{c.sets_removed} ~{c.sets_changed}",
            review,
            escape("; ".join(c.reasons) or (c.error or "")),
        )
    return table


def totals(run: ReparseRun) -> dict[str, int]:
    """Counts over the run: sessions changed, sets added/removed/changed, review moves."""
    changes = [ReadChange.model_validate(v) for v in run.changes.values()]
    return {
        "sessions": run.total,
        "changed": sum(c.changed for c in changes),
        "failed": run.failed,
        "sets_added": sum(c.sets_added for c in changes),
        "sets_removed": sum(c.sets_removed for c in changes),
        "sets_changed": sum(c.sets_changed for c in changes),
        "left_review": sum(c.review_before and not c.review_after for c in changes),
        "back_to_review": sum(c.review_after and not c.review_before for c in changes),
        "in_review": sum(c.review_after for c in changes),
    }


def register(app: typer.Typer) -> None:
    """Add `reparse` to the root app."""

    @app.command("reparse")
    def reparse_cmd(
        ctx: typer.Context,
        ids: list[int] = typer.Argument(None, help="Session ids to read again."),
        needs_review: bool = typer.Option(False, "--needs-review", help="Every session in review."),
        every: bool = typer.Option(False, "--all", help="Every session."),
        timeout_s: float = typer.Option(3600, "--timeout", help="Stop waiting after this long."),
        as_json: bool = typer.Option(False, "--json", help="The summary as one JSON object."),
    ) -> None:
        """Read stored screenshots again with the current reader; hand corrections win."""
        scope = _scope(ids or [], needs_review, every)
        settings = settings_from(ctx)
        try:
            with services(settings) as urls, connect(urls.database_url, autocommit=True) as conn:
                chosen = sessions_in_scope(conn, scope, ids or [])
                run_id = start_reparse(conn, urls.apply(settings), chosen, scope)
                run = _wait(conn, run_id, len(chosen), timeout_s, quiet=as_json)
        except LiftlensError as exc:
            raise fail(console, exc) from exc
        if as_json:
            typer.echo(json.dumps({"run": run.id, "finished": run.finished, **totals(run)}))
        else:
            out.print(summary_table(run))
            out.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in totals(run).items()))
        if not run.finished or run.failed:
            raise typer.Exit(ExitCode.PARTIAL)


def _wait(
    conn: Connection, run_id: int, total: int, timeout_s: float, *, quiet: bool
) -> ReparseRun:
    deadline = time.monotonic() + timeout_s
    with Progress(console=console, transient=True, disable=quiet) as progress:
        task = progress.add_task(f"re-reading {total} sessions", total=total or 1)
        while True:
            run = get_run(conn, run_id)
            assert run is not None
            progress.update(task, completed=run.done + run.failed)
            if run.finished or time.monotonic() > deadline:
                return run
            time.sleep(0.1)  # one indexed row per look: a finished run is seen at once
