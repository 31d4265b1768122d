"""Strong: the app's workout history screens and its share text.

App screens print a badge column (`W`, `1`, `D`, `F`), the set (`60 kg × 8`)
and an estimated 1RM column on the right; share text prints `Set 1: ...`,
`W1: ... [Warm-up]` and ends with a `link.strong.app` link.
"""

from __future__ import annotations

import re

from ingest.layouts.generic import Options, parse_with
from schema.models import OcrPage, SessionDraft

OPTIONS = Options(layout="strong", one_rm_column=True)

_LINK = re.compile(r"strong\.app|link\.strong", re.IGNORECASE)
_ONE_RM = re.compile(r"\b[1lI]\s?RM\b")
_NAV = re.compile(r"\bExercises\b.*\bMeasure\b|\bHistory\b.*\bWorkout\b", re.IGNORECASE)
# Strong's dates end in `at 10:45 AM` (US) or `at 07:32` (24 h); Hevy writes `at 7:32pm`.
_DATE_TIME = re.compile(r"\bat\s+\d{1,2}:\d{2}(\s?[AP]M\b|\s*$)")
_TAGS = re.compile(r"\[(Warm-up|Failure|Drop)\]|^W\d*:", re.IGNORECASE)
_PRS = re.compile(r"\d+\s*PRs\b")


def parse(page: OcrPage) -> SessionDraft:
    """Parse a Strong app screen or Strong share text."""
    return parse_with(page, OPTIONS)


def score(page: OcrPage) -> float:
    """0..1: how much the page looks like Strong (link, 1RM column, nav labels, date form)."""
    text = page.text
    lines = [line.text for line in page.lines]
    points = 0.0
    if _LINK.search(text):
        points += 0.9
    if _ONE_RM.search(text):
        points += 0.4
    if _NAV.search(text):
        points += 0.3
    if any(_DATE_TIME.search(line) for line in lines):
        points += 0.3
    if any(_TAGS.search(line.strip()) for line in lines):
        points += 0.15
    if _PRS.search(text):
        points += 0.15
    return min(1.0, points)
