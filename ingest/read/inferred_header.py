"""A set table's columns read from its rows' geometry when OCR lost its header row.

A header row is small muted text; on a downscaled capture OCR may drop it entirely,
leaving rows like `1  270lb x 10  275  10` (set, previous session, weight, reps) or
`1  230  6` (set, weight, reps) whose bare numbers mean nothing by themselves. The
rows still show their table: a badge column at the left, then - after an optional
wide cell of the previous session (`270lb x 10`, `2km - 21:59`) - two columns of
bare numbers at the same x on every row. Two such rows or more make a table, and
their columns are given roles by what their cells hold: a clock (`21:59`) is a time
and the number before it a distance, otherwise the numbers are weight then reps.
The unit is the one the previous-session cells print (`270lb`), else the page's
summary volume (`10,187 lb`, a guess).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ingest.read.structure import Column, Header
from ingest.read.vocabulary import ColumnRole
from schema.models import OcrLine, OcrWord

_BADGE = re.compile(r"^(?:\d{1,2}|[^\W\d_]{1,2})[.,:;]?$")
_NUMBER = re.compile(r"^\d[\d.,:]*$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
# A word that ends a cell's text before a number of that cell: `x 10`, `lbx 5`, `4@ 8`.
_CROSS = re.compile(r"[xX×@]$")
_UNIT = re.compile(r"\d\s?(kg|lbs?|[Il1]bs?|km|mi|m)\b", re.IGNORECASE)
_VOLUME_UNIT = re.compile(r"\d,\d{3}\s?(kg|lbs?|[Il1]bs?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Inferred:
    """A header read from rows, and whether its unit is a guess (no row printed one)."""

    header: Header
    unit_guessed: bool


def _tail(line: OcrLine) -> tuple[list[OcrWord], list[OcrWord]] | None:
    """A candidate table row split into (badge and middle words, trailing number cells):
    a badge first, two or three bare numbers last (a short mark after them is the check
    column), the number after a cross (`x 10`) belonging to the middle cell."""
    words = [w for w in line.words if w.text.strip()]
    while words and len(words[-1].text) <= 2 and not re.search(r"\d", words[-1].text):
        words.pop()
    if len(words) < 3 or not _BADGE.match(words[0].text):
        return None
    i = len(words)
    while i > 1 and _NUMBER.match(words[i - 1].text):
        i -= 1
    while i < len(words) and i > 1 and _CROSS.search(words[i - 1].text):
        i += 1
    tail = words[i:]
    if not 2 <= len(tail) <= 3:
        return None
    gaps = [b.left - a.right for a, b in pairwise(tail)]
    if min(gaps) < 2 * max(w.height for w in tail):
        return None  # `3 x 10`-like text, not cells of columns
    return words[:i], tail


def infer_headers(lines: Sequence[OcrLine], page_lines: Sequence[OcrLine]) -> dict[int, Inferred]:
    """The header each header-less table row implies (see the module docstring), by the
    row's index in `lines`. The columns come from the rows that show them plainly;
    timed rows (a clock last) and weighted rows are two tables. Every row with a badge
    first and a cell in the first number column is then read through its table's."""
    split = {i: t for i, line in enumerate(lines) if (t := _tail(line)) is not None}
    tables: dict[bool, Inferred] = {}
    for timed in (False, True):
        group = [t for t in split.values() if bool(_CLOCK.match(t[1][-1].text)) == timed]
        if (inferred := _infer(group, page_lines, timed)) is not None:
            tables[timed] = inferred
    found: dict[int, Inferred] = {}
    for i, line in enumerate(lines):
        words = [w for w in line.words if w.text.strip()]
        if len(words) < 2 or not _BADGE.match(words[0].text):
            continue
        timed = any(":" in w.text for w in words[1:])
        table = tables.get(timed) or (None if timed else tables.get(True))
        if table is not None and _has_cell_under(words, table.header):
            found[i] = table
    return found


def _has_cell_under(words: list[OcrWord], header: Header) -> bool:
    """Whether a number of the row sits under the table's first value column."""
    first = next(c for c in header.columns if c.role not in ("set", "previous"))
    return any(
        re.search(r"\d", w.text) and min(w.right, first.right) - max(w.left, first.left) > 0
        for w in words[1:]
    )


def _infer(
    split: list[tuple[list[OcrWord], list[OcrWord]]], page_lines: Sequence[OcrLine], timed: bool
) -> Inferred | None:
    """One table's header from its rows, None when fewer than two share number columns."""
    if len(split) < 2:
        return None
    count = max({len(t[1]) for t in split}, key=lambda n: sum(len(t[1]) == n for t in split))
    rows = [t for t in split if len(t[1]) == count]
    if len(rows) < 2 or (timed and count != 2):
        return None
    lefts = [median(t[1][k].left for t in rows) for k in range(count)]
    rights = [median(t[1][k].right for t in rows) for k in range(count)]
    height = median(w.height for t in rows for w in t[1]) or 10
    if any(abs(t[1][k].left - lefts[k]) > 2 * height for t in rows for k in range(count)):
        return None
    middle = " ".join(w.text for t in rows for w in t[0][1:])
    unit, guessed = _unit(middle, page_lines, timed)
    roles: tuple[ColumnRole, ...] = ("distance", "time") if timed else ("weight", "reps", "rpe")
    badge = [t[0][0] for t in rows]
    columns = [Column("set", min(w.left for w in badge), max(w.right for w in badge))]
    if middle.strip():
        first_middle = min(t[0][1].left for t in rows if len(t[0]) > 1)
        columns.append(Column("previous", first_middle, int(lefts[0] - height)))
    for k in range(count):
        role = roles[k]
        column_unit = unit if role in ("weight", "distance") else None
        columns.append(Column(role, int(lefts[k]), int(rights[k]), column_unit))
    # Marks right of the numbers (a check box read as `=a`) are the check column.
    columns.append(Column("check", int(rights[-1] + 2 * height), int(rights[-1] + 6 * height)))
    return Inferred(Header(tuple(columns)), guessed)


def _unit(middle: str, page_lines: Sequence[OcrLine], timed: bool) -> tuple[str | None, bool]:
    """The unit of the weight or distance column: printed in the previous-session cells,
    else the page summary's volume unit (a guess); None when neither shows one."""
    wanted = ("km", "mi", "m") if timed else ("kg", "lb")
    for found in _UNIT.finditer(middle):
        unit = _canonical(found.group(1))
        if unit in wanted:
            return unit, False
    if not timed:
        for line in page_lines:
            if volume := _VOLUME_UNIT.search(line.text):
                return _canonical(volume.group(1)), True
    return None, True


def _canonical(unit: str) -> str:
    unit = unit.lower()
    return "lb" if unit.endswith(("b", "bs")) else unit
