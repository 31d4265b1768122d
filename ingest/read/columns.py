"""The badge column of a set table, found from the words' boxes, and rows OCR glued across it.

Apps that print a set number or a `W`/`D`/`F` badge in a column left of the set
(generic app screens, Hevy, Strong) put every badge at one x and every set at
another. OCR sometimes reads the badge and the set as one word: `1  1min 35s`
comes out as `11min 35s`, which reads as 11 minutes. A first word that starts at
the badge column and runs into the set column holds both; the badge is the set
number the row should carry, and the rest is the set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from ingest.read.findings import finding
from ingest.read.rows import Options, Row, parse_set_line

_BADGE_WORD = re.compile(r"^(?:\d{1,2}|[WDF]|Ww)[.,:;]?$")
_LEADING_DIGITS = re.compile(r"^\d{2,}")


@dataclass(frozen=True)
class BadgeColumn:
    """Where badges sit (`left`, `width`: medians over the page) and where sets start."""

    left: float
    width: float
    body_left: float


def badge_column(rows: list[Row]) -> BadgeColumn | None:
    """The page's badge column from set rows printed as a badge word then the set.

    Needs three such rows, two thirds of the set rows at least (`5 lb x 7` and
    `10 mi | 22:00` on a page without badges start with a number too); None when
    the page prints no badge column.
    """
    lefts: list[int] = []
    widths: list[int] = []
    bodies: list[int] = []
    sets = 0
    for row in rows:
        words = row.line.words
        sets += row.kind == "set"
        if row.kind != "set" or len(words) < 2 or not _BADGE_WORD.match(words[0].text):
            continue
        lefts.append(words[0].left)
        widths.append(words[0].width)
        bodies.append(words[1].left)
    if len(lefts) < 3 or 3 * len(lefts) < 2 * sets:
        return None
    column = BadgeColumn(median(lefts), median(widths), median(bodies))
    if column.body_left - column.left < 2 * column.width:
        return None  # badge and set too close to tell apart
    return column


def split_glued_badges(rows: list[Row], options: Options) -> list[Row]:
    """Re-read rows whose first word spans the badge and set columns (`11min 35s`).

    The badge is the number the row should carry (one more than the set before it
    under the same header) when the word starts with it; the row is re-read as
    `1 1min 35s` and noted. Other rows are returned unchanged.
    """
    column = badge_column(rows)
    if column is None:
        return rows
    out: list[Row] = []
    number = 0
    for row in rows:
        if row.kind == "text":
            number = 0
        fixed = _split(row, column, number + 1, options) if row.kind in ("set", "badset") else None
        row = fixed or row
        if row.kind == "set":
            m = re.match(r"^(\d{1,2})\b", row.text)
            number = int(m.group(1)) if m else number
        out.append(row)
    return out


def _split(row: Row, column: BadgeColumn, expected: int, options: Options) -> Row | None:
    first = row.line.words[0]
    starts_at_badge = abs(first.left - column.left) <= column.width
    spans = first.right > column.body_left + column.width
    prefix = str(expected)
    if not (starts_at_badge and spans and _LEADING_DIGITS.match(first.text)):
        return None
    if not first.text.startswith(prefix) or len(first.text) <= len(prefix):
        return None
    text = f"{prefix} {row.text[len(prefix) :].lstrip()}"
    parsed = parse_set_line(text, options.one_rm_column)
    if parsed is None:
        return None
    note = finding(
        "badge.glued", "note", f"set number {prefix} glued to the set, read apart: {row.text!r}"
    )
    found = parsed[0].model_copy(update={"raw_line": row.text})
    return Row("set", text, row.line, set=found, notes=[*parsed[1], note])
