"""Sets that look whole but cannot be right: a number or sign OCR misread, doubted.

Nothing in the row tells it is wrong; the exercise does. `6.40 km` read as
`640 km`: a speed beyond what a human does for over a minute (`_FASTEST_KMH`), below a
slow walk (`_SLOWEST_KMH`), or with no time a distance beyond one set (`_LONGEST_KM`).
`-35 lb` read as `35` on an assisted exercise: apps print the help as a negative weight.
`11` read as `1` at a confidence of 20 amid words read at 95 (a low one alone says little:
some fonts read right at 0): few reps, a `_FRACTION` of the other sets', from a guess.
Each is a doubt (a finding), kept as read: a person looks.
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from ingest.read.common import visual_rows
from ingest.read.findings import finding
from schema.models import Finding, OcrLine, OcrPage, SessionDraft, SetDraft, Where

_KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "m": 0.001, "yd": 0.0009144, "ft": 0.0003048}
_FASTEST_KMH = 45.0
_SLOWEST_KMH = 0.5
# A sprint's pace over a few seconds says nothing: only sets of over a minute are judged.
_JUDGED_FROM_S = 60
_LONGEST_KM = 300.0
# Below `_BARELY` a word is Tesseract's guess, at `_SURE` a reading (`lost_digits`).
_BARELY, _SURE, _FRACTION = 40.0, 85.0, 1 / 3
# Gaps that hold a row OCR lost, in rows (`lost_rows`).
_ROWS_GAP, _HEAD_GAP = 1.2, 2.2


def _doubt(draft: SetDraft) -> str | None:
    """Why the set's distance cannot be right, or None when it can (or has no known unit)."""
    per_unit = _KM_PER_UNIT.get((draft.distance_unit or "").strip().lower())
    if draft.distance is None or per_unit is None or draft.distance <= 0:
        return None
    km = draft.distance * per_unit
    shown = f"{draft.distance:g} {draft.distance_unit}"
    if draft.duration_s is None or draft.duration_s <= 0:
        if km > _LONGEST_KM:
            return f"{shown} in one set with no time: a decimal point lost?"
        return None
    kmh = km / (draft.duration_s / 3600)
    if draft.duration_s > _JUDGED_FROM_S and kmh > _FASTEST_KMH:
        return f"{shown} in {draft.duration_s} s is {kmh:.0f} km/h: a decimal point lost?"
    if kmh < _SLOWEST_KMH:
        return f"{shown} in {draft.duration_s} s is {kmh:.2f} km/h: a number misread?"
    return None


def implausible_distances(draft: SessionDraft) -> list[Finding]:
    """A doubt for each set whose distance no person covers in its time (or at all)."""
    return [
        finding("distance.implausible", "doubt", sentence, Where(exercise=index, set=i))
        for index, exercise in enumerate(draft.exercises)
        for i, one in enumerate(exercise.sets)
        if (sentence := _doubt(one))
    ]


def _unsure(reps: int, line: OcrLine) -> bool:
    """Whether `reps` were read from a word read barely amid words all read surely."""
    barely = [w.text.strip(".,:;") for w in line.words if w.conf < _BARELY]
    sure = [w.conf for w in line.words if w.conf >= _BARELY]
    return str(reps) in barely and min(sure, default=0) >= _SURE


def lost_digits(draft: SessionDraft, page: OcrPage) -> list[Finding]:
    """A doubt for each set of few reps (see the module docstring) from an unsure digit."""
    lines = {ln.text.strip(): ln for ln in [*visual_rows(page), *page.lines]}
    found: list[Finding] = []
    for index, exercise in enumerate(draft.exercises):
        sets = [(i, s) for i, s in enumerate(exercise.sets) if s.set_type != "warmup"]
        for i, one in sets:
            others = [s.reps for j, s in sets if j != i and bool(s.weight) == bool(one.weight)]
            usual = median([r for r in others if r is not None] or [0])
            line, where = lines.get(one.raw_line.strip(), OcrLine()), Where(exercise=index, set=i)
            if one.reps is not None and one.reps <= _FRACTION * usual and _unsure(one.reps, line):
                sentence = f"{one.reps} reps read unsurely beside sets of {usual:g}"
                found.append(finding("reps.unsure", "doubt", sentence, where))
    return found


def assisted_sign(draft: SessionDraft) -> list[Finding]:
    """A doubt for an assisted exercise whose weights are all positive: apps print the help
    as a negative weight, and OCR loses a `-` more often than it invents one."""
    sentence = "{!r}: assisted, yet no weight has a `-`; sign lost?"
    return [
        finding("weight.assisted_sign", "doubt", sentence.format(e.raw_name), Where(exercise=i))
        for i, e in enumerate(draft.exercises)
        if "assisted" in e.raw_name.lower()
        and (weights := [s.weight for s in e.sets if s.weight])
        and min(weights) > 0
    ]


_SETS_STATED = re.compile(r"\b(\d{1,3})\s*sets\b", re.IGNORECASE)


def sets_against_summary(draft: SessionDraft, page: OcrPage) -> list[Finding]:
    """A doubt when the sets read are not as many as the page's summary counts (`13 sets`,
    or the value under its `Sets` label): a set lost, or a row read as a set that is none."""
    rows = visual_rows(page)
    stated = next((int(m.group(1)) for r in rows if (m := _SETS_STATED.search(r.text))), None)
    for row, below in itertools.pairwise(rows):
        label = next((w for w in row.words if w.text.lower() == "sets"), None)
        if stated is None and label is not None and len(row.words) >= 2:
            under = min(below.words, key=lambda w: abs(w.centre - label.centre), default=None)
            stated = int(under.text) if under is not None and under.text.isdigit() else -1
    read = sum(len(e.sets) for e in draft.exercises)
    if stated in (None, -1, read) or draft.layout == "fleek":  # fleek: its own totals
        return []
    sentence = f"the page counts {stated} sets, {read} were read"
    return [finding("sets.summary_differs", "doubt", sentence, stated=stated, read=read)]


def lost_rows(draft: SessionDraft, page: OcrPage) -> list[Finding]:
    """Doubts where a gap on the page holds a row OCR lost (a mark drawn over it): a gap
    after an exercise's sets, or above the first line of a note (see the two checks)."""
    at = {ln.text.strip(): ln.top for ln in [*visual_rows(page), *page.lines] if ln.words}
    # Each exercise's set rows by their tops on the page; -1 where a row was not found.
    tops = [[at.get(s.raw_line.strip(), -1) for s in e.sets] or [-1] for e in draft.exercises]
    return [*_gaps_after_sets(draft, at, tops), *_gap_above_first_line(draft, at, tops)]


def _gaps_after_sets(
    draft: SessionDraft, at: dict[str, int], tops: list[list[int]]
) -> list[Finding]:
    # After an exercise's last set, the next name sits further down than that name sits
    # above its own first set, by more than `_ROWS_GAP` of the exercise's set rows.
    names = [at.get(e.raw_name.strip(), -1) for e in draft.exercises]
    found = []
    for i, (mine, theirs) in enumerate(itertools.pairwise(tops)):
        steps = [b - a for a, b in itertools.pairwise(mine)] or [0]
        if min([*mine, theirs[0], names[i + 1]]) < 0 or min(steps) < 1:
            continue  # a row not found, or fewer than two set rows to measure a pitch
        gap_after, gap_before = names[i + 1] - mine[-1], theirs[0] - names[i + 1]
        if gap_after - gap_before > _ROWS_GAP * median(steps):
            sentence = f"set lost after {draft.exercises[i].raw_name!r}?"
            found.append(finding("sets.row_gap", "doubt", sentence, Where(exercise=i)))
    return found


def _gap_above_first_line(
    draft: SessionDraft, at: dict[str, int], tops: list[list[int]]
) -> list[Finding]:
    # A note of one line per exercise (3+) whose first line sits over `_HEAD_GAP` lines low.
    firsts = [t[0] for t in tops if len(set(t)) == 1]
    if len(firsts) != len(tops) or len(firsts) < 3 or min(firsts) < 0:
        return []
    pitch = median([b - a for a, b in itertools.pairwise(firsts)])
    above = max((t for t in at.values() if t < firsts[0]), default=-1)
    if above < 0 or pitch < 1 or firsts[0] - above <= _HEAD_GAP * pitch:
        return []
    sentence = f"line lost above {draft.exercises[0].raw_name!r}?"
    return [finding("exercises.line_gap", "doubt", sentence, Where(exercise=0))]


def weight_lost(draft: SessionDraft) -> list[Finding]:
    """A doubt for a set of reps and no weight in an exercise of 2+ weighted sets: a weight
    cell OCR left blank (a mark over it) more likely than one set done unloaded."""
    return [
        finding("weight.lost", "doubt", f"{e.raw_name!r}: weight lost?", Where(exercise=x, set=i))
        for x, e in enumerate(draft.exercises)
        if sum(s.weight is not None for s in e.sets) >= 2
        for i, s in enumerate(e.sets)
        if s.weight is None and s.reps is not None and s.duration_s is None and s.distance is None
    ]
