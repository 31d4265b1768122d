"""A workout log kept as a table with one row per set and the exercise in a column.

A spreadsheet (or any CSV-like export) heads its columns `Date | Exercise | Weight (kg) |
Reps`, maybe `Set`, `RPE`, `Notes`. The header gives each column its role (`ROLES` here for
the name, date and notes columns, the vocabulary's header words for the others); every
word of a row below belongs to the column whose header starts left of it (a row number
left of the first column is no cell). A row's name cell opens an exercise when it differs
from the current one (blank: the same exercise), its date cell gives the session's date,
its notes cell the set's type (`warm-up`, `drop set`, `failure`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.read.common import clean_text, parse_date
from ingest.read.exercise_repairs import repair_exercise
from ingest.read.findings import conclude, finding
from ingest.read.header_words import fuzzy_role
from ingest.read.rows import parse_set_line
from ingest.read.structure import Column, vocabulary
from ingest.read.vocabulary import UNITS, ColumnRole, columns
from schema.models import ExerciseDraft, Finding, OcrLine, OcrPage, SessionDraft, SetType

ROLES = columns("exercise:exercise name movement; date:date day; notes:notes note comment")
UNSURE = 40.0  # OCR's confidence (0-100) below which a cell's word may be another word
# A log's cells as typed: a garbled one (`9°`, `SSIbs_`) is a misread value.
_CLEAN: dict[ColumnRole, re.Pattern[str]] = {
    "reps": re.compile(r"\d{1,3}"),
    "weight": re.compile(r"(?:\d{1,4}(?:[.,]\d{1,2})?\s?(?:kg|[lI1|]bs?)?|BW|bw|)", re.I),
}
_TYPES: tuple[tuple[str, SetType], ...] = (
    ("warm", "warmup"),
    ("drop", "drop"),
    ("fail", "failure"),
)


@dataclass
class _Log:
    exercises: list[ExerciseDraft] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def sheet_header(line: OcrLine) -> list[Column] | None:
    """The columns of a log's header row (`Date Exercise Weight (kg) Reps`), else None:
    a name column and a weight or reps column are needed; a unit word joins its column."""
    found: list[Column] = []
    for word in line.words:
        key = re.sub(r"[^\w#]", "", word.text.lower()).replace("ibs", "lbs")
        role: ColumnRole | None = ROLES.get(key) or fuzzy_role(key, vocabulary())[0]
        if role is None:
            continue
        unit = UNITS.get(key)
        if found and found[-1].role == role:
            last = found.pop()
            found.append(Column(role, last.left, word.right, last.unit or unit))
        else:
            found.append(Column(role, word.left, word.right, unit))
    roles = {c.role for c in found}
    return found if "exercise" in roles and roles & {"weight", "reps"} else None


def cells(line: OcrLine, header: list[Column]) -> dict[ColumnRole, str]:
    """A row's text by column: each word under the last header word left of its centre
    (numbers are right-aligned in their column); words left of the first are dropped. A
    word OCR was unsure of (`UNSURE`) is marked `?`: a value misread as another digit."""
    out: dict[ColumnRole, str] = {}
    for word in line.words:
        margin = max(word.height, 10) / 2
        under = [c for c in header if c.left - margin <= word.centre]
        if under and word.text.strip(" |_"):
            role = under[-1].role
            unsure = word.conf < UNSURE and role in _CLEAN and re.search(r"\d", word.text)
            text = word.text + ("?" if unsure else "")
            out[role] = f"{out.get(role, '')} {text}".strip()
    return out


def _set_text(row: dict[ColumnRole, str], unit: str | None) -> str | None:
    reps = re.sub(r"\D", "", row.get("reps", ""))
    if not reps:
        return None
    weight = row.get("weight", "")
    if number := re.search(r"\d+(?:[.,]\d+)?", weight):
        own = re.search(r"kg|[lI1|]bs?", weight[number.end() :], re.IGNORECASE)
        value = float(number.group().replace(",", "."))
        said = ("lb" if "b" in own.group() else "kg") if own else unit or ""
        text = f"{value:g} {said} x {reps}"
    else:
        text = f"{reps} reps"  # a blank or `BW` weight: bodyweight
    rpe = re.sub(r"[^\d.,]", "", row.get("rpe", ""))
    return f"{text} @ {rpe}" if rpe else text


_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def cell_date(text: str) -> tuple[date | None, bool]:
    """A date cell's date (`11/27/2021` month first unless its first number is over 12,
    `22-Mar-2022`, `Apr 9, 2022`), and whether day and month could be swapped."""
    if m := _SLASHED.search(text):
        first, second, year = map(int, m.groups())
        month, day = (second, first) if first > 12 else (first, second)
        found = parse_date(f"{year}-{month:02d}-{day:02d}")
        return found, first <= 12 and second <= 12 and first != second
    spaced = re.sub(r"(?<=[A-Za-z])(?=\d)|-", " ", text)  # `Apr9,`, `22-Mar-2022`
    return parse_date(text) or parse_date(spaced), False


def _add_row(log: _Log, row: dict[ColumnRole, str], unit: str | None, raw: str) -> None:
    text = _set_text(row, unit)
    if text is None:
        return  # no reps: an empty row, the sheet's tabs
    name = clean_text(row.get("exercise", ""))
    if name and (not log.exercises or log.exercises[-1].raw_name.lower() != name.lower()):
        log.exercises.append(ExerciseDraft(raw_name=name))
    parsed = parse_set_line(text)
    if not log.exercises or parsed is None:
        log.findings.append(finding("set.unreadable", "error", f"row not read: {raw!r}"))
        return
    notes = row.get("notes", "").lower()
    kind = next((t for word, t in _TYPES if word in notes), "working")
    found = parsed[0].model_copy(update={"set_type": kind})
    log.exercises[-1].sets.append(found)
    if not all(_CLEAN[role].fullmatch(row.get(role, "").strip()) for role in _CLEAN):
        log.findings.append(finding("cell.garbled", "doubt", f"a cell OCR garbled: {raw!r}"))
    log.findings.extend(parsed[1])
    if "date" in row:
        log.dates.append(row["date"])


def read_sheet(page: OcrPage) -> SessionDraft | None:
    """The session of a page that is a log with the exercise in a column, else None."""
    headed = ((i, sheet_header(ln)) for i, ln in enumerate(page.lines))
    at, header = next(((i, h) for i, h in headed if h), (None, None))
    if at is None or header is None:
        return None
    unit = next((c.unit for c in header if c.role == "weight"), None)
    log = _Log()
    for line in page.lines[at + 1 :]:
        row = cells(line, header)  # the row number left of the first column is no cell
        _add_row(log, row, unit, " ".join(row.values()))
    if not log.exercises:
        return None
    read = [cell_date(text) for text in log.dates]
    dates = [d for d, _ in read if d is not None]
    if not dates:
        log.findings.append(finding("date.missing", "note", "no date found"))
    if len(set(dates)) > 1 or any(swappable for _, swappable in read):
        sentence = "rows of several dates, or a date whose day and month could be swapped"
        log.findings.append(finding("date.doubtful", "doubt", sentence))
    exercises = [e for e in log.exercises if e.sets]
    for index, exercise in enumerate(exercises):
        log.findings.extend(repair_exercise(exercise, index))
    draft = SessionDraft(
        layout="generic",
        performed_on=dates[0] if dates else None,
        exercises=exercises,
        findings=log.findings,
    )
    return conclude(draft, page)
