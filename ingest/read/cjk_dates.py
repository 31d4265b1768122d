"""Japanese and Korean dates (`2024年2月3日`) whose digits OCR was unsure of or garbled.

A date printed with its 年/月/日 units is a date row even when its digits read as no
date (`2929年1月24日`): the row is doubted, never read as a title or a set. Digits read
unsure are a doubt too: a date is never silently taken as right.
"""

from __future__ import annotations

import re

from ingest.read.findings import finding
from schema.models import Finding, OcrLine

_UNITS = re.compile(r"[年년].*[月월]|[月월].*[日일]")
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
