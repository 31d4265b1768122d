"""Fleek, a Korean workout app: its rows, its words and the totals it prints about itself.

A Fleek session screen reads, top to bottom: a title made of muscle groups
(`가슴 이두`), a date (`2026.02.07`), summary rows (`238 KCAL 54 min 7402 kg`,
`6 EXERCISES 22 sets 254 reps`), then per exercise its Korean name, a
`MAX Weight: 60kg | 1RM: 81kg` line and a transposed table: a row of weights
(`20 40 60 60`) over a row of reps (`12X 10X 5X 5X`), one set per column
(`transposed`). Bodyweight exercises show `Total Reps: 45` and one row of reps.
Weights are kilograms. Names and titles are read back with Fleek's vocabulary
(`fleek_names`).

The screen's totals (MAX Weight, Total Reps, the summary's sets, reps and volume)
are evidence: a parse that disagrees with them goes to review; the one cell OCR
could not read is what the total leaves for it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from ingest.read.common import parse_date, visual_rows
from ingest.read.findings import conclude, finding, render
from ingest.read.fleek_names import restore_name, restore_title
from ingest.read.hangul import HANGUL
from ingest.read.transposed import pair_columns, split_run_together
from schema.models import ExerciseDraft, Finding, OcrLine, OcrPage, OcrWord, SessionDraft, SetDraft

LAYOUT = "fleek"
_DATE = re.compile(r"(?:19|20)\d{2}\s?[.\-/]\s?\d{1,2}\s?[.\-/]\s?\d{1,2}")
_SUMMARY = re.compile(r"KCAL|EXERCISE|\bsets\b|\breps\b|\d\s*min\b", re.IGNORECASE)
_MAX_LINE = re.compile(r"MAX|Weight|[1lI]RM", re.IGNORECASE)
# `MAX Weight: 60kg`; OCR often reads the `kg` as `18` (`6018`): only a value with its unit.
_MAX_WEIGHT = re.compile(r"Weight\S*\s*(\d+(?:[.,]\d+)?)\s*(?:kg|k9|kq|18|19)\b", re.IGNORECASE)
_TOTAL_REPS = re.compile(r"Total\s*Reps?\W*(\d+)?", re.IGNORECASE)
_TOTALS = {  # the summary's totals: `7402 kg`, `6 EXERCISES`, `22 sets`, `254 reps`
    "volume": re.compile(r"(\d[\d,]*)\s*(?:kg|k9|kq)\b", re.IGNORECASE),
    "exercises": re.compile(r"(\d+)\s*EXERCISE", re.IGNORECASE),
    "sets": re.compile(r"(\d+)\s*sets\b", re.IGNORECASE),
    "reps": re.compile(r"(\d+)\s*reps\b", re.IGNORECASE),
}
_DEBRIS = re.compile(r"^[^A-Za-z0-9\uac00-\ud7a3]+$")  # stray marks in sparse rows
REPS_CELL = re.compile(r"^(\d{1,3})\s*[xX×%*]{0,2}$")  # `12X`, with OCR's X variants
WEIGHT_CELL = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
_LONG_CELL = re.compile(r"^\d{4,7}(?:[.,]\d{1,2})?$")  # cells run together, a stray digit
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "}": "", "{": ""})
# Letters OCR reads for digits; tried only on a cell of a row that is otherwise numbers.
_LETTER_DIGITS = str.maketrans("eEoODSsBgqZzGbA", "600055589922664")
_MAX_REPS = 100
# Cell readings the session totals confirm (kinds of finding, by word).
_CONFIRMED = "cell.low_confidence cell.letters_as_digits weight.by_max weight.stray_digit"


@dataclass
class Row:
    """A visual row and what it is: date, summary, max, total, weights, reps, name, noise."""

    kind: str
    line: OcrLine
    cells: list[OcrWord] = field(default_factory=list)


# A weighted set, the weight cell it was read from and its exercise's MAX Weight.
_Source = tuple[SetDraft, OcrWord | None, float | None]


def score(page: OcrPage) -> float:
    """How much `page` looks like a Fleek screen, 0..1."""
    text = page.text
    checks = ((0.25, r"KCAL"), (0.2, r"EXERCISES"), (0.2, r"MAX\s*Weight|[1lI]RM"))
    points = sum(p for p, pattern in checks if re.search(pattern, text, re.IGNORECASE))
    points += 0.15 * bool(_TOTAL_REPS.search(text)) + 0.15 * bool(HANGUL.search(text))
    points += 0.1 * bool(_DATE.search(text))
    points += min(0.2, 0.1 * sum(1 for line in page.lines if _classify(line).kind == "reps"))
    # Set lines of other apps (`Set 1: 60 kg x 8`, `60kg x 8`) argue against Fleek.
    if re.search(r"\bSet\s*\d+\s*:|\d\s*(?:kg|lb)s?\s*[x×]\s*\d", text, re.IGNORECASE):
        points -= 0.3
    return max(0.0, min(1.0, points))


def _classify(line: OcrLine) -> Row:
    text = line.text
    words = split_run_together([w for w in line.words if not _DEBRIS.match(w.text)])
    hangul = HANGUL.search(text) is not None
    if not words:
        return Row("noise", line)
    if _read_date(text) is not None:
        return Row("date", line)
    if _TOTAL_REPS.search(text):
        return Row("total", line)
    # `MAX Weight` stays a MAX line even when OCR turns `| 1RM:` into Hangul.
    if re.search(r"MAX\s*We", text, re.IGNORECASE) or (not hangul and _MAX_LINE.search(text)):
        return Row("max", line)
    if not hangul and _SUMMARY.search(text):
        return Row("summary", line)
    # Only cells with a real digit count: `=o` is a misread name, not the number 0.
    numeric = sum(
        1
        for w in words
        if re.search(r"\d", w.text)
        and any(p.match(_digits(w.text)) for p in (WEIGHT_CELL, REPS_CELL, _LONG_CELL))
    )
    # A set row with one cell misread as letters (`60 60 eo 60`) is still a set row.
    if numeric == len(words) or (not hangul and numeric >= 2 and numeric * 3 >= len(words) * 2):
        marked = sum(1 for w in words if re.search(r"[xX×%*]$", w.text))
        return Row("reps" if marked * 2 >= len(words) else "weights", line, words)
    if hangul or re.search(r"[A-Za-z]{2,}", text):
        return Row("name", line, words)
    return Row("noise", line)


def _read_date(text: str) -> date | None:
    """The session date of a row (`2026.02.07`)."""
    return parse_date(text) if _DATE.search(text) else None


def parse(page: OcrPage) -> SessionDraft:
    """Parse a Fleek session screen into a `SessionDraft` (pure; never raises on odd input)."""
    warnings: list[Finding] = []
    rows = [_classify(line) for line in visual_rows(page)]
    date_at = next((i for i, r in enumerate(rows) if r.kind == "date"), None)
    performed_on = _read_date(rows[date_at].line.text) if date_at is not None else None
    if performed_on is None or date_at is None:
        warnings.append(finding("date.missing", "doubt", "no date found"))
    heads = [r for r in rows[: date_at or 0] if r.kind == "name" and HANGUL.search(r.line.text)]
    title = None
    if heads:
        best = max(heads, key=lambda r: len(HANGUL.findall(r.line.text)))
        title, notes = restore_title(list(best.line.words))
        warnings.extend(notes)
    else:
        warnings.append(finding("title.missing", "doubt", "no title found"))
    exercises: list[ExerciseDraft] = []
    sources: list[_Source] = []
    for name_row, block in _blocks(rows[(date_at + 1) if date_at is not None else 0 :]):
        # Plain text (share text, tests) has no real word positions: pair cells in order.
        found = _exercise(name_row, block, warnings, page.engine == "text", sources)
        if found is not None:
            exercises.append(found)
    if not exercises:
        warnings.append(finding("exercises.none", "error", "no exercises found"))
    summary = " ".join(r.line.text for r in rows if r.kind == "summary")
    duration = re.search(r"(\d+)\s*min\b", summary, re.IGNORECASE)
    if exercises:
        warnings = _check_session(summary, exercises, sources, warnings)
    draft = SessionDraft(
        layout=LAYOUT,
        title=title,
        performed_on=performed_on,
        duration_min=int(duration.group(1)) if duration else None,
        exercises=exercises,
        findings=warnings,
    )
    return conclude(draft, page)


def _blocks(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """Rows grouped under the name row above them; rows before any name are dropped.

    The row right above a `MAX Weight` or `Total Reps` line is the exercise's name
    whatever OCR made of it (symbols or a number for Hangul: `4194` for `친업`).
    """
    blocks: list[tuple[Row, list[Row]]] = []
    for row, below in itertools.zip_longest(rows, rows[1:]):
        heads = below is not None and below.kind in ("max", "total")
        if row.kind == "name" or (heads and row.kind in ("noise", "weights", "reps")):
            blocks.append((row, []))
        elif blocks and row.kind in ("max", "total", "weights", "reps"):
            blocks[-1][1].append(row)
    return blocks


def _exercise(
    name_row: Row, block: list[Row], warnings: list[Finding], by_order: bool, sources: list[_Source]
) -> ExerciseDraft | None:
    numeric = [r for r in block if r.kind in ("weights", "reps")]
    if not numeric:  # navigation labels and other stray text have no set rows under them
        return None
    name, notes = restore_name(list(name_row.line.words))
    warnings.extend(notes)
    if not name:
        sentence = f"unreadable exercise name: {name_row.line.text!r}"
        warnings.append(finding("name.unreadable", "error", sentence))
        name = name_row.line.text.strip() or "?"
    max_weight = _first(_MAX_WEIGHT, [r.line.text for r in block if r.kind == "max"])
    total = _first(_TOTAL_REPS, [r.line.text for r in block if r.kind == "total"])
    weighted = max_weight is not None or any(r.kind == "max" for r in block)
    weighted = weighted or (total is None and len(numeric) >= 2 and numeric[0].kind == "weights")
    if not weighted or len(numeric) < 2:
        if weighted:
            warnings.append(finding("sets.row_missing", "error", f"{name}: a set row is missing"))
        return ExerciseDraft(raw_name=name, sets=_bodyweight(numeric, name, total, warnings))
    sets: list[SetDraft] = []
    # Many sets wrap onto further pairs of rows.
    for weights, reps in zip(numeric[::2], numeric[1::2], strict=False):
        columns = (
            list(itertools.zip_longest(weights.cells, reps.cells))
            if by_order
            else pair_columns(weights.cells, reps.cells)
        )
        for weight_word, reps_word in columns:
            sets.append(_set(weight_word, reps_word, f"{name}: set {len(sets) + 1}", warnings))
            sources.append((sets[-1], weight_word, max_weight))
    if len(numeric) % 2:
        sentence = f"{name}: a weights row without its reps row"
        warnings.append(finding("sets.reps_row_missing", "error", sentence))
    warnings.extend(_check_loads(sets, max_weight, name))
    return ExerciseDraft(raw_name=name, sets=sets)


def _first(pattern: re.Pattern[str], texts: list[str]) -> float | None:
    found = (m for t in texts if (m := pattern.search(t)) and m.group(1))
    m = next(found, None)
    return float(m.group(1).replace(",", ".")) if m else None


def _set(
    weight_word: OcrWord | None, reps_word: OcrWord | None, where: str, warnings: list[Finding]
) -> SetDraft:
    weight = _number(weight_word.text, rescue=True) if weight_word else None
    reps = _reps(reps_word.text, rescue=True) if reps_word else None
    raw = " / ".join(w.text for w in (weight_word, reps_word) if w is not None)
    rescued = (weight_word is not None and _number(weight_word.text) is None) or (
        reps_word is not None and _reps(reps_word.text) != reps
    )
    if weight is None or reps is None:
        warnings.append(finding("set.incomplete", "error", f"{where} lacks weight or reps ({raw})"))
    elif rescued:
        warnings.append(finding("cell.letters_as_digits", "guess", f"{where} read as {raw}"))
    elif min(w.conf if w else 0 for w in (weight_word, reps_word)) < 50:
        sentence = f"{where} read with low confidence ({raw})"
        warnings.append(finding("cell.low_confidence", "doubt", sentence))
    return SetDraft(
        reps=reps, weight=weight, unit="kg" if weight is not None else None, raw_line=raw
    )


def _bodyweight(
    rows: list[Row], name: str, total: float | None, warnings: list[Finding]
) -> list[SetDraft]:
    """A bodyweight exercise's reps, held against the screen's `Total Reps`.

    When the reps do not add up and exactly one cell is doubtful (unreadable, or read
    only by a rescue; else read with low confidence, then as a guess), that cell is
    what the total leaves for it; otherwise a disagreement goes to review.
    """
    cells = [(w.text, w.conf) for row in rows for w in row.cells]
    texts = [t for t, _ in cells]
    reps = [_reps(t, rescue=True) for t in texts]
    doubtful = [i for i, t in enumerate(texts) if _reps(t) is None or _reps(t) != reps[i]]
    unsure = bool(doubtful) or any(c < 50 for _, c in cells)
    repaired = bool(doubtful)
    doubtful = doubtful or [i for i, (_, c) in enumerate(cells) if c < 50]
    got = sum(r or 0 for r in reps)
    note = f"{name}: reps read with low confidence ({' '.join(texts)})"
    rest = int(total or 0) - got + (reps[doubtful[0]] or 0 if len(doubtful) == 1 else 0)
    if total is not None and got != total and len(doubtful) == 1 and 0 < rest <= _MAX_REPS:
        sentence = f"{name}: reps {' '.join(texts)} read with {rest} (Total Reps {total:g})"
        warnings.append(finding("reps.by_total", "note" if repaired else "guess", sentence))
        reps[doubtful[0]] = rest
    elif total is not None and got != total:
        sentence = f"{name}: reps add up to {got}, screen says Total Reps {total:g}"
        warnings.append(finding("reps.total_disagrees", "doubt", sentence))
    elif unsure:  # the screen's total confirms what was read with low confidence
        warnings.append(finding("reps.low_confidence", "note" if total else "doubt", note))
    return [SetDraft(reps=r, raw_line=t) for r, t in zip(reps, texts, strict=True) if r]


def _digits(text: str) -> str:
    """The cell's text without stray marks, with `O`/`l`/`I`/`|` read as digits."""
    # Stray marks stick to numbers in sparse rows (`£40`, `_12.5`, `24.`), or sit
    # between a count and its X (`10※×`): the cell is the digits.
    text = re.sub(r"^[^0-9A-Za-z|]+|[^0-9A-Za-z×%*]+$", "", text)
    text = re.sub(r"(?<=\d)[^\w.,]+(?=[xX×%*]+$)", "", text)
    return text.translate(_DIGIT_FIX)


def _number(text: str, rescue: bool = False) -> float | None:
    """A weight cell's value; `rescue` also reads letters as digits and keeps long numbers."""
    cleaned = re.sub(r"^(\d{1,3})[-~_]([05])$", r"\1.\2", _digits(text))  # `37-5`: a point as -
    if rescue and not WEIGHT_CELL.match(cleaned):
        cleaned = cleaned.translate(_LETTER_DIGITS)
        if re.fullmatch(r"\d{4}(?:[.,]\d{1,2})?", cleaned):  # a stray digit: the MAX trims it
            return float(cleaned.replace(",", "."))
    return float(cleaned.replace(",", ".")) if WEIGHT_CELL.match(cleaned) else None


def _reps(text: str, rescue: bool = False) -> int | None:
    """A reps cell's count (`12X`); `rescue` also reads letters as digits, drops a stray lead."""
    cleaned = _digits(text)
    if rescue and not REPS_CELL.match(cleaned):  # the X read as a K (`12K`), letters for digits
        cleaned = re.sub(r"(?<=\d)[kK]$", "X", cleaned).translate(_LETTER_DIGITS)
    m = REPS_CELL.match(cleaned)
    if m and rescue and int(m.group(1)) > _MAX_REPS:  # a stray mark read as a digit (`412X`)
        return int(m.group(1)[1:]) or None
    return int(m.group(1)) if m else None


def _unreadable(text: str) -> bool:
    """A weight cell read as letters (`tS`) or with marks around it (`#=+.24-`)."""
    return _number(text) is None or sum(not c.isdigit() and c not in ".," for c in text) >= 2


def _quarter(value: float) -> bool:
    return value > 0 and (value * 4).is_integer()


def _check_loads(sets: list[SetDraft], max_weight: float | None, name: str) -> list[Finding]:
    """Loads are quarter kilos, none over the screen's `MAX Weight`, the heaviest equal to it.

    A load off the quarter kilos has a stray last digit (`22.55`); one over the MAX
    lost its point (`125` for `12.5`) or gained a leading digit (`450` for `50`):
    the reading that lands on the MAX is taken, else the one under it, for review.
    """
    notes: list[Finding] = []
    for s in sets:
        if s.weight is not None and not _quarter(s.weight):
            trimmed = float(f"{s.weight:g}"[:-1].rstrip(".") or 0)
            if _quarter(trimmed):
                sentence = f"{name}: weight {s.weight:g} read as {trimmed:g} (a stray digit?)"
                notes.append(finding("weight.stray_digit", "guess", sentence))
                s.weight = trimmed
        if s.weight is None or max_weight is None or s.weight <= max_weight:
            continue
        text = f"{s.weight:g}"
        tails = (float(text[i:]) for i in range(1, len(text)) if text[i] != ".")
        readings = [s.weight / 10, *tails]
        hit = next((r for r in readings if abs(r - max_weight) < 1e-6), None)
        under = next((r for r in readings if r <= max_weight and _quarter(r)), None)
        if hit is not None or under is not None:
            value = hit if hit is not None else under
            sentence = f"{name}: weight {text} read as {value:g} (MAX Weight {max_weight:g})"
            notes.append(finding("weight.by_max", "note" if hit is not None else "guess", sentence))
            s.weight = value
    weights = [s.weight for s in sets if s.weight is not None]
    if max_weight is not None and weights and abs(max(weights) - max_weight) > 1e-6:
        sentence = f"{name}: heaviest set {max(weights):g} kg, screen says MAX {max_weight:g}kg"
        notes.append(finding("weight.max_disagrees", "doubt", sentence))
    return notes


def _check_session(
    summary: str, exercises: list[ExerciseDraft], sources: list[_Source], warnings: list[Finding]
) -> list[Finding]:
    """The parse held against the summary's totals.

    One weight cell OCR could not read (`1S`) is what the session volume leaves for
    it, when that is a plausible load. Every total the parse then disagrees with is a
    doubt. When sets, reps and volume all agree as read, the cell readings of
    `_CONFIRMED` are confirmed: a misread cell would make the volume disagree.
    """
    found = {k: p.search(summary) for k, p in _TOTALS.items()}
    shown = {k: int(m.group(1).replace(",", "")) for k, m in found.items() if m}
    sets = [s for e in exercises for s in e.sets]
    reps = sum(s.reps or 0 for s in sets)
    volume = sum((s.weight or 0.0) * (s.reps or 0) for s in sets)
    blanks = [(s, top) for s, word, top in sources if word and _unreadable(word.text)]
    filled = "volume" in shown and abs(volume - shown["volume"]) > 0.5 and len(blanks) == 1
    if filled:
        blank, top = blanks[0]
        if blank.reps and shown.get("reps", reps) == reps:
            value = round(((shown["volume"] - volume) / blank.reps + (blank.weight or 0)) * 4) / 4
            if _quarter(value) and (top is None or value <= top):
                sentence = f"note: weight {blank.raw_line!r} read as {value:g} (session volume)"
                warnings.append(finding("cell.by_totals", "note", sentence))
                volume += (value - (blank.weight or 0.0)) * blank.reps
                blank.weight, blank.unit = value, "kg"
    counted = {"exercises": len(exercises), "sets": len(sets), "reps": reps, "volume": volume}
    disagree = [
        finding("session.totals_disagree", "doubt", f"{counted[k]:g} {k} found, screen says {n}")
        for k, n in shown.items()
        if abs(counted[k] - n) > (0.5 if k == "volume" else 0)
    ]
    # A cell filled by the volume makes it agree: it confirms nothing then.
    if disagree or filled or not {"sets", "reps", "volume"} <= shown.keys():
        return warnings + disagree
    return [
        finding("cell.confirmed_by_totals", "note", f"note: {render(w)} (the session totals agree)")
        if w.kind in _CONFIRMED.split()
        else w
        for w in warnings
    ]
