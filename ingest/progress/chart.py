"""The progress chart as inline SVG, drawn by hand (no library, no script, no CDN).

Top: the estimated one-rep max per session as a line, records as larger
marks. Bottom: volume per week as bars. Every mark has a `<title>` so hovering
shows the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from ingest.progress.stats import Progress
from schema.models import LB_TO_KG

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP = 56, 16, 30
LINE_BOTTOM, BARS_TOP, BARS_BOTTOM = 200, 226, 296
SPARKS = "▁▂▃▄▅▆▇█"


def in_unit(kg: float, unit: str) -> float:
    """Kilograms shown in `unit` (kg or lb)."""
    return kg / LB_TO_KG if unit == "lb" else kg


def sparkline(values: Sequence[float | None]) -> str:
    """One block character per value, low to high (a space for none)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values
    )


def _x(day: date, first: date, last: date) -> float:
    span = (last - first).days or 1
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: float, low: float, high: float, top: float, bottom: float) -> float:
    span = (high - low) or 1.0
    return bottom - (bottom - top) * (value - low) / span


def _line(progress: Progress, unit: str, first: date, last: date) -> list[str]:
    points = [(s, in_unit(s.e1rm_kg, unit)) for s in progress.sessions if s.e1rm_kg is not None]
    if not points:
        return [f'<text x="{LEFT}" y="{LINE_BOTTOM // 2}" class="empty">no weighted sets</text>']
    low, high = min(v for _, v in points) * 0.95, max(v for _, v in points) * 1.02
    xy = [(_x(s.day, first, last), _y(v, low, high, TOP, LINE_BOTTOM), s, v) for s, v in points]
    out = [
        f'<text x="{LEFT - 6}" y="{TOP + 4}" class="axis" text-anchor="end">{high:.0f}</text>',
        f'<text x="{LEFT - 6}" y="{LINE_BOTTOM}" class="axis" text-anchor="end">{low:.0f}</text>',
        f'<text x="4" y="12" class="axis">estimated 1RM ({unit}), records larger</text>',
        '<polyline class="e1rm" fill="none" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in xy)
        + '"/>',
    ]
    for x, y, s, v in xy:
        mark = "pr" if s.pr else "point"
        label = f"{s.day.isoformat()}: e1RM {v:.1f} {unit}" + (" (PR)" if s.pr else "")
        radius = 5 if s.pr else 3
        out.append(
            f'<circle class="{mark}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">'
            f"<title>{escape(label)}</title></circle>"
        )
    return out


def _bars(progress: Progress, unit: str, first: date, last: date) -> list[str]:
    if not progress.weeks:
        return []
    high = max(in_unit(w.volume_kg, unit) for w in progress.weeks) or 1.0
    out = [f'<text x="4" y="{BARS_TOP + 4}" class="axis">volume/week</text>']
    for w in progress.weeks:
        value = in_unit(w.volume_kg, unit)
        x = _x(max(w.week, first), first, last)
        y = _y(value, 0, high, BARS_TOP, BARS_BOTTOM)
        out.append(
            f'<rect class="week" x="{x - 3:.1f}" y="{y:.1f}" width="6" '
            f'height="{BARS_BOTTOM - y:.1f}"><title>week of {w.week.isoformat()}: '
            f"{value:,.0f} {unit}</title></rect>"
        )
    return out


def svg_chart(progress: Progress, unit: str = "kg") -> str:
    """The chart of a progress as an `<svg>` element."""
    title = escape(f"{progress.name}: estimated 1RM per session and volume per week")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" style="max-width:{WIDTH}px;height:auto" role="img" aria-label="{title}" '
        'class="progress-chart">'
        "<style>.axis{font:11px sans-serif;fill:#666}.e1rm{stroke:#0062cc;stroke-width:2}"
        ".point{fill:#0062cc}.pr{fill:#c46200}.week{fill:#9bb7d4}"
        ".empty{font:13px sans-serif;fill:#666}</style>"
    )
    if not progress.sessions:
        return head + '<text x="56" y="100" class="empty">no sessions yet</text></svg>'
    first, last = progress.sessions[0].day, progress.sessions[-1].day
    foot = (
        f'<text x="{LEFT}" y="{HEIGHT - 6}" class="axis">{first.isoformat()}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" class="axis" text-anchor="end">'
        f"{last.isoformat()}</text>"
    )
    body = _line(progress, unit, first, last) + _bars(progress, unit, first, last)
    return head + "".join(body) + foot + "</svg>"
