"""Strong's and Hevy's CSV export formats, written from corrected sessions (pure).

Strong's CSV (also what Hevy and most tracker tools import) keeps weights and
distances in the unit they were logged in; Hevy's wants kilograms and
kilometres. A bound exercise is written under its catalogue display name, an
unbound one under the name in use (the corrected name, else the raw one).
Warm-up, drop and failure sets are marked as each app marks them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time, timedelta

from schema.models import LB_TO_KG
from schema.repo_export import ExportData, ExportExercise, ExportSession, ExportSet

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
HEVY_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,"
    "set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
MI_TO_KM = 1.609344
HEVY_SET_TYPES = {"warmup": "warmup", "working": "normal", "drop": "dropset", "failure": "failure"}
STRONG_MARKS = {"warmup": "W", "drop": "D", "failure": "F"}
DEFAULT_TITLE = "Workout"
Row = list[str]


def num(value: float | int | None) -> str:
    """A number as a CSV cell: `60`, `62.5`, `0.454`; empty for none."""
    if value is None:
        return ""
    rounded = round(float(value), 3)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.3f}".rstrip("0")


def exercise_title(exercise: ExportExercise, display_names: dict[str, str]) -> str:
    """The catalogue's name for a bound exercise, else the name in use."""
    if exercise.alias_key and exercise.alias_key in display_names:
        return display_names[exercise.alias_key]
    return exercise.name


def strong_duration(minutes: int | None) -> str:
    """Strong's `1h 5m` / `45m`; empty when unknown."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest}m" if hours else f"{rest}m"


def _start(session: ExportSession) -> datetime:
    # The screens show the day, not the hour the workout began.
    return datetime.combine(session.day, time())


def _strong_rows(session: ExportSession, names: dict[str, str]) -> Iterator[Row]:
    head = [
        _start(session).strftime("%Y-%m-%d %H:%M:%S"),
        session.title or DEFAULT_TITLE,
        strong_duration(session.duration_min),
    ]
    for exercise in session.exercises:
        working = 0
        for s in exercise.sets:
            if s.set_type == "working":
                working += 1
            order = STRONG_MARKS.get(s.set_type, str(working))
            yield [
                *head,
                exercise_title(exercise, names),
                order,
                num(s.weight),
                num(s.reps),
                num(s.distance),
                num(s.duration_s),
                "",
                "",
                num(s.rpe),
            ]


def _km(s: ExportSet) -> float | None:
    if s.distance is None:
        return None
    factor = {"mi": MI_TO_KM, "m": 0.001}.get(s.distance_unit or "km", 1.0)
    return s.distance * factor


def _kg(s: ExportSet) -> float | None:
    if s.weight is None:
        return None
    return s.weight * LB_TO_KG if s.unit == "lb" else s.weight


def _hevy_rows(session: ExportSession, names: dict[str, str]) -> Iterator[Row]:
    start = _start(session)
    end = start + timedelta(minutes=session.duration_min or 0)
    fmt = "%d %b %Y, %H:%M"
    head = [session.title or DEFAULT_TITLE, start.strftime(fmt), end.strftime(fmt), ""]
    for exercise in session.exercises:
        for index, s in enumerate(exercise.sets):
            yield [
                *head,
                exercise_title(exercise, names),
                "",
                "",
                str(index),
                HEVY_SET_TYPES.get(s.set_type, "normal"),
                num(_kg(s)),
                num(s.reps),
                num(_km(s)),
                num(s.duration_s),
                num(s.rpe),
            ]


def _write(header: str, rows: Iterable[Row]) -> Iterator[str]:
    yield header + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


RowMaker = Callable[[ExportSession, dict[str, str]], Iterator[Row]]
FORMATS: dict[str, tuple[str, RowMaker]] = {
    "strong-csv": (STRONG_HEADER, _strong_rows),
    "hevy-csv": (HEVY_HEADER, _hevy_rows),
}


def tracker_csv(data: ExportData, fmt: str) -> Iterator[str]:
    """The export as CSV text in chunks: `fmt` is `strong-csv` or `hevy-csv`."""
    header, rows = FORMATS[fmt]
    return _write(header, (row for s in data.sessions for row in rows(s, data.display_names)))
