"""Progress for people: a terminal table with a sparkline, and the server-rendered pages."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from rich.table import Table

from ingest.progress.chart import in_unit, sparkline, svg_chart
from ingest.progress.stats import Progress, SessionProgress
from schema.repo_progress import KeyActivity


def _w(kg: float | None, unit: str) -> str:
    if kg is None:
        return ""
    value = round(in_unit(kg, unit), 1)
    return f"{value:g}"


def best_set(s: SessionProgress, unit: str) -> str:
    """`100 kg × 5`, or the reps of a bodyweight session."""
    if s.best_weight_kg is None:
        return f"{s.reps} reps"
    return f"{_w(s.best_weight_kg, unit)} {unit} × {s.best_reps}"


def marks(s: SessionProgress) -> str:
    """`PR` for a new best estimate, `top` for a new heaviest weight."""
    return " ".join(m for m, on in (("PR", s.pr), ("top", s.weight_pr and not s.pr)) if on)


def to_table(progress: Progress, unit: str = "kg") -> Table:
    """The terminal table: one row per session; the caption carries the sparkline."""
    spark = sparkline([s.e1rm_kg for s in progress.sessions])
    best = progress.best_e1rm_kg
    table = Table(
        title=f"{progress.name} ({progress.key})",
        caption=f"e1RM {spark}  best {_w(best, unit)} {unit}; "
        f"{len(progress.sessions)} sessions; read as: {', '.join(progress.spellings)}",
    )
    for column in ("date", "session", "best set", f"e1RM {unit}", f"top {unit}", f"volume {unit}"):
        table.add_column(
            column, justify="left" if column in ("date", "session", "best set") else "right"
        )
    table.add_column("")
    for s in progress.sessions:
        table.add_row(
            s.day.isoformat(),
            s.title or "",
            best_set(s, unit),
            _w(s.e1rm_kg, unit),
            _w(s.top_weight_kg, unit),
            f"{in_unit(s.volume_kg, unit):,.0f}",
            marks(s),
        )
    return table


PAGE_STYLE = (
    "*{box-sizing:border-box}"
    "body{font:15px system-ui,sans-serif;margin:2em auto;max-width:960px;padding:0 1em}"
    "table{border-collapse:collapse}td,th{padding:.25em .7em;border-bottom:1px solid #ddd;"
    "text-align:right}td:first-child,th:first-child,.l{text-align:left}"
    "tr.pr td{font-weight:600}.mark{color:#c46200}.scroll{overflow-x:auto}"
)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f"<style>{PAGE_STYLE}</style></head><body>{body}</body></html>"
    )


def progress_page(progress: Progress, unit: str = "kg") -> str:
    """`/progress/{key}`: the chart, then one row per session (newest first) and the weeks."""
    other = "lb" if unit == "kg" else "kg"
    rows = "".join(
        f'<tr class="{"pr" if s.pr else ""}"><td>{s.day.isoformat()}</td>'
        f'<td class="l">{escape(s.title or "")}</td><td class="l">{escape(best_set(s, unit))}</td>'
        f"<td>{_w(s.e1rm_kg, unit)}</td><td>{_w(s.top_weight_kg, unit)}</td>"
        f"<td>{in_unit(s.volume_kg, unit):,.0f}</td>"
        f'<td class="mark">{marks(s)}</td></tr>'
        for s in reversed(progress.sessions)
    )
    weeks = "".join(
        f"<tr><td>{w.week.isoformat()}</td><td>{w.sessions}</td>"
        f"<td>{in_unit(w.volume_kg, unit):,.0f}</td></tr>"
        for w in reversed(progress.weeks)
    )
    body = (
        f'<p><a href="/progress">All exercises</a></p><h1>{escape(progress.name)}</h1>'
        f"<p>Read as: {escape(', '.join(progress.spellings))}. "
        f'<a href="?unit={other}">Show in {other}</a></p>'
        f"{svg_chart(progress, unit)}"
        '<h2>Sessions</h2><div class="scroll"><table id="sessions">'
        '<tr><th>date</th><th class="l">session</th><th class="l">best set</th>'
        f"<th>e1RM {unit}</th><th>top {unit}</th><th>volume {unit}</th><th></th></tr>"
        f"{rows}</table></div>"
        f'<h2>Volume per week</h2><table id="weeks"><tr><th>week of</th><th>sessions</th>'
        f"<th>volume {unit}</th></tr>{weeks}</table>"
    )
    return _page(f"{progress.name}: progress", body)


def index_page(keys: list[KeyActivity]) -> str:
    """`/progress`: exercises with history, most recently trained first."""
    rows = "".join(
        f'<tr><td class="l"><a href="/progress/{quote(k.key)}">'
        f"{escape(k.display_name or k.key)}</a></td><td>{k.last_day.isoformat()}</td>"
        f"<td>{k.sessions}</td><td>{k.spellings}</td></tr>"
        for k in keys
    )
    body = (
        '<h1>Progress</h1><table id="keys"><tr><th>exercise</th><th>last trained</th>'
        f"<th>sessions</th><th>spellings</th></tr>{rows}</table>"
    )
    return _page("Progress", body)
