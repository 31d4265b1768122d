"""The unmapped-names report as one self-contained HTML page (pure).

Server-rendered with `string.Template` (the page shell in
`ingest/web/templates/unmapped.html`, CSS and a little optional JS inlined from
`ingest/web/static/`), so it needs no template engine and no build step, and the
same page works as a file written by `liftlens report unmapped --format html`.
Every value from the database goes through `html.escape`.

With `actions=True` each row carries plain HTML forms: one button per
suggestion, a free key field backed by a `<datalist>` of every catalogue key,
and an ignore button. They post to `/aliases` and `/ignored-names` and work
without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from html import escape
from importlib import resources
from string import Template
from urllib.parse import urlencode

from pydantic import BaseModel

from ingest.web.report import UnmappedReport, UnmappedRow, percent, seen_range, summary_line
from schema.repo_report import CatalogueKey, SharePoint

CHART_W, CHART_H = 720, 200
PAD_L, PAD_R, PAD_T, PAD_B = 58, 16, 22, 30


class Flash(BaseModel):
    """A one-line message shown at the top after an action."""

    text: str
    ok: bool = True


class PageOptions(BaseModel):
    """How to render the page: with forms (served) or read-only (a file)."""

    actions: bool = False
    flash: Flash | None = None
    page_path: str = "/reports/unmapped"


@cache
def _asset(folder: str, name: str) -> str:
    return resources.files("ingest.web").joinpath(folder, name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _share(p: SharePoint) -> float:
    return p.rows_bound / p.rows_total


def _time_labels(first: SharePoint, last: SharePoint) -> tuple[str, str]:
    # Runs within one day differ by their time; longer spans by their date.
    if (last.at - first.at).days >= 1:
        return first.at.strftime("%Y-%m-%d"), last.at.strftime("%Y-%m-%d")
    return first.at.strftime("%Y-%m-%d %H:%M"), last.at.strftime("%H:%M:%S")


def share_chart_svg(history: Sequence[SharePoint], current: SharePoint | None = None) -> str:
    """An inline SVG line chart of the bound share (0-100 %) over bind runs.

    `current` (the share right now) is drawn as a last point when it differs
    from the last run's: operator actions re-bind rows between runs.
    """
    points = [p for p in history if p.rows_total > 0]
    if current is not None and current.rows_total > 0:
        last_run = points[-1] if points else None
        if last_run is None or (last_run.rows_total, last_run.rows_bound) != (
            current.rows_total,
            current.rows_bound,
        ):
            points.append(current)
    if len(points) < 2:
        note = "The chart fills in as bind runs record snapshots"
        if points:
            note += f" (one so far: {percent(_share(points[0]))} bound)"
        return f'<p class="muted empty">{_e(note)}.</p>'
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = inner_w / (len(points) - 1)
    # Zoom the y axis to where the data is (in steps of 10 %), always up to 100 %.
    low = max(0, math.floor((min(_share(p) for p in points) * 100 - 5) / 10) * 10)

    def y_of(pct: float) -> float:
        return PAD_T + inner_h * (100 - pct) / (100 - low)

    coords = [(PAD_L + i * step, y_of(_share(p) * 100)) for i, p in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    base = PAD_T + inner_h
    area = f"{PAD_L:.1f},{base:.1f} {line} {coords[-1][0]:.1f},{base:.1f}"
    grid = []
    for tick in range(5):
        pct = round(low + (100 - low) * tick / 4)
        y = y_of(pct)
        cls = "axis" if tick == 0 else "grid"
        grid.append(
            f'<line class="{cls}" x1="{PAD_L}" y1="{y:.1f}" x2="{CHART_W - PAD_R}" y2="{y:.1f}"/>'
            f'<text x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>'
        )
    left, right = _time_labels(points[0], points[-1])
    if points[-1] is current:
        right = "now"
    labels = (
        f'<text class="xlabel" x="{PAD_L}" y="{CHART_H - 6}">{_e(left)}</text>'
        f'<text class="xlabel" x="{CHART_W - PAD_R}" y="{CHART_H - 6}" text-anchor="end">'
        f"{_e(right)}</text>"
    )
    dots = "".join(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in coords)
    lx, ly = coords[-1]
    final = percent(_share(points[-1]))
    title = (
        f"Bound share over {len(points)} snapshots, first {percent(_share(points[0]))}, now {final}"
    )
    return (
        f'<svg viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{_e(title)}">'
        f"<title>{_e(title)}</title>{''.join(grid)}"
        f'<polygon class="area" points="{area}"/><polyline class="line" points="{line}"/>'
        f'{dots}<text class="final" x="{min(lx, CHART_W - PAD_R)}" y="{max(ly - 10, 14):.1f}" '
        f'text-anchor="end">{final}</text>{labels}</svg>'
    )


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{_e(value)}">'


def _seen_html(row: UnmappedRow) -> str:
    # A date never breaks inside; the arrow between two may.
    return " → ".join(f'<span class="nowrap">{_e(d)}</span>' for d in seen_range(row).split(" → "))


def _row_html(i: int, row: UnmappedRow, options: PageOptions) -> str:
    back = _hidden("next", options.page_path)
    name = _hidden("name", row.name_norm) + back
    # The heading is the normalised name; list the spellings that differ from it.
    spellings = "".join(f"<li>{_e(r)}</li>" for r in row.raw_names if r != row.name_norm)
    pending = (
        f'<div class="pending">mapped to {_e(row.pending_key)}; bound at the next bind run</div>'
        if row.pending_key
        else ""
    )
    chips: list[str] = []
    for s in row.suggestions:
        label = f"{_e(s.alias_key)}<span class=score>{s.score:.0f}</span>"
        tip = _e(f"Map to {s.display_name or s.alias_key}")
        if options.actions:
            chips.append(
                f'<form method="post" action="/aliases">{name}{_hidden("key", s.alias_key)}'
                f'<button class="chip" type="submit" title="{tip}">{label}</button></form>'
            )
        else:
            chips.append(f'<span class="chip" title="{tip}">{label}</span>')
    suggestions = f'<div class="chips">{"".join(chips)}</div>' if chips else ""
    if not chips:
        suggestions = '<span class="none">no close match</span>'
    elif row.ambiguous:
        suggestions = f'<div class="ambiguous">ambiguous: pick one</div>{suggestions}'
    actions = ""
    if options.actions:
        actions = (
            f'<td class="actions">'
            f'<form method="post" action="/aliases">{name}'
            f'<input name="key" list="catalogue-keys" placeholder="any catalogue key" required '
            f'aria-label="Catalogue key for {_e(row.name_norm)}" autocomplete="off">'
            f'<button type="submit">Map</button></form>'
            f'<form method="post" action="/ignored-names" '
            f'data-confirm="Ignore &quot;{_e(row.name_norm)}&quot;? It will never be bound.">'
            f'{name}<input name="reason" placeholder="why (optional)" '
            f'aria-label="Reason to ignore {_e(row.name_norm)}">'
            f'<button class="ignore" type="submit">Ignore</button></form></td>'
        )
    return (
        f'<tr data-name="{_e(row.name_norm)}">'
        f'<td class="namecell"><div class="name">{i}. {_e(row.name_norm)}</div>'
        f'<ul class="spellings">{spellings}</ul>{pending}</td>'
        f'<td class="num" data-label="Rows">{row.occurrences}</td>'
        f'<td class="num" data-label="Sessions">{row.sessions}</td>'
        f'<td data-label="Seen">{_seen_html(row)}</td>'
        f'<td data-label="Suggestions">{suggestions}</td>{actions}</tr>'
    )


def _table_html(report: UnmappedReport, options: PageOptions) -> str:
    if not report.rows:
        return (
            '<div class="clean" id="all-clean">'
            "Nothing to map: every name is bound or ignored.</div>"
        )
    head = (
        "<th>Name and spellings</th><th>Rows</th><th>Sessions</th><th>Seen</th><th>Suggestions</th>"
    )
    if options.actions:
        head += "<th>Map or ignore</th>"
    body = "".join(_row_html(i, row, options) for i, row in enumerate(report.rows, start=1))
    return f'<table class="unmapped"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _filters_html(report: UnmappedReport, options: PageOptions) -> str:
    if not options.actions:
        return ""
    f = report.filters
    since = f.since.isoformat() if f.since else ""
    return (
        f'<form class="filters" method="get" action="{_e(options.page_path)}">'
        f'<label>Min rows<input type="number" name="min_count" min="1" value="{f.min_count}">'
        f'</label><label>Seen since<input type="date" name="since" value="{since}"></label>'
        f'<label>Show<input type="number" name="limit" min="1" max="1000" value="{f.limit}">'
        f'</label><button class="secondary" type="submit">Filter</button></form>'
    )


def _token_html(options: PageOptions) -> str:
    return (
        '<form class="token" method="post" action="/reports/session">'
        f"{_hidden('next', options.page_path)}"
        "<label>API token (needed to map or ignore)"
        '<input type="password" name="token" autocomplete="current-password" required></label>'
        '<button type="submit">Unlock</button></form>'
    )


def _flash_html(flash: Flash | None) -> str:
    if flash is None:
        return ""
    kind = "ok" if flash.ok else "error"
    return f'<div class="flash {kind}" role="status">{_e(flash.text)}</div>'


def render_locked_page(options: PageOptions) -> str:
    """The page shown instead of the report until the browser presents the API token."""
    return Template(_asset("templates", "locked.html")).substitute(
        css=_asset("static", "report.css"),
        flash=_flash_html(options.flash),
        token_form=_token_html(options),
    )


def render_page(report: UnmappedReport, keys: Sequence[CatalogueKey], options: PageOptions) -> str:
    """The whole page as a string."""
    s = report.summary
    flash = _flash_html(options.flash)
    query = urlencode(
        {k: v for k, v in report.filters.model_dump(mode="json").items() if v is not None}
    )
    datalist = (
        "\n".join(f'<option value="{_e(k.key)}">{_e(k.display_name)}</option>' for k in keys)
        if options.actions
        else ""
    )
    return Template(_asset("templates", "unmapped.html")).substitute(
        css=_asset("static", "report.css"),
        js=_asset("static", "report.js") if options.actions else "",
        flash=flash,
        bound_share=_e(percent(s.bound_share)),
        rows_bound=f"{s.rows_bound:,}",
        rows_total=f"{s.rows_total:,}",
        unmapped_names=f"{s.unmapped_names:,}",
        unmapped_rows=f"{s.unmapped_rows:,}",
        chart=share_chart_svg(
            report.history,
            SharePoint(
                run_id=0, at=report.generated_at, rows_total=s.rows_total, rows_bound=s.rows_bound
            ),
        ),
        summary_line=_e(summary_line(report)),
        filters=_filters_html(report, options),
        table=_table_html(report, options),
        datalist=datalist,
        generated_at=_e(report.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        json_href=_e(f"{options.page_path}.json?{query}"),
    )
