"""The unmapped-names report: its shape and its text forms (table, JSON, CSV).

Everything here is pure except `load_report`, the one edge: rows read by
`schema.repo_report` and a `suggest` function (the matcher, with operator
overrides) go in; a report model and its renderings come out. The HTML page
lives in `ingest.web.report_html`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, Field
from rich.markup import escape
from rich.table import Table

from schema.db import Connection
from schema.repo_aliases import operator_overrides
from schema.repo_report import (
    BindSummary,
    SharePoint,
    UnmappedPage,
    bind_summary,
    bound_share_history,
    unmapped_groups,
)
from workers.names.catalogue import load_catalogue

MAX_SUGGESTIONS = 3


class Suggestion(BaseModel):
    """A catalogue key the matcher proposes for a name, with its score (0-100)."""

    alias_key: str
    display_name: str = ""
    score: float = 0.0


class UnmappedRow(BaseModel):
    """One unmapped normalised name as the report shows it."""

    name_norm: str
    raw_names: list[str]
    occurrences: int
    sessions: int
    first_seen: date | None = None
    last_seen: date | None = None
    pending_key: str | None = None
    ambiguous: bool = False
    suggestions: list[Suggestion] = Field(default_factory=list)


class ReportFilters(BaseModel):
    """What the operator asked for."""

    min_count: int = 1
    since: date | None = None
    limit: int = 50


class ReportSummary(BaseModel):
    """The summary line's figures."""

    rows_total: int
    rows_bound: int
    bound_share: float
    unmapped_rows: int
    unmapped_names: int
    matching_names: int
    shown_names: int


class UnmappedReport(BaseModel):
    """The whole report: summary, rows by impact, and the bound share over time."""

    generated_at: datetime
    filters: ReportFilters
    summary: ReportSummary
    rows: list[UnmappedRow]
    history: list[SharePoint] = Field(default_factory=list)


Suggest = Callable[[str], Sequence[Suggestion]]


def suggestions_from_match(
    result: Any, display_names: Mapping[str, str], limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    """The top `limit` distinct keys of a `MatchResult`: its own key first, if it has one.

    A name can be unbound although the matcher now accepts it (the catalogue
    changed since the last bind run); its key is then the best suggestion.
    """
    found: list[Suggestion] = []
    key = getattr(result, "alias_key", None)
    if key:
        found.append(
            Suggestion(
                alias_key=key,
                display_name=display_names.get(key, ""),
                score=float(getattr(result, "score", 0.0)),
            )
        )
    for item in getattr(result, "suggestions", None) or []:
        data = item if isinstance(item, Mapping) else getattr(item, "__dict__", {})
        item_key = data.get("alias_key") or data.get("key")
        if not item_key or any(s.alias_key == item_key for s in found):
            continue
        found.append(
            Suggestion(
                alias_key=str(item_key),
                display_name=str(data.get("display_name") or display_names.get(item_key, "")),
                score=float(data.get("score") or 0.0),
            )
        )
    return found[:limit]


def build_report(
    page: UnmappedPage,
    summary: BindSummary,
    history: Sequence[SharePoint],
    suggest: Suggest,
    *,
    filters: ReportFilters,
    now: datetime,
) -> UnmappedReport:
    """Assemble the report; `suggest` is called once per shown name (its commonest spelling)."""
    rows = [
        UnmappedRow(
            **group.model_dump(),
            suggestions=list(suggest(group.raw_names[0] if group.raw_names else group.name_norm))[
                :MAX_SUGGESTIONS
            ],
        )
        for group in page.groups
    ]
    return UnmappedReport(
        generated_at=now,
        filters=filters,
        summary=ReportSummary(
            rows_total=summary.rows_total,
            rows_bound=summary.rows_bound,
            bound_share=round(summary.bound_share, 4),
            unmapped_rows=summary.unmapped_rows,
            unmapped_names=summary.unmapped_names,
            matching_names=page.total_groups,
            shown_names=len(rows),
        ),
        rows=rows,
        history=list(history),
    )


def percent(share: float) -> str:
    """0.8234 -> '82.3%'."""
    return f"{share * 100:.1f}%"


def summary_line(report: UnmappedReport) -> str:
    """One line: the bound share and the distinct unmapped names (and how many are shown)."""
    s = report.summary
    line = (
        f"{s.rows_bound:,} of {s.rows_total:,} exercise rows bound ({percent(s.bound_share)}); "
        f"{s.unmapped_names:,} distinct unmapped names in {s.unmapped_rows:,} rows"
    )
    if s.shown_names < s.unmapped_names:
        line += f"; showing {s.shown_names:,} of {s.matching_names:,} matching the filters"
    return line + "."


def seen_range(row: UnmappedRow) -> str:
    """'2026-01-03 → 2026-02-07', or one date when both are the same."""
    first = row.first_seen.isoformat() if row.first_seen else "?"
    last = row.last_seen.isoformat() if row.last_seen else "?"
    return first if first == last else f"{first} → {last}"


def suggestion_text(s: Suggestion) -> str:
    """'bench_press (92)'."""
    return f"{s.alias_key} ({s.score:.0f})"


def to_json(report: UnmappedReport) -> str:
    """The report as one JSON document (the same as `GET /reports/unmapped.json`)."""
    return report.model_dump_json(indent=2)


CSV_COLUMNS = (
    "name_norm",
    "raw_names",
    "occurrences",
    "sessions",
    "first_seen",
    "last_seen",
    "pending_key",
    *(f"{col}_{i}" for i in range(1, MAX_SUGGESTIONS + 1) for col in ("suggestion", "score")),
    "ambiguous",
)


def to_csv(report: UnmappedReport) -> str:
    """One CSV line per name; spellings joined with ' | '; suggestions in fixed columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        cells: list[object] = [
            row.name_norm,
            " | ".join(row.raw_names),
            row.occurrences,
            row.sessions,
            row.first_seen or "",
            row.last_seen or "",
            row.pending_key or "",
        ]
        for i in range(MAX_SUGGESTIONS):
            s = row.suggestions[i] if i < len(row.suggestions) else None
            cells += [s.alias_key, f"{s.score:.1f}"] if s else ["", ""]
        writer.writerow([*cells, "yes" if row.ambiguous else ""])
    return out.getvalue()


def to_table(report: UnmappedReport) -> Table:
    """A rich table for the terminal, with the summary line as its caption."""
    table = Table(
        title="Unmapped exercise names",
        caption=summary_line(report),
        caption_justify="left",
        expand=False,
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("name / spellings", overflow="fold", min_width=16)
    table.add_column("rows", justify="right")
    table.add_column("sessions", justify="right")
    table.add_column("seen", no_wrap=True)
    table.add_column("suggestions (score)", no_wrap=True)
    for i, row in enumerate(report.rows, start=1):
        spellings = "\n".join(
            f"[dim]{escape(r)}[/dim]" for r in row.raw_names if r != row.name_norm
        )
        name = f"[bold]{escape(row.name_norm)}[/bold]" + (f"\n{spellings}" if spellings else "")
        hints = "\n".join(suggestion_text(s) for s in row.suggestions) or "[dim]none[/dim]"
        if row.ambiguous:
            hints = f"[magenta]ambiguous, candidates:[/magenta]\n{hints}"
        if row.pending_key:
            hints = f"[green]→ {row.pending_key} (next bind)[/green]\n{hints}"
        seen = seen_range(row).replace(" → ", " →\n")  # two short lines, not one wide one
        table.add_row(str(i), name, str(row.occurrences), str(row.sessions), seen, hints)
    return table


def load_report(
    conn: Connection,
    filters: ReportFilters,
    *,
    catalogue: Any = None,
    now: datetime | None = None,
) -> UnmappedReport:
    """Read the report from the database and score suggestions for the shown names only.

    The matcher gets the operator's aliases and ignores, as the bind job's does.
    """
    # Imported here so the pure shaping above loads without the matcher's index.
    from workers.names.matcher import Matcher

    cat = catalogue if catalogue is not None else load_catalogue()
    page = unmapped_groups(
        conn, min_count=filters.min_count, since=filters.since, limit=filters.limit
    )
    summary = bind_summary(conn)
    history = bound_share_history(conn)
    display = {ex.key: ex.display_name for ex in cat.exercises}
    suggest: Suggest = lambda _name: []  # noqa: E731 - nothing to score
    if page.groups:
        overrides, ignored = operator_overrides(conn)
        matcher = Matcher(cat, extra_aliases=overrides, ignored=ignored)
        suggest = lambda name: suggestions_from_match(matcher.match(name), display)  # noqa: E731
    return build_report(
        page,
        summary,
        history,
        suggest,
        filters=filters,
        now=now or datetime.now(UTC),
    )
