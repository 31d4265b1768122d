"""Hevy: the app's workout screens and its share text.

App screens have a Duration / Volume / Sets summary and, per exercise, a
`SET  WEIGHT & REPS` table whose first column holds the set number or a
`W`/`D`/`F` badge; share text prints `Set 1: 60 kg x 10`, `Warm-up Set: ...`
and ends with `@hevyapp` and a hevy.com link.
"""

from __future__ import annotations

import re

from ingest.read.common import visual_rows
from ingest.read.date_repairs import fill_missing_date
from ingest.read.findings import conclude
from ingest.read.generic import Options, parse_with
from ingest.read.structure import header_of, roles
from schema.models import OcrPage, SessionDraft

OPTIONS = Options(layout="hevy")

_LINK = re.compile(r"@\s?hevyapp|hevy\.com", re.IGNORECASE)
# The set table's header: `SET WEIGHT & REPS` (older app), `SET KG REPS`, `SET PREVIOUS KG
# REPS` (in a workout); upper case, weight before reps (`SET REPS WEIGHT` is another app's).
_TABLE_HEADER = re.compile(
    r"WEIGHT\s*&\s*REPS|^SET\s+(?:PREVIOUS\s+)?(?:[+-]?(?:KG|LBS)\s+)?(?:REPS|TIME|KM|MI)\b"
    r"(?!\s+(?:WEIGHT|KG|LBS)\b)",
    re.MULTILINE,
)
_SUMMARY = re.compile(r"(?:Duration|Time)\s+Volume", re.IGNORECASE)
_DATE_TIME = re.compile(r"\bat\s+\d{1,2}:\d{2}\s?[ap]m\b")
_TYPED = re.compile(r"^(Warm-up|Drop|Failure) Set:", re.IGNORECASE)
_NAV = re.compile(r"^Home\s+Workout\s+Profile$", re.IGNORECASE)
# The in-workout screen's title bar and its per-table button.
_LOGGING = re.compile(r"\bLog\s+Workout\b|\bAdd\s+Set\b", re.IGNORECASE)


def _previous_table(page: OcrPage) -> bool:
    """Whether a set table on the page has a `PREVIOUS` column (its header read through
    OCR's garbles): the in-workout screen."""
    lines = visual_rows(page)
    return any(
        role == "header"
        and (header := header_of(line)) is not None
        and any(c.role == "previous" for c in header.columns)
        for line, role in zip(lines, roles(lines, page.width), strict=True)
    )


def parse(page: OcrPage) -> SessionDraft:
    """Parse a Hevy app screen or Hevy share text."""
    draft = parse_with(page, OPTIONS)
    # Hevy prints the date on every workout: without it (or with a guessed one) the
    # parse needs a look.
    fill_missing_date(draft, [ln.text for ln in page.lines])
    return conclude(draft, page)


def score(page: OcrPage) -> float:
    """0..1: how much the page looks like Hevy (link, table header, summary, date form)."""
    text = page.text
    lines = [line.text.strip() for line in page.lines]
    points = 0.0
    if _LINK.search(text):
        points += 0.9
    if _TABLE_HEADER.search(text) or _previous_table(page):
        points += 0.5
    if _LOGGING.search(text):
        points += 0.35
    if _SUMMARY.search(text):
        points += 0.3
    if any(_DATE_TIME.search(line) for line in lines):
        points += 0.3
    if any(_TYPED.match(line) for line in lines):
        points += 0.15
    if any(_NAV.match(line) for line in lines):
        points += 0.15
    return min(1.0, points)
