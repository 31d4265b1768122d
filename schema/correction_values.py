"""Checking and converting the values of a correction (pure).

Values arrive as form text (`"62.5"`, `""`) or JSON (`62.5`, `null`); each field
has one type, and a value that does not fit raises `ValueError` with a sentence
for the person who typed it. Empty text means "none" where a field may be empty.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from schema.corrected import EXERCISE_FIELDS, SESSION_FIELDS, SET_FIELDS, JsonValue

_DURATION = re.compile(r"^(?:(\d+):)?(\d+):(\d{2})$")
SET_TYPES = ("warmup", "working", "drop", "failure")
UNITS = ("kg", "lb")
DISTANCE_UNITS = ("km", "mi", "m")


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(field: str, raw: Any, low: float, high: float) -> float | None:
    if _blank(raw):
        return None
    try:
        value = float(str(raw).strip().replace(",", "."))
    except ValueError as exc:
        raise ValueError(f"{field} must be a number, not {raw!r}") from exc
    if not low <= value <= high:
        raise ValueError(f"{field} must be from {low:g} to {high:g}")
    return value


def _whole(field: str, raw: Any, high: int) -> int | None:
    value = _number(field, raw, 0, high)
    if value is None:
        return None
    if value != int(value):
        raise ValueError(f"{field} must be a whole number")
    return int(value)


def _choice(field: str, raw: Any, choices: tuple[str, ...], *, empty: bool) -> str | None:
    if _blank(raw):
        if empty:
            return None
        raise ValueError(f"{field} is needed")
    value = str(raw).strip().lower()
    if value not in choices:
        raise ValueError(f"{field} must be one of {', '.join(choices)}")
    return value


def duration_seconds(raw: Any) -> int | None:
    """Seconds from `95`, `1:35` or `1:01:35`; None for empty."""
    if _blank(raw):
        return None
    text = str(raw).strip()
    match = _DURATION.match(text)
    if match:
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        if seconds >= 60:
            raise ValueError("duration seconds must be below 60")
        return hours * 3600 + minutes * 60 + seconds
    return _whole("duration_s", text, 24 * 3600)


def _session_value(field: str, raw: Any) -> JsonValue:
    if field == "title":
        return None if _blank(raw) else str(raw).strip()[:200]
    if _blank(raw):
        return None
    try:
        return date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError as exc:
        raise ValueError("the date must be YYYY-MM-DD") from exc


def _set_value(field: str, raw: Any) -> JsonValue:
    if field == "weight":
        return _number("weight", raw, -1000, 5000)
    if field == "unit":
        return _choice("unit", raw, UNITS, empty=True)
    if field == "reps":
        return _whole("reps", raw, 10_000)
    if field == "set_type":
        return _choice("set type", raw, SET_TYPES, empty=False)
    if field == "rpe":
        return _number("RPE", raw, 0, 10)
    if field == "distance":
        return _number("distance", raw, 0, 100_000)
    if field == "distance_unit":
        return _choice("distance unit", raw, DISTANCE_UNITS, empty=True)
    return duration_seconds(raw)


def clean_value(target: str, field: str, raw: Any) -> JsonValue:
    """The value `raw` typed for `field` of `target` (session/exercise/set), checked."""
    if target == "session" and field in SESSION_FIELDS:
        return _session_value(field, raw)
    if target == "exercise" and field in EXERCISE_FIELDS:
        if _blank(raw):
            raise ValueError("an exercise needs a name")
        return str(raw).strip()[:200]
    if target == "set" and field in SET_FIELDS:
        return _set_value(field, raw)
    raise ValueError(f"{target} has no editable field {field!r}")


def clean_set(raw: dict[str, Any]) -> dict[str, JsonValue]:
    """A whole set's values (for adding one): the set fields given, checked; kg by default."""
    values = {f: clean_value("set", f, raw[f]) for f in SET_FIELDS if f in raw}
    values.setdefault("set_type", "working")
    if values.get("weight") is not None and not values.get("unit"):
        values["unit"] = "kg"
    return values
