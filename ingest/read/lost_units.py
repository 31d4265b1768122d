"""Reps whose unit word OCR damaged, read back by the unit the page's other set rows print.

A Japanese log prints reps with a unit word after them (`13回`). OCR often reads that
kanji as a digit and a bracket (`138]`, `186)`), as a bracket or a letter alone (`13]`,
`7B`) or as one more digit (`178`, `56`), and the row no longer reads as a set. When
the page's other set rows end with the unit, a row that ends with a run of digits has
lost it there: the digits before the damage are the reps. How many digits those are is
told by the room the token takes: the page's clean rows give the width of reps and unit
by their count of digits, and the reading whose width matches the token's is kept. It
is an inference, so it is a guess (a finding), never a silent reading.
"""

from __future__ import annotations

import re
from statistics import median

from ingest.read.rows import Row, parse_set_line
from schema.models import OcrWord, SetDraft

# The unit words that end a set row after its reps.
_UNITS = ("回",)
# Reps, then what is left of the unit: a digit, or a mark drawn like its box (`]`, `)`,
# `B`, `D`, `O`).
_DAMAGED = re.compile(r"^(?P<digits>\d{2,4}|\d(?=[^\d]))(?P<mark>[)\]}|BDO口]?)$")
# How close (in digits' widths) a reading's predicted width must come to the token's.
_FITS = 0.6


def _unit_of(word: OcrWord) -> str | None:
    return next((u for u in _UNITS if word.text.endswith(u)), None)


def page_unit(rows: list[Row]) -> tuple[str, dict[int, float], float] | None:
    """The unit the page's set rows end with; the width `<reps> <unit>` takes on those
    rows, by the reps' count of digits; and a digit's width (from reps of two digits or
    more: a lone digit's box is as narrow as its ink, a `1` far narrower than a `0`)."""
    units: list[str] = []
    spans: dict[int, list[int]] = {}
    digit: list[float] = []
    for row in rows:
        words = row.line.words
        if row.kind != "set" or len(words) < 2 or (unit := _unit_of(words[-1])) is None:
            continue
        units.append(unit)
        reps = words[-2]
        if words[-1].text == unit and reps.text.isdigit():
            spans.setdefault(len(reps.text), []).append(words[-1].right - reps.left)
            if len(reps.text) >= 2:
                digit.append(reps.width / len(reps.text))
    if not units or not spans or not digit:
        return None
    unit = max(set(units), key=units.count)
    return unit, {k: float(median(v)) for k, v in spans.items()}, median(digit)


def _predicted(count: int, spans: dict[int, float], digit: float) -> float:
    """The width of `count` digits and the unit: measured, else from the nearest count."""
    if count in spans:
        return spans[count]
    nearest = min(spans, key=lambda k: abs(k - count))
    return spans[nearest] + (count - nearest) * digit


def reps_before_damaged_unit(rows: list[Row], row: Row) -> tuple[SetDraft, str] | None:
    """The set of an unreadable row whose last token is reps with a damaged unit
    (`2 138]` for `2 13回`), and the guess's sentence; None without the evidence."""
    found = page_unit(rows)
    words = row.line.words
    if found is None or not words or (m := _DAMAGED.match(words[-1].text)) is None:
        return None
    unit, spans, digit = found
    token, digits = words[-1], m.group("digits")
    # Reps keep at least one digit; the unit took the last digit unless a bracket is all
    # that is left of it.
    counts = range(1, len(digits) + (1 if m.group("mark") else 0))
    error = {k: abs(_predicted(k, spans, digit) - token.width) for k in counts}
    best = min(error, key=error.__getitem__)
    others = [e for k, e in error.items() if k != best]
    if error[best] > _FITS * digit or any(e - error[best] < _FITS * digit / 2 for e in others):
        return None
    head = " ".join(w.text for w in words[:-1])
    parsed = parse_set_line(f"{head} {digits[:best]}{unit}".strip())
    if parsed is None or parsed[0].reps is None:
        return None
    the_set = parsed[0].model_copy(update={"raw_line": row.text})
    sentence = f"reps read as {digits[:best]}, the {unit} after them read as {token.text!r}"
    return the_set, f"{sentence}: {row.text!r}"
