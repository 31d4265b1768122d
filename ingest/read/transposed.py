"""Transposed tables: a row of values over a row of counts, one set per column.

Some apps print an exercise's sets across the page: a row of weights (`20 40 60`)
over a row of reps (`12X 10X 5X`). Cells are centred on their column, so the two
rows are paired by x position, not by order: a cell OCR lost leaves a hole in its
own column instead of shifting every set after it.
"""

from __future__ import annotations

import itertools
import re

from schema.models import OcrWord

Column = tuple[OcrWord | None, OcrWord | None]
# Two counts OCR read as one cell (`12X-15X`, `23-25`): the mark is the gap between them.
_RUN_TOGETHER = re.compile(r"(\d{2,3}[xX×]?)[-~](\d{2,3}[xX×]?)")


def pair_columns(top: list[OcrWord], bottom: list[OcrWord]) -> list[Column]:
    """The two rows' cells paired by x position; a cell missing in one row gives None.

    Two cells share a column when their centres are closer than half the smallest
    step between neighbouring cells of either row.
    """
    steps = [
        b.centre - a.centre
        for row in (top, bottom)
        for a, b in itertools.pairwise(row)
        if b.centre > a.centre
    ]
    heights = sorted(w.height for w in top + bottom if w.height)
    height = heights[len(heights) // 2] if heights else 20
    tolerance = 0.45 * min(steps) if steps else 4.0 * height
    cells = sorted([(0, w) for w in top] + [(1, w) for w in bottom], key=lambda t: t[1].centre)
    columns: list[list[OcrWord | None]] = []
    anchors: list[float] = []
    for row, word in cells:
        if columns and abs(word.centre - anchors[-1]) <= tolerance and columns[-1][row] is None:
            columns[-1][row] = word
            continue
        columns.append([word, None] if row == 0 else [None, word])
        anchors.append(word.centre)
    kept = [(c[0], c[1]) for c in columns]
    squeezed = set(_squeezed(kept))
    return [c for i, c in enumerate(kept) if i not in squeezed]


def _squeezed(columns: list[Column]) -> list[int]:
    """Top-only columns with no room for a set between their two full neighbours.

    A mark read between two cells of the top row (a lone `8` between `30` and `45`)
    is not a set: its neighbours are one column step apart, as other columns show. A
    set whose bottom cell OCR lost sits a full step from each neighbour instead.
    """
    xs = [bottom.centre for _, bottom in columns if bottom is not None]
    out = []
    for i in range(1, len(columns) - 1):
        before, (top, bottom), after = columns[i - 1], columns[i], columns[i + 1]
        left, right = before[1], after[1]
        if top is None or bottom is not None or None in (before[0], after[0]):
            continue
        if left is None or right is None:
            continue
        gap = (left.centre, right.centre)
        # The step measured elsewhere in the row: a lost cell doubles one, never halves it.
        steps = [b - a for a, b in itertools.pairwise(xs) if (a, b) != gap]
        if steps and gap[1] - gap[0] < 1.5 * min(steps):
            out.append(i)
    return out


def split_run_together(cells: list[OcrWord]) -> list[OcrWord]:
    """A row's cells with two counts OCR ran together split in two, each half the box."""
    out: list[OcrWord] = []
    for w in cells:
        m = _RUN_TOGETHER.fullmatch(w.text)
        if m is None:
            out.append(w)
            continue
        half = w.width // 2
        out.append(w.model_copy(update={"text": m.group(1), "width": half}))
        out.append(w.model_copy(update={"text": m.group(2), "left": w.left + half, "width": half}))
    return out
