"""Distances no person covers in the time shown: a number OCR misread, doubted.

`6.40 km` read as `640 km` (the decimal point lost) is a distance like any other, and
nothing in the row tells it is wrong. Its duration does: 640 km in 13 minutes is
faster than any car. A distance set whose average speed is beyond what a human does
for over a minute (`_FASTEST_KMH`), or below a slow walk (`_SLOWEST_KMH`), is doubted
(a finding) and kept as read: a person looks. Without a duration, a distance beyond
what anyone logs as one set (`_LONGEST_KM`) is doubted the same way.
"""

from __future__ import annotations

from ingest.read.findings import finding
from schema.models import Finding, SessionDraft, SetDraft, Where

_KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "m": 0.001, "yd": 0.0009144, "ft": 0.0003048}
_FASTEST_KMH = 45.0
_SLOWEST_KMH = 0.5
# A sprint's pace over a few seconds says nothing: only sets of over a minute are judged.
_JUDGED_FROM_S = 60
_LONGEST_KM = 300.0


def _km(draft: SetDraft) -> float | None:
    """The set's distance in kilometres (None without a distance or a known unit)."""
    if draft.distance is None:
        return None
    per_unit = _KM_PER_UNIT.get((draft.distance_unit or "").strip().lower())
    return None if per_unit is None else draft.distance * per_unit


def _doubt(draft: SetDraft) -> str | None:
    """Why the set's distance cannot be right, or None when it can."""
    km = _km(draft)
    if km is None or km <= 0:
        return None
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
    found: list[Finding] = []
    for index, exercise in enumerate(draft.exercises):
        for i, one in enumerate(exercise.sets):
            if sentence := _doubt(one):
                where = Where(exercise=index, set=i)
                found.append(finding("distance.implausible", "doubt", sentence, where))
    return found
