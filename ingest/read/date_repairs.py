"""Dates that are not read: a garbled date line is no exercise, a missing date a doubt.

A line with a month's name and a year is a date however garbled its day, never an
exercise (`A Jul 2026` would read as 20x26 sets): `looks_like_date`. An app that
dates every workout flags a parse without a date (`fill_missing_date`).
"""

from __future__ import annotations

import re

from ingest.read.findings import finding
from schema.models import SessionDraft

# A month's name as a whole word (`Jul`, `July`, `Sept.`), not the start of another word
# (`Decline`, `Marching`).
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LIKE = re.compile(rf"\b{_MONTH_NAME}(?![A-Za-z]).*\b(?:19|20)\d\d\b", re.IGNORECASE)
_SET_SPEC = re.compile(r"\d\s*[xX×*]\s*\d")


def looks_like_date(text: str) -> bool:
    """`A Jul 2026` (for `4 Jul 2026`): a month's name and a year, no set spec.

    Such a line is the note's date however garbled its day, never an exercise:
    read as one, its year gives `20x26`, twenty sets of 26 reps."""
    return bool(_DATE_LIKE.search(text)) and not _SET_SPEC.search(text)


_DAY_OR_MONTH = re.compile(
    rf"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b{_MONTH_NAME}(?![A-Za-z])", re.IGNORECASE
)


# A date said relative to today (`2 days ago`): no date to read, and no set.
RELATIVE_DATE = re.compile(
    r"^\W*(?:\d{1,2}|an?)\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\W*$|^(?:today|yesterday)\b",
    re.IGNORECASE,
)
_LIVE = re.compile(r"\bPREVIOUS\b|\bFinish\b|\bLog\s+Workout\b|\bAdd\s+Set\b|\bDiscard\b", re.I)


def fill_missing_date(draft: SessionDraft, texts: list[str]) -> None:
    """For an app that dates its workouts: with no date read, a page with a day's or
    month's name in its `texts` needs a look; a workout in progress shows none. Call
    `findings.conclude` after."""
    if draft.performed_on is not None:
        return
    draft.findings = [f for f in draft.findings if f.kind != "date.missing"]
    # A workout in progress shows no date: no day or month name, a previous-sets column.
    # A date said relative to today (`2 days ago`) has no date to read either.
    relative = any(RELATIVE_DATE.match(t.strip()) for t in texts)
    live = any(_LIVE.search(t) for t in texts)
    shown = not relative and (any(_DAY_OR_MONTH.search(t) for t in texts) or not live)
    draft.findings.append(finding("date.missing", "doubt" if shown else "note", "no date found"))
