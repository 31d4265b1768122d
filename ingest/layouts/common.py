"""Shared helpers for layout parsers: OCR-noise cleanup, numbers, units, sets and dates.

Stable public names (the Fleek and Notes parsers import them):

* `visual_rows(page)` - the page's words regrouped into visual rows, top to bottom.
* `clean_text(text)` - strip OCR debris (stray punctuation, odd spacing).
* `split_glued_letter(text)` - `UpperA` -> `Upper A` (titles).
* `fix_digits(text)` - `O`/`o` -> `0`, `l`/`I`/`|` -> `1` inside number tokens.
* `normalize_set_text(text)` - canonical spelling of a set line (`x`, `kg`, `lb`, spaces).
* `parse_number(text)` - `62.5`, `62,5` -> 62.5; None if not a number.
* `parse_unit(text)` - `kg`/`lb` (with OCR variants `|b`, `Ib`, `kq`...) or None.
* `parse_duration(text)` - `28:30`, `1:02:05`, `1min 53s`, `45s` -> seconds.
* `parse_set_body(text)` - one set's numbers (`60 kg x 8 @ 8.5`, `12 reps`, `5 km | 28:30`).
* `parse_weight_reps(text)` - `(weight, unit, reps)` from `60 kg x 8`, or None.
* `parse_date(text)` - the first date in any supported form, or None.
* `fix_lost_decimals(sets)` - repair `625 kg` read for `62.5 kg` using the other sets.
* `fix_unit_outliers(sets)` - one set in `lb` among `kg` sets (or back) takes the others' unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.layouts.repairs import fix_lost_decimals, fix_unit_outliers
from schema.models import OcrLine, OcrPage, OcrWord, Unit

__all__ = [
    "SetBody",
    "clean_text",
    "fix_digits",
    "fix_lost_decimals",
    "fix_unit_outliers",
    "normalize_set_text",
    "parse_date",
    "parse_duration",
    "parse_number",
    "parse_set_body",
    "parse_unit",
    "parse_weight_reps",
    "split_glued_letter",
    "visual_rows",
]

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def visual_rows(page: OcrPage) -> list[OcrLine]:
    """All words regrouped into visual rows (by vertical overlap), top to bottom.

    Tesseract may split one screen row into several lines (columns as separate
    blocks) or order blocks oddly; parsers want what a person sees.
    """
    words = sorted((w for line in page.lines for w in line.words), key=lambda w: (w.top, w.left))
    rows: list[list[OcrWord]] = []
    for word in words:
        centre = word.top + word.height / 2
        placed = False
        for row in reversed(rows[-3:]):
            top = min(w.top for w in row)
            bottom = max(w.bottom for w in row)
            if top <= centre <= bottom or (word.height == 0 and word.top == row[0].top):
                row.append(word)
                placed = True
                break
        if not placed:
            rows.append([word])
    return [OcrLine(words=tuple(sorted(r, key=lambda w: w.left))) for r in rows]


_DEBRIS_EDGE = re.compile(r"^[\s|_~`'\".,;:!¦»«©®*•·—–-]+|[\s|_~`'\".,;:!¦»«©®*•·—–-]+$")
_SPACES = re.compile(r"\s+")


def split_glued_letter(text: str) -> str:
    """`UpperA` -> `Upper A`: OCR glues a one-letter last word (`Full Body A`) to the one before."""
    return re.sub(r"(?<=[a-z])(?=[A-Z]$)", " ", text)


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


_NUMBERISH = re.compile(r"(?<![A-Za-z])[0-9OoIl|]*[0-9][0-9OoIl|]*(?:[.,][0-9OoIl|]+)?(?![A-Za-z])")


def fix_digits(text: str) -> str:
    """Inside tokens that hold a digit, read `O`/`o` as 0 and `l`/`I`/`|` as 1."""
    table = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
    return _NUMBERISH.sub(lambda m: m.group(0).translate(table), text)


_LB = r"(?:lbs?|[|lI!(][|lI]?[bDp][bs]?s?|\|[lI][bD]s?|IDp?|1b|[lI|]o(?=\s*[xX×]))"
_KG = r"(?:kgs?|kqg|kgg|kq|kd|k9|Kg|KG|kG)"
_UNIT_AFTER_NUMBER = re.compile(
    rf"(?<=[\d.,])(?:\s+1(?=[lI|]b))?\s*(?:(?P<kg>{_KG})|(?P<lb>{_LB}))(?=[\s×xX*@\[(|]|$)"
)
# With no unit left in a line, `lb` read as digits (`185 10 x 8`, `18510 × 8`) is the best
# reading: the weight cannot stand without its unit.
_LB_AS_DIGITS = re.compile(r"(?<=\d)\s?[1lI|][0oObD6][0oObD6]?(?=\s*[xX×])")
_KG_AS_DIGITS = re.compile(r"(?<=\d)\s[kK1l][9gq](?=\s*[xX×])")
_CROSS = re.compile(r"(?<=[\dgb])\s*(?:[×xX*%]{1,3})(?=\s*[\dOoIl|]\b|\s*\d)")
_MIN_AS_DIGITS = re.compile(r"\b(\d{1,2})[01]{3}0(?=\s+\d{1,2}\s?s\b)")
_MINUTES = re.compile(r"(?<![A-Za-z])(\d?)[lI|i]min\b")


def normalize_set_text(text: str) -> str:
    """Canonical spelling of a set line: ` kg `/` lb `, ` x ` for ×, one space between tokens."""
    text = text.replace("×", " x ").replace("}", "").replace("{", "").replace("\\", "")
    text = re.sub(r"(?<=[xX×])(\s*\d)[lI|](\d)\b", r"\1\2", text)  # reps `1l1` are 11, not 111
    # `AO lb` / `SOlb`: 40 and 50 with their first digit read as a letter.
    text = re.sub(
        r"(?<![A-Za-z\d])([AS])([O0o\d]+(?:[.,]\d)?)(?=\s?(?:kg|lb|[|lI][bD])\b)",
        lambda m: (
            ("4" if m.group(1) == "A" else "5") + m.group(2).replace("O", "0").replace("o", "0")
        ),
        text,
    )
    # The `|` between distance and time, before a `|` next to digits is read as a 1.
    text = re.sub(r"(?<=km|mi)\s*[\]\[|!]+\s*(?=\d)", " | ", text)
    text = fix_digits(text)
    text = _MINUTES.sub(lambda m: (m.group(1) or "1") + "min", text)  # `1lmin`, `Imin`
    text = _MIN_AS_DIGITS.sub(r"\1min", text)  # `11010 35s`: `min` read as `1010`
    text = re.sub(r"(?<=\d)S$", "s", text)  # `55S`
    text = re.sub(r"(?<=\d)'(?=\d\d\b)", ":", text)  # `1'25` -> `1:25`
    text = re.sub(r"(?<![\w.])[Oo](?=\d{1,2}\s?reps\b)", "", text)  # `O6reps`: a ghost O
    text = re.sub(r"(?<=\d)/(?=\d\s?(?:kg|lb|[|lI]b)\b)", "7", text)  # `2/5 Ib`: a 7 read as /
    # Weights step by 2.5, so `92,kg` is 92.5 whose 5 was lost after the decimal mark.
    text = re.sub(r"(?<=\d)[,.](?=\s?(?:kg|lb)\b)", ".5", text)
    text = re.sub(r"(?<=\s)[=~_]+(?=\s|\d)", " ", text)  # `1 = 1mi|`: stray marks between columns
    text = re.sub(r"(?<=\d)[,.]{2,}", ".", text)  # `107,,kg`
    text = re.sub(r"(?<=\d\d) [5S](?=\s?(?:kg|lb)\b)", ".5", text)  # `52 5kg`: lost point
    text = re.sub(r"(?<![\w.])S(?=\d{1,2}\s?reps\b)", "", text)  # `S5reps`
    text = re.sub(r"(?<![\w.])i(?=\d)", "", text)  # `i1min50s`
    text = re.sub(r"(?<=\dmin)(?=\d)", " ", text)  # `1min50s`
    text = re.sub(r"(?<=[xX×])\s*T(?=\d)", " ", text)  # `xT1`: a ghost T before the reps
    text = re.sub(r"(?<=\d)\s?[|lI]bex(?=\s*\d)", " lb x", text)  # `55 Ibex 12`
    text = re.sub(r"(?<=\d):(?=5\s?(?:kg|lb)\b)", ".", text)  # `22:5 kg`
    # Apps print `62.5` or `62`, never `62.0`: a `.0` before the unit is a misread `.5`.
    text = re.sub(r"(?<=\d)\.0(?=\s?(?:kg|lb)\b)", ".5", text)
    text = re.sub(r"(?<=kg|lb)\s+[Kk](?=\s+\d)", " x", text)  # `62.5 kg K 15`
    text = re.sub(r"\s*[\]\[]\s*\|", " |", text)  # `10mi]| 10:06`
    text = re.sub(r"(?<=\d)[lI|](?=\s?(?:reps?|kg|min)\b)", "1", text)  # `1lreps`
    text = re.sub(r"(?<=\d)[iIl|](?=mi\b|mi[lI|!])", "", text)  # `1imi|`
    text = re.sub(r"(?<![\d.,])(?:\+4|4)\+(?=\d)", "+", text)  # `4+17.5`, `+4+15`: a bold `+`
    text = re.sub(r"(?<=\d)\s*[⑥©®](?=\s*\d)", " @ ", text)  # `x 1 ⑥ 7.5`: `@` misread
    text = re.sub(r"(?<=[xX×])\s*[/\\|](?=\s*\d)", " ", text)  # `x/7`
    text = re.sub(r"(?<![A-Za-z\d])A(?=\d{1,2}\s?reps\b)", "", text)  # `A4reps`: a ghost
    text = re.sub(r"(?<![A-Za-z\d])A(?=\d(?:[.,]\d)?\s?(?:kg|lb)\b|\s?reps\b)", "4", text)  # `A5kg`
    text = re.sub(r"(?<=\d)[,.](?=\s?reps\b)", "", text)  # `3,reps`
    text = re.sub(r"(?<![\w)])\((?=\d)", "1", text)  # `(15kg`: a 1 read as `(`
    text = re.sub(  # `5 mil 28:30`, `Imil 5:15`: the `|` glued to `mi`
        r"(?<![A-Za-z])([lI|]?)mi[lI|!](?=\s|$)",
        lambda m: ("1 " if m.group(1) else "") + "mi |",
        text,
    )
    text = re.sub(r"(?<![\w.,])[lI|](?=\s?(?:mi|km)\b)", "1", text)  # `I mi`
    text = re.sub(r"(?<=\d)[°º](?=\d\s?(?:kg|lb)\b)", ".", text)  # `122°5kg` -> `122.5kg`
    text = re.sub(r"(?<=\d)[°º](?=\d\d\b)", ":", text)  # `2°20` -> `2:20`
    text = re.sub(r"(?<=mi|km)\](?=\s)", " |", text)  # `2.5 mi] 49:15`
    text = re.sub(r"(?<=[xX×])\s*[^\w\s.,@+\-]\s*(?=\d)", " ", text)  # `x¥5`: a ghost symbol
    text = re.sub(r"@\s*[^\d\s]{0,2}\s*(?=\d)", "@ ", text)  # `@/7`, `@⑥9` -> `@ 7`
    text = _UNIT_AFTER_NUMBER.sub(lambda m: " kg" if m.group("kg") else " lb", text)
    if not re.search(r"\b(kg|lb)\b", text):
        text = _KG_AS_DIGITS.sub(" kg ", text, count=1)
    if not re.search(r"\b(kg|lb)\b", text):
        text = _LB_AS_DIGITS.sub(" lb ", text, count=1)
    text = re.sub(r"(?<=kg|lb)(?=[xX×*])", " ", text)
    text = _CROSS.sub(" x ", text)
    text = re.sub(r"\b[xX]{1,3}\s*(?=\d)", "x ", text)
    text = re.sub(r"(?<=\d)(?=@)|(?<=@)(?=\d)", " ", text)
    text = re.sub(r"(?<=\d)(rpe)\b", r" \1", text, flags=re.IGNORECASE)
    text = fix_digits(_SPACES.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def parse_number(text: str) -> float | None:
    """A decimal number with `.` or `,` as the decimal mark (`62,5` -> 62.5), else None."""
    text = fix_digits(text.strip())
    if not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", text):
        return None
    return float(text.replace(",", "."))


def parse_unit(text: str) -> Unit | None:
    """`kg` or `lb` from a unit token as OCR may spell it (`Ib`, `|b`, `1bs`, `kq`), else None."""
    token = text.strip()
    if re.fullmatch(_KG, token):
        return "kg"
    if re.fullmatch(_LB, token):
        return "lb"
    return None


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
_REPS = re.compile(r"^(?P<r>\d{1,3})\s*reps?\b", re.IGNORECASE)
_DISTANCE = re.compile(
    rf"^(?P<d>{_NUM})\s*(?P<du>km|mi|m)\b\s*(?:[|/!Il1]\s*)?(?P<t>\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
)
_TIME = re.compile(
    r"^(?P<t>\d{1,2}:\d{2}(?::\d{2})?|(?:\d+\s*h\s*)?(?:\d+\s*min\s*)?(?:\d+\s*s)?)(?=\s|$|@)"
)
_RPE = re.compile(rf"@\s*(?P<rpe>{_NUM})(?:\s*rpe)?", re.IGNORECASE)


def parse_weight_reps(text: str) -> tuple[float, Unit, int] | None:
    """`(weight, unit, reps)` from `60 kg x 8` / `-20 kg × 8` / `135 |b x 3`; None otherwise."""
    m = _WEIGHT_REPS.match(normalize_set_text(text.strip()))
    if not m:
        return None
    weight = float(m.group("w").replace(",", "."))
    unit: Unit = "kg" if m.group("u") == "kg" else "lb"
    return (-weight if m.group("sign") == "-" else weight), unit, int(m.group("r"))


def parse_set_body(text: str) -> SetBody | None:
    """One set's numbers from its text (after any `Set 1:`/badge prefix), or None.

    Forms: `60 kg x 8`, `+35 lb x 8`, `-20 kg x 8`, `62,5 kg x 13`, `12 reps`,
    `5 km | 28:30`, `8 mi`, `1:30`, `1min 53s`; then optional `@ 8.5` (RPE).
    Whatever follows is returned in `rest` (tags such as `[Failure]`, a 1RM column).
    """
    text = normalize_set_text(text.strip())
    body: SetBody | None = None
    m = _WEIGHT_REPS.match(text)
    if m:
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
    rpe_match = _RPE.search(rest)
    rpe = None
    if rpe_match:
        digits = rpe_match.group("rpe").replace(",", ".")
        value = float(digits)
        if value > 10 and re.fullmatch(r"\d5", digits):
            value = value / 10  # `@85`: the decimal point of 8.5 lost
        elif value > 10 and len(digits) > 1:
            value = float(digits[1:])  # `@29`: the `@` glyph read as an extra digit
        if 1 <= value <= 10:
            rpe = value
        rest = (rest[: rpe_match.start()] + rest[rpe_match.end() :]).strip()
    return SetBody(
        body.reps,
        body.weight,
        body.unit,
        body.duration_s,
        body.distance,
        body.distance_unit,
        rpe,
        rest,
    )


_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9})\.?"
_US_DATE = re.compile(rf"{_MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[,.)]?\s+(?P<y>\d{{4}})")
_EU_DATE = re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH_WORD},?\s+(?P<y>\d{{4}})")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<d>\d{1,2})")


_MONTH_NAMES = (
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


def _month(word: str) -> int | None:
    word = word.lower()
    month = MONTHS.get(word[:3])
    if month is None:
        return None
    # `Mar` or `March`, but not `Marathon`: a full word must be the month's name.
    full = _MONTH_NAMES[month - 1]
    return month if len(word) <= 4 or full.startswith(word) else None


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1990 <= y <= 2100 else None
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first date in `text`, in any supported form, else None.

    Forms: `Monday, July 19, 2021 at 10:45 AM`, `Tuesday, Feb 7, 2026 at 7:32pm`,
    `Wednesday 13 August 2025 at 07:32`, `Sat, 7 Feb 2026`, `2026-02-07`, `2026.02.07`.
    """
    text = fix_digits(text)
    for pattern in (_US_DATE, _EU_DATE):
        for m in pattern.finditer(text):
            month = _month(m.group("mon"))
            if month:
                found = _make_date(int(m.group("y")), month, int(m.group("d")))
                if found:
                    return found
    for m in _ISO_DATE.finditer(text):
        found = _make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if found:
            return found
    return None
