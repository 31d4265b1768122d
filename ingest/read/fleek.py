"""Parser for Fleek, a Korean workout app.

A Fleek session screen reads, top to bottom: a title made of muscle groups
(`가슴 이두`), a date (`2026.02.07`), summary rows (`238 KCAL 54 min 7402 kg`,
`6 EXERCISES 22 sets 254 reps`), then per exercise its Korean name, a
`MAX Weight: 60kg | 1RM: 81kg` line, a row of weights (`20 40 60 60`) and a row
of reps (`12X 10X 5X 5X`). Bodyweight exercises show `Total Reps: 45` and one
row of reps. Weights are kilograms.

Weights and reps are paired by column (word x positions), not by order, so a
token OCR dropped leaves a hole in the right set instead of shifting the rest.
Tesseract often splits Hangul words into syllables (`인 버 티드 로우`) and the
mixed eng+kor models sometimes read a Hangul word as Latin debris (`스쿼트` ->
`AWE`); names are rebuilt with Fleek's vocabulary (`fleek_names`).
"""

from __future__ import annotations

import itertools
import re

from ingest.read.common import fix_lost_decimals, visual_rows
from ingest.read.findings import conclude, each, finding, render
from ingest.read.fleek_cells import (
    check_increments,
    check_max_weight,
    columns,
    number,
    reps_value,
    split_merged,
    stray_cells,
    stray_marks,
)
from ingest.read.fleek_checksums import fit_reps_total
from ingest.read.fleek_names import restore_name
from ingest.read.fleek_rows import DURATION as _DURATION
from ingest.read.fleek_rows import FLEEK_DATE as _FLEEK_DATE
from ingest.read.fleek_rows import HANGUL as _HANGUL
from ingest.read.fleek_rows import MAX_WEIGHT as _MAX_WEIGHT
from ingest.read.fleek_rows import TOTAL_REPS as _TOTAL_REPS
from ingest.read.fleek_rows import Block as _Block
from ingest.read.fleek_rows import Row as _Row
from ingest.read.fleek_rows import classify as _classify
from ingest.read.fleek_rows import read_date as _date
from ingest.read.fleek_rows import score as score  # the layout's scorer, re-exported
from ingest.read.fleek_session import SetSource, check_session, totals_agree
from ingest.read.fleek_titles import restore_title
from schema.models import (
    ExerciseDraft,
    Finding,
    OcrPage,
    OcrWord,
    SessionDraft,
    SetDraft,
)

LAYOUT = "fleek"


def parse(page: OcrPage) -> SessionDraft:
    """Parse a Fleek session screen into a `SessionDraft` (pure; never raises on odd input)."""
    warnings: list[Finding] = []
    rows = [_classify(line) for line in visual_rows(page)]
    date_at = next((i for i, r in enumerate(rows) if r.kind == "date"), None)
    performed_on = _date(rows[date_at].line.text) if date_at is not None else None
    if performed_on is None:
        warnings.append(finding("date.missing", "doubt", "no date found"))
    elif date_at is not None and not _FLEEK_DATE.search(rows[date_at].line.text):
        sentence = f"date read without its points: {rows[date_at].line.text!r}"
        warnings.append(finding("date.without_points", "guess", sentence))

    title = _title(rows[:date_at] if date_at is not None else [], warnings)
    duration = _duration(rows)
    start = (date_at + 1) if date_at is not None else 0
    exercises: list[ExerciseDraft] = []
    sources: list[list[SetSource]] = []
    # Plain text (share text, tests) has no real word positions: pair cells in order.
    by_order = page.engine == "text"
    for block in _blocks(rows[start:]):
        found = _exercise(block, warnings, by_order)
        if found is not None:
            exercises.append(found[0])
            sources.append(found[1])
    if not exercises:
        warnings.append(finding("exercises.none", "error", "no exercises found"))
    else:
        summary_texts = [r.line.text for r in rows if r.kind == "summary"]
        session = check_session(summary_texts, exercises, sources)
        warnings.extend(session)
        if totals_agree(summary_texts, session):
            warnings = [_confirmed(w) for w in warnings]

    draft = SessionDraft(
        layout=LAYOUT,
        title=title,
        performed_on=performed_on,
        duration_min=duration,
        exercises=exercises,
        findings=warnings,
    )
    return conclude(draft, page)


def _confirmed(doubt: Finding) -> Finding:
    """A cell read as it stands but with low confidence, as a note once the session's
    volume and reps totals agree with the parse (a misread cell would make them
    disagree). Repairs (letters read as digits, a digit dropped) stay flagged even then."""
    if doubt.kind != "cell.low_confidence":
        return doubt
    sentence = f"note: {render(doubt)} (the session totals agree)"
    return finding("cell.confirmed_by_totals", "note", sentence)


def _title(rows: list[_Row], warnings: list[Finding]) -> str | None:
    """The muscle-group title: the Hangul rows above the date (the status bar is skipped)."""
    candidates = [r for r in rows if r.kind == "name" and _HANGUL.search(r.line.text)]
    if not candidates:
        warnings.append(finding("title.missing", "doubt", "no title found"))
        return None
    best = max(candidates, key=lambda r: len(_HANGUL.findall(r.line.text)))
    title, notes = restore_title(list(best.line.words))
    warnings.extend(notes)
    return title


def _duration(rows: list[_Row]) -> int | None:
    for row in rows:
        if row.kind == "summary":
            m = _DURATION.search(row.line.text)
            if m:
                return int(m.group(1))
    return None


def _blocks(rows: list[_Row]) -> list[_Block]:
    """Group rows under the name row that precedes them; rows before any name are dropped.

    The row right above a `MAX Weight` or `Total Reps` line is the exercise's
    name whatever OCR made of it (kana or symbols for a Hangul word), so a
    misread name never lets its sets slide into the exercise before. That
    holds for a name read as one number too (`4194` for `친업`), known by its
    text being taller than the set cells.
    """
    heights = sorted(
        w.height for r in rows if r.kind in ("numbers", "reps") for w in r.cells if w.height
    )
    cell_height = heights[len(heights) // 2] if heights else 0
    blocks: list[_Block] = []
    for i, row in enumerate(rows):
        heads = i + 1 < len(rows) and rows[i + 1].kind in ("max", "total")
        tall_number = (
            row.kind == "numbers"
            and len(row.cells) == 1
            and cell_height > 0
            and row.cells[0].height >= 1.25 * cell_height
        )
        if row.kind == "name" or (heads and (row.kind == "noise" or tall_number)):
            blocks.append(_Block(name_row=row))
        elif blocks and row.kind in ("max", "total", "numbers", "reps"):
            blocks[-1].rows.append(row)
    return blocks


def _exercise(
    block: _Block, warnings: list[Finding], by_order: bool
) -> tuple[ExerciseDraft, list[SetSource]] | None:
    numeric = [r for r in block.rows if r.kind in ("numbers", "reps")]
    if not numeric:
        # Navigation labels and other stray text rows have no set rows under them.
        return None
    name, notes = restore_name(list(block.name_row.line.words))
    warnings.extend(notes)
    if not name:
        sentence = f"unreadable exercise name: {block.name_row.line.text!r}"
        warnings.append(finding("name.unreadable", "error", sentence))
        name = block.name_row.line.text.strip() or "?"
    has_max = any(r.kind == "max" for r in block.rows)
    has_total = any(r.kind == "total" for r in block.rows)
    weighted = has_max or (not has_total and len(numeric) >= 2 and numeric[0].kind == "numbers")
    sources: list[SetSource] = []
    if weighted and len(numeric) >= 2:
        # Many sets wrap onto further weights/reps row pairs.
        sets = []
        max_weight = _max_weight(block)
        for weights_row, reps_row in zip(numeric[::2], numeric[1::2], strict=False):
            sets += _paired_sets(
                weights_row, reps_row, name, warnings, by_order, max_weight, sources
            )
        if len(numeric) % 2:
            sentence = f"{name}: a weights row without its reps row"
            warnings.append(finding("sets.reps_row_missing", "error", sentence))
        warnings.extend(check_increments(sets, name))
        # The screen's own MAX Weight is the better evidence: apply it first.
        warnings.extend(check_max_weight(sets, max_weight, name))
        warnings.extend(each("weight.lost_point", "guess", fix_lost_decimals(sets)))
    else:
        if weighted:
            sentence = f"{name}: weights or reps row missing"
            warnings.append(finding("sets.row_missing", "error", sentence))
        sets = _bodyweight(numeric, name, _total_reps(block), warnings)
    return ExerciseDraft(raw_name=name, sets=sets), sources


def _paired_sets(
    weights_row: _Row,
    reps_row: _Row,
    name: str,
    warnings: list[Finding],
    by_order: bool,
    max_weight: float | None = None,
    sources: list[SetSource] | None = None,
) -> list[SetDraft]:
    weights, notes = split_merged(weights_row.cells, reps_row.cells, max_weight, name)
    warnings.extend(notes)
    if by_order:
        pairs: list[tuple[OcrWord | None, ...]] = list(
            itertools.zip_longest(weights, reps_row.cells)
        )
    else:
        pairs = columns(weights, reps_row.cells)
        for i in reversed(stray_cells(pairs)):
            mark = pairs.pop(i)[0]
            sentence = f"note: {name}: {mark.text if mark else '?'!r} between two sets dropped"
            warnings.append(finding("cell.stray_dropped", "note", sentence))
    sets: list[SetDraft] = []
    for weight_word, reps_word in pairs:
        weight = number(weight_word.text, rescue=True) if weight_word else None
        reps = reps_value(reps_word.text, rescue=True) if reps_word else None
        raw = " / ".join(w.text for w in (weight_word, reps_word) if w is not None)
        rescued = (weight_word is not None and number(weight_word.text) is None) or (
            reps_word is not None and reps_value(reps_word.text) != reps
        )
        if rescued and weight is not None and reps is not None:
            sentence = f"{name}: set {len(sets) + 1} has letters read as digits ({raw})"
            warnings.append(finding("cell.letters_as_digits", "guess", sentence))
        if weight is None or reps is None:
            sentence = f"{name}: set {len(sets) + 1} is missing its weight or reps ({raw})"
            warnings.append(finding("set.incomplete", "error", sentence))
        elif min(weight_word.conf if weight_word else 0, reps_word.conf if reps_word else 0) < 50:
            sentence = f"{name}: set {len(sets) + 1} read with low confidence ({raw})"
            warnings.append(finding("cell.low_confidence", "doubt", sentence))
        sets.append(
            SetDraft(
                reps=reps,
                weight=weight,
                unit="kg" if weight is not None else None,
                raw_line=raw,
            )
        )
        if sources is not None:
            sources.append(SetSource(sets[-1], weight_word, max_weight, reps_word))
    return sets


def _bodyweight(
    rows: list[_Row], name: str, total: int | None, warnings: list[Finding]
) -> list[SetDraft]:
    """A bodyweight exercise's sets, held against the screen's `Total Reps`.

    When the reps as read do not add up, the one repair of a misread cell
    that makes them add up is taken (`127 _ 22` with Total Reps 39 is
    `17 22`); with none, or several, the row is kept as read, for review.
    """
    notes: list[Finding] = []
    rows = [_without_strays(row, name, notes) for row in rows]
    sets = [s for row in rows for s in _bodyweight_sets(row, name, notes)]
    got = sum(s.reps or 0 for s in sets)
    if total is None:
        warnings.extend(notes)
        return sets
    if total == got:
        # The screen's total confirms cells read with low confidence.
        warnings.extend(finding(n.kind, "note", f"note: {render(n)}") for n in notes)
        return sets
    cells = [w.text for row in rows for w in row.cells]
    values, repair = fit_reps_total(cells, total)
    if values is None:
        warnings.extend(notes)
        sentence = f"{name}: reps add up to {got}, screen says Total Reps {total}"
        warnings.append(finding("reps.total_disagrees", "doubt", sentence))
        return sets
    warnings.append(
        finding("reps.by_total", "note", f"note: {name}: {repair} (Total Reps {total})")
    )
    raw = " ".join(cells)
    return [SetDraft(reps=v, raw_line=raw) for v in values]


def _without_strays(row: _Row, name: str, notes: list[Finding]) -> _Row:
    """The reps row without marks squeezed between two cells (`stray_marks`)."""
    stray = stray_marks(row.cells)
    if not stray:
        return row
    marks = " ".join(row.cells[i].text for i in stray)
    notes.append(
        finding("cell.stray_dropped", "doubt", f"{name}: {marks!r} between two sets dropped")
    )
    return _Row(row.kind, row.line, [w for i, w in enumerate(row.cells) if i not in stray])


def _bodyweight_sets(row: _Row, name: str, warnings: list[Finding]) -> list[SetDraft]:
    sets = [
        SetDraft(reps=reps_value(w.text, rescue=True), raw_line=w.text)
        for w in row.cells
        if reps_value(w.text, rescue=True)
    ]
    if any(w.conf < 50 or reps_value(w.text) != reps_value(w.text, rescue=True) for w in row.cells):
        sentence = f"{name}: reps read with low confidence ({row.line.text})"
        warnings.append(finding("reps.low_confidence", "doubt", sentence))
    return sets


def _max_weight(block: _Block) -> float | None:
    for row in block.rows:
        if row.kind == "max":
            m = _MAX_WEIGHT.search(row.line.text)
            if m:
                return float(m.group(1).replace(",", "."))
            # `6018`: the number and a misread `kg` in one token.
            m = re.search(r"Weight\S*\s*(\d+(?:[.,]\d+)?)1[89]\b", row.line.text, re.I)
            if m:
                return float(m.group(1).replace(",", "."))
    return None


def _total_reps(block: _Block) -> int | None:
    for row in block.rows:
        if row.kind == "total":
            m = _TOTAL_REPS.search(row.line.text)
            if m and m.group(1):
                return int(m.group(1))
    return None
