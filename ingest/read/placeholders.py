"""Rows of an in-workout table that are not sets yet: the next set's placeholders.

A logging screen (`SET  PREVIOUS  KG  REPS  ✓`) shows the set not done yet as a row
whose inputs hold grey placeholders - the values of its own `PREVIOUS` cell - with an
unticked box. OCR keeps neither the grey nor the box, so the row reads like a set.
Its shape still tells: it is the table's last row, its values are exactly its
`PREVIOUS` cell's, and they repeat the set above it. In the page's last table (where
the workout stands) such a row is taken for a placeholder and dropped; elsewhere it
is kept as a set (a set done as planned is the usual form there: a note). Dropped,
it is a doubt: a set done exactly as last time and as the set before looks the same.

Where OCR measured the ink (`ingest.read.faint_rows`), the grey itself decides first,
in any table and any app: a row whose values are clearly fainter than the page's sets
is a placeholder (a note, no doubt), one as dark as them is a set; the shape rules
above only judge the rows the ink leaves undecided (and recordings without it).
"""

from __future__ import annotations

import re

from ingest.read.cells import column_of
from ingest.read.faint_rows import ink_of_rows
from ingest.read.findings import finding
from ingest.read.rows import Row
from schema.models import Finding, SetDraft

_SKIPPED = ("noise", "status", "note")
# A weight unit closing a cell's number, as OCR reads it (`lb`, `Ib`, `1bs`, `kg`).
_UNIT_TAIL = re.compile(r"(?:[lI1|]bs?|kgs?)$", re.IGNORECASE)


def _values(draft: SetDraft) -> tuple[object, ...]:
    return (draft.weight, draft.reps, draft.duration_s, draft.distance)


def _numbers(text: str) -> list[float]:
    # `9Olb`: a zero read as the letter O right after a digit.
    text = re.sub(r"(?<=\d)[Oo]", "0", text.replace(",", ""))
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


def _damaged(row: Row) -> bool:
    """Whether the row's `PREVIOUS` cell holds a number glued to letters that are no
    unit (`9Q1b`): the cell can neither confirm nor deny the row's values."""
    if row.columns is None:
        return False
    words = [w.text for w in row.line.words if column_of(w, row.columns).role == "previous"]
    bare = [_UNIT_TAIL.sub("", w) for w in words if re.search(r"\d", w)]
    return any(re.search(r"[^\W\d_]", w) for w in bare)


def _shows(row: Row) -> bool:
    """Whether the row's `PREVIOUS` cell shows the row's own values (`115kg x 12` beside
    `115  12`; a number OCR lost from the cell, as in `275lb x`, is no contradiction)."""
    if row.columns is None or row.set is None:
        return False
    words = [w.text for w in row.line.words if column_of(w, row.columns).role == "previous"]
    shown = _numbers(" ".join(words).replace(":", " "))
    draft = row.set
    values = [draft.weight, draft.reps, draft.distance]
    if draft.duration_s is not None:
        values += [draft.duration_s // 60, draft.duration_s % 60]
    wanted = {abs(float(v)) for v in values if v is not None}
    return bool(shown) and all(n in wanted or _garbled(n, wanted) for n in shown)


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
        if row.kind != "set" or row.set is None or i == 0 or i in ink:
            continue
        if row.columns is None or not any(c.role == "previous" for c in row.columns.columns):
            continue
        # The table ends at its button (`+ Add Set`, chrome) or at the next name.
        after = next((r for r in rows[i + 1 :] if r.kind not in _SKIPPED), None)
        above = rows[i - 1]
        if (after is not None and after.kind in ("set", "badset")) or above.set is None:
            continue
        if above.kind != "set" or _values(row.set) != _values(above.set):
            continue
        last = not any(r.kind == "set" for r in rows[i + 1 :])
        if _shows(row):
            found.append(_decide(row, last))
        elif last and _damaged(row):
            found.append(_unsure(row))
    return found


def _faint(row: Row) -> Finding:
    """A row whose values are printed clearly fainter than the page's sets: grey
    placeholder text, not a set."""
    row.kind = "noise"
    sentence = f"row printed in grey like an input's placeholder, not a set: {row.text!r}"
    return finding("set.placeholder_faint", "note", sentence, row=row.text)


def _decide(row: Row, last: bool) -> Finding:
    """The page's last table ends where the workout stands: its last row is the set not
    done yet, dropped with a doubt. Elsewhere the row is a set done as planned, kept."""
    if last:
        row.kind = "noise"
        sentence = (
            "last row repeats its PREVIOUS cell and the set above, read as a placeholder: "
            f"{row.text!r}"
        )
        return finding("set.placeholder", "doubt", sentence, row=row.text)
    sentence = f"last row repeats its PREVIOUS cell and the set above, kept as a set: {row.text!r}"
    return finding("set.placeholder_kept", "note", sentence, row=row.text)


def _unsure(row: Row) -> Finding:
    """The page's last row repeats the set above, but its `PREVIOUS` cell is too damaged
    to tell a placeholder from a set: kept as a set, with a doubt (a person looks)."""
    sentence = (
        "last row repeats the set above and its PREVIOUS cell is unreadable, "
        f"kept as a set but may be a placeholder: {row.text!r}"
    )
    return finding("set.placeholder_unsure", "doubt", sentence, row=row.text)
