"""Date lines OCR garbled beyond the date grammar: a digit of the day read as a mark.

`4 Jul 2026` read `A Jul 2026`, `Tue, 27 Jul 2021` read `Tue, 2/ Jul 2021`: the
month's name and the year stand, the day lost a digit to a look-alike. The day
is read back as a flagged guess; and a line with a month's name and a year is a
date however garbled, never an exercise (`A Jul 2026` would read as 20x26 sets).
A year that lost its last digit (`Monday, December 29, 202`) is read back from the
weekday. Apps that date every workout fill a missing date with their own repair
(`fill_missing_date`).
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


# Letters OCR reads for a digit of the day in a date line (`A Jul 2026` for `4 Jul 2026`).
# `Z` (2 or 7) and `G` (6 or 0) stand for more than one digit: not guessed.
_DIGIT_LOOKALIKES = {
    "A": "4",
    "S": "5",
    "s": "5",
    "O": "0",
    "o": "0",
    "B": "8",
    "/": "7",
    "l": "1",
    "I": "1",
    "|": "1",
}
_DAY = r"(?<![A-Za-z\d])(?P<day>[\dASsOoB/lI|]{1,2})"
_YEAR = r"\s+(?:19|20)\d\d\b"
# `A Jul 2026` (day first) and `Jul A, 2026` (month first).
_GARBLED_DAY = (
    re.compile(rf"{_DAY}(?=\s+{_MONTH_NAME}(?![A-Za-z]),?{_YEAR})", re.IGNORECASE),
    re.compile(rf"(?<![A-Za-z]){_MONTH_NAME}\s+{_DAY}(?=(?:st|nd|rd|th)?,?{_YEAR})", re.IGNORECASE),
)


def read_garbled_day(text: str) -> tuple[str, str] | None:
    """`A Jul 2026` -> `4 Jul 2026`: a digit of the day beside the month read as a letter.

    Only a one- or two-character day standing just before a month's name and
    a year, or just after the month (`Jul A, 2026`), is read this way (`A` for
    4, `S` for 5, `O` for 0, `B` for 8, `/` for 7: `Tue, 2/ Jul 2021`; `l`, `I`,
    `|` for 1). Returns the repaired text and the day as read, or None."""
    for pattern in _GARBLED_DAY:
        for m in pattern.finditer(text):
            day = m.group("day")
            fixed = "".join(_DIGIT_LOOKALIKES.get(c, c) for c in day)
            if not day.isdigit() and fixed.isdigit() and not fixed.startswith("0"):
                return f"{text[: m.start('day')]}{fixed}{text[m.end('day') :]}", day
    return None


_DAY_OR_MONTH = re.compile(
    rf"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b{_MONTH_NAME}(?![A-Za-z])", re.IGNORECASE
)


_LIVE = re.compile(r"\bPREVIOUS\b|\bFinish\b")


def fill_missing_date(draft: SessionDraft, texts: list[str]) -> None:
    """For an app that dates its workouts: with no date read, a page with a day's or
    month's name in its `texts` needs a look; a workout in progress shows none. Call
    `findings.conclude` after."""
    if draft.performed_on is not None:
        return
    draft.findings = [f for f in draft.findings if f.kind != "date.missing"]
    # A workout in progress shows no date: no day or month name, a previous-sets column.
    shown = any(_DAY_OR_MONTH.search(t) for t in texts) or not any(_LIVE.search(t) for t in texts)
    draft.findings.append(finding("date.missing", "doubt" if shown else "note", "no date found"))
