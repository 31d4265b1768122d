"""Japanese and Korean dates whose 年/月/日 OCR damaged, read by the date's structure.

The script model can leave debris beside a unit glyph (`2024人年3月26日`): the numbers
before the units are read, the weekday (`(火)`), when printed, must agree, and the date
is a guess (a finding), never silently right. (A date English glued into one word,
`20242838`, is read again in the script by the OCR stage.)
"""

from __future__ import annotations

import re
from datetime import date

from ingest.read.findings import finding
from schema.models import Finding, OcrLine

# The units read, with a mark of debris beside one (`2024人年3月26日`).
_DEBRIS_BESIDE_UNITS = re.compile(
    r"(?P<y>(?:19|20)\d\d)\D{1,2}?[年년](?P<m>\d{1,2})\D?[月월](?P<d>\d{1,2})\D?[日일]"
)
_CLOCK = re.compile(r"\s*\d{1,2}:\d{2}\s*")
_UNITS = re.compile(r"[年년].*[月월]|[月월].*[日일]")
_WEEKDAY = re.compile(r"[(（]\s*([月火水木金土日])\s*[)）]")
_WEEKDAYS = "月火水木金土日"  # Monday first, as `date.weekday()` counts


def damaged_date(text: str) -> tuple[date, str] | None:
    """The date a line with a damaged `年月日` reads as, with the guess's sentence; None
    when the line is no such date."""
    weekday = _WEEKDAY.search(text)
    core = _CLOCK.sub(" ", _WEEKDAY.sub(" ", text)).replace(" ", "")
    if (units := _DEBRIS_BESIDE_UNITS.search(core)) is None:
        return None
    try:
        when = date(*(int(units.group(k)) for k in "ymd"))
    except ValueError:
        return None
    if weekday is not None and _WEEKDAYS[when.weekday()] != weekday.group(1):
        return None
    return when, f"date read as {when.isoformat()} from a line whose 年月日 OCR damaged: {text!r}"


# A digit of a date read under this confidence may be another digit (`20` read as `26`
# at 52): the date is read, and doubted.
_UNSURE = 60.0


def unsure_date(line: OcrLine, text: str) -> list[Finding]:
    """A doubt when a `年月日` date's digits were read unsure (none for other dates)."""
    if not _UNITS.search(text):
        return []
    unsure = [w.text for w in line.words if any(c.isdigit() for c in w.text) and w.conf < _UNSURE]
    if not unsure:
        return []
    sentence = f"date digits read unsure ({' '.join(unsure)}): {text!r}"
    return [finding("date.unsure", "doubt", sentence)]


# Two of the units, each after a digit or a mark OCR left of one: `2929年1月24日`
# (2020 misread), `2W2@ 筆 12月 1i日`. No set row prints these units.
_DATE_SHAPED = re.compile(r"\S\s?[年년]\s?\S{1,2}\s?[月월]|\S\s?[月월]\s?\S{1,2}\s?[日일]")


def unreadable_date(text: str) -> list[Finding] | None:
    """A doubt for a row shaped like a `年月日` date whose numbers read as no date; None
    for any other row. The row is still the date's: what is above it is the title."""
    if not _DATE_SHAPED.search(text):
        return None
    return [finding("date.unreadable", "doubt", f"a date that reads as no date: {text!r}")]
