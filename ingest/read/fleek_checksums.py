"""The totals a Fleek screen prints about itself, and OCR repairs chosen by them.

A Fleek screen carries its own checksums: a bodyweight exercise's
`Total Reps: 39` is the sum of its reps row, and the summary rows
(`4720 kg`, `5 EXERCISES 22 sets 228 reps`) count the whole session - the
volume is the sum of weight x reps. A cell OCR misread usually has a few
plausible readings (`127` is `17` with an inserted digit, `23-25` is two
cells run together, `67.` lost its `5`); a reading is taken only when it is
the one cheapest repair that makes the screen's own total agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.read.fleek_cells import DIGIT_FIX, digits, number, reps_value

# More reps than this in one set is a misread.
_MAX_REPS = 100
# Letters OCR reads for digits (as `fleek_cells` rescues them).
_LETTER_DIGITS = str.maketrans("eEoODSsBgqZzGbA", "600055589922664")
# `7402 kg` on the KCAL row; OCR sometimes reads the unit as `k9`/`kq`.
_VOLUME = re.compile(r"(\d[\d,]*)\s*(?:kg|k9|kq)\b", re.IGNORECASE)
_EXERCISES = re.compile(r"(\d+)\s*EXERCISE", re.IGNORECASE)
_SETS = re.compile(r"(\d+)\s*sets\b", re.IGNORECASE)
_REPS = re.compile(r"(\d+)\s*reps\b", re.IGNORECASE)


@dataclass(frozen=True)
class Summary:
    """The session totals of the summary rows; None where OCR lost one."""

    exercises: int | None = None
    sets: int | None = None
    reps: int | None = None
    volume: int | None = None


def read_summary(texts: Sequence[str]) -> Summary:
    """The totals found in the summary rows' texts (`238 KCAL 54 min 7402 kg`, ...)."""

    def first(pattern: re.Pattern[str], strip_commas: bool = False) -> int | None:
        for text in texts:
            m = pattern.search(text)
            if m:
                return int(m.group(1).replace(",", "") if strip_commas else m.group(1))
        return None

    return Summary(
        exercises=first(_EXERCISES),
        sets=first(_SETS),
        reps=first(_REPS),
        volume=first(_VOLUME, strip_commas=True),
    )


def volume_agrees(volume: float, shown: int) -> bool:
    """The screen rounds the session volume to whole kilos."""
    return abs(volume - shown) <= 0.5 + 1e-9


# --- bodyweight reps rows against `Total Reps` -------------------------------------------


def _plausible_reps(text: str) -> int | None:
    if not text.isdigit() or text.startswith("0"):
        return None
    value = int(text)
    return value if 0 < value <= _MAX_REPS else None


def reps_readings(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """Readings of one bodyweight reps cell as (cost, reps): what it says costs 0.

    Repairs cost 1: letters read as digits (`iS` for `5`), one inserted digit
    dropped (`127` for `17`), or two cells run together cut apart (`23-25`,
    `2325` for `23` and `25`).
    """
    readings: list[tuple[int, tuple[int, ...]]] = []
    plain = reps_value(text)
    if plain is not None and plain <= _MAX_REPS:
        readings.append((0, (plain,)))
    rescued = reps_value(text, rescue=True)
    if rescued is not None and (1, (rescued,)) not in readings and rescued != plain:
        readings.append((1, (rescued,)))
    cleaned = re.sub(r"[xX×%*]+$", "", digits(text))
    parts = [p for p in re.split(r"\D+", cleaned) if p]
    run = "".join(parts)
    if len(parts) == 1 and len(run) == 3:
        for i in range(3):
            value = _plausible_reps(run[:i] + run[i + 1 :])
            if value is not None and (1, (value,)) not in readings:
                readings.append((1, (value,)))
    cuts = [(parts[0], parts[1])] if len(parts) == 2 else []
    if len(parts) == 1 and len(run) in (3, 4):
        cuts = [(run[:i], run[i:]) for i in range(1, len(run))]
    for a, b in cuts:
        first, second = _plausible_reps(a), _plausible_reps(b)
        if first is not None and second is not None:
            readings.append((1, (first, second)))
    return readings


def fit_reps_total(texts: Sequence[str], total: int) -> tuple[list[int] | None, str | None]:
    """The reps of a bodyweight row that add up to the screen's `Total Reps`.

    Tries the cells as read, then one repaired cell, then two; a cell with no
    reading at all is filled with what the total leaves for it (one such cell
    at most). Returns the reps and a note on what was repaired, or None when no
    repair, or more than one, makes the total agree.
    """
    options = [reps_readings(t) for t in texts]
    holes = [i for i, o in enumerate(options) if not o]
    if len(holes) > 1:
        return None, None
    for budget in range(3):
        found: set[tuple[int, ...]] = set()
        for choice in itertools.product(*(o or [(0, ())] for o in options)):
            if sum(cost for cost, _ in choice) + len(holes) * 1 != budget:
                continue
            values = [v for _, vs in choice for v in vs]
            if holes:
                rest = total - sum(values)
                if not 0 < rest <= _MAX_REPS:
                    continue
                values = _with_hole(choice, holes[0], rest)
            if sum(values) == total:
                found.add(tuple(values))
        if len(found) == 1:
            values = list(found.pop())
            note = None if budget == 0 else f"reps {' '.join(texts)} read as {values}"
            return values, note
        if found:
            return None, None
    return None, None


def _with_hole(choice: Sequence[tuple[int, tuple[int, ...]]], hole: int, value: int) -> list[int]:
    out: list[int] = []
    for i, (_, vs) in enumerate(choice):
        out.extend((value,) if i == hole else vs)
    return out


# --- weight cells against the session volume ---------------------------------------------


def _quarter(value: float) -> bool:
    return value > 0 and (value * 4).is_integer()


def weight_readings(
    text: str, max_weight: float | None, lost_digit: bool = False
) -> list[tuple[int, float]]:
    """Other readings of a weight cell as (cost, weight), for a volume that disagrees.

    Each is one OCR slip undone: an inserted digit dropped (`217.5` for
    `17.5`), a lost decimal point put back (`75` for `7.5`), a lost last digit
    after a point put back (`67.` for `67.5`, cost 2 for quarter kilos), or a
    stray mark inside the number read as nothing or as the point (`8:0`). With
    `lost_digit` (the box has room for more characters than were read) a digit
    put back anywhere (`2` in a box two digits wide for `25`). Only quarter
    kilos not over the MAX Weight are readings.
    """
    # As `digits`, but a trailing point is kept: `67.` is a number that lost its last digit.
    cleaned = re.sub(r"^[^0-9A-Za-z|]+|[^0-9A-Za-z.,]+$", "", text).translate(DIGIT_FIX)
    out: dict[float, int] = {}

    def add(candidate: str, cost: int) -> None:
        if not re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?", candidate) or re.match(r"0\d", candidate):
            return
        value = float(candidate)
        if _quarter(value) and (max_weight is None or value <= max_weight + 1e-9):
            out[value] = min(cost, out.get(value, cost))

    marks = re.sub(r"[^\d.,]", "", cleaned).replace(",", ".")
    if marks != cleaned:
        add(marks, 1)
        add(re.sub(r"[^\d]+", ".", cleaned, count=1), 1)
    if marks.endswith("."):
        add(marks + "5", 1)
        add(marks + "25", 2)
        add(marks + "75", 2)
    for i in range(len(marks)):
        if marks[i].isdigit():
            add(marks[:i] + marks[i + 1 :], 1)
    if marks.isdigit() and len(marks) >= 2:
        add(marks[:-1] + "." + marks[-1], 1)
    if lost_digit:
        for i in range(len(marks) + 1):
            for d in "0123456789":
                add(marks[:i] + d + marks[i:], 1)
    current = number(text)
    if current is not None:
        out.pop(current, None)
    return sorted((cost, value) for value, cost in out.items())


def weighted_reps_readings(text: str) -> list[tuple[int, int]]:
    """Other readings of a weighted set's reps cell as (cost, reps).

    Leading junk read as digits is dropped (`4I15X` for `15X`: the tail of
    one or two digits), or one inserted digit (`125X` for `15X`).
    """
    cleaned = re.sub(r"[xX×%*]+$", "", digits(text)).translate(_LETTER_DIGITS)
    run = re.sub(r"\D", "", cleaned)
    out: dict[int, int] = {}
    for tail in (run[-2:], run[-1:]):
        value = _plausible_reps(tail)
        if value is not None and len(run) > len(tail):
            out.setdefault(value, 1)
    if len(run) == 3:
        for i in range(3):
            value = _plausible_reps(run[:i] + run[i + 1 :])
            if value is not None:
                out.setdefault(value, 1)
    current = reps_value(text)
    out.pop(current if current is not None else -1, None)
    return sorted((cost, value) for value, cost in out.items())


@dataclass
class Cell:
    """One weighted set as the parser holds it, with the cells it was read from."""

    weight: float | None
    reps: int | None
    text: str  # the weight cell as OCR read it
    doubtful: bool  # low confidence, misshapen, or already changed by a check
    max_weight: float | None
    exercise: int
    reps_text: str = ""
    reps_doubtful: bool = False
    lost_digit: bool = False  # the weight cell's box has room for another character


@dataclass(frozen=True)
class Fix:
    """One cell read again: set `index` gets `value` as its weight or reps."""

    index: int
    field: str  # "weight" or "reps"
    value: float


def fix_session(cells: Sequence[Cell], summary: Summary, other_reps: int) -> Fix | None:
    """The one doubtful cell whose other reading makes the session totals agree.

    The volume must then agree, and the reps total too when the screen shows
    it (`other_reps` are the bodyweight reps, not in `cells`). Returns None when
    the totals agree already, or no single repair of a doubtful cell - or more
    than one - makes them agree. Cheaper repairs are tried first; a tie at the
    cheapest cost is no answer.
    """
    if summary.volume is None:
        return None
    volume = sum((c.weight or 0.0) * (c.reps or 0) for c in cells)
    reps = other_reps + sum(c.reps or 0 for c in cells)
    if volume_agrees(volume, summary.volume) and summary.reps in (None, reps):
        return None

    def agrees(new_volume: float, new_reps: int) -> bool:
        assert summary.volume is not None
        return volume_agrees(new_volume, summary.volume) and summary.reps in (None, new_reps)

    by_cost: dict[int, list[Fix]] = {}
    for i, c in enumerate(cells):
        if c.doubtful and c.reps is not None:
            readings = weight_readings(c.text, c.max_weight, c.lost_digit)
            if _unreadable(c.text):
                readings += _weight_left_by_volume(c, volume, summary.volume)
            for cost, value in readings:
                changed = volume + (value - (c.weight or 0.0)) * c.reps
                if agrees(changed, reps) and _keeps_max(cells, i, value):
                    by_cost.setdefault(cost, []).append(Fix(i, "weight", value))
        if c.reps_doubtful and c.weight is not None:
            for cost, count in weighted_reps_readings(c.reps_text):
                changed = volume + (count - (c.reps or 0)) * c.weight
                if agrees(changed, reps + count - (c.reps or 0)):
                    by_cost.setdefault(cost, []).append(Fix(i, "reps", count))
    for cost in sorted(by_cost):
        fixes = by_cost[cost]
        return fixes[0] if len(fixes) == 1 else None
    return None


# Filling a cell with what the volume leaves for it is the last resort, after every slip.
_FILL_COST = 3


def _unreadable(text: str) -> bool:
    """A weight cell OCR read as letters (`tS`) or with marks around it (`#=+.24-`)."""
    marks = sum(not c.isdigit() and c not in ".," for c in text)
    return number(text) is None or marks >= 2


def _weight_left_by_volume(cell: Cell, volume: float, shown: int) -> list[tuple[int, float]]:
    """The weight the session volume leaves for an unreadable cell, if it is a plausible load.

    OCR reads a lone weight as letters (`tS` at 86 for `7.5`, `iS)` for `5`)
    or marks around a wrong digit (`#=+.24-` for `20`), which no single slip
    undoes; with its reps known, the volume the screen shows fixes it. Only
    quarter kilos not over the MAX Weight; `fix_session` takes it only when
    no other cell could be filled as well.
    """
    if not cell.reps:
        return []
    rest = volume - (cell.weight or 0.0) * cell.reps
    value = round((shown - rest) / cell.reps * 4) / 4
    fits = _quarter(value) and (cell.max_weight is None or value <= cell.max_weight + 1e-9)
    return [(_FILL_COST, value)] if fits and value != cell.weight else []


def _keeps_max(cells: Sequence[Cell], index: int, value: float) -> bool:
    """The exercise's heaviest set still equals its MAX Weight after the change."""
    top = cells[index].max_weight
    if top is None:
        return True
    weights = [
        value if i == index else c.weight
        for i, c in enumerate(cells)
        if c.exercise == cells[index].exercise
    ]
    known = [w for w in weights if w is not None]
    return not known or abs(max(known) - top) < 1e-6


def session_notes(
    summary: Summary, exercises: int, sets: int, reps: int, volume: float
) -> list[str]:
    """Warnings for every summary total the parse does not add up to."""
    notes: list[str] = []
    if summary.exercises is not None and summary.exercises != exercises:
        notes.append(f"{exercises} exercises found, screen says {summary.exercises} EXERCISES")
    if summary.sets is not None and summary.sets != sets:
        notes.append(f"{sets} sets found, screen says {summary.sets} sets")
    if summary.reps is not None and summary.reps != reps:
        notes.append(f"reps add up to {reps}, screen says {summary.reps} reps")
    if summary.volume is not None and not volume_agrees(volume, summary.volume):
        notes.append(f"volume adds up to {volume:g} kg, screen says {summary.volume} kg")
    return notes
