"""Repairs of shorthand note lines (`Squat 3x5 100kg`) whose set spec OCR broke.

Two misreadings leave a line that the notes grammar cannot read at all:

* the `x` of `SETSxREPS` lost: `Face pulls 2x3 30 kg` read `Face pulls 23 30 kg`,
  `Side plank 1x30s` read `Side plank 130s`. The word's box still holds the
  lost letter: it is a character wider than its digits, so the box width
  (against the page's other digit words) tells a lost `x` from a real number.
* the space between reps and weight lost: `OHP 5 x 12 10 kg` read
  `OHP 5 x 1210 kg`, `Cable fly 1x6 7.5 kg` read `Cable fly 1x67.5 kg`. Where to
  split is taken from the note's other lines (their reps and weights).

And one breakage of the date line: a letter of the month's name misread
(`Sunday, Apnil 21, 2024` for April), respelled when one month is that near
(a day misread is `ingest.read.date_repairs`);
and two of single words: an `L` read as `l.`/`I.` (`RDI.` for RDL), a ghost `S`
before a weight (`S50kg`).

Both are guesses: the parser warns so the parse is reviewed.
"""

from __future__ import annotations

import math
import re
from statistics import median

from rapidfuzz.distance import Levenshtein

from ingest.read.common import MONTH_NAMES
from schema.models import OcrLine

# A word of digits with an optional `x` inside, measured for the page's digit width.
_DIGIT_WORD = re.compile(r"^\d+(?:[xX×]\d+)?$")
# The spec word after the name: digits (2-4 of them, the `x` lost), maybe seconds.
_CROSSLESS = re.compile(r"^(?P<digits>\d{2,4})(?P<sec>s|secs?)?$")
# `5 x 1210 kg`, `1x67.5 kg`: sets, `x`, then reps and weight as one number.
_GLUED = re.compile(
    r"^(?P<head>.*?\b\d{1,2}\s*[xX×]\s*)(?P<num>\d{2,5}(?:[.,]\d)?)(?P<unit>\s*(?:kg|lb)s?)$",
    re.IGNORECASE,
)


def digit_width(rows: list[OcrLine]) -> float | None:
    """The page's width of one digit in pixels (median over confident digit words)."""
    widths = [
        w.width / len(w.text)
        for row in rows
        for w in row.words
        if w.conf >= 80 and w.width > 0 and _DIGIT_WORD.match(w.text)
    ]
    return median(widths) if len(widths) >= 2 else None


def restore_lost_cross(row: OcrLine, width: float | None) -> tuple[str, str] | None:
    """`Face pulls 23 30 kg` -> `Face pulls 2x3 30 kg` when `23` is too wide for two digits.

    The first word of digits after the name gets its `x` back after the set
    count (one digit, two when one would leave a leading zero: `1010` is 10x10).
    Returns the repaired text and the word it changed, or None.
    """
    words = list(row.words)
    for i, word in enumerate(words):
        if i == 0 or not re.search(r"[A-Za-z]{2}", words[i - 1].text):
            continue
        m = _CROSSLESS.match(word.text)
        if not m:
            continue
        digits = m.group("digits")
        extra = len(word.text) + (0.6 if m.group("sec") else 0.5)
        if width is not None and word.width < width * extra:
            return None  # as wide as its own characters: nothing was lost
        for cut in (1, 2):
            sets, reps = digits[:cut], digits[cut:]
            if reps and not reps.startswith("0") and 1 <= int(sets) <= 20:
                fixed = f"{sets}x{reps}{m.group('sec') or ''}"
                texts = [w.text for w in words]
                texts[i] = fixed
                return " ".join(texts), word.text
        return None
    return None


def split_glued_reps(
    text: str, reps_seen: list[int], weights_seen: list[float]
) -> tuple[str, str] | None:
    """`OHP 5 x 1210 kg` -> `OHP 5 x 12 10 kg`: reps and weight read as one number.

    Every split into reps (1-2 digits) and a weight (no leading zero, over 0)
    is a candidate; with several, the one nearest the note's other reps and
    weights wins, or their reps alone when no other line has a weight (`Calf
    raises 4x 815 kg` beside `Dips 3x10`: 8 reps, not 81); none known: no guess.
    Returns the repaired text and the glued number, or None.
    """
    m = _GLUED.match(text.strip())
    if not m:
        return None
    number = m.group("num")
    candidates: list[tuple[int, str]] = []
    for cut in (1, 2):
        reps, weight = number[:cut], number[cut:]
        if reps.startswith("0") or not weight or weight[0] in "0.,":
            continue
        if float(weight.replace(",", ".")) > 0:
            candidates.append((int(reps), weight))
    if not candidates:
        return None
    if len(candidates) > 1:
        if not reps_seen:
            return None
        typical_reps = median(reps_seen)
        typical_weight = median(weights_seen) if weights_seen else None
        candidates.sort(
            key=lambda c: (
                abs(math.log(c[0] / typical_reps))
                + (
                    abs(math.log(float(c[1].replace(",", ".")) / typical_weight))
                    if typical_weight
                    else 0.0
                )
            )
        )
    reps, weight = candidates[0]
    return f"{m.group('head')}{reps} {weight}{m.group('unit')}", number


# A word of 4+ letters beside a number: where a misread month name stands (`Apnil 21`).
_WORD_BY_NUMBER = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,9}(?=\.?,?\s+\d)|(?<=\d\s)[A-Za-z]{4,9}\b")


def respell_month(text: str) -> tuple[str, str] | None:
    """`Sunday, Apnil 21, 2024` -> `Sunday, April 21, 2024`: one letter of a month misread.

    A word of four or more letters next to a number that is one edit from
    exactly one full month name (and is no month name itself) is taken for
    it. Returns the respelled text and the word as read, or None.
    """
    for m in _WORD_BY_NUMBER.finditer(text):
        word = m.group(0)
        if word.lower() in MONTH_NAMES:
            return None
        near = [n.capitalize() for n in MONTH_NAMES if Levenshtein.distance(word.lower(), n) == 1]
        if len(near) == 1:
            return f"{text[: m.start()]}{near[0]}{text[m.end() :]}", word
    return None


# The foot of an `L` read as a dot: `l.eg` for `Leg`, `RDI.` for `RDL`.
_L_AS_LETTER_AND_DOT = re.compile(r"\b[lI]\.(?=[a-z])|(?<=\b[A-Z]{2})I\.(?=\s|$)")


def foot_of_l(name: str) -> str:
    """`l.eg extension`, `RDI. 3x10`: an `L` read as `l`/`I` and a dot (its foot).

    A dot never sits inside a word nor ends an all-capitals abbreviation of a
    name, so `l.`/`I.` there is the `L` whose foot OCR split off."""
    return _L_AS_LETTER_AND_DOT.sub("L", name)


# `S50kg`: an `S` before a weight, read as a 5 unless that gives more than a person lifts.
_S_WEIGHT = re.compile(r"(?<![A-Za-z\d.,])S(?P<w>\d+(?:[.,]\d+)?)(?=\s?(?P<unit>kg|lb)s?\b)")
_MOST = {"kg": 500.0, "lb": 1100.0}


def drop_ghost_s(tail: str) -> str:
    """`Leg extension 1x10 @ S50kg`: a ghost `S` before 50 kg, not 550 kg.

    The set grammar reads an `S` before a number as a 5 (`S5kg`, `SOlb`); when
    that reading passes the heaviest a person lifts, the `S` is a speck read
    as a letter and goes. A guess: the parser flags the line for review."""

    def read(m: re.Match[str]) -> str:
        as_five = float("5" + m.group("w").replace(",", "."))
        return m.group("w") if as_five > _MOST[m.group("unit")] else m.group(0)

    return _S_WEIGHT.sub(read, tail)
