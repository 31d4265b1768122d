"""Japanese and Korean dates whose 年/月/日 OCR damaged, read by the date's structure.

`2024年2月3日` is a year, a month and a day, each followed by a unit glyph. English
reads the glyphs as digits or letters and glues the line into one word
(`20242838`, `202047115128`, `2020%4A8H`). The structure is still there: four digits
of a year, then a month of 1-12 and a day of 1-31, each followed by what is left of
its glyph (nothing, or one or two characters). Every way to cut the rest of the line
so is tried; the weekday, when printed (`(火)`), must agree. Only when every cut that
remains gives one date is it read, and then as a guess (a finding): a damaged date is
never silently taken as right.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import product

from ingest.read.findings import finding
from schema.models import Finding, OcrLine

# A year, then the rest of the date glued (digits and the debris of its glyphs).
_DAMAGED = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<rest>[0-9A-Za-z%&#@$年月日년월일]{2,12})$")
# The units read, with a mark of debris beside one (`2024人年3月26日`).
_DEBRIS_BESIDE_UNITS = re.compile(
    r"(?P<y>(?:19|20)\d\d)\D{1,2}?[年년](?P<m>\d{1,2})\D?[月월](?P<d>\d{1,2})\D?[日일]"
)
_CLOCK = re.compile(r"\s*\d{1,2}:\d{2}\s*")
_UNITS = re.compile(r"[年년].*[月월]|[月월].*[日일]")
_WEEKDAY = re.compile(r"[(（]\s*([月火水木金土日])\s*[)）]")
_WEEKDAYS = "月火水木金土日"  # Monday first, as `date.weekday()` counts
_GLYPH = (0, 1, 2)  # how many characters a damaged unit glyph leaves


def _cuts(rest: str) -> set[tuple[int, int]]:
    """Every (month, day) that `rest` reads as: glyph, month, glyph, day, glyph. When some
    cuts leave letters and marks (and no digit) as the glyphs' debris, only those: a
    digit is taken for debris only when nothing else is."""
    found: dict[tuple[int, int], bool] = {}
    for g1, m_len, g2, d_len in product(_GLYPH, (1, 2), _GLYPH, (1, 2)):
        at = g1
        month, at = rest[at : at + m_len], at + m_len
        day_at = at + g2
        day = rest[day_at : day_at + d_len]
        tail = len(rest) - day_at - d_len
        if not (month.isdigit() and day.isdigit()) or not 0 <= tail <= 2:
            continue
        if len(month) != m_len or len(day) != d_len or month[0] == "0" or day[0] == "0":
            continue
        debris = rest[:g1] + rest[at:day_at] + rest[day_at + d_len :]
        key = (int(month), int(day))
        letters = bool(debris) and not any(map(str.isdigit, debris))
        found[key] = found.get(key, False) or letters
    valid = {k: clean for k, clean in found.items() if 1 <= k[0] <= 12 and 1 <= k[1] <= 31}
    clean = {k for k, is_clean in valid.items() if is_clean}
    return clean or set(valid)


def damaged_date(text: str) -> tuple[date, str] | None:
    """The date a line with a damaged `年月日` reads as, with the guess's sentence; None
    when the line is no such date or reads as more than one."""
    weekday = _WEEKDAY.search(text)
    core = _CLOCK.sub(" ", _WEEKDAY.sub(" ", text)).replace(" ", "")
    if units := _DEBRIS_BESIDE_UNITS.search(core):
        year, cuts = int(units.group("y")), {(int(units.group("m")), int(units.group("d")))}
    elif m := _DAMAGED.match(core):
        year, cuts = int(m.group("y")), _cuts(m.group("rest"))
    else:
        return None
    dates: set[date] = set()
    for month, day in cuts:
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        if weekday is None or _WEEKDAYS[when.weekday()] == weekday.group(1):
            dates.add(when)
    if len(dates) != 1:
        return None
    when = dates.pop()
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
