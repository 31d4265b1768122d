"""Parser for workouts typed as shorthand in a notes app.

A note has a date line, maybe a title (`Push day`), then one line per
exercise: `NAME SETSxREPS [@] [WEIGHT UNIT]`, each standing for SETS identical
sets:

* `Bench press 3x8 @ 60kg`, `Squat 5x5 100kg`, `Deadlift 1x5 @ 140 kg`
* `DB curls 3 x 12 @ 15 lb`, `OHP 3×8 40kg` (`x`, `X`, `×` and `*` all work)
* `Pull-ups 3x10`, `Dips 3x12` (bodyweight: weight and unit null)
* `Pull-ups 3x8 +10kg` (added weight), `Bench 60kg 3x8` (weight first)
* `Plank 3x60s` (timed sets: `duration_s`, reps null)

Date forms (unambiguous ones only): `2026-02-07`, `2026/02/07`, `2026.02.07`,
`Feb 7 2026`, `Feb 7, 2026`, `February 7th 2026`, `7 Feb 2026`,
`Sat 7 Feb 2026`, `Saturday, February 7, 2026`. Day-month-year with slashes
(`7/2/2026`) is read only when the day is over 12, and a date without a year
(`Sat 7 Feb`) is not guessed: both leave a warning.

Anything else (the app's `< Notes` bar, `Share`/`Done`, `Edited 9:14 PM`, the
status bar, free text) is never an exercise; a line with numbers that does not
parse is reported in the warnings. OCR's misreads are doubts, not repairs: an `L`
read as a letter and a dot (`RDI.`), a weight no person lifts (`S50kg`: 550 kg).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ingest.read.common import (
    clean_text,
    fix_digits,
    fix_lost_decimals,
    normalize_set_text,
    parse_date,
    visual_rows,
)
from ingest.read.date_repairs import looks_like_date
from ingest.read.findings import conclude, each, finding
from ingest.read.set_lists import NUM, UNIT, listed, restore_crosses
from ingest.read.vocabulary import words
from schema.models import ExerciseDraft, Finding, OcrLine, OcrPage, SessionDraft, SetDraft, Unit

LAYOUT = "notes"
# The tail of an exercise line after normalize_set_text (`3 x 8 @ 60 kg`).
_SPEC = re.compile(
    rf"^(?P<sets>\d{{1,2}})\s*x\s*(?P<reps>\d{{1,4}})(?:\s*(?P<sec>s|secs?|sec\.))?"
    # The weight is set off by `@`/`at` or a space: `312.5` is not 31 reps at 2.5.
    rf"(?:(?:\s*(?:@|at)\s*|\s+)(?P<sign>\+)?\s*(?P<w>{NUM})\s*(?:{UNIT})?)?$",
    re.IGNORECASE,
)
_SPEC_WEIGHT_FIRST = re.compile(
    rf"^(?P<sign>\+)?(?P<w>{NUM})\s*{UNIT}\s*(?:@|,)?\s*(?P<sets>\d{{1,2}})\s*x\s*(?P<reps>\d{{1,3}})$",
    re.IGNORECASE,
)
# The app's chrome and the phone's status bar.
_CHROME_WORDS = words("notes done share edited folders back icloud today yesterday am pm search")
# Below this confidence a digit word of an exercise line is doubtful (most read 85+).
_DIGIT_CONF = 70
# A load glued to its unit as OCR spells it (`245lb`, `55Ib`, `355|b`, `85Ilb`).
_GLUED_LOAD = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)(kg|lb|Ib|\|b|1b|Ilb)", re.IGNORECASE)
_MAX_LOAD = 500
# `RDI.`, `l.eg`: an L whose foot OCR split off as a dot (no dot sits inside a word or ends
# an abbreviation in capitals).
_L_AS_DOT = re.compile(r"\b[lI]\.(?=[a-z])|(?<=\b[A-Z]{2})I\.(?=\s|$)")
# Below this confidence a word of an exercise's name is doubtful.
_NAME_CONF = 75
# `Edited 9:14 PM` above the note: one word and a clock time.
_EDIT_STAMP = re.compile(r"^[A-Za-z]{4,8}\s+\d{1,2}:\d{2}(?:\s?[AP]M)?$", re.IGNORECASE)
# The name glued to the spec (`Dips3x5`) or to a load (`RDL145kg 4x3`): where the space goes.
_GLUED_NAME = re.compile(r"(?<=[A-Za-z]{2})(?=\d{1,2}\s*[xX×*]\s*\d|\d+(?:\.\d+)?(?:kg|lbs?|Ib)\b)")
# The status bar: digits and marks, or a clock and a battery OCR garbled (`3:41 7TA%`).
_STATUS = re.compile(r"^[\d:%.\s]+$|^\d{1,2}[:.]\d{2}\s+\S{1,4}%$")
_YEARLESS = re.compile(
    r"\b(?:\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2})\b",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_SLASH_DMY = re.compile(r"\b(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?((?:19|20)\d{2})\b")
_OTHER_APPS = re.compile(
    r"\bSet\s*\d+\s*:|KCAL|EXERCISES|hevy|strong\.app|MAX\s*Weight|Total\s*Reps|WEIGHT\s*&\s*REPS",
    re.IGNORECASE,
)


def score(page: OcrPage) -> float:
    """How much `page` looks like a shorthand workout note, 0..1."""
    rows = visual_rows(page)
    specs = sum(1 for row in rows if _exercise_line(row.text) is not None)
    if specs == 0:
        return 0.0
    has_date = any(_date_of(row.text)[0] is not None for row in rows)
    points = 0.45 + 0.1 * min(specs, 4) + (0.15 if has_date else 0.0)
    if _OTHER_APPS.search(page.text):
        points -= 0.5
    return max(0.0, min(1.0, points))


def parse(page: OcrPage) -> SessionDraft:
    """Parse a workout note into a `SessionDraft` (pure; never raises on odd input)."""
    found: list[Finding] = []
    rows = [row for row in visual_rows(page) if row.text.strip()]
    parsed = [_exercise_line(row.text) for row in rows]
    first_exercise = next((i for i, p in enumerate(parsed) if p is not None), len(rows))
    performed_on, date_at = None, None
    for i, row in enumerate(rows[: first_exercise + 1]):
        when, note = _date_of(row.text)
        if note:
            found.append(finding("date.not_read", "doubt", note))
        if when is not None:
            performed_on, date_at = when, i
            break
    if performed_on is None:
        found.append(finding("date.missing", "doubt", "no date found"))
    exercises = _exercises(rows, parsed, date_at, found)
    if not exercises:
        found.append(finding("exercises.none", "error", "no exercises found"))
    low = [
        r.text
        for r, p in zip(rows, parsed, strict=True)
        if p is not None and (r.conf < 60 or _doubtful_digits(r) or _doubtful_name(r))
    ]
    if low:
        sentence = f"exercise lines read with low confidence: {low}"
        found.append(finding("line.low_confidence", "doubt", sentence))
    draft = SessionDraft(
        layout=LAYOUT,
        title=_title(rows[:first_exercise], date_at),
        performed_on=performed_on,
        exercises=exercises,
        findings=found,
    )
    return conclude(draft, page)


def _exercises(
    rows: list[OcrLine], parsed: list[_Item | None], date_at: int | None, found: list[Finding]
) -> list[ExerciseDraft]:
    """One exercise per line that reads as one (after repairs of a line OCR broke)."""
    exercises: list[ExerciseDraft] = []
    default_unit, stated = _usual_unit(parsed)
    after_date = date_at if date_at is not None else -1
    for i, (row, item) in enumerate(zip(rows, parsed, strict=True)):
        # A date line OCR spoiled is still no exercise (`A Jul 2026` is not 20x26).
        if (
            item is None
            and i > after_date
            and _looks_like_sets(row.text)
            and not looks_like_date(row.text)
        ):
            sentence = f"line with sets not understood: {row.text!r}"
            found.append(finding("line.not_understood", "error", sentence))
        if item is None:
            continue
        if _L_AS_DOT.search(row.text):
            sentence = f"an L read as a letter and a dot?: {row.text!r}"
            found.append(finding("name.l_as_dot", "doubt", sentence))
        found += each("sets.cross_restored", "guess", item.restored)
        exercises.append(_expand(item, row.text, (default_unit, stated), found))
    return exercises


class _Item:
    """One parsed exercise line before expansion into sets: N equal sets (`fields`), or
    one set per listed (reps, weight) (`pairs`); `restored`: the list items whose lost
    `x` was put back (`set_lists.restore_crosses`)."""

    def __init__(
        self,
        name: str,
        fields: dict[str, str | None],
        pairs: list[tuple[int, float]] | None = None,
        restored: list[str] | None = None,
    ) -> None:
        self.name = name
        self.fields = fields
        self.pairs = pairs or []
        self.restored = restored or []


def _exercise_line(text: str) -> _Item | None:
    """`NAME SPEC` split at the first token from which the rest is a set spec."""
    # OCR may glue the name to the spec (`Dips3x5`).
    text = _GLUED_NAME.sub(" ", text)
    tokens = text.replace("×", " × ").split()
    for k in range(1, min(len(tokens), 11)):  # a name of 10 words at most: garbage took seconds
        head = " ".join(tokens[:k])
        name = clean_text(head.rstrip(":-–—,"))
        # `Set 5: 25 lb x 5` is another app's set line, not an exercise called "Set".
        if not re.search(r"[A-Za-z]{2}", name) or re.search(r"\bset\s*\d+\s*:", head, re.I):
            continue
        raw_tail, restored = restore_crosses(fix_digits(" ".join(tokens[k:])))
        tail = re.sub(r"[©®]", "@", normalize_set_text(raw_tail))
        tail = re.sub(r"(?<=\d)[.,:;'`]+(?=\s*x\b)", "", tail)  # `3.x 15`: a speck before the x
        m = _SPEC.match(tail) or _SPEC_WEIGHT_FIRST.match(tail)
        if m:
            return _Item(name, m.groupdict())
        if one_by_one := listed(tail):
            return _Item(name, {"unit": one_by_one[1]}, one_by_one[0], restored)
    return None


def _doubtful_digits(row: OcrLine) -> bool:
    """A number of the set spec read with low confidence (`OHP 8 x 6` for `3 x 6`: 67%).

    One digit carries a whole exercise's set count, so a doubtful one needs a look
    even when the rest of the line reads well. A load glued to its unit (`245lb`,
    `55Ib`) is the exception when it is one a bar can carry: Tesseract doubts such a
    word for the `l`/`I`/`|` beside a digit (on 28 rendered notes, 0-68% with every
    digit right), which the unit's spellings resolve."""
    return any(
        re.search(r"\d", w.text) and w.conf < _DIGIT_CONF and not _plate_load(w.text)
        for w in row.words
    )


def _plate_load(text: str) -> bool:
    """`245lb`, `55Ib`, `102.5kg`: a load glued to a unit, in whole plate steps (2.5 lb,
    1.25 kg) and within what a person lifts (a misread 1 as 7 often is not)."""
    m = _GLUED_LOAD.fullmatch(text)
    if not m:
        return False
    load, step = float(m.group(1)), (1.25 if m.group(2).lower() == "kg" else 2.5)
    return 0 < load <= _MAX_LOAD and (load / step).is_integer()


def _doubtful_name(row: OcrLine) -> bool:
    """A word of the exercise's name read with low confidence (`RDL` read `RDI.`: 72%).

    Names are free text, so nothing can tell a misread letter; most name words
    read 85+, and a doubtful one needs a look."""
    name_words = []
    for word in row.words:
        if re.search(r"\d", word.text):
            break
        name_words.append(word)
    return any(re.search(r"[A-Za-z]", w.text) and w.conf < _NAME_CONF for w in name_words)


def _usual_unit(items: list[_Item | None]) -> tuple[Unit, bool]:
    """The unit most lines state (kilograms when none does), and whether the lines that
    state one all state the same."""
    units = Counter(i.fields.get("unit") for i in items if i is not None and i.fields.get("unit"))
    return ("lb" if units and units.most_common(1)[0][0] == "lb" else "kg"), len(units) == 1


def _expand(item: _Item, raw: str, usual: tuple[Unit, bool], found: list[Finding]) -> ExerciseDraft:
    """The sets a line stands for: N equal sets, or one per listed weight or reps count."""
    f = item.fields
    unit: Unit | None = "lb" if (f.get("unit") or "").lower() == "lb" else "kg"
    if not f.get("unit"):
        unit = usual[0] if f.get("w") or item.pairs else None
        if unit is not None:
            # The note's other lines state one unit: taking it is reading, not guessing.
            sentence = f"{item.name}: weight without a unit, assumed {unit} ({raw!r})"
            found.append(finding("weight.unit_assumed", "note" if usual[1] else "doubt", sentence))
    if item.pairs:
        sets = [SetDraft(reps=r, weight=w, unit=unit, raw_line=raw) for r, w in item.pairs]
        return ExerciseDraft(raw_name=item.name, sets=sets)
    n_sets = int(f["sets"] or 0)
    count = int(f["reps"] or 0)
    if not 1 <= n_sets <= 20:
        sentence = f"{item.name}: {n_sets} sets looks wrong ({raw!r})"
        found.append(finding("sets.count", "doubt", sentence))
        n_sets = max(1, min(n_sets, 20))
    w_text = f.get("w")
    weight = float(w_text.replace(",", ".")) if w_text else None
    if weight is None:
        unit = None
    if f.get("sec"):
        sets = [
            SetDraft(duration_s=count, weight=weight, unit=unit, raw_line=raw)
            for _ in range(n_sets)
        ]
    else:
        sets = [SetDraft(reps=count, weight=weight, unit=unit, raw_line=raw) for _ in range(n_sets)]
    # The sets are copies of one line: judge the weight on its own, then copy the fix.
    fixes = fix_lost_decimals(sets[:1])
    if fixes:
        found += each("weight.lost_point", "guess", fixes)
        sets = [s.model_copy(update={"weight": sets[0].weight}) for s in sets]
    if abs(sets[0].weight or 0) > (_MAX_LOAD if unit == "kg" else 1100):  # `S50kg`: 550 kg
        sentence = f"{item.name}: heavier than a person lifts ({raw!r})"
        found.append(finding("weight.too_heavy", "doubt", sentence))
    return ExerciseDraft(raw_name=item.name, sets=sets)


def _date_of(text: str) -> tuple[date | None, str | None]:
    """The date on a line, or why a date-looking line was not read."""
    # `L1th`, `1lth`: a 1 read as a letter beside other digits of the day.
    text = re.sub(r"(?<![A-Za-z])[LlI|](?=\d)|(?<=\d)[LlI|](?=\d|st|nd|rd|th)", "1", text)
    found = parse_date(text)
    if found is not None:
        return found, None
    m = _SLASH_DMY.search(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if day > 12 and month <= 12:
            try:
                return date(year, month, day), None
            except ValueError:
                return None, f"not a valid date: {m.group(0)!r}"
        return None, f"ambiguous date (day/month order unknown): {m.group(0)!r}"
    if _YEARLESS.search(text) and not re.search(r"\d{1,2}:\d{2}", text):
        return None, f"date without a year not guessed: {text!r}"
    if looks_like_date(text):
        return None, f"date line not read: {text!r}"
    return None, None


def _looks_like_sets(line: str) -> bool:
    """Numbers as a set line has them (`3x8`, `x5`, `@ 70`, `145s`, `60kg`, a trailing count)."""
    return bool(
        re.search(r"[A-Za-z]{2}", line)
        and re.search(r"\d\s*[xX×*]|[xX×@]\s*\d|\d+\s*(?:s|secs?|kg|lbs?|reps)\b|\s\d+$", line)
        and not _is_chrome(line)
    )


def _is_chrome(line: str) -> bool:
    words = [w for w in re.split(r"[^A-Za-z]+", line.lower()) if w]
    if _STATUS.match(line.strip()) or not words:
        return True
    return line.strip().startswith("<") or all(w in _CHROME_WORDS for w in words)


def _title(rows: list[OcrLine], date_at: int | None) -> str | None:
    """The free-text line nearest the date line above the first exercise."""
    candidates = [
        (i, clean_text(row.text))
        for i, row in enumerate(rows)
        if i != date_at
        and not _is_chrome(row.text)
        and re.search(r"[A-Za-z]{2}", row.text)
        # Below the date, a line with set-like numbers is a misread exercise line.
        and not (date_at is not None and i > date_at and _looks_like_sets(row.text))
        # The edit stamp with its word garbled (`Fdited 4:01 AM`) is chrome, not a title.
        and not _EDIT_STAMP.match(row.text.strip())
        # A date OCR spoiled (`April L1th 2024`) is not a title either.
        and not (_MONTH_WORD.search(row.text) and re.search(r"(?:19|20)\d\d", row.text))
    ]
    candidates = [(i, t) for i, t in candidates if t and len(t.split()) <= 6]
    if not candidates:
        return None
    anchor = date_at if date_at is not None else len(rows)
    title = min(candidates, key=lambda c: (abs(c[0] - anchor), c[0]))[1]
    # OCR glues a trailing letter to the word before it (`UpperA` for `Upper A`).
    return re.sub(r"(?<=[a-z]{2})(?=[A-Z]$)", " ", title)
