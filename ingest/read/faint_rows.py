"""Grey placeholder text is not data: set rows whose values are printed fainter than
the page's sets.

An input form shows what is not entered yet in grey (a logging screen's next set:
`60  8` in light grey, where a done set's `60  8` is black). OCR records each word's
ink contrast against its own background (`OcrWord.contrast`, see `ingest.ocr.ink`);
a row's values are compared with the darkest set row of the same page, so a theme's
grey, a tinted row or a blurred capture shifts both alike. Only the value cells
count: a `PREVIOUS` cell is grey in every row, and a set number may stay black.

Three answers: faint (clearly fainter than the page's sets: a placeholder), inked
(as dark as the page's sets: a set, whatever its shape says) and None (no contrast
recorded, or in between: the shape rules of `ingest.read.placeholders` decide).
"""

from __future__ import annotations

from typing import Literal

from ingest.read.cells import column_of
from ingest.read.rows import Row

Ink = Literal["faint", "inked"]

# A row's values against the page's darkest set row: grey placeholders measure about
# half of it (0.50 against 0.92 on a rendered screen), a set's values 0.9-1.0. Below
# `FAINT` a row is a placeholder; at `INKED` or above it is a set; between, no verdict.
FAINT = 0.72
INKED = 0.88
# Columns whose cells say nothing about whether the row was entered.
_NOT_VALUES = ("set", "previous", "one_rm", "check")
# Only rows read as sets are judged: an unreadable row keeps its doubt (a grey column
# header whose tick OCR read as `7` is one, and dropped it would hide that the table
# below lost its header).
_SET_KINDS = ("set",)


def value_contrast(row: Row) -> float | None:
    """The ink contrast of a row's darkest value word (under a header: the words of its
    value columns; else every word with a digit after the first), None when unknown.

    The darkest, not a typical one: a placeholder row is grey in every value cell, and
    a grey `PREVIOUS` word that strays under a value column (`60kg x7`, its `x7` under
    `KG`) must not make a done set look grey."""
    words = list(row.line.words)
    if row.columns is not None:
        header = row.columns
        values = [w for w in words if column_of(w, header).role not in _NOT_VALUES]
    else:
        values = [w for w in words[1:] if any(c.isdigit() for c in w.text)]
    found = [w.contrast for w in values if w.contrast is not None]
    if not found or len(found) < len(values):
        return None
    return max(found)


def ink_of_rows(rows: list[Row]) -> dict[int, Ink]:
    """The verdict for each set row (by index) that has one: faint or inked, measured
    against the darkest set row of the page."""
    measured = {
        i: c
        for i, row in enumerate(rows)
        if row.kind in _SET_KINDS and (c := value_contrast(row)) is not None
    }
    if len(measured) < 2:
        return {}
    darkest = max(measured.values())
    if darkest <= 0:
        return {}
    verdicts: dict[int, Ink] = {}
    for i, contrast in measured.items():
        ratio = contrast / darkest
        if ratio < FAINT:
            verdicts[i] = "faint"
        elif ratio >= INKED:
            verdicts[i] = "inked"
    return verdicts
