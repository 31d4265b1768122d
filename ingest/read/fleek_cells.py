"""Reading Fleek's set cells: numbers as OCR spells them, columns, and checks.

A weighted Fleek exercise shows a row of weights over a row of reps
(`12X`); each cell is one set. These helpers turn cell words into numbers
(stray marks, letters read for digits, cells run together) and hold the
loads against the screen's own `MAX Weight`.
"""

from __future__ import annotations

import itertools
import re

from ingest.read.findings import finding
from schema.models import Finding, OcrWord, SetDraft

# A reps cell: `12X`, with OCR variants of the X (`×`, `%`, `*`, `x`) or none.
REPS_CELL = re.compile(r"^(\d{1,3})\s*[xX×%*]{0,2}$")
WEIGHT_CELL = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
# Two cells OCR ran together (`1522.5` for `15` and `22.5`).
MERGED_CELLS = re.compile(r"^\d{4,7}(?:[.,]\d{1,2})?$")
DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "}": "", "{": ""})


def digits(text: str) -> str:
    """The cell's text without stray marks, with `O`/`l`/`I`/`|` read as digits."""
    # Stray marks stick to numbers in sparse rows (`£40`, `_12.5`, `24.`); the cell is the digits.
    text = re.sub(r"^[^0-9A-Za-z|]+|[^0-9A-Za-z×%*]+$", "", text)
    # ... and between a count and its X (`10※×` for `10X`).
    text = re.sub(r"(?<=\d)[^\w.,]+(?=[xX×%*]+$)", "", text)
    return text.translate(DIGIT_FIX)


def centre(word: OcrWord) -> float:
    """The x centre of a word's box (cells are centred on their column)."""
    return word.left + word.width / 2


def columns(weights: list[OcrWord], reps: list[OcrWord]) -> list[tuple[OcrWord | None, ...]]:
    """Pair the two rows' cells by x position; a cell missing in one row gives None."""
    spacings = [
        centre(b) - centre(a)
        for row in (weights, reps)
        for a, b in itertools.pairwise(row)
        if centre(b) > centre(a)
    ]
    heights = [w.height for w in weights + reps if w.height]
    fallback = 4.0 * (sorted(heights)[len(heights) // 2] if heights else 20)
    tolerance = 0.45 * min(spacings) if spacings else fallback
    cells = sorted([(0, w) for w in weights] + [(1, w) for w in reps], key=lambda t: centre(t[1]))
    columns: list[list[OcrWord | None]] = []
    anchors: list[float] = []
    for row_index, word in cells:
        x = centre(word)
        if columns and abs(x - anchors[-1]) <= tolerance and columns[-1][row_index] is None:
            columns[-1][row_index] = word
            continue
        column: list[OcrWord | None] = [None, None]
        column[row_index] = word
        columns.append(column)
        anchors.append(x)
    return [tuple(c) for c in columns]


def split_merged(
    weights: list[OcrWord], reps: list[OcrWord], max_weight: float | None, name: str
) -> tuple[list[OcrWord], list[Finding]]:
    """A weights cell spanning two reps cells is two weights OCR ran together.

    It is cut where both halves are plausible loads (quarter kilos, not over
    the MAX Weight); only a cut that is the one such cut is taken, and flagged.
    """
    out: list[OcrWord] = []
    notes: list[Finding] = []
    for w in weights:
        under = [r for r in reps if w.left <= centre(r) <= w.right]
        text = digits(w.text)
        if len(under) != 2 or not MERGED_CELLS.match(text):
            out.append(w)
            continue
        cuts = [
            (a, b)
            for i in range(1, len(text))
            for a, b in [(text[:i], text[i:])]
            if _plausible(a, max_weight) and _plausible(b, max_weight)
        ]
        if len(cuts) != 1:
            out.append(w)
            continue
        sentence = f"{name}: {w.text!r} read as two cells {cuts[0][0]} and {cuts[0][1]}"
        notes.append(finding("cell.split", "guess", sentence))
        for part, r in zip(cuts[0], under, strict=True):
            out.append(w.model_copy(update={"text": part, "left": r.left, "width": r.width}))
    return out, notes


def _plausible(text: str, max_weight: float | None) -> bool:
    if not WEIGHT_CELL.match(text) or (text.startswith("0") and not text.startswith("0.")):
        return False
    value = float(text.replace(",", "."))
    return value > 0 and (value * 4).is_integer() and (max_weight is None or value <= max_weight)


# More reps than this in one set is a misread (a stray leading digit).
_MAX_REPS = 100
# Letters OCR reads for digits; tried only on a cell of a row that is otherwise numbers.
_LETTER_DIGITS = str.maketrans("eEoODSsBgqZzGbA", "600055589922664")


def number(text: str, rescue: bool = False) -> float | None:
    """A weight cell's value; `rescue` also reads letters as digits and keeps long numbers."""
    cleaned = re.sub(r"^(\d{1,3})[-~_]([05])$", r"\1.\2", digits(text))  # `37-5`: a point as -
    if rescue and not WEIGHT_CELL.match(cleaned):
        cleaned = cleaned.translate(_LETTER_DIGITS)
        # A stray mark read as a digit (`#4140`): kept for the MAX Weight check to trim.
        if re.fullmatch(r"\d{4}(?:[.,]\d{1,2})?", cleaned):
            return float(cleaned.replace(",", "."))
    if not WEIGHT_CELL.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def reps_value(text: str, rescue: bool = False) -> int | None:
    """A reps cell's count (`12X`); `rescue` also reads letters as digits, drops a stray lead."""
    cleaned = digits(text)
    if rescue and not REPS_CELL.match(cleaned):
        # The X read as a K (`12K` at 8 for `12X`), then letters for digits.
        cleaned = re.sub(r"(?<=\d)[kK]$", "X", cleaned).translate(_LETTER_DIGITS)
    m = REPS_CELL.match(cleaned)
    if m and rescue and int(m.group(1)) > _MAX_REPS:
        # A stray mark read as a leading digit (`412X` for `12X`).
        return int(m.group(1)[1:]) or None
    return int(m.group(1)) if m else None


def check_increments(sets: list[SetDraft], name: str) -> list[Finding]:
    """Loads come in quarter kilos: `22.55` is `22.5` with a stray digit."""
    notes: list[Finding] = []
    for s in sets:
        if s.weight is None or (s.weight * 4).is_integer():
            continue
        trimmed = float(f"{s.weight:g}"[:-1].rstrip("."))
        if (trimmed * 4).is_integer():
            sentence = f"{name}: weight {s.weight:g} read as {trimmed:g} (a stray digit?)"
            notes.append(finding("weight.stray_digit", "guess", sentence))
            s.weight = trimmed
    return notes


def check_max_weight(sets: list[SetDraft], max_weight: float | None, name: str) -> list[Finding]:
    """Hold the weights against the screen's `MAX Weight`: none may exceed it.

    A weight over it lost its decimal point (`125` for `12.5`) or gained a
    stray leading digit (`450` for `50`); when one reading lands exactly on the
    maximum it is taken. Otherwise a mismatch is reported for review.
    """
    if max_weight is None:
        return []
    notes: list[Finding] = []
    for s in sets:
        if s.weight is None or s.weight <= max_weight:
            continue
        text = f"{s.weight:g}"
        readings = [
            s.weight / 10,
            *(float(text[i:]) for i in range(1, len(text)) if text[i] != "."),
        ]
        fix = next((r for r in readings if abs(r - max_weight) < 1e-6), None)
        if fix is not None:
            sentence = f"note: {name}: weight {text} read as {fix:g} (MAX Weight)"
            notes.append(finding("weight.by_max", "note", sentence))
            s.weight = fix
            continue
        # A lost decimal point (`75` for `7.5`), else leading junk digits (`8922.5` for
        # `22.5`, the longest tail that fits): for review either way.
        tail = next((r for r in readings if r <= max_weight and (r * 4).is_integer()), None)
        if tail is not None:
            sentence = f"{name}: weight {text} read as {tail:g} (over MAX Weight)"
            notes.append(finding("weight.over_max", "guess", sentence))
            s.weight = tail
    weights = [s.weight for s in sets if s.weight is not None]
    if weights and abs(max(weights) - max_weight) > 1e-6:
        sentence = f"{name}: heaviest set {max(weights):g} kg, screen says MAX {max_weight:g}kg"
        notes.append(finding("weight.max_disagrees", "doubt", sentence))
    return notes


def stray_cells(pairs: list[tuple[OcrWord | None, ...]]) -> list[int]:
    """Indexes of weight-only columns squeezed between two neighbouring set columns.

    A mark between two cells of the weights row (a lone `8` at 42-61 between
    `30` and `45`, no reps cell under it) is not a set: its neighbours are one
    column spacing apart, so there is no room for a set between them. A set
    whose reps cell OCR lost sits a full spacing from each neighbour instead.
    """
    reps_x = [centre(reps) for _, reps in pairs if reps is not None]
    steps = [b - a for a, b in itertools.pairwise(reps_x)]
    if not steps:
        return []
    spacing = min(steps)  # a lost reps cell doubles a step, never halves one
    stray: list[int] = []
    for i in range(1, len(pairs) - 1):
        before, (weight, reps), after = pairs[i - 1], pairs[i], pairs[i + 1]
        if weight is None or reps is not None or None in before or None in after:
            continue
        gap = centre(after[1]) - centre(before[1])  # type: ignore[arg-type]
        if gap < 1.5 * spacing:
            stray.append(i)
    return stray


def stray_marks(cells: list[OcrWord]) -> list[int]:
    """Indexes of the cells of one row that sit closer to both neighbours than cells do.

    Cells stand on a grid; a mark read between two of them (`8` at 38, 10 px
    wide, in `12 20 8 25 20 11` where Total Reps says 88) is under three
    quarters of the usual step from the cell on either side.
    """
    xs = [centre(w) for w in cells]
    steps = [b - a for a, b in itertools.pairwise(xs)]
    if len(steps) < 2:
        return []
    step = sorted(steps)[len(steps) // 2]
    return [i for i in range(1, len(cells) - 1) if max(steps[i - 1], steps[i]) < 0.75 * step]
