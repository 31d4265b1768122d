"""Rows of an in-workout table that are not sets yet: the next set's placeholders.

A logging screen (`SET  PREVIOUS  KG  REPS  ✓`) shows the set not done yet as a row
whose inputs hold grey placeholders - the values of its own `PREVIOUS` cell - with an
unticked box. OCR keeps neither the grey nor the box, so the row reads like a set.
Its shape still tells: it is the table's last row, its values are exactly its
`PREVIOUS` cell's, and they repeat the set above it. In the page's last table (where
the workout stands) such a row is taken for a placeholder and dropped; elsewhere it
is kept as a set (a set done as planned is the usual form there: a note). Dropped,
it is a doubt: a set done exactly as last time and as the set before looks the same.

Where OCR measured the ink (`OcrWord.contrast`, see `ingest.ocr.ink`), the grey itself
decides first, in any app's input table (grey placeholder text is not data): a row's
values are compared with the darkest set row of the same page, so a theme's grey, a
tinted row or a blurred capture shifts both alike. Clearly fainter is a placeholder (a
note, no doubt); as dark as the page's sets is a set, whatever its shape says; between,
or with no contrast recorded, the shape rules above decide.
"""

from __future__ import annotations

import re
from typing import Literal

from ingest.read.cells import NOT_SET, column_of
from ingest.read.findings import finding
from ingest.read.rows import Row
from schema.models import Finding, SetDraft

_SKIPPED = ("noise", "status", "note")
# A weight unit closing a cell's number, as OCR reads it (`lb`, `Ib`, `1bs`, `kg`).
_UNIT_TAIL = re.compile(r"(?:[lI1|]bs?|kgs?)$", re.IGNORECASE)

Ink = Literal["faint", "inked"]

# A row's values against the page's darkest set row: grey placeholders measure about
# half of it (0.50 against 0.92 on a rendered screen), a set's values 0.9-1.0. Below
# `FAINT` a row is a placeholder; at `INKED` or above it is a set; between, no verdict.
FAINT = 0.72
INKED = 0.88
# Columns whose cells say nothing about whether the row was entered: those never part
# of a set (`cells.NOT_SET`) and the set number.
_NOT_VALUES = ("set", *NOT_SET)


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
    """The verdict for each set row of an input table (by index) that has one: faint or
    inked, measured against the darkest such row of the page."""
    measured = {
        i: c
        for i, row in enumerate(rows)
        if _judged(row) and (c := value_contrast(row)) is not None
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


def _values(draft: SetDraft) -> tuple[object, ...]:
    return (draft.weight, draft.reps, draft.duration_s, draft.distance)


def _numbers(text: str) -> list[float]:
    # `9Olb`: a zero read as the letter O right after a digit.
    text = re.sub(r"(?<=\d)[Oo]", "0", text.replace(",", ""))
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


def _shows(row: Row) -> bool | None:
    """Whether the row's `PREVIOUS` cell shows the row's own values (`115kg x 12` beside
    `115  12`; a number OCR lost from the cell, as in `275lb x`, is no contradiction);
    None when it cannot tell: a number glued to letters that are no unit (`9Q1b`)."""
    if row.columns is None or row.set is None:
        return False
    words = [w.text for w in row.line.words if column_of(w, row.columns).role == "previous"]
    shown = _numbers(" ".join(words).replace(":", " "))
    draft = row.set
    values = [draft.weight, draft.reps, draft.distance]
    if draft.duration_s is not None:
        values += [draft.duration_s // 60, draft.duration_s % 60]
    wanted = {abs(float(v)) for v in values if v is not None}
    if shown and all(n in wanted or _garbled(n, wanted) for n in shown):
        return True
    bare = [_UNIT_TAIL.sub("", w) for w in words if re.search(r"\d", w)]
    return None if any(re.search(r"[^\W\d_]", w) for w in bare) else False


def _garbled(number: float, wanted: set[float]) -> bool:
    """`A7.5kg` for `47.5kg`: the cell's digits are the tail of a value's digits (OCR
    lost a leading digit to a letter)."""
    digits = f"{number:g}"
    return len(digits) >= 2 and any(f"{v:g}".endswith(digits) for v in wanted)


def drop_placeholders(rows: list[Row]) -> list[Finding]:
    """Mark each table's placeholder rows (see the module docstring) as noise: those
    printed faint with a note, those told by their shape alone with a doubt."""
    ink = ink_of_rows(rows)
    found = [_faint(rows[i]) for i, verdict in sorted(ink.items()) if verdict == "faint"]
    for i, row in enumerate(rows):
        if row.set is None or i == 0 or i in ink or not _judged(row):
            continue
        # The table ends at its button (`+ Add Set`, chrome) or at the next name.
        after = next((r for r in rows[i + 1 :] if r.kind not in _SKIPPED), None)
        above = rows[i - 1]
        if (after is not None and after.kind in ("set", "badset")) or above.set is None:
            continue
        if above.kind != "set" or _values(row.set) != _values(above.set):
            continue
        last = not any(r.kind == "set" for r in rows[i + 1 :])
        if (shows := _shows(row)) or (shows is None and last):
            found.append(_decide(row, last, sure=shows is not None))
    return found


def _judged(row: Row) -> bool:
    """A set row of an input table (a `PREVIOUS` column): only there are placeholders (a
    photo's light falls unevenly on any table), and an unreadable row keeps its doubt (a
    grey header whose tick OCR read as `7`, dropped, would hide that the table lost it)."""
    columns = row.columns.columns if row.columns is not None else ()
    return row.kind == "set" and any(c.role == "previous" for c in columns)


def _faint(row: Row) -> Finding:
    """A row whose values are printed clearly fainter than the page's sets: grey
    placeholder text, not a set."""
    row.kind = "noise"
    sentence = f"row printed in grey like an input's placeholder, not a set: {row.text!r}"
    return finding("set.placeholder_faint", "note", sentence, row=row.text)


def _decide(row: Row, last: bool, sure: bool) -> Finding:
    """The page's last table ends where the workout stands: its last row is the set not
    done yet, dropped with a doubt; unless its `PREVIOUS` cell is too damaged to tell
    (not `sure`): kept, with a doubt. Elsewhere the row is a set done as planned, kept."""
    if not sure:
        sentence = f"last row repeats the set above, its PREVIOUS cell unreadable: {row.text!r}"
        return finding("set.placeholder_unsure", "doubt", sentence, row=row.text)
    if last:
        row.kind = "noise"
        sentence = (
            "last row repeats its PREVIOUS cell and the set above, read as a placeholder: "
            f"{row.text!r}"
        )
        return finding("set.placeholder", "doubt", sentence, row=row.text)
    sentence = f"last row repeats its PREVIOUS cell and the set above, kept as a set: {row.text!r}"
    return finding("set.placeholder_kept", "note", sentence, row=row.text)
