"""The cells of a set table's rows, read through the table's column header.

A row of bare cells (`1  60  8` under `SET KG REPS`) becomes the set text the set
grammar reads (`1 60 kg x 8`): each word belongs to the column it stands under, the
unit printed only in the header applies to its rows, and the `PREVIOUS`, 1RM and
check-mark columns are never part of a set. Marks standing between columns (a PR
medal read as `3`) are no cells; a short word in the set column is its badge.
"""

from __future__ import annotations

import re

from ingest.read.structure import Column, Header
from ingest.read.vocabulary import ColumnRole
from schema.models import OcrLine, OcrWord


def column_of(word: OcrWord, header: Header) -> Column:
    """The column a cell belongs to: the most horizontal overlap, else the nearest centre."""

    def overlap(c: Column) -> int:
        return min(word.right, c.right) - max(word.left, c.left)

    best = max(header.columns, key=overlap)
    if overlap(best) > 0:
        return best
    return min(header.columns, key=lambda c: abs(c.centre - word.centre))


# Columns whose cells are never part of the set: the previous session's, the app's 1RM
# estimate, the check mark.
NOT_SET = ("previous", "one_rm", "check")
_CELL = re.compile(
    r"^(?:[+-]?[\d.,:]+\S{0,3}|\d[\d.,]*(?:kg|lbs?|[Il1]bs?)?[xX×]\d{1,3}|[xX×]\d{1,3}|[WDFwdf]|[✓✔√]+|[-–—_]+|x|×|@[\d.,]*|kg|lbs?|[Il1]bs?|km|mi|m|回)$"
)


def cell_words(line: OcrLine, header: Header) -> list[OcrWord]:
    """A row's words without the marks standing between columns: a short word under no
    header word, well away from every column (a PR medal read as `3` or `é`), unless it
    follows an `@` (an RPE printed in no column of its own: `@ 8`); and a second word
    of the set column that is not under its header word (the badge is one word, under
    `SET`; a row's tint or a ghost beside it is read as `=:` or `8`)."""
    kept: list[OcrWord] = []
    after_at = badge = False
    for word in line.words:
        text = word.text.strip()
        if not text:
            continue
        gap = min(max(c.left - word.right, word.left - c.right) for c in header.columns)
        at = re.fullmatch(r"@[\d.,]*", text) is not None  # `@>`: a mark, not an RPE
        mark = len(text) <= 2 and gap > 1.5 * max(word.height, 10) and not (after_at or at)
        after_at = at and len(text) == 1
        column = column_of(word, header)
        if (
            column.role == "set"
            and badge
            and min(word.right, column.right) <= max(word.left, column.left)
        ):
            mark = True
        badge = badge or column.role == "set"
        if not mark:
            kept.append(word)
    return kept


def is_cell_row(line: OcrLine, header: Header | None = None) -> bool:
    """Whether a row is bare table cells (numbers, badges, marks), not a name or a note.

    Under a header, the words in the previous-session, 1RM and check-mark columns are
    not looked at: they are no part of the set, whatever OCR made of them (`=a`, `ae`).
    """
    words = [w for w in line.words if w.text.strip()]
    if header is not None:
        words = [w for w in cell_words(line, header) if column_of(w, header).role not in NOT_SET]
        # A short word in the set column is its badge, however OCR read it (`EF` for F,
        # `WwW` for a W drawn large).
        first = words[:1]
        if first and len(first[0].text) <= 4 and column_of(first[0], header).role == "set":
            words = words[1:] if re.search(r"\d", " ".join(w.text for w in words[1:])) else words
    texts = [w.text for w in words]
    return (
        bool(texts)
        and any(re.search(r"\d", w) for w in texts)
        and all(_CELL.match(w) for w in texts)
    )


# Cells that say what they hold in any column; a weight's unit only with no weight column.
_SELF_DESCRIBING = re.compile(r"\d\s?(?:km|mi|m|reps?)\b|[×xX]\s?\d", re.IGNORECASE)
_WEIGHT_UNIT = re.compile(r"\d\s?(?:kg|lbs?)\b", re.IGNORECASE)


def cells_text(line: OcrLine, header: Header, keep_one_rm: bool = False) -> str:
    """The set text of a row of cells under `header`: badge, weight with the header's unit,
    `x` reps, distance and time; the previous-session, 1RM and check-mark cells dropped
    (the 1RM kept last with `keep_one_rm`, for the apps whose repairs check reps by it)."""
    cells: dict[ColumnRole, list[str]] = {}
    kept: list[str] = []
    after_at = False
    for word in cell_words(line, header):
        if re.fullmatch(r"[-–—_]+", word.text):
            continue  # an empty cell (no previous set, no weight), however long its dash
        # `@ 8`: an RPE printed in no column of its own (Strong's history).
        after_at = after_at or word.text.startswith("@")
        role: ColumnRole = column_of(word, header).role
        if after_at and role not in NOT_SET and "rpe" not in {c.role for c in header.columns}:
            role = "rpe"
        cells.setdefault(role, []).append(word.text)
        if role not in NOT_SET or (keep_one_rm and role == "one_rm"):
            kept.append(word.text)
    joined, weighed = " ".join(kept), any(c.role == "weight" for c in header.columns)
    if _SELF_DESCRIBING.search(joined) or (not weighed and _WEIGHT_UNIT.search(joined)):
        return joined  # `1  -10 lb × 5` under `Set Reps`: the row says what it holds
    text = {role: " ".join(words) for role, words in cells.items()}
    parts = [text.get("set", "")]
    if weight := text.get("weight", "").strip("–— ").rstrip("-"):  # `-20`: assisted
        unit = header.unit("weight")
        if header.sign() and weight[:1] not in "+-":
            weight = header.sign() + weight
        has_unit = re.search(r"[A-Za-z]", weight)
        parts.append(f"{weight} {unit}" if unit and not has_unit else weight)
    parts.append(text.get("weight_reps", ""))
    if reps := text.get("reps", "").strip("-–— "):
        parts.append(f"x {reps}" if "weight" in text else f"{reps} reps")
    if distance := text.get("distance", "").strip("-–— "):
        unit = header.unit("distance")
        parts.append(
            f"{distance} {unit}" if unit and not re.search(r"[A-Za-z]", distance) else distance
        )
    parts.append(_clock(text.get("time", "")))
    if rpe := text.get("rpe", "").strip("-–— @"):
        parts.append(f"@ {rpe}")
    if keep_one_rm:
        parts.append(text.get("one_rm", ""))
    return " ".join(p for p in parts if p).strip()


def _clock(cell: str) -> str:
    """A cell under a time column is a clock: `045` or `130` lost its colon (`0:45`)."""
    m = re.fullmatch(r"(\d{1,2})([0-5]\d)", cell.strip())
    return f"{m.group(1)}:{m.group(2)}" if m and len(cell.strip()) >= 3 else cell
