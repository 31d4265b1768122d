"""Fleek's rows: what each row of a Fleek session screen is, and how much a page looks
like one (`score`).

A row is a date (`2026.02.07`), the summary (`KCAL`, `EXERCISES`), an exercise's
`MAX Weight` or `Total Reps` line, a row of numeric cells (weights, or reps marked
`x`), a Hangul name, or noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.read.common import parse_date
from ingest.read.fleek_cells import MERGED_CELLS, REPS_CELL, WEIGHT_CELL, digits
from schema.models import OcrLine, OcrPage, OcrWord

HANGUL = re.compile(r"[\uac00-\ud7a3]")
FLEEK_DATE = re.compile(r"(?:19|20)\d{2}\s?[.\-/]\s?\d{1,2}\s?[.\-/]\s?\d{1,2}")
_SUMMARY = re.compile(r"KCAL|EXERCISE|\bsets\b|\breps\b|\d\s*min\b", re.IGNORECASE)
_MAX_LINE = re.compile(r"MAX|Weight|[1lI]RM", re.IGNORECASE)
# `MAX Weight: 60kg`; OCR often reads the `kg` as `18` (`6018`), so only a value
# with its unit, or with that misread unit, is trusted.
MAX_WEIGHT = re.compile(r"Weight\S*\s*(\d+(?:[.,]\d+)?)\s*(kg|k9|kq|18|19)\b", re.IGNORECASE)
TOTAL_REPS = re.compile(r"Total\s*Reps?\W*(\d+)?", re.IGNORECASE)
DURATION = re.compile(r"(\d+)\s*min\b", re.IGNORECASE)
# Stray marks OCR leaves in sparse numeric rows (`~`, `=`, `|`, quotes).
_DEBRIS = re.compile(r"^[^A-Za-z0-9\uac00-\ud7a3]+$")


@dataclass
class Row:
    kind: str  # date, summary, max, total, numbers, reps, name, noise
    line: OcrLine
    cells: list[OcrWord] = field(default_factory=list)


@dataclass
class Block:
    name_row: Row
    rows: list[Row] = field(default_factory=list)


def score(page: OcrPage) -> float:
    """How much `page` looks like a Fleek screen, 0..1."""
    text = page.text
    points = 0.0
    points += 0.25 if re.search(r"KCAL", text, re.IGNORECASE) else 0.0
    points += 0.2 if re.search(r"EXERCISES", text, re.IGNORECASE) else 0.0
    points += 0.2 if re.search(r"MAX\s*Weight|[1lI]RM", text, re.IGNORECASE) else 0.0
    points += 0.15 if TOTAL_REPS.search(text) else 0.0
    points += 0.15 if HANGUL.search(text) else 0.0
    points += 0.1 if FLEEK_DATE.search(text) else 0.0
    reps_rows = sum(1 for line in page.lines if kind_of(line)[0] == "reps")
    points += min(0.2, 0.1 * reps_rows)
    # Set lines of other apps (`Set 1: 60 kg x 8`, `60kg x 8`) argue against Fleek.
    if re.search(r"\bSet\s*\d+\s*:|\d\s*(?:kg|lb)s?\s*[x×]\s*\d", text, re.IGNORECASE):
        points -= 0.3
    return max(0.0, min(1.0, points))


def kind_of(line: OcrLine) -> tuple[str, list[OcrWord]]:
    text = line.text
    words = [w for w in line.words if not _DEBRIS.match(w.text)]
    if not words:
        return "noise", []
    if read_date(text) is not None:
        return "date", []
    if TOTAL_REPS.search(text):
        return "total", []
    # `MAX Weight` stays a MAX line even when OCR turns `| 1RM:` into Hangul.
    if re.search(r"MAX\s*We", text, re.IGNORECASE) or (
        HANGUL.search(text) is None and _MAX_LINE.search(text)
    ):
        return "max", []
    if HANGUL.search(text) is None and _SUMMARY.search(text):
        return "summary", []
    # Only cells with a real digit count: `=o` is a misread name, not the number 0.
    numeric = sum(
        1
        for w in words
        if re.search(r"\d", w.text)
        and (
            WEIGHT_CELL.match(digits(w.text))
            or REPS_CELL.match(digits(w.text))
            or MERGED_CELLS.match(digits(w.text))
        )
    )
    # A set row with one cell misread as letters (`60 60 eo 60`) is still a set row.
    if numeric == len(words) or (
        not HANGUL.search(text) and numeric >= 2 and numeric * 3 >= len(words) * 2
    ):
        marked = sum(1 for w in words if re.search(r"[xX×%*]$", w.text))
        return ("reps" if marked * 2 >= len(words) else "numbers"), words
    if HANGUL.search(text) or re.search(r"[A-Za-z]{2,}", text):
        return "name", words
    return "noise", []


# `2025 1213` for `2025.12.13`: the date with its points lost (a row of nothing else).
_POINTLESS_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s?(\d{2})\s?(\d{2})\s*$")


def read_date(text: str) -> date | None:
    """The session date of a row (`2026.02.07`, also `2025 1213` with the points lost)."""
    if FLEEK_DATE.search(text):
        return parse_date(text)
    if m := _POINTLESS_DATE.match(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def classify(line: OcrLine) -> Row:
    kind, cells = kind_of(line)
    return Row(kind=kind, line=line, cells=cells)
