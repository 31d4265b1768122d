"""Shared helpers for layout parsers: OCR-noise cleanup, numbers, units, sets and dates.

Its public names are `__all__` (the Fleek and Notes parsers import them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ingest.read.repairs import fix_lost_decimals
from ingest.read.set_text import fix_digits, normalize_set_text
from schema.models import OcrLine, OcrPage, OcrWord, Unit

__all__ = [
    "SetBody",
    "clean_text",
    "fix_digits",
    "fix_lost_decimals",
    "normalize_set_text",
    "parse_date",
    "parse_duration",
    "parse_set_body",
    "visual_rows",
]


def visual_rows(page: OcrPage) -> list[OcrLine]:
    """All words regrouped into visual rows (by vertical overlap), top to bottom.

    Tesseract may split one screen row into several lines (columns as separate
    blocks) or order blocks oddly; parsers want what a person sees.
    """
    words = sorted((w for line in page.lines for w in line.words), key=lambda w: (w.top, w.left))
    rows: list[list[OcrWord]] = []
    spans: list[tuple[int, int]] = []  # each row's top and bottom, kept as words join it
    for word in words:
        centre = word.top + word.height / 2
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = spans[i]
            if top <= centre <= bottom or (word.height == 0 and word.top == rows[i][0].top):
                rows[i].append(word)
                spans[i] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            rows.append([word])
            spans.append((word.top, word.bottom))
    return [OcrLine(words=tuple(sorted(r, key=lambda w: w.left))) for r in rows]


_DEBRIS_EDGE = re.compile(r"^[\s|_~`'\".,;:!¦»«©®*•·—–-]+|[\s|_~`'\".,;:!¦»«©®*•·—–-]+$")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Strip OCR debris around a text (stray bars, quotes, dots) and collapse spaces.

    Parentheses get their normal spacing back (`Press(Barbell )` -> `Press (Barbell)`).
    """
    text = _SPACES.sub(" ", text).strip()
    text = re.sub(r"\s*\(\s*", " (", text)
    text = re.sub(r"\s*\)", ")", text)
    text = text.replace("( ", "(").strip()
    prev = None
    while prev != text:
        prev = text
        text = _DEBRIS_EDGE.sub("", text).strip()
        if text.endswith(")") and text.count("(") < text.count(")"):
            text = text[:-1]
        if text.startswith("(") and text.count("(") > text.count(")"):
            text = text[1:]
    return text


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_MIN_SEC = re.compile(
    r"^(?:(?P<h>\d+)\s*h(?:r|rs)?\s*)?(?:(?P<m>\d+)\s*m(?:in|ins)?\s*)?(?:(?P<s>\d+)\s*s(?:ec)?)?$"
)


def parse_duration(text: str) -> int | None:
    """Seconds from `28:30` (m:ss), `1:02:05` (h:mm:ss), `1min 53s`, `45s`, `2min`; else None."""
    text = text.strip().lower()
    m = _CLOCK.match(text)
    if m:
        a, b, c = int(m.group(1)), int(m.group(2)), m.group(3)
        if b >= 60 or (c is not None and int(c) >= 60):
            return None
        return a * 3600 + b * 60 + int(c) if c is not None else a * 60 + b
    m = _MIN_SEC.match(text)
    if m and any(m.group(k) for k in ("h", "m", "s")):
        h, mi, s = (int(m.group(k) or 0) for k in ("h", "m", "s"))
        if s >= 60 and (h or mi):
            return None
        return h * 3600 + mi * 60 + s
    return None


@dataclass(frozen=True)
class SetBody:
    """The numbers of one set as read from its text, and what was left over."""

    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    duration_s: int | None = None
    distance: float | None = None
    distance_unit: str | None = None
    rpe: float | None = None
    rest: str = ""


_NUM = r"\d+(?:[.,]\d+)?"
_WEIGHT_REPS = re.compile(
    rf"^(?P<sign>[+-])?\s*(?P<w>{_NUM})\s*(?P<u>kg|lb)\s*x\s*(?P<r>\d{{1,3}})\b"
)
_REPS_WEIGHT = re.compile(
    rf"^(?P<r>\d{{1,3}})\s*reps?\s*x\s*(?P<sign>[+-])?\s*(?P<w>{_NUM})\s*(?P<u>kg|lb)\b"
)
_REPS = re.compile(r"^(?P<r>\d{1,3})\s*reps?\b", re.IGNORECASE)
# The `|` before the time may be read as `1`; glued to the time it is one only when the
# rest still has two minute digits (`5 mi 128:30`), else it is the time's own 1 (`19:45`).
_DISTANCE = re.compile(
    rf"^(?P<d>{_NUM})\s*(?P<du>km|mi|m)\b\s*(?:[|/!Il]\s*|in\s+|1(?:\s+|(?=\d{{2}}:)))?"
    r"(?P<t>\d{1,2}:\d{2}(?::\d{2})?)?"
)
_TIME = re.compile(
    r"^(?P<t>\d{1,2}:\d{2}(?::\d{2})?|(?:\d+\s*h\s*)?(?:\d+\s*min\s*)?(?:\d+\s*s)?)(?=\s|$|@)"
)


def _rpe_value(digits: str) -> float | None:
    """The RPE the digits after `@` stand for (1-10), or None."""
    value = float(digits)
    if value > 10 and re.fullmatch(r"\d5", digits):
        value = value / 10  # `@85`: the decimal point of 8.5 lost
    elif value > 10 and len(digits) > 1 and float(digits[1:]) >= 5:
        value = float(digits[1:])  # `@29`, `@410`: the `@` glyph read as an extra digit
    return value if 1 <= value <= 10 and (2 * value).is_integer() else None


_RPE = re.compile(rf"@\s*(?P<rpe>{_NUM})(?:\s*rpe)?", re.IGNORECASE)


def parse_set_body(text: str) -> SetBody | None:
    """One set's numbers from its text (after any `Set 1:`/badge prefix), or None.

    Forms: `60 kg x 8`, `8 reps x 60 kg`, `+35 lb x 8`, `-20 kg x 8`, `62,5 kg x 13`,
    `12 reps`, `5 km | 28:30`, `8 mi`, `1:30`, `1min 53s`; then optional `@ 8.5` (RPE).
    Whatever follows is returned in `rest` (tags such as `[Failure]`, a 1RM column).
    """
    text = normalize_set_text(text.strip())
    body: SetBody | None = None
    if m := _WEIGHT_REPS.match(text) or _REPS_WEIGHT.match(text):
        weight = float(m.group("w").replace(",", "."))
        unit: Unit = "kg" if m.group("u") == "kg" else "lb"
        body = SetBody(
            reps=int(m.group("r")),
            weight=-weight if m.group("sign") == "-" else weight,
            unit=unit,
        )
    elif m := _REPS.match(text):
        body = SetBody(reps=int(m.group("r")))
    elif (m := _DISTANCE.match(text)) and (m.group("t") or m.end() == len(text)):
        seconds = parse_duration(m.group("t")) if m.group("t") else None
        body = SetBody(
            distance=float(m.group("d").replace(",", ".")),
            distance_unit=m.group("du"),
            duration_s=seconds,
        )
    elif (m := _TIME.match(text)) and m.group("t").strip():
        seconds = parse_duration(m.group("t"))
        if seconds is None:
            return None
        body = SetBody(duration_s=seconds)
    if body is None or m is None:
        return None
    rest = text[m.end() :].strip()
    rpe_match, rpe = _RPE.search(rest), None
    # An RPE no scale has (`@ 101rpe`, `@29`) stays in the rest: text a person looks at.
    if rpe_match and (rpe := _rpe_value(rpe_match.group("rpe").replace(",", "."))):
        rest = (rest[: rpe_match.start()] + rest[rpe_match.end() :]).strip()
    return replace(body, rpe=rpe, rest=rest)


_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9})\.?"
# The space before the year may be lost (`Sep 212024`): only a 19xx/20xx year is read so.
_US_DATE = re.compile(
    rf"{_MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[,.)]?(?:\s+|(?=(?:19|20)\d\d\b))(?P<y>\d{{4}})"
)
_EU_DATE = re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH_WORD},?\s+(?P<y>\d{{4}})")
# `202 1-02-08`: OCR may split the year's last digit off with a space.
# `2025年3月12日` (Japanese), `2025년 3월 12일` (Korean).
_CJK_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s?[年년]\s?(?P<m>\d{1,2})\s?[月월]\s?(?P<d>\d{1,2})\s?[日일]"
)
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d\s?\d)\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<d>\d{1,2})")


MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, 1)}


def _month(word: str) -> int | None:
    word = word.lower()
    month = MONTHS.get(word[:3])
    if month is None:
        return None
    # `Mar` or `March`, but not `Marathon`: a full word must be the month's name.
    full = MONTH_NAMES[month - 1]
    return month if len(word) <= 4 or full.startswith(word) else None


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1990 <= y <= 2100 else None
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first date in `text`, in any supported form, else None.

    Forms: `Monday, July 19, 2021 at 10:45 AM`, `Tuesday, Feb 7, 2026 at 7:32pm`,
    `Wednesday 13 August 2025 at 07:32`, `Sat, 7 Feb 2026`, `2026-02-07`, `2026.02.07`,
    `2025年3月12日`.
    """
    text = fix_digits(text)
    for pattern in (_US_DATE, _EU_DATE):
        for m in pattern.finditer(text):
            month = _month(m.group("mon"))
            if month:
                found = _make_date(int(m.group("y")), month, int(m.group("d")))
                if found:
                    return found
    for m in [*_CJK_DATE.finditer(text), *_ISO_DATE.finditer(text)]:
        year = int(m.group("y").replace(" ", ""))
        found = _make_date(year, int(m.group("m")), int(m.group("d")))
        if found:
            return found
    return None
