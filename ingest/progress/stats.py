"""Progress of one exercise, per session and per week (pure).

Per session: the best set (highest Epley estimate of the one-rep max), that
estimate, the top weight, the volume (weight × reps over working sets) and
whether it was a personal record. Weights are normalised to kilograms first,
so sessions logged in kg and in lb compare; warm-ups never count. Sets without
a positive weight (bodyweight, assisted) count for reps, not for weight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel

from schema.models import LB_TO_KG
from schema.repo_progress import KeySet, SessionTotals


def _grams(kg: float | None) -> float | None:
    return None if kg is None else round(kg, 3)


def _tenths(kg: float | None) -> float | None:
    return None if kg is None else round(kg, 1)


def _volume(kg: float) -> float:
    return round(kg, 1)


Grams = Annotated[float | None, AfterValidator(_grams)]
Tenths = Annotated[float | None, AfterValidator(_tenths)]


class SessionProgress(SessionTotals):
    """One session's numbers for the exercise (kilograms), with its record mark.

    Numbers are kept as shown: weights to the gram, the estimate and the volume
    to a tenth of a kilogram (rounded when the record is made, from sets or
    from the database's sums alike).
    """

    best_weight_kg: Grams = None
    e1rm_kg: Tenths = None
    top_weight_kg: Grams = None
    volume_kg: Annotated[float, AfterValidator(_volume)] = 0.0
    pr: bool = False
    """A new best estimated one-rep max."""
    weight_pr: bool = False
    """A new heaviest weight."""


class WeekVolume(BaseModel):
    """Volume (kg) of the weeks starting on Monday `week`."""

    week: date
    volume_kg: float
    sessions: int


class Progress(BaseModel):
    """An exercise's history: sessions oldest first, weekly volume, and the names it was read as."""

    key: str
    name: str
    spellings: list[str]
    sessions: list[SessionProgress]
    weeks: list[WeekVolume]

    @property
    def best_e1rm_kg(self) -> float | None:
        """The best estimate ever."""
        return max((s.e1rm_kg for s in self.sessions if s.e1rm_kg is not None), default=None)


def epley(weight: float, reps: int) -> float:
    """Epley's one-rep max estimate: weight × (1 + reps / 30); a single is itself."""
    return weight if reps == 1 else weight * (1 + reps / 30)


def kilograms(weight: float | None, unit: str | None) -> float | None:
    """A weight in kilograms."""
    if weight is None:
        return None
    return weight * LB_TO_KG if unit == "lb" else weight


def _session(session_id: int, sets: Sequence[KeySet]) -> SessionProgress:
    best: tuple[float, float, int] | None = None  # (e1rm, weight, reps)
    top: float | None = None
    volume = 0.0
    for s in sets:
        kg = kilograms(s.weight, s.unit)
        if kg is None or kg <= 0:
            continue
        top = kg if top is None else max(top, kg)
        if s.reps:
            volume += kg * s.reps
            estimate = epley(kg, s.reps)
            if best is None or estimate > best[0]:
                best = (estimate, kg, s.reps)
    return SessionProgress(
        session_id=session_id,
        day=sets[0].day,
        title=sets[0].title,
        sets=len(sets),
        reps=sum(s.reps or 0 for s in sets),
        best_weight_kg=best[1] if best else None,
        best_reps=best[2] if best else None,
        e1rm_kg=best[0] if best else None,
        top_weight_kg=top,
        volume_kg=volume,
    )


def _mark_records(sessions: Iterable[SessionProgress]) -> None:
    best_e1rm = best_top = 0.0
    for s in sessions:
        if s.e1rm_kg is not None and s.e1rm_kg > best_e1rm:
            s.pr, best_e1rm = True, s.e1rm_kg
        if s.top_weight_kg is not None and s.top_weight_kg > best_top:
            s.weight_pr, best_top = True, s.top_weight_kg


def weekly(sessions: Iterable[SessionProgress]) -> list[WeekVolume]:
    """Volume per week (Monday to Sunday), oldest first; weeks without training left out."""
    volume: dict[date, float] = defaultdict(float)
    count: dict[date, int] = defaultdict(int)
    for s in sessions:
        monday = s.day - timedelta(days=s.day.weekday())
        volume[monday] += s.volume_kg
        count[monday] += 1
    return [
        WeekVolume(week=w, volume_kg=round(volume[w], 1), sessions=count[w]) for w in sorted(volume)
    ]


def summarise(
    key: str,
    name: str | None,
    sets: Sequence[KeySet],
    totals: Sequence[SessionProgress] = (),
    spellings: Sequence[str] | None = None,
) -> Progress:
    """The progress of `key` from working sets (any order) and sessions summed up already.

    `totals` (sessions the database summed up) are marked with their records in place.
    """
    by_session: dict[int, list[KeySet]] = defaultdict(list)
    for s in sets:
        if s.set_type != "warmup":
            by_session[s.session_id].append(s)
    summed = [t for t in totals if t.session_id not in by_session]
    sessions = sorted(
        [*(_session(sid, group) for sid, group in by_session.items()), *summed],
        key=lambda p: (p.day, p.session_id),
    )
    _mark_records(sessions)
    names = spellings if spellings is not None else {s.raw_name for s in sets}
    return Progress(
        key=key,
        name=name or key,
        spellings=sorted(names),
        sessions=sessions,
        weeks=weekly(sessions),
    )
